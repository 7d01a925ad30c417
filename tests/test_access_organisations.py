"""The access table again, across organisations: every object in the matrix's world belongs to
organisation A; a holder of each role scoped to organisation B is refused (403 or 404) on every
route with an object in its URL that the table opens to that role.

The world is built once for the module (the requests here are all refused, so none changes it),
and each request runs in its own application context, with its own database session, as in
production.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from academy import create_app
from academy.extensions import db
from academy.people.roles import Role
from tests import factories
from tests.conftest import ON_SQLITE_MEMORY, empty_tables, make_config, sign_in
from tests.test_access import ACCESS, build_world, routes

SCOPED_ROLES = [role.value for role in Role if role != Role.STAFF]


@pytest.fixture(scope="module")
def elsewhere(server_database, tmp_path_factory):
    """The matrix's world in organisation A, and a holder of every role in organisation B (the
    manager runs a team there), by their e-mail addresses."""
    app = create_app(make_config(tmp_path_factory.mktemp("elsewhere")))
    with app.app_context():
        if ON_SQLITE_MEMORY:
            db.create_all()
        world = build_world()
        org_b = factories.OrganisationFactory(name="Org B")
        others = {role: factories.UserFactory(employer=org_b, roles=[(Role(role), org_b)])
                  for role in SCOPED_ROLES}
        factories.TeamFactory(organisation=org_b, manager_id=others["manager"].id)
        db.session.commit()
        others = {role: SimpleNamespace(email=user.email) for role, user in others.items()}
    yield app, world, others
    with app.app_context():
        if not ON_SQLITE_MEMORY:
            empty_tables()
        db.engine.dispose()


# URL parameters that name no object of an organisation's: a choice of format, report or page.
NOT_OBJECTS = {"file_format", "fmt", "report", "report_name", "section_number", "filename"}

# Routes whose object is the whole partnership's, open to a role's holders in every organisation.
PARTNERSHIP_WIDE = {
    # A partnership-wide coach's free slot: anyone in the partnership books it.
    "conversations.book": "the coach coaches the whole partnership",
    # A session in the shared catalogue: any organisation's manager holds places for their team.
    "courses.reserve": "the catalogue is the partnership's",
    # The mentoring goals every application chooses from: one list, kept by any coordinator.
    "mentoring.goal_active": "the goal list is the partnership's",
    # Competency frameworks and role profiles are shared by every partner.
    "lna.framework": "frameworks are the partnership's",
    "lna.framework_export": "frameworks are the partnership's",
    "lna.profile": "role profiles are the partnership's",
    # A levy pledge is an employer's offer to every other: their coordinators read and apply.
    "levy.pledge": "a pledge is offered to every partner",
    "levy.pledge_apply": "a pledge is offered to every partner",
    # The fellowship programme and its cohorts take fellows from every partner.
    "fellowships.new_cohort": "the programme is the partnership's",
    "fellowships.cohort": "the cohort is the partnership's",
    "fellowships.cohort_report": "the cohort is the partnership's",
    "fellowships.backfill_export": "the cohort is the partnership's",
    "fellowships.add_fellow": "the cohort is the partnership's",
    "fellowships.add_milestone": "the cohort is the partnership's",
}


def object_routes(app, role: str) -> list:
    """The routes with an organisation's object in their URL that the table opens to holders of
    `role`."""
    return [
        (endpoint, method, rule) for endpoint, method, rule in routes(app)
        if set(rule.arguments) - NOT_OBJECTS and endpoint not in PARTNERSHIP_WIDE
        and isinstance(ACCESS[(endpoint, method)], frozenset)
        and role in ACCESS[(endpoint, method)]
    ]


@pytest.mark.parametrize("role", SCOPED_ROLES)
def test_a_holder_of_the_role_in_another_organisation_is_refused(elsewhere, role):
    app, world, others = elsewhere
    client = app.test_client()
    sign_in(client, others[role])
    checked, failures = [], []
    for endpoint, method, rule in object_routes(app, role):
        values = world.for_endpoint(endpoint)
        url = rule.build({k: values[k] for k in rule.arguments}, append_unknown=False)[1]
        response = client.open(url, method=method, data={})
        checked.append(endpoint)
        if response.status_code not in (403, 404):
            failures.append(f"{method} {url} ({endpoint}): answered {response.status_code}")
        response.close()
    assert failures == []
    assert checked or role in NO_OBJECT_ROUTES, f"no route with an object is open to {role}"


# Roles that the table opens no route with an object in its URL to.
NO_OBJECT_ROUTES: set[str] = set()
