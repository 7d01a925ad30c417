"""Forms for signing in, passwords, equality answers and people administration."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, Optional

from academy.forms import DateWindow
from academy.people.equality import QUESTIONS
from academy.people.models import EmploymentType, OrganisationType, Sector
from academy.people.roles import Role
from academy.people.structure import AFC_BANDS


class SignInForm(FlaskForm):
    email = EmailField(
        "E-mail address",
        validators=[DataRequired("Enter your e-mail address"),
                    Email("Enter an e-mail address in the correct format, like name@example.nhs.uk")],
    )
    password = PasswordField("Password", validators=[DataRequired("Enter your password")])


class ResetRequestForm(FlaskForm):
    email = EmailField(
        "E-mail address",
        validators=[DataRequired("Enter your e-mail address"),
                    Email("Enter an e-mail address in the correct format, like name@example.nhs.uk")],
    )


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        "New password", validators=[DataRequired("Enter a new password")]
    )
    confirm = PasswordField(
        "Confirm new password",
        validators=[DataRequired("Enter the new password again"),
                    EqualTo("password", "The passwords do not match")],
    )


def _equality_form_class() -> type[FlaskForm]:
    fields = {
        name: RadioField(
            label, choices=[SelectChoice(v, t) for v, t in choices], validators=[Optional()]
        )
        for name, (label, choices) in QUESTIONS.items()
    }
    return type("EqualityForm", (FlaskForm,), fields)


EqualityForm = _equality_form_class()


class PeopleFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Name, e-mail or employee number", validators=[Optional(), Length(max=100)])
    organisation = SelectField("Employer", coerce=str, validators=[Optional()])
    role = SelectField("Role", coerce=str, validators=[Optional()])


class GrantRoleForm(FlaskForm):
    role = SelectField(
        "Role", choices=[SelectChoice(r.value, r.label) for r in Role if r != Role.STAFF],
        validators=[InputRequired("Choose a role")],
    )
    scope = SelectField("For", coerce=str, validators=[InputRequired("Choose the scope")])


class ChangeJobForm(FlaskForm):
    organisation = SelectField("Employer", coerce=int, validators=[InputRequired("Choose the employer")])
    job_role = SelectField("Job role", coerce=int, validators=[InputRequired("Choose the job role")])
    team = SelectField("Team", coerce=int, validators=[Optional()])
    starts_on = DateField("Starts on", validators=[InputRequired("Enter the date the new job starts"),
                                                   DateWindow.start()])
    reason = StringField("Reason", validators=[Optional(), Length(max=120)])


class PersonForm(FlaskForm):
    given_name = StringField("First name", validators=[DataRequired("Enter the first name"), Length(max=100)])
    family_name = StringField("Last name", validators=[DataRequired("Enter the last name"), Length(max=100)])
    email = EmailField(
        "E-mail address",
        validators=[DataRequired("Enter the e-mail address"),
                    Email("Enter an e-mail address in the correct format, like name@example.nhs.uk")],
    )
    employee_number = StringField("Employee number", validators=[Optional(), Length(max=40)])
    organisation = SelectField("Employer", coerce=int, validators=[InputRequired("Choose the employer")])
    job_role = SelectField("Job role", coerce=int, validators=[InputRequired("Choose the job role")])
    employment_type = SelectField(
        "Employment type", choices=[SelectChoice(v, t) for v, t in EmploymentType.choices()],
        validators=[InputRequired("Choose the employment type")],
    )
    started_on = DateField("Start date", validators=[InputRequired("Enter the start date"),
                                                     DateWindow.start()])


class OrganisationForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Enter the organisation's name"),
                                           Length(max=200)])
    short_name = StringField("Short name", validators=[DataRequired("Enter a short name"),
                                                       Length(max=60)])
    type = SelectField("Type", choices=[SelectChoice(v, t) for v, t in OrganisationType.choices()],
                       validators=[InputRequired("Choose the type of organisation")])
    code = StringField("ODS code or CQC location ID", validators=[Optional(), Length(max=20)])
    is_levy_payer = BooleanField("Pays the apprenticeship levy")


class SiteForm(FlaskForm):
    name = StringField("Site name", validators=[DataRequired("Enter the site's name"),
                                                Length(max=200)])
    postcode = StringField("Postcode", validators=[Optional(), Length(max=10)])


class TeamForm(FlaskForm):
    name = StringField("Team name", validators=[DataRequired("Enter the team's name"),
                                                Length(max=200)])
    parent = SelectField("Part of", coerce=int, validators=[Optional()])


class JobRoleForm(FlaskForm):
    name = StringField("Job title", validators=[DataRequired("Enter the job title"),
                                                Length(max=200)])
    sector = SelectField("Sector", choices=[SelectChoice(v, t) for v, t in Sector.choices()],
                         validators=[InputRequired("Choose the sector")])
    staff_group = StringField("Staff group", validators=[DataRequired("Enter the staff group"),
                                                         Length(max=80)])
    afc_band = SelectField("Agenda for Change band", choices=[SelectChoice("", "No band")] + [
        SelectChoice(band, f"Band {band}") for band in AFC_BANDS], validators=[Optional()])
    social_care_role = StringField("Care role category", validators=[Optional(), Length(max=120)])


class JobRoleFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Job title or staff group", validators=[Optional(), Length(max=100)])
    sector = SelectField("Sector", choices=[SelectChoice("", "Any sector")] + [
        SelectChoice(v, t) for v, t in Sector.choices()], validators=[Optional()])


class PersonDetailsForm(FlaskForm):
    given_name = StringField("First name", validators=[DataRequired("Enter the first name"), Length(max=100)])
    family_name = StringField("Last name", validators=[DataRequired("Enter the last name"), Length(max=100)])
    email = EmailField(
        "E-mail address",
        validators=[DataRequired("Enter the e-mail address"),
                    Email("Enter an e-mail address in the correct format, like name@example.nhs.uk"),
                    Length(max=254)],
        filters=[lambda value: value.strip() if value else value],
    )


class CloseAccountForm(FlaskForm):
    reason = StringField("Reason", validators=[Optional(), Length(max=120)])


class AcceptTransferForm(FlaskForm):
    team = SelectField("Team in your organisation", coerce=int, validators=[Optional()])


class DeclineTransferForm(FlaskForm):
    reason = StringField("Reason (optional)", validators=[Optional(), Length(max=200)])


class IdentityProviderForm(FlaskForm):
    display_name = StringField(
        "Name people know it by", description="Shown on the sign-in button, like NHSmail",
        validators=[DataRequired("Enter the name of the sign-in service"), Length(max=120)],
    )
    issuer_url = StringField(
        "Issuer", description="The issuer's web address, from its OpenID Connect discovery document",
        validators=[DataRequired("Enter the issuer's web address"), Length(max=300)],
    )
    client_id = StringField("Client ID", validators=[DataRequired("Enter the client ID"),
                                                     Length(max=200)])
    client_secret_env = StringField(
        "Environment variable holding the client secret",
        description="The secret itself is set on the web servers, never here",
        validators=[DataRequired("Enter the name of the environment variable"), Length(max=100)],
    )
    email_claim = StringField(
        "Claim that carries the e-mail address", default="email",
        validators=[DataRequired("Enter the claim name, like email"), Length(max=60)],
    )
    is_enabled = BooleanField("Staff can sign in through this identity provider", default=True)
    password_sign_in = BooleanField("Staff can also sign in with a password", default=True)
# Staff files from HR.
from flask_wtf.file import FileAllowed, FileField, FileRequired  # noqa: E402
from wtforms import BooleanField as _BooleanField  # noqa: E402

from academy.people.staff_files.rules import COLUMNS as STAFF_FILE_COLUMNS  # noqa: E402


class StaffFileForm(FlaskForm):
    organisation = SelectField("Whose staff list is this?", coerce=int,
                               validators=[InputRequired("Choose the organisation")])
    file = FileField("Staff file (CSV or XLSX)", validators=[
        FileRequired("Choose a CSV or XLSX file"),
        FileAllowed(["csv", "xlsx"], "The file must be a CSV or XLSX file")])
    is_full = _BooleanField("This is the whole staff list: people missing from it have left",
                            default=True)


class JobTitleMappingForm(FlaskForm):
    title = StringField("Job title in your staff file",
                        validators=[DataRequired("Enter the job title"), Length(max=200)])
    job_role = SelectField("Means this job role", coerce=int,
                           validators=[InputRequired("Choose the job role")])


class StaffHeadingsForm(FlaskForm):
    """One box per column of ours: the heading the organisation's own export gives it."""


for _column in STAFF_FILE_COLUMNS:
    setattr(StaffHeadingsForm, _column, StringField(
        _column, validators=[Optional(), Length(max=120)]))
