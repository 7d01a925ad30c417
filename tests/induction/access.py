"""The induction's part of the access table, and the objects its routes' URL values point at.

The subject (in the manager's team) has an induction in progress with the assessor assigned and
a file uploaded; the member of staff has a completed induction, an Open Badge and a passport link.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app

from academy.courses import services as course_services
from academy.induction import openbadges
from academy.induction.services import badges, passport
from academy.people.roles import Role
from academy.timekeeping import today, utcnow
from tests.courses.factories import CourseFactory, SessionFactory, in_days
from tests.induction import helpers

OVERSIGHT = frozenset({"admin", "learning_lead", "apprenticeship_coordinator", "fellowship_lead",
                       "mentoring_coordinator"})
PUBLIC = "public"
SIGNED_IN = "signed_in"
LEADS = frozenset({"admin", "learning_lead"})


def only(*roles: str) -> frozenset[str]:
    return frozenset(roles)


ACCESS: dict[tuple[str, str], object] = {
    # The learner's own pages: everyone has one (empty when they have no induction).
    ("induction.dashboard", "GET"): SIGNED_IN,
    # The subject's induction: their manager, their assigned assessor, learning leads and admins.
    ("induction.induction", "GET"): only("manager", "assessor", *LEADS),
    ("induction.add_assessor", "POST"): only("manager", "admin"),
    # Corrections: whoever may start it (the manager, an administrator for the employer).
    ("induction.change_start", "GET"): only("manager", "admin"),
    ("induction.change_start", "POST"): only("manager", "admin"),
    ("induction.close", "GET"): only("manager", "admin"),
    ("induction.close", "POST"): only("manager", "admin"),
    ("induction.check_courses", "POST"): only(),  # the learner's own
    ("induction.item", "GET"): only("manager", "assessor", *LEADS),
    # Evidence is the learner's, their assessor's and their manager's only.
    ("induction.upload_evidence", "POST"): only(),
    ("induction.ask_for_sign_off", "POST"): only(),
    ("induction.evidence_file", "GET"): only("manager", "assessor"),
    ("induction.remove_evidence", "GET"): only(),
    ("induction.remove_evidence", "POST"): only(),
    # Sign-off: the assigned assessor (a manager only confirms attendance at a session).
    ("induction.review", "POST"): only("assessor"),
    ("induction.start", "GET"): only("manager", "admin"),
    ("induction.start", "POST"): only("manager", "admin"),
    ("induction.starters", "GET"): only("manager", *LEADS),
    ("induction.assessments", "GET"): only("assessor"),
    # The member of staff's completed induction: theirs, their assessor's, leads'.
    ("induction.certificate", "GET"): only("staff", "assessor", *LEADS),
    ("induction.issue_badge", "POST"): only("staff"),
    ("induction.verify", "GET"): PUBLIC,
    ("induction_admin.programmes", "GET"): LEADS,
    ("induction_admin.new_programme", "GET"): LEADS,
    ("induction_admin.new_programme", "POST"): LEADS,
    ("induction_admin.programme", "GET"): LEADS,
    ("induction_admin.add_reference_item", "POST"): LEADS,
    ("induction_admin.add_item", "POST"): LEADS,
    ("induction_admin.edit_item", "GET"): LEADS,
    ("induction_admin.edit_item", "POST"): LEADS,
    ("induction_admin.move_item", "POST"): LEADS,
    ("induction_admin.remove_item", "GET"): LEADS,
    ("induction_admin.remove_item", "POST"): LEADS,
    ("induction_admin.recognition", "GET"): LEADS,
    ("induction_admin.recognition", "POST"): LEADS,
    ("induction_admin.remove_rule", "GET"): LEADS,
    ("induction_admin.remove_rule", "POST"): LEADS,
    ("induction_admin.report_index", "GET"): LEADS,
    ("induction_admin.export_report", "GET"): LEADS,
    ("passport.mine", "GET"): SIGNED_IN,
    ("passport.pdf", "GET"): SIGNED_IN,
    ("passport.person", "GET"): frozenset(OVERSIGHT | {"manager"}),
    ("passport.shares", "GET"): SIGNED_IN,
    ("passport.shares", "POST"): SIGNED_IN,
    ("passport.revoke_share", "GET"): only("staff"),
    ("passport.revoke_share", "POST"): only("staff"),
    ("passport.shared", "GET"): PUBLIC,
    ("badges.badge", "GET"): only("staff", "admin"),
    ("badges.credential", "GET"): only("staff", "admin"),
    ("badges.issue_course_badge", "POST"): only("staff"),
    ("badges.revoke", "GET"): only("admin"),
    ("badges.revoke", "POST"): only("admin"),
    ("badges.issuer", "GET"): PUBLIC,
    ("badges.jwks", "GET"): PUBLIC,
    ("badges.status_list", "GET"): PUBLIC,
}


def world(users, subject, organisation) -> dict:
    day = today()
    programme = helpers.programme(organisation)
    rule = helpers.rule(organisation, helpers.ItemKind.WELCOME, helpers.AcceptFrom.ANY_PARTNER)
    manager, assessor, staff = users["manager"], users["assessor"], users["staff"]
    assert assessor.has_role(Role.ASSESSOR, organisation.id)

    induction = helpers.start(subject, manager, [assessor], started_on=day, today=day)
    item = induction.items[-1]  # the local item: knowledge
    evidence = helpers.upload(item, subject)
    helpers.services.ask_for_sign_off(item, note="", actor=subject)

    finished = helpers.start(staff, users["admin"], [assessor], started_on=day, today=day)
    helpers.complete(finished, assessor, day)
    badge = badges.issue_induction_badge(
        finished, actor=staff, private_pem=openbadges.private_key_pem(current_app.config),
        addresses=openbadges.Addresses(current_app.config["ACADEMY_BASE_URL"]), now=utcnow(),
    )
    past = SessionFactory(course=CourseFactory(provider=organisation), capacity=5,
                          starts_at=in_days(-3), booking_closes_at=in_days(-4))
    past.ends_at = past.starts_at + timedelta(hours=3)
    course = course_services.enrol(past, staff, actor=staff, now=in_days(-5))
    course_services.mark_register(past, {course.id: "completed"}, users["trainer"])
    share, token = passport.create_share(staff, label="A care home", days=14, actor=staff,
                                         now=utcnow())
    return {
        "induction_id": induction.id,
        "evidence_id": evidence.id,
        "programme_id": programme.id,
        "report": "starters",
        "fmt": "csv",
        "share_id": share.id,
        "badge_id": badge.id,
        "status_list_number": badge.status_list,
        "induction": {"item_id": item.id, "certificate_code": finished.certificate_code},
        "induction_admin": {"item_id": programme.items[0].id, "rule_id": rule.id},
        "passport": {"token": token},
        "badges": {"enrolment_id": course.id},
    }
