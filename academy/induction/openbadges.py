"""Open Badges 3.0: the issuer's key, signed credentials (JWT-VC) and the revocation status list.

The issuer's Ed25519 private key never enters the repository: in production it comes from the
ACADEMY_BADGE_ISSUER_KEY environment variable; otherwise it is generated on first use into the
instance folder (readable by its owner only). Only the public half is ever published.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_pem_private_key,
)
from openbadgeslib.keys import KeyEd25519, public_jwk_from_pem
from openbadgeslib.ob3 import (
    Achievement,
    Evidence,
    IdentityObject,
    Issuer,
    OB3Signer,
    OB3Verifier,
    OpenBadgeCredential,
    build_status_list_credential,
    sign_status_list_credential,
    status_entry,
)
from openbadgeslib.ob3.status_list import DEFAULT_SIZE_BITS

ALGORITHM = "EdDSA"
STATUS_PURPOSE = "revocation"
STATUS_LIST_SIZE = DEFAULT_SIZE_BITS
# A served status list is valid for a day, so an old copy cannot be replayed to undo a revocation.
STATUS_LIST_VALIDITY = timedelta(days=1)
ISSUER_NAME = "Wakefield Health and Social Care Academy"


@dataclass(frozen=True)
class Addresses:
    """The public addresses an outside verifier follows, all under the platform's base URL."""

    base_url: str

    @property
    def issuer(self) -> str:
        return f"{self.base_url.rstrip('/')}/badges/issuer"

    @property
    def jwks(self) -> str:
        return f"{self.issuer}/jwks.json"

    def status_list(self, number: int) -> str:
        return f"{self.base_url.rstrip('/')}/badges/status/{number}"

    def achievement(self, key: str) -> str:
        return f"{self.issuer}#achievement-{key}"


@dataclass(frozen=True)
class BadgeContent:
    """What the badge says: the achievement, whose it is, and the evidence behind it."""

    achievement_key: str
    name: str
    description: str
    criteria: str
    achievement_type: str  # an OB 3.0 AchievementType, e.g. "Certificate" or "Course"
    recipient_email: str
    issued_at: datetime
    evidence_url: str | None = None
    evidence_narrative: str | None = None


def private_key_pem(config: dict) -> bytes:
    """The issuer's private key: from the setting, else from the key file, made on first use."""
    configured = config.get("BADGE_ISSUER_KEY") or ""
    if configured.strip():
        return configured.encode()
    path = Path(config["BADGE_ISSUER_KEY_FILE"])
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    private_pem, _ = KeyEd25519().generate_keypair()
    try:
        # O_EXCL: when two processes race to make the key, one writes and both use its key.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes()
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(private_pem)
    return private_pem


def public_key_pem(private_pem: bytes) -> bytes:
    public_key = load_pem_private_key(private_pem, password=None).public_key()
    return public_key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)


def thumbprint(jwk: dict) -> str:
    """The RFC 7638 thumbprint of an OKP key, used as its key id."""
    canonical = json.dumps({k: jwk[k] for k in ("crv", "kty", "x")}, separators=(",", ":"),
                           sort_keys=True)
    digest = hashlib.sha256(canonical.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def public_jwks(private_pem: bytes) -> dict:
    jwk = public_jwk_from_pem(public_key_pem(private_pem))
    jwk.update({"kid": thumbprint(jwk), "alg": ALGORITHM, "use": "sig"})
    return {"keys": [jwk]}


def issuer(addresses: Addresses) -> Issuer:
    return Issuer(id=addresses.issuer, name=ISSUER_NAME, url=addresses.base_url)


def issuer_profile(addresses: Addresses) -> dict:
    """The issuer's public profile, naming where its verification keys are published."""
    profile = issuer(addresses).to_dict()
    profile["@context"] = ["https://www.w3.org/ns/credentials/v2",
                           "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
    profile["description"] = ("The learning platform of the Wakefield District Health and Care "
                              "Partnership. Its credentials are signed JWT-VCs (EdDSA); check "
                              "them with the keys at jwks_uri.")
    profile["jwks_uri"] = addresses.jwks
    return profile


def sign_credential(
    private_pem: bytes, addresses: Addresses, content: BadgeContent, *, credential_id: str,
    status_list: int, status_index: int, salt: str,
) -> str:
    """A signed OpenBadgeCredential, revocable through its bit in the status list."""
    credential = OpenBadgeCredential(
        id=credential_id,
        issuer=issuer(addresses),
        recipient_id=None,
        # The recipient is named by a salted hash of their e-mail address, not the address itself.
        identifiers=[IdentityObject.create(content.recipient_email, salt)],
        achievement=Achievement(
            id=addresses.achievement(content.achievement_key), name=content.name,
            description=content.description, criteria_narrative=content.criteria,
            achievement_type=content.achievement_type,
        ),
        issuance_date=content.issued_at.replace(tzinfo=UTC),
        evidence=[Evidence(id=content.evidence_url, narrative=content.evidence_narrative)]
        if content.evidence_url else [],
        credential_status=[status_entry(addresses.status_list(status_list), STATUS_PURPOSE,
                                        status_index)],
    )
    return OB3Signer(private_pem, algorithm=ALGORITHM).sign(credential)


def status_list_token(
    private_pem: bytes, addresses: Addresses, number: int, revoked_indices: Iterable[int], now: datetime,
) -> str:
    """The signed revocation list: one bit per issued badge, set when it is revoked."""
    issued = now.replace(tzinfo=UTC)
    document = build_status_list_credential(
        addresses.issuer, addresses.status_list(number), STATUS_PURPOSE, revoked_indices,
        size_bits=STATUS_LIST_SIZE, issued=issued, valid_until=issued + STATUS_LIST_VALIDITY,
    )
    return sign_status_list_credential(document, private_pem, ALGORITHM)


def verify(token: str, public_pem: bytes, download) -> OpenBadgeCredential:
    """Verify the signature, the structure and the revocation bit, as any verifier would.

    Raises openbadgeslib's OB3VerificationError when any of them fails.
    """
    verifier = OB3Verifier(public_pem)
    return verifier.verify(token, check_status=True, verify_status_list=True, download=download)
