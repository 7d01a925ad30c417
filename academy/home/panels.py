"""The panels of the home page, one per role, each answering "what do I need to do now?"."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import url_for

from academy.courses import panels as course_panels
from academy.induction import panels as induction_panels
from academy.jobs.queries import scheduler_health
from academy.lna import panels as lna_panels
from academy.mentoring import panels as mentoring_panels
from academy.notifications.queries import BACKLOG_AFTER, backlog
from academy.people import permissions, queries, transfers
from academy.people.models import User
from academy.people.roles import Role
from academy.people.staff_files import queries as staff_queries
from academy.schedule import JOBS
from academy.talent.apprenticeships import panels as apprenticeship_panels
from academy.talent.conversations import panels as conversation_panels
from academy.talent.fellowships import panels as fellowship_panels
from academy.talent.pathways import queries as pathway_queries
from academy.templating import format_date, unread_notices
from academy.timekeeping import utcnow

Item = tuple[str, str | None]  # (text, link)


@dataclass
class Panel:
    role: Role
    heading: str
    items: list[tuple[str, str | None]] = field(default_factory=list)  # (text, link)
    note: str | None = None


def pathway_items(user: User) -> list[tuple[str, str]]:
    target = pathway_queries.target_of(user.id)
    if target is None:
        return [("Choose a role to aim for and see your career pathway", url_for("pathways.index"))]
    return [(f"Your pathway to {target.job_role.name}", url_for("pathways.my_pathway"))]


def staff_panel(user: User) -> Panel:
    panel = Panel(Role.STAFF, "My learning and actions")
    unread = unread_notices(user)
    if unread:
        panel.items.append((f"You have {unread} unread notice{'s' if unread != 1 else ''}",
                            url_for("notifications.index")))
    panel.items.extend(course_panels.staff_items(user))
    panel.items.extend(induction_panels.learner_items(user))
    panel.items.extend(conversation_panels.staff_items(user))
    panel.items.extend(apprenticeship_panels.staff_items(user))
    panel.items.extend(fellowship_panels.fellow_items(user))
    panel.items.extend(mentoring_panels.partner_items(user))
    panel.items.extend(lna_panels.staff_items(user))
    panel.items.extend(pathway_items(user))
    panel.items.append(("Check your details and job history", url_for("people.me")))
    if queries.equality_profile(user.id) is None:
        panel.items.append(("Answer the equality monitoring questions (optional)",
                            url_for("people.equality")))
    return panel


def manager_panel(user: User) -> Panel:
    panel = Panel(Role.MANAGER, "Your team")
    panel.items.append((f"{queries.team_size(user)} people in your team", url_for("people.team")))
    panel.items.extend(course_panels.manager_items(user))
    panel.items.extend(induction_panels.manager_items(user))
    panel.items.extend(apprenticeship_panels.manager_items(user))
    panel.items.extend(conversation_panels.manager_items(user))
    panel.items.extend(lna_panels.manager_items(user))
    return panel


def failed_import_items(user: User) -> list[Item]:
    """The nightly staff files refused for bad rows, in the organisations the administrator
    keeps (every organisation for a partnership administrator)."""
    scopes = user.role_scopes(Role.ADMIN)
    organisation_ids = None if None in scopes else sorted(scopes)
    return [(f"The nightly staff file for {run.organisation.name} was refused: "
             f"{_plural(len(run.problems or []), 'bad row')}",
             url_for("people.staff_import", import_id=run.id))
            for run in staff_queries.failed_feeds(organisation_ids)]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def scheduler_items(user: User) -> list[Item]:
    """Jobs that should have run and have not, or failed; e-mail that waits or gave up."""
    if not permissions.can_view_scheduler(user):
        return []
    now, link = utcnow(), url_for("jobs.scheduler")
    items: list[Item] = []
    health = scheduler_health(list(JOBS.values()), now)
    if health.never_ran:
        items.append(("The scheduler has never run: start it with flask academy scheduler", link))
    if health.late:
        names = ", ".join(job.name for job in health.late[:3])
        more = f" and {len(health.late) - 3} more" if len(health.late) > 3 else ""
        earliest = min(job.due_at for job in health.late)
        items.append((f"{_plural(len(health.late), 'scheduled job')} have not run since "
                      f"{format_date(earliest, True)} ({names}{more}): is the scheduler running?",
                      link))
    if health.failed:
        items.append((f"The last run failed for {', '.join(health.failed)}", link))
    outbox = backlog(now)
    if outbox.waiting:
        minutes = int(BACKLOG_AFTER.total_seconds() // 60)
        items.append((f"{_plural(outbox.waiting, 'e-mail')} waiting more than {minutes} minutes "
                      f"to be sent (the oldest since {format_date(outbox.oldest_pending_at, True)})",
                      link))
    if outbox.failed:
        items.append((f"{_plural(outbox.failed, 'e-mail')} could not be sent after every retry",
                      link))
    return items


def admin_panel(user: User) -> Panel:
    panel = Panel(Role.ADMIN, "Administration")
    attention = failed_import_items(user) + scheduler_items(user)
    if attention:
        panel.note = "Needs your attention:"
        panel.items.extend(attention)
    panel.items.append(("People and roles", url_for("people.people_list")))
    panel.items.append(("Add a person", url_for("people.person_new")))
    panel.items.append(("Audit log", url_for("audit.log")))
    if permissions.can_import_staff(user):
        panel.items.append(("Staff files from HR", url_for("people.staff_files")))
    waiting = transfers.pending_count(user)
    if waiting:
        panel.items.append((f"{waiting} {'person' if waiting == 1 else 'people'} waiting to move "
                            "into your organisation", url_for("people.transfers_list")))
    panel.items.extend(conversation_panels.report_items(user))
    if permissions.can_view_scheduler(user):
        panel.items.append(("Scheduler and e-mail health", url_for("jobs.scheduler")))
    return panel


def assessor_panel(user: User) -> Panel:
    panel = Panel(Role.ASSESSOR, "Assessing new starters")
    panel.items.extend(induction_panels.assessor_items(user))
    return panel


def oversight_panel(role: Role, heading: str):
    def build(user: User) -> Panel:
        panel = Panel(role, heading)
        panel.items.append(("People you support", url_for("people.people_list")))
        if role == Role.LEARNING_LEAD:
            panel.items.extend(course_panels.lead_items(user))
            panel.items.extend(conversation_panels.report_items(user))
            panel.items.extend(lna_panels.lead_items(user))
        if role == Role.MENTORING_COORDINATOR:
            panel.items.extend(mentoring_panels.coordinator_items(user))
        if role == Role.APPRENTICESHIP_COORDINATOR:
            panel.items[:0] = apprenticeship_panels.coordinator_items(user)
        return panel
    return build


def trainer_panel(user: User) -> Panel:
    return Panel(Role.TRAINER, "Training you deliver", items=course_panels.trainer_items(user))


def coach_panel(user: User) -> Panel:
    return Panel(Role.COACH, "Career coaching", items=conversation_panels.coach_items(user))


def fellowship_lead_panel(user: User) -> Panel:
    panel = Panel(Role.FELLOWSHIP_LEAD, "Fellowships", items=fellowship_panels.lead_items(user))
    panel.items.append(("People you support", url_for("people.people_list")))
    return panel


PANEL_BUILDERS = {
    Role.STAFF: staff_panel,
    Role.MANAGER: manager_panel,
    Role.LEARNING_LEAD: oversight_panel(Role.LEARNING_LEAD, "Learning and development"),
    Role.APPRENTICESHIP_COORDINATOR: oversight_panel(Role.APPRENTICESHIP_COORDINATOR, "Apprenticeships"),
    Role.MENTORING_COORDINATOR: oversight_panel(Role.MENTORING_COORDINATOR, "Mentoring"),
    Role.FELLOWSHIP_LEAD: fellowship_lead_panel,
    Role.ADMIN: admin_panel,
    Role.ASSESSOR: assessor_panel,
    Role.COACH: coach_panel,
    Role.TRAINER: trainer_panel,
}

# The order panels appear in: the role's own work first, the person's own learning last.
PANEL_ORDER = [
    Role.ADMIN, Role.LEARNING_LEAD, Role.APPRENTICESHIP_COORDINATOR, Role.MENTORING_COORDINATOR,
    Role.FELLOWSHIP_LEAD, Role.MANAGER, Role.TRAINER, Role.ASSESSOR, Role.COACH, Role.STAFF,
]


def panels_for(user: User) -> list[Panel]:
    roles = user.roles
    return [PANEL_BUILDERS[role](user) for role in PANEL_ORDER if role in roles and role in PANEL_BUILDERS]
