"""Career conversation pages: a person's, a coach's (coaching) and the counts (conversation_reports)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("conversations", __name__, url_prefix="/conversations")
coaching_bp = Blueprint("coaching", __name__, url_prefix="/conversations")
reports_bp = Blueprint("conversation_reports", __name__, url_prefix="/conversations")

from academy.talent.conversations.views import coaching, conversations, reports  # noqa: E402,F401
