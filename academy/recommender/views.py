"""Dismissing a suggestion."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user, login_required

from academy.courses.models import Course
from academy.extensions import db
from academy.people.views import safe_next
from academy.recommender import services

bp = Blueprint("recommender", __name__)


@bp.post("/suggestions/<int:course_id>/dismiss")
@login_required
def dismiss(course_id: int):
    course = db.session.get(Course, course_id) or abort(404)
    services.dismiss(current_user, course, actor=current_user)
    db.session.commit()
    flash(f"We will not suggest {course.title} again.", "success")
    return redirect(safe_next(request.form.get("next")) if request.form.get("next") else url_for("pathways.my_pathway"))
