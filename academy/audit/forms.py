"""The audit log's filters."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from academy.forms import DateWindow


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    first = DateField("From", validators=[Optional(), DateWindow.report()])
    last = DateField("To", validators=[Optional(), DateWindow.report()])
    person = StringField("Person (who acted, or whom it was about)",
                         validators=[Optional(), Length(max=100)])
    object_type = SelectField("Object", coerce=str, validators=[Optional()])
    action = StringField("Action starts with", validators=[Optional(), Length(max=80)])

    def validate_last(self, field) -> None:
        if field.data and self.first.data and field.data < self.first.data:
            raise ValidationError("The end of the period must be on or after its start")
