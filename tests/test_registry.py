"""The element registry: every kind of block has every piece, from the model to the printed page.

Kinds in the model = directive rules (or Markdown syntax) = text views = DOCX writers = PDF
templates = Word styles present in the reference template = kinds used in the all-elements
fixture. Each check lists what is missing in words that name where to add it; the real
registry must miss nothing, and a made-up kind that has only its model class must be told
every piece it lacks (so that each check is seen to fail).
"""
from __future__ import annotations

import ast
import inspect
import re
import typing
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

import pytest
from docx import Document

from tests.conftest import FIXTURES, ROOT
from toolkit.diagnostics import Diagnostics
from toolkit.messages import Text
from toolkit.model import ELEMENTS, Block, Edition, Node, SourceRef, elements
from toolkit.model.element import TEXT_KINDS, Directive, Element, NoFields, TextContext
from toolkit.model.elements import case, table, wanted
from toolkit.model.block import block_union
from toolkit.model.text import block_lines
from toolkit.readers import read_edition
from toolkit.readers.directives import RULES
from toolkit.render import docx_blocks
from toolkit.render.docx_blocks import WRITERS
from toolkit.validation import RULES as VALIDATION_RULES

PDF_TEMPLATES = ROOT / "templates" / "pdf"
WEB_TEMPLATES = ROOT / "templates" / "web"
REFERENCE_DOCX = ROOT / "templates" / "docx" / "reference.docx"
KINDS = [element.kind for element in ELEMENTS]


# --- the checks: each lists what is missing --------------------------------------------------

def unregistered_blocks(elements: Iterable[Element]) -> list[str]:
    """Block classes of the model (tagged by one ``kind``, with a ``source``) that no element registers."""
    registered = {element.model for element in elements}
    return [f"{cls.__module__}.{cls.__name__}: not registered in toolkit/model/elements/__init__.py ELEMENTS"
            for cls in _subclasses(Node) if cls.__module__.startswith("toolkit.") and _is_block(cls)
            and cls not in registered]


def _is_block(cls: type[Node]) -> bool:
    fields = cls.model_fields
    return "source" in fields and "kind" in fields and len(typing.get_args(fields["kind"].annotation)) == 1


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def directive_problems(elements: Iterable[Element], rules: dict[str, Directive]) -> list[str]:
    """Each kind is read by its own directive, or says which Markdown writes it (the text kinds only)."""
    problems = []
    for element in elements:
        if element.directive is None and element.kind not in TEXT_KINDS:
            problems.append(f"{element.kind}: no directive (Element.directive in its module), and Markdown "
                            f"writes only {sorted(TEXT_KINDS)}")
        elif element.directive is not None and rules.get(element.kind) is not element.directive:
            problems.append(f"{element.kind}: its directive is not the reader's rule “::: {element.kind}” "
                            "(toolkit/readers/directives.py RULES)")
    return problems


def writer_problems(elements: Iterable[Element], writers: dict[str, object]) -> list[str]:
    """Each kind has the DOCX writer it names, registered under its kind."""
    problems = []
    for element in elements:
        writer = writers.get(element.kind)
        if getattr(writer, "__name__", None) != element.docx_writer:
            problems.append(f"{element.kind}: no writer {element.docx_writer} in WRITERS[{element.kind!r}] "
                            "(toolkit/render/docx_blocks.py)")
    return problems


def template_problems(elements: Iterable[Element], pdf_dir: Path, web_dir: Path = WEB_TEMPLATES) -> list[str]:
    """Each kind has its PDF and web templates; each block template belongs to a kind."""
    elements = list(elements)
    kinds = {element.kind for element in elements}
    problems = []
    for name, folder, template in (("PDF", pdf_dir, Element.pdf_template), ("web", web_dir, Element.web_template)):
        problems += [f"{element.kind}: no {name} template templates/{folder.name}/{template.fget(element)}"
                     for element in elements if not (folder / template.fget(element)).is_file()]
        problems += [f"templates/{folder.name}/blocks/{path.name}: a template of no registered kind"
                     for path in sorted((folder / "blocks").glob("*.html"))
                     if not path.name.startswith("_") and path.stem not in kinds]
    return problems


