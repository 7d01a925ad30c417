"""The LNA pages through the test client: frameworks, profiles, rounds, answering, validating."""

import io
from datetime import timedelta

from flask import url_for
from sqlalchemy import func, select

from academy.extensions import db
from academy.lna import framework_csv
from academy.lna.models import (
    AssessmentRound,
    AssessmentStatus,
    Competency,
    CompetencyFramework,
    CompetencyRating,
    LearningPlan,
    RoleProfile,
    RoundStatus,
)
from academy.notifications.email import external_url
from tests.factories import JobRoleFactory, OrganisationFactory, UserFactory
from tests.lna.factories import answered_round, day, framework_with, learning_lead, profile


def test_notice_links_are_the_routes(app):
    # Notices link with external_url (no request in a job); the addresses are the pages'.
    with app.test_request_context():
        assert external_url("lna.assessment", assessment_id=7) == (
            "http://academy.test" + url_for("lna.assessment", assessment_id=7))
        assert external_url("lna.assessment_gaps", assessment_id=7) == (
            "http://academy.test" + url_for("lna.assessment_gaps", assessment_id=7))
        assert external_url("lna.validate", assessment_id=7) == (
            "http://academy.test" + url_for("lna.validate", assessment_id=7))


def test_framework_pages_add_and_change_competencies(app, client, login):
    login(learning_lead())
    response = client.post("/lna/frameworks/new", data={"code": "dig", "name": "Digital skills"})
    framework = db.session.scalar(select(CompetencyFramework))
    assert response.status_code == 302 and framework.code == "DIG"
    response = client.post(f"/lna/frameworks/{framework.id}/competencies/new", data={
        "domain": "Devices", "code": "dig-01", "name": "Using devices", "level_2": "Uses the EPR"})
    assert response.status_code == 302
    competency = db.session.scalar(select(Competency))
    assert competency.code == "DIG-01" and competency.descriptor(2) == "Uses the EPR"
    page = client.get(f"/lna/frameworks/{framework.id}").get_data(as_text=True)
    assert "Using devices" in page and "Uses the EPR" in page
    response = client.post(f"/lna/competencies/{competency.id}/edit", data={
        "domain": "Devices", "name": "Using devices safely"})
    assert response.status_code == 302 and competency.name == "Using devices safely"
    # A duplicate code is shown beside its field.
    response = client.post(f"/lna/frameworks/{framework.id}/competencies/new", data={
        "domain": "Devices", "code": "DIG-01", "name": "Again"})
    assert response.status_code == 400 and "already used" in response.get_data(as_text=True)


