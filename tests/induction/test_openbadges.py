"""Open Badges 3.0: a completed induction issued as a signed W3C Verifiable Credential, checked as
an outside verifier would, from the credential and the platform's published key alone; a tampered
or revoked credential fails. The issuer's private key is never in the repository."""

import base64
import json
import os
import stat
from datetime import timedelta
from urllib.parse import urlsplit

import jwt
import pytest
from openbadgeslib.keys import KeyEd25519
from openbadgeslib.ob3 import OB3VerificationError, OB3Verifier

from academy.config import PROJECT_ROOT, from_environment
from academy.courses import services as course_services
from academy.extensions import db
from academy.induction import openbadges
from academy.induction.models import OpenBadge
from academy.notifications.email import external_url
from academy.people.roles import Role
from tests.conftest import sign_in
from tests.courses.factories import CourseFactory, SessionFactory, in_days
from tests.factories import OrganisationFactory, TeamFactory, UserFactory
from tests.induction import helpers


@pytest.fixture
def completed(app):
    org = OrganisationFactory(name="Ridings Home Care")
    manager = UserFactory(employer=org, roles=[Role.MANAGER])
    learner = UserFactory(employer=org, team=TeamFactory(organisation=org, manager=manager))
    assessor = UserFactory(employer=org, roles=[Role.ASSESSOR])
    helpers.programme(org)
    induction = helpers.complete(helpers.start(learner, manager, [assessor]), assessor)
    db.session.commit()
    return induction


def issue(client, induction) -> OpenBadge:
    sign_in(client, induction.user)
    response = client.post(f"/induction/certificates/{induction.certificate_code}/badge")
    assert response.status_code == 302
    badge = db.session.get(OpenBadge, int(response.location.rsplit("/", 1)[1]))
    assert client.get(f"/badges/{badge.id}/credential.jwt").data.decode() == badge.token
    return badge


def outside_verifier(client, token: str, *, check_status=True):
    """Verify a credential knowing only the credential: follow its issuer to the published keys,
    and fetch its status list, through the platform's public routes (signed out)."""
    client.post("/logout")

    def download(url: str) -> bytes:
        response = client.get(urlsplit(url).path)
        assert response.status_code == 200, url
        return response.data

    unverified = jwt.decode(token, options={"verify_signature": False})
    profile = json.loads(download(unverified["iss"]))
    keys = json.loads(download(profile["jwks_uri"]))["keys"]
    public_key = jwt.algorithms.OKPAlgorithm.from_jwk(keys[0])
    return OB3Verifier(public_key).verify(token, check_status=check_status, verify_status_list=True,
                                          download=download)


def test_an_issued_badge_verifies_from_the_credential_and_the_published_key(client, completed):
    badge = issue(client, completed)
    credential = outside_verifier(client, badge.token)
    assert credential.issuer.id == "http://academy.test/badges/issuer"
    assert credential.achievement.name == "Induction with Ridings Home Care"
    assert credential.achievement.achievement_type == "Certificate"
    assert credential.identifiers[0].identity_hash.startswith("sha256$")
    assert completed.user.email not in badge.token  # only a salted hash names the recipient
    assert credential.credential_status[0]["statusListCredential"] == "http://academy.test/badges/status/1"
    assert [e.id for e in credential.evidence] == [
        f"http://academy.test/induction/verify/{completed.certificate_code}"]
    header = jwt.get_unverified_header(badge.token)
    assert header["alg"] == "EdDSA" and "d" not in header["jwk"]


def test_a_tampered_credential_fails(client, completed):
    badge = issue(client, completed)
    head, payload, signature = badge.token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["credentialSubject"]["achievement"]["name"] = "Registered nurse"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    with pytest.raises(OB3VerificationError, match="Invalid signature"):
        outside_verifier(client, f"{head}.{forged}.{signature}")


def test_a_credential_signed_with_another_key_fails(client, completed):
    badge = issue(client, completed)
    other_key, _ = KeyEd25519().generate_keypair()
    claims = jwt.decode(badge.token, options={"verify_signature": False})
    impostor = jwt.encode(claims, other_key, algorithm="EdDSA")
    with pytest.raises(OB3VerificationError):
        outside_verifier(client, impostor)


