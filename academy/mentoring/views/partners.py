"""The applicants' and partners' pages: apply, the match, meetings with private notes, feedback."""

from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from academy.errors import DomainError, show_refusal
from academy.extensions import db
from academy.mentoring import permissions, queries
from academy.mentoring.forms import (
    AgreedGoalsForm,
    ApplicationForm,
    CloseForm,
    FeedbackForm,
    MeetingForm,
    NoteForm,
    RematchForm,
)
from academy.mentoring.models import (
    FEEDBACK_QUESTIONS,
    MEETING_FORMATS,
    FeedbackStage,
    MeetingMode,
    MentoringApplication,
    MentoringCohort,
    MentoringFeedback,
    MentoringMeeting,
    MentoringNote,
    PartnershipStatus,
    Response,
    Side,
)
from academy.mentoring.scoring import BANDS, slot_label, slots_of
from academy.mentoring.services import applications as application_services
from academy.mentoring.services import partnerships as partnership_services
from academy.mentoring.views.common import bp, get_application, get_partnership
from academy.people.models import Organisation, Site
from academy.timekeeping import today


@bp.get("/")
@login_required
def index():
    coordinator = permissions.is_mentoring_coordinator(current_user)
    applications = queries.my_applications(current_user.id)
    applied = {a.cohort_id: a for a in applications}
    return render_template(
        "mentoring/index.html", title="Mentoring",
        open_cohorts=queries.open_cohorts(today()), applied=applied, applications=applications,
        partnerships=queries.my_partnerships(current_user.id),
        programmes=queries.programmes_for(current_user) if coordinator else [],
    )


def _application_form(cohort: MentoringCohort, application: MentoringApplication | None = None):
    programme = cohort.programme
    form = ApplicationForm(obj=None)
    form.side.choices = [SelectChoice(Side.PARTNER.value, programme.partner_label),
                         SelectChoice(Side.LEADER.value, programme.leader_label)]
    goals = queries.active_goals()
    kept = [g for g in (application.goals if application else []) if not g.is_active]
    form.goal_ids.choices = [SelectChoice(g.id, g.name) for g in goals + kept]
    sites = db.session.execute(
        select(Site.id, Site.name, Organisation.short_name)
        .join(Organisation, Organisation.id == Site.organisation_id)
        .order_by(Organisation.short_name, Site.name)
    ).all()
    form.site_id.choices = [SelectChoice(0, "Not given")] + [
        SelectChoice(site_id, f"{name} ({org})") for site_id, name, org in sites
    ]
    form.priority_groups.choices = [SelectChoice(g, g) for g in programme.priority_groups]
    if not form.is_submitted():
        if application is not None:
            form.side.data = application.side.value
            form.eligibility_confirmed.data = application.eligibility_confirmed
            form.goal_ids.data = [g.id for g in application.goals]
            form.interests.data = application.interests
            form.hopes_to_give.data = application.hopes_to_give
            form.hopes_to_gain.data = application.hopes_to_gain
            form.availability.data = slots_of(application.availability)
            form.meeting_mode.data = application.meeting_mode.value
            form.site_id.data = application.site_id or 0
            form.band.data = application.band or ""
            form.capacity.data = application.capacity
            form.conflicts.data = "\n".join(c.user.email for c in application.conflicts)
            form.priority_groups.data = list(application.priority_groups)
            form.priority_consent.data = application.priority_consent
        else:
            form.site_id.data = current_user.site_id or 0
            band = current_user.job_role.afc_band if current_user.job_role else None
            form.band.data = band if band in BANDS else ""
            form.capacity.data = 1
    return form


def _application_data(form: ApplicationForm) -> application_services.ApplicationData:
    mask = 0
    for bit in form.availability.data or []:
        mask |= 1 << bit
    return application_services.ApplicationData(
        side=Side(form.side.data),
        eligibility_confirmed=bool(form.eligibility_confirmed.data),
        meeting_mode=MeetingMode(form.meeting_mode.data),
        availability=mask,
        goal_ids=list(form.goal_ids.data or []),
        interests=form.interests.data or "",
        hopes_to_give=form.hopes_to_give.data or "",
        hopes_to_gain=form.hopes_to_gain.data or "",
        band=form.band.data or None,
        site_id=form.site_id.data or None,
        capacity=form.capacity.data or 1,
        conflict_emails=[e for e in re.split(r"[\s,;]+", form.conflicts.data or "") if e],
        priority_consent=bool(form.priority_consent.data),
        priority_groups=list(form.priority_groups.data or []),
    )