def style_problems(elements: Iterable[Element], template_styles: set[str]) -> list[str]:
    """Each Word style an element declares is in the reference template."""
    return [f"{element.kind}: style “{style}” is not in templates/docx/reference.docx "
            "(define it in tools/build_docx_template.py and run it)"
            for element in elements for style in element.docx_styles if style not in template_styles]


def undeclared_styles(elements: Iterable[Element], writers: dict[str, object],
                      template_styles: set[str]) -> list[str]:
    """Each style a writer names (in its code or its module's helpers it calls) is declared by its element."""
    problems = []
    for element in elements:
        writer = writers.get(element.kind)
        if writer is None:
            continue
        named = _strings_of(writer, set(writers.values())) & template_styles
        name = getattr(writer, "__name__", writer)
        problems += [f"{element.kind}: {name} uses style “{style}”, not in its Element.docx_styles"
                     for style in sorted(named - set(element.docx_styles))]
    return problems


def _strings_of(function: object, writers: set[object], seen: set[str] | None = None) -> set[str]:
    """String constants in ``function`` and in the private helpers of its module it calls (not other writers)."""
    seen = set() if seen is None else seen
    tree = ast.parse(inspect.getsource(function))  # type: ignore[arg-type]
    module = inspect.getmodule(function)
    found = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id not in seen:
            helper = getattr(module, node.func.id, None)
            if inspect.isfunction(helper) and helper.__module__ == module.__name__ and helper not in writers:
                seen.add(node.func.id)
                found |= _strings_of(helper, writers, seen)
    return found


_PICTURE = re.compile(r"<img\b[^>]*>|\b(?:qr_svg|chart_svg)\([^)]*\)")
"""A picture in a PDF template: an image, or a QR code's or a chart's SVG."""


def alt_problems(elements: Iterable[Element], templates: dict[str, str]) -> list[str]:
    """Each picture a block template draws takes its alternative from ``alt_text(...)``; a kind whose
    template asks ``alt_text(block)`` says its alternative (``Element.alt``), and one that says it uses it."""
    problems = []
    for element in elements:
        text = templates.get(element.kind, "")
        problems += [f"{element.kind}: {element.pdf_template} draws “{match}” without alt_text(...)"
                     for match in _PICTURE.findall(text) if "alt_text(" not in match]
        asked = "alt_text(block)" in text
        if asked and element.alt is None:
            problems.append(f"{element.kind}: its template asks alt_text(block), but its element says no "
                            "alternative (Element.alt in its module)")
        elif element.alt is not None and not asked:
            problems.append(f"{element.kind}: Element.alt is given, but {element.pdf_template} never uses it")
    return problems


def writer_alt_problems(elements: Iterable[Element], writers: dict[str, object]) -> list[str]:
    """The DOCX writer of a kind that prints a picture gives the picture its alternative (``alt_text``)."""
    return [f"{e.kind}: {getattr(writers[e.kind], '__name__', e.kind)} draws a picture without alt_text(...)"
            for e in elements if e.alt is not None and e.kind in writers
            and "alt_text(" not in inspect.getsource(writers[e.kind])]  # type: ignore[arg-type]


def _templates(elements: Iterable[Element]) -> dict[str, str]:
    return {e.kind: (PDF_TEMPLATES / e.pdf_template).read_text(encoding="utf-8") for e in elements
            if (PDF_TEMPLATES / e.pdf_template).is_file()}


def fixture_problems(elements: Iterable[Element], used: set[str]) -> list[str]:
    """The all-elements fixture uses every kind, and no kind the registry lacks."""
    kinds = {element.kind for element in elements}
    return ([f"{kind}: not used in tests/fixtures/editions/all-elements/" for kind in sorted(kinds - used)] +
            [f"{kind}: used in the fixture but not registered" for kind in sorted(used - kinds)])


