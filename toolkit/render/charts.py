"""Charts drawn from data tables with matplotlib: SVG for the PDF and the web edition, 300-dpi PNG for the DOCX.

The chart is computed from the model's table only. SVG text stays text
(``svg.fonttype = none``) so WeasyPrint sets it in the report's own subset
fonts and the labels remain searchable; ids and metadata are fixed so two
builds of the same data give the same bytes.

One drawing per :class:`Drawing`: :data:`PRINT` fills the PDF's text block (the DOCX's picture
and a wide screen show it too); :data:`PHONE` is drawn narrower with larger text, for a phone's
column, where the print drawing's 7-point labels would shrink to 6 CSS pixels. A value label
prints the value as the table does (its ``decimals``: 127.0, not 127), and is moved off the line
and off other labels when it would cover them (:func:`place_labels`).

A drawing is kept (:data:`DRAWN`) under a hash of everything it depends on: the chart, its
table, the theme, the drawing's size, matplotlib's version and the toolkit's code. A build keeps
them in its output's cache folder, so that a rebuild draws only the charts whose data changed,
and does not even import matplotlib (half a second) when none did.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.chart_data import Series, chart_series
from toolkit.config import ThemeConfig
from toolkit.model import Chart, DataTable
from toolkit.model.words import WORDS
from toolkit.render.blobs import BlobCache, code_digest

if TYPE_CHECKING:  # matplotlib is imported where a chart is drawn: a rebuild drawing none never imports it
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.path import Path as MplPath
    from matplotlib.text import Annotation
    from matplotlib.transforms import Bbox

__all__ = [
    "DRAWINGS",
    "DRAWN",
    "GAP_LABEL",
    "PHONE",
    "PRINT",
    "Drawing",
    "Series",
    "chart_png",
    "chart_series",
    "chart_svg",
    "draw",
    "keep_drawings",
    "place_labels",
]


@dataclass(frozen=True)
class Drawing:
    """A chart's size (inches) and the size of its text (points): one per place it is shown."""

    name: str
    width: float
    height: float
    text: float
    """Tick labels and the axis label."""
    label: float
    """Value labels and the legend."""
    gap: float
    """The 待补充 at a missing value."""


PRINT = Drawing("print", 6.2, 3.1, text=8, label=7, gap=6.5)
"""The PDF's text block is 170 mm wide; charts take most of it."""
PHONE = Drawing("phone", 4.4, 3.3, text=11, label=11, gap=11)
"""Shown about 330–360 CSS pixels wide on a phone (390 px screen): 11 points of its 317 are at least 11 pixels."""
DRAWINGS = {drawing.name: drawing for drawing in (PRINT, PHONE)}

GAP_LABEL = WORDS.awaiting
"""Printed where a value is missing or awaited: a gap is never drawn as a number."""
GAP_COLOUR = "#b00020"
LABEL_OFFSET = 3
"""Points between a value label and its point or bar."""


def _palette(theme: ThemeConfig) -> list[str]:
    return [theme.accent, "#e0a030", "#7f8c8d", "#c0504d", "#4f81bd", "#9bbb59"]


