"""The words of a mentoring application and its scores: availability slots, bands, ways of
meeting and the score's factors. Plain constants, light to import for forms and pages."""

from __future__ import annotations

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
PARTS_OF_DAY = ("morning", "afternoon", "evening")
SLOTS = [(day, part) for day in WEEKDAYS for part in PARTS_OF_DAY]  # bit k of an availability

# Agenda for Change bands in order of seniority; people outside it give the nearest equivalent.
BANDS = ("2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9")

IN_PERSON, VIRTUAL, EITHER = "in_person", "virtual", "either"
MODES = (IN_PERSON, VIRTUAL, EITHER)

FACTORS = ("goals", "interests", "availability", "mode", "distance", "band_gap")
FACTOR_LABELS = {
    "goals": "Shared goals",
    "interests": "Interests and hopes",
    "availability": "Times both are free",
    "mode": "How they want to meet",
    "distance": "Distance between sites",
    "band_gap": "Difference in band",
    "priority": "Priority group bonus",
}


def band_rank(band: str | None) -> int | None:
    return BANDS.index(band) if band in BANDS else None


def slot_label(bit: int) -> str:
    day, part = SLOTS[bit]
    return f"{day} {part}"


def slots_of(mask: int) -> list[int]:
    return [bit for bit in range(len(SLOTS)) if mask >> bit & 1]
