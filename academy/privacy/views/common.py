"""Answering with a subject access download, as JSON or PDF."""

from __future__ import annotations

import json

from flask import Response

from academy.people.models import User
from academy.privacy import queries
from academy.reports.pdf import render_pdf
from academy.timekeeping import utcnow
from academy.web import pdf_response


def download(person: User, file_format: str, *, for_the_person: bool) -> Response:
    """Everything held about `person` as a file to keep."""
    now = utcnow()
    held = queries.subject_access(person, now=now, for_the_person=for_the_person)
    stem = f"academy-data-{person.id}-{now.date().isoformat()}"
    if file_format == "json":
        response = Response(json.dumps(held.as_json(), indent=1, ensure_ascii=False),
                            mimetype="application/json")
        response.headers["Content-Disposition"] = f'attachment; filename="{stem}.json"'
        return response
    return pdf_response(render_pdf("privacy/subject_access_pdf.html", held=held), f"{stem}.pdf")
