"""Read models for induction pages: dashboards, new starters, the assessor's queue, programmes;
the passport's and the badges' in `passports` (exported here too)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, and_, case, func, or_, select, true
from sqlalchemy.orm import joinedload, selectinload

from academy.extensions import db
from academy.induction import rules
from academy.induction.models import (
    DONE_STATUSES,
    Evidence,
    Induction,
    InductionItem,
    InductionProgramme,
    InductionStatus,
    ItemReview,
    ItemStatus,
    RecognitionRule,
    induction_assessor,
)

# The passport's read models, where the pages and the tests have always found them.
from academy.induction.queries.passports import (  # noqa: F401
    Passport,
    PassportEntry,
    passport,
    revoked_indices,
    shares_of,
    status_list_exists,
)
from academy.people.models import JobHistory, Organisation, RoleAssignment, User
from academy.people.queries import managed_team_ids
from academy.people.roles import Role

# Who counts as a new starter to offer for an induction: their current job began this recently.
NEW_STARTER_DAYS = 180
CANDIDATE_LIMIT = 300


def inductions_of(person_id: int) -> list[Induction]:
    return db.session.scalars(
        select(Induction).options(joinedload(Induction.organisation))
        .where(Induction.user_id == person_id)
        .order_by(Induction.started_on.desc(), Induction.id.desc())
    ).all()


def current_induction(inductions: list[Induction]) -> Induction | None:
    """The one in progress, else the latest."""
    for induction in inductions:
        if induction.status == InductionStatus.IN_PROGRESS:
            return induction
    return inductions[0] if inductions else None


def load_induction(induction_id: int) -> Induction | None:
    return db.session.scalar(
        select(Induction)
        .options(
            joinedload(Induction.user).joinedload(User.team),
            joinedload(Induction.organisation),
            selectinload(Induction.assessors),
            selectinload(Induction.items).selectinload(InductionItem.evidence_files),
            selectinload(Induction.items).joinedload(InductionItem.achieved_at),
        )
        .where(Induction.id == induction_id)
    )


def load_item(item_id: int) -> InductionItem | None:
    return db.session.scalar(
        select(InductionItem)
        .options(
            joinedload(InductionItem.induction).joinedload(Induction.user),
            joinedload(InductionItem.induction).selectinload(Induction.assessors),
            selectinload(InductionItem.evidence_files).joinedload(Evidence.uploaded_by),
            selectinload(InductionItem.reviews).joinedload(ItemReview.assessor),
            joinedload(InductionItem.achieved_at),
            joinedload(InductionItem.assessed_by),
        )
        .where(InductionItem.id == item_id)
    )


def load_evidence(evidence_id: int) -> Evidence | None:
    return db.session.scalar(
        select(Evidence)
        .options(joinedload(Evidence.item).joinedload(InductionItem.induction)
                 .selectinload(Induction.assessors))
        .where(Evidence.id == evidence_id)
    )


def steps(induction: Induction) -> list[rules.Step]:
    return [rules.Step(i.id, i.position, i.status.value, i.due_on) for i in induction.items]


def item_counts(today: date):
    """Per induction: items, done, waiting for sign-off, returned and overdue (a subquery)."""
    done = InductionItem.status.in_(DONE_STATUSES)
    return (
        select(
            InductionItem.induction_id.label("induction_id"),
            func.count().label("total"),
            func.sum(case((done, 1), else_=0)).label("done"),
            func.sum(case((InductionItem.status == ItemStatus.SUBMITTED, 1), else_=0)).label("waiting"),
            func.sum(case((InductionItem.status == ItemStatus.RETURNED, 1), else_=0)).label("returned"),
            func.sum(case((and_(~done, InductionItem.due_on < today), 1), else_=0)).label("overdue"),
        )
        .group_by(InductionItem.induction_id)
        .subquery()
    )


def starters_scope(viewer: User):
    """Inductions a viewer may list: learning leads' and administrators' organisations, and the
    people a manager manages."""
    scopes: set[int | None] = viewer.role_scopes(Role.LEARNING_LEAD) | viewer.role_scopes(Role.ADMIN)
    if None in scopes:
        return true()
    clauses = []
    if scopes:
        clauses.append(Induction.organisation_id.in_(scopes))
    if viewer.has_role(Role.MANAGER):
        clauses.append(User.line_manager_id == viewer.id)
        clauses.append(User.team_id.in_(managed_team_ids(viewer)))
    return and_(or_(*clauses), User.id != viewer.id) if clauses else User.id == -1


def starters_query(
    viewer: User, *, today: date, status: str = "", overdue_only: bool = False, q: str = "",
) -> Select:
    """Inductions the viewer may list, newest first; pair a page of them with counts_for()."""
    counts = item_counts(today)
    query = (
        select(Induction)
        .join(User, User.id == Induction.user_id)
        .join(counts, counts.c.induction_id == Induction.id)
        .options(joinedload(Induction.user), joinedload(Induction.organisation))
        .where(starters_scope(viewer))
        .order_by(Induction.started_on.desc(), Induction.id.desc())
    )
    if status:
        query = query.where(Induction.status == status)
    if overdue_only:
        query = query.where(counts.c.overdue > 0, Induction.status == InductionStatus.IN_PROGRESS)
    if q:
        query = query.where(func.lower(User.given_name + " " + User.family_name).like(f"%{q.strip().lower()}%"))
    return query


@dataclass(frozen=True)
class Counts:
    total: int = 0
    done: int = 0
    waiting: int = 0
    returned: int = 0
    overdue: int = 0


def counts_for(induction_ids: list[int], today: date) -> dict[int, Counts]:
    """Item counts for a page of inductions, in one query."""
    counts = item_counts(today)
    rows = db.session.execute(
        select(counts).where(counts.c.induction_id.in_(induction_ids or [-1]))
    ).all()
    return {row.induction_id: Counts(row.total, row.done, row.waiting, row.returned, row.overdue)
            for row in rows}


def start_candidates(viewer: User, today: date) -> list[User]:
    """People the viewer may start, whose current job began recently, with no induction open at
    their current employer; newest first."""
    open_here = select(Induction.id).where(
        Induction.user_id == User.id, Induction.organisation_id == User.employer_id,
        Induction.status == InductionStatus.IN_PROGRESS,
    ).exists()
    current_spell_start = (
        select(func.max(JobHistory.started_on))
        .where(JobHistory.user_id == User.id, JobHistory.organisation_id == User.employer_id,
               JobHistory.ended_on.is_(None))
        .scalar_subquery()
    )
    admin_scopes = viewer.role_scopes(Role.ADMIN)
    clauses = []
    if None in admin_scopes:
        clauses.append(true())
    elif admin_scopes:
        clauses.append(User.employer_id.in_(admin_scopes))
    if viewer.has_role(Role.MANAGER):
        clauses.append(User.line_manager_id == viewer.id)
        clauses.append(User.team_id.in_(managed_team_ids(viewer)))
    if not clauses:
        return []
    return db.session.scalars(
        select(User)
        .options(joinedload(User.employer), joinedload(User.job_role))
        .where(or_(*clauses), User.id != viewer.id, User.is_active_account.is_(True), ~open_here,
               func.coalesce(current_spell_start, User.started_on) >= today - timedelta(days=NEW_STARTER_DAYS))
        .order_by(func.coalesce(current_spell_start, User.started_on).desc(), User.family_name)
        .limit(CANDIDATE_LIMIT)
    ).all()


def current_spell_start(person_id: int, organisation_id: int) -> date | None:
    return db.session.scalar(
        select(func.max(JobHistory.started_on)).where(
            JobHistory.user_id == person_id, JobHistory.organisation_id == organisation_id,
            JobHistory.ended_on.is_(None))
    )


def assessors_for(organisation_id: int) -> list[User]:
    """Assessors for an employer: those scoped to it and those for the whole partnership."""
    return db.session.scalars(
        select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
        .options(joinedload(User.employer))
        .where(RoleAssignment.role == Role.ASSESSOR, User.is_active_account.is_(True),
               or_(RoleAssignment.organisation_id == organisation_id,
                   RoleAssignment.organisation_id.is_(None)))
        .distinct().order_by(User.family_name, User.given_name)
    ).all()


def assessment_queue(assessor: User) -> list[InductionItem]:
    """Items waiting for this assessor's sign-off, oldest request first."""
    return db.session.scalars(
        select(InductionItem)
        .join(Induction, Induction.id == InductionItem.induction_id)
        .join(induction_assessor, induction_assessor.c.induction_id == Induction.id)
        .options(joinedload(InductionItem.induction).joinedload(Induction.user),
                 joinedload(InductionItem.induction).joinedload(Induction.organisation),
                 selectinload(InductionItem.evidence_files))
        .where(induction_assessor.c.assessor_id == assessor.id,
               Induction.status == InductionStatus.IN_PROGRESS,
               Induction.user_id != assessor.id,
               InductionItem.status == ItemStatus.SUBMITTED)
        .order_by(InductionItem.submitted_at, InductionItem.id)
    ).all()


