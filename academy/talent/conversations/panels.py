"""Career conversations' lines on the home page: what the person, coach and manager must do now."""

from __future__ import annotations

from flask import url_for

from academy.people.models import User
from academy.talent.conversations import permissions, queries
from academy.timekeeping import utcnow

Item = tuple[str, str | None]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def staff_items(user: User) -> list[Item]:
    summary = queries.person_summary(user.id, utcnow())
    items: list[Item] = []
    upcoming = summary.next_conversation
    if upcoming is not None:
        items.append((f"Career conversation with {upcoming.coach.name}: {upcoming.when}",
                      url_for("conversations.conversation", conversation_id=upcoming.id)))
        if summary.unprepared:
            items.append(("Fill in your preparation for your career conversation",
                          url_for("conversations.preparation", conversation_id=upcoming.id)))
    if summary.to_confirm:
        items.append(("Read your conversation record and confirm your actions",
                      url_for("conversations.index")))
    if summary.actions_due:
        items.append((f"{_plural(summary.actions_due, 'development action')} due soon",
                      url_for("conversations.index", _anchor="plan")))
    if upcoming is None:
        items.append(("Book a career conversation", url_for("conversations.slots")))
    return items


def coach_items(user: User) -> list[Item]:
    diary = queries.coach_diary(user.id, utcnow())
    items: list[Item] = []
    if diary.to_write_up:
        items.append((f"{_plural(len(diary.to_write_up), 'conversation')} to write up",
                      url_for("coaching.diary")))
    if diary.upcoming:
        first = diary.upcoming[0]
        items.append((f"Next: {first.person.name}, {first.when}",
                      url_for("conversations.conversation", conversation_id=first.id)))
    if diary.actions_due:
        items.append((f"{_plural(len(diary.actions_due), 'action')} to follow up",
                      url_for("coaching.diary")))
    items.append((f"{_plural(diary.free_slots, 'free slot')} open for booking",
                  url_for("coaching.slots")))
    if not diary.availabilities:
        items.append(("Set your weekly availability", url_for("coaching.new_availability")))
    return items


def manager_items(user: User) -> list[Item]:
    shared = queries.shared_count(user)
    if not shared:
        return []
    return [(f"Development actions your team shared with you ({shared})",
             url_for("conversations.shared"))]


def report_items(user: User) -> list[Item]:
    if not permissions.can_view_conversation_reports(user):
        return []
    return [("Career conversations held and actions completed (counts only)",
             url_for("conversation_reports.report"))]
