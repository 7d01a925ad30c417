"""Setting up induction programmes and recognition rules, and the induction reports."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload
from wtforms import SelectChoice

from academy.errors import DomainError, show_refusal
from academy.extensions import db
from academy.induction import permissions, queries, reports, standards
from academy.induction.forms import ItemForm, ProgrammeForm, ReferenceItemForm, RuleForm
from academy.induction.models import (
    AcceptFrom,
    EvidenceRequirement,
    InductionProgramme,
    ItemKind,
    ProgrammeItem,
    RecognitionRule,
)
from academy.induction.services import programmes as services
from academy.people.models import JobRole, Organisation, OrganisationType
from academy.reports.exports import FORMATS, export_response
from academy.timekeeping import today

bp = Blueprint("induction_admin", __name__)


def _require_oversight() -> None:
    if not permissions.can_manage_programmes(current_user):
        abort(403)


def get_programme(programme_id: int) -> InductionProgramme:
    programme = db.session.scalar(
        select(InductionProgramme)
        .options(selectinload(InductionProgramme.items), joinedload(InductionProgramme.organisation),
                 joinedload(InductionProgramme.job_role))
        .where(InductionProgramme.id == programme_id)
    ) or abort(404)
    allowed = (permissions.can_manage_programmes(current_user) if programme.organisation_id is None
               else permissions.can_manage_programmes(current_user, programme.organisation_id))
    if not allowed:
        abort(403)
    return programme


def get_programme_item(item_id: int) -> ProgrammeItem:
    item = db.session.get(ProgrammeItem, item_id) or abort(404)
    if not permissions.can_edit_programme_for(current_user, item.programme.organisation_id):
        abort(403)
    return item


@bp.get("/induction/programmes")
@login_required
def programmes():
    _require_oversight()
    organisations = queries.organisations_for(current_user)
    rows = db.session.scalars(
        select(InductionProgramme)
        .options(joinedload(InductionProgramme.organisation), joinedload(InductionProgramme.job_role),
                 selectinload(InductionProgramme.items))
        .where(or_(InductionProgramme.organisation_id.is_(None),
                   InductionProgramme.organisation_id.in_([o.id for o in organisations] or [-1])))
        .order_by(InductionProgramme.organisation_id.is_not(None), InductionProgramme.name)
    ).all()
    return render_template("induction/programmes.html", programmes=rows, title="Induction programmes")


def _programme_form() -> ProgrammeForm:
    form = ProgrammeForm()
    choices = [SelectChoice("", "District-wide")] if permissions.can_edit_programme_for(current_user, None) else []
    form.organisation.choices = choices + [
        SelectChoice(o.id, o.name) for o in queries.organisations_for(current_user)
    ]
    form.job_role.choices = [SelectChoice("", "Every job role")] + [
        SelectChoice(r.id, str(r)) for r in db.session.scalars(select(JobRole).order_by(JobRole.name, JobRole.afc_band))
    ]
    return form


@bp.route("/induction/programmes/new", methods=["GET", "POST"])
@login_required
def new_programme():
    _require_oversight()
    form = _programme_form()
    if form.validate_on_submit():
        try:
            programme = services.create_programme(
                name=form.name.data,
                organisation=db.session.get(Organisation, form.organisation.data) if form.organisation.data else None,
                job_role=db.session.get(JobRole, form.job_role.data) if form.job_role.data else None,
                description=form.description.data or "", from_template=form.from_template.data,
                actor=current_user,
            )
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"The programme {programme.name} has been created.", "success")
            return redirect(url_for("induction_admin.programme", programme_id=programme.id))
    return render_template("induction/programme_new.html", form=form, title="New induction programme")


def _programme_page(programme, *, reference_form=None, item_form=None, status=200):
    editable = permissions.can_edit_programme_for(current_user, programme.organisation_id)
    if editable:
        reference_form = reference_form or ReferenceItemForm(formdata=None)
        reference_form.subject_key.choices = [
            SelectChoice(t.subject_key, t.title) for t in services.reference_items_missing(programme)
        ]
        item_form = item_form or ItemForm(formdata=None)
    return render_template(
        "induction/programme.html", programme=programme, editable=editable,
        reference_form=reference_form, item_form=item_form,
        error_form=next((f for f in (reference_form, item_form) if f is not None and f.errors), None),
        title=programme.name,
    ), status


@bp.get("/induction/programmes/<int:programme_id>")
@login_required
def programme(programme_id: int):
    return _programme_page(get_programme(programme_id))


@bp.post("/induction/programmes/<int:programme_id>/reference")
@login_required
def add_reference_item(programme_id: int):
    programme = get_programme(programme_id)
    if not permissions.can_edit_programme_for(current_user, programme.organisation_id):
        abort(403)
    form = ReferenceItemForm()
    form.subject_key.choices = [SelectChoice(t.subject_key, t.title)
                                for t in services.reference_items_missing(programme)]
    if form.validate_on_submit():
        try:
            item = services.add_reference_item(programme, form.subject_key.data, actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"{item.title} has been added.", "success")
            return redirect(url_for("induction_admin.programme", programme_id=programme.id))
    return _programme_page(programme, reference_form=form, status=400)


@bp.post("/induction/programmes/<int:programme_id>/items")
@login_required
def add_item(programme_id: int):
    programme = get_programme(programme_id)
    if not permissions.can_edit_programme_for(current_user, programme.organisation_id):
        abort(403)
    form = ItemForm()
    if form.validate_on_submit():
        try:
            item = services.add_local_item(
                programme, title=form.title.data, description=form.description.data or "",
                evidence=EvidenceRequirement(form.evidence.data), due_days=form.due_days.data,
                actor=current_user,
            )
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"{item.title} has been added.", "success")
            return redirect(url_for("induction_admin.programme", programme_id=programme.id))
    return _programme_page(programme, item_form=form, status=400)


@bp.route("/induction/programme-items/<int:programme_item_id>/edit", methods=["GET", "POST"])
@login_required
def edit_item(programme_item_id: int):
    item = get_programme_item(programme_item_id)
    form = ItemForm(obj=item if request.method == "GET" else None)
    if item.evidence == EvidenceRequirement.COURSE:
        form.evidence.choices = [SelectChoice(EvidenceRequirement.COURSE.value, EvidenceRequirement.COURSE.label)]
    if request.method == "GET":
        form.evidence.data = item.evidence.value
    if form.validate_on_submit():
        try:
            services.update_item(
                item, title=form.title.data, description=form.description.data or "",
                evidence=EvidenceRequirement(form.evidence.data), due_days=form.due_days.data,
                actor=current_user,
            )
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"{item.title} has been changed.", "success")
            return redirect(url_for("induction_admin.programme", programme_id=item.programme_id))
    return render_template("induction/programme_item.html", form=form, item=item,
                           title=f"Change {item.title}"), 400 if form.errors else 200


@bp.post("/induction/programme-items/<int:programme_item_id>/move")
@login_required
def move_item(programme_item_id: int):
    item = get_programme_item(programme_item_id)
    services.move_item(item, up=request.form.get("direction") == "up", actor=current_user)
    db.session.commit()
    return redirect(url_for("induction_admin.programme", programme_id=item.programme_id,
                            _anchor=f"item-{item.id}"))


@bp.route("/induction/programme-items/<int:programme_item_id>/remove", methods=["GET", "POST"])
@login_required
def remove_item(programme_item_id: int):
    item = get_programme_item(programme_item_id)
    programme_id = item.programme_id
    if request.method == "POST":
        title = item.title
        services.remove_item(item, actor=current_user)
        db.session.commit()
        flash(f"{title} has been removed from the programme.", "success")
        return redirect(url_for("induction_admin.programme", programme_id=programme_id))
    return render_template("induction/programme_item_remove.html", item=item,
                           title=f"Remove {item.title}")


def _rule_form() -> RuleForm:
    form = RuleForm()
    organisations = queries.organisations_for(current_user)
    form.organisation.choices = [SelectChoice(o.id, o.name) for o in organisations]
    form.subject_key.choices = [SelectChoice("", "Every item of this kind")] + [
        SelectChoice(t.subject_key, t.title) for t in standards.district_template()
    ]
    form.source_organisation.choices = [SelectChoice("", "Not used")] + [
        SelectChoice(o.id, o.name) for o in db.session.scalars(select(Organisation).order_by(Organisation.name))
    ]
    return form


@bp.route("/induction/recognition", methods=["GET", "POST"])
@login_required
def recognition():
    _require_oversight()
    form = _rule_form()
    if form.validate_on_submit():
        organisation = db.session.get(Organisation, form.organisation.data) or abort(400)
        try:
            services.add_rule(
                organisation, kind=ItemKind(form.kind.data), subject_key=form.subject_key.data or None,
                accepts=AcceptFrom(form.accepts.data),
                source_organisation=db.session.get(Organisation, form.source_organisation.data)
                if form.source_organisation.data else None,
                source_type=OrganisationType(form.source_type.data) if form.source_type.data else None,
                in_date_only=form.in_date_only.data, max_age_days=form.max_age_days.data,
                actor=current_user,
            )
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"The rule for {organisation.name} has been added.", "success")
            return redirect(url_for("induction_admin.recognition"))
    organisations = queries.organisations_for(current_user)
    rules = db.session.scalars(
        select(RecognitionRule)
        .options(joinedload(RecognitionRule.organisation), joinedload(RecognitionRule.source_organisation))
        .where(RecognitionRule.organisation_id.in_([o.id for o in organisations] or [-1]))
        .order_by(RecognitionRule.organisation_id, RecognitionRule.kind, RecognitionRule.subject_key)
    ).all()
    titles = {t.subject_key: t.title for t in standards.district_template()}
    return render_template("induction/recognition.html", form=form, rules=rules, titles=titles,
                           title="What each partner recognises"), 400 if form.errors else 200


@bp.route("/induction/recognition/<int:recognition_rule_id>/remove", methods=["GET", "POST"])
@login_required
def remove_rule(recognition_rule_id: int):
    rule = db.session.get(RecognitionRule, recognition_rule_id) or abort(404)
    if not permissions.can_edit_programme_for(current_user, rule.organisation_id):
        abort(403)
    if request.method == "POST":
        services.remove_rule(rule, actor=current_user)
        db.session.commit()
        flash("The rule has been removed.", "success")
        return redirect(url_for("induction_admin.recognition"))
    return render_template("induction/rule_remove.html", rule=rule, title="Remove this rule")


@bp.get("/induction/reports")
@login_required
def report_index():
    if not permissions.can_view_induction_reports(current_user):
        abort(403)
    tables = [(name, reports.build(name, current_user, today())) for name in reports.REPORTS]
    return render_template("induction/reports.html", tables=tables, formats=FORMATS,
                           title="Induction reports")


@bp.get("/induction/reports/<report>.<fmt>")
@login_required
def export_report(report: str, fmt: str):
    if not permissions.can_view_induction_reports(current_user):
        abort(403)
    if report not in reports.REPORTS or fmt not in FORMATS:
        abort(404)
    table = reports.build(report, current_user, today())
    return export_response(fmt, f"induction-{report}-{today().isoformat()}", table.header,
                           table.rows, sheet_title=table.title)
