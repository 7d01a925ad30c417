"""Charts drawn on the server: one figure, as inline SVG for pages and as PNG for PDF packs.

xhtml2pdf turns an SVG image into a raster through a ReportLab back end that is not installed,
and would silently leave it out; so PDFs get a PNG drawn with Pillow from the same shapes.
No JavaScript anywhere. Pure: plain values in, text or bytes out.
"""

from __future__ import annotations

import base64
import io
import math
from dataclasses import dataclass, field
from functools import cache
from html import escape
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

TEXT = "#212b32"
SECONDARY_TEXT = "#4c6272"
BORDER = "#d8dde0"
WHITE = "#ffffff"
BLUE = "#005eb8"
HIDDEN_FILL = "#aeb7bd"
NOT_ASKED_FILL = "#ffffff"

# Mean gap (levels short of the requirement) -> colour, light to dark (ColorBrewer YlOrRd).
GAP_BINS: tuple[tuple[float, str, str], ...] = (
    (0.0, "#e8edee", "No gap"),
    (0.25, "#fff4c2", "up to 0.25"),
    (0.5, "#fed976", "0.25 to 0.5"),
    (1.0, "#fd8d3c", "0.5 to 1"),
    (1.5, "#e31a1c", "1 to 1.5"),
    (math.inf, "#800026", "over 1.5"),
)


def gap_colour(mean: float) -> str:
    if mean <= 0:
        return GAP_BINS[0][1]
    for upper, colour, _ in GAP_BINS[1:]:
        if mean <= upper:
            return colour
    return GAP_BINS[-1][1]


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    stroke: str | None = None
    hatch: bool = False


@dataclass(frozen=True)
class Circle:
    cx: float
    cy: float
    r: float
    fill: str
    stroke: str | None = None


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    size: int = 11
    anchor: str = "start"  # start, middle or end
    vertical: bool = False  # read from bottom to top
    bold: bool = False
    fill: str = TEXT


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = BORDER
    width: float = 1


@dataclass
class Figure:
    width: int
    height: int
    title: str
    description: str
    shapes: list = field(default_factory=list)


def to_svg(figure: Figure, id_prefix: str = "chart") -> str:
    """Inline SVG with a title and description for screen readers (role img)."""
    title_id, desc_id, hatch_id = f"{id_prefix}-title", f"{id_prefix}-desc", f"{id_prefix}-hatch"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="academy-chart" role="img" '
        f'focusable="false" viewBox="0 0 {figure.width} {figure.height}" '
        f'width="{figure.width}" height="{figure.height}" '
        f'aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(figure.title)}</title>',
        f'<desc id="{desc_id}">{escape(figure.description)}</desc>',
        f'<defs><pattern id="{hatch_id}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{HIDDEN_FILL}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{WHITE}" stroke-width="2"/></pattern></defs>',
    ]
    for shape in figure.shapes:
        if isinstance(shape, Rect):
            fill = f"url(#{hatch_id})" if shape.hatch else shape.fill
            stroke = f' stroke="{shape.stroke}"' if shape.stroke else ""
            out.append(f'<rect x="{shape.x:g}" y="{shape.y:g}" width="{shape.w:g}" '
                       f'height="{shape.h:g}" fill="{fill}"{stroke}/>')
        elif isinstance(shape, Circle):
            stroke = f' stroke="{shape.stroke}"' if shape.stroke else ""
            out.append(f'<circle cx="{shape.cx:g}" cy="{shape.cy:g}" r="{shape.r:.2f}" '
                       f'fill="{shape.fill}"{stroke}/>')
        elif isinstance(shape, Line):
            out.append(f'<line x1="{shape.x1:g}" y1="{shape.y1:g}" x2="{shape.x2:g}" '
                       f'y2="{shape.y2:g}" stroke="{shape.stroke}" stroke-width="{shape.width:g}"/>')
        elif isinstance(shape, Text):
            rotate = f' transform="rotate(-90 {shape.x:g} {shape.y:g})"' if shape.vertical else ""
            weight = ' font-weight="bold"' if shape.bold else ""
            out.append(f'<text x="{shape.x:g}" y="{shape.y:g}" font-size="{shape.size}" '
                       f'font-family="Arial, sans-serif" fill="{shape.fill}" '
                       f'text-anchor="{shape.anchor}"{weight}{rotate}>{escape(shape.text)}</text>')
    out.append("</svg>")
    return "".join(out)


