"""The fellowship pages: the lead runs a cohort from the pages; a fellow's page is theirs, their
mentor's, their coach's and the lead's; the cohort report and the backfill download."""

import io
from datetime import timedelta
from decimal import Decimal

from openpyxl import load_workbook
from sqlalchemy import select

from academy.extensions import db
from academy.people.roles import Role
from academy.talent.fellowships import rules, services
from academy.talent.fellowships.models import (
    BackfillPayment,
    CohortMilestone,
    Fellow,
    FellowOutcome,
    FellowshipCohort,
    FellowshipProgramme,
    MilestoneKind,
    Outcome,
    Placement,
)
from academy.timekeeping import today
from tests.conftest import sign_in
from tests.factories import OrganisationFactory, UserFactory
from tests.talent.conversations.factories import held_conversation
from tests.talent.fellowships.factories import CohortFactory, FellowFactory, PlacementFactory, lead


def text(response) -> str:
    return response.get_data(as_text=True)


def test_a_lead_sets_up_a_cohort_with_fellows_placements_and_milestones(client, app):
    runner = lead()
    fellow_person = UserFactory(given_name="Chioma")
    mentor = UserFactory()
    coach = UserFactory(roles=[Role.COACH])
    host = OrganisationFactory(name="Wakefield Council")
    db.session.commit()
    sign_in(client, runner)

    client.post("/fellowships/programmes/new", data={"name": "West Yorkshire Fellowship",
                                                     "description": "For ethnically diverse colleagues"})
    programme_id = db.session.scalars(select(FellowshipProgramme.id)).one()
    start = today()
    response = client.post(f"/fellowships/programmes/{programme_id}/cohorts/new", data={
        "name": "Cohort 4", "starts_on": start.isoformat(),
        "placement_starts_on": rules.months_after(start, 6).isoformat(),
        "ends_on": rules.months_after(start, 18).isoformat(),
    })
    cohort = db.session.scalars(select(FellowshipCohort)).one()
    assert response.location == f"/fellowships/cohorts/{cohort.id}"

    unknown = client.post(f"/fellowships/cohorts/{cohort.id}/fellows/new",
                          data={"email": "nobody@example.nhs.uk", "mentor_email": "", "coach": ""})
    assert "Nobody on the Academy has this e-mail address" in text(unknown)
    response = client.post(f"/fellowships/cohorts/{cohort.id}/fellows/new", data={
        "email": fellow_person.email, "mentor_email": mentor.email, "coach": str(coach.id),
    })
    fellow = db.session.scalars(select(Fellow)).one()
    assert response.location == f"/fellowships/fellows/{fellow.id}/placement"
    assert (fellow.mentor_id, fellow.coach_id) == (mentor.id, coach.id)

    client.post(f"/fellowships/fellows/{fellow.id}/placement", data={
        "host": str(host.id), "project": "Discharge to assess", "description": "",
        "supervisor_email": "", "starts_on": cohort.placement_starts_on.isoformat(), "ends_on": "",
        "days_per_week": "1",
    })
    placement = db.session.scalars(select(Placement)).one()
    assert placement.ends_on == rules.placement_ends(cohort.placement_starts_on)

    client.post(f"/fellowships/cohorts/{cohort.id}/milestones/new", data={
        "kind": "learning_set", "title": "Learning set 1",
        "due_on": (start + timedelta(days=30)).isoformat(),
    })
    milestone = db.session.scalars(select(CohortMilestone)).one()
    client.post(f"/fellowships/fellows/{fellow.id}/milestones/{milestone.id}/done",
                data={"completed_on": today().isoformat()})

    month = cohort.placement_starts_on.replace(day=1).isoformat()
    client.post(f"/fellowships/fellows/{fellow.id}/backfill", data={"month": month, "amount": "650.00"})
    assert db.session.scalars(select(BackfillPayment)).one().amount == Decimal("650.00")

    page = text(client.get(f"/fellowships/cohorts/{cohort.id}"))
    assert "Chioma" in page and "Discharge to assess" in page and "1 of 1" in page
    report = text(client.get(f"/fellowships/cohorts/{cohort.id}/report"))
    assert "Learning set 1" in report and "£650.00" in report and "Not yet" in report


def test_the_cohort_report_counts_outcomes_at_6_and_12_months(client, app):
    runner = lead()
    cohort = CohortFactory(starts_on=rules.months_after(today(), -32),
                           placement_starts_on=rules.months_after(today(), -26),
                           ends_on=rules.months_after(today(), -14))
    for outcome in [Outcome.PROMOTED, Outcome.PROMOTED, Outcome.MOVED_ROLE, Outcome.SAME_ROLE]:
        fellow = FellowFactory(cohort=cohort)
        for months in (6, 12):
            db.session.add(FellowOutcome(fellow_id=fellow.id, months=months, outcome=outcome,
                                         measured_on=rules.outcome_date(cohort.ends_on, months)))
    db.session.commit()
    sign_in(client, runner)
    report = text(client.get(f"/fellowships/cohorts/{cohort.id}/report"))
    assert "3 of 4 (75%)" in report


