"""New starters' inductions: the learner's dashboard, evidence, sign-off, managers and assessors."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from academy.audit.services import record
from academy.extensions import db
from academy.holdings import queries as holdings_queries
from academy.induction import permissions, queries, rules, uploads
from academy.induction.forms import (
    AskForSignOffForm,
    AssessorForm,
    ChangeStartForm,
    CloseInductionForm,
    EvidenceForm,
    ReviewForm,
    StartersFilterForm,
    StartForm,
)
from academy.induction.models import Induction, InductionItem, KnowledgeShown, ReviewDecision
from academy.induction.services import badges as badge_services
from academy.induction.services import courses as course_services
from academy.induction.services import inductions as services
from academy.induction.views import induction_bp as bp
from academy.induction.views.common import badge_addresses, chosen, issuer_key
from academy.notifications.email import external_url
from academy.people.models import User
from academy.reports.pdf import render_pdf
from academy.timekeeping import today, utcnow
from academy.web import audited_read, found_or_404, pdf_response, perform, require, submit


def get_induction(induction_id: int) -> Induction:
    induction = found_or_404(queries.load_induction(induction_id))
    require(permissions.can_view_induction(current_user, induction))
    return induction


def get_item(item_id: int) -> InductionItem:
    item = found_or_404(queries.load_item(item_id))
    require(permissions.can_view_induction(current_user, item.induction))
    return item


def get_completed(certificate_code: str) -> Induction:
    induction = found_or_404(queries.certificate_by_code(certificate_code))
    require(permissions.can_view_induction(current_user, induction))
    return induction


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
    require(permissions.can_check_courses(current_user, induction))
    if done := perform(lambda: course_services.complete_by_courses(induction, actor=current_user,
                                                                  today=today())):
        count = done.result
        flash(f"{count} item{'s' if count != 1 else ''} done through courses you completed." if count
              else "No completed courses were found for your open items yet.",
              "success" if count else "info")
    return redirect(url_for("induction.dashboard"))


def _induction_page(induction, assessor_form=None, status=200):
    if assessor_form is None and permissions.can_assign_assessors(current_user, induction):
        assessor_form = _assessor_form(induction)
    return render_template("induction/induction.html", induction=induction, today=today(),
                           assessor_form=assessor_form,
                           title=f"Induction: {induction.user.name}"), status


@bp.get("/induction/<int:induction_id>")
@login_required
def induction(induction_id: int):
    induction = get_induction(induction_id)
    return audited_read(_induction_page(induction), "induction.viewed", induction,
                        subjects=[induction.user_id])


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
    require(permissions.can_assign_assessors(current_user, induction))
    form = _assessor_form(induction)

    def assign() -> User:
        assessor = chosen(User, form.assessor.data) or abort(400)
        services.assign_assessor(induction, assessor, actor=current_user)
        return assessor

    if response := submit(
        form, assign, then=url_for("induction.induction", induction_id=induction.id),
        success=lambda assessor: f"{assessor.name} is now an assessor for this induction.",
    ):
        return response
    return _induction_page(induction, assessor_form=form, status=400)


@bp.route("/induction/<int:induction_id>/start-date", methods=["GET", "POST"])
@login_required
def change_start(induction_id: int):
    induction = get_induction(induction_id)
    require(permissions.can_correct_induction(current_user, induction))
    form = ChangeStartForm()
    if not form.is_submitted():
        form.started_on.data = induction.started_on
    if response := submit(
        form, lambda: services.change_start(induction, started_on=form.started_on.data,
                                            reason=form.reason.data or "", actor=current_user),
        then=url_for("induction.induction", induction_id=induction.id),
        success=lambda moved: f"The start date is changed; {moved} due date"
                              f"{'s' if moved != 1 else ''} moved with it.",
    ):
        return response
    return render_template("induction/change_start.html", form=form, induction=induction,
                           title=f"Change the start date of {induction.user.name}'s induction")


@bp.route("/induction/<int:induction_id>/close", methods=["GET", "POST"])
@login_required
def close(induction_id: int):
    induction = get_induction(induction_id)
    require(permissions.can_correct_induction(current_user, induction))
    form = CloseInductionForm()
    if response := submit(
        form, lambda: services.close_unfinished(induction, reason=form.reason.data or "",
                                                actor=current_user, today=today()),
        then=url_for("induction.induction", induction_id=induction.id),
        success=f"{induction.user.name}'s induction is closed unfinished.",
    ):
        return response
    return render_template("induction/close.html", form=form, induction=induction,
                           open_items=sum(1 for item in induction.items if not item.is_done),
                           title=f"Close {induction.user.name}'s induction unfinished")


def _item_page(item, *, evidence_form=None, ask_form=None, review_form=None, status=200):
    if evidence_form is None and permissions.can_add_evidence(current_user, item):
        evidence_form = EvidenceForm()
    if ask_form is None and permissions.can_ask_for_sign_off(current_user, item):
        ask_form = AskForSignOffForm()
    if review_form is None and permissions.can_review_item(current_user, item):
        review_form = ReviewForm()
    forms = [f for f in (evidence_form, ask_form, review_form) if f is not None]
    subject = item.mandatory_subject_id if not item.is_done else None
    return render_template(
        "induction/item.html", item=item, induction=item.induction, today=today(),
        courses=holdings_queries.courses_for(subject) if subject else [],
        plan=holdings_queries.plans(item.induction.user_id).get(subject) if subject else None,
        evidence_form=evidence_form, ask_form=ask_form, review_form=review_form,
        error_form=next((f for f in forms if f.errors), None),
        max_mb=current_app.config["EVIDENCE_MAX_BYTES"] / (1024 * 1024),
        allowed=uploads.ALLOWED_LABEL, title=item.title,
    ), status


@bp.get("/induction/items/<int:item_id>")
@login_required
def item(item_id: int):
    return _item_page(get_item(item_id))


@bp.post("/induction/items/<int:item_id>/evidence")
@login_required
def upload_evidence(item_id: int):
    item = get_item(item_id)
    require(permissions.can_add_evidence(current_user, item))
    form = EvidenceForm()

    def add():
        upload = request.files.get(form.file.name)
        max_bytes = current_app.config["EVIDENCE_MAX_BYTES"]
        return services.add_evidence(
            item, filename=upload.filename if upload else None,
            content=upload.stream.read(max_bytes + 1) if upload else b"",
            actor=current_user, upload_root=current_app.config["UPLOAD_FOLDER"],
            max_bytes=max_bytes,
        )

    if response := submit(form, add, then=url_for("induction.item", item_id=item.id),
                          success=lambda evidence: f"{evidence.original_name} has been uploaded."):
        return response
    return _item_page(item, evidence_form=form, status=400)


@bp.post("/induction/items/<int:item_id>/ask")
@login_required
def ask_for_sign_off(item_id: int):
    item = get_item(item_id)
    require(permissions.can_ask_for_sign_off(current_user, item))
    form = AskForSignOffForm()
    if response := submit(
        form, lambda: services.ask_for_sign_off(item, note=form.note.data or "", actor=current_user),
        then=url_for("induction.item", item_id=item.id),
        success="Your assessor has been asked to sign this off.",
    ):
        return response
    return _item_page(item, ask_form=form, status=400)


@bp.post("/induction/items/<int:item_id>/review")
@login_required
def review(item_id: int):
    item = get_item(item_id)
    require(permissions.can_review_item(current_user, item))
    form = ReviewForm()
    if response := submit(
        form, lambda: services.review_item(
            item, decision=ReviewDecision(form.decision.data), comments=form.comments.data or "",
            knowledge_shown=KnowledgeShown(form.knowledge_shown.data) if form.knowledge_shown.data else None,
            observed_on=form.observed_on.data, actor=current_user, today=today(),
        ),
        then=url_for("induction.induction", induction_id=item.induction_id),
        success=lambda review: f"{item.title}: {review.decision.label.lower()}.",
    ):
        return response
    return _item_page(item, review_form=form, status=400)


@bp.get("/induction/evidence/<int:evidence_id>")
@login_required
def evidence_file(evidence_id: int):
    evidence = found_or_404(queries.load_evidence(evidence_id))
    require(permissions.can_view_evidence(current_user, evidence))
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
    evidence = found_or_404(queries.load_evidence(evidence_id))
    require(permissions.can_remove_evidence(current_user, evidence))
    item_id = evidence.induction_item_id
    if request.method == "POST":
        perform(lambda: services.remove_evidence(evidence, actor=current_user,
                                                 upload_root=current_app.config["UPLOAD_FOLDER"]),
                success="The file has been removed.")
        return redirect(url_for("induction.item", item_id=item_id))
    return render_template("induction/remove_evidence.html", evidence=evidence,
                           title="Remove this file")


def _start_form(chosen: User | None, candidates: list[User]) -> StartForm:
    """The form to start an induction, offering the candidates (and whoever was asked for by
    name) and, once someone is chosen, the assessors for their employer."""
    form = StartForm()
    form.person.choices = [SelectChoice("", "Choose a new starter")] + [
        SelectChoice(p.id, f"{p.name}: {p.job_role.name if p.job_role else 'no job role'}, "
                           f"{p.employer.short_name}") for p in candidates
    ]
    if chosen is not None and chosen not in candidates:
        # Someone who joined longer ago can still be started, when asked for by name.
        form.person.choices.append(SelectChoice(chosen.id, f"{chosen.name}, {chosen.employer.short_name}"))
    form.assessors.choices = [
        SelectChoice(a.id, f"{a.name} ({a.employer.short_name})")
        for a in (queries.assessors_for(chosen.employer_id) if chosen else [])
        if a.id != chosen.id
    ]
    if chosen is not None and not form.is_submitted():
        form.person.data = chosen.id
    if not form.is_submitted():
        form.started_on.data = (
            queries.current_spell_start(chosen.id, chosen.employer_id) if chosen else None
        ) or (chosen.started_on if chosen else None) or today()
    return form


def _started(induction: Induction) -> str:
    recognised = sum(1 for item in induction.items if item.is_recognised)
    return (f"{induction.user.name}'s induction has started"
            + (f": {recognised} items recognised from before." if recognised else "."))


@bp.route("/induction/start", methods=["GET", "POST"])
@login_required
def start():
    require(permissions.can_start_induction(current_user))
    candidates = queries.start_candidates(current_user, today())
    person_id = (request.form.get("person", type=int) if request.method == "POST"
                 else request.args.get("person", type=int))
    person = chosen(User, person_id)
    if person is not None:
        require(permissions.can_start_induction(current_user, person))
    form = _start_form(person, candidates)

    def begin() -> Induction:
        assessors = [db.session.get(User, a) for a in form.assessors.data or []]
        return services.start_induction(
            person or abort(400), started_on=form.started_on.data, assessors=[a for a in assessors if a],
            actor=current_user, today=today(),
        )

    if response := submit(
        form, begin, then=lambda induction: url_for("induction.induction", induction_id=induction.id),
        success=_started,
    ):
        return response
    return render_template("induction/start.html", form=form, chosen=person,
                           has_candidates=bool(candidates), title="Start a new starter's induction")


@bp.get("/induction/starters")
@login_required
def starters():
    require(permissions.can_list_starters(current_user))
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
    require(permissions.can_assess(current_user))
    return render_template(
        "induction/assessments.html", queue=queries.assessment_queue(current_user),
        learners=queries.assessor_learners(current_user, today()), today=today(),
        title="Evidence to sign off",
    )


@bp.get("/induction/certificates/<certificate_code>.pdf")
@login_required
def certificate(certificate_code: str):
    induction = get_completed(certificate_code)
    require(permissions.can_download_certificate(current_user, induction))
    pdf = render_pdf(
        "induction/certificate_pdf.html", induction=induction,
        verify_url=external_url("induction.verify", certificate_code=induction.certificate_code),
    )
    return pdf_response(pdf, f"induction-certificate-{induction.certificate_code}.pdf")


@bp.post("/induction/certificates/<certificate_code>/badge")
@login_required
def issue_badge(certificate_code: str):
    induction = get_completed(certificate_code)
    require(permissions.can_issue_induction_badge(current_user, induction))
    done = perform(
        lambda: badge_services.issue_induction_badge(
            induction, actor=current_user, private_pem=issuer_key(), addresses=badge_addresses(),
            now=utcnow(),
        ),
        success="Your Open Badge is ready to download.",
    )
    return redirect(url_for("badges.badge", badge_id=done.result.id) if done
                    else url_for("induction.induction", induction_id=induction.id))


@bp.get("/induction/verify/<certificate_code>")
def verify(certificate_code: str):
    induction = queries.certificate_by_code(certificate_code)
    return render_template("induction/verified.html", induction=induction,
                           code=certificate_code, title="Check an induction certificate"), (
        200 if induction else 404)
