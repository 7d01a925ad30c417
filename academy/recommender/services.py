"""Training the recommender on live data, and dismissing a suggestion."""

from __future__ import annotations

import time
from datetime import datetime

from sqlalchemy import select

from academy.audit.services import record
from academy.courses.models import Course
from academy.errors import NotAllowed
from academy.extensions import db
from academy.people.models import User
from academy.recommender import store
from academy.recommender.models import SuggestionDismissal


def train(folder: str, trained_at: datetime) -> dict:
    """Fit on the live data and save a new model version; a failure leaves the old ones serving."""
    # Training is the one place that needs pandas, SciPy and scikit-learn: they load here, so
    # that the app, its requests and its other commands start without them.
    from academy.recommender import data
    from academy.recommender.model import PathwayRecommender

    started = time.perf_counter()
    interactions = data.interactions()
    model = PathwayRecommender().fit(interactions, data.users(), data.items())
    path = store.save(model, folder, trained_at)
    store.prune(folder)
    return {"model": path.name, "completions": len(interactions),
            "seconds": round(time.perf_counter() - started, 2)}


def dismiss(person: User, course: Course, *, actor: User) -> SuggestionDismissal:
    """Stop suggesting a course to a person; raises DomainError if it was already dismissed."""
    if actor.id != person.id:
        raise NotAllowed("Only you can dismiss your suggestions")
    existing = db.session.scalar(select(SuggestionDismissal).where(
        SuggestionDismissal.user_id == person.id, SuggestionDismissal.course_id == course.id))
    if existing is not None:
        return existing
    dismissal = SuggestionDismissal(user_id=person.id, course_id=course.id)
    db.session.add(dismissal)
    db.session.flush()
    record(actor, "suggestion.dismissed", dismissal, subject=person, course_id=course.id)
    return dismissal
