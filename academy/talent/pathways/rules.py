"""Where a person stands on a pathway: pure rules over plain values."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Requirement:
    kind: str  # course, standard, qualification, competency
    label: str
    course_id: int | None = None
    standard_id: int | None = None
    competency_code: str | None = None
    level: int | None = None
    cost: Decimal = Decimal("0.00")
    hours: Decimal = Decimal("0")

    @property
    def is_qualification(self) -> bool:
        """A qualification is declared, not recorded by the Academy: the person checks it."""
        return self.kind == "qualification"


@dataclass(frozen=True)
class Step:
    position: int
    job_role_id: int
    role_name: str
    typical_months: int
    requirements: tuple[Requirement, ...]


@dataclass(frozen=True)
class Achieved:
    """What the person has: courses completed, apprenticeships completed, competency levels."""

    courses: frozenset[int] = frozenset()  # completed, or every subject of it held in date
    standards: frozenset[int] = frozenset()
    competencies: dict = field(default_factory=dict)  # code -> level reached
    in_hand: dict = field(default_factory=dict)  # course id -> its plan label (booked, ...)


@dataclass(frozen=True)
class StepStanding:
    step: Step
    met: tuple[Requirement, ...]
    missing: tuple[Requirement, ...]
    is_current: bool
    is_passed: bool


@dataclass(frozen=True)
class Standing:
    steps: tuple[StepStanding, ...]
    current_position: int | None
    target_position: int | None
    months_to_target: int
    cost_to_target: Decimal
    hours_to_target: Decimal
    in_hand: dict = field(default_factory=dict)  # course id -> its plan label (booked, ...)

    @property
    def route(self) -> tuple[StepStanding, ...]:
        """The steps still ahead, up to and including the target."""
        start = -1 if self.current_position is None else self.current_position
        end = self.target_position if self.target_position is not None else start
        return tuple(s for s in self.steps if start < s.step.position <= end)


def is_met(requirement: Requirement, achieved: Achieved) -> bool:
    """A qualification is never assumed: the person confirms it with their manager."""
    if requirement.kind == "course":
        return requirement.course_id in achieved.courses
    if requirement.kind == "standard":
        return requirement.standard_id in achieved.standards
    if requirement.kind == "competency":
        return achieved.competencies.get(requirement.competency_code, 0) >= (requirement.level or 0)
    return False


def standing(steps: list[Step], current_role_id: int | None, target_role_id: int | None,
             achieved: Achieved) -> Standing:
    """Each step's met and missing requirements, and the time and cost to reach the target.

    Steps at or before the person's current role count as passed. Time is the typical months of
    each step still ahead; cost and hours are those of the courses still missing on the way.
    """
    ordered = sorted(steps, key=lambda s: s.position)
    current = next((s.position for s in ordered if s.job_role_id == current_role_id), None)
    target = next((s.position for s in ordered if s.job_role_id == target_role_id), None)
    result = []
    for step in ordered:
        met = tuple(r for r in step.requirements if is_met(r, achieved))
        missing = tuple(r for r in step.requirements if not is_met(r, achieved))
        result.append(StepStanding(
            step=step, met=met, missing=missing, is_current=step.position == current,
            is_passed=current is not None and step.position <= current,
        ))
    ahead = [s for s in result
             if (current is None or s.step.position > current)
             and (target is None or s.step.position <= target)] if target is not None else []
    missing_courses = {r.course_id: r for s in ahead for r in s.missing if r.kind == "course"}
    return Standing(
        steps=tuple(result),
        current_position=current,
        target_position=target,
        months_to_target=sum(s.step.typical_months for s in ahead),
        cost_to_target=sum((r.cost for r in missing_courses.values()), Decimal("0.00")),
        hours_to_target=sum((r.hours for r in missing_courses.values()), Decimal("0")),
        in_hand=dict(achieved.in_hand),
    )


def target_items(standing_: Standing) -> list[int]:
    """Course ids still needed on the way to the target, nearest step first, leaving out those
    already in hand (booked, requested, waiting)."""
    seen: list[int] = []
    for step in standing_.route:
        for requirement in step.missing:
            if (requirement.kind == "course" and requirement.course_id not in seen
                    and requirement.course_id not in standing_.in_hand):
                seen.append(requirement.course_id)
    return seen


def to_do(standing_: Standing) -> list[Requirement]:
    """Everything still to do on the way to the target (not in hand), nearest step first."""
    seen: list[Requirement] = []
    for step in standing_.route:
        for requirement in step.missing:
            if requirement not in seen and requirement.course_id not in standing_.in_hand:
                seen.append(requirement)
    return seen
