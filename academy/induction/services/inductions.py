"""Starting a new starter's induction, evidence, asking for sign-off, assessors' decisions,
completion, and correcting a start date or closing an induction unfinished.

Services flush and never commit; the request, job or command that calls them commits once.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from academy.audit.services import correction_reason, record
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.holdings import queries as holdings_queries
from academy.holdings import services as holdings
from academy.induction import catalogue, permissions, rules, uploads
from academy.induction.models import (
    DONE_STATUSES,
    Evidence,
    Induction,
    InductionItem,
    InductionProgramme,
    InductionStatus,
    ItemReview,
    ItemStatus,
    KnowledgeShown,
    RecognitionRule,
    ReviewDecision,
)
from academy.notifications.email import external_url, notify_by_email
from academy.notifications.services import notify
from academy.people.models import Organisation, User
from academy.people.roles import Role
from academy.timekeeping import utcnow

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_certificate_code() -> str:
    """A verification code such as IND-7K3P-Q9TX (about 40 bits of randomness), unused so far."""
    while True:
        body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        code = f"IND-{body[:4]}-{body[4:]}"
        taken = db.session.scalar(
            select(func.count()).select_from(Induction).where(Induction.certificate_code == code)
        )
        if not taken:
            return code


def resolve_programme(organisation_id: int, job_role_id: int | None) -> InductionProgramme | None:
    """The programme for an employer and job role: the employer's own for the role, else the
    employer's for every role, else the district-wide ones in the same order."""
    candidates = db.session.scalars(
        select(InductionProgramme).where(
            or_(InductionProgramme.organisation_id == organisation_id,
                InductionProgramme.organisation_id.is_(None)),
            or_(InductionProgramme.job_role_id == job_role_id,
                InductionProgramme.job_role_id.is_(None)),
        )
    ).all()
    if not candidates:
        return None
    return min(candidates, key=lambda p: (p.organisation_id is None, p.job_role_id is None, -p.id))


def achievements_of(person_id: int) -> list[rules.Achievement]:
    """Everything the person has proved in earlier inductions, wherever it was.

    Only originals count: a recognised item points back to the item that proved it.
    """
    where = aliased(Organisation)
    assessed = aliased(Organisation)
    rows = db.session.execute(
        select(InductionItem, where.type, assessed.id, assessed.type)
        .join(Induction, Induction.id == InductionItem.induction_id)
        .join(where, where.id == InductionItem.achieved_at_organisation_id)
        .outerjoin(assessed, assessed.id == InductionItem.assessed_by_organisation_id)
        .where(Induction.user_id == person_id, InductionItem.status == ItemStatus.ACHIEVED)
    ).all()
    return [
        rules.Achievement(
            subject_key=item.subject_key, kind=item.kind.value, achieved_on=item.achieved_on,
            expires_on=item.expires_on, organisation_id=item.achieved_at_organisation_id,
            organisation_is_nhs=where_type.is_nhs, organisation_type=where_type.value,
            assessed_by_organisation_id=assessed_id,
            assessed_by_is_nhs=assessed_type.is_nhs if assessed_type is not None else None,
            assessed_by_id=item.assessed_by_id, item_id=item.id,
        )
        for item, where_type, assessed_id, assessed_type in rows
    ]


def rules_of(organisation_id: int) -> list[rules.Rule]:
    return [
        rules.Rule(
            id=r.id, kind=r.kind.value, subject_key=r.subject_key, accepts=r.accepts.value,
            source_organisation_id=r.source_organisation_id,
            source_type=r.source_type.value if r.source_type else None,
            in_date_only=r.in_date_only, max_age_days=r.max_age_days,
        )
        for r in db.session.scalars(
            select(RecognitionRule).where(RecognitionRule.organisation_id == organisation_id)
            .order_by(RecognitionRule.id)
        )
    ]


