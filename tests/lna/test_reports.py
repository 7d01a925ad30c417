"""The learning lead's reports: figures, scope, exports, the PDF's charts, suppression, queries."""

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal
from html.parser import HTMLParser

from flask import g
from openpyxl import load_workbook
from pypdf import PdfReader

from academy.courses.models import (
    Category,
    Course,
    CourseCompetency,
    CourseSession,
    DeliveryMode,
    Pillar,
)
from academy.extensions import db
from academy.lna import queries
from academy.lna.models import RoundStatus
from academy.lna.queries import Scope
from academy.lna.reporting.compare import comparison_report
from academy.lna.reporting.demand import demand_report
from academy.lna.reporting.registry import REPORTS
from academy.lna.reporting.shapes import Table
from academy.lna.services import assessments
from academy.lna.services.assessments import Decision
from academy.people.models import EqualityProfile
from academy.reports.pdf import BLANK, static_only_link_callback
from academy.timekeeping import utcnow
from tests.lna.factories import answered_round, learning_lead

REPORT_NAMES = ["responses", "heatmap", "priorities", "demand", "compare", "equality"]


def test_gap_cells_use_the_validated_rating_where_there_is_one(app):
    made = answered_round(people_per_team=3)  # levels (person + competency) % 4
    team_a, team_b = made["teams"]
    first = made["competencies"][0]  # required level 3
    cells = queries.gap_cells(Scope(made["round"].id), "team")
    # Team A: levels 0, 1, 2 -> gaps 3, 2, 1; team B: levels 3, 0, 1 -> gaps 0, 3, 2.
    assert (cells[team_a.id, first.id].mean, cells[team_a.id, first.id].share) == (2.0, 1.0)
    assert cells[team_b.id, first.id].with_gap == 2 and cells[team_b.id, first.id].gap_total == 5
    assessments.validate_assessment(made["assessments"][0], {
        c.id: Decision(3) for c in made["competencies"]}, actor=made["manager"])
    cells = queries.gap_cells(Scope(made["round"].id), "team")
    assert cells[team_a.id, first.id].gap_total == 3 and cells[team_a.id, first.id].with_gap == 2


def test_unsubmitted_answers_are_left_out_of_the_gaps_but_counted_as_invited(app):
    made = answered_round(people_per_team=2, submit=False)
    scope = Scope(made["round"].id)
    assert queries.gap_cells(scope, "organisation") == {}
    (row,) = queries.responses(scope, "organisation")
    assert (row.invited, row.started, row.submitted) == (4, 4, 0)


def test_report_pages_show_the_figures_and_filter_by_scope(app, client, login):
    made = answered_round(people_per_team=3)
    team_a = made["teams"][0]
    login(learning_lead())
    rid = made["round"].id
    for name in REPORT_NAMES:
        assert client.get(f"/lna/reports/{rid}/{name}").status_code == 200, name
    page = client.get(f"/lna/reports/{rid}/heatmap?by=team").get_data(as_text=True)
    assert "<svg" in page and 'role="img"' in page
    assert "2.00 (100%)" in page  # team A, first competency
    organisation = made["organisation"].id
    narrowed = client.get(f"/lna/reports/{rid}/responses?organisation={organisation}"
                          f"&team={team_a.id}").get_data(as_text=True)
    assert "3 of 3 people invited have submitted" in narrowed
    everyone = client.get(f"/lna/reports/{rid}/responses").get_data(as_text=True)
    assert "6 of 6 people invited have submitted" in everyone


def test_an_organisations_lead_reads_only_their_organisations_answers(app, client, login):
    ours = answered_round(people_per_team=2)
    theirs = answered_round(people_per_team=3, round_name="Other")
    # One partnership round reaching both organisations: move theirs into ours.
    for assessment in theirs["assessments"]:
        assessment.round_id = ours["round"].id
        for rating in assessment.ratings:
            rating.round_id = ours["round"].id
    ours["round"].organisations = []
    db.session.flush()
    login(learning_lead(ours["organisation"]))
    page = client.get(f"/lna/reports/{ours['round'].id}/responses").get_data(as_text=True)
    assert "4 of 4 people invited" in page and theirs["organisation"].name not in page
    client.post("/logout")
    login(learning_lead())
    page = client.get(f"/lna/reports/{ours['round'].id}/responses").get_data(as_text=True)
    assert "10 of 10 people invited" in page


