"""Forms for running fellowships."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
    EmailField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from academy.forms import DateWindow, reason_field
from academy.talent.fellowships.models import MilestoneKind

EMAIL_FORMAT = "Enter an e-mail address in the correct format, like name@example.nhs.uk"


class ProgrammeForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Enter the programme's name"), Length(max=200)])
    description = TextAreaField("Who it is for and how it runs", validators=[Optional(), Length(max=4000)])


class CohortForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Enter the cohort's name, like Cohort 4"),
                                           Length(max=120)])
    starts_on = DateField("Development period starts",
                          validators=[InputRequired("Enter the start date"), DateWindow.start()])
    placement_starts_on = DateField("Placements start",
                                    validators=[InputRequired("Enter the date placements start"),
                                                DateWindow.start()])
    ends_on = DateField("Programme ends",
                        validators=[InputRequired("Enter the date the programme ends"),
                                    DateWindow.recorded()])


class FellowForm(FlaskForm):
    email = EmailField("Fellow's e-mail address",
                       validators=[DataRequired("Enter the fellow's e-mail address"), Email(EMAIL_FORMAT)])
    mentor_email = EmailField("Mentor's e-mail address (optional)",
                              validators=[Optional(), Email(EMAIL_FORMAT)])
    coach = SelectField("Coach", coerce=str, validators=[Optional()])


class FellowPeopleForm(FlaskForm):
    mentor_email = EmailField("Mentor's e-mail address",
                              validators=[Optional(), Email(EMAIL_FORMAT)])
    coach = SelectField("Coach", coerce=str, validators=[Optional()])


class PlacementForm(FlaskForm):
    host = SelectField("Host partner", coerce=str, validators=[DataRequired("Choose the host partner")])
    project = StringField("Project", validators=[DataRequired("Enter the project"), Length(max=200)])
    description = TextAreaField("About the project", validators=[Optional(), Length(max=4000)])
    supervisor_email = EmailField("Supervisor's e-mail address (optional)",
                                  validators=[Optional(), Email(EMAIL_FORMAT)])
    starts_on = DateField("Starts", validators=[InputRequired("Enter the date the placement starts"),
                                                DateWindow.start()])
    ends_on = DateField("Ends (leave empty for twelve months)",
                        validators=[Optional(), DateWindow.recorded()])
    days_per_week = IntegerField("Days a week", default=1,
                                 validators=[InputRequired("Enter the days a week"),
                                             NumberRange(1, 5, "Enter the days a week, from 1 to 5")])


class MilestoneForm(FlaskForm):
    kind = SelectField("Kind", choices=[SelectChoice(k.value, k.label) for k in MilestoneKind],
                       validators=[InputRequired("Choose the kind of milestone")])
    title = StringField("Title", validators=[DataRequired("Enter the title, like Learning set 2"),
                                             Length(max=200)])
    due_on = DateField("Due", validators=[InputRequired("Enter the date it is due"),
                                          DateWindow.scheduled()])


class CompleteForm(FlaskForm):
    completed_on = DateField("Date done", validators=[InputRequired("Enter the date it was done"),
                                                     DateWindow.happened()])


class UndoMilestoneForm(FlaskForm):
    reason = reason_field("Why is it no longer done?")


class BackfillForm(FlaskForm):
    month = SelectField("Month", coerce=str, validators=[DataRequired("Choose the month")])
    amount = DecimalField("Amount (£)", places=2,
                          validators=[InputRequired("Enter the amount, like 650.00"),
                                      NumberRange(min=0, message="The amount must not be negative")])


class ButtonForm(FlaskForm):
    """A confirmation button."""
