"""Building induction worlds for the tests: programmes, started inductions, evidence files."""

from __future__ import annotations

from datetime import date

from flask import current_app

from academy.extensions import db
from academy.induction import standards
from academy.induction.models import (
    AcceptFrom,
    EvidenceRequirement,
    InductionProgramme,
    ItemKind,
    KnowledgeShown,
    ProgrammeItem,
    RecognitionRule,
    ReviewDecision,
)
from academy.induction.services import inductions as services

START = date(2026, 1, 5)
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def programme(organisation=None, *, templates=None, job_role=None, name="Induction") -> InductionProgramme:
    """A programme built directly: by default the welcome, two standards and a local item."""
    templates = templates or [
        standards.welcome_item(),
        *standards.care_certificate_items()[:2],
        standards.ItemTemplate(ItemKind.LOCAL, "Lone working and the on-call rota",
                               EvidenceRequirement.KNOWLEDGE, 7,
                               f"local:{organisation.id if organisation else 'district'}:lone-working"),
    ]
    programme = InductionProgramme(
        name=name, organisation_id=organisation.id if organisation else None,
        job_role_id=job_role.id if job_role else None,
    )
    for position, template in enumerate(templates, start=1):
        programme.items.append(ProgrammeItem(
            position=position, kind=template.kind, title=template.title,
            evidence=template.evidence, due_days=template.due_days,
            subject_key=template.subject_key, standard_number=template.standard_number,
            valid_for_months=template.valid_for_months,
        ))
    db.session.add(programme)
    db.session.flush()
    return programme


def rule(organisation, kind: ItemKind, accepts: AcceptFrom, subject_key=None, **kwargs) -> RecognitionRule:
    rule = RecognitionRule(organisation_id=organisation.id, kind=kind, accepts=accepts,
                           subject_key=subject_key, **kwargs)
    db.session.add(rule)
    db.session.flush()
    return rule


def start(person, manager, assessors=(), started_on=START, today=START):
    return services.start_induction(person, started_on=started_on, assessors=list(assessors),
                                    actor=manager, today=today)


def upload(item, learner, name="answers.pdf", content=PDF_BYTES):
    return services.add_evidence(
        item, filename=name, content=content, actor=learner,
        upload_root=current_app.config["UPLOAD_FOLDER"], max_bytes=current_app.config["EVIDENCE_MAX_BYTES"],
    )


def sign_off(item, assessor, day=START):
    """Sign an item off with whatever its evidence requirement asks for."""
    needs = item.evidence
    if needs == EvidenceRequirement.COURSE and not item.evidence_files:
        upload(item, item.induction.user, name="certificate.pdf")
    return services.review_item(
        item, decision=ReviewDecision.SIGNED_OFF, comments="Seen and discussed",
        knowledge_shown=KnowledgeShown.SPOKEN if needs.needs_knowledge else None,
        observed_on=day if needs.needs_date else None,
        actor=assessor, today=day,
    )


def complete(induction, assessor, day=START):
    for item in induction.items:
        if not item.is_done:
            sign_off(item, assessor, day)
    return induction
