"""Evidence files: the name and content checks, and storage outside the web root.

The checks are pure: a file is accepted only when its name is a plain file name, its extension
is on the allow-list and its first bytes are what that extension promises. Files are kept under
the upload folder with a generated name; the person's own name for the file is only ever shown.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from academy.errors import DomainError

MAX_NAME_LENGTH = 150
ALLOWED_LABEL = "a PDF, a Word document (.docx), a JPEG or a PNG"
# Punctuation a file name may hold; everything else that is not a letter, digit or space is refused.
NAME_PUNCTUATION = set("-_.,()[]'&+")
STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(pdf|png|jpg|docx)$")


@dataclass(frozen=True)
class FileType:
    extension: str  # the extension files of this type are stored under
    content_type: str
    label: str


PDF = FileType("pdf", "application/pdf", "PDF")
PNG = FileType("png", "image/png", "PNG image")
JPEG = FileType("jpg", "image/jpeg", "JPEG image")
DOCX = FileType(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word document",
)
BY_EXTENSION = {"pdf": PDF, "png": PNG, "jpg": JPEG, "jpeg": JPEG, "docx": DOCX}


def _refuse(message: str):
    raise DomainError(message, field="file")


def clean_filename(name: str | None) -> str:
    """The name to show for an uploaded file. Raises DomainError for a name that is not a plain
    file name: folders or paths (../, /etc, C:\\), NUL or control bytes, text-direction marks and
    other unusual characters, a leading full stop, or an extension not on the allow-list."""
    if not name or not name.strip():
        _refuse("Select a file to upload")
    if "\x00" in name:
        _refuse("The file name contains a hidden NUL character. Rename the file and try again")
    # Compatibility forms (full-width ．．／ and the like) become the characters they imitate.
    name = unicodedata.normalize("NFKC", name)
    if "/" in name or "\\" in name or ":" in name or ".." in name:
        _refuse("The file name must not include folders or a path, like ../ or C:\\. "
                "Upload the file itself with a plain name")
    for char in name:
        category = unicodedata.category(char)
        if category[0] in "LN" or category[0] == "M" or char in NAME_PUNCTUATION:
            continue
        if category in ("Zs", "Pd"):  # spaces and dashes (an en dash is common in titles)
            continue
        _refuse("The file name contains hidden or unusual characters, such as text-direction "
                "marks. Rename it using letters, numbers, spaces, hyphens and full stops")
    name = " ".join(name.split())
    if name.startswith("."):
        _refuse("The file name must not start with a full stop")
    if len(name) > MAX_NAME_LENGTH:
        _refuse(f"The file name must be {MAX_NAME_LENGTH} characters or fewer")
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or extension.lower() not in BY_EXTENSION:
        _refuse(f"The selected file must be {ALLOWED_LABEL}")
    return name


def sniff(content: bytes) -> FileType | None:
    """The allowed type the content really is, from its first bytes, or None."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError):
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
    return None


def check_upload(filename: str | None, content: bytes, max_bytes: int) -> tuple[str, FileType]:
    """The clean name and the checked type of an upload. Raises DomainError (field "file") for a
    bad name, an empty or oversize file, or content that is not what its extension says."""
    name = clean_filename(filename)
    if not content:
        _refuse("The selected file is empty")
    if len(content) > max_bytes:
        _refuse(f"The selected file must be smaller than {max_bytes / (1024 * 1024):g} MB")
    claimed = BY_EXTENSION[name.rpartition(".")[2].lower()]
    actual = sniff(content)
    if actual is None:
        _refuse(f"The selected file is not {ALLOWED_LABEL}, whatever its name says")
    if actual != claimed:
        _refuse(f"The file is named as a {claimed.label} but its contents are a {actual.label}. "
                "Rename it or upload the right file")
    return name, actual


def store(root: str | os.PathLike, content: bytes, file_type: FileType) -> str:
    """Write the content under a generated name below root; returns the stored name."""
    stored_name = f"{uuid.uuid4().hex}.{file_type.extension}"
    path = path_for(root, stored_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)
    return stored_name


def path_for(root: str | os.PathLike, stored_name: str) -> Path:
    """Where a stored file lives; refuses any name the platform did not generate."""
    if not STORED_NAME.match(stored_name):
        raise ValueError("not a stored evidence file name")
    return Path(root) / "induction" / stored_name[:2] / stored_name


def remove(root: str | os.PathLike, stored_name: str) -> None:
    path_for(root, stored_name).unlink(missing_ok=True)
