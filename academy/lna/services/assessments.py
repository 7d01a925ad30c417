"""A person's self-assessment: start, save answers as they go, submit; validation; learning plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, insert, literal, select, update

from academy.audit.services import record
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.lna import gaps, mapping, permissions
from academy.lna.gaps import LearningMethod, Priority
from academy.lna.models import (
    AssessmentStatus,
    Competency,
    CompetencyFramework,
    CompetencyMapping,
    CompetencyRating,
    FrameworkDomain,
    LearningPlan,
    LearningPlanItem,
    RoleProfile,
    RoleRequirement,
    RoundStatus,
    SelfAssessment,
    asking_order,
    round_framework,
)
from academy.notifications.email import external_url
from academy.notifications.services import notify
from academy.people.models import Team, User
from academy.timekeeping import utcnow

MAX_COMMENT = 1000


@dataclass(frozen=True)
class Answer:
    """What the person says about one competency; every part may be left out while saving."""

    level: int | None
    priority: Priority | None = None
    method: LearningMethod | None = None
    comment: str | None = None


@dataclass(frozen=True)
class Decision:
    """The manager's view of one rating: the level they confirm or adjust it to."""

    level: int
    comment: str | None = None


@dataclass(frozen=True)
class PlanChoice:
    competency_id: int
    course_id: int | None = None
    method: LearningMethod | None = None
    target_on: date | None = None
    note: str | None = None


def refresh_gap(rating: CompetencyRating) -> None:
    """Work the rating's gap and weighted gap out again by the rules in academy.lna.gaps."""
    rating.gap = gaps.gap(rating.required_level, rating.self_level, rating.manager_level)
    rating.weighted_gap = gaps.weighted_gap(rating.gap, rating.is_essential, rating.priority)


def _share_answers(assessment: SelfAssessment) -> None:
    """Competencies of the self-assessment that are the same (academy.lna.mapping) are asked
    once: the first in asking order is asked, the others read its answer."""
    ratings = db.session.execute(
        select(CompetencyRating.id, CompetencyRating.competency_id)
        .join(Competency, Competency.id == CompetencyRating.competency_id)
        .join(FrameworkDomain, FrameworkDomain.id == Competency.domain_id)
        .join(CompetencyFramework, CompetencyFramework.id == Competency.framework_id)
        .where(CompetencyRating.self_assessment_id == assessment.id)
        .order_by(*asking_order())
    ).all()
    place = {competency_id: (position, rating_id)
             for position, (rating_id, competency_id) in enumerate(ratings)}
    pairs = db.session.execute(
        select(CompetencyMapping.competency_id, CompetencyMapping.same_as_id)
        .where(CompetencyMapping.competency_id.in_(place), CompetencyMapping.same_as_id.in_(place))
    ).all()
    for group in mapping.groups(pairs):
        asked, *others = sorted(group, key=lambda competency_id: place[competency_id][0])
        db.session.execute(
            update(CompetencyRating)
            .where(CompetencyRating.id.in_([place[c][1] for c in others]))
            .values(answered_with_id=place[asked][1])
        )


def _readers(assessment: SelfAssessment) -> dict[int, list[CompetencyRating]]:
    """Rating id -> the ratings that read its answer (competencies asked once)."""
    found: dict[int, list[CompetencyRating]] = {}
    for rating in assessment.ratings:
        if rating.answered_with_id is not None:
            found.setdefault(rating.answered_with_id, []).append(rating)
    return found


def _write(rating: CompetencyRating, readers: list[CompetencyRating], **values) -> None:
    """The one place a rating's answer or its manager's level is written: to the rating asked
    and to every rating that reads it, so each framework's gap is worked out from the same
    answer against its own required level."""
    for target in (rating, *readers):
        for name, value in values.items():
            setattr(target, name, value)
        refresh_gap(target)


def _check_answering(assessment: SelfAssessment, actor: User) -> None:
    if not permissions.can_answer_assessment(actor, assessment):
        raise NotAllowed("Only the person themselves can answer their self-assessment")
    if assessment.status == AssessmentStatus.SUBMITTED:
        raise DomainError("You have already submitted this self-assessment")
    if assessment.round.status != RoundStatus.OPEN:
        raise DomainError("This round is closed: answers can no longer be changed")


