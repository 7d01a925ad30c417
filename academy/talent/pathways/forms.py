"""Forms for defining pathways and choosing a target role."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from academy.talent.pathways.models import RequirementKind


class PathwayForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Enter the pathway's name"), Length(max=200)])
    summary = TextAreaField("Summary", validators=[Optional(), Length(max=2000)])


class StepForm(FlaskForm):
    job_role = SelectField("Role reached at this step", coerce=int,
                           validators=[InputRequired("Choose the role")])
    typical_months = IntegerField(
        "Typical months to reach it", default=12,
        validators=[InputRequired("Enter the typical number of months"),
                    NumberRange(0, 120, "Enter a number of months from 0 to 120")])
    note = StringField("Note", validators=[Optional(), Length(max=500)])


class RequirementForm(FlaskForm):
    kind = SelectField("What the step requires",
                       choices=[SelectChoice(k.value, k.label) for k in RequirementKind],
                       validators=[InputRequired("Choose what kind of requirement")])
    course = SelectField("Course", coerce=int, validators=[Optional()])
    standard = SelectField("Apprenticeship standard", coerce=int, validators=[Optional()])
    qualification = StringField("Qualification", validators=[Optional(), Length(max=200)])
    competency = SelectField("Competency", validators=[Optional()])
    level = SelectField("Level", coerce=int, validators=[Optional()],
                        choices=[SelectChoice(0, "Not a competency")] + [
                            SelectChoice(n, label) for n, label in
                            [(1, "1: awareness"), (2, "2: working knowledge"), (3, "3: proficient"),
                             (4, "4: expert")]])


class TargetForm(FlaskForm):
    job_role = SelectField("Your target role", coerce=int, validators=[InputRequired("Choose a role")])
