"""The induction's pages: a manager starts a new starter, the learner's dashboard, the assessor's
queue and decisions, managers' view of progress and overdue items, certificate, reports."""

import io
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from academy.extensions import db
from academy.induction.models import Induction, ItemStatus
from academy.people.roles import Role
from academy.timekeeping import today
from tests.conftest import sign_in
from tests.factories import JobHistoryFactory, OrganisationFactory, TeamFactory, UserFactory
from tests.induction import helpers


@pytest.fixture
def world(app):
    org = OrganisationFactory(name="Ridings Home Care")
    manager = UserFactory(employer=org, roles=[Role.MANAGER])
    team = TeamFactory(organisation=org, manager=manager)
    learner = UserFactory(employer=org, team=team, given_name="Liam", family_name="Walker",
                          started_on=today() - timedelta(days=3))
    JobHistoryFactory(user=learner, started_on=today() - timedelta(days=3))
    assessor = UserFactory(employer=org, roles=[(Role.ASSESSOR, org)])
    lead = UserFactory(employer=org, roles=[(Role.LEARNING_LEAD, org)])
    helpers.programme(org)
    db.session.commit()
    return dict(org=org, manager=manager, learner=learner, assessor=assessor, lead=lead)


def test_a_manager_starts_a_new_starter_from_their_team(client, world):
    sign_in(client, world["manager"])
    page = client.get("/induction/start").get_data(as_text=True)
    assert "Liam Walker" in page
    page = client.get(f"/induction/start?person={world['learner'].id}").get_data(as_text=True)
    assert world["assessor"].name in page
    response = client.post("/induction/start", data={
        "person": world["learner"].id, "started_on": today().isoformat(),
        "assessors": [world["assessor"].id],
    })
    assert response.status_code == 302
    induction = db.session.scalar(select(Induction))
    assert induction.user == world["learner"] and induction.assessors == [world["assessor"]]
    assert "Liam Walker&#39;s induction has started." in client.get(response.location).get_data(as_text=True)
    # Now started, they are no longer offered.
    assert "Liam Walker" not in client.get("/induction/start").get_data(as_text=True)


def test_starting_without_a_date_is_refused_in_place(client, world):
    sign_in(client, world["manager"])
    response = client.post("/induction/start", data={"person": world["learner"].id, "started_on": ""})
    assert response.status_code == 200
    assert "Enter the date the induction starts" in response.get_data(as_text=True)
    assert db.session.scalar(select(Induction)) is None


def test_the_learners_dashboard_shows_what_is_next_and_returned_first(client, world):
    induction = helpers.start(world["learner"], world["manager"], [world["assessor"]],
                              started_on=today(), today=today())
    helpers.services.review_item(induction.items[2], decision=helpers.ReviewDecision.RETURNED,
                                 comments="Add an example", knowledge_shown=None, observed_on=None,
                                 actor=world["assessor"], today=today())
    db.session.commit()
    sign_in(client, world["learner"])
    page = client.get("/induction").get_data(as_text=True)
    next_steps = page[page.index("What to do next"):]
    assert next_steps.index("Standard 2: Your personal development") < next_steps.index("Welcome to Wakefield")
    assert "0 of 4 done" in page
    home = client.get("/").get_data(as_text=True)
    assert "Your induction: 0 of 4 done" in home and "1 item returned with feedback" in home


