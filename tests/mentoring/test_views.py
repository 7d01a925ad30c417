"""The mentoring pages: private notes stay private, the coordinator's workflow through the
browser's requests, exports, and a bounded number of queries per page."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from flask import g
from openpyxl import load_workbook
from sqlalchemy import select

from academy.audit.models import AuditEvent
from academy.extensions import db
from academy.mentoring.forms import CohortForm, MeetingForm
from academy.mentoring.models import (
    CohortStatus,
    DecisionKind,
    MatchRun,
    MentoringApplication,
    MentoringCohort,
    MentoringMeeting,
    MentoringNote,
    MentoringPartnership,
    PairDecision,
    PartnershipStatus,
    Side,
)
from academy.mentoring.services import matchmaking
from academy.people.roles import Role
from academy.timekeeping import today
from tests.factories import UserFactory
from tests.mentoring.factories import (
    ApplicationFactory,
    CohortFactory,
    GoalFactory,
    MeetingFactory,
    NoteFactory,
    PartnershipFactory,
    ProgrammeFactory,
    coordinator,
)


def test_a_private_note_is_seen_by_its_writer_only(app, client, login):
    note = NoteFactory(text="Felt unheard in the meeting")
    partnership = note.meeting.partnership
    boss = coordinator()
    admin = UserFactory(roles=[Role.ADMIN])
    db.session.commit()

    login(partnership.partner)
    page = client.get(f"/mentoring/notes/{note.id}")
    assert page.status_code == 200 and "Felt unheard" in page.get_data(as_text=True)
    assert "Felt unheard" in client.get(f"/mentoring/partnerships/{partnership.id}").get_data(as_text=True)
    client.post("/logout")

    for other in (partnership.leader, boss, admin):
        login(other)
        assert client.get(f"/mentoring/notes/{note.id}").status_code == 403
        assert client.post(f"/mentoring/notes/{note.id}", data={"text": "overwritten"}).status_code == 403
        body = client.get(f"/mentoring/partnerships/{partnership.id}").get_data(as_text=True)
        assert "Felt unheard" not in body
        client.post("/logout")
    assert db.session.get(MentoringNote, note.id).text == "Felt unheard in the meeting"


def test_the_other_partner_adds_their_own_note_to_the_same_meeting(app, client, login):
    note = NoteFactory(text="Mine")
    meeting = note.meeting
    leader = meeting.partnership.leader
    db.session.commit()
    login(leader)
    response = client.post(f"/mentoring/meetings/{meeting.id}/note", data={"text": "Theirs"})
    assert response.status_code == 302
    notes = db.session.scalars(select(MentoringNote).where(MentoringNote.meeting_id == meeting.id)).all()
    assert sorted((n.author_id, n.text) for n in notes) == sorted(
        [(meeting.partnership.partner_id, "Mine"), (leader.id, "Theirs")])
    # Asking again goes to their own note, never the partner's.
    again = client.get(f"/mentoring/meetings/{meeting.id}/note")
    own = next(n for n in notes if n.author_id == leader.id)
    assert again.headers["Location"].endswith(f"/mentoring/notes/{own.id}")


def test_applying_through_the_form(app, client, login):
    cohort = CohortFactory()
    goal = GoalFactory(name="Leading change")
    person = UserFactory()
    db.session.commit()
    login(person)
    form = client.get(f"/mentoring/cohorts/{cohort.id}/apply").get_data(as_text=True)
    assert "Partner from an under-represented group" in form and "Senior leader" in form
    assert not re.search(r"\b(mentors?|mentees?)\b", form, re.IGNORECASE)
    response = client.post(f"/mentoring/cohorts/{cohort.id}/apply", data={
        "side": "leader", "eligibility_confirmed": "y", "goal_ids": [str(goal.id)],
        "hopes_to_give": "Time", "hopes_to_gain": "Insight", "availability": ["0", "4"],
        "meeting_mode": "virtual", "site_id": "0", "band": "8b", "capacity": "3",
    })
    assert response.status_code == 302
    application = db.session.scalar(select(MentoringApplication))
    assert application.side == Side.LEADER and application.capacity == 3
    assert application.availability == 0b10001 and application.band == "8b"


def test_an_incomplete_application_shows_errors_in_place(app, client, login):
    cohort = CohortFactory()
    GoalFactory()
    db.session.commit()
    login(UserFactory())
    page = client.post(f"/mentoring/cohorts/{cohort.id}/apply", data={"side": "partner"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "There is a problem" in text
    assert "Say what you hope to give" in text


def test_the_coordinators_workflow_run_lock_rerun_publish(app, client, login):
    boss = coordinator()
    cohort = CohortFactory(status=CohortStatus.MATCHING)
    goal = GoalFactory()
    partners = [ApplicationFactory(cohort=cohort, goals=[goal]) for _ in range(3)]
    leaders = [ApplicationFactory(cohort=cohort, side=Side.LEADER, goals=[goal], capacity=2)
               for _ in range(2)]
    db.session.commit()
    login(boss)
    response = client.post(f"/mentoring/cohorts/{cohort.id}/runs")
    run = db.session.scalars(select(MatchRun)).one()
    assert response.headers["Location"].endswith(f"/mentoring/runs/{run.id}")
    page = client.get(f"/mentoring/runs/{run.id}").get_data(as_text=True)
    assert "3</span> pairs" in page and "blocking pair" in page
    proposal = run.proposals[0]
    detail = client.get(f"/mentoring/proposals/{proposal.id}").get_data(as_text=True)
    assert "How the score of" in detail and "Runners-up" in detail

    locked_leader = next(a for a in leaders if a.id != proposal.leader_application_id)
    client.post(f"/mentoring/cohorts/{cohort.id}/decisions", data={
        "partner_application_id": proposal.partner_application_id,
        "leader_application_id": locked_leader.id, "kind": "locked"})
    client.post(f"/mentoring/cohorts/{cohort.id}/runs")
    latest = db.session.scalars(select(MatchRun).order_by(MatchRun.id.desc())).first()
    assert (proposal.partner_application_id, locked_leader.id) in {
        (p.partner_application_id, p.leader_application_id) for p in latest.proposals}

    assert client.get(f"/mentoring/runs/{latest.id}/publish").status_code == 200
    response = client.post(f"/mentoring/runs/{latest.id}/publish")
    assert response.status_code == 302
    created = db.session.scalars(select(MentoringPartnership)).all()
    assert len(created) == 3 and {p.partner_application_id for p in created} == {a.id for a in partners}


def test_accepting_and_logging_a_meeting_through_the_pages(app, client, login):
    partnership = PartnershipFactory(status=PartnershipStatus.AWAITING, started_on=None,
                                     partner_response="pending", leader_response="accepted")
    db.session.commit()
    login(partnership.partner)
    page = client.get(f"/mentoring/partnerships/{partnership.id}").get_data(as_text=True)
    assert "Accept the match" in page and "Ask to be re-matched" in page
    client.post(f"/mentoring/partnerships/{partnership.id}/accept")
    assert db.session.get(MentoringPartnership, partnership.id).status == PartnershipStatus.ACTIVE
    response = client.post(f"/mentoring/partnerships/{partnership.id}/meetings/new", data={
        "met_on": today().isoformat(), "format": "in_person", "minutes": "50", "note": "Walked the ward"})
    assert response.status_code == 302
    meeting = db.session.scalars(select(MentoringMeeting)).one()
    assert meeting.minutes == 50 and meeting.logged_by_id == partnership.partner_id


def test_the_coordinator_sees_counts_not_notes_or_goals(app, client, login):
    partnership = PartnershipFactory(agreed_goals="Secret plan")
    NoteFactory(meeting=MeetingFactory(partnership=partnership), text="Private words")
    boss = coordinator()
    db.session.commit()
    login(boss)
    page = client.get(f"/mentoring/partnerships/{partnership.id}").get_data(as_text=True)
    assert "Meetings logged" in page and "Private words" not in page and "Secret plan" not in page
    listing = client.get(f"/mentoring/cohorts/{partnership.cohort_id}/partnerships").get_data(as_text=True)
    assert partnership.partner.name in listing


def test_strangers_cannot_see_a_partnership_or_an_application(app, client, login):
    partnership = PartnershipFactory()
    db.session.commit()
    login(UserFactory())
    assert client.get(f"/mentoring/partnerships/{partnership.id}").status_code == 403
    assert client.get(f"/mentoring/applications/{partnership.partner_application_id}").status_code == 403
    assert client.post(f"/mentoring/partnerships/{partnership.id}/accept").status_code == 403


def test_feedback_stage_must_be_known(app, client, login):
    partnership = PartnershipFactory()
    db.session.commit()
    login(partnership.partner)
    assert client.get(f"/mentoring/partnerships/{partnership.id}/feedback/someday").status_code == 404
    response = client.post(f"/mentoring/partnerships/{partnership.id}/feedback/midpoint", data={
        "relationship_rating": "5", "learning_rating": "4", "change_rating": "4",
        "recommend_rating": "5", "comments": "Great"})
    assert response.status_code == 302
    assert "given, thank you" in client.get(f"/mentoring/partnerships/{partnership.id}").get_data(as_text=True)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_of_applications_pairs_and_the_report(app, client, login, fmt):
    boss = coordinator()
    cohort = CohortFactory(status=CohortStatus.MATCHING)
    goal = GoalFactory()
    first = ApplicationFactory(cohort=cohort, goals=[goal])
    ApplicationFactory(cohort=cohort, side=Side.LEADER, goals=[goal])
    run = matchmaking.run_matching(cohort, actor=boss)
    db.session.commit()
    login(boss)
    for url in (f"/mentoring/cohorts/{cohort.id}/applications.{fmt}",
                f"/mentoring/runs/{run.id}/pairs.{fmt}",
                f"/mentoring/cohorts/{cohort.id}/report.{fmt}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'.{fmt}"' in response.headers["Content-Disposition"]
        if fmt == "csv":
            assert response.get_data(as_text=True).startswith("\ufeff")
        else:
            assert load_workbook(io.BytesIO(response.data)).active.max_row >= 2
    text = client.get(f"/mentoring/cohorts/{cohort.id}/applications.csv").get_data(as_text=True)
    assert first.user.email in text
    assert client.get(f"/mentoring/cohorts/{cohort.id}/applications.pdf").status_code == 404


def test_run_page_queries_do_not_grow_with_the_pairs(app, client, login, count_queries):
    boss = coordinator()
    goal = GoalFactory()

    def run_with(partners):
        cohort = CohortFactory(status=CohortStatus.MATCHING)
        for _ in range(partners):
            ApplicationFactory(cohort=cohort, goals=[goal])
        ApplicationFactory(cohort=cohort, side=Side.LEADER, goals=[goal], capacity=4)
        ApplicationFactory(cohort=cohort, side=Side.LEADER, goals=[goal], capacity=4)
        return matchmaking.run_matching(cohort, actor=boss)

    small, large = run_with(3), run_with(12)
    db.session.commit()
    login(boss)
    counts = []
    for run in (small, large):
        for url in (f"/mentoring/runs/{run.id}", f"/mentoring/cohorts/{run.cohort_id}/applications",
                    f"/mentoring/cohorts/{run.cohort_id}"):
            db.session.expire_all()  # each request starts with nothing loaded, as in production
            g.pop("_login_user", None)
            with count_queries() as counter:
                assert client.get(url).status_code == 200
            counts.append(counter.count)
    assert counts[:3] == counts[3:]


def test_partnership_list_queries_do_not_grow_with_the_partnerships(app, client, login, count_queries):
    boss = coordinator()
    cohort = CohortFactory(status=CohortStatus.RUNNING)
    PartnershipFactory(cohort=cohort)
    db.session.commit()
    login(boss)
    url = f"/mentoring/cohorts/{cohort.id}/partnerships"

    def measure():
        db.session.expire_all()
        client.get(url)  # the same warm-up each time: the signed-in person is loaded again
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    one = measure()
    for _ in range(5):
        MeetingFactory(partnership=PartnershipFactory(cohort=cohort))
    db.session.commit()
    assert measure() == one


def test_the_forbid_button_records_a_ban(app, client, login):
    boss = coordinator()
    cohort = CohortFactory(status=CohortStatus.MATCHING)
    partner = ApplicationFactory(cohort=cohort)
    leader = ApplicationFactory(cohort=cohort, side=Side.LEADER)
    db.session.commit()
    login(boss)
    client.post(f"/mentoring/cohorts/{cohort.id}/decisions", data={
        "partner_application_id": partner.id, "leader_application_id": leader.id, "kind": "forbidden",
        "back": "https://elsewhere.example/"})
    decision = db.session.scalars(select(PairDecision)).one()
    assert decision.kind == DecisionKind.FORBIDDEN
    response = client.post(f"/mentoring/decisions/{decision.id}/remove", data={"back": "//evil.example"})
    assert response.headers["Location"].endswith(f"/mentoring/cohorts/{cohort.id}")
    assert db.session.scalars(select(PairDecision)).all() == []


def test_the_coordinator_home_panel_and_partner_panel_say_what_to_do(app, client, login):
    boss = coordinator()
    cohort = CohortFactory(status=CohortStatus.OPEN)
    ApplicationFactory(cohort=cohort)
    partnership = PartnershipFactory(status=PartnershipStatus.AWAITING, started_on=None,
                                     partner_response="pending", leader_response="pending")
    db.session.commit()
    login(boss)
    home = client.get("/").get_data(as_text=True)
    assert "Run matching" in home or "run matching" in home
    client.post("/logout")
    login(partnership.partner)
    assert "Accept your mentoring match" in client.get("/").get_data(as_text=True)
    client.post("/logout")
    login(UserFactory())
    assert "Apply for reciprocal mentoring" in client.get("/").get_data(as_text=True)


def test_a_coordinator_reading_an_application_is_audited(app, client, login):
    application = ApplicationFactory()
    boss = coordinator()
    db.session.commit()
    login(application.user)
    client.get(f"/mentoring/applications/{application.id}")
    client.post("/logout")
    login(boss)
    assert client.get(f"/mentoring/applications/{application.id}").status_code == 200
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "mentoring.application_viewed")).all()
    assert [(e.actor_id, e.subject_id) for e in events] == [(boss.id, application.user_id)]


def test_an_absurd_meeting_date_is_refused_beside_its_field(app, client, login):
    partnership = PartnershipFactory()
    db.session.commit()
    login(partnership.partner)
    response = client.post(f"/mentoring/partnerships/{partnership.id}/meetings/new", data={
        "met_on": "1900-01-01", "format": "in_person", "minutes": "50"})
    assert response.status_code == 200
    assert "Date you met must be no earlier than" in response.get_data(as_text=True)
    assert db.session.scalars(select(MentoringMeeting)).all() == []
    with app.test_request_context(method="POST", data={
            "met_on": (today() + timedelta(days=1)).isoformat(), "format": "in_person",
            "minutes": "50"}):
        form = MeetingForm()
        assert not form.validate()
        assert form.met_on.errors == ["Date you met must not be in the future"]


def test_an_absurd_cohort_date_is_refused_beside_its_field(app, client, login):
    boss = coordinator()
    programme = ProgrammeFactory()
    db.session.commit()
    login(boss)
    data = {"name": "Cohort 2199", "opens_on": "2199-01-01", "closes_on": "2199-02-01",
            "matching_on": "2199-02-10", "starts_on": "2199-03-01", "duration_months": "12",
            "meeting_interval_weeks": "4"}
    response = client.post(f"/mentoring/programmes/{programme.id}/cohorts/new", data=data)
    assert response.status_code == 200
    assert "Applications open must be no later than" in response.get_data(as_text=True)
    assert db.session.scalars(select(MentoringCohort)).all() == []
    with app.test_request_context(method="POST", data={**data, "opens_on": "1900-01-01"}):
        form = CohortForm()
        assert not form.validate()
        assert form.opens_on.errors[0].startswith("Applications open must be no earlier than")
        assert form.closes_on.errors[0].startswith("Applications close must be no later than")


def test_closing_applications_before_the_advertised_date_asks_for_confirmation(app, client, login):
    cohort = CohortFactory(status=CohortStatus.OPEN, closes_on=today() + timedelta(days=5),
                           matching_on=today() + timedelta(days=6))
    ApplicationFactory(cohort=cohort, side=Side.PARTNER)
    boss = coordinator()
    db.session.commit()
    login(boss)
    # The button on the cohort's page leads to the confirmation first: nothing changes yet.
    response = client.post(f"/mentoring/cohorts/{cohort.id}/status", data={"status": "matching"})
    assert response.location == f"/mentoring/cohorts/{cohort.id}/close-applications"
    db.session.refresh(cohort)
    assert cohort.status == CohortStatus.OPEN
    page = client.get(response.location).get_data(as_text=True)
    assert f"Close applications before {cohort.closes_on:%-d %B %Y}?" in page
    assert "6 more days" in page and "Cancel" in page and 'name="confirmed" value="yes"' in page

    response = client.post(f"/mentoring/cohorts/{cohort.id}/status",
                           data={"status": "matching", "confirmed": "yes"})
    assert response.location == f"/mentoring/cohorts/{cohort.id}"
    db.session.refresh(cohort)
    assert cohort.status == CohortStatus.MATCHING
    assert db.session.scalar(select(AuditEvent.detail).where(
        AuditEvent.action == "mentoring.cohort_status")) == {"before": "open", "after": "matching"}
    # Once closed there is nothing to confirm.
    assert client.get(f"/mentoring/cohorts/{cohort.id}/close-applications").location == (
        f"/mentoring/cohorts/{cohort.id}")


def test_closing_applications_after_the_advertised_date_needs_no_confirmation(app, client, login):
    cohort = CohortFactory(status=CohortStatus.OPEN, opens_on=today() - timedelta(days=20),
                           closes_on=today() - timedelta(days=1), matching_on=today())
    boss = coordinator()
    db.session.commit()
    login(boss)
    response = client.post(f"/mentoring/cohorts/{cohort.id}/status", data={"status": "matching"})
    assert response.location == f"/mentoring/cohorts/{cohort.id}"
    db.session.refresh(cohort)
    assert cohort.status == CohortStatus.MATCHING


def test_only_the_cohorts_coordinators_see_the_confirmation(app, client, login):
    cohort = CohortFactory(status=CohortStatus.OPEN)
    admin = UserFactory(roles=[Role.ADMIN])
    db.session.commit()
    login(admin)
    assert client.get(f"/mentoring/cohorts/{cohort.id}/close-applications").status_code == 403
    assert client.post(f"/mentoring/cohorts/{cohort.id}/status",
                       data={"status": "matching", "confirmed": "yes"}).status_code == 403
    db.session.refresh(cohort)
    assert cohort.status == CohortStatus.OPEN
