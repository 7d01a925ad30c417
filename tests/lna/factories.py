"""Factories and small builders for learning needs analysis tests (flush, never commit)."""

from __future__ import annotations

from datetime import date, timedelta

import factory

from academy.extensions import db
from academy.lna.models import (
    AssessmentRound,
    Competency,
    CompetencyFramework,
    FrameworkDomain,
    RoleProfile,
    RoleRequirement,
    RoundStatus,
)
from academy.people.roles import Role
from academy.timekeeping import today, utcnow
from tests.factories import Base, UserFactory


class FrameworkFactory(Base):
    class Meta:
        model = CompetencyFramework

    code = factory.Sequence(lambda n: f"FW{n}")
    name = factory.Sequence(lambda n: f"Framework {n}")


class DomainFactory(Base):
    class Meta:
        model = FrameworkDomain

    framework = factory.SubFactory(FrameworkFactory)
    name = factory.Sequence(lambda n: f"Domain {n}")
    position = factory.Sequence(lambda n: n)


class CompetencyFactory(Base):
    class Meta:
        model = Competency

    domain = factory.SubFactory(DomainFactory)
    framework = factory.SelfAttribute("domain.framework")
    code = factory.Sequence(lambda n: f"C-{n:03d}")
    name = factory.Sequence(lambda n: f"Competency {n}")
    position = factory.Sequence(lambda n: n)


def framework_with(domains: dict[str, int], code: str | None = None) -> list[Competency]:
    """A framework with the given domains and numbers of competencies; its competencies in order."""
    framework = FrameworkFactory(**({"code": code} if code else {}))
    competencies = []
    for name, count in domains.items():
        domain = DomainFactory(framework=framework, name=name)
        competencies += [CompetencyFactory(domain=domain) for _ in range(count)]
    return competencies


def profile(job_role, requirements: dict[Competency, tuple[int, bool]]) -> RoleProfile:
    row = RoleProfile(job_role_id=job_role.id)
    db.session.add(row)
    db.session.flush()
    for competency, (level, essential) in requirements.items():
        db.session.add(RoleRequirement(profile_id=row.id, competency_id=competency.id,
                                       required_level=level, is_essential=essential))
    db.session.flush()
    return row


def learning_lead(organisation=None, **kwargs):
    return UserFactory(roles=[(Role.LEARNING_LEAD, organisation)], **kwargs)


def open_round(frameworks, organisations=(), lead=None, **kwargs) -> AssessmentRound:
    """An open round (without invitations: call services.rounds.invite_in_scope)."""
    lead = lead or learning_lead()
    round_ = AssessmentRound(
        name=kwargs.pop("name", "Spring LNA"), opens_on=kwargs.pop("opens_on", today()),
        closes_on=kwargs.pop("closes_on", today() + timedelta(days=28)),
        status=kwargs.pop("status", RoundStatus.OPEN), created_by_id=lead.id,
        opened_at=kwargs.pop("opened_at", utcnow()), **kwargs,
    )
    round_.frameworks = list(frameworks)
    round_.organisations = list(organisations)
    db.session.add(round_)
    db.session.flush()
    return round_


def day(offset: int = 0) -> date:
    return today() + timedelta(days=offset)


def answered_round(*, people_per_team: int = 3, levels=None, submit: bool = True, manager=None,
                   organisation=None, round_name: str = "Spring LNA", frameworks=None):
    """A round with two teams of people who have answered (and submitted) through the services.

    levels(person_index, competency_index) gives each self rating (default: a spread of gaps).
    Returns a dict of what was made.
    """
    from sqlalchemy import select

    from academy.lna.models import SelfAssessment
    from academy.lna.services import assessments, rounds
    from academy.lna.services.assessments import Answer
    from tests.factories import JobRoleFactory, OrganisationFactory, TeamFactory

    organisation = organisation or OrganisationFactory()
    manager = manager or UserFactory(employer=organisation, roles=[Role.MANAGER])
    teams = [TeamFactory(organisation=organisation, manager=manager) for _ in range(2)]
    if frameworks is None:
        competencies = framework_with({"Safety": 2, "People": 2})
    else:
        competencies = [c for f in frameworks for d in f.domains for c in d.competencies]
    role = JobRoleFactory()
    profile(role, {c: (3 if i % 2 == 0 else 2, i != 3) for i, c in enumerate(competencies)})
    people = [UserFactory(employer=organisation, team=team, job_role=role)
              for team in teams for _ in range(people_per_team)]
    round_ = open_round([competencies[0].framework], [organisation], name=round_name)
    rounds.invite_in_scope(round_, utcnow())
    levels = levels or (lambda p, c: (p + c) % 4)
    by_user = {a.user_id: a for a in db.session.scalars(
        select(SelfAssessment).where(SelfAssessment.round_id == round_.id))}
    for p, person in enumerate(people):
        assessment = by_user[person.id]
        assessments.start_assessment(assessment, actor=person)
        assessments.save_answers(assessment, {
            c.id: Answer(levels(p, i)) for i, c in enumerate(competencies)}, actor=person)
        if submit:
            assessments.submit_assessment(assessment, actor=person)
    return {"organisation": organisation, "manager": manager, "teams": teams, "role": role,
            "people": people, "round": round_, "competencies": competencies,
            "assessments": [by_user[p.id] for p in people]}
