"""The induction's pages, one blueprint per area: inductions, programmes and reports, passport, badges."""

from __future__ import annotations

from flask import flash

from academy.errors import DomainError


def show_error(form, error: DomainError) -> None:
    """Put a service's refusal beside the field it names, or at the top of the page."""
    field = getattr(form, error.field, None) if (form is not None and error.field) else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "error")
