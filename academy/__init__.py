"""The Wakefield Health and Social Care Academy platform."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask, g, make_response, render_template, request, send_from_directory
from flask_wtf.csrf import CSRFError
from jinja2 import ChainableUndefined, ChoiceLoader, FileSystemLoader, PackageLoader

from academy import config as settings
from academy import models  # noqa: F401  (every package's models, so metadata is complete)
from academy.blueprints import BLUEPRINTS
from academy.cli import academy_cli
from academy.extensions import csrf, db, login_manager, migrate
from academy.limits import configure_limits
from academy.templating import Academy, csp_nonce, register_template_helpers

PROJECT_ROOT = Path(__file__).resolve().parent.parent
NHS_FONTS = "https://assets.nhs.uk"
CACHEABLE_ENDPOINTS = {"static", "nhsuk_assets"}


def create_app(config: dict | None = None) -> Flask:
    """Build the application; no side effects beyond the app object (no migrations, no jobs)."""
    app = Academy(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder="static",
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    app.config.update(settings.from_environment())
    if config:
        app.config.update(config)
    settings.check(app.config)

    configure_extensions(app)
    configure_templates(app)
    configure_blueprints(app)
    configure_security(app)
    configure_errors(app)
    configure_cli(app)
    return app


def configure_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "people.login"
    login_manager.login_message = "Sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    configure_limits(app)


def configure_templates(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(PROJECT_ROOT / "templates")),
            PackageLoader("nhsuk_frontend_jinja", "templates"),
        ]
    )
    app.jinja_env.add_extension("jinja2.ext.do")
    # The NHS.UK macros read optional parameters through chains such as params.search.action.
    app.jinja_env.undefined = ChainableUndefined
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    register_template_helpers(app)


def configure_blueprints(app: Flask) -> None:
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)

    # The NHS.UK stylesheet refers to its icons under /assets.
    assets = Path(app.static_folder) / "vendor" / "nhsuk" / "assets"
    app.add_url_rule(
        "/assets/<path:filename>", endpoint="nhsuk_assets",
        view_func=lambda filename: send_from_directory(assets, filename),
    )


def configure_security(app: Flask) -> None:
    @app.before_request
    def make_nonce() -> None:
        g.csp_nonce = secrets.token_urlsafe(16)

    @app.after_request
    def security_headers(response):
        nonce = csp_nonce()
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; "
            f"script-src 'self' 'nonce-{nonce}'; "
            # The NHS.UK stylesheet loads the Frutiger font from the NHS's own asset server.
            f"style-src 'self'; img-src 'self' data:; font-src 'self' {NHS_FONTS}; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if app.config["SESSION_COOKIE_SECURE"]:
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        # No page is kept by the browser or a proxy: signed-in pages, certificate checks, shared
        # passports and reset links may be shown on a shared computer. Only files may be.
        if request.endpoint not in CACHEABLE_ENDPOINTS:
            response.headers["Cache-Control"] = "no-store"
        return response


def configure_errors(app: Flask) -> None:
    def page(template: str, status: int, **context):
        return render_template(template, **context), status

    app.register_error_handler(403, lambda e: page("errors/403.html", 403))
    app.register_error_handler(404, lambda e: page("errors/404.html", 404))
    app.register_error_handler(405, lambda e: page("errors/405.html", 405))
    app.register_error_handler(413, lambda e: page("errors/413.html", 413))
    app.register_error_handler(
        CSRFError, lambda e: page("errors/400.html", 400, reason=e.description)
    )

    def too_many_requests(error):
        db.session.rollback()
        response = make_response(page("errors/429.html", 429))
        retry_after = getattr(error, "retry_after", None)
        if retry_after:
            response.headers["Retry-After"] = str(retry_after)
        return response

    app.register_error_handler(429, too_many_requests)

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return page("errors/500.html", 500)

    @app.teardown_request
    def discard_uncommitted(exc) -> None:
        # A request that failed never leaves half-written state behind.
        if exc is not None:
            db.session.rollback()


def configure_cli(app: Flask) -> None:
    app.cli.add_command(academy_cli)
