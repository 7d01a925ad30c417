"""Forms for applying, coordinating and working in a partnership."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
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
from academy.mentoring.models import (
    FEEDBACK_QUESTIONS,
    MEETING_FORMATS,
    ApplicationStatus,
    MeetingMode,
    PartnershipStatus,
    ProgrammeKind,
)
from academy.mentoring.vocabulary import BANDS, FACTOR_LABELS, FACTORS, SLOTS, slot_label

AVAILABILITY_CHOICES = [SelectChoice(bit, slot_label(bit)) for bit in range(len(SLOTS))]
BAND_CHOICES = [SelectChoice("", "Prefer not to say")] + [
    SelectChoice(b, f"Band {b} or equivalent") for b in BANDS
]


class ApplicationForm(FlaskForm):
    side = RadioField("Which side are you applying for?", validators=[InputRequired("Choose a side")])
    eligibility_confirmed = BooleanField("I confirm that I am eligible for the side I have chosen")
    goal_ids = SelectMultipleField("What do you want to work on? Choose up to 5", coerce=int,
                                   validators=[Optional()])
    interests = StringField("Your interests", validators=[Optional(), Length(max=500)])
    hopes_to_give = TextAreaField("What you hope to give your partner",
                                  validators=[DataRequired("Say what you hope to give"),
                                              Length(max=2000)])
    hopes_to_gain = TextAreaField("What you hope to gain",
                                  validators=[DataRequired("Say what you hope to gain"),
                                              Length(max=2000)])
    availability = SelectMultipleField("When could you usually meet?", coerce=int,
                                       choices=AVAILABILITY_CHOICES, validators=[Optional()])
    meeting_mode = RadioField(
        "How would you like to meet?",
        choices=[SelectChoice(m.value, m.label) for m in MeetingMode],
        validators=[InputRequired("Choose how you would like to meet")],
    )
    site_id = SelectField("Where you usually work", coerce=int, validators=[Optional()])
    band = SelectField("Your band", choices=BAND_CHOICES, validators=[Optional()])
    capacity = SelectField(
        "How many partners could you take on? (senior side only)", coerce=int,
        choices=[SelectChoice(n, str(n)) for n in range(1, 5)], validators=[Optional()],
    )
    conflicts = TextAreaField(
        "Anyone you must not be paired with (optional)",
        validators=[Optional(), Length(max=2000)],
    )
    priority_groups = SelectMultipleField("Groups you belong to (optional)", validators=[Optional()])
    priority_consent = BooleanField(
        "I agree that the programme uses my answer above to prioritise applicants and in "
        "anonymous figures"
    )


class ProgrammeForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Enter the programme's name"), Length(max=200)])
    kind = SelectField("Kind of programme",
                       choices=[SelectChoice(k.value, k.label) for k in ProgrammeKind],
                       validators=[InputRequired("Choose the kind of programme")])
    description = TextAreaField("Description", validators=[Optional(), Length(max=4000)])
    scope = SelectField("Run for", coerce=str, validators=[Optional()])
    partner_label = StringField("Name of the side that takes one partner",
                                validators=[DataRequired("Name this side"), Length(max=120)])
    partner_eligibility = TextAreaField("Who is eligible on that side",
                                        validators=[Optional(), Length(max=2000)])
    leader_label = StringField("Name of the side that may take several partners",
                               validators=[DataRequired("Name this side"), Length(max=120)])
    leader_eligibility = TextAreaField("Who is eligible on that side",
                                       validators=[Optional(), Length(max=2000)])
    allow_cross_organisation = BooleanField("Pair people from different organisations")
    band_gap_wanted = IntegerField(
        "Difference in band wanted", validators=[InputRequired("Enter the band gap wanted"),
                                                 NumberRange(0, 10, "Enter a number from 0 to 10")])
    max_distance_km = IntegerField(
        "Distance at which in-person pairs score nothing (km)",
        validators=[InputRequired("Enter the distance"), NumberRange(1, 500, "Enter 1 to 500 km")])
    priority_groups = TextAreaField("Priority groups applicants may declare, one a line",
                                    validators=[Optional(), Length(max=2000)])
    priority_bonus = IntegerField(
        "Bonus points for applicants in a priority group",
        validators=[InputRequired("Enter the bonus, or 0"), NumberRange(0, 100, "Enter 0 to 100")])


for _factor in FACTORS:
    setattr(ProgrammeForm, f"weight_{_factor}", IntegerField(
        FACTOR_LABELS[_factor],
        validators=[InputRequired("Enter a weight, or 0"), NumberRange(0, 100, "Enter 0 to 100")],
    ))


class CohortForm(FlaskForm):
    # One window for the four dates: a cohort is changed while it runs, when its dates are past.
    name = StringField("Name", validators=[DataRequired("Enter the cohort's name"), Length(max=200)])
    opens_on = DateField("Applications open", validators=[InputRequired("Enter the opening date"),
                                                         DateWindow.recorded()])
    closes_on = DateField("Applications close", validators=[InputRequired("Enter the closing date"),
                                                           DateWindow.recorded()])
    matching_on = DateField("Matching date", validators=[InputRequired("Enter the matching date"),
                                                      DateWindow.recorded()])
    starts_on = DateField("Partnerships start", validators=[InputRequired("Enter the start date"),
                                                          DateWindow.recorded()])
    duration_months = IntegerField(
        "Length in months", validators=[InputRequired("Enter the length in months"),
                                        NumberRange(1, 36, "Enter 1 to 36 months")])
    meeting_interval_weeks = IntegerField(
        "Expect a meeting every so many weeks",
        validators=[InputRequired("Enter the meeting rhythm"), NumberRange(1, 12, "Enter 1 to 12 weeks")])


class CohortStatusForm(FlaskForm):
    status = HiddenField(validators=[DataRequired("Choose what to do")])
    # Set by the page that asks to confirm closing applications before the advertised date.
    confirmed = HiddenField()


class GoalForm(FlaskForm):
    name = StringField("New goal", validators=[DataRequired("Enter the goal"), Length(max=120)])


class DeclineForm(FlaskForm):
    reason = TextAreaField("Why is this application not going forward?",
                           validators=[DataRequired("Say why, so the applicant knows"), Length(max=500)])


class DecisionForm(FlaskForm):
    partner_application_id = IntegerField(validators=[InputRequired()])
    leader_application_id = IntegerField(validators=[InputRequired()])
    kind = HiddenField(validators=[DataRequired()])
    note = StringField("Note (optional)", validators=[Optional(), Length(max=300)])
    back = HiddenField()


class RematchForm(FlaskForm):
    reason = TextAreaField("Why would you like a different partner?",
                           validators=[DataRequired("Say briefly why"), Length(max=500)])


class AgreedGoalsForm(FlaskForm):
    goals = TextAreaField("Goals you have agreed together",
                          validators=[DataRequired("Write the goals you have agreed"), Length(max=5000)])


class MeetingForm(FlaskForm):
    met_on = DateField("Date you met", validators=[InputRequired("Enter the date you met"),
                                                    DateWindow.happened()])
    format = RadioField("How you met", choices=[SelectChoice(k, v) for k, v in MEETING_FORMATS.items()],
                        validators=[InputRequired("Choose how you met")])
    minutes = IntegerField("Length in minutes",
                           validators=[InputRequired("Enter how long you met"),
                                       NumberRange(5, 600, "Enter 5 to 600 minutes")])
    note = TextAreaField("Your private note (optional)", validators=[Optional(), Length(max=5000)])


class NoteForm(FlaskForm):
    text = TextAreaField("Your private note", validators=[DataRequired("Write your note"),
                                                         Length(max=5000)])


RATING_CHOICES = [SelectChoice(str(n), label) for n, label in (
    (1, "1: not at all"), (2, "2"), (3, "3"), (4, "4"), (5, "5: very much"))]


class FeedbackForm(FlaskForm):
    comments = TextAreaField("Anything else you would like to tell the coordinator (optional)",
                             validators=[Optional(), Length(max=5000)])


for _question, _text in FEEDBACK_QUESTIONS.items():
    setattr(FeedbackForm, _question, RadioField(
        _text, choices=RATING_CHOICES, validators=[InputRequired("Choose an answer from 1 to 5")]))


class CloseForm(FlaskForm):
    completed = RadioField(
        "How did the partnership end?",
        choices=[SelectChoice("yes", "It ran its course"), SelectChoice("no", "It ended early")],
        validators=[InputRequired("Choose how it ended")],
    )
    note = TextAreaField("Closing note (optional)", validators=[Optional(), Length(max=5000)])


class ApplicationFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Name or e-mail", validators=[Optional(), Length(max=100)])
    side = SelectField("Side", coerce=str, validators=[Optional()])
    status = SelectField("Status", coerce=str, validators=[Optional()], choices=[
        SelectChoice("", "Any status")] + [SelectChoice(s.value, s.label) for s in ApplicationStatus])


class ProposalFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Name", validators=[Optional(), Length(max=100)])
    locked = BooleanField("Locked pairs only")


class PartnershipFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Name", validators=[Optional(), Length(max=100)])
    status = SelectField("Status", coerce=str, validators=[Optional()], choices=[
        SelectChoice("", "Any status")] + [SelectChoice(s.value, s.label) for s in PartnershipStatus])
