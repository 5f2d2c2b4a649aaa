"""Server-rendered SVG charts: a pure function from a report table to SVG markup.

No script and no style: colours are SVG presentation attributes (fill=, stroke=), which
the Content Security Policy does not govern, plus classes from kundcenter.css. The
viewBox makes the chart scale to its container, down to a 390 px phone.
"""

import math
import re
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kundcenter.reports.framework import SHARE, Chart, Table

WIDTH, HEIGHT = 440, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 10, 40, 44
FONT = 14
MAX_LABELS = 5
CHAR_WIDTH = 0.6 * FONT  # rough, for keeping labels inside the picture
LABEL_CHARS = 14
MIN_LABEL_CHARS = 4
PALETTE = ("#0b5cad", "#e07b00", "#1f7a3d", "#8a3ab9")


def _attr(value) -> str:
    return escape(str(value), {'"': "&quot;"})


def nice_step(maximum: int, ticks: int = 4) -> int:
    """A round step (1, 2, 5 × 10^k) so that `ticks` steps reach `maximum`."""
    if maximum <= ticks:
        return 1
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return int(factor * magnitude)
    return int(10 * magnitude)


DAY_OR_WEEK = re.compile(r"^(\d{4})-(\d{2}-\d{2}|W\d{2})$")


def axis_labels(labels: list[str], limit: int = LABEL_CHARS) -> list[str]:
    """Shorter labels for the axis: days and weeks of one year without the year (the
    table beneath keeps the full label); long names cut to `limit` characters."""
    found = [DAY_OR_WEEK.match(label) for label in labels]
    if found and all(found) and len({m.group(1) for m in found}) == 1:
        return [m.group(2) for m in found]
    return [_short(label, limit) for label in labels]


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _drawn(table: Table, column: int) -> list:
    """A column's values for drawing: none as 0, shares as percent (the axis reads 0–100)."""
    scale = 100 if table.columns[column].kind == SHARE else 1
    return [round((row[column] or 0) * scale, 1) for row in table.rows]


def render_chart(chart: Chart, table: Table) -> SafeString:
    """The chart of `table`'s rows as an <svg> element (well-formed XML)."""
    index = {c.key: i for i, c in enumerate(table.columns)}
    labels = [str(row[index[chart.label_column]]) for row in table.rows]
    series = [
        (table.columns[index[key]].label, _drawn(table, index[key])) for key in chart.value_columns
    ]
    maximum = max((v for _name, values in series for v in values), default=0)
    step = nice_step(maximum)
    top = max(step * math.ceil(maximum / step), step)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    base_y = TOP + plot_h

    def y(value) -> float:
        return round(base_y - plot_h * value / top, 1)

    names = ", ".join(str(name) for name, _values in series)
    axis = table.columns[index[chart.label_column]].label
    kind = _("Bar chart") if chart.kind == "bar" else _("Line chart")
    desc = _(
        "%(kind)s of %(series)s per %(axis)s, %(count)d points; the table below holds the numbers."
    ) % {"kind": kind, "series": names, "axis": str(axis).lower(), "count": len(labels)}
    key = table.key
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{chart.kind}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="chart-{key}-title chart-{key}-desc" font-size="{FONT}" '
        f'font-family="system-ui, sans-serif">',
        f'<title id="chart-{key}-title">{escape(str(table.title))}</title>',
        f'<desc id="chart-{key}-desc">{escape(desc)}</desc>',
    ]
    # Legend along the top.
    x = LEFT
    for number, (name, _values) in enumerate(series):
        colour = PALETTE[number % len(PALETTE)]
        out.append(
            f'<rect class="legend-swatch" x="{x}" y="12" width="12" height="12" fill="{colour}"/>'
        )
        out.append(f'<text class="legend" x="{x + 16}" y="23">{escape(str(name))}</text>')
        x += 16 + CHAR_WIDTH * len(str(name)) + 20
    # Value axis with grid lines.
    for tick in range(0, top + 1, step):
        ty = y(tick)
        out.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty}" y2="{ty}" '
            f'stroke="#d9dee5" stroke-width="1"/>'
        )
        out.append(
            f'<text class="axis-label" x="{LEFT - 6}" y="{ty + 4}" text-anchor="end" '
            f'fill="#5b6676">{tick}</text>'
        )
    out.append(
        f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base_y}" y2="{base_y}" '
        f'stroke="#5b6676" stroke-width="1"/>'
    )
    count = len(labels)
    band = plot_w / count if count else plot_w
    every = max(1, math.ceil(count / MAX_LABELS))
    # Cut names to the room between two shown labels, so neighbours never overlap.
    fits = max(MIN_LABEL_CHARS, min(LABEL_CHARS, int(band * every / CHAR_WIDTH) - 1))
    for position, label in enumerate(axis_labels(labels, fits)):
        if position % every:
            continue
        half = len(label) * CHAR_WIDTH / 2
        cx = min(max(LEFT + band * (position + 0.5), half), WIDTH - half)
        out.append(
            f'<text class="axis-label" x="{round(cx, 1)}" y="{base_y + 20}" '
            f'text-anchor="middle" fill="#5b6676">{escape(label)}</text>'
        )
    if chart.kind == "bar":
        bar_w = band * 0.8 / max(len(series), 1)
        for number, (name, values) in enumerate(series):
            colour = PALETTE[number % len(PALETTE)]
            for position, value in enumerate(values):
                bx = round(LEFT + band * position + band * 0.1 + bar_w * number, 1)
                by = y(value)
                out.append(
                    f'<rect class="bar series-{number}" x="{bx}" y="{by}" '
                    f'width="{round(bar_w, 1)}" height="{round(base_y - by, 1)}" fill="{colour}">'
                    f"<title>{escape(labels[position])}: {escape(str(name))} {value}</title></rect>"
                )
    else:
        for number, (name, values) in enumerate(series):
            colour = PALETTE[number % len(PALETTE)]
            points = [
                (round(LEFT + band * (position + 0.5), 1), y(value))
                for position, value in enumerate(values)
            ]
            if len(points) > 1:
                path = " ".join(f"{px},{py}" for px, py in points)
                out.append(
                    f'<polyline class="line series-{number}" points="{path}" fill="none" '
                    f'stroke="{colour}" stroke-width="2"/>'
                )
            for position, (px, py) in enumerate(points):
                out.append(
                    f'<circle class="point series-{number}" cx="{px}" cy="{py}" r="3" '
                    f'fill="{colour}"><title>{escape(labels[position])}: '
                    f"{escape(str(name))} {values[position]}</title></circle>"
                )
    out.append("</svg>")
    return mark_safe("".join(out))  # every interpolated text is escaped above
