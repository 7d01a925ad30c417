"""The nightly retraining of the pathway recommender."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from academy.jobs import Job, daily
from academy.recommender.services import train


def retrain(now: datetime) -> dict:
    return train(current_app.config["MODEL_FOLDER"], now)


JOBS = [
    Job(
        name="recommender_retrain",
        func=retrain,
        trigger={"trigger": "cron", "hour": 2, "minute": 30},
        period=daily,
        description="Retrain the pathway recommender on the day's completions, gaps and targets",
    ),
]
