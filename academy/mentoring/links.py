"""Addresses of mentoring pages for notices and e-mails, which jobs send outside any request."""

from __future__ import annotations

from flask import current_app


def application_path(application_id: int) -> str:
    return f"/mentoring/applications/{application_id}"


def partnership_path(partnership_id: int) -> str:
    return f"/mentoring/partnerships/{partnership_id}"


def feedback_path(partnership_id: int, stage: str) -> str:
    return f"/mentoring/partnerships/{partnership_id}/feedback/{stage}"


def cohort_path(cohort_id: int) -> str:
    return f"/mentoring/cohorts/{cohort_id}"


def partnerships_path(cohort_id: int) -> str:
    return f"/mentoring/cohorts/{cohort_id}/partnerships"


def absolute(path: str) -> str:
    """The full address, for e-mail."""
    return current_app.config["ACADEMY_BASE_URL"].rstrip("/") + path