@bp.route("/cohorts/<int:mentoring_cohort_id>/apply", methods=["GET", "POST"])
@login_required
def apply(mentoring_cohort_id: int):
    cohort = db.session.get(MentoringCohort, mentoring_cohort_id) or abort(404)
    existing = db.session.scalar(select(MentoringApplication).where(
        MentoringApplication.cohort_id == cohort.id, MentoringApplication.user_id == current_user.id))
    if existing is not None:
        flash("You have already applied to this cohort: here is your application.", "info")
        return redirect(url_for("mentoring.application", mentoring_application_id=existing.id))
    if not cohort.accepts_applications(today()):
        abort(404)
    form = _application_form(cohort)
    if form.validate_on_submit():
        try:
            application = application_services.apply(
                cohort, current_user, _application_data(form), actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash("Thank you: your application has been received.", "success")
            return redirect(url_for("mentoring.application", mentoring_application_id=application.id))
    return render_template("mentoring/apply.html", form=form, cohort=cohort,
                           programme=cohort.programme, title=f"Apply: {cohort.programme.name}")


@bp.route("/applications/<int:mentoring_application_id>", methods=["GET", "POST"])
@login_required
def application(mentoring_application_id: int):
    application = get_application(mentoring_application_id)
    cohort = application.cohort
    editable = permissions.can_edit_mentoring_application(current_user, application, today())
    if request.method == "POST" and application.user_id != current_user.id:
        abort(403)
    form = _application_form(cohort, application) if editable else None
    if form is not None and form.validate_on_submit():
        try:
            application_services.update_application(
                application, _application_data(form), actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash("Your application has been updated.", "success")
            return redirect(url_for("mentoring.application", mentoring_application_id=application.id))
    elif request.method == "POST" and form is None:
        flash("This application can no longer be changed.", "error")
        return redirect(url_for("mentoring.application", mentoring_application_id=application.id))
    if application.user_id != current_user.id:
        application_services.record_viewed(application, actor=current_user)
        db.session.commit()
    return render_template(
        "mentoring/application.html", application=application, cohort=cohort,
        programme=cohort.programme, form=form, is_own=application.user_id == current_user.id,
        slots=[slot_label(bit) for bit in slots_of(application.availability)],
        title="Mentoring application",
    )


@bp.route("/applications/<int:mentoring_application_id>/withdraw", methods=["GET", "POST"])
@login_required
def application_withdraw(mentoring_application_id: int):
    application = get_application(mentoring_application_id)
    if application.user_id != current_user.id:
        abort(403)
    if request.method == "POST":
        try:
            application_services.withdraw_application(application, actor=current_user)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash("Your application has been withdrawn.", "success")
        return redirect(url_for("mentoring.application", mentoring_application_id=application.id))
    return render_template("mentoring/application_withdraw.html", application=application,
                           title="Withdraw your application")


def _partnership_page(partnership, goals_form=None, status: int = 200):
    is_partner = permissions.is_in_pair(current_user, partnership)
    meetings = queries.meetings(partnership.id, current_user.id) if is_partner else []
    programme = partnership.cohort.programme
    feedback = queries.feedback_given(partnership.id)
    my_feedback = {f.stage for f in feedback if f.author_id == current_user.id}
    if is_partner and goals_form is None and partnership.status == PartnershipStatus.ACTIVE:
        goals_form = AgreedGoalsForm(goals=partnership.agreed_goals)
    side = partnership.side_of(current_user.id)
    my_response = None
    if side == Side.PARTNER:
        my_response = partnership.partner_response
    elif side == Side.LEADER:
        my_response = partnership.leader_response
    meeting_stats = None
    if not is_partner:
        # The coordinator sees dates and counts, never notes or agreed goals.
        dates = [m.met_on for m, _ in queries.meetings(partnership.id, 0)]
        meeting_stats = {"count": len(dates), "last": max(dates) if dates else None}
    return render_template(
        "mentoring/partnership.html", partnership=partnership, programme=programme,
        is_partner=is_partner, meetings=meetings, goals_form=goals_form,
        my_feedback=my_feedback, feedback_count=len(feedback), my_response=my_response,
        meeting_stats=meeting_stats, formats=MEETING_FORMATS, Response=Response,
        stages=list(FeedbackStage), title="Your mentoring partnership" if is_partner else "Partnership",
    ), status


@bp.get("/partnerships/<int:partnership_id>")
@login_required
def partnership(partnership_id: int):
    return _partnership_page(get_partnership(partnership_id))


@bp.post("/partnerships/<int:partnership_id>/accept")
@login_required
def partnership_accept(partnership_id: int):
    partnership = get_partnership(partnership_id, partners_only=True)
    try:
        partnership_services.accept_match(partnership, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        if partnership.status == PartnershipStatus.ACTIVE:
            flash("You have both accepted: your partnership is under way.", "success")
        else:
            flash("You have accepted the match. We will tell you when your partner has too.",
                  "success")
    return redirect(url_for("mentoring.partnership", partnership_id=partnership.id))


@bp.route("/partnerships/<int:partnership_id>/rematch", methods=["GET", "POST"])
@login_required
def partnership_rematch(partnership_id: int):
    partnership = get_partnership(partnership_id, partners_only=True)
    form = RematchForm()
    if form.validate_on_submit():
        try:
            partnership_services.ask_for_rematch(partnership, form.reason.data, actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash("You have asked to be re-matched. The coordinator will be in touch.", "success")
            return redirect(url_for("mentoring.index"))
    return render_template("mentoring/rematch.html", form=form, partnership=partnership,
                           title="Ask to be re-matched")


@bp.post("/partnerships/<int:partnership_id>/goals")
@login_required
def partnership_goals(partnership_id: int):
    partnership = get_partnership(partnership_id, partners_only=True)
    form = AgreedGoalsForm()
    if form.validate_on_submit():
        try:
            partnership_services.update_goals(partnership, form.goals.data, actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash("Your agreed goals have been saved.", "success")
            return redirect(url_for("mentoring.partnership", partnership_id=partnership.id))
    if not permissions.can_work_in_mentoring_partnership(current_user, partnership):
        return redirect(url_for("mentoring.partnership", partnership_id=partnership.id))
    return _partnership_page(partnership, goals_form=form, status=400)


@bp.route("/partnerships/<int:partnership_id>/meetings/new", methods=["GET", "POST"])
@login_required
def meeting_new(partnership_id: int):
    partnership = get_partnership(partnership_id, partners_only=True)
    if not permissions.can_work_in_mentoring_partnership(current_user, partnership):
        flash("Meetings can be logged once you have both accepted the match.", "info")
        return redirect(url_for("mentoring.partnership", partnership_id=partnership.id))
    form = MeetingForm()
    if not form.is_submitted():
        form.met_on.data = today()
        form.minutes.data = 60
    if form.validate_on_submit():
        data = partnership_services.MeetingData(
            met_on=form.met_on.data, format=form.format.data, minutes=form.minutes.data,
            note=form.note.data or "")
        try:
            partnership_services.log_meeting(partnership, data, actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash("Your meeting has been logged.", "success")
            return redirect(url_for("mentoring.partnership", partnership_id=partnership.id))
    return render_template("mentoring/meeting_new.html", form=form, partnership=partnership,
                           title="Log a meeting")


def _get_note(note_id: int) -> MentoringNote:
    note = db.session.get(MentoringNote, note_id) or abort(404)
    if not permissions.can_view_meeting_note(current_user, note):
        abort(403)
    return note


@bp.route("/notes/<int:meeting_note_id>", methods=["GET", "POST"])
@login_required
def note(meeting_note_id: int):
    note = _get_note(meeting_note_id)
    meeting = note.meeting
    form = NoteForm(text=note.text) if request.method == "GET" else NoteForm()
    return _note_page(form, meeting, "Your private note")


@bp.route("/meetings/<int:mentoring_meeting_id>/note", methods=["GET", "POST"])
@login_required
def meeting_note_new(mentoring_meeting_id: int):
    meeting = db.session.get(MentoringMeeting, mentoring_meeting_id) or abort(404)
    if not permissions.is_in_pair(current_user, meeting.partnership):
        abort(403)
    own = db.session.scalar(select(MentoringNote).where(
        MentoringNote.meeting_id == meeting.id, MentoringNote.author_id == current_user.id))
    if own is not None:
        return redirect(url_for("mentoring.note", meeting_note_id=own.id))
    return _note_page(NoteForm(), meeting, "Add your private note")


def _note_page(form: NoteForm, meeting: MentoringMeeting, title: str):
    """Save the person's private note on a meeting, or show the form (with any refusal)."""
    if form.validate_on_submit():
        try:
            partnership_services.save_note(meeting, form.text.data, actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash("Your private note has been saved.", "success")
            return redirect(url_for("mentoring.partnership", partnership_id=meeting.partnership_id))
    return render_template("mentoring/note.html", form=form, meeting=meeting, formats=MEETING_FORMATS,
                           title=title)


@bp.route("/partnerships/<int:partnership_id>/feedback/<feedback_stage>", methods=["GET", "POST"])
@login_required
def feedback(partnership_id: int, feedback_stage: str):
    partnership = get_partnership(partnership_id, partners_only=True)
    try:
        stage = FeedbackStage(feedback_stage)
    except ValueError:
        abort(404)
    given = db.session.scalar(select(MentoringFeedback).where(
        MentoringFeedback.partnership_id == partnership.id,
        MentoringFeedback.author_id == current_user.id, MentoringFeedback.stage == stage))
    form = FeedbackForm()
    if given is None and form.validate_on_submit():
        ratings = {q: int(getattr(form, q).data) for q in FEEDBACK_QUESTIONS}
        try:
            partnership_services.submit_feedback(partnership, stage, ratings,
                                                 form.comments.data or "", actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"Thank you for your {stage.label.lower()} feedback.", "success")
            return redirect(url_for("mentoring.partnership", partnership_id=partnership.id))
    return render_template(
        "mentoring/feedback.html", form=form, partnership=partnership, stage=stage, given=given,
        questions=FEEDBACK_QUESTIONS, open=permissions.can_give_mentoring_feedback(current_user, partnership),
        title=f"{stage.label} feedback",
    )


@bp.route("/partnerships/<int:partnership_id>/close", methods=["GET", "POST"])
@login_required
def partnership_close(partnership_id: int):
    partnership = get_partnership(partnership_id)
    form = CloseForm()
    if form.validate_on_submit():
        try:
            partnership_services.close_partnership(
                partnership, form.completed.data == "yes", form.note.data or "", actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash("The partnership has been closed.", "success")
            return redirect(url_for("mentoring.partnership", partnership_id=partnership.id))
    return render_template("mentoring/close.html", form=form, partnership=partnership,
                           title="Close the partnership")

