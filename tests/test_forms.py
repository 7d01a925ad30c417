"""One window per kind of date field: absurd dates are refused, and the message says what is
allowed."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import DateField, Form
from wtforms.validators import DataRequired, Optional

from academy.forms import DateWindow, years_from
from academy.timekeeping import today


class PlanForm(Form):
    starts_on = DateField("Start date", validators=[DataRequired(), DateWindow.start()])
    session_on = DateField("Session date", validators=[Optional(), DateWindow.scheduled()])
    target_on = DateField("Target date", validators=[Optional(), DateWindow.target()])
    completed_on = DateField("Completed on", validators=[Optional(), DateWindow.happened()])
    ends_on = DateField("End date", validators=[Optional(), DateWindow.recorded()])
    born_on = DateField("Date of birth", validators=[Optional(), DateWindow.birth()])
    period_from = DateField("Period from", validators=[Optional(), DateWindow.report()])


def submitted(**days: date) -> PlanForm:
    data = {"starts_on": today().isoformat()}
    data.update({name: day.isoformat() for name, day in days.items()})
    form = PlanForm(MultiDict(data))
    form.validate()
    return form


def long(day: date) -> str:
    return day.strftime("%-d %B %Y")


def test_sensible_dates_pass_every_window():
    now = today()
    form = submitted(starts_on=now - timedelta(days=300), session_on=now + timedelta(days=30),
                     target_on=years_from(now, 2), completed_on=now - timedelta(days=3),
                     ends_on=years_from(now, 2), born_on=years_from(now, -40),
                     period_from=years_from(now, -3))
    assert form.errors == {}


def test_every_absurd_date_is_refused_at_once_each_on_its_field():
    now = today()
    form = submitted(starts_on=date(1900, 1, 1), session_on=now - timedelta(days=1),
                     target_on=now - timedelta(days=1), completed_on=now + timedelta(days=1),
                     ends_on=date(2999, 12, 31), born_on=years_from(now, -10),
                     period_from=date(1066, 10, 14))
    assert form.errors == {
        "starts_on": [f"Start date must be no earlier than {long(years_from(now, -1))} (a year ago)"],
        "session_on": ["Session date must be today or later"],
        "target_on": ["Target date must not be in the past"],
        "completed_on": ["Completed on must not be in the future"],
        "ends_on": [f"End date must be no later than {long(years_from(now, 3))}"],
        "born_on": [f"Date of birth must be no later than {long(years_from(now, -15))}: "
                    "they must be at least 15"],
        "period_from": [f"Period from must be no earlier than {long(years_from(now, -20))}"],
    }


@pytest.mark.parametrize(("window", "inside", "outside"), [
    (DateWindow.start(), lambda d: years_from(d, 3), lambda d: years_from(d, 3) + timedelta(days=1)),
    (DateWindow.start(), lambda d: years_from(d, -1), lambda d: years_from(d, -1) - timedelta(days=1)),
    (DateWindow.scheduled(), lambda d: d, lambda d: d - timedelta(days=1)),
    (DateWindow.target(), lambda d: years_from(d, 10), lambda d: years_from(d, 10) + timedelta(days=1)),
    (DateWindow.happened(), lambda d: d, lambda d: d + timedelta(days=1)),
    (DateWindow.birth(), lambda d: years_from(d, -100), lambda d: years_from(d, -100) - timedelta(days=1)),
])
def test_the_edges_of_a_window_are_inside_it(window, inside, outside):
    class One(Form):
        day = DateField("Day", validators=[Optional(), window])

    now = today()
    assert One(MultiDict({"day": inside(now).isoformat()})).validate()
    assert not One(MultiDict({"day": outside(now).isoformat()})).validate()


def test_a_blank_optional_date_and_a_datetime_are_checked_sensibly():
    window = DateWindow.happened()

    class Field:
        data = datetime.combine(today(), datetime.min.time())

        class label:
            text = "Held at"

    window(None, Field)  # today, at midnight: not in the future
    Field.data = None
    window(None, Field)
    assert window.bounds() == (years_from(today(), -50), today())


def test_29_february_moves_to_28_february_in_other_years():
    assert years_from(date(2028, 2, 29), 1) == date(2029, 2, 28)
    assert years_from(date(2028, 2, 29), 4) == date(2032, 2, 29)
