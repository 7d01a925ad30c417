"""Setting up induction programmes and recognition rules, and the induction reports."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from wtforms import SelectChoice

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
from academy.induction.views import admin_bp as bp
from academy.induction.views.common import chosen
from academy.people.models import JobRole, Organisation, OrganisationType
from academy.reports.exports import FORMATS, export_response
from academy.timekeeping import today
from academy.web import load_or_404, perform, require, submit


def get_programme(programme_id: int) -> InductionProgramme:
    return load_or_404(
        InductionProgramme, programme_id, permissions.can_view_programme,
        options=[selectinload(InductionProgramme.items), joinedload(InductionProgramme.organisation),
                 joinedload(InductionProgramme.job_role)],
    )


def get_editable_programme(programme_id: int) -> InductionProgramme:
    programme = get_programme(programme_id)
    require(permissions.can_edit_programme_for(current_user, programme.organisation_id))
    return programme


def get_programme_item(item_id: int) -> ProgrammeItem:
    return load_or_404(ProgrammeItem, item_id, lambda user, item: permissions.can_edit_programme_for(
        user, item.programme.organisation_id))


@bp.get("/induction/programmes")
@login_required
def programmes():
    require(permissions.can_manage_programmes(current_user))
    return render_template("induction/programmes.html",
                           programmes=queries.programmes_for(current_user),
                           title="Induction programmes")


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
    require(permissions.can_manage_programmes(current_user))
    form = _programme_form()
    if response := submit(
        form, lambda: services.create_programme(
            name=form.name.data, organisation=chosen(Organisation, form.organisation.data),
            job_role=chosen(JobRole, form.job_role.data),
            description=form.description.data or "", from_template=form.from_template.data,
            actor=current_user,
        ),
        then=lambda programme: url_for("induction_admin.programme", programme_id=programme.id),
        success=lambda programme: f"The programme {programme.name} has been created.",
    ):
        return response
    return render_template("induction/programme_new.html", form=form, title="New induction programme")


def _reference_form(programme, **kwargs) -> ReferenceItemForm:
    """The form offering the district's items the programme does not have yet."""
    form = ReferenceItemForm(**kwargs)
    form.subject_key.choices = [SelectChoice(t.subject_key, t.title)
                                for t in services.reference_items_missing(programme)]
    return form


def _programme_page(programme, *, reference_form=None, item_form=None, status=200):
    editable = permissions.can_edit_programme_for(current_user, programme.organisation_id)
    if editable:
        reference_form = reference_form or _reference_form(programme, formdata=None)
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
    programme = get_editable_programme(programme_id)
    form = _reference_form(programme)
    if response := submit(
        form, lambda: services.add_reference_item(programme, form.subject_key.data, actor=current_user),
        then=url_for("induction_admin.programme", programme_id=programme.id),
        success=lambda item: f"{item.title} has been added.",
    ):
        return response
    return _programme_page(programme, reference_form=form, status=400)


def _item_data(form: ItemForm) -> dict:
    """What the item form says, as the programme services take it."""
    return {"title": form.title.data, "description": form.description.data or "",
            "evidence": EvidenceRequirement(form.evidence.data), "due_days": form.due_days.data}


@bp.post("/induction/programmes/<int:programme_id>/items")
@login_required
def add_item(programme_id: int):
    programme = get_editable_programme(programme_id)
    form = ItemForm()
    if response := submit(
        form, lambda: services.add_local_item(programme, **_item_data(form), actor=current_user),
        then=url_for("induction_admin.programme", programme_id=programme.id),
        success=lambda item: f"{item.title} has been added.",
    ):
        return response
    return _programme_page(programme, item_form=form, status=400)


@bp.route("/induction/programme-items/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit_item(item_id: int):
    item = get_programme_item(item_id)
    form = ItemForm(obj=item if request.method == "GET" else None)
    if item.evidence.is_course:
        form.evidence.choices = [SelectChoice(EvidenceRequirement.COURSE.value, EvidenceRequirement.COURSE.label)]
    if request.method == "GET":
        form.evidence.data = item.evidence.value
    if response := submit(
        form, lambda: services.update_item(item, **_item_data(form), actor=current_user),
        then=url_for("induction_admin.programme", programme_id=item.programme_id),
        success=lambda _: f"{item.title} has been changed.",
    ):
        return response
    return render_template("induction/programme_item.html", form=form, item=item,
                           title=f"Change {item.title}"), 400 if form.errors else 200


@bp.post("/induction/programme-items/<int:item_id>/move")
@login_required
def move_item(item_id: int):
    item = get_programme_item(item_id)
    perform(lambda: services.move_item(item, up=request.form.get("direction") == "up",
                                       actor=current_user))
    return redirect(url_for("induction_admin.programme", programme_id=item.programme_id,
                            _anchor=f"item-{item.id}"))


@bp.route("/induction/programme-items/<int:item_id>/remove", methods=["GET", "POST"])
@login_required
def remove_item(item_id: int):
    item = get_programme_item(item_id)
    programme_id = item.programme_id
    if request.method == "POST":
        perform(lambda: services.remove_item(item, actor=current_user),
                success=f"{item.title} has been removed from the programme.")
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


def _add_rule(form: RuleForm) -> RecognitionRule:
    organisation = chosen(Organisation, form.organisation.data) or abort(400)
    return services.add_rule(
        organisation, kind=ItemKind(form.kind.data), subject_key=form.subject_key.data or None,
        accepts=AcceptFrom(form.accepts.data),
        source_organisation=chosen(Organisation, form.source_organisation.data),
        source_type=OrganisationType(form.source_type.data) if form.source_type.data else None,
        in_date_only=form.in_date_only.data, max_age_days=form.max_age_days.data,
        actor=current_user,
    )


@bp.route("/induction/recognition", methods=["GET", "POST"])
@login_required
def recognition():
    require(permissions.can_manage_programmes(current_user))
    form = _rule_form()
    if response := submit(
        form, lambda: _add_rule(form), then=url_for("induction_admin.recognition"),
        success=lambda rule: f"The rule for {rule.organisation.name} has been added.",
    ):
        return response
    titles = {t.subject_key: t.title for t in standards.district_template()}
    return render_template("induction/recognition.html", form=form,
                           rules=queries.recognition_rules_for(current_user), titles=titles,
                           title="What each partner recognises"), 400 if form.errors else 200


@bp.route("/induction/recognition/<int:rule_id>/remove", methods=["GET", "POST"])
@login_required
def remove_rule(rule_id: int):
    rule = load_or_404(RecognitionRule, rule_id, lambda user, rule: permissions.can_edit_programme_for(
        user, rule.organisation_id))
    if request.method == "POST":
        perform(lambda: services.remove_rule(rule, actor=current_user),
                success="The rule has been removed.")
        return redirect(url_for("induction_admin.recognition"))
    return render_template("induction/rule_remove.html", rule=rule, title="Remove this rule")


@bp.get("/induction/reports")
@login_required
def report_index():
    require(permissions.can_view_induction_reports(current_user))
    tables = [(name, reports.build(name, current_user, today())) for name in reports.REPORTS]
    return render_template("induction/reports.html", tables=tables, formats=FORMATS,
                           title="Induction reports")


@bp.get("/induction/reports/<report>.<fmt>")
@login_required
def export_report(report: str, fmt: str):
    require(permissions.can_view_induction_reports(current_user))
    if report not in reports.REPORTS or fmt not in FORMATS:
        abort(404)
    table = reports.build(report, current_user, today())
    return export_response(fmt, f"induction-{report}-{today().isoformat()}", table.header,
                           table.rows, sheet_title=table.title)