def silent_kinds(edition: Edition) -> list[str]:
    """Kinds whose text view prints nothing for a block of the fixture (gone from ``compile text``)."""
    silent = []
    for kind, block in sorted(_first_of_each_kind(edition).items()):
        if not any(line.strip() for line in block_lines(edition, block)):
            silent.append(f"{kind}: its text view prints nothing (``text`` in its element module)")
    return silent


def _first_of_each_kind(edition: Edition) -> dict[str, Block]:
    blocks = [b for _, b in edition.walk()] + [b for _, b in edition.walk_cases()]
    first: dict[str, Block] = {}
    for block in blocks:
        first.setdefault(block.kind, block)
    return first


# --- the registry as it is ------------------------------------------------------------------------

def _all_elements() -> Edition:
    diagnostics = Diagnostics()
    edition = read_edition(FIXTURES / "all-elements", diagnostics)
    assert edition is not None and diagnostics.codes() == []
    return edition


def _template_styles() -> set[str]:
    return {style.name for style in Document(str(REFERENCE_DOCX)).styles}


def test_the_registry_holds_the_model_s_block_kinds_once_each() -> None:
    union = typing.get_args(typing.get_args(block_union())[0])
    assert [cls.model_fields["kind"].default for cls in union] == KINDS
    assert sorted(set(KINDS)) == sorted(KINDS) and {"paragraph", "figure", "quote-wall"} <= set(KINDS)
    assert unregistered_blocks(ELEMENTS) == []


def test_every_kind_has_its_directive_or_its_markdown_syntax() -> None:
    assert directive_problems(ELEMENTS, RULES) == []
    assert sorted(RULES) == sorted(set(KINDS) - TEXT_KINDS)
    assert {e.kind: e.markdown is not None for e in ELEMENTS if e.directive is None} == \
        {"paragraph": True, "heading": True, "list": True}


def test_every_kind_has_its_docx_writer_and_pdf_and_web_templates() -> None:
    assert writer_problems(ELEMENTS, WRITERS) == []
    assert sorted(WRITERS) == sorted(KINDS)
    assert template_problems(ELEMENTS, PDF_TEMPLATES) == []


def test_every_picture_has_its_text_alternative_from_its_element() -> None:
    assert alt_problems(ELEMENTS, _templates(ELEMENTS)) == []
    assert writer_alt_problems(ELEMENTS, WRITERS) == []
    assert writer_alt_problems(ELEMENTS, {**WRITERS, "media": docx_blocks.write_callout}) == [
        "media: write_callout draws a picture without alt_text(...)"]
    assert sorted(e.kind for e in ELEMENTS if e.alt is not None) == ["chart", "figure", "media"]


def test_every_style_an_element_uses_is_declared_and_in_the_reference_template() -> None:
    styles = _template_styles()
    assert style_problems(ELEMENTS, styles) == []
    assert undeclared_styles(ELEMENTS, WRITERS, styles) == []
    assert {"Case Title", "Callout Value", "Phase Period"} <= {s for e in ELEMENTS for s in e.docx_styles}


def test_the_all_elements_fixture_uses_every_kind_and_each_prints_its_words() -> None:
    edition = _all_elements()
    used = set(_first_of_each_kind(edition))
    assert fixture_problems(ELEMENTS, used) == []
    assert silent_kinds(edition) == []
    assert "【待补充：案例】" in list(block_lines(edition, _first_of_each_kind(edition)["wanted"]))


def test_each_element_s_checks_run_first_in_validation() -> None:
    declared = [check for element in ELEMENTS for check in element.checks]
    assert {table.check_reference, case.check_placement, wanted.check_listed} <= set(declared)
    assert VALIDATION_RULES[:len(declared)] == declared


# --- a kind that has only its model class is told every piece it lacks ----------------------------

class Map(Node):
    """A made-up element: a map, with nothing but its model class."""

    kind: Literal["map"] = "map"
    caption: str
    source: SourceRef


def _map_text(block: Map, ctx: TextContext) -> Iterator[str]:
    yield from ()


def _build_map(*args: object) -> None:
    return None


