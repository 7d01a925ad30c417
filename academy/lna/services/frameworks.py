"""Competency frameworks: create, change, add competencies, import from CSV."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from academy.audit.services import record
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.lna import permissions
from academy.lna.framework_csv import CODE_PATTERN, ParsedFramework, RowError
from academy.lna.models import (
    Competency,
    CompetencyDescriptor,
    CompetencyFramework,
    FrameworkDomain,
)
from academy.people.models import User


class ImportRefused(DomainError):
    """A framework file with problems: nothing was saved; every problem is listed."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"The file has {len(errors)} problem{'s' if len(errors) != 1 else ''}: "
                         "nothing was imported", field="file")
        self.errors = errors


@dataclass(frozen=True)
class ImportResult:
    framework: CompetencyFramework
    added: int
    updated: int


def _check_allowed(actor: User) -> None:
    if not permissions.can_manage_competency_frameworks(actor):
        raise NotAllowed("Only a partnership learning lead can change competency frameworks")


def _clean_code(code: str, field: str = "code") -> str:
    code = (code or "").strip().upper()
    if not CODE_PATTERN.match(code):
        raise DomainError("Enter a code of up to 30 letters, numbers, dots, dashes or underscores",
                          field=field)
    return code


def create_framework(*, code: str, name: str, description: str | None, actor: User) -> CompetencyFramework:
    """Raises NotAllowed, or DomainError when the code or name is taken."""
    _check_allowed(actor)
    code = _clean_code(code)
    name = (name or "").strip()
    if not name:
        raise DomainError("Enter a name", field="name")
    if db.session.scalar(select(CompetencyFramework.id).where(CompetencyFramework.code == code)):
        raise DomainError(f"A framework already has the code {code}", field="code")
    if db.session.scalar(select(CompetencyFramework.id).where(CompetencyFramework.name == name)):
        raise DomainError("A framework already has this name", field="name")
    framework = CompetencyFramework(code=code, name=name, description=description or None)
    db.session.add(framework)
    db.session.flush()
    record(actor, "lna.framework.created", framework, code=code)
    return framework


def update_framework(framework: CompetencyFramework, *, name: str, description: str | None,
                     actor: User) -> None:
    _check_allowed(actor)
    name = (name or "").strip()
    if not name:
        raise DomainError("Enter a name", field="name")
    taken = db.session.scalar(select(CompetencyFramework.id).where(
        CompetencyFramework.name == name, CompetencyFramework.id != framework.id))
    if taken:
        raise DomainError("A framework already has this name", field="name")
    framework.name = name
    framework.description = description or None
    db.session.flush()
    record(actor, "lna.framework.updated", framework)


def _domain(framework: CompetencyFramework, name: str) -> FrameworkDomain:
    """The framework's domain of this name, created at the end when new."""
    name = name.strip()
    domain = db.session.scalar(select(FrameworkDomain).where(
        FrameworkDomain.framework_id == framework.id, FrameworkDomain.name == name))
    if domain is None:
        last = db.session.scalar(select(func.max(FrameworkDomain.position)).where(
            FrameworkDomain.framework_id == framework.id))
        domain = FrameworkDomain(framework_id=framework.id, name=name,
                                 position=(last if last is not None else -1) + 1)
        db.session.add(domain)
        db.session.flush()
    return domain


def _set_descriptors(competency: Competency, descriptors: dict[int, str]) -> None:
    wanted = {level: text.strip() for level, text in descriptors.items() if text and text.strip()}
    for item in list(competency.descriptors):
        if item.level not in wanted:
            competency.descriptors.remove(item)
        else:
            item.text = wanted.pop(item.level)
    for level, text in sorted(wanted.items()):
        if not 1 <= level <= 4:
            raise DomainError("Descriptors are for levels 1 to 4", field=f"level_{level}")
        competency.descriptors.append(CompetencyDescriptor(level=level, text=text))


def save_competency(framework: CompetencyFramework, *, domain_name: str, code: str, name: str,
                    description: str | None, descriptors: dict[int, str], actor: User,
                    competency: Competency | None = None) -> Competency:
    """Add a competency to the framework, or change one. Raises DomainError for a code in use.

    A competency's code cannot change once set: the catalogue's courses refer to it.
    """
    _check_allowed(actor)
    if not (domain_name or "").strip():
        raise DomainError("Enter the domain", field="domain")
    if not (name or "").strip():
        raise DomainError("Enter a name", field="name")
    if competency is None:
        code = _clean_code(code)
        if db.session.scalar(select(Competency.id).where(Competency.code == code)):
            raise DomainError(f"The code {code} is already used by another competency", field="code")
    domain = _domain(framework, domain_name)
    if competency is None:
        last = db.session.scalar(select(func.max(Competency.position)).where(
            Competency.domain_id == domain.id))
        competency = Competency(framework_id=framework.id, domain_id=domain.id, code=code,
                                name=name.strip(), position=(last if last is not None else -1) + 1)
        db.session.add(competency)
        action = "lna.competency.added"
    else:
        if competency.framework_id != framework.id:
            raise DomainError("This competency belongs to another framework")
        competency.domain_id = domain.id
        competency.name = name.strip()
        action = "lna.competency.updated"
    competency.description = (description or "").strip() or None
    _set_descriptors(competency, descriptors)
    db.session.flush()
    record(actor, action, competency, code=competency.code)
    return competency


def import_framework(parsed: ParsedFramework, *, actor: User,
                     framework: CompetencyFramework | None = None, code: str | None = None,
                     name: str | None = None, description: str | None = None) -> ImportResult:
    """Save every row of a checked framework file, or nothing.

    Into an existing framework, rows add new competencies and update those with the same code;
    nothing is removed (past ratings refer to competencies). Without one, a new framework is
    made with the code and name given. Raises ImportRefused listing every problem, including
    codes that another framework already uses.
    """
    _check_allowed(actor)
    if not parsed.ok:
        raise ImportRefused(parsed.errors)
    codes = [row.code for row in parsed.rows]
    existing = {
        c.code: c for c in db.session.scalars(select(Competency).where(Competency.code.in_(codes)))
    }
    errors = [
        RowError(row.line, f"The code {row.code} belongs to the framework "
                           f"{existing[row.code].framework.name}")
        for row in parsed.rows
        if row.code in existing and (framework is None or existing[row.code].framework_id != framework.id)
    ]
    if errors:
        raise ImportRefused(errors)
    if framework is None:
        try:
            framework = create_framework(code=code or "", name=name or "", description=description,
                                         actor=actor)
        except DomainError as error:
            raise ImportRefused([RowError(0, error.message)]) from error
    added = updated = 0
    for row in parsed.rows:
        save_competency(
            framework, domain_name=row.domain, code=row.code, name=row.name,
            description=row.description, descriptors=row.descriptors, actor=actor,
            competency=existing.get(row.code),
        )
        if row.code in existing:
            updated += 1
        else:
            added += 1
    record(actor, "lna.framework.imported", framework, added=added, updated=updated)
    db.session.flush()
    return ImportResult(framework, added, updated)
