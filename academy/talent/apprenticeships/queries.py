"""Read models for apprenticeships: who sees which apprentices, lists, dashboards, cohorts, year on
year and representation. Aggregation happens in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, case, distinct, extract, false, func, or_, select, true
from sqlalchemy.orm import joinedload, selectinload

from academy.errors import DomainError
from academy.extensions import db
from academy.people.equality import QUESTIONS
from academy.people.models import EqualityProfile, Organisation, RoleAssignment, User
from academy.people.queries import managed_team_ids
from academy.people.roles import Role
from academy.talent.apprenticeships import permissions, rules
from academy.talent.apprenticeships.models import (
    Apprentice,
    ApprenticeshipCohort,
    ApprenticeshipStandard,
    ApprenticeStatus,
    AssessmentAttempt,
    FundingRule,
    GatewayCheck,
    OffTheJobEntry,
    ProgressReview,
)

S = ApprenticeStatus


def funding_rules() -> list[FundingRule]:
    return list(db.session.scalars(select(FundingRule).order_by(FundingRule.effective_from)))


def rule_on(day: date, table: list[FundingRule] | None = None) -> FundingRule:
    """The funding rule in force on a day. Raises DomainError when none is recorded for it."""
    try:
        return rules.rule_in_force(table if table is not None else funding_rules(), day)
    except LookupError as error:
        raise DomainError(f"No funding rule is recorded for {day:%-d %B %Y}") from error


def required_otj_hours(rule: FundingRule, standard: ApprenticeshipStandard, start: date,
                       planned_end: date, weekly_hours) -> int | None:
    """The off-the-job hours a plan must hold under the rule in force at the start (None: the
    standard's published minimum is to confirm). The one place the rule's figures are read."""
    return rules.required_otj_hours(
        start, planned_end, weekly_hours, basis=rule.otj_basis.value, percent=rule.otj_percent,
        floor_hours=rule.otj_floor_hours, standard_minimum=standard.min_off_the_job_hours,
        weekly_hours_cap=rule.otj_weekly_hours_cap)


def employer_staff(organisation_id: int) -> int:
    """How many active staff the employer has on the platform (for rules by employer size)."""
    return db.session.scalar(select(func.count()).select_from(User).where(
        User.employer_id == organisation_id, User.is_active_account.is_(True))) or 0


def levy_co_investment_rate(start_on: date, table: list[FundingRule] | None = None):
    """The levy payer's share of what its funds do not meet, by the apprenticeship's start date
    (the ledger, the forecast and the apprentice's page all read it here)."""
    return rule_on(start_on, table).levy_co_investment_percent


def coordinators_of(organisation_id: int) -> list[User]:
    """The apprenticeship coordinators scoped to one partner (not the partnership-wide ones)."""
    return list(db.session.scalars(
        select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.role == Role.APPRENTICESHIP_COORDINATOR,
               RoleAssignment.organisation_id == organisation_id,
               User.is_active_account.is_(True))))


def pool_leads() -> list[User]:
    return list(db.session.scalars(
        select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.role == Role.APPRENTICESHIP_COORDINATOR,
               RoleAssignment.organisation_id.is_(None), User.is_active_account.is_(True))))


def scope_clause(viewer: User, column=Apprentice.employer_id):
    """Limit a column of organisation ids to the partners the viewer coordinates."""
    scopes = permissions.coordinator_scopes(viewer)
    if None in scopes:
        return true()
    return column.in_(scopes) if scopes else false()


def apprentice_visibility(viewer: User):
    """A WHERE clause limiting apprentices to those the viewer may see."""
    scopes = permissions.coordinator_scopes(viewer)
    if None in scopes:
        return true()
    clauses = [Apprentice.user_id == viewer.id]
    if scopes:
        clauses.append(Apprentice.employer_id.in_(scopes))
    if viewer.has_role(Role.MANAGER):
        clauses.append(Apprentice.user_id.in_(select(User.id).where(or_(
            User.line_manager_id == viewer.id, User.team_id.in_(managed_team_ids(viewer))))))
    return or_(*clauses)


