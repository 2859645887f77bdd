"""The Word styles the report's writers share, as the toolkit designs them (in the template's order).

A style of one writer alone may be declared beside it instead (``@docx_writer(kind, WordStyle(...))`` in
:mod:`toolkit.render.docx_blocks`). ``tools/build_docx_template.py`` builds these, then those, into
``templates/docx/reference.docx``; each carries its theme roles (:class:`toolkit.ooxml.styles.WordStyle`).
"""

from __future__ import annotations

from toolkit.ooxml.styles import WordStyle

GREY, WHITE = "555555", "FFFFFF"

STYLES: tuple[WordStyle, ...] = (
    WordStyle("Box Text", "body", 9.5, after=3, line_spacing=1.4),
    WordStyle("Box Title", "heading", 10.5, bold=True, accent=True, keep=True, heading=4),
    WordStyle("Case Title", "heading", 10.5, bold=True, colour=WHITE, keep=True, heading=4),
    WordStyle("Case Organisation", "heading", 8.5, colour=GREY, align="right"),
    WordStyle("Epigraph", "body", 10, colour="333333", indent=42),
    WordStyle("Attribution", "heading", 9, colour=GREY, align="right"),
    WordStyle("Quote Text", "body", 10, indent=12, after=2),
    WordStyle("Kicker", "heading", 10, colour=GREY, keep=True, after=0),
    WordStyle("Opener Entry", "heading", 11, after=3, leader_tab=16),
    WordStyle("Kicker Char", "heading", 10, colour=GREY, character=True, letter_spacing=60),
    WordStyle("Thanks", "body", 9.5, colour="333333"),
    WordStyle("Pillar Label", "heading", 11, bold=True, accent=True, keep=True, after=1, heading=5),
    WordStyle(
        "Callout Value",
        "heading",
        20,
        bold=True,
        accent=True,
        after=0,
        emphasis="a number (callouts), read with its label",
    ),
    WordStyle("Callout Label", "heading", 8.5, after=0),
    WordStyle("Callout Period", "heading", 8, colour="666666", after=0),
    WordStyle("Statistic", "heading", 10, colour=WHITE, after=2),
    WordStyle(
        "Phase Period",
        "heading",
        9.5,
        bold=True,
        accent=True,
        keep=True,
        after=0,
        emphasis="the period of a phase, in the cell beside the phase's title",
    ),
    WordStyle("Phase Title", "heading", 10.5, bold=True, keep=True, after=2, heading=5),
    WordStyle("Feature Title", "heading", 16, bold=True, colour=WHITE, keep=True, after=2, heading=3),
    WordStyle("Feature Organisation", "heading", 9, colour=WHITE, keep=True, after=0),
    WordStyle("Focus Title", "heading", 11, bold=True, accent=True, keep=True, after=2, heading=4),
    WordStyle("Media Prompt", "heading", 10, accent=True),
)
"""The styles of the report's boxes, quotes, callouts, timelines and chapter openers."""
