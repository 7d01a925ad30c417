"""Who gets what on every route: one table, checked for anonymous and for each role.

A route without an entry in ACCESS fails this test, so every new page states its rule here.
Each capability keeps its part of the table in tests/<package>/access.py: a dict ACCESS in the
same form, and world(users, subject, organisation) returning the URL values for its routes
(creating the objects they point at, owned by the users of the roles the rule names).

A URL value is given for every route that has that parameter ({"course_id": 3}), or for the
routes of one blueprint or one endpoint alone, under its name ({"conversations":
{"conversation_id": 7}}, {"courses.certificate": {"certificate_code": "..."}}), so each package
names its parameters for what they are: `<int:conversation_id>`, not a name kept unique
across the whole platform.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from academy.people.roles import Role
from academy.people.services import request_password_reset
from tests import factories
from tests.conftest import sign_in
from tests.courses import access as courses_access
from tests.induction import access as induction_access
from tests.lna import access as lna_access
from tests.mentoring import access as mentoring_access
from tests.people import admin_access as people_admin_access
from tests.people import identity_access, staff_files_access, structure_access
from tests.privacy import access as privacy_access
from tests.talent.apprenticeships import access as apprenticeships_access
from tests.talent.conversations import access as conversations_access
from tests.talent.fellowships import access as fellowships_access
from tests.talent.pathways import access as pathways_access

ANONYMOUS = "anonymous"
ALL_ROLES = [ANONYMOUS, *[r.value for r in Role]]
OVERSIGHT = {"admin", "learning_lead", "apprenticeship_coordinator", "fellowship_lead",
             "mentoring_coordinator"}

PUBLIC = "public"          # everyone, signed in or not
SIGNED_IN = "signed_in"    # every signed-in person; anonymous is sent to sign in


def only(*roles: str) -> frozenset[str]:
    return frozenset(roles)


# (endpoint, method) -> PUBLIC, SIGNED_IN, or the roles allowed (anonymous is sent to sign in)
ACCESS: dict[tuple[str, str], object] = {
    ("static", "GET"): PUBLIC,
    ("nhsuk_assets", "GET"): PUBLIC,
    ("home.index", "GET"): SIGNED_IN,
    ("home.accessibility", "GET"): PUBLIC,
    ("home.privacy", "GET"): PUBLIC,
    ("people.login", "GET"): PUBLIC,
    ("people.login", "POST"): PUBLIC,
    ("people.logout", "POST"): SIGNED_IN,
    ("people.password_reset_request", "GET"): PUBLIC,
    ("people.password_reset_request", "POST"): PUBLIC,
    ("people.password_reset", "GET"): PUBLIC,
    ("people.password_reset", "POST"): PUBLIC,
    ("people.me", "GET"): SIGNED_IN,
    ("people.equality", "GET"): SIGNED_IN,
    ("people.equality", "POST"): SIGNED_IN,
    ("people.equality_withdraw", "GET"): SIGNED_IN,
    ("people.equality_withdraw", "POST"): SIGNED_IN,
    ("people.record_reads", "GET"): SIGNED_IN,
    ("people.people_list", "GET"): frozenset(OVERSIGHT | {"manager"}),
    ("people.person_new", "GET"): only("admin"),
    ("people.person_new", "POST"): only("admin"),
    # The subject works in org A, in the manager's team.
    ("people.person", "GET"): frozenset(OVERSIGHT | {"manager"}),
    ("people.grant_role", "POST"): only("admin"),
    ("people.revoke_role", "GET"): only("admin"),
    ("people.revoke_role", "POST"): only("admin"),
    ("people.change_job", "POST"): only("admin"),
    ("people.team", "GET"): only("manager"),
    ("people.organisations", "GET"): SIGNED_IN,
    ("people.organisation", "GET"): SIGNED_IN,
    ("notifications.index", "GET"): SIGNED_IN,
    ("notifications.read_all", "POST"): SIGNED_IN,
    ("audit.log", "GET"): only("admin"),
    ("jobs.scheduler", "GET"): only("admin"),
}


# URL values that differ for one endpoint.
ENDPOINT_VALUES = {"static": {"filename": "academy.css"}}


@dataclass
class World:
    """The objects the routes' URL parameters point at."""

    values: dict[str, object]
    users: dict[str, object]
    scoped: dict[str, dict[str, object]]

    def for_endpoint(self, endpoint: str) -> dict[str, object]:
        """The URL values of one route: the common ones, then its blueprint's, then its own."""
        blueprint = endpoint.rpartition(".")[0]
        return {**self.values, **self.scoped.get(blueprint, {}), **self.scoped.get(endpoint, {}),
                **ENDPOINT_VALUES.get(endpoint, {})}