def test_the_assessor_signs_off_through_the_page_and_the_learner_cannot(client, app, world):
    induction = helpers.start(world["learner"], world["manager"], [world["assessor"]],
                              started_on=today(), today=today())
    item = induction.items[1]
    db.session.commit()
    sign_in(client, world["learner"])
    assert "Sign off or return" not in client.get(f"/induction/items/{item.id}").get_data(as_text=True)
    assert client.post(f"/induction/items/{item.id}/review", data={
        "decision": "signed_off", "comments": "Me", "observed_on": today().isoformat(),
        "knowledge_shown": "spoken"}).status_code == 403
    client.post(f"/induction/items/{item.id}/ask", data={"note": "Ready"})
    client.post("/logout")
    sign_in(client, world["assessor"])
    assert item.title in client.get("/induction/assessments").get_data(as_text=True)
    response = client.post(f"/induction/items/{item.id}/review", data={"decision": "signed_off", "comments": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Enter your comments" in page
    response = client.post(f"/induction/items/{item.id}/review", data={
        "decision": "signed_off", "comments": "Observed with a client", "knowledge_shown": "spoken",
        "observed_on": today().isoformat()})
    assert response.status_code == 302
    assert item.status == ItemStatus.ACHIEVED


def test_managers_see_progress_and_overdue_without_a_query_per_starter(client, world, count_queries):
    org, manager = world["org"], world["manager"]
    team = world["learner"].team
    for n in range(6):
        person = UserFactory(employer=org, team=team)
        induction = helpers.start(person, manager, [world["assessor"]],
                                  started_on=today() - timedelta(days=30), today=today())
        if n % 2:
            helpers.sign_off(induction.items[0], world["assessor"], today())
    db.session.commit()
    sign_in(client, manager)
    page = client.get("/induction/starters?overdue=y").get_data(as_text=True)
    assert "6 inductions" in page and "overdue" in page
    assert page.count("1 of 4 done") == 3
    db.session.commit()  # both counts start with nothing loaded
    with count_queries() as few:
        client.get("/induction/starters")
    UserFactory(employer=org, team=team)
    for _ in range(4):
        helpers.start(UserFactory(employer=org, team=team), manager, started_on=today(), today=today())
    db.session.commit()
    with count_queries() as more:
        client.get("/induction/starters")
    assert more.count == few.count
    home = client.get("/").get_data(as_text=True)
    assert "10 new starters in induction, 6 with overdue items" in home


def test_completion_gives_a_certificate_pdf_and_a_public_check(client, world):
    induction = helpers.start(world["learner"], world["manager"], [world["assessor"]],
                              started_on=today(), today=today())
    helpers.complete(induction, world["assessor"], today())
    db.session.commit()
    sign_in(client, world["learner"])
    response = client.get(f"/induction/certificates/{induction.certificate_code}.pdf")
    assert response.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "Liam Walker" in text and induction.certificate_code in text and "Ridings Home Care" in text
    client.post("/logout")
    page = client.get(f"/induction/verify/{induction.certificate_code}").get_data(as_text=True)
    # The public check says the certificate is genuine without naming the person.
    assert "This certificate is genuine" in page and "Liam Walker" not in page
    assert client.get("/induction/verify/IND-AAAA-AAAA").status_code == 404


def test_reports_by_partner_status_time_and_overdue_with_exports(client, world):
    done = helpers.start(world["learner"], world["manager"], [world["assessor"]],
                         started_on=today() - timedelta(days=40), today=today())
    helpers.complete(done, world["assessor"], today())
    late = UserFactory(employer=world["org"], team=world["learner"].team)
    helpers.start(late, world["manager"], started_on=today() - timedelta(days=30), today=today())
    db.session.commit()
    sign_in(client, world["lead"])
    page = client.get("/induction/reports").get_data(as_text=True)
    assert "New starters by partner and status" in page and "Overdue items" in page
    csv = client.get("/induction/reports/starters.csv").data.decode("utf-8-sig").splitlines()
    assert csv[0] == "Partner,In progress,Completed,Closed unfinished,All new starters"
    assert csv[1] == "Ridings Home Care,1,1,0,2"
    workbook = load_workbook(io.BytesIO(client.get("/induction/reports/time-to-complete.xlsx").data))
    rows = list(workbook.active.values)
    assert rows[1][:3] == ("Ridings Home Care", 1, 40.0)
    overdue = client.get("/induction/reports/overdue.csv").data.decode("utf-8-sig").splitlines()
    assert any(line.startswith("Ridings Home Care,Welcome to Wakefield") for line in overdue)
    assert client.get("/induction/reports/secrets.csv").status_code == 404



def test_someone_who_joined_long_ago_can_be_started_by_name_but_not_a_stranger(client, world):
    veteran = UserFactory(employer=world["org"], team=world["learner"].team, started_on=today() - timedelta(days=900))
    stranger = UserFactory()
    db.session.commit()
    sign_in(client, world["manager"])
    assert veteran.name not in client.get("/induction/start").get_data(as_text=True)
    page = client.get(f"/induction/start?person={veteran.id}").get_data(as_text=True)
    assert veteran.name in page
    assert client.post("/induction/start", data={"person": veteran.id, "started_on": today().isoformat()}).status_code == 302
    assert client.get(f"/induction/start?person={stranger.id}").status_code == 403


def field_error(html: str, field_id: str) -> str | None:
    """The error message shown beside a field, without the visually hidden 'Error:' prefix."""
    match = re.search(rf'<span class="nhsuk-error-message" id="{field_id}-error">\s*'
                      r'<span class="nhsuk-u-visually-hidden">Error: </span>(.*?)</span>', html, re.S)
    return " ".join(match.group(1).split()) if match else None


def test_an_absurd_start_date_is_refused_on_its_field(client, world):
    sign_in(client, world["manager"])
    response = client.post("/induction/start", data={
        "person": world["learner"].id, "started_on": "1926-01-05", "assessors": [world["assessor"].id],
    })
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Induction start date must be no earlier than" in page and "(a year ago)" in page
    assert "(a year ago)" in field_error(page, "started_on")
    assert db.session.scalar(select(Induction)) is None


def test_an_observation_dated_in_the_future_is_refused_on_its_field(client, world):
    induction = helpers.start(world["learner"], world["manager"], [world["assessor"]],
                              started_on=today(), today=today())
    item = induction.items[1]
    db.session.commit()
    sign_in(client, world["assessor"])
    response = client.post(f"/induction/items/{item.id}/review", data={
        "decision": "signed_off", "comments": "Observed with a client", "knowledge_shown": "spoken",
        "observed_on": (today() + timedelta(days=400)).isoformat()})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert field_error(page, "observed_on") == "Date observed or attended must not be in the future"
    assert item.status == ItemStatus.TO_DO