def draw(chart: Chart, table: DataTable, theme: ThemeConfig, drawing: Drawing = PRINT) -> MplFigure:
    """The chart as a matplotlib figure (not yet saved), laid out with its labels placed.

    A missing or awaited value is not drawn: no bar, no marker (a line is broken there), and
    a 待补充 label stands at its place. Bars, value labels and gap labels carry ids
    (``bar-<series>-<category>``, ``value-…``, ``gap-…``) that the SVG keeps.
    """
    import matplotlib  # here: only a chart not drawn before needs it

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    series = chart_series(chart, table)
    matplotlib.rcParams.update(
        {
            "font.family": [theme.heading_font, "DejaVu Sans"],
            "font.size": drawing.text,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "svg.fonttype": "none",
            "svg.hashsalt": "report-toolkit",
        }
    )
    figure = Figure(figsize=(drawing.width, drawing.height))
    FigureCanvasAgg(figure)  # measures the text where labels are placed
    axes = figure.add_subplot()
    colours = _palette(theme)
    count = max(len(series.values), 1)
    positions = list(range(len(series.categories)))
    labels: list[Annotation] = []
    for index, (name, values) in enumerate(zip(series.names, series.values)):
        colour = colours[index % len(colours)]
        if chart.chart_type == "line":
            places = positions
            drawn = [v if v is not None else float("nan") for v in values]
            axes.plot(places, drawn, marker="o", color=colour, label=name, linewidth=1.5, gid=f"line-{index}")
        else:
            places = [p - 0.4 + 0.8 / count * (index + 0.5) for p in positions]
            _bars(axes, chart, index, places, values, 0.8 / count * 0.9, colour, name)
        for category, (place, value) in enumerate(zip(places, values)):
            if value is None:
                _gap_label(axes, chart, drawing, place, f"{index}-{category}", rotate=count > 1)
            elif count == 1:
                labels.append(
                    _value_label(
                        axes, chart, drawing, place, value, series.printed[index][category], f"{index}-{category}"
                    )
                )
    # Every category keeps its place, drawn or not (autoscaling would drop a last one without value).
    span = (-0.5, len(positions) - 0.5) if positions else (-0.5, 0.5)
    if chart.chart_type == "barh":
        axes.set_yticks(positions, series.categories)
        axes.set_ylim(span[1], span[0])
    else:
        axes.set_xticks(positions, series.categories)
        axes.set_xlim(*span)
    unit = next((u for u in series.units if u), None)
    if unit:
        (axes.set_xlabel if chart.chart_type == "barh" else axes.set_ylabel)(unit)
    if count > 1:
        axes.legend(frameon=False, fontsize=drawing.label)
    if chart.chart_type == "line" and labels:
        axes.margins(y=0.15)  # room for the labels above the highest point and below the lowest
    axes.grid(axis="x" if chart.chart_type == "barh" else "y", color="#dddddd", linewidth=0.5)
    axes.set_axisbelow(True)
    figure.tight_layout()
    _fit_category_labels(figure, axes, chart)
    place_labels(figure, axes, labels, chart.chart_type)
    if chart.chart_type != "line" and labels:
        _make_room(figure, axes, labels, chart.chart_type)
        figure.tight_layout()
        _make_room(figure, axes, labels, chart.chart_type)
    return figure


def _bars(
    axes: Axes,
    chart: Chart,
    series: int,
    places: list[float],
    values: list[float | None],
    width: float,
    colour: str,
    name: str,
) -> None:
    """One series' bars, only where there is a value."""
    shown = [(c, p, v) for c, (p, v) in enumerate(zip(places, values)) if v is not None]
    draw_bars = axes.barh if chart.chart_type == "barh" else axes.bar
    bars = draw_bars([p for _, p, _ in shown], [v for _, _, v in shown], width, color=colour, label=name)
    for (category, _, _), bar in zip(shown, bars):
        bar.set_gid(f"bar-{series}-{category}")


def _value_label(
    axes: Axes, chart: Chart, drawing: Drawing, place: float, value: float, printed: str, gid: str
) -> Annotation:
    """The value as the table prints it, beside its bar or above its point (:func:`place_labels` may move it)."""
    if chart.chart_type == "barh":
        return axes.annotate(
            printed,
            (value, place),
            xytext=(LABEL_OFFSET, 0),
            textcoords="offset points",
            va="center",
            fontsize=drawing.label,
            gid=f"value-{gid}",
        )
    return axes.annotate(
        printed,
        (place, value),
        xytext=(0, LABEL_OFFSET),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=drawing.label,
        gid=f"value-{gid}",
    )


def _gap_label(axes: Axes, chart: Chart, drawing: Drawing, place: float, gid: str, rotate: bool) -> None:
    """待补充 at the foot of where the value would stand (the axis, whatever the scale)."""
    if chart.chart_type == "barh":
        axes.annotate(
            GAP_LABEL,
            (0, place),
            xycoords=("axes fraction", "data"),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=drawing.gap,
            color=GAP_COLOUR,
            gid=f"gap-{gid}",
        )
    else:
        axes.annotate(
            GAP_LABEL,
            (place, 0),
            xycoords=("data", "axes fraction"),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=drawing.gap,
            color=GAP_COLOUR,
            rotation=90 if rotate else 0,
            gid=f"gap-{gid}",
        )


def _fit_category_labels(figure: MplFigure, axes: Axes, chart: Chart) -> None:
    """Category labels along the bottom that would run into each other are set aslant (many years on a phone)."""
    if chart.chart_type == "barh":
        return
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = [label.get_window_extent(renderer) for label in axes.get_xticklabels() if label.get_text()]
    gap = 4 * figure.dpi / 72  # points between two labels, at least
    if any(left.x1 > right.x0 - gap for left, right in zip(boxes, boxes[1:])):
        for label in axes.get_xticklabels():
            label.set(rotation=45, ha="right", rotation_mode="anchor")
        figure.tight_layout()


