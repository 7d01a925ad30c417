"""Keeping the partnership's structure: organisations, their sites and team tree, and the job
roles every partner shares.

Services take plain data and the acting user, write the audit log and flush, never commit.
They raise NotAllowed when the actor may not make the change and DomainError, naming the form
field, when the rules refuse it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from academy.audit.services import record
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.people import codes, permissions
from academy.people.models import JobRole, Organisation, OrganisationType, Sector, Site, Team, User
from academy.timekeeping import utcnow

AFC_BANDS = ("1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9")


# Organisations -------------------------------------------------------------------------------

@dataclass(frozen=True)
class OrganisationData:
    name: str
    short_name: str
    type: OrganisationType
    code: str | None
    is_levy_payer: bool = False


def _checked_organisation(data: OrganisationData, organisation: Organisation | None) -> dict:
    """The organisation's values as they are kept; raises DomainError on the first field that
    the rules refuse."""
    name, short_name = data.name.strip(), data.short_name.strip()
    if not name:
        raise DomainError("Enter the organisation's name", field="name")
    if not short_name:
        raise DomainError("Enter a short name", field="short_name")
    code = codes.normalise_code(data.code)
    if problem := codes.code_problem(data.type, code):
        raise DomainError(problem, field="code")
    others = select(func.count()).select_from(Organisation)
    if organisation is not None:
        others = others.where(Organisation.id != organisation.id)
    if db.session.scalar(others.where(func.lower(Organisation.name) == name.lower())):
        raise DomainError("Another organisation already has this name", field="name")
    if code and db.session.scalar(others.where(Organisation.code == code)):
        holder = db.session.scalar(select(Organisation.name).where(Organisation.code == code))
        raise DomainError(f"{code} is already the code of {holder}", field="code")
    return {"name": name, "short_name": short_name, "type": data.type, "code": code or None,
            "is_levy_payer": data.is_levy_payer}


def create_organisation(data: OrganisationData, *, actor: User) -> Organisation:
    """Add a partner organisation. Raises NotAllowed unless the actor is a partnership
    administrator; DomainError for a missing name, a code of the wrong shape, or a name or code
    another organisation has."""
    if not permissions.can_create_organisation(actor):
        raise NotAllowed("Only a partnership administrator can add an organisation")
    organisation = Organisation(**_checked_organisation(data, None))
    db.session.add(organisation)
    db.session.flush()
    record(actor, "organisation.created", organisation, name=organisation.name,
           code=organisation.code, type=organisation.type.value)
    db.session.flush()
    return organisation


def update_organisation(organisation: Organisation, data: OrganisationData, *,
                        actor: User) -> Organisation:
    """Change an organisation's details. Raises NotAllowed unless the actor administers it;
    DomainError as create_organisation does."""
    if not permissions.can_manage_organisation(actor, organisation):
        raise NotAllowed("You cannot change this organisation")
    values = _checked_organisation(data, organisation)
    changed = {key: str(getattr(organisation, key)) for key, value in values.items()
               if getattr(organisation, key) != value}
    for key, value in values.items():
        setattr(organisation, key, value)
    record(actor, "organisation.changed", organisation, changed=changed)
    db.session.flush()
    return organisation


# Sites ---------------------------------------------------------------------------------------

def _checked_site(organisation: Organisation, name: str, postcode: str | None,
                  site: Site | None) -> tuple[str, str | None]:
    name = name.strip()
    if not name:
        raise DomainError("Enter the site's name", field="name")
    try:
        postcode = codes.normalise_postcode(postcode)
    except ValueError:
        raise DomainError("Enter a real postcode, like WF1 4DG", field="postcode") from None
    same = select(func.count()).select_from(Site).where(
        Site.organisation_id == organisation.id, func.lower(Site.name) == name.lower())
    if site is not None:
        same = same.where(Site.id != site.id)
    if db.session.scalar(same):
        raise DomainError(f"{organisation.name} already has a site with this name", field="name")
    return name, postcode


def add_site(organisation: Organisation, *, name: str, postcode: str | None,
             actor: User) -> Site:
    """Raises NotAllowed unless the actor administers the organisation; DomainError for a
    missing or repeated name or a malformed postcode."""
    if not permissions.can_manage_organisation(actor, organisation):
        raise NotAllowed("You cannot add sites to this organisation")
    name, postcode = _checked_site(organisation, name, postcode, None)
    site = Site(organisation_id=organisation.id, name=name, postcode=postcode)
    db.session.add(site)
    db.session.flush()
    record(actor, "site.added", site, organisation_id=organisation.id, name=name)
    db.session.flush()
    return site


def update_site(site: Site, *, name: str, postcode: str | None, actor: User) -> Site:
    """Raises as add_site does."""
    if not permissions.can_manage_site(actor, site):
        raise NotAllowed("You cannot change this site")
    name, postcode = _checked_site(site.organisation, name, postcode, site)
    record(actor, "site.changed", site, name=name, was=site.name, postcode=postcode)
    site.name, site.postcode = name, postcode
    db.session.flush()
    return site


# Teams ---------------------------------------------------------------------------------------

def descendant_ids(team: Team) -> set[int]:
    """The ids of every team beneath this one (a recursive query)."""
    tree = select(Team.id).where(Team.parent_id == team.id).cte("beneath", recursive=True)
    tree = tree.union_all(select(Team.id).where(Team.parent_id == tree.c.id))
    return set(db.session.scalars(select(tree.c.id)))


def _checked_team(organisation: Organisation, name: str, parent: Team | None,
                  team: Team | None) -> str:
    name = name.strip()
    if not name:
        raise DomainError("Enter the team's name", field="name")
    if parent is not None:
        if parent.organisation_id != organisation.id:
            raise DomainError("Choose a team in the same organisation", field="parent")
        if parent.is_closed:
            raise DomainError(f"{parent.name} is closed", field="parent")
        if team is not None and (parent.id == team.id or parent.id in descendant_ids(team)):
            raise DomainError("A team cannot sit under itself or a team beneath it", field="parent")
    siblings = select(func.count()).select_from(Team).where(
        Team.organisation_id == organisation.id, func.lower(Team.name) == name.lower(),
        Team.parent_id.is_(None) if parent is None else Team.parent_id == parent.id)
    if team is not None:
        siblings = siblings.where(Team.id != team.id)
    if db.session.scalar(siblings):
        where = f"under {parent.name}" if parent else "at the top of the organisation"
        raise DomainError(f"There is already a team called {name} {where}", field="name")
    return name


def add_team(organisation: Organisation, *, name: str, parent: Team | None,
             actor: User) -> Team:
    """Add a team, at the top of the organisation or under one of its open teams.

    Raises NotAllowed unless the actor administers the organisation; DomainError for a missing
    name, a parent elsewhere or closed, or a name its siblings already have."""
    if not permissions.can_manage_organisation(actor, organisation):
        raise NotAllowed("You cannot add teams to this organisation")
    name = _checked_team(organisation, name, parent, None)
    team = Team(organisation_id=organisation.id, name=name,
                parent_id=parent.id if parent else None)
    db.session.add(team)
    db.session.flush()
    record(actor, "team.added", team, organisation_id=organisation.id, name=name,
           parent_id=team.parent_id)
    db.session.flush()
    return team


def update_team(team: Team, *, name: str, parent: Team | None, actor: User) -> Team:
    """Rename a team or move it under another team of its organisation (or to the top).

    Raises NotAllowed unless the actor administers the organisation; DomainError for a closed
    team, a move under itself or a team beneath it, and as add_team does."""
    if not permissions.can_manage_team(actor, team):
        raise NotAllowed("You cannot change this team")
    if team.is_closed:
        raise DomainError(f"{team.name} is closed and cannot be changed")
    name = _checked_team(team.organisation, name, parent, team)
    new_parent_id = parent.id if parent else None
    record(actor, "team.changed", team, name=name, was=team.name, parent_id=new_parent_id,
           previous_parent_id=team.parent_id)
    team.name, team.parent_id = name, new_parent_id
    db.session.flush()
    return team


def close_team(team: Team, *, actor: User) -> Team:
    """Close an empty team: it is offered nowhere again and stays for the history.

    Raises NotAllowed unless the actor administers the organisation; DomainError when it is
    closed already, anyone is still in it, or a team beneath it is open."""
    if not permissions.can_manage_team(actor, team):
        raise NotAllowed("You cannot close this team")
    if team.is_closed:
        raise DomainError(f"{team.name} is already closed")
    members = db.session.scalar(select(func.count()).select_from(User).where(
        User.team_id == team.id, User.is_active_account.is_(True)))
    if members:
        people = "person is" if members == 1 else "people are"
        raise DomainError(f"{members} {people} still in {team.name}: move them to another team "
                          "first")
    open_children = db.session.scalar(select(func.count()).select_from(Team).where(
        Team.parent_id == team.id, Team.closed_at.is_(None)))
    if open_children:
        raise DomainError(f"{team.name} still has open teams beneath it: close or move them first")
    team.closed_at = utcnow()
    record(actor, "team.closed", team, name=team.name)
    db.session.flush()
    return team


# Job roles -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class JobRoleData:
    name: str
    sector: Sector
    staff_group: str
    afc_band: str | None = None
    social_care_role: str | None = None


def _checked_job_role(data: JobRoleData, job_role: JobRole | None) -> dict:
    name, staff_group = data.name.strip(), data.staff_group.strip()
    band = (data.afc_band or "").strip().lower() or None
    care_role = (data.social_care_role or "").strip() or None
    if not name:
        raise DomainError("Enter the job title", field="name")
    if not staff_group:
        raise DomainError("Enter the staff group", field="staff_group")
    if band is not None and data.sector is not Sector.NHS:
        raise DomainError("Only NHS job roles have an Agenda for Change band", field="afc_band")
    if band is not None and band not in AFC_BANDS:
        raise DomainError("Choose an Agenda for Change band from 1 to 9", field="afc_band")
    if data.sector is Sector.SOCIAL_CARE and care_role is None:
        raise DomainError("Enter the care role category", field="social_care_role")
    if care_role is not None and data.sector is not Sector.SOCIAL_CARE:
        raise DomainError("Only social care job roles have a care role category",
                          field="social_care_role")
    same = select(func.count()).select_from(JobRole).where(
        func.lower(JobRole.name) == name.lower(), JobRole.sector == data.sector,
        JobRole.afc_band.is_(None) if band is None else JobRole.afc_band == band,
        JobRole.social_care_role.is_(None) if care_role is None
        else func.lower(JobRole.social_care_role) == care_role.lower())
    if job_role is not None:
        same = same.where(JobRole.id != job_role.id)
    if db.session.scalar(same):
        raise DomainError("This job role already exists", field="name")
    return {"name": name, "sector": data.sector, "staff_group": staff_group, "afc_band": band,
            "social_care_role": care_role}


def create_job_role(data: JobRoleData, *, actor: User) -> JobRole:
    """Raises NotAllowed unless the actor is a partnership administrator; DomainError for a
    missing title or staff group, a band or care role category that does not fit the sector,
    or a job role that already exists."""
    if not permissions.can_manage_job_roles(actor):
        raise NotAllowed("Only a partnership administrator can add job roles")
    job_role = JobRole(**_checked_job_role(data, None))
    db.session.add(job_role)
    db.session.flush()
    record(actor, "job_role.created", job_role, name=job_role.name)
    db.session.flush()
    return job_role


def update_job_role(job_role: JobRole, data: JobRoleData, *, actor: User) -> JobRole:
    """Raises as create_job_role does."""
    if not permissions.can_manage_job_roles(actor):
        raise NotAllowed("Only a partnership administrator can change job roles")
    values = _checked_job_role(data, job_role)
    record(actor, "job_role.changed", job_role, was=str(job_role),
           **{key: value if value is None else str(value) for key, value in values.items()})
    for key, value in values.items():
        setattr(job_role, key, value)
    db.session.flush()
    return job_role
