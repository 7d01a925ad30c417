"""Jobs of the mentoring package: cohort windows, feedback requests, reminders to meet."""

from __future__ import annotations

from academy.jobs import Job
from academy.mentoring.services import partnerships, programmes

JOBS = [
    Job(
        name="mentoring_cohort_windows",
        func=programmes.advance_cohorts,
        trigger={"trigger": "cron", "hour": 0, "minute": 20},
        description="Open mentoring cohorts on their opening day; close applications after the window",
    ),
    Job(
        name="mentoring_feedback_requests",
        func=partnerships.send_feedback_requests,
        trigger={"trigger": "cron", "hour": 7, "minute": 10},
        description="Ask both partners for feedback at a partnership's mid-point and end",
    ),
    Job(
        name="mentoring_meeting_reminders",
        func=partnerships.nudge_quiet_partnerships,
        trigger={"trigger": "cron", "hour": 7, "minute": 40},
        description="Remind partners who have not logged a meeting for two intervals",
    ),
]
