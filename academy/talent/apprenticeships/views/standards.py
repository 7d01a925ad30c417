"""Reference pages: the apprenticeship standards (with the figures to confirm), importing the
official list, and the funding rules by the date they apply from."""

from __future__ import annotations

import click
from flask import redirect, render_template, request, url_for
from flask_login import current_user, login_required

from academy.extensions import db
from academy.talent.apprenticeships import forms, permissions, queries, reference, rules
from academy.talent.apprenticeships.models import ApprenticeshipStandard, OtjBasis
from academy.talent.apprenticeships.standards_import import parse_standards
from academy.talent.apprenticeships.views import standards_bp as bp
from academy.timekeeping import today
from academy.web import as_int, load_or_404, perform, require, submit


@bp.get("/standards")
@login_required
def standards():
    form = forms.StandardsFilterForm(request.args)
    form.validate()
    query = queries.standards(q=form.q.data or "", level=as_int(form.level.data))
    page = db.paginate(query, per_page=50, error_out=False)
    return render_template("talent/apprenticeships/standards.html", title="Apprenticeship standards",
                           form=form, page=page,
                           coordinator=permissions.is_apprenticeship_coordinator(current_user))


@bp.get("/standards/<int:standard_id>")
@login_required
def standard(standard_id: int):
    standard = load_or_404(ApprenticeshipStandard, standard_id)
    rule = queries.rule_on(today())
    return render_template("talent/apprenticeships/standard.html", title=standard.title,
                           standard=standard, rule=rule,
                           coordinator=permissions.is_apprenticeship_coordinator(current_user))


@bp.route("/standards/import", methods=["GET", "POST"])
@login_required
def standards_import():
    require(permissions.can_change_apprenticeship_rules(current_user))
    form = forms.StandardsImportForm()
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            text = form.file.data.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            form.file.errors = ["The file must be saved as CSV UTF-8"]
        else:
            if perform(lambda: reference.import_standards(text, actor=current_user, today=today()),
                       form=form, success=lambda summary: f"Standards imported: {summary.created} "
                                                          f"new, {summary.updated} updated."):
                return redirect(url_for("apprenticeship_standards.standards"))
            # Refused: list every problem in the file under the message.
            problems = parse_standards(text)[1]
    return render_template("talent/apprenticeships/standards_import.html", form=form,
                           problems=problems, title="Import the list of standards")


@bp.get("/funding-rules")
@login_required
def funding_rules():
    require(permissions.can_view_apprenticeships(current_user))
    table = queries.funding_rules()
    current = rules.rule_in_force(table, today()) if table else None
    return render_template("talent/apprenticeships/funding_rules.html", title="Funding rules",
                           rules=list(reversed(table)), current=current)


def _rule_values(form, names: list[str]) -> dict:
    values = {name: form[name].data for name in names}
    values["otj_basis"] = OtjBasis(values["otj_basis"])
    values["notes"] = values["notes"] or None
    table = queries.funding_rules()
    # The employer incentives are not on the form: a change keeps those of the latest rule.
    values["incentives"] = list(table[-1].incentives or []) if table else []
    return values


@bp.route("/funding-rules/new", methods=["GET", "POST"])
@login_required
def funding_rule_new():
    require(permissions.can_change_apprenticeship_rules(current_user))
    form = forms.FundingRuleForm()
    names = [n for n in form._fields if n not in ("csrf_token",)]
    if request.method == "GET":
        table = queries.funding_rules()
        if table:
            latest = table[-1]
            for name in names:
                if name not in ("effective_from", "name", "notes", "source"):
                    value = getattr(latest, name)
                    form[name].data = value.value if isinstance(value, OtjBasis) else value
    if response := submit(form, lambda: reference.add_funding_rule(_rule_values(form, names),
                                                                  actor=current_user),
                          then=url_for("apprenticeship_standards.funding_rules"),
                          success="The funding rule change has been recorded."):
        return response
    return render_template("talent/apprenticeships/funding_rule_new.html", form=form,
                           title="Record a funding rule change")


@bp.cli.command("seed")
def seed_command() -> None:
    """Load the shipped apprenticeship standards and funding rules where none exist yet."""
    added = reference.seed_reference_data()
    db.session.commit()
    click.echo(f"{added['standards']} standards and {added['funding_rules']} funding rules added.")
