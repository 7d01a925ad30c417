"""Forms of the learning needs analysis; pages with a field per competency are built per page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from academy.forms import DateWindow
from academy.lna.gaps import LEVELS, LearningMethod, Priority
from academy.lna.services.assessments import MAX_COMMENT

LEVEL_CHOICES = [SelectChoice(level, f"{level} {name}") for level, name, _ in LEVELS]
REQUIRED_CHOICES = [SelectChoice(0, "Not required")] + [
    SelectChoice(level, f"{level} {name}") for level, name, _ in LEVELS if level > 0
]
PRIORITY_CHOICES = [SelectChoice(p.value, p.label) for p in Priority]
METHOD_CHOICES = [SelectChoice("", "No preference")] + [
    SelectChoice(m.value, m.label) for m in LearningMethod
]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class FrameworkForm(FlaskForm):
    code = StringField("Code", validators=[DataRequired("Enter a short code, like DIG"),
                                           Length(max=20)])
    name = StringField("Name", validators=[DataRequired("Enter a name"), Length(max=200)])
    description = TextAreaField("Description (optional)", validators=[Optional(), Length(max=4000)])


class CompetencyForm(FlaskForm):
    domain = StringField("Domain", validators=[DataRequired("Enter the domain"), Length(max=120)])
    code = StringField("Code", validators=[Optional(), Length(max=30)])
    name = StringField("Name", validators=[DataRequired("Enter a name"), Length(max=200)])
    description = TextAreaField("Description (optional)", validators=[Optional(), Length(max=2000)])
    level_1 = TextAreaField("What level 1 (awareness) means (optional)",
                            validators=[Optional(), Length(max=1000)])
    level_2 = TextAreaField("What level 2 (working knowledge) means (optional)",
                            validators=[Optional(), Length(max=1000)])
    level_3 = TextAreaField("What level 3 (proficient) means (optional)",
                            validators=[Optional(), Length(max=1000)])
    level_4 = TextAreaField("What level 4 (expert) means (optional)",
                            validators=[Optional(), Length(max=1000)])


class ImportForm(FlaskForm):
    file = FileField("CSV file", validators=[
        FileRequired("Choose a CSV file"),
        FileAllowed(["csv"], "The file must be a CSV file"),
    ])
    framework = SelectField("Import into", coerce=str, validators=[InputRequired("Choose a framework")])
    code = StringField("Code of the new framework", validators=[Optional(), Length(max=20)])
    name = StringField("Name of the new framework", validators=[Optional(), Length(max=200)])


class MappingFilterForm(FlaskForm):
    """The search of the list of competencies asked once (read from the query string)."""

    class Meta:
        csrf = False

    q = StringField("Code, name or framework", validators=[Optional(), Length(max=100)])


class MappingForm(FlaskForm):
    competency_id = SelectField("Competency", coerce=str,
                                validators=[DataRequired("Choose a competency")])
    same_as_id = SelectField("Is the same as", coerce=str,
                             validators=[DataRequired("Choose the competency it is the same as")])

    def set_choices(self, choices: list[tuple[int, str]]) -> None:
        for field, prompt in ((self.competency_id, "Choose a competency"),
                              (self.same_as_id, "Choose a competency of another framework")):
            field.choices = [SelectChoice("", prompt)] + [
                SelectChoice(str(cid), label) for cid, label in choices]


class CopyProfileForm(FlaskForm):
    target = SelectField("Copy to job role", coerce=int,
                         validators=[InputRequired("Choose the job role to copy to")])
    replace = BooleanField("Replace the profile that job role already has")


class RoundForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Enter a name for the round"),
                                           Length(max=200)])
    description = TextAreaField("What the round is for (optional)",
                                validators=[Optional(), Length(max=2000)])
    opens_on = DateField("Opens on", validators=[InputRequired("Enter the opening date"),
                                                 DateWindow.start()])
    closes_on = DateField("Closes on", validators=[InputRequired("Enter the closing date"),
                                                   DateWindow.scheduled()])
    reminder_every_days = IntegerField(
        "Remind people who have not answered every (days)", default=7,
        validators=[InputRequired("Enter how often to remind people"), NumberRange(1, 60)])
    framework_ids = MultiCheckboxField("Frameworks", coerce=int)
    organisation_ids = MultiCheckboxField("Organisations", coerce=int)
    team_ids = MultiCheckboxField("Teams (optional)", coerce=int)
    job_role_ids = MultiCheckboxField("Job roles (optional)", coerce=int)
    staff_groups = MultiCheckboxField("Staff groups (optional)", coerce=str)


class PlanItemFields:
    """Names of the fields for one competency on the learning plan form."""

    @staticmethod
    def names(competency_id: int) -> dict[str, str]:
        return {key: f"{key}_{competency_id}" for key in ("include", "course", "method", "target", "note")}


def section_form(ratings) -> FlaskForm:
    """One page of the self-assessment: for each competency a level, priority, way to learn and
    comment, every one optional while saving as the person goes."""
    fields = {}
    for rating in ratings:
        cid = rating.competency_id
        fields[f"level_{cid}"] = RadioField("Your current level", choices=LEVEL_CHOICES, coerce=int,
                                            validators=[Optional()])
        fields[f"priority_{cid}"] = RadioField("How much this matters to you now",
                                               choices=PRIORITY_CHOICES, validators=[Optional()])
        fields[f"method_{cid}"] = SelectField("How you would prefer to learn",
                                              choices=METHOD_CHOICES, validators=[Optional()])
        fields[f"comment_{cid}"] = TextAreaField("Comment (optional)",
                                                 validators=[Optional(), Length(max=MAX_COMMENT)])
    form = type("SectionForm", (FlaskForm,), fields)()
    if not form.is_submitted():
        for rating in ratings:
            cid = rating.competency_id
            form[f"level_{cid}"].data = rating.self_level
            form[f"priority_{cid}"].data = rating.priority.value if rating.priority else None
            form[f"method_{cid}"].data = rating.preferred_method.value if rating.preferred_method else ""
            form[f"comment_{cid}"].data = rating.comment or ""
    return form


def validation_form(ratings) -> FlaskForm:
    """The manager's page: each rating confirmed (kept as it is) or adjusted, with a comment."""
    fields = {}
    for rating in ratings:
        cid = rating.competency_id
        fields[f"level_{cid}"] = SelectField("Level", choices=LEVEL_CHOICES, coerce=int,
                                             validators=[InputRequired("Choose a level")])
        fields[f"comment_{cid}"] = TextAreaField("Your comment (optional)",
                                                 validators=[Optional(), Length(max=MAX_COMMENT)])
    form = type("ValidationForm", (FlaskForm,), fields)()
    if not form.is_submitted():
        for rating in ratings:
            cid = rating.competency_id
            level = rating.manager_level if rating.manager_level is not None else rating.self_level
            form[f"level_{cid}"].data = level
            form[f"comment_{cid}"].data = rating.manager_comment or ""
    return form


