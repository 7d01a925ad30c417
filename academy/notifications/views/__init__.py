"""The notifications blueprint: a person's in-app notices."""

from flask import Blueprint

bp = Blueprint("notifications", __name__, url_prefix="/notices")

from academy.notifications.views import notices  # noqa: E402,F401
