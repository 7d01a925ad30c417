"""Demo data for the whole platform, deterministic for a seed and a day."""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import func, select

from academy.courses import demo as courses_demo
from academy.extensions import db
from academy.holdings import counts as holding_counts
from academy.holdings import services as holding_services
from academy.induction import demo as induction_demo
from academy.induction.services import courses as induction_courses
from academy.induction.services.inductions import satisfy_from_holdings
from academy.lna import demo as lna_demo
from academy.mentoring import demo as mentoring_demo
from academy.people import demo as people_demo
from academy.people.models import User
from academy.recommender import demo as recommender_demo
from academy.talent.apprenticeships import demo as apprenticeships_demo
from academy.talent.conversations import demo as conversations_demo
from academy.talent.fellowships import demo as fellowships_demo
from academy.talent.pathways import demo as pathways_demo


def database_is_empty() -> bool:
    return not db.session.scalar(select(func.count()).select_from(User))


def build(*, staff: int, seed: int, today: date) -> dict:
    """Build every capability's demo data in one transaction; the caller commits."""
    rng = random.Random(seed)
    people = people_demo.build(staff, rng, today)
    courses_demo.build(rng, today, people)
    induction_demo.build(rng, today, people)
    conversations_demo.build(rng, today, people)
    fellowships_demo.build(rng, today, people)
    mentoring_demo.build(rng, today, people)
    apprenticeships_demo.build(rng, today, people)
    pathways_demo.build(rng, today, people)
    lna_demo.build(rng, today, people)
    recommender_demo.build(rng, today, people)
    # The demo writes its evidence in bulk: what everyone holds is worked out once, at the end,
    # and open induction items that a holding satisfies are done as the services would.
    holding_services.rebuild()
    for induction in induction_courses.open_inductions():
        satisfy_from_holdings(induction, actor=None, today=today, notify_learner=False)
    holding_counts.recount_all(today)
    return {"staff": len(people.staff_ids) + len(people.sign_ins), "organisations": len(people.organisations)}
