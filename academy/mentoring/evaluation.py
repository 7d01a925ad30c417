"""The cohort evaluation: pairs, meetings against the rhythm, feedback and outcomes after 6 and 12
months, with small numbers hidden so that nobody can be picked out.

Pure: plain facts in (gathered by academy.mentoring.queries), printable figures out. Counts go
through academy.reports.disclosure: a count from 1 to the threshold is hidden, and so is anything
that would give it away (here, the count of those without the outcome beside a published total).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from academy.mentoring import rhythm
from academy.mentoring.vocabulary import band_rank
from academy.reports.disclosure import Figure, figure

OUTCOME_MONTHS = (6, 12)
OUTCOMES = {
    "promoted": "Promoted",
    "new_role": "Moved to a new role",
    "leadership_course": "Completed a leadership course",
}


@dataclass(frozen=True)
class PairFacts:
    status: str
    started_on: date | None
    closed_on: date | None
    completed: bool | None
    meetings: int


@dataclass(frozen=True)
class Move:
    started_on: date
    band: str | None
    reason: str | None


@dataclass(frozen=True)
class PersonFacts:
    """One partner of a pair that got under way, with what happened to them afterwards."""

    group: str  # the row of the outcome table they count in: the side's label
    priority_groups: tuple[str, ...]
    started_on: date
    band: str | None  # as declared in the application
    moves: tuple[Move, ...] = ()
    leadership_courses: tuple[date, ...] = ()


@dataclass
class OutcomeRow:
    group: str
    months: int
    reached: str
    figures: dict[str, Figure] = field(default_factory=dict)


@dataclass
class FeedbackRow:
    stage: str
    question: str
    answers: str
    average: str


@dataclass
class Report:
    threshold: int
    pairs: list[tuple[str, int]]
    meetings_held: int
    meetings_expected: int
    on_rhythm: Figure
    feedback: list[FeedbackRow]
    outcomes: list[OutcomeRow]


def promoted(person: PersonFacts, move: Move) -> bool:
    """A move counts as a promotion when it says so, or when its band is above the band the
    person declared on applying."""
    if move.reason and "promot" in move.reason.lower():
        return True
    before, after = band_rank(person.band), band_rank(move.band)
    return before is not None and after is not None and after > before


def outcomes_of(person: PersonFacts, months: int) -> dict[str, bool]:
    start, end = person.started_on, rhythm.add_months(person.started_on, months)
    moves = [m for m in person.moves if start < m.started_on <= end]
    return {
        "promoted": any(promoted(person, m) for m in moves),
        "new_role": bool(moves),
        "leadership_course": any(start <= d <= end for d in person.leadership_courses),
    }


def outcome_rows(people: list[PersonFacts], groups: list[str], today: date,
                 threshold: int) -> list[OutcomeRow]:
    rows = []
    for months in OUTCOME_MONTHS:
        for group in groups:
            members = [p for p in people
                       if (p.group == group or group in p.priority_groups)
                       and rhythm.add_months(p.started_on, months) <= today]
            row = OutcomeRow(group, months, "")
            reached = len(members)
            counts = {key: 0 for key in OUTCOMES}
            for person in members:
                for key, happened in outcomes_of(person, months).items():
                    counts[key] += happened
            figures = {key: figure(counts[key], reached, threshold) for key in OUTCOMES}
            # Hide the denominator everywhere in the row if any figure had to hide it, and then
            # every count too (even a zero would tell something about everyone in a small group).
            hidden = next((f for f in figures.values() if f.of_hidden), None)
            if hidden is not None:
                figures = {key: Figure(f.count if f.count_hidden else "*", hidden.of, "", True, True)
                           for key, f in figures.items()}
                row.reached = hidden.of
            else:
                row.reached = f"{reached:,}"
            row.figures = figures
            rows.append(row)
    return rows


def build_report(
    *, pairs: list[PairFacts], feedback: dict[tuple[str, str], tuple[int, int]],
    people: list[PersonFacts], groups: list[str], questions: dict[str, str],
    stages: dict[str, str], status_labels: dict[str, str], duration_months: int,
    interval_weeks: int, today: date, threshold: int,
) -> Report:
    """feedback: (stage, question) to (answers, sum of ratings)."""
    by_status: dict[str, int] = {}
    for pair in pairs:
        by_status[pair.status] = by_status.get(pair.status, 0) + 1
    pair_rows = [("Published", len(pairs))] + [
        (label, by_status.get(status, 0)) for status, label in status_labels.items()
    ]
    under_way = [p for p in pairs if p.started_on is not None]
    held = expected = on_rhythm = 0
    for pair in under_way:
        end = rhythm.end_on(pair.started_on, duration_months)
        until = min(end, pair.closed_on) if pair.closed_on else end
        due = rhythm.expected_meetings(pair.started_on, today, interval_weeks, until)
        held += pair.meetings
        expected += due
        on_rhythm += pair.meetings >= due
    feedback_rows = []
    for stage, stage_label in stages.items():
        for question, text in questions.items():
            answers, total = feedback.get((stage, question), (0, 0))
            small = 1 <= answers <= threshold
            feedback_rows.append(FeedbackRow(
                stage_label, text,
                f"<{threshold + 1}" if small else f"{answers:,}",
                "" if small or not answers else f"{total / answers:.1f}",
            ))
    return Report(
        threshold=threshold,
        pairs=pair_rows,
        meetings_held=held,
        meetings_expected=expected,
        on_rhythm=figure(on_rhythm, len(under_way), threshold),
        feedback=feedback_rows,
        outcomes=outcome_rows(people, groups, today, threshold),
    )
