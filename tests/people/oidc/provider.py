"""Start and stop the real OpenID Connect provider of provider.mjs (oidc-provider, run by Node)."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests

SCRIPT = Path(__file__).with_name("provider.mjs")
PROJECT_ROOT = Path(__file__).resolve().parents[3]
CLIENT_ID = "academy-tests"
CLIENT_SECRET = "a-client-secret-known-only-to-the-tests"
SECRET_ENV = "ACADEMY_TEST_OIDC_CLIENT_SECRET"

# The test provider's people: (account id) -> claims.
ACCOUNTS = {
    "alice": {"email": "alice.starter@trust.nhs.uk", "email_verified": True, "name": "Alice"},
    "bob": {"email": "bob.unverified@trust.nhs.uk", "email_verified": False, "name": "Bob"},
    "nadia": {"email": "nadia.nobody@trust.nhs.uk", "email_verified": True, "name": "Nadia"},
    "colin": {"email": "colin.council@council.gov.uk", "email_verified": True, "name": "Colin"},
    "lena": {"email": "lena.leaver@trust.nhs.uk", "email_verified": True, "name": "Lena"},
}


@dataclass
class RunningProvider:
    url: str
    issuer: str
    process: subprocess.Popen

    def choose_account(self, browser_session: requests.Session, authorize_url: str,
                       account: str) -> str:
        """Go through the provider's sign-in as `account`; the address it sends the person back to."""
        response = self._follow(browser_session, browser_session.get(authorize_url, allow_redirects=False))
        action = re.search(r'action="([^"]+)"', response.text)
        assert action, response.text[:500]
        response = browser_session.post(urljoin(response.url, action.group(1)),
                                        data={"account": account}, allow_redirects=False)
        response = self._follow(browser_session, response)
        assert response.status_code in (302, 303), response.text[:500]
        return response.headers["location"]

    def _follow(self, browser_session: requests.Session, response: requests.Response):
        """Follow the provider's redirects within itself (by whatever host name it was reached)."""
        while response.status_code in (302, 303):
            target = urljoin(response.url, response.headers["location"])
            if urlsplit(target).port != urlsplit(self.url).port:
                break
            response = browser_session.get(target, allow_redirects=False)
        return response


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_provider(redirect_uris: list[str], accounts: dict | None = None, *,
                     code_seconds: int = 60) -> Iterator[RunningProvider]:
    """The provider on a free loopback port, once its discovery document answers."""
    node = shutil.which("node")
    if node is None or not (PROJECT_ROOT / "node_modules" / "oidc-provider").exists():
        pytest.fail("The OpenID Connect tests need Node and oidc-provider: run `make install` "
                    "(npm ci installs it).", pytrace=False)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "OIDC_PORT": str(port), "OIDC_CLIENT_ID": CLIENT_ID,
           "OIDC_CLIENT_SECRET": CLIENT_SECRET, "OIDC_REDIRECT_URIS": " ".join(redirect_uris),
           "OIDC_ACCOUNTS": json.dumps(accounts or ACCOUNTS), "OIDC_CODE_TTL": str(code_seconds)}
    # Its warnings go to a file, not a pipe nobody reads, which would fill and stop it.
    log = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen([node, str(SCRIPT)], env=env, cwd=PROJECT_ROOT,
                               stdout=subprocess.DEVNULL, stderr=log, text=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                log.seek(0)
                pytest.fail(f"the test identity provider stopped: {log.read()}")
            try:
                metadata = requests.get(f"{url}/.well-known/openid-configuration", timeout=1)
                if metadata.ok:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("the test identity provider did not start within 20 s")
            time.sleep(0.1)
        yield RunningProvider(url=url, issuer=metadata.json()["issuer"], process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
