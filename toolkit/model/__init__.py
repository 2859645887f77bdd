"""The typed document model: what an edition *is*, independent of any file format.

Readers (:mod:`toolkit.readers`) turn an edition folder into an :class:`Edition`;
validation (:mod:`toolkit.validation`) checks it; renderers (:mod:`toolkit.render`)
turn it into PDF and DOCX and never look at input files. Everything a renderer
needs, image bytes included, is therefore held here. The model depends on no stage
of the pipeline, only on the toolkit's foundation (config, messages, diagnostics).

- :mod:`.base`       nodes, source references, inline content (spans, cell references)
- :mod:`.element`    what an element kind declares (:class:`Element`) and the protocols its
                     builder, checks and text view work through
- :mod:`.elements`   one module per kind of block, and the registry :data:`ELEMENTS`
- :mod:`.structure`  the ``Block`` union, sections, chapters, cases, the :class:`Edition`
- :mod:`.data`       data tables and images
- :mod:`.domain`     organisation kinds and the SDGs
- :mod:`.text`       the plain-text view of the whole edition

How to add an element (a new kind of block, say ``map``); ``tests/test_registry.py``
names whatever is missing:

1. ``toolkit/model/elements/map.py``: the model class (``kind: Literal["map"]``,
   ``source: SourceRef``); its directive's ``Fields`` and ``build`` (or, for what Markdown
   writes, the syntax); ``text`` (the words it prints: forget nothing, ``compile text``, the
   carried-over share, length checks and the redline read it); its checks, if any; and
   ``ELEMENT = Element(...)`` naming its DOCX writer and the Word styles that writer uses.
2. Register it in :data:`toolkit.model.elements.ELEMENTS`: that makes it a ``Block``, a
   directive the readers know, a text view, and runs its checks. Re-export its class below
   when other stages name it.
3. ``templates/pdf/blocks/map.html`` (its CSS in ``templates/pdf/report.css``).
4. ``write_map`` in ``toolkit/render/docx_blocks.py``, registered in ``WRITERS``; a new Word
   style in ``tools/build_docx_template.py`` (run it to rebuild ``templates/docx/reference.docx``).
5. New diagnostic codes in ``toolkit/messages.py`` (then ``python -m toolkit.messages >
   docs/diagnostics.md``); the directive in ``docs/authoring.md``; a use of it in
   ``tests/fixtures/editions/all-elements/``.
"""
from __future__ import annotations

from toolkit.model.base import (CELL_REFERENCE, BrokenSpot, CellAddress, CellRef, Inline, LineBreak, Node, SourceRef,
                                Span, as_written, attribution, drop_prefix, parse_cell_reference, plain_text,
                                reference_place)
from toolkit.model.data import (Asset, Cell, Column, ColumnType, DataTable, GrowthCheck, SumCheck, TableSchema,
                                TableSettings)
from toolkit.model.domain import ORGANISATION_KINDS, SDG_NAMES, OrganisationKind
from toolkit.model.element import Element
from toolkit.model.elements import BY_KIND, ELEMENTS
from toolkit.model.elements.callout import Callout
from toolkit.model.elements.callouts import CalloutGrid
from toolkit.model.elements.case import CaseBox
from toolkit.model.elements.chart import Chart, ChartType
from toolkit.model.elements.column import ColumnBox
from toolkit.model.elements.epigraph import Epigraph
from toolkit.model.elements.feature import Feature
from toolkit.model.elements.figure import Figure
from toolkit.model.elements.figures import FigureGroup
from toolkit.model.elements.focus import Focus
from toolkit.model.elements.heading import Heading
from toolkit.model.elements.list import ListBlock
from toolkit.model.elements.media import MediaPrompt
from toolkit.model.elements.paragraph import CARRIED_MARK, Paragraph
from toolkit.model.elements.phase import Phase
from toolkit.model.elements.pillar import Pillar
from toolkit.model.elements.quote import Quote
from toolkit.model.elements.quote_wall import QuoteWall
from toolkit.model.elements.statistic import Statistic
from toolkit.model.elements.table import TableRef
from toolkit.model.elements.thanks import Thanks
from toolkit.model.elements.timeline import Timeline
from toolkit.model.elements.wanted import Wanted
from toolkit.model.structure import (Block, Case, CaseFields, CaseQuote, Chapter, ChapterKind, Contact, Draft, Edition, Photo,
                                     Provenance, Section, Submission, walk_blocks)

__all__ = [
    "Asset", "BY_KIND", "Block", "BrokenSpot", "CARRIED_MARK", "CELL_REFERENCE", "Callout", "CalloutGrid", "Case",
    "CaseBox", "CaseFields", "CaseQuote", "Cell", "CellAddress", "CellRef", "Chapter", "ChapterKind", "Chart", "ChartType",
    "Column", "ColumnBox", "ColumnType", "Contact", "DataTable", "Draft", "ELEMENTS", "Edition", "Element", "Epigraph",
    "Feature", "Figure", "FigureGroup", "Focus", "GrowthCheck", "Heading", "Inline", "LineBreak", "ListBlock",
    "MediaPrompt", "Node", "ORGANISATION_KINDS", "OrganisationKind", "Paragraph", "Phase", "Photo", "Pillar",
    "Provenance", "Quote", "QuoteWall", "SDG_NAMES", "Section", "SourceRef", "Span", "Statistic", "Submission",
    "SumCheck", "TableRef", "TableSchema", "TableSettings", "Thanks", "Timeline", "Wanted", "as_written", "attribution",
    "drop_prefix", "parse_cell_reference", "plain_text", "reference_place", "walk_blocks",
]
