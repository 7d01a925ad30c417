"""Forms for levy accounts, pledges and transfer requests."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from academy.forms import DateWindow
from academy.people.models import OrganisationType
from academy.talent.apprenticeships.forms import MONEY


class DeclarationForm(FlaskForm):
    payroll_month = DateField("Payroll month", format="%Y-%m", validators=[
        InputRequired("Enter the payroll month, like 2026-03"), DateWindow.happened()])
    levy_declared = DecimalField("Levy declared (£)", places=2, validators=MONEY)


class PledgeForm(FlaskForm):
    amount = DecimalField("Amount (£)", places=2, validators=[
        InputRequired("Enter the amount"), NumberRange(min=1, message="Enter £1 or more")])
    recipient = SelectField("For a named partner", coerce=str, validators=[Optional()])
    organisation_types = SelectMultipleField("Open to these kinds of organisation", choices=[
        SelectChoice(t.value, t.label) for t in OrganisationType], validators=[Optional()])
    levels = SelectMultipleField("Levels", choices=[
        SelectChoice(str(n), f"Level {n}") for n in range(2, 8)], validators=[Optional()])
    location = StringField("Location", validators=[Optional(), Length(max=200)])
    description = TextAreaField("What the funds are for", validators=[Optional(), Length(max=2000)])
    need = HiddenField()


class ApplicationForm(FlaskForm):
    organisation = SelectField("Partner applying", coerce=str, validators=[
        DataRequired("Choose the partner")])
    standard = SelectField("Standard", coerce=str, validators=[DataRequired("Choose a standard")])
    apprentices_count = IntegerField("Number of apprentices", validators=[
        InputRequired("Enter the number of apprentices"),
        NumberRange(min=1, max=200, message="Enter 1 to 200")])
    amount = DecimalField("Amount (£)", places=2, validators=[
        InputRequired("Enter the amount"), NumberRange(min=1, message="Enter £1 or more")])
    planned_start_on = DateField("Planned start", validators=[
        InputRequired("Enter the planned start"), DateWindow.start()])
    reason = TextAreaField("Who it is for and why", validators=[Optional(), Length(max=2000)])


class DecisionForm(FlaskForm):
    decision = RadioField("Decision", choices=[SelectChoice("approve", "Approve"),
                                               SelectChoice("reject", "Do not approve")],
                          validators=[InputRequired("Choose a decision")])
    note = TextAreaField("Note to the applicant", validators=[Optional(), Length(max=2000)])


class LedgerFilterForm(FlaskForm):
    class Meta:
        csrf = False

    tax_year = SelectField("Tax year", coerce=str, validators=[Optional()])


class AccountSettingsForm(FlaskForm):
    english_percent = DecimalField("Share of the pay bill in England (%)", places=2, validators=[
        InputRequired("Enter the share of the pay bill in England"),
        NumberRange(min=0.01, max=100, message="Enter a percentage above 0 and up to 100")])
    opened_on = DateField("Opened on", validators=[InputRequired("Enter the day the account opened"),
                                                   DateWindow.recorded()])
