"""Everything the platform holds about one person, gathered for a subject access download, and
the erasure requests an administrator may see.

Every table with a foreign key to the person table is a section of the download, found from the
models' metadata, so a new kind of record is covered the day its table is added. A section holds
the rows about the person in full; rows where the person is only named as the one who acted
(approved, marked, recorded: columns ending in `_by_id`) are about someone else and are listed
by reference. Secrets are named but never copied; confidential text follows who may read it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import Select, Table, func, or_, select
from sqlalchemy.orm import joinedload

from academy.audit import queries as audit_queries
from academy.audit.models import AuditEvent
from academy.extensions import db
from academy.people import permissions as people_permissions
from academy.people.models import User
from academy.people.roles import Role
from academy.privacy.models import ErasureRequest, ErasureStatus

PERSON_TABLE = "user"

# Columns never copied into a download, with the reason the download gives. They are secrets
# that would let someone act as the person (or reach what they shared), not facts about them.
SECRETS = {
    ("user", "password_hash"): "the hash of your password",
    ("user", "calendar_token"): "the secret address of your calendar feed",
    ("user", "session_version"): "a counter that ends your sessions",
    ("sign_in_session", "token_hash"): "the hash of the session's secret",
    ("password_reset_token", "token_hash"): "the hash of the link's secret",
    ("passport_share", "token_hash"): "the hash of the share link's secret",
    ("open_badge", "token"): "the credential's verification secret",
}

# Other people's data kept in a row that also names the person: withheld from everyone's
# download (their own subject access covers it).
THIRD_PARTY = {
    ("staff_import", "content"): "the staff file as uploaded: every person in it",
    ("staff_import", "problems"): "the rows of the staff file that could not be read",
}

# Text only the person (and, for conversation records, the coach who held the conversation) may
# read (docs: ARCHITECTURE.md, Special data): withheld when an administrator downloads on
# request; the person gets it from their own download.
CONFIDENTIAL = {
    ("conversation_record", "notes"): "career conversation notes",
    ("conversation_record", "person_comments"): "your comments on a career conversation",
    ("preparation", "where_now"): "your preparation for a career conversation",
    ("preparation", "where_next"): "your preparation for a career conversation",
    ("preparation", "in_the_way"): "your preparation for a career conversation",
    ("mentoring_note", "text"): "your private mentoring meeting notes",
    ("equality_profile", "ethnicity"): "equality monitoring answers",
    ("equality_profile", "disability"): "equality monitoring answers",
    ("equality_profile", "sex"): "equality monitoring answers",
    ("equality_profile", "gender_identity_same"): "equality monitoring answers",
    ("equality_profile", "sexual_orientation"): "equality monitoring answers",
    ("equality_profile", "religion"): "equality monitoring answers",
    ("equality_profile", "age_band"): "equality monitoring answers",
    ("equality_profile", "carer"): "equality monitoring answers",
    ("equality_profile", "armed_forces"): "equality monitoring answers",
}
WITHHELD = "(withheld)"

# Records about the person that name them only through the record they belong to:
# table -> (its column, the parent table, the parent's columns naming the person).
THROUGH_PARENT = {
    "conversation_record": ("conversation_id", "conversation", ("person_id",)),
    "preparation": ("conversation_id", "conversation", ("person_id",)),
    "induction_item": ("induction_id", "induction", ("user_id",)),
    "mentoring_meeting": ("partnership_id", "mentoring_partnership", ("partner_id", "leader_id")),
}
THROUGH_GRANDPARENT = {
    # An agreed action belongs to a conversation record, which belongs to the conversation.
    "action": ("record_id", "conversation_record", "conversation_id", "conversation", "person_id"),
    "record_aim": ("record_id", "conversation_record", "conversation_id", "conversation",
                   "person_id"),
    "item_review": ("induction_item_id", "induction_item", "induction_id", "induction", "user_id"),
    "evidence": ("induction_item_id", "induction_item", "induction_id", "induction", "user_id"),
}

TITLES = {
    "user": "Your details",
    "audit_event": "The audit log: what you did, and what was done to or read of your records",
}


def person_columns(table: Table) -> list:
    """The columns of `table` that hold a person's id."""
    return [fk.parent for fk in table.foreign_keys if fk.column.table.name == PERSON_TABLE]


def tables_naming_people() -> list[Table]:
    """Every mapped table with a foreign key to the person table, in a stable order."""
    return sorted(
        (table for table in db.Model.metadata.tables.values() if person_columns(table)),
        key=lambda table: table.name,
    )


def is_actor_column(column) -> bool:
    """A column naming who did something to a record about someone else."""
    return column.name.endswith("_by_id")


@dataclass
class Section:
    """One kind of record in a download: the rows about the person, the rows where they acted."""

    table: str
    title: str
    columns: list[str]
    rows: list[dict] = field(default_factory=list)
    acted_on: list[dict] = field(default_factory=list)
    withheld: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"title": self.title, "columns": self.columns, "rows": self.rows,
                "acted_on": self.acted_on, "withheld": self.withheld}


