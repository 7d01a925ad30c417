"""The compliance counts kept beside the holdings: what the compliance pages read, equal at every
moment to counting afresh, whoever changed what and however (a completion, a move, a leaver, a
requirement, a staff file written in bulk, a new day)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from academy.courses import compliance
from academy.courses.imports import import_training_records
from academy.courses.models import Requirement
from academy.courses.rules import Compliance
from academy.extensions import db
from academy.holdings import counts
from academy.holdings.models import ComplianceCount, CountedDay, PersonStanding
from academy.jobs import run_job
from academy.people.roles import Role
from academy.people.staff_files import services as staff_files
from academy.schedule import JOBS
from academy.timekeeping import today
from tests import factories
from tests.conftest import sign_in
from tests.courses.factories import SubjectFactory
from tests.courses.test_compliance_pages import text_of
from tests.people.staff_files.files import person as staff_row
from tests.people.staff_files.files import staff_csv

TODAY = date(2026, 6, 15)


def kept_equals_counted_afresh(day=TODAY) -> tuple[dict, dict]:
    counts.settle(day)
    kept = counts.table()
    counts.recount_all(day)
    assert counts.table() == kept
    return kept


def setting():
    trust = factories.OrganisationFactory(name="Trust")
    lead = factories.UserFactory(employer=trust, roles=[Role.LEARNING_LEAD])
    ward, clinic = (factories.TeamFactory(organisation=trust, name=n) for n in ("Ward 12", "Clinic"))
    fire = SubjectFactory(name="Fire Safety", level="Level 1", renewal_months=24)
    nurse = factories.JobRoleFactory(name="Staff nurse")
    db.session.add(Requirement(subject_id=fire.id, job_role_id=nurse.id))
    people = [factories.UserFactory(employer=trust, team=ward, job_role=nurse,
                                    employee_number=f"N{n}") for n in range(3)]
    db.session.flush()
    return trust, lead, (ward, clinic), fire, people


def fire_csv(*numbers_and_dates) -> bytes:
    return ("Employee Number,Subject,Completion Date\n" + "".join(
        f"{number},Fire Safety Level 1,{done:%d/%m/%Y}\n" for number, done in numbers_and_dates)
    ).encode()


def test_a_completion_is_counted_in_the_same_transaction_for_every_level(app):
    trust, lead, (ward, _clinic), fire, people = setting()
    counts.recount_all(TODAY)
    assert compliance.organisation_matrix(None, TODAY).cell(trust.id, fire.id).never_done == 3
    import_training_records(trust, "records.csv", fire_csv(("N0", TODAY - timedelta(days=30))),
                            lead, TODAY)
    # Not committed yet: the reader settles this transaction's marks first.
    cell = compliance.organisation_matrix(None, TODAY).cell(trust.id, fire.id)
    assert (cell.required, cell.compliant, cell.never_done) == (3, 1, 2)
    team = compliance.team_matrix(trust.id, [ward], TODAY).cell(ward.id, fire.id)
    assert (team.required, team.compliant) == (3, 1)
    standing = db.session.get(PersonStanding, people[0].id)
    assert (standing.required, standing.compliant, standing.overdue) == (1, 1, 0)
    overdue = db.session.scalars(compliance.people_query(
        compliance.User.employer_id == trust.id, TODAY, statuses=compliance.OVERDUE)).unique().all()
    assert {p.id for p in overdue} == {people[1].id, people[2].id}
    kept_equals_counted_afresh()


def test_moving_team_leaving_and_a_new_requirement_move_the_counts(app):
    trust, lead, (ward, clinic), fire, people = setting()
    counts.recount_all(TODAY)
    people[0].team = clinic
    people[1].is_active_account = False
    matrix = compliance.team_matrix(trust.id, [ward, clinic], TODAY)
    assert matrix.cell(ward.id, fire.id).required == 1
    assert matrix.cell(clinic.id, fire.id).required == 1
    assert db.session.get(PersonStanding, people[1].id) is None  # a leaver is not counted
    moving = SubjectFactory(name="Moving and Handling", level="Level 1", renewal_months=36)
    db.session.add(Requirement(subject_id=moving.id, staff_group=people[0].job_role.staff_group))
    assert compliance.team_matrix(trust.id, [clinic], TODAY).cell(clinic.id, moving.id).required == 1
    kept_equals_counted_afresh()


def test_a_new_day_counts_again_and_an_expiry_passes(app):
    trust, lead, _teams, fire, people = setting()
    import_training_records(trust, "records.csv", fire_csv(("N0", TODAY - timedelta(days=700))),
                            lead, TODAY)
    cell = compliance.organisation_matrix(None, TODAY).cell(trust.id, fire.id)
    assert (cell.due, cell.expired) == (1, 0)
    later = TODAY + timedelta(days=31)  # two years after the completion: expired
    cell = compliance.organisation_matrix(None, later).cell(trust.id, fire.id)
    assert (cell.due, cell.expired) == (0, 1)
    assert db.session.scalar(select(CountedDay.counted_on)) == later
    kept_equals_counted_afresh(later)


def test_the_nightly_job_counts_for_the_new_day(app):
    setting()
    counts.recount_all(TODAY)
    db.session.commit()
    assert run_job(JOBS["courses.recount_compliance"], datetime(2026, 6, 16, 0, 1)) == "done"
    assert db.session.scalar(select(CountedDay.counted_on)) == date(2026, 6, 16)
    assert db.session.scalar(select(ComplianceCount.required)) == 3


def test_a_staff_file_written_in_bulk_is_counted(app):
    trust = factories.OrganisationFactory(name="Mid Yorkshire", short_name="MYT", code="RXF")
    admin = factories.UserFactory(employer=trust, employee_number=None, roles=[(Role.ADMIN, trust)])
    fire = SubjectFactory(name="Fire Safety", level="Level 1", renewal_months=24)
    db.session.add(Requirement(subject_id=fire.id, staff_group="Nursing and Midwifery Registered"))
    db.session.commit()
    counts.recount_all(TODAY)

    def apply(*rows):
        preview = staff_files.preview(trust, staff_csv(*rows), "staff.csv", admin)
        staff_files.apply(preview.staff_import, admin)
        db.session.commit()

    apply(staff_row("E1"), staff_row("E2"))
    cells, people = kept_equals_counted_afresh(today())
    teams = {key: c for key, c in cells.items() if key[1] != "all" and key[2] == fire.id}
    assert sum(c[0] for c in teams.values()) == 2 and len(people) == 2
    assert cells[(trust.id, "all", fire.id)][0] == 2
    apply(staff_row("E1", team="Surgery/Ward 3"),
          staff_row("E2", end_date=f"{today() - timedelta(days=1):%Y-%m-%d}"))
    cells, people = kept_equals_counted_afresh(today())
    assert len(people) == 1
    assert [c[0] for key, c in cells.items() if key[1] != "all" and key[2] == fire.id] == [1]
    assert cells[(trust.id, "all", fire.id)][0] == 1


def test_the_rebuild_command_counts_compliance_too(app, runner):
    setting()
    db.session.commit()
    result = runner.invoke(args=["academy", "holdings", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "compliance counted for 3 people in 1 groups" in result.output
    assert db.session.scalar(select(ComplianceCount.required)) == 3
    assert compliance.compliance_report(None, today())[0].never_done == 3


def test_every_status_filter_of_the_people_lists_reads_the_standings(app):
    trust, lead, _teams, fire, people = setting()
    import_training_records(trust, "records.csv", fire_csv(
        ("N0", TODAY - timedelta(days=30)), ("N1", TODAY - timedelta(days=800))), lead, TODAY)
    everyone = compliance.User.employer_id == trust.id
    found = {status: [p.id for p in db.session.scalars(compliance.people_query(
        everyone, TODAY, statuses=(status,))).unique()] for status in Compliance}
    assert found == {Compliance.COMPLIANT: [people[0].id], Compliance.DUE: [],
                     Compliance.EXPIRED: [people[1].id], Compliance.NEVER_DONE: [people[2].id]}


def test_the_managers_home_page_reads_the_teams_standings(app, client):
    trust, lead, (ward, _clinic), fire, people = setting()
    manager = factories.UserFactory(employer=trust, roles=[Role.MANAGER])
    ward.manager_id = manager.id
    db.session.commit()
    sign_in(client, manager)
    assert "3 mandatory subjects expired or not done in your team" in text_of(client.get("/"))
    import_training_records(trust, "records.csv", fire_csv(
        *((p.employee_number, today() - timedelta(days=10)) for p in people)), lead, today())
    db.session.commit()
    assert "Your team&#39;s mandatory training is up to date" in text_of(client.get("/"))
