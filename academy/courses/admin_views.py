"""Pages for learning leads: the catalogue, sessions and places, mandatory subjects and
requirements, compliance by organisation with exports, and the training-record import."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload
from wtforms import SelectChoice

from academy.courses import compliance as compliance_queries
from academy.courses import permissions, queries, rules, services
from academy.courses.forms import (
    CancelSessionForm,
    CatalogueFilterForm,
    CloneSessionForm,
    ComplianceFilterForm,
    CourseForm,
    ImportForm,
    QuotaForm,
    RenewalForm,
    RequirementForm,
    SessionForm,
)
from academy.courses.imports import ImportRejected, import_training_records, recent_imports
from academy.courses.models import (
    Category,
    Course,
    CourseSession,
    DeliveryMode,
    Pillar,
    ProviderKind,
    Requirement,
    Subject,
)
from academy.courses.views import catalogue_filters, get_course, get_session, refuse
from academy.errors import DomainError
from academy.extensions import db
from academy.people.models import JobRole, Organisation, Site, User
from academy.people.roles import Role
from academy.reports.exports import export_response
from academy.timekeeping import today, utcnow

bp = Blueprint("courses_admin", __name__)


def require(allowed: bool) -> None:
    if not allowed:
        abort(403)


def manageable_course(course_id: int) -> Course:
    course = get_course(course_id)
    require(permissions.can_manage_course(current_user, course))
    return course


def manageable_session(session_id: int) -> CourseSession:
    session = get_session(session_id)
    require(permissions.can_manage_session(current_user, session))
    return session


def scoped_organisations() -> list[Organisation]:
    scope = permissions.lead_scope(current_user)
    query = select(Organisation).order_by(Organisation.name)
    if scope is not None:
        query = query.where(Organisation.id.in_(scope))
    return db.session.scalars(query).all()


# --- Catalogue management -----------------------------------------------------------------------

@bp.get("/manage/courses")
@login_required
def courses():
    require(permissions.can_manage_catalogue(current_user))
    form = CatalogueFilterForm(request.args)
    form.provider.choices = [SelectChoice("", "Any provider")] + [
        SelectChoice(str(o.id), o.name) for o in queries.providers()]
    filters = catalogue_filters(form)
    filters.include_retired = True
    now = utcnow()
    page = db.paginate(queries.catalogue_query(filters, now), per_page=25, error_out=False)
    ids = [c.id for c in page.items]
    return render_template("courses/manage_courses.html", form=form, page=page,
                           dates=queries.dates_for(ids, now), interest=queries.interest_counts(ids),
                           title="Manage the catalogue")


def _fill_course_form(form: CourseForm, course: Course | None = None) -> None:
    partners = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    form.provider_id.choices = [SelectChoice("", "Choose a provider")] + [
        SelectChoice(str(o.id), o.name) for o in partners]
    form.staff_groups.choices = [SelectChoice(g, g) for g in queries.staff_groups()]
    roles = db.session.scalars(select(JobRole).order_by(JobRole.name, JobRole.afc_band)).all()
    form.job_roles.choices = [SelectChoice(r.id, str(r)) for r in roles]
    subjects = db.session.scalars(select(Subject).order_by(Subject.framework, Subject.name,
                                                           Subject.level)).all()
    form.subjects.choices = [SelectChoice(s.id, f"{s.label}, {s.framework}") for s in subjects]
    linked = [c.id for c in course.required_courses] if course else []
    others = select(Course).where(or_(Course.retired_at.is_(None), Course.id.in_(linked))).order_by(Course.title)
    if course is not None:
        others = others.where(Course.id != course.id)
    form.required_courses.choices = [SelectChoice(c.id, f"{c.title} ({c.code})")
                                     for c in db.session.scalars(others)]


def _course_data(form: CourseForm) -> services.CourseData:
    return services.CourseData(
        code=form.code.data, title=form.title.data, summary=form.summary.data,
        description=form.description.data or "", category=Category(form.category.data),
        pillar=Pillar(form.pillar.data), delivery_mode=DeliveryMode(form.delivery_mode.data),
        duration_minutes=form.duration_minutes.data, cpd_hours=form.cpd_hours.data,
        provider_kind=ProviderKind(form.provider_kind.data),
        provider_id=int(form.provider_id.data) if (form.provider_id.data or "").isdigit() else None,
        provider_name=form.provider_name.data, cost_per_place=form.cost_per_place.data,
        prerequisites=form.prerequisites.data or "", needs_approval=form.needs_approval.data,
        staff_groups=form.staff_groups.data or [], job_role_ids=form.job_roles.data or [],
        subject_ids=form.subjects.data or [], required_course_ids=form.required_courses.data or [],
        competencies=getattr(form, "competency_pairs", []),
    )


@bp.route("/manage/courses/new", methods=["GET", "POST"])
@login_required
def course_new():
    require(permissions.can_manage_catalogue(current_user))
    form = CourseForm()
    _fill_course_form(form)
    if request.method == "GET":
        form.provider_kind.data = ProviderKind.PARTNER.value
        form.cost_per_place.data = 0
    if form.validate_on_submit():
        try:
            course = services.create_course(_course_data(form), current_user)
        except DomainError as error:
            refuse(error, form)
        else:
            db.session.commit()
            flash(f"{course.title} is in the catalogue. Now schedule its sessions.", "success")
            return redirect(url_for("courses.course", course_id=course.id))
    return render_template("courses/course_form.html", form=form, course=None, title="Add a course")


@bp.route("/manage/courses/<int:course_id>/edit", methods=["GET", "POST"])
@login_required
def course_edit(course_id: int):
    course = manageable_course(course_id)
    form = CourseForm(obj=course)
    _fill_course_form(form, course)
    if request.method == "GET":
        form.provider_id.data = str(course.provider_id or "")
        form.provider_kind.data = course.provider_kind.value
        form.category.data, form.pillar.data = course.category.value, course.pillar.value
        form.delivery_mode.data = course.delivery_mode.value
        form.staff_groups.data = [a.staff_group for a in course.audiences if a.staff_group]
        form.job_roles.data = [a.job_role_id for a in course.audiences if a.job_role_id]
        form.subjects.data = [s.id for s in course.subjects]
        form.required_courses.data = [c.id for c in course.required_courses]
        form.competencies.data = "\n".join(f"{c.competency_code}:{c.level}" for c in course.competencies)
    if form.validate_on_submit():
        try:
            services.update_course(course, _course_data(form), current_user)
        except DomainError as error:
            refuse(error, form)
        else:
            db.session.commit()
            flash("The course has been updated.", "success")
            return redirect(url_for("courses.course", course_id=course.id))
    return render_template("courses/course_form.html", form=form, course=course,
                           title=f"Edit {course.title}")


@bp.route("/manage/courses/<int:course_id>/retire", methods=["GET", "POST"])
@login_required
def course_retire(course_id: int):
    course = manageable_course(course_id)
    if request.method == "POST":
        try:
            services.retire_course(course, current_user)
        except DomainError as error:
            refuse(error)
        else:
            db.session.commit()
            flash(f"{course.title} is retired: it takes no new bookings.", "success")
        return redirect(url_for("courses_admin.courses"))
    sessions = queries.course_sessions(course.id, utcnow())
    return render_template("courses/course_retire.html", course=course, sessions=sessions,
                           title=f"Retire {course.title}")


# --- Sessions -----------------------------------------------------------------------------------

def _fill_session_form(form: SessionForm) -> None:
    sites = db.session.scalars(select(Site).options(joinedload(Site.organisation))
                               .order_by(Site.name)).all()
    form.site.choices = [SelectChoice("", "No site (online or elsewhere)")] + [
        SelectChoice(str(s.id), f"{s.name} ({s.organisation.short_name})") for s in sites]
    trainers = db.session.scalars(
        select(User).where(User.role_assignments.any(role=Role.TRAINER))
        .order_by(User.family_name, User.given_name)).all()
    form.trainers.choices = [SelectChoice(t.id, t.name) for t in trainers]


def _session_data(form: SessionForm) -> services.SessionData:
    closes = form.booking_closes_on.data
    return services.SessionData(
        starts_at=datetime.combine(form.starts_on.data, form.start_time.data),
        ends_at=datetime.combine(form.starts_on.data, form.end_time.data),
        capacity=form.capacity.data,
        booking_closes_at=datetime.combine(closes, datetime.max.time().replace(microsecond=0))
        if closes else None,
        site_id=int(form.site.data) if (form.site.data or "").isdigit() else None,
        location=form.location.data or "", online_url=form.online_url.data or None,
        trainer_ids=form.trainers.data or [],
    )


# The services name the session's times; the form asks for a date and two times.
SESSION_FIELDS = {"starts_at": "starts_on", "ends_at": "end_time"}


@bp.route("/manage/courses/<int:course_id>/sessions/new", methods=["GET", "POST"])
@login_required
def session_new(course_id: int):
    course = manageable_course(course_id)
    form = SessionForm()
    _fill_session_form(form)
    if form.validate_on_submit():
        try:
            session = services.schedule_session(course, _session_data(form), current_user)
        except DomainError as error:
            error.field = SESSION_FIELDS.get(error.field, error.field)
            refuse(error, form)
        else:
            db.session.commit()
            flash("The session is scheduled and open for booking.", "success")
            return redirect(url_for("courses.session", session_id=session.id))
    return render_template("courses/session_form.html", form=form, course=course, session=None,
                           title=f"Schedule a session of {course.title}")


@bp.route("/manage/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@login_required
def session_edit(session_id: int):
    session = manageable_session(session_id)
    form = SessionForm()
    _fill_session_form(form)
    if request.method == "GET":
        form.starts_on.data = session.starts_at.date()
        form.start_time.data, form.end_time.data = session.starts_at.time(), session.ends_at.time()
        form.capacity.data = session.capacity
        form.booking_closes_on.data = session.booking_closes_at.date()
        form.site.data = str(session.site_id or "")
        form.location.data, form.online_url.data = session.location, session.online_url
        form.trainers.data = [t.id for t in session.trainers]
    if form.validate_on_submit():
        data = _session_data(form)
        if form.booking_closes_on.data == session.booking_closes_at.date():
            data.booking_closes_at = session.booking_closes_at  # the day unchanged: keep the time
        try:
            told = services.update_session(session, data, current_user)
        except DomainError as error:
            error.field = SESSION_FIELDS.get(error.field, error.field)
            refuse(error, form)
        else:
            db.session.commit()
            flash("The session is changed." + (
                f" {told} {'person has' if told == 1 else 'people have'} been told." if told else ""),
                "success")
            return redirect(url_for("courses.session", session_id=session.id))
    return render_template("courses/session_form.html", form=form, course=session.course, session=session,
                           title=f"Change the session of {session.course.title}")


@bp.route("/manage/sessions/<int:session_id>/clone", methods=["GET", "POST"])
@login_required
def session_clone(session_id: int):
    session = manageable_session(session_id)
    form = CloneSessionForm()
    if request.method == "GET":
        form.start_time.data = session.starts_at.time()
    if form.validate_on_submit():
        try:
            clone = services.clone_session(
                session, datetime.combine(form.starts_on.data, form.start_time.data), current_user)
        except DomainError as error:
            error.field = "starts_on" if error.field in ("starts_at", "ends_at") else error.field
            refuse(error, form)
        else:
            db.session.commit()
            flash("The copy is scheduled with the same room, places, trainers and quotas.",
                  "success")
            return redirect(url_for("courses.session", session_id=clone.id))
    return render_template("courses/session_clone.html", form=form, session=session,
                           title="Copy this session to a new date")


@bp.route("/manage/sessions/<int:session_id>/cancel", methods=["GET", "POST"])
@login_required
def session_cancel(session_id: int):
    session = manageable_session(session_id)
    form = CancelSessionForm()
    if form.validate_on_submit():
        try:
            told = services.cancel_session(session, current_user, form.reason.data)
        except DomainError as error:
            refuse(error, form)
        else:
            db.session.commit()
            flash(f"The session is cancelled and {told} "
                  f"{'person has' if told == 1 else 'people have'} been told.", "success")
            return redirect(url_for("courses.course", course_id=session.course_id))
    return render_template("courses/session_cancel.html", form=form, session=session,
                           roster=queries.roster(session.id), title="Cancel this session")


@bp.route("/manage/sessions/<int:session_id>/quotas", methods=["GET", "POST"])
@login_required
def session_quotas(session_id: int):
    session = manageable_session(session_id)
    form = QuotaForm()
    partners = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    form.organisation.choices = [SelectChoice(o.id, o.name) for o in partners]
    if form.validate_on_submit():
        organisation = db.session.get(Organisation, form.organisation.data) or abort(404)
        try:
            services.set_quota(session, organisation, form.places.data, form.released_on.data,
                               current_user)
        except DomainError as error:
            refuse(error, form)
        else:
            db.session.commit()
            flash("The places held for partners have been updated.", "success")
            return redirect(url_for("courses_admin.session_quotas", session_id=session.id))
    return render_template("courses/session_quotas.html", form=form, session=session,
                           places=services.places_of(session, today()),
                           title="Places held for partners")


# --- Subjects and requirements ------------------------------------------------------------------

def _fill_requirement_form(form: RequirementForm) -> None:
    subjects = db.session.scalars(select(Subject).order_by(Subject.framework, Subject.name,
                                                           Subject.level)).all()
    form.subject.choices = [SelectChoice(s.id, f"{s.label}, {s.framework}") for s in subjects]
    roles = db.session.scalars(select(JobRole).order_by(JobRole.name, JobRole.afc_band)).all()
    form.job_role.choices = [SelectChoice("", "Choose a job role")] + [
        SelectChoice(str(r.id), str(r)) for r in roles]
    form.staff_group.choices = [SelectChoice("", "Choose a staff group")] + [
        SelectChoice(g, g) for g in queries.staff_groups()]


@bp.get("/manage/subjects")
@login_required
def subjects():
    require(permissions.can_manage_frameworks(current_user))
    form = RequirementForm()
    _fill_requirement_form(form)
    return render_template("courses/subjects.html", subjects=compliance_queries.subjects_with_requirements(),
                           form=form, title="Mandatory subjects and requirements")


@bp.post("/manage/requirements")
@login_required
def requirement_add():
    require(permissions.can_manage_frameworks(current_user))
    form = RequirementForm()
    _fill_requirement_form(form)
    if form.validate_on_submit():
        subject = db.session.get(Subject, form.subject.data) or abort(404)
        job_role = (db.session.get(JobRole, int(form.job_role.data))
                    if (form.job_role.data or "").isdigit() else None)
        try:
            services.add_requirement(subject, current_user, job_role=job_role,
                                     staff_group=form.staff_group.data or None)
        except DomainError as error:
            refuse(error, form)
        else:
            db.session.commit()
            flash(f"{subject.label} is now required.", "success")
            return redirect(url_for("courses_admin.subjects"))
    return render_template("courses/subjects.html", subjects=compliance_queries.subjects_with_requirements(),
                           form=form, title="Mandatory subjects and requirements")


@bp.route("/manage/requirements/<int:training_requirement_id>/remove", methods=["GET", "POST"])
@login_required
def requirement_remove(training_requirement_id: int):
    require(permissions.can_manage_frameworks(current_user))
    requirement = db.session.get(Requirement, training_requirement_id) or abort(404)
    if request.method == "POST":
        services.remove_requirement(requirement, current_user)
        db.session.commit()
        flash("The requirement has been removed.", "success")
        return redirect(url_for("courses_admin.subjects"))
    return render_template("courses/requirement_remove.html", requirement=requirement,
                           title="Remove this requirement")


@bp.route("/manage/subjects/<int:training_subject_id>", methods=["GET", "POST"])
@login_required
def subject_edit(training_subject_id: int):
    require(permissions.can_manage_frameworks(current_user))
    subject = db.session.get(Subject, training_subject_id) or abort(404)
    form = RenewalForm(obj=subject)
    if form.validate_on_submit():
        try:
            changed = services.set_renewal_period(subject, form.renewal_months.data, current_user)
        except DomainError as error:
            refuse(error, form)
        else:
            db.session.commit()
            flash(f"{subject.label}: renewal is now {subject.renewal_label.lower()}; "
                  f"{changed} expiry dates were recalculated.", "success")
            return redirect(url_for("courses_admin.subjects"))
    return render_template("courses/subject_edit.html", form=form, subject=subject,
                           title=f"Renewal period: {subject.label}")


# --- Compliance by organisation -----------------------------------------------------------------

def _report_rows():
    require(permissions.can_view_compliance_report(current_user))
    scope = permissions.lead_scope(current_user)
    form = ComplianceFilterForm(request.args)
    organisations = scoped_organisations()
    form.organisation.choices = [SelectChoice("", "Every organisation you oversee")] + [
        SelectChoice(str(o.id), o.name) for o in organisations]
    subjects = db.session.scalars(select(Subject).order_by(Subject.name, Subject.level)).all()
    form.subject.choices = [SelectChoice("", "Every subject")] + [
        SelectChoice(str(s.id), s.label) for s in subjects]
    form.validate()
    chosen = int(form.organisation.data) if (form.organisation.data or "").isdigit() else None
    if chosen is not None and scope is not None and chosen not in scope:
        chosen = None
    organisation_ids = {chosen} if chosen else scope
    subject_id = int(form.subject.data) if (form.subject.data or "").isdigit() else None
    rows = compliance_queries.compliance_report(organisation_ids, today(), subject_id=subject_id)
    return form, rows


@bp.get("/compliance")
@login_required
def compliance():
    form, rows = _report_rows()
    return render_template("courses/compliance.html", form=form, rows=rows,
                           due_days=rules.DUE_WITHIN_DAYS,
                           title="Mandatory training compliance")


@bp.get("/compliance.<any(csv, xlsx):compliance_format>")
@login_required
def compliance_export(compliance_format: str):
    _, rows = _report_rows()
    header = ["Subject", "Organisation", "Required", "Compliant", "Due within 60 days",
              "Expired", "Never done", "Per cent compliant"]
    data = [[r.subject, r.organisation, r.required, r.compliant, r.due, r.expired, r.never_done,
             r.percent] for r in rows]
    return export_response(compliance_format, f"compliance-{today():%Y-%m-%d}", header, data,
                           sheet_title="Compliance")


# --- Import -------------------------------------------------------------------------------------

@bp.route("/manage/import", methods=["GET", "POST"])
@login_required
def import_records():
    require(permissions.can_manage_catalogue(current_user))
    form = ImportForm()
    organisations = scoped_organisations()
    form.organisation.choices = [SelectChoice(o.id, o.name) for o in organisations]
    problems: list[tuple[int, str]] = []
    if form.validate_on_submit():
        organisation = db.session.get(Organisation, form.organisation.data) or abort(404)
        require(permissions.can_import_records(current_user, organisation.id))
        upload = form.file.data
        try:
            batch = import_training_records(organisation, upload.filename or "upload.csv",
                                            upload.read(), current_user, today())
        except ImportRejected as rejected:
            db.session.rollback()
            problems = rejected.errors
            form.file.errors = [rejected.message]
        else:
            db.session.commit()
            flash(f"Imported {batch.rows} rows: {batch.created} new training records. "
                  "Records already held were not added twice.", "success")
            return redirect(url_for("courses_admin.import_records"))
    scope = permissions.lead_scope(current_user)
    return render_template("courses/import.html", form=form, problems=problems,
                           imports=recent_imports(scope), title="Import training records")
