"""Settings from the environment, and the production checks that refuse unsafe ones."""

from __future__ import annotations

import secrets

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from academy import create_app
from academy.config import DEVELOPMENT_SECRET, ConfigurationError, from_environment
from academy.extensions import db
from tests.conftest import issuer_key_pem

# Variables these tests set; each test starts with none of them set.
VARIABLES = [
    "ACADEMY_ENV", "SECRET_KEY", "ACADEMY_DATABASE_URL", "SMTP_HOST", "SMTP_PORT", "SMTP_STARTTLS",
    "SMTP_TIMEOUT", "SMTP_USERNAME", "LOGIN_MAX_FAILURES", "LOGIN_LOCKOUT_MINUTES",
    "PASSWORD_RESET_HOURS", "SUPPRESSION_THRESHOLD", "SESSION_COOKIE_SECURE", "ACADEMY_PAGE_SIZE",
    "ACADEMY_MAX_UPLOAD_BYTES", "ACADEMY_BASE_URL", "ACADEMY_BADGE_ISSUER_KEY",
    "ACADEMY_SESSION_IDLE_MINUTES", "ACADEMY_SESSION_LIFETIME_HOURS",
    "ACADEMY_RATELIMIT_STORAGE_URI", "ACADEMY_PROXY_HOPS",
]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    # A throwaway SQLite file per test: only the sign-in page's test builds a schema in it.
    monkeypatch.setenv("ACADEMY_DATABASE_URL", f"sqlite:///{tmp_path / 'unused.db'}")


def test_development_runs_with_the_development_secret():
    app = create_app()
    assert app.config["ACADEMY_ENV"] == "development"
    assert app.config["SECRET_KEY"] == DEVELOPMENT_SECRET
    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.config["SMTP_STARTTLS"] is False


@pytest.mark.parametrize("secret", [None, DEVELOPMENT_SECRET, "short-secret", "x" * 31, ""])
def test_production_refuses_a_missing_development_or_short_secret(monkeypatch, secret):
    monkeypatch.setenv("ACADEMY_ENV", "production")
    monkeypatch.setenv("ACADEMY_BADGE_ISSUER_KEY", issuer_key_pem())
    if secret is not None:
        monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app()


