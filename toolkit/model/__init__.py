"""The typed document model: what an edition *is*, independent of any file format.

Readers (:mod:`toolkit.readers`) turn an edition folder into an :class:`Edition`;
validation (:mod:`toolkit.validation`) checks it; renderers (:mod:`toolkit.render`)
turn it into PDF, DOCX and web pages and never look at input files. Everything a renderer
needs, image bytes included, is therefore held here. The model depends on no stage
of the pipeline, only on the toolkit's foundation (config, messages, diagnostics).

Its modules, each importing only those listed before it:

- :mod:`.base`       nodes, source references, inline content (spans, cell references)
- :mod:`.data`       data tables and images; :mod:`.domain` organisation kinds and the SDGs
- :mod:`.block`      ``Block``, any registered element (resolved once the registry is complete)
- :mod:`.structure`  sections, chapters, cases, the :class:`Edition`
- :mod:`.element`    what an element kind declares (:class:`Element`) and the protocols its
                     builder, checks and text view work through
- :mod:`.elements`   one module per kind of block, found and registered in :data:`ELEMENTS`
- :mod:`.text`, :mod:`.alt`, :mod:`.words`  the plain-text view, text alternatives, printed words

Every element's model class is importable from here by its name (``from toolkit.model import
Quote``), found in the registry: no list to keep. How to add an element: README.md, "Where new
work goes"; ``tests/test_registry.py`` names whatever piece is missing.
"""

from __future__ import annotations

from toolkit.model.base import (
    CELL_REFERENCE,
    BrokenSpot,
    CellAddress,
    CellRef,
    Inline,
    LineBreak,
    Node,
    SourceRef,
    Span,
    as_written,
    attribution,
    drop_prefix,
    parse_cell_reference,
    plain_text,
    reference_place,
)
from toolkit.model.data import (
    Asset,
    Cell,
    Column,
    ColumnType,
    DataTable,
    GrowthCheck,
    SumCheck,
    TableSchema,
    TableSettings,
)
from toolkit.model.domain import ORGANISATION_KINDS, SDG_NAMES, OrganisationKind
from toolkit.model.element import Element
from toolkit.model.elements import BY_KIND, ELEMENTS
from toolkit.model.elements.chart import ChartType
from toolkit.model.elements.paragraph import CARRIED_MARK
from toolkit.model.structure import (
    Block,
    Case,
    CaseFields,
    CaseQuote,
    Chapter,
    ChapterKind,
    Contact,
    Draft,
    Edition,
    Photo,
    Provenance,
    Section,
    Submission,
    walk_blocks,
)

__all__ = [
    "Asset",
    "BY_KIND",
    "Block",
    "BrokenSpot",
    "CARRIED_MARK",
    "CELL_REFERENCE",
    "Case",
    "CaseFields",
    "CaseQuote",
    "Cell",
    "CellAddress",
    "CellRef",
    "Chapter",
    "ChapterKind",
    "ChartType",
    "Column",
    "ColumnType",
    "Contact",
    "DataTable",
    "Draft",
    "ELEMENTS",
    "Edition",
    "Element",
    "GrowthCheck",
    "Inline",
    "LineBreak",
    "Node",
    "ORGANISATION_KINDS",
    "OrganisationKind",
    "Photo",
    "Provenance",
    "SDG_NAMES",
    "Section",
    "SourceRef",
    "Span",
    "Submission",
    "SumCheck",
    "TableSchema",
    "TableSettings",
    "as_written",
    "attribution",
    "drop_prefix",
    "parse_cell_reference",
    "plain_text",
    "reference_place",
    "walk_blocks",
]
_CLASSES = {element.model.__name__: element.model for element in ELEMENTS}
"""Each element's model class by its name (``Quote``, ``CalloutGrid`` ...): see :func:`__getattr__`."""


def __getattr__(name: str) -> type[Node]:
    """An element's model class by its name: ``from toolkit.model import Quote`` (PEP 562)."""
    try:
        return _CLASSES[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
