"""What the catalogue's pages share: loading courses, sessions and enrolments, the catalogue's
filters, and the organisations a learning lead oversees."""

from __future__ import annotations

from flask import request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from wtforms import SelectChoice

from academy.courses import permissions, queries
from academy.courses.forms import CatalogueFilterForm
from academy.courses.models import Course, CourseSession, Enrolment
from academy.extensions import db
from academy.people.models import Organisation
from academy.web import as_int, load_or_404


def get_course(course_id: int, predicate=None) -> Course:
    return load_or_404(Course, course_id, predicate)


def get_session(session_id: int, predicate=None) -> CourseSession:
    return load_or_404(CourseSession, session_id, predicate,
                       options=[joinedload(CourseSession.course),
                                selectinload(CourseSession.trainers)])


def get_enrolment(enrolment_id: int, predicate=None) -> Enrolment:
    return load_or_404(Enrolment, enrolment_id, predicate,
                       options=[joinedload(Enrolment.user), joinedload(Enrolment.course),
                                joinedload(Enrolment.session)])


def catalogue_form() -> CatalogueFilterForm:
    """The catalogue's search and filters, read from the query string."""
    form = CatalogueFilterForm(request.args)
    form.provider.choices = [SelectChoice("", "Any provider")] + [
        SelectChoice(str(o.id), o.name) for o in queries.providers()]
    return form


def catalogue_filters(form: CatalogueFilterForm) -> queries.CatalogueFilters:
    valid = form.validate()
    dates_ok = valid or not (form.date_from.errors or form.date_to.errors)
    return queries.CatalogueFilters(
        q=(form.q.data or "").strip(),
        category=form.category.data or None,
        pillar=form.pillar.data or None,
        mode=form.mode.data or None,
        provider_id=as_int(form.provider.data),
        date_from=form.date_from.data if dates_ok else None,
        date_to=form.date_to.data if dates_ok else None,
        places_left=bool(form.places_left.data),
        sort=form.sort.data if form.sort.data in queries.SORTS else "title",
    )


def scoped_organisations() -> list[Organisation]:
    """The organisations the signed-in learning lead oversees, by name."""
    scope = permissions.lead_scope(current_user)
    query = select(Organisation).order_by(Organisation.name)
    if scope is not None:
        query = query.where(Organisation.id.in_(scope))
    return db.session.scalars(query).all()
