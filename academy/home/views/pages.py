"""Each person's home page: what they need to do now, by the roles they hold."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required

from academy.home.panels import panels_for
from academy.home.views import bp
from academy.privacy import retention
from academy.recommender.serving import suggestions_for


@bp.get("/")
@login_required
def index():
    return render_template("home/index.html", panels=panels_for(current_user),
                           suggestions=suggestions_for(current_user, k=3), title="Home")


@bp.get("/accessibility")
def accessibility():
    return render_template("home/accessibility.html", title="Accessibility statement")


@bp.get("/privacy")
def privacy():
    return render_template("home/privacy.html", schedule=retention.schedule(), title="Privacy")
