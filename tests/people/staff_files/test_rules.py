"""The pure rules of a staff file: reading, headings, dates, every bad row, the plan."""

from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import Workbook

from academy.people.staff_files import rules
from tests.people.staff_files.files import person, staff_csv

TODAY = date(2026, 12, 4)


def holdings(**values) -> rules.Holdings:
    base = {"people": {}, "unnumbered": {}, "email_elsewhere": set(), "job_roles": {},
            "today": TODAY}
    base.update(values)
    return rules.Holdings(**base)


def plan_of(content: bytes, held=None, **kwargs) -> rules.Plan:
    headings, rows = rules.read_table(content, "staff.csv")
    return rules.plan(headings, rows, held or holdings(), **kwargs)


def test_headings_match_ignoring_case_spaces_hyphens_and_underscores():
    positions, problems = rules.match_headings(
        ["Employee Number", "GIVEN-NAME", "family_name", "Notes", "E-mail", "Job  Title",
         "Start Date"], {})
    assert problems == []
    assert positions["employee_number"] == 0 and positions["given_name"] == 1
    assert positions["email"] == 4 and positions["job_title"] == 5
    _, problems = rules.match_headings(["Email", "E-Mail", "employee_number"], {})
    assert "the column email appears twice" in problems


def test_a_missing_required_column_is_a_problem_of_line_1():
    content = b"employee_number,given_name,family_name,email,start_date\nE1,A,B,a@b.uk,2025-01-01\n"
    result = plan_of(content)
    assert result.problems == [(1, "the required column job_title is missing")]


def test_a_saved_mapping_reads_the_organisations_own_headings():
    content = b"Assignment Number,First Name,Last Name,Email Address,Job Role,Hire Date\nE1,A,B,a@b.uk,Nurse,01/02/2025\n"
    saved = {"assignment_number": "employee_number", "first_name": "given_name",
             "last_name": "family_name", "email_address": "email", "job_role": "job_title",
             "hire_date": "start_date"}
    result = plan_of(content, saved_headings=saved)
    assert result.problems == []
    assert result.starters[0].start_date == date(2025, 2, 1)


def test_dates_are_iso_or_day_month_year():
    assert rules.parse_date("2025-03-31") == date(2025, 3, 31)
    assert rules.parse_date("31/03/2025") == date(2025, 3, 31)
    assert rules.parse_date("03/31/2025") is None
    assert rules.parse_date("31.03.2025") is None


def test_every_kind_of_bad_row_is_reported_with_its_line():
    content = staff_csv(
        person("E1"),                                           # line 2: good
        person("", given_name="NoNumber"),                       # 3
        person("E3", email="not-an-email"),                      # 4
        person("E4", email="taken@council.gov.uk"),              # 5
        person("E1", email="again@trust.nhs.uk"),                # 6
        person("E6", start_date="2025-13-01"),                   # 7
        person("E7", start_date="2025-05-01", end_date="2025-04-01"),  # 8
        person("E8", line_manager_employee_number="X99"),        # 9
        person("E9", line_manager_employee_number="E10"),        # 10
        person("E10", line_manager_employee_number="E9"),        # 11
    )
    result = plan_of(content, holdings(email_elsewhere={"taken@council.gov.uk"}))
    reasons = dict(result.problems)
    assert set(reasons) == {3, 4, 5, 6, 7, 8, 9, 10, 11}
    assert reasons[3] == "missing employee number"
    assert reasons[4] == "malformed e-mail address 'not-an-email'"
    assert reasons[5] == "e-mail taken@council.gov.uk belongs to someone in another organisation"
    assert reasons[6] == "employee number E1 is also on line 2"
    assert reasons[7].startswith("start date '2025-13-01' is not a date")
    assert reasons[8] == "end date is before start date"
    assert reasons[9] == "line manager X99 is not in the file or the platform"
    assert reasons[10].startswith("line manager loop")
    assert reasons[11].startswith("line manager loop")
    assert [row.employee_number for row in result.starters] == ["E1"]


def test_a_manager_on_the_platform_but_not_in_the_file_is_accepted():
    boss = rules.Person(id=9, employee_number="B1", email="b1@trust.nhs.uk", given_name="B",
                        family_name="One", job_role_id=1, team=None, manager_number=None,
                        site=None, is_active=True)
    content = staff_csv(person("E1", line_manager_employee_number="B1"))
    result = plan_of(content, holdings(people={"B1": boss}), is_full=False)
    assert result.problems == []


def test_people_missing_from_a_full_file_leave_and_an_end_date_in_the_past_leaves():
    def held(number, **values):
        base = {"id": int(number[1:]), "employee_number": number,
                "email": f"{number.lower()}@trust.nhs.uk", "given_name": f"Given{number}",
                "family_name": f"Family{number}", "job_role_id": 1, "team": ("medicine", "ward 12"),
                "manager_number": None, "site": "pinderfields", "is_active": True}
        base.update(values)
        return rules.Person(**base)

    people = {n: held(n) for n in ("E1", "E2", "E3", "E4")}
    content = staff_csv(person("E1"), person("E2", end_date="2026-11-30"),
                        person("E3", job_title="Ward Sister"))
    result = plan_of(content, holdings(people=people, job_roles={"staff nurse": 1,
                                                                "ward sister": 2}))
    assert [p.employee_number for p, _ in result.leavers] == ["E2", "E4"]
    assert [p.employee_number for _, p in result.movers] == ["E3"]
    assert [p.employee_number for _, p in result.unchanged] == ["E1"]
    partial = plan_of(content, holdings(people=people, job_roles={"staff nurse": 1}),
                      is_full=False)
    assert [p.employee_number for p, _ in partial.leavers] == ["E2"]
    assert partial.new_job_titles == {"ward sister": ("Ward Sister",
                                                      "Nursing and Midwifery Registered", "5")}


def test_an_xlsx_file_reads_like_a_csv_with_date_cells():
    book = Workbook()
    sheet = book.active
    sheet.append(["Employee Number", "Given Name", "Family Name", "Email", "Job Title",
                  "Start Date", "Contracted Hours"])
    sheet.append([1001, "Asha", "Khan", "asha@trust.nhs.uk", "Staff Nurse",
                  datetime(2025, 4, 1), 37.5])
    out = io.BytesIO()
    book.save(out)
    headings, rows = rules.read_table(out.getvalue(), "staff.xlsx")
    result = rules.plan(headings, rows, holdings())
    assert result.problems == []
    starter = result.starters[0]
    assert (starter.employee_number, starter.start_date) == ("1001", date(2025, 4, 1))


def test_team_paths_and_the_team_manager():
    content = staff_csv(person("M1", team="Medicine"),
                        person("E1", line_manager_employee_number="M1"),
                        person("E2", line_manager_employee_number="M1"))
    result = plan_of(content)
    assert result.problems == []
    assert result.starters[1].team == ("Medicine", "Ward 12")
    assert result.team_managers == {("medicine", "ward 12"): "M1"}
