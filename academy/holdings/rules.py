"""Pure rules of holdings: which evidence counts, which subjects a level covers, and the statuses
every page names. No Flask, no database."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from academy.enums import LabelledEnum

DUE_WITHIN_DAYS = 60
NEVER = date.max  # the expiry of a completion that does not expire


class Source(LabelledEnum):
    """Where a holding's evidence came from."""

    COURSE = "course", "Course completed"
    ELEARNING = "elearning", "E-learning completed"
    IMPORT = "import", "Training record"
    INDUCTION = "induction", "Signed off in induction"
    RECOGNITION = "recognition", "Recognised from another partner"


# At equal expiry and date, evidence done here beats a copy of it.
PRIORITY = {Source.COURSE: 5, Source.ELEARNING: 4, Source.INDUCTION: 3, Source.IMPORT: 2,
            Source.RECOGNITION: 1}


class Compliance(LabelledEnum):
    """A person's state for one subject, from what they hold."""

    COMPLIANT = "compliant", "Compliant"
    DUE = "due", "Due for renewal"
    EXPIRED = "expired", "Expired"
    NEVER_DONE = "never_done", "Never done"

    @property
    def counts_as_compliant(self) -> bool:
        return self in (Compliance.COMPLIANT, Compliance.DUE)


class Plan(LabelledEnum):
    """What a person has in hand for a subject they do not hold in date: best first."""

    BOOKED = "booked", "Booked"
    REQUESTED = "requested", "Requested"
    WAITING = "waiting", "On the waiting list"


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence that a person did a subject."""

    user_id: int
    subject_id: int
    source: Source
    achieved_on: date
    expires_on: date | None
    training_record_id: int | None = None
    induction_item_id: int | None = None
    organisation_id: int | None = None

    @property
    def rank(self) -> tuple:
        """The best evidence has the latest expiry, then the latest date, then is done here."""
        return (NEVER if self.expires_on is None else self.expires_on, self.achieved_on,
                PRIORITY[self.source], -(self.training_record_id or 0),
                -(self.induction_item_id or 0))


def covered(includes: Mapping[int, int | None]) -> dict[int, frozenset[int]]:
    """Subject id -> every subject its evidence holds: itself and each lower level it includes,
    following the chain (level 3 includes level 2, which includes level 1). A cycle stops."""
    result = {}
    for subject in includes:
        seen, current = [subject], includes.get(subject)
        while current is not None and current not in seen:
            seen.append(current)
            current = includes.get(current)
        result[subject] = frozenset(seen)
    return result


def holdings_from(evidence: Iterable[Evidence],
                  coverage: Mapping[int, frozenset[int]]) -> dict[tuple[int, int], Evidence]:
    """(user, subject held) -> the best evidence among everything that holds it."""
    best: dict[tuple[int, int], Evidence] = {}
    for item in evidence:
        for subject in coverage.get(item.subject_id, (item.subject_id,)):
            key = (item.user_id, subject)
            kept = best.get(key)
            if kept is None or item.rank > kept.rank:
                best[key] = item
    return best


@dataclass(frozen=True)
class SubjectStatus:
    status: Compliance
    valid_until: date | None  # the expiry that counts; None when never done or never expires
    days_left: int | None = None

    @property
    def is_compliant(self) -> bool:
        """Compliant and not yet due for renewal."""
        return self.status == Compliance.COMPLIANT

    @property
    def is_expired(self) -> bool:
        return self.status == Compliance.EXPIRED

    @property
    def is_never_done(self) -> bool:
        return self.status == Compliance.NEVER_DONE


def compliance(expiry: date | None, today: date, due_within: int = DUE_WITHIN_DAYS) -> SubjectStatus:
    """A person's status for one subject, from the expiry held (NEVER: held for good; None: not
    held). A completion is valid up to the day before its expiry date: on that date it expired."""
    if expiry is None:
        return SubjectStatus(Compliance.NEVER_DONE, None)
    if expiry == NEVER:
        return SubjectStatus(Compliance.COMPLIANT, None)
    days = (expiry - today).days
    if days <= 0:
        return SubjectStatus(Compliance.EXPIRED, expiry, days)
    if days <= due_within:
        return SubjectStatus(Compliance.DUE, expiry, days)
    return SubjectStatus(Compliance.COMPLIANT, expiry, days)


def in_date(expires_on: date | None, today: date) -> bool:
    return expires_on is None or expires_on > today


def due_from(today: date) -> date:
    return today + timedelta(days=DUE_WITHIN_DAYS)


@dataclass(frozen=True)
class Standing:
    """What every page says of a person and a subject: the holding's state, and any plan."""

    compliance: SubjectStatus
    plan: Plan | None = None

    @property
    def status(self) -> Compliance:
        return self.compliance.status

    @property
    def is_settled(self) -> bool:
        """Nothing to do: held and not yet due, or something is already in hand."""
        return self.compliance.is_compliant or self.plan is not None

    @property
    def label(self) -> str:
        if self.plan is not None and not self.compliance.is_compliant:
            return self.plan.label
        return self.compliance.status.label