@dataclass
class ApprenticeFilters:
    q: str = ""
    organisation_id: int | None = None
    status: str | None = None
    rag: str | None = None
    standard_id: int | None = None
    cohort_id: int | None = None
    funding_source: str | None = None


def apprentices_query(viewer: User, filters: ApprenticeFilters) -> Select:
    query = (
        select(Apprentice)
        .join(User, User.id == Apprentice.user_id)
        .options(joinedload(Apprentice.person), joinedload(Apprentice.employer),
                 joinedload(Apprentice.standard), joinedload(Apprentice.cohort))
        .where(apprentice_visibility(viewer))
    )
    if filters.q:
        like = f"%{filters.q.strip().lower()}%"
        query = query.where(or_(
            func.lower(User.given_name + " " + User.family_name).like(like),
            func.lower(User.email).like(like), func.lower(User.employee_number).like(like),
            Apprentice.uln.like(like)))
    if filters.organisation_id:
        query = query.where(Apprentice.employer_id == filters.organisation_id)
    if filters.status:
        query = query.where(Apprentice.status == filters.status)
    if filters.rag == "at_risk":
        query = query.where(Apprentice.rag.in_(["red", "amber"]))
    elif filters.rag:
        query = query.where(Apprentice.rag == filters.rag)
    if filters.standard_id:
        query = query.where(Apprentice.standard_id == filters.standard_id)
    if filters.cohort_id:
        query = query.where(Apprentice.cohort_id == filters.cohort_id)
    if filters.funding_source:
        query = query.where(Apprentice.funding_source == filters.funding_source)
    severity = case((Apprentice.rag == "red", 0), (Apprentice.rag == "amber", 1), else_=2)
    return query.order_by(severity, User.family_name, User.given_name, Apprentice.id)


def reviews_of(apprentice: Apprentice) -> list[ProgressReview]:
    """The apprentice's progress reviews, latest first."""
    return list(db.session.scalars(select(ProgressReview).where(
        ProgressReview.apprentice_id == apprentice.id).order_by(ProgressReview.held_on.desc())))


def assessments_of(apprentice: Apprentice) -> list[AssessmentAttempt]:
    return list(db.session.scalars(select(AssessmentAttempt).where(
        AssessmentAttempt.apprentice_id == apprentice.id).order_by(AssessmentAttempt.booked_for)))


def open_assessment(apprentice: Apprentice) -> AssessmentAttempt | None:
    """The assessment booked and still waiting for its result."""
    return db.session.scalar(select(AssessmentAttempt).where(
        AssessmentAttempt.apprentice_id == apprentice.id, AssessmentAttempt.result.is_(None)))


def gateway_done(apprentice: Apprentice) -> set[str]:
    """The gateway items ticked for the apprentice."""
    return set(db.session.scalars(select(GatewayCheck.item).where(
        GatewayCheck.apprentice_id == apprentice.id)))


def off_the_job_log(apprentice: Apprentice) -> Select:
    """The apprentice's off-the-job entries, latest first (to paginate)."""
    return (select(OffTheJobEntry).options(selectinload(OffTheJobEntry.logged_by))
            .where(OffTheJobEntry.apprentice_id == apprentice.id)
            .order_by(OffTheJobEntry.worked_on.desc(), OffTheJobEntry.id.desc()))


def off_the_job_entry(apprentice: Apprentice, entry_id: int) -> OffTheJobEntry | None:
    return db.session.scalar(select(OffTheJobEntry).where(
        OffTheJobEntry.id == entry_id, OffTheJobEntry.apprentice_id == apprentice.id))


def own_apprenticeships(user: User) -> list[Apprentice]:
    return list(db.session.scalars(
        select(Apprentice).options(joinedload(Apprentice.standard), joinedload(Apprentice.employer))
        .where(Apprentice.user_id == user.id).order_by(Apprentice.start_on.desc())))


