"""Read models for the LNA pages: frameworks, profiles, rounds, a person's self-assessments, the
validation queue. The reports' aggregations are in academy.lna.queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from academy.extensions import db
from academy.lna import permissions
from academy.lna.gaps import LearningMethod, Priority
from academy.lna.models import (
    AssessmentRound,
    AssessmentStatus,
    Competency,
    CompetencyFramework,
    CompetencyMapping,
    CompetencyRating,
    FrameworkDomain,
    LearningPlan,
    RoleProfile,
    RoleRequirement,
    RoundStatus,
    SelfAssessment,
    asking_order,
    round_organisation,
)
from academy.people.models import JobRole, Organisation, Team, User
from academy.people.queries import managed_team_ids


def frameworks_with_counts() -> list[tuple[CompetencyFramework, int]]:
    counts = (
        select(Competency.framework_id, func.count().label("n"))
        .group_by(Competency.framework_id).subquery()
    )
    rows = db.session.execute(
        select(CompetencyFramework, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.framework_id == CompetencyFramework.id)
        .order_by(CompetencyFramework.name)
    ).all()
    return [(framework, n) for framework, n in rows]


def framework_with_competencies(framework_id: int) -> CompetencyFramework | None:
    return db.session.scalar(
        select(CompetencyFramework)
        .options(selectinload(CompetencyFramework.domains).selectinload(FrameworkDomain.competencies)
                 .selectinload(Competency.descriptors))
        .where(CompetencyFramework.id == framework_id)
    )


def competency_mappings_query(q: str = "") -> Select:
    """Competencies recorded as the same, searched by either one's code, name or framework."""
    one, other = aliased(Competency), aliased(Competency)
    one_framework, other_framework = aliased(CompetencyFramework), aliased(CompetencyFramework)
    one_first = one_framework.name <= other_framework.name  # as CompetencyMapping.pair shows them
    query = (
        select(CompetencyMapping)
        .join(one, one.id == CompetencyMapping.competency_id)
        .join(other, other.id == CompetencyMapping.same_as_id)
        .join(one_framework, one_framework.id == one.framework_id)
        .join(other_framework, other_framework.id == other.framework_id)
        .options(joinedload(CompetencyMapping.competency).joinedload(Competency.framework),
                 joinedload(CompetencyMapping.same_as).joinedload(Competency.framework))
        .order_by(case((one_first, one_framework.name), else_=other_framework.name),
                  case((one_first, one.code), else_=other.code))
    )
    if q:
        like = f"%{q.lower()}%"
        query = query.where(or_(*(func.lower(column).like(like) for column in (
            one.code, one.name, other.code, other.name, one_framework.name, other_framework.name))))
    return query


def competency_choices() -> list[tuple[int, str]]:
    """Every competency, by framework in asking order, named with its framework."""
    rows = db.session.execute(
        select(Competency.id, Competency.code, Competency.name, CompetencyFramework.name)
        .join(FrameworkDomain, FrameworkDomain.id == Competency.domain_id)
        .join(CompetencyFramework, CompetencyFramework.id == Competency.framework_id)
        .order_by(*asking_order())
    ).all()
    return [(cid, f"{framework}: {code} {name}") for cid, code, name, framework in rows]


def framework_export_rows(framework: CompetencyFramework) -> list[dict]:
    """The framework's competencies in order, as framework_csv.write takes them."""
    competencies = db.session.scalars(
        select(Competency)
        .join(FrameworkDomain, FrameworkDomain.id == Competency.domain_id)
        .options(joinedload(Competency.domain), selectinload(Competency.descriptors))
        .where(Competency.framework_id == framework.id)
        .order_by(FrameworkDomain.position, Competency.position, Competency.code)
    ).all()
    return [
        {"domain": c.domain.name, "code": c.code, "name": c.name, "description": c.description,
         "descriptors": {d.level: d.text for d in c.descriptors}}
        for c in competencies
    ]


def all_frameworks() -> list[CompetencyFramework]:
    """Every framework with its domains and competencies loaded (for the profile editor)."""
    return list(db.session.scalars(
        select(CompetencyFramework)
        .options(selectinload(CompetencyFramework.domains).selectinload(FrameworkDomain.competencies))
        .order_by(CompetencyFramework.name)
    ))


def profiles_overview() -> list[tuple[JobRole, int, int]]:
    """Every job role with its number of requirements and of essential ones."""
    counts = (
        select(
            RoleProfile.job_role_id,
            func.count(RoleRequirement.id).label("n"),
            func.count(RoleRequirement.id).filter(RoleRequirement.is_essential.is_(True)).label("e"),
        )
        .join(RoleRequirement, RoleRequirement.profile_id == RoleProfile.id)
        .group_by(RoleProfile.job_role_id).subquery()
    )
    rows = db.session.execute(
        select(JobRole, func.coalesce(counts.c.n, 0), func.coalesce(counts.c.e, 0))
        .outerjoin(counts, counts.c.job_role_id == JobRole.id)
        .order_by(JobRole.sector, JobRole.name, JobRole.afc_band)
    ).all()
    return [(role, n, e) for role, n, e in rows]


