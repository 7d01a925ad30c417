"""Every package's scheduled jobs, by name: what `flask academy scheduler` runs."""

from academy.courses import jobs as course_jobs
from academy.induction import jobs as induction_jobs
from academy.jobs import Job
from academy.lna import jobs as lna_jobs
from academy.mentoring import jobs as mentoring_jobs
from academy.notifications import jobs as notification_jobs
from academy.people.staff_files import jobs as staff_file_jobs
from academy.privacy import jobs as privacy_jobs
from academy.recommender import jobs as recommender_jobs
from academy.talent.apprenticeships import jobs as apprenticeship_jobs
from academy.talent.conversations import jobs as conversation_jobs
from academy.talent.fellowships import jobs as fellowship_jobs
from academy.talent.levy import jobs as levy_jobs

JOBS: dict[str, Job] = {job.name: job for job in [*notification_jobs.JOBS, *course_jobs.JOBS, *mentoring_jobs.JOBS]}
JOBS.update({job.name: job for job in [*conversation_jobs.JOBS, *fellowship_jobs.JOBS]})
JOBS.update({job.name: job for job in induction_jobs.JOBS})
JOBS.update({job.name: job for job in [*apprenticeship_jobs.JOBS, *levy_jobs.JOBS]})
JOBS.update({job.name: job for job in recommender_jobs.JOBS})
JOBS.update({job.name: job for job in lna_jobs.JOBS})
JOBS.update({job.name: job for job in staff_file_jobs.JOBS})
JOBS.update({job.name: job for job in privacy_jobs.JOBS})
