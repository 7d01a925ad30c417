"""The LNA hub, competency frameworks, competencies, and CSV import and export."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from academy.errors import DomainError
from academy.extensions import db
from academy.lna import framework_csv, listings, permissions
from academy.lna.forms import CompetencyForm, FrameworkForm, ImportForm
from academy.lna.gaps import LEVELS
from academy.lna.models import Competency
from academy.lna.services import frameworks as services
from academy.lna.views import bp
from academy.lna.views.common import get_framework
from academy.web import load_or_404, require, submit

NEW = "new"


@bp.get("/")
@login_required
def index():
    waiting = (listings.waiting_for_validation(current_user)
               if permissions.can_validate_assessments(current_user) else None)
    return render_template("lna/index.html", assessments=listings.my_assessments(current_user),
                           waiting=waiting, title="Learning needs")


@bp.get("/frameworks")
@login_required
def frameworks():
    require(permissions.can_use_lna_admin(current_user))
    return render_template("lna/frameworks.html", rows=listings.frameworks_with_counts(),
                           levels=LEVELS, title="Competency frameworks")


@bp.route("/frameworks/new", methods=["GET", "POST"])
@login_required
def framework_new():
    require(permissions.can_manage_competency_frameworks(current_user))
    form = FrameworkForm()
    if response := submit(
            form, lambda: services.create_framework(code=form.code.data, name=form.name.data,
                                                    description=form.description.data,
                                                    actor=current_user),
            then=lambda framework: url_for("lna.framework", framework_id=framework.id),
            success=lambda framework: f"The framework {framework.name} has been created. "
                                      "Add its competencies."):
        return response
    return render_template("lna/framework_form.html", form=form, framework=None,
                           title="Add a framework"), (400 if form.errors else 200)


@bp.get("/frameworks/<int:framework_id>")
@login_required
def framework(framework_id: int):
    get_framework(framework_id)
    loaded = listings.framework_with_competencies(framework_id)
    return render_template("lna/framework.html", framework=loaded, levels=LEVELS,
                           title=loaded.name)


@bp.route("/frameworks/<int:framework_id>/edit", methods=["GET", "POST"])
@login_required
def framework_edit(framework_id: int):
    framework = get_framework(framework_id)
    require(permissions.can_manage_competency_frameworks(current_user))
    form = FrameworkForm(obj=framework)
    if response := submit(
            form, lambda: services.update_framework(framework, name=form.name.data,
                                                    description=form.description.data,
                                                    actor=current_user),
            then=url_for("lna.framework", framework_id=framework.id),
            success="The framework has been saved."):
        return response
    return render_template("lna/framework_form.html", form=form, framework=framework,
                           title=f"Change {framework.name}"), (400 if form.errors else 200)


def _save_competency(form, framework, competency=None):
    if competency is None and not form.code.data:
        raise DomainError("Enter a code, like DIG-07", field="code")
    return services.save_competency(
        framework, domain_name=form.domain.data, code=form.code.data or "",
        name=form.name.data, description=form.description.data,
        descriptors={level: form[f"level_{level}"].data or "" for level in range(1, 5)},
        actor=current_user, competency=competency,
    )


@bp.route("/frameworks/<int:framework_id>/competencies/new", methods=["GET", "POST"])
@login_required
def competency_new(framework_id: int):
    framework = get_framework(framework_id)
    require(permissions.can_manage_competency_frameworks(current_user))
    form = CompetencyForm()
    if response := submit(
            form, lambda: _save_competency(form, framework),
            then=url_for("lna.framework", framework_id=framework.id),
            success=lambda competency: f"{competency.code} {competency.name} has been added."):
        return response
    return render_template("lna/competency_form.html", form=form, framework=framework,
                           competency=None, title="Add a competency"), (400 if form.errors else 200)


@bp.route("/competencies/<int:competency_id>/edit", methods=["GET", "POST"])
@login_required
def competency_edit(competency_id: int):
    competency = load_or_404(Competency, competency_id,
                             lambda user, _: permissions.can_manage_competency_frameworks(user))
    framework = competency.framework
    form = CompetencyForm(data={
        "domain": competency.domain.name, "code": competency.code, "name": competency.name,
        "description": competency.description or "",
        **{f"level_{level}": competency.descriptor(level) or "" for level in range(1, 5)},
    })
    if response := submit(form, lambda: _save_competency(form, framework, competency),
                          then=url_for("lna.framework", framework_id=framework.id),
                          success=f"{competency.code} has been saved."):
        return response
    return render_template("lna/competency_form.html", form=form, framework=framework,
                           competency=competency, title=f"Change {competency.code}"), (
        400 if form.errors else 200)


@bp.route("/frameworks/import", methods=["GET", "POST"])
@login_required
def framework_import():
    require(permissions.can_manage_competency_frameworks(current_user))
    form = ImportForm()
    form.framework.choices = [SelectChoice(NEW, "A new framework")] + [
        SelectChoice(str(f.id), f.name) for f, _ in listings.frameworks_with_counts()
    ]
    problems = []
    if form.validate_on_submit():
        into = None if form.framework.data == NEW else get_framework(int(form.framework.data))
        try:
            text = framework_csv.decode(form.file.data.read())
            parsed = framework_csv.parse(text)
            result = services.import_framework(
                parsed, actor=current_user, framework=into, code=form.code.data,
                name=form.name.data)
        except ValueError as error:
            form.file.errors = [*form.file.errors, str(error)]
        except services.ImportRefused as refused:
            db.session.rollback()
            problems = refused.errors
            form.file.errors = [*form.file.errors, refused.message]
        else:
            db.session.commit()
            flash(f"Imported {result.framework.name}: {result.added} competencies added, "
                  f"{result.updated} updated.", "success")
            return redirect(url_for("lna.framework", framework_id=result.framework.id))
    status = 400 if form.errors else 200
    return render_template("lna/framework_import.html", form=form, problems=problems,
                           columns=framework_csv.COLUMNS, title="Import a framework"), status


@bp.get("/frameworks/<int:framework_id>/export")
@login_required
def framework_export(framework_id: int):
    framework = get_framework(framework_id)
    text = framework_csv.write(listings.framework_export_rows(framework))
    response = Response(("\ufeff" + text).encode("utf-8"), mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="framework-{framework.code.lower()}.csv"')
    return response

