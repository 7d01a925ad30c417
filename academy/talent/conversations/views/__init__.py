"""The career conversation pages, in three blueprints: conversations (booking, preparing, the
record and actions, what a manager sees), coaching (a coach's diary, slots, availability and
blocked-out time) and conversation_reports (counts only)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("conversations", __name__, url_prefix="/conversations")
coaching_bp = Blueprint("coaching", __name__, url_prefix="/conversations")
reports_bp = Blueprint("conversation_reports", __name__, url_prefix="/conversations")

from academy.talent.conversations.views import coaching, conversations, reports  # noqa: E402,F401
