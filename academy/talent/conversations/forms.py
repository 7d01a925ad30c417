"""Forms for booking, preparing, recording and reporting career conversations."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from academy.forms import DateWindow
from academy.talent.conversations import rules
from academy.talent.conversations.models import CancelReason, GrowthDirection, Mode, OtherAim

MODE_CHOICES = [SelectChoice(m.value, m.label) for m in Mode]
LENGTH_CHOICES = [SelectChoice(n, f"{n} minutes") for n in rules.SLOT_LENGTHS]
TEXT = [Optional(), Length(max=4000, message="Keep this to 4,000 characters")]
NOT_DECIDED = "undecided"


class SlotFilterForm(FlaskForm):
    class Meta:
        csrf = False

    first = DateField("From", validators=[Optional(), DateWindow.report()])
    last = DateField("To", validators=[Optional(), DateWindow.report()])
    mode = SelectField("How", coerce=str, validators=[Optional()],
                       choices=[SelectChoice("", "In person or video"), *MODE_CHOICES])
    # A link may name a coach or site with no free times left: show none rather than an error.
    site = SelectField("Where", coerce=str, validators=[Optional()], validate_choice=False)
    coach = SelectField("Coach", coerce=str, validators=[Optional()], validate_choice=False)


class PreparationForm(FlaskForm):
    where_now = TextAreaField("Where are you now?", validators=TEXT)
    where_next = TextAreaField("Where do you want to go?", validators=TEXT)
    in_the_way = TextAreaField("What gets in the way?", validators=TEXT)


class ChooseSlotForm(FlaskForm):
    """Choose one of a coach's free times: to move a booking or to book a follow-up."""

    slot = RadioField("Choose a time", coerce=int, validate_choice=True,
                      validators=[InputRequired("Choose a time")])


def cancel_choices(for_coach: bool) -> list[SelectChoice]:
    reasons = ([CancelReason.CANNOT_MAKE_IT, CancelReason.DID_NOT_TAKE_PLACE, CancelReason.OTHER]
               if for_coach else
               [CancelReason.CANNOT_MAKE_IT, CancelReason.NO_LONGER_NEEDED, CancelReason.OTHER])
    return [SelectChoice(r.value, r.label) for r in reasons]


class CancelForm(FlaskForm):
    reason = RadioField("Why are you cancelling?",
                        validators=[InputRequired("Choose why you are cancelling")])


class SlotForm(FlaskForm):
    on = DateField("Date", validators=[InputRequired("Enter the date"), DateWindow.scheduled()])
    at = TimeField("Start time", validators=[InputRequired("Enter the start time, like 09:30")])
    minutes = SelectField("Length", coerce=int, choices=LENGTH_CHOICES,
                          validators=[InputRequired("Choose the length")])
    mode = RadioField("How", choices=MODE_CHOICES, validators=[InputRequired("Choose how you will meet")])
    site = SelectField("Site (for in-person conversations)", coerce=str, validators=[Optional()])
    joining_details = StringField("Joining details (for video calls)",
                                  validators=[Optional(), Length(max=300)])


class AvailabilityForm(FlaskForm):
    weekday = SelectField("Day of the week", coerce=int,
                          choices=[SelectChoice(n, name) for n, name in enumerate(rules.WEEKDAYS)],
                          validators=[InputRequired("Choose the day")])
    starts = TimeField("From", validators=[InputRequired("Enter the time you start, like 09:00")])
    ends = TimeField("Until", validators=[InputRequired("Enter the time you finish, like 12:00")])
    slot_minutes = SelectField("Length of each conversation", coerce=int, choices=LENGTH_CHOICES,
                               validators=[InputRequired("Choose the length")])
    mode = RadioField("How", choices=MODE_CHOICES, validators=[InputRequired("Choose how you will meet")])
    site = SelectField("Site (for in-person conversations)", coerce=str, validators=[Optional()])
    joining_details = StringField("Joining details (for video calls)",
                                  validators=[Optional(), Length(max=300)])
    valid_from = DateField("First date", validators=[InputRequired("Enter the first date"),
                                                     DateWindow.start()])
    valid_until = DateField("Last date (leave empty to keep going)",
                            validators=[Optional(), DateWindow.recorded()])


class BlockForm(FlaskForm):
    starts_on = DateField("From date", validators=[InputRequired("Enter the date the time starts"),
                                                   DateWindow.scheduled()])
    starts_time = TimeField("From time", validators=[InputRequired("Enter the time it starts, like 09:00")])
    ends_on = DateField("Until date", validators=[InputRequired("Enter the date the time ends"),
                                                  DateWindow.scheduled()])
    ends_time = TimeField("Until time", validators=[InputRequired("Enter the time it ends, like 17:00")])
    reason = StringField("Reason (only you see it)", validators=[Optional(), Length(max=200)])


class ActionRowForm(Form):
    what = StringField("What", validators=[Optional(), Length(max=300)])
    owner = StringField("Who", validators=[Optional(), Length(max=120)])
    # A record may be written or changed after an action fell due: a working record's window.
    due_on = DateField("By when", validators=[Optional(), DateWindow.recorded()])


class RecordForm(FlaskForm):
    growth_direction = RadioField(
        "Growth direction the person wants",
        choices=[SelectChoice(d.value, f"{d.label}: {d.hint.lower()}") for d in GrowthDirection]
        + [SelectChoice(NOT_DECIDED, "Not decided yet")],
        validators=[InputRequired("Choose the growth direction, or not decided yet")],
    )
    aims = SelectMultipleField(
        "Other aims (choose any)", choices=[SelectChoice(a.value, a.label) for a in OtherAim],
        validators=[Optional()], widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    notes = TextAreaField("Notes", validators=[DataRequired("Enter notes from the conversation"),
                                               Length(max=20000)])
    actions = FieldList(FormField(ActionRowForm), min_entries=3)

    def error_items(self) -> list[dict]:
        """The error summary's entries, action rows included."""
        items = []
        for name in ("growth_direction", "aims", "notes"):
            for message in getattr(self, name).errors:
                items.append({"text": message, "href": f"#{getattr(self, name).id}"})
        for n, row in enumerate(self.actions, start=1):
            for field in row.form:
                for message in field.errors:
                    items.append({"text": f"Action {n}: {message}", "href": f"#{field.id}"})
        for message in self.form_errors:
            items.append({"text": message, "href": "#actions"})
        return items


class CommentsForm(FlaskForm):
    comments = TextAreaField("Your comments", validators=TEXT)


class CompleteActionForm(FlaskForm):
    completed_on = DateField("Done on", validators=[Optional(), DateWindow.happened()])


class ConfirmForm(FlaskForm):
    """A button: confirm actions, share, stop sharing, withdraw."""


class ReportFilterForm(FlaskForm):
    class Meta:
        csrf = False

    first = DateField("From", validators=[Optional(), DateWindow.report()])
    last = DateField("To", validators=[Optional(), DateWindow.report()])
