"""Forms for apprentices, their delivery, cohorts and reference data."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from academy.extensions import db
from academy.forms import DateWindow
from academy.people.equality import QUESTIONS
from academy.talent.apprenticeships import queries, rules
from academy.talent.apprenticeships.models import (
    ApprenticeStatus,
    AssessmentResult,
    FundingSource,
    OtjBasis,
)


def partner_choices(scopes: set[int | None], empty_label: str | None = None) -> list[SelectChoice]:
    """The partners of the coordinator's scopes (None in them: every partner), for a select."""
    choices = [SelectChoice("", empty_label)] if empty_label else []
    return choices + [SelectChoice(str(o.id), o.name) for o in queries.organisations()
                      if None in scopes or o.id in scopes]


def standard_choices(*, include_retired: bool = False,
                     empty_label: str = "Choose a standard") -> list[SelectChoice]:
    return [SelectChoice("", empty_label)] + [
        SelectChoice(str(s.id), f"{s.title} (level {s.level}, {s.reference})")
        for s in db.session.scalars(queries.standards(include_retired=include_retired))]


# Shared with the levy's forms.
MONEY = [InputRequired("Enter an amount in pounds"), NumberRange(min=0, message="Enter £0 or more")]


class ApprenticeFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Name, e-mail, employee number or ULN", validators=[Optional(), Length(max=100)])
    organisation = SelectField("Employer", coerce=str, validators=[Optional()])
    status = SelectField("Status", coerce=str, validators=[Optional()], choices=[
        SelectChoice("", "Any status"),
        *[SelectChoice(s.value, s.label) for s in ApprenticeStatus]])
    rag = SelectField("Progress", coerce=str, validators=[Optional()], choices=[
        SelectChoice("", "Any"), SelectChoice("at_risk", "At risk (red or amber)"),
        SelectChoice("red", "Red"), SelectChoice("amber", "Amber"), SelectChoice("green", "Green")])
    standard = SelectField("Standard", coerce=str, validators=[Optional()])
    cohort = SelectField("Cohort", coerce=str, validators=[Optional()])


class ApprenticeForm(FlaskForm):
    person = StringField("The apprentice's e-mail address or employee number",
                         validators=[DataRequired("Enter the apprentice's e-mail address or "
                                                  "employee number"), Length(max=254)])
    standard = SelectField("Standard", coerce=str, validators=[DataRequired("Choose a standard")])
    standard_version = StringField("Version of the standard", validators=[Optional(), Length(max=10)])
    date_of_birth = DateField("Date of birth", validators=[Optional(), DateWindow.birth()])
    uln = StringField("Unique learner number (ULN)", validators=[Optional(), Length(max=10)])
    ehcp_or_care_leaver = BooleanField("Has an education, health and care plan or is a care leaver")
    prison_leaver = BooleanField("Is a prison leaver (foundation apprenticeships are open to "
                                 "prison leavers up to age 24)")
    provider_name = StringField("Training provider", validators=[
        DataRequired("Enter the training provider"), Length(max=200)])
    provider_ukprn = StringField("Provider's UKPRN", validators=[
        DataRequired("Enter the provider's UKPRN"), Length(max=8)])
    assessment_organisation = StringField("Assessment organisation", validators=[
        Optional(), Length(max=200)])
    start_on = DateField("Start date", validators=[InputRequired("Enter the start date"),
                                                  DateWindow.start()])
    planned_end_on = DateField("Planned end date", validators=[
        InputRequired("Enter the planned end date"), DateWindow.target()])
    training_price = DecimalField("Agreed price for training (£)", places=2, validators=MONEY)
    assessment_price = DecimalField("Agreed price for assessment (£)", places=2, validators=MONEY)
    weekly_hours = DecimalField("Contracted hours a week", places=2, default=37.5, validators=[
        InputRequired("Enter the contracted hours a week"),
        NumberRange(min=1, max=48, message="Enter between 1 and 48 hours")])
    funding_source = RadioField("Funding", choices=[
        SelectChoice(f.value, f.label) for f in FundingSource],
        validators=[InputRequired("Choose how it is funded")])
    transfer_application = SelectField("Approved transfer", coerce=str, validators=[Optional()])
    cohort = SelectField("Cohort", coerce=str, validators=[Optional()])


