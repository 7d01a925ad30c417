"""Template helpers: permission predicates, navigation, formatting and the CSP nonce."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask import Flask, g
from flask_login import current_user

from academy.navigation import navigation_for
from academy.notifications.services import unread_count
from academy.people import permissions as people_permissions

PREDICATE_MODULES = [people_permissions]


def format_date(value: date | datetime | None, with_time: bool = False) -> str:
    if value is None:
        return ""
    if with_time and isinstance(value, datetime):
        return value.strftime("%-d %B %Y at %H:%M")
    return value.strftime("%-d %B %Y")


def format_money(value: Decimal | int | float | None) -> str:
    if value is None:
        return ""
    return f"£{Decimal(value):,.2f}"


def register_template_helpers(app: Flask) -> None:
    for module in PREDICATE_MODULES:
        for name in dir(module):
            if name.startswith(("can_", "is_")) and callable(getattr(module, name)):
                app.jinja_env.globals[name] = getattr(module, name)
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["money"] = format_money

    @app.context_processor
    def shell_context() -> dict:
        unread = unread_count(current_user.id) if current_user.is_authenticated else 0
        return {
            "csp_nonce": getattr(g, "csp_nonce", ""),
            "navigation_items": navigation_for(current_user),
            "unread_notices": unread,
        }
