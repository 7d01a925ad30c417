"""Signing in and out, resetting a password, my details and my equality answers."""

from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required, logout_user

from academy.extensions import db, login_manager
from academy.people import queries, services
from academy.people.equality import QUESTIONS, answer_label
from academy.people.forms import EqualityForm, NewPasswordForm, ResetRequestForm, SignInForm
from academy.people.identity.queries import enabled_providers
from academy.people.models import User
from academy.people.views import bp
from academy.people.views.common import begin_session, end_session, person_page, session_person
from academy.web import perform, safe_next, submit

STATIC_ENDPOINTS = {"static", "nhsuk_assets"}


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The person a session belongs to, while the session on the server lasts and is still
    theirs (see User.get_id and academy.people.sessions)."""
    return session_person(session_id)


@bp.before_app_request
def read_session() -> None:
    """Read the signed-in person first thing, and keep what that changed in their session
    (its last request, or its end) before the page does anything else."""
    if request.endpoint in STATIC_ENDPOINTS:
        return
    current_user._get_current_object()  # loads the person through load_user
    if g.pop("session_changed", False):
        db.session.commit()


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = SignInForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                form.email.data, form.password.data,
                max_failures=current_app.config["LOGIN_MAX_FAILURES"],
                lockout_minutes=current_app.config["LOGIN_LOCKOUT_MINUTES"],
            )
        except services.SignInRefused as refusal:
            # Unlike other refusals this one commits: it keeps the failure count that leads to
            # a lockout.
            db.session.commit()
            form.password.errors = [refusal.message]
        else:
            begin_session(user)
            db.session.commit()
            return redirect(safe_next(request.args.get("next")))
    return render_template("people/login.html", form=form, title="Sign in",
                           providers=enabled_providers())


@bp.post("/logout")
@login_required
def logout():
    # End the session on the server (a copy of the cookie is worth nothing after this) and
    # forget everything of it (pending messages too) on a shared computer.
    end_session()
    logout_user()
    db.session.commit()
    flash("You have signed out.", "success")
    return redirect(url_for("people.login"))


@bp.route("/password-reset", methods=["GET", "POST"])
def password_reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(
            form.email.data, valid_hours=current_app.config["PASSWORD_RESET_HOURS"],
        )
        db.session.commit()
        return render_template("people/reset_sent.html", title="Check your e-mail",
                               email=form.email.data)
    return render_template("people/reset_request.html", form=form, title="Reset your password")


@bp.route("/password-reset/<token>", methods=["GET", "POST"])
def password_reset(token: str):
    try:
        services.reset_token_user(token)
    except services.InvalidResetToken as error:
        return render_template("people/reset_invalid.html", title="Link not valid",
                               message=error.message), 410
    form = NewPasswordForm()
    if response := submit(
        form, lambda: services.reset_password(token, form.password.data),
        then=url_for("people.login"),
        success="Your password has been changed. Sign in with your new password.",
    ):
        return response
    return render_template("people/reset_password.html", form=form, title="Choose a new password")


@bp.get("/me")
@login_required
def me():
    return person_page(current_user, title="Your details")


@bp.route("/me/equality", methods=["GET", "POST"])
@login_required
def equality():
    profile = queries.equality_profile(current_user.id)
    form = EqualityForm(obj=profile)
    if response := submit(
        form,
        lambda: services.save_equality_profile(
            current_user, {name: getattr(form, name).data for name in QUESTIONS},
            actor=current_user,
        ),
        then=url_for("people.equality"),
        success="Your equality answers have been saved.",
    ):
        return response
    answers = [
        (label, answer_label(name, getattr(profile, name) if profile else None))
        for name, (label, _) in QUESTIONS.items()
    ]
    return render_template("people/equality.html", form=form, profile=profile, answers=answers,
                           title="Your equality monitoring answers")


@bp.route("/me/equality/withdraw", methods=["GET", "POST"])
@login_required
def equality_withdraw():
    if request.method == "POST":
        perform(lambda: services.withdraw_equality_profile(current_user, actor=current_user),
                success="Your equality answers have been deleted.")
        return redirect(url_for("people.equality"))
    return render_template("people/equality_withdraw.html", title="Delete your equality answers")