def test_csv_and_xlsx_downloads_have_the_reports_rows(app, client, login):
    made = answered_round(people_per_team=2)
    login(learning_lead())
    rid = made["round"].id
    response = client.get(f"/lna/reports/{rid}/priorities.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Rank", "Competency", "Framework"]
    assert len(rows) > 1 and rows[1][0] == "1"
    workbook = load_workbook(io.BytesIO(client.get(f"/lna/reports/{rid}/heatmap.xlsx?by=team").data))
    sheet = workbook.active
    values = list(sheet.values)
    assert values[0][0] == "Team" and len(values) == 1 + 2 * 4  # two teams by four competencies
    workbook.close()


def test_the_pdf_pack_has_every_report_with_its_charts(app, client, login):
    made = answered_round(people_per_team=3)
    login(learning_lead())
    response = client.get(f"/lna/reports/{made['round'].id}/pack.pdf")
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    texts = [page.extract_text() for page in reader.pages]
    figures = [(i, image.image.size) for i, page in enumerate(reader.pages) for image in page.images]
    heatmap_page = next(i for i, text in enumerate(texts) if "Gap heatmap by organisation" in text)
    # Real pictures, not the one-pixel stand-in for a refused link.
    assert any(i == heatmap_page and width > 600 and height > 100 for i, (width, height) in figures)
    assert len(figures) >= 4  # responses, heatmap, priorities, equality
    for title in ("Response rates", "Priority list", "Training demand", "Equality breakdown"):
        assert any(title in text for text in texts), title


def test_one_reports_pdf_has_its_chart(app, client, login):
    made = answered_round(people_per_team=2)
    login(learning_lead())
    response = client.get(f"/lna/reports/{made['round'].id}/heatmap.pdf?by=team")
    reader = PdfReader(io.BytesIO(response.data))
    sizes = [image.image.size for page in reader.pages for image in page.images]
    assert sizes and all(w > 100 for w, _ in sizes)


def test_every_report_in_the_registry_has_a_page_and_unknown_names_are_not_found(app, client, login):
    made = answered_round(people_per_team=1)
    login(learning_lead())
    rid = made["round"].id
    assert list(REPORTS) == REPORT_NAMES
    assert client.get(f"/lna/reports/{rid}/nonsense").status_code == 404
    assert client.get(f"/lna/reports/{rid}/nonsense.csv").status_code == 404
    assert client.get(f"/lna/reports/{rid}/heatmap.doc").status_code == 404
    # With no other round there is nothing to compare: the page says so, the download is absent.
    page = client.get(f"/lna/reports/{rid}/compare").get_data(as_text=True)
    assert "There is no other round to compare this one with yet." in page
    assert client.get(f"/lna/reports/{rid}/compare.csv").status_code == 404
    # An option the page does not offer falls back to its default.
    page = client.get(f"/lna/reports/{rid}/heatmap?by=nonsense").get_data(as_text=True)
    assert "Gap heatmap by organisation" in page


def test_report_figures_print_with_separators_yes_or_no_and_blanks():
    assert [Table.text(v) for v in (1234567, None, True, False, 0.5, "3 of 4")] == [
        "1,234,567", "", "Yes", "No", "0.50", "3 of 4"]


def test_the_pdf_renderer_takes_inline_pictures_and_still_fetches_nothing(tmp_path):
    callback = static_only_link_callback(tmp_path)
    assert callback("data:image/png;base64,iVBORw0KGgo=") == "data:image/png;base64,iVBORw0KGgo="
    assert callback("data:text/html;base64,PGgxPg==") == BLANK
    assert callback("http://example.org/x.png") == BLANK


def test_report_queries_do_not_grow_with_the_number_of_people(app, client, login, count_queries):
    small = answered_round(people_per_team=1)
    large = answered_round(people_per_team=6, round_name="Big")
    login(learning_lead())

    def queries_for(round_id, name):
        db.session.expire_all()  # each request starts with nothing loaded, as in production
        g.pop("_login_user", None)
        with count_queries() as counter:
            assert client.get(f"/lna/reports/{round_id}/{name}").status_code == 200
        return counter.count

    for name in REPORT_NAMES:
        assert queries_for(small["round"].id, name) == queries_for(large["round"].id, name), name


# Comparing rounds -------------------------------------------------------------------------

