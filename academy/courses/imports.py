"""The training-record import: past completions from a partner's staff record system, all or nothing.

Every row is checked, every bad row is reported with its line number and the reason, and nothing
is written unless every row is good.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, insert, select

from academy.audit.services import record
from academy.courses import rules
from academy.courses.models import (
    Course,
    CourseSubject,
    RecordSource,
    Subject,
    TrainingImport,
    TrainingRecord,
)
from academy.courses.services import refresh_current
from academy.errors import DomainError
from academy.extensions import db
from academy.people.models import Organisation, User
from academy.timekeeping import utcnow

MAX_ROWS = 100_000
COLUMNS = {
    "employee_number": {"employee number", "employee no", "employee", "staff number",
                        "assignment number", "person number"},
    "subject": {"subject", "course", "course name", "subject or course", "subject or course name",
                "competence", "competence name", "competency name", "course title"},
    "completed_on": {"completion date", "completed", "completed on", "date completed",
                     "achieved date", "date achieved"},
    "expires_on": {"expiry date", "expiry", "expires", "expires on", "expiration date"},
}
REQUIRED = ("employee_number", "subject", "completed_on")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%b-%Y", "%d %b %Y", "%d %B %Y", "%d.%m.%Y")


class ImportRejected(DomainError):
    """The file had problems; nothing was imported. errors: [(line, reason)], file-level at line 0."""

    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__(f"The file was not imported: {len(errors)} problem"
                         f"{'s' if len(errors) != 1 else ''} found.")
        self.errors = errors


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", (text or "").lower()).split())


def esr_name(text: str) -> str:
    """'NHS|CSTF|Fire Safety - 2 Years|' as exported from ESR becomes 'fire safety'."""
    parts = [p for p in (text or "").split("|") if p.strip()]
    if len(parts) > 1:
        text = parts[-1]
    text = re.sub(r"\s*-\s*\d+\s*years?\s*$", "", text, flags=re.IGNORECASE)
    return normalise(text)


def parse_date(text: str) -> date | None:
    text = (text or "").strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


@dataclass
class SubjectIndex:
    """Names a row may use for a subject: subject names and levels, course titles and codes."""

    names: dict[str, set[int]] = field(default_factory=dict)
    courses_without_subjects: set[str] = field(default_factory=set)

    def add(self, key: str, subject_ids) -> None:
        if key:
            self.names.setdefault(key, set()).update(subject_ids)

    def find(self, text: str) -> tuple[set[int] | None, str | None]:
        """(subject ids, None) or (None, reason)."""
        for key in dict.fromkeys([normalise(text), esr_name(text)]):
            if key in self.names:
                ids = self.names[key]
                if len(ids) > 1 and key not in self._course_keys:
                    return None, (f"'{text}' could mean more than one subject: add the level, "
                                  "for example 'Level 2'")
                return ids, None
            if key in self.courses_without_subjects:
                return None, f"the course '{text}' does not count towards any mandatory subject"
        return None, f"no subject or course is called '{text}'"

    _course_keys: set[str] = field(default_factory=set)


def build_index(subjects: list[Subject], courses: list[tuple[str, str, list[int]]]) -> SubjectIndex:
    """courses: (title, code, subject ids)."""
    index = SubjectIndex()
    by_name: dict[str, set[int]] = {}
    for subject in subjects:
        name = normalise(subject.name)
        by_name.setdefault(name, set()).add(subject.id)
        level = normalise(subject.level)
        for key in {normalise(subject.label), f"{name} {level}".strip(),
                    normalise(f"{subject.framework} {subject.name} {subject.level}")}:
            index.add(key, {subject.id})
    for name, ids in by_name.items():
        index.add(name, ids)
    for title, code, subject_ids in courses:
        for key in (normalise(title), normalise(code)):
            if subject_ids:
                index.add(key, set(subject_ids))
                index._course_keys.add(key)
            else:
                index.courses_without_subjects.add(key)
    return index


@dataclass(frozen=True)
class GoodRow:
    line: int
    user_id: int
    subject_ids: frozenset[int]
    completed_on: date
    expires_on: date | None
    title: str


def decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRejected([(0, "the file is not text: save it from your spreadsheet as CSV")])


def check_rows(text: str, people: dict[str, int], index: SubjectIndex,
               today: date) -> tuple[list[GoodRow], list[tuple[int, str]]]:
    """Check every row; people maps a normalised employee number to the person's id."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        return [], [(0, "the file is empty")]
    except csv.Error as error:
        return [], [(1, f"the header cannot be read: {error}")]
    positions: dict[str, int] = {}
    for i, name in enumerate(header):
        for key, aliases in COLUMNS.items():
            if normalise(name) in aliases or normalise(name) == normalise(key):
                positions.setdefault(key, i)
    missing = [k for k in REQUIRED if k not in positions]
    if missing:
        labels = {"employee_number": "employee number", "subject": "subject or course name",
                  "completed_on": "completion date"}
        return [], [(1, "the header has no column for " + ", ".join(labels[m] for m in missing))]

    good: list[GoodRow] = []
    errors: list[tuple[int, str]] = []
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            errors.append((reader.line_num, f"the row cannot be read: {error}"))
            break
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(good) + len(errors) >= MAX_ROWS:
            errors.append((line, f"the file has more than {MAX_ROWS:,} rows: split it"))
            break

        def cell(key: str, row: list[str] = row) -> str:
            i = positions.get(key)
            return row[i].strip() if i is not None and i < len(row) else ""

        reasons = []
        number, subject_text = cell("employee_number"), cell("subject")
        user_id = None
        if not number:
            reasons.append("the employee number is missing")
        else:
            user_id = people.get(normalise(number))
            if user_id is None:
                reasons.append(f"nobody has the employee number '{number}' here")
        subject_ids = None
        if not subject_text:
            reasons.append("the subject or course name is missing")
        else:
            subject_ids, reason = index.find(subject_text)
            if reason:
                reasons.append(reason)
        completed_text, expiry_text = cell("completed_on"), cell("expires_on")
        completed_on = parse_date(completed_text)
        if not completed_text:
            reasons.append("the completion date is missing")
        elif completed_on is None:
            reasons.append(f"the completion date '{completed_text}' is not a date like 31/03/2025")
        elif completed_on > today:
            reasons.append(f"the completion date {completed_on:%d/%m/%Y} is in the future")
        expires_on = parse_date(expiry_text) if expiry_text else None
        if expiry_text and expires_on is None:
            reasons.append(f"the expiry date '{expiry_text}' is not a date like 31/03/2028")
        elif expires_on and completed_on and expires_on <= completed_on:
            reasons.append("the expiry date is not after the completion date")
        if reasons:
            errors.append((line, "; ".join(reasons)))
        else:
            good.append(GoodRow(line, user_id, frozenset(subject_ids), completed_on, expires_on,
                                subject_text[:200]))
    if not good and not errors:
        errors.append((0, "the file has a header but no rows"))
    return good, errors


