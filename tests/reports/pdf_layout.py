"""What makes a printed document readable, measured on its PDF: the size of every piece of text
as drawn on the page, and whether a page carries more than a stray line or two."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader

SMALLEST_TEXT_PT = 9.0
# A page with no picture and fewer lines than this (besides the footer) is near-empty.
FEWEST_LINES = 3
FOOTER_PT = 2.1 * 72 / 2.54  # the bottom margin holding the footer frame


@dataclass
class Page:
    number: int
    width: float
    sizes: dict[float, int]  # text size in points -> characters drawn at it
    lines: int               # distinct lines of text above the footer
    pictures: int

    @property
    def smallest(self) -> float | None:
        return min(self.sizes) if self.sizes else None


def pages(pdf: bytes) -> list[Page]:
    return [_measure(number, page)
            for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1)]


def _measure(number: int, page) -> Page:
    sizes: dict[float, int] = {}
    lines: set[int] = set()

    def visit(text, cm, tm, font, size):
        text = text.strip()
        if not text:
            return
        # The size as drawn: the font size scaled by the text matrix and the page's matrix.
        drawn = round(abs(size * (tm[3] * cm[3] + tm[1] * cm[2])), 1)
        sizes[drawn] = sizes.get(drawn, 0) + len(text)
        y = tm[5] * cm[3] + tm[4] * cm[1] + cm[5]
        if y > FOOTER_PT:
            lines.add(round(y))

    page.extract_text(visitor_text=visit)
    return Page(number, float(page.mediabox.width), sizes, len(lines), len(page.images))


def problems(pdf: bytes) -> list[str]:
    """Every way the document falls short: text under 9 pt, a near-empty page."""
    found = []
    for page in pages(pdf):
        if page.smallest is not None and page.smallest < SMALLEST_TEXT_PT:
            small = {size: n for size, n in page.sizes.items() if size < SMALLEST_TEXT_PT}
            found.append(f"page {page.number}: text at {small} pt")
        if not page.pictures and page.lines < FEWEST_LINES:
            found.append(f"page {page.number}: near-empty ({page.lines} lines)")
    return found
