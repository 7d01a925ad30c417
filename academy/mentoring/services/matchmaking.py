"""The coordinator's matching: run the solver and lock pairs (which checks the hard rules).

The scores come from academy.mentoring.scoring, the hard rules from academy.mentoring.rules and the
optimum from academy.mentoring.matching; this module loads the pool, hands those pure functions
plain values and stores what they return. These are the NumPy, SciPy and scikit-learn parts of
mentoring: forbidding, unlocking and publishing pairs are in decisions.py, which needs none of them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from sqlalchemy import func, select

from academy.audit.services import record
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.mentoring import permissions, quality, queries, rules, scoring
from academy.mentoring.matching import solve_keeping
from academy.mentoring.models import (
    DecisionKind,
    MatchProposal,
    MatchRun,
    MentoringApplication,
    MentoringCohort,
    MentoringProgramme,
    PairDecision,
    Side,
)
from academy.mentoring.services.decisions import check_pair_applications, write_decision
from academy.people.models import User

ALTERNATIVES = 3


def weights_of(programme: MentoringProgramme) -> scoring.Weights:
    return scoring.Weights(
        goals=programme.weight_goals, interests=programme.weight_interests,
        availability=programme.weight_availability, mode=programme.weight_mode,
        distance=programme.weight_distance, band_gap=programme.weight_band_gap,
        band_gap_wanted=programme.band_gap_wanted, max_distance_km=programme.max_distance_km,
        priority_bonus=programme.priority_bonus,
    )


def in_priority_group(application: MentoringApplication) -> bool:
    """Declared in the application with consent; never read from the equality profile."""
    return bool(application.priority_consent and application.priority_groups)


def profile_of(application: MentoringApplication) -> scoring.Profile:
    site = application.site
    return scoring.Profile(
        goals=frozenset(g.id for g in application.goals),
        text=" ".join([application.interests, application.hopes_to_give, application.hopes_to_gain]),
        availability=application.availability,
        mode=application.meeting_mode.value,
        latitude=site.latitude if site else None,
        longitude=site.longitude if site else None,
        band=application.band,
        priority=application.side == Side.PARTNER and in_priority_group(application),
    )


def person_of(application: MentoringApplication, chains: dict[int, frozenset[int]]) -> rules.Person:
    user = application.user
    return rules.Person(
        user_id=user.id, organisation_id=user.employer_id, team_id=user.team_id,
        chain=chains.get(user.id, frozenset()),
        conflicts=frozenset(c.user_id for c in application.conflicts),
    )


@dataclass
class Problem:
    cohort: MentoringCohort
    partners: list[MentoringApplication]
    leaders: list[MentoringApplication]
    places: list[int]
    rows: list[scoring.Profile]
    columns: list[scoring.Profile]
    weights: scoring.Weights
    masks: dict[str, np.ndarray]
    allowed: np.ndarray
    table: scoring.ScoreTable
    keep: list[tuple[int, int]]
    skipped_locks: int


def build_problem(cohort: MentoringCohort) -> Problem:
    """The cohort's pool as the pure functions want it: profiles, rule masks, scores, locks."""
    programme = cohort.programme
    pool = queries.pool(cohort)
    chains = queries.management_chains(sorted({a.user_id for a in pool.partners + pool.leaders}))
    row_index = {a.id: i for i, a in enumerate(pool.partners)}
    col_index = {a.id: j for j, a in enumerate(pool.leaders)}
    decisions = queries.decisions(cohort.id)
    forbidden = {
        (row_index[d.partner_application_id], col_index[d.leader_application_id])
        for d in decisions
        if d.kind == DecisionKind.FORBIDDEN
        and d.partner_application_id in row_index and d.leader_application_id in col_index
    }
    masks = rules.rule_masks(
        [person_of(a, chains) for a in pool.partners], [person_of(a, chains) for a in pool.leaders],
        cross_organisation=programme.allow_cross_organisation, forbidden=forbidden,
        places=pool.places,
    )
    allowed = rules.allowed(masks)
    weights = weights_of(programme)
    rows = [profile_of(a) for a in pool.partners]
    columns = [profile_of(a) for a in pool.leaders]
    table = scoring.score_table(rows, columns, weights)

    keep, skipped, left = [], 0, list(pool.places)
    for decision in sorted(decisions, key=lambda d: d.decided_at):
        if decision.kind != DecisionKind.LOCKED:
            continue
        i = row_index.get(decision.partner_application_id)
        j = col_index.get(decision.leader_application_id)
        # A lock on someone who has since left the pool, or that the rules now rule out, or
        # beyond the leader's places, cannot be kept.
        if i is None or j is None or not allowed[i, j] or left[j] <= 0:
            skipped += 1
            continue
        keep.append((i, j))
        left[j] -= 1
    return Problem(cohort, pool.partners, pool.leaders, pool.places, rows, columns, weights,
                   masks, allowed, table, keep, skipped)


