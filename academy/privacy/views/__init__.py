"""The privacy blueprint: your data (download, erasure request), an administrator's download on
request, and the erasure request queue."""

from flask import Blueprint

bp = Blueprint("privacy", __name__)

from academy.privacy.views import erasure, your_data  # noqa: E402,F401
