"""What the fellowship views share: their templates, the lead's check, loading a fellow, and
choosing people by e-mail address or from the coaches."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user
from wtforms import SelectChoice

from academy.errors import DomainError
from academy.extensions import db
from academy.people.models import User
from academy.talent.fellowships import permissions, queries
from academy.talent.fellowships.models import Fellow
from academy.web import as_int, found_or_404, require

TEMPLATES = "talent/fellowships/"


def render(template: str, **context):
    return render_template(TEMPLATES + template, **context)


def require_lead() -> None:
    require(permissions.is_fellowship_lead(current_user))


def load_fellow(fellow_id: int) -> Fellow:
    fellow = found_or_404(queries.fellow(fellow_id))
    require(permissions.can_view_fellow(current_user, fellow))
    return fellow


def person_by_email(form, field_name: str) -> User | None:
    """The person with the e-mail in the field; an error beside it when nobody has it."""
    email = (getattr(form, field_name).data or "").strip()
    if not email:
        return None
    person = queries.person_with_email(email)
    if person is None:
        raise DomainError("Nobody on the Academy has this e-mail address", field=field_name)
    return person


def coach_choices() -> list[SelectChoice]:
    return [SelectChoice("", "No coach yet")] + [
        SelectChoice(str(c.id), c.name) for c in queries.coaches()
    ]


def chosen_coach(form) -> User | None:
    coach_id = as_int(form.coach.data)
    return db.session.get(User, coach_id) if coach_id else None
