"""The element registry: every kind of block the report has, one module each.

Each module ``<kind>.py`` (``quote-wall`` → ``quote_wall.py``) holds the element's model class,
its directive's fields and builder (or the Markdown syntax that writes it), its text view, its
checks, and names its renderers' pieces; its :data:`ELEMENT` says all of it, and
:data:`ELEMENTS` below registers it. The order here is the order of the ``Block`` union.
"""
from __future__ import annotations

from toolkit.model.element import Element
from toolkit.model.elements import (callout, callouts, case, chart, column, epigraph, feature, figure, figures, focus,
                                    heading, media, paragraph, phase, pillar, quote, quote_wall, statistic, table,
                                    thanks, timeline, wanted)
from toolkit.model.elements import list as list_

ELEMENTS: tuple[Element, ...] = (
    paragraph.ELEMENT, heading.ELEMENT, list_.ELEMENT, table.ELEMENT, figure.ELEMENT, figures.ELEMENT,
    thanks.ELEMENT, epigraph.ELEMENT, quote.ELEMENT, quote_wall.ELEMENT, case.ELEMENT, feature.ELEMENT,
    pillar.ELEMENT, column.ELEMENT, callout.ELEMENT, callouts.ELEMENT, statistic.ELEMENT, chart.ELEMENT,
    phase.ELEMENT, timeline.ELEMENT, media.ELEMENT, focus.ELEMENT, wanted.ELEMENT,
)
BY_KIND: dict[str, Element] = {element.kind: element for element in ELEMENTS}
"""Each element by its kind (``figure``, ``quote-wall`` ...)."""
