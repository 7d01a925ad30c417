"""Keeping holdings: refresh what changed evidence touches, in the caller's transaction, and
rebuild everything from the evidence.

Evidence is every training record (course and e-learning completions here, imported records) and
every induction item signed off or recognised for a subject; an item done through a training
record is that record, not a second piece of evidence. Services flush and never commit.
"""

from __future__ import annotations

from collections.abc import Iterable

from blinker import Namespace
from sqlalchemy import delete, insert, select, update

from academy.courses.models import (
    Course,
    DeliveryMode,
    Enrolment,
    RecordSource,
    Subject,
    TrainingRecord,
)
from academy.extensions import db
from academy.holdings.models import Holding
from academy.holdings.rules import Evidence, Source, covered, holdings_from
from academy.induction.models import DONE_STATUSES, Induction, InductionItem, ItemStatus
from academy.induction.rules import add_months
from academy.timekeeping import utcnow

signals = Namespace()
# Sent after holdings changed, in the same transaction, with changes={(user_id, subject_id)}.
holdings_changed = signals.signal("holdings-changed")

CHUNK = 500
FIELDS = ("source", "held_subject_id", "achieved_on", "expires_on", "training_record_id",
          "induction_item_id", "organisation_id")


def coverage() -> dict[int, frozenset[int]]:
    """Subject -> the subjects its evidence holds (itself and the lower levels it includes)."""
    return covered(dict(db.session.execute(select(Subject.id, Subject.includes_id)).all()))


def _record_evidence(where) -> list[Evidence]:
    rows = db.session.execute(
        select(TrainingRecord.id, TrainingRecord.user_id, TrainingRecord.subject_id,
               TrainingRecord.completed_on, TrainingRecord.expires_on, TrainingRecord.source,
               TrainingRecord.recorded_by_organisation_id, Course.delivery_mode)
        .outerjoin(Enrolment, Enrolment.id == TrainingRecord.enrolment_id)
        .outerjoin(Course, Course.id == Enrolment.course_id)
        .where(*where)
    ).all()
    return [
        Evidence(r.user_id, r.subject_id,
                 Source.IMPORT if r.source == RecordSource.IMPORT
                 else Source.ELEARNING if r.delivery_mode == DeliveryMode.ELEARNING
                 else Source.COURSE,
                 r.completed_on, r.expires_on, training_record_id=r.id,
                 organisation_id=r.recorded_by_organisation_id)
        for r in rows
    ]


def _item_evidence(where) -> list[Evidence]:
    rows = db.session.execute(
        select(InductionItem.id, Induction.user_id, InductionItem.mandatory_subject_id,
               InductionItem.status, InductionItem.achieved_on, InductionItem.valid_for_months,
               InductionItem.achieved_at_organisation_id)
        .join(Induction, Induction.id == InductionItem.induction_id)
        .where(InductionItem.status.in_(DONE_STATUSES),
               InductionItem.mandatory_subject_id.is_not(None),
               InductionItem.course_completion_id.is_(None), *where)
    ).all()
    return [
        Evidence(r.user_id, r.mandatory_subject_id,
                 Source.INDUCTION if r.status == ItemStatus.ACHIEVED else Source.RECOGNITION,
                 r.achieved_on,
                 add_months(r.achieved_on, r.valid_for_months) if r.valid_for_months else None,
                 induction_item_id=r.id, organisation_id=r.achieved_at_organisation_id)
        for r in rows
    ]


def evidence_of(user_ids, subject_ids=None) -> list[Evidence]:
    """Every piece of evidence of these people (and, if given, of these evidence subjects)."""
    records = [TrainingRecord.user_id.in_(user_ids)]
    items = [Induction.user_id.in_(user_ids)]
    if subject_ids is not None:
        records.append(TrainingRecord.subject_id.in_(subject_ids))
        items.append(InductionItem.mandatory_subject_id.in_(subject_ids))
    return _record_evidence(records) + _item_evidence(items)


def _row(key: tuple[int, int], evidence: Evidence) -> dict:
    return {"user_id": key[0], "subject_id": key[1], "held_subject_id": evidence.subject_id,
            **{f: getattr(evidence, f) for f in FIELDS if f != "held_subject_id"}}


