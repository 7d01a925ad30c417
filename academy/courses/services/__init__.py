"""Operations on courses, sessions and enrolments; each flushes, audits and notifies, never commits.

places: the row lock, counting and deciding places, promotion, partner quotas.
enrolment: booking, approval, cancellation, interest, managers' reserved places.
sessions: scheduling, copying, cancelling, the register and completions.
corrections: correcting the date of a completion given at the register, or withdrawing it.
catalogue: courses, subjects and requirements, calendar links, expiry reminders.
"""

from academy.courses.services.catalogue import (
    CourseData,
    add_requirement,
    create_course,
    remove_requirement,
    reset_calendar_token,
    retire_course,
    send_expiry_reminders,
    set_renewal_period,
    update_course,
)
from academy.courses.services.corrections import correct_completion_date, withdraw_completion
from academy.courses.services.enrolment import (
    approve,
    approvers_of,
    cancel_enrolment,
    decline,
    enrol,
    missing_prerequisites,
    name_reserved_place,
    named_count,
    register_interest,
    release_reservation,
    reserve_places,
)
from academy.courses.services.places import (
    lock_session,
    places_of,
    promote,
    promote_waiting_lists,
    release_due_quotas,
    set_quota,
)
from academy.courses.services.sessions import (
    MARKABLE,
    MARKS,
    SessionData,
    cancel_session,
    certificate_read,
    clone_session,
    mark_register,
    record_completion,
    refresh_current,
    schedule_session,
    update_session,
)

__all__ = [
    "MARKABLE", "MARKS", "CourseData", "SessionData", "add_requirement", "approve", "approvers_of",
    "cancel_enrolment", "cancel_session", "certificate_read", "clone_session",
    "correct_completion_date", "create_course", "decline", "enrol",
    "lock_session", "mark_register", "missing_prerequisites", "name_reserved_place", "named_count", "places_of", "promote",
    "promote_waiting_lists", "record_completion", "refresh_current", "register_interest",
    "release_due_quotas", "release_reservation", "remove_requirement", "reserve_places",
    "reset_calendar_token", "retire_course", "schedule_session", "send_expiry_reminders",
    "set_quota", "set_renewal_period", "update_course", "update_session", "withdraw_completion",
]
