"""Forms of the catalogue: search, booking, approval, register, catalogue management, import."""

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
    TimeField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from academy.courses.models import Category, DeliveryMode, EnrolmentStatus, Pillar, ProviderKind
from academy.courses.queries import SORTS
from academy.forms import DateWindow, reason_field


def _enum_choices(enum_cls, blank: str | None = None) -> list[SelectChoice]:
    choices = [SelectChoice("", blank)] if blank else []
    return choices + [SelectChoice(value, label) for value, label in enum_cls.choices()]


class CatalogueFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Search courses", validators=[Optional(), Length(max=100)])
    category = SelectField("Category", choices=_enum_choices(Category, "Any category"),
                           validators=[Optional()])
    pillar = SelectField("People Plan pillar", choices=_enum_choices(Pillar, "Any pillar"),
                         validators=[Optional()])
    mode = SelectField("How it is delivered", choices=_enum_choices(DeliveryMode, "Any way"),
                       validators=[Optional()])
    provider = SelectField("Provider", coerce=str, validators=[Optional()])
    date_from = DateField("Sessions from", validators=[Optional(), DateWindow.report()])
    date_to = DateField("Sessions until", validators=[Optional(), DateWindow.report()])
    places_left = BooleanField("Only courses with places left")
    sort = SelectField("Sort by", choices=[SelectChoice(k, v) for k, v in SORTS.items()],
                       validators=[Optional()])

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end of the date range must be after its start")


class BookForm(FlaskForm):
    person = SelectField("Who is the place for?", coerce=int, validators=[Optional()])


class CancelForm(FlaskForm):
    reason = TextAreaField("Reason (optional)", validators=[Optional(), Length(max=400)])


class DeclineForm(FlaskForm):
    reason = TextAreaField("Why are you not approving it?",
                           validators=[DataRequired("Enter a reason the person will see"),
                                       Length(max=400)])


class ReserveForm(FlaskForm):
    places = IntegerField("How many places?", validators=[
        InputRequired("Enter how many places to reserve"),
        NumberRange(min=1, max=100, message="Reserve from 1 to 100 places")])


class NamePlaceForm(FlaskForm):
    person = SelectField("Team member", coerce=int,
                         validators=[InputRequired("Choose who the place is for")])


class CancelSessionForm(FlaskForm):
    reason = TextAreaField("Why is it cancelled?", validators=[
        DataRequired("Enter a reason: everyone booked or waiting will see it"), Length(max=400)])


class AsksForServiceFields:
    """A form that asks for what a service names otherwise: the services speak of a session's
    `starts_at` and `ends_at`, the forms ask for a date and times. Looking a field up by the
    service's name finds the form's field, so a refusal is shown in place on it."""

    SERVICE_FIELDS: dict[str, str] = {}

    def __contains__(self, name: str) -> bool:
        return super().__contains__(self.SERVICE_FIELDS.get(name, name))

    def __getitem__(self, name: str):
        return super().__getitem__(self.SERVICE_FIELDS.get(name, name))


class CloneSessionForm(AsksForServiceFields, FlaskForm):
    # The copy keeps the trainers: one already training at the new time is refused on the date.
    SERVICE_FIELDS = {"starts_at": "starts_on", "ends_at": "starts_on", "trainers": "starts_on"}

    starts_on = DateField("Date of the new session", validators=[InputRequired("Enter the date"),
                                                                 DateWindow.scheduled()])
    start_time = TimeField("Start time", validators=[InputRequired("Enter the start time")])


class SessionForm(AsksForServiceFields, FlaskForm):
    SERVICE_FIELDS = {"starts_at": "starts_on", "ends_at": "end_time"}

    starts_on = DateField("Date", validators=[InputRequired("Enter the date of the session"),
                                              DateWindow.scheduled()])
    start_time = TimeField("Start time", validators=[InputRequired("Enter the start time")])
    end_time = TimeField("End time", validators=[InputRequired("Enter the end time")])
    capacity = IntegerField("Places", validators=[
        InputRequired("Enter how many places there are"),
        NumberRange(min=1, max=2000, message="Enter from 1 to 2,000 places")])
    # A change to a session whose booking has already closed keeps that past day, so the window
    # reaches back; the service keeps the day before the session starts.
    booking_closes_on = DateField("Booking closes on", validators=[Optional(), DateWindow.recorded()])
    site = SelectField("Site", coerce=str, validators=[Optional()])
    location = StringField("Room or address", validators=[Optional(), Length(max=200)])
    online_url = StringField("Online joining link", validators=[
        Optional(), Length(max=500),
        Regexp(r"^https://", message="Enter a link starting with https://")])
    trainers = SelectMultipleField("Trainers", coerce=int, validators=[Optional()])


class QuotaForm(FlaskForm):
    organisation = SelectField("Partner", coerce=int, validators=[InputRequired("Choose the partner")])
    places = IntegerField("Places held", validators=[
        InputRequired("Enter how many places to hold (0 removes the hold)"),
        NumberRange(min=0, max=2000, message="Enter from 0 to 2,000 places")])
    released_on = DateField("Release to everyone on", validators=[
        InputRequired("Enter the date the places are released to everyone"),
        DateWindow.scheduled()])


