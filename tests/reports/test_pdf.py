"""The shared PDF renderer and its link callback, which loads the app's own static files only."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from academy.reports.pdf import BLANK, render_pdf, static_only_link_callback


def test_static_files_resolve_and_everything_else_is_refused(tmp_path):
    static = tmp_path / "static"
    (static / "images").mkdir(parents=True)
    logo = static / "images" / "logo.png"
    logo.write_bytes(b"png")
    (tmp_path / "secret.txt").write_text("private")
    callback = static_only_link_callback(static)
    assert callback("/static/images/logo.png") == str(logo.resolve())
    assert callback("/static/../secret.txt") == BLANK
    assert callback("/static/%2e%2e/secret.txt") == BLANK
    assert callback("/static/images/missing.png") == BLANK
    assert callback(str(tmp_path / "secret.txt")) == BLANK
    assert callback("file:///etc/passwd") == BLANK
    assert callback("http://169.254.169.254/latest/meta-data/") == BLANK
    assert callback("//example.org/static/x.png") == BLANK


def test_render_pdf_makes_a_readable_pdf(app):
    with app.test_request_context():
        pdf = render_pdf("courses/certificate_pdf.html", **certificate_context())
    assert pdf.startswith(b"%PDF")
    assert "Certificate of completion" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def certificate_context():
    class Course:
        title = "Fire safety"
        cpd_hours = 1

    class Person:
        name = "Test Person"

    class Enrolment:
        completed_on = __import__("datetime").date(2026, 3, 1)
        result = "Passed"
        certificate_code = "ABCD-EFGH-JKMN"

    return {"enrolment": Enrolment, "course": Course, "person": Person, "issuer": "A partner",
            "academy": "Academy", "verify_url": "http://academy.test/verify/ABCD-EFGH-JKMN"}


def test_the_app_static_folder_is_what_the_renderer_uses(app):
    assert Path(app.static_folder).is_dir()
