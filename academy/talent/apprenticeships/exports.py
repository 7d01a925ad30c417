"""What the apprentices download holds, column by column, and the bars of the board summary."""

from __future__ import annotations

from decimal import Decimal

APPRENTICE_HEADER = [
    "Name", "E-mail", "Employee number", "Employer", "Standard reference", "Standard",
    "Version", "Level", "Cohort", "Training provider", "UKPRN", "Assessment organisation",
    "Start", "Planned end", "Ended", "Status", "Progress", "Reasons", "Training price",
    "Assessment price", "Funded price", "Employer excess", "Funding",
    "Planned off-the-job hours", "Off-the-job hours logged", "Last review", "Next review due",
]


def apprentice_row(a) -> list:
    return [
        a.person.name, a.person.email, a.person.employee_number, a.employer.name,
        a.standard.reference, a.standard.title, a.standard_version, a.standard.level,
        a.cohort.name if a.cohort else "", a.provider_name, a.provider_ukprn,
        a.assessment_organisation or "", a.start_on, a.planned_end_on, a.ended_on,
        a.status.label, (a.rag or "").capitalize(), "; ".join(a.rag_reasons or []),
        a.training_price, a.assessment_price, a.funded_price, a.employer_excess,
        a.funding_source.label,
        a.planned_otj_hours if a.planned_otj_hours is not None else "to confirm",
        a.otj_hours_logged, a.last_review_on, a.next_review_due_on,
    ]


def bar_width(value: Decimal, largest: Decimal, full: int = 100) -> int:
    """A bar's length in a chart drawn with table cells (for the PDF), at least 1 when not 0."""
    if not largest or value <= 0:
        return 0
    return max(1, int(value / largest * full))