def test_a_revoked_credential_fails_and_others_in_the_list_still_pass(client, app, completed):
    badge = issue(client, completed)
    admin = UserFactory(employer=completed.organisation, roles=[Role.ADMIN])
    db.session.commit()
    client.post("/logout")
    sign_in(client, admin)
    assert client.post(f"/badges/{badge.id}/revoke", data={"reason": ""}).status_code == 400
    assert client.post(f"/badges/{badge.id}/revoke", data={"reason": "Issued in error"}).status_code == 302
    with pytest.raises(OB3VerificationError, match="Credential status 'revocation' is set"):
        outside_verifier(client, badge.token)
    # The signature alone still checks out: it is the status list that says no.
    outside_verifier(client, badge.token, check_status=False)


def test_issuing_twice_keeps_one_live_badge_and_only_the_learner_may(client, completed):
    first = issue(client, completed)
    second = issue(client, completed)
    assert first.id == second.id
    client.post("/logout")
    sign_in(client, completed.assessors[0])
    assert client.post(f"/induction/certificates/{completed.certificate_code}/badge").status_code == 403


def test_the_issuer_key_is_generated_on_first_use_into_the_instance_folder(app, tmp_path):
    path = tmp_path / "keys" / "issuer.pem"
    config = {"BADGE_ISSUER_KEY": "", "BADGE_ISSUER_KEY_FILE": str(path)}
    first = openbadges.private_key_pem(config)
    assert path.read_bytes() == first
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert openbadges.private_key_pem(config) == first  # kept, not made again
    published = json.dumps(openbadges.public_jwks(first))
    assert '"d"' not in published and "PRIVATE" not in published


def test_in_production_the_key_comes_from_the_environment(tmp_path):
    private, _ = KeyEd25519().generate_keypair()
    config = {"BADGE_ISSUER_KEY": private.decode(), "BADGE_ISSUER_KEY_FILE": str(tmp_path / "unused.pem")}
    assert openbadges.private_key_pem(config) == private
    assert not (tmp_path / "unused.pem").exists()
    jwks = openbadges.public_jwks(private)["keys"][0]
    assert jwks["kty"] == "OKP" and jwks["crv"] == "Ed25519" and jwks["kid"]


def test_the_default_key_file_lies_in_the_ignored_instance_folder():
    default = from_environment({})["BADGE_ISSUER_KEY_FILE"]
    assert os.path.dirname(default) == str(PROJECT_ROOT / "instance")
    assert "instance/" in (PROJECT_ROOT / ".gitignore").read_text().split()


def test_an_unknown_status_list_is_not_found(client):
    assert client.get("/badges/status/7").status_code == 404


def test_the_addresses_in_a_credential_are_the_platforms_own_public_routes(app):
    addresses = openbadges.Addresses(app.config["ACADEMY_BASE_URL"])
    assert addresses.issuer == external_url("badges.issuer")
    assert addresses.jwks == external_url("badges.jwks")
    assert addresses.status_list(3) == external_url("badges.status_list", status_list_number=3)


def test_a_course_badge_points_at_the_course_certificates_public_check(client, app):
    org = OrganisationFactory()
    learner, trainer = UserFactory(employer=org), UserFactory(employer=org, roles=[Role.TRAINER])
    past = SessionFactory(course=CourseFactory(provider=org), capacity=5, starts_at=in_days(-3),
                          booking_closes_at=in_days(-4))
    past.ends_at = past.starts_at + timedelta(hours=3)
    enrolment = course_services.enrol(past, learner, actor=learner, now=in_days(-5))
    course_services.mark_register(past, {enrolment.id: "completed"}, trainer)
    db.session.commit()
    sign_in(client, learner)
    response = client.post(f"/badges/courses/{enrolment.id}")
    badge = db.session.get(OpenBadge, int(response.location.rsplit("/", 1)[1]))
    claims = jwt.decode(badge.token, options={"verify_signature": False})
    evidence = claims.get("evidence") or claims["vc"]["evidence"]
    assert [e["id"] for e in evidence] == [
        f"http://academy.test/verify/{enrolment.certificate_code}"]
