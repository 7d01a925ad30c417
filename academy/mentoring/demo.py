"""Demo reciprocal mentoring: the Wakefield programme with a closed cohort (outcomes at 6 and 12
months), a running cohort (meetings, private notes, mid-point feedback) and an open cohort of up
to 120 applicants, matched once so the coordinator has a run to review. Two demo partners,
partner@demo.academy and seniorleader@demo.academy, are a pair under way in the running cohort.

The pairs of the earlier cohorts come from the real solver: each cohort is matched with
academy.mentoring.services.matchmaking.run_matching, then its proposals become partnerships.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select, update

from academy.bulk import insert_rows
from academy.extensions import db
from academy.mentoring import rhythm
from academy.mentoring.models import (
    FEEDBACK_QUESTIONS,
    ApplicationStatus,
    CohortStatus,
    DecisionKind,
    FeedbackStage,
    MeetingMode,
    MentoringApplication,
    MentoringCohort,
    MentoringFeedback,
    MentoringGoal,
    MentoringMeeting,
    MentoringNote,
    MentoringPartnership,
    MentoringProgramme,
    PairDecision,
    PartnershipStatus,
    ProgrammeKind,
    Response,
    Side,
    application_goal,
)
from academy.mentoring.services.matchmaking import run_matching
from academy.mentoring.vocabulary import BANDS, SLOTS
from academy.people.demo import PeopleDemo
from academy.people.models import JobHistory, JobRole, Site, Team, User

COORDINATOR_EMAIL = "mentoring@demo.academy"
PARTNER_EMAIL = "partner@demo.academy"
LEADER_EMAIL = "seniorleader@demo.academy"
OPEN_APPLICANTS = 120
PROGRAMME_NAME = "Wakefield Reciprocal Mentoring Programme"

GOALS = [
    "Leading change", "Inclusive recruitment and promotion", "Understanding lived experience",
    "Career progression", "Building confidence", "Influencing senior decisions",
    "Compassionate leadership", "Service improvement", "Board and governance",
    "Community engagement", "Cultural competence", "Coaching skills", "Wellbeing at work",
    "Digital and data",
]
PRIORITY_GROUPS = ["Black, Asian and minority ethnic", "Disabled", "LGBT+"]

INTERESTS = [
    "community health", "mental health", "recruitment", "staff networks", "quality improvement",
    "patient experience", "dementia care", "public health", "coaching", "digital services",
    "health inequalities", "carers", "apprenticeships", "wellbeing", "research", "faith groups",
    "youth work", "sport", "music", "languages",
]
GIVE = [
    "what it is like to be the only person like me in the room",
    "how decisions land on the ward and in people's homes",
    "honest feedback on how the organisation feels from the front line",
    "experience of caring for relatives while working shifts",
    "knowledge of our local communities and their languages",
    "years of experience leading teams through change",
    "how the board makes decisions and how to influence them",
    "coaching and a wide network across the partnership",
    "support with applications and interviews for senior roles",
]
GAIN = [
    "confidence to apply for a band 6 role",
    "understanding of how senior leaders make decisions",
    "an honest view of the barriers colleagues face",
    "how to lead a service improvement project",
    "insight into staff who feel unheard",
    "a better understanding of racism and exclusion at work",
    "how to speak up in meetings with senior people",
    "ways to make recruitment fairer",
]
NOTES = [
    "Talked about the interview next month; practised answers to the values questions.",
    "We compared how the same decision looked from the board and from the ward. Eye-opening.",
    "Agreed to shadow a senior meeting. I want to ask about the staff survey results next time.",
    "Good conversation about being the only one in the room. Need to reflect on what I heard.",
    "Planned a visit to the community hub together.",
]
FEEDBACK_COMMENTS = ["", "", "Really valuable so far.", "Hard to find times to meet.",
                     "I have learned more than I expected."]
# Where a promotion leads, for outcomes: job role key to the next one up.
PROMOTION = {"hca": "hca3", "hca3": "shcsw", "shcsw": "tna", "tna": "na", "na": "rn", "rn": "sister",
             "physio": "physio6", "admin": "medsec", "careworker": "seniorcare",
             "seniorcare": "leadcare", "supportworker": "teamleader", "ecsw": "paramedic",
             "mhsw": "shcsw", "ptech": "pharmacist"}
SENIOR_ROLES = ("director", "manager7", "matron", "acp", "pharmacist", "regmanager", "deputy",
                "sister", "teamleader")
# Seniority for roles outside Agenda for Change, as applicants would give it.
EQUIVALENT_BAND = {"careworker": "3", "seniorcare": "3", "leadcare": "4", "supportworker": "3",
                   "teamleader": "6", "deputy": "7", "regmanager": "8a", "socialworker": "6",
                   "ot": "6", "reablement": "3", "activities": "3", "volunteer": None,
                   "tutor": "6", "doctor": "8a", "student": None}


def _availability(rng: random.Random) -> int:
    mask = 0
    for bit in rng.sample(range(len(SLOTS)), rng.randint(2, 6)):
        mask |= 1 << bit
    return mask


def _band_of(key: str, band: str | None) -> str | None:
    if band in BANDS:
        return band
    return EQUIVALENT_BAND.get(key)


def build(rng: random.Random, today: date, people: PeopleDemo) -> dict:
    rng = random.Random(rng.random())  # our own stream: the other packages' data stays the same
    coordinator = db.session.scalar(select(User).where(User.email == COORDINATOR_EMAIL))
    role_key = {role_id: key for key, role_id in people.job_roles.items()}
    bands = dict(db.session.execute(select(JobRole.id, JobRole.afc_band)).all())

    goal_ids = insert_rows(MentoringGoal, [{"name": g} for g in GOALS])
    programme = MentoringProgramme(
        name=PROGRAMME_NAME, kind=ProgrammeKind.RECIPROCAL,
        description="Staff from Black, Asian and minority ethnic groups and other groups "
                    "under-represented in leadership are paired with senior leaders across the "
                    "partnership. Both partners learn from each other.",
        partner_label="Partner from an under-represented group", leader_label="Senior leader",
        partner_eligibility="You belong to a group under-represented in leadership: for example "
                            "Black, Asian or minority ethnic, disabled, or LGBT+.",
        leader_eligibility="You lead a service, directorate or organisation (band 8a or above, "
                           "or equivalent), with your executive's support.",
        allow_cross_organisation=True, band_gap_wanted=3, max_distance_km=25,
        priority_groups=PRIORITY_GROUPS, priority_bonus=5, created_by_id=coordinator.id,
    )
    db.session.add(programme)
    db.session.flush()

    partner, leader = _demo_pair(people, coordinator)
    users = db.session.execute(
        select(User.id, User.job_role_id, User.site_id)
        .where(User.id.in_(people.staff_ids + people.manager_ids))
    ).all()
    seniors = [u for u in users if role_key.get(u.job_role_id) in SENIOR_ROLES]
    others = [u for u in users if role_key.get(u.job_role_id) not in SENIOR_ROLES]
    rng.shuffle(seniors)
    rng.shuffle(others)

    def cohort(name, status, starts_on, months=12):
        row = MentoringCohort(
            programme_id=programme.id, name=name, status=status,
            opens_on=starts_on - timedelta(days=70), closes_on=starts_on - timedelta(days=28),
            matching_on=starts_on - timedelta(days=21), starts_on=starts_on,
            duration_months=months, meeting_interval_weeks=4,
        )
        row.programme = programme
        db.session.add(row)
        db.session.flush()
        return row

    def applications(cohort_row, partner_users, leader_users, submitted_on):
        rows, goal_rows = [], []
        for side, group in ((Side.PARTNER, partner_users), (Side.LEADER, leader_users)):
            for user in group:
                consent = side == Side.PARTNER and rng.random() < 0.7
                key = role_key.get(user.job_role_id, "")
                rows.append({
                    "cohort_id": cohort_row.id, "user_id": user.id, "side": side,
                    "status": ApplicationStatus.SUBMITTED, "eligibility_confirmed": True,
                    "priority_consent": consent,
                    "priority_groups": rng.sample(PRIORITY_GROUPS, rng.choice([1, 1, 1, 2]))
                    if consent else [],
                    "band": _band_of(key, bands.get(user.job_role_id)) if side == Side.PARTNER
                    else _band_of(key, bands.get(user.job_role_id)) or "8a",
                    "site_id": user.site_id,
                    "meeting_mode": rng.choices(list(MeetingMode), [3, 3, 4])[0],
                    "availability": _availability(rng),
                    "interests": ", ".join(rng.sample(INTERESTS, 3)),
                    "hopes_to_give": rng.choice(GIVE).capitalize() + ".",
                    "hopes_to_gain": rng.choice(GAIN).capitalize() + ".",
                    "capacity": rng.choice([1, 2, 2, 3, 4]) if side == Side.LEADER else 1,
                    "submitted_at": datetime.combine(submitted_on, time(10))
                    + timedelta(hours=rng.randint(0, 500)),
                })
        ids = insert_rows(MentoringApplication, rows)
        for application_id in ids:
            for goal_id in rng.sample(goal_ids, rng.randint(2, 4)):
                goal_rows.append({"application_id": application_id, "goal_id": goal_id})
        db.session.execute(insert(application_goal), goal_rows)
        return ids

    # Sizes scale with the demo: the full 120 applicants from about 500 staff up.
    open_leaders = min(len(seniors), max(2, OPEN_APPLICANTS * 3 // 10))
    open_partners = min(len(others), OPEN_APPLICANTS - open_leaders)
    past_pairs = max(2, min(20, len(others) // 8))

    closed = cohort("Cohort 1", CohortStatus.MATCHING, rhythm.add_months(today, -19))
    applications(closed, others[-past_pairs:], seniors[-max(1, past_pairs // 2):],
                 closed.opens_on)
    running = cohort("Cohort 2", CohortStatus.MATCHING, rhythm.add_months(today, -7))
    running_partners = others[-2 * past_pairs:-past_pairs] or others[:past_pairs]
    running_leaders = seniors[-max(1, past_pairs):-max(1, past_pairs // 2)] or seniors[:1]
    running_ids = applications(running, [partner, *running_partners], [leader, *running_leaders],
                               running.opens_on)
    db.session.add(PairDecision(cohort_id=running.id, partner_application_id=running_ids[0],
                                leader_application_id=running_ids[len(running_partners) + 1],
                                kind=DecisionKind.LOCKED, note="They asked to be paired",
                                decided_by_id=coordinator.id))
    opened = cohort("Cohort 3", CohortStatus.OPEN, today + timedelta(days=45))
    applications(opened, others[:open_partners], seniors[:open_leaders], opened.opens_on)
    db.session.flush()

    counts = {}
    for row, state in ((closed, "closed"), (running, "running")):
        run = run_matching(row, actor=coordinator)
        run.run_at = datetime.combine(row.matching_on, time(11))
        run.published_at = run.run_at + timedelta(hours=2)
        run.published_by_id = coordinator.id
        counts[state] = _partnerships(rng, row, run, today, state, partner.id)
        row.status = CohortStatus.CLOSED if state == "closed" else CohortStatus.RUNNING
    _promotions(rng, closed, people, role_key, today)
    run_matching(opened, actor=coordinator)
    db.session.flush()
    return {"mentoring_applications": len(running_ids) + open_partners + open_leaders,
            "mentoring_pairs": sum(counts.values())}


def _demo_pair(people: PeopleDemo, coordinator: User) -> tuple[User, User]:
    """The two demo partners: a staff nurse at the acute trust and a director at SWYPFT."""
    def make(email, given, family, short, key):
        organisation_id = people.organisations[short]
        team = db.session.scalar(select(Team).where(
            Team.organisation_id == organisation_id, Team.parent_id.is_not(None)).order_by(Team.id))
        site_id = db.session.scalar(select(Site.id).where(Site.organisation_id == organisation_id)
                                    .order_by(Site.id))
        user = User(
            email=email, given_name=given, family_name=family,
            password_hash=coordinator.password_hash, employer_id=organisation_id,
            team_id=team.id if team else None, site_id=site_id,
            job_role_id=people.job_roles[key], employee_number=f"DEMO-M{len(email)}{key[:3]}",
            line_manager_id=team.manager_id if team else None,
            started_on=date(2016, 9, 1),
        )
        db.session.add(user)
        db.session.flush()
        db.session.add(JobHistory(user_id=user.id, organisation_id=organisation_id,
                                  job_role_id=user.job_role_id, team_id=user.team_id,
                                  started_on=user.started_on, reason="Joined"))
        return user

    return (make(PARTNER_EMAIL, "Grace", "Okafor", "MYTT", "rn"),
            make(LEADER_EMAIL, "Stephen", "Hill", "SWYPFT", "director"))


def _partnerships(rng, cohort: MentoringCohort, run, today: date, state: str, demo_partner_id: int) -> int:
    proposals = run.proposals
    rows = []
    for n, proposal in enumerate(proposals):
        partner_app, leader_app = proposal.partner_application, proposal.leader_application
        started = cohort.starts_on + timedelta(days=rng.randint(0, 10))
        status, partner_response, leader_response = PartnershipStatus.ACTIVE, Response.ACCEPTED, Response.ACCEPTED
        closed_on = completed = None
        if state == "closed":
            status = PartnershipStatus.CLOSED
            completed = rng.random() < 0.85
            closed_on = (rhythm.end_on(started, cohort.duration_months) if completed
                         else started + timedelta(days=rng.randint(90, 250)))
        elif partner_app.user_id != demo_partner_id and n == len(proposals) - 1:
            status, leader_response, started = PartnershipStatus.REMATCH, Response.REMATCH, None
        rows.append({
            "cohort_id": cohort.id, "run_id": run.id, "partner_application_id": partner_app.id,
            "leader_application_id": leader_app.id, "partner_id": partner_app.user_id,
            "leader_id": leader_app.user_id, "score": proposal.score, "reasons": proposal.reasons,
            "status": status, "partner_response": partner_response,
            "leader_response": leader_response, "published_at": run.published_at,
            "started_on": started, "closed_on": closed_on, "completed": completed,
            "closed_by_id": leader_app.user_id if closed_on else None,
            "rematch_reason": "Our working patterns do not overlap at all." if started is None else None,
            "rematch_by_id": leader_app.user_id if started is None else None,
            "agreed_goals": "Meet monthly; shadow each other once; look at how we recruit to band 6."
            if started else "",
            "midpoint_requested_at": datetime.combine(
                rhythm.midpoint_on(started, cohort.duration_months), time(7))
            if started and rhythm.midpoint_on(started, cohort.duration_months) <= today else None,
            "end_requested_at": datetime.combine(closed_on, time(7)) if closed_on else None,
        })
    ids = insert_rows(MentoringPartnership, rows)
    meetings, feedback = [], []
    for partnership_id, row in zip(ids, rows, strict=True):
        if row["started_on"] is None:
            continue
        last = row["closed_on"] or today
        is_demo = row["partner_id"] == demo_partner_id
        day, keep = row["started_on"] + timedelta(days=rng.randint(3, 12)), 0.95 if is_demo else 0.75
        while day <= last:
            if rng.random() < keep:
                meetings.append({
                    "partnership_id": partnership_id, "met_on": day,
                    "mode": rng.choice(["in_person", "video", "video", "phone"]),
                    "minutes": rng.choice([45, 60, 60, 90]),
                    "logged_by_id": rng.choice([row["partner_id"], row["leader_id"]]),
                    "created_at": datetime.combine(day, time(17)),
                    "_authors": [a for a in (row["partner_id"], row["leader_id"])
                                 if is_demo or rng.random() < 0.5],
                })
            day += timedelta(days=rng.randint(24, 36))
        for stage, asked in ((FeedbackStage.MIDPOINT, row["midpoint_requested_at"]),
                             (FeedbackStage.END, row["end_requested_at"])):
            if asked is None:
                continue
            for author, side in ((row["partner_id"], Side.PARTNER), (row["leader_id"], Side.LEADER)):
                # The demo partner has answered the mid-point questionnaire; the demo senior
                # leader has not yet.
                if (side == Side.LEADER) if is_demo else rng.random() > 0.75:
                    continue
                feedback.append({
                    "partnership_id": partnership_id, "author_id": author, "side": side,
                    "stage": stage, "comments": rng.choice(FEEDBACK_COMMENTS),
                    "submitted_at": asked + timedelta(days=rng.randint(1, 14)),
                    **{q: rng.choices([2, 3, 4, 5], [1, 3, 5, 4])[0] for q in FEEDBACK_QUESTIONS},
                })
    authors = [m.pop("_authors") for m in meetings]
    meeting_ids = insert_rows(MentoringMeeting, meetings)
    insert_rows(MentoringNote, [
        {"meeting_id": meeting_id, "author_id": author, "text": rng.choice(NOTES)}
        for meeting_id, who in zip(meeting_ids, authors, strict=True) for author in who
    ])
    insert_rows(MentoringFeedback, feedback)
    return len(ids)


def _promotions(rng, cohort: MentoringCohort, people: PeopleDemo, role_key: dict, today: date) -> None:
    """Some of the first cohort moved on within the year: new spells in their job history."""
    rows = db.session.execute(
        select(MentoringPartnership.partner_id, MentoringPartnership.leader_id,
               MentoringPartnership.started_on)
        .where(MentoringPartnership.cohort_id == cohort.id,
               MentoringPartnership.started_on.is_not(None))
    ).all()
    candidates = {}
    for partner_id, leader_id, started in rows:
        if rng.random() < 0.45:
            candidates[partner_id] = started
        if rng.random() < 0.15:
            candidates[leader_id] = started
    current = db.session.execute(
        select(JobHistory.id, JobHistory.user_id, JobHistory.started_on, JobHistory.job_role_id,
               JobHistory.organisation_id, JobHistory.team_id)
        .where(JobHistory.user_id.in_(candidates), JobHistory.ended_on.is_(None))
    ).all()
    new_spells = []
    for spell_id, user_id, spell_start, job_role_id, organisation_id, team_id in current:
        moved_on = candidates[user_id] + timedelta(days=rng.randint(45, 330))
        if moved_on <= spell_start + timedelta(days=1) or moved_on > today:
            continue
        key = role_key.get(job_role_id)
        promoted_to = PROMOTION.get(key)
        new_role = people.job_roles[promoted_to] if promoted_to else job_role_id
        db.session.execute(update(JobHistory).where(JobHistory.id == spell_id)
                           .values(ended_on=moved_on - timedelta(days=1)))
        db.session.execute(update(User).where(User.id == user_id).values(job_role_id=new_role))
        new_spells.append({"user_id": user_id, "organisation_id": organisation_id,
                           "job_role_id": new_role, "team_id": team_id, "started_on": moved_on,
                           "reason": "Promoted" if promoted_to else "Moved to a new team"})
    insert_rows(JobHistory, new_spells)