def _apply(wanted: dict[tuple[int, int], Evidence], existing: dict[tuple[int, int], Holding | tuple],
           keys: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Write the differences between what should be held and what is, for these keys."""
    inserts, updates, deletes, changed = [], [], [], set()
    for key in keys:
        should, held = wanted.get(key), existing.get(key)
        if should is None:
            if held is not None:
                deletes.append(held.id)
                changed.add(key)
            continue
        row = _row(key, should)
        if held is None:
            inserts.append(row)
            changed.add(key)
        elif any(getattr(held, f) != row[f] for f in FIELDS):
            updates.append({"id": held.id, **{f: row[f] for f in FIELDS}})
            changed.add(key)
    if deletes:
        db.session.execute(delete(Holding).where(Holding.id.in_(deletes)))
    if updates:
        db.session.execute(update(Holding), updates)
    if inserts:  # the table itself: no ORM bookkeeping per row
        now = utcnow()
        db.session.execute(insert(Holding.__table__), [{**row, "updated_at": now} for row in inserts])
    return changed


def _existing(where) -> dict[tuple[int, int], tuple]:
    return {(r.user_id, r.subject_id): r for r in db.session.execute(
        select(Holding.id, Holding.user_id, Holding.subject_id,
               *(getattr(Holding, f) for f in FIELDS)).where(*where))}


def refresh(pairs: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    """Recompute the holdings that evidence of (user, subject) can touch; returns the changed
    (user, subject held) pairs. Call it after creating, correcting or removing evidence."""
    pairs = set(pairs)
    if not pairs:
        return set()
    db.session.flush()
    cover = coverage()
    holders = {}  # evidence subject -> every subject whose holding it can decide
    for subject, held in cover.items():
        for lower in held:
            holders.setdefault(lower, set()).add(subject)
    affected = {(user, held) for user, subject in pairs for held in cover.get(subject, {subject})}
    by_user: dict[int, set[int]] = {}
    for user, subject in affected:
        by_user.setdefault(user, set()).add(subject)
    changed: set[tuple[int, int]] = set()
    users = sorted(by_user)
    for start in range(0, len(users), CHUNK):
        chunk = users[start:start + CHUNK]
        subjects = set().union(*(by_user[u] for u in chunk))
        sources = set().union(*(holders.get(s, {s}) for s in subjects))
        wanted = holdings_from(evidence_of(chunk, sorted(sources)), cover)
        existing = _existing([Holding.user_id.in_(chunk), Holding.subject_id.in_(subjects)])
        keys = {(u, s) for u in chunk for s in by_user[u]}
        changed |= _apply(wanted, existing, keys)
    db.session.flush()
    if changed:
        holdings_changed.send(None, changes=changed)
    return changed


def refresh_people(user_ids: Iterable[int]) -> set[tuple[int, int]]:
    """Recompute every holding of these people."""
    user_ids = sorted(set(user_ids))
    db.session.flush()
    subjects = list(coverage())
    return refresh({(u, s) for u in user_ids for s in subjects}) if user_ids else set()


def rebuild(chunk: int = 2000) -> dict[str, int]:
    """Recompute every holding from the evidence; idempotent: a second run changes nothing.
    Returns how many holdings there are and how many were added, changed and removed."""
    db.session.flush()
    cover = coverage()
    users = sorted(set(db.session.scalars(select(TrainingRecord.user_id).distinct()))
                   | set(db.session.scalars(select(Induction.user_id).distinct()))
                   | set(db.session.scalars(select(Holding.user_id).distinct())))
    totals = {"holdings": 0, "added": 0, "changed": 0, "removed": 0}
    for start in range(0, len(users), chunk):
        low, high = users[start], users[min(start + chunk, len(users)) - 1]
        records = _record_evidence([TrainingRecord.user_id.between(low, high)])
        items = _item_evidence([Induction.user_id.between(low, high)])
        wanted = holdings_from(records + items, cover)
        existing = _existing([Holding.user_id.between(low, high)])
        keys = set(wanted) | set(existing)
        for key in keys:
            if key in wanted and key not in existing:
                totals["added"] += 1
            elif key not in wanted:
                totals["removed"] += 1
        totals["changed"] += len(_apply(wanted, existing, keys))
        totals["holdings"] += len(wanted)
    totals["changed"] -= totals["added"] + totals["removed"]
    db.session.flush()
    return totals


def table() -> dict[tuple[int, int], dict]:
    """Every holding as plain values, (user, subject) -> fields: for comparing two states."""
    return {(r.user_id, r.subject_id): {f: getattr(r, f) for f in FIELDS}
            for r in _existing([]).values()}
