"""The shapes of an organisation's code (its ODS code, or a care provider's CQC location ID)
and of a postcode: pure rules, plain strings in and out."""

from __future__ import annotations

import re

from academy.people.models import OrganisationType

# (pattern, what the code is called, what to tell someone whose code does not fit)
_SHAPES: dict[OrganisationType, tuple[re.Pattern, str]] = {
    OrganisationType.NHS_TRUST: (
        re.compile(r"[A-Z][A-Z0-9]{2}"),
        "An NHS trust's ODS code is 3 letters or numbers, starting with a letter, like RXF"),
    OrganisationType.AMBULANCE: (
        re.compile(r"[A-Z][A-Z0-9]{2}"),
        "An ambulance trust's ODS code is 3 letters or numbers, starting with a letter, like RX8"),
    OrganisationType.PRIMARY_CARE: (
        re.compile(r"[A-Z][0-9]{5}"),
        "A GP practice's or primary care network's ODS code is a letter and 5 numbers, like B87001"),
    OrganisationType.LOCAL_AUTHORITY: (
        re.compile(r"[A-Z0-9]{3}"),
        "A council's ODS code is 3 letters or numbers"),
    OrganisationType.CARE_PROVIDER: (
        re.compile(r"1-[0-9]{9,11}"),
        "A CQC location ID is 1- and 9 to 11 numbers, like 1-123456789"),
}
# Partners with no national code may still record one of their own.
_ANY_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{1,19}")
_POSTCODE = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})")


def normalise_code(code: str | None) -> str:
    """The code as it is kept: uppercase, without spaces."""
    return re.sub(r"\s+", "", code or "").upper()


def code_is_required(kind: OrganisationType) -> bool:
    """NHS bodies, GP practices, councils and care providers all have a national code."""
    return kind in _SHAPES


def code_label(kind: OrganisationType) -> str:
    return "CQC location ID" if kind is OrganisationType.CARE_PROVIDER else "ODS code"


def code_problem(kind: OrganisationType, code: str) -> str | None:
    """What is wrong with a (normalised) code for this kind of organisation, or None."""
    if not code:
        return f"Enter the {code_label(kind)}" if code_is_required(kind) else None
    if kind in _SHAPES:
        pattern, message = _SHAPES[kind]
        return None if pattern.fullmatch(code) else message
    if not _ANY_CODE.fullmatch(code):
        return "A code is 2 to 20 letters, numbers or hyphens"
    return None


def normalise_postcode(postcode: str | None) -> str | None:
    """A UK postcode in capitals with one space before the last three characters; None when
    blank. Raises ValueError when it is not shaped like a postcode."""
    squeezed = re.sub(r"\s+", "", postcode or "").upper()
    if not squeezed:
        return None
    match = _POSTCODE.fullmatch(squeezed)
    if match is None:
        raise ValueError(postcode)
    return f"{match.group(1)} {match.group(2)}"
