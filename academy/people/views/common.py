"""What the people pages share: a person's page, with the administrator's forms when allowed."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from academy.people import queries
from academy.people.forms import ChangeJobForm, GrantRoleForm
from academy.people.models import User


def person_page(person: User, *, grant_form: GrantRoleForm | None = None,
                change_form: ChangeJobForm | None = None, title: str | None = None) -> str:
    """A person's details, job history and roles; `title` defaults to their name."""
    return render_template(
        "people/person.html", person=person, history=queries.job_history(person.id),
        grant_form=grant_form, change_form=change_form, title=title or person.name,
        is_self=person.id == current_user.id,
    )
