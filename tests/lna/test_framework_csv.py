"""Framework CSV: every row checked, every problem reported by line, all or nothing; round trip."""

import pytest

from academy.lna import framework_csv
from academy.lna.framework_csv import CompetencyRow

GOOD = (
    "domain,code,name,description,level_1,level_4\r\n"
    "Safety,cs-01,Fire safety,Raise the alarm,Knows the drill,Leads evacuations\r\n"
    "\r\n"
    'Safety,CS-02,"Moving and handling","Safe, person-centred moves",,\r\n'
)


def test_good_file_reads_every_row_with_line_numbers():
    parsed = framework_csv.parse(GOOD)
    assert parsed.ok
    assert [(r.line, r.code, r.name) for r in parsed.rows] == [
        (2, "CS-01", "Fire safety"), (4, "CS-02", "Moving and handling")]
    assert parsed.rows[0].descriptors == {1: "Knows the drill", 4: "Leads evacuations"}
    assert parsed.rows[1].description == "Safe, person-centred moves"
    assert parsed.rows[1].descriptors == {}


def test_every_bad_row_is_reported_by_line_and_nothing_is_returned():
    text = (
        "domain,code,name\n"
        "Safety,CS-01,Fire safety\n"
        ",CS-02,No domain\n"          # line 3
        "Safety,,No code\n"           # line 4
        "Safety,CS 05,Bad code\n"     # line 5
        "Safety,cs-01,Duplicate\n"    # line 6
        "Safety,CS-07,\n"             # line 7
        "Safety,CS-08,Fine\n"
        "Safety,CS-09,Too,many\n"     # line 9
    )
    parsed = framework_csv.parse(text)
    assert not parsed.ok
    assert parsed.rows == []
    lines = [e.line for e in parsed.errors]
    assert lines == [3, 4, 5, 6, 7, 9]
    messages = {e.line: str(e) for e in parsed.errors}
    assert messages[3] == "Line 3: Enter a domain"
    assert "already used on line 2" in messages[6]
    assert "Enter a name" in messages[7]
    assert "4 values" in messages[9]


def test_a_row_with_several_problems_lists_them_all():
    parsed = framework_csv.parse("domain,code,name\n,,\u00a0x\n".replace("\u00a0x", ""))
    # A row of empty values is a blank line: nothing to import.
    assert str(parsed.errors[0]) == "The file has a header but no competencies"
    parsed = framework_csv.parse("domain,code,name\n ,!!, \n")
    assert len(parsed.errors) == 1
    assert "Enter a domain; the code '!!'" in str(parsed.errors[0])
    assert "enter a name" in str(parsed.errors[0])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty"),
        ("code,name\nX,Y\n", "must include the columns domain"),
        ("domain,code,name,colour\n", "Unknown columns: colour"),
        ("domain,code,name,name\n", "Columns named twice: name"),
    ],
)
def test_header_problems(text, message):
    parsed = framework_csv.parse(text)
    assert not parsed.ok and message in str(parsed.errors[0])


def test_decode_accepts_excel_utf8_and_refuses_other_encodings():
    assert framework_csv.decode("\ufeffdomain".encode()) == "domain"
    with pytest.raises(ValueError, match="CSV UTF-8"):
        framework_csv.decode("café".encode("latin-1"))


def test_write_then_parse_gives_the_same_rows_and_guards_formulas():
    rows = [
        CompetencyRow(2, "Safety", "CS-01", "Fire safety", "Raise the alarm", {1: "Knows", 3: "Does"}),
        CompetencyRow(3, "Data", "DS-01", "=SUM(A1)", None, {}),
    ]
    text = framework_csv.write(rows)
    assert "'=SUM(A1)" in text  # a spreadsheet would otherwise run it
    parsed = framework_csv.parse(text)
    assert parsed.ok
    assert parsed.rows == rows
