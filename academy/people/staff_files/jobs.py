"""The nightly staff feed: files dropped in ACADEMY_FEED_FOLDER/<organisation code>/ are imported
once, and the organisation's administrators are told the result and every bad row."""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from academy.extensions import db
from academy.jobs import Job
from academy.notifications.email import external_url, notify_by_email
from academy.people.models import Organisation, RoleAssignment, User
from academy.people.roles import Role
from academy.people.staff_files import services

log = logging.getLogger(__name__)
SUFFIXES = (".csv", ".xlsx")


def feed_folder() -> Path:
    """ACADEMY_FEED_FOLDER, by default `feeds` in the instance folder."""
    return Path(current_app.config.get("ACADEMY_FEED_FOLDER")
                or os.path.join(current_app.instance_path, "feeds"))


def administrators(organisation: Organisation) -> list[User]:
    """The organisation's own administrators; the partnership's when it has none."""
    def holders(scope):
        return list(db.session.scalars(
            select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
            .where(RoleAssignment.role == Role.ADMIN, scope, User.is_active_account.is_(True))
            .order_by(User.id).distinct()))
    return (holders(RoleAssignment.organisation_id == organisation.id)
            or holders(RoleAssignment.organisation_id.is_(None)))


def import_feeds(now: datetime) -> dict:
    """Import every file waiting in the feed folder, oldest name first, and move each to done/.

    A file with bad rows changes nothing and is reported; the next night's file is tried afresh.
    Files are moved once the imports are written: importing a file twice changes nothing, so a
    night whose commit fails and leaves a file undone does no harm."""
    root = feed_folder()
    results: dict[str, list] = {}
    moves: list[tuple[Path, Path]] = []
    if not root.is_dir():
        return {"files": 0}
    organisations = {o.code: o for o in db.session.scalars(
        select(Organisation).where(Organisation.code.is_not(None)))}
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        organisation = organisations.get(folder.name)
        if organisation is None:
            log.warning("staff feed folder %s names no organisation", folder)
            continue
        for path in sorted(p for p in folder.iterdir()
                           if p.is_file() and p.suffix.lower() in SUFFIXES):
            preview = services.preview(organisation, path.read_bytes(), path.name, None,
                                       source="feed")
            if not preview.problems:
                services.apply(preview.staff_import, None)
            _tell_administrators(organisation, preview)
            results.setdefault(organisation.code, []).append(
                {"file": path.name, "status": preview.staff_import.status.value,
                 "bad": len(preview.problems)})
            moves.append((path, folder / "done" / f"{now:%Y%m%dT%H%M%S}-{path.name}"))
    db.session.flush()
    for source, target in moves:
        target.parent.mkdir(exist_ok=True)
        source.rename(target)
    return {"files": len(moves), "organisations": results}


def _tell_administrators(organisation: Organisation, preview: services.Preview) -> None:
    staff_import = preview.staff_import
    link = external_url("people.staff_import", import_id=staff_import.id)
    text = (f"The staff file {staff_import.filename} was not imported: "
            f"{len(preview.problems)} bad row{'' if len(preview.problems) == 1 else 's'}" if preview.problems
            else f"The staff file {staff_import.filename} was imported")
    for admin in administrators(organisation):
        notify_by_email(admin, text, "people/staff_file_result", link=link,
                        organisation=organisation, staff_import=staff_import,
                        problems=preview.problems, summary=staff_import.summary)


JOBS = [
    Job(
        name="import_staff_feeds",
        func=import_feeds,
        trigger={"trigger": "cron", "hour": 2, "minute": 30},
        description="Import the staff files the partners' HR systems dropped in the feed folder",
    ),
]
