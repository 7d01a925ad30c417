"""Mentoring's lines on the home page: what an applicant, a partner and a coordinator must do now."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from academy.extensions import db
from academy.mentoring import permissions, queries
from academy.mentoring.models import (
    CohortStatus,
    FeedbackStage,
    MentoringApplication,
    MentoringFeedback,
    PartnershipStatus,
)
from academy.people.models import User
from academy.timekeeping import today

Item = tuple[str, str | None]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def partner_items(user: User) -> list[Item]:
    items: list[Item] = []
    mine = queries.my_partnerships(user.id)
    given = set(db.session.execute(
        select(MentoringFeedback.partnership_id, MentoringFeedback.stage)
        .where(MentoringFeedback.author_id == user.id)
    ).all())
    for partnership in mine:
        other = partnership.other(user.id)
        link = url_for("mentoring.partnership", partnership_id=partnership.id)
        if permissions.can_respond_to_match(user, partnership):
            items.append((f"Accept your mentoring match with {other.name}, or ask to be re-matched",
                          link))
        elif partnership.is_active:
            items.append((f"Log your meetings with your mentoring partner {other.name}", link))
            for stage, asked in ((FeedbackStage.MIDPOINT, partnership.midpoint_requested_at),
                                 (FeedbackStage.END, partnership.end_requested_at)):
                if asked and (partnership.id, stage) not in given:
                    items.append((f"Give your {stage.label.lower()} feedback on your partnership "
                                  f"with {other.name}",
                                  url_for("mentoring.feedback", partnership_id=partnership.id,
                                          stage=stage.value)))
        elif (partnership.status == PartnershipStatus.CLOSED and partnership.closed_on
              and (partnership.id, FeedbackStage.END) not in given):
            items.append((f"Tell us how your partnership with {other.name} went",
                          url_for("mentoring.feedback", partnership_id=partnership.id,
                                  stage=FeedbackStage.END.value)))
    applied = set(db.session.scalars(
        select(MentoringApplication.cohort_id).where(MentoringApplication.user_id == user.id)))
    for cohort in queries.open_cohorts(today()):
        if cohort.id not in applied:
            items.append((f"Apply for {cohort.programme.kind.label.lower()} ({cohort.programme.name}) "
                          f"by {cohort.closes_on:%-d %B %Y}",
                          url_for("mentoring.apply", cohort_id=cohort.id)))
    return items


def coordinator_items(user: User) -> list[Item]:
    items: list[Item] = []
    cohorts = [c for p in queries.programmes_for(user) for c in p.cohorts
               if c.is_matching and permissions.can_manage_mentoring_cohort(user, c)]
    for cohort in cohorts:
        link = url_for("mentoring.cohort", cohort_id=cohort.id)
        counts = queries.application_counts(cohort.id)
        run = queries.latest_run(cohort.id)
        applicants = counts["partner"] + counts["leader"]
        if cohort.status == CohortStatus.OPEN:
            text = (f"{cohort.programme.name}, {cohort.name}: {_plural(applicants, 'application')}; "
                    f"applications close on {cohort.closes_on:%-d %B %Y}")
            items.append((text, url_for("mentoring.applications", cohort_id=cohort.id)))
            if run is None and applicants:
                items.append((f"Run matching for {cohort.name} to preview the pairs", link))
        elif cohort.status == CohortStatus.MATCHING:
            if run is None or run.published_at is not None:
                items.append((f"Run matching for {cohort.name}: check the reasons, lock, re-run, "
                              "publish", link))
            else:
                items.append((f"Review and publish the pairs for {cohort.name}",
                              url_for("mentoring.run", run_id=run.id)))
        else:
            pairs = queries.partnership_counts(cohort.id)
            if pairs.get("rematch"):
                items.append((f"{_plural(pairs['rematch'], 'pair')} in {cohort.name} asked to be "
                              "re-matched: run matching again for them", link))
            if pairs.get("awaiting"):
                items.append((f"{_plural(pairs['awaiting'], 'pair')} in {cohort.name} still to "
                              "accept their match",
                              url_for("mentoring.partnerships", cohort_id=cohort.id,
                                      status="awaiting")))
            items.append((f"Follow meetings and feedback in {cohort.name}",
                          url_for("mentoring.partnerships", cohort_id=cohort.id)))
    if not cohorts:
        items.append(("Open a mentoring cohort", url_for("mentoring.programmes")))
    items.append(("Mentoring programmes and reports", url_for("mentoring.programmes")))
    return items

