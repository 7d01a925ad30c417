"""Who gets what on the catalogue's routes; registered in tests/test_access.py."""

from __future__ import annotations

from datetime import timedelta

from academy.courses import services
from academy.courses.models import PlaceReservation, Requirement
from academy.extensions import db
from tests.courses.factories import CourseFactory, SessionFactory, SubjectFactory, in_days

PUBLIC = "public"
SIGNED_IN = "signed_in"


def only(*roles: str) -> frozenset[str]:
    return frozenset(roles)


LEAD = only("learning_lead")

ACCESS: dict[tuple[str, str], object] = {
    ("courses.catalogue", "GET"): SIGNED_IN,
    ("courses.course", "GET"): SIGNED_IN,
    ("courses.register_interest", "POST"): SIGNED_IN,
    ("courses.session", "GET"): SIGNED_IN,
    ("courses.book", "GET"): SIGNED_IN,
    ("courses.book", "POST"): SIGNED_IN,
    # The enrolment is the subject's (in the manager's team) on a session the lead manages.
    ("courses.cancel", "GET"): only("manager", "learning_lead"),
    ("courses.cancel", "POST"): only("manager", "learning_lead"),
    ("courses.my_learning", "GET"): SIGNED_IN,
    ("courses.calendar_link", "POST"): SIGNED_IN,
    ("courses.calendar_feed", "GET"): PUBLIC,
    # A booking's calendar file is for the person who holds it alone: the subject, no role here.
    ("courses.add_to_calendar", "GET"): only(),
    ("courses.certificate", "GET"): only("manager", "learning_lead"),
    ("courses.verify", "GET"): PUBLIC,
    ("courses.verify_code", "GET"): PUBLIC,
    ("courses.approvals", "GET"): only("manager"),
    ("courses.approve", "POST"): only("manager"),
    ("courses.decline", "GET"): only("manager"),
    ("courses.decline", "POST"): only("manager"),
    ("courses.reserve", "GET"): only("manager"),
    ("courses.reserve", "POST"): only("manager"),
    ("courses.reservation", "GET"): only("manager"),
    ("courses.reservation", "POST"): only("manager"),
    ("courses.release_reservation", "GET"): only("manager"),
    ("courses.release_reservation", "POST"): only("manager"),
    ("courses.team_compliance", "GET"): only("manager"),
    ("courses.team_compliance_export", "GET"): only("manager"),
    ("courses.trainer_sessions", "GET"): only("trainer"),
    # The trainer trains this session; the learning lead manages it.
    ("courses.register", "GET"): only("trainer", "learning_lead"),
    ("courses.register", "POST"): only("trainer", "learning_lead"),
    # Correcting a completion: whoever may mark that register.
    ("courses.correct_completion", "GET"): only("trainer", "learning_lead"),
    ("courses.correct_completion", "POST"): only("trainer", "learning_lead"),
    ("courses_admin.courses", "GET"): LEAD,
    ("courses_admin.course_new", "GET"): LEAD,
    ("courses_admin.course_new", "POST"): LEAD,
    ("courses_admin.course_edit", "GET"): LEAD,
    ("courses_admin.course_edit", "POST"): LEAD,
    ("courses_admin.course_retire", "GET"): LEAD,
    ("courses_admin.course_retire", "POST"): LEAD,
    ("courses_admin.session_new", "GET"): LEAD,
    ("courses_admin.session_new", "POST"): LEAD,
    ("courses_admin.session_clone", "GET"): LEAD,
    ("courses_admin.session_clone", "POST"): LEAD,
    ("courses_admin.session_edit", "GET"): LEAD,
    ("courses_admin.session_edit", "POST"): LEAD,
    ("courses_admin.session_cancel", "GET"): LEAD,
    ("courses_admin.session_cancel", "POST"): LEAD,
    ("courses_admin.session_quotas", "GET"): LEAD,
    ("courses_admin.session_quotas", "POST"): LEAD,
    ("courses_admin.subjects", "GET"): LEAD,
    ("courses_admin.subject_edit", "GET"): LEAD,
    ("courses_admin.subject_edit", "POST"): LEAD,
    ("courses_admin.requirement_add", "POST"): LEAD,
    ("courses_admin.requirement_remove", "GET"): LEAD,
    ("courses_admin.requirement_remove", "POST"): LEAD,
    ("courses_admin.compliance", "GET"): LEAD,
    ("courses_admin.compliance_export", "GET"): LEAD,
    ("courses_admin.organisation_compliance", "GET"): LEAD,
    ("courses_admin.organisation_compliance_export", "GET"): LEAD,
    # The subject's team, which the manager runs.
    ("courses_admin.team_compliance_of", "GET"): only("manager", "learning_lead"),
    ("courses_admin.team_compliance_of_export", "GET"): only("manager", "learning_lead"),
    ("courses_admin.overdue", "GET"): LEAD,
    ("courses_admin.overdue_export", "GET"): LEAD,
    ("courses_admin.import_records", "GET"): LEAD,
    ("courses_admin.import_records", "POST"): LEAD,
}


def world(users, subject, organisation) -> dict:
    """A course with an upcoming session (trained by the trainer), the subject's request awaiting
    the manager's approval, a completed past session with the subject's certificate, the
    manager's reservation, a subject with a requirement, and the subject's calendar link."""
    subject.line_manager_id = users["manager"].id
    course = CourseFactory(provider=organisation, needs_approval=True)
    session = SessionFactory(course=course, capacity=10)
    session.trainers = [users["trainer"]]
    db.session.flush()
    request = services.enrol(session, subject, actor=subject)

    past = SessionFactory(course=CourseFactory(provider=organisation), capacity=5,
                          starts_at=in_days(-3), booking_closes_at=in_days(-4))
    past.ends_at = past.starts_at + timedelta(hours=3)
    past.trainers = [users["trainer"]]
    completed = services.enrol(past, subject, actor=subject, now=in_days(-5))
    services.mark_register(past, {completed.id: "completed"}, users["trainer"])

    reservation = PlaceReservation(session_id=session.id, manager_id=users["manager"].id, places=1)
    mandatory = SubjectFactory()
    requirement = Requirement(subject_id=mandatory.id, staff_group="Additional Clinical Services")
    db.session.add_all([reservation, requirement])
    subject.calendar_token = "calendar-token-for-the-access-matrix"
    db.session.flush()
    return {
        "course_id": course.id,
        "session_id": session.id,
        "enrolment_id": request.id,
        "certificate_code": completed.certificate_code,
        "reservation_id": reservation.id,
        "courses.calendar_feed": {"token": subject.calendar_token},
        "courses.correct_completion": {"enrolment_id": completed.id},
        "courses_admin": {"subject_id": mandatory.id, "requirement_id": requirement.id,
                          "file_format": "csv", "team_id": subject.team_id},
        "courses.team_compliance_export": {"file_format": "csv"},
    }
