"""The words the report prints around its content, in one vocabulary.

The PDF templates (as the Jinja global ``words``), the DOCX writers, the charts, the readers
that fill in placeholders and the model's text view all print these, so that a word changed
here changes in every output at once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Words:
    """The printed words, by what they mean."""

    source: str = "资料来源"
    """Before a table's or a chart's source note: 资料来源：国家统计局."""
    unit: str = "单位"
    """Before a table's unit: 单位：亿元."""
    awaiting: str = "待补充"
    """Where data or text has not come yet (a cell, a chart point, a wanted frame)."""
    table_missing: str = "表格数据缺失"
    """In place of a table whose data cannot be read."""
    chart_missing: str = "图表数据缺失"
    """In place of a chart whose data cannot be read."""
    image: str = "图片"
    """In place of a figure's missing image."""
    qr_code: str = "二维码"
    """In place of a media prompt's missing QR code."""
    carried: str = "沿用上一版文字"
    """A draft's mark on a paragraph carried over from the previous edition."""


WORDS = Words()
"""The vocabulary every output prints."""
