"""New starters' inductions: the learner's dashboard, evidence, sign-off, managers and assessors."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_required
from wtforms import SelectChoice

from academy.audit.services import record
from academy.errors import DomainError, show_refusal
from academy.extensions import db
from academy.induction import openbadges, permissions, queries, rules, uploads
from academy.induction.forms import (
    AskForSignOffForm,
    AssessorForm,
    EvidenceForm,
    ReviewForm,
    StartersFilterForm,
    StartForm,
)
from academy.induction.models import KnowledgeShown, ReviewDecision
from academy.induction.services import badges as badge_services
from academy.induction.services import courses as course_services
from academy.induction.services import inductions as services
from academy.people.models import User
from academy.reports.pdf import render_pdf
from academy.timekeeping import today, utcnow

bp = Blueprint("induction", __name__)


def get_induction(induction_id: int):
    induction = queries.load_induction(induction_id) or abort(404)
    if not permissions.can_view_induction(current_user, induction):
        abort(403)
    return induction


def get_item(item_id: int):
    item = queries.load_item(item_id) or abort(404)
    if not permissions.can_view_induction(current_user, item.induction):
        abort(403)
    return item


@bp.get("/induction")
@login_required
def dashboard():
    inductions = queries.inductions_of(current_user.id)
    current = queries.current_induction(inductions)
    induction = queries.load_induction(current.id) if current else None
    steps = []
    if induction is not None:
        by_id = {item.id: item for item in induction.items}
        steps = [by_id[s.item_id] for s in rules.next_steps(queries.steps(induction), today())]
    return render_template(
        "induction/dashboard.html", induction=induction, inductions=inductions, steps=steps,
        today=today(), waiting=queries.waiting_for(current_user) if permissions.can_assess(current_user) else 0,
        title="Your induction",
    )


@bp.post("/induction/<int:induction_id>/courses")
@login_required
def check_courses(induction_id: int):
    induction = get_induction(induction_id)
    if not permissions.can_check_courses(current_user, induction):
        abort(403)
    done = course_services.complete_by_courses(induction, actor=current_user, today=today())
    db.session.commit()
    flash(f"{done} item{'s' if done != 1 else ''} done through courses you completed." if done
          else "No completed courses were found for your open items yet.", "success" if done else "info")
    return redirect(url_for("induction.dashboard"))


@bp.get("/induction/<int:induction_id>")
@login_required
def induction(induction_id: int):
    induction = get_induction(induction_id)
    form = None
    if permissions.can_assign_assessors(current_user, induction):
        form = _assessor_form(induction)
    return render_template("induction/induction.html", induction=induction, today=today(),
                           assessor_form=form, title=f"Induction: {induction.user.name}")


def _assessor_form(induction) -> AssessorForm:
    form = AssessorForm()
    assigned = {a.id for a in induction.assessors}
    form.assessor.choices = [SelectChoice("", "Choose an assessor")] + [
        SelectChoice(a.id, f"{a.name} ({a.employer.short_name})")
        for a in queries.assessors_for(induction.organisation_id)
        if a.id not in assigned and a.id != induction.user_id
    ]
    return form


@bp.post("/induction/<int:induction_id>/assessors")
@login_required
def add_assessor(induction_id: int):
    induction = get_induction(induction_id)
    if not permissions.can_assign_assessors(current_user, induction):
        abort(403)
    form = _assessor_form(induction)
    if form.validate_on_submit():
        assessor = db.session.get(User, form.assessor.data) or abort(400)
        try:
            services.assign_assessor(induction, assessor, actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"{assessor.name} is now an assessor for this induction.", "success")
            return redirect(url_for("induction.induction", induction_id=induction.id))
    return render_template("induction/induction.html", induction=induction, today=today(),
                           assessor_form=form, title=f"Induction: {induction.user.name}"), 400


def _item_page(item, *, evidence_form=None, ask_form=None, review_form=None, status=200):
    if evidence_form is None and permissions.can_add_evidence(current_user, item):
        evidence_form = EvidenceForm()
    if ask_form is None and permissions.can_ask_for_sign_off(current_user, item):
        ask_form = AskForSignOffForm()
    if review_form is None and permissions.can_review_item(current_user, item):
        review_form = ReviewForm()
    forms = [f for f in (evidence_form, ask_form, review_form) if f is not None]
    return render_template(
        "induction/item.html", item=item, induction=item.induction, today=today(),
        evidence_form=evidence_form, ask_form=ask_form, review_form=review_form,
        error_form=next((f for f in forms if f.errors), None),
        max_mb=current_app.config["EVIDENCE_MAX_BYTES"] / (1024 * 1024),
        allowed=uploads.ALLOWED_LABEL, title=item.title,
    ), status


@bp.get("/induction/items/<int:induction_item_id>")
@login_required
def item(induction_item_id: int):
    return _item_page(get_item(induction_item_id))


@bp.post("/induction/items/<int:induction_item_id>/evidence")
@login_required
def upload_evidence(induction_item_id: int):
    item = get_item(induction_item_id)
    if not permissions.can_add_evidence(current_user, item):
        abort(403)
    form = EvidenceForm()
    if form.validate_on_submit():
        upload = request.files.get(form.file.name)
        max_bytes = current_app.config["EVIDENCE_MAX_BYTES"]
        try:
            evidence = services.add_evidence(
                item, filename=upload.filename if upload else None,
                content=upload.stream.read(max_bytes + 1) if upload else b"",
                actor=current_user, upload_root=current_app.config["UPLOAD_FOLDER"],
                max_bytes=max_bytes,
            )
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"{evidence.original_name} has been uploaded.", "success")
            return redirect(url_for("induction.item", induction_item_id=item.id))
    return _item_page(item, evidence_form=form, status=400)


@bp.post("/induction/items/<int:induction_item_id>/ask")
@login_required
def ask_for_sign_off(induction_item_id: int):
    item = get_item(induction_item_id)
    if not permissions.can_ask_for_sign_off(current_user, item):
        abort(403)
    form = AskForSignOffForm()
    if form.validate_on_submit():
        services.ask_for_sign_off(item, note=form.note.data or "", actor=current_user)
        db.session.commit()
        flash("Your assessor has been asked to sign this off.", "success")
        return redirect(url_for("induction.item", induction_item_id=item.id))
    return _item_page(item, ask_form=form, status=400)


@bp.post("/induction/items/<int:induction_item_id>/review")
@login_required
def review(induction_item_id: int):
    item = get_item(induction_item_id)
    if not permissions.can_review_item(current_user, item):
        abort(403)
    form = ReviewForm()
    if form.validate_on_submit():
        decision = ReviewDecision(form.decision.data)
        try:
            services.review_item(
                item, decision=decision, comments=form.comments.data or "",
                knowledge_shown=KnowledgeShown(form.knowledge_shown.data) if form.knowledge_shown.data else None,
                observed_on=form.observed_on.data, actor=current_user, today=today(),
            )
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"{item.title}: {decision.label.lower()}.", "success")
            return redirect(url_for("induction.induction", induction_id=item.induction_id))
    return _item_page(item, review_form=form, status=400)


@bp.get("/induction/evidence/<int:evidence_id>")
@login_required
def evidence_file(evidence_id: int):
    evidence = queries.load_evidence(evidence_id) or abort(404)
    if not permissions.can_view_evidence(current_user, evidence):
        abort(403)
    path = uploads.path_for(current_app.config["UPLOAD_FOLDER"], evidence.stored_name)
    if not path.is_file():
        abort(404)
    learner = evidence.item.induction.user
    if learner.id != current_user.id:
        record(current_user, "induction.evidence_viewed", evidence, subject=learner)
        db.session.commit()
    response = send_file(path, mimetype=evidence.content_type, as_attachment=True,
                         download_name=evidence.original_name, max_age=0)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.route("/induction/evidence/<int:evidence_id>/remove", methods=["GET", "POST"])
@login_required
def remove_evidence(evidence_id: int):
    evidence = queries.load_evidence(evidence_id) or abort(404)
    if not permissions.can_remove_evidence(current_user, evidence):
        abort(403)
    item_id = evidence.induction_item_id
    if request.method == "POST":
        services.remove_evidence(evidence, actor=current_user,
                                 upload_root=current_app.config["UPLOAD_FOLDER"])
        db.session.commit()
        flash("The file has been removed.", "success")
        return redirect(url_for("induction.item", induction_item_id=item_id))
    return render_template("induction/remove_evidence.html", evidence=evidence,
                           title="Remove this file")


@bp.route("/induction/start", methods=["GET", "POST"])
@login_required
def start():
    if not permissions.can_start_induction(current_user):
        abort(403)
    form = StartForm()
    candidates = queries.start_candidates(current_user, today())
    form.person.choices = [SelectChoice("", "Choose a new starter")] + [
        SelectChoice(p.id, f"{p.name}: {p.job_role.name if p.job_role else 'no job role'}, "
                           f"{p.employer.short_name}") for p in candidates
    ]
    person_id = form.person.data if form.is_submitted() else request.args.get("person", type=int)
    chosen = db.session.get(User, person_id) if person_id else None
    if chosen is not None and not permissions.can_start_induction(current_user, chosen):
        abort(403)
    if chosen is not None and chosen not in candidates:
        # Someone who joined longer ago can still be started, when asked for by name.
        form.person.choices.append(SelectChoice(chosen.id, f"{chosen.name}, {chosen.employer.short_name}"))
    if chosen is not None and not form.is_submitted():
        form.person.data = chosen.id
    organisation_id = chosen.employer_id if chosen else None
    form.assessors.choices = [
        SelectChoice(a.id, f"{a.name} ({a.employer.short_name})")
        for a in (queries.assessors_for(organisation_id) if organisation_id else [])
        if a.id != (chosen.id if chosen else None)
    ]
    if not form.is_submitted():
        form.started_on.data = (
            queries.current_spell_start(chosen.id, chosen.employer_id) if chosen else None
        ) or (chosen.started_on if chosen else None) or today()
    if form.validate_on_submit():
        person = chosen or abort(400)
        assessors = [db.session.get(User, a) for a in form.assessors.data or []]
        try:
            induction = services.start_induction(
                person, started_on=form.started_on.data, assessors=[a for a in assessors if a],
                actor=current_user, today=today(),
            )
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            recognised = sum(1 for i in induction.items if i.status.value == "recognised")
            flash(f"{person.name}'s induction has started"
                  + (f": {recognised} items recognised from before." if recognised else "."), "success")
            return redirect(url_for("induction.induction", induction_id=induction.id))
    return render_template("induction/start.html", form=form, chosen=chosen,
                           has_candidates=bool(candidates), title="Start a new starter's induction")


@bp.get("/induction/starters")
@login_required
def starters():
    if not permissions.can_list_starters(current_user):
        abort(403)
    form = StartersFilterForm(request.args)
    form.validate()
    query = queries.starters_query(
        current_user, today=today(), status=form.status.data or "",
        overdue_only=bool(form.overdue.data), q=form.q.data or "",
    )
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    counts = queries.counts_for([i.id for i in page.items], today())
    return render_template("induction/starters.html", form=form, page=page, counts=counts,
                           can_start=permissions.can_start_induction(current_user),
                           title="New starters")


@bp.get("/induction/assessments")
@login_required
def assessments():
    if not permissions.can_assess(current_user):
        abort(403)
    return render_template(
        "induction/assessments.html", queue=queries.assessment_queue(current_user),
        learners=queries.assessor_learners(current_user, today()), today=today(),
        title="Evidence to sign off",
    )


def get_completed(code: str):
    induction = queries.certificate_by_code(code) or abort(404)
    if not permissions.can_view_induction(current_user, induction):
        abort(403)
    return induction


@bp.get("/induction/certificates/<induction_code>.pdf")
@login_required
def certificate(induction_code: str):
    induction = get_completed(induction_code)
    if not permissions.can_download_certificate(current_user, induction):
        abort(403)
    pdf = render_pdf(
        "induction/certificate_pdf.html", induction=induction,
        verify_url=url_for("induction.verify", induction_code=induction.certificate_code,
                           _external=True),
    )
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="induction-certificate-{induction.certificate_code}.pdf"')
    return response


@bp.post("/induction/certificates/<induction_code>/badge")
@login_required
def issue_badge(induction_code: str):
    induction = get_completed(induction_code)
    if not permissions.can_issue_induction_badge(current_user, induction):
        abort(403)
    badge = badge_services.issue_induction_badge(
        induction, actor=current_user, private_pem=openbadges.private_key_pem(current_app.config),
        addresses=openbadges.Addresses(current_app.config["ACADEMY_BASE_URL"]), now=utcnow(),
    )
    db.session.commit()
    flash("Your Open Badge is ready to download.", "success")
    return redirect(url_for("badges.badge", badge_id=badge.id))


@bp.get("/induction/verify/<induction_code>")
def verify(induction_code: str):
    induction = queries.certificate_by_code(induction_code)
    return render_template("induction/verified.html", induction=induction,
                           code=induction_code, title="Check an induction certificate"), (
        200 if induction else 404)
