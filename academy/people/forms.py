"""Forms for signing in, passwords, equality answers and people administration."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
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
from academy.people.models import EmploymentType
from academy.people.roles import Role


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