class ApprenticeEditForm(FlaskForm):
    """What may change once the apprenticeship is agreed: the same fields as when it was."""

    provider_name = ApprenticeForm.provider_name
    provider_ukprn = ApprenticeForm.provider_ukprn
    assessment_organisation = ApprenticeForm.assessment_organisation
    cohort = ApprenticeForm.cohort


class StatusForm(FlaskForm):
    status = RadioField("New status", validators=[InputRequired("Choose the new status")])
    effective_on = DateField("From", validators=[InputRequired("Enter the date it takes effect"),
                                                DateWindow.happened()])
    reason = StringField("Reason", validators=[Optional(), Length(max=300)])


class OffTheJobForm(FlaskForm):
    worked_on = DateField("Date", validators=[InputRequired("Enter the date of the training"),
                                             DateWindow.happened()])
    hours = DecimalField("Hours", places=2, validators=[
        InputRequired("Enter the hours"),
        NumberRange(min=0.25, max=60, message="Enter between 0.25 and 60 hours")])
    activity = StringField("What you did", validators=[
        DataRequired("Say what the training was"), Length(max=200)])


SIGNATORIES = [SelectChoice("apprentice", "The apprentice"), SelectChoice("employer", "The employer"),
               SelectChoice("provider", "The training provider")]


class ReviewForm(FlaskForm):
    held_on = DateField("Date of the review", validators=[
        InputRequired("Enter the date of the review"), DateWindow.happened()])
    employer_representative = StringField("Employer's representative", validators=[
        DataRequired("Enter who took part for the employer"), Length(max=120)])
    provider_representative = StringField("Provider's representative", validators=[
        DataRequired("Enter who took part for the provider"), Length(max=120)])
    progress = TextAreaField("Progress, off-the-job training and slippage", validators=[
        Optional(), Length(max=4000)])
    actions = TextAreaField("Actions agreed", validators=[Optional(), Length(max=4000)])
    next_review_on = DateField("Next review (at most 12 weeks on)", validators=[
        Optional(), DateWindow.recorded()])
    signed = SelectMultipleField("Signed by", choices=SIGNATORIES, validators=[Optional()])


class GatewayForm(FlaskForm):
    items = SelectMultipleField("Gateway checklist", choices=[
        SelectChoice(key, label) for key, label in rules.GATEWAY_ITEMS], validators=[Optional()])


class BookAssessmentForm(FlaskForm):
    organisation = StringField("Assessment organisation", validators=[
        DataRequired("Enter the assessment organisation"), Length(max=200)])
    booked_for = DateField("Assessment date", validators=[
        InputRequired("Enter the assessment date"), DateWindow.scheduled()])


class ResultForm(FlaskForm):
    result = RadioField("Result", choices=[SelectChoice(r.value, r.label) for r in AssessmentResult],
                        validators=[InputRequired("Choose the result")])
    result_on = DateField("Date of the result", validators=[
        InputRequired("Enter the date of the result"), DateWindow.happened()])


class CohortForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Enter a name"), Length(max=120)])
    organisation = SelectField("Partner", coerce=str, validators=[Optional()])
    starts_on = DateField("Starts on", validators=[Optional(), DateWindow.start()])


class StandardsImportForm(FlaskForm):
    file = FileField("CSV file of standards", validators=[
        FileRequired("Choose a CSV file"), FileAllowed(["csv"], "The file must be a CSV file")])


class StandardsFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Title or reference", validators=[Optional(), Length(max=100)])
    level = SelectField("Level", coerce=str, validators=[Optional()], choices=[
        SelectChoice("", "Any level"), *[SelectChoice(str(n), f"Level {n}") for n in range(2, 8)]])


PERCENT = [InputRequired("Enter a percentage"), NumberRange(min=0, max=100, message="Enter 0 to 100")]
AGE = [InputRequired("Enter an age"), NumberRange(min=15, max=99, message="Enter an age from 15 to 99")]


