"""Read models for mentoring: the matching pool, management chains, lists and dashboards."""

from academy.mentoring.queries.lists import (
    active_goals,
    all_goals,
    application_counts,
    application_of,
    applications_query,
    coordinators_of,
    feedback_given,
    meetings,
    my_applications,
    my_partnerships,
    open_cohorts,
    organisations,
    own_feedback,
    own_note,
    partnership_counts,
    partnership_stats,
    partnerships_query,
    programmes_for,
    sites,
)
from academy.mentoring.queries.matching import (
    LIVE,
    Pool,
    applications_by_id,
    decisions,
    latest_run,
    live_partnership_counts,
    management_chains,
    pool,
    proposals_query,
    runs,
)

__all__ = [
    "LIVE", "Pool", "active_goals", "all_goals", "application_counts", "application_of",
    "applications_by_id", "applications_query", "coordinators_of", "decisions", "feedback_given",
    "latest_run", "live_partnership_counts", "management_chains", "meetings", "my_applications",
    "my_partnerships", "open_cohorts", "organisations", "own_feedback", "own_note",
    "partnership_counts", "partnership_stats", "partnerships_query", "pool", "programmes_for",
    "proposals_query", "runs", "sites",
]