def profile_requirements(job_role_id: int) -> tuple[RoleProfile | None, dict[int, RoleRequirement]]:
    profile = db.session.scalar(
        select(RoleProfile).options(selectinload(RoleProfile.requirements))
        .where(RoleProfile.job_role_id == job_role_id)
    )
    return profile, ({r.competency_id: r for r in profile.requirements} if profile else {})


def rounds_query(viewer: User) -> Select:
    """Rounds the viewer may see: every round for a partnership lead, else rounds reaching
    their organisations (or every partner)."""
    query = (
        select(AssessmentRound)
        .options(selectinload(AssessmentRound.organisations), selectinload(AssessmentRound.frameworks))
        .order_by(AssessmentRound.opens_on.desc(), AssessmentRound.id.desc())
    )
    own = permissions.report_organisation_ids(viewer)
    if own is None:
        return query
    reaching = select(round_organisation.c.round_id).where(
        round_organisation.c.organisation_id.in_(own))
    everyone = ~select(round_organisation.c.round_id).where(
        round_organisation.c.round_id == AssessmentRound.id).exists()
    return query.where(or_(AssessmentRound.id.in_(reaching), everyone))


def opened_rounds(viewer: User, *, besides: AssessmentRound | None = None) -> list[AssessmentRound]:
    """The rounds the viewer may see that have been opened (a draft has no answers to report),
    leaving out `besides`."""
    query = rounds_query(viewer).where(AssessmentRound.status != RoundStatus.DRAFT)
    if besides is not None:
        query = query.where(AssessmentRound.id != besides.id)
    return list(db.session.scalars(query))


def report_organisations(round_: AssessmentRound, visible: set[int] | None) -> list[Organisation]:
    """The organisations a report of the round may be narrowed to: those it reaches (every
    partner when it names none) that the reader may see (every one when `visible` is None)."""
    query = select(Organisation).order_by(Organisation.name)
    if visible is not None:
        query = query.where(Organisation.id.in_(visible))
    if round_.organisations:
        query = query.where(Organisation.id.in_([o.id for o in round_.organisations]))
    return list(db.session.scalars(query))


def teams_of(organisation_id: int) -> list[Team]:
    return list(db.session.scalars(
        select(Team).where(Team.organisation_id == organisation_id).order_by(Team.name)))


def job_roles() -> list[JobRole]:
    return list(db.session.scalars(select(JobRole).order_by(JobRole.name, JobRole.afc_band)))


def round_counts(round_ids: list[int], organisation_ids: set[int] | None = None) -> dict[int, dict[str, int]]:
    """For each round: how many people are invited, have started, submitted, been validated."""
    if not round_ids:
        return {}
    query = (
        select(
            SelfAssessment.round_id,
            func.count(),
            func.count().filter(SelfAssessment.status != AssessmentStatus.INVITED),
            func.count().filter(SelfAssessment.status == AssessmentStatus.SUBMITTED),
            func.count().filter(SelfAssessment.validated_at.is_not(None)),
        )
        .where(SelfAssessment.round_id.in_(round_ids))
        .group_by(SelfAssessment.round_id)
    )
    if organisation_ids is not None:
        query = query.where(SelfAssessment.organisation_id.in_(organisation_ids))
    return {
        r[0]: {"invited": r[1], "started": r[2], "submitted": r[3], "validated": r[4]}
        for r in db.session.execute(query)
    }


def my_assessments(user: User) -> list[SelfAssessment]:
    return list(db.session.scalars(
        select(SelfAssessment).options(joinedload(SelfAssessment.round))
        .join(AssessmentRound, AssessmentRound.id == SelfAssessment.round_id)
        .where(SelfAssessment.user_id == user.id)
        .order_by(AssessmentRound.closes_on.desc())
    ))


@dataclass
class Section:
    """One page of a self-assessment: a framework's domain and the ratings asked in it.

    A competency asked once for two frameworks shows on the page of the one asked; `readers`
    holds, under that rating's id, the ratings of the other frameworks that read its answer.
    """

    number: int
    framework: CompetencyFramework
    domain: FrameworkDomain
    ratings: list[CompetencyRating] = field(default_factory=list)
    readers: dict[int, list[CompetencyRating]] = field(default_factory=dict)

    def read_by(self, rating: CompetencyRating) -> list[CompetencyRating]:
        """The ratings of other frameworks that read this rating's answer."""
        return self.readers.get(rating.id, [])

    @property
    def answered(self) -> int:
        return sum(1 for r in self.ratings if r.self_level is not None)

    @property
    def is_complete(self) -> bool:
        return self.answered == len(self.ratings)

    @property
    def status(self) -> str:
        if self.is_complete:
            return "Completed"
        return "In progress" if self.answered else "Not started"