@dataclass(frozen=True)
class Headline:
    live: int = 0
    waiting: int = 0
    paused: int = 0
    completed: int = 0
    stopped: int = 0
    red: int = 0
    amber: int = 0
    green: int = 0
    reviews_overdue: int = 0


def headline(viewer: User, today: date, organisation_id: int | None = None) -> Headline:
    """Counts by status and red-amber-green for what the viewer may see, in one query."""
    def count(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    query = select(
        count(Apprentice.status == S.LIVE), count(Apprentice.status == S.WAITING_TO_START),
        count(Apprentice.status == S.PAUSED), count(Apprentice.status == S.COMPLETED),
        count(Apprentice.status == S.STOPPED), count(Apprentice.rag == "red"),
        count(Apprentice.rag == "amber"), count(Apprentice.rag == "green"),
        count(and_(Apprentice.status == S.LIVE, Apprentice.next_review_due_on < today)),
    ).where(apprentice_visibility(viewer))
    if organisation_id:
        query = query.where(Apprentice.employer_id == organisation_id)
    return Headline(*db.session.execute(query).one())


@dataclass(frozen=True)
class CohortRow:
    cohort_id: int | None
    name: str
    organisation: str | None
    starts: int
    on_track: int
    at_risk: int
    paused: int
    completed: int
    withdrawn: int


def cohort_dashboard(viewer: User) -> list[CohortRow]:
    """Per cohort: starts, on track, at risk, paused, completed and withdrawn."""
    def count(condition):
        return func.sum(case((condition, 1), else_=0))

    rows = db.session.execute(
        select(
            Apprentice.cohort_id, ApprenticeshipCohort.name, Organisation.short_name, func.count(Apprentice.id),
            count(and_(Apprentice.status == S.LIVE, Apprentice.rag == "green")),
            count(Apprentice.rag.in_(["red", "amber"])), count(Apprentice.status == S.PAUSED),
            count(Apprentice.status == S.COMPLETED), count(Apprentice.status == S.STOPPED),
        )
        .select_from(Apprentice)
        .outerjoin(ApprenticeshipCohort, ApprenticeshipCohort.id == Apprentice.cohort_id)
        .outerjoin(Organisation, Organisation.id == ApprenticeshipCohort.organisation_id)
        .where(apprentice_visibility(viewer))
        .group_by(Apprentice.cohort_id, ApprenticeshipCohort.name, Organisation.short_name, ApprenticeshipCohort.starts_on)
        .order_by(ApprenticeshipCohort.starts_on.desc().nulls_last(), ApprenticeshipCohort.name)
    ).all()
    return [CohortRow(r[0], r[1] or "No cohort", r[2], *map(int, r[3:])) for r in rows]


def cohorts_for(viewer: User) -> list[ApprenticeshipCohort]:
    return list(db.session.scalars(
        select(ApprenticeshipCohort).options(joinedload(ApprenticeshipCohort.organisation))
        .where(or_(ApprenticeshipCohort.organisation_id.is_(None),
                   scope_clause(viewer, ApprenticeshipCohort.organisation_id)))
        .order_by(ApprenticeshipCohort.starts_on.desc().nulls_last(), ApprenticeshipCohort.name)))


@dataclass(frozen=True)
class YearRow:
    year: int
    starts: int
    completions: int

    @property
    def label(self) -> str:
        return rules.academic_year_label(self.year)


def _academic_year(column):
    return case((extract("month", column) >= 8, extract("year", column)),
                else_=extract("year", column) - 1)


def year_on_year(viewer: User, organisation_id: int | None = None) -> list[YearRow]:
    """Starts and completions per academic year (August to July)."""
    def grouped(column, *where):
        year = _academic_year(column).label("year")
        query = select(year, func.count()).where(apprentice_visibility(viewer), *where)
        if organisation_id:
            query = query.where(Apprentice.employer_id == organisation_id)
        return {int(y): n for y, n in db.session.execute(query.group_by(year))}

    starts = grouped(Apprentice.start_on, Apprentice.status != S.WAITING_TO_START)
    completions = grouped(Apprentice.ended_on, Apprentice.status == S.COMPLETED)
    years = sorted(set(starts) | set(completions))
    return [YearRow(y, starts.get(y, 0), completions.get(y, 0)) for y in years]


def change(rows: list[YearRow], attribute: str) -> list[str]:
    """Year-on-year change as text ("+12%"), empty where the year before had none."""
    result = [""]
    for before, now in zip(rows, rows[1:], strict=False):
        old, new = getattr(before, attribute), getattr(now, attribute)
        result.append(f"{(new - old) / old * 100:+.0f}%" if old else "")
    return result


# Representation ------------------------------------------------------------------------------

ETHNIC_GROUPS = [
    ("white", "White"), ("mixed", "Mixed or multiple ethnic groups"),
    ("asian", "Asian or Asian British"), ("black", "Black or Black British"),
    ("other", "Other ethnic group"), ("prefer_not_to_say", "Prefer not to say"),
]
NOT_ANSWERED = ("not_answered", "Not answered")
CHARACTERISTICS = [name for name in QUESTIONS]


def categories(characteristic: str) -> list[tuple[str, str]]:
    if characteristic == "ethnicity":
        return [*ETHNIC_GROUPS, NOT_ANSWERED]
    return [*QUESTIONS[characteristic][1], NOT_ANSWERED]


def _category(characteristic: str):
    column = getattr(EqualityProfile, characteristic)
    if characteristic != "ethnicity":
        return func.coalesce(column, NOT_ANSWERED[0])
    return case(
        (column.is_(None), NOT_ANSWERED[0]),
        (column == "prefer_not_to_say", "prefer_not_to_say"),
        (column.like("white%"), "white"), (column.like("mixed%"), "mixed"),
        (column.like("asian%"), "asian"), (column.like("black%"), "black"),
        else_="other")


def representation_counts(viewer: User, characteristic: str,
                          organisation_id: int | None) -> tuple[dict[str, int], dict[str, int]]:
    """Apprentices (everyone who has started one) and the workforce, by one characteristic.

    Counts only: the caller suppresses small numbers before anything is shown."""
    if characteristic not in QUESTIONS:
        raise ValueError(f"unknown characteristic {characteristic!r}")
    category = _category(characteristic).label("category")
    apprentice_people = select(Apprentice.user_id).where(
        apprentice_visibility(viewer), Apprentice.status != S.WAITING_TO_START)
    workforce = [User.is_active_account.is_(True), scope_clause(viewer, User.employer_id)]
    if organisation_id:
        apprentice_people = apprentice_people.where(Apprentice.employer_id == organisation_id)
        workforce.append(User.employer_id == organisation_id)

    def counts(*where):
        return {c: n for c, n in db.session.execute(
            select(category, func.count(distinct(User.id)))
            .select_from(User).outerjoin(EqualityProfile, EqualityProfile.user_id == User.id)
            .where(*where).group_by(category))}

    return counts(User.id.in_(apprentice_people)), counts(*workforce)


# Reference lookups ------------------------------------------------------------------------

def standards(*, q: str = "", level: int | None = None, include_retired: bool = True) -> Select:
    query = select(ApprenticeshipStandard).order_by(ApprenticeshipStandard.level, ApprenticeshipStandard.title)
    if q:
        like = f"%{q.strip().lower()}%"
        query = query.where(or_(func.lower(ApprenticeshipStandard.title).like(like),
                                func.lower(ApprenticeshipStandard.reference).like(like)))
    if level:
        query = query.where(ApprenticeshipStandard.level == level)
    if not include_retired:
        query = query.where(ApprenticeshipStandard.status != "retired")
    return query


def standards_by_reference(references: list[str]) -> list[ApprenticeshipStandard]:
    if not references:
        return []
    found = {s.reference: s for s in db.session.scalars(
        select(ApprenticeshipStandard).where(ApprenticeshipStandard.reference.in_(references)))}
    return [found[r] for r in references if r in found]


def organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))