def start_assessment(assessment: SelfAssessment, *, actor: User, now: datetime | None = None) -> int:
    """Copy the job role's requirements into the person's ratings (one INSERT ... SELECT) and mark
    the self-assessment started; returns the number of competencies to rate.

    The requirements are kept as they stand now, so a later change to the profile does not
    move the goalposts half-way. Raises NotAllowed, or DomainError when the round is not open
    or the job role asks for nothing in the round's frameworks.
    """
    now = now or utcnow()
    _check_answering(assessment, actor)
    existing = db.session.scalar(select(func.count()).select_from(CompetencyRating).where(
        CompetencyRating.self_assessment_id == assessment.id))
    if not existing:
        requirements = (
            select(
                literal(assessment.id), literal(assessment.round_id), RoleRequirement.competency_id,
                RoleRequirement.required_level, RoleRequirement.is_essential,
            )
            .join(RoleProfile, RoleProfile.id == RoleRequirement.profile_id)
            .join(Competency, Competency.id == RoleRequirement.competency_id)
            .join(round_framework, round_framework.c.framework_id == Competency.framework_id)
            .where(RoleProfile.job_role_id == assessment.job_role_id,
                   round_framework.c.round_id == assessment.round_id)
        )
        db.session.execute(insert(CompetencyRating).from_select(
            ["self_assessment_id", "round_id", "competency_id", "required_level", "is_essential"],
            requirements,
        ))
        existing = db.session.scalar(select(func.count()).select_from(CompetencyRating).where(
            CompetencyRating.self_assessment_id == assessment.id))
        if not existing:
            raise DomainError("Your job role has no competencies to rate in this round. "
                              "Ask your learning lead to check its role profile.")
        _share_answers(assessment)
        db.session.expire(assessment, ["ratings"])
    if assessment.status == AssessmentStatus.INVITED:
        assessment.status = AssessmentStatus.IN_PROGRESS
        assessment.started_at = now
        record(actor, "lna.assessment.started", assessment, subject=actor)
    db.session.flush()
    return existing


def save_answers(assessment: SelfAssessment, answers: dict[int, Answer], *, actor: User,
                 now: datetime | None = None) -> int:
    """Save answers for some competencies (one page of the self-assessment); returns how many.

    A competency asked once for two frameworks is answered under the one asked; both read
    the answer. Raises NotAllowed, or DomainError for a competency not in the self-assessment
    or answered with another, a level off the scale or a comment that is too long.
    """
    now = now or utcnow()
    _check_answering(assessment, actor)
    ratings = {r.competency_id: r for r in assessment.ratings}
    readers = _readers(assessment)
    for competency_id, answer in answers.items():
        rating = ratings.get(competency_id)
        if rating is None:
            raise DomainError("That competency is not part of your self-assessment")
        if rating.answered_with is not None:
            asked = rating.answered_with.competency
            raise DomainError(f"{rating.competency.code} is asked once with {asked.code} "
                              f"{asked.name}: answer it there")
        if answer.level is not None:
            try:
                gaps.check_level(answer.level)
            except ValueError as error:
                raise DomainError("Choose a level from 0 to 4",
                                  field=f"level_{competency_id}") from error
        comment = (answer.comment or "").strip() or None
        if comment and len(comment) > MAX_COMMENT:
            raise DomainError(f"Comments must be {MAX_COMMENT} characters or fewer",
                              field=f"comment_{competency_id}")
        _write(rating, readers.get(rating.id, []), self_level=answer.level,
               priority=answer.priority, preferred_method=answer.method, comment=comment,
               rated_at=now if answer.level is not None else rating.rated_at)
    if assessment.status == AssessmentStatus.INVITED:
        assessment.status = AssessmentStatus.IN_PROGRESS
        assessment.started_at = now
    db.session.flush()
    return len(answers)


def _manager_of(person: User) -> User | None:
    if person.line_manager is not None:
        return person.line_manager
    team = db.session.get(Team, person.team_id) if person.team_id else None
    while team is not None:
        if team.manager is not None and team.manager_id != person.id:
            return team.manager
        team = team.parent
    return None


def submit_assessment(assessment: SelfAssessment, *, actor: User, now: datetime | None = None) -> None:
    """Submit once every competency has a level; the person's manager is asked to validate.

    Raises NotAllowed, or DomainError saying how many competencies are still to rate.
    """
    now = now or utcnow()
    _check_answering(assessment, actor)
    ratings = assessment.ratings
    if not ratings:
        raise DomainError("Start your self-assessment before submitting it")
    missing = sum(1 for r in ratings if r.answered_with_id is None and r.self_level is None)
    if missing:
        raise DomainError(f"Rate every competency before submitting: {missing} still "
                          f"{'has' if missing == 1 else 'have'} no level")
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = now
    record(actor, "lna.assessment.submitted", assessment, subject=actor)
    manager = _manager_of(assessment.user)
    if manager is not None:
        notify(
            manager,
            f"{assessment.user.name} has submitted their learning needs self-assessment for "
            f"“{assessment.round.name}”: confirm or adjust their ratings.",
            link=external_url("lna.validate", assessment_id=assessment.id),
        )
    db.session.flush()


