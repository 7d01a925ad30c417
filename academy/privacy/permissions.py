"""Who may download, ask for erasure of, and decide about a person's data."""

from __future__ import annotations

from academy.people.models import User
from academy.people.permissions import is_admin


def can_download_own_data(user: User) -> bool:
    """Every signed-in person downloads what is held about them."""
    return user.is_authenticated


def can_download_for_person(actor: User, person: User) -> bool:
    """An administrator of the person's organisation (or the partnership) downloads what is held
    about them, on the person's request; never their own this way."""
    return actor.is_authenticated and actor.id != person.id and is_admin(actor, person.employer_id)


def can_list_erasure_requests(actor: User) -> bool:
    return is_admin(actor)


def can_decide_erasure(actor: User, request) -> bool:
    """An administrator of the person's organisation decides; never about their own request."""
    return (actor.is_authenticated and actor.id != request.person_id
            and is_admin(actor, request.person.employer_id))
