"""The header navigation: each entry shows only to people whose roles allow it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import request, url_for

from academy.courses import permissions as course_permissions
from academy.people import permissions as people_permissions
from academy.talent.apprenticeships import permissions as apprenticeship_permissions
from academy.talent.fellowships import permissions as fellowship_permissions


@dataclass(frozen=True)
class NavItem:
    text: str
    endpoint: str
    allowed: Callable
    prefix: str  # current for every path under this prefix; empty: for its own page only


# Kept short so that the header fits: pages reached from the home page, My learning or the
# footer (your pathway, passport, partners, the audit log and scheduler) are not listed here.
NAVIGATION: list[NavItem] = [
    NavItem("Courses", "courses.catalogue", lambda user: True, "/courses"),
    NavItem("My learning", "courses.my_learning", lambda user: True, "/my-learning"),
    NavItem("Induction", "induction.dashboard", lambda user: True, "/induction"),
    NavItem("Learning needs", "lna.index", lambda user: True, "/lna"),
    NavItem("Mentoring", "mentoring.index", lambda user: True, "/mentoring"),
    NavItem("Career conversations", "conversations.index", lambda user: True, "/conversations"),
    NavItem("Approvals", "courses.approvals", course_permissions.is_approver, "/approvals"),
    NavItem("My sessions", "courses.trainer_sessions", course_permissions.is_trainer, "/trainer"),
    NavItem("Training admin", "courses_admin.courses", course_permissions.can_manage_catalogue, "/manage"),
    NavItem("Apprenticeships", "apprenticeships.index",
            apprenticeship_permissions.can_view_apprenticeships, "/apprenticeships"),
    NavItem("Fellowships", "fellowships.index", fellowship_permissions.is_fellowship_lead,
            "/fellowships"),
    NavItem("People", "people.people_list", people_permissions.can_list_people, "/people"),
]


def navigation_for(user) -> list[dict]:
    """The header's navigation items for this person, marking the current section."""
    if not user.is_authenticated:
        return []
    items = []
    for item in NAVIGATION:
        if item.allowed(user):
            href = url_for(item.endpoint)
            current = request.path.startswith(item.prefix) if item.prefix else request.path == href
            items.append({"text": item.text, "href": href, "current": current})
    return items
