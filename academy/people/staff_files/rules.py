"""The pure rules of a staff file: read it, match its headings, check every row and the file as
a whole, and plan who starts, moves, leaves or stays as they are.

Nothing here touches Flask or the database: the service passes in what the platform already
holds (people, e-mail owners, job roles, teams) as plain values and gets a plan back.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

COLUMNS = (
    "employee_number", "given_name", "family_name", "email", "job_title", "staff_group", "band",
    "team", "line_manager_employee_number", "site", "start_date", "end_date", "contracted_hours",
)
REQUIRED = ("employee_number", "given_name", "family_name", "email", "job_title", "start_date")
LABELS = {column: column.replace("_", " ") for column in COLUMNS}
LABELS["email"] = "e-mail"
EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[A-Za-z]{2,}$")
TEAM_SEPARATOR = "/"


class UnreadableFile(ValueError):
    """The bytes are not a CSV or XLSX file that can be read."""


def normalise_heading(heading: str) -> str:
    """`Employee Number`, `employee-number` and `EMPLOYEE_NUMBER` are all `employee_number`."""
    return re.sub(r"[\s_\-]+", "_", str(heading or "").strip().lower()).strip("_")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(content: bytes, filename: str) -> tuple[list[str], list[list[str]]]:
    """The heading row and the data rows of a CSV or XLSX file, every cell as stripped text.

    Raises UnreadableFile when the file cannot be read as either."""
    if filename.lower().endswith((".xlsx", ".xlsm")) or content[:2] == b"PK":
        try:
            from openpyxl import load_workbook  # loaded only for spreadsheets

            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            sheet = book.worksheets[0]
            table = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            book.close()
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise UnreadableFile("The spreadsheet could not be read as an XLSX file") from error
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252", errors="replace")
        table = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    if not table:
        raise UnreadableFile("The file is empty")
    headings, rows = table[0], table[1:]
    return headings, rows


# Our columns with the separators left out, so that `E-mail` and `Given Name` find theirs too.
SQUASHED = {column.replace("_", ""): column for column in COLUMNS}


def match_headings(headings: list[str], saved: dict[str, str]) -> tuple[dict[str, int], list[str]]:
    """Which position each column is at, and the problems with the heading row.

    `saved` maps an organisation's own normalised headings to our column names."""
    positions: dict[str, int] = {}
    problems: list[str] = []
    for index, heading in enumerate(headings):
        key = normalise_heading(heading)
        column = saved.get(key) or SQUASHED.get(key.replace("_", ""), key)
        if column in COLUMNS:
            if column in positions:
                problems.append(f"the column {column} appears twice")
            else:
                positions[column] = index
    for column in REQUIRED:
        if column not in positions:
            problems.append(f"the required column {column} is missing")
    return positions, problems


def parse_date(text: str) -> date | None:
    """A date written YYYY-MM-DD or DD/MM/YYYY; None when it is neither."""
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def team_path(text: str) -> tuple[str, ...]:
    """`Medicine/Ward 12` as ("Medicine", "Ward 12")."""
    return tuple(part.strip() for part in text.split(TEAM_SEPARATOR) if part.strip())


def path_key(path: tuple[str, ...] | None) -> tuple[str, ...] | None:
    return None if path is None else tuple(part.lower() for part in path)


@dataclass
class StaffRow:
    line: int
    employee_number: str
    given_name: str
    family_name: str
    email: str
    job_title: str
    staff_group: str = ""
    band: str = ""
    team: tuple[str, ...] | None = None  # None: the file says nothing about teams
    manager_number: str | None = None
    site: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    contracted_hours: float | None = None
    has_team: bool = False
    has_manager: bool = False
    has_site: bool = False

    @property
    def title_key(self) -> str:
        return self.job_title.strip().lower()


@dataclass(frozen=True)
class Person:
    """What the platform holds about one person of the organisation."""

    id: int
    employee_number: str | None
    email: str
    given_name: str
    family_name: str
    job_role_id: int | None
    team: tuple[str, ...] | None  # lower-case path
    manager_number: str | None
    site: str | None  # lower case
    is_active: bool


