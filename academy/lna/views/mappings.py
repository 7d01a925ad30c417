"""Competencies asked once: the list of competencies of different frameworks that are the same,
searched, added to and removed from by partnership learning leads."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from academy.extensions import db
from academy.lna import listings, permissions
from academy.lna.forms import MappingFilterForm, MappingForm
from academy.lna.models import CompetencyMapping
from academy.lna.services import mappings as services
from academy.lna.views import bp
from academy.web import as_int, load_or_404, perform, require, submit


@bp.get("/mappings")
@login_required
def mappings():
    require(permissions.can_use_lna_admin(current_user))
    form = MappingFilterForm(request.args)
    form.validate()
    q = (form.q.data or "").strip() if not form.q.errors else ""
    page = db.paginate(listings.competency_mappings_query(q),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("lna/mappings.html", form=form, page=page, q=q,
                           title="Competencies asked once")


@bp.route("/mappings/new", methods=["GET", "POST"])
@login_required
def mapping_new():
    require(permissions.can_manage_competency_mappings(current_user))
    form = MappingForm()
    form.set_choices(listings.competency_choices())
    if response := submit(
            form, lambda: services.add_mapping(as_int(form.competency_id.data),
                                               as_int(form.same_as_id.data), actor=current_user),
            then=url_for("lna.mappings"),
            success=lambda row: f"{row.pair[0]} and {row.pair[1]} are now asked once."):
        return response
    return render_template("lna/mapping_form.html", form=form,
                           title="Add competencies asked once"), (400 if form.errors else 200)


@bp.route("/mappings/<int:mapping_id>/remove", methods=["GET", "POST"])
@login_required
def mapping_remove(mapping_id: int):
    row = load_or_404(CompetencyMapping, mapping_id,
                      lambda user, _: permissions.can_manage_competency_mappings(user))
    first, second = row.pair
    names = f"{first} and {second}"
    if request.method == "POST" and perform(
            lambda: services.remove_mapping(row, actor=current_user),
            success=f"{names} will be asked separately in self-assessments started from now."):
        return redirect(url_for("lna.mappings"))
    return render_template("lna/mapping_remove.html", mapping=row,
                           title=f"Ask {first.code} and {second.code} separately")
