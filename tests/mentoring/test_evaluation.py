"""The evaluation report: meetings against the rhythm, feedback, outcomes at 6 and 12 months, and
no small number that could single someone out."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from academy.extensions import db
from academy.mentoring import evaluation, outcomes, rhythm
from academy.mentoring.evaluation import Move, PairFacts, PersonFacts
from academy.mentoring.models import FEEDBACK_QUESTIONS, FeedbackStage, MentoringFeedback, Side
from academy.timekeeping import today
from tests.factories import JobHistoryFactory, JobRoleFactory
from tests.mentoring.factories import CohortFactory, MeetingFactory, PartnershipFactory, coordinator

TODAY = date(2026, 6, 1)


def person(group="Partner", started=date(2025, 1, 1), band="3", moves=(), courses=(), groups=()):
    return PersonFacts(group, tuple(groups), started, band, tuple(moves), tuple(courses))


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert rhythm.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert rhythm.add_months(date(2025, 11, 15), 3) == date(2026, 2, 15)
    assert rhythm.midpoint_on(date(2025, 1, 1), 12) == date(2025, 7, 1)
    assert rhythm.expected_meetings(date(2025, 1, 1), date(2025, 3, 1), 4) == 3
    assert rhythm.expected_meetings(None, TODAY, 4) == 0


def test_a_promotion_is_said_so_or_a_higher_band():
    someone = person(band="3")
    assert evaluation.promoted(someone, Move(date(2025, 3, 1), "3", "Promoted to senior"))
    assert evaluation.promoted(someone, Move(date(2025, 3, 1), "5", None))
    assert not evaluation.promoted(someone, Move(date(2025, 3, 1), "3", "Moved team"))
    assert not evaluation.promoted(person(band=None), Move(date(2025, 3, 1), "5", None))


def test_outcomes_count_only_inside_the_window():
    someone = person(moves=[Move(date(2025, 5, 1), "4", None), Move(date(2025, 11, 1), "4", "New team")],
                     courses=[date(2025, 9, 1)])
    assert evaluation.outcomes_of(someone, 6) == {"promoted": True, "new_role": True,
                                                  "leadership_course": False}
    assert evaluation.outcomes_of(someone, 12)["leadership_course"] is True
    before = person(moves=[Move(date(2024, 12, 1), "9", "Promoted")])
    assert evaluation.outcomes_of(before, 12) == {"promoted": False, "new_role": False,
                                                  "leadership_course": False}


def test_small_counts_are_hidden_and_so_is_their_complement():
    assert evaluation.figure(0, 20, 4) == evaluation.Figure("0", "20", "0%")
    assert evaluation.figure(10, 20, 4).percent == "50%"
    hidden = evaluation.figure(3, 20, 4)
    assert hidden.count == "<5" and hidden.percent == ""
    # 18 of 20 would tell that 2 were not: hidden too.
    complement = evaluation.figure(18, 20, 4)
    assert complement.count in ("<5", "*") and complement.percent == ""
    tiny = evaluation.figure(2, 3, 4)
    assert tiny.of_hidden and tiny.of in ("<5", "*") and tiny.count in ("<5", "*")


def report(people, pairs=(), feedback=None, groups=("Partner", "Leader")):
    return evaluation.build_report(
        pairs=list(pairs), feedback=feedback or {}, people=people, groups=list(groups),
        questions=FEEDBACK_QUESTIONS, stages={"midpoint": "Mid-point", "end": "End"},
        status_labels={"active": "Under way", "closed": "Closed"}, duration_months=12,
        interval_weeks=4, today=TODAY, threshold=4)


def every_text(result) -> list[str]:
    texts = [row.reached for row in result.outcomes]
    for row in result.outcomes:
        for figure in row.figures.values():
            texts += [figure.count, figure.of, figure.percent]
    for row in result.feedback:
        texts += [row.answers, row.average]
    return texts


def test_no_shown_figure_in_the_report_is_between_1_and_the_threshold():
    people = [person(moves=[Move(date(2025, 3, 1), "5", None)] if n < 3 else []) for n in range(10)]
    people += [person(group="Leader") for _ in range(3)]
    feedback = {("midpoint", q): (3, 12) for q in FEEDBACK_QUESTIONS}
    result = report(people, feedback=feedback)
    for text in every_text(result):
        if text.replace(",", "").isdigit():
            assert not 1 <= int(text.replace(",", "")) <= 4, text
    leaders = next(r for r in result.outcomes if r.group == "Leader" and r.months == 6)
    assert leaders.reached in ("<5", "*")
    assert all(f.count in ("<5", "*") for f in leaders.figures.values())
    assert all(row.average == "" for row in result.feedback if row.stage == "Mid-point")


def test_outcomes_are_counted_once_people_reach_the_point():
    people = [person(started=date(2025, 1, 1), moves=[Move(date(2025, 4, 1), "5", None)]) for _ in range(6)]
    people += [person(started=date(2026, 1, 1)) for _ in range(5)]  # five months in: not yet
    result = report(people)
    six = next(r for r in result.outcomes if r.group == "Partner" and r.months == 6)
    assert six.reached == "6" and six.figures["promoted"].count == "6"
    assert six.figures["leadership_course"].count == "0"


def test_priority_groups_get_their_own_rows():
    people = [person(groups=["Disabled"]) for _ in range(6)] + [person() for _ in range(6)]
    result = report(people, groups=["Partner", "Disabled", "Leader"])
    disabled = next(r for r in result.outcomes if r.group == "Disabled" and r.months == 12)
    assert disabled.reached == "6"


def test_meetings_against_the_rhythm():
    pairs = [PairFacts("active", TODAY - timedelta(days=56), None, None, 3),
             PairFacts("active", TODAY - timedelta(days=56), None, None, 1),
             PairFacts("awaiting", None, None, None, 0)]
    result = report([], pairs=pairs)
    assert result.meetings_expected == 6 and result.meetings_held == 4
    assert result.pairs[0] == ("Published", 3)


def test_the_report_reads_job_history_and_feedback_from_the_database(app):
    cohort = CohortFactory()
    started = today() - timedelta(days=400)
    pairs = [PartnershipFactory(cohort=cohort, started_on=started) for _ in range(10)]
    band5 = JobRoleFactory(afc_band="5")
    for partnership in pairs[:5]:
        JobHistoryFactory(user=partnership.partner, job_role=band5,
                          started_on=started + timedelta(days=100), reason=None)
        partnership.partner_application.band = "3"
    MeetingFactory(partnership=pairs[0])
    for partnership in pairs:
        db.session.add(MentoringFeedback(
            partnership_id=partnership.id, author_id=partnership.partner_id, side=Side.PARTNER,
            stage=FeedbackStage.MIDPOINT, relationship_rating=4, learning_rating=5, change_rating=3,
            recommend_rating=5))
    db.session.flush()
    people = outcomes.person_facts(cohort)
    assert len(people) == 20
    totals = outcomes.feedback_totals(cohort.id)
    assert totals[("midpoint", "learning_rating")] == (10, 50)
    facts = outcomes.pair_facts(cohort.id)
    assert sorted(f.meetings for f in facts) == [0] * 9 + [1]
    programme = cohort.programme
    result = evaluation.build_report(
        pairs=facts, feedback=totals, people=people,
        groups=[programme.partner_label, programme.leader_label], questions=FEEDBACK_QUESTIONS,
        stages={"midpoint": "Mid-point"}, status_labels={"active": "Under way"},
        duration_months=12, interval_weeks=4, today=today(), threshold=4)
    six = next(r for r in result.outcomes if r.group == programme.partner_label and r.months == 6)
    assert six.reached == "10" and six.figures["promoted"].count == "5"
    assert six.figures["promoted"].percent == "50%" and six.figures["new_role"].count == "5"
    assert next(r for r in result.feedback if "learned" in r.question).average == "5.0"


def test_the_report_page_shows_hidden_counts_as_such(app, client, login):
    cohort = CohortFactory()
    PartnershipFactory(cohort=cohort, started_on=today() - timedelta(days=400))
    boss = coordinator()
    db.session.commit()
    login(boss)
    page = client.get(f"/mentoring/cohorts/{cohort.id}/report").get_data(as_text=True)
    assert "&lt;5" in page and "After 12 months" in page


@pytest.mark.parametrize("months", evaluation.OUTCOME_MONTHS)
def test_outcome_months_are_six_and_twelve(months):
    assert months in (6, 12)


def test_a_senior_leader_with_several_partners_is_counted_once(app):
    cohort = CohortFactory()
    first = PartnershipFactory(cohort=cohort, started_on=today() - timedelta(days=300))
    PartnershipFactory(cohort=cohort, started_on=today() - timedelta(days=200),
                       leader_application=first.leader_application)
    people = outcomes.person_facts(cohort)
    leaders = [p for p in people if p.group == cohort.programme.leader_label]
    assert len(people) == 3 and len(leaders) == 1
    assert leaders[0].started_on == first.started_on
