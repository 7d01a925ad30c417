"""People administration: the people list, a person's page, roles and job changes, teams and
partner organisations."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from academy.extensions import db
from academy.people import permissions, queries, services, transfers
from academy.people.forms import (
    ChangeJobForm,
    CloseAccountForm,
    GrantRoleForm,
    PeopleFilterForm,
    PersonDetailsForm,
    PersonForm,
)
from academy.people.models import (
    EmploymentType,
    JobRole,
    Organisation,
    RoleAssignment,
    Team,
    User,
)
from academy.people.roles import Role
from academy.people.views import bp
from academy.people.views.common import person_page
from academy.web import as_int, audited_read, found_or_404, load_or_404, perform, require, submit


def get_person(person_id: int) -> User:
    """Load a person (404) whom the current user may see (403)."""
    return load_or_404(User, person_id, permissions.can_view_person)


@bp.get("/people")
@login_required
def people_list():
    require(permissions.can_list_people(current_user))
    form = PeopleFilterForm(request.args)
    form.organisation.choices = [SelectChoice("", "Any employer")] + [
        SelectChoice(str(o.id), o.name) for o in queries.organisations()
    ]
    form.role.choices = [SelectChoice("", "Any role")] + [
        SelectChoice(r.value, r.label) for r in Role if r != Role.STAFF
    ]
    form.validate()
    # A filter that is not one of the choices offered is ignored, not turned into an error page.
    query = queries.people_query(
        current_user,
        q=form.q.data or "",
        organisation_id=as_int(form.organisation.data) if not form.organisation.errors else None,
        role=form.role.data if form.role.data and not form.role.errors else None,
    )
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("people/people_list.html", form=form, page=page, title="People")


@bp.route("/people/new", methods=["GET", "POST"])
@login_required
def person_new():
    require(permissions.is_admin(current_user))
    form = PersonForm()
    form.organisation.choices = [
        SelectChoice(o.id, o.name) for o in queries.organisations()
        if permissions.is_admin(current_user, o.id)
    ]
    form.job_role.choices = _job_role_choices()

    def add_person() -> User:
        person = services.create_person(
            email=form.email.data, given_name=form.given_name.data,
            family_name=form.family_name.data,
            employer=db.session.get(Organisation, form.organisation.data),
            job_role=db.session.get(JobRole, form.job_role.data), team=None,
            employee_number=form.employee_number.data,
            employment_type=EmploymentType(form.employment_type.data), line_manager=None,
            started_on=form.started_on.data, actor=current_user,
        )
        # A newcomer sets their first password through an invitation that lasts longer.
        services.invite(person, valid_hours=current_app.config["PASSWORD_RESET_HOURS"] * 36,
                        actor=current_user)
        return person

    if response := submit(
        form, add_person,
        then=lambda person: url_for("people.person", person_id=person.id),
        success=lambda person: f"{person.name} has been added and sent a link to set a password.",
    ):
        return response
    return render_template("people/person_new.html", form=form, title="Add a person")


@bp.get("/people/<int:person_id>")
@login_required
def person(person_id: int):
    person = get_person(person_id)
    if permissions.can_manage_person(current_user, person):
        page = person_page(person, grant_form=_grant_form(person),
                           change_form=_change_job_form(person))
    else:
        page = person_page(person)
    return audited_read(page, "person.viewed", person, subjects=[person])


def _job_role_choices() -> list[SelectChoice]:
    return [SelectChoice(r.id, str(r)) for r in queries.job_roles()]


def _grant_form(person: User) -> GrantRoleForm:
    form = GrantRoleForm()
    scopes = [SelectChoice("", "Whole partnership")] if permissions.is_partnership_admin(current_user) else []
    form.scope.choices = scopes + [
        SelectChoice(str(org.id), org.name) for org in queries.organisations()
        if permissions.is_admin(current_user, org.id)
    ]
    if not form.is_submitted():
        form.scope.data = str(person.employer_id)
    return form


def _change_job_form(person: User) -> ChangeJobForm:
    form = ChangeJobForm()
    form.organisation.choices = [SelectChoice(o.id, o.name) for o in queries.organisations()]
    form.job_role.choices = _job_role_choices()
    form.team.choices = [SelectChoice(0, "No team")] + [
        SelectChoice(t.id, f"{t.name} ({t.organisation.short_name})") for t in queries.teams()
    ]
    if not form.is_submitted():
        form.organisation.data = person.employer_id
        form.job_role.data = person.job_role_id
        form.team.data = person.team_id or 0
    return form


@bp.post("/people/<int:person_id>/roles")
@login_required
def grant_role(person_id: int):
    person = get_person(person_id)
    require(permissions.can_manage_person(current_user, person))
    form = _grant_form(person)
    if response := submit(
        form,
        lambda: services.grant_role(
            person, Role(form.role.data),
            db.session.get(Organisation, int(form.scope.data)) if form.scope.data else None,
            actor=current_user,
        ),
        then=url_for("people.person", person_id=person.id),
        success=lambda assignment: f"{person.name} is now {assignment.role.label.lower()}.",
    ):
        return response
    return person_page(person, grant_form=form, change_form=_change_job_form(person)), 400


@bp.route("/people/<int:person_id>/roles/<int:assignment_id>/remove", methods=["GET", "POST"])
@login_required
def revoke_role(person_id: int, assignment_id: int):
    person = get_person(person_id)
    assignment = found_or_404(db.session.scalar(
        select(RoleAssignment).where(RoleAssignment.id == assignment_id,
                                     RoleAssignment.user_id == person.id)
    ))
    require(permissions.can_revoke_role(current_user, assignment))
    if request.method == "POST":
        perform(lambda: services.revoke_role(assignment, actor=current_user),
                success=f"The role has been removed from {person.name}.")
        return redirect(url_for("people.person", person_id=person.id))
    return render_template("people/revoke_role.html", person=person, assignment=assignment,
                           title="Remove a role")


@bp.post("/people/<int:person_id>/job")
@login_required
def change_job(person_id: int):
    person = get_person(person_id)
    require(permissions.can_manage_person(current_user, person))
    form = _change_job_form(person)
    if response := submit(
        form,
        lambda: transfers.change_job_or_request_move(
            person,
            job_role=db.session.get(JobRole, form.job_role.data) or abort(400),
            organisation=db.session.get(Organisation, form.organisation.data) or abort(400),
            team=db.session.get(Team, form.team.data) if form.team.data else None,
            starts_on=form.starts_on.data, reason=form.reason.data or "",
            actor=current_user,
        ),
        then=url_for("people.person", person_id=person.id),
        success=lambda changed: (
            f"{person.name}'s move to {changed.to_organisation.name} now waits for its "
            "administrators to accept it."
            if isinstance(changed, transfers.TransferRequest) else
            f"{person.name}'s job has been changed; the previous one is kept in the history."
        ),
    ):
        return response
    return person_page(person, grant_form=_grant_form(person), change_form=form), 400


def get_managed_person(person_id: int) -> User:
    """Load a person (404) whose record the current user administers (403)."""
    return load_or_404(User, person_id, permissions.can_manage_person)


@bp.route("/people/<int:person_id>/details", methods=["GET", "POST"])
@login_required
def edit_person(person_id: int):
    person = get_managed_person(person_id)
    form = PersonDetailsForm(obj=person)
    if response := submit(
        form,
        lambda: services.update_details(
            person, given_name=form.given_name.data, family_name=form.family_name.data,
            email=form.email.data, actor=current_user,
        ),
        then=url_for("people.person", person_id=person.id),
        success=lambda changed: f"{changed.name}'s details have been saved.",
    ):
        return response
    return render_template("people/person_edit.html", form=form, person=person,
                           title=f"Change {person.name}'s details")


@bp.post("/people/<int:person_id>/unlock")
@login_required
def unlock_account(person_id: int):
    person = get_managed_person(person_id)
    perform(lambda: services.unlock_account(person, actor=current_user),
            success=f"{person.name} can sign in again.")
    return redirect(url_for("people.person", person_id=person.id))


@bp.post("/people/<int:person_id>/sign-out-everywhere")
@login_required
def sign_out_everywhere(person_id: int):
    person = get_managed_person(person_id)
    perform(lambda: services.sign_out_everywhere(person, actor=current_user),
            success=f"{person.name} has been signed out on every computer.")
    return redirect(url_for("people.person", person_id=person.id))


@bp.route("/people/<int:person_id>/close", methods=["GET", "POST"])
@login_required
def close_account(person_id: int):
    person = get_managed_person(person_id)
    form = CloseAccountForm()
    if request.method == "POST":
        if form.validate():
            perform(lambda: services.close_account(person, actor=current_user,
                                                   reason=form.reason.data or "left"),
                    form=form, success=f"{person.name}'s account has been closed; their records are kept.")
            return redirect(url_for("people.person", person_id=person.id))
    return render_template("people/close_account.html", form=form, person=person,
                           title=f"Close {person.name}'s account")


@bp.post("/people/<int:person_id>/reopen")
@login_required
def reopen_account(person_id: int):
    person = get_managed_person(person_id)
    perform(lambda: services.reopen_account(person, actor=current_user),
            success=f"{person.name}'s account is open again.")
    return redirect(url_for("people.person", person_id=person.id))


@bp.get("/team")
@login_required
def team():
    require(permissions.can_view_team(current_user))
    return render_template("people/team.html", members=queries.team_members(current_user),
                           title="Your team")


@bp.get("/organisations")
@login_required
def organisations():
    return render_template("people/organisations.html",
                           rows=queries.organisations_with_counts(), title="Partners")


@bp.get("/organisations/<int:organisation_id>")
@login_required
def organisation(organisation_id: int):
    org = load_or_404(Organisation, organisation_id,
                      lambda user, org: permissions.can_view_organisation(user, org.id))
    return render_template("people/organisation.html", organisation=org,
                           teams=queries.team_tree(org.id),
                           show_people=permissions.oversees(current_user, org.id), title=org.name)
