"""Learning leads manage the catalogue: the list of courses, adding, changing and retiring one."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import or_, select
from wtforms import SelectChoice

from academy.courses import permissions, queries, services
from academy.courses.forms import CourseForm
from academy.courses.models import Category, Course, DeliveryMode, Pillar, ProviderKind, Subject
from academy.courses.views import admin_bp
from academy.courses.views.common import catalogue_filters, catalogue_form, get_course
from academy.extensions import db
from academy.people.models import JobRole, Organisation
from academy.timekeeping import utcnow
from academy.web import as_int, perform, require, submit


@admin_bp.get("/manage/courses")
@login_required
def courses():
    require(permissions.can_manage_catalogue(current_user))
    form = catalogue_form()
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
        provider_id=as_int(form.provider_id.data),
        provider_name=form.provider_name.data, cost_per_place=form.cost_per_place.data,
        prerequisites=form.prerequisites.data or "", needs_approval=form.needs_approval.data,
        staff_groups=form.staff_groups.data or [], job_role_ids=form.job_roles.data or [],
        subject_ids=form.subjects.data or [], required_course_ids=form.required_courses.data or [],
        competencies=getattr(form, "competency_pairs", []),
    )


@admin_bp.route("/manage/courses/new", methods=["GET", "POST"])
@login_required
def course_new():
    require(permissions.can_manage_catalogue(current_user))
    form = CourseForm()
    _fill_course_form(form)
    if request.method == "GET":
        form.provider_kind.data = ProviderKind.PARTNER.value
        form.cost_per_place.data = 0
    if response := submit(
        form, lambda: services.create_course(_course_data(form), current_user),
        then=lambda course: url_for("courses.course", course_id=course.id),
        success=lambda course: f"{course.title} is in the catalogue. Now schedule its sessions.",
    ):
        return response
    return render_template("courses/course_form.html", form=form, course=None, title="Add a course")


@admin_bp.route("/manage/courses/<int:course_id>/edit", methods=["GET", "POST"])
@login_required
def course_edit(course_id: int):
    course = get_course(course_id, permissions.can_manage_course)
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
    if response := submit(
        form, lambda: services.update_course(course, _course_data(form), current_user),
        then=url_for("courses.course", course_id=course.id),
        success="The course has been updated.",
    ):
        return response
    return render_template("courses/course_form.html", form=form, course=course,
                           title=f"Edit {course.title}")


@admin_bp.route("/manage/courses/<int:course_id>/retire", methods=["GET", "POST"])
@login_required
def course_retire(course_id: int):
    course = get_course(course_id, permissions.can_manage_course)
    if request.method == "POST":
        perform(lambda: services.retire_course(course, current_user),
                success=f"{course.title} is retired: it takes no new bookings.")
        return redirect(url_for("courses_admin.courses"))
    sessions = queries.course_sessions(course.id, utcnow())
    return render_template("courses/course_retire.html", course=course, sessions=sessions,
                           title=f"Retire {course.title}")
