"""Career pathways for everyone: browse them, see where you stand, choose or clear a target."""

from __future__ import annotations

from flask import redirect, request, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from academy.recommender.serving import suggestions_for
from academy.talent.pathways import queries, rules, services
from academy.talent.pathways.forms import TargetForm
from academy.talent.pathways.views import bp
from academy.talent.pathways.views.common import get_pathway, render
from academy.web import found_or_404, perform, submit


def standing_for(pathway, person, target_role_id=None) -> rules.Standing:
    return rules.standing(queries.rule_steps(pathway), person.job_role_id, target_role_id,
                          queries.achieved(person.id))


@bp.get("/pathways")
@login_required
def index():
    q = request.args.get("q", "").strip()[:100]
    return render("index.html", pathways=queries.pathways(q), q=q,
                  target=queries.target_of(current_user.id), title="Career pathways")


@bp.get("/pathways/<int:pathway_id>")
@login_required
def detail(pathway_id: int):
    pathway = get_pathway(pathway_id)
    target = queries.target_of(current_user.id)
    target_role = target.job_role_id if target and target.pathway_id == pathway.id else None
    form = _target_form(pathway, target_role)
    return render("detail.html", pathway=pathway, form=form,
                  standing=standing_for(pathway, current_user, target_role), title=pathway.name)


def _target_form(pathway, selected=None) -> TargetForm:
    form = TargetForm()
    form.job_role.choices = [SelectChoice(s.job_role_id, str(s.job_role)) for s in pathway.steps
                             if s.job_role_id != current_user.job_role_id]
    if selected and not form.is_submitted():
        form.job_role.data = selected
    return form


@bp.post("/pathways/<int:pathway_id>/target")
@login_required
def set_target(pathway_id: int):
    pathway = get_pathway(pathway_id)
    form = _target_form(pathway)
    if response := submit(
        form,
        lambda: services.set_target(current_user, pathway, form.job_role.data, actor=current_user),
        then=url_for("pathways.my_pathway"),
        success="Your target role is set. Here is your pathway to it.",
    ):
        return response
    return render("detail.html", pathway=pathway, form=form,
                  standing=standing_for(pathway, current_user), title=pathway.name), 400


@bp.get("/my-pathway")
@login_required
def my_pathway():
    target = queries.target_of(current_user.id)
    standing = None
    if target is not None:
        standing = standing_for(queries.pathway(target.pathway_id), current_user, target.job_role_id)
    courses_to_take = len(rules.target_items(standing)) if standing else 0
    return render("my_pathway.html", target=target, standing=standing,
                  courses_to_take=courses_to_take,
                  still_to_do=len(rules.to_do(standing)) if standing else 0,
                  suggestions=suggestions_for(current_user, k=6), title="My pathway")


@bp.route("/my-pathway/clear", methods=["GET", "POST"])
@login_required
def clear_target():
    target = found_or_404(queries.target_of(current_user.id))
    if request.method == "POST":
        perform(lambda: services.clear_target(current_user, actor=current_user),
                success="Your target role has been cleared.")
        return redirect(url_for("pathways.index"))
    return render("clear_target.html", target=target, title="Clear your target role")
