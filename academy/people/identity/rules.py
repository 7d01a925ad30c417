"""The sign-in decision on an identity provider's claims, and what each refusal tells the person.

Pure: plain values in, plain values out.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from academy.enums import LabelledEnum

ENVIRONMENT_NAME = re.compile(r"[A-Z_][A-Z0-9_]{0,99}")
CLAIM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.:/-]{0,59}")


class Refusal(LabelledEnum):
    """Why a sign-in through an identity provider did not let the person in."""

    NO_EMAIL = "no_email", "Your organisation's account did not tell us your e-mail address"
    UNVERIFIED_EMAIL = "unverified_email", "Your organisation has not confirmed your e-mail address"
    NOT_PROVISIONED = "not_provisioned", "There is no Academy account for you in this organisation"
    OTHER_ORGANISATION = "other_organisation", "Your Academy account belongs to another organisation"
    CLOSED = "closed", "Your Academy account is closed"
    WRONG_ISSUER = "wrong_issuer", "The sign-in came from an identity provider we were not expecting"
    EXPIRED = "expired", "This sign-in has expired or was already used"
    CODE_REJECTED = "code_rejected", "Your organisation's sign-in did not accept this sign-in"
    TOKEN_INVALID = "token_invalid", "The answer from your organisation's sign-in could not be trusted"
    CANCELLED = "cancelled", "The sign-in was cancelled or refused by your organisation's sign-in"
    UNAVAILABLE = "unavailable", "Your organisation's sign-in cannot be reached or is not set up"

    @property
    def advice(self) -> str:
        """What happened, in a sentence or two, and what the person can do about it."""
        return ADVICE[self]

    @property
    def is_about_the_person(self) -> bool:
        """The account (not the exchange with the provider) is why: answered 403, not 400."""
        return self in {Refusal.NOT_PROVISIONED, Refusal.OTHER_ORGANISATION, Refusal.CLOSED,
                        Refusal.NO_EMAIL, Refusal.UNVERIFIED_EMAIL}


ADVICE = {
    Refusal.NO_EMAIL: "Your organisation's sign-in did not send your work e-mail address, so we "
                      "cannot tell which Academy account is yours.",
    Refusal.UNVERIFIED_EMAIL: "Your organisation's sign-in sent an e-mail address it has not "
                              "confirmed belongs to you, so we cannot use it to sign you in.",
    Refusal.NOT_PROVISIONED: "Your organisation has not given you an Academy account with this "
                             "e-mail address yet. Accounts come from your employer's staff "
                             "records.",
    Refusal.OTHER_ORGANISATION: "Your Academy account is held by another organisation in the "
                                "partnership. Sign in the way that organisation's staff do, or "
                                "ask for your account to be moved.",
    Refusal.CLOSED: "Your Academy account has been closed, for example because you left. Your "
                    "records are kept.",
    Refusal.WRONG_ISSUER: "The answer came from a different sign-in service than the one set up "
                          "for your organisation, so we did not trust it.",
    Refusal.EXPIRED: "This sign-in took too long, was already used, or was started in another "
                     "browser. Start again from the sign-in page.",
    Refusal.CODE_REJECTED: "Your organisation's sign-in refused the code it gave us: it had "
                           "expired or was already used. Start again from the sign-in page.",
    Refusal.TOKEN_INVALID: "The answer from your organisation's sign-in was not signed, not for "
                           "us, expired, or did not match this sign-in. Start again from the "
                           "sign-in page.",
    Refusal.CANCELLED: "You cancelled, or your organisation's sign-in did not let you continue.",
    Refusal.UNAVAILABLE: "We could not reach your organisation's sign-in service, or it is not "
                         "fully set up here. Try again later.",
}


def same_issuer(configured: str, claimed: str | None) -> bool:
    """An issuer is compared as a URL string, ignoring only a trailing slash."""
    return bool(claimed) and configured.rstrip("/") == str(claimed).rstrip("/")


def claims_refusal(claims: dict, *, issuer: str, email_claim: str) -> Refusal | None:
    """Why these ID-token claims cannot sign anyone in, or None when they name a verified e-mail
    from the expected issuer."""
    if not same_issuer(issuer, claims.get("iss")):
        return Refusal.WRONG_ISSUER
    if not verified_email(claims, email_claim):
        return Refusal.NO_EMAIL if not claims.get(email_claim) else Refusal.UNVERIFIED_EMAIL
    return None


def verified_email(claims: dict, email_claim: str) -> str | None:
    """The e-mail address the claims carry, lower-cased, when `email_verified` is true."""
    email = claims.get(email_claim)
    if not isinstance(email, str) or "@" not in email:
        return None
    if claims.get("email_verified") is not True:
        return None
    return email.strip().lower()


def issuer_problem(url: str) -> str | None:
    """Why an issuer URL cannot be used: it must be https (http only on this machine's loopback,
    for a provider run beside the platform), with a host and no query or fragment."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return "Enter the issuer as a full web address, like https://login.example.nhs.uk"
    if parts.scheme == "http" and parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        return "Enter an issuer address that starts with https://"
    if parts.query or parts.fragment:
        return "Enter the issuer without a query (?) or fragment (#)"
    return None
