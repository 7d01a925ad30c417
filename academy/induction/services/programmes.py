"""Setting up programmes and the recognition rules each partner owns."""

from __future__ import annotations

from sqlalchemy import func, select

from academy.audit.services import record
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.induction import catalogue, permissions, standards
from academy.induction.models import (
    CARE_CERTIFICATE_DUE_DAYS,
    AcceptFrom,
    EvidenceRequirement,
    InductionProgramme,
    ItemKind,
    ProgrammeItem,
    RecognitionRule,
)
from academy.people.models import JobRole, Organisation, OrganisationType, User


def _check_may_edit(actor: User, organisation_id: int | None) -> None:
    if not permissions.can_edit_programme_for(actor, organisation_id):
        raise NotAllowed("You cannot change induction programmes for this organisation")


def _item_from(template: standards.ItemTemplate, position: int, subjects: dict[str, int]) -> ProgrammeItem:
    """A programme item from a reference template, linked to the catalogue's subject for it."""
    return ProgrammeItem(
        position=position, kind=template.kind, title=template.title,
        description=template.description, evidence=template.evidence, due_days=template.due_days,
        subject_key=template.subject_key, standard_number=template.standard_number,
        valid_for_months=template.valid_for_months,
        mandatory_subject_id=subjects.get(template.subject_key),
    )


def create_programme(
    *, name: str, organisation: Organisation | None, job_role: JobRole | None,
    description: str, from_template: bool, actor: User,
) -> InductionProgramme:
    """A new programme, filled with the district's joint induction when from_template is set.

    Raises NotAllowed unless the actor leads learning or administers for the organisation (the
    partnership, for a district-wide programme); DomainError when one already covers the scope.
    """
    organisation_id = organisation.id if organisation else None
    _check_may_edit(actor, organisation_id)
    clash = db.session.scalar(
        select(func.count()).select_from(InductionProgramme).where(
            InductionProgramme.organisation_id.is_(None) if organisation is None
            else InductionProgramme.organisation_id == organisation_id,
            InductionProgramme.job_role_id.is_(None) if job_role is None
            else InductionProgramme.job_role_id == job_role.id,
        )
    )
    if clash:
        raise DomainError("A programme for this organisation and job role already exists",
                          field="job_role")
    programme = InductionProgramme(
        name=name.strip(), organisation_id=organisation_id,
        job_role_id=job_role.id if job_role else None, description=description.strip() or None,
    )
    if from_template:
        subjects = catalogue.subject_lookup()
        for position, template in enumerate(standards.district_template(), start=1):
            programme.items.append(_item_from(template, position, subjects))
    db.session.add(programme)
    db.session.flush()
    record(actor, "induction.programme_created", programme, items=len(programme.items))
    return programme


def reference_items_missing(programme: InductionProgramme) -> list[standards.ItemTemplate]:
    present = {item.subject_key for item in programme.items}
    return [t for t in standards.district_template() if t.subject_key not in present]


def _next_position(programme: InductionProgramme) -> int:
    return max((item.position for item in programme.items), default=0) + 1


def add_reference_item(programme: InductionProgramme, subject_key: str, *, actor: User) -> ProgrammeItem:
    _check_may_edit(actor, programme.organisation_id)
    template = next((t for t in reference_items_missing(programme) if t.subject_key == subject_key), None)
    if template is None:
        raise DomainError("Choose an item that is not in the programme yet", field="subject_key")
    item = _item_from(template, _next_position(programme), catalogue.subject_lookup())
    programme.items.append(item)
    db.session.flush()
    record(actor, "induction.programme_item_added", item, programme_id=programme.id)
    return item


def _check_due_days(kind: ItemKind, due_days: int) -> None:
    if due_days < 0:
        raise DomainError("Enter the number of days after the start, 0 or more", field="due_days")
    if kind == ItemKind.CARE_CERTIFICATE and due_days > CARE_CERTIFICATE_DUE_DAYS:
        raise DomainError("Care Certificate standards must be due within 12 weeks (84 days)",
                          field="due_days")