def validate_assessment(assessment: SelfAssessment, decisions: dict[int, Decision], *, actor: User,
                        now: datetime | None = None) -> int:
    """The manager confirms or adjusts every rating; the person's own rating is kept beside it.

    A competency asked once for two frameworks is decided once, under the one asked. Returns
    how many ratings the manager changed. Raises NotAllowed for anyone but the person's
    manager, or DomainError before submission or for a missing or invalid level.
    """
    now = now or utcnow()
    if not permissions.can_validate_assessment(actor, assessment):
        raise NotAllowed("Only the person's manager can validate their self-assessment")
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise DomainError("The self-assessment has not been submitted yet")
    adjusted = 0
    readers = _readers(assessment)
    for rating in assessment.ratings:
        if rating.answered_with_id is not None:
            continue
        decision = decisions.get(rating.competency_id)
        if decision is None:
            raise DomainError("Confirm or adjust every rating", field=f"level_{rating.competency_id}")
        try:
            gaps.check_level(decision.level)
        except ValueError as error:
            raise DomainError("Choose a level from 0 to 4",
                              field=f"level_{rating.competency_id}") from error
        comment = (decision.comment or "").strip() or None
        if comment and len(comment) > MAX_COMMENT:
            raise DomainError(f"Comments must be {MAX_COMMENT} characters or fewer",
                              field=f"comment_{rating.competency_id}")
        if decision.level != rating.self_level:
            adjusted += 1
        _write(rating, readers.get(rating.id, []), manager_level=decision.level,
               manager_comment=comment, validated_at=now)
    assessment.validated_at = now
    assessment.validated_by_id = actor.id
    record(actor, "lna.assessment.validated", assessment, subject=assessment.user, adjusted=adjusted)
    notify(
        assessment.user,
        f"{actor.name} has reviewed your learning needs self-assessment"
        + (f" and adjusted {adjusted} rating{'s' if adjusted != 1 else ''}." if adjusted
           else " and confirmed your ratings."),
        link=external_url("lna.assessment_gaps", assessment_id=assessment.id),
    )
    db.session.flush()
    return adjusted


def save_learning_plan(assessment: SelfAssessment, choices: list[PlanChoice], *, actor: User,
                       course_ids: dict[int, set[int]] | None = None) -> LearningPlan:
    """Save the person's plan for their gaps, replacing the one saved before.

    course_ids maps each competency to the courses offered for it; a chosen course must be one
    of them. Raises NotAllowed, or DomainError before submission or for a competency that is
    not one of the person's gaps.
    """
    if not permissions.can_answer_assessment(actor, assessment):
        raise NotAllowed("Only the person themselves can save their learning plan")
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise DomainError("Submit your self-assessment before planning your learning")
    with_gap = {r.competency_id for r in assessment.ratings if r.gap}
    offered = course_ids or {}
    for choice in choices:
        if choice.competency_id not in with_gap:
            raise DomainError("Plan learning for the competencies where you have a gap")
        if choice.course_id is not None and choice.course_id not in offered.get(choice.competency_id, set()):
            raise DomainError("Choose one of the courses suggested", field=f"course_{choice.competency_id}")
        if choice.note and len(choice.note) > MAX_COMMENT:
            raise DomainError(f"Notes must be {MAX_COMMENT} characters or fewer",
                              field=f"note_{choice.competency_id}")
    plan = db.session.scalar(select(LearningPlan).where(
        LearningPlan.self_assessment_id == assessment.id))
    if plan is None:
        plan = LearningPlan(self_assessment_id=assessment.id, user_id=assessment.user_id)
        db.session.add(plan)
    plan.items.clear()
    db.session.flush()  # the old items go before new ones with the same competencies arrive
    plan.items = [
        LearningPlanItem(competency_id=c.competency_id, course_id=c.course_id, method=c.method,
                         target_on=c.target_on, note=(c.note or "").strip() or None)
        for c in choices
    ]
    plan.saved_at = utcnow()
    db.session.flush()
    record(actor, "lna.learning_plan.saved", plan, subject=actor, items=len(choices))
    return plan

