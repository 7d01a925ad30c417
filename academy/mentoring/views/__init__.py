"""Mentoring pages: the blueprint, with the partners' pages and the coordinators' pages."""

from academy.mentoring.views import (  # noqa: F401  (they add the routes)
    coordination,
    following,
    partners,
    runs,
)
from academy.mentoring.views.common import bp

__all__ = ["bp"]