def assessor_learners(assessor: User, today: date) -> list[tuple]:
    counts = item_counts(today)
    return db.session.execute(
        select(Induction, counts.c.total, counts.c.done, counts.c.waiting, counts.c.overdue)
        .join(induction_assessor, induction_assessor.c.induction_id == Induction.id)
        .join(counts, counts.c.induction_id == Induction.id)
        .options(joinedload(Induction.user), joinedload(Induction.organisation))
        .where(induction_assessor.c.assessor_id == assessor.id,
               Induction.status == InductionStatus.IN_PROGRESS)
        .order_by(Induction.started_on)
    ).all()


def waiting_for(assessor: User) -> int:
    return db.session.scalar(
        select(func.count()).select_from(InductionItem)
        .join(Induction, Induction.id == InductionItem.induction_id)
        .join(induction_assessor, induction_assessor.c.induction_id == Induction.id)
        .where(induction_assessor.c.assessor_id == assessor.id,
               Induction.status == InductionStatus.IN_PROGRESS, Induction.user_id != assessor.id,
               InductionItem.status == ItemStatus.SUBMITTED)
    )


def manager_summary(manager: User, today: date) -> tuple[int, int]:
    """(new starters in progress, of whom with something overdue) for a manager's home page."""
    counts = item_counts(today)
    row = db.session.execute(
        select(func.count(), func.sum(case((counts.c.overdue > 0, 1), else_=0)))
        .select_from(Induction)
        .join(User, User.id == Induction.user_id)
        .join(counts, counts.c.induction_id == Induction.id)
        .where(Induction.status == InductionStatus.IN_PROGRESS, User.id != manager.id,
               or_(User.line_manager_id == manager.id, User.team_id.in_(managed_team_ids(manager))))
    ).one()
    return row[0] or 0, row[1] or 0


