"""The people blueprint: sign-in, password reset, my details and equality answers, and people
administration."""

from flask import Blueprint

bp = Blueprint("people", __name__)

import academy.people.views.identity  # noqa: E402,F401
from academy.people.views import account, admin  # noqa: E402,F401
