"""Charts drawn from data tables with matplotlib: SVG for the PDF, 300-dpi PNG for the DOCX.

The chart is computed from the model's table only. SVG text stays text
(``svg.fonttype = none``) so WeasyPrint sets it in the report's own subset
fonts and the labels remain searchable; ids and metadata are fixed so two
builds of the same data give the same bytes.

A drawing is kept (:data:`DRAWINGS`) under a hash of everything it depends on: the chart, its
table, the theme, matplotlib's version and the toolkit's code. A build keeps them in its
output's cache folder, so that a rebuild draws only the charts whose data changed, and does not
even import matplotlib (half a second) when none did.
"""
from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.chart_data import Series, chart_series
from toolkit.config import ThemeConfig
from toolkit.model import Chart, DataTable
from toolkit.model.words import WORDS
from toolkit.render.blobs import BlobCache, code_digest

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure as MplFigure

__all__ = ["GAP_LABEL", "Series", "chart_png", "chart_series", "chart_svg", "draw"]

# Widths in inches: the PDF text block is 170 mm wide; charts take most of it.
WIDTH_IN, HEIGHT_IN = 6.2, 3.1
GAP_LABEL = WORDS.awaiting
"""Printed where a value is missing or awaited: a gap is never drawn as a number."""
GAP_COLOUR = "#b00020"


def _palette(theme: ThemeConfig) -> list[str]:
    return [theme.accent, "#e0a030", "#7f8c8d", "#c0504d", "#4f81bd", "#9bbb59"]


def draw(chart: Chart, table: DataTable, theme: ThemeConfig) -> MplFigure:
    """The chart as a matplotlib figure (not yet saved).

    A missing or awaited value is not drawn: no bar, no marker (a line is broken there), and
    a 待补充 label stands at its place. Bars, value labels and gap labels carry ids
    (``bar-<series>-<category>``, ``value-…``, ``gap-…``) that the SVG keeps.
    """
    import matplotlib  # here: only a chart not drawn before needs it
    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    series = chart_series(chart, table)
    matplotlib.rcParams.update({
        "font.family": [theme.heading_font, "DejaVu Sans"],
        "font.size": 8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.fonttype": "none",
        "svg.hashsalt": "report-toolkit",
    })
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN))
    axes = figure.add_subplot()
    colours = _palette(theme)
    count = max(len(series.values), 1)
    positions = list(range(len(series.categories)))
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
                _gap_label(axes, chart, place, f"{index}-{category}", rotate=count > 1)
            elif count == 1:
                _value_label(axes, chart, place, value, f"{index}-{category}")
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
        axes.legend(frameon=False, fontsize=7)
    axes.grid(axis="x" if chart.chart_type == "barh" else "y", color="#dddddd", linewidth=0.5)
    axes.set_axisbelow(True)
    figure.tight_layout()
    return figure


def _bars(axes: Axes, chart: Chart, series: int, places: list[float], values: list[float | None], width: float,
          colour: str, name: str) -> None:
    """One series' bars, only where there is a value."""
    shown = [(c, p, v) for c, (p, v) in enumerate(zip(places, values)) if v is not None]
    draw_bars = axes.barh if chart.chart_type == "barh" else axes.bar
    bars = draw_bars([p for _, p, _ in shown], [v for _, _, v in shown], width, color=colour, label=name)
    for (category, _, _), bar in zip(shown, bars):
        bar.set_gid(f"bar-{series}-{category}")


def _value_label(axes: Axes, chart: Chart, place: float, value: float, gid: str) -> None:
    if chart.chart_type == "barh":
        axes.annotate(_label(value), (value, place), xytext=(3, 0), textcoords="offset points", va="center",
                      fontsize=7, gid=f"value-{gid}")
    else:
        axes.annotate(_label(value), (place, value), xytext=(0, 3), textcoords="offset points", ha="center",
                      fontsize=7, gid=f"value-{gid}")


def _gap_label(axes: Axes, chart: Chart, place: float, gid: str, rotate: bool) -> None:
    """待补充 at the foot of where the value would stand (the axis, whatever the scale)."""
    if chart.chart_type == "barh":
        axes.annotate(GAP_LABEL, (0, place), xycoords=("axes fraction", "data"), xytext=(3, 0),
                      textcoords="offset points", va="center", fontsize=6.5, color=GAP_COLOUR, gid=f"gap-{gid}")
    else:
        axes.annotate(GAP_LABEL, (place, 0), xycoords=("data", "axes fraction"), xytext=(0, 3),
                      textcoords="offset points", ha="center", va="bottom", fontsize=6.5, color=GAP_COLOUR,
                      rotation=90 if rotate else 0, gid=f"gap-{gid}")


def _label(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:g}"


DRAWINGS = BlobCache(None)
"""The charts drawn, by :func:`content_key` (in memory; on disk too once a build calls :func:`keep_drawings`)."""


def keep_drawings(folder: Path | None) -> None:
    """Keep the drawings in ``folder`` from now on (a build's cache folder), as well as in memory."""
    DRAWINGS.folder = folder


def content_key(chart: Chart, table: DataTable, theme: ThemeConfig) -> str:
    """A digest of everything a chart's drawing depends on (not where it is written)."""
    parts = (chart.model_dump_json(exclude={"source", "id"}), table.model_dump_json(exclude={"source"}),
             theme.model_dump_json(), code_digest("matplotlib"))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def chart_svg(chart: Chart, table: DataTable, theme: ThemeConfig) -> str:
    """The chart as an inline SVG element for the PDF (kept in :data:`DRAWINGS`).

    Its ids (matplotlib's ``figure_1``, ``patch_2``…, and ``bar-0-1``…) are prefixed with the
    chart's id: inline in one HTML document, every chart's would otherwise be the same.
    """
    def make() -> bytes:
        buffer = io.StringIO()
        draw(chart, table, theme).savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        svg = buffer.getvalue()
        return svg[svg.index("<svg"):].encode()  # inline: no XML prolog or doctype

    svg = DRAWINGS.made(f"chart-svg-{content_key(chart, table, theme)}", make).decode()
    return _IDS.sub(lambda m: f"{m.group(1)}{chart.id}-{m.group(2)}", svg)


# An id, and the two ways SVG refers to one: url(#…) and href="#…".
_IDS = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')


def chart_png(chart: Chart, table: DataTable, theme: ThemeConfig, dpi: int = 300) -> bytes:
    """The chart as a PNG image for the DOCX (kept in :data:`DRAWINGS`)."""
    def make() -> bytes:
        buffer = io.BytesIO()
        draw(chart, table, theme).savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
        return buffer.getvalue()

    return DRAWINGS.made(f"chart-png{dpi}-{content_key(chart, table, theme)}", make)