@dataclass(frozen=True)
class Holdings:
    """What the platform already holds, as the rules need it."""

    people: dict[str, Person]  # employee number -> person in this organisation
    unnumbered: dict[str, Person]  # e-mail -> person in this organisation without a number
    email_elsewhere: set[str]  # e-mails of people in other organisations
    job_roles: dict[str, int]  # lower-case title -> job role (the organisation's mappings first)
    today: date
    protected_ids: frozenset[int] = frozenset()  # never left by a missing row (the actor)


@dataclass
class Plan:
    starters: list[StaffRow] = field(default_factory=list)
    movers: list[tuple[StaffRow, Person]] = field(default_factory=list)
    updated: list[tuple[StaffRow, Person]] = field(default_factory=list)
    unchanged: list[tuple[StaffRow, Person]] = field(default_factory=list)
    returners: list[tuple[StaffRow, Person]] = field(default_factory=list)
    leavers: list[tuple[Person, date | None]] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    new_job_titles: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    team_managers: dict[tuple[str, ...], str] = field(default_factory=dict)
    rows: list[StaffRow] = field(default_factory=list)

    @property
    def summary(self) -> dict:
        return {
            "rows": len(self.rows) + len({line for line, _ in self.problems if line > 1}
                                         - {r.line for r in self.rows}),
            "new": len(self.starters) + len(self.returners),
            "moved": len(self.movers),
            "updated": len(self.updated),
            "leaving": len(self.leavers),
            "unchanged": len(self.unchanged),
            "bad": len(self.problems),
            "new_job_roles": len(self.new_job_titles),
        }


def _parse_row(line: int, cells: list[str], positions: dict[str, int],
               problems: list[tuple[int, str]]) -> StaffRow | None:
    def get(column: str) -> str:
        index = positions.get(column)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    found = len(problems)
    for column in REQUIRED:
        if not get(column):
            problems.append((line, f"missing {LABELS[column]}"))
    email = get("email").lower()
    if email and not EMAIL.match(email):
        problems.append((line, f"malformed e-mail address '{get('email')}'"))
    dates = {}
    for column in ("start_date", "end_date"):
        text = get(column)
        dates[column] = parse_date(text) if text else None
        if text and dates[column] is None:
            problems.append((line, f"{LABELS[column]} '{text}' is not a date "
                                   "(write YYYY-MM-DD or DD/MM/YYYY)"))
    if dates["start_date"] and dates["end_date"] and dates["end_date"] < dates["start_date"]:
        problems.append((line, "end date is before start date"))
    hours = None
    if text := get("contracted_hours"):
        try:
            hours = float(text)
        except ValueError:
            hours = -1.0
        if not 0 <= hours <= 168:
            problems.append((line, f"contracted hours '{text}' is not a number of hours"))
    if len(problems) > found:
        return None
    return StaffRow(
        line=line, employee_number=get("employee_number"), given_name=get("given_name"),
        family_name=get("family_name"), email=email, job_title=get("job_title"),
        staff_group=get("staff_group"), band=get("band"),
        team=team_path(get("team")) if "team" in positions else None,
        manager_number=get("line_manager_employee_number") or None,
        site=get("site") or None, start_date=dates["start_date"], end_date=dates["end_date"],
        contracted_hours=hours, has_team="team" in positions,
        has_manager="line_manager_employee_number" in positions, has_site="site" in positions,
    )


def _manager_loops(managers: dict[str, str | None]) -> set[str]:
    """The employee numbers that are part of a line-management loop."""
    in_loop: set[str] = set()
    done: set[str] = set()
    for start in managers:
        if start in done:
            continue
        trail: list[str] = []
        seen: dict[str, int] = {}
        current: str | None = start
        while current is not None and current not in done and current not in seen:
            seen[current] = len(trail)
            trail.append(current)
            current = managers.get(current)
        if current is not None and current in seen:
            in_loop.update(trail[seen[current]:])
        done.update(trail)
    return in_loop


