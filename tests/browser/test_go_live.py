"""Going live from nothing: on an empty database (built by the migrations), the first
administrator is made with `flask academy create-admin`, then in the browser adds a partner
organisation, a team and a job role, sets up the partner's own sign-in, imports its staff file
(whose bad row is reported, then corrected), and a starter from that file signs in through the
partner's OpenID Connect provider (a real one, oidc-provider run by Node)."""

from __future__ import annotations

import threading

import flask_migrate
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select
from werkzeug.serving import make_server

from academy import create_app
from academy.extensions import db
from academy.people.models import User
from tests.browser.conftest import LiveServer
from tests.conftest import ON_SQLITE_MEMORY, make_config
from tests.people.oidc.provider import (
    ACCOUNTS,
    CLIENT_ID,
    CLIENT_SECRET,
    SECRET_ENV,
    running_provider,
)
from tests.people.staff_files.files import person, staff_csv
from tests.test_migrations import empty_database, preserved_logging

ADMIN = "jo.bloggs@wakefield.nhs.uk"
PASSWORD = "a long first password for the partnership"
TRUST = "Mid Yorkshire Teaching NHS Trust"
STARTER = ACCOUNTS["alice"]["email"]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """The app on a new, empty database that only the migrations have built, with its first
    administrator made on the command line as the README's production steps say."""
    tmp_path = tmp_path_factory.mktemp("go-live")
    dialect = "sqlite" if ON_SQLITE_MEMORY else "postgresql"
    with empty_database(dialect, tmp_path) as url, preserved_logging():
        app = create_app(make_config(tmp_path, SQLALCHEMY_DATABASE_URI=url,
                                     SQLALCHEMY_ENGINE_OPTIONS={}, WTF_CSRF_ENABLED=True))
        with app.app_context():
            flask_migrate.upgrade()
            assert db.session.scalar(select(func.count()).select_from(User)) == 0
            db.session.remove()
        made = app.test_cli_runner().invoke(
            args=["academy", "create-admin", "--email", ADMIN, "--given-name", "Jo",
                  "--family-name", "Bloggs"],
            input=f"\n\n\n\n{PASSWORD}\n{PASSWORD}\n")
        assert made.exit_code == 0, made.output
        server = make_server("127.0.0.1", 0, app, threaded=True)
        app.config["ACADEMY_BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
        thread = threading.Thread(target=server.serve_forever, name="go-live", daemon=True)
        thread.start()
        try:
            yield LiveServer(app=app, url=app.config["ACADEMY_BASE_URL"])
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


@pytest.fixture(scope="module")
def oidc(live_server):
    with running_provider([f"{live_server.url}/login/organisation/1/callback"]) as provider:
        yield provider


def test_a_partnership_goes_live_from_an_empty_database(page: Page, axe, live_server, oidc,
                                                         monkeypatch):
    monkeypatch.setenv(SECRET_ENV, CLIENT_SECRET)  # as on every web server

    # The first administrator signs in with the password given on the command line.
    page.goto("/login")
    axe(page)
    page.get_by_label("E-mail address").fill(ADMIN)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello, Jo")
    axe(page)

    # A partner organisation, with its ODS code.
    page.goto("/organisations")
    axe(page)
    page.get_by_role("link", name="Add an organisation").click()
    axe(page)
    page.get_by_label("Name", exact=True).fill(TRUST)
    page.get_by_label("Short name").fill("MYTT")
    page.get_by_label("Type").select_option(label="NHS trust")
    page.get_by_label("ODS code or CQC location ID").fill("rxf")
    page.get_by_role("button", name="Add organisation").click()
    expect(page.get_by_role("status")).to_contain_text(f"{TRUST} has been added.")
    expect(page.get_by_text("RXF")).to_be_visible()
    axe(page)

    # A team.
    page.get_by_role("link", name="Add a team").click()
    axe(page)
    page.get_by_label("Team name").fill("Medicine")
    page.get_by_role("button", name="Add team").click()
    expect(page.get_by_role("status")).to_contain_text("Medicine has been added.")
    axe(page)

    # A job role, shared by every partner.
    page.goto("/organisations")
    axe(page)
    page.get_by_role("link", name="Job roles").click()
    axe(page)
    page.get_by_role("link", name="Add a job role").click()
    axe(page)
    page.get_by_label("Job title").fill("Healthcare Assistant")
    page.get_by_label("Sector").select_option(label="NHS")
    page.get_by_label("Staff group").fill("Additional Clinical Services")
    page.get_by_label("Agenda for Change band").select_option(label="Band 3")
    page.get_by_role("button", name="Add job role").click()
    expect(page.get_by_role("status")).to_contain_text("Healthcare Assistant")
    axe(page)

    # The trust's own sign-in.
    page.goto("/organisations")
    axe(page)
    page.get_by_role("link", name=TRUST).click()
    axe(page)
    page.get_by_role("link", name=f"Sign-in settings for {TRUST}").click()
    axe(page)
    page.get_by_label("Name people know it by").fill("Trust account")
    page.get_by_label("Issuer").fill(oidc.issuer)
    page.get_by_label("Client ID").fill(CLIENT_ID)
    page.get_by_label("Environment variable holding the client secret").fill(SECRET_ENV)
    page.get_by_role("button", name="Save sign-in settings").click()
    expect(page.get_by_role("status")).to_contain_text(f"Sign-in for {TRUST} has been saved.")
    axe(page)

    # The trust's staff file: one bad row is reported by line, and nothing is imported.
    starter = person("MY1001", given_name="Alice", family_name="Starter", email=STARTER,
                     job_title="healthcare assistant", staff_group="Additional Clinical Services",
                     band="3", team="Medicine", site="Pinderfields")
    colleague = person("MY1002", email="not-an-address", team="Medicine/Ward 12")
    page.goto("/manage/staff-files")
    axe(page)
    page.get_by_label("Whose staff list is this?").select_option(label=TRUST)
    page.get_by_label("Staff file (CSV or XLSX)").set_input_files(
        files=[{"name": "staff.csv", "mimeType": "text/csv", "buffer": staff_csv(starter, colleague)}])
    page.get_by_role("button", name="Check the file").click()
    problems = page.locator("#staff-file-problems")
    bad_row = problems.locator("tr", has_text="not-an-address")
    expect(bad_row).to_contain_text("3")  # its line in the file, the heading row being line 1
    expect(bad_row).to_contain_text("malformed e-mail address 'not-an-address'")
    expect(page.get_by_role("button", name="Import the file")).to_have_count(0)
    axe(page)

    # Corrected, it imports: the starter's job role is the one added above, matched by title.
    page.get_by_role("link", name="Upload a staff file").click()
    axe(page)
    colleague["email"] = "my1002@trust.nhs.uk"
    page.get_by_label("Whose staff list is this?").select_option(label=TRUST)
    page.get_by_label("Staff file (CSV or XLSX)").set_input_files(
        files=[{"name": "staff.csv", "mimeType": "text/csv", "buffer": staff_csv(starter, colleague)}])
    page.get_by_role("button", name="Check the file").click()
    axe(page)
    page.get_by_role("button", name="Import the file").click()
    expect(page.get_by_role("status")).to_contain_text("The staff file has been imported: 2 new")
    axe(page)
    with live_server.app.app_context():
        alice = db.session.scalar(select(User).where(User.email == STARTER))
        assert (alice.employer.name, alice.team.name, alice.job_role.name) == (
            TRUST, "Medicine", "Healthcare Assistant")
        db.session.remove()
    page.get_by_role("button", name="Sign out").click()
    axe(page)

    # The starter signs in with the trust's own account.
    page.get_by_role("button", name=f"{TRUST}: sign in with Trust account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Test identity provider")
    axe(page)
    page.get_by_role("button", name=f"Sign in as {STARTER}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello, Alice")
    axe(page)
