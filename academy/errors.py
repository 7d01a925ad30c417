"""Domain errors raised by services and turned into form errors or messages by views."""


class DomainError(Exception):
    """A user intention that the rules refuse; the message is shown to the user."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(DomainError):
    """The acting user may not do this."""


def show_refusal(form, error: DomainError) -> None:
    """Put a service's refusal beside the field it names, or else at the top of the page.

    A refusal about a list of subforms goes to the form's own errors; one naming no field of the
    form is flashed.
    """
    from flask import flash
    from wtforms import FieldList

    field = form[error.field] if form is not None and error.field and error.field in form else None
    if isinstance(field, FieldList):
        form.form_errors.append(error.message)
    elif field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "error")
