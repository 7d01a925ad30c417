"""Evidence uploads: the allow-list checked by content as well as extension, the size limit, file
names with path tricks or odd characters refused with a clear message, storage outside the web
root under a generated name, and files served only to the learner, their assessor and manager."""

import io
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from academy.errors import DomainError
from academy.induction import uploads
from academy.induction.models import Evidence
from academy.people.roles import Role
from tests.conftest import sign_in
from tests.factories import OrganisationFactory, TeamFactory, UserFactory
from tests.induction import helpers

PDF = helpers.PDF_BYTES
PNG = helpers.PNG_BYTES
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.mark.parametrize("name", [
    "answers.pdf", "Standard 3 – duty of care.docx", "photo (1).JPG", "Zoë's answers.png",
    "Свидетельство.pdf", "報告.pdf",
])
def test_plain_names_in_any_script_are_kept(name):
    assert uploads.clean_filename(name) == name


@pytest.mark.parametrize(("name", "message"), [
    ("../../etc/passwd.pdf", "must not include folders or a path"),
    ("/etc/passwd.pdf", "must not include folders or a path"),
    ("..\\..\\windows\\win.ini.pdf", "must not include folders or a path"),
    ("C:\\Users\\me\\answers.pdf", "must not include folders or a path"),
    ("C:answers.pdf", "must not include folders or a path"),
    ("．．／．．／secret.pdf", "must not include folders or a path"),  # full-width ../
    ("answers.pdf\x00.exe", "NUL"),
    ("invoice\u202efdp.exe", "hidden or unusual characters"),  # right-to-left override
    ("answers\u200b.pdf", "hidden or unusual characters"),  # zero-width space
    ("answers\u2215secret.pdf", "hidden or unusual characters"),  # division slash
    ("answers\n.pdf", "hidden or unusual characters"),
    (".htaccess.pdf", "must not start with a full stop"),
    ("answers.exe", "must be a PDF, a Word document (.docx), a JPEG or a PNG"),
    ("answers.pdf.html", "must be a PDF"),
    ("answers", "must be a PDF"),
    ("", "Select a file to upload"),
    ("a" * 200 + ".pdf", "150 characters or fewer"),
])
def test_names_with_paths_or_odd_characters_are_refused_clearly(name, message):
    with pytest.raises(DomainError) as refused:
        uploads.clean_filename(name)
    assert message in refused.value.message
    assert refused.value.field == "file"


@pytest.mark.parametrize(("content", "expected"), [
    (PDF, uploads.PDF), (PNG, uploads.PNG), (JPEG, uploads.JPEG), (docx_bytes(), uploads.DOCX),
    (b"MZ\x90\x00 this is a program", None), (b"<html><script>", None),
    (b"PK\x03\x04 not really a zip", None),
])
def test_content_is_sniffed_from_its_first_bytes(content, expected):
    assert uploads.sniff(content) == expected


def test_content_must_match_its_extension_and_the_size_limit():
    assert uploads.check_upload("scan.jpeg", JPEG, 1000) == ("scan.jpeg", uploads.JPEG)
    with pytest.raises(DomainError, match="contents are a PNG image"):
        uploads.check_upload("answers.pdf", PNG, 1000)
    with pytest.raises(DomainError, match="is not a PDF, a Word document"):
        uploads.check_upload("answers.pdf", b"MZ\x90\x00 program", 1000)
    with pytest.raises(DomainError, match="smaller than"):
        uploads.check_upload("answers.pdf", PDF + b"x" * 1000, 1000)
    with pytest.raises(DomainError, match="empty"):
        uploads.check_upload("answers.pdf", b"", 1000)


def test_stored_names_are_generated_and_nothing_else_resolves(tmp_path):
    stored = uploads.store(tmp_path, PDF, uploads.PDF)
    path = uploads.path_for(tmp_path, stored)
    assert path.read_bytes() == PDF
    assert path.is_relative_to(tmp_path)
    for forged in ("../../etc/passwd", "x.pdf", stored.replace(".pdf", ".exe"), "/" + stored):
        with pytest.raises(ValueError):
            uploads.path_for(tmp_path, forged)