def test_import_reports_every_bad_line_and_saves_nothing(app, client, login):
    login(learning_lead())
    bad = b"domain,code,name\nSafety,CS-01,Fire\n,CS-02,No domain\nSafety,CS-01,Twice\n"
    response = client.post("/lna/frameworks/import", data={
        "file": (io.BytesIO(bad), "core.csv"), "framework": "new", "code": "CORE", "name": "Core"},
        content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Line 3: Enter a domain" in page and "Line 4: The code CS-01 is already used on line 2" in page
    assert db.session.scalar(select(func.count()).select_from(Competency)) == 0
    good = b"\xef\xbb\xbfdomain,code,name,level_1\nSafety,CS-01,Fire,Knows the drill\nPeople,CS-02,Equality,\n"
    response = client.post("/lna/frameworks/import", data={
        "file": (io.BytesIO(good), "core.csv"), "framework": "new", "code": "CORE", "name": "Core"},
        content_type="multipart/form-data")
    assert response.status_code == 302
    framework = db.session.scalar(select(CompetencyFramework))
    exported = client.get(f"/lna/frameworks/{framework.id}/export")
    assert exported.mimetype == "text/csv"
    parsed = framework_csv.parse(framework_csv.decode(exported.data))
    assert [(r.domain, r.code, r.name, r.descriptors) for r in parsed.rows] == [
        ("Safety", "CS-01", "Fire", {1: "Knows the drill"}), ("People", "CS-02", "Equality", {})]


def test_profile_page_saves_levels_and_copies(app, client, login):
    competencies = framework_with({"Safety": 2})
    hca, nurse = JobRoleFactory(), JobRoleFactory()
    login(learning_lead())
    a, b = competencies
    response = client.post(f"/lna/profiles/{hca.id}", data={
        f"level_{a.id}": "3", f"essential_{a.id}": "y", f"level_{b.id}": "1", "level_x": "2"})
    assert response.status_code == 302
    saved = db.session.scalar(select(RoleProfile).where(RoleProfile.job_role_id == hca.id))
    assert sorted((r.competency_id, r.required_level, r.is_essential) for r in saved.requirements) == [
        (a.id, 3, True), (b.id, 1, False)]
    response = client.post(f"/lna/profiles/{hca.id}/copy", data={"target": nurse.id})
    assert response.status_code == 302
    copied = db.session.scalar(select(RoleProfile).where(RoleProfile.job_role_id == nurse.id))
    assert len(copied.requirements) == 2


def test_an_organisations_lead_sees_profiles_but_cannot_change_them(app, client, login):
    role = JobRoleFactory()
    competency = framework_with({"Safety": 1})[0]
    login(learning_lead(OrganisationFactory()))
    page = client.get(f"/lna/profiles/{role.id}")
    assert page.status_code == 200 and "Save profile" not in page.get_data(as_text=True)
    assert client.post(f"/lna/profiles/{role.id}", data={f"level_{competency.id}": "2"}).status_code == 403


def test_round_is_drafted_opened_and_closed(app, client, login):
    org = OrganisationFactory()
    competency = framework_with({"Safety": 1})[0]
    role = JobRoleFactory()
    profile(role, {competency: (2, True)})
    UserFactory(employer=org, job_role=role)
    UserFactory(employer=org, job_role=JobRoleFactory())  # no profile: not asked
    login(learning_lead(org))
    response = client.post("/lna/rounds/new", data={
        "name": "Council LNA", "opens_on": day().isoformat(), "closes_on": day(21).isoformat(),
        "reminder_every_days": "7", "framework_ids": [competency.framework_id],
        "organisation_ids": [org.id]})
    assert response.status_code == 302
    round_ = db.session.scalar(select(AssessmentRound))
    page = client.get(f"/lna/rounds/{round_.id}").get_data(as_text=True)
    assert "2 people are in scope; 1 will be invited" in page
    assert client.post(f"/lna/rounds/{round_.id}/open").status_code == 302
    assert round_.status == RoundStatus.OPEN
    assert client.get(f"/lna/rounds/{round_.id}/edit").status_code == 302  # no longer a draft
    assert client.post(f"/lna/rounds/{round_.id}/close").status_code == 302
    assert round_.status == RoundStatus.CLOSED


def test_round_form_shows_the_services_refusal_in_place(app, client, login):
    org = OrganisationFactory()
    login(learning_lead(org))
    framework = framework_with({"S": 1})[0].framework
    response = client.post("/lna/rounds/new", data={
        "name": "x", "opens_on": day(5).isoformat(), "closes_on": day(1).isoformat(),
        "reminder_every_days": "7", "framework_ids": [framework.id], "organisation_ids": [org.id]})
    assert response.status_code == 400
    assert "The closing date must be on or after the opening date" in response.get_data(as_text=True)


def test_round_dates_far_outside_their_window_are_refused_in_place(app, client, login):
    org = OrganisationFactory()
    login(learning_lead(org))
    framework = framework_with({"S": 1})[0].framework
    response = client.post("/lna/rounds/new", data={
        "name": "x", "opens_on": "1999-01-04", "closes_on": "2999-01-04",
        "reminder_every_days": "7", "framework_ids": [framework.id], "organisation_ids": [org.id]})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and db.session.scalar(select(AssessmentRound)) is None
    assert "Opens on must be no earlier than" in page and "(a year ago)" in page
    assert "Closes on must be no later than" in page and "(three years from now)" in page
    assert 'id="opens_on-error"' in page and 'id="closes_on-error"' in page


def test_a_person_answers_leaves_half_way_comes_back_and_submits(app, client, login):
    made = answered_round(people_per_team=1, submit=False)
    person = UserFactory(employer=made["organisation"], team=made["teams"][0], job_role=made["role"])
    from academy.lna.services.rounds import invite_in_scope
    from academy.timekeeping import utcnow

    invite_in_scope(made["round"], utcnow())
    assessment = db.session.scalars(
        select(made["assessments"][0].__class__).where(
            made["assessments"][0].__class__.user_id == person.id)).one()
    login(person)
    base = f"/lna/assessments/{assessment.id}"
    assert "Start now" in client.get(base).get_data(as_text=True)
    response = client.post(f"{base}/start")
    assert response.location.endswith(f"{base}/sections/1")
    safety = made["competencies"][:2]
    page = client.get(f"{base}/sections/1").get_data(as_text=True)
    assert safety[0].name in page and "page 1 of 2" in page
    # Save the first page and leave.
    response = client.post(f"{base}/sections/1", data={
        f"level_{safety[0].id}": "1", f"priority_{safety[0].id}": "high",
        f"method_{safety[0].id}": "classroom", f"comment_{safety[0].id}": "New to this",
        f"level_{safety[1].id}": "3", "action": "later"})
    assert response.location.endswith(base)
    overview = client.get(base).get_data(as_text=True)
    assert "You have rated 2 of 4 competencies" in overview
    # Coming back: the answers are there.
    page = client.get(f"{base}/sections/1").get_data(as_text=True)
    assert "New to this" in page
    assert 'value="1" checked' in page.replace("\n", " ").replace("  ", " ") or "checked" in page
    # Submitting early is refused with what is left.
    page = client.get(f"{base}/submit").get_data(as_text=True)
    assert "Not finished yet" in page
    people = made["competencies"][2:]
    response = client.post(f"{base}/sections/2", data={
        f"level_{people[0].id}": "0", f"level_{people[1].id}": "4", "action": "continue"})
    assert response.location.endswith(f"{base}/submit")
    response = client.post(f"{base}/submit")
    assert response.location.endswith(f"{base}/gaps")
    assert assessment.status == AssessmentStatus.SUBMITTED
    gaps_page = client.get(f"{base}/gaps").get_data(as_text=True)
    assert safety[0].name in gaps_page and "Save my learning plan" in gaps_page
    # Submitted answers cannot change.
    response = client.post(f"{base}/sections/1", data={f"level_{safety[0].id}": "4"})
    assert response.status_code == 302
    rating = db.session.scalar(select(CompetencyRating).where(
        CompetencyRating.self_assessment_id == assessment.id,
        CompetencyRating.competency_id == safety[0].id))
    assert rating.self_level == 1


def test_gaps_suggest_catalogue_courses_and_the_plan_is_saved(app, client, login):
    from decimal import Decimal

    from academy.courses.models import (
        Category,
        Course,
        CourseCompetency,
        CourseSession,
        DeliveryMode,
        Pillar,
    )
    from academy.timekeeping import utcnow

    made = answered_round(people_per_team=1, levels=lambda p, c: 0)
    first = made["competencies"][0]  # required 3
    good = Course(code="FIRE1", title="Fire safety in depth", summary="s", category=Category.CORE_SKILLS,
                  pillar=Pillar.GROWING, delivery_mode=DeliveryMode.CLASSROOM, provider_name="Trust",
                  cost_per_place=Decimal("40.00"))
    shallow = Course(code="FIRE0", title="Fire awareness", summary="s", category=Category.CORE_SKILLS,
                     pillar=Pillar.GROWING, delivery_mode=DeliveryMode.ELEARNING, provider_name="Trust")
    db.session.add_all([good, shallow])
    db.session.flush()
    db.session.add_all([CourseCompetency(course_id=good.id, competency_code=first.code, level=3),
                        CourseCompetency(course_id=shallow.id, competency_code=first.code, level=1)])
    start = utcnow() + timedelta(days=20)
    db.session.add(CourseSession(course_id=good.id, starts_at=start, ends_at=start + timedelta(hours=3),
                                 capacity=12, booking_closes_at=start - timedelta(days=1)))
    db.session.flush()
    person, assessment = made["people"][0], made["assessments"][0]
    login(person)
    page = client.get(f"/lna/assessments/{assessment.id}/gaps").get_data(as_text=True)
    assert "Fire safety in depth" in page and "Fire awareness" not in page  # not far enough
    response = client.post(f"/lna/assessments/{assessment.id}/plan", data={
        f"include_{first.id}": "y", f"course_{first.id}": str(good.id),
        f"method_{first.id}": "classroom", f"target_{first.id}": day(60).isoformat()})
    assert response.status_code == 302
    plan = db.session.scalar(select(LearningPlan))
    assert [(i.competency_id, i.course_id) for i in plan.items] == [(first.id, good.id)]
    # An aim already past is refused beside its field, and the plan saved before is kept.
    response = client.post(f"/lna/assessments/{assessment.id}/plan", data={
        f"include_{first.id}": "y", f"course_{first.id}": str(good.id),
        f"target_{first.id}": day(-30).isoformat()})
    assert response.status_code == 400
    assert "must not be in the past" in response.get_data(as_text=True)
    assert plan.items[0].target_on == day(60)
    # A course that is not suggested is refused.
    response = client.post(f"/lna/assessments/{assessment.id}/plan", data={
        f"include_{first.id}": "y", f"course_{first.id}": str(shallow.id)})
    assert response.status_code == 400


def test_manager_validates_from_the_queue(app, client, login):
    made = answered_round(people_per_team=1)
    manager = made["manager"]
    login(manager)
    queue = client.get("/lna/validate").get_data(as_text=True)
    assert "2 self-assessments are waiting for you" in queue
    assessment = made["assessments"][0]
    form = {f"level_{c.id}": "1" for c in made["competencies"]}
    response = client.post(f"/lna/validate/{assessment.id}", data=form)
    assert response.status_code == 302
    assert assessment.validated_by_id == manager.id
    assert {r.manager_level for r in assessment.ratings} == {1}
    assert "1 self-assessment is waiting for you" in client.get("/lna/validate").get_data(as_text=True)


def test_someone_elses_self_assessment_is_forbidden(app, client, login):
    made = answered_round(people_per_team=1)
    login(made["people"][1])
    assert client.get(f"/lna/assessments/{made['assessments'][0].id}").status_code == 403
    assert client.get(f"/lna/validate/{made['assessments'][0].id}").status_code == 403


def test_hub_lists_the_persons_rounds_and_the_managers_queue(app, client, login):
    made = answered_round(people_per_team=1)
    login(made["people"][0])
    page = client.get("/lna/").get_data(as_text=True)
    assert made["round"].name in page and "Submitted" in page
    client.post("/logout")
    login(made["manager"])
    assert "2 self-assessments to validate" in client.get("/lna/").get_data(as_text=True)


def test_home_page_says_what_each_person_must_do(app, client, login):
    made = answered_round(people_per_team=1, submit=False)
    person = made["people"][0]
    login(person)
    home = client.get("/").get_data(as_text=True)
    assert f"Finish your learning needs self-assessment for {made['round'].name}" in home
    client.post("/logout")
    from academy.lna.services import assessments as services

    for p, a in zip(made["people"], made["assessments"], strict=True):
        services.submit_assessment(a, actor=p)
    login(made["manager"])
    assert "Validate 2 learning needs self-assessments" in client.get("/").get_data(as_text=True)
    client.post("/logout")
    login(learning_lead())
    home = client.get("/").get_data(as_text=True)
    assert f"LNA round {made['round'].name}: 2 of 2 have submitted" in home
