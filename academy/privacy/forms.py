"""Forms: an administrator's download on request, an erasure request and its decision."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from academy.privacy.services import REASON_MAX_LENGTH, REFERENCE_MAX_LENGTH


class DownloadOnRequestForm(FlaskForm):
    reference = StringField("Reference of the request", validators=[
        DataRequired("Enter the reference of the person's request"),
        Length(max=REFERENCE_MAX_LENGTH)])
    reason = TextAreaField("How the person asked, and why you are downloading it", validators=[
        DataRequired("Enter how the person asked, and why you are downloading it"),
        Length(max=REASON_MAX_LENGTH)])
    file_format = RadioField("Format", choices=[SelectChoice("pdf", "PDF, to read"),
                                                SelectChoice("json", "JSON, for other systems")],
                             default="pdf", validators=[InputRequired("Choose a format")])


class ErasureRequestForm(FlaskForm):
    reason = TextAreaField("Why do you want your data erased?", validators=[
        DataRequired("Enter why you want your data erased"), Length(max=REASON_MAX_LENGTH)])


class ErasureDecisionForm(FlaskForm):
    decision = RadioField("Decision", choices=[
        SelectChoice("grant", "Grant: erase what the law allows"),
        SelectChoice("refuse", "Refuse, with the reason"),
    ], validators=[InputRequired("Choose whether to grant or refuse the request")])
    decision_reason = TextAreaField("Reason for the decision (the person is told it)", validators=[
        DataRequired("Enter the reason for the decision"), Length(max=REASON_MAX_LENGTH)])
    confirm = BooleanField("I understand that erasing cannot be undone")