def test_a_fellow_s_page_is_for_the_fellow_mentor_coach_and_lead(client, app):
    coach = UserFactory(roles=[Role.COACH])
    mentor = UserFactory()
    fellow = FellowFactory(coach_id=coach.id, mentor_id=mentor.id)
    held_conversation(fellow.person, coach, notes="Private notes")
    others = [UserFactory(), UserFactory(roles=[Role.ADMIN]), UserFactory(roles=[Role.LEARNING_LEAD])]
    runner = lead()
    db.session.commit()
    url = f"/fellowships/fellows/{fellow.id}"
    for allowed in (fellow.person, mentor, coach, runner):
        sign_in(client, allowed)
        page = client.get(url)
        assert page.status_code == 200
        assert "Private notes" not in text(page)
        client.post("/logout")
    for denied in others:
        sign_in(client, denied)
        assert client.get(url).status_code == 403
        client.post("/logout")


def test_career_conversations_link_in_without_their_content(client, app):
    coach = UserFactory(roles=[Role.COACH])
    fellow = FellowFactory(coach_id=coach.id)
    conversation = held_conversation(fellow.person, coach, notes="Private notes", days_ago=3)
    runner = lead()
    db.session.commit()
    sign_in(client, fellow.person)
    page = text(client.get(f"/fellowships/fellows/{fellow.id}"))
    assert f'href="/conversations/{conversation.id}"' in page
    assert f"/conversations/slots?coach={coach.id}" in page
    client.post("/logout")
    sign_in(client, runner)
    page = text(client.get(f"/fellowships/fellows/{fellow.id}"))
    assert conversation.when in page
    assert f'href="/conversations/{conversation.id}"' not in page and "Private notes" not in page


def test_backfill_downloads_for_finance(client, app):
    runner = lead()
    placement = PlacementFactory()
    fellow = placement.fellow
    for n in range(3):
        services.record_backfill(fellow, month=rules.months_after(placement.starts_on.replace(day=1), n),
                                 amount=Decimal("650.00"), actor=runner)
    db.session.commit()
    sign_in(client, runner)
    csv = client.get(f"/fellowships/cohorts/{fellow.cohort_id}/backfill?format=csv")
    assert csv.status_code == 200 and text(csv).count("650.00") == 3
    xlsx = client.get(f"/fellowships/cohorts/{fellow.cohort_id}/backfill?format=xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.data)).active.iter_rows(values_only=True))
    assert rows[0] == ("Fellow", "Employee number", "Paid to", "Month", "Amount (£)")
    assert len(rows) == 4 and rows[1][4] == 650


def test_the_cohort_page_runs_the_same_queries_for_few_or_many_fellows(client, app, count_queries):
    runner = lead()
    cohort = CohortFactory()
    services.add_milestone(cohort, kind=MilestoneKind.LEARNING_SET, title="Learning set 1",
                           due_on=cohort.starts_on + timedelta(days=30), actor=runner)
    PlacementFactory(fellow=FellowFactory(cohort=cohort, mentor_id=UserFactory().id))
    db.session.commit()
    sign_in(client, runner)

    def queries() -> int:
        db.session.expire_all()
        with count_queries() as counter:
            assert client.get(f"/fellowships/cohorts/{cohort.id}").status_code == 200
        return counter.count

    few = queries()
    for _ in range(8):
        PlacementFactory(fellow=FellowFactory(cohort=cohort, mentor_id=UserFactory().id))
    db.session.commit()
    assert queries() == few


def test_people_who_are_not_fellows_see_how_to_join(client, app):
    sign_in(client, UserFactory())
    assert "West Yorkshire Fellowship Programme is for colleagues" in text(client.get("/fellowships/"))


def test_a_cohort_starting_in_another_century_is_refused_beside_its_date(client, app):
    runner = lead()
    cohort = CohortFactory()
    db.session.commit()
    sign_in(client, runner)
    response = client.post(f"/fellowships/programmes/{cohort.programme_id}/cohorts/new", data={
        "name": "Cohort 9", "starts_on": "1926-09-01", "placement_starts_on": "1927-03-01",
        "ends_on": "1928-03-01",
    })
    page = text(response)
    assert response.status_code == 200
    assert "Development period starts must be no earlier than" in page and "(a year ago)" in page
    assert 'id="starts_on-error"' in page
    assert "Programme ends must be no earlier than" in page
    assert db.session.scalars(select(FellowshipCohort).where(FellowshipCohort.name == "Cohort 9")).first() is None


def test_only_an_active_fellow_can_be_withdrawn_from_their_page(client, app):
    runner = lead()
    fellow = FellowFactory()
    db.session.commit()
    sign_in(client, runner)
    withdraw = f"/fellowships/fellows/{fellow.id}/withdraw"
    assert withdraw in text(client.get(f"/fellowships/fellows/{fellow.id}"))
    client.post(withdraw)
    assert db.session.get(Fellow, fellow.id).is_withdrawn
    page = text(client.get(f"/fellowships/fellows/{fellow.id}"))
    assert withdraw not in page and "Withdrawn" in page
    cohort = text(client.get(f"/fellowships/cohorts/{fellow.cohort_id}"))
    assert '<strong class="nhsuk-tag nhsuk-tag--grey">Withdrawn</strong>' in cohort
