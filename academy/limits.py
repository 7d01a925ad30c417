"""Limits on guessing: every public page per address, and sign-in, password reset and
certificate checks per address and per account, counted in the store every web process shares
(RATELIMIT_STORAGE_URI). A request over a limit gets the 429 page."""

from __future__ import annotations

import hashlib
import time

from flask import Flask, current_app, request
from flask_limiter.util import get_remote_address
from limits import parse_many
from werkzeug.exceptions import TooManyRequests
from werkzeug.middleware.proxy_fix import ProxyFix

from academy.extensions import limiter

# endpoint -> (the setting naming its limit per address, the setting per account or None);
# the account is the e-mail address typed. Limits count form posts, or every request of a
# page that checks a code.
GUARDED: dict[str, tuple[str, str | None, bool]] = {
    "people.login": ("RATELIMIT_SIGN_IN_ADDRESS", "RATELIMIT_SIGN_IN_ACCOUNT", True),
    "people.password_reset_request": ("RATELIMIT_RESET_ADDRESS", "RATELIMIT_RESET_ACCOUNT", True),
    "people.password_reset": ("RATELIMIT_RESET_ADDRESS", None, False),
    "courses.verify": ("RATELIMIT_VERIFY_ADDRESS", None, False),
    "courses.verify_code": ("RATELIMIT_VERIFY_ADDRESS", None, False),
    "induction.verify": ("RATELIMIT_VERIFY_ADDRESS", None, False),
    "passport.shared": ("RATELIMIT_VERIFY_ADDRESS", None, False),
}


def account_key(email: str) -> str:
    """The account a form names, as the limits count it: a digest, never the address itself."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def check_guarded() -> None:
    """Count this request against its endpoint's limits; raises TooManyRequests when one is
    used up (a refused request is counted too, so hammering never frees a slot)."""
    guard = GUARDED.get(request.endpoint or "")
    if guard is None or not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    by_address, by_account, posts_only = guard
    if posts_only and request.method != "POST":
        return
    keys = [(by_address, "address", get_remote_address())]
    email = request.form.get("email", "")
    if by_account and email:
        keys.append((by_account, "account", account_key(email)))
    waits = []
    for setting, kind, key in keys:
        for item in parse_many(current_app.config[setting]):
            if not limiter.limiter.hit(item, setting, kind, key):
                reset_at, _ = limiter.limiter.get_window_stats(item, setting, kind, key)
                waits.append(reset_at)
    if waits:
        # Limits count real seconds (the store's clock), not the platform's.
        raise TooManyRequests(retry_after=max(1, int(max(waits) - time.time())))


def configure_limits(app: Flask) -> None:
    if app.config["PROXY_HOPS"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_HOPS"],
                                x_proto=app.config["PROXY_HOPS"])
    limiter.init_app(app)
    app.before_request(check_guarded)
