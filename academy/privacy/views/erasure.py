"""Erasure: a person's request, the administrators' queue, and the decision."""

from __future__ import annotations

from flask import current_app, render_template, request, url_for
from flask_login import current_user, login_required

from academy.extensions import db
from academy.privacy import permissions, queries, retention, services
from academy.privacy.forms import ErasureDecisionForm, ErasureRequestForm
from academy.privacy.models import ErasureRequest, ErasureStatus
from academy.privacy.views import bp
from academy.web import load_or_404, require, submit


@bp.route("/me/data/erasure", methods=["GET", "POST"])
@login_required
def request_erasure():
    form = ErasureRequestForm()
    done = submit(form, lambda: services.request_erasure(current_user, form.reason.data,
                                                         actor=current_user),
                  then=url_for("privacy.your_data"),
                  success="Your request has been sent to your organisation's administrators.")
    return done or render_template("privacy/request_erasure.html", form=form,
                                   kept=retention.rule("training_records"),
                                   title="Ask for your data to be erased")


@bp.get("/privacy/erasure-requests")
@login_required
def erasure_requests():
    require(permissions.can_list_erasure_requests(current_user))
    status = request.args.get("status", ErasureStatus.PENDING.value)
    name = request.args.get("q", "").strip()
    page = db.paginate(queries.erasure_queue(current_user, status=status, name=name),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("privacy/erasure_requests.html", page=page, status=status, q=name,
                           statuses=ErasureStatus, title="Requests to erase data")


@bp.route("/privacy/erasure-requests/<int:request_id>", methods=["GET", "POST"])
@login_required
def erasure_request(request_id: int):
    erasure = load_or_404(ErasureRequest, request_id, permissions.can_decide_erasure)
    form = ErasureDecisionForm()
    done = erasure.is_pending and submit(
        form, lambda: services.decide_erasure(
            erasure, grant=form.decision.data == "grant", reason=form.decision_reason.data,
            confirmed=form.confirm.data, actor=current_user),
        then=url_for("privacy.erasure_requests"),
        success=lambda decided: f"{decided.person.name}'s request was {decided.status.label.lower()}; they have been told.")
    return done or render_template("privacy/erasure_request.html", form=form, erasure=erasure,
                                   schedule=retention.schedule(),
                                   title=f"Request from {erasure.person.name}")
