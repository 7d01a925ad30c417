"""Keeping the partnership's structure: adding and changing organisations, their sites and
teams (renaming, moving, closing), and the job roles the partners share."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from academy.extensions import db
from academy.people import permissions, queries, structure
from academy.people.forms import (
    JobRoleFilterForm,
    JobRoleForm,
    OrganisationForm,
    SiteForm,
    TeamForm,
)
from academy.people.models import JobRole, Organisation, OrganisationType, Sector, Site, Team
from academy.people.views import bp
from academy.web import load_or_404, perform, require, submit

CODE_HINT = ("The ODS code of an NHS trust (like RXF), a GP practice (like B87001) or the "
             "council; a care provider's CQC location ID (like 1-123456789).")


def _organisation(organisation_id: int) -> Organisation:
    return load_or_404(Organisation, organisation_id, permissions.can_manage_organisation)


def _back_to(organisation: Organisation) -> str:
    return url_for("people.organisation", organisation_id=organisation.id)


# Organisations -------------------------------------------------------------------------------

def _organisation_data(form: OrganisationForm) -> structure.OrganisationData:
    return structure.OrganisationData(
        name=form.name.data, short_name=form.short_name.data,
        type=OrganisationType(form.type.data), code=form.code.data,
        is_levy_payer=form.is_levy_payer.data)


@bp.route("/organisations/new", methods=["GET", "POST"])
@login_required
def organisation_new():
    require(permissions.can_create_organisation(current_user))
    form = OrganisationForm()
    if response := submit(
        form, lambda: structure.create_organisation(_organisation_data(form), actor=current_user),
        then=_back_to, success=lambda org: f"{org.name} has been added.",
    ):
        return response
    return render_template("people/structure/organisation_form.html", form=form,
                           code_hint=CODE_HINT, title="Add an organisation",
                           cancel=url_for("people.organisations"), button="Add organisation")


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@login_required
def organisation_edit(organisation_id: int):
    organisation = _organisation(organisation_id)
    form = OrganisationForm(obj=organisation)
    if not form.is_submitted():
        form.type.data = organisation.type.value
        form.code.data = organisation.code or ""
    if response := submit(
        form, lambda: structure.update_organisation(organisation, _organisation_data(form),
                                                    actor=current_user),
        then=_back_to(organisation), success=lambda org: f"{org.name}'s details have been saved.",
    ):
        return response
    return render_template("people/structure/organisation_form.html", form=form,
                           code_hint=CODE_HINT, title=f"Change {organisation.name}",
                           cancel=_back_to(organisation), button="Save changes")


# Sites ---------------------------------------------------------------------------------------

@bp.route("/organisations/<int:organisation_id>/sites/new", methods=["GET", "POST"])
@login_required
def site_new(organisation_id: int):
    organisation = _organisation(organisation_id)
    form = SiteForm()
    if response := submit(
        form, lambda: structure.add_site(organisation, name=form.name.data,
                                         postcode=form.postcode.data, actor=current_user),
        then=_back_to(organisation), success=lambda site: f"{site.name} has been added.",
    ):
        return response
    return render_template("people/structure/site_form.html", form=form,
                           organisation=organisation, title=f"Add a site to {organisation.name}",
                           button="Add site")


@bp.route("/sites/<int:site_id>/edit", methods=["GET", "POST"])
@login_required
def site_edit(site_id: int):
    site = load_or_404(Site, site_id, permissions.can_manage_site)
    form = SiteForm(obj=site)
    if response := submit(
        form, lambda: structure.update_site(site, name=form.name.data,
                                            postcode=form.postcode.data, actor=current_user),
        then=_back_to(site.organisation), success=lambda site: f"{site.name} has been saved.",
    ):
        return response
    return render_template("people/structure/site_form.html", form=form,
                           organisation=site.organisation, title=f"Change {site.name}",
                           button="Save changes")


# Teams ---------------------------------------------------------------------------------------

def _parent_choices(organisation: Organisation, team: Team | None = None) -> list[SelectChoice]:
    """The open teams a team may sit under (not itself nor any team beneath it), in tree
    order, indented by depth."""
    excluded = {team.id, *structure.descendant_ids(team)} if team is not None else set()
    return [SelectChoice(0, f"None: at the top of {organisation.short_name}")] + [
        SelectChoice(t.id, "\u2014 " * depth + t.name)
        for t, depth in queries.open_teams(organisation.id) if t.id not in excluded
    ]


def _chosen_parent(form: TeamForm) -> Team | None:
    return db.session.get(Team, form.parent.data) if form.parent.data else None


@bp.route("/organisations/<int:organisation_id>/teams/new", methods=["GET", "POST"])
@login_required
def team_new(organisation_id: int):
    organisation = _organisation(organisation_id)
    form = TeamForm()
    form.parent.choices = _parent_choices(organisation)
    if not form.is_submitted():
        form.parent.data = request.args.get("parent", 0, type=int)
    if response := submit(
        form, lambda: structure.add_team(organisation, name=form.name.data,
                                         parent=_chosen_parent(form), actor=current_user),
        then=_back_to(organisation), success=lambda team: f"{team.name} has been added.",
    ):
        return response
    return render_template("people/structure/team_form.html", form=form,
                           organisation=organisation, title=f"Add a team to {organisation.name}",
                           button="Add team")


@bp.route("/teams/<int:team_id>/edit", methods=["GET", "POST"])
@login_required
def team_edit(team_id: int):
    team = load_or_404(Team, team_id, permissions.can_manage_team)
    form = TeamForm(obj=team)
    form.parent.choices = _parent_choices(team.organisation, team)
    if not form.is_submitted():
        form.parent.data = team.parent_id or 0
    if response := submit(
        form, lambda: structure.update_team(team, name=form.name.data,
                                            parent=_chosen_parent(form), actor=current_user),
        then=_back_to(team.organisation), success=lambda team: f"{team.name} has been saved.",
    ):
        return response
    return render_template("people/structure/team_form.html", form=form, team=team,
                           organisation=team.organisation, title=f"Change {team.name}",
                           button="Save changes")


@bp.route("/teams/<int:team_id>/close", methods=["GET", "POST"])
@login_required
def team_close(team_id: int):
    team = load_or_404(Team, team_id, permissions.can_manage_team)
    if request.method == "POST":
        perform(lambda: structure.close_team(team, actor=current_user),
                success=f"{team.name} has been closed. It stays in the history of the people "
                        "who worked in it.")
        return redirect(_back_to(team.organisation))
    return render_template("people/structure/team_close.html", team=team,
                           title=f"Close {team.name}")


# Job roles -----------------------------------------------------------------------------------

@bp.get("/job-roles")
@login_required
def job_roles():
    require(permissions.can_manage_job_roles(current_user))
    form = JobRoleFilterForm(request.args)
    form.validate()
    query = queries.job_roles_query(
        q=form.q.data or "", sector=form.sector.data if not form.sector.errors else None)
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("people/structure/job_roles.html", form=form, page=page,
                           title="Job roles")


def _job_role_data(form: JobRoleForm) -> structure.JobRoleData:
    return structure.JobRoleData(
        name=form.name.data, sector=Sector(form.sector.data), staff_group=form.staff_group.data,
        afc_band=form.afc_band.data or None, social_care_role=form.social_care_role.data)


@bp.route("/job-roles/new", methods=["GET", "POST"])
@login_required
def job_role_new():
    require(permissions.can_manage_job_roles(current_user))
    form = JobRoleForm()
    if response := submit(
        form, lambda: structure.create_job_role(_job_role_data(form), actor=current_user),
        then=url_for("people.job_roles"), success=lambda role: f"{role} has been added.",
    ):
        return response
    return render_template("people/structure/job_role_form.html", form=form,
                           title="Add a job role", button="Add job role")


@bp.route("/job-roles/<int:job_role_id>/edit", methods=["GET", "POST"])
@login_required
def job_role_edit(job_role_id: int):
    job_role = load_or_404(JobRole, job_role_id,
                           lambda user, _: permissions.can_manage_job_roles(user))
    form = JobRoleForm(obj=job_role)
    if not form.is_submitted():
        form.sector.data = job_role.sector.value
        form.afc_band.data = job_role.afc_band or ""
    if response := submit(
        form, lambda: structure.update_job_role(job_role, _job_role_data(form),
                                                actor=current_user),
        then=url_for("people.job_roles"), success=lambda role: f"{role} has been saved.",
    ):
        return response
    return render_template("people/structure/job_role_form.html", form=form,
                           title=f"Change {job_role}", button="Save changes")