def _check_assessor(assessor: User, person: User, organisation_id: int) -> None:
    if assessor.id == person.id:
        raise DomainError("Nobody can assess their own induction", field="assessors")
    if not assessor.has_role(Role.ASSESSOR, organisation_id):
        raise DomainError(f"{assessor.name} is not an assessor for this employer", field="assessors")


def start_induction(
    person: User, *, started_on: date, assessors: list[User], actor: User, today: date,
) -> Induction:
    """Assign the programme for the person's employer and job role, recognising what they have
    already achieved elsewhere under the employer's own rules.

    Raises NotAllowed unless the actor manages the person or administers their employer;
    DomainError when an induction is already open there or no programme applies. An unfinished
    induction with another employer is closed: what was achieved in it stays achieved.
    """
    if not permissions.can_start_induction(actor, person):
        raise NotAllowed("You cannot start an induction for this person")
    organisation_id = person.employer_id
    open_here = db.session.scalar(
        select(Induction).where(Induction.user_id == person.id,
                                Induction.organisation_id == organisation_id,
                                Induction.status == InductionStatus.IN_PROGRESS)
    )
    if open_here is not None:
        raise DomainError(f"{person.name} already has an induction in progress here", field="person")
    programme = resolve_programme(organisation_id, person.job_role_id)
    if programme is None or not programme.items:
        raise DomainError(
            f"There is no induction programme for {person.employer.name} yet. "
            "Ask a learning lead to set one up", field="person",
        )
    for assessor in assessors:
        _check_assessor(assessor, person, organisation_id)

    achievements = achievements_of(person.id) + catalogue.record_achievements(person.id, {
        t.mandatory_subject_id: (t.subject_key, t.kind.value) for t in programme.items if t.mandatory_subject_id
    })
    receiving_rules = rules_of(organisation_id)
    for earlier in db.session.scalars(
        select(Induction).where(Induction.user_id == person.id,
                                Induction.status == InductionStatus.IN_PROGRESS)
    ):
        earlier.status = InductionStatus.CLOSED
        earlier.closed_on = max(today, earlier.started_on)
        record(actor, "induction.closed", earlier, subject=person, reason="started elsewhere")

    induction = Induction(
        user_id=person.id, organisation_id=organisation_id, programme_id=programme.id,
        job_role_id=person.job_role_id, started_on=started_on, started_by_id=actor.id,
        status=InductionStatus.IN_PROGRESS,
    )
    induction.assessors = list({a.id: a for a in assessors}.values())
    recognised = 0
    for template in programme.items:
        item = InductionItem(
            position=template.position, kind=template.kind, title=template.title,
            description=template.description, evidence=template.evidence,
            subject_key=template.subject_key, standard_number=template.standard_number,
            mandatory_subject_id=template.mandatory_subject_id,
            valid_for_months=template.valid_for_months,
            due_on=rules.due_date(started_on, template.due_days), status=ItemStatus.TO_DO,
        )
        match = rules.recognise(template.kind.value, template.subject_key, achievements,
                                receiving_rules, started_on)
        if match is not None:
            achievement, rule = match
            item.status = ItemStatus.RECOGNISED
            item.achieved_on = achievement.achieved_on
            item.achieved_at_organisation_id = achievement.organisation_id
            item.assessed_by_organisation_id = achievement.assessed_by_organisation_id
            item.recognised_from_id = achievement.item_id
            item.course_completion_id = achievement.course_completion_id
            item.assessed_by_id = achievement.assessed_by_id
            item.recognised_by_rule_id = rule.id
            recognised += 1
        induction.items.append(item)
    db.session.add(induction)
    db.session.flush()
    holdings.refresh(evidence_pairs(induction.items))
    recognised += satisfy_from_holdings(induction, actor=actor, today=today, notify_learner=False)
    record(actor, "induction.started", induction, subject=person, programme_id=programme.id,
           items=len(induction.items), recognised=recognised)
    to_do = len(induction.items) - recognised
    notify(person, f"Your induction with {person.employer.name} has started: {to_do} item"
                   f"{'s' if to_do != 1 else ''} to do"
                   + (f", {recognised} recognised from before" if recognised else ""),
           link=external_url("induction.dashboard"))
    for assessor in induction.assessors:
        notify(assessor, f"You are an assessor for {person.name}'s induction",
               link=external_url("induction.induction", induction_id=induction.id))
    complete_if_done(induction, actor=actor, today=today)
    db.session.flush()
    return induction


