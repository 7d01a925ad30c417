"""PDF documents rendered from templates with xhtml2pdf (certificates, report packs)."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app, render_template
from xhtml2pdf import pisa

# What a refused link resolves to: a transparent one-pixel GIF, so nothing else is fetched.
BLANK = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="
# Raster images inline in the document (charts drawn on the server), passed through as they are.
INLINE_IMAGES = ("data:image/png;base64,", "data:image/jpeg;base64,")


class PdfError(RuntimeError):
    """xhtml2pdf could not render the document."""


def static_only_link_callback(static_folder: str | Path, static_url_path: str = "/static"):
    """A link callback that resolves the app's own static files and refuses everything else.

    No network address, no file outside the static folder: a document rendered from data that a
    person typed can fetch nothing the application did not ship.
    """
    root = Path(static_folder).resolve()
    prefix = static_url_path.rstrip("/") + "/"

    def callback(uri: str, rel: str | None = None) -> str:
        if str(uri).startswith(INLINE_IMAGES):
            return str(uri)  # an image drawn by the app itself, carried in the page: fetches nothing
        parts = urlsplit(str(uri))
        if parts.scheme or parts.netloc or not parts.path.startswith(prefix):
            return BLANK
        candidate = (root / unquote(parts.path[len(prefix):])).resolve()
        if not candidate.is_relative_to(root) or not candidate.is_file():
            return BLANK
        return str(candidate)

    return callback


def render_pdf(template: str, **context) -> bytes:
    """Render a Jinja template to PDF bytes; raises PdfError when xhtml2pdf reports errors."""
    html = render_template(template, **context)
    output = io.BytesIO()
    status = pisa.CreatePDF(
        html,
        dest=output,
        encoding="utf-8",
        # Keep the source in memory: past 100 KB (a report with charts) xhtml2pdf spools it to
        # a temporary file that it never closes.
        capacity=-1,
        link_callback=static_only_link_callback(
            current_app.static_folder, current_app.static_url_path or "/static"
        ),
    )
    if status.err:
        raise PdfError(f"the PDF could not be rendered ({status.err} errors)")
    return output.getvalue()
