"""The forecast chart: an SVG drawn on the server, with no script and no inline styles (the
Content-Security-Policy allows neither), described for screen readers; the table beside it
holds the same figures."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from markupsafe import Markup

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 78, 12, 28, 44
BALANCE = "#005eb8"
EXPIRING = "#d5281b"
AXIS = "#4c6272"


def _nice_step(value: Decimal) -> Decimal:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten at least the value."""
    if value <= 0:
        return Decimal(250)
    magnitude = Decimal(10) ** (len(str(int(value))) - 1) if value >= 1 else Decimal(1)
    for step in ("1", "2", "2.5", "5", "10"):
        if magnitude * Decimal(step) >= value:
            return magnitude * Decimal(step)
    return magnitude * 10


def _money(value: Decimal) -> str:
    if value >= 1_000_000:
        return f"£{value / 1_000_000:.{0 if value % 1_000_000 == 0 else 2}f}m"
    if value >= 1_000:
        return f"£{value / 1_000:.0f}k"
    return f"£{value:.0f}"


def forecast_chart(rows, *, chart_id: str = "forecast-chart") -> Markup:
    """Bars of the closing balance month by month, with what expires each month beside them."""
    if not rows:
        return Markup("")
    step = _nice_step(max(max(r.closing for r in rows), max(r.expiring for r in rows)) / 4)
    top = step * 4
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(rows)
    bar = max(2.0, slot * 0.38)

    def y(value: Decimal) -> float:
        return TOP + plot_h - float(value / top) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'class="academy-chart" focusable="false">',
        f'<title id="{chart_id}-title">Levy balance and funds expiring, month by month</title>',
        f'<desc id="{chart_id}-desc">{escape(describe(rows))}</desc>',
    ]
    for step in range(5):
        value = top * step / 4
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" '
                     f'y2="{y(value):.1f}" stroke="#d8dde0" stroke-width="1"/>')
        parts.append(f'<text x="{LEFT - 8}" y="{y(value) + 4:.1f}" text-anchor="end" '
                     f'font-size="12" fill="{AXIS}">{_money(value)}</text>')
    for index, row in enumerate(rows):
        x = LEFT + index * slot + slot * 0.1
        parts.append(f'<rect x="{x:.1f}" y="{y(row.closing):.1f}" width="{bar:.1f}" '
                     f'height="{y(Decimal(0)) - y(row.closing):.1f}" fill="{BALANCE}"/>')
        if row.expiring > 0:
            parts.append(f'<rect x="{x + bar:.1f}" y="{y(row.expiring):.1f}" width="{bar:.1f}" '
                         f'height="{y(Decimal(0)) - y(row.expiring):.1f}" fill="{EXPIRING}"/>')
        if index % 3 == 0:
            parts.append(f'<text x="{x + bar:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
                         f'font-size="12" fill="{AXIS}">{row.month:%b %y}</text>')
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(Decimal(0)):.1f}" '
                 f'y2="{y(Decimal(0)):.1f}" stroke="{AXIS}" stroke-width="1"/>')
    legend_y = HEIGHT - 12
    parts.append(f'<rect x="{LEFT}" y="{legend_y - 10}" width="12" height="12" fill="{BALANCE}"/>')
    parts.append(f'<text x="{LEFT + 18}" y="{legend_y}" font-size="12" fill="#212b32">'
                 f'Balance at the end of the month</text>')
    parts.append(f'<rect x="{LEFT + 240}" y="{legend_y - 10}" width="12" height="12" '
                 f'fill="{EXPIRING}"/>')
    parts.append(f'<text x="{LEFT + 258}" y="{legend_y}" font-size="12" fill="#212b32">'
                 f'Funds expiring in the month</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def describe(rows) -> str:
    """The chart in words, for people who cannot see it."""
    expiring = sum((r.expiring for r in rows), Decimal(0))
    text = (f"From {rows[0].month:%B %Y} to {rows[-1].month:%B %Y} the balance goes from "
            f"£{rows[0].opening:,.0f} to £{rows[-1].closing:,.0f}. ")
    at_risk = [r for r in rows if r.expiring > 0]
    if at_risk:
        worst = max(at_risk, key=lambda r: r.expiring)
        text += (f"£{expiring:,.0f} expires in {len(at_risk)} of the {len(rows)} months, first in "
                 f"{at_risk[0].month:%B %Y}; the most, £{worst.expiring:,.0f}, in "
                 f"{worst.month:%B %Y}.")
    else:
        text += "No funds expire in this period."
    return text