def profile_form(competencies, requirements: dict) -> FlaskForm:
    """A required level (or not required) and essential or desirable for every competency."""
    fields = {"notes": TextAreaField("Notes (optional)", validators=[Optional(), Length(max=2000)])}
    for competency in competencies:
        fields[f"level_{competency.id}"] = SelectField(
            f"Required level for {competency.code} {competency.name}", choices=REQUIRED_CHOICES,
            coerce=int, validators=[InputRequired()])
        fields[f"essential_{competency.id}"] = BooleanField(
            f"Essential: {competency.code}")
    form = type("ProfileForm", (FlaskForm,), fields)()
    if not form.is_submitted():
        for competency in competencies:
            requirement = requirements.get(competency.id)
            form[f"level_{competency.id}"].data = requirement.required_level if requirement else 0
            form[f"essential_{competency.id}"].data = requirement.is_essential if requirement else True
    return form


def plan_form(gap_rows, course_choices: dict[int, list[SelectChoice]], plan_items: dict) -> FlaskForm:
    """The learning plan: for each gap, whether to include it, a course, a way to learn, a date."""
    fields = {}
    for row in gap_rows:
        cid = row.competency_id
        fields[f"include_{cid}"] = BooleanField("Add to my plan")
        fields[f"course_{cid}"] = SelectField(
            "Course", coerce=str, validators=[Optional()],
            choices=[SelectChoice("", "No course: learn another way")] + course_choices.get(cid, []))
        fields[f"method_{cid}"] = SelectField("How you will learn", choices=METHOD_CHOICES,
                                              validators=[Optional()])
        fields[f"target_{cid}"] = DateField("Aim to finish by (optional)",
                                            validators=[Optional(), DateWindow.target()])
        fields[f"note_{cid}"] = TextAreaField("Note (optional)",
                                              validators=[Optional(), Length(max=MAX_COMMENT)])
    form = type("PlanForm", (FlaskForm,), fields)()
    if not form.is_submitted():
        for row in gap_rows:
            cid = row.competency_id
            item = plan_items.get(cid)
            form[f"include_{cid}"].data = item is not None if plan_items else True
            form[f"course_{cid}"].data = str(item.course_id) if item and item.course_id else ""
            method = (item.method if item else None) or row.preferred_method
            form[f"method_{cid}"].data = method.value if method else ""
            form[f"target_{cid}"].data = item.target_on if item else None
            form[f"note_{cid}"].data = item.note if item else ""
    return form


class ReportFilterForm(FlaskForm):
    """The scope every report is filtered by (read from the query string)."""

    class Meta:
        csrf = False

    organisation = SelectField("Organisation", coerce=str, validators=[Optional()])
    team = SelectField("Team", coerce=str, validators=[Optional()])
    job_role = SelectField("Job role", coerce=str, validators=[Optional()])
    staff_group = SelectField("Staff group", coerce=str, validators=[Optional()])
