"""The gap rules of the learning needs analysis: pure, no Flask, no database.

A gap is how far a person's current level falls short of the level their role needs:

    gap = max(required level - current level, 0)

where the current level is the manager's validated rating when there is one, and the person's
own rating otherwise (both are kept; the validated one wins).

Gaps are weighted for prioritising, by two explicit factors multiplied together:

    weighted gap = gap x REQUIREMENT_WEIGHTS[essential or desirable] x PRIORITY_WEIGHTS[priority]

- an essential requirement counts twice as much as a desirable one
  (ESSENTIAL_WEIGHT = 2, DESIRABLE_WEIGHT = 1): a role cannot be done safely without it;
- the person's own priority for the competency counts 3 for high, 2 for medium and 1 for low,
  and a person who gives no priority is taken as medium (DEFAULT_PRIORITY).

So the largest weighted gap from one rating is 4 x 2 x 3 = 24 (MAX_WEIGHTED_GAP). The weights
are whole numbers so that weighted gaps add up exactly in SQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from academy.enums import LabelledEnum

# The proficiency scale: (level, name, what it means in general). A framework's competency may
# say more precisely what levels 1 to 4 mean for it.
LEVELS: tuple[tuple[int, str, str], ...] = (
    (0, "None", "No knowledge or experience of this yet."),
    (1, "Awareness",
     "Knows what this is and why it matters; needs guidance and supervision to apply it."),
    (2, "Working knowledge",
     "Applies it in routine situations with occasional support; knows when to ask for help."),
    (3, "Proficient",
     "Applies it confidently and independently, including in less routine situations."),
    (4, "Expert",
     "Deep expertise: handles complex situations, teaches and leads others, improves practice."),
)
MIN_LEVEL = 0
MAX_LEVEL = 4
LEVEL_NAMES = {level: name for level, name, _ in LEVELS}
LEVEL_DESCRIPTORS = {level: text for level, _, text in LEVELS}


class Priority(LabelledEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class LearningMethod(LabelledEnum):
    CLASSROOM = "classroom"
    VIRTUAL = "virtual", "Virtual classroom"
    ELEARNING = "elearning", "E-learning"
    ON_THE_JOB = "on_the_job"
    COACHING = "coaching", "Coaching or mentoring"


ESSENTIAL_WEIGHT = 2
DESIRABLE_WEIGHT = 1
PRIORITY_WEIGHTS: dict[Priority, int] = {Priority.HIGH: 3, Priority.MEDIUM: 2, Priority.LOW: 1}
DEFAULT_PRIORITY = Priority.MEDIUM
MAX_WEIGHTED_GAP = MAX_LEVEL * ESSENTIAL_WEIGHT * PRIORITY_WEIGHTS[Priority.HIGH]

# Between two rounds, a mean gap that moves by less than this many levels has not changed.
CHANGE_TOLERANCE = 0.1


def level_name(level: int | None) -> str:
    if level is None:
        return "Not rated"
    return f"{level} {LEVEL_NAMES[level]}"


def check_level(level: int, *, lowest: int = MIN_LEVEL) -> int:
    """Raises ValueError for a level off the scale."""
    if not isinstance(level, int) or isinstance(level, bool) or not lowest <= level <= MAX_LEVEL:
        raise ValueError(f"level must be a whole number from {lowest} to {MAX_LEVEL}")
    return level


def current_level(self_level: int | None, manager_level: int | None) -> int | None:
    """The level that counts: the manager's validated rating wins over the person's own."""
    return manager_level if manager_level is not None else self_level


def gap(required_level: int, self_level: int | None, manager_level: int | None = None) -> int | None:
    """Required minus current, never below zero; None while nobody has rated the competency."""
    check_level(required_level)
    level = current_level(self_level, manager_level)
    if level is None:
        return None
    return max(required_level - check_level(level), 0)


def requirement_weight(is_essential: bool) -> int:
    return ESSENTIAL_WEIGHT if is_essential else DESIRABLE_WEIGHT


def priority_weight(priority: Priority | str | None) -> int:
    return PRIORITY_WEIGHTS[Priority(priority) if priority else DEFAULT_PRIORITY]


def weighted_gap(gap_size: int | None, is_essential: bool, priority: Priority | str | None) -> int | None:
    if gap_size is None:
        return None
    return gap_size * requirement_weight(is_essential) * priority_weight(priority)


@dataclass(frozen=True)
class RatingInput:
    competency_id: int
    required_level: int
    is_essential: bool
    self_level: int | None
    manager_level: int | None = None
    priority: Priority | str | None = None


@dataclass(frozen=True)
class Gap:
    competency_id: int
    required_level: int
    current_level: int
    gap: int
    weighted_gap: int
    is_essential: bool
    validated: bool


def assess(rating: RatingInput) -> Gap | None:
    """The gap of one rating, or None while it is unrated."""
    size = gap(rating.required_level, rating.self_level, rating.manager_level)
    if size is None:
        return None
    return Gap(
        competency_id=rating.competency_id,
        required_level=rating.required_level,
        current_level=current_level(rating.self_level, rating.manager_level),
        gap=size,
        weighted_gap=weighted_gap(size, rating.is_essential, rating.priority),
        is_essential=rating.is_essential,
        validated=rating.manager_level is not None,
    )


def person_gaps(ratings: Iterable[RatingInput]) -> list[Gap]:
    """A person's real gaps (above zero), the largest weighted gap first."""
    found = [g for g in (assess(r) for r in ratings) if g is not None and g.gap > 0]
    return sorted(found, key=lambda g: (-g.weighted_gap, -g.gap, g.competency_id))


def course_meets(course_level: int, required_level: int) -> bool:
    """A course develops a competency far enough when it reaches at least the required level."""
    return course_level >= required_level


class Change(LabelledEnum):
    CLOSED = "closed"      # nobody has a gap any more
    NARROWED = "narrowed"
    WIDENED = "widened"
    UNCHANGED = "unchanged"
    NEW = "new"            # assessed in the later round only
    DROPPED = "dropped"    # assessed in the earlier round only


def compare(before_mean: float | None, after_mean: float | None,
            after_with_gap: int | None = None) -> Change:
    """How the mean gap of a competency moved from one round to the next."""
    if before_mean is None and after_mean is None:
        return Change.UNCHANGED
    if before_mean is None:
        return Change.NEW
    if after_mean is None:
        return Change.DROPPED
    if before_mean > 0 and (after_with_gap == 0 or after_mean == 0):
        return Change.CLOSED
    if after_mean < before_mean - CHANGE_TOLERANCE:
        return Change.NARROWED
    if after_mean > before_mean + CHANGE_TOLERANCE:
        return Change.WIDENED
    return Change.UNCHANGED
