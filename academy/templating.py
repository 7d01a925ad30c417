"""Template helpers: permission predicates, navigation, formatting and the CSP nonce."""

from __future__ import annotations

import secrets
from collections import ChainMap
from collections.abc import KeysView
from datetime import date, datetime
from decimal import Decimal

from flask import Flask, g
from flask.templating import Environment
from flask_login import current_user

from academy.courses import permissions as course_permissions
from academy.induction import permissions as induction_permissions
from academy.lna import permissions as lna_permissions
from academy.mentoring import permissions as mentoring_permissions
from academy.navigation import navigation_for
from academy.notifications.services import unread_count
from academy.people import permissions as people_permissions
from academy.privacy import permissions as privacy_permissions
from academy.talent.apprenticeships import permissions as apprenticeship_permissions
from academy.talent.conversations import permissions as conversation_permissions
from academy.talent.fellowships import permissions as fellowship_permissions
from academy.talent.levy import permissions as levy_permissions
from academy.talent.pathways import permissions as pathway_permissions

PREDICATE_MODULES = [people_permissions, induction_permissions]
PREDICATE_MODULES += [course_permissions]
PREDICATE_MODULES += [conversation_permissions, fellowship_permissions]
PREDICATE_MODULES += [mentoring_permissions]
PREDICATE_MODULES += [lna_permissions]
PREDICATE_MODULES += [apprenticeship_permissions, levy_permissions]
PREDICATE_MODULES += [pathway_permissions]
PREDICATE_MODULES += [privacy_permissions]


class _GlobalNames(KeysView):
    """The names a template sees as globals, subtracted from another set at C speed.

    Each `{% from ... import ... %}` asks which of the importing page's globals the imported
    template lacks (none, as every template shares the environment's globals); done name by name
    through the chain, that question cost more than rendering many a macro.
    """

    def __rsub__(self, other):
        return set(other).difference(*self._mapping.maps)


class TemplateGlobals(ChainMap):
    def keys(self) -> KeysView:
        return _GlobalNames(self)


class TemplateEnvironment(Environment):
    """Flask's template environment, whose imported macro modules are looked up cheaply: a
    template's globals are the same chain of maps, with names subtracted as whole sets."""

    def make_globals(self, d):
        return TemplateGlobals(d or {}, self.globals)


class Academy(Flask):
    jinja_environment = TemplateEnvironment


def csp_nonce() -> str:
    """This response's script nonce, made on first use: an error page (a refused CSRF token,
    say) is drawn before the app's own before_request functions have run."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def unread_notices(user) -> int:
    """The person's unread notices, counted once a request: the header shows them on every
    page and the home page says so too."""
    counted = g.setdefault("unread_notices", {})
    if user.id not in counted:
        counted[user.id] = unread_count(user.id)
    return counted[user.id]


def format_date(value: date | datetime | None, with_time: bool = False) -> str:
    if value is None:
        return ""
    if with_time and isinstance(value, datetime):
        return value.strftime("%-d %B %Y at %H:%M")
    return value.strftime("%-d %B %Y")


def format_money(value: Decimal | int | float | None, places: int = 2) -> str:
    """Pounds as printed everywhere: `{{ cost | money }}` with pence, `{{ total | money(0) }}`
    in whole pounds for tables of large sums; blank for none."""
    if value is None:
        return ""
    return f"£{Decimal(value):,.{places}f}"


def register_template_helpers(app: Flask) -> None:
    for module in PREDICATE_MODULES:
        for name in dir(module):
            if name.startswith(("can_", "is_")) and callable(getattr(module, name)):
                app.jinja_env.globals[name] = getattr(module, name)
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["money"] = format_money

    @app.before_request
    def count_notices_afresh() -> None:
        g.pop("unread_notices", None)

    @app.context_processor
    def shell_context() -> dict:
        unread = unread_notices(current_user) if current_user.is_authenticated else 0
        return {
            "csp_nonce": csp_nonce(),
            "navigation_items": navigation_for(current_user),
            "unread_notices": unread,
        }
