"""Browser fixtures: the app served with demo data, Debian's Chromium driven by Playwright, and axe.

Each test module gets one live server (a real HTTP server in a thread, on a file database or the
PostgreSQL test database) and the whole session shares one headless Chromium; every test has a
fresh browser context, so no cookies leak from one test to the next. Every page a test visits
must be checked with `axe(page)`: the `page` fixture fails the test otherwise.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

import academy.demo
from academy import create_app, timekeeping
from academy.extensions import db
from tests.conftest import ON_SQLITE_MEMORY, empty_tables, make_config

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
AXE_SCRIPT = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 level A and AA, as the public sector accessibility regulations require.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TIMEOUT_MS = 10_000

# The pages each test has opened, and each phase's report of a test.
VISITS: weakref.WeakKeyDictionary[Page, VisitLog] = weakref.WeakKeyDictionary()
REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


@dataclass
class LiveServer:
    app: Flask
    url: str


@pytest.fixture(scope="module")
def live_server(server_database, tmp_path_factory) -> LiveServer:
    """The app with the demo data, served over HTTP on 127.0.0.1 for the tests of one module."""
    tmp_path = tmp_path_factory.mktemp("live")
    overrides = {"WTF_CSRF_ENABLED": True}  # a real browser sends the token
    if ON_SQLITE_MEMORY:
        # The server answers from its own thread, so it needs a database it can open itself.
        overrides["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'academy.db'}"
        overrides["SQLALCHEMY_ENGINE_OPTIONS"] = {}
    app = create_app(make_config(tmp_path, **overrides))
    server = None
    try:
        with app.app_context():
            if ON_SQLITE_MEMORY:
                db.create_all()
            academy.demo.build(staff=60, seed=1, today=timekeeping.today())
            db.session.commit()
            db.session.remove()
        # Port 0: the system picks a free port.
        server = make_server("127.0.0.1", 0, app, threaded=True)
        url = f"http://127.0.0.1:{server.server_port}"
        app.config["ACADEMY_BASE_URL"] = url
        thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
        thread.start()
        yield LiveServer(app=app, url=url)
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)
        with app.app_context():
            db.session.remove()
            if not ON_SQLITE_MEMORY:
                empty_tables()
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Browser:
    """One headless Chromium for the whole session (Debian's package, not a downloaded build)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. "
            "Install it with `bash scripts/install-system-packages.sh`.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class VisitLog:
    """Which pages the test opened, and whether axe checked each before the next was opened."""

    current: str | None = None
    checked: bool = True
    unchecked: list[str] = field(default_factory=list)

    def opened(self, url: str) -> None:
        if not self.checked and self.current is not None:
            self.unchecked.append(self.current)
        self.current, self.checked = url, False


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so a fixture can tell whether the test failed."""
    report = yield
    item.stash[REPORTS] = {**item.stash.get(REPORTS, {}), report.when: report}
    return report


@pytest.fixture
def page(request, browser: Browser, live_server: LiveServer) -> Page:
    """A page in a fresh browser context, pointed at the live server."""
    # bypass_csp lets axe be injected despite the app's Content-Security-Policy.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    visits = VisitLog()
    # A new document, not a jump within the page (a skip link, an error summary link).
    page.on("domcontentloaded", lambda loaded: visits.opened(loaded.url))
    VISITS[page] = visits
    try:
        yield page
    finally:
        context.close()
    if not visits.checked and visits.current is not None:
        visits.unchecked.append(visits.current)
    call = request.node.stash.get(REPORTS, {}).get("call")
    if visits.unchecked and call is not None and call.passed:
        pytest.fail("pages visited but never checked with axe: " + ", ".join(visits.unchecked),
                    pytrace=False)


def _axe_source() -> str:
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `make install` (npm ci installs axe-core).",
                    pytrace=False)
    return AXE_SCRIPT.read_text(encoding="utf-8")


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [", ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
        more = len(violation["nodes"]) - len(targets)
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"    on {'; '.join(targets)}{f' and {more} more' if more > 0 else ''}\n"
            f"    {violation['helpUrl']}"
        )
    return "\n".join(lines)


def check_accessibility(page: Page) -> None:
    """Run axe on the page as it stands and fail with each WCAG 2.2 A/AA violation found."""
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=_axe_source())
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = page.evaluate(
        "async (options) => await window.axe.run(document, options)", options,
    )
    violations = results["violations"]
    visits = VISITS.get(page)
    if visits is not None:
        visits.checked = True
    if violations:
        pytest.fail(
            f"axe found {len(violations)} accessibility violation(s) on {page.url}:\n"
            + describe_violations(violations)
        )


@pytest.fixture
def axe():
    """`axe(page)` checks the page against WCAG 2.2 A and AA."""
    return check_accessibility

