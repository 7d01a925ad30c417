"""The compliance drill-down: partnership, organisation, team and the people overdue, their
filters, downloads, who may see each level, and a number of queries that does not grow."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import openpyxl
import pytest

from academy.extensions import db
from academy.people.roles import Role
from tests import factories
from tests.courses.factories import RequirementFactory, SubjectFactory, add_record

TODAY = date.today()


@pytest.fixture
def place(app):
    """A trust with a ward (and its night team beneath it) and a care home, two subjects.

    Ana is compliant in both; Ben's fire safety has expired; Cal (night team) has done neither;
    Dee at the home is due for renewal in fire safety and has never done hand hygiene.
    """
    fire = SubjectFactory(name="Fire Safety", renewal_months=24)
    hands = SubjectFactory(name="Hand Hygiene", renewal_months=12)
    for subject in (fire, hands):
        RequirementFactory(subject=subject, staff_group="Additional Clinical Services")
    trust = factories.OrganisationFactory(name="Calder Trust", short_name="CT")
    home = factories.OrganisationFactory(name="Moor Care", short_name="MC")
    manager = factories.UserFactory(employer=trust, roles=[Role.MANAGER], given_name="Meg",
                                    family_name="Manager")
    ward = factories.TeamFactory(organisation=trust, name="Ward 3", manager_id=manager.id)
    night = factories.TeamFactory(organisation=trust, name="Ward 3 nights", parent=ward)
    care = factories.TeamFactory(organisation=home, name="Day team")
    manager.team = ward
    ana = factories.UserFactory(employer=trust, team=ward, given_name="Ana", family_name="Able")
    ben = factories.UserFactory(employer=trust, team=ward, given_name="Ben", family_name="Baker")
    cal = factories.UserFactory(employer=trust, team=night, given_name="Cal", family_name="Cole")
    dee = factories.UserFactory(employer=home, team=care, given_name="Dee", family_name="Dale")
    valid = TODAY + timedelta(days=300)
    for person in (ana, manager):
        add_record(person, fire, TODAY - timedelta(days=30), valid)
        add_record(person, hands, TODAY - timedelta(days=30), valid)
    add_record(ben, fire, TODAY - timedelta(days=800), TODAY - timedelta(days=70))
    add_record(ben, hands, TODAY - timedelta(days=30), valid)
    add_record(dee, fire, TODAY - timedelta(days=700), TODAY + timedelta(days=20))
    office = factories.JobRoleFactory(staff_group="Administrative and Clerical")  # nothing required
    lead = factories.UserFactory(roles=[Role.LEARNING_LEAD], employer=trust, job_role=office)
    home_lead = factories.UserFactory(roles=[(Role.LEARNING_LEAD, home)], employer=home,
                                      job_role=office)
    db.session.commit()
    return locals()


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def listed(response) -> str:
    """The people listed on a page, without its header, filters and footer."""
    page = text_of(response)
    assert 'class="nhsuk-list academy-people-compliance"' in page or "academy-empty" in page
    return page.partition("academy-people-compliance")[2].partition("</ol>")[0]


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[tuple]:
    assert response.status_code == 200
    return list(openpyxl.load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))


def test_partnership_page_shows_organisations_by_subjects_and_filters(client, login, place):
    login(place["lead"])
    page = text_of(client.get("/compliance"))
    assert f'href="/compliance/organisations/{place["trust"].id}"' in page
    assert "Moor Care" in page and "Whole partnership" in page
    # The trust: 8 required (4 people, 2 subjects), 5 valid; 3 overdue.
    assert "62.5%" in page and "3 of 8 overdue" in page
    one = text_of(client.get(f"/compliance?organisation={place['home'].id}"))
    assert "Moor Care" in one and "Calder Trust" not in one.split("<table")[1]
    fire = text_of(client.get(f"/compliance?subject={place['fire'].id}"))
    assert "Fire Safety" in fire.split("<table")[1] and "Hand Hygiene" not in fire.split("<table")[1]


def test_partnership_download_counts_each_organisation_and_subject(client, login, place):
    login(place["lead"])
    rows = csv_rows(client.get("/compliance.csv"))
    assert ["Fire Safety, Level 1", "Calder Trust", "4", "2", "0", "1", "1", "50.0"] in rows
    sheet = xlsx_rows(client.get(f"/compliance.xlsx?organisation={place['home'].id}"))
    assert ("Fire Safety, Level 1", "Moor Care", 1, 0, 1, 0, 0, 100.0) in sheet
    assert all(row[1] == "Moor Care" for row in sheet[1:])


def test_organisation_page_shows_its_teams_and_downloads(client, login, place):
    login(place["lead"])
    trust = place["trust"]
    page = text_of(client.get(f"/compliance/organisations/{trust.id}"))
    assert f'href="/compliance/teams/{place["ward"].id}"' in page
    assert "Ward 3 nights" in page and "Day team" not in page
    assert "0 of 2 overdue" in page or "1 of 6 overdue" in page
    only_night = text_of(client.get(f"/compliance/organisations/{trust.id}?team={place['night'].id}"))
    assert f'href="/compliance/teams/{place["ward"].id}"' not in only_night
    rows = csv_rows(client.get(f"/compliance/organisations/{trust.id}.csv"))
    assert rows[0][:2] == ["Team", "Subject"]
    assert ["Ward 3: Ward 3 nights", "Fire Safety, Level 1", "1", "0", "0", "0", "1", "0.0"] in rows
    assert ["Ward 3", "Fire Safety, Level 1", "3", "2", "0", "1", "0"] == rows[1][:7] or \
        ["Ward 3", "Fire Safety, Level 1", "3", "2", "0", "1", "0", "66.7"] in rows
    sheet = xlsx_rows(client.get(f"/compliance/organisations/{trust.id}.xlsx?subject={place['hands'].id}"))
    assert {row[1] for row in sheet[1:]} == {"Hand Hygiene, Level 1"}


def test_team_page_is_person_first_with_a_count_each_and_filters(client, login, place):
    login(place["lead"])
    ward = place["ward"]
    page = text_of(client.get(f"/compliance/teams/{ward.id}"))
    # Everyone in the ward and the team beneath it, by name, each with their overdue count.
    assert page.index("Ana Able") < page.index("Ben Baker") < page.index("Cal Cole")
    assert "Dee Dale" not in page and "academy-scroll" not in page
    assert "2 subjects expired or never done" in page and "1 subject expired or never done" in page
    overdue = text_of(client.get(f"/compliance/teams/{ward.id}?status=overdue"))
    assert "Ana Able" not in overdue and "Ben Baker" in overdue and "Cal Cole" in overdue
    expired = listed(client.get(f"/compliance/teams/{ward.id}?status=expired&subject={place['fire'].id}"))
    assert "Ben Baker" in expired and "Cal Cole" not in expired and "Hand Hygiene" not in expired
    rows = csv_rows(client.get(f"/compliance/teams/{ward.id}.csv?status=overdue"))
    assert rows[0][0] == "Name" and {r[0] for r in rows[1:]} == {"Ben Baker", "Cal Cole"}
    [cal_hands] = [r for r in rows if r[0] == "Cal Cole" and r[4].startswith("Hand")]
    assert cal_hands[3:] == ["Ward 3 nights", "Hand Hygiene, Level 1", "Never done", "", "2"]


def test_overdue_list_counts_each_persons_overdue_subjects(client, login, place):
    login(place["lead"])
    page = text_of(client.get("/compliance/overdue"))
    assert "Ana Able" not in page and "Meg Manager" not in page
    assert page.index("Ben Baker") < page.index("Cal Cole") < page.index("Dee Dale")
    assert "3 people" in page
    expired = text_of(client.get("/compliance/overdue?status=expired"))
    assert "Ben Baker" in expired and "Cal Cole" not in expired and "Dee Dale" not in expired
    trust = text_of(client.get(f"/compliance/overdue?organisation={place['trust'].id}"))
    assert "Dee Dale" not in trust and "Ward 3 nights" in trust  # its teams are offered
    night = text_of(client.get(
        f"/compliance/overdue?organisation={place['trust'].id}&team={place['night'].id}"))
    assert "Cal Cole" in night and "Ben Baker" not in night
    rows = csv_rows(client.get("/compliance/overdue.csv"))
    assert rows[0] == ["Name", "Employee number", "Team", "Organisation", "Subject", "Status",
                       "Expired on", "Subjects expired or never done"]
    without_numbers = [[r[0], *r[2:]] for r in rows]
    assert ["Cal Cole", "Ward 3 nights", "Calder Trust", "Fire Safety, Level 1", "Never done",
            "", "2"] in without_numbers
    ben = [r for r in without_numbers if r[0] == "Ben Baker"]
    assert ben == [["Ben Baker", "Ward 3", "Calder Trust", "Fire Safety, Level 1", "Expired",
                    (TODAY - timedelta(days=70)).isoformat(), "1"]]
    sheet = xlsx_rows(client.get(f"/compliance/overdue.xlsx?subject={place['hands'].id}"))
    assert {(r[0], r[4]) for r in sheet[1:]} == {("Cal Cole", "Hand Hygiene, Level 1"),
                                                 ("Dee Dale", "Hand Hygiene, Level 1")}


def test_a_lead_for_one_partner_sees_that_partner_alone(client, login, place):
    login(place["home_lead"])
    trust, home = place["trust"], place["home"]
    page = text_of(client.get("/compliance"))
    assert "Moor Care" in page and "Calder Trust" not in page and "Whole partnership" not in page
    assert "Calder Trust" not in text_of(client.get(f"/compliance?organisation={trust.id}"))
    assert client.get(f"/compliance/organisations/{trust.id}").status_code == 403
    assert client.get(f"/compliance/organisations/{trust.id}.csv").status_code == 403
    assert client.get(f"/compliance/teams/{place['ward'].id}").status_code == 403
    assert client.get(f"/compliance/teams/{place['ward'].id}.xlsx").status_code == 403
    assert client.get("/compliance/organisations/999999").status_code == 404
    assert client.get("/compliance/teams/999999").status_code == 404
    assert text_of(client.get(f"/compliance/organisations/{home.id}"))
    overdue = text_of(client.get(f"/compliance/overdue?organisation={trust.id}&team={place['ward'].id}"))
    assert "Dee Dale" in overdue and "Ben Baker" not in overdue
    assert {r[0] for r in csv_rows(client.get("/compliance/overdue.csv"))[1:]} == {"Dee Dale"}


def test_a_manager_sees_the_teams_they_run_and_no_other(client, login, place):
    login(place["manager"])
    assert "Cal Cole" in text_of(client.get(f"/compliance/teams/{place['night'].id}"))
    page = text_of(client.get(f"/compliance/teams/{place['ward'].id}"))
    assert "Ben Baker" in page and "Calder Trust</a>" not in page
    assert client.get(f"/compliance/teams/{place['care'].id}").status_code == 403
    assert client.get(f"/compliance/organisations/{place['trust'].id}").status_code == 403
    assert client.get("/compliance/overdue").status_code == 403
    mine = listed(client.get("/team/compliance?status=never_done"))
    assert "Cal Cole" in mine and "Ben Baker" not in mine and "Meg Manager" not in mine
    rows = csv_rows(client.get("/team/compliance.csv"))
    assert {r[0] for r in rows[1:]} == {"Ana Able", "Ben Baker", "Cal Cole"}


def test_staff_cannot_see_compliance(client, login, place):
    login(place["ana"])
    for url in ("/compliance", "/compliance.csv", f"/compliance/organisations/{place['trust'].id}",
                f"/compliance/teams/{place['ward'].id}", "/compliance/overdue",
                "/compliance/overdue.csv", "/team/compliance"):
        assert client.get(url).status_code == 403, url


def test_team_pages_are_paginated(client, login, place, app):
    app.config["PAGE_SIZE"] = 2
    login(place["lead"])
    first = text_of(client.get(f"/compliance/teams/{place['ward'].id}"))
    assert "Showing 1 to 2 of 4" in first
    first = listed(client.get(f"/compliance/teams/{place['ward'].id}"))
    assert "Ana Able" in first and "Ben Baker" in first and "Cal Cole" not in first
    second = listed(client.get(f"/compliance/teams/{place['ward'].id}?page=2"))
    assert "Cal Cole" in second and "Meg Manager" in second and "Ana Able" not in second
    overdue = listed(client.get("/compliance/overdue?page=2"))
    assert "Dee Dale" in overdue and "Ben Baker" not in overdue


def grow(place, times: int) -> None:
    """More people of every kind in every team, with records of every kind."""
    fire, hands = place["fire"], place["hands"]
    for n in range(times):
        for team, employer in ((place["ward"], place["trust"]), (place["night"], place["trust"]),
                               (place["care"], place["home"])):
            person = factories.UserFactory(employer=employer, team=team, given_name=f"Extra{n}")
            add_record(person, fire, TODAY - timedelta(days=800), TODAY - timedelta(days=n + 1))
            if n % 2:
                add_record(person, hands, TODAY - timedelta(days=10), TODAY + timedelta(days=n))
        factories.TeamFactory(organisation=place["trust"], name=f"Extra team {n}")
    db.session.commit()


def test_the_number_of_queries_does_not_grow_with_the_data(client, login, place, count_queries):
    trust, ward = place["trust"].id, place["ward"].id
    lead_pages = ["/compliance", f"/compliance?organisation={trust}", "/compliance.csv",
                  "/compliance.xlsx", f"/compliance/organisations/{trust}",
                  f"/compliance/organisations/{trust}.csv", f"/compliance/teams/{ward}",
                  f"/compliance/teams/{ward}?status=overdue", f"/compliance/teams/{ward}.xlsx",
                  "/compliance/overdue", f"/compliance/overdue?organisation={trust}",
                  "/compliance/overdue.csv"]

    def counts(user, urls):
        client.post("/logout")
        login(user)
        found = {}
        for url in urls:
            client.get(url)  # the first request of a session loads what later ones reuse
            with count_queries() as counter:
                assert client.get(url).status_code == 200, url
            found[url] = counter.count
        return found

    before = counts(place["lead"], lead_pages)
    manager_before = counts(place["manager"], ["/team/compliance", "/team/compliance.csv"])
    grow(place, 12)
    assert counts(place["lead"], lead_pages) == before
    assert counts(place["manager"], ["/team/compliance", "/team/compliance.csv"]) == manager_before
    assert max(before.values()) <= 12
