"""The LNA demo data gives each demo sign-in's journey something real to see."""

from datetime import date

from sqlalchemy import func, select

from academy import demo
from academy.extensions import db
from academy.lna import listings, permissions, queries
from academy.lna.models import (
    AssessmentRound,
    AssessmentStatus,
    Competency,
    CompetencyFramework,
    RoleProfile,
    RoundStatus,
    SelfAssessment,
)
from academy.people.models import Organisation, User
from tests.conftest import sign_in


def test_demo_has_frameworks_profiles_rounds_and_answers(app, client):
    demo.build(staff=60, seed=3, today=date(2026, 11, 23))
    db.session.commit()
    codes = set(db.session.scalars(select(CompetencyFramework.code)))
    assert {"CORE", "CC", "DIG", "LEAD", "ACP"} <= codes
    assert db.session.scalar(select(func.count()).select_from(Competency)) >= 60
    assert db.session.scalar(select(func.count()).select_from(RoleProfile)) >= 30
    statuses = set(db.session.scalars(select(AssessmentRound.status)))
    assert {RoundStatus.OPEN, RoundStatus.CLOSED} <= statuses

    def person(email):
        return db.session.scalar(select(User).where(User.email == email))

    staff = person("staff@demo.academy")
    open_round = db.session.scalar(select(AssessmentRound).where(
        AssessmentRound.status == RoundStatus.OPEN))
    mine = db.session.scalar(select(SelfAssessment).where(
        SelfAssessment.user_id == staff.id, SelfAssessment.round_id == open_round.id))
    assert mine.status == AssessmentStatus.INVITED
    assert listings.waiting_for_validation(person("manager@demo.academy")) >= 3
    council = person("learninglead@demo.academy")
    visible = permissions.report_organisation_ids(council)
    assert visible == {db.session.scalar(select(Organisation.id).where(
        Organisation.short_name == "WMDC ASC"))}
    rows = queries.responses(queries.Scope(open_round.id, frozenset(visible)), "organisation")
    assert len(rows) == 1 and rows[0].submitted > 0
    # Courses in the demo catalogue develop the demo's competencies.
    groups = queries.covering_courses(queries.Scope(open_round.id), *_window())
    assert groups
    sign_in(client, staff, "academy-demo-2026")
    home = client.get("/").get_data(as_text=True)
    assert "learning needs self-assessment" in home


def _window():
    from datetime import timedelta

    from academy.timekeeping import utcnow

    now = utcnow()
    return now, now + timedelta(days=365)
