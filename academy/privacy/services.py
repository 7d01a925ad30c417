"""Subject access, erasure and retention: every change flushes, never commits; each is audited."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, func, select, update

from academy.audit.services import record
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.induction.models import Induction, InductionItem, PassportShare
from academy.mentoring.models import MentoringApplication, MentoringFeedback, MentoringNote
from academy.notifications.email import notify_by_email
from academy.notifications.models import Notice, OutboxMessage
from academy.people import sessions
from academy.people.models import EqualityProfile, PasswordResetToken, SignInSession, User
from academy.privacy import permissions, retention
from academy.privacy.models import Anonymisation, ErasureRequest, ErasureStatus
from academy.privacy.rules import latest_start
from academy.recommender.models import SuggestionDismissal
from academy.talent.apprenticeships.models import Apprentice
from academy.talent.conversations.models import Conversation, ConversationRecord, Preparation
from academy.timekeeping import utcnow

REASON_MAX_LENGTH = 2000
REFERENCE_MAX_LENGTH = 60


def _text(value: str | None, *, field: str, missing: str, limit: int = REASON_MAX_LENGTH) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(missing, field=field)
    if len(value) > limit:
        raise DomainError(f"Keep it to {limit} characters", field=field)
    return value


def record_own_download(person: User, *, file_format: str) -> None:
    """Note in the audit log that the person downloaded what is held about them."""
    record(person, "privacy.subject_access_downloaded", person, subject=person,
           file_format=file_format)
    db.session.flush()


def record_download_on_request(person: User, *, actor: User, reference: str, reason: str,
                               file_format: str) -> None:
    """Note an administrator's download of everything held about `person`, made on the person's
    request, with the request's reference and reason: the person sees it among the reads of
    their records. Raises NotAllowed unless the actor administers the person's organisation,
    DomainError when the reference or reason is missing."""
    if not permissions.can_download_for_person(actor, person):
        raise NotAllowed("You cannot download the records of people in this organisation")
    reference = _text(reference, field="reference", limit=REFERENCE_MAX_LENGTH,
                      missing="Enter the reference of the person's request")
    reason = _text(reason, field="reason", missing="Enter how the person asked, and why you are downloading it")
    record(actor, "privacy.subject_access_on_request", person, subject=person,
           reference=reference, reason=reason, file_format=file_format)
    db.session.flush()


def request_erasure(person: User, reason: str, *, actor: User) -> ErasureRequest:
    """The person asks for their data to be erased. Raises NotAllowed for anyone but the person,
    DomainError without a reason or while an earlier request waits for a decision."""
    if actor.id != person.id:
        raise NotAllowed("Only the person can ask for their own data to be erased")
    reason = _text(reason, field="reason", missing="Enter why you want your data erased")
    waiting = db.session.scalar(select(ErasureRequest.id).where(
        ErasureRequest.person_id == person.id, ErasureRequest.status == ErasureStatus.PENDING))
    if waiting is not None:
        raise DomainError("Your earlier request is still waiting for a decision", field="reason")
    request = ErasureRequest(person_id=person.id, reason=reason)
    db.session.add(request)
    db.session.flush()
    record(actor, "privacy.erasure_requested", request, subject=person)
    db.session.flush()
    return request


def decide_erasure(request: ErasureRequest, *, grant: bool, reason: str, confirmed: bool,
                   actor: User) -> ErasureRequest:
    """Grant (erase what the law allows, see `erase`) or refuse a request, with the reason, and
    tell the person. Raises NotAllowed unless the actor administers the person's organisation
    (and is not the person), DomainError when it was decided already, without a reason, or when
    granting was not confirmed."""
    if not permissions.can_decide_erasure(actor, request):
        raise NotAllowed("You cannot decide requests from people in this organisation")
    if not request.is_pending:
        raise DomainError("This request has been decided already")
    reason = _text(reason, field="decision_reason", missing="Enter the reason for the decision")
    if grant and not confirmed:
        raise DomainError("Confirm that the data can be erased: it cannot be undone",
                          field="confirm")
    person = request.person
    request.status = ErasureStatus.GRANTED if grant else ErasureStatus.REFUSED
    request.decided_by_id = actor.id
    request.decided_at = utcnow()
    request.decision_reason = reason
    if grant:
        request.erased = erase(person)
    record(actor, "privacy.erasure_granted" if grant else "privacy.erasure_refused", request,
           subject=person, reason=reason, erased=request.erased)
    notify_by_email(person, "Your request to erase your data was "
                    + ("granted" if grant else "refused"), "privacy/erasure_decision",
                    link="/me/data", request=request, granted=grant,
                    kept=retention.rule("training_records"))
    db.session.flush()
    return request


def _count(result) -> int:
    return result.rowcount if result.rowcount and result.rowcount > 0 else 0


def erase(person: User) -> dict[str, int]:
    """Erase what the law allows of the person's data while the records the partners must keep
    stay (training, employment, induction and apprenticeship records, under the retention
    schedule's legal basis): equality answers, what they wrote in mentoring and career
    conversation preparation, their private notes and induction notes, passport share links,
    notices and dismissed suggestions. Returns the rows changed by kind (only those changed)."""
    conversations = select(Conversation.id).where(Conversation.person_id == person.id)
    inductions = select(Induction.id).where(Induction.user_id == person.id)
    session = db.session
    changed = {
        "equality_profile": _count(session.execute(
            delete(EqualityProfile).where(EqualityProfile.user_id == person.id))),
        "mentoring_application_text": _count(session.execute(
            update(MentoringApplication)
            .where(MentoringApplication.user_id == person.id,
                   (MentoringApplication.interests != "") | (MentoringApplication.hopes_to_give != "")
                   | (MentoringApplication.hopes_to_gain != ""))
            .values(interests="", hopes_to_give="", hopes_to_gain=""))),
        "mentoring_note": _count(session.execute(
            delete(MentoringNote).where(MentoringNote.author_id == person.id))),
        "mentoring_feedback_comments": _count(session.execute(
            update(MentoringFeedback)
            .where(MentoringFeedback.author_id == person.id, MentoringFeedback.comments != "")
            .values(comments=""))),
        "conversation_preparation": _count(session.execute(
            delete(Preparation).where(Preparation.conversation_id.in_(conversations)))),
        "conversation_comments": _count(session.execute(
            update(ConversationRecord)
            .where(ConversationRecord.conversation_id.in_(conversations),
                   ConversationRecord.person_comments.is_not(None))
            .values(person_comments=None))),
        "induction_notes": _count(session.execute(
            update(InductionItem)
            .where(InductionItem.induction_id.in_(inductions), InductionItem.learner_note.is_not(None))
            .values(learner_note=None))),
        "passport_share": _count(session.execute(
            delete(PassportShare).where(PassportShare.user_id == person.id))),
        "notice": _count(session.execute(delete(Notice).where(Notice.user_id == person.id))),
        "suggestion_dismissal": _count(session.execute(
            delete(SuggestionDismissal).where(SuggestionDismissal.user_id == person.id))),
    }
    session.expire_all()
    session.flush()
    return {kind: rows for kind, rows in changed.items() if rows}


def anonymise(person: User, *, now: datetime, rule_kind: str = "staff_record") -> dict[str, int]:
    """Anonymise a leaver whose retention period has ended: everything `erase` removes, the
    career conversation notes about them, their name, e-mail, employee number, sign-in details,
    sessions, reset links and e-mails; the person's row stays with its organisation, team and job
    role, so the training and employment records the reports count stay attached. Raises
    DomainError when the account is open or was anonymised already."""
    if person.is_active_account:
        raise DomainError(f"{person.name}'s account is open: only leavers are anonymised")
    if db.session.scalar(select(Anonymisation.id).where(Anonymisation.user_id == person.id)):
        raise DomainError("This person has been anonymised already")
    conversations = select(Conversation.id).where(Conversation.person_id == person.id)
    address = person.email
    changed = erase(person)
    session = db.session
    changed["conversation_notes"] = _count(session.execute(
        update(ConversationRecord).where(ConversationRecord.conversation_id.in_(conversations))
        .values(notes="")))
    changed["apprentice_uln"] = _count(session.execute(
        update(Apprentice).where(Apprentice.user_id == person.id, Apprentice.uln.is_not(None))
        .values(uln=None)))
    changed["sign_in_session"] = _count(session.execute(
        delete(SignInSession).where(SignInSession.user_id == person.id)))
    changed["password_reset_token"] = _count(session.execute(
        delete(PasswordResetToken).where(PasswordResetToken.user_id == person.id)))
    for message in session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == address)):
        session.delete(message)
        changed["outbox_message"] = changed.get("outbox_message", 0) + 1
    session.refresh(person)
    sessions.end_all(person, now=now)
    person.given_name = "Former"
    person.family_name = f"member of staff {person.id}"
    person.email = f"anonymised-{person.id}@anonymised.invalid"
    person.password_hash = None
    person.employee_number = None
    person.calendar_token = None
    person.locked_until = None
    changed = {kind: rows for kind, rows in changed.items() if rows}
    session.add(Anonymisation(user_id=person.id, anonymised_at=now, rule=rule_kind, changed=changed))
    record(None, "privacy.anonymised", person, subject=person, rule=rule_kind, changed=changed)
    session.flush()
    return changed


def _cutoff(kind: str, today: date) -> datetime:
    """The end of the latest day whose records of this kind are due: clocks before it ran out."""
    row = retention.rule(kind)
    return datetime.combine(latest_start(today, row.period, row.unit) + timedelta(days=1), time.min)


def due_leavers(today: date) -> list[User]:
    """Closed accounts whose staff record period has ended and that are not anonymised yet."""
    return list(db.session.scalars(
        select(User).where(
            User.is_active_account.is_(False), User.closed_at.is_not(None),
            User.closed_at < _cutoff("staff_record", today),
            ~User.id.in_(select(Anonymisation.user_id)),
        ).order_by(User.id)
    ))


def _due(today: date) -> dict:
    """The statements that find what the schedule says is due, by kind."""
    closed = select(User.id).where(User.is_active_account.is_(False), User.closed_at.is_not(None),
                                   User.closed_at < _cutoff("equality_profile", today))
    return {
        "equality_profile": EqualityProfile.user_id.in_(closed),
        "sign_in_session": func.coalesce(SignInSession.ended_at, SignInSession.last_seen_at)
        < _cutoff("sign_in_session", today),
        "password_reset_token": func.coalesce(PasswordResetToken.used_at, PasswordResetToken.expires_at)
        < _cutoff("password_reset_token", today),
        "erasure_request": (ErasureRequest.status != ErasureStatus.PENDING)
        & (ErasureRequest.decided_at < _cutoff("erasure_request", today)),
    }


DELETED = {"equality_profile": EqualityProfile, "sign_in_session": SignInSession,
           "password_reset_token": PasswordResetToken, "erasure_request": ErasureRequest}


def apply_retention(*, now: datetime, dry_run: bool = False) -> dict[str, int]:
    """Apply the retention schedule on `now`'s day: anonymise leavers past the staff record
    period, delete what the schedule deletes. Idempotent: a second run finds nothing to do and
    writes nothing. With `dry_run` nothing changes; the counts say what would."""
    today = now.date()
    leavers = due_leavers(today)
    done = {"anonymised": len(leavers)}
    for kind, clause in _due(today).items():
        model = DELETED[kind]
        if dry_run:
            done[kind] = db.session.scalar(select(func.count()).select_from(model).where(clause))
        else:
            done[kind] = _count(db.session.execute(delete(model).where(clause)))
    if dry_run:
        return done
    for person in leavers:
        anonymise(person, now=now)
    deleted = {kind: rows for kind, rows in done.items() if kind != "anonymised" and rows}
    if deleted:
        record(None, "privacy.retention_applied", object_type="RetentionSchedule",
               deleted=deleted)
    db.session.flush()
    return done