MAP = Element(model=Map, directive=Directive("map", NoFields, _build_map, Text("地图", "a map")), text=_map_text,
              docx_writer="write_map", docx_styles=("Map Caption", "Caption"))


def test_a_kind_with_only_its_model_class_is_told_each_missing_piece() -> None:
    elements = [*ELEMENTS, MAP]
    assert directive_problems(elements, RULES) == [
        "map: its directive is not the reader's rule “::: map” (toolkit/readers/directives.py RULES)"]
    assert writer_problems(elements, WRITERS) == ["map: no writer write_map in WRITERS['map'] "
                                                  "(toolkit/render/docx_blocks.py)"]
    assert template_problems(elements, PDF_TEMPLATES) == ["map: no PDF template templates/pdf/blocks/map.html",
                                                          "map: no web template templates/web/blocks/map.html"]
    assert style_problems(elements, _template_styles()) == [
        "map: style “Map Caption” is not in templates/docx/reference.docx (define it in "
        "tools/build_docx_template.py and run it)"]
    assert fixture_problems(elements, {e.kind for e in ELEMENTS}) == [
        "map: not used in tests/fixtures/editions/all-elements/"]
    assert unregistered_blocks([e for e in ELEMENTS if e.kind != "quote-wall"]) == [
        "toolkit.model.elements.quote_wall.QuoteWall: not registered in toolkit/model/elements/__init__.py ELEMENTS"]


def test_a_picture_without_its_alternative_is_told() -> None:
    templates = {"map": '<img src="{{ asset_url(block.src) }}" alt="{{ block.caption }}">{{ qr_svg(block.url) }}',
                 "figure": "<img>"}
    figure = elements.BY_KIND["figure"]
    assert alt_problems([MAP, figure], templates) == [
        "map: blocks/map.html draws “<img src=\"{{ asset_url(block.src) }}\" alt=\"{{ block.caption }}\">” "
        "without alt_text(...)",
        "map: blocks/map.html draws “qr_svg(block.url)” without alt_text(...)",
        "figure: blocks/figure.html draws “<img>” without alt_text(...)",
        "figure: Element.alt is given, but blocks/figure.html never uses it"]
    assert alt_problems([MAP], {"map": '<img alt="{{ alt_text(block) }}">'}) == [
        "map: its template asks alt_text(block), but its element says no alternative (Element.alt in its module)"]


def test_a_writer_using_a_style_its_element_does_not_declare_is_told() -> None:
    quote = next(e for e in ELEMENTS if e.kind == "quote")
    shy = Element(model=quote.model, directive=quote.directive, text=quote.text, docx_writer="write_quote",
                  docx_styles=("Quote Text",))
    assert undeclared_styles([shy], WRITERS, _template_styles()) == [
        "quote: write_quote uses style “Attribution”, not in its Element.docx_styles"]
    assert "Attribution" in _strings_of(docx_blocks.write_quote, set())


def test_a_text_view_that_prints_nothing_is_told(monkeypatch: pytest.MonkeyPatch) -> None:
    edition = _all_elements()
    chart = elements.BY_KIND["chart"]
    silent = Element(model=chart.model, directive=chart.directive, text=_map_text, docx_writer="write_chart",
                     docx_styles=())
    monkeypatch.setitem(elements.BY_KIND, "chart", silent)
    assert silent_kinds(edition) == ["chart: its text view prints nothing (``text`` in its element module)"]


def test_a_kind_without_its_web_template_is_told(tmp_path: Path) -> None:
    web = tmp_path / "web"
    (web / "blocks").mkdir(parents=True)
    for element in ELEMENTS:
        if element.kind != "timeline":
            (web / element.web_template).write_text("", encoding="utf-8")
    (web / "blocks" / "globe.html").write_text("", encoding="utf-8")
    assert template_problems(ELEMENTS, PDF_TEMPLATES, web) == [
        "timeline: no web template templates/web/blocks/timeline.html",
        "templates/web/blocks/globe.html: a template of no registered kind"]
