"""The site's own Content-Security-Policy blocks nothing the pages use (the NHS.UK font among
them): Chromium, with the policy enforced, reports no violation on a public or signed-in page."""

from __future__ import annotations

from playwright.sync_api import expect

from academy.people.demo import DEMO_PASSWORD
from tests.browser.conftest import TIMEOUT_MS

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_no_policy_violation_on_the_pages(browser, live_server):
    # Unlike the other journeys, the policy is enforced here (no bypass), so axe is not injected.
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(WATCH)
    page = context.new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    try:
        for path in ["/login", "/accessibility"]:
            page.goto(path)
            page.wait_for_load_state("load")
            page.evaluate("() => document.fonts.ready")
            assert page.evaluate("() => window.__violations") == [], path
        page.goto("/login")
        page.get_by_label("E-mail address").fill("staff@demo.academy")
        page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
        page.wait_for_load_state("load")
        page.evaluate("() => document.fonts.ready")
        assert page.evaluate("() => window.__violations") == []
    finally:
        context.close()
    assert refused == []
