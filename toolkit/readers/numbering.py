"""Caption numbers (表 1, 图 1 ...), given in reading order once the whole edition is read."""

from __future__ import annotations

from toolkit.model import Chart, Edition, Figure, FigureGroup, TableRef

TABLE_LABEL = "表"
FIGURE_LABEL = "图"


def number_captions(edition: Edition) -> None:
    """Label every placed table, and every chart, figure and figure group, when the manifest asks.

    Figures inside a group share the group's number; a case's photos are not numbered.
    """
    if not edition.config.numbers.captions:
        return
    tables = figures = 0
    inside_groups = {id(f) for _, block in edition.walk() if isinstance(block, FigureGroup) for f in block.figures}
    for _, block in edition.walk():
        if isinstance(block, TableRef):
            tables += 1
            block.label = f"{TABLE_LABEL} {tables}"
        elif isinstance(block, (Chart, FigureGroup)) or (isinstance(block, Figure) and id(block) not in inside_groups):
            figures += 1
            block.label = f"{FIGURE_LABEL} {figures}"
