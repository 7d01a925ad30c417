"""The platform's clock: timezone-naive UTC datetimes stored and compared everywhere."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

# How far the platform's clock runs ahead of the real one: always zero in service; `travel`
# moves it, so that what depends on time passing (sessions that end after a while idle, links
# that expire) can be shown without waiting.
_ahead = timedelta(0)


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None) + _ahead


def today() -> date:
    return utcnow().date()


@contextmanager
def travel(by: timedelta) -> Iterator[None]:
    """Run the platform's clock `by` ahead (cumulatively) inside the block."""
    global _ahead
    before = _ahead
    _ahead = before + by
    try:
        yield
    finally:
        _ahead = before