class FundingRuleForm(FlaskForm):
    effective_from = DateField("In force from", validators=[
        InputRequired("Enter the date it applies from"), DateWindow.recorded()])
    name = StringField("Name of the change", validators=[DataRequired("Name the change"), Length(max=120)])
    top_up_percent = DecimalField("Government top-up on funds entering (%)", places=2, validators=PERCENT)
    expiry_months = IntegerField("Funds expire after (months)", validators=[
        InputRequired("Enter the months"), NumberRange(min=1, max=120, message="Enter 1 to 120")])
    levy_co_investment_percent = DecimalField(
        "Employer co-investment when levy funds run out (%)", places=2, validators=PERCENT)
    non_levy_co_investment_percent = DecimalField(
        "Employer co-investment, non-levy employers (%)", places=2, validators=PERCENT)
    young_fully_funded_max_age = IntegerField("Non-levy: fully funded up to age", validators=AGE)
    young_extended_max_age = IntegerField("…or with a care plan or care experience, up to age",
                                          validators=AGE)
    transfer_cap_percent = DecimalField("Transfer cap, of the previous tax year's funds (%)",
                                        places=2, validators=PERCENT)
    minimum_duration_months = IntegerField("Minimum duration (months)", validators=[
        InputRequired("Enter the months"), NumberRange(min=1, max=60, message="Enter 1 to 60")])
    otj_basis = RadioField("Off-the-job hours", choices=[
        SelectChoice(b.value, b.label) for b in OtjBasis], validators=[InputRequired("Choose one")])
    otj_percent = DecimalField("Share of working hours (%)", places=2, validators=PERCENT)
    otj_floor_hours = IntegerField("Funding floor (hours)", validators=[Optional(), NumberRange(min=0)])
    otj_weekly_hours_cap = IntegerField(
        "Hours a week counted at most (blank: all working hours)",
        validators=[Optional(), NumberRange(min=1, max=60, message="Enter 1 to 60")])
    part_time_threshold_hours = IntegerField(
        "Minimum duration longer pro rata below (hours a week; blank: no extension)",
        validators=[Optional(), NumberRange(min=1, max=60, message="Enter 1 to 60")])
    young_full_funding_max_staff = IntegerField(
        "Non-levy young apprentices fully funded only up to this many staff (blank: any size)",
        validators=[Optional(), NumberRange(min=1, message="Enter a number of staff")])
    qualifying_period_days = IntegerField("No payment before this many days in learning", validators=[
        InputRequired("Enter the days"), NumberRange(min=1, max=365, message="Enter 1 to 365")])
    foundation_max_age = IntegerField("Foundation apprenticeships up to age (blank: none yet)",
                                      validators=[Optional(), NumberRange(min=15, max=99)])
    foundation_extended_max_age = IntegerField(
        "…or with a care plan, care experience or as a prison leaver, up to age",
        validators=[Optional(), NumberRange(min=15, max=99)])
    level7_max_age = IntegerField("Level 7 new starts funded up to age (blank: no limit)",
                                  validators=[Optional(), NumberRange(min=15, max=99)])
    level7_extended_max_age = IntegerField("…or for care leavers and with a care plan, up to age",
                                           validators=[Optional(), NumberRange(min=15, max=99)])
    assessment_term = StringField("Name of the assessment", validators=[DataRequired("Enter it"), Length(max=60)])
    gateway_term = StringField("Name of the gateway", validators=[DataRequired("Enter it"), Length(max=60)])
    assessment_organisation_term = StringField("Name of the assessment organisation", validators=[
        DataRequired("Enter it"), Length(max=60)])
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=4000)])
    source = TextAreaField("Source (the document and its date)", validators=[
        DataRequired("Name the document the rule comes from, and its date"), Length(max=1000)])


class InclusionFilterForm(FlaskForm):
    class Meta:
        csrf = False

    characteristic = SelectField("Characteristic", coerce=str, choices=[
        SelectChoice(name, label) for name, (label, _) in QUESTIONS.items()],
        validators=[Optional()])
    organisation = SelectField("Partner", coerce=str, validators=[Optional()])
