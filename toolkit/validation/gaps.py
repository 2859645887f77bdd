"""What is still missing: every placeholder the report prints is listed, where it is to be filled.

``check`` must answer "what is still missing?" in full, so each way a renderer
prints a placeholder (``templates/pdf/blocks/*.html``, ``toolkit/render/docx_blocks.py``)
has a diagnostic flagged ``gap`` at the place to fill. Those about one element alone are
that element's checks (``toolkit/model/elements/<kind>.py``); the others are here:

- a figure without ``src``: MD031 at the figure (``figure.py``);
- a figure or case photo whose file is missing: IM001 where it is named (``readers/images.py``);
- a QR code without ``url``: MD026 at the media prompt (``media.py``);
- a ``::: wanted`` frame: MD030 at the frame (``wanted.py``);
- a table or chart without data rows (表格/图表数据缺失): MD028 at the table or chart (``table.py``,
  ``chart.py``);
- a chart point without value (待补充 in the chart): MD032 at the chart (here);
- a table cell awaiting data (待补充): TB023 at its row of the data file (``tables.py``);
- a callout of an awaited cell (待补充): NR005 at the callout (``callout.py``);
- a reference to an awaited cell in the text (待补充): NR005 at the reference (here).

``tests/test_gaps.py`` holds the renderers to it: every placeholder in the PDF's HTML carries
``data-gap`` with the place of its diagnostic.
"""

from __future__ import annotations

from toolkit.chart_data import chart_series
from toolkit.diagnostics import Location
from toolkit.model import CellAddress, CellRef, Chart, Heading, Paragraph, reference_place
from toolkit.model.element import blocks_and_submitters
from toolkit.validation.context import RuleContext


def check_chart_gaps(ctx: RuleContext) -> None:
    """A chart point without value is drawn as a gap marked 待补充: list which."""
    charts = [block for _, block in ctx.edition.walk() if isinstance(block, Chart)]
    for chart in charts:
        table = ctx.edition.tables.get(chart.table_id)
        if table is None or not table.rows:
            continue  # no table (MD014) or no rows (MD028): reported as such
        series = chart_series(chart, table)
        missing = series.missing()
        if not missing:
            continue
        shown = missing[:5]
        more_zh = f"等 {len(missing)} 处" if len(missing) > len(shown) else ""
        more_en = f" and {len(missing) - len(shown)} more" if len(missing) > len(shown) else ""
        points = "、".join(f"“{series.categories[c]}”的“{series.names[s]}”" for s, c in shown)
        points_en = ", ".join(f"“{series.names[s]}” of “{series.categories[c]}”" for s, c in shown)
        ctx.diagnostics.add(
            "MD032",
            ctx.location(chart.source, 1),
            chart=chart.table_id,
            points=points + more_zh,
            points_en=points_en + more_en,
        )


def check_awaited_references(ctx: RuleContext) -> None:
    """A reference in the text to a cell still awaiting data prints 待补充 where the number goes."""
    for organisation, block in blocks_and_submitters(ctx.edition):
        if isinstance(block, (Paragraph, Heading)):
            for item in block.inlines:
                if isinstance(item, CellRef) and item.awaiting:
                    ctx.diagnostics.add(
                        "NR005",
                        _reference_place(ctx, block, item.address),
                        organisation=organisation,
                        ref=item.address.label(),
                    )


def _reference_place(ctx: RuleContext, block: Paragraph | Heading, address: CellAddress) -> Location:
    """The line and column where ``address`` is written in the block's text (else the block's line)."""
    place = reference_place(ctx.lines(block.source.path), block.source.line or 1, address)
    if place is None:
        return ctx.location(block.source)
    return Location(ctx.edition_dir / block.source.path, *place)


RULES = [check_chart_gaps, check_awaited_references]
