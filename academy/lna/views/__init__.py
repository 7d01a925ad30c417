"""Pages of the learning needs analysis, one module per audience; importing them adds the routes."""

from academy.lna.blueprint import bp
from academy.lna.views import answering, frameworks, profiles, reports, rounds, validation

__all__ = ["answering", "bp", "frameworks", "profiles", "reports", "rounds", "validation"]
