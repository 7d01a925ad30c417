"""Trainers' pages: their sessions, the register they mark, and correcting a completion given
there."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from academy.courses import permissions, queries, services
from academy.courses.forms import CorrectCompletionForm, register_form_class
from academy.courses.views import bp
from academy.courses.views.common import get_enrolment, get_session
from academy.timekeeping import today, utcnow
from academy.web import require, submit


@bp.get("/trainer/sessions")
@login_required
def trainer_sessions():
    require(permissions.is_trainer(current_user))
    upcoming, recent = queries.trainer_sessions(current_user.id, utcnow())
    return render_template("courses/trainer_sessions.html", upcoming=upcoming, recent=recent,
                           title="Your sessions")


@bp.route("/sessions/<int:session_id>/register", methods=["GET", "POST"])
@login_required
def register(session_id: int):
    session = get_session(session_id, permissions.can_mark_register)
    now = utcnow()
    everyone = queries.roster(session.id)
    markable = [e for e in everyone if e.status in services.MARKABLE]
    done = [e for e in everyone if e.is_completed]
    here = url_for("courses.register", session_id=session.id)
    if request.method == "POST" and not markable:
        flash("There is nobody left to mark on this register.", "info")
        return redirect(here)
    form = register_form_class(markable)()
    if response := submit(
        form, lambda: services.mark_register(
            session, {e.id: form[f"mark_{e.id}"].data for e in markable}, current_user, now=now),
        then=here,
        success=lambda counts: f"Register saved: {counts['completed']} completed, "
                               f"{counts['attended']} attended without completing, "
                               f"{counts['no_show']} did not attend.",
    ):
        return response
    return render_template("courses/register.html", form=form, session=session, markable=markable,
                           done=done, started=now >= session.starts_at,
                           title=f"Register: {session.course.title}")


@bp.route("/completions/<int:enrolment_id>/correct", methods=["GET", "POST"])
@login_required
def correct_completion(enrolment_id: int):
    enrolment = get_enrolment(enrolment_id, permissions.can_correct_completion)
    session = enrolment.session
    form = CorrectCompletionForm()
    if not form.is_submitted():
        form.completed_on.data = enrolment.completed_on

    def correct() -> str:
        if form.change.data == "withdraw":
            services.withdraw_completion(enrolment, reason=form.reason.data, actor=current_user,
                                         now=utcnow())
            return f"{enrolment.user.name}'s completion is withdrawn and its certificate cancelled."
        services.correct_completion_date(enrolment, completed_on=form.completed_on.data,
                                         reason=form.reason.data, actor=current_user,
                                         today=today())
        return f"{enrolment.user.name}'s completion date is corrected."

    if response := submit(form, correct, then=url_for("courses.register", session_id=session.id),
                          success=lambda message: message):
        return response
    return render_template("courses/correct_completion.html", form=form, enrolment=enrolment,
                           session=session, title=f"Correct {enrolment.user.name}'s completion")
