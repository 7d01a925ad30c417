"""The recommender blueprint: what a person does with a suggestion."""

from flask import Blueprint

bp = Blueprint("recommender", __name__)

from academy.recommender.views import suggestions  # noqa: E402,F401
