"""Signed-in sessions kept on the server: started at sign-in, ended at sign-out, after a while
idle, at the end of their lifetime, or all at once for a person (see User.end_sessions).

The session cookie carries a random token; the table keeps only its hash, so that any web
process can tell whether a cookie still names a live session. Functions flush, never commit.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from academy.extensions import db
from academy.people.models import SignInSession, User

# A live session's last request is written at most this often, not on every request.
TOUCH_EVERY = timedelta(minutes=1)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(person: User, *, now: datetime) -> str:
    """A new session for the person; returns the token the cookie keeps (shown nowhere else)."""
    token = secrets.token_urlsafe(32)
    db.session.add(SignInSession(user_id=person.id, token_hash=_digest(token), started_at=now,
                                 last_seen_at=now))
    db.session.flush()
    return token


def is_over(row: SignInSession, *, now: datetime, idle: timedelta, lifetime: timedelta) -> bool:
    return (row.ended_at is not None or now - row.last_seen_at >= idle
            or now - row.started_at >= lifetime)


def person_of(token: str | None, *, user_id: int, version: int, now: datetime,
              idle: timedelta, lifetime: timedelta) -> tuple[User | None, bool]:
    """The person whose live session the token names, read with the session in one query, and
    whether the session's row changed (its last request noted, or found over and ended).

    None when the token names no session, another person's, one that is over, or one from
    before the person's sessions were all ended (an older session version); an open account
    only. A session found idle or past its lifetime is ended here, so it never comes back.
    """
    if not token:
        return None, False
    row = db.session.scalar(
        select(SignInSession).where(SignInSession.token_hash == _digest(token))
        .options(joinedload(SignInSession.user))
    )
    if row is None or row.user_id != user_id:
        return None, False
    person = row.user
    if person.session_version != version or not person.is_active:
        return None, False
    if is_over(row, now=now, idle=idle, lifetime=lifetime):
        if row.ended_at is not None:
            return None, False
        row.ended_at = now
        db.session.flush()
        return None, True
    if now - row.last_seen_at < TOUCH_EVERY:
        return person, False
    row.last_seen_at = now
    db.session.flush()
    return person, True


def end(token: str | None, *, now: datetime) -> None:
    """End the one session the token names (signing out); nothing when there is none."""
    if not token:
        return
    db.session.execute(
        update(SignInSession)
        .where(SignInSession.token_hash == _digest(token), SignInSession.ended_at.is_(None))
        .values(ended_at=now)
    )


def end_all(person: User, *, now: datetime) -> None:
    """End every session of the person, on every web process: raises their session version
    (which the cookies carry) and closes their sessions' rows."""
    person.end_sessions()
    db.session.execute(
        update(SignInSession)
        .where(SignInSession.user_id == person.id, SignInSession.ended_at.is_(None))
        .values(ended_at=now)
    )
    db.session.flush()
