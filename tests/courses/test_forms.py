"""The catalogue's forms: absurd dates are refused on their field, and a service's refusal about
a session's times finds the field that asks for them."""

from __future__ import annotations

from datetime import timedelta

from flask import request
from sqlalchemy import func, select

from academy.courses.forms import CatalogueFilterForm, CloneSessionForm, SessionForm
from academy.courses.models import CourseSession
from academy.extensions import db
from academy.forms import long_date, years_from
from academy.people.roles import Role
from academy.timekeeping import today
from tests import factories
from tests.courses.factories import CourseFactory


def session_fields(day) -> dict:
    return {"starts_on": day.isoformat(), "start_time": "09:30", "end_time": "12:30",
            "capacity": "12"}


def test_a_session_years_ahead_or_in_the_past_is_refused_on_its_date(client, login):
    course = CourseFactory()
    lead = factories.UserFactory(roles=[Role.LEARNING_LEAD])
    db.session.commit()
    login(lead)
    far = years_from(today(), 3) + timedelta(days=1)
    page = client.post(f"/manage/courses/{course.id}/sessions/new", data=session_fields(far))
    assert page.status_code == 200
    limit = long_date(years_from(today(), 3))
    assert f"Date must be no later than {limit} (three years from now)" in page.get_data(as_text=True)
    past = client.post(f"/manage/courses/{course.id}/sessions/new",
                       data=session_fields(today() - timedelta(days=400)))
    assert "Date must be today or later" in past.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(CourseSession)) == 0


def test_the_date_window_errors_sit_on_their_fields(app):
    far = (years_from(today(), 3) + timedelta(days=1)).isoformat()
    with app.test_request_context(method="POST", data={**session_fields(today()), "starts_on": far}):
        form = SessionForm()
        form.site.choices, form.trainers.choices = [("", "No site")], []
        assert not form.validate()
        assert list(form.errors) == ["starts_on"]
        assert form.starts_on.errors[0].startswith("Date must be no later than")
    with app.test_request_context(query_string={"date_from": "1900-01-01"}):
        filters = CatalogueFilterForm(request.args)
        filters.provider.choices = [("", "Any provider")]
        assert not filters.validate()
        assert filters.date_from.errors[0].startswith("Sessions from must be no earlier than")


def test_a_refusal_about_the_session_s_times_finds_the_field_asking_for_them(app):
    with app.test_request_context():
        form = SessionForm()
        assert "ends_at" in form and form["ends_at"] is form.end_time
        assert form["starts_at"] is form.starts_on
        clone = CloneSessionForm()
        assert clone["ends_at"] is clone.starts_on and clone["starts_at"] is clone.starts_on
