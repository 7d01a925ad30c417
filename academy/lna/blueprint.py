"""The learning needs analysis blueprint; its routes are in academy.lna.views."""

from decimal import Decimal

from flask import Blueprint

bp = Blueprint("lna", __name__, url_prefix="/lna")


@bp.app_template_filter("report_value")
def report_value(value) -> str:
    """A report figure as printed: thousands separated, money in pounds, blanks for none."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Decimal):
        return f"£{value:,.2f}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)