def test_comparison_shows_what_closed_and_what_widened(app, client, login):
    made = answered_round(people_per_team=2, levels=lambda p, c: [0, 2, 1, 2][c])
    first, second = made["competencies"][0], made["competencies"][1]
    made["round"].status = RoundStatus.CLOSED
    made["round"].opens_on -= timedelta(days=365)
    later = answered_round(people_per_team=2, levels=lambda p, c: [3, 0, 1, 2][c],
                           organisation=made["organisation"], manager=made["manager"],
                           round_name="Autumn LNA", frameworks=[first.framework])
    report = comparison_report(later["round"], made["round"], Scope(later["round"].id), "all")
    rows = {row[0]: row for row in report.tables[0].rows}
    assert rows[f"{first.code} {first.name}"][-1] == "Closed"
    assert rows[f"{second.code} {second.name}"][-1] == "Widened"
    assert "1 gaps closed" in report.summary[0] and "1 widened" in report.summary[0]
    login(learning_lead())
    page = client.get(f"/lna/reports/{later['round'].id}/compare?with={made['round'].id}")
    assert "Widened" in page.get_data(as_text=True)


# Training demand --------------------------------------------------------------------------

def _course(code, *, cost, competencies, sessions=()):
    course = Course(code=code, title=f"Course {code}", summary="s", category=Category.CLINICAL,
                    pillar=Pillar.GROWING, delivery_mode=DeliveryMode.CLASSROOM,
                    provider_name="Provider", cost_per_place=Decimal(cost))
    db.session.add(course)
    db.session.flush()
    for competency, level in competencies:
        db.session.add(CourseCompetency(course_id=course.id, competency_code=competency.code,
                                        level=level))
    for days, capacity, booked in sessions:
        start = utcnow() + timedelta(days=days)
        db.session.add(CourseSession(course_id=course.id, starts_at=start,
                                     ends_at=start + timedelta(hours=2), capacity=capacity,
                                     booked_count=booked, booking_closes_at=start - timedelta(days=1)))
    db.session.flush()
    return course


def test_training_demand_maps_gaps_to_courses_and_prices_the_shortfall(app, client, login):
    # Everyone at level 0: six people with a gap in each of the four competencies.
    made = answered_round(people_per_team=3, levels=lambda p, c: 0)
    c0, c1, c2, c3 = made["competencies"]  # required 3, 2, 3, 2
    _course("X", cost="50.00", competencies=[(c0, 3)], sessions=[(30, 10, 8), (400, 20, 0)])
    _course("SHALLOW", cost="5.00", competencies=[(c1, 1)], sessions=[(30, 20, 0)])
    dear = _course("DEAR", cost="100.00", competencies=[(c2, 4), (c3, 2)], sessions=[(10, 3, 0)])
    cheap = _course("CHEAP", cost="30.00", competencies=[(c2, 3)], sessions=[(20, 1, 0)])
    report = demand_report(made["round"], Scope(made["round"].id), "all", now=utcnow(),
                                     months=6)
    covered, by_course, commission = report.tables
    rows = {row[0]: row for row in covered.rows}
    x = rows[f"{c0.code} {c0.name}"]
    # 6 people; 2 free places within six months (the session a year away does not count).
    assert x[2] == 6 and x[4] == 10 and x[5] == 2 and x[7] == 4
    assert x[8] == "Course X" and x[10] == Decimal("200.00")
    z = rows[f"{c2.code} {c2.name}"]
    assert z[8] == "Course CHEAP" and z[5] == 4 and z[7] == 2 and z[10] == Decimal("60.00")
    # The shallow course does not reach level 2: a commissioning need.
    assert [r[0] for r in commission.rows] == [f"{c1.code} {c1.name}"]
    # By course: DEAR meets c3 for six people, counted once each.
    course_rows = {row[0]: row for row in by_course.rows}
    assert course_rows[f"{dear.title} (DEAR)"][2] == 6
    assert course_rows[f"{cheap.title} (CHEAP)"][2] == 6
    login(learning_lead())
    page = client.get(f"/lna/reports/{made['round'].id}/demand").get_data(as_text=True)
    assert "Commissioning needs" in page and "£200.00" in page
    # Pounds in the tables' money columns; counts with thousands separated, as plain numbers.
    assert 'nhsuk-table__cell--numeric">£100.00</td>' in page
    assert 'nhsuk-table__cell--numeric">6</td>' in page


# Equality: small numbers ------------------------------------------------------------------

