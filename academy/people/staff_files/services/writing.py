"""The writes of one staff file import, in bulk: job roles, teams and sites first, then the
people who start, move, change their details or leave, their managers and the invitations."""

from __future__ import annotations

import secrets
from datetime import timedelta
from types import SimpleNamespace

from markupsafe import escape
from sqlalchemy import delete, insert, select, update

from academy.audit.models import AuditEvent
from academy.extensions import db
from academy.holdings import counts
from academy.notifications.email import render_email
from academy.notifications.models import OutboxMessage
from academy.people.models import (
    EmploymentType,
    EqualityProfile,
    JobHistory,
    JobRole,
    Organisation,
    PasswordResetToken,
    RoleAssignment,
    Sector,
    Site,
    Team,
    User,
)
from academy.people.roles import Role
from academy.people.services import _token_digest
from academy.people.staff_files import rules
from academy.people.staff_files.services.holdings import chunks, job_roles, team_paths
from academy.timekeeping import today, utcnow

INVITATION_HOURS = 72
NAME, TOKEN = "GIVENNAME7f3a9c", "TOKEN7f3a9c"  # markers no name or template contains


def bulk_insert(model, rows: list[dict]) -> None:
    """Insert many rows in a few statements: asking for the new ids makes SQLAlchemy write
    multi-row INSERTs on every driver (psycopg would otherwise send one statement a row)."""
    if rows:
        table = model.__table__  # the table itself: no ORM bookkeeping per row
        db.session.execute(insert(table).returning(table.c.id), rows).all()