def assign_assessor(induction: Induction, assessor: User, *, actor: User) -> None:
    """Raises NotAllowed unless the actor manages the learner or administers their employer."""
    if not permissions.can_assign_assessors(actor, induction):
        raise NotAllowed("You cannot change this induction's assessors")
    _check_assessor(assessor, induction.user, induction.organisation_id)
    if any(a.id == assessor.id for a in induction.assessors):
        raise DomainError(f"{assessor.name} is already an assessor for this induction",
                          field="assessor")
    induction.assessors.append(assessor)
    record(actor, "induction.assessor_added", induction, subject=induction.user,
           assessor_id=assessor.id)
    notify(assessor, f"You are an assessor for {induction.user.name}'s induction",
           link=external_url("induction.induction", induction_id=induction.id))
    db.session.flush()


def add_evidence(
    item: InductionItem, *, filename: str | None, content: bytes, actor: User,
    upload_root: str | os.PathLike, max_bytes: int,
) -> Evidence:
    """Check and store one file for the item. Raises NotAllowed for anyone but the learner while
    the item is theirs to work on; DomainError (field "file") for a refused file."""
    if not permissions.can_add_evidence(actor, item):
        raise NotAllowed("You cannot add evidence to this item")
    name, file_type = uploads.check_upload(filename, content, max_bytes)
    stored_name = uploads.store(upload_root, content, file_type)
    evidence = Evidence(
        induction_item_id=item.id, uploaded_by_id=actor.id, original_name=name,
        stored_name=stored_name, content_type=file_type.content_type, size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    item.evidence_files.append(evidence)
    db.session.flush()
    record(actor, "induction.evidence_added", evidence, subject=item.induction.user,
           item_id=item.id, size_bytes=len(content), content_type=file_type.content_type)
    return evidence


def remove_evidence(evidence: Evidence, *, actor: User, upload_root: str | os.PathLike) -> None:
    if not permissions.can_remove_evidence(actor, evidence):
        raise NotAllowed("You cannot remove this file")
    item = evidence.item
    record(actor, "induction.evidence_removed", evidence, subject=item.induction.user,
           item_id=item.id)
    item.evidence_files.remove(evidence)
    db.session.flush()
    uploads.remove(upload_root, evidence.stored_name)


def ask_for_sign_off(item: InductionItem, *, note: str, actor: User) -> None:
    """The learner says the item is ready: the assessors (or, with none yet, the manager) hear."""
    if not permissions.can_ask_for_sign_off(actor, item):
        raise NotAllowed("You cannot ask for this item to be signed off")
    item.status = ItemStatus.SUBMITTED
    item.submitted_at = utcnow()
    item.learner_note = note.strip() or None
    induction = item.induction
    record(actor, "induction.sign_off_requested", item, subject=actor)
    recipients = list(induction.assessors)
    if item.evidence.is_attendance and actor.line_manager:
        recipients.append(actor.line_manager)
    if not recipients and actor.line_manager:
        recipients = [actor.line_manager]
    for person in {p.id: p for p in recipients}.values():
        notify(person, f"{actor.name} asks for sign-off: {item.title}",
               link=external_url("induction.item", item_id=item.id))
    db.session.flush()


def review_item(
    item: InductionItem, *, decision: ReviewDecision, comments: str,
    knowledge_shown: KnowledgeShown | None, observed_on: date | None, actor: User, today: date,
) -> ItemReview:
    """Sign the item off or return it with feedback.

    Raises NotAllowed for the learner, for anyone signing off evidence they uploaded, and for
    anyone not assigned as the induction's assessor (a manager may confirm attendance);
    DomainError (naming the field) when the decision is incomplete.
    """
    induction = item.induction
    if permissions.is_learner(actor, induction):
        raise NotAllowed("You cannot sign off your own induction")
    if any(e.uploaded_by_id == actor.id for e in item.evidence_files):
        raise NotAllowed("You cannot sign off evidence you uploaded yourself")
    if not permissions.can_review_item(actor, item):
        raise NotAllowed("Only an assessor assigned to this induction can sign this off")
    signing_off = decision == ReviewDecision.SIGNED_OFF
    rules.check_review(
        signing_off=signing_off, needs_knowledge=item.evidence.needs_knowledge,
        needs_observation=item.evidence.needs_observation,
        is_attendance=item.evidence.is_attendance,
        knowledge_shown=knowledge_shown.value if knowledge_shown else None,
        observed_on=observed_on, comments=comments, has_evidence=bool(item.evidence_files),
        started_on=induction.started_on, today=today,
    )
    review = ItemReview(
        assessor_id=actor.id, decision=decision, comments=comments.strip(),
        knowledge_shown=knowledge_shown if signing_off and item.evidence.needs_knowledge else None,
        observed_on=observed_on if signing_off else None,
    )
    item.reviews.append(review)
    if signing_off:
        item.status = ItemStatus.ACHIEVED
        item.achieved_on = observed_on or today
        item.achieved_at_organisation_id = induction.organisation_id
        item.assessed_by_id = actor.id
        item.assessed_by_organisation_id = actor.employer_id
        notify(induction.user, f"{actor.name} signed off {item.title}",
               link=external_url("induction.item", item_id=item.id))
    else:
        item.status = ItemStatus.RETURNED
        notify(induction.user, f"{actor.name} returned {item.title} with feedback",
               link=external_url("induction.item", item_id=item.id))
    db.session.flush()
    if signing_off:
        holdings.refresh(evidence_pairs([item]))
    record(actor, f"induction.item_{decision.value}", item, subject=induction.user,
           review_id=review.id)
    complete_if_done(induction, actor=actor, today=today)
    db.session.flush()
    return review


def evidence_pairs(items) -> set[tuple[int, int]]:
    """(person, subject) for the items that are evidence of a subject they hold."""
    return {(item.induction.user_id, item.mandatory_subject_id) for item in items
            if item.is_done and item.mandatory_subject_id and item.course_completion_id is None}


def satisfy_from_holdings(induction: Induction, *, actor: User | None, today: date,
                          notify_learner: bool = True) -> int:
    """Mark done each open item whose subject the person holds in date, saying where it came from:
    a training record (a course or e-learning here, or a record from elsewhere) or a sign-off in
    another induction. Evidence from another partner counts as the employer's own recognition
    rule for the item allows (a sign-off elsewhere needs a rule; a training record from elsewhere
    is a certificate the item accepts unless a rule restricts it); a rule that accepts nothing
    means it is done again here. Returns how many items were done."""
    if induction.status != InductionStatus.IN_PROGRESS:
        return 0
    open_items = [item for item in induction.items
                  if not item.is_done and item.mandatory_subject_id]
    if not open_items:
        return 0
    held = holdings_queries.held(induction.user_id, [i.mandatory_subject_id for i in open_items])
    receiving_rules = None
    done = 0
    for item in open_items:
        holding = held.get(item.mandatory_subject_id)
        if holding is None or not rules.in_date(holding.expires_on, today):
            continue
        if receiving_rules is None:
            receiving_rules = rules_of(induction.organisation_id)
        rule = rules.rule_for(item.kind.value, item.subject_key, receiving_rules)
        if rule is not None and rule.accepts == "nothing":
            continue
        if holding.training_record_id is not None:
            elsewhere = holding.organisation_id not in (None, induction.organisation_id)
            if elsewhere and rule is not None and not rules.accepted(
                    rule, _record_achievement(item, holding), today):
                continue
            item.course_completion_id = holding.training_record_id
            item.status = (ItemStatus.ACHIEVED if holding.achieved_on >= induction.started_on
                           else ItemStatus.RECOGNISED)
            item.achieved_on = holding.achieved_on
            item.achieved_at_organisation_id = holding.organisation_id or induction.organisation_id
        elif holding.induction_item_id is not None and holding.induction_item_id != item.id:
            original = db.session.get(InductionItem, holding.induction_item_id)
            original = original.recognised_from or original
            elsewhere = original.achieved_at_organisation_id != induction.organisation_id
            if elsewhere and not _accepted_elsewhere(item, original, receiving_rules, today):
                continue
            item.status = ItemStatus.RECOGNISED
            item.recognised_from_id = original.id
            item.recognised_by_rule_id = rule.id if rule is not None else None
            item.achieved_on = original.achieved_on
            item.achieved_at_organisation_id = original.achieved_at_organisation_id
            item.assessed_by_id = original.assessed_by_id
            item.assessed_by_organisation_id = original.assessed_by_organisation_id
        else:
            continue
        record(actor, "induction.item_held", item, subject=induction.user,
               source=holding.source.value, training_record_id=holding.training_record_id,
               from_item_id=item.recognised_from_id)
        if notify_learner:
            notify(induction.user, f"{item.title} is done: {holding.source.label.lower()}",
                   link=external_url("induction.item", item_id=item.id))
        done += 1
    if done:
        db.session.flush()
        holdings.refresh(evidence_pairs(open_items))
        complete_if_done(induction, actor=actor, today=today)
        db.session.flush()
    return done


def _record_achievement(item: InductionItem, holding) -> rules.Achievement:
    where = holding.organisation
    return rules.Achievement(
        subject_key=item.subject_key, kind=item.kind.value, achieved_on=holding.achieved_on,
        expires_on=holding.expires_on, organisation_id=holding.organisation_id,
        organisation_is_nhs=where.type.is_nhs, organisation_type=where.type.value,
        assessed_by_organisation_id=None, assessed_by_is_nhs=None,
        course_completion_id=holding.training_record_id)


def _accepted_elsewhere(item: InductionItem, original: InductionItem, receiving_rules, today) -> bool:
    """Whether the employer's rules accept a sign-off from another partner for this item."""
    where, assessed = original.achieved_at, original.assessed_by_organisation
    achievement = rules.Achievement(
        subject_key=item.subject_key, kind=item.kind.value, achieved_on=original.achieved_on,
        expires_on=original.expires_on, organisation_id=original.achieved_at_organisation_id,
        organisation_is_nhs=where.type.is_nhs, organisation_type=where.type.value,
        assessed_by_organisation_id=original.assessed_by_organisation_id,
        assessed_by_is_nhs=assessed.type.is_nhs if assessed is not None else None,
        assessed_by_id=original.assessed_by_id, item_id=original.id)
    return rules.recognise(item.kind.value, item.subject_key, [achievement], receiving_rules,
                           today) is not None


def complete_if_done(induction: Induction, *, actor: User | None, today: date) -> bool:
    """Complete the induction and issue its certificate code once every item is done."""
    if induction.status != InductionStatus.IN_PROGRESS:
        return False
    if not all(item.is_done for item in induction.items):
        return False
    code = new_certificate_code()
    induction.status = InductionStatus.COMPLETED
    induction.completed_on = max(today, induction.started_on)
    induction.certificate_code = code
    record(actor, "induction.completed", induction, subject=induction.user,
           certificate_code=induction.certificate_code)
    learner = induction.user
    notify_by_email(
        learner, f"You have completed your induction with {induction.organisation.name}",
        "induction/completed", link=external_url("induction.induction", induction_id=induction.id),
        induction=induction,
    )
    if learner.line_manager is not None:
        notify(learner.line_manager, f"{learner.name} has completed their induction",
               link=external_url("induction.induction", induction_id=induction.id))
    return True


def change_start(induction: Induction, *, started_on: date, reason: str, actor: User) -> int:
    """Correct the start date of an induction in progress; the due dates of the items still
    open move with it. Returns how many due dates moved.

    Raises NotAllowed unless the actor may start the person's induction; DomainError for no
    reason, the same date, a date after an item was signed off or done through a course, or
    the start of another of the person's inductions with this employer.
    """
    if not permissions.can_correct_induction(actor, induction):
        raise NotAllowed("You cannot correct this induction")
    reason = correction_reason(reason)
    before = induction.started_on
    if started_on == before:
        raise DomainError("This is already the induction's start date", field="started_on")
    achieved = [item for item in induction.items
                if item.status == ItemStatus.ACHIEVED and item.achieved_on is not None]
    first = min(achieved, key=lambda item: item.achieved_on, default=None)
    if first is not None and started_on > first.achieved_on:
        raise DomainError(
            f"The start must be on or before {first.achieved_on:%-d %B %Y}, when "
            f"{first.title} was done", field="started_on")
    clash = db.session.scalar(select(Induction.id).where(
        Induction.user_id == induction.user_id, Induction.organisation_id == induction.organisation_id,
        Induction.started_on == started_on, Induction.id != induction.id))
    if clash:
        raise DomainError(f"{induction.user.name} has another induction here starting that day",
                          field="started_on")
    shift = started_on - before
    moved = 0
    for item in induction.items:
        if not item.is_done:
            item.due_on += shift
            moved += 1
    induction.started_on = started_on
    record(actor, "induction.start_corrected", induction, subject=induction.user, reason=reason,
           about=f"Induction with {induction.organisation.name}", before=before.isoformat(),
           after=started_on.isoformat(), due_dates_moved=moved)
    notify(induction.user, f"Your induction now starts on {started_on:%-d %B %Y}; "
                           "the due dates of what is left to do have moved with it",
           link=external_url("induction.dashboard"))
    db.session.flush()
    return moved


def close_unfinished(induction: Induction, *, reason: str, actor: User, today: date) -> None:
    """Close an induction in progress without completing it: what was achieved stays achieved,
    nothing more is due, and the person may be started again later.

    Raises NotAllowed unless the actor may start the person's induction; DomainError without a
    reason.
    """
    if not permissions.can_correct_induction(actor, induction):
        raise NotAllowed("You cannot close this induction")
    reason = correction_reason(reason)
    induction.status = InductionStatus.CLOSED
    induction.closed_on = max(today, induction.started_on)
    record(actor, "induction.closed_unfinished", induction, subject=induction.user, reason=reason,
           about=f"Induction with {induction.organisation.name}",
           before=InductionStatus.IN_PROGRESS.label, after=InductionStatus.CLOSED.label,
           open_items=sum(1 for item in induction.items if not item.is_done))
    notify(induction.user, f"Your induction with {induction.organisation.name} has been closed "
                           f"unfinished: {reason}", link=external_url("induction.dashboard"))
    db.session.flush()


def remind_overdue(today: date) -> dict:
    """Tell each learner whose items fell overdue yesterday, and their line manager, once."""
    yesterday = today - timedelta(days=1)
    rows = db.session.execute(
        select(Induction, func.count())
        .join(InductionItem, InductionItem.induction_id == Induction.id)
        .where(Induction.status == InductionStatus.IN_PROGRESS, InductionItem.due_on == yesterday,
               InductionItem.status.not_in(DONE_STATUSES))
        .group_by(Induction)
    ).all()
    for induction, count in rows:
        learner = induction.user
        items = f"{count} induction item{'s' if count != 1 else ''}"
        notify(learner, f"{items} became overdue yesterday: talk to your assessor or manager",
               link=external_url("induction.dashboard"))
        if learner.line_manager is not None:
            notify(learner.line_manager, f"{learner.name} has {items} newly overdue",
                   link=external_url("induction.induction", induction_id=induction.id))
    db.session.flush()
    return {"learners": len(rows)}

