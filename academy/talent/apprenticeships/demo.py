"""Demo apprenticeships and levy: three levy payers with two years of declarations, about 150
apprentices across standards and statuses with their delivery records, a pledge from the
teaching trust to a home-care provider, an open need from a care home, and funds about to expire.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import insert, select

from academy.bulk import insert_rows
from academy.extensions import db
from academy.people.demo import PeopleDemo
from academy.people.equality import QUESTIONS
from academy.people.models import EqualityProfile, Organisation, OrganisationType, User
from academy.talent.apprenticeships import queries, reference, rules, services
from academy.talent.apprenticeships.models import (
    Apprentice,
    ApprenticeshipCohort,
    ApprenticeshipStandard,
    ApprenticeStatus,
    ApprenticeStatusChange,
    AssessmentAttempt,
    AssessmentResult,
    FundingSource,
    GatewayCheck,
    OffTheJobEntry,
    ProgressReview,
)
from academy.talent.levy import demo as levy_demo
from academy.talent.levy import rules as levy_rules
from academy.talent.levy import services as levy_services
from academy.talent.levy.models import (
    ApplicationStatus,
    LevyTransaction,
    Pledge,
    TransferApplication,
)

D = Decimal
# Apprentices per partner at the default demo size (150 in all), and who funds them.
APPRENTICES = [
    ("MYTT", 78, FundingSource.OWN_LEVY), ("SWYPFT", 32, FundingSource.OWN_LEVY),
    ("WMDC ASC", 22, FundingSource.OWN_LEVY), ("FT Home Care", 3, FundingSource.CO_INVESTMENT),
    ("Five Towns PCN", 3, FundingSource.CO_INVESTMENT),
    ("Central PCN", 3, FundingSource.CO_INVESTMENT), ("Spectrum", 5, FundingSource.CO_INVESTMENT),
]
STANDARDS_BY_TYPE = {
    OrganisationType.NHS_TRUST: [("ST0216", 20), ("ST0217", 14), ("ST0827", 18), ("ST0781", 8),
                                 ("ST0564", 5), ("ST0519", 3), ("ST0517", 3), ("ST0300", 3),
                                 ("ST0070", 6), ("ST0385", 4), ("ST0384", 4), ("ST0582", 2)],
    OrganisationType.LOCAL_AUTHORITY: [("ST0005", 10), ("ST0006", 8), ("ST0007", 3),
                                       ("ST0008", 3), ("ST0510", 5), ("ST0517", 2), ("ST0384", 2)],
    OrganisationType.CARE_PROVIDER: [("ST0005", 6), ("ST0006", 4), ("ST0007", 1)],
    OrganisationType.PRIMARY_CARE: [("ST0300", 3), ("ST0070", 3), ("ST0216", 2)],
    OrganisationType.VOLUNTARY_SECTOR: [("ST0005", 3), ("ST0070", 2), ("ST0384", 1)],
}
# The youngest a demo apprentice is at the start, by level: a degree or a senior role comes
# after school and some experience; advanced clinical practice after years as a registered
# professional.
YOUNGEST_BY_LEVEL = {2: 17, 3: 18, 4: 20, 5: 21, 6: 21, 7: 28}
# A price where the standard's band is not known.
UNKNOWN_BAND_PRICE = {"ST0567": 27000, "ST0300": 8000, "ST0070": 5000, "ST0384": 4500,
                      "ST0008": 7000}
PROVIDERS = [("Wakefield College", "10007299"), ("University of Huddersfield", "10007148"),
             ("Leeds Beckett University", "10003861"), ("Northern Care Training", "10061234"),
             ("Calderdale College", "10001148")]
ASSESSORS = ["Skills for Health Assessment", "Highfield Assessment", "NCFE", "City & Guilds"]
ACTIVITIES = ["Taught session at the college", "Online module and reflective log",
              "Shadowing a senior colleague", "Simulation training", "Protected study time",
              "Clinical skills workshop", "Mentoring session with practice supervisor"]
STATUS_WEIGHTS = [("live", 57), ("completed", 24), ("stopped", 8), ("paused", 5),
                  ("waiting_to_start", 6)]
# Ethnicity answers for demo equality profiles (Wakefield's workforce, broadly).
ETHNICITY_WEIGHTS = [("white_british", 72), ("white_other", 5), ("white_irish", 1),
                     ("asian_pakistani", 6), ("asian_indian", 4), ("asian_other", 1),
                     ("black_african", 4), ("black_caribbean", 1), ("mixed_white_asian", 1),
                     ("mixed_other", 1), ("other", 1), ("prefer_not_to_say", 3)]


@dataclass
class Rows:
    apprentices: list[dict] = field(default_factory=list)
    extra: list[dict] = field(default_factory=list)  # per apprentice: history, entries, reviews...


def build(rng: random.Random, today: date, people: PeopleDemo) -> dict:
    reference.seed_reference_data()
    table = queries.funding_rules()
    standards = {s.reference: s for s in db.session.scalars(select(ApprenticeshipStandard))}
    organisations = {o.short_name: o for o in db.session.scalars(select(Organisation))}
    this_month = levy_rules.month_of(today)
    first_entry = levy_rules.add_months(this_month, -23)

    account_ids = levy_demo.build(rng, organisations, table, this_month, first_entry)

    cohorts = _cohorts(today, organisations)
    staff = _staff_by_employer(people)
    team_of_manager = db.session.scalar(select(User.team_id).where(
        User.id == people.sign_ins.get("manager@demo.academy")))
    rows: list[dict] = []
    plans: list[dict] = []
    for short, count, funding in APPRENTICES:
        organisation = organisations.get(short)
        if organisation is None:
            continue
        pool = staff.get(organisation.id, [])
        # The demo manager's team gets two apprentices, so her home page has something to show.
        mine = [p for p in pool if p[1] == team_of_manager][:2] if short == "MYTT" else []
        others = [p for p in pool if p not in mine]
        chosen = mine + rng.sample(others, min(len(others), max(0, _scaled(count, people) - len(mine))))
        team_ids = [p[0] for p in mine]
        for person_id, _ in chosen:
            plan = _plan(rng, today, organisation, standards, table,
                         account_ids.get(short) if funding is FundingSource.OWN_LEVY else None,
                         funding, cohorts)
            # The manager's two apprentices are in learning with a known minimum of hours
            # (a standard whose published figure is still to confirm is never green).
            tries = 0
            while person_id in team_ids and tries < 200 and not _on_track_plan(plan, today):
                plan = _plan(rng, today, organisation, standards, table,
                             account_ids.get(short) if funding is FundingSource.OWN_LEVY
                             else None, funding, cohorts)
                tries += 1
            if plan is None:
                continue
            if person_id in team_ids:
                # One on track, one behind: the manager sees both kinds.
                plan["row"]["status"] = ApprenticeStatus.LIVE
                on_track = team_ids.index(person_id) == 0
                plan["pace"], plan["review_gap"] = (1.05, 70) if on_track else (0.5, 120)
            plan["row"]["user_id"] = person_id
            rows.append(plan["row"])
            plans.append(plan)

    transfer_plans = _transfers(rng, today, organisations, standards, table, account_ids, staff,
                                people)
    for plan in transfer_plans:
        rows.append(plan["row"])
        plans.append(plan)
    ids = insert_rows(Apprentice, rows)
    _delivery(rng, today, ids, plans, first_entry, this_month)
    services.refresh_all(today)
    _equality_profiles(rng, people)
    return {"apprentices": len(ids), "levy_accounts": len([a for a in account_ids.values() if a])}


def _scaled(count: int, people: PeopleDemo) -> int:
    """The default demo (1,200 staff) has the full numbers; smaller demos fewer."""
    return max(1, round(count * min(1.0, len(people.staff_ids) / 1200)))


def _staff_by_employer(people: PeopleDemo) -> dict[int, list[tuple[int, int | None]]]:
    found: dict[int, list[tuple[int, int | None]]] = {}
    for user_id, employer_id, team_id in db.session.execute(
            select(User.id, User.employer_id, User.team_id)
            .where(User.id.in_(people.staff_ids)).order_by(User.id)):
        found.setdefault(employer_id, []).append((user_id, team_id))
    return found


def _cohorts(today: date, organisations) -> dict[str, int]:
    def org(short):
        return organisations[short].id if short in organisations else None

    year = rules.academic_year(today)
    specs = [
        ("tna", f"Trainee nursing associates, September {year}", org("MYTT"), date(year, 9, 1)),
        ("tna_previous", f"Trainee nursing associates, September {year - 1}", org("MYTT"),
         date(year - 1, 9, 1)),
        ("hcsw", f"Healthcare support workers {rules.academic_year_label(year)}", org("MYTT"),
         date(year, 8, 1)),
        ("swypft", f"SWYPFT apprentices {rules.academic_year_label(year)}", org("SWYPFT"),
         date(year, 8, 1)),
        ("care", f"Adult social care apprentices {rules.academic_year_label(year)}", None,
         date(year, 8, 1)),
    ]
    ids = insert_rows(ApprenticeshipCohort, [
        {"name": name, "organisation_id": organisation_id, "starts_on": starts}
        for _, name, organisation_id, starts in specs])
    return {key: cohort_id for (key, *_), cohort_id in zip(specs, ids, strict=True)}


def _price(rng, standard) -> tuple[D, D]:
    band = standard.max_funding_band or D(UNKNOWN_BAND_PRICE.get(standard.reference, 6000))
    total = band * (D("1.15") if rng.random() < 0.1 else D(1))
    assessment = (total * D(rng.choice(["0.10", "0.12", "0.15"]))).quantize(D(1))
    return total - assessment, assessment


def _plan(rng, today, organisation, standards, table, account_id, funding, cohorts) -> dict | None:
    choices = STANDARDS_BY_TYPE[organisation.type]
    reference = rng.choices([r for r, _ in choices], [w for _, w in choices])[0]
    standard = standards.get(reference)
    if standard is None:
        return None
    status = rng.choices([s for s, _ in STATUS_WEIGHTS], [w for _, w in STATUS_WEIGHTS])[0]
    months = standard.typical_duration_months or 18
    if status == "waiting_to_start":
        start = today + timedelta(days=rng.randint(5, 60))
    elif status == "completed":
        start = today - timedelta(days=30 * (months + rng.randint(1, 14)))
    elif status == "stopped":
        start = today - timedelta(days=rng.randint(200, 800))
    else:
        start = today - timedelta(days=rng.randint(25, max(40, 30 * months - 20)))
    # Respect the rules the services enforce: withdrawn funding and the level 7 age limit. An
    # advanced clinical practitioner is an experienced registered professional, never young
    # enough for level 7 funding from January 2026: those apprenticeships started before it.
    if standard.funding_withdrawn_from and start >= standard.funding_withdrawn_from:
        start = standard.funding_withdrawn_from - timedelta(days=rng.randint(30, 200))
        status = "live" if status == "waiting_to_start" else status
    level7_limited = next((r.effective_from for r in table if r.level7_max_age is not None), None)
    if standard.level == 7 and level7_limited and start >= level7_limited:
        start = level7_limited - timedelta(days=rng.randint(30, 300))
        status = "live" if status == "waiting_to_start" else status
    rule = rules.rule_in_force(table, start)
    planned_end = rules.shift_months(start, months) - timedelta(days=1)
    youngest = YOUNGEST_BY_LEVEL[standard.level]
    born = start - timedelta(days=365 * rng.randint(youngest, max(youngest + 6, 52))
                            + rng.randint(0, 364))
    if status == "completed" and planned_end >= today:
        status = "live"
    training, assessment = _price(rng, standard)
    funded, _ = rules.funded_price(training, assessment, standard.max_funding_band)
    provider = rng.choice(PROVIDERS)
    cohort = None
    if reference == "ST0827" and organisation.short_name == "MYTT":
        cohort = cohorts["tna"] if rules.academic_year(start) == rules.academic_year(today) \
            else cohorts["tna_previous"]
    elif reference in ("ST0216", "ST0217") and organisation.short_name == "MYTT":
        cohort = cohorts["hcsw"] if rules.academic_year(start) == rules.academic_year(today) else None
    elif organisation.short_name == "SWYPFT" and rules.academic_year(start) == rules.academic_year(today):
        cohort = cohorts["swypft"]
    elif organisation.type in (OrganisationType.LOCAL_AUTHORITY, OrganisationType.CARE_PROVIDER):
        cohort = cohorts["care"] if rules.academic_year(start) == rules.academic_year(today) else None
    row = {
        "employer_id": organisation.id, "standard_id": standard.id,
        "standard_version": standard.version, "cohort_id": cohort,
        "uln": str(rng.randint(1_000_000_000, 9_999_999_999)), "date_of_birth": born,
        "ehcp_or_care_leaver": False, "provider_name": provider[0],
        "provider_ukprn": provider[1],
        "assessment_organisation": rng.choice(ASSESSORS) if rng.random() < 0.8 else None,
        "start_on": start, "planned_end_on": planned_end, "training_price": training,
        "assessment_price": assessment, "funded_price": funded, "funding_source": funding,
        "levy_account_id": account_id, "transfer_application_id": None,
        "weekly_hours": D("37.5"),
        "planned_otj_hours": queries.required_otj_hours(rule, standard, start, planned_end,
                                                        D("37.5")),
        "status": ApprenticeStatus(status),
    }
    return {"row": row, "pace": rng.choice([0.55, 0.8, 0.95, 1.0, 1.0, 1.05, 1.1]),
            "review_gap": rng.choice([70, 77, 84, 84, 84, 120])}


def _on_track_plan(plan: dict | None, today: date) -> bool:
    if plan is None:
        return False
    row = plan["row"]
    return (row["planned_otj_hours"] is not None and row["start_on"] < today - timedelta(days=30)
            and row["planned_end_on"] > today + timedelta(days=200)
            and row["assessment_organisation"] is not None)


def _transfers(rng, today, organisations, standards, table, account_ids, staff, people) -> list[dict]:
    """The trust's pledge to a home-care provider, an approved transfer with its apprentices, a
    second request waiting for the trust's decision, and a care home's open need."""
    sender = account_ids.get("MYTT")
    ridings = organisations.get("Ridings")
    lead_care = standards.get("ST0006")
    care = standards.get("ST0005")
    if not (sender and ridings and lead_care and care):
        return []
    tax_year = levy_rules.tax_year_of(levy_rules.month_of(today))
    pledge_id = insert_rows(Pledge, [{
        "account_id": sender, "tax_year": tax_year, "amount": D(30000),
        "recipient_organisation_id": ridings.id,
        "organisation_types": [OrganisationType.CARE_PROVIDER.value], "levels": [2, 3],
        "location": "Wakefield district",
        "description": "Adult care apprenticeships at Ridings Home Care, so the trust's unspent "
                       "levy trains care workers rather than expiring.",
        "created_by_id": people.sign_ins.get("apprenticeships@demo.academy"),
        "created_at": _at(today - timedelta(days=150)),
    }])[0]
    planned_start = today - timedelta(days=95)
    count = max(1, min(4, len(staff.get(ridings.id, [])) - 1))
    approved_id = insert_rows(TransferApplication, [
        {"pledge_id": pledge_id, "organisation_id": ridings.id, "standard_id": lead_care.id,
         "apprentices_count": count, "amount": lead_care.max_funding_band * count,
         "planned_start_on": planned_start,
         "reason": "Senior carers ready to lead shifts; we cannot fund the training ourselves.",
         "status": ApplicationStatus.APPROVED,
         "submitted_at": _at(today - timedelta(days=140)),
         "decided_by_id": people.sign_ins.get("apprenticeships@demo.academy"),
         "decided_at": _at(today - timedelta(days=125)),
         "decision_note": "Approved: fits the pledge."},
        {"pledge_id": pledge_id, "organisation_id": ridings.id,
         "standard_id": care.id, "apprentices_count": 2, "amount": care.max_funding_band * 2,
         "planned_start_on": today + timedelta(days=45),
         "reason": "Two new care workers starting the adult care worker apprenticeship.",
         "status": ApplicationStatus.SUBMITTED, "submitted_at": _at(today - timedelta(days=6))},
        {"pledge_id": None, "organisation_id": organisations["Calder View"].id,
         "standard_id": care.id, "apprentices_count": 3, "amount": care.max_funding_band * 3,
         "planned_start_on": today + timedelta(days=60),
         "reason": "Three care workers from the local community, two of them returning to work "
                   "after caring for family; the home pays no levy.",
         "status": ApplicationStatus.SUBMITTED, "submitted_at": _at(today - timedelta(days=12))},
    ])[0]
    people_at_ridings = [p for p, _ in staff.get(ridings.id, [])
                         if p != people.sign_ins.get("newstarter@demo.academy")][:count]
    plans = []
    rule = rules.rule_in_force(table, planned_start)
    months = lead_care.typical_duration_months or 18
    planned_end = rules.shift_months(planned_start, months) - timedelta(days=1)
    for person_id in people_at_ridings:
        plans.append({"row": {
            "user_id": person_id, "employer_id": ridings.id, "standard_id": lead_care.id,
            "standard_version": lead_care.version, "cohort_id": None, "uln": None,
            "date_of_birth": today - timedelta(days=365 * rng.randint(22, 50)),
            "ehcp_or_care_leaver": False, "provider_name": "Northern Care Training",
            "provider_ukprn": "10061234", "assessment_organisation": "Highfield Assessment",
            "start_on": planned_start, "planned_end_on": planned_end,
            "training_price": lead_care.max_funding_band - 400, "assessment_price": D(400),
            "funded_price": lead_care.max_funding_band, "funding_source": FundingSource.TRANSFER,
            "levy_account_id": sender, "transfer_application_id": approved_id,
            "weekly_hours": D(30),
            "planned_otj_hours": queries.required_otj_hours(rule, lead_care, planned_start,
                                                            planned_end, D(30)),
            "status": ApprenticeStatus.LIVE,
        }, "pace": 1.0, "review_gap": 84})
    return plans


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0)


def _delivery(rng, today, ids, plans, first_entry, this_month) -> None:
    """Status history, off-the-job logs, reviews, gateway, assessments and levy payments."""
    history, entries, reviews, checks, attempts, payments, updates = [], [], [], [], [], [], []
    for apprentice_id, plan in zip(ids, plans, strict=True):
        row = plan["row"]
        status = row["status"]
        start, planned_end = row["start_on"], row["planned_end_on"]
        ended_on = None
        breaks: list[tuple[date, date | None]] = []
        if status is ApprenticeStatus.WAITING_TO_START:
            history.append(_change(apprentice_id, status, today - timedelta(days=20), "Apprenticeship agreed"))
            continue
        history.append(_change(apprentice_id, ApprenticeStatus.LIVE, start, "Apprenticeship agreed"))
        learning_until = today
        if status is ApprenticeStatus.PAUSED:
            paused_on = today - timedelta(days=rng.randint(15, 80))
            paused_on = max(paused_on, start + timedelta(days=20))
            history.append(_change(apprentice_id, status, paused_on, rng.choice(
                ["Maternity leave", "Long-term sickness", "Caring responsibilities"])))
            breaks.append((paused_on, None))
            learning_until = paused_on
        elif status is ApprenticeStatus.STOPPED:
            ended_on = min(today - timedelta(days=10),
                           start + timedelta(days=rng.randint(60, max(61, (planned_end - start).days // 2))))
            history.append(_change(apprentice_id, status, ended_on, rng.choice(
                ["Left the organisation", "Changed career plans", "Moved to another provider"])))
            learning_until = ended_on
        elif status is ApprenticeStatus.COMPLETED:
            ended_on = min(today - timedelta(days=7), planned_end + timedelta(days=rng.randint(20, 75)))
            history.append(_change(apprentice_id, status, ended_on, "Assessment result: Pass"))
            learning_until = ended_on
        # Off-the-job training about every fortnight, at this apprentice's pace.
        # While a standard's minimum is to confirm, apprentices log about 6 hours a week.
        plan_hours = row["planned_otj_hours"]
        if plan_hours is None:
            plan_hours = rules.required_otj_hours(
                start, planned_end, row["weekly_hours"], basis="percent_of_hours",
                percent=D(20), floor_hours=None, standard_minimum=None, weekly_hours_cap=30)
        planned = rules.planned_otj_to_date(plan_hours, start, planned_end,
                                            min(learning_until, planned_end), breaks)
        target = D(planned) * D(str(plan["pace"] if status is not ApprenticeStatus.COMPLETED else 1.05))
        days = list(range(7, max(8, (learning_until - start).days), 14))
        logged = D(0)
        if days and target > 0:
            each = (target / len(days)).quantize(D("0.5")) or D("0.5")
            each = min(each, D(60))
            for offset in days:
                entries.append({"apprentice_id": apprentice_id, "worked_on": start + timedelta(days=offset),
                                "hours": each, "activity": rng.choice(ACTIVITIES),
                                "logged_by_id": row["user_id"]})
                logged += each
        # Progress reviews at this apprentice's rhythm (some drift past 12 weeks).
        held = start + timedelta(days=plan["review_gap"])
        last_review = None
        while held <= learning_until - timedelta(days=3):
            next_on = held + rules.REVIEW_INTERVAL
            reviews.append({
                "apprentice_id": apprentice_id, "held_on": held,
                "employer_representative": rng.choice(["Line manager", "Ward manager", "Team leader"]),
                "provider_representative": rng.choice(["Skills coach", "Tutor", "Assessor"]),
                "progress": "Making progress against the plan; off-the-job hours discussed.",
                "actions": rng.choice(["Complete the next module", "Book protected study time",
                                       "Gather evidence for the portfolio", "Shadow a senior colleague"]),
                "otj_hours_at_review": (logged * D((held - start).days) / D(max(1, (learning_until - start).days))).quantize(D("0.01")),
                "next_review_on": next_on})
            last_review = held
            held += timedelta(days=plan["review_gap"] + rng.randint(-7, 7))
        if status is ApprenticeStatus.COMPLETED:
            gateway_on = ended_on - timedelta(days=45)
            for key, _ in rules.GATEWAY_ITEMS:
                checks.append({"apprentice_id": apprentice_id, "item": key, "done_on": gateway_on})
            result = rng.choices([AssessmentResult.PASS, AssessmentResult.MERIT,
                                  AssessmentResult.DISTINCTION], [55, 30, 15])[0]
            attempts.append({"apprentice_id": apprentice_id,
                             "assessment_organisation": row["assessment_organisation"] or ASSESSORS[0],
                             "booked_for": ended_on - timedelta(days=14), "result": result,
                             "result_on": ended_on})
            history[-1]["reason"] = f"Assessment result: {result.label}"
        updates.append({"aid": apprentice_id, "hours": logged, "last": last_review,
                        "ended": ended_on,
                        "gateway": ended_on - timedelta(days=45) if status is ApprenticeStatus.COMPLETED else None})
        if row["levy_account_id"]:
            for payment in levy_services.payment_plan(row["funded_price"], start, planned_end,
                                                 status=status, ended_on=ended_on, breaks=breaks):
                if first_entry <= payment.month <= this_month:
                    payments.append({
                        "account_id": row["levy_account_id"], "month": payment.month,
                        "kind": payment.kind, "amount": payment.amount,
                        "apprentice_id": apprentice_id,
                        "counterparty_id": row["employer_id"] if row["transfer_application_id"] else None})
    db.session.execute(insert(ApprenticeStatusChange), history)
    if entries:
        db.session.execute(insert(OffTheJobEntry), entries)
    if reviews:
        db.session.execute(insert(ProgressReview), reviews)
    if checks:
        db.session.execute(insert(GatewayCheck), checks)
    if attempts:
        db.session.execute(insert(AssessmentAttempt), attempts)
    if payments:
        db.session.execute(insert(LevyTransaction), payments)
    if updates:
        table = Apprentice.__table__
        db.session.execute(
            table.update().where(table.c.id == db.bindparam("aid")).values(
                otj_hours_logged=db.bindparam("hours"), last_review_on=db.bindparam("last"),
                ended_on=db.bindparam("ended"), gateway_passed_on=db.bindparam("gateway")),
            updates)


def _change(apprentice_id, status, effective_on, reason) -> dict:
    return {"apprentice_id": apprentice_id, "status": status, "effective_on": effective_on,
            "reason": reason}


def _equality_profiles(rng, people: PeopleDemo) -> None:
    """Self-declared answers for most demo staff (not the demo sign-ins, whose answers are
    theirs to give), so the inclusion report has a workforce to compare with."""
    have = set(db.session.scalars(select(EqualityProfile.user_id)))
    sign_ins = set(people.sign_ins.values())
    options = {name: [v for v, _ in answers] for name, (_, answers) in QUESTIONS.items()}
    rows = []
    for user_id in people.staff_ids:
        if user_id in have or user_id in sign_ins or rng.random() < 0.15:
            continue
        row = {"user_id": user_id,
               "ethnicity": rng.choices([v for v, _ in ETHNICITY_WEIGHTS],
                                        [w for _, w in ETHNICITY_WEIGHTS])[0]}
        for name in ("disability", "sex", "gender_identity_same", "sexual_orientation",
                     "religion", "age_band", "carer", "armed_forces"):
            if rng.random() < 0.9:
                row[name] = _answer(rng, name, options[name])
        rows.append(row)
    if rows:
        db.session.execute(insert(EqualityProfile), rows)


def _answer(rng, name: str, values: list[str]) -> str:
    weights = {
        "disability": [8, 85, 7], "sex": [76, 22, 2], "gender_identity_same": [96, 1, 3],
        "sexual_orientation": [88, 3, 2, 1, 6], "carer": [22, 72, 6], "armed_forces": [2, 95, 3],
        "age_band": [12, 24, 23, 22, 16, 1, 2],
    }.get(name)
    return rng.choices(values, weights)[0] if weights else rng.choice(values)
