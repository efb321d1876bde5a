"""Charts drawn on the server as SVG: they need no script, pass the CSP, print on paper and go
into the PDF report as they are.

Each function returns markup safe to put in a template. A chart is an image with a title and a
description for screen readers; pages still show the figures as text or a table beside it, since
a picture is never the only way to read a number. Colours are presentation attributes (the CSP
forbids style attributes) and keep a contrast of at least 3:1 against white.
"""

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

# Bars, the target tick and the text: dark enough on white (WCAG 1.4.11 for graphics).
BAR = "#2f5d8c"
BAR_DONE = "#2e7d32"
TRACK = "#e6e9ee"
TARGET = "#b3261e"
TEXT = "#1f2328"
MUTED = "#59636e"
# A palette for parts of a whole, distinguishable in greyscale print too.
PALETTE = ("#2f5d8c", "#c26a00", "#2e7d32", "#7b3f9e", "#b3261e", "#00717a", "#5d4037")

FONT = 'font-family="Liberation Sans, Arial, sans-serif"'
ROW = 30  # px per bar
LABEL_WIDTH = 270
BAR_WIDTH = 290
VALUE_WIDTH = 90
WIDTH = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
FONT_SIZE = 13
# Widths of letters in Liberation Sans, in em, rounded up: enough to tell whether a label fits
# its column without a font at hand. Letters not listed count as an average lower-case one.
NARROW = frozenset(" .,:;!|'()[]-ijlrtfI")
WIDE = frozenset("ЖШЩЮМЫЪшщюмыфжФОGOQWMmw—%")

_ids = itertools.count(1)


@dataclass(frozen=True)
class Row:
    """One bar: ``value`` on a scale of ``scale``; ``target`` draws a tick where the bar should
    reach; ``text`` is what is printed after the bar (the value with its unit by default)."""

    label: str
    value: float
    scale: float | None = None
    target: float | None = None
    text: str = ""

    @property
    def shown(self) -> str:
        return self.text or _number(self.value)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def text_width(text: str, size: int = FONT_SIZE) -> float:
    """A generous estimate of how wide ``text`` is drawn, in px."""
    return size * sum(
        0.34 if char in NARROW else 1.02 if char in WIDE else 0.73 if char.isupper() else 0.57
        for char in text
    )


def _short(label: str) -> str:
    """The label cut to fit its column, with «…»; the full label stays in the bar's tooltip and
    in the chart's description."""
    room = LABEL_WIDTH - 10
    if text_width(label) <= room:
        return label
    cut = label
    while cut and text_width(cut.rstrip() + "…") > room:
        cut = cut[:-1]
    return cut.rstrip() + "…"


def _frame(title: str, description: str, height: int, body: SafeString) -> SafeString:
    number = next(_ids)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        'width="{width}" height="{height}" role="img" '
        'aria-labelledby="chart-{n}-title chart-{n}-desc">'
        '<title id="chart-{n}-title">{title}</title><desc id="chart-{n}-desc">{description}</desc>'
        "{body}</svg>",
        width=WIDTH,
        height=height,
        n=number,
        title=title,
        description=description,
        body=body,
    )


def bar_chart(rows: Sequence[Row], *, title: str, scale: float | None = None) -> SafeString:
    """Horizontal bars, one per row, on a common ``scale`` (the largest value by default) or on
    each row's own scale. A row with a target gets a red tick at the target and a green bar
    once the target is reached."""
    if not rows:
        return mark_safe("")
    common = scale or max((row.value for row in rows), default=0) or 1
    parts = []
    for index, row in enumerate(rows):
        top = index * ROW
        row_scale = row.scale or common
        length = round(BAR_WIDTH * min(row.value / row_scale, 1)) if row_scale else 0
        reached = row.target is not None and row.value >= row.target
        parts.append(
            format_html(
                "<g><title>{label}: {shown}</title>"
                '<text x="{label_x}" y="{text_y}" font-size="{size}" fill="{text}" {font} '
                'text-anchor="end">{short}</text>'
                '<rect x="{bar_x}" y="{bar_y}" width="{bar_width}" height="18" fill="{track}"/>'
                '<rect x="{bar_x}" y="{bar_y}" width="{length}" height="18" fill="{colour}"/>'
                '<text x="{value_x}" y="{text_y}" font-size="{size}" fill="{text}" {font}>{shown}'
                "</text></g>",
                label=row.label,
                shown=row.shown,
                short=_short(row.label),
                label_x=LABEL_WIDTH - 8,
                text_y=top + 19,
                bar_x=LABEL_WIDTH,
                bar_y=top + 5,
                bar_width=BAR_WIDTH,
                length=length,
                track=TRACK,
                colour=BAR_DONE if reached else BAR,
                value_x=LABEL_WIDTH + BAR_WIDTH + 8,
                text=TEXT,
                font=mark_safe(FONT),
                size=FONT_SIZE,
            )
        )
        if row.target is not None and row_scale:
            tick = LABEL_WIDTH + round(BAR_WIDTH * min(row.target / row_scale, 1))
            parts.append(
                format_html(
                    '<line x1="{x}" x2="{x}" y1="{top}" y2="{bottom}" stroke="{colour}" '
                    'stroke-width="3"/>',
                    x=tick,
                    top=top + 1,
                    bottom=top + 27,
                    colour=TARGET,
                )
            )
    description = "; ".join(
        f"{row.label}: {row.shown}"
        + (f" (цель {_number(row.target)})" if row.target is not None else "")
        for row in rows
    )
    return _frame(title, description, len(rows) * ROW + 4, mark_safe("".join(parts)))


def share_chart(parts: Sequence[tuple[str, int]], *, title: str) -> SafeString:
    """A whole split into parts: one stacked bar with a legend below it, each part in its own
    colour with its count. Parts with nothing are left out."""
    parts = [(label, count) for label, count in parts if count]
    total = sum(count for _label, count in parts)
    if not total:
        return mark_safe("")
    segments, legend, x = [], [], 0
    for index, (label, count) in enumerate(parts):
        colour = PALETTE[index % len(PALETTE)]
        width = WIDTH - x if index == len(parts) - 1 else round(WIDTH * count / total)
        segments.append(
            format_html(
                '<rect x="{x}" y="0" width="{width}" height="24" fill="{colour}">'
                "<title>{label}: {count}</title></rect>",
                x=x,
                width=width,
                colour=colour,
                label=label,
                count=count,
            )
        )
        x += width
        top = 36 + index * 22
        legend.append(
            format_html(
                '<rect x="0" y="{top}" width="14" height="14" fill="{colour}"/>'
                '<text x="22" y="{text_y}" font-size="{size}" fill="{text}" {font}>'
                "{label}: {count} ({percent} %)</text>",
                top=top,
                text_y=top + 12,
                colour=colour,
                label=label,
                count=count,
                percent=round(100 * count / total),
                text=TEXT,
                font=mark_safe(FONT),
                size=FONT_SIZE,
            )
        )
    description = "; ".join(f"{label}: {count}" for label, count in parts)
    body = format_html_join("", "{}", ((part,) for part in [*segments, *legend]))
    return _frame(title, description, 36 + len(parts) * 22, body)
