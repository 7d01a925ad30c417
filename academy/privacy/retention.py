"""The retention schedule, read from the data file that ships with the platform."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from academy.privacy.rules import RetentionRule

SCHEDULE_FILE = Path(__file__).parent / "data" / "retention.csv"


@functools.cache
def schedule() -> tuple[RetentionRule, ...]:
    """Every row of the schedule, in the file's order."""
    with SCHEDULE_FILE.open(newline="", encoding="utf-8") as handle:
        return tuple(
            RetentionRule(**{**row, "period": int(row["period"])})
            for row in csv.DictReader(handle)
        )


def rule(kind: str) -> RetentionRule:
    """The schedule's row for one kind of record; KeyError when there is none."""
    for row in schedule():
        if row.kind == kind:
            return row
    raise KeyError(kind)
