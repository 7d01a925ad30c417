"""Levy pages: accounts with their ledger, declarations and forecast, the pool, pledges and
transfer requests."""

from flask import Blueprint

bp = Blueprint("levy", __name__, url_prefix="/levy")

from academy.talent.levy.views import accounts, pledges, transfers  # noqa: E402,F401
