"""Reading and writing a competency framework as CSV: pure, no Flask, no database.

One row per competency. The columns are COLUMNS; domain, code and name are required, the
description and what levels 1 to 4 mean for the competency are optional. Every row is checked
and every problem reported with its line number; the caller saves all rows or none.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

COLUMNS = ["domain", "code", "name", "description", "level_1", "level_2", "level_3", "level_4"]
REQUIRED_COLUMNS = ("domain", "code", "name")
CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,29}$")
MAX_LENGTHS = {"domain": 120, "name": 200, "description": 2000, "level": 1000}
MAX_ROWS = 2000


@dataclass(frozen=True)
class RowError:
    line: int  # 0 for a problem with the file as a whole
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}" if self.line else self.message


@dataclass(frozen=True)
class CompetencyRow:
    line: int
    domain: str
    code: str
    name: str
    description: str | None
    descriptors: dict[int, str] = field(default_factory=dict)


@dataclass
class ParsedFramework:
    rows: list[CompetencyRow]
    errors: list[RowError]

    @property
    def ok(self) -> bool:
        return not self.errors


def decode(data: bytes) -> str:
    """UTF-8 text, with or without the byte-order mark spreadsheet programs write.

    Raises ValueError when the bytes are not UTF-8.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(
            "The file is not UTF-8 text: save it from your spreadsheet as 'CSV UTF-8'"
        ) from error


def parse(text: str) -> ParsedFramework:
    """Check every row of a framework CSV; rows are returned only when there is no error at all."""
    reader = csv.reader(io.StringIO(text, newline=""))
    errors: list[RowError] = []
    try:
        header = next(reader)
    except StopIteration:
        return ParsedFramework([], [RowError(0, "The file is empty")])
    except csv.Error as error:
        return ParsedFramework([], [RowError(1, f"The header cannot be read ({error})")])
    names = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    unknown = [h for h in names if h and h not in COLUMNS]
    duplicated = sorted({h for h in names if h and names.count(h) > 1})
    if missing:
        errors.append(RowError(1, "The header must include the columns " + ", ".join(missing)))
    if unknown:
        errors.append(RowError(1, "Unknown columns: " + ", ".join(unknown)
                               + ". The columns are " + ", ".join(COLUMNS)))
    if duplicated:
        errors.append(RowError(1, "Columns named twice: " + ", ".join(duplicated)))
    if errors:
        return ParsedFramework([], errors)

    rows: list[CompetencyRow] = []
    first_line_of: dict[str, int] = {}
    line = 1
    while True:
        line = reader.line_num + 1  # where the next record starts
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            errors.append(RowError(line, f"This line cannot be read ({error})"))
            break
        if not any(value.strip() for value in record):
            continue  # blank lines are allowed
        if len(rows) + len(errors) >= MAX_ROWS:
            errors.append(RowError(line, f"A framework file may have at most {MAX_ROWS} rows"))
            break
        if len(record) > len(names):
            errors.append(RowError(line, f"This row has {len(record)} values but the header has "
                                         f"{len(names)} columns"))
            continue
        values = {
            name: _unguard(record[i].strip() if i < len(record) else "") for i, name in enumerate(names)
        }
        row_errors = _check_row(line, values, first_line_of)
        if row_errors:
            errors.extend(row_errors)
            continue
        code = values["code"].upper()
        first_line_of[code] = line
        rows.append(CompetencyRow(
            line=line,
            domain=values["domain"],
            code=code,
            name=values["name"],
            description=values.get("description") or None,
            descriptors={
                level: values[f"level_{level}"] for level in range(1, 5) if values.get(f"level_{level}")
            },
        ))
    if not rows and not errors:
        errors.append(RowError(0, "The file has a header but no competencies"))
    if errors:
        return ParsedFramework([], errors)
    return ParsedFramework(rows, [])


def _check_row(line: int, values: dict[str, str], first_line_of: dict[str, int]) -> list[RowError]:
    problems = []
    code = values.get("code", "").upper()
    if not values.get("domain"):
        problems.append("enter a domain")
    elif len(values["domain"]) > MAX_LENGTHS["domain"]:
        problems.append(f"the domain must be {MAX_LENGTHS['domain']} characters or fewer")
    if not code:
        problems.append("enter a code")
    elif not CODE_PATTERN.match(code):
        problems.append(f"the code {values['code']!r} must be up to 30 letters, numbers, dots, "
                        "dashes or underscores, starting with a letter or number")
    elif code in first_line_of:
        problems.append(f"the code {code} is already used on line {first_line_of[code]}")
    if not values.get("name"):
        problems.append("enter a name")
    elif len(values["name"]) > MAX_LENGTHS["name"]:
        problems.append(f"the name must be {MAX_LENGTHS['name']} characters or fewer")
    if len(values.get("description") or "") > MAX_LENGTHS["description"]:
        problems.append(f"the description must be {MAX_LENGTHS['description']} characters or fewer")
    for level in range(1, 5):
        if len(values.get(f"level_{level}") or "") > MAX_LENGTHS["level"]:
            problems.append(f"level_{level} must be {MAX_LENGTHS['level']} characters or fewer")
    if not problems:
        return []
    text = "; ".join(problems)
    return [RowError(line, text[0].upper() + text[1:])]


def write(rows: Iterable[CompetencyRow | dict]) -> str:
    """The framework as CSV text with the COLUMNS header (the format parse reads)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        if isinstance(row, CompetencyRow):
            descriptors = row.descriptors
            values = [row.domain, row.code, row.name, row.description or ""]
        else:
            descriptors = row.get("descriptors", {})
            values = [row["domain"], row["code"], row["name"], row.get("description") or ""]
        values += [descriptors.get(level, "") for level in range(1, 5)]
        writer.writerow([_guard(v) for v in values])
    return buffer.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@")


def _guard(value: str) -> str:
    # A spreadsheet would run text starting with these as a formula.
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _unguard(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value
