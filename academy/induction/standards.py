"""Reference items for programmes: the Care Certificate's 16 standards, core skills, the welcome.

Care Certificate titles are the 2025 standards (Skills for Care). Core skills are the NHS Core
Skills Training Framework subjects at level 1 with their usual refresher periods.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from academy.induction.models import CARE_CERTIFICATE_DUE_DAYS, EvidenceRequirement, ItemKind

K = EvidenceRequirement.KNOWLEDGE
KC = EvidenceRequirement.KNOWLEDGE_AND_COMPETENCE

# number, title, evidence; the awareness standards are shown through knowledge alone.
CARE_CERTIFICATE = [
    (1, "Understand your role", KC),
    (2, "Your personal development", KC),
    (3, "Duty of care", KC),
    (4, "Equality, diversity, inclusion and human rights", KC),
    (5, "Work in a person-centred way", KC),
    (6, "Communication", KC),
    (7, "Privacy and dignity", KC),
    (8, "Fluids and nutrition", KC),
    (9, "Awareness of mental health and dementia", K),
    (10, "Adult safeguarding", KC),
    (11, "Safeguarding children", K),
    (12, "Basic life support", KC),
    (13, "Health and safety", KC),
    (14, "Handling information", KC),
    (15, "Infection prevention and control", KC),
    (16, "Awareness of learning disability and autism", K),
]

# subject, level, refresher years
CORE_SKILLS = [
    ("Conflict Resolution", "Level 1", 3),
    ("Equality, Diversity and Human Rights", "Level 1", 3),
    ("Fire Safety", "Level 1", 2),
    ("Health, Safety and Welfare", "Level 1", 3),
    ("Infection Prevention and Control", "Level 1", 3),
    ("Information Governance and Data Security", "Level 1", 1),
    ("Moving and Handling", "Level 1", 3),
    ("Preventing Radicalisation", "Basic Prevent Awareness (Levels 1-2)", 3),
    ("Resuscitation", "Level 1", 1),
    ("Safeguarding Adults", "Level 1", 3),
    ("Safeguarding Children", "Level 1", 3),
]

WELCOME_TITLE = "Welcome to Wakefield's health and care system"
WELCOME_KEY = "welcome:district"


@dataclass(frozen=True)
class ItemTemplate:
    kind: ItemKind
    title: str
    evidence: EvidenceRequirement
    due_days: int
    subject_key: str
    description: str | None = None
    standard_number: int | None = None
    valid_for_months: int | None = None
    core_subject: tuple[str, str] | None = None  # (subject, level), to link to the catalogue


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def care_certificate_key(number: int) -> str:
    return f"care-certificate:{number}"


def core_skill_key(subject: str, level: str) -> str:
    return f"core-skill:{slug(subject)}:{slug(level)}"


def care_certificate_due_days(number: int) -> int:
    """Four standards a month, all within the Care Certificate's 12 weeks."""
    return min(CARE_CERTIFICATE_DUE_DAYS, 28 * ((number - 1) // 6 + 1))


def welcome_item() -> ItemTemplate:
    return ItemTemplate(
        ItemKind.WELCOME, WELCOME_TITLE, EvidenceRequirement.ATTENDANCE, 14, WELCOME_KEY,
        description="The district-wide session for everyone new to health and care in Wakefield: "
                    "the partners, how people move between services, and who to ask for help.",
    )


def care_certificate_items() -> list[ItemTemplate]:
    return [
        ItemTemplate(
            ItemKind.CARE_CERTIFICATE, f"Standard {number}: {title}", evidence,
            care_certificate_due_days(number), care_certificate_key(number),
            standard_number=number,
            description="Show what you know in writing or by talking it through with your "
                        "assessor" + ("; then your assessor observes you in practice."
                                      if evidence == KC else "."),
        )
        for number, title, evidence in CARE_CERTIFICATE
    ]


def core_skill_items(due_days: int = 28) -> list[ItemTemplate]:
    return [
        ItemTemplate(
            ItemKind.CORE_SKILL, f"{subject} ({level})", EvidenceRequirement.COURSE, due_days,
            core_skill_key(subject, level), valid_for_months=years * 12,
            description=f"Core skill, refreshed every {years} year{'s' if years != 1 else ''}.",
            core_subject=(subject, level),
        )
        for subject, level, years in CORE_SKILLS
    ]


def district_template() -> list[ItemTemplate]:
    """The joint induction every programme starts from: welcome, core skills, Care Certificate."""
    return [welcome_item(), *core_skill_items(), *care_certificate_items()]