def build_world() -> World:
    org_a = factories.OrganisationFactory(name="Org A")
    subject_team = factories.TeamFactory(organisation=org_a)
    users = {}
    for role in Role:
        if role == Role.STAFF:
            users[role.value] = factories.UserFactory(employer=org_a)
        else:
            users[role.value] = factories.UserFactory(employer=org_a, roles=[role])
    subject_team.manager_id = users["manager"].id
    subject = factories.UserFactory(employer=org_a, team=subject_team,
                                    roles=[(Role.ASSESSOR, org_a)])
    factories.JobHistoryFactory(user=subject)
    reset_token = _reset_token(subject)
    values = {
        "person_id": subject.id,
        "assignment_id": subject.role_assignments[0].id,
        "organisation_id": org_a.id,
        "token": reset_token,
        "filename": "images/favicon.ico",
    }
    scoped: dict[str, dict[str, object]] = {}
    for name, value in extra_values(users, subject, org_a).items():
        if isinstance(value, dict):
            scoped.setdefault(name, {}).update(value)
        else:
            values[name] = value
    return World(values=values, users=users, scoped=scoped)


def _reset_token(person) -> str:
    return request_password_reset(person.email, valid_hours=1)


# Each capability's part of the table: add the package's access module here.
CAPABILITIES: list = []
CAPABILITIES.append(courses_access)
CAPABILITIES.append(induction_access)
CAPABILITIES.append(conversations_access)
CAPABILITIES.append(fellowships_access)
CAPABILITIES.append(mentoring_access)
CAPABILITIES.append(pathways_access)
CAPABILITIES.append(apprenticeships_access)
CAPABILITIES.append(lna_access)
CAPABILITIES.append(structure_access)
CAPABILITIES.append(people_admin_access)
CAPABILITIES.append(identity_access)
CAPABILITIES.append(staff_files_access)
CAPABILITIES.append(privacy_access)

for _capability in CAPABILITIES:
    ACCESS.update(_capability.ACCESS)


def extra_values(users, subject, organisation) -> dict:
    """URL values for the capabilities' own routes: common ones, and dicts under a blueprint's
    or an endpoint's name for its routes alone."""
    values: dict = {}
    for capability in CAPABILITIES:
        for name, value in capability.world(users, subject, organisation).items():
            if isinstance(value, dict) and isinstance(values.get(name), dict):
                values[name] = {**values[name], **value}
            else:
                values[name] = value
    return values


def routes(app) -> list:
    """(endpoint, method, rule) for every route, signing out last so the session lasts."""
    found = [
        (rule.endpoint, method, rule)
        for rule in app.url_map.iter_rules()
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    ]
    return sorted(found, key=lambda r: (r[0] == "people.logout", r[0], r[1]))


def test_every_route_has_an_entry(app):
    found = {(endpoint, method) for endpoint, method, _ in routes(app)}
    assert found - set(ACCESS) == set(), "routes without an access rule"
    assert set(ACCESS) - found == set(), "access rules for routes that do not exist"


def expected(rule_entry, role: str) -> str:
    if rule_entry == PUBLIC:
        return "allowed"
    if role == ANONYMOUS:
        return "sign_in"
    if rule_entry == SIGNED_IN or role in rule_entry:
        return "allowed"
    return "forbidden"


# The headings of the error pages: a page with one of them did not answer as it should.
ERROR_HEADINGS = {
    "Sorry, we could not accept that request", "You do not have permission to see this page",
    "Page not found", "That action is not available here", "The file is too large",
    "Sorry, there is a problem with the service",
}
HEADING = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)


def outcome(response) -> str:
    """What the route answered: "allowed" only when it answered as a page should, with its own
    heading, a file, or a redirect that is not to sign in."""
    location = urlsplit(response.location or "")
    if response.status_code == 302 and location.path == "/login" and "next=" in location.query:
        return "sign_in"
    if response.status_code in (401, 403):
        return "forbidden"
    if response.status_code == 404:
        return "not_found"
    if response.status_code >= 500:
        return "error"
    if 300 <= response.status_code < 400:
        return "allowed" if response.location else "redirect without a location"
    if response.mimetype != "text/html":
        return "allowed" if response.data else "empty file"
    heading = HEADING.search(response.get_data(as_text=True))
    if heading is None:
        return "page without a heading"
    text = " ".join(re.sub(r"<[^>]+>", "", heading.group(1)).split())
    if text in ERROR_HEADINGS or not text:
        return f"error page ({response.status_code}: {text})"
    return "allowed"


@pytest.mark.parametrize("role", ALL_ROLES)
def test_access_matrix(app, client, role):
    world = build_world()
    if role != ANONYMOUS:
        sign_in(client, world.users[role])
    failures = []
    for endpoint, method, rule in routes(app):
        values = world.for_endpoint(endpoint)
        url = rule.build({k: values[k] for k in rule.arguments}, append_unknown=False)[1]
        response = client.open(url, method=method, data={})
        want = expected(ACCESS[(endpoint, method)], role)
        got = outcome(response)
        response.close()
        if got != want:
            failures.append(f"{method} {url} ({endpoint}): expected {want}, got {got} [{response.status_code}]")
    assert failures == []
