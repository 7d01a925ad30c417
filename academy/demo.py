"""Demo data for the whole platform, deterministic for a seed and a day."""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import func, select

from academy.extensions import db
from academy.people import demo as people_demo
from academy.people.models import User


def database_is_empty() -> bool:
    return not db.session.scalar(select(func.count()).select_from(User))


def build(*, staff: int, seed: int, today: date) -> dict:
    """Build every capability's demo data in one transaction; the caller commits."""
    rng = random.Random(seed)
    people = people_demo.build(staff, rng, today)
    return {"staff": len(people.staff_ids) + len(people.sign_ins), "organisations": len(people.organisations)}
