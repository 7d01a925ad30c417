"""The home blueprint: the home page and the site's statements."""

from flask import Blueprint

bp = Blueprint("home", __name__)

from academy.home.views import pages  # noqa: E402,F401
