"""Serving suggestions: the newest trained model, the person's live profile, active courses only."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import select

from academy.courses.models import Course, Enrolment, EnrolmentStatus
from academy.extensions import db
from academy.holdings import queries as holdings_queries
from academy.people.models import User
from academy.recommender import profiles, store
from academy.timekeeping import today

if TYPE_CHECKING:  # the model (NumPy, SciPy, scikit-learn) loads with the first model file
    from academy.recommender.model import PathwayRecommender


@dataclass(frozen=True)
class Suggestion:
    course: Course
    reason: str
    score: float


class ModelCache:
    """Holds the loaded model per process, reloading when a newer version appears."""

    def __init__(self):
        self._lock = threading.Lock()
        self._path: Path | None = None
        self._model: PathwayRecommender | None = None

    def get(self, folder: str) -> PathwayRecommender | None:
        newest = store.versions(folder)
        if not newest:
            return None
        with self._lock:
            if newest[0] != self._path:
                model, path = store.load_latest(folder)
                if model is not None and path != self._path:
                    self._model, self._path = model, path
                elif model is None:
                    self._model, self._path = None, None
            return self._model


CACHE = ModelCache()


def live_profile(user: User) -> dict:
    completed = db.session.execute(
        select(Enrolment.course_id, Enrolment.completed_on)
        .where(Enrolment.user_id == user.id, Enrolment.status == EnrolmentStatus.COMPLETED)
        .order_by(Enrolment.completed_on)
    ).all()
    # Read once for the suggestions and for the target's standing.
    held = holdings_queries.held_courses([user.id], today()).get(user.id, set())
    in_hand = holdings_queries.courses_in_hand([user.id]).get(user.id, {})
    evidence = {"completed": [course_id for course_id, _ in completed], "held": held, "in_hand": in_hand}
    aims = profiles.targets([user.id], evidence={user.id: evidence}).get(user.id, ([], None))
    return {
        "role": user.job_role.name if user.job_role else None,
        "staff_group": user.job_role.staff_group if user.job_role else None,
        "gaps": profiles.gaps_by_user([user.id]).get(user.id, {}),
        "dismissed": profiles.dismissals([user.id]).get(user.id, []),
        "held": sorted(held | set(in_hand)),
        "completed": [course_id for course_id, _ in completed],
        "recent": [course_id for course_id, _ in completed][-3:],
        "target_items": aims[0],
        "target_role": aims[1],
    }


def suggestions_for(user: User, k: int = 5) -> list[Suggestion]:
    """Up to k suggestions with reasons; none until a model has been trained."""
    model = CACHE.get(current_app.config["MODEL_FOLDER"])
    if model is None:
        return []
    ranked = model.recommend(user.id, k=k * 2, profile=live_profile(user))
    ids = [r.item_id for r in ranked]
    courses = {c.id: c for c in db.session.scalars(
        select(Course).where(Course.id.in_(ids), Course.retired_at.is_(None)))}
    return [Suggestion(courses[r.item_id], r.reason, r.score) for r in ranked if r.item_id in courses][:k]
