"""Importing a staff file: the preview changes nothing, applying it is all or nothing, and the
same file twice changes nothing the second time."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from academy.audit.models import AuditEvent
from academy.errors import NotAllowed
from academy.extensions import db
from academy.notifications.models import OutboxMessage
from academy.people.models import JobHistory, JobRole, RoleAssignment, Team, User
from academy.people.roles import Role
from academy.people.services import reset_token_user
from academy.people.staff_files import services
from academy.people.staff_files.models import StaffImportStatus
from tests import factories
from tests.people.staff_files.files import person, staff_csv


@pytest.fixture
def trust(app):
    return factories.OrganisationFactory(name="Mid Yorkshire", short_name="MYT", code="RXF")


@pytest.fixture
def admin(trust):
    user = factories.UserFactory(employer=trust, employee_number=None, roles=[(Role.ADMIN, trust)])
    db.session.commit()
    return user


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def import_file(trust, admin, content, **kwargs):
    preview = services.preview(trust, content, "staff.csv", admin, **kwargs)
    plan = services.apply(preview.staff_import, admin)
    db.session.commit()
    return plan


def state() -> tuple:
    return (count(User), count(JobHistory), count(JobRole), count(Team), count(RoleAssignment),
            count(OutboxMessage), count(AuditEvent, AuditEvent.action.like("person.%")),
            tuple(db.session.execute(select(User.id, User.job_role_id, User.team_id,
                                            User.line_manager_id, User.is_active_account,
                                            User.given_name).order_by(User.id)).all()))


FILE = staff_csv(
    person("M1", job_title="Ward Manager", band="7", team="Medicine"),
    person("E1", line_manager_employee_number="M1"),
    person("E2", line_manager_employee_number="M1", start_date="01/09/2025"),
)


def test_the_preview_counts_and_changes_no_one(trust, admin):
    before = state()
    preview = services.preview(trust, FILE, "staff.csv", admin)
    assert preview.summary["new"] == 3 and preview.summary["bad"] == 0
    assert preview.staff_import.status == StaffImportStatus.PREVIEWED
    assert sorted(t for t, _ in preview.staff_import.new_job_titles) == ["Staff Nurse", "Ward Manager"]
    assert state() == before


def test_applying_brings_in_starters_with_roles_teams_managers_and_invitations(trust, admin):
    plan = import_file(trust, admin, FILE)
    assert plan.summary["new"] == 3
    e1 = db.session.scalar(select(User).where(User.employee_number == "E1"))
    m1 = db.session.scalar(select(User).where(User.employee_number == "M1"))
    assert e1.job_role.name == "Staff Nurse" and e1.job_role.staff_group == "Nursing and Midwifery Registered"
    assert e1.job_role.afc_band == "5"
    assert e1.team.name == "Ward 12" and e1.team.parent.name == "Medicine"
    assert e1.line_manager_id == m1.id and e1.site.name == "Pinderfields"
    assert e1.team.manager_id == m1.id and m1.has_role(Role.MANAGER, trust.id)
    assert e1.password_hash is None and e1.job_history[0].reason == "Joined"
    invitations = db.session.scalars(select(OutboxMessage)).all()
    assert sorted(m.to_address for m in invitations) == ["e1@trust.nhs.uk", "e2@trust.nhs.uk",
                                                         "m1@trust.nhs.uk"]
    invitation = next(m for m in invitations if m.to_address == "e1@trust.nhs.uk")
    assert "Dear GivenE1," in invitation.body_text and "Dear GivenE1," in invitation.body_html
    token = re.search(r"/password-reset/([\w-]+)", invitation.body_text).group(1)
    assert reset_token_user(token).user_id == e1.id  # the link lets them choose a password
    assert invitation.body_html.count(token) == 2  # the link and its text
    assert count(AuditEvent, AuditEvent.action == "person.created") == 3


def test_the_same_file_twice_changes_nothing_the_second_time(trust, admin):
    import_file(trust, admin, FILE)
    before = state()
    plan = import_file(trust, admin, FILE)
    assert plan.summary == {**plan.summary, "new": 0, "moved": 0, "leaving": 0, "unchanged": 3,
                            "updated": 0}
    assert state() == before


def test_no_invitation_where_the_organisation_signs_in_with_its_identity_provider(trust, admin):
    trust.password_sign_in = False
    import_file(trust, admin, FILE)
    assert count(User) == 4 and count(OutboxMessage) == 0


def test_a_mover_gets_a_new_job_history_row(trust, admin):
    import_file(trust, admin, FILE)
    moved = staff_csv(
        person("M1", job_title="Ward Manager", band="7", team="Medicine"),
        person("E1", line_manager_employee_number="M1", job_title="Ward Manager",
               team="Medicine/Ward 14"),
        person("E2", line_manager_employee_number="M1", start_date="01/09/2025",
               given_name="Renamed"),
    )
    plan = import_file(trust, admin, moved)
    assert (plan.summary["moved"], plan.summary["updated"], plan.summary["unchanged"]) == (1, 1, 1)
    e1 = db.session.scalar(select(User).where(User.employee_number == "E1"))
    assert e1.job_role.name == "Ward Manager" and e1.team.name == "Ward 14"
    spells = sorted(e1.job_history, key=lambda s: s.id)
    assert len(spells) == 2 and spells[0].ended_on is not None and spells[1].ended_on is None
    assert db.session.scalar(select(User.given_name).where(User.employee_number == "E2")) == "Renamed"


def test_leavers_missing_from_a_full_file_or_with_an_end_date_in_the_past(trust, admin):
    import_file(trust, admin, FILE)
    e1 = db.session.scalar(select(User).where(User.employee_number == "E1"))
    version = e1.session_version
    later = staff_csv(
        person("M1", job_title="Ward Manager", band="7", team="Medicine"),
        person("E2", line_manager_employee_number="M1", start_date="01/09/2025",
               end_date="2026-01-31"),
    )
    plan = import_file(trust, admin, later)
    assert plan.summary["leaving"] == 2
    closed = db.session.scalars(select(User).where(User.is_active_account.is_(False))).all()
    assert sorted(u.employee_number for u in closed) == ["E1", "E2"]
    e1 = db.session.get(User, e1.id)
    assert e1.closed_at is not None and e1.session_version == version + 1
    assert e1.job_history and e1.job_history[0].ended_on is not None  # records kept
    assert db.session.get(User, admin.id).is_active_account  # the importing administrator stays
    before = state()
    import_file(trust, admin, later)
    assert state() == before


def test_a_partial_file_leaves_the_people_it_does_not_mention(trust, admin):
    import_file(trust, admin, FILE)
    plan = import_file(trust, admin, staff_csv(person("E3")), is_full=False)
    assert plan.summary["leaving"] == 0 and count(User, User.is_active_account.is_(True)) == 5


def test_a_file_with_a_bad_row_changes_nothing(trust, admin):
    before = state()
    bad = staff_csv(person("E1"), person("E2", email="nope"))
    preview = services.preview(trust, bad, "staff.csv", admin)
    assert preview.problems == [(3, "malformed e-mail address 'nope'")]
    assert preview.staff_import.status == StaffImportStatus.REJECTED
    with pytest.raises(services.FileRefused, match="1 bad row: nothing was imported"):
        services.apply(preview.staff_import, admin)
    db.session.rollback()
    assert state() == before


def test_the_kept_file_is_checked_again_when_confirmed(trust, admin):
    preview = services.preview(trust, FILE, "staff.csv", admin)
    db.session.commit()
    factories.UserFactory(email="e2@trust.nhs.uk")  # meanwhile, someone elsewhere has it
    db.session.commit()
    before = state()
    with pytest.raises(services.FileRefused):
        services.apply(preview.staff_import, admin)
    db.session.rollback()
    assert state() == before


def test_a_mapped_job_title_is_remembered(trust, admin):
    nurse = factories.JobRoleFactory(name="Registered Nurse", afc_band="5")
    services.map_job_title(trust, "Staff Nurse", nurse, actor=admin)
    db.session.commit()
    preview = services.preview(trust, staff_csv(person("E1")), "staff.csv", admin)
    assert preview.staff_import.new_job_titles == []
    services.apply(preview.staff_import, admin)
    assert db.session.scalar(select(User.job_role_id).where(User.employee_number == "E1")) == nurse.id


def test_a_saved_heading_mapping_reads_the_organisations_export(trust, admin):
    services.save_headings(trust, {"employee_number": "Assignment Number",
                                   "start_date": "Hire Date"}, actor=admin)
    content = (b"Assignment Number,Given Name,Family Name,Email,Job Title,Hire Date\n"
               b"A1,Asha,Khan,asha@trust.nhs.uk,Staff Nurse,2025-04-01\n")
    plan = import_file(trust, admin, content, is_full=False)
    assert plan.summary["new"] == 1


def test_only_the_organisations_administrators_import(trust, admin):
    other = factories.OrganisationFactory()
    elsewhere_admin = factories.UserFactory(employer=other, roles=[(Role.ADMIN, other)])
    staff = factories.UserFactory(employer=trust)
    for actor in (elsewhere_admin, staff):
        with pytest.raises(NotAllowed):
            services.preview(trust, FILE, "staff.csv", actor)
    partnership = factories.UserFactory(employer=other, roles=[Role.ADMIN])
    assert services.preview(trust, FILE, "staff.csv", partnership).summary["new"] == 3


def test_an_e_mail_of_another_person_in_the_organisation_is_a_bad_row(trust, admin):
    import_file(trust, admin, FILE)
    clash = staff_csv(person("E7", email="e1@trust.nhs.uk"))
    preview = services.preview(trust, clash, "staff.csv", admin, is_full=False)
    assert preview.problems == [
        (2, "e-mail e1@trust.nhs.uk belongs to employee number E1 in this organisation")]


def test_a_person_added_by_hand_is_matched_by_e_mail_and_gets_their_employee_number(trust, admin):
    by_hand = factories.UserFactory(employer=trust, employee_number=None,
                                    email="e1@trust.nhs.uk")
    db.session.commit()
    plan = import_file(trust, admin, FILE)
    assert plan.summary["new"] == 2
    assert db.session.get(User, by_hand.id).employee_number == "E1"
    assert count(User) == 4


def test_a_title_mapped_after_an_import_moves_its_people_next_time(trust, admin):
    import_file(trust, admin, staff_csv(person("E1", job_title="Nurse (Wards)")), is_full=False)
    made = db.session.scalar(select(JobRole).where(JobRole.name == "Nurse (Wards)"))
    nurse = factories.JobRoleFactory(name="Registered Nurse")
    services.map_job_title(trust, "NURSE (WARDS)", nurse, actor=admin)
    db.session.commit()
    plan = import_file(trust, admin, staff_csv(person("E1", job_title="Nurse (Wards)")),
                       is_full=False)
    assert plan.summary["moved"] == 1 and plan.summary["new_job_roles"] == 0
    e1 = db.session.scalar(select(User).where(User.employee_number == "E1"))
    assert e1.job_role_id == nurse.id != made.id