def import_training_records(organisation: Organisation, filename: str, content: bytes,
                            actor: User, today: date) -> TrainingImport:
    """Import past completions for the organisation's staff, or raise ImportRejected with every
    bad row. Records already held (same person, subject and date) are not duplicated."""
    text = decode(content)
    people = {
        normalise(number): uid for uid, number in db.session.execute(
            select(User.id, User.employee_number).where(
                User.employer_id == organisation.id, User.employee_number.is_not(None)))
    }
    subjects = db.session.scalars(select(Subject)).all()
    course_rows = db.session.execute(select(Course.id, Course.title, Course.code)).all()
    course_subjects: dict[int, list[int]] = {}
    for course_id, subject_id in db.session.execute(
            select(CourseSubject.course_id, CourseSubject.subject_id)):
        course_subjects.setdefault(course_id, []).append(subject_id)
    index = build_index(subjects, [(t, c, course_subjects.get(i, [])) for i, t, c in course_rows])
    good, errors = check_rows(text, people, index, today)
    if errors:
        raise ImportRejected(errors)

    renewal = {s.id: s.renewal_months for s in subjects}
    user_ids = {row.user_id for row in good}
    held = set(db.session.execute(
        select(TrainingRecord.user_id, TrainingRecord.subject_id, TrainingRecord.completed_on)
        .where(TrainingRecord.user_id.in_(user_ids))
    ).all()) if user_ids else set()
    batch = TrainingImport(organisation_id=organisation.id, filename=filename[:200], rows=len(good),
                           created=0, uploaded_by_id=actor.id, uploaded_at=utcnow())
    db.session.add(batch)
    db.session.flush()
    new_rows = []
    for row in good:
        for subject_id in sorted(row.subject_ids):
            key = (row.user_id, subject_id, row.completed_on)
            if key in held:
                continue
            held.add(key)
            new_rows.append({
                "user_id": row.user_id, "subject_id": subject_id, "completed_on": row.completed_on,
                "expires_on": row.expires_on or rules.expiry_for(row.completed_on, renewal[subject_id]),
                "expiry_given": row.expires_on is not None, "source": RecordSource.IMPORT,
                "import_id": batch.id, "recorded_by_organisation_id": organisation.id,
                "title": row.title, "created_at": batch.uploaded_at,
            })
    if new_rows:
        db.session.execute(insert(TrainingRecord), new_rows)
        refresh_current({(r["user_id"], r["subject_id"]) for r in new_rows})
    batch.created = len(new_rows)
    db.session.flush()
    record(actor, "training.imported", batch, organisation_id=organisation.id, rows=len(good),
           created=len(new_rows))
    return batch


def recent_imports(organisation_ids: set[int] | None, limit: int = 10) -> list[TrainingImport]:
    query = select(TrainingImport).order_by(TrainingImport.uploaded_at.desc()).limit(limit)
    if organisation_ids is not None:
        query = query.where(TrainingImport.organisation_id.in_(organisation_ids))
    return db.session.scalars(query).all()


def record_count() -> int:
    return db.session.scalar(select(func.count()).select_from(TrainingRecord))
