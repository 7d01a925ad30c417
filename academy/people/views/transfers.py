"""The receiving administrators' page of people asked to move into their organisation."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from academy.extensions import db
from academy.people import permissions, transfers
from academy.people.forms import AcceptTransferForm, DeclineTransferForm
from academy.people.models import Team
from academy.people.transfers import TransferRequest
from academy.people.views import bp
from academy.web import load_or_404, perform, require


def get_transfer(transfer_id: int) -> TransferRequest:
    """Load a move (404) that the current user may decide (403)."""
    return load_or_404(TransferRequest, transfer_id,
                       lambda user, t: permissions.can_decide_transfers(user, t.to_organisation_id))


def _accept_form(transfer: TransferRequest, **kwargs) -> AcceptTransferForm:
    form = AcceptTransferForm(prefix=f"t{transfer.id}", **kwargs)
    form.team.choices = [SelectChoice(0, "No team yet")] + [
        SelectChoice(t.id, t.name) for t in transfers.teams_of(transfer.to_organisation_id)
    ]
    if not form.is_submitted():
        form.team.data = transfer.team_id or 0
    return form


@bp.get("/people/transfers")
@login_required
def transfers_list():
    require(permissions.can_view_transfers(current_user))
    page = db.paginate(transfers.pending_query(current_user),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    rows = [(transfer, _accept_form(transfer, formdata=None)) for transfer in page.items]
    return render_template("people/transfers.html", page=page, rows=rows,
                           title="People moving into your organisation")


@bp.post("/people/transfers/<int:transfer_id>/accept")
@login_required
def accept_transfer(transfer_id: int):
    transfer = get_transfer(transfer_id)
    form = _accept_form(transfer)
    if form.validate_on_submit():
        team = db.session.get(Team, form.team.data) if form.team.data else None
        person = transfer.person
        perform(lambda: transfers.accept_transfer(transfer, team=team, actor=current_user),
                form=form,
                success=f"{person.name} now works for {transfer.to_organisation.name}.")
    return redirect(url_for("people.transfers_list"))


@bp.route("/people/transfers/<int:transfer_id>/decline", methods=["GET", "POST"])
@login_required
def decline_transfer(transfer_id: int):
    transfer = get_transfer(transfer_id)
    form = DeclineTransferForm()
    if request.method == "POST" and form.validate():
        perform(lambda: transfers.decline_transfer(transfer, note=form.reason.data or "",
                                                   actor=current_user),
                form=form, success=f"The move of {transfer.person.name} has been declined.")
        return redirect(url_for("people.transfers_list"))
    return render_template("people/decline_transfer.html", form=form, transfer=transfer,
                           title="Decline a move")
