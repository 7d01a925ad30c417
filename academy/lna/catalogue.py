"""What the course catalogue offers for competencies, read through academy.courses.queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import or_, select

from academy.courses.queries import competency_offer
from academy.extensions import db
from academy.lna import gaps
from academy.timekeeping import utcnow

# How far ahead scheduled sessions count as places on offer, by default.
DEFAULT_HORIZON_MONTHS = 6
HORIZON_CHOICES = (3, 6, 12)


def horizon(now: datetime, months: int) -> datetime:
    return now + timedelta(days=round(months * 365.25 / 12))


@dataclass(frozen=True)
class CourseOption:
    course_id: int
    course_code: str
    title: str
    delivery_mode: str
    level: int
    cost_per_place: Decimal
    sessions: int
    places_free: int
    next_start: datetime | None

    @property
    def label(self) -> str:
        when = f", next on {self.next_start:%-d %B %Y}" if self.next_start else ", no dates yet"
        return f"{self.title} ({self.course_code}){when}"


def suggestions(pairs: list[tuple[str, int]], *, now: datetime | None = None,
                months: int = DEFAULT_HORIZON_MONTHS) -> dict[str, list[CourseOption]]:
    """For each (competency code, required level): the courses that develop it far enough,
    those with dates soonest first. One query."""
    if not pairs:
        return {}
    now = now or utcnow()
    offer = competency_offer(now, horizon(now, months)).subquery()
    wanted = {}
    for code, level in pairs:
        wanted[code] = max(level, wanted.get(code, 0))
    rows = db.session.execute(
        select(offer).where(or_(*[
            (offer.c.competency_code == code) & (offer.c.level >= level)
            for code, level in wanted.items()
        ]))
    ).all()
    found: dict[str, list[CourseOption]] = {}
    for row in rows:
        if not gaps.course_meets(row.level, wanted[row.competency_code]):
            continue
        found.setdefault(row.competency_code, []).append(CourseOption(
            row.course_id, row.course_code, row.title, str(row.delivery_mode), row.level,
            Decimal(row.cost_per_place or 0), int(row.sessions), int(row.places_free),
            row.next_start,
        ))
    for options in found.values():
        options.sort(key=lambda o: (o.next_start is None, o.next_start or now, o.title))
    return found
