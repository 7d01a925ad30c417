"""A service's refusal lands beside the field it names, in the form's own errors, or as a message."""

from __future__ import annotations

from flask import get_flashed_messages
from flask_wtf import FlaskForm
from wtforms import FieldList, StringField

from academy.errors import DomainError, show_refusal


class Form(FlaskForm):
    class Meta:
        csrf = False

    name = StringField("Name")
    actions = FieldList(StringField("Action"), min_entries=1)


def test_a_refusal_goes_where_the_person_will_see_it(app):
    with app.test_request_context("/", method="POST"):
        form = Form()
        show_refusal(form, DomainError("That name is taken.", field="name"))
        assert form.name.errors == ["That name is taken."]

        show_refusal(form, DomainError("Add at least one action.", field="actions"))
        assert form.form_errors == ["Add at least one action."]

        show_refusal(form, DomainError("Booking has closed.", field="not_on_this_form"))
        show_refusal(None, DomainError("Nothing to change."))
        assert get_flashed_messages(with_categories=True) == [
            ("error", "Booking has closed."), ("error", "Nothing to change.")]