def _make_room(figure: MplFigure, axes: Axes, labels: list[Annotation], chart_type: str) -> None:
    """Stretch the value axis so that each bar's label stands inside the plot, level or upright.

    A label reaches ``reach`` pixels beyond its bar's end whatever the scale, so the axis must end
    where the longest bar plus its label fits: ``(value - start) × length / (length - reach)``.
    """
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    area = axes.get_window_extent(renderer)
    horizontal = chart_type == "barh"
    start, end = axes.get_xlim() if horizontal else axes.get_ylim()
    length = area.width if horizontal else area.height
    needed = end
    for label in labels:
        value = label.xy[0] if horizontal else label.xy[1]
        anchor = axes.transData.transform(label.xy)[0 if horizontal else 1]
        box = label.get_window_extent(renderer)
        reach = (box.x1 if horizontal else box.y1) - anchor
        if 0 < reach < length and value > start:
            needed = max(needed, start + (value - start) * length / (length - reach))
    if needed > end:
        (axes.set_xlim if horizontal else axes.set_ylim)(start, needed)


# --- where the value labels go ---------------------------------------------------------------------------


def place_labels(figure: MplFigure, axes: Axes, labels: list[Annotation], chart_type: str) -> None:
    """Move each value label that would cover the line, a marker, a bar or another label.

    Labels are placed in order, each at the first of its candidate places (above its point, then
    below, then to the sides) that covers nothing already there and stays inside the plot; when
    every place covers something, the one that covers least. A bar chart's labels stand level
    above their bars, or all upright when two would touch (many bars on a phone), higher as a
    last resort.
    """
    if not labels:
        return
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    area = axes.get_window_extent(renderer)
    obstacles = _obstacles(axes, renderer)
    lines = [line.get_path().transformed(line.get_transform()) for line in axes.get_lines()]
    pad = figure.dpi / 72  # one point around each label
    d = LABEL_OFFSET

    def place_all(candidates: Callable[[Annotation], list[Place]]) -> float:
        placed: list[Bbox] = []
        covered = 0.0
        for label in labels:
            best: tuple[float, float, Place] | None = None
            for place in candidates(label):
                _put(label, place)
                box = label.get_window_extent(renderer).padded(pad)
                collision = sum(_overlap(box, other) for other in placed + obstacles)
                collision += sum(box.width * box.height for path in lines if _crosses(path, box))
                cost = collision + box.width * box.height - _overlap(box, area)
                if best is None or cost < best[0]:
                    best = (cost, collision, place)
                if cost == 0:
                    break
            assert best is not None
            _put(label, best[2])
            placed.append(label.get_window_extent(renderer).padded(pad))
            covered += best[1]
        return covered

    if chart_type == "barh":
        place_all(lambda label: [Place((d, 0), "left", "center")])
    elif chart_type == "bar":
        if place_all(lambda label: [Place((0, d), "center", "bottom")]) > 0:
            place_all(
                lambda label: [
                    Place((0, d), "left", "center", 90),
                    *(Place((0, d + tier * _height(label, renderer, pad)), "center", "bottom") for tier in (1, 2)),
                ]
            )
    else:
        far = 2 * d + 2
        place_all(
            lambda label: [
                Place((0, far), "center", "bottom"),
                Place((0, -far), "center", "top"),
                Place((far, far / 2), "left", "bottom"),
                Place((-far, far / 2), "right", "bottom"),
                Place((far, -far / 2), "left", "top"),
                Place((-far, -far / 2), "right", "top"),
                Place((0, 3 * far), "center", "bottom"),
                Place((0, -3 * far), "center", "top"),
            ]
        )


def _height(label: Annotation, renderer: object, pad: float) -> float:
    """A label's height set level, in points, and one more: how much higher the next tier stands."""
    _put(label, Place((0, 0), "center", "bottom"))
    return label.get_window_extent(renderer).height / pad + 1


@dataclass(frozen=True)
class Place:
    """Where a value label stands: its offset from its point (points), alignment and angle."""

    offset: tuple[float, float]
    ha: str
    va: str
    rotation: float = 0


