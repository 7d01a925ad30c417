"""Levy pages: accounts, ledger and forecast, declarations, the pool, pledges and transfers."""

from flask import Blueprint

bp = Blueprint("levy", __name__, url_prefix="/levy")

from academy.talent.levy.views import accounts, pledges, transfers  # noqa: E402,F401
