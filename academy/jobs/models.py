"""The record of each job's runs: one successful run per job and period."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from academy.extensions import db
from academy.timekeeping import utcnow

DONE = "done"
FAILED = "failed"


class JobRun(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(80))
    period: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    result: Mapped[dict | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        # One successful run per job and period; failed attempts are kept beside it.
        Index(
            "uq_job_run_done",
            "job",
            "period",
            unique=True,
            sqlite_where=text("status = 'done'"),
            postgresql_where=text("status = 'done'"),
        ),
        Index("ix_job_run_started", "job", "started_at"),
    )