@cache
def _font(size: int, bold: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # ReportLab (which xhtml2pdf needs) ships Bitstream Vera; otherwise Pillow's own font.
    try:
        import reportlab

        name = "VeraBd.ttf" if bold else "Vera.ttf"
        return ImageFont.truetype(str(Path(reportlab.__file__).parent / "fonts" / name), size)
    except (ImportError, OSError):
        return ImageFont.load_default(size=size)


def to_png(figure: Figure, scale: int = 2) -> bytes:
    """The figure as a PNG, drawn at `scale` pixels per unit for crisp print."""
    image = Image.new("RGB", (figure.width * scale, figure.height * scale), WHITE)
    draw = ImageDraw.Draw(image)
    s = scale
    for shape in figure.shapes:
        if isinstance(shape, Rect):
            box = [shape.x * s, shape.y * s, (shape.x + shape.w) * s - 1, (shape.y + shape.h) * s - 1]
            if shape.hatch:
                image.paste(_hatch(int(shape.w * s), int(shape.h * s), s), (int(box[0]), int(box[1])))
                if shape.stroke:
                    draw.rectangle(box, outline=shape.stroke)
            else:
                draw.rectangle(box, fill=shape.fill, outline=shape.stroke)
        elif isinstance(shape, Circle):
            r = shape.r * s
            draw.ellipse([shape.cx * s - r, shape.cy * s - r, shape.cx * s + r, shape.cy * s + r],
                         fill=shape.fill, outline=shape.stroke, width=max(1, s // 2))
        elif isinstance(shape, Line):
            draw.line([shape.x1 * s, shape.y1 * s, shape.x2 * s, shape.y2 * s], fill=shape.stroke,
                      width=max(1, int(shape.width * s)))
        elif isinstance(shape, Text):
            font = _font(shape.size * s, shape.bold)
            if shape.vertical:
                _vertical_text(image, shape, font, s)
            else:
                anchor = {"start": "ls", "middle": "ms", "end": "rs"}[shape.anchor]
                draw.text((shape.x * s, shape.y * s), shape.text, font=font, fill=shape.fill,
                          anchor=anchor)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _hatch(width: int, height: int, s: int) -> Image.Image:
    """A grey tile with white diagonal stripes, drawn on its own so stripes stay inside it."""
    tile = Image.new("RGB", (max(width, 1), max(height, 1)), HIDDEN_FILL)
    draw = ImageDraw.Draw(tile)
    step = 6 * s
    for offset in range(-height, width + height, step):
        draw.line([(offset, height), (offset + height, 0)], fill=WHITE, width=s)
    return tile


def _vertical_text(image: Image.Image, shape: Text, font, s: int) -> None:
    ascent, descent = font.getmetrics()
    width = max(1, int(math.ceil(font.getlength(shape.text))))
    label = Image.new("RGBA", (width, ascent + descent), (255, 255, 255, 0))
    ImageDraw.Draw(label).text((0, ascent), shape.text, font=font, fill=shape.fill, anchor="ls")
    turned = label.rotate(90, expand=True)
    # The start of the baseline, (0, ascent), lands at (ascent, width) once turned.
    image.paste(turned, (int(shape.x * s - ascent), int(shape.y * s - width)), turned)


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class HeatCell:
    """One cell of a gap heatmap: mean gap and share of people with a gap, or hidden."""

    mean: float | None
    share: float | None  # 0 to 1
    hidden: bool = False


def heatmap(rows: list[str], columns: list[str], cells: list[list[HeatCell | None]], *,
            title: str, description: str, cell_width: int = 22, cell_height: int = 18) -> Figure:
    """Rows (competencies) by columns (groups): colour is the mean gap, the dot's area the share
    of people with a gap; hidden cells are hatched, cells nobody was asked about are blank."""
    label_width = 250
    header = 12 + min(190, 6 * max((len(_shorten(c, 30)) for c in columns), default=4))
    legend_height = 110
    width = max(label_width + cell_width * len(columns) + 20, 700)
    height = header + cell_height * len(rows) + legend_height
    figure = Figure(width, height, title, description)
    add = figure.shapes.append
    for j, name in enumerate(columns):
        add(Text(label_width + j * cell_width + cell_width / 2 + 4, header - 6,
                 _shorten(name, 30), size=10, vertical=True))
    for i, name in enumerate(rows):
        y = header + i * cell_height
        add(Text(label_width - 6, y + cell_height - 5, _shorten(name, 40), size=10, anchor="end"))
        for j in range(len(columns)):
            x = label_width + j * cell_width
            cell = cells[i][j]
            if cell is None:
                add(Rect(x, y, cell_width, cell_height, NOT_ASKED_FILL, stroke=BORDER))
            elif cell.hidden:
                add(Rect(x, y, cell_width, cell_height, HIDDEN_FILL, stroke=WHITE, hatch=True))
            else:
                add(Rect(x, y, cell_width, cell_height, gap_colour(cell.mean or 0), stroke=WHITE))
                if cell.share:
                    radius = math.sqrt(min(cell.share, 1)) * (min(cell_width, cell_height) / 2 - 2)
                    add(Circle(x + cell_width / 2, y + cell_height / 2, max(radius, 1.2), TEXT,
                               stroke=WHITE))
    _heatmap_legend(figure, header + cell_height * len(rows) + 22)
    return figure


def _heatmap_legend(figure: Figure, top: float) -> None:
    add = figure.shapes.append
    add(Text(10, top, "Mean gap (levels below the requirement):", size=10, bold=True))
    x = 10
    for _, colour, label in GAP_BINS:
        add(Rect(x, top + 8, 16, 12, colour, stroke=BORDER))
        add(Text(x + 20, top + 18, label, size=10))
        x += 26 + 6 * len(label)
    second = top + 42
    add(Text(10, second, "Dot: share of people with a gap", size=10, bold=True))
    x = 200
    for share in (0.25, 0.5, 1.0):
        add(Rect(x, second - 12, 18, 16, GAP_BINS[0][1], stroke=BORDER))
        add(Circle(x + 9, second - 4, math.sqrt(share) * 7, TEXT, stroke=WHITE))
        add(Text(x + 22, second, f"{share:.0%}", size=10))
        x += 62
    third = second + 26
    add(Rect(10, third - 12, 18, 16, HIDDEN_FILL, stroke=WHITE, hatch=True))
    add(Text(32, third, "hidden to protect small numbers", size=10))
    add(Rect(250, third - 12, 18, 16, NOT_ASKED_FILL, stroke=BORDER))
    add(Text(272, third, "nobody asked", size=10))


def bar_chart(labels: list[str], values: list[float | None], *, title: str, description: str,
              maximum: float | None = None, unit: str = "%", value_texts: list[str] | None = None) -> Figure:
    """Horizontal bars, one a row; a None value is drawn as hidden."""
    label_width, bar_space, row = 230, 300, 22
    width = label_width + bar_space + 90
    height = row * len(labels) + 30
    top = max((v for v in values if v is not None), default=0)
    scale_max = maximum or (top if top > 0 else 1)
    figure = Figure(width, height, title, description)
    add = figure.shapes.append
    add(Line(label_width, 4, label_width, height - 22, stroke=SECONDARY_TEXT))
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 6 + i * row
        add(Text(label_width - 6, y + 14, _shorten(label, 38), size=10, anchor="end"))
        if value is None:
            add(Rect(label_width + 1, y + 3, 40, row - 8, HIDDEN_FILL, hatch=True))
            add(Text(label_width + 46, y + 14, "hidden", size=10, fill=SECONDARY_TEXT))
            continue
        length = bar_space * max(0.0, min(value / scale_max, 1.0))
        add(Rect(label_width + 1, y + 3, max(length, 1), row - 8, BLUE))
        text = value_texts[i] if value_texts else f"{value:.0f}{unit}"
        add(Text(label_width + length + 6, y + 14, text, size=10))
    add(Text(label_width, height - 6, "0", size=9, fill=SECONDARY_TEXT, anchor="middle"))
    add(Text(label_width + bar_space, height - 6,
             f"{scale_max:.0f}{unit}" if unit else f"{scale_max:g}", size=9,
             fill=SECONDARY_TEXT, anchor="middle"))
    return figure
