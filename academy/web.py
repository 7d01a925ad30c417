"""The few moves every view makes, each written once: load or 404 then authorise or 403, run a
service call as the request's transaction and show its refusal on the form, note a read of other
people's records, follow a safe `next`, read an optional number from the query string, answer
with a PDF."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

from flask import Response, abort, flash, redirect, url_for
from flask_login import current_user

from academy.audit.services import record_read
from academy.errors import DomainError, show_refusal
from academy.extensions import db

T = TypeVar("T")


def require(allowed: bool) -> None:
    """Answer 403 unless the permission predicate allowed the request."""
    if not allowed:
        abort(403)


def load_or_404(model: type[T], ident: Any, predicate: Callable[[Any, T], bool] | None = None,
                *, options: Iterable = ()) -> T:
    """The row of `model` with this primary key (404 when there is none), when `predicate`
    (called with the signed-in user and the row) allows it (403 when it does not)."""
    found = db.session.get(model, ident, options=list(options)) if ident is not None else None
    if found is None:
        abort(404)
    if predicate is not None:
        require(predicate(current_user, found))
    return found


def found_or_404(row: T | None) -> T:
    """A row that a query found, or 404: for rows looked up by something other than their key."""
    if row is None:
        abort(404)
    return row


@dataclass(frozen=True)
class Done(Generic[T]):
    """A service call that succeeded and was committed, with what it returned."""

    result: T


def perform(action: Callable[[], T], *, form=None,
            success: str | Callable[[T], str] | None = None) -> Done[T] | None:
    """Run one service call as the request's transaction.

    When it succeeds the session is committed and `success` (a message, or a function of the
    result) is flashed; the result comes back wrapped in `Done`. When the rules refuse
    (`DomainError`) everything the call wrote is rolled back, the refusal is put beside the field
    it names on `form` (or at the top of the page) and None comes back.
    """
    try:
        result = action()
    except DomainError as error:
        db.session.rollback()
        show_refusal(form, error)
        return None
    db.session.commit()
    if success is not None:
        flash(success(result) if callable(success) else success, "success")
    return Done(result)


def submit(form, action: Callable[[], T], *, then: str | Callable[[T], str],
           success: str | Callable[[T], str] | None = None) -> Response | None:
    """The whole submission of a form: validate it, run the service call (see `perform`) and
    redirect to `then` (an address, or a function of the result) when it succeeded.

    None means "show the form again": it was not submitted, it has errors (every one is on its
    field, for the error summary), or the rules refused.
    """
    if not form.validate_on_submit():
        return None
    done = perform(action, form=form, success=success)
    if done is None:
        return None
    return redirect(then(done.result) if callable(then) else then)


def audited_read(page: T, action: str, obj, *, subjects: Iterable) -> T:
    """Answer with `page` (already rendered), once its read of the `subjects`' records (people,
    or their ids) is in the audit log: one entry each, about `obj`, none for the reader's own.

    The entries are written after the page is rendered and committed without expiring what the
    request loaded, so writing them reads nothing again.
    """
    for subject in subjects:
        record_read(current_user, action, obj, subject=subject)
    commit_keeping_loaded()
    return page


def commit_keeping_loaded() -> None:
    """Commit without expiring what the request has loaded: for audit entries written once a
    page is rendered, so nothing is read again after them."""
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def safe_next(target: str | None, fallback: str | None = None) -> str:
    """Only follow a `next` address on this site, else `fallback` (the home page by default).

    Browsers read a backslash as a slash, drop tabs and newlines, and take "///host" as another
    host, so a path with any of those is refused as well as one with a scheme or host.
    """
    if target:
        parts = urlsplit(target)
        if (
            target.startswith("/")
            and not target.startswith("//")
            and "\\" not in target
            and not any(ord(character) < 32 or ord(character) == 127 for character in target)
            and not parts.scheme
            and not parts.netloc
        ):
            return target
    return fallback if fallback is not None else url_for("home.index")


def as_int(value: str | None) -> int | None:
    """A whole number typed in a query string or form, or None when it is blank or not one."""
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def pdf_response(content: bytes, filename: str, *, attachment: bool = True) -> Response:
    """A PDF document as the answer, downloaded as `filename` (or shown in the browser)."""
    response = Response(content, mimetype="application/pdf")
    disposition = "attachment" if attachment else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
