"""Pages of the learning needs analysis, one module per audience; importing them adds the routes."""

from flask import Blueprint

bp = Blueprint("lna", __name__, url_prefix="/lna")

from academy.lna.views import (  # noqa: E402,F401
    answering,
    frameworks,
    mappings,
    profiles,
    reports,
    rounds,
    validation,
)
