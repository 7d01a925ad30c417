"""Settings read from environment variables, with safe defaults for development."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key

DEVELOPMENT_SECRET = "development-secret-not-for-production"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigurationError(RuntimeError):
    """Raised when the settings are unsafe for the mode the app runs in."""


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def from_environment(environ: os._Environ | dict | None = None) -> dict:
    """Build the Flask config mapping from environment variables."""
    env = os.environ if environ is None else environ
    mode = env.get("ACADEMY_ENV", "development")
    production = mode == "production"
    default_db = f"sqlite:///{PROJECT_ROOT / 'instance' / 'academy.db'}"
    session_hours = int(env.get("ACADEMY_SESSION_LIFETIME_HOURS", "12"))
    return {
        "ACADEMY_ENV": mode,
        "SECRET_KEY": env.get("SECRET_KEY", DEVELOPMENT_SECRET),
        "SQLALCHEMY_DATABASE_URI": env.get("ACADEMY_DATABASE_URL", default_db),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "ACADEMY_BASE_URL": env.get("ACADEMY_BASE_URL", "http://127.0.0.1:5000"),
        "UPLOAD_FOLDER": env.get("ACADEMY_UPLOAD_FOLDER", str(PROJECT_ROOT / "instance" / "uploads")),
        "MODEL_FOLDER": env.get("ACADEMY_MODEL_FOLDER", str(PROJECT_ROOT / "instance" / "models")),
        # Staff files dropped here by the partners' HR systems, one folder per organisation code.
        "ACADEMY_FEED_FOLDER": env.get("ACADEMY_FEED_FOLDER", str(PROJECT_ROOT / "instance" / "feeds")),
        # Induction evidence: the largest single file accepted (requests are capped below too).
        "EVIDENCE_MAX_BYTES": int(env.get("ACADEMY_EVIDENCE_MAX_BYTES", str(5 * 1024 * 1024))),
        # Open Badges: the issuer's Ed25519 private key as PEM (production), else the file it is
        # generated into on first use. Never commit either.
        "BADGE_ISSUER_KEY": env.get("ACADEMY_BADGE_ISSUER_KEY", ""),
        "BADGE_ISSUER_KEY_FILE": env.get(
            "ACADEMY_BADGE_ISSUER_KEY_FILE", str(PROJECT_ROOT / "instance" / "openbadges-issuer-key.pem")
        ),
        # Mail: the outbox is delivered over SMTP by the scheduler.
        "SMTP_HOST": env.get("SMTP_HOST", "127.0.0.1"),
        "SMTP_PORT": int(env.get("SMTP_PORT", "1025")),
        "SMTP_USERNAME": env.get("SMTP_USERNAME", ""),
        "SMTP_PASSWORD": env.get("SMTP_PASSWORD", ""),
        "SMTP_STARTTLS": _flag(env.get("SMTP_STARTTLS"), production),
        "SMTP_TIMEOUT": float(env.get("SMTP_TIMEOUT", "10")),
        "MAIL_FROM": env.get("MAIL_FROM", "Wakefield Health and Social Care Academy <academy@example.nhs.uk>"),
        # Sign-in protection.
        "LOGIN_MAX_FAILURES": int(env.get("LOGIN_MAX_FAILURES", "5")),
        "LOGIN_LOCKOUT_MINUTES": int(env.get("LOGIN_LOCKOUT_MINUTES", "15")),
        "PASSWORD_RESET_HOURS": int(env.get("PASSWORD_RESET_HOURS", "2")),
        # A signed-in session ends after this long without a request (shared ward computers),
        # and in any case this long after sign-in.
        "SESSION_IDLE_MINUTES": int(env.get("ACADEMY_SESSION_IDLE_MINUTES", "30")),
        "SESSION_LIFETIME_HOURS": session_hours,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=session_hours),
        # Limits on guessing, kept in a store every web process shares in production
        # (redis://...); the limits are "N per minute/hour", several separated by ";".
        "RATELIMIT_STORAGE_URI": env.get("ACADEMY_RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_KEY_PREFIX": "academy",
        "RATELIMIT_PUBLIC": env.get("ACADEMY_RATELIMIT_PUBLIC", "120 per minute"),
        "RATELIMIT_SIGN_IN_ADDRESS": env.get("ACADEMY_RATELIMIT_SIGN_IN_ADDRESS",
                                             "20 per minute;100 per hour"),
        "RATELIMIT_SIGN_IN_ACCOUNT": env.get("ACADEMY_RATELIMIT_SIGN_IN_ACCOUNT",
                                             "10 per 15 minutes"),
        "RATELIMIT_RESET_ADDRESS": env.get("ACADEMY_RATELIMIT_RESET_ADDRESS",
                                           "5 per 15 minutes;20 per day"),
        "RATELIMIT_RESET_ACCOUNT": env.get("ACADEMY_RATELIMIT_RESET_ACCOUNT",
                                           "3 per hour;10 per day"),
        "RATELIMIT_VERIFY_ADDRESS": env.get("ACADEMY_RATELIMIT_VERIFY_ADDRESS",
                                            "20 per minute;200 per day"),
        # How many proxies (load balancer, ingress) stand in front of the web processes and add
        # themselves to X-Forwarded-For: the limits count the address they were asked from.
        "PROXY_HOPS": int(env.get("ACADEMY_PROXY_HOPS", "0")),
        # Reports: counts from 1 to this threshold are hidden.
        "SUPPRESSION_THRESHOLD": int(env.get("SUPPRESSION_THRESHOLD", "4")),
        "SESSION_COOKIE_SECURE": _flag(env.get("SESSION_COOKIE_SECURE"), production),
        "REMEMBER_COOKIE_SECURE": _flag(env.get("SESSION_COOKIE_SECURE"), production),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "MAX_CONTENT_LENGTH": int(env.get("ACADEMY_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024))),
        "WTF_CSRF_TIME_LIMIT": None,
        "PAGE_SIZE": int(env.get("ACADEMY_PAGE_SIZE", "25")),
    }


def check(config: dict) -> None:
    """Refuse settings that are unsafe in production.

    Raises ConfigurationError when production runs with the development secret, or without the
    Open Badges issuer key (each web node would otherwise make and sign with its own).
    """
    if config.get("ACADEMY_ENV") == "production":
        secret = config.get("SECRET_KEY") or ""
        if secret == DEVELOPMENT_SECRET or len(secret) < 32:
            raise ConfigurationError(
                "SECRET_KEY must be set to a long random value when ACADEMY_ENV=production"
            )
        if not _is_ed25519_key((config.get("BADGE_ISSUER_KEY") or "").strip()):
            raise ConfigurationError(
                "ACADEMY_BADGE_ISSUER_KEY must hold the Open Badges issuer's Ed25519 private key "
                "(PEM), the same on every web node, when ACADEMY_ENV=production"
            )


def _is_ed25519_key(pem: str) -> bool:
    if not pem:
        return False
    try:
        key = load_pem_private_key(pem.encode(), password=None)
    except (ValueError, TypeError):
        return False
    return isinstance(key, Ed25519PrivateKey)