class _Tables(HTMLParser):
    """Every table on a page as rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join(self._cell.split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def _solutions(rows, total_row):
    """Every non-negative whole-number filling of the hidden entries of a published table of
    [invited, responded, did not respond] rows plus its total row, consistent with its sums.

    Independent of the suppression code: a brute-force search an outsider could run."""
    grid = [list(r) for r in rows] + [list(total_row)]
    unknown = [(i, j) for i, r in enumerate(grid) for j, v in enumerate(r) if v is None]
    limit = max([v for r in grid for v in r if v is not None] + [0])
    height = len(grid) - 1

    def consistent(g, final):
        for r in g:  # invited = responded + did not respond
            if None not in r and r[0] != r[1] + r[2]:
                return False
            if final is False and r[0] is not None and None not in r[1:] and r[1] + r[2] > r[0]:
                return False
        for j in range(3):
            column = [g[i][j] for i in range(height)]
            if None not in column and g[height][j] is not None and sum(column) != g[height][j]:
                return False
            if g[height][j] is not None and sum(v for v in column if v is not None) > g[height][j]:
                return False
        return True

    found = []

    def search(k):
        if len(found) > 2000:
            return
        if k == len(unknown):
            if consistent(grid, True):
                found.append({key: grid[key[0]][key[1]] for key in unknown})
            return
        i, j = unknown[k]
        for value in range(limit + 1):
            grid[i][j] = value
            if consistent(grid, False):
                search(k + 1)
        grid[i][j] = None

    search(0)
    return unknown, found


def _number(text):
    text = text.replace(",", "")
    return int(text) if re.fullmatch(r"\d+", text) else None


def test_equality_breakdown_hides_small_numbers_so_none_can_be_recovered(app, client, login):
    threshold = app.config["SUPPRESSION_THRESHOLD"]
    assert threshold == 4
    made = answered_round(people_per_team=8)  # 16 people
    people = made["people"]
    # 11 White British, 3 Pakistani, 2 prefer not to say; 3 of the White British do not submit.
    answers = ["white_british"] * 11 + ["asian_pakistani"] * 3 + ["prefer_not_to_say"] * 2
    for person, answer in zip(people, answers, strict=True):
        db.session.add(EqualityProfile(user_id=person.id, ethnicity=answer))
    for assessment in made["assessments"][:3]:
        assessment.status = assessment.status.IN_PROGRESS
        assessment.submitted_at = None
    db.session.flush()
    login(learning_lead())
    page = client.get(f"/lna/reports/{made['round'].id}/equality?characteristic=ethnicity")
    html = page.get_data(as_text=True)
    parser = _Tables()
    parser.feed(html)
    responses = next(t for t in parser.tables if t and t[0][:2] == ["Ethnic group", "Invited"])
    body, total = responses[1:-1], responses[-1]
    published = [[_number(cell) for cell in row[1:4]] for row in body]
    total_row = [_number(cell) for cell in total[1:4]]
    truth = {
        "White: English, Welsh, Scottish, Northern Irish or British": [11, 8, 3],
        "Asian or Asian British: Pakistani": [3, 3, 0],
        "Prefer not to say": [2, 2, 0],
    }
    labels = [row[0] for row in body]
    # No count from 1 to 4 is printed anywhere in the table.
    for label, row in zip(labels, published, strict=True):
        for true_value, shown in zip(truth.get(label, [0, 0, 0]), row, strict=True):
            if 1 <= true_value <= threshold:
                assert shown is None, (label, true_value)
            elif shown is not None:
                assert shown == true_value
    # And none can be worked out from what is printed: each takes two values or more.
    unknown, solutions = _solutions(published, total_row)
    assert solutions, "the published table must be consistent"
    for i, j in unknown:
        label = labels[i] if i < len(labels) else "total"
        true_value = truth.get(label, [0, 0, 0])[j] if i < len(labels) else None
        if true_value is not None and 1 <= true_value <= threshold:
            assert len({s[(i, j)] for s in solutions}) > 1, (label, j)
    # Rates of hidden counts are hidden too.
    pakistani = next(row for row in body if row[0].startswith("Asian or Asian British: Pakistani"))
    assert pakistani[4] == "hidden"
    # Gaps: the small groups show no share or mean at all.
    heat = next(t for t in parser.tables if t and t[0][0] == "Competency")
    column = heat[0].index("Asian or Asian British: Pakistani")
    assert {row[column] for row in heat[1:]} == {"hidden"}
    # The download says no more than the page.
    download = client.get(f"/lna/reports/{made['round'].id}/equality.csv?characteristic=ethnicity")
    text = download.data.decode("utf-8-sig")
    for row in csv.reader(io.StringIO(text)):
        if row and row[0] == "Asian or Asian British: Pakistani":
            assert not any(re.fullmatch(r"[1-4]", cell) for cell in row), row
            assert not any(re.fullmatch(r"\d+%", cell) for cell in row), row