def add_local_item(
    programme: InductionProgramme, *, title: str, description: str,
    evidence: EvidenceRequirement, due_days: int, actor: User,
) -> ProgrammeItem:
    """One of the employer's own items. Raises DomainError for a repeated title."""
    _check_may_edit(actor, programme.organisation_id)
    _check_due_days(ItemKind.LOCAL, due_days)
    key = f"local:{programme.organisation_id or 'district'}:{standards.slug(title)}"[:80]
    if any(item.subject_key == key for item in programme.items):
        raise DomainError("The programme already has an item with this title", field="title")
    item = ProgrammeItem(
        position=_next_position(programme), kind=ItemKind.LOCAL, title=title.strip(),
        description=description.strip() or None, evidence=evidence, due_days=due_days,
        subject_key=key,
    )
    programme.items.append(item)
    db.session.flush()
    record(actor, "induction.programme_item_added", item, programme_id=programme.id)
    return item


def update_item(
    item: ProgrammeItem, *, title: str, description: str, evidence: EvidenceRequirement,
    due_days: int, actor: User,
) -> None:
    """Change an item; inductions already started keep the copy they began with."""
    _check_may_edit(actor, item.programme.organisation_id)
    _check_due_days(item.kind, due_days)
    item.title = title.strip()
    item.description = description.strip() or None
    item.evidence = evidence
    item.due_days = due_days
    record(actor, "induction.programme_item_changed", item, programme_id=item.programme_id)
    db.session.flush()


def move_item(item: ProgrammeItem, *, up: bool, actor: User) -> None:
    _check_may_edit(actor, item.programme.organisation_id)
    items = item.programme.items
    items.sort(key=lambda i: i.position)
    index = items.index(item)
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        neighbour = items[other]
        item.position, neighbour.position = neighbour.position, item.position
        items.sort(key=lambda i: i.position)
        record(actor, "induction.programme_item_moved", item, programme_id=item.programme_id)
        db.session.flush()


def remove_item(item: ProgrammeItem, *, actor: User) -> None:
    _check_may_edit(actor, item.programme.organisation_id)
    record(actor, "induction.programme_item_removed", item, programme_id=item.programme_id,
           title=item.title)
    item.programme.items.remove(item)
    db.session.flush()


def add_rule(
    organisation: Organisation, *, kind: ItemKind, subject_key: str | None, accepts: AcceptFrom,
    source_organisation: Organisation | None, source_type: OrganisationType | None,
    in_date_only: bool, max_age_days: int | None, actor: User,
) -> RecognitionRule:
    """State what the organisation accepts from elsewhere for a kind of item or one subject.

    Raises NotAllowed unless the actor leads learning or administers for the organisation;
    DomainError when the rule is incomplete or one already covers the same subject.
    """
    _check_may_edit(actor, organisation.id)
    if accepts == AcceptFrom.NAMED_PARTNER and source_organisation is None:
        raise DomainError("Choose the partner accepted", field="source_organisation")
    if accepts == AcceptFrom.ORGANISATION_TYPE and source_type is None:
        raise DomainError("Choose the kind of partner accepted", field="source_type")
    if max_age_days is not None and max_age_days <= 0:
        raise DomainError("Enter a number of days greater than 0", field="max_age_days")
    subject_key = subject_key or None
    clash = db.session.scalar(
        select(func.count()).select_from(RecognitionRule).where(
            RecognitionRule.organisation_id == organisation.id, RecognitionRule.kind == kind,
            RecognitionRule.subject_key.is_(None) if subject_key is None
            else RecognitionRule.subject_key == subject_key,
        )
    )
    if clash:
        raise DomainError("There is already a rule for this; remove it first", field="subject_key")
    rule = RecognitionRule(
        organisation_id=organisation.id, kind=kind, subject_key=subject_key, accepts=accepts,
        source_organisation_id=source_organisation.id
        if accepts == AcceptFrom.NAMED_PARTNER and source_organisation else None,
        source_type=source_type if accepts == AcceptFrom.ORGANISATION_TYPE else None,
        in_date_only=in_date_only, max_age_days=max_age_days, created_by_id=actor.id,
    )
    db.session.add(rule)
    db.session.flush()
    record(actor, "induction.recognition_rule_added", rule, organisation_id=organisation.id)
    return rule


def remove_rule(rule: RecognitionRule, *, actor: User) -> None:
    _check_may_edit(actor, rule.organisation_id)
    record(actor, "induction.recognition_rule_removed", rule, organisation_id=rule.organisation_id)
    db.session.delete(rule)
    db.session.flush()
