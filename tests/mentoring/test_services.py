"""Applying, the coordinator's matching workflow, and the partnership that follows."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from academy.audit.models import AuditEvent
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.jobs import run_job
from academy.mentoring import permissions, rules
from academy.mentoring.models import (
    ApplicationStatus,
    CohortStatus,
    DecisionKind,
    FeedbackStage,
    MeetingMode,
    MentoringConflict,
    MentoringNote,
    MentoringPartnership,
    PairDecision,
    PartnershipStatus,
    Response,
    Side,
)
from academy.mentoring.services import (
    applications,
    decisions,
    matchmaking,
    partnerships,
    programmes,
)
from academy.mentoring.services.applications import ApplicationData
from academy.notifications.models import Notice, OutboxMessage
from academy.people.models import EqualityProfile
from academy.people.roles import Role
from academy.schedule import JOBS
from academy.timekeeping import today
from tests.factories import OrganisationFactory, SiteFactory, TeamFactory, UserFactory
from tests.mentoring.factories import (
    ApplicationFactory,
    CohortFactory,
    GoalFactory,
    MeetingFactory,
    PartnershipFactory,
    coordinator,
)


def data(side=Side.PARTNER, goals=(), **kw) -> ApplicationData:
    values = dict(side=side, eligibility_confirmed=True, meeting_mode=MeetingMode.EITHER,
                  availability=0b101, goal_ids=[g.id for g in goals], hopes_to_give="Time",
                  hopes_to_gain="Insight")
    values.update(kw)
    return ApplicationData(**values)


def notices_for(user) -> list[str]:
    return db.session.scalars(select(Notice.text).where(Notice.user_id == user.id)).all()


# --- Applying ------------------------------------------------------------------------------------


def test_applying_records_the_profile_and_tells_the_applicant(app):
    cohort = CohortFactory()
    goals = [GoalFactory(), GoalFactory()]
    person, rival = UserFactory(), UserFactory(email="rival@example.nhs.uk")
    application = applications.apply(
        cohort, person, data(goals=goals, conflict_emails=["RIVAL@example.nhs.uk"], band="5",
                             priority_consent=True, priority_groups=["Disabled"]),
        actor=person)
    assert application.side == Side.PARTNER and application.status == ApplicationStatus.SUBMITTED
    assert {g.id for g in application.goals} == {g.id for g in goals}
    assert [c.user_id for c in application.conflicts] == [rival.id]
    assert application.priority_groups == ["Disabled"] and application.priority_consent
    assert any("received" in text for text in notices_for(person))
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.object_id == str(application.id))) == "mentoring.applied"


@pytest.mark.parametrize("change, field", [
    ({"eligibility_confirmed": False}, "eligibility_confirmed"),
    ({"goal_ids": []}, "goal_ids"),
    ({"availability": 0}, "availability"),
    ({"band": "12"}, "band"),
    ({"priority_groups": ["Disabled"], "priority_consent": False}, "priority_consent"),
    ({"priority_groups": ["Left-handed"], "priority_consent": True}, "priority_groups"),
    ({"conflict_emails": ["nobody@example.nhs.uk"]}, "conflicts"),
])
def test_an_application_is_refused_with_the_field_to_fix(app, change, field):
    cohort = CohortFactory()
    person = UserFactory()
    values = {"goals": [GoalFactory()]} if "goal_ids" not in change else {}
    with pytest.raises(DomainError) as refusal:
        applications.apply(cohort, person, data(**values, **change), actor=person)
    assert refusal.value.field == field


def test_more_than_five_goals_are_refused(app):
    person = UserFactory()
    with pytest.raises(DomainError, match="up to 5"):
        applications.apply(CohortFactory(), person, data(goals=[GoalFactory() for _ in range(6)]),
                           actor=person)


def test_only_an_open_cohort_within_its_window_takes_applications_and_only_once(app):
    goal = GoalFactory()
    person = UserFactory()
    closed = CohortFactory(status=CohortStatus.MATCHING)
    with pytest.raises(DomainError, match="not taking"):
        applications.apply(closed, person, data(goals=[goal]), actor=person)
    late = CohortFactory(closes_on=today() - timedelta(days=1), opens_on=today() - timedelta(days=9))
    with pytest.raises(DomainError, match="not taking"):
        applications.apply(late, person, data(goals=[goal]), actor=person)
    cohort = CohortFactory()
    applications.apply(cohort, person, data(goals=[goal]), actor=person)
    with pytest.raises(DomainError, match="already applied"):
        applications.apply(cohort, person, data(goals=[goal]), actor=person)


def test_people_apply_only_for_themselves(app):
    with pytest.raises(NotAllowed):
        applications.apply(CohortFactory(), UserFactory(), data(goals=[GoalFactory()]),
                           actor=UserFactory())


def test_capacity_is_for_the_senior_side_only(app):
    goal = GoalFactory()
    partner, leader = UserFactory(), UserFactory()
    cohort = CohortFactory()
    assert applications.apply(cohort, partner, data(goals=[goal], capacity=3), actor=partner).capacity == 1
    assert applications.apply(cohort, leader, data(Side.LEADER, [goal], capacity=3), actor=leader).capacity == 3


def test_eligibility_and_priority_come_from_the_application_never_the_equality_profile(app):
    person = UserFactory()
    db.session.add(EqualityProfile(user_id=person.id, ethnicity="black_african", disability="yes"))
    db.session.flush()
    application = applications.apply(CohortFactory(), person, data(goals=[GoalFactory()]), actor=person)
    assert application.priority_groups == [] and not application.priority_consent
    assert not matchmaking.profile_of(application).priority


def test_changing_an_application_only_while_applications_are_open(app):
    goal, other = GoalFactory(), GoalFactory()
    person = UserFactory()
    cohort = CohortFactory()
    application = applications.apply(cohort, person, data(goals=[goal]), actor=person)
    applications.update_application(application, data(goals=[other], interests="music"), actor=person)
    assert [g.id for g in application.goals] == [other.id] and application.interests == "music"
    cohort.status = CohortStatus.MATCHING
    with pytest.raises(NotAllowed):
        applications.update_application(application, data(goals=[goal]), actor=person)


def test_a_retired_goal_stays_on_an_application_that_chose_it_but_is_not_offered_anew(app):
    goal = GoalFactory()
    person = UserFactory()
    application = applications.apply(CohortFactory(), person, data(goals=[goal]), actor=person)
    goal.is_active = False
    applications.update_application(application, data(goals=[goal], interests="x"), actor=person)
    newcomer = UserFactory()
    with pytest.raises(DomainError, match="current list"):
        applications.apply(application.cohort, newcomer, data(goals=[goal]), actor=newcomer)


def test_withdrawing_and_declining(app):
    boss = coordinator()
    mine = ApplicationFactory()
    applications.withdraw_application(mine, actor=mine.user)
    assert mine.status == ApplicationStatus.WITHDRAWN
    other = ApplicationFactory()
    with pytest.raises(NotAllowed):
        applications.decline_application(other, "No", actor=UserFactory())
    with pytest.raises(DomainError):
        applications.decline_application(other, "  ", actor=boss)
    applications.decline_application(other, "Not eligible this year", actor=boss)
    assert other.status == ApplicationStatus.DECLINED
    assert db.session.scalar(select(OutboxMessage.body_text).where(
        OutboxMessage.to_address == other.user.email)).count("Not eligible this year") == 1


def test_nobody_withdraws_while_in_a_pair_that_is_under_way(app):
    partnership = PartnershipFactory()
    with pytest.raises(DomainError, match="partnership"):
        applications.withdraw_application(partnership.partner_application,
                                          actor=partnership.partner_application.user)


# --- Matching ------------------------------------------------------------------------------------


def pool(cohort, partners=3, leaders=2, capacity=2, organisation=None):
    """Applicants in a cohort: partners with distinct goals, leaders who share all of them."""
    organisation = organisation or OrganisationFactory()
    goals = [GoalFactory() for _ in range(3)]
    made = {"partners": [], "leaders": []}
    for n in range(partners):
        made["partners"].append(ApplicationFactory(
            cohort=cohort, side=Side.PARTNER, goals=[goals[n % 3]], band="3",
            user=UserFactory(employer=organisation, team=TeamFactory(organisation=organisation))))
    for _ in range(leaders):
        made["leaders"].append(ApplicationFactory(
            cohort=cohort, side=Side.LEADER, goals=goals, band="8a", capacity=capacity,
            user=UserFactory(employer=organisation, team=TeamFactory(organisation=organisation))))
    return made


def pairs_of(run) -> set[tuple[int, int]]:
    return {(p.partner_application_id, p.leader_application_id) for p in run.proposals}


def test_a_run_matches_everyone_it_can_and_stores_reasons_that_add_up(app):
    boss = coordinator()
    cohort = CohortFactory(status=CohortStatus.MATCHING)
    made = pool(cohort, partners=5, leaders=2, capacity=2)
    run = matchmaking.run_matching(cohort, actor=boss)
    assert run.figures["pairs"] == 4 and run.figures["most_possible"] == 4
    for proposal in run.proposals:
        assert sum(r["points"] for r in proposal.reasons) == pytest.approx(proposal.score, abs=1e-9)
        assert proposal.alternatives
    unmatched = [u for u in run.unmatched if u["side"] == "partner"]
    assert len(unmatched) == 1 and unmatched[0]["reason"] == "places_taken"
    assert {a.id for a in made["partners"]} >= {p for p, _ in pairs_of(run)}


def test_a_run_never_pairs_someone_with_their_line_manager_or_anyone_above(app):
    boss = coordinator()
    cohort = CohortFactory(status=CohortStatus.MATCHING)
    director = UserFactory()
    manager = UserFactory(line_manager=director)
    nurse = UserFactory(line_manager=manager)
    goal = GoalFactory()
    partner = ApplicationFactory(cohort=cohort, user=nurse, goals=[goal])
    ApplicationFactory(cohort=cohort, user=manager, side=Side.LEADER, goals=[goal])
    ApplicationFactory(cohort=cohort, user=director, side=Side.LEADER, goals=[goal])
    run = matchmaking.run_matching(cohort, actor=boss)
    assert run.proposals == []
    (left,) = [u for u in run.unmatched if u["application_id"] == partner.id]
    assert left["reason"] == "no_allowed_partner" and "line-management chain" in left["detail"]


def test_a_run_never_pairs_within_a_team_or_across_organisations_unless_allowed(app):
    boss = coordinator()
    cohort = CohortFactory(status=CohortStatus.MATCHING)
    cohort.programme.allow_cross_organisation = False
    team = TeamFactory()
    goal = GoalFactory()
    partner = ApplicationFactory(cohort=cohort, goals=[goal],
                                 user=UserFactory(employer=team.organisation, team=team))
    ApplicationFactory(cohort=cohort, side=Side.LEADER, goals=[goal],
                       user=UserFactory(employer=team.organisation, team=team))
    elsewhere = ApplicationFactory(cohort=cohort, side=Side.LEADER, goals=[goal],
                                   user=UserFactory(employer=OrganisationFactory()))
    assert matchmaking.run_matching(cohort, actor=boss).proposals == []
    cohort.programme.allow_cross_organisation = True
    run = matchmaking.run_matching(cohort, actor=boss)
    assert pairs_of(run) == {(partner.id, elsewhere.id)}


def test_a_run_respects_declared_conflicts_either_way(app):
    boss = coordinator()
    cohort = CohortFactory(status=CohortStatus.MATCHING)
    goal = GoalFactory()
    partner = ApplicationFactory(cohort=cohort, goals=[goal])
    leader = ApplicationFactory(cohort=cohort, side=Side.LEADER, goals=[goal])
    leader.conflicts.append(MentoringConflict(user_id=partner.user_id))
    db.session.flush()
    assert matchmaking.run_matching(cohort, actor=boss).proposals == []


def test_a_leader_never_gets_more_partners_than_their_capacity(app):
    boss = coordinator()
    cohort = CohortFactory(status=CohortStatus.MATCHING)
    pool(cohort, partners=6, leaders=1, capacity=3)
    run = matchmaking.run_matching(cohort, actor=boss)
    assert len(run.proposals) == 3


def test_a_locked_pair_survives_every_re_run(app):
    boss = coordinator()
    cohort = CohortFactory(status=CohortStatus.MATCHING)
    made = pool(cohort, partners=4, leaders=2, capacity=2)
    first = matchmaking.run_matching(cohort, actor=boss)
    # Lock a pair the run did not propose: a runner-up.
    chosen = first.proposals[0]
    alternative = next(a for a in chosen.alternatives if a["side"] == "leader")
    partner = next(a for a in made["partners"] if a.id == chosen.partner_application_id)
    leader = next(a for a in made["leaders"] if a.id == alternative["application_id"])
    matchmaking.lock_pair(cohort, partner, leader, actor=boss)
    for _ in range(2):
        run = matchmaking.run_matching(cohort, actor=boss)
        assert (partner.id, leader.id) in pairs_of(run)
        assert next(p for p in run.proposals if p.partner_application_id == partner.id).is_locked
        assert run.figures["locked"] == 1


def test_a_forbidden_pair_is_never_proposed_again(app):
    boss = coordinator()
    cohort = CohortFactory(status=CohortStatus.MATCHING)
    pool(cohort, partners=2, leaders=2, capacity=1)
    first = matchmaking.run_matching(cohort, actor=boss)
    banned = first.proposals[0]
    decisions.forbid_pair(cohort, banned.partner_application, banned.leader_application, actor=boss)
    second = matchmaking.run_matching(cohort, actor=boss)
    pair = (banned.partner_application_id, banned.leader_application_id)
    assert pair not in pairs_of(second)
    assert len(second.proposals) == 2  # everyone is still matched, the other way round


def test_a_lock_that_breaks_a_hard_rule_is_refused(app):
    boss = coordinator()
    cohort = CohortFactory(status=CohortStatus.MATCHING)
    manager = UserFactory()
    partner = ApplicationFactory(cohort=cohort, user=UserFactory(line_manager=manager))
    leader = ApplicationFactory(cohort=cohort, side=Side.LEADER, user=manager)
    with pytest.raises(DomainError, match="line-management chain"):
        matchmaking.lock_pair(cohort, partner, leader, actor=boss)


def test_locks_respect_one_leader_per_partner_and_the_leaders_places(app):
    boss = coordinator()
    cohort = CohortFactory(status=CohortStatus.MATCHING)
    made = pool(cohort, partners=2, leaders=2, capacity=1)
    p1, p2 = made["partners"]
    l1, l2 = made["leaders"]
    matchmaking.lock_pair(cohort, p1, l1, actor=boss)
    with pytest.raises(DomainError, match="already locked"):
        matchmaking.lock_pair(cohort, p1, l2, actor=boss)
    with pytest.raises(DomainError, match="places"):
        matchmaking.lock_pair(cohort, p2, l1, actor=boss)
    decision = db.session.scalar(select(PairDecision))
    decisions.remove_decision(decision, actor=boss)
    matchmaking.lock_pair(cohort, p2, l1, actor=boss)


def test_only_the_coordinator_runs_locks_and_publishes(app):
    cohort = CohortFactory(status=CohortStatus.MATCHING)
    made = pool(cohort, partners=1, leaders=1)
    someone = UserFactory()
    with pytest.raises(NotAllowed):
        matchmaking.run_matching(cohort, actor=someone)
    with pytest.raises(NotAllowed):
        matchmaking.lock_pair(cohort, made["partners"][0], made["leaders"][0], actor=someone)
    run = matchmaking.run_matching(cohort, actor=coordinator())
    with pytest.raises(NotAllowed):
        decisions.publish_run(run, actor=someone)


def test_publishing_creates_the_pairs_and_tells_both_partners(app):
    boss = coordinator()
    cohort = CohortFactory(status=CohortStatus.MATCHING)
    pool(cohort, partners=2, leaders=1, capacity=2)
    run = matchmaking.run_matching(cohort, actor=boss)
    created = decisions.publish_run(run, actor=boss)
    assert len(created) == 2 and cohort.status == CohortStatus.RUNNING
    assert run.published_at is not None
    for partnership in created:
        assert partnership.status == PartnershipStatus.AWAITING
        for person in (partnership.partner, partnership.leader):
            assert any("matched with" in text for text in notices_for(person))
            assert db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
                OutboxMessage.to_address == person.email)) >= 1
    with pytest.raises(DomainError, match="already been published"):
        decisions.publish_run(run, actor=boss)


def test_publishing_is_refused_while_open_for_an_old_run_or_after_a_change(app):
    boss = coordinator()
    cohort = CohortFactory(status=CohortStatus.OPEN)
    pool(cohort, partners=2, leaders=2, capacity=1)
    run = matchmaking.run_matching(cohort, actor=boss)
    with pytest.raises(DomainError, match="Close applications"):
        decisions.publish_run(run, actor=boss)
    cohort.status = CohortStatus.MATCHING
    newer = matchmaking.run_matching(cohort, actor=boss)
    with pytest.raises(DomainError, match="newer run"):
        decisions.publish_run(run, actor=boss)
    banned = newer.proposals[0]
    decisions.forbid_pair(cohort, banned.partner_application, banned.leader_application, actor=boss)
    with pytest.raises(DomainError, match="run matching again"):
        decisions.publish_run(newer, actor=boss)


def test_a_re_run_after_publishing_matches_only_the_rest(app):
    boss = coordinator()
    cohort = CohortFactory(status=CohortStatus.MATCHING)
    made = pool(cohort, partners=2, leaders=1, capacity=2)
    first = matchmaking.run_matching(cohort, actor=boss)
    published = decisions.publish_run(first, actor=boss)
    newcomer = ApplicationFactory(cohort=cohort, goals=made["partners"][0].goals)
    second = matchmaking.run_matching(cohort, actor=boss)
    assert second.figures["rows"] == 1 and second.figures["places"] == 0
    assert second.proposals == []
    assert [u["application_id"] for u in second.unmatched] == [newcomer.id]
    assert len(published) == 2


def test_planned_and_closed_cohorts_are_not_matched(app):
    boss = coordinator()
    for status in (CohortStatus.PLANNED, CohortStatus.CLOSED):
        with pytest.raises(DomainError):
            matchmaking.run_matching(CohortFactory(status=status), actor=boss)


# --- The partnership -----------------------------------------------------------------------------


def published_pair(boss=None):
    boss = boss or coordinator()
    cohort = CohortFactory(status=CohortStatus.MATCHING)
    pool(cohort, partners=1, leaders=2, capacity=1)
    (partnership,) = decisions.publish_run(matchmaking.run_matching(cohort, actor=boss), actor=boss)
    return partnership


def test_both_accept_and_the_partnership_starts(app):
    partnership = published_pair()
    partnerships.accept_match(partnership, actor=partnership.partner)
    assert partnership.status == PartnershipStatus.AWAITING
    assert partnership.partner_response == Response.ACCEPTED
    partnerships.accept_match(partnership, actor=partnership.leader)
    assert partnership.status == PartnershipStatus.ACTIVE and partnership.started_on == today()
    with pytest.raises(DomainError):
        partnerships.accept_match(partnership, actor=partnership.leader)
    with pytest.raises(NotAllowed):
        partnerships.accept_match(partnership, actor=UserFactory())


def test_asking_to_be_re_matched_frees_both_and_forbids_the_pair(app):
    boss = coordinator()
    partnership = published_pair(boss)
    cohort = partnership.cohort
    partnerships.ask_for_rematch(partnership, "Our shifts never overlap", actor=partnership.leader)
    assert partnership.status == PartnershipStatus.REMATCH
    assert partnership.leader_response == Response.REMATCH
    assert any("re-matched" in text for text in notices_for(partnership.partner))
    assert any("re-matched" in text for text in notices_for(boss))
    decision = db.session.scalar(select(PairDecision))
    assert decision.kind == DecisionKind.FORBIDDEN
    run = matchmaking.run_matching(cohort, actor=boss)
    (proposal,) = run.proposals
    assert proposal.partner_application_id == partnership.partner_application_id
    assert proposal.leader_application_id != partnership.leader_application_id
    (again,) = decisions.publish_run(run, actor=boss)
    assert again.partner_id == partnership.partner_id


def test_a_rematch_needs_a_reason_and_a_match_not_yet_under_way(app):
    partnership = published_pair()
    with pytest.raises(DomainError):
        partnerships.ask_for_rematch(partnership, " ", actor=partnership.partner)
    partnerships.accept_match(partnership, actor=partnership.partner)
    partnerships.accept_match(partnership, actor=partnership.leader)
    with pytest.raises(DomainError, match="close"):
        partnerships.ask_for_rematch(partnership, "Changed my mind", actor=partnership.partner)


def test_a_meeting_with_a_private_note_for_its_writer_alone(app):
    partnership = PartnershipFactory()
    meeting = partnerships.log_meeting(
        partnership, partnerships.MeetingData(today(), "video", 45, "Only mine"),
        actor=partnership.partner)
    note = db.session.scalar(select(MentoringNote))
    assert note.author_id == partnership.partner_id and note.text == "Only mine"
    theirs = partnerships.save_note(meeting, "And mine", actor=partnership.leader)
    assert theirs.id != note.id and theirs.author_id == partnership.leader_id
    partnerships.save_note(meeting, "Changed", actor=partnership.partner)
    assert note.text == "Changed"
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action.like("mentoring.note%"))).all()
    assert events and all("Changed" not in str(e.detail) for e in events)
    with pytest.raises(NotAllowed):
        partnerships.save_note(meeting, "Snooping", actor=coordinator())


@pytest.mark.parametrize("change, field", [
    ({"met_on": today() + timedelta(days=1)}, "met_on"),
    ({"format": "carrier pigeon"}, "format"),
    ({"minutes": 2}, "minutes"),
])
def test_a_meeting_is_refused_with_the_field_to_fix(app, change, field):
    partnership = PartnershipFactory()
    values = {"met_on": today(), "format": "phone", "minutes": 30, **change}
    with pytest.raises(DomainError) as refusal:
        partnerships.log_meeting(partnership, partnerships.MeetingData(**values), actor=partnership.partner)
    assert refusal.value.field == field


def test_meetings_wait_until_both_have_accepted(app):
    partnership = PartnershipFactory(status=PartnershipStatus.AWAITING)
    with pytest.raises(NotAllowed):
        partnerships.log_meeting(partnership, partnerships.MeetingData(today(), "phone", 30),
                                 actor=partnership.partner)


def test_feedback_once_per_stage_with_every_answer_from_1_to_5(app):
    partnership = PartnershipFactory()
    ratings = {"relationship_rating": 5, "learning_rating": 4, "change_rating": 3, "recommend_rating": 5}
    with pytest.raises(DomainError):
        partnerships.submit_feedback(partnership, FeedbackStage.MIDPOINT, {**ratings, "learning_rating": 6},
                                     "", actor=partnership.partner)
    feedback = partnerships.submit_feedback(partnership, FeedbackStage.MIDPOINT, ratings, "Good",
                                            actor=partnership.partner)
    assert feedback.side == Side.PARTNER
    with pytest.raises(DomainError, match="already"):
        partnerships.submit_feedback(partnership, FeedbackStage.MIDPOINT, ratings, "",
                                     actor=partnership.partner)
    partnerships.submit_feedback(partnership, FeedbackStage.END, ratings, "", actor=partnership.partner)


def test_closing_a_partnership_asks_the_other_partner_for_end_feedback(app):
    partnership = PartnershipFactory()
    with pytest.raises(NotAllowed):
        partnerships.close_partnership(partnership, True, "", actor=UserFactory())
    partnerships.close_partnership(partnership, True, "A great year", actor=partnership.leader)
    assert partnership.status == PartnershipStatus.CLOSED and partnership.completed
    assert any("end questionnaire" in text for text in notices_for(partnership.partner))
    assert not any("end questionnaire" in text for text in notices_for(partnership.leader))
    with pytest.raises(DomainError):
        partnerships.close_partnership(partnership, True, "", actor=partnership.partner)


def test_agreed_goals_are_saved_by_either_partner(app):
    partnership = PartnershipFactory()
    partnerships.update_goals(partnership, "Shadow a board meeting", actor=partnership.leader)
    assert partnership.agreed_goals == "Shadow a board meeting"
    with pytest.raises(NotAllowed):
        partnerships.update_goals(partnership, "Mine now", actor=coordinator())


# --- Jobs -----------------------------------------------------------------------------------------


def test_feedback_requests_go_once_at_the_mid_point_and_the_end(app):
    partnership = PartnershipFactory(started_on=today() - timedelta(days=200))
    now = datetime.combine(today(), time(7))
    assert partnerships.send_feedback_requests(now) == {"midpoint": 1, "end": 0}
    assert partnerships.send_feedback_requests(now) == {"midpoint": 0, "end": 0}
    later = now + timedelta(days=200)
    assert partnerships.send_feedback_requests(later) == {"midpoint": 0, "end": 1}
    texts = notices_for(partnership.partner)
    assert sum("mid-point" in t for t in texts) == 1 and sum("reached its end" in t for t in texts) == 1


def test_quiet_partnerships_are_nudged_at_most_once_an_interval(app):
    quiet = PartnershipFactory(started_on=today() - timedelta(days=90))
    busy = PartnershipFactory(started_on=today() - timedelta(days=90))
    MeetingFactory(partnership=busy, met_on=today() - timedelta(days=5))
    now = datetime.combine(today(), time(7))
    assert partnerships.nudge_quiet_partnerships(now) == {"nudged": 1}
    assert partnerships.nudge_quiet_partnerships(now + timedelta(days=3)) == {"nudged": 0}
    assert quiet.last_nudged_on == today()
    assert any("not logged a meeting" in t for t in notices_for(quiet.leader))


def test_cohorts_open_and_close_with_their_window(app):
    planned = CohortFactory(status=CohortStatus.PLANNED)
    open_past = CohortFactory(opens_on=today() - timedelta(days=30), closes_on=today() - timedelta(days=1),
                              matching_on=today(), starts_on=today())
    now = datetime.combine(today(), time(0, 20))
    assert programmes.advance_cohorts(now) == {"opened": 1, "closed": 1}
    assert planned.status == CohortStatus.OPEN and open_past.status == CohortStatus.MATCHING


def test_the_programmes_weights_and_rules_are_checked(app):
    boss = coordinator()
    base = programmes.ProgrammeData(name="Coaching circle", kind="coaching",
                                    partner_label="Coachee", leader_label="Coach")
    programme = programmes.create_programme(base, actor=boss)
    assert programme.weight_goals == 30
    for bad, field in (
        ({"weights": {"goals": 101}}, "weight_goals"),
        ({"weights": {}}, "weight_goals"),
        ({"leader_label": "coachee"}, "leader_label"),
        ({"priority_bonus": 5}, "priority_groups"),
        ({"name": "coaching CIRCLE"}, "name"),
    ):
        with pytest.raises(DomainError) as refusal:
            programmes.create_programme(programmes.ProgrammeData(**{**base.__dict__, "name": "Other", **bad}),
                                        actor=boss)
        assert refusal.value.field == field
    with pytest.raises(NotAllowed):
        programmes.create_programme(base, actor=UserFactory())


def test_cohort_dates_must_run_in_order_and_statuses_move_one_way(app):
    boss = coordinator()
    cohort = CohortFactory(status=CohortStatus.PLANNED)
    dates = programmes.CohortData("Spring", today(), today() - timedelta(days=1), today(), today(), 12, 4)
    with pytest.raises(DomainError) as refusal:
        programmes.create_cohort(cohort.programme, dates, actor=boss)
    assert refusal.value.field == "closes_on"
    programmes.set_cohort_status(cohort, CohortStatus.OPEN, actor=boss)
    with pytest.raises(DomainError):
        programmes.set_cohort_status(cohort, CohortStatus.RUNNING, actor=boss)


def test_organisation_coordinators_manage_their_own_programmes_only(app):
    home, away = OrganisationFactory(), OrganisationFactory()
    local = UserFactory(roles=[(Role.MENTORING_COORDINATOR, home)])
    base = dict(kind="coaching", partner_label="Coachee", leader_label="Coach")
    mine = programmes.create_programme(programmes.ProgrammeData(name="Ours", organisation_id=home.id, **base),
                                       actor=local)
    assert mine.organisation_id == home.id
    with pytest.raises(NotAllowed):
        programmes.create_programme(programmes.ProgrammeData(name="Theirs", organisation_id=away.id, **base),
                                    actor=local)
    with pytest.raises(NotAllowed):
        programmes.create_programme(programmes.ProgrammeData(name="Everyone", **base), actor=local)


def test_rule_labels_cover_every_rule():
    assert set(rules.RULE_LABELS) == set(rules.RULES)


def test_sites_feed_the_distance_between_partners(app):
    site = SiteFactory(latitude=53.68, longitude=-1.49)
    application = ApplicationFactory(site=site, meeting_mode=MeetingMode.IN_PERSON)
    profile = matchmaking.profile_of(application)
    assert (profile.latitude, profile.longitude, profile.mode) == (53.68, -1.49, "in_person")


def test_partnership_is_unique_per_live_partner(app):
    partnership = PartnershipFactory()
    with pytest.raises(IntegrityError):  # the database's partial unique index refuses it
        db.session.add(MentoringPartnership(
            cohort_id=partnership.cohort_id, partner_application_id=partnership.partner_application_id,
            leader_application_id=partnership.leader_application_id, partner_id=partnership.partner_id,
            leader_id=partnership.leader_id, score=1.0, status=PartnershipStatus.AWAITING))
        db.session.flush()
    db.session.rollback()


def test_the_scheduler_runs_each_mentoring_job_once_a_day(app):
    PartnershipFactory(started_on=today() - timedelta(days=200))
    db.session.commit()
    for name in ("mentoring_cohort_windows", "mentoring_feedback_requests",
                 "mentoring_meeting_reminders"):
        assert run_job(JOBS[name]) == "done"
        assert run_job(JOBS[name]) == "skipped"


# --- E-mails and links ----------------------------------------------------------------------------


def emails_to(user) -> list[OutboxMessage]:
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == user.email)
                              .order_by(OutboxMessage.id)).all()


def test_the_match_e_mail_links_both_partners_to_their_partnership(app):
    boss = coordinator()
    cohort = CohortFactory(status=CohortStatus.MATCHING)
    pool(cohort, partners=1, leaders=1)
    (partnership,) = decisions.publish_run(matchmaking.run_matching(cohort, actor=boss), actor=boss)
    link = f"http://academy.test/mentoring/partnerships/{partnership.id}"
    (email,) = emails_to(partnership.partner)
    assert email.subject == "Your reciprocal mentoring partner"
    assert email.body_text.startswith(f"Dear {partnership.partner.given_name},")
    assert f"You have been matched with {partnership.leader.name}, senior leader, in {cohort}." \
        in email.body_text
    assert link in email.body_text and f'<a href="{link}">' in email.body_html
    notice = db.session.scalars(select(Notice).where(Notice.user_id == partnership.leader_id)).one()
    assert notice.link == link


def test_feedback_requests_rematches_and_refusals_are_written_to_the_person(app):
    partnership = PartnershipFactory(started_on=today() - timedelta(days=200))
    partnerships.send_feedback_requests(datetime.combine(today(), time(7)))
    (email,) = emails_to(partnership.leader)
    assert email.subject == "Mentoring: mid-point feedback"
    assert (f"Your partnership with {partnership.partner.name} has reached its mid-point. "
            "Please tell us how it is going:") in email.body_text
    assert f"http://academy.test/mentoring/partnerships/{partnership.id}/feedback/midpoint" \
        in email.body_text

    waiting = published_pair()
    partnerships.ask_for_rematch(waiting, "Our shifts never overlap", actor=waiting.leader)
    email = emails_to(waiting.partner)[-1]
    assert email.subject == "Your mentoring match is being changed"
    assert f"{waiting.leader.name} has asked to be re-matched, so the programme's coordinator" \
        in email.body_text

    application = ApplicationFactory()
    applications.decline_application(application, "Not eligible this year", actor=coordinator())
    (email,) = emails_to(application.user)
    assert email.subject == "Your mentoring application"
    assert "for this reason:\n\nNot eligible this year\n\nThe programme's coordinators" in email.body_text


def test_only_a_partner_yet_to_answer_may_respond_to_a_match(app):
    partnership = published_pair()
    assert permissions.can_respond_to_match(partnership.partner, partnership)
    assert not permissions.can_respond_to_match(UserFactory(), partnership)
    partnerships.accept_match(partnership, actor=partnership.partner)
    assert not permissions.can_respond_to_match(partnership.partner, partnership)
    assert permissions.can_respond_to_match(partnership.leader, partnership)
    partnerships.accept_match(partnership, actor=partnership.leader)
    assert not permissions.can_respond_to_match(partnership.leader, partnership)
