"""Sign-in, password reset, my profile and equality answers, and people administration."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import SelectChoice

from academy.errors import DomainError, show_refusal
from academy.extensions import db, login_manager
from academy.people import permissions, queries, services
from academy.people.equality import QUESTIONS, answer_label
from academy.people.forms import (
    ChangeJobForm,
    EqualityForm,
    GrantRoleForm,
    NewPasswordForm,
    PeopleFilterForm,
    PersonForm,
    ResetRequestForm,
    SignInForm,
)
from academy.people.models import (
    EmploymentType,
    EqualityProfile,
    JobRole,
    Organisation,
    RoleAssignment,
    Team,
    User,
)
from academy.people.roles import Role

bp = Blueprint("people", __name__)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


def safe_next(target: str | None) -> str:
    """Only follow a 'next' address on this site.

    Browsers read a backslash as a slash, drop tabs and newlines, and take "///host" as another
    host, so a path with any of those is refused as well as one with a scheme or host.
    """
    if target:
        parts = urlsplit(target)
        if (
            target.startswith("/")
            and not target.startswith("//")
            and "\\" not in target
            and not any(ord(character) < 32 or ord(character) == 127 for character in target)
            and not parts.scheme
            and not parts.netloc
        ):
            return target
    return url_for("home.index")


def get_person(person_id: int) -> User:
    """Load a person (404) whom the current user may see (403)."""
    person = db.session.get(User, person_id) or abort(404)
    if not permissions.can_view_person(current_user, person):
        abort(403)
    return person


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = SignInForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                form.email.data, form.password.data,
                max_failures=current_app.config["LOGIN_MAX_FAILURES"],
                lockout_minutes=current_app.config["LOGIN_LOCKOUT_MINUTES"],
            )
        except services.SignInRefused as refusal:
            db.session.commit()  # keep the failure count that leads to a lockout
            form.password.errors = [refusal.message]
        else:
            db.session.commit()
            login_user(user)
            return redirect(safe_next(request.args.get("next")))
    return render_template("people/login.html", form=form, title="Sign in")


@bp.post("/logout")
@login_required
def logout():
    # Forget everything of this person's session (pending messages too) on a shared computer.
    session.clear()
    logout_user()
    flash("You have signed out.", "success")
    return redirect(url_for("people.login"))


@bp.route("/password-reset", methods=["GET", "POST"])
def password_reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(
            form.email.data,
            base_url=current_app.config["ACADEMY_BASE_URL"],
            valid_hours=current_app.config["PASSWORD_RESET_HOURS"],
        )
        db.session.commit()
        return render_template("people/reset_sent.html", title="Check your e-mail",
                               email=form.email.data)
    return render_template("people/reset_request.html", form=form, title="Reset your password")


@bp.route("/password-reset/<token>", methods=["GET", "POST"])
def password_reset(token: str):
    try:
        services.reset_token_user(token)
    except services.InvalidResetToken as error:
        return render_template("people/reset_invalid.html", title="Link not valid",
                               message=error.message), 410
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash("Your password has been changed. Sign in with your new password.", "success")
            return redirect(url_for("people.login"))
    return render_template("people/reset_password.html", form=form, title="Choose a new password")


@bp.get("/me")
@login_required
def me():
    return render_template(
        "people/person.html", person=current_user, history=queries.job_history(current_user.id),
        title="Your details", is_self=True,
    )


@bp.route("/me/equality", methods=["GET", "POST"])
@login_required
def equality():
    profile = db.session.scalar(
        select(EqualityProfile).where(EqualityProfile.user_id == current_user.id)
    )
    form = EqualityForm(obj=profile)
    if form.validate_on_submit():
        answers = {name: getattr(form, name).data for name in QUESTIONS}
        services.save_equality_profile(current_user, answers, actor=current_user)
        db.session.commit()
        flash("Your equality answers have been saved.", "success")
        return redirect(url_for("people.equality"))
    answers = [
        (label, answer_label(name, getattr(profile, name) if profile else None))
        for name, (label, _) in QUESTIONS.items()
    ]
    return render_template("people/equality.html", form=form, profile=profile, answers=answers,
                           title="Your equality monitoring answers")


@bp.route("/me/equality/withdraw", methods=["GET", "POST"])
@login_required
def equality_withdraw():
    if request.method == "POST":
        services.withdraw_equality_profile(current_user, actor=current_user)
        db.session.commit()
        flash("Your equality answers have been deleted.", "success")
        return redirect(url_for("people.equality"))
    return render_template("people/equality_withdraw.html", title="Delete your equality answers")


@bp.get("/people")
@login_required
def people_list():
    if not permissions.can_list_people(current_user):
        abort(403)
    form = PeopleFilterForm(request.args)
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    form.organisation.choices = [SelectChoice("", "Any employer")] + [
        SelectChoice(str(o.id), o.name) for o in organisations
    ]
    form.role.choices = [SelectChoice("", "Any role")] + [
        SelectChoice(r.value, r.label) for r in Role if r != Role.STAFF
    ]
    form.validate()
    # A filter that is not one of the choices offered is ignored, not turned into an error page.
    query = queries.people_query(
        current_user,
        q=form.q.data or "",
        organisation_id=int(form.organisation.data)
        if form.organisation.data and not form.organisation.errors else None,
        role=form.role.data if form.role.data and not form.role.errors else None,
    )
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("people/people_list.html", form=form, page=page, title="People")


@bp.route("/people/new", methods=["GET", "POST"])
@login_required
def person_new():
    if not permissions.is_admin(current_user):
        abort(403)
    form = PersonForm()
    admin_orgs = [
        o for o in db.session.scalars(select(Organisation).order_by(Organisation.name))
        if permissions.is_admin(current_user, o.id)
    ]
    form.organisation.choices = [SelectChoice(o.id, o.name) for o in admin_orgs]
    form.job_role.choices = _job_role_choices()
    if form.validate_on_submit():
        try:
            person = services.create_person(
                email=form.email.data, given_name=form.given_name.data,
                family_name=form.family_name.data,
                employer=db.session.get(Organisation, form.organisation.data),
                job_role=db.session.get(JobRole, form.job_role.data), team=None,
                employee_number=form.employee_number.data,
                employment_type=EmploymentType(form.employment_type.data), line_manager=None,
                started_on=form.started_on.data, actor=current_user,
            )
            services.request_password_reset(
                person.email, base_url=current_app.config["ACADEMY_BASE_URL"],
                valid_hours=current_app.config["PASSWORD_RESET_HOURS"] * 36,
            )
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"{person.name} has been added and sent a link to set a password.", "success")
            return redirect(url_for("people.person", person_id=person.id))
    return render_template("people/person_new.html", form=form, title="Add a person")


@bp.get("/people/<int:person_id>")
@login_required
def person(person_id: int):
    person = get_person(person_id)
    grant_form = change_form = None
    if permissions.can_manage_person(current_user, person):
        grant_form = _grant_form(person)
        change_form = _change_job_form(person)
    return render_template(
        "people/person.html", person=person, history=queries.job_history(person.id),
        grant_form=grant_form, change_form=change_form, title=person.name,
        is_self=person.id == current_user.id,
    )


def _job_role_choices() -> list[SelectChoice]:
    roles = db.session.scalars(select(JobRole).order_by(JobRole.name, JobRole.afc_band))
    return [SelectChoice(r.id, str(r)) for r in roles]


def _grant_form(person: User) -> GrantRoleForm:
    form = GrantRoleForm()
    scopes = [SelectChoice("", "Whole partnership")] if permissions.is_partnership_admin(current_user) else []
    for org in db.session.scalars(select(Organisation).order_by(Organisation.name)):
        if permissions.is_admin(current_user, org.id):
            scopes.append(SelectChoice(str(org.id), org.name))
    form.scope.choices = scopes
    if not form.is_submitted():
        form.scope.data = str(person.employer_id)
    return form


def _change_job_form(person: User) -> ChangeJobForm:
    form = ChangeJobForm()
    form.organisation.choices = [
        SelectChoice(o.id, o.name)
        for o in db.session.scalars(select(Organisation).order_by(Organisation.name))
    ]
    form.job_role.choices = _job_role_choices()
    teams = db.session.scalars(
        select(Team).options(joinedload(Team.organisation)).order_by(Team.name)
    ).all()
    form.team.choices = [SelectChoice(0, "No team")] + [
        SelectChoice(t.id, f"{t.name} ({t.organisation.short_name})") for t in teams
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
    if not permissions.can_manage_person(current_user, person):
        abort(403)
    form = _grant_form(person)
    if form.validate_on_submit():
        organisation = db.session.get(Organisation, int(form.scope.data)) if form.scope.data else None
        try:
            services.grant_role(person, Role(form.role.data), organisation, actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"{person.name} is now {Role(form.role.data).label.lower()}.", "success")
            return redirect(url_for("people.person", person_id=person.id))
    return render_template(
        "people/person.html", person=person, history=queries.job_history(person.id),
        grant_form=form, change_form=_change_job_form(person), title=person.name, is_self=False,
    ), 400


@bp.route("/people/<int:person_id>/roles/<int:assignment_id>/remove", methods=["GET", "POST"])
@login_required
def revoke_role(person_id: int, assignment_id: int):
    person = get_person(person_id)
    assignment = db.session.get(RoleAssignment, assignment_id)
    if assignment is None or assignment.user_id != person.id:
        abort(404)
    if not permissions.can_revoke_role(current_user, assignment):
        abort(403)
    if request.method == "POST":
        services.revoke_role(assignment, actor=current_user)
        db.session.commit()
        flash(f"The role has been removed from {person.name}.", "success")
        return redirect(url_for("people.person", person_id=person.id))
    return render_template("people/revoke_role.html", person=person, assignment=assignment,
                           title="Remove a role")


@bp.post("/people/<int:person_id>/job")
@login_required
def change_job(person_id: int):
    person = get_person(person_id)
    if not permissions.can_manage_person(current_user, person):
        abort(403)
    form = _change_job_form(person)
    if form.validate_on_submit():
        try:
            services.change_job(
                person,
                job_role=db.session.get(JobRole, form.job_role.data) or abort(400),
                organisation=db.session.get(Organisation, form.organisation.data) or abort(400),
                team=db.session.get(Team, form.team.data) if form.team.data else None,
                starts_on=form.starts_on.data, reason=form.reason.data or "",
                actor=current_user,
            )
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"{person.name}'s job has been changed; the previous one is kept in the history.",
                  "success")
            return redirect(url_for("people.person", person_id=person.id))
    return render_template(
        "people/person.html", person=person, history=queries.job_history(person.id),
        grant_form=_grant_form(person), change_form=form, title=person.name, is_self=False,
    ), 400


@bp.get("/team")
@login_required
def team():
    if not current_user.has_role(Role.MANAGER):
        abort(403)
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
    org = db.session.get(Organisation, organisation_id) or abort(404)
    if not permissions.can_view_organisation(current_user, org.id):
        abort(403)
    show_people = permissions.oversees(current_user, org.id)
    return render_template("people/organisation.html", organisation=org,
                           teams=queries.team_tree(org.id), show_people=show_people,
                           title=org.name)
