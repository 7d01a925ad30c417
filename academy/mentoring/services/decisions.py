"""The coordinator's decisions about pairs (forbid, unlock or allow again) and publishing a run's
pairs as partnerships. Locking a pair checks the hard rules, so it lives with the solver in
matchmaking.py."""

from __future__ import annotations

from sqlalchemy import select

from academy.audit.services import record
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.mentoring import permissions, queries
from academy.mentoring.models import (
    CohortStatus,
    DecisionKind,
    MatchRun,
    MentoringApplication,
    MentoringCohort,
    MentoringPartnership,
    PairDecision,
    PartnershipStatus,
    Side,
)
from academy.notifications.email import external_url, notify_by_email
from academy.people.models import User
from academy.timekeeping import utcnow


def check_pair_applications(cohort: MentoringCohort, partner: MentoringApplication,
                             leader: MentoringApplication) -> None:
    if partner.cohort_id != cohort.id or leader.cohort_id != cohort.id:
        raise DomainError("Both applications must be in this cohort")
    if partner.side != Side.PARTNER or leader.side != Side.LEADER:
        raise DomainError("Choose one applicant from each side")


def _decision(cohort_id: int, partner_id: int, leader_id: int) -> PairDecision | None:
    return db.session.scalar(select(PairDecision).where(
        PairDecision.cohort_id == cohort_id, PairDecision.partner_application_id == partner_id,
        PairDecision.leader_application_id == leader_id))


def write_decision(cohort_id: int, partner_id: int, leader_id: int, kind: DecisionKind, note: str,
                   *, actor: User) -> PairDecision:
    """Lock or forbid the pair, replacing whatever was decided about it before (no checks)."""
    decision = _decision(cohort_id, partner_id, leader_id)
    if decision is None:
        decision = PairDecision(cohort_id=cohort_id, partner_application_id=partner_id,
                                leader_application_id=leader_id)
        db.session.add(decision)
    decision.kind = kind
    decision.note = note.strip()[:300] or None
    decision.decided_by_id = actor.id
    decision.decided_at = utcnow()
    db.session.flush()
    return decision


def forbid_pair(cohort: MentoringCohort, partner: MentoringApplication, leader: MentoringApplication,
                *, actor: User, note: str = "") -> PairDecision:
    """Never propose this pair again (a lock on it becomes a ban)."""
    if not permissions.can_manage_mentoring_cohort(actor, cohort):
        raise NotAllowed("You cannot change this cohort's matching")
    check_pair_applications(cohort, partner, leader)
    decision = write_decision(cohort.id, partner.id, leader.id, DecisionKind.FORBIDDEN, note,
                              actor=actor)
    record(actor, "mentoring.pair_forbidden", decision, cohort_id=cohort.id,
           partner_application_id=partner.id, leader_application_id=leader.id)
    db.session.flush()
    return decision


def remove_decision(decision: PairDecision, *, actor: User) -> None:
    """Unlock a pair, or allow a forbidden pair again."""
    cohort = db.session.get(MentoringCohort, decision.cohort_id)
    if not permissions.can_manage_mentoring_cohort(actor, cohort):
        raise NotAllowed("You cannot change this cohort's matching")
    record(actor, f"mentoring.pair_{'unlocked' if decision.kind == DecisionKind.LOCKED else 'allowed'}",
           decision, cohort_id=cohort.id, partner_application_id=decision.partner_application_id,
           leader_application_id=decision.leader_application_id)
    db.session.delete(decision)
    db.session.flush()


def publish_run(run: MatchRun, *, actor: User) -> list[MentoringPartnership]:
    """Turn the run's proposals into partnerships and tell both partners of each pair.

    Raises DomainError when the run is not the cohort's latest, was published already, the
    cohort is still open for applications, or anything changed since that makes a proposal
    impossible (someone left, a pair was forbidden, a place was taken): then run again first.
    """
    cohort = run.cohort
    if not permissions.can_manage_mentoring_cohort(actor, cohort):
        raise NotAllowed("You cannot publish this cohort's pairs")
    if run.published_at is not None:
        raise DomainError("These pairs have already been published")
    latest = queries.latest_run(cohort.id)
    if latest is None or latest.id != run.id:
        raise DomainError("A newer run exists: publish that one, or run matching again")
    if cohort.status == CohortStatus.OPEN:
        raise DomainError("Close applications before publishing pairs")
    if cohort.status not in (CohortStatus.MATCHING, CohortStatus.RUNNING):
        raise DomainError(f"A cohort that is {cohort.status.label.lower()} cannot take new pairs")
    if not run.proposals:
        raise DomainError("This run has no pairs to publish")
    pool = queries.pool(cohort)
    waiting = {a.id for a in pool.partners}
    places = {a.id: p for a, p in zip(pool.leaders, pool.places, strict=True)}
    forbidden = {(d.partner_application_id, d.leader_application_id)
                 for d in queries.decisions(cohort.id) if d.kind == DecisionKind.FORBIDDEN}
    for proposal in run.proposals:
        pair = (proposal.partner_application_id, proposal.leader_application_id)
        places[pair[1]] = places.get(pair[1], 0) - 1
        if pair[0] not in waiting or places[pair[1]] < 0 or pair in forbidden:
            raise DomainError("Matching has changed since this run (someone left, a place was "
                              "taken or a pair was forbidden): run matching again first")
    partnerships = []
    programme = cohort.programme
    for proposal in run.proposals:
        partner_app, leader_app = proposal.partner_application, proposal.leader_application
        partnership = MentoringPartnership(
            cohort_id=cohort.id, run_id=run.id,
            partner_application_id=partner_app.id, leader_application_id=leader_app.id,
            partner_id=partner_app.user_id, leader_id=leader_app.user_id,
            score=proposal.score, reasons=proposal.reasons, status=PartnershipStatus.AWAITING,
        )
        db.session.add(partnership)
        partnerships.append(partnership)
    db.session.flush()
    for partnership in partnerships:
        partner, leader = partnership.partner, partnership.leader
        for person, other, other_side in ((partner, leader, programme.leader_label),
                                          (leader, partner, programme.partner_label)):
            notify_by_email(
                person,
                f"You have been matched with {other.name} ({other_side.lower()}) in {cohort}. "
                "Accept the match or ask to be re-matched.",
                "mentoring/match_published",
                link=external_url("mentoring.partnership", partnership_id=partnership.id),
                programme=programme, cohort=cohort, partnership=partnership, other=other,
                other_side=other_side,
            )
    run.published_at = utcnow()
    run.published_by_id = actor.id
    before = cohort.status
    cohort.status = CohortStatus.RUNNING
    record(actor, "mentoring.pairs_published", run, cohort_id=cohort.id, pairs=len(partnerships),
           cohort_status_before=before.value)
    db.session.flush()
    return partnerships
