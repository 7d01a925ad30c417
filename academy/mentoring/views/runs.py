"""The coordinators' matching pages: run, review each pair's reasons and runners-up, lock and
forbid, re-run for the rest, publish."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from academy.extensions import db
from academy.mentoring import evaluation, queries
from academy.mentoring.forms import DecisionForm, ProposalFilterForm
from academy.mentoring.models import (
    UNMATCHED_REASONS,
    DecisionKind,
    MentoringApplication,
    PairDecision,
)
from academy.mentoring.services import decisions
from academy.mentoring.views import bp
from academy.mentoring.views.common import get_cohort, get_proposal, get_run, known_format
from academy.mentoring.vocabulary import FACTOR_LABELS, FACTORS
from academy.reports.exports import FORMATS, export_response
from academy.web import load_or_404, perform, safe_next


@bp.post("/cohorts/<int:cohort_id>/runs")
@login_required
def run_matching(cohort_id: int):
    cohort = get_cohort(cohort_id)
    # The solver brings NumPy, SciPy and scikit-learn: they load with the first matching run,
    # not with every web worker.
    from academy.mentoring.services import matchmaking

    done = perform(lambda: matchmaking.run_matching(cohort, actor=current_user),
                   success=lambda run: f"Matching ran in {run.seconds:.2f} seconds: "
                                       f"{run.figures['pairs']} pairs proposed.")
    if done is None:
        return redirect(url_for("mentoring.cohort", cohort_id=cohort.id))
    return redirect(url_for("mentoring.run", run_id=done.result.id))


def _current_decisions(cohort_id: int) -> dict[tuple[int, int], PairDecision]:
    return {(d.partner_application_id, d.leader_application_id): d
            for d in queries.decisions(cohort_id)}


@bp.get("/runs/<int:run_id>")
@login_required
def run(run_id: int):
    run = get_run(run_id)
    cohort = run.cohort
    form = ProposalFilterForm(request.args)
    form.validate()
    page = db.paginate(queries.proposals_query(run.id, q=form.q.data or "", locked_only=bool(form.locked.data)),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    unmatched_apps = queries.applications_by_id(u["application_id"] for u in run.unmatched)
    latest = queries.latest_run(cohort.id)
    threshold = current_app.config["SUPPRESSION_THRESHOLD"]
    groups = [
        {**g, "figure": evaluation.figure(g["matched"], g["applicants"], threshold)}
        for g in run.figures.get("groups", [])
    ]
    return render_template(
        "mentoring/run.html", run=run, cohort=cohort, programme=cohort.programme, page=page,
        form=form, figures=run.figures, groups=groups, unmatched_apps=unmatched_apps,
        decisions=_current_decisions(cohort.id), is_latest=latest is not None and latest.id == run.id,
        unmatched_reasons=UNMATCHED_REASONS, formats=FORMATS, threshold=threshold,
        title=f"Matching run: {cohort.name}",
    )


@bp.get("/runs/<int:run_id>/pairs.<export_format>")
@login_required
def run_export(run_id: int, export_format: str):
    run = get_run(run_id)
    known_format(export_format)
    programme = run.cohort.programme
    proposals = db.session.scalars(queries.proposals_query(run.id)).unique().all()
    header = [programme.partner_label, "E-mail", "Employer", programme.leader_label, "E-mail",
              "Employer", "Score", "Out of", "Locked", *[FACTOR_LABELS[f] for f in FACTORS],
              FACTOR_LABELS["priority"]]
    body = []
    for p in proposals:
        points = {r["factor"]: r["points"] for r in p.reasons}
        partner, leader = p.partner_application.user, p.leader_application.user
        body.append([partner.name, partner.email, partner.employer.name, leader.name, leader.email,
                     leader.employer.name, p.score, run.figures.get("max_score"),
                     "yes" if p.is_locked else "", *[points.get(f, 0) for f in FACTORS],
                     points.get("priority", 0)])
    return export_response(export_format, f"matching-run-{run.id}", header, body, "Proposed pairs")


@bp.get("/proposals/<int:proposal_id>")
@login_required
def proposal(proposal_id: int):
    proposal = get_proposal(proposal_id)
    run = proposal.run
    people = queries.applications_by_id(
        [proposal.partner_application_id, proposal.leader_application_id]
        + [a["application_id"] for a in proposal.alternatives])
    latest = queries.latest_run(run.cohort_id)
    decisions = _current_decisions(run.cohort_id)
    return render_template(
        "mentoring/proposal.html", proposal=proposal, run=run, cohort=run.cohort,
        programme=run.cohort.programme, people=people, decisions=decisions,
        partner_app=people[proposal.partner_application_id],
        leader_app=people[proposal.leader_application_id],
        decision=decisions.get((proposal.partner_application_id, proposal.leader_application_id)),
        can_decide=latest is not None and latest.id == run.id and run.published_at is None,
        title="Why this pair",
    )


def _decided(kind: DecisionKind, partner: MentoringApplication, leader: MentoringApplication) -> str:
    verb = ("locked: it stays through re-runs" if kind == DecisionKind.LOCKED
            else "forbidden: it will not be proposed again")
    return f"{partner.user.name} and {leader.user.name} are {verb}. Run matching again for the rest."


@bp.post("/cohorts/<int:cohort_id>/decisions")
@login_required
def decision_new(cohort_id: int):
    cohort = get_cohort(cohort_id)
    form = DecisionForm()
    back = safe_next(form.back.data, url_for("mentoring.cohort", cohort_id=cohort.id))
    if not form.validate_on_submit() or form.kind.data not in {k.value for k in DecisionKind}:
        flash("Choose a pair to lock or forbid.", "error")
        return redirect(back)
    kind = DecisionKind(form.kind.data)
    partner = load_or_404(MentoringApplication, form.partner_application_id.data)
    leader = load_or_404(MentoringApplication, form.leader_application_id.data)
    if kind == DecisionKind.LOCKED:
        # Locking checks the hard rules with the solver's NumPy: see run_matching.
        from academy.mentoring.services import matchmaking

        decide = matchmaking.lock_pair
    else:
        decide = decisions.forbid_pair
    perform(lambda: decide(cohort, partner, leader, actor=current_user, note=form.note.data or ""),
            success=_decided(kind, partner, leader))
    return redirect(back)


@bp.post("/decisions/<int:decision_id>/remove")
@login_required
def decision_remove(decision_id: int):
    decision = load_or_404(PairDecision, decision_id)
    cohort = get_cohort(decision.cohort_id)
    back = safe_next(request.form.get("back"), url_for("mentoring.cohort", cohort_id=cohort.id))
    perform(lambda: decisions.remove_decision(decision, actor=current_user),
            success="The pair is unlocked." if decision.is_locked else "The pair is allowed again.")
    return redirect(back)


@bp.route("/runs/<int:run_id>/publish", methods=["GET", "POST"])
@login_required
def run_publish(run_id: int):
    run = get_run(run_id)
    if request.method == "POST":
        if perform(lambda: decisions.publish_run(run, actor=current_user),
                   success=lambda partnerships: f"{len(partnerships)} pairs published: both "
                                                "partners of each pair have been told.") is None:
            return redirect(url_for("mentoring.run", run_id=run.id))
        return redirect(url_for("mentoring.partnerships", cohort_id=run.cohort_id))
    return render_template("mentoring/publish.html", run=run, cohort=run.cohort,
                           programme=run.cohort.programme, title="Publish the pairs")