def _alternatives(problem: Problem, total: np.ndarray, pairs, taken, i: int, j: int) -> list[dict]:
    match_of_row = dict(pairs)
    out = []
    for other, value in quality.alternatives_for_row(total, problem.allowed, pairs, i, ALTERNATIVES):
        full = taken.get(other, 0) >= problem.places[other]
        out.append({
            "side": Side.LEADER.value, "application_id": problem.leaders[other].id,
            "score": round(value, 2),
            "note": "All their places went to other pairs" if full else "Has a free place",
        })
    for other, value in quality.alternatives_for_column(total, problem.allowed, pairs, j, ALTERNATIVES):
        elsewhere = match_of_row.get(other)
        note = ("Not matched" if elsewhere is None
                else f"Matched elsewhere, scoring {total[other, elsewhere]:.2f}")
        out.append({
            "side": Side.PARTNER.value, "application_id": problem.partners[other].id,
            "score": round(value, 2), "note": note,
        })
    return out


def run_matching(cohort: MentoringCohort, *, actor: User) -> MatchRun:
    """Match everyone still unmatched in the cohort, keeping locked pairs; store the proposals,
    their reasons and runners-up, the quality figures and who was left out and why.

    Raises NotAllowed for anyone but the cohort's coordinators; DomainError when the cohort is
    planned or closed.
    """
    if not permissions.can_manage_mentoring_cohort(actor, cohort):
        raise NotAllowed("You cannot match this cohort")
    if not cohort.is_matching:
        raise DomainError(f"A cohort that is {cohort.status.label.lower()} cannot be matched")
    started = time.perf_counter()
    problem = build_problem(cohort)
    programme = cohort.programme
    total, base = problem.table.total, problem.table.base
    pairs = solve_keeping(total, problem.places, problem.allowed, problem.keep)

    row_groups = [frozenset(a.priority_groups) if in_priority_group(a) else frozenset()
                  for a in problem.partners]
    figures = quality.figures(base, problem.allowed, problem.places, pairs,
                              row_groups=row_groups, group_names=list(programme.priority_groups))
    figures["locked"] = len(problem.keep)
    figures["skipped_locks"] = problem.skipped_locks
    figures["max_score"] = problem.weights.maximum
    priority_rows = [i for i, p in enumerate(problem.rows) if p.priority]
    if problem.weights.priority_bonus and priority_rows and problem.leaders:
        figures["priority"] = quality.priority_cost(
            base, problem.table.bonus, problem.allowed, problem.places, problem.keep, priority_rows)
        figures["priority"]["bonus"] = problem.weights.priority_bonus

    other = "applicants on the other side"
    unmatched_rows, unmatched_columns = rules.unmatched_reasons(
        problem.masks, pairs, problem.places, row_side=other, column_side=other)
    unmatched = [
        {"application_id": problem.partners[u.index].id, "side": Side.PARTNER.value,
         "reason": u.reason, "detail": u.detail} for u in unmatched_rows
    ] + [
        {"application_id": problem.leaders[u.index].id, "side": Side.LEADER.value,
         "reason": u.reason, "detail": u.detail} for u in unmatched_columns
    ]
    settings = {
        "weights": {f: getattr(problem.weights, f) for f in scoring.FACTORS},
        "band_gap_wanted": problem.weights.band_gap_wanted,
        "max_distance_km": problem.weights.max_distance_km,
        "priority_bonus": problem.weights.priority_bonus,
        "cross_organisation": programme.allow_cross_organisation,
    }
    run = MatchRun(cohort_id=cohort.id, run_by_id=actor.id, settings=settings, unmatched=unmatched)
    goal_names = {g.id: g.name for a in problem.partners + problem.leaders for g in a.goals}
    kept = set(problem.keep)
    taken: dict[int, int] = {}
    for _, j in pairs:
        taken[j] = taken.get(j, 0) + 1
    for i, j in pairs:
        reasons = scoring.reasons(problem.table, problem.weights, problem.rows, problem.columns,
                                  i, j, goal_names)
        run.proposals.append(MatchProposal(
            partner_application_id=problem.partners[i].id,
            leader_application_id=problem.leaders[j].id,
            score=scoring.reasons_total(reasons),
            reasons=[{"factor": r.factor, "label": r.label, "points": r.points, "most": r.most,
                      "detail": r.detail} for r in reasons],
            alternatives=_alternatives(problem, total, pairs, taken, i, j),
            is_locked=(i, j) in kept,
        ))
    run.seconds = round(time.perf_counter() - started, 3)
    run.figures = figures
    db.session.add(run)
    db.session.flush()
    record(actor, "mentoring.matching_run", run, cohort_id=cohort.id, pairs=len(pairs),
           locked=len(problem.keep), total_score=figures["total_score"])
    db.session.flush()
    return run


