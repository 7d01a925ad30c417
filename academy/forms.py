"""What every form shares: the window a date field may fall in, so absurd dates are refused
with a message that says what is allowed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from academy.audit.services import REASON_MAX_LENGTH
from academy.timekeeping import today


def years_from(day: date, years: int) -> date:
    """The same day `years` later (earlier when negative); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def long_date(day: date) -> str:
    return day.strftime("%-d %B %Y")


@dataclass(frozen=True)
class DateWindow:
    """A WTForms validator: the date must fall between `earliest` and `latest`, each a function
    of today, so a form built once still checks against the day it is submitted. A blank field
    passes (pair it with DataRequired or Optional); a datetime is checked by its date.

    Use one of the named windows, one per kind of date field.
    """

    earliest: Callable[[date], date] | None
    latest: Callable[[date], date] | None
    too_early: str
    too_late: str

    def __call__(self, form, field) -> None:
        value = field.data
        if value is None:
            return
        day = value.date() if isinstance(value, datetime) else value
        now = today()
        if self.earliest is not None and day < self.earliest(now):
            raise ValidationError(self.too_early.format(label=field.label.text,
                                                        date=long_date(self.earliest(now))))
        if self.latest is not None and day > self.latest(now):
            raise ValidationError(self.too_late.format(label=field.label.text,
                                                       date=long_date(self.latest(now))))

    def bounds(self) -> tuple[date | None, date | None]:
        """The window as of today: for a page that says what it accepts."""
        now = today()
        return (self.earliest(now) if self.earliest else None,
                self.latest(now) if self.latest else None)

    # -- The named windows --------------------------------------------------------------------

    @classmethod
    def start(cls) -> DateWindow:
        """When something begins (an apprenticeship, a programme, a placement): within a year
        back and three years ahead."""
        return cls(lambda d: years_from(d, -1), lambda d: years_from(d, 3),
                   "{label} must be no earlier than {date} (a year ago)",
                   "{label} must be no later than {date} (three years from now)")

    @classmethod
    def scheduled(cls) -> DateWindow:
        """A date being planned (a session, a meeting, a deadline): from today up to three
        years ahead."""
        return cls(lambda d: d, lambda d: years_from(d, 3),
                   "{label} must be today or later",
                   "{label} must be no later than {date} (three years from now)")

    @classmethod
    def target(cls) -> DateWindow:
        """A date aimed for: not in the past, within ten years."""
        return cls(lambda d: d, lambda d: years_from(d, 10),
                   "{label} must not be in the past",
                   "{label} must be no later than {date} (ten years from now)")

    @classmethod
    def happened(cls) -> DateWindow:
        """A date something already happened (completed, achieved, held): not in the future and
        within the last fifty years."""
        return cls(lambda d: years_from(d, -50), lambda d: d,
                   "{label} must be no earlier than {date}",
                   "{label} must not be in the future")

    @classmethod
    def recorded(cls) -> DateWindow:
        """A date in a working record (an end date, a review, an amended record): within ten
        years back and three years ahead."""
        return cls(lambda d: years_from(d, -10), lambda d: years_from(d, 3),
                   "{label} must be no earlier than {date}",
                   "{label} must be no later than {date}")

    @classmethod
    def birth(cls) -> DateWindow:
        """A date of birth of someone of working age: 15 to 100 years ago."""
        return cls(lambda d: years_from(d, -100), lambda d: years_from(d, -15),
                   "{label} must be no earlier than {date}",
                   "{label} must be no later than {date}: they must be at least 15")

    @classmethod
    def report(cls) -> DateWindow:
        """A period or filter of a report or list: within twenty years back and five ahead."""
        return cls(lambda d: years_from(d, -20), lambda d: years_from(d, 5),
                   "{label} must be no earlier than {date}",
                   "{label} must be no later than {date}")


def reason_field(label: str = "Why is this being corrected?") -> TextAreaField:
    """The reason every correction of a record asks for: required, kept with the audit entry
    and shown on the person's record."""
    return TextAreaField(label, validators=[
        DataRequired("Enter the reason for the correction"),
        Length(max=REASON_MAX_LENGTH, message=f"Keep the reason to {REASON_MAX_LENGTH} characters"),
    ])
