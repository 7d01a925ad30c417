"""Paths that notices and e-mails link to; jobs have no request to build URLs from.

tests/lna/test_views.py checks each against url_for, so a changed route cannot break a link.
"""


def assessment_path(assessment_id: int) -> str:
    return f"/lna/assessments/{assessment_id}"


def gaps_path(assessment_id: int) -> str:
    return f"/lna/assessments/{assessment_id}/gaps"


def validation_path(assessment_id: int) -> str:
    return f"/lna/validate/{assessment_id}"
