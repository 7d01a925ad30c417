"""The audit blueprint: the administrator's audit log."""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/admin")

from academy.audit.views import log  # noqa: E402,F401
