"""The demo data: the same seed and day build the same partnership, and it is coherent."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date

from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from academy import demo
from academy.extensions import db
from academy.people import demo as people_demo
from academy.people.demo import DEMO_PASSWORD, DEMO_SIGN_INS, PARTNERS
from academy.people.models import (
    JobHistory,
    JobRole,
    Organisation,
    RoleAssignment,
    Site,
    Team,
    User,
)
from academy.people.roles import Role
from tests.conftest import app_context

DAY = date(2026, 11, 23)
# Columns that differ between two builds by design: clock times and salted password hashes.
UNSTABLE = {"created_at", "granted_at", "updated_at", "password_hash"}
DUMPED = [Organisation, Site, JobRole, Team, User, JobHistory, RoleAssignment]


def dump() -> dict[str, list[tuple]]:
    """Every demo row of the people tables, in id order, without the unstable columns."""
    dumped = {}
    for model in DUMPED:
        table = model.__table__
        columns = [c for c in table.columns if c.name not in UNSTABLE]
        dumped[table.name] = [tuple(row) for row in db.session.execute(
            select(*columns).order_by(table.c.id)
        )]
    return dumped


def build_and_dump(tmp_path, *, seed: int, staff: int = 200) -> dict[str, list[tuple]]:
    """Build into a fresh database and dump it; the database is discarded afterwards."""
    with app_context(tmp_path):
        assert demo.database_is_empty()
        demo.build(staff=staff, seed=seed, today=DAY)
        db.session.commit()
        return dump()


def test_the_same_seed_and_day_build_identical_data(server_database, tmp_path):
    first = build_and_dump(tmp_path, seed=11)
    second = build_and_dump(tmp_path, seed=11)
    assert len(first["user"]) > 200 and len(first["job_history"]) >= len(first["user"])
    assert len(first["team"]) > len(PARTNERS)
    for table in first:
        assert first[table] == second[table], table


def test_a_different_seed_builds_different_people(server_database, tmp_path):
    first = build_and_dump(tmp_path, seed=11)
    other = build_and_dump(tmp_path, seed=12)
    # The partners and job roles are fixed; the staff are drawn from the seed.
    assert first["organisation"] == other["organisation"]
    assert first["job_role"] == other["job_role"]
    assert first["user"] != other["user"]
    assert first["job_history"] != other["job_history"]


def test_every_demo_sign_in_exists_with_its_roles(app):
    demo.build(staff=200, seed=3, today=DAY)
    db.session.commit()
    short_names = dict(db.session.execute(select(Organisation.id, Organisation.short_name)).all())
    for email, given, family, partner, _, roles in DEMO_SIGN_INS:
        user = db.session.scalar(select(User).where(User.email == email))
        assert user is not None, email
        assert (user.given_name, user.family_name) == (given, family)
        assert short_names[user.employer_id] == partner
        held = {(a.role, short_names.get(a.organisation_id)) for a in user.role_assignments}
        assert held == set(roles), email
        assert user.is_active_account
    staff = db.session.scalar(select(User).where(User.email == "staff@demo.academy"))
    assert check_password_hash(staff.password_hash, DEMO_PASSWORD)
    # Every role has someone to sign in as.
    signed_in_roles = {role for *_, roles in DEMO_SIGN_INS for role, _ in roles}
    assert signed_in_roles == set(Role) - {Role.STAFF}


def test_every_person_has_a_well_ordered_job_history(app):
    demo.build(staff=200, seed=5, today=DAY)
    db.session.commit()
    spells = defaultdict(list)
    for spell in db.session.scalars(
        select(JobHistory).order_by(JobHistory.user_id, JobHistory.started_on)
    ):
        spells[spell.user_id].append(spell)
    people = {u.id: u for u in db.session.scalars(select(User))}
    assert set(spells) == set(people)  # nobody without a history

    promoted = 0
    for user_id, history in spells.items():
        person = people[user_id]
        *earlier, current = history
        assert current.ended_on is None, user_id  # only the last spell is open
        assert current.job_role_id == person.job_role_id
        assert current.organisation_id == person.employer_id
        assert history[0].started_on == person.started_on
        assert current.started_on <= DAY
        for spell, following in zip(earlier, history[1:], strict=True):
            assert spell.ended_on is not None, user_id
            assert spell.started_on <= spell.ended_on < following.started_on, user_id
        promoted += bool(earlier)
    assert promoted > 0  # some people have moved up a career path


def test_line_managers_are_the_team_managers(app):
    demo.build(staff=200, seed=8, today=DAY)
    db.session.commit()
    team_manager = dict(db.session.execute(select(Team.id, Team.manager_id)).all())
    managers = {m for m in team_manager.values() if m is not None}
    people = db.session.scalars(select(User)).all()
    occupied = {p.team_id for p in people if p.team_id is not None}
    assert all(team_manager[team] is not None for team in occupied)

    in_teams = 0
    for person in people:
        assert person.line_manager_id != person.id
        if person.id in managers or person.team_id is None:
            continue
        # Everyone in a team who does not run it reports to the person who does.
        assert person.line_manager_id is not None, person.email
        assert person.line_manager_id == team_manager[person.team_id], person.email
        in_teams += 1
    assert in_teams > 150

    manager_role = set(db.session.scalars(
        select(RoleAssignment.user_id).where(RoleAssignment.role == Role.MANAGER)
    ))
    assert managers <= manager_role
    # The demo manager runs the demo member of staff's team.
    by_email = {p.email: p for p in people}
    assert by_email["staff@demo.academy"].line_manager_id == by_email["manager@demo.academy"].id
    # Each demo sign-in has a line manager too, the new starter included.
    for email, *_ in DEMO_SIGN_INS:
        if email != "manager@demo.academy":
            assert by_email[email].line_manager_id is not None, email


def test_demo_data_command_loads_once(app):
    runner = app.test_cli_runner()
    args = ["academy", "demo-data", "--staff", "50", "--seed", "4", "--today", "2026-11-23",
            "--if-empty"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Demo data loaded in")
    db.session.rollback()
    people = db.session.scalar(select(func.count()).select_from(User))
    assert people >= 50 + len(DEMO_SIGN_INS)

    again = runner.invoke(args=args)
    assert again.exit_code == 0, again.output
    assert again.output.strip() == "The database already has data; demo data not loaded."
    assert db.session.scalar(select(func.count()).select_from(User)) == people

    refused = runner.invoke(args=args[:-1])
    assert refused.exit_code != 0
    assert "not empty" in refused.output
    assert db.session.scalar(select(func.count()).select_from(User)) == people


def test_the_staff_asked_for_are_built(app):
    built = people_demo.build(1000, random.Random(2), DAY)
    # Each partner's share is rounded to whole people.
    assert abs(len(built.staff_ids) - 1000) <= len(PARTNERS)
    assert len(built.sign_ins) == len(DEMO_SIGN_INS)
    assert db.session.scalar(select(func.count()).select_from(User)) == (
        len(built.staff_ids) + len(DEMO_SIGN_INS))
