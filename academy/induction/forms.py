"""Forms for inductions, evidence, sign-off, programmes, recognition rules and passport links."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
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

from academy.forms import DateWindow, reason_field
from academy.induction.models import (
    AcceptFrom,
    EvidenceRequirement,
    InductionStatus,
    ItemKind,
    KnowledgeShown,
    ReviewDecision,
)
from academy.induction.services.passport import SHARE_DAYS
from academy.people.models import OrganisationType
from academy.web import as_int


class StartForm(FlaskForm):
    person = SelectField("New starter", coerce=as_int,
                         validators=[InputRequired("Choose the new starter")])
    started_on = DateField("Induction start date",
                           validators=[InputRequired("Enter the date the induction starts"),
                                       DateWindow.start()])
    assessors = SelectMultipleField("Assessors", coerce=int, validators=[Optional()])


class ChangeStartForm(FlaskForm):
    started_on = DateField("New start date",
                           validators=[InputRequired("Enter the date the induction started"),
                                       DateWindow.start()])
    reason = reason_field("Why is the start date changing?")


class CloseInductionForm(FlaskForm):
    reason = reason_field("Why is the induction being closed unfinished?")


class AssessorForm(FlaskForm):
    assessor = SelectField("Assessor", coerce=as_int,
                           validators=[InputRequired("Choose an assessor")])


class EvidenceForm(FlaskForm):
    file = FileField("Upload a file")


class AskForSignOffForm(FlaskForm):
    note = TextAreaField("Message to your assessor (optional)",
                         validators=[Optional(), Length(max=2000, message="Keep the message to 2,000 characters")])


class ReviewForm(FlaskForm):
    decision = RadioField(
        "Your decision",
        choices=[SelectChoice(ReviewDecision.SIGNED_OFF.value, "Sign off"),
                 SelectChoice(ReviewDecision.RETURNED.value, "Return with feedback")],
        validators=[InputRequired("Choose whether to sign off or return it")],
    )
    knowledge_shown = RadioField(
        "How was the knowledge shown?",
        choices=[SelectChoice(k.value, k.label) for k in KnowledgeShown],
        validators=[Optional()],
    )
    observed_on = DateField("Date observed or attended", validators=[Optional(), DateWindow.happened()])
    comments = TextAreaField(
        "Comments or feedback",
        validators=[Length(max=4000, message="Keep comments to 4,000 characters")],
    )


class ProgrammeForm(FlaskForm):
    name = StringField("Programme name", validators=[DataRequired("Enter the programme's name"),
                                                     Length(max=200)])
    organisation = SelectField("Employer", coerce=as_int, validators=[Optional()])
    job_role = SelectField("Job role", coerce=as_int, validators=[Optional()])
    description = TextAreaField("Description (optional)", validators=[Optional(), Length(max=2000)])
    from_template = BooleanField("Start from the district's joint induction (welcome, core skills "
                                 "and the Care Certificate's 16 standards)", default=True)


class ReferenceItemForm(FlaskForm):
    subject_key = SelectField("District item", validators=[DataRequired("Choose an item")])


class ItemForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired("Enter a title"), Length(max=200)])
    description = TextAreaField("What the new starter does (optional)",
                                validators=[Optional(), Length(max=2000)])
    evidence = RadioField(
        "Evidence needed",
        choices=[SelectChoice(e.value, e.label) for e in EvidenceRequirement
                 if e != EvidenceRequirement.COURSE],
        validators=[InputRequired("Choose the evidence needed")],
    )
    due_days = IntegerField(
        "Due, in days after the start",
        validators=[InputRequired("Enter the number of days after the start"),
                    NumberRange(min=0, max=730, message="Enter a number of days from 0 to 730")],
    )


class RuleForm(FlaskForm):
    organisation = SelectField("Receiving partner", coerce=as_int,
                               validators=[InputRequired("Choose the partner the rule is for")])
    kind = SelectField("Kind of item", choices=[SelectChoice(k.value, k.label) for k in ItemKind],
                       validators=[InputRequired("Choose the kind of item")])
    subject_key = SelectField("Subject", validators=[Optional()])
    accepts = RadioField(
        "What is accepted", choices=[SelectChoice(a.value, a.label) for a in AcceptFrom],
        validators=[InputRequired("Choose what is accepted")],
    )
    source_organisation = SelectField("Named partner", coerce=as_int, validators=[Optional()])
    source_type = SelectField(
        "Kind of partner",
        choices=[SelectChoice("", "Not used")] + [SelectChoice(t.value, t.label) for t in OrganisationType],
        validators=[Optional()],
    )
    in_date_only = BooleanField("Only while in date (for core skills: within the refresher period)",
                                default=True)
    max_age_days = IntegerField("Achieved no more than this many days before (optional)",
                                validators=[Optional(), NumberRange(min=1, max=36500,
                                                                    message="Enter a number of days greater than 0")])


class ShareForm(FlaskForm):
    label = StringField("Who is the link for?",
                        validators=[DataRequired("Enter who the link is for"), Length(max=200)])
    days = RadioField("How long should it work?",
                      choices=[SelectChoice(str(d), f"{d} days") for d in SHARE_DAYS],
                      default=str(SHARE_DAYS[1]),
                      validators=[InputRequired("Choose how long the link works")])


class RevokeBadgeForm(FlaskForm):
    reason = TextAreaField("Why is the badge revoked?",
                           validators=[DataRequired("Enter why the badge is revoked"), Length(max=300)])


class StartersFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Name", validators=[Optional()])
    status = SelectField(
        "Status", choices=[SelectChoice("", "Any status")]
        + [SelectChoice(s.value, s.label) for s in InductionStatus],
        validators=[Optional()],
    )
    overdue = BooleanField("Only those with overdue items")
