"""Who gets what on the privacy routes (your data, downloads on request, erasure requests);
registered in tests/test_access.py."""

from __future__ import annotations

from academy.privacy import services

SIGNED_IN = "signed_in"
ADMIN = frozenset({"admin"})

ACCESS: dict[tuple[str, str], object] = {
    ("privacy.your_data", "GET"): SIGNED_IN,
    ("privacy.download_own", "GET"): SIGNED_IN,
    ("privacy.request_erasure", "GET"): SIGNED_IN,
    ("privacy.request_erasure", "POST"): SIGNED_IN,
    # The subject works in org A; the admin is a partnership administrator.
    ("privacy.download_for_person", "GET"): ADMIN,
    ("privacy.download_for_person", "POST"): ADMIN,
    ("privacy.erasure_requests", "GET"): ADMIN,
    # The subject's request, waiting for a decision.
    ("privacy.erasure_request", "GET"): ADMIN,
    ("privacy.erasure_request", "POST"): ADMIN,
}


def world(users, subject, organisation) -> dict:
    request = services.request_erasure(subject, "I have left the partnership", actor=subject)
    return {"privacy": {"request_id": request.id, "file_format": "json"}}
