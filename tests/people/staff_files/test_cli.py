"""`flask academy staff import`: one line per bad row and exit 1, the summary and exit 0."""

from __future__ import annotations

from sqlalchemy import func, select

from academy.extensions import db
from academy.people.models import User
from academy.people.staff_files.models import StaffImport
from tests import factories
from tests.people.staff_files.files import person, staff_csv


def people() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def write(tmp_path, content: bytes, name="staff.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def test_bad_rows_print_one_line_each_exit_1_and_change_nothing(app, runner, tmp_path):
    factories.OrganisationFactory(code="RXF")
    db.session.commit()
    path = write(tmp_path, staff_csv(person("E1"), person("E2", email="bad"),
                                     person("E1", email="x@trust.nhs.uk")))
    result = runner.invoke(args=["academy", "staff", "import", path, "--organisation", "RXF"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == ["line 3: malformed e-mail address 'bad'",
                                          "line 4: employee number E1 is also on line 2"]
    assert people() == 0
    assert db.session.scalar(select(func.count()).select_from(StaffImport)) == 0


def test_a_good_file_prints_the_summary_and_exits_0_then_changes_nothing_again(app, runner, tmp_path):
    factories.OrganisationFactory(code="RXF")
    db.session.commit()
    path = write(tmp_path, staff_csv(person("E1"), person("E2")))
    args = ["academy", "staff", "import", path, "--organisation", "RXF"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "2 new, 0 moved, 0 updated, 0 leaving, 0 unchanged, 1 new job roles" in result.stdout
    assert people() == 2
    again = runner.invoke(args=args)
    assert again.exit_code == 0
    assert "0 new, 0 moved, 0 updated, 0 leaving, 2 unchanged, 0 new job roles" in again.stdout


def test_a_dry_run_prints_the_preview_and_changes_nothing(app, runner, tmp_path):
    factories.OrganisationFactory(code="RXF")
    db.session.commit()
    path = write(tmp_path, staff_csv(person("E1"), person("E2")))
    result = runner.invoke(args=["academy", "staff", "import", path, "--organisation", "RXF",
                                 "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "nothing was changed" in result.stdout
    assert "2 new, 0 moved" in result.stdout
    assert "new job role: Staff Nurse (Nursing and Midwifery Registered)" in result.stdout
    assert people() == 0


def test_an_unknown_organisation_code_is_refused(app, runner, tmp_path):
    path = write(tmp_path, staff_csv(person("E1")))
    result = runner.invoke(args=["academy", "staff", "import", path, "--organisation", "NOPE"])
    assert result.exit_code == 1
    assert "No organisation has the code NOPE" in result.output


def test_an_xlsx_file_is_read_like_a_csv(app, runner, tmp_path):
    from openpyxl import Workbook

    factories.OrganisationFactory(code="1-101010101")
    db.session.commit()
    book = Workbook()
    book.active.append(["Employee Number", "Given Name", "Family Name", "E-mail", "Job Title",
                        "Start Date"])
    book.active.append(["C1", "Ola", "Nowak", "ola@care.example", "Care Worker", "01/04/2025"])
    path = tmp_path / "rota.xlsx"
    book.save(path)
    result = runner.invoke(args=["academy", "staff", "import", str(path), "--organisation",
                                 "1-101010101"])
    assert result.exit_code == 0, result.output
    assert "1 new" in result.stdout and people() == 1