def lock_pair(cohort: MentoringCohort, partner: MentoringApplication, leader: MentoringApplication,
              *, actor: User, note: str = "") -> PairDecision:
    """Keep this pair through every re-run until unlocked or published.

    Raises DomainError when the pair breaks a hard rule, when either has left the pool, when the
    partner is locked to someone else or the leader's places are all locked.
    """
    if not permissions.can_manage_mentoring_cohort(actor, cohort):
        raise NotAllowed("You cannot change this cohort's matching")
    check_pair_applications(cohort, partner, leader)
    pool = queries.pool(cohort)
    if partner.id not in {a.id for a in pool.partners} or leader.id not in {a.id for a in pool.leaders}:
        raise DomainError("One of them is no longer waiting to be matched")
    chains = queries.management_chains([partner.user_id, leader.user_id])
    masks = rules.rule_masks([person_of(partner, chains)], [person_of(leader, chains)],
                             cross_organisation=cohort.programme.allow_cross_organisation)
    broken = rules.pair_rules(masks, 0, 0)
    if broken:
        raise DomainError("This pair cannot be locked: " + ", ".join(rules.RULE_LABELS[r] for r in broken))
    existing = db.session.scalar(select(PairDecision).where(
        PairDecision.partner_application_id == partner.id, PairDecision.kind == DecisionKind.LOCKED))
    if existing is not None and existing.leader_application_id != leader.id:
        raise DomainError(f"{partner.user.name} is already locked with someone else: unlock that "
                          "pair first")
    places = pool.places[[a.id for a in pool.leaders].index(leader.id)]
    locks = db.session.scalar(select(func.count()).select_from(PairDecision).where(
        PairDecision.leader_application_id == leader.id, PairDecision.kind == DecisionKind.LOCKED,
        PairDecision.partner_application_id != partner.id))
    if locks >= places:
        raise DomainError(f"All of {leader.user.name}'s places are already locked")
    decision = write_decision(cohort.id, partner.id, leader.id, DecisionKind.LOCKED, note, actor=actor)
    record(actor, "mentoring.pair_locked", decision, cohort_id=cohort.id,
           partner_application_id=partner.id, leader_application_id=leader.id)
    db.session.flush()
    return decision