def sections(assessment: SelfAssessment) -> list[Section]:
    """The ratings asked grouped into pages, by framework then domain, in framework order; each
    competency asked once for several frameworks is on one page only, naming the others."""
    ratings = db.session.scalars(
        select(CompetencyRating)
        .join(Competency, Competency.id == CompetencyRating.competency_id)
        .join(FrameworkDomain, FrameworkDomain.id == Competency.domain_id)
        .join(CompetencyFramework, CompetencyFramework.id == Competency.framework_id)
        .options(
            joinedload(CompetencyRating.competency).joinedload(Competency.domain)
            .joinedload(FrameworkDomain.framework),
            joinedload(CompetencyRating.competency).selectinload(Competency.descriptors),
        )
        .where(CompetencyRating.self_assessment_id == assessment.id)
        .order_by(*asking_order())
    ).unique().all()
    readers: dict[int, list[CompetencyRating]] = {}
    for rating in ratings:
        if rating.answered_with_id is not None:
            readers.setdefault(rating.answered_with_id, []).append(rating)
    found: list[Section] = []
    for rating in ratings:
        if rating.answered_with_id is not None:
            continue
        domain = rating.competency.domain
        if not found or found[-1].domain.id != domain.id:
            found.append(Section(len(found) + 1, domain.framework, domain))
        found[-1].ratings.append(rating)
        if rating.id in readers:
            found[-1].readers[rating.id] = readers[rating.id]
    return found


def validation_query(manager: User, *, waiting_only: bool = False) -> Select:
    """Submitted self-assessments of the people the manager line-manages or whose team they run."""
    query = (
        select(SelfAssessment)
        .join(User, User.id == SelfAssessment.user_id)
        .options(joinedload(SelfAssessment.user).joinedload(User.job_role),
                 joinedload(SelfAssessment.round))
        .where(
            SelfAssessment.status == AssessmentStatus.SUBMITTED,
            SelfAssessment.user_id != manager.id,
            or_(User.line_manager_id == manager.id, User.team_id.in_(managed_team_ids(manager))),
        )
        .order_by(SelfAssessment.validated_at.is_not(None), SelfAssessment.submitted_at, User.family_name)
    )
    if waiting_only:
        query = query.where(SelfAssessment.validated_at.is_(None))
    return query


def waiting_for_validation(manager: User) -> int:
    return db.session.scalar(
        select(func.count()).select_from(validation_query(manager, waiting_only=True).subquery()))


@dataclass(frozen=True)
class GapRow:
    competency_id: int
    code: str
    name: str
    framework: str
    required_level: int
    self_level: int | None
    manager_level: int | None
    gap: int
    weighted_gap: int
    is_essential: bool
    priority: Priority | None
    preferred_method: LearningMethod | None


def gap_rows(assessment: SelfAssessment) -> list[GapRow]:
    """The person's gaps, largest weighted gap first (the stored figures of academy.lna.gaps)."""
    rows = db.session.execute(
        select(CompetencyRating, Competency, CompetencyFramework.name)
        .join(Competency, Competency.id == CompetencyRating.competency_id)
        .join(CompetencyFramework, CompetencyFramework.id == Competency.framework_id)
        .where(CompetencyRating.self_assessment_id == assessment.id, CompetencyRating.gap > 0)
        .order_by(CompetencyRating.weighted_gap.desc(), CompetencyRating.gap.desc(), Competency.code)
    ).all()
    return [
        GapRow(c.id, c.code, c.name, framework, r.required_level, r.self_level, r.manager_level,
               r.gap, r.weighted_gap, r.is_essential, r.priority, r.preferred_method)
        for r, c, framework in rows
    ]


def learning_plan(assessment: SelfAssessment) -> LearningPlan | None:
    return db.session.scalar(
        select(LearningPlan).options(selectinload(LearningPlan.items))
        .where(LearningPlan.self_assessment_id == assessment.id)
    )


def scope_choices(viewer: User) -> dict:
    """Organisations, top-level teams, job roles and staff groups a lead may pick a scope from."""
    own = permissions.report_organisation_ids(viewer)
    organisations = select(Organisation).order_by(Organisation.name)
    teams = (select(Team).options(joinedload(Team.organisation))
             .where(Team.parent_id.is_(None)).order_by(Team.name))
    if own is not None:
        organisations = organisations.where(Organisation.id.in_(own))
        teams = teams.where(Team.organisation_id.in_(own))
    return {
        "organisations": list(db.session.scalars(organisations)),
        "teams": list(db.session.scalars(teams)),
        "job_roles": job_roles(),
        "staff_groups": list(db.session.scalars(
            select(JobRole.staff_group).distinct().order_by(JobRole.staff_group))),
        "frameworks": list(db.session.scalars(
            select(CompetencyFramework).order_by(CompetencyFramework.name))),
    }
