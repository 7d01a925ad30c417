"""Demo fellowships: the West Yorkshire Fellowship Programme run by the demo fellowship lead, with
two finished cohorts (placements, milestones, backfill, and outcomes from job history) and a
current cohort in placement, in which the demo member of staff is a fellow."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import insert, select

from academy.bulk import insert_rows
from academy.extensions import db
from academy.people.demo import PeopleDemo
from academy.people.models import JobHistory, JobRole, RoleAssignment, User
from academy.people.roles import Role
from academy.talent.conversations import demo as conversations_demo
from academy.talent.fellowships import rules, services
from academy.talent.fellowships.models import (
    BackfillPayment,
    CohortMilestone,
    Fellow,
    FellowshipCohort,
    FellowshipProgramme,
    FellowStatus,
    MilestoneCompletion,
    MilestoneKind,
    Placement,
)

PROGRAMME = "West Yorkshire Fellowship Programme"
DESCRIPTION = (
    "For colleagues from ethnically diverse backgrounds in West Yorkshire health and care "
    "(formerly the BAME Fellowship). A development period in the fellow's own organisation, then "
    "a twelve-month project placement one day a week in a host partner, with a senior mentor, a "
    "trained coach, regular career conversations and pastoral support. Backfill is paid to the "
    "fellow's substantive employer."
)
STAFF_EMAIL = "staff@demo.academy"
COACH_EMAIL = "coach@demo.academy"
MENTOR_EMAILS = ["partnershiplead@demo.academy", "levypool@demo.academy", "mentoring@demo.academy"]
PROJECTS = [
    "Improving discharge for people going home with care",
    "Reducing missed appointments in the community",
    "A peer-support offer for international recruits",
    "Digital care records in care homes",
    "Falls prevention with the reablement service",
    "Recruiting local young people into care work",
    "Making the staff survey count in primary care",
    "Carers' voice in hospital discharge",
]
BACKFILL_BY_BAND = {"2": "480.00", "3": "520.00", "4": "580.00", "5": "690.00", "6": "840.00",
                    "7": "980.00"}
# (months before today it began, its name, how many fellows)
COHORTS = [(32, "Cohort 1", 11), (25, "Cohort 2", 9), (9, "Cohort 3", 8)]


def build(rng: random.Random, today: date, people: PeopleDemo) -> None:
    staff_id = people.sign_ins[STAFF_EMAIL]
    demo_coach = people.sign_ins[COACH_EMAIL]
    coaches = sorted(set(db.session.scalars(
        select(RoleAssignment.user_id).where(RoleAssignment.role == Role.COACH))))
    roles = {r.id: r for r in db.session.scalars(select(JobRole))}
    users = {u.id: u for u in db.session.scalars(
        select(User).where(User.id.in_([*people.staff_ids, staff_id])))}
    by_employer: dict[int, list[int]] = {}
    for user in users.values():
        if user.id != staff_id:
            by_employer.setdefault(user.employer_id, []).append(user.id)
    # Mentors are senior leaders: the demo's service managers and directors.
    seniors = [people.sign_ins[e] for e in MENTOR_EMAILS] + [
        u.id for u in users.values() if roles[u.job_role_id].afc_band in ("8a", "9")]
    open_spells = dict(db.session.execute(
        select(JobHistory.user_id, JobHistory.started_on).where(JobHistory.ended_on.is_(None))
    ).all())

    programme_id = insert_rows(FellowshipProgramme, [{"name": PROGRAMME, "description": DESCRIPTION}])[0]
    taken = set(coaches) | {staff_id}
    finished: list[tuple[int, FellowshipCohort]] = []
    for months_ago, name, size in COHORTS:
        starts = rules.months_after(today, -months_ago).replace(day=1)
        placement_starts = rules.months_after(starts, 6)
        ends = rules.placement_ends(placement_starts)
        cohort_id = insert_rows(FellowshipCohort, [{
            "programme_id": programme_id, "name": f"{name} ({starts.year} to {ends.year})",
            "starts_on": starts, "placement_starts_on": placement_starts, "ends_on": ends,
        }])[0]
        candidates = [u for u in users if u not in taken and open_spells.get(u, today) <= starts
                      and roles[users[u].job_role_id].afc_band in BACKFILL_BY_BAND]
        chosen = rng.sample(candidates, min(size, len(candidates)))
        current = ends >= today
        if current:
            chosen = [staff_id, *chosen[: size - 1]]
        taken |= set(chosen)
        fellow_ids = _fellows(rng, cohort_id, chosen, users, people, seniors, coaches, demo_coach,
                              staff_id)
        _placements(rng, fellow_ids, chosen, people, users, by_employer, placement_starts, ends,
                    today, roles)
        _milestones(rng, cohort_id, fellow_ids, starts, placement_starts, ends, today)
        if current:
            for n, (fellow_id, person) in enumerate(zip(fellow_ids, chosen, strict=True)):
                if person != staff_id:
                    coach = db.session.get(Fellow, fellow_id).coach_id
                    conversations_demo.add_held(person, coach, starts + timedelta(days=40 + 7 * n))
        elif len(fellow_ids) > 1:
            # One fellow of each finished cohort withdrew part way.
            db.session.execute(Fellow.__table__.update().where(Fellow.__table__.c.id == fellow_ids[-1])
                               .values(status=FellowStatus.WITHDRAWN,
                                       withdrawn_on=placement_starts + timedelta(days=60)))
            finished.append((cohort_id, ends))
            _moves(rng, chosen[:-1], ends, users, roles)
    services.record_outcomes(today)


def _fellows(rng, cohort_id, chosen, users, people, seniors, coaches, demo_coach, staff_id) -> list[int]:
    return insert_rows(Fellow, [
        {"cohort_id": cohort_id, "person_id": person, "employer_id": users[person].employer_id,
         "baseline_job_role_id": users[person].job_role_id,
         "mentor_id": rng.choice([s for s in seniors if s != person]),
         "coach_id": demo_coach if person == staff_id else rng.choice([c for c in coaches if c != person])}
        for person in chosen
    ])


def _placements(rng, fellow_ids, chosen, people, users, by_employer, starts, ends, today, roles) -> None:
    organisations = sorted(by_employer)
    placement_rows, backfill_rows = [], []
    for fellow_id, person in zip(fellow_ids, chosen, strict=True):
        if starts > today:
            continue
        employer = users[person].employer_id
        host = rng.choice([o for o in organisations if o != employer])
        placement_rows.append({
            "fellow_id": fellow_id, "host_id": host, "project": rng.choice(PROJECTS),
            "supervisor_id": rng.choice(by_employer[host]), "starts_on": starts, "ends_on": ends,
            "days_per_week": 1,
        })
        amount = Decimal(BACKFILL_BY_BAND.get(roles[users[person].job_role_id].afc_band, "600.00"))
        for month in rules.placement_months(starts, min(ends, today)):
            backfill_rows.append({"fellow_id": fellow_id, "month_on": month, "amount": amount,
                                  "paid_to_id": employer})
    insert_rows(Placement, placement_rows)
    insert_rows(BackfillPayment, backfill_rows)


def _milestones(rng, cohort_id, fellow_ids, starts, placement_starts, ends, today) -> None:
    plan = [(MilestoneKind.LEARNING_SET, f"Learning set {n}", rules.months_after(starts, n) + timedelta(days=14))
            for n in range(1, 5)]
    plan += [
        (MilestoneKind.PROJECT_PLAN, "Project plan agreed with the host",
         rules.months_after(placement_starts, 1)),
        (MilestoneKind.OTHER, "Mid-placement review", rules.months_after(placement_starts, 6)),
        (MilestoneKind.PRESENTATION, "Presentation to the programme board", ends - timedelta(days=14)),
    ]
    ids = insert_rows(CohortMilestone, [{"cohort_id": cohort_id, "kind": kind, "title": title, "due_on": due}
                                    for kind, title, due in plan])
    rows = []
    for milestone_id, (_, _, due) in zip(ids, plan, strict=True):
        for fellow_id in fellow_ids:
            roll = rng.random()
            if due >= today or roll > 0.9:
                continue
            done = due - timedelta(days=rng.randint(0, 10)) if roll < 0.78 else due + timedelta(days=rng.randint(1, 21))
            rows.append({"milestone_id": milestone_id, "fellow_id": fellow_id,
                         "completed_on": min(done, today)})
    insert_rows(MilestoneCompletion, rows)


def _moves(rng, people_ids, ends, users, roles) -> None:
    """After the programme, most fellows are promoted or move role: new spells in job history."""
    by_group_band: dict[tuple[str, str | None], list[int]] = {}
    for role in roles.values():
        by_group_band.setdefault((role.staff_group, role.afc_band), []).append(role.id)
    for person in people_ids:
        user = users[person]
        current = roles[user.job_role_id]
        roll = rng.random()
        if roll < 0.25:
            continue  # same role
        rank = rules.band_rank(current.afc_band)
        higher = [r.id for r in roles.values() if r.sector == current.sector and r.id != current.id
                  and rules.band_rank(r.afc_band) is not None and rank is not None
                  and rules.band_rank(r.afc_band) == rank + 1]
        same_band = [r for r in by_group_band.get((current.staff_group, current.afc_band), [])
                     if r != current.id] or [r.id for r in roles.values() if r.afc_band == current.afc_band
                                             and r.id != current.id]
        if roll < 0.75 and higher:
            new_role, reason = rng.choice(higher), "Promoted"
        elif same_band:
            new_role, reason = rng.choice(same_band), "Moved role"
        else:
            continue
        moved_on = ends + timedelta(days=rng.randint(20, 240))
        db.session.execute(
            JobHistory.__table__.update()
            .where(JobHistory.__table__.c.user_id == person, JobHistory.__table__.c.ended_on.is_(None))
            .values(ended_on=moved_on - timedelta(days=1))
        )
        db.session.execute(insert(JobHistory), [{
            "user_id": person, "organisation_id": user.employer_id, "job_role_id": new_role,
            "team_id": user.team_id, "started_on": moved_on, "reason": reason,
        }])
        db.session.execute(User.__table__.update().where(User.__table__.c.id == person)
                           .values(job_role_id=new_role))
