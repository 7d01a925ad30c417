"""Every package's scheduled jobs, by name: what `flask academy scheduler` runs."""

from academy.jobs import Job
from academy.notifications import jobs as notification_jobs

JOBS: dict[str, Job] = {job.name: job for job in [*notification_jobs.JOBS]}
