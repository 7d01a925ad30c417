"""The partners' pages: the match, agreed goals, meetings with private notes, feedback, closing."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from academy.mentoring import permissions, queries
from academy.mentoring.forms import (
    AgreedGoalsForm,
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
    MentoringMeeting,
    MentoringNote,
    MentoringPartnership,
)
from academy.mentoring.services import partnerships as partnership_services
from academy.mentoring.views import bp
from academy.mentoring.views.common import get_partnership
from academy.timekeeping import today
from academy.web import audited_read, load_or_404, perform, submit


def _partnership_url(partnership_id: int) -> str:
    return url_for("mentoring.partnership", partnership_id=partnership_id)


def _partnership_page(partnership: MentoringPartnership, goals_form=None, status: int = 200):
    is_partner = permissions.is_in_pair(current_user, partnership)
    meetings = queries.meetings(partnership.id, current_user.id) if is_partner else []
    feedback = queries.feedback_given(partnership.id)
    my_feedback = {f.stage for f in feedback if f.author_id == current_user.id}
    if goals_form is None and permissions.can_work_in_mentoring_partnership(current_user, partnership):
        goals_form = AgreedGoalsForm(goals=partnership.agreed_goals)
    meeting_stats = None
    if not is_partner:
        # The coordinator sees dates and counts, never notes or agreed goals.
        dates = [m.met_on for m, _ in queries.meetings(partnership.id, 0)]
        meeting_stats = {"count": len(dates), "last": max(dates) if dates else None}
    return render_template(
        "mentoring/partnership.html", partnership=partnership,
        programme=partnership.cohort.programme, is_partner=is_partner, meetings=meetings,
        goals_form=goals_form, my_feedback=my_feedback, feedback_count=len(feedback),
        meeting_stats=meeting_stats, formats=MEETING_FORMATS, stages=list(FeedbackStage),
        title="Your mentoring partnership" if is_partner else "Partnership",
    ), status


@bp.get("/partnerships/<int:partnership_id>")
@login_required
def partnership(partnership_id: int):
    partnership = get_partnership(partnership_id)
    # The partners' own record; anyone else reading it reads both of theirs.
    readers_of = ([] if permissions.is_in_pair(current_user, partnership)
                  else [partnership.partner_id, partnership.leader_id])
    return audited_read(_partnership_page(partnership), "mentoring_partnership.viewed",
                        partnership, subjects=readers_of)


def _accepted(partnership: MentoringPartnership) -> str:
    if partnership.is_active:
        return "You have both accepted: your partnership is under way."
    return "You have accepted the match. We will tell you when your partner has too."


@bp.post("/partnerships/<int:partnership_id>/accept")
@login_required
def partnership_accept(partnership_id: int):
    partnership = get_partnership(partnership_id, partners_only=True)
    perform(lambda: partnership_services.accept_match(partnership, actor=current_user),
            success=lambda _: _accepted(partnership))
    return redirect(_partnership_url(partnership.id))


@bp.route("/partnerships/<int:partnership_id>/rematch", methods=["GET", "POST"])
@login_required
def partnership_rematch(partnership_id: int):
    partnership = get_partnership(partnership_id, partners_only=True)
    form = RematchForm()
    if response := submit(form, lambda: partnership_services.ask_for_rematch(
            partnership, form.reason.data, actor=current_user),
            then=url_for("mentoring.index"),
            success="You have asked to be re-matched. The coordinator will be in touch."):
        return response
    return render_template("mentoring/rematch.html", form=form, partnership=partnership,
                           title="Ask to be re-matched")


@bp.post("/partnerships/<int:partnership_id>/goals")
@login_required
def partnership_goals(partnership_id: int):
    partnership = get_partnership(partnership_id, partners_only=True)
    form = AgreedGoalsForm()
    if response := submit(form, lambda: partnership_services.update_goals(
            partnership, form.goals.data, actor=current_user),
            then=_partnership_url(partnership.id), success="Your agreed goals have been saved."):
        return response
    if not permissions.can_work_in_mentoring_partnership(current_user, partnership):
        return redirect(_partnership_url(partnership.id))
    return _partnership_page(partnership, goals_form=form, status=400)


@bp.route("/partnerships/<int:partnership_id>/meetings/new", methods=["GET", "POST"])
@login_required
def meeting_new(partnership_id: int):
    partnership = get_partnership(partnership_id, partners_only=True)
    if not permissions.can_work_in_mentoring_partnership(current_user, partnership):
        flash("Meetings can be logged once you have both accepted the match.", "info")
        return redirect(_partnership_url(partnership.id))
    form = MeetingForm()
    if not form.is_submitted():
        form.met_on.data = today()
        form.minutes.data = 60
    if response := submit(form, lambda: partnership_services.log_meeting(
            partnership, partnership_services.MeetingData(
                met_on=form.met_on.data, format=form.format.data, minutes=form.minutes.data,
                note=form.note.data or ""), actor=current_user),
            then=_partnership_url(partnership.id), success="Your meeting has been logged."):
        return response
    return render_template("mentoring/meeting_new.html", form=form, partnership=partnership,
                           title="Log a meeting")


@bp.route("/notes/<int:note_id>", methods=["GET", "POST"])
@login_required
def note(note_id: int):
    note = load_or_404(MentoringNote, note_id, permissions.can_view_meeting_note)
    form = NoteForm(text=note.text) if request.method == "GET" else NoteForm()
    return _note_page(form, note.meeting, "Your private note")


@bp.route("/meetings/<int:meeting_id>/note", methods=["GET", "POST"])
@login_required
def meeting_note_new(meeting_id: int):
    meeting = load_or_404(MentoringMeeting, meeting_id,
                          lambda user, meeting: permissions.is_in_pair(user, meeting.partnership))
    own = queries.own_note(meeting.id, current_user.id)
    if own is not None:
        return redirect(url_for("mentoring.note", note_id=own.id))
    return _note_page(NoteForm(), meeting, "Add your private note")


def _note_page(form: NoteForm, meeting: MentoringMeeting, title: str):
    """Save the person's private note on a meeting, or show the form (with any refusal)."""
    if response := submit(form, lambda: partnership_services.save_note(
            meeting, form.text.data, actor=current_user),
            then=_partnership_url(meeting.partnership_id),
            success="Your private note has been saved."):
        return response
    return render_template("mentoring/note.html", form=form, meeting=meeting, formats=MEETING_FORMATS,
                           title=title)


@bp.route("/partnerships/<int:partnership_id>/feedback/<stage>", methods=["GET", "POST"])
@login_required
def feedback(partnership_id: int, stage: str):
    partnership = get_partnership(partnership_id, partners_only=True)
    try:
        stage = FeedbackStage(stage)
    except ValueError:
        abort(404)
    given = queries.own_feedback(partnership.id, current_user.id, stage)
    form = FeedbackForm()
    if given is None and (response := submit(form, lambda: partnership_services.submit_feedback(
            partnership, stage, {q: int(getattr(form, q).data) for q in FEEDBACK_QUESTIONS},
            form.comments.data or "", actor=current_user),
            then=_partnership_url(partnership.id),
            success=f"Thank you for your {stage.label.lower()} feedback.")):
        return response
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
    if response := submit(form, lambda: partnership_services.close_partnership(
            partnership, form.completed.data == "yes", form.note.data or "", actor=current_user),
            then=_partnership_url(partnership.id), success="The partnership has been closed."):
        return response
    return render_template("mentoring/close.html", form=form, partnership=partnership,
                           title="Close the partnership")