def _put(label: Annotation, place: Place) -> None:
    label.set(ha=place.ha, va=place.va, rotation=place.rotation, rotation_mode="anchor")
    label.xyann = place.offset


def _obstacles(axes: Axes, renderer: object) -> list[Bbox]:
    """What a label must not cover besides the line: bars, markers and the 待补充 labels."""
    from matplotlib.text import Annotation
    from matplotlib.transforms import Bbox

    boxes = [patch.get_window_extent(renderer) for patch in axes.patches]
    for line in axes.get_lines():
        radius = line.get_markersize() / 2 * axes.figure.dpi / 72 + 1
        for x, y in line.get_transform().transform(line.get_xydata()):
            if x == x and y == y:  # not NaN: a missing value has no marker
                boxes.append(Bbox.from_extents(x - radius, y - radius, x + radius, y + radius))
    boxes += [
        text.get_window_extent(renderer)
        for text in axes.texts
        if isinstance(text, Annotation) and str(text.get_gid() or "").startswith("gap-")
    ]
    return boxes


def _overlap(one: Bbox, other: Bbox) -> float:
    """The area two boxes share."""
    width = min(one.x1, other.x1) - max(one.x0, other.x0)
    height = min(one.y1, other.y1) - max(one.y0, other.y0)
    return width * height if width > 0 and height > 0 else 0.0


def _crosses(path: MplPath, box: Bbox) -> bool:
    """Whether a drawn line passes through a box (a line broken at a missing value: each piece)."""
    from matplotlib.path import Path as MplPath

    return any(MplPath(piece).intersects_bbox(box, filled=False) for piece in _pieces(path) if len(piece) > 1)


def _pieces(path: MplPath) -> list[list[tuple[float, float]]]:
    """A line's vertices split where it is broken (a move-to, or a NaN where a value is missing)."""
    from matplotlib.path import Path as MplPath

    pieces: list[list[tuple[float, float]]] = [[]]
    for (x, y), code in path.iter_segments(simplify=False):
        if code == MplPath.MOVETO or x != x or y != y:
            pieces.append([])
        if x == x and y == y:
            pieces[-1].append((x, y))
    return pieces


DRAWN = BlobCache(None)
"""The charts drawn, by :func:`content_key` (in memory; on disk too once a build calls :func:`keep_drawings`)."""


def keep_drawings(folder: Path | None) -> None:
    """Keep the drawings in ``folder`` from now on (a build's cache folder), as well as in memory."""
    DRAWN.folder = folder


def content_key(chart: Chart, table: DataTable, theme: ThemeConfig) -> str:
    """A digest of everything a chart's drawing depends on (not where it is written)."""
    parts = (
        chart.model_dump_json(exclude={"source", "id"}),
        table.model_dump_json(exclude={"source"}),
        theme.model_dump_json(),
        code_digest("matplotlib"),
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def chart_svg(chart: Chart, table: DataTable, theme: ThemeConfig, drawing: Drawing = PRINT) -> str:
    """The chart as an inline SVG element (kept in :data:`DRAWN` by its content and drawing).

    Its ids (matplotlib's ``figure_1``, ``patch_2``…, and ``bar-0-1``…) are prefixed with the
    chart's id, and the drawing's name but the print drawing's: inline in one HTML document,
    every chart's (and a chart's two drawings on a web page) would otherwise be the same.
    """

    def make() -> bytes:
        buffer = io.StringIO()
        draw(chart, table, theme, drawing).savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        svg = buffer.getvalue()
        return svg[svg.index("<svg") :].encode()  # inline: no XML prolog or doctype

    svg = DRAWN.made(f"chart-svg-{drawing.name}-{content_key(chart, table, theme)}", make).decode()
    prefix = chart.id if drawing == PRINT else f"{chart.id}-{drawing.name}"
    return _IDS.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)


# An id, and the two ways SVG refers to one: url(#…) and href="#…".
_IDS = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')


def chart_png(chart: Chart, table: DataTable, theme: ThemeConfig, dpi: int = 300) -> bytes:
    """The chart as a PNG image for the DOCX (kept in :data:`DRAWN`)."""

    def make() -> bytes:
        buffer = io.BytesIO()
        draw(chart, table, theme).savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
        return buffer.getvalue()

    return DRAWN.made(f"chart-png{dpi}-{content_key(chart, table, theme)}", make)