def plan(headings: list[str], rows: list[list[str]], holdings: Holdings, *,
         saved_headings: dict[str, str] | None = None, is_full: bool = True) -> Plan:
    """Check every row and the file as a whole, and say what applying it would do."""
    result = Plan()
    positions, heading_problems = match_headings(headings, saved_headings or {})
    if heading_problems:
        result.problems = [(1, problem) for problem in heading_problems]
        return result
    problems: list[tuple[int, str]] = []
    parsed: list[StaffRow] = []
    first_line: dict[str, int] = {}
    first_email: dict[str, int] = {}
    for offset, cells in enumerate(rows):
        line = offset + 2
        if not any(cell.strip() for cell in cells):
            continue
        row = _parse_row(line, cells, positions, problems)
        index = positions["employee_number"]
        number = cells[index].strip() if index < len(cells) else ""
        if number:
            if number in first_line:
                problems.append((line, f"employee number {number} is also on line {first_line[number]}"))
                continue
            first_line[number] = line
        if row is None:
            continue
        if row.email in first_email:
            problems.append((line, f"e-mail {row.email} is also on line {first_email[row.email]}"))
            continue
        first_email[row.email] = line
        if row.email in holdings.email_elsewhere:
            problems.append((line, f"e-mail {row.email} belongs to someone in another organisation"))
            continue
        parsed.append(row)
    # E-mails held by another person of this organisation (with another employee number).
    by_email = {p.email: p for p in holdings.people.values()}
    checked: list[StaffRow] = []
    for row in parsed:
        holder = by_email.get(row.email)
        if holder is not None and holder.employee_number != row.employee_number:
            problems.append((row.line, f"e-mail {row.email} belongs to employee number "
                                       f"{holder.employee_number} in this organisation"))
            continue
        checked.append(row)
    in_file = set(first_line)
    known = {n for n, p in holdings.people.items() if p.is_active}
    managers: dict[str, str | None] = {n: p.manager_number for n, p in holdings.people.items()}
    for row in checked:
        managers[row.employee_number] = row.manager_number
    loops = _manager_loops(managers)
    good: list[StaffRow] = []
    for row in checked:
        manager = row.manager_number
        if manager and manager not in in_file and manager not in known:
            problems.append((row.line, f"line manager {manager} is not in the file or the platform"))
        elif manager and row.employee_number in loops:
            problems.append((row.line, f"line manager loop: {row.employee_number} is managed, "
                                       f"through {manager}, by themselves"))
        else:
            good.append(row)
    result.problems = sorted(problems)
    result.rows = good
    _classify(result, good, holdings, is_full, in_file)
    return result


def _classify(result: Plan, rows: list[StaffRow], holdings: Holdings, is_full: bool,
              in_file: set[str]) -> None:
    today = holdings.today
    team_votes: dict[tuple[str, ...], Counter] = {}
    for row in rows:
        if row.title_key not in holdings.job_roles and row.title_key not in result.new_job_titles:
            result.new_job_titles[row.title_key] = (row.job_title, row.staff_group, row.band)
        if row.team and row.manager_number:
            team_votes.setdefault(path_key(row.team), Counter())[row.manager_number] += 1
        person = holdings.people.get(row.employee_number) or holdings.unnumbered.get(row.email)
        leaving = row.end_date is not None and row.end_date < today
        if person is None:
            if not leaving:
                result.starters.append(row)
            continue
        if leaving:
            if person.is_active:
                result.leavers.append((person, row.end_date))
            else:
                result.unchanged.append((row, person))
            continue
        if not person.is_active:
            result.returners.append((row, person))
            continue
        job_role_id = holdings.job_roles.get(row.title_key)
        moved = (
            job_role_id is None or job_role_id != person.job_role_id
            or (row.has_team and path_key(row.team or None) != person.team)
            or (row.has_manager and row.manager_number != person.manager_number)
        )
        details = (
            row.given_name != person.given_name or row.family_name != person.family_name
            or row.email != person.email or person.employee_number != row.employee_number
            or (row.has_site and (row.site or "").lower() != (person.site or ""))
        )
        if moved:
            result.movers.append((row, person))
        elif details:
            result.updated.append((row, person))
        else:
            result.unchanged.append((row, person))
    for key, votes in team_votes.items():
        # The manager of most of the team's rows runs the team; a tie goes to the first named.
        result.team_managers[key] = votes.most_common(1)[0][0]
    if is_full:
        for number, person in holdings.people.items():
            if number not in in_file and person.is_active and person.id not in holdings.protected_ids:
                result.leavers.append((person, None))