@pytest.fixture
def world(app):
    org = OrganisationFactory()
    manager = UserFactory(employer=org, roles=[Role.MANAGER])
    team = TeamFactory(organisation=org, manager=manager)
    learner = UserFactory(employer=org, team=team)
    assessor = UserFactory(employer=org, roles=[Role.ASSESSOR])
    other_assessor = UserFactory(employer=org, roles=[Role.ASSESSOR])
    admin = UserFactory(employer=org, roles=[Role.ADMIN])
    helpers.programme(org)
    induction = helpers.start(learner, manager, [assessor])
    return dict(learner=learner, manager=manager, assessor=assessor, other_assessor=other_assessor,
                admin=admin, item=induction.items[1])


def post_file(client, item, name, content):
    return client.post(f"/induction/items/{item.id}/evidence",
                       data={"file": (io.BytesIO(content), name)}, content_type="multipart/form-data")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("virus.exe", b"MZ\x90\x00", "The selected file must be a PDF, a Word document (.docx), a JPEG or a PNG"),
    ("answers.pdf", b"MZ\x90\x00 a program renamed", "is not a PDF, a Word document"),
    ("answers.pdf", PNG, "named as a PDF but its contents are a PNG image"),
    ("../../../etc/cron.d/evil.pdf", PDF, "must not include folders or a path"),
    ("/var/www/static/evil.pdf", PDF, "must not include folders or a path"),
    ("answers\u202efdp.exe", PDF, "hidden or unusual characters"),
])
def test_refused_uploads_say_why_beside_the_field(client, world, name, content, message):
    sign_in(client, world["learner"])
    response = post_file(client, world["item"], name, content)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert message.replace("'", "&#39;") in page
    assert 'href="#file"' in page
    assert world["item"].evidence_files == []


def test_oversize_files_are_refused_with_the_limit(client, app, world):
    app.config["EVIDENCE_MAX_BYTES"] = 2048
    sign_in(client, world["learner"])
    response = post_file(client, world["item"], "answers.pdf", PDF + b"0" * 4096)
    assert response.status_code == 400
    assert "The selected file must be smaller than 0.00195312 MB" in response.get_data(as_text=True)
    app.config["MAX_CONTENT_LENGTH"] = 1024  # past the request limit the whole request is refused
    response = post_file(client, world["item"], "answers.pdf", PDF + b"0" * 4096)
    assert response.status_code == 413
    assert "The file is too large" in response.get_data(as_text=True)


def test_an_accepted_file_is_stored_outside_the_web_root_under_a_generated_name(client, app, world):
    sign_in(client, world["learner"])
    response = post_file(client, world["item"], "My answers.pdf", PDF)
    assert response.status_code == 302
    evidence = world["item"].evidence_files[0]
    assert evidence.original_name == "My answers.pdf"
    assert evidence.stored_name != "My answers.pdf" and evidence.stored_name.endswith(".pdf")
    path = uploads.path_for(app.config["UPLOAD_FOLDER"], evidence.stored_name)
    assert path.read_bytes() == PDF
    static = Path(app.static_folder).resolve()
    assert not path.resolve().is_relative_to(static)
    assert client.get(f"/static/{evidence.stored_name}").status_code == 404


def test_files_are_served_only_to_the_learner_their_assessor_and_manager(client, world):
    evidence = helpers.upload(world["item"], world["learner"], name="answers.pdf")
    assert client.get(f"/induction/evidence/{evidence.id}").status_code == 302
    for person, status in [("learner", 200), ("assessor", 200), ("manager", 200),
                           ("other_assessor", 403), ("admin", 403)]:
        sign_in(client, world[person])
        response = client.get(f"/induction/evidence/{evidence.id}")
        assert response.status_code == status, person
        if status == 200:
            assert response.data == PDF
            assert response.headers["Content-Disposition"].startswith("attachment")
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert response.mimetype == "application/pdf"
        response.close()
        client.post("/logout")


def test_the_learner_removes_a_file_they_uploaded(client, app, world):
    evidence = helpers.upload(world["item"], world["learner"])
    path = uploads.path_for(app.config["UPLOAD_FOLDER"], evidence.stored_name)
    sign_in(client, world["learner"])
    assert client.post(f"/induction/evidence/{evidence.id}/remove").status_code == 302
    assert not path.exists()
    assert app.extensions["sqlalchemy"].session.scalars(select(Evidence)).all() == []
