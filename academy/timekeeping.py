"""The platform's clock: timezone-naive UTC datetimes stored and compared everywhere."""

from datetime import UTC, date, datetime


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    return utcnow().date()
