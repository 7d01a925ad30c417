"""Trainers' pages: their sessions and the register they mark."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from academy.courses import permissions, queries, services
from academy.courses.forms import register_form_class
from academy.courses.views import bp
from academy.courses.views.common import get_session
from academy.timekeeping import utcnow
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
