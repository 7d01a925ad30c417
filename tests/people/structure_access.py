"""Who may keep the partnership's structure; registered in tests/test_access.py.

The administrator of the table is a partnership administrator, so may change everything; the
organisation of the world (org A) pays the levy but has its account in another part of the
table, so the levy settings here are those of a second levy payer with none.
"""

from __future__ import annotations

from tests.factories import JobRoleFactory, OrganisationFactory, SiteFactory, TeamFactory

ADMIN = frozenset({"admin"})


def _both(endpoint: str) -> dict:
    return {(endpoint, "GET"): ADMIN, (endpoint, "POST"): ADMIN}


ACCESS: dict[tuple[str, str], object] = {
    **_both("people.organisation_new"),
    **_both("people.organisation_edit"),
    **_both("people.site_new"),
    **_both("people.site_edit"),
    **_both("people.team_new"),
    **_both("people.team_edit"),
    **_both("people.team_close"),
    ("people.job_roles", "GET"): ADMIN,
    **_both("people.job_role_new"),
    **_both("people.job_role_edit"),
    **_both("levy.organisation_account"),
}


def world(users, subject, organisation) -> dict:
    site = SiteFactory(organisation=organisation)
    team = TeamFactory(organisation=organisation)
    empty_team = TeamFactory(organisation=organisation)  # the one the table's POST closes
    levy_payer = OrganisationFactory(is_levy_payer=True)
    return {
        "site_id": site.id,
        "team_id": team.id,
        "job_role_id": JobRoleFactory().id,
        "people.team_close": {"team_id": empty_team.id},
        "levy.organisation_account": {"organisation_id": levy_payer.id},
    }
