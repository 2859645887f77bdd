"""Text alternatives: what a picture of the report says, for readers who cannot see it.

One function for every renderer (the PDF's ``<img alt>`` and SVG ``<title>``, the DOCX's
``wp:docPr`` description, the web edition): :func:`alt_text`. Each element that prints a
picture says its alternative itself (``Element.alt`` in ``toolkit/model/elements/<kind>.py``):
a figure its ``alt:`` field or its caption, a chart its data in words, a QR code its address.
A case's photos take their caption. An alternative is never made up: where the model has
nothing to say, it is empty, and ``compile check`` reports it (MD040).
"""

from __future__ import annotations

from toolkit.model.base import Node
from toolkit.model.data import DataTable
from toolkit.model.elements import BY_KIND
from toolkit.model.structure import Edition, Photo


def alt_text(item: Node, edition: Edition) -> str:
    """The text alternative of a block that prints a picture, or of a case's photo ("" for text-only blocks)."""
    if isinstance(item, Photo):
        return item.caption
    element = BY_KIND.get(str(getattr(item, "kind", "")))
    if element is None or element.alt is None:
        return ""
    return element.alt(item, edition)


def table_description(table: DataTable, caption: str) -> str:
    """What a data table holds, for a reader who meets it cell by cell: its title, unit, columns and size."""
    columns = "、".join(c.heading + (f"（{c.unit}）" if c.unit and c.unit != table.unit else "") for c in table.columns)
    unit = f"，单位：{table.unit}" if table.unit else ""
    rows = f"{len(table.rows)} 行" if table.rows else "数据待补充"
    return f"{caption}{unit}；{rows}，各列为{columns}"
