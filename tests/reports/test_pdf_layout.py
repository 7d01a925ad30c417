"""Every PDF the platform prints is readable: no text under 9 pt, no page left near-empty, wide
tables on landscape pages, long tables continued with their heading row repeated. Measured on
the documents as the demo's own users download them."""

from __future__ import annotations

from datetime import date

from flask import g
from sqlalchemy import select

from academy import demo
from academy.courses.models import Enrolment
from academy.extensions import db
from academy.induction.models import Induction
from academy.lna.models import AssessmentRound
from academy.lna.reporting.registry import REPORTS
from academy.lna.reporting.shapes import PDF_MAX_COLUMNS, Table
from academy.people.demo import DEMO_PASSWORD
from academy.people.models import User
from tests.conftest import sign_in
from tests.reports.pdf_layout import SMALLEST_TEXT_PT, pages, problems

DAY = date(2026, 11, 23)


def demo_user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def download(app, email: str, url: str) -> bytes:
    g.pop("_login_user", None)  # the test's application context outlives each request
    client = app.test_client()
    sign_in(client, demo_user(email), DEMO_PASSWORD)
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/pdf", url
    return response.data


def test_every_printed_document_is_readable(app):
    demo.build(staff=200, seed=3, today=DAY)
    db.session.commit()
    round_id = db.session.scalars(select(AssessmentRound.id).order_by(AssessmentRound.id)).first()
    course_certificate = db.session.scalars(
        select(Enrolment.certificate_code).join(User, Enrolment.user_id == User.id)
        .where(User.email == "staff@demo.academy", Enrolment.certificate_code.is_not(None))).first()
    induction_certificate = db.session.scalars(
        select(Induction.certificate_code).where(Induction.certificate_code.is_not(None))).first()
    documents = {
        "LNA pack, partnership": ("partnershiplead@demo.academy", f"/lna/reports/{round_id}/pack.pdf"),
        "LNA pack, one partner": ("learninglead@demo.academy", f"/lna/reports/{round_id}/pack.pdf"),
        **{f"LNA {name}": ("partnershiplead@demo.academy", f"/lna/reports/{round_id}/{name}.pdf")
           for name in REPORTS},
        "heatmap by team": ("partnershiplead@demo.academy", f"/lna/reports/{round_id}/heatmap.pdf?by=team"),
        "apprenticeships and levy": ("levypool@demo.academy", "/apprenticeships/board-summary.pdf"),
        "passport": ("staff@demo.academy", "/passport.pdf"),
        "course certificate": ("staff@demo.academy", f"/my-learning/certificates/{course_certificate}.pdf"),
        "induction certificate": ("assessor@demo.academy",
                                  f"/induction/certificates/{induction_certificate}.pdf"),
    }
    found = {}
    printed = {}
    for name, (email, url) in documents.items():
        printed[name] = download(app, email, url)
        if problems(printed[name]):
            found[name] = problems(printed[name])
    assert not found

    # The partnership pack is long: its tables continue across pages, heading row and all, and
    # the tables too wide for portrait are printed on landscape pages.
    pack = pages(printed["LNA pack, partnership"])
    assert len(pack) > 10
    assert {round(p.width) for p in pack} == {595, 842}
    assert all(p.smallest >= SMALLEST_TEXT_PT for p in pack if p.smallest)


def test_a_table_wider_than_a_page_is_printed_in_parts_that_each_name_the_row():
    headings = ["Ethnic group", *[f"Answer {n}" for n in range(1, 21)]]
    rows = [["Team A", *range(20)], ["Team B", *range(20, 40)]]
    table = Table("By team", headings, rows, numeric=frozenset(range(1, 21)), total=["All", *range(20)])
    parts = table.pdf_parts()
    # 20 figures, 11 to a part beside the row's name: 11 + 9.
    assert [len(p.headings) for p in parts] == [PDF_MAX_COLUMNS, 1 + 20 - (PDF_MAX_COLUMNS - 1)]
    assert all(p.headings[0] == "Ethnic group" and p.rows[1][0] == "Team B" for p in parts)
    # Every figure is printed exactly once, under its own heading.
    printed = {(h, row[0], v) for p in parts for row in p.rows
               for h, v in zip(p.headings[1:], row[1:], strict=True)}
    assert printed == {(h, row[0], v) for row in rows for h, v in zip(headings[1:], row[1:], strict=True)}
    assert all(p.numeric == frozenset(range(1, len(p.headings))) for p in parts)
    assert [p.total[0] for p in parts] == ["All"] * 2
    assert Table("Narrow", headings[:5], [r[:5] for r in rows]).pdf_parts()[0].pdf_wide is False
