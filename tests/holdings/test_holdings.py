"""Holdings: the best evidence in force per person and subject, higher levels holding lower ones,
read by compliance, rebuilt idempotently from the command line."""

from __future__ import annotations

from datetime import date

from academy.courses import compliance
from academy.courses.imports import import_training_records
from academy.courses.rules import Compliance
from academy.extensions import db
from academy.holdings import queries, services
from academy.holdings.models import Holding
from academy.holdings.rules import Evidence, Source, covered, holdings_from
from academy.people.roles import Role
from tests import factories
from tests.courses.factories import RequirementFactory, SubjectFactory

TODAY = date(2026, 6, 15)


def test_a_higher_level_holds_the_lower_ones_along_the_chain():
    cover = covered({1: None, 2: 1, 3: 2, 4: None})
    assert cover[3] == {1, 2, 3} and cover[2] == {1, 2} and cover[4] == {4}
    old = Evidence(7, 1, Source.IMPORT, date(2025, 1, 1), date(2028, 1, 1), training_record_id=1)
    level3 = Evidence(7, 3, Source.COURSE, date(2024, 1, 1), date(2027, 1, 1), training_record_id=2)
    held = holdings_from([old, level3], cover)
    assert held[(7, 1)] is old  # the later expiry counts
    assert held[(7, 2)] is level3 and held[(7, 3)] is level3


def test_a_cycle_in_the_subject_data_stops():
    assert covered({1: 2, 2: 1}) == {1: {1, 2}, 2: {1, 2}}


def setting():
    trust = factories.OrganisationFactory(name="Trust")
    lead = factories.UserFactory(employer=trust, roles=[Role.LEARNING_LEAD])
    person = factories.UserFactory(employer=trust, employee_number="10001")
    sg1 = SubjectFactory(name="Safeguarding Adults", level="Level 1", renewal_months=36)
    sg2 = SubjectFactory(name="Safeguarding Adults", level="Level 2", renewal_months=36, includes_id=sg1.id)
    sg3 = SubjectFactory(name="Safeguarding Adults", level="Level 3", renewal_months=36, includes_id=sg2.id)
    for subject in (sg1, sg2):
        RequirementFactory(subject=subject, job_role=person.job_role, staff_group=None)
    return trust, lead, person, (sg1, sg2, sg3)


def test_level_3_makes_the_person_compliant_at_levels_1_and_2_and_says_so(app):
    trust, lead, person, (sg1, sg2, sg3) = setting()
    import_training_records(trust, "records.csv", (
        b"Employee Number,Subject,Completion Date\n10001,Safeguarding Adults Level 3,01/03/2025\n"
    ), lead, TODAY)
    held = queries.held(person.id)
    assert set(held) == {sg1.id, sg2.id, sg3.id}
    assert held[sg1.id].source == Source.IMPORT and held[sg1.id].held_subject_id == sg3.id
    assert held[sg1.id].where_from == "Training record at Trust (through Safeguarding Adults, Level 3)"
    statuses = {s.id: st.status for s, st in compliance.person_compliance(person.id, TODAY)}
    assert statuses == {sg1.id: Compliance.COMPLIANT, sg2.id: Compliance.COMPLIANT}


def test_rebuild_from_the_command_line_restores_a_damaged_table_and_is_idempotent(app, runner):
    trust, lead, person, (sg1, _sg2, _sg3) = setting()
    import_training_records(trust, "records.csv", (
        b"Employee Number,Subject,Completion Date\n10001,Safeguarding Adults Level 3,01/03/2025\n"
    ), lead, TODAY)
    db.session.commit()
    kept = services.table()
    db.session.execute(db.delete(Holding).where(Holding.subject_id == sg1.id))
    db.session.execute(db.update(Holding).values(expires_on=date(2030, 1, 1)))
    db.session.commit()
    result = runner.invoke(args=["academy", "holdings", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "3 holdings" in result.output and "1 added, 2 changed, 0 removed" in result.output
    db.session.expire_all()
    assert services.table() == kept
    again = runner.invoke(args=["academy", "holdings", "rebuild"])
    assert "0 added, 0 changed, 0 removed" in again.output
