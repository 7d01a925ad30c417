"""What the apprenticeship pages share: loading an apprentice, the filters' choices, and the
plain number format of the rules (206.5 hours, 12%)."""

from __future__ import annotations

from flask_login import current_user
from wtforms import SelectChoice

from academy.talent.apprenticeships import forms, permissions, queries, rules
from academy.talent.apprenticeships.models import Apprentice
from academy.talent.apprenticeships.views import bp
from academy.web import as_int, load_or_404


def get_apprentice(apprentice_id: int, predicate=permissions.can_view_apprentice) -> Apprentice:
    """An apprentice (404) the current user may act on (403)."""
    return load_or_404(Apprentice, apprentice_id, predicate)


def chosen(field) -> int | None:
    """The id a filter's select holds, or None when it is empty or not one of its choices."""
    return as_int(field.data) if field.data and not field.errors else None


def organisation_choices(empty_label: str | None = None) -> list[SelectChoice]:
    return forms.partner_choices(permissions.coordinator_scopes(current_user), empty_label)


def cohort_choices() -> list[SelectChoice]:
    return [SelectChoice("", "No cohort")] + [
        SelectChoice(str(c.id), c.name + (f" ({c.organisation.short_name})" if c.organisation else ""))
        for c in queries.cohorts_for(current_user)]


@bp.app_template_filter("plain")
def plain_number(value) -> str:
    return rules.plain(value)
