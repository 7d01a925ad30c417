"""The training-record import: every bad row reported, all or nothing, records follow the person."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from academy.courses import compliance as compliance_queries
from academy.courses.imports import ImportRejected, import_training_records
from academy.courses.models import TrainingImport, TrainingRecord
from academy.courses.rules import Compliance
from academy.extensions import db
from academy.people.roles import Role
from academy.people.services import change_job
from tests import factories
from tests.courses.factories import CourseFactory, RequirementFactory, SubjectFactory

TODAY = date(2026, 6, 15)


@pytest.fixture
def setting(app):
    trust = factories.OrganisationFactory(name="Trust")
    care_home = factories.OrganisationFactory(name="Care home")
    fire = SubjectFactory(name="Fire Safety", level="Level 1", renewal_months=24)
    ipc1 = SubjectFactory(name="Infection Prevention and Control", level="Level 1", renewal_months=36)
    ipc2 = SubjectFactory(name="Infection Prevention and Control", level="Level 2", renewal_months=12)
    CourseFactory(title="Clinical update day", code="CUD-1", subjects_satisfied=[ipc2, fire])
    CourseFactory(title="Team building", code="TB-1")
    lead = factories.UserFactory(employer=trust)
    person = factories.UserFactory(employer=trust, employee_number="10001")
    other = factories.UserFactory(employer=trust, employee_number="10002")
    return {"trust": trust, "care_home": care_home, "fire": fire, "ipc1": ipc1, "ipc2": ipc2,
            "lead": lead, "person": person, "other": other}


def run(setting, text: str):
    return import_training_records(setting["trust"], "records.csv", text.encode("utf-8"),
                                   setting["lead"], TODAY)


def records() -> int:
    return db.session.scalar(select(func.count()).select_from(TrainingRecord))


def test_a_good_file_is_imported_with_expiries(setting):
    batch = run(setting, (
        "Employee Number,Subject,Completion Date,Expiry Date\n"
        "10001,Fire Safety,01/03/2025,\n"
        "10002,Infection Prevention and Control Level 2,2025-04-10,2025-12-31\n"
        "10001,NHS|CSTF|Fire Safety - 2 Years|,02/03/2024,\n"
        "10002,Clinical update day,15-Jan-2026,\n"
    ))
    assert batch.rows == 4 and batch.created == 5
    fire = db.session.scalar(select(TrainingRecord).where(
        TrainingRecord.user_id == setting["person"].id,
        TrainingRecord.completed_on == date(2025, 3, 1)))
    assert fire.expires_on == date(2027, 3, 1) and not fire.expiry_given
    given = db.session.scalar(select(TrainingRecord).where(TrainingRecord.expires_on == date(2025, 12, 31)))
    assert given.expiry_given
    # A course name counts for each subject the course satisfies.
    assert {r.subject_id for r in db.session.scalars(select(TrainingRecord).where(
        TrainingRecord.completed_on == date(2026, 1, 15)))} == {setting["fire"].id, setting["ipc2"].id}


def test_a_file_with_bad_rows_changes_nothing_and_lists_every_bad_row(setting):
    before = records()
    with pytest.raises(ImportRejected) as rejected:
        run(setting, (
            "employee number,course name,completion date,expiry date\n"
            "10001,Fire Safety,01/03/2025,\n"               # line 2: good
            "99999,Fire Safety,01/03/2025,\n"               # line 3: unknown person
            "10002,Underwater basket weaving,01/03/2025,\n"  # line 4: unknown subject
            "10002,Infection Prevention and Control,01/03/2025,\n"  # line 5: which level?
            "10001,Fire Safety,31/02/2025,\n"               # line 6: not a date
            "10001,Fire Safety,01/03/2030,\n"               # line 7: future
            "10001,Fire Safety,01/03/2025,01/01/2025\n"     # line 8: expiry before completion
            ",,,\n"                                         # line 9: blank, skipped
            ",Fire Safety,,\n"                              # line 10: two things missing
            "10001,Team building,01/03/2025,\n"             # line 11: course counts for nothing
        ))
    errors = dict(rejected.value.errors)
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 10, 11]
    assert "99999" in errors[3]
    assert "no subject or course is called 'Underwater basket weaving'" in errors[4]
    assert "more than one subject" in errors[5]
    assert "not a date" in errors[6]
    assert "in the future" in errors[7]
    assert "not after the completion date" in errors[8]
    assert "employee number is missing" in errors[10] and "completion date is missing" in errors[10]
    assert "does not count towards any mandatory subject" in errors[11]
    assert records() == before
    assert db.session.scalar(select(func.count()).select_from(TrainingImport)) == 0


def test_a_file_without_the_needed_columns_is_refused(setting):
    with pytest.raises(ImportRejected) as rejected:
        run(setting, "name,date\nAisha,01/01/2025\n")
    assert rejected.value.errors == [(1, "the header has no column for employee number, "
                                         "subject or course name, completion date")]


def test_importing_twice_does_not_duplicate(setting):
    text = "Employee Number,Subject,Completion Date\n10001,Fire Safety,01/03/2025\n"
    assert run(setting, text).created == 1
    assert run(setting, text).created == 0
    assert records() == 1


def test_prior_learning_counts_with_a_new_employer(setting):
    RequirementFactory(subject=setting["fire"], staff_group="Additional Clinical Services")
    person = setting["person"]
    today = date.today()
    import_training_records(setting["trust"], "records.csv", (
        "Employee Number,Subject,Completion Date\n"
        f"10001,Fire Safety,{today.replace(day=1):%d/%m/%Y}\n").encode(), setting["lead"], today)
    admin = factories.UserFactory(roles=[Role.ADMIN])
    change_job(person, organisation=setting["care_home"], job_role=person.job_role, team=None,
               starts_on=today, reason="Moved to the care home", actor=admin)
    db.session.flush()
    assert person.employer_id == setting["care_home"].id
    [(subject, state)] = compliance_queries.person_compliance(person.id, today)
    assert subject.id == setting["fire"].id and state.status == Compliance.COMPLIANT