def _plain(value):
    """A value as JSON holds it."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"({len(value)} bytes)"
    return value


def _about_clause(table: Table, person_id: int):
    """Rows of `table` that are about the person (not only acted on by them)."""
    tables = db.Model.metadata.tables
    conditions = [column == person_id for column in person_columns(table)
                  if not is_actor_column(column)]
    if table.name == PERSON_TABLE:
        conditions = [table.c.id == person_id]
    if table.name in THROUGH_PARENT:
        own, parent_name, owners = THROUGH_PARENT[table.name]
        parent = tables[parent_name]
        conditions.append(table.c[own].in_(
            select(parent.c.id).where(or_(*(parent.c[o] == person_id for o in owners)))))
    if table.name in THROUGH_GRANDPARENT:
        own, parent_name, up, grand_name, owner = THROUGH_GRANDPARENT[table.name]
        parent, grand = tables[parent_name], tables[grand_name]
        conditions.append(table.c[own].in_(
            select(parent.c.id).where(parent.c[up].in_(
                select(grand.c.id).where(grand.c[owner] == person_id)))))
    return or_(*conditions) if conditions else None


def _section(table: Table, person_id: int, *, confidential_shown: bool) -> Section:
    withheld = {column: reason for (name, column), reason in SECRETS.items()
                if name == table.name}
    withheld.update({column: reason for (name, column), reason in THIRD_PARTY.items()
                     if name == table.name})
    hidden = set(withheld)
    masked = set()
    if not confidential_shown:
        for (name, column), reason in CONFIDENTIAL.items():
            if name == table.name:
                withheld[column] = f"{reason}: only you can download these"
                masked.add(column)
    columns = [column.name for column in table.columns if column.name not in hidden]
    section = Section(table=table.name, title=TITLES.get(table.name, _title(table.name)),
                      columns=columns, withheld=withheld)
    about = _about_clause(table, person_id)
    key = table.primary_key.columns.values()
    if about is not None:
        for row in db.session.execute(select(table).where(about).order_by(*key)).mappings():
            section.rows.append({
                column: WITHHELD if column in masked and row[column] is not None
                else _plain(row[column]) for column in columns
            })
    actor_columns = [column for column in person_columns(table) if is_actor_column(column)]
    if table.name == PERSON_TABLE:
        actor_columns = [table.c.line_manager_id]
    for column in actor_columns:
        query = select(*key).where(column == person_id)
        if about is not None:
            query = query.where(~about)
        for row in db.session.execute(query.order_by(*key)):
            section.acted_on.append({"as": column.name, **{k.name: _plain(v) for k, v in
                                                           zip(key, row, strict=True)}})
    return section


def _title(table_name: str) -> str:
    return table_name.replace("_", " ").capitalize()


@dataclass
class SubjectAccess:
    """Everything held about one person, section by section, with the reads of their records."""

    person: User
    generated_at: datetime
    for_the_person: bool
    sections: list[Section]
    reads: list[dict]

    def as_json(self) -> dict:
        return {
            "person": {"id": self.person.id, "name": self.person.name,
                       "email": self.person.email},
            "generated_at": self.generated_at.isoformat(),
            "downloaded_by": "the person" if self.for_the_person else "an administrator on request",
            "notes": NOTES,
            "reads_of_your_records": self.reads,
            "sections": {section.table: section.as_json() for section in self.sections},
        }

    @property
    def held(self) -> list[Section]:
        return [section for section in self.sections if section.rows or section.acted_on]

    @property
    def empty(self) -> list[Section]:
        return [section for section in self.sections if not (section.rows or section.acted_on)]


NOTES = {
    "rows": "the records about you, every column as the platform keeps it; ids name other records",
    "acted_on": "records about someone else where you are named as the one who acted "
                "(approved, marked, recorded, uploaded): listed by reference, not copied",
    "withheld": "columns never copied, with the reason: secrets that would let someone act as "
                "you, other people's data, and (in a download made by an administrator) text "
                "that only you may read",
}


def reads_of_records(person_id: int) -> list[dict]:
    """Who else read the person's records, newest first, by name."""
    query = audit_queries.reads_of(person_id).options(joinedload(AuditEvent.actor))
    return [
        {"at": event.at.isoformat(), "who": event.actor.name if event.actor else "The Academy",
         "what": audit_queries.READS.get(event.action, event.action),
         "record": f"{event.object_type} {event.object_id or ''}".strip()}
        for event in db.session.scalars(query)
    ]


def subject_access(person: User, *, now: datetime, for_the_person: bool) -> SubjectAccess:
    """Everything held about `person`. `for_the_person` is False when an administrator downloads
    it on request: text only the person may read is then withheld."""
    sections = [_section(table, person.id, confidential_shown=for_the_person)
                for table in tables_naming_people()]
    return SubjectAccess(person=person, generated_at=now, for_the_person=for_the_person,
                         sections=sections, reads=reads_of_records(person.id))


def own_erasure_requests(person_id: int) -> list[ErasureRequest]:
    return list(db.session.scalars(
        select(ErasureRequest).where(ErasureRequest.person_id == person_id)
        .order_by(ErasureRequest.requested_at.desc(), ErasureRequest.id.desc())
    ))


def erasure_queue(viewer: User, *, status: str = "", name: str = "") -> Select:
    """Erasure requests the administrator may decide, oldest waiting first; `status` one of
    ErasureStatus's values (or all), `name` part of the person's name or e-mail."""
    query = (
        select(ErasureRequest).join(ErasureRequest.person)
        .options(joinedload(ErasureRequest.person).joinedload(User.employer))
        .order_by(ErasureRequest.requested_at, ErasureRequest.id)
    )
    if not people_permissions.is_partnership_admin(viewer):
        query = query.where(User.employer_id.in_(viewer.role_scopes(Role.ADMIN) - {None}))
    if status in {member.value for member in ErasureStatus}:
        query = query.where(ErasureRequest.status == ErasureStatus(status))
    if name:
        pattern = f"%{name.lower()}%"
        query = query.where(or_(
            func.lower(User.given_name + " " + User.family_name).like(pattern),
            func.lower(User.email).like(pattern),
        ))
    return query
