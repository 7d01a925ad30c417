"""The header navigation: each entry shows only to people whose roles allow it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import request, url_for

from academy.people import permissions as people_permissions


@dataclass(frozen=True)
class NavItem:
    text: str
    endpoint: str
    allowed: Callable
    prefix: str  # current for every path under this prefix; empty: for its own page only


NAVIGATION: list[NavItem] = [
    NavItem("Home", "home.index", lambda user: True, ""),
    NavItem("People", "people.people_list", people_permissions.can_list_people, "/people"),
    NavItem("Partners", "people.organisations", lambda user: True, "/organisations"),
    NavItem("Audit log", "audit.log", people_permissions.can_view_audit_log, "/admin/audit"),
    NavItem("Scheduler", "audit.scheduler", people_permissions.can_view_scheduler, "/admin/scheduler"),
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
