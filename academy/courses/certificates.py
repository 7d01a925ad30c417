"""Completion certificates: their verification codes and their PDF."""

from __future__ import annotations

import re
import secrets

from academy.reports.pdf import render_pdf

# No 0/O, 1/I/L: a code read aloud or typed from paper comes out right.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_PATTERN = re.compile(r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")
ACADEMY_NAME = "Wakefield Health and Social Care Academy"


def new_code() -> str:
    """A random verification code such as 7KQM-3XPA-W9RT (about 59 bits)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_code(text: str) -> str | None:
    """The code as stored, from what someone typed (any case, spaces or no dashes), or None."""
    cleaned = re.sub(r"[^0-9A-Za-z]", "", text or "").upper()
    if len(cleaned) != 12:
        return None
    code = f"{cleaned[:4]}-{cleaned[4:8]}-{cleaned[8:]}"
    return code if CODE_PATTERN.match(code) else None


def issuer(course) -> str:
    """The partner that issues a course's certificates: its provider, or the Academy."""
    if course.provider is not None:
        return course.provider.name
    return ACADEMY_NAME


def certificate_pdf(enrolment, *, verify_url: str) -> bytes:
    return render_pdf(
        "courses/certificate_pdf.html",
        enrolment=enrolment,
        course=enrolment.course,
        person=enrolment.user,
        issuer=issuer(enrolment.course),
        academy=ACADEMY_NAME,
        verify_url=verify_url,
    )
