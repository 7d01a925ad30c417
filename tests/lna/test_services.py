"""Frameworks, role profiles, rounds, answering, validating and learning plans."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from academy.audit.models import AuditEvent
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.lna import framework_csv
from academy.lna.gaps import LearningMethod, Priority
from academy.lna.models import (
    AssessmentReminder,
    AssessmentStatus,
    Competency,
    CompetencyRating,
    RoundStatus,
    SelfAssessment,
)
from academy.lna.services import assessments, frameworks, profiles, rounds
from academy.lna.services.assessments import Answer, Decision, PlanChoice
from academy.lna.services.profiles import Requirement
from academy.lna.services.rounds import RoundDetails
from academy.notifications.models import Notice, OutboxMessage
from academy.people.models import Team
from academy.people.roles import Role
from academy.timekeeping import utcnow
from tests.factories import JobRoleFactory, OrganisationFactory, TeamFactory, UserFactory
from tests.lna.factories import (
    CompetencyFactory,
    FrameworkFactory,
    day,
    framework_with,
    learning_lead,
    open_round,
    profile,
)

# Frameworks -------------------------------------------------------------------------------

def test_framework_codes_are_unique_and_only_partnership_leads_change_frameworks(app):
    lead = learning_lead()
    framework = frameworks.create_framework(code="dig", name="Digital skills", description=None,
                                            actor=lead)
    assert framework.code == "DIG"
    with pytest.raises(DomainError, match="already has the code DIG"):
        frameworks.create_framework(code="DIG", name="Other", description=None, actor=lead)
    council_lead = learning_lead(OrganisationFactory())
    with pytest.raises(NotAllowed):
        frameworks.create_framework(code="X", name="X", description=None, actor=council_lead)


def test_competency_codes_are_unique_across_frameworks(app):
    lead = learning_lead()
    one = frameworks.create_framework(code="A", name="A", description=None, actor=lead)
    two = frameworks.create_framework(code="B", name="B", description=None, actor=lead)
    competency = frameworks.save_competency(
        one, domain_name="Safety", code="cs-01", name="Fire safety", description="",
        descriptors={1: "Knows", 3: "Leads"}, actor=lead)
    assert competency.code == "CS-01" and competency.domain.name == "Safety"
    assert competency.descriptor(3) == "Leads" and competency.descriptor(2) is None
    with pytest.raises(DomainError, match="already used"):
        frameworks.save_competency(two, domain_name="X", code="CS-01", name="Again",
                                   description=None, descriptors={}, actor=lead)
    frameworks.save_competency(one, domain_name="Safety", code="ignored", name="Fire",
                               description="d", descriptors={1: "Knows"}, actor=lead,
                               competency=competency)
    assert competency.code == "CS-01" and competency.name == "Fire"
    assert [d.level for d in competency.descriptors] == [1]


def test_import_is_all_or_nothing_and_reports_every_problem(app):
    lead = learning_lead()
    other = framework_with({"Other": 1})[0]
    text = (
        "domain,code,name\n"
        "Safety,CS-01,Fire safety\n"
        f"Safety,{other.code},Taken elsewhere\n"
        "Safety,CS-03,Moving and handling\n"
    )
    with pytest.raises(frameworks.ImportRefused) as refused:
        frameworks.import_framework(framework_csv.parse(text), actor=lead, code="CORE",
                                    name="Core skills")
    assert [e.line for e in refused.value.errors] == [3]
    assert db.session.scalar(select(func.count()).select_from(Competency)) == 1  # only `other`

    bad = framework_csv.parse("domain,code,name\nSafety,,x\n,Y,\n")
    with pytest.raises(frameworks.ImportRefused) as refused:
        frameworks.import_framework(bad, actor=lead, code="CORE", name="Core skills")
    assert [e.line for e in refused.value.errors] == [2, 3]


def test_import_creates_a_framework_then_updates_it_by_code(app):
    lead = learning_lead()
    first = framework_csv.parse("domain,code,name,level_2\nSafety,CS-01,Fire,Does drills\n"
                                "People,CS-02,Equality,\n")
    result = frameworks.import_framework(first, actor=lead, code="CORE", name="Core skills")
    assert (result.added, result.updated) == (2, 0)
    assert [d.name for d in result.framework.domains] == ["Safety", "People"]
    again = framework_csv.parse("domain,code,name\nSafety,CS-01,Fire safety\nSafety,CS-03,IPC\n")
    result = frameworks.import_framework(again, actor=lead, framework=result.framework)
    assert (result.added, result.updated) == (1, 1)
    names = db.session.scalars(select(Competency.name).order_by(Competency.code)).all()
    assert names == ["Fire safety", "Equality", "IPC"]


# Role profiles ----------------------------------------------------------------------------

def test_profile_is_saved_exactly_and_copied_only_with_consent(app):
    lead = learning_lead()
    a, b, c = framework_with({"D": 3})
    hca, nurse = JobRoleFactory(), JobRoleFactory()
    saved = profiles.save_profile(hca, {a.id: Requirement(2, True), b.id: Requirement(1, False)},
                                  notes="Ward staff", actor=lead)
    assert {(r.competency_id, r.required_level, r.is_essential) for r in saved.requirements} == {
        (a.id, 2, True), (b.id, 1, False)}
    profiles.save_profile(hca, {a.id: Requirement(3, True)}, notes=None, actor=lead)
    assert [(r.competency_id, r.required_level) for r in saved.requirements] == [(a.id, 3)]
    with pytest.raises(DomainError):
        profiles.save_profile(hca, {a.id: Requirement(5, True)}, notes=None, actor=lead)

    profiles.save_profile(nurse, {c.id: Requirement(4, True)}, notes=None, actor=lead)
    with pytest.raises(DomainError, match="already has a profile"):
        profiles.copy_profile(saved, nurse, replace=False, actor=lead)
    copied = profiles.copy_profile(saved, nurse, replace=True, actor=lead)
    assert [(r.competency_id, r.required_level) for r in copied.requirements] == [(a.id, 3)]
    with pytest.raises(NotAllowed):
        profiles.save_profile(hca, {}, notes=None, actor=learning_lead(OrganisationFactory()))


# Rounds -----------------------------------------------------------------------------------

def details(framework_ids, **kwargs):
    return RoundDetails(name=kwargs.pop("name", "Spring LNA"), opens_on=kwargs.pop("opens_on", day()),
                        closes_on=kwargs.pop("closes_on", day(28)), framework_ids=framework_ids,
                        **kwargs)


def test_an_organisations_lead_runs_rounds_for_their_own_organisations_only(app):
    council, trust = OrganisationFactory(), OrganisationFactory()
    lead = learning_lead(council)
    framework = FrameworkFactory()
    with pytest.raises(DomainError, match="Choose the organisations"):
        rounds.create_round(details([framework.id]), actor=lead, today=day())
    with pytest.raises(DomainError, match="organisations you lead"):
        rounds.create_round(details([framework.id], organisation_ids=[trust.id]), actor=lead,
                            today=day())
    with pytest.raises(DomainError, match="closing date"):
        rounds.create_round(details([framework.id], organisation_ids=[council.id], closes_on=day(-1),
                                    opens_on=day(-5)), actor=lead, today=day())
    with pytest.raises(DomainError, match="framework"):
        rounds.create_round(details([], organisation_ids=[council.id]), actor=lead, today=day())
    round_ = rounds.create_round(details([framework.id], organisation_ids=[council.id]), actor=lead,
                                 today=day())
    assert round_.status == RoundStatus.DRAFT
    with pytest.raises(NotAllowed):
        rounds.create_round(details([framework.id]), actor=UserFactory(), today=day())


def test_opening_invites_everyone_in_scope_whose_role_has_a_profile(app):
    org, elsewhere = OrganisationFactory(), OrganisationFactory()
    division = TeamFactory(organisation=org)
    ward = TeamFactory(organisation=org, parent=division)
    other_team = TeamFactory(organisation=org)
    competency = CompetencyFactory()
    hca, porter, nurse = JobRoleFactory(), JobRoleFactory(staff_group="Estates and Ancillary"), JobRoleFactory()
    profile(hca, {competency: (2, True)})
    profile(porter, {competency: (1, True)})
    in_ward = UserFactory(employer=org, team=ward, job_role=hca)
    UserFactory(employer=org, team=other_team, job_role=hca)                   # another team
    UserFactory(employer=org, team=ward, job_role=nurse)                       # no profile
    UserFactory(employer=org, team=ward, job_role=porter)                      # other staff group
    UserFactory(employer=elsewhere, job_role=hca)                              # other employer
    UserFactory(employer=org, team=ward, job_role=hca, is_active_account=False)
    lead = learning_lead(org)
    round_ = rounds.create_round(
        details([competency.framework_id], organisation_ids=[org.id], team_ids=[division.id],
                staff_groups=["Additional Clinical Services"]),
        actor=lead, today=day())
    assert rounds.scope_counts(round_) == (2, 1)  # the nurse is in scope but has no profile
    assert rounds.open_round(round_, actor=lead, today=day()) == 1
    invited = db.session.scalars(select(SelfAssessment)).all()
    assert [(a.user_id, a.team_id, a.staff_group, a.status) for a in invited] == [
        (in_ward.id, ward.id, "Additional Clinical Services", AssessmentStatus.INVITED)]
    assert round_.status == RoundStatus.OPEN and round_.opened_at is not None
    with pytest.raises(DomainError, match="already been opened"):
        rounds.open_round(round_, actor=lead, today=day())
    # Inviting again adds nobody twice.
    assert rounds.invite_in_scope(round_, utcnow()) == 0


def test_a_round_opened_early_waits_for_its_day_and_closes_after_its_last(app):
    org = OrganisationFactory()
    competency = CompetencyFactory()
    role = JobRoleFactory()
    profile(role, {competency: (2, True)})
    UserFactory(employer=org, job_role=role)
    lead = learning_lead(org)
    round_ = rounds.create_round(details([competency.framework_id], organisation_ids=[org.id],
                                         opens_on=day(3), closes_on=day(10)), actor=lead, today=day())
    assert rounds.open_round(round_, actor=lead, today=day()) == 0
    assert round_.status == RoundStatus.SCHEDULED
    noon = datetime.combine(day(3), datetime.min.time()) + timedelta(hours=12)
    assert rounds.run_lifecycle(noon - timedelta(days=1)) == {"opened": 0, "closed": 0, "invited": 0}
    assert rounds.run_lifecycle(noon) == {"opened": 1, "closed": 0, "invited": 1}
    assert round_.status == RoundStatus.OPEN
    UserFactory(employer=org, job_role=role)  # joined since: invited on the next run
    assert rounds.run_lifecycle(noon + timedelta(days=1))["invited"] == 1
    assert rounds.run_lifecycle(noon + timedelta(days=7))["closed"] == 0
    assert rounds.run_lifecycle(noon + timedelta(days=8))["closed"] == 1
    assert round_.status == RoundStatus.CLOSED


def _invited(org=None, team=None, required=2, manager=None, count=1):
    org = org or OrganisationFactory()
    competencies = framework_with({"Safety": 2, "People": 1})
    role = JobRoleFactory()
    profile(role, {c: (required, i != 1) for i, c in enumerate(competencies)})
    people = [UserFactory(employer=org, team=team, job_role=role, line_manager=manager)
              for _ in range(count)]
    round_ = open_round([competencies[0].framework], [org])
    rounds.invite_in_scope(round_, utcnow())
    found = db.session.scalars(select(SelfAssessment).order_by(SelfAssessment.id)).all()
    return round_, competencies, people, found


def test_invitations_then_one_reminder_per_period_until_they_respond(app):
    round_, _, people, found = _invited(count=2)
    round_.reminder_every_days = 7
    opened = round_.opened_at
    first = rounds.send_invitations_and_reminders(opened)
    assert first == {"invited": 2, "reminded": 0}
    assert rounds.send_invitations_and_reminders(opened + timedelta(days=3)) == {"invited": 0, "reminded": 0}
    week = opened + timedelta(days=7, hours=1)
    assert rounds.send_invitations_and_reminders(week)["reminded"] == 2
    # Run twice in the same period: nobody is reminded twice.
    assert rounds.send_invitations_and_reminders(week + timedelta(hours=5))["reminded"] == 0
    # One responds; only the other is reminded in the next period.
    assessments.start_assessment(found[0], actor=people[0])
    assessments.save_answers(found[0], {r.competency_id: Answer(1) for r in found[0].ratings},
                             actor=people[0])
    assessments.submit_assessment(found[0], actor=people[0])
    assert rounds.send_invitations_and_reminders(week + timedelta(days=7))["reminded"] == 1
    assert db.session.scalar(select(func.count()).select_from(AssessmentReminder)) == 3
    mails = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.to_address == people[1].email)).all()
    assert len(mails) == 3 and "http://academy.test/lna/assessments/" in mails[0].body_text
    rounds.close_round(round_, actor=None)
    assert rounds.send_invitations_and_reminders(week + timedelta(days=14))["reminded"] == 0


def test_invitation_and_reminder_emails_say_when_and_link_to_the_self_assessment(app):
    round_, _, (person,), (assessment,) = _invited()
    round_.reminder_every_days = 7
    round_.closes_on = round_.opened_at.date() + timedelta(days=10)
    rounds.send_invitations_and_reminders(round_.opened_at)
    rounds.send_invitations_and_reminders(round_.opened_at + timedelta(days=7, hours=1))
    invitation, reminder = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.to_address == person.email).order_by(OutboxMessage.id)).all()
    link = f"http://academy.test/lna/assessments/{assessment.id}"
    closes = f"{round_.closes_on:%-d %B %Y}"
    assert invitation.subject == f"Your learning needs analysis: {round_.name}"
    assert invitation.body_text.startswith(
        f"Dear {person.given_name},\n\nYou are asked to rate your skills for the learning needs "
        f"analysis “{round_.name}” by {closes}.\n\nIt takes about 20 minutes; your answers are "
        f"saved as you go, so you can stop and come back.\n\n{link}\n")
    assert f'<a href="{link}">' in invitation.body_html
    assert reminder.subject == "Reminder: your learning needs analysis closes in 3 days"
    assert (f"Reminder: the learning needs analysis “{round_.name}” closes in 3 days ({closes}). "
            "Your answers so far are saved.") in reminder.body_text and link in reminder.body_text
    notices = db.session.scalars(select(Notice).where(Notice.user_id == person.id)).all()
    assert [n.link for n in notices] == [link, link]
    assert notices[0].text.startswith("You are asked to rate your skills")


# Answering --------------------------------------------------------------------------------

def test_answers_save_as_the_person_goes_and_submission_needs_every_level(app):
    manager = UserFactory(roles=[Role.MANAGER])
    round_, competencies, (person,), (assessment,) = _invited(manager=manager)
    assert assessments.start_assessment(assessment, actor=person) == 3
    assert assessment.status == AssessmentStatus.IN_PROGRESS
    # The profile changes after starting: the requirements kept are those at the start.
    first, second, third = competencies
    assessments.save_answers(assessment, {
        first.id: Answer(0, Priority.HIGH, LearningMethod.CLASSROOM, " Never done it "),
    }, actor=person)
    saved = {r.competency_id: r for r in assessment.ratings}
    assert saved[first.id].self_level == 0 and saved[first.id].comment == "Never done it"
    assert saved[first.id].gap == 2 and saved[first.id].weighted_gap == 2 * 2 * 3
    assert saved[second.id].self_level is None and saved[second.id].gap is None
    with pytest.raises(DomainError, match="2 still have no level"):
        assessments.submit_assessment(assessment, actor=person)
    with pytest.raises(DomainError, match="0 to 4"):
        assessments.save_answers(assessment, {second.id: Answer(7)}, actor=person)
    with pytest.raises(DomainError, match="not part"):
        assessments.save_answers(assessment, {CompetencyFactory().id: Answer(1)}, actor=person)
    with pytest.raises(NotAllowed):
        assessments.save_answers(assessment, {second.id: Answer(1)}, actor=manager)
    # Starting again (coming back) keeps what was saved.
    assessments.start_assessment(assessment, actor=person)
    assert saved[first.id].self_level == 0
    assessments.save_answers(assessment, {second.id: Answer(3), third.id: Answer(2, Priority.LOW)},
                             actor=person)
    assessments.submit_assessment(assessment, actor=person)
    assert assessment.status == AssessmentStatus.SUBMITTED
    notice = db.session.scalar(select(Notice).where(Notice.user_id == manager.id))
    assert person.name in notice.text and notice.link == f"http://academy.test/lna/validate/{assessment.id}"
    with pytest.raises(DomainError, match="already submitted"):
        assessments.save_answers(assessment, {first.id: Answer(4)}, actor=person)


def test_nothing_can_be_answered_once_the_round_closes(app):
    round_, competencies, (person,), (assessment,) = _invited()
    assessments.start_assessment(assessment, actor=person)
    rounds.close_round(round_, actor=None)
    with pytest.raises(DomainError, match="closed"):
        assessments.save_answers(assessment, {competencies[0].id: Answer(1)}, actor=person)


def test_a_role_with_nothing_to_rate_cannot_start(app):
    round_, competencies, (person,), (assessment,) = _invited()
    assessment.job_role_id = JobRoleFactory().id
    with pytest.raises(DomainError, match="no competencies"):
        assessments.start_assessment(assessment, actor=person)


def _submitted(manager, levels=(1, 3, 2)):
    team = TeamFactory(manager=manager)
    round_, competencies, (person,), (assessment,) = _invited(team=team, org=team.organisation)
    assessments.start_assessment(assessment, actor=person)
    assessments.save_answers(assessment, {
        c.id: Answer(level) for c, level in zip(competencies, levels, strict=True)}, actor=person)
    assessments.submit_assessment(assessment, actor=person)
    return competencies, person, assessment


def test_manager_confirms_or_adjusts_each_rating_and_both_are_kept(app):
    manager = UserFactory(roles=[Role.MANAGER])
    competencies, person, assessment = _submitted(manager)
    first, second, third = competencies
    with pytest.raises(DomainError, match="every rating"):
        assessments.validate_assessment(assessment, {first.id: Decision(1)}, actor=manager)
    adjusted = assessments.validate_assessment(assessment, {
        first.id: Decision(1), second.id: Decision(1, "Needs supervision still"), third.id: Decision(2),
    }, actor=manager)
    assert adjusted == 1
    ratings = {r.competency_id: r for r in assessment.ratings}
    assert (ratings[second.id].self_level, ratings[second.id].manager_level) == (3, 1)
    assert ratings[second.id].gap == 1  # the validated rating wins
    assert ratings[second.id].weighted_gap == 1 * 1 * 2  # desirable, medium
    assert assessment.validated_by_id == manager.id and assessment.validated_at is not None
    notice = db.session.scalar(select(Notice).where(Notice.user_id == person.id))
    assert "adjusted 1 rating." in notice.text
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "lna.assessment.validated")).subject_id == person.id


def test_only_the_persons_manager_validates(app):
    manager = UserFactory(roles=[Role.MANAGER])
    competencies, person, assessment = _submitted(manager)
    decisions = {c.id: Decision(2) for c in competencies}
    for outsider in (UserFactory(roles=[Role.MANAGER]), learning_lead(), person):
        with pytest.raises(NotAllowed):
            assessments.validate_assessment(assessment, decisions, actor=outsider)
    # A manager higher up the team tree may validate.
    division = Team(organisation_id=person.employer_id, name="Division",
                    manager_id=UserFactory(roles=[Role.MANAGER]).id)
    db.session.add(division)
    db.session.flush()
    person.team.parent_id = division.id
    db.session.flush()
    db.session.expire(person.team)
    assessments.validate_assessment(assessment, decisions, actor=division.manager)


def test_learning_plan_covers_gaps_only_and_replaces_the_last_one(app):
    manager = UserFactory(roles=[Role.MANAGER])
    competencies, person, assessment = _submitted(manager, levels=(0, 3, 2))
    first, second, _ = competencies  # gap in the first only (second and third meet 2)
    with pytest.raises(DomainError, match="gap"):
        assessments.save_learning_plan(assessment, [PlanChoice(second.id)], actor=person)
    with pytest.raises(DomainError, match="courses suggested"):
        assessments.save_learning_plan(assessment, [PlanChoice(first.id, course_id=99)],
                                       actor=person, course_ids={first.id: {5}})
    plan = assessments.save_learning_plan(assessment, [
        PlanChoice(first.id, course_id=5, method=LearningMethod.CLASSROOM, target_on=day(60),
                   note="Before the new rota"),
    ], actor=person, course_ids={first.id: {5}})
    assert [(i.competency_id, i.course_id) for i in plan.items] == [(first.id, 5)]
    plan = assessments.save_learning_plan(assessment, [PlanChoice(first.id)], actor=person)
    assert [(i.competency_id, i.course_id) for i in plan.items] == [(first.id, None)]
    with pytest.raises(NotAllowed):
        assessments.save_learning_plan(assessment, [], actor=manager)


def test_ratings_rows_hold_the_stored_gap_for_reports(app):
    manager = UserFactory(roles=[Role.MANAGER])
    _submitted(manager, levels=(0, 1, 4))
    totals = db.session.execute(select(func.sum(CompetencyRating.gap),
                                       func.sum(CompetencyRating.weighted_gap))).one()
    # required 2 each; essential, desirable, essential; medium priority: 2*2*2 + 1*1*2 + 0
    assert tuple(totals) == (3, 10)


def test_a_draft_round_can_be_changed_keeping_its_scope_choices(app):
    org = OrganisationFactory()
    lead = learning_lead(org)
    framework = FrameworkFactory()
    team = TeamFactory(organisation=org)
    round_ = rounds.create_round(details([framework.id], organisation_ids=[org.id], team_ids=[team.id],
                                         staff_groups=["Care providing roles"]), actor=lead, today=day())
    rounds.update_round(round_, details([framework.id], name="Renamed", organisation_ids=[org.id],
                                        team_ids=[team.id],
                                        staff_groups=["Care providing roles", "Students"]),
                        actor=lead, today=day())
    db.session.expire_all()
    assert round_.name == "Renamed" and round_.staff_groups == ["Care providing roles", "Students"]
    assert [t.id for t in round_.teams] == [team.id]
    rounds.open_round(round_, actor=lead, today=day())
    with pytest.raises(DomainError, match="cannot be changed"):
        rounds.update_round(round_, details([framework.id], organisation_ids=[org.id]), actor=lead,
                            today=day())