def test_production_refuses_the_development_secret_given_in_code(monkeypatch):
    monkeypatch.setenv("ACADEMY_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    with pytest.raises(ConfigurationError):
        create_app({"SECRET_KEY": DEVELOPMENT_SECRET})


def production_app(monkeypatch):
    monkeypatch.setenv("ACADEMY_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    monkeypatch.setenv("ACADEMY_BADGE_ISSUER_KEY", issuer_key_pem())
    return create_app()


@pytest.mark.parametrize("key", [None, "", "   ", "not a key", "RSA"])
def test_production_refuses_to_start_without_the_badge_issuer_key(monkeypatch, key):
    # Without it each web node would make its own key and sign badges the others cannot vouch for.
    monkeypatch.setenv("ACADEMY_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    if key == "RSA":
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
            Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode()
    if key is not None:
        monkeypatch.setenv("ACADEMY_BADGE_ISSUER_KEY", key)
    with pytest.raises(ConfigurationError, match="ACADEMY_BADGE_ISSUER_KEY"):
        create_app()


def test_development_makes_its_own_badge_key_when_none_is_given():
    assert create_app().config["BADGE_ISSUER_KEY"] == ""


def test_production_accepts_a_long_random_secret_and_secures_cookies(monkeypatch):
    app = production_app(monkeypatch)
    assert app.config["ACADEMY_ENV"] == "production"
    assert len(app.config["SECRET_KEY"]) >= 32
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["SMTP_STARTTLS"] is True


def test_production_sends_strict_transport_security(monkeypatch):
    response = production_app(monkeypatch).test_client().get("/accessibility")
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_production_session_cookie_is_secure_httponly_and_same_site(monkeypatch):
    app = production_app(monkeypatch)
    with app.app_context():
        db.create_all()  # the sign-in page lists the organisations' own sign-in
    response = app.test_client().get("/login")  # puts a CSRF token in the session
    assert response.status_code == 200
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("session=")
    assert "; Secure" in cookie and "; HttpOnly" in cookie and "; SameSite=Lax" in cookie


def test_development_sends_no_strict_transport_security():
    response = create_app().test_client().get("/accessibility")
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response.headers


def test_production_may_turn_secure_cookies_off_explicitly(monkeypatch):
    # For a production-like run behind plain HTTP on a private network, say.
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "false")
    monkeypatch.setenv("SMTP_STARTTLS", "0")
    app = production_app(monkeypatch)
    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.config["SMTP_STARTTLS"] is False


def test_numbers_and_flags_are_parsed_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ACADEMY_DATABASE_URL", "postgresql+psycopg://academy@db.internal/academy")
    monkeypatch.setenv("SMTP_HOST", "smtp.example.nhs.uk")
    monkeypatch.setenv("SMTP_PORT", "2525")
    monkeypatch.setenv("SMTP_TIMEOUT", "2.5")
    monkeypatch.setenv("SMTP_STARTTLS", "Yes")
    monkeypatch.setenv("SMTP_USERNAME", "academy")
    monkeypatch.setenv("LOGIN_MAX_FAILURES", "7")
    monkeypatch.setenv("LOGIN_LOCKOUT_MINUTES", "30")
    monkeypatch.setenv("PASSWORD_RESET_HOURS", "4")
    monkeypatch.setenv("SUPPRESSION_THRESHOLD", "9")
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "on")
    monkeypatch.setenv("ACADEMY_PAGE_SIZE", "50")
    monkeypatch.setenv("ACADEMY_MAX_UPLOAD_BYTES", "1048576")
    monkeypatch.setenv("ACADEMY_BASE_URL", "https://academy.example.nhs.uk")

    config = from_environment()
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://academy@db.internal/academy"
    assert config["SMTP_HOST"] == "smtp.example.nhs.uk"
    assert config["SMTP_PORT"] == 2525
    assert config["SMTP_TIMEOUT"] == 2.5
    assert config["SMTP_STARTTLS"] is True
    assert config["SMTP_USERNAME"] == "academy"
    assert config["LOGIN_MAX_FAILURES"] == 7
    assert config["LOGIN_LOCKOUT_MINUTES"] == 30
    assert config["PASSWORD_RESET_HOURS"] == 4
    assert config["SUPPRESSION_THRESHOLD"] == 9
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["PAGE_SIZE"] == 50
    assert config["MAX_CONTENT_LENGTH"] == 1048576
    assert config["ACADEMY_BASE_URL"] == "https://academy.example.nhs.uk"


def test_the_app_reads_its_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("ACADEMY_PAGE_SIZE", "40")
    monkeypatch.setenv("LOGIN_MAX_FAILURES", "3")
    app = create_app()
    assert app.config["PAGE_SIZE"] == 40
    assert app.config["LOGIN_MAX_FAILURES"] == 3
    # Settings given in code win over the environment (tests rely on this).
    assert create_app({"PAGE_SIZE": 10}).config["PAGE_SIZE"] == 10


@pytest.mark.parametrize("value, expected", [
    ("1", True), ("true", True), ("TRUE", True), ("yes", True), ("on", True), (" on ", True),
    ("0", False), ("false", False), ("no", False), ("off", False), ("anything", False),
])
def test_flags(monkeypatch, value, expected):
    monkeypatch.setenv("SMTP_STARTTLS", value)
    assert from_environment()["SMTP_STARTTLS"] is expected


def test_an_empty_flag_keeps_the_default(monkeypatch):
    monkeypatch.setenv("SMTP_STARTTLS", "")
    assert from_environment()["SMTP_STARTTLS"] is False
    monkeypatch.setenv("ACADEMY_ENV", "production")
    assert from_environment()["SMTP_STARTTLS"] is True


def test_a_malformed_number_is_refused(monkeypatch):
    monkeypatch.setenv("SMTP_PORT", "twenty-five")
    with pytest.raises(ValueError):
        from_environment()
