"""Operations on apprentices, used from here; each lives in the module named for what it does."""

# Services take plain data and the acting user, check the rules, write the audit log, queue
# notices, flush and never commit. They raise DomainError (NotAllowed for permissions).

from academy.talent.apprenticeships.services.apprentices import (
    ApprenticeData,
    add_apprentice,
    change_status,
    start_due,
    update_apprentice,
)
from academy.talent.apprenticeships.services.delivery import (
    ReviewData,
    book_assessment,
    delete_off_the_job,
    log_off_the_job,
    record_assessment_result,
    record_review,
    update_gateway,
)
from academy.talent.apprenticeships.services.progress import refresh_all, send_review_reminders

__all__ = [
    "ApprenticeData", "ReviewData", "add_apprentice", "book_assessment", "change_status",
    "delete_off_the_job", "log_off_the_job", "record_assessment_result",
    "record_review", "refresh_all", "send_review_reminders", "start_due",
    "update_apprentice", "update_gateway",
]
