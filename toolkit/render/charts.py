"""Charts drawn from data tables with matplotlib: SVG for the PDF, 300-dpi PNG for the DOCX.

The chart is computed from the model's table only. SVG text stays text
(``svg.fonttype = none``) so WeasyPrint sets it in the report's own subset
fonts and the labels remain searchable; ids and metadata are fixed so two
builds of the same data give the same bytes.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure as MplFigure  # noqa: E402

from toolkit.config import ThemeConfig  # noqa: E402
from toolkit.model import Chart, DataTable  # noqa: E402

NUMERIC = ("number", "integer", "percent")
# Widths in inches: the PDF text block is 170 mm wide; charts take most of it.
WIDTH_IN, HEIGHT_IN = 6.2, 3.1


@dataclass(frozen=True)
class Series:
    """What a chart draws: category labels and one list of values per series."""

    categories: list[str]
    names: list[str]
    values: list[list[float | None]]
    units: list[str | None]


def chart_series(chart: Chart, table: DataTable) -> Series:
    """The categories and series of ``chart`` taken from ``table``."""
    columns = {c.name: i for i, c in enumerate(table.columns)}
    x_index = columns.get(chart.x, 0) if chart.x else 0
    y_names = chart.y or [c.name for i, c in enumerate(table.columns) if c.type in NUMERIC and i != x_index]
    y_indexes = [columns[name] for name in y_names if name in columns]
    categories = [row[x_index].text for row in table.rows]
    values = [[_number(row[i].value) for row in table.rows] for i in y_indexes]
    units = [table.columns[i].unit or table.unit for i in y_indexes]
    return Series(categories, [table.columns[i].heading for i in y_indexes], values, units)


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def _palette(theme: ThemeConfig) -> list[str]:
    return [theme.accent, "#e0a030", "#7f8c8d", "#c0504d", "#4f81bd", "#9bbb59"]


def draw(chart: Chart, table: DataTable, theme: ThemeConfig) -> MplFigure:
    """The chart as a matplotlib figure (not yet saved)."""
    series = chart_series(chart, table)
    plt.rcParams.update({
        "font.family": [theme.heading_font, "DejaVu Sans"],
        "font.size": 8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.fonttype": "none",
        "svg.hashsalt": "report-toolkit",
    })
    figure = MplFigure(figsize=(WIDTH_IN, HEIGHT_IN))
    axes = figure.add_subplot()
    colours = _palette(theme)
    count = max(len(series.values), 1)
    positions = list(range(len(series.categories)))
    width = 0.8 / count
    for index, (name, values) in enumerate(zip(series.names, series.values)):
        clean = [v if v is not None else 0.0 for v in values]
        colour = colours[index % len(colours)]
        if chart.chart_type == "line":
            axes.plot(positions, clean, marker="o", color=colour, label=name, linewidth=1.5)
            labelled = zip(positions, clean)
        else:
            offsets = [p - 0.4 + width * (index + 0.5) for p in positions]
            draw_bars = axes.barh if chart.chart_type == "barh" else axes.bar
            draw_bars(offsets, clean, width * 0.9, color=colour, label=name)
            labelled = zip(offsets, clean)
        if count == 1:
            for position, value in labelled:
                text = _label(value)
                if chart.chart_type == "barh":
                    axes.annotate(text, (value, position), xytext=(3, 0), textcoords="offset points",
                                  va="center", fontsize=7)
                else:
                    axes.annotate(text, (position, value), xytext=(0, 3), textcoords="offset points",
                                  ha="center", fontsize=7)
    if chart.chart_type == "barh":
        axes.set_yticks(positions, series.categories)
        axes.invert_yaxis()
    else:
        axes.set_xticks(positions, series.categories)
    unit = next((u for u in series.units if u), None)
    if unit:
        (axes.set_xlabel if chart.chart_type == "barh" else axes.set_ylabel)(unit)
    if count > 1:
        axes.legend(frameon=False, fontsize=7)
    axes.grid(axis="x" if chart.chart_type == "barh" else "y", color="#dddddd", linewidth=0.5)
    axes.set_axisbelow(True)
    figure.tight_layout()
    return figure


def _label(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:g}"


_SVG_CACHE: dict[str, str] = {}


def content_key(chart: Chart, table: DataTable, theme: ThemeConfig) -> str:
    """A digest of everything a chart's drawing depends on (not where it is written)."""
    parts = (chart.model_dump_json(exclude={"source", "id"}), table.model_dump_json(exclude={"source"}),
             theme.model_dump_json())
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def chart_svg(chart: Chart, table: DataTable, theme: ThemeConfig) -> str:
    """The chart as an inline SVG element for the PDF (memoised on its content)."""
    key = content_key(chart, table, theme)
    if key not in _SVG_CACHE:
        buffer = io.StringIO()
        draw(chart, table, theme).savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        svg = buffer.getvalue()
        _SVG_CACHE[key] = svg[svg.index("<svg"):]  # inline: no XML prolog or doctype
    return _SVG_CACHE[key]


def chart_png(chart: Chart, table: DataTable, theme: ThemeConfig, dpi: int = 300) -> bytes:
    """The chart as a PNG image for the DOCX."""
    buffer = io.BytesIO()
    draw(chart, table, theme).savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()
