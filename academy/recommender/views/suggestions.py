"""Dismissing a suggestion."""

from __future__ import annotations

from flask import redirect, request, url_for
from flask_login import current_user, login_required

from academy.courses.models import Course
from academy.recommender import services
from academy.recommender.views import bp
from academy.web import load_or_404, perform, safe_next


@bp.post("/suggestions/<int:course_id>/dismiss")
@login_required
def dismiss(course_id: int):
    course = load_or_404(Course, course_id)
    perform(lambda: services.dismiss(current_user, course, actor=current_user),
            success=f"We will not suggest {course.title} again.")
    return redirect(safe_next(request.form.get("next"), url_for("pathways.my_pathway")))
