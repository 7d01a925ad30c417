"""Mandatory training compliance for learning leads and managers, drilling down from the
partnership (organisations by subjects) to one organisation (teams by subjects), one team (its
people, each with their subjects) and the people overdue; every level downloads as CSV or XLSX."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select, true
from wtforms import SelectChoice

from academy.courses import compliance as compliance_queries
from academy.courses import permissions, rules
from academy.courses.forms import ComplianceFilterForm
from academy.courses.models import Subject
from academy.courses.views import admin_bp, bp
from academy.courses.views.common import scoped_organisations
from academy.extensions import db
from academy.people.models import Organisation, Team, User
from academy.people.queries import managed_by
from academy.reports.exports import export_response
from academy.timekeeping import today
from academy.web import as_int, load_or_404, require

C = rules.Compliance
STATUSES = {"overdue": compliance_queries.OVERDUE, **{c.value: (c,) for c in C}}
OVERDUE_STATUSES = ("", "overdue", C.EXPIRED.value, C.NEVER_DONE.value)
FORMAT = "<any(csv, xlsx):file_format>"


@dataclass
class Filters:
    form: ComplianceFilterForm
    organisation_id: int | None = None
    team_id: int | None = None
    subject_id: int | None = None
    statuses: tuple = ()


def _filters(*, organisations=None, teams=None, overdue_only: bool = False) -> Filters:
    """The filters read from the query string; a choice not offered is ignored."""
    form = ComplianceFilterForm(request.args)
    form.organisation.choices = [SelectChoice("", "Every organisation you oversee")] + [
        SelectChoice(str(o.id), o.name) for o in organisations or []]
    form.team.choices = [SelectChoice("", "Every team")] + [
        SelectChoice(str(t.id), t.name) for t in teams or []]
    subjects = db.session.scalars(select(Subject).order_by(Subject.name, Subject.level)).all()
    form.subject.choices = [SelectChoice("", "Every subject")] + [
        SelectChoice(str(s.id), s.label) for s in subjects]
    if overdue_only:
        form.status.choices = [c for c in form.status.choices if c.value in OVERDUE_STATUSES]
        form.status.choices[0] = SelectChoice("", "Expired or never done")
    form.validate()
    chosen = {field.name: (field.data if not field.errors
                           and field.data in {str(c.value) for c in field.choices} else None)
              for field in (form.organisation, form.team, form.subject, form.status)}
    statuses = STATUSES.get(chosen["status"] or "", ())
    if overdue_only and not statuses:
        statuses = compliance_queries.OVERDUE
    return Filters(form, as_int(chosen["organisation"]), as_int(chosen["team"]),
                   as_int(chosen["subject"]), statuses)


def _lead_scope() -> set[int] | None:
    require(permissions.can_view_compliance_report(current_user))
    return permissions.lead_scope(current_user)


def _paginate(query):
    return db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)


# --- The partnership: organisations by subjects -------------------------------------------------

def _partnership() -> tuple[Filters, set[int] | None]:
    scope = _lead_scope()
    filters = _filters(organisations=scoped_organisations())
    chosen = filters.organisation_id
    return filters, ({chosen} if chosen else scope)


@admin_bp.get("/compliance")
@login_required
def compliance():
    filters, organisation_ids = _partnership()
    matrix = compliance_queries.organisation_matrix(organisation_ids, today(), filters.subject_id)
    return render_template("courses/compliance.html", form=filters.form, matrix=matrix,
                           whole=organisation_ids is None, due_days=rules.DUE_WITHIN_DAYS,
                           title="Mandatory training compliance")


@admin_bp.get(f"/compliance.{FORMAT}")
@login_required
def compliance_export(file_format: str):
    filters, organisation_ids = _partnership()
    rows = compliance_queries.compliance_report(organisation_ids, today(),
                                                subject_id=filters.subject_id)
    header = ["Subject", "Organisation", "Required", "Compliant", "Due within 60 days",
              "Expired", "Never done", "Per cent compliant"]
    data = [[r.subject, r.organisation, r.required, r.compliant, r.due, r.expired, r.never_done,
             r.percent] for r in rows]
    return export_response(file_format, f"compliance-{today():%Y-%m-%d}", header, data,
                           sheet_title="Compliance")


# --- One organisation: its teams by subjects ----------------------------------------------------

def _organisation(organisation_id: int):
    organisation = load_or_404(Organisation, organisation_id,
                               permissions.can_view_organisation_compliance)
    teams = db.session.scalars(compliance_queries.team_ids_with_staff(organisation.id)).all()
    filters = _filters(teams=teams)
    if filters.team_id:
        teams = [t for t in teams if t.id == filters.team_id]
    return organisation, teams, filters


@admin_bp.get("/compliance/organisations/<int:organisation_id>")
@login_required
def organisation_compliance(organisation_id: int):
    organisation = load_or_404(Organisation, organisation_id,
                               permissions.can_view_organisation_compliance)
    query = compliance_queries.team_ids_with_staff(organisation.id)
    form_teams = db.session.execute(
        select(Team.id, Team.name).where(Team.id.in_(query.with_only_columns(Team.id)))
        .order_by(Team.name, Team.id)).all()
    filters = _filters(teams=form_teams)
    if filters.team_id:
        query = query.where(Team.id == filters.team_id)
    page = _paginate(query)
    matrix = compliance_queries.team_matrix(organisation.id, list(page.items), today(),
                                            filters.subject_id)
    return render_template("courses/organisation_compliance.html", organisation=organisation,
                           form=filters.form, matrix=matrix, page=page,
                           due_days=rules.DUE_WITHIN_DAYS,
                           title=f"Mandatory training compliance: {organisation.name}")


@admin_bp.get(f"/compliance/organisations/<int:organisation_id>.{FORMAT}")
@login_required
def organisation_compliance_export(organisation_id: int, file_format: str):
    organisation, teams, filters = _organisation(organisation_id)
    matrix = compliance_queries.team_matrix(organisation.id, teams, today(), filters.subject_id,
                                            every_team=not filters.team_id)
    header = ["Team", "Subject", "Required", "Compliant", "Due within 60 days", "Expired",
              "Never done", "Per cent compliant"]
    data = [[_team_name(team), subject.label, t.required, t.compliant, t.due, t.expired,
             t.never_done, t.percent] for team, subject, t in matrix.rows()]
    return export_response(file_format, f"compliance-{organisation.short_name}-{today():%Y-%m-%d}",
                           header, data, sheet_title="Compliance by team")


def _team_name(team: Team) -> str:
    return f"{team.parent.name}: {team.name}" if team.parent else team.name


# --- One team, or a manager's people: person first ----------------------------------------------

def _people_page(people, filters: Filters):
    page = _paginate(compliance_queries.people_query(
        people, today(), subject_id=filters.subject_id, statuses=filters.statuses))
    rows = compliance_queries.people_rows(list(page.items), today(), filters.subject_id)
    return page, rows


def _people_export(people, filters: Filters, filename: str, file_format: str):
    everyone = db.session.scalars(compliance_queries.people_query(
        people, today(), subject_id=filters.subject_id, statuses=filters.statuses)).unique().all()
    rows = compliance_queries.people_rows(list(everyone), today(), filters.subject_id)
    header = ["Name", "Employee number", "Job role", "Team", "Subject", "Status",
              "Valid until or expired on", "Subjects expired or never done"]
    data = [[row.person.name, row.person.employee_number,
             row.person.job_role.name if row.person.job_role else "",
             row.person.team.name if row.person.team else "", subject.label,
             state.status.label, state.valid_until, row.overdue]
            for row in rows for subject, state in row.subjects]
    return export_response(file_format, filename, header, data, sheet_title="Compliance by person")


def _team(team_id: int) -> tuple[Team, object, Filters]:
    team = load_or_404(Team, team_id, permissions.can_view_team_compliance_of)
    people = User.team_id.in_(compliance_queries.team_tree(team.id))
    return team, people, _filters()


@admin_bp.get("/compliance/teams/<int:team_id>")
@login_required
def team_compliance_of(team_id: int):
    team, people, filters = _team(team_id)
    page, rows = _people_page(people, filters)
    return render_template("courses/team_people_compliance.html", team=team, form=filters.form,
                           page=page, rows=rows, due_days=rules.DUE_WITHIN_DAYS,
                           can_see_organisation=permissions.can_view_organisation_compliance(
                               current_user, team.organisation),
                           title=f"Mandatory training compliance: {team.name}")


@admin_bp.get(f"/compliance/teams/<int:team_id>.{FORMAT}")
@login_required
def team_compliance_of_export(team_id: int, file_format: str):
    team, people, filters = _team(team_id)
    return _people_export(people, filters, f"compliance-team-{team.id}-{today():%Y-%m-%d}",
                          file_format)


@bp.get("/team/compliance")
@login_required
def team_compliance():
    require(permissions.can_view_team_compliance(current_user))
    filters = _filters()
    page, rows = _people_page(managed_by(current_user), filters)
    return render_template("courses/team_compliance.html", form=filters.form, page=page,
                           rows=rows, due_days=rules.DUE_WITHIN_DAYS,
                           title="Your team's mandatory training")


@bp.get(f"/team/compliance.{FORMAT}")
@login_required
def team_compliance_export(file_format: str):
    require(permissions.can_view_team_compliance(current_user))
    return _people_export(managed_by(current_user), _filters(),
                          f"team-compliance-{today():%Y-%m-%d}", file_format)


# --- The people overdue -------------------------------------------------------------------------

def _overdue():
    scope = _lead_scope()
    organisations = scoped_organisations()
    chosen = as_int(request.args.get("organisation"))
    teams = []
    if chosen and (scope is None or chosen in scope):
        teams = db.session.execute(
            select(Team.id, Team.name).where(Team.organisation_id == chosen)
            .order_by(Team.name, Team.id)).all()
    filters = _filters(organisations=organisations, teams=teams, overdue_only=True)
    if filters.organisation_id:
        people = User.employer_id == filters.organisation_id
    elif scope is not None:
        people = User.employer_id.in_(scope)
    else:
        people = true()
    if filters.team_id and filters.organisation_id:
        people = people & User.team_id.in_(compliance_queries.team_tree(filters.team_id))
    return people, filters


@admin_bp.get("/compliance/overdue")
@login_required
def overdue():
    people, filters = _overdue()
    page = _paginate(compliance_queries.people_query(
        people, today(), subject_id=filters.subject_id, statuses=filters.statuses))
    rows = compliance_queries.people_rows(list(page.items), today(), filters.subject_id,
                                          only=filters.statuses)
    return render_template("courses/overdue.html", form=filters.form, page=page, rows=rows,
                           title="People with mandatory training overdue")


@admin_bp.get(f"/compliance/overdue.{FORMAT}")
@login_required
def overdue_export(file_format: str):
    people, filters = _overdue()
    header = ["Name", "Employee number", "Team", "Organisation", "Subject", "Status",
              "Expired on", "Subjects expired or never done"]
    data = ([name, number, team, organisation, subject, state.status.label, state.valid_until,
             count] for name, number, team, organisation, subject, state, count
            in compliance_queries.overdue_rows(people, today(), subject_id=filters.subject_id,
                                               statuses=filters.statuses))
    return export_response(file_format, f"overdue-training-{today():%Y-%m-%d}", header, data,
                           sheet_title="Overdue")