class Applier:
    """The writes of one import, in bulk: job roles, teams and sites first, then people."""

    def __init__(self, organisation: Organisation, plan: rules.Plan, actor: User | None):
        self.organisation = organisation
        self.plan = plan
        self.actor_id = actor.id if actor is not None else None
        self.today = today()
        self.now = utcnow()
        self.audit: list[dict] = []

    def run(self) -> None:
        plan = self.plan
        self.job_roles = self._job_roles()
        self.teams = self._teams()
        self.sites = self._sites()
        self._starters()
        self.ids = self._numbers()
        self._movers()
        self._details()
        self._line_managers()
        self._leavers()
        self._team_managers()
        if self.audit:
            for chunk in chunks(self.audit, 5000):
                bulk_insert(AuditEvent, chunk)
        if plan.starters and self.organisation.password_sign_in:
            self._invite([row.employee_number for row in plan.starters])
        # Written in bulk, past the ORM: the organisation's compliance counts follow its staff.
        counts.mark_organisation(self.organisation.id)
        db.session.expire_all()

    def _note(self, action: str, object_type: str, object_id, subject_id, **detail) -> None:
        self.audit.append({
            "at": self.now, "actor_id": self.actor_id, "action": action,
            "object_type": object_type, "object_id": str(object_id), "subject_id": subject_id,
            "detail": detail or None,
        })

    def _job_roles(self) -> dict[str, int]:
        found = job_roles(self.organisation)
        nhs = self.organisation.type.is_nhs
        for key, (title, group, band) in self.plan.new_job_titles.items():
            role = JobRole(
                name=title[:200], sector=Sector.NHS if nhs else Sector.SOCIAL_CARE,
                staff_group=(group or "Unknown")[:80],
                afc_band=band[:4] if nhs and band else None,
                social_care_role=band[:120] if not nhs and band else None,
            )
            db.session.add(role)
            db.session.flush()
            self._note("job_role.created", "JobRole", role.id, None, title=title,
                       source="staff file")
            found[key] = role.id
        return found

    def _teams(self) -> dict[tuple[str, ...], int]:
        """The team of every path in the file, creating the missing ones a level at a time."""
        known = {rules.path_key(path): tid for tid, path in team_paths(self.organisation.id).items()}
        wanted: dict[tuple[str, ...], tuple[str, ...]] = {}
        for row in self.plan.rows:
            for depth in range(1, len(row.team or ()) + 1):
                wanted.setdefault(rules.path_key(row.team[:depth]), row.team[:depth])
        for depth in sorted({len(key) for key in wanted}):
            level = {key: Team(organisation_id=self.organisation.id,
                               parent_id=known[key[:-1]] if depth > 1 else None,
                               name=path[-1][:200])
                     for key, path in wanted.items() if len(key) == depth and key not in known}
            db.session.add_all(level.values())
            db.session.flush()
            for key, team in level.items():
                known[key] = team.id
                self._note("team.created", "Team", team.id, None, name=team.name,
                           source="staff file")
        return known

    def _sites(self) -> dict[str, int]:
        known = {name.lower(): sid for sid, name in db.session.execute(
            select(Site.id, Site.name).where(Site.organisation_id == self.organisation.id))}
        for row in self.plan.rows:
            if row.site and row.site.lower() not in known:
                site = Site(organisation_id=self.organisation.id, name=row.site[:200])
                db.session.add(site)
                db.session.flush()
                known[row.site.lower()] = site.id
                self._note("site.created", "Site", site.id, None, name=site.name,
                           source="staff file")
        return known

    def _team_id(self, row: rules.StaffRow) -> int | None:
        return self.teams[rules.path_key(row.team)] if row.team else None

    def _site_id(self, row: rules.StaffRow) -> int | None:
        return self.sites[row.site.lower()] if row.site else None

    def _numbers(self) -> dict[str, int]:
        return dict(db.session.execute(
            select(User.employee_number, User.id).where(User.employer_id == self.organisation.id,
                                                        User.employee_number.is_not(None))
        ).all())

    def _starters(self) -> None:
        """New accounts in waves down the management tree, so that each is written with its
        line manager already known (no second pass over thousands of rows)."""
        starters = self.plan.starters
        if not starters:
            return
        by_number = {row.employee_number: row for row in starters}
        depth: dict[str, int] = {}
        for row in starters:
            chain, current = [], row
            while current is not None and current.employee_number not in depth and len(chain) < 100:
                chain.append(current.employee_number)
                current = by_number.get(current.manager_number or "")
            base = depth.get(current.employee_number, 0) + 1 if current is not None else 0
            for offset, number in enumerate(reversed(chain)):
                depth[number] = base + offset
        ids = self._numbers()
        for wave in sorted(set(depth.values())):
            users = [{
                "email": row.email, "given_name": row.given_name[:100],
                "family_name": row.family_name[:100], "password_hash": None,
                "employer_id": self.organisation.id, "team_id": self._team_id(row),
                "site_id": self._site_id(row), "job_role_id": self.job_roles[row.title_key],
                "employee_number": row.employee_number[:40],
                "employment_type": EmploymentType.PERMANENT, "started_on": row.start_date,
                "line_manager_id": ids.get(row.manager_number) if row.manager_number else None,
                "is_active_account": True, "session_version": 0, "failed_sign_ins": 0,
                "created_at": self.now,
            } for row in starters if depth[row.employee_number] == wave]
            for chunk in chunks(users, 5000):
                bulk_insert(User, chunk)
            ids = self._numbers()
        spells = [{
            "user_id": ids[row.employee_number], "organisation_id": self.organisation.id,
            "job_role_id": self.job_roles[row.title_key], "team_id": self._team_id(row),
            "started_on": row.start_date, "ended_on": None, "reason": "Joined",
        } for row in starters]
        for chunk in chunks(spells, 5000):
            bulk_insert(JobHistory, chunk)
        for row in starters:
            self._note("person.created", "User", ids[row.employee_number],
                       ids[row.employee_number], source="staff file")

    def _movers(self) -> None:
        moving = [*self.plan.movers, *self.plan.returners]
        if not moving:
            return
        person_ids = [person.id for _, person in moving]
        current: dict[int, tuple[int, object]] = {}
        for chunk in chunks(person_ids):
            for spell_id, user_id, started_on in db.session.execute(
                select(JobHistory.id, JobHistory.user_id, JobHistory.started_on)
                .where(JobHistory.user_id.in_(chunk), JobHistory.ended_on.is_(None))
            ):
                current[user_id] = (spell_id, started_on)
        ended, replaced, spells, people = [], [], [], []
        for row, person in moving:
            values = {"id": person.id, "job_role_id": self.job_roles[row.title_key]}
            if row.has_team:
                values["team_id"] = self._team_id(row)
            people.append(values)
            spell = current.get(person.id)
            team_id = values.get("team_id")
            new_spell = {
                "user_id": person.id, "organisation_id": self.organisation.id,
                "job_role_id": values["job_role_id"], "team_id": team_id,
                "started_on": self.today, "ended_on": None,
                "reason": "Returned" if not person.is_active else "Staff file",
            }
            if spell is not None and spell[1] >= self.today:
                # A second change on the same day replaces that day's spell.
                replaced.append({"id": spell[0], "job_role_id": new_spell["job_role_id"],
                                 "team_id": team_id})
            else:
                if spell is not None:
                    ended.append({"id": spell[0], "ended_on": self.today - timedelta(days=1)})
                spells.append(new_spell)
            self._note("job.changed", "User", person.id, person.id, source="staff file",
                       job_role_id=values["job_role_id"])
        if ended or replaced:
            db.session.execute(update(JobHistory), ended + replaced)
        if spells:
            bulk_insert(JobHistory, spells)
        # Rows carry different keys (team kept when the file has no team column): one per shape.
        for shape in ({"id", "job_role_id"}, {"id", "job_role_id", "team_id"}):
            same = [p for p in people if set(p) == shape]
            if same:
                db.session.execute(update(User), same)
        returning = [{"id": person.id, "is_active_account": True, "closed_at": None,
                      "failed_sign_ins": 0, "locked_until": None}
                     for _, person in self.plan.returners]
        if returning:
            db.session.execute(update(User), returning)
            for item in returning:
                self._note("person.account_reopened", "User", item["id"], item["id"],
                           source="staff file")

    def _details(self) -> None:
        """Names, e-mail, employee number and site of everyone in the file, where they changed."""
        changes = []
        for row, person in [*self.plan.movers, *self.plan.updated, *self.plan.returners]:
            values = {"id": person.id, "given_name": row.given_name[:100],
                      "family_name": row.family_name[:100], "email": row.email,
                      "employee_number": row.employee_number[:40]}
            if row.has_site:
                values["site_id"] = self._site_id(row)
            changes.append(values)
        for shape in ({"id", "given_name", "family_name", "email", "employee_number"},
                      {"id", "given_name", "family_name", "email", "employee_number", "site_id"}):
            same = [c for c in changes if set(c) == shape]
            if same:
                db.session.execute(update(User), same)
        for _row, person in self.plan.updated:
            self._note("person.updated", "User", person.id, person.id, source="staff file")
        if changes:
            self.ids = self._numbers()

    def _line_managers(self) -> None:
        """Movers get the line manager the file names (starters were written with theirs)."""
        rows = [*(row for row, _ in self.plan.movers), *(row for row, _ in self.plan.returners)]
        changes = [
            {"id": self.ids[row.employee_number],
             "line_manager_id": self.ids.get(row.manager_number) if row.manager_number else None}
            for row in rows if row.has_manager and row.employee_number in self.ids
        ]
        for chunk in chunks(changes, 5000):
            db.session.execute(update(User), chunk)

    def _leavers(self) -> None:
        leavers = self.plan.leavers
        if not leavers:
            return
        ids = [person.id for person, _ in leavers]
        for chunk in chunks(ids):
            # As people.services.close_account does for one: closed, signed out, records kept.
            db.session.execute(
                update(User).where(User.id.in_(chunk)).values(
                    is_active_account=False, closed_at=self.now,
                    session_version=User.session_version + 1)
                .execution_options(synchronize_session=False))
        # Equality answers serve monitoring of the current workforce: a leaver's go at once.
        withdrawn = set()
        for chunk in chunks(ids):
            found = set(db.session.scalars(
                select(EqualityProfile.user_id).where(EqualityProfile.user_id.in_(chunk))))
            if found:
                db.session.execute(
                    delete(EqualityProfile).where(EqualityProfile.user_id.in_(found))
                    .execution_options(synchronize_session=False))
            withdrawn |= found
        for user_id in sorted(withdrawn):
            self._note("equality_profile.deleted_on_leaving", "User", user_id, user_id,
                       source="staff file")
        for person, ended_on in leavers:
            self._note("person.account_closed", "User", person.id, person.id, reason="left",
                       source="staff file",
                       ended_on=ended_on.isoformat() if ended_on else None)
        ends = {person.id: ended_on or self.today for person, ended_on in leavers}
        spells = []
        for chunk in chunks(ids):
            for spell_id, user_id, started_on in db.session.execute(
                select(JobHistory.id, JobHistory.user_id, JobHistory.started_on)
                .where(JobHistory.user_id.in_(chunk), JobHistory.ended_on.is_(None))
            ):
                spells.append({"id": spell_id, "ended_on": max(ends[user_id], started_on)})
        if spells:
            db.session.execute(update(JobHistory), spells)

    def _team_managers(self) -> None:
        if not self.plan.team_managers:
            return
        holders = set(db.session.scalars(
            select(RoleAssignment.user_id).where(
                RoleAssignment.role == Role.MANAGER,
                (RoleAssignment.organisation_id == self.organisation.id)
                | RoleAssignment.organisation_id.is_(None))))
        current = dict(db.session.execute(
            select(Team.id, Team.manager_id).where(Team.organisation_id == self.organisation.id)
        ).all())
        grants, teams = [], []
        for key, number in self.plan.team_managers.items():
            manager_id = self.ids.get(number)
            team_id = self.teams.get(key)
            if manager_id is None or team_id is None:
                continue
            if current.get(team_id) != manager_id:
                teams.append({"id": team_id, "manager_id": manager_id})
                self._note("team.manager_changed", "Team", team_id, manager_id,
                           source="staff file")
            if manager_id not in holders:
                holders.add(manager_id)
                grants.append({"user_id": manager_id, "role": Role.MANAGER,
                               "organisation_id": self.organisation.id,
                               "granted_by_id": self.actor_id, "granted_at": self.now})
        if teams:
            db.session.execute(update(Team), teams)
        if grants:
            bulk_insert(RoleAssignment, grants)
            for grant in grants:
                self._note("role.granted", "User", grant["user_id"], grant["user_id"],
                           role=Role.MANAGER.value, organisation_id=self.organisation.id,
                           source="staff file")

    def _invite(self, numbers: list[str]) -> None:
        """A set-password link for every starter, sent as an invitation."""
        hours = INVITATION_HOURS
        people = []
        for chunk in chunks(numbers):
            people.extend(db.session.execute(
                select(User.id, User.email, User.given_name).where(
                    User.employer_id == self.organisation.id, User.employee_number.in_(chunk))))
        tokens, messages = [], []
        expires = self.now + timedelta(hours=hours)
        # The invitation is written once with markers for the name and the token, then filled
        # in for each person: thirty thousand renderings of the same template take too long.
        email = render_email("people/staff_invitation", user=SimpleNamespace(given_name=NAME),
                             token=TOKEN, organisation=self.organisation, valid_hours=hours)
        for person in people:
            token = secrets.token_urlsafe(32)
            tokens.append({"user_id": person.id, "token_hash": _token_digest(token),
                           "created_at": self.now, "expires_at": expires})
            name = person.given_name
            messages.append({
                "to_address": person.email,
                "subject": email.subject.replace(NAME, name),
                "body_text": email.text.replace(NAME, name).replace(TOKEN, token),
                "body_html": email.html.replace(NAME, str(escape(name))).replace(TOKEN, token),
                "created_at": self.now, "next_attempt_at": self.now})
        for chunk in chunks(tokens, 5000):
            bulk_insert(PasswordResetToken, chunk)
        for chunk in chunks(messages, 2000):
            bulk_insert(OutboxMessage, chunk)