class CourseForm(FlaskForm):
    code = StringField("Course code", validators=[
        DataRequired("Enter a course code"), Length(max=20),
        Regexp(r"^[A-Za-z0-9-]+$", message="Use letters, numbers and dashes only")])
    title = StringField("Title", validators=[DataRequired("Enter the title"), Length(max=200)])
    summary = TextAreaField("Summary", validators=[DataRequired("Enter a one-line summary"),
                                                   Length(max=400)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=10_000)])
    category = SelectField("Category", choices=_enum_choices(Category),
                           validators=[InputRequired("Choose the category")])
    pillar = SelectField("People Plan pillar", choices=_enum_choices(Pillar),
                         validators=[InputRequired("Choose the pillar")])
    delivery_mode = SelectField("Delivery", choices=_enum_choices(DeliveryMode),
                                validators=[InputRequired("Choose how it is delivered")])
    duration_minutes = IntegerField("Duration in minutes", validators=[
        InputRequired("Enter the duration"),
        NumberRange(min=5, max=60 * 24 * 30, message="Enter a duration from 5 minutes")])
    cpd_hours = DecimalField("CPD hours", places=1, validators=[
        InputRequired("Enter the CPD hours (0 if none)"),
        NumberRange(min=0, max=1000, message="Enter from 0 to 1,000 hours")])
    provider_kind = RadioField("Provided by", choices=_enum_choices(ProviderKind),
                               validators=[InputRequired("Choose who provides it")])
    provider_id = SelectField("Providing partner, university or college", coerce=str,
                              validators=[Optional()])
    provider_name = StringField("External provider's name", validators=[Optional(), Length(max=200)])
    cost_per_place = DecimalField("Cost per place in pounds", places=2, validators=[
        InputRequired("Enter the cost per place (0 if free)"),
        NumberRange(min=0, max=100_000, message="Enter a cost from £0")])
    required_courses = SelectMultipleField("Courses to complete first", coerce=int, validators=[Optional()])
    prerequisites = TextAreaField("Other prerequisites", validators=[Optional(), Length(max=2000)])
    needs_approval = BooleanField("Needs the manager's approval")
    staff_groups = SelectMultipleField("For staff groups", coerce=str, validators=[Optional()])
    job_roles = SelectMultipleField("For job roles", coerce=int, validators=[Optional()])
    subjects = SelectMultipleField("Counts towards mandatory subjects", coerce=int,
                                   validators=[Optional()])
    competencies = TextAreaField(
        "Competencies developed", validators=[Optional(), Length(max=2000)])

    def validate_competencies(self, field):
        pairs = []
        for number, line in enumerate((field.data or "").splitlines(), start=1):
            if not line.strip():
                continue
            code, _, level = line.partition(":")
            if not code.strip() or not level.strip().isdigit() or not 0 <= int(level) <= 4:
                raise ValidationError(
                    f"Line {number} of the competencies must look like CODE:LEVEL, level 0 to 4")
            pairs.append((code.strip().upper()[:40], int(level)))
        self.competency_pairs = pairs


class RenewalForm(FlaskForm):
    renewal_months = IntegerField("Renewal period in months", validators=[
        Optional(), NumberRange(min=1, max=240, message="Enter from 1 to 240 months")])


class RequirementForm(FlaskForm):
    subject = SelectField("Subject", coerce=int, validators=[InputRequired("Choose the subject")])
    job_role = SelectField("Job role", coerce=str, validators=[Optional()])
    staff_group = SelectField("or staff group", coerce=str, validators=[Optional()])


class ImportForm(FlaskForm):
    organisation = SelectField("Whose staff records are these?", coerce=int,
                               validators=[InputRequired("Choose the organisation")])
    file = FileField("CSV file", validators=[
        FileRequired("Choose a CSV file to import"),
        FileAllowed(["csv", "txt"], "The file must be a CSV file")])


class ComplianceFilterForm(FlaskForm):
    class Meta:
        csrf = False

    # Choices are checked against a set by the view: a trust's hundreds of teams, one by one
    # in WTForms, took longer than the rest of the page.
    organisation = SelectField("Organisation", coerce=str, validators=[Optional()],
                               validate_choice=False)
    team = SelectField("Team", coerce=str, validators=[Optional()], validate_choice=False)
    subject = SelectField("Subject", coerce=str, validators=[Optional()], validate_choice=False)
    status = SelectField("Status", coerce=str, validators=[Optional()], validate_choice=False, choices=[
        SelectChoice("", "Any status"), SelectChoice("overdue", "Expired or never done"),
        SelectChoice("expired", "Expired"), SelectChoice("never_done", "Never done"),
        SelectChoice("due", "Due for renewal"), SelectChoice("compliant", "Compliant")])


class VerifyForm(FlaskForm):
    class Meta:
        csrf = False

    code = StringField("Verification code", validators=[
        DataRequired("Enter the code printed on the certificate"), Length(max=30)])


class CorrectCompletionForm(FlaskForm):
    change = RadioField(
        "What needs correcting?",
        choices=[SelectChoice("date", "The date it was completed"),
                 SelectChoice("withdraw", "It was not completed: withdraw the completion and its certificate")],
        validators=[InputRequired("Choose what needs correcting")],
    )
    completed_on = DateField("Date completed", validators=[Optional(), DateWindow.happened()])
    reason = reason_field()

    def validate(self, extra_validators=None) -> bool:
        # The date is asked for only when it is the date being corrected.
        valid = super().validate(extra_validators)
        if self.change.data == "date" and self.completed_on.data is None and not self.completed_on.errors:
            self.completed_on.errors = ["Enter the date it was completed"]
            return False
        return valid


def register_form_class(enrolments) -> type[FlaskForm]:
    """A form with one question per person on the register."""
    choices = [SelectChoice("completed", "Completed"),
               SelectChoice("attended", "Attended, not completed"),
               SelectChoice("no_show", "Did not attend")]
    fields = {
        f"mark_{e.id}": RadioField(
            e.user.name, choices=choices,
            validators=[InputRequired(f"Choose what happened for {e.user.name}")],
            default=e.status.value if e.status in (EnrolmentStatus.ATTENDED, EnrolmentStatus.NO_SHOW)
            else None,
        )
        for e in enrolments
    }
    return type("RegisterForm", (FlaskForm,), fields)