def certificate_by_code(code: str) -> Induction | None:
    return db.session.scalar(
        select(Induction).options(joinedload(Induction.user), joinedload(Induction.organisation))
        .where(Induction.certificate_code == code.strip().upper(),
               Induction.status == InductionStatus.COMPLETED)
    )


def organisations_for(viewer: User) -> list[Organisation]:
    """Organisations a learning lead or administrator acts for (all, for partnership scope)."""
    scopes = viewer.role_scopes(Role.LEARNING_LEAD) | viewer.role_scopes(Role.ADMIN)
    query = select(Organisation).order_by(Organisation.name)
    if None not in scopes:
        query = query.where(Organisation.id.in_(scopes or {-1}))
    return db.session.scalars(query).all()


def programmes_for(viewer: User) -> list[InductionProgramme]:
    """The district-wide programmes, then those of the organisations the viewer acts for."""
    organisations = organisations_for(viewer)
    return db.session.scalars(
        select(InductionProgramme)
        .options(joinedload(InductionProgramme.organisation), joinedload(InductionProgramme.job_role),
                 selectinload(InductionProgramme.items))
        .where(or_(InductionProgramme.organisation_id.is_(None),
                   InductionProgramme.organisation_id.in_([o.id for o in organisations] or [-1])))
        .order_by(InductionProgramme.organisation_id.is_not(None), InductionProgramme.name)
    ).all()


def recognition_rules_for(viewer: User) -> list[RecognitionRule]:
    """The recognition rules of the organisations the viewer acts for."""
    organisations = organisations_for(viewer)
    return db.session.scalars(
        select(RecognitionRule)
        .options(joinedload(RecognitionRule.organisation), joinedload(RecognitionRule.source_organisation))
        .where(RecognitionRule.organisation_id.in_([o.id for o in organisations] or [-1]))
        .order_by(RecognitionRule.organisation_id, RecognitionRule.kind, RecognitionRule.subject_key)
    ).all()

