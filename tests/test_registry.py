"""The element registry: one test run names every piece a kind of block lacks, one line per piece, with the file.

A kind is one module of ``toolkit/model/elements/`` (found and registered without a list). From there,
each renderer registers its own pieces by the kind: ``templates/pdf/blocks/<kind>.html`` and
``templates/web/blocks/<kind>.html`` with a CSS class styled in their stylesheet, a DOCX writer
``@docx_writer("<kind>", <its Word styles>)`` in ``toolkit/render/docx_blocks.py``, the styles (with their
theme roles) in ``templates/docx/reference.docx``; then a use of it in the all-elements fixture and its
section in the generated ``docs/directives.md``. :func:`registry_problems` checks all of it at once; the real
registry must miss nothing (``test_every_kind_has_every_piece``), and a made-up kind that has nothing but its
model class is told every piece it lacks (so that each check is seen to fail).
"""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import re
import textwrap
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType
from typing import Literal

import pytest
from docx import Document

import toolkit.model
from tests.conftest import FIXTURES, ROOT
from toolkit.diagnostics import Diagnostics
from toolkit.messages import Text
from toolkit.model import BY_KIND, ELEMENTS, Edition, Node, SourceRef, elements
from toolkit.model.block import block_union
from toolkit.model.element import TEXT_KINDS, Directive, Element, Fields, NoFields, TextContext
from toolkit.model.elements import case, element_modules, table, wanted
from toolkit.model.text import block_lines
from toolkit.ooxml.styles import WordStyle, theme_roles
from toolkit.readers import read_edition
from toolkit.readers.directives import RULES
from toolkit.render import docx_blocks
from toolkit.render.docx_blocks import WRITERS, DocxWriter
from toolkit.render.docx_styles import STYLES
from toolkit.validation import RULES as VALIDATION_RULES

TEMPLATES = ROOT / "templates"
REFERENCE_DOCX = TEMPLATES / "docx" / "reference.docx"
DIRECTIVES_DOC = ROOT / "docs" / "directives.md"
KINDS = [element.kind for element in ELEMENTS]
FIXTURE = "tests/fixtures/editions/all-elements/"
TEMPLATE_TOOL = "run .venv/bin/python tools/build_docx_template.py"


@dataclass(frozen=True)
class Renderer:
    """A renderer's templates: where they are, their stylesheet, and whether the outer tag names its source."""

    name: str
    folder: Path
    stylesheet: Path
    sourced: bool = False
    """The outer tag carries ``{{ src(block.source) }}`` (the web edition: the preview and reviewers use it)."""


PDF = Renderer("PDF", TEMPLATES / "pdf", TEMPLATES / "pdf" / "report.css")
WEB = Renderer("web", TEMPLATES / "web", TEMPLATES / "web" / "static" / "web.css", sourced=True)


@dataclass
class Registry:
    """Everything the checks read: the elements and each renderer's pieces (a test swaps in made-up ones)."""

    elements: list[Element]
    unregistered: list[type[Node]] = field(default_factory=list)
    """Block classes of element modules that no ``ELEMENT`` registers."""
    modules: list[ModuleType] = field(default_factory=list)
    writers: dict[str, DocxWriter] = field(default_factory=dict)
    template_styles: dict[str, tuple[str, bool]] = field(default_factory=dict)
    """Each paragraph and character style of the reference template, with its roles (font, accent)."""
    renderers: tuple[Renderer, ...] = (PDF, WEB)
    fixture_kinds: set[str] = field(default_factory=set)
    directive_reference: str = ""


# --- the checks: each lists what is missing, naming the file to edit ---------------------------------------


def registration_problems(registry: Registry) -> Iterator[str]:
    """Every module of ``toolkit/model/elements/`` registers an ``ELEMENT``; every block class is an element's."""
    for module in registry.modules:
        if not isinstance(getattr(module, "ELEMENT", None), Element):
            path = f"toolkit/model/elements/{module.__name__.rsplit('.', 1)[-1]}.py"
            yield (
                f"{path}: no ELEMENT = Element(model=..., directive=Directive(...), text=...) (every module "
                "there is an element; a helper's name starts with _)"
            )
    for cls in registry.unregistered:
        yield f"{_kind_of(cls)}: {cls.__module__}.{cls.__name__} is registered by no ELEMENT (in its module)"
    names = [e.model.__name__ for e in registry.elements]
    for element in registry.elements:
        if names.count(element.model.__name__) > 1:
            yield (
                f"{element.kind}: another element's class is also named {element.model.__name__} (renderers import "
                "them by name from toolkit.model)"
            )


def directive_problems(registry: Registry) -> Iterator[str]:
    """Each kind is read by its own directive, or says which Markdown writes it (the text kinds only); each
    directive field has a docstring (the directive reference prints it)."""
    for element in registry.elements:
        if element.directive is None and element.kind not in TEXT_KINDS:
            yield (
                f"{element.kind}: no directive (Element.directive in its module), and Markdown writes only "
                f"{sorted(TEXT_KINDS)}"
            )
        elif element.directive is not None and RULES.get(element.kind) is not element.directive:
            yield (
                f"{element.kind}: its directive is not the reader's rule “::: {element.kind}” "
                "(its Directive's name must be its kind)"
            )
        if element.directive is not None:
            for name, info in element.directive.fields.model_fields.items():
                if not info.description:
                    yield (
                        f"{element.kind}: field “{name}” of {element.directive.fields.__name__} has no docstring "
                        f"(a string under it: {_module_path(element)}; docs/directives.md prints it)"
                    )


def writer_problems(registry: Registry) -> Iterator[str]:
    """Each kind has its DOCX writer; each writer's kind is registered; its pictures have their alternative."""
    kinds = {element.kind for element in registry.elements}
    for kind in _all_kinds(registry):
        if kind not in registry.writers:
            yield (
                f"{kind}: no DOCX writer: def write_{kind.replace('-', '_')}(ctx, block) under "
                f'@docx_writer("{kind}", <the Word styles it uses>) in toolkit/render/docx_blocks.py '
                f"(then {TEMPLATE_TOOL[4:]} adds its own styles to templates/docx/reference.docx)"
            )
    for kind, writer in registry.writers.items():
        if kind not in kinds:
            yield f"{kind}: {writer.write.__name__} writes a kind no element registers (toolkit/render/docx_blocks.py)"
    for element in registry.elements:
        writer = registry.writers.get(element.kind)
        if writer is not None and element.alt is not None and "alt_text(" not in inspect.getsource(writer.write):
            yield (
                f"{element.kind}: {writer.write.__name__} draws a picture without alt_text(...) "
                "(toolkit/render/docx_blocks.py)"
            )


def style_problems(registry: Registry) -> Iterator[str]:
    """Each style a writer uses is listed in its ``@docx_writer``, declared once (or python-docx's own), and in
    the reference template with the theme roles it is declared with (heading or body font, accent colour)."""
    template = registry.template_styles
    declared = {spec.name: spec for spec in STYLES}
    for kind, writer in registry.writers.items():
        for spec in writer.defines:
            if spec.name in declared:
                yield (
                    f"{kind}: Word style “{spec.name}” is declared twice (toolkit/render/docx_styles.py or another "
                    "writer's @docx_writer): name the shared one instead"
                )
            declared[spec.name] = spec
    for kind, writer in registry.writers.items():
        own = f'@docx_writer("{kind}", ...) in toolkit/render/docx_blocks.py'
        for style in writer.styles:
            spec = declared.get(style)
            if style not in template:
                where = (
                    TEMPLATE_TOOL if spec else f'declare it there: WordStyle("{style}", font=..., size=...) in {own}'
                )
                yield f"{kind}: Word style “{style}” is not in templates/docx/reference.docx ({where})"
            elif spec is not None and template[style] != (spec.font, spec.accent):
                font, accent = template[style]
                yield (
                    f"{kind}: Word style “{style}” is declared with the {spec.font} font"
                    f"{' and the accent colour' if spec.accent else ''}, but the template has the {font} font"
                    f"{' and the accent colour' if accent else ''} ({TEMPLATE_TOOL})"
                )
        for spec in writer.defines:
            if spec.bold and spec.heading is None and not spec.emphasis:
                yield (
                    f"{kind}: Word style “{spec.name}” is bold: give it heading=<level> if it titles what follows, "
                    f'else emphasis="why it is no heading" (Word and screen readers take bold lines for headings)'
                )
        named = _strings_of(writer.write, {w.write for w in registry.writers.values()}) & (
            set(template) | set(declared)
        )
        for style in sorted(named - set(writer.styles)):
            yield f"{kind}: {writer.write.__name__} uses Word style “{style}”, not listed in its {own}"


def template_problems(registry: Registry) -> Iterator[str]:
    """Each kind has its PDF and web templates, whose outer tag has a class its stylesheet styles (and on the web
    names its source); each block template belongs to a kind; every picture takes its text alternative."""
    kinds = _all_kinds(registry)
    markdown = {e.kind for e in registry.elements if e.directive is None}
    alts = {e.kind: e.alt is not None for e in registry.elements}
    for renderer in registry.renderers:
        folder = f"templates/{renderer.folder.name}"
        css = renderer.stylesheet.read_text(encoding="utf-8")
        stylesheet = renderer.stylesheet.relative_to(ROOT).as_posix()
        for kind in kinds:
            path = renderer.folder / "blocks" / f"{kind}.html"
            if not path.is_file():
                yield (
                    f"{kind}: no {renderer.name} template {folder}/blocks/{kind}.html (its outer tag with a class "
                    f"styled in {stylesheet}{SOURCED if renderer.sourced else ''})"
                )
                continue
            text = path.read_text(encoding="utf-8")
            tag = outer_tag(text)
            css_class = _first_class(tag)
            if kind not in markdown and css_class is None:
                yield (
                    f"{kind}: the outer tag of {folder}/blocks/{kind}.html has no class (its look goes in {stylesheet})"
                )
            elif css_class is not None and not re.search(rf"\.{re.escape(css_class)}(?![\w-])", css):
                yield f"{kind}: class “{css_class}” of {folder}/blocks/{kind}.html is styled nowhere in {stylesheet}"
            if renderer.sourced and "src(" not in tag:
                yield (
                    f"{kind}: the outer tag of {folder}/blocks/{kind}.html lacks {{{{ src(block.source) }}}} "
                    "(the preview and reviewers find its source by it)"
                )
            yield from _alt_problems(kind, f"{folder}/blocks/{kind}.html", text, alts.get(kind, False))
        for path in sorted((renderer.folder / "blocks").glob("*.html")):
            if not path.name.startswith("_") and path.stem not in kinds:
                yield f"{folder}/blocks/{path.name}: a template of no registered kind"


SOURCED = " and {{ src(block.source) }}"
"""What a web template's outer tag carries besides its class."""

_PICTURE = re.compile(r"<img\b[^>]*>|\b(?:qr_svg|chart_svg)\([^)]*\)")
"""A picture in a block template: an image, or a QR code's or a chart's SVG."""


def _alt_problems(kind: str, path: str, text: str, has_alt: bool) -> Iterator[str]:
    """Each picture a template draws takes its alternative from ``alt_text(...)``; a kind whose template asks
    ``alt_text(block)`` says its alternative (``Element.alt``), and one that says it uses it."""
    yield from (
        f"{kind}: {path} draws “{match}” without alt_text(...)"
        for match in _PICTURE.findall(text)
        if "alt_text(" not in match
    )
    asked = "alt_text(block)" in text
    if asked and not has_alt:
        yield f"{kind}: {path} asks alt_text(block), but its element says no alternative (Element.alt in its module)"
    elif has_alt and not asked:
        yield f"{kind}: Element.alt is given, but {path} never uses it (alt_text(block))"


def fixture_problems(registry: Registry) -> Iterator[str]:
    """The all-elements fixture uses every kind, and no kind the registry lacks."""
    kinds = set(_all_kinds(registry))
    yield from (
        f"{kind}: not used in {FIXTURE} (a chapter there, or a case)" for kind in sorted(kinds - registry.fixture_kinds)
    )
    yield from (f"{kind}: used in {FIXTURE} but not registered" for kind in sorted(registry.fixture_kinds - kinds))


def reference_problems(registry: Registry) -> Iterator[str]:
    """Each directive has its section in the generated directive reference."""
    for element in registry.elements:
        if element.directive is not None and f"\n## `{element.directive.name}`\n" not in registry.directive_reference:
            yield f"{element.kind}: no section in docs/directives.md (run .venv/bin/python -m toolkit.docs)"
    for cls in registry.unregistered:  # told now, so that the first run names every piece
        if f"\n## `{_kind_of(cls)}`\n" not in registry.directive_reference:
            yield (
                f"{_kind_of(cls)}: no section in docs/directives.md (once its ELEMENT has a directive: run "
                ".venv/bin/python -m toolkit.docs)"
            )


def silent_kinds(edition: Edition) -> list[str]:
    """Kinds whose text view prints nothing for a block of the fixture (gone from ``compile text``)."""
    return [
        f"{kind}: its text view prints nothing (text(block, ctx) in toolkit/model/elements/)"
        for kind, block in sorted(_first_of_each_kind(edition).items())
        if not any(line.strip() for line in block_lines(edition, block))
    ]


CHECKS = (
    registration_problems,
    directive_problems,
    writer_problems,
    style_problems,
    template_problems,
    fixture_problems,
    reference_problems,
)


def registry_problems(registry: Registry) -> list[str]:
    """Every piece missing from every kind, one line each."""
    return [problem for check in CHECKS for problem in check(registry)]


# --- helpers ------------------------------------------------------------------------------------------------


def outer_tag(template: str) -> str:
    """The first HTML tag of a template, Jinja statements, comments and expressions inside it kept."""
    text = re.sub(r"\{#.*?#\}", "", template, flags=re.S)
    text = re.sub(r"\{%.*?%\}", lambda m: "" if m.start() < text.find("<") else m.group(0), text, flags=re.S)
    start = re.search(r"<(?![/!])", text)
    if start is None:
        return ""
    depth, index = 0, start.start()
    while index < len(text):
        if text.startswith(("{{", "{%"), index):
            depth += 1
            index += 2
            continue
        if text.startswith(("}}", "%}"), index):
            depth -= 1
            index += 2
            continue
        if text[index] == ">" and depth == 0:
            return text[start.start() : index + 1]
        index += 1
    return text[start.start() :]


def _first_class(tag: str) -> str | None:
    match = re.search(r'\sclass="([\w-]+)(?=["\s]|\{%)', tag)  # not a class made up of an expression
    return match.group(1) if match else None


def _kind_of(cls: type[Node]) -> str:
    return str(cls.model_fields["kind"].default)


def _all_kinds(registry: Registry) -> list[str]:
    return [e.kind for e in registry.elements] + [_kind_of(cls) for cls in registry.unregistered]


def _module_path(element: Element) -> str:
    return element.model.__module__.replace(".", "/") + ".py"


def _strings_of(function: object, writers: set[object], seen: set[str] | None = None) -> set[str]:
    """String constants in ``function`` and in the private helpers of its module it calls (not other writers)."""
    seen = set() if seen is None else seen
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))  # type: ignore[arg-type]
    module = inspect.getmodule(function)
    found = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id not in seen:
            helper = getattr(module, node.func.id, None)
            if inspect.isfunction(helper) and helper.__module__ == module.__name__ and helper not in writers:
                seen.add(node.func.id)
                found |= _strings_of(helper, writers, seen)
    return found


def _is_block(cls: type) -> bool:
    fields = getattr(cls, "model_fields", {})
    return "source" in fields and "kind" in fields and len(typing.get_args(fields["kind"].annotation)) == 1


def _unregistered(modules: Iterable[ModuleType], elements: Iterable[Element]) -> list[type[Node]]:
    registered = {element.model for element in elements}
    return [
        cls
        for module in modules
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if cls.__module__ == module.__name__ and _is_block(cls) and cls not in registered
    ]


def _first_of_each_kind(edition: Edition) -> dict[str, Node]:
    first: dict[str, Node] = {}
    for _, block in [*edition.walk(), *edition.walk_cases()]:
        first.setdefault(block.kind, block)
    return first


def _all_elements() -> Edition:
    diagnostics = Diagnostics()
    edition = read_edition(FIXTURES / "all-elements", diagnostics)
    assert edition is not None and diagnostics.codes() == []
    return edition


def _template_styles() -> dict[str, tuple[str, bool]]:
    return {
        style.name: theme_roles(style) for style in Document(str(REFERENCE_DOCX)).styles if style.type in (1, 2, 3)
    }  # paragraph, character and table styles


def the_registry() -> Registry:
    """The registry as it is."""
    modules = element_modules()
    return Registry(
        list(ELEMENTS),
        _unregistered(modules, ELEMENTS),
        modules,
        dict(WRITERS),
        _template_styles(),
        fixture_kinds=set(_first_of_each_kind(_all_elements())),
        directive_reference=DIRECTIVES_DOC.read_text(encoding="utf-8"),
    )


# --- the registry as it is ----------------------------------------------------------------------------------


def test_every_kind_has_every_piece() -> None:
    problems = registry_problems(the_registry())
    assert not problems, "\n".join(["pieces missing:", *problems])


def test_the_block_union_is_the_registry_s_kinds_once_each() -> None:
    union = typing.get_args(typing.get_args(block_union())[0])
    assert (
        [cls.model_fields["kind"].default for cls in union] == KINDS == sorted(KINDS, key=lambda k: k.replace("-", "_"))
    )
    assert {"paragraph", "figure", "quote-wall"} <= set(KINDS) and sorted(RULES) == sorted(set(KINDS) - TEXT_KINDS)
    assert all(getattr(toolkit.model, e.model.__name__) is e.model for e in ELEMENTS)  # importable by name
    assert {e.kind: e.markdown is not None for e in ELEMENTS if e.directive is None} == {
        "paragraph": True,
        "heading": True,
        "list": True,
    }


def test_the_all_elements_fixture_prints_the_words_of_every_kind() -> None:
    edition = _all_elements()
    assert silent_kinds(edition) == []
    assert "【待补充：案例】" in list(block_lines(edition, _first_of_each_kind(edition)["wanted"]))


def test_each_element_s_checks_run_first_in_validation() -> None:
    declared = [check for element in ELEMENTS for check in element.checks]
    assert {table.check_reference, case.check_placement, wanted.check_listed} <= set(declared)
    assert VALIDATION_RULES[: len(declared)] == declared


def test_every_writer_declares_the_styles_it_uses_and_the_template_has_them_in_their_roles() -> None:
    styles = _template_styles()
    assert styles["Box Title"] == ("heading", True) and styles["Quote Text"] == ("body", False)
    assert styles["Heading 1"] == ("heading", True) and styles["Normal"] == ("body", False)
    assert {"Case Title", "Callout Value", "Phase Period"} <= {s for w in WRITERS.values() for s in w.styles}


# --- a kind that has nothing but its model class is told each missing piece ---------------------------------


class Map(Node):
    """A made-up element: a map, with nothing but its model class."""

    kind: Literal["map"] = "map"
    caption: str
    source: SourceRef


def _map_text(block: Map, ctx: TextContext) -> Iterator[str]:
    yield from ()


class MapFields(Fields):
    caption: str


def _build_map(*args: object) -> None:
    return None


MAP = Element(model=Map, directive=Directive("map", MapFields, _build_map, Text("地图", "a map")), text=_map_text)


def _made_up(**changes: object) -> Registry:
    registry = the_registry()
    return replace(registry, **changes)  # type: ignore[arg-type]


@functools.cache
def _real_problems() -> frozenset[str]:
    return frozenset(registry_problems(the_registry()))


def _told(problems: Iterable[str]) -> list[str]:
    """What a made-up registry is told beyond the real one's own problems: a kind being added meanwhile fails
    ``test_every_kind_has_every_piece`` only, and these tests keep proving each check."""
    return [problem for problem in problems if problem not in _real_problems()]


def test_a_kind_with_only_its_model_class_is_told_each_missing_piece() -> None:
    module = ModuleType("toolkit.model.elements.map")
    registry = _made_up(unregistered=[Map], modules=[*element_modules(), module])
    assert _told(registry_problems(registry)) == [
        "toolkit/model/elements/map.py: no ELEMENT = Element(model=..., directive=Directive(...), text=...) (every "
        "module there is an element; a helper's name starts with _)",
        "map: tests.test_registry.Map is registered by no ELEMENT (in its module)",
        'map: no DOCX writer: def write_map(ctx, block) under @docx_writer("map", <the Word styles it uses>) in '
        "toolkit/render/docx_blocks.py (then .venv/bin/python tools/build_docx_template.py adds its own styles to "
        "templates/docx/reference.docx)",
        "map: no PDF template templates/pdf/blocks/map.html (its outer tag with a class styled in "
        "templates/pdf/report.css)",
        "map: no web template templates/web/blocks/map.html (its outer tag with a class styled in "
        "templates/web/static/web.css and {{ src(block.source) }})",
        "map: not used in tests/fixtures/editions/all-elements/ (a chapter there, or a case)",
        "map: no section in docs/directives.md (once its ELEMENT has a directive: run .venv/bin/python -m "
        "toolkit.docs)",
    ]


def test_a_registered_kind_is_told_its_directive_docs_writer_styles_templates_and_css(tmp_path: Path) -> None:
    pdf, web = tmp_path / "pdf", tmp_path / "web"
    for renderer, folder in ((PDF, pdf), (WEB, web)):
        (folder / "blocks").mkdir(parents=True)
        for template in (renderer.folder / "blocks").glob("*.html"):  # those of a kind being added too, if any
            (folder / "blocks" / template.name).write_text(template.read_text(encoding="utf-8"), encoding="utf-8")
        (folder / "blocks" / "map.html").write_text(
            '<figure class="map-frame">\n<img src="x">\n</figure>\n', encoding="utf-8"
        )
    renderers = (replace(PDF, folder=pdf), replace(WEB, folder=web))

    def write_map(ctx: object, block: Map) -> None:
        ctx.paragraph("Map Caption")  # type: ignore[attr-defined]
        ctx.paragraph("Caption")  # type: ignore[attr-defined]

    writer = DocxWriter("map", write_map, ("Map Caption",), (WordStyle("Map Caption", "heading", 9, accent=True),))
    registry = _made_up(elements=[*ELEMENTS, MAP], writers={**WRITERS, "map": writer}, renderers=renderers)
    assert _told(registry_problems(registry)) == [
        "map: its directive is not the reader's rule “::: map” (its Directive's name must be its kind)",
        "map: field “caption” of MapFields has no docstring (a string under it: tests/test_registry.py; "
        "docs/directives.md prints it)",
        "map: Word style “Map Caption” is not in templates/docx/reference.docx (run .venv/bin/python "
        "tools/build_docx_template.py)",
        'map: write_map uses Word style “Caption”, not listed in its @docx_writer("map", ...) in '
        "toolkit/render/docx_blocks.py",
        "map: class “map-frame” of templates/pdf/blocks/map.html is styled nowhere in templates/pdf/report.css",
        'map: templates/pdf/blocks/map.html draws “<img src="x">” without alt_text(...)',
        "map: class “map-frame” of templates/web/blocks/map.html is styled nowhere in templates/web/static/web.css",
        "map: the outer tag of templates/web/blocks/map.html lacks {{ src(block.source) }} (the preview and "
        "reviewers find its source by it)",
        'map: templates/web/blocks/map.html draws “<img src="x">” without alt_text(...)',
        "map: not used in tests/fixtures/editions/all-elements/ (a chapter there, or a case)",
        "map: no section in docs/directives.md (run .venv/bin/python -m toolkit.docs)",
    ]


def test_a_style_in_the_wrong_role_an_unstyled_template_and_a_picture_without_alternative_are_told(
    tmp_path: Path,
) -> None:
    quote = WRITERS["quote"]
    roles = _made_up(template_styles={**_template_styles(), "Quote Text": ("heading", True)})
    assert [p for p in _told(style_problems(roles)) if p.startswith("quote:")] == [
        "quote: Word style “Quote Text” is declared with the body font, but the template has the heading font and "
        "the accent colour (run .venv/bin/python tools/build_docx_template.py)"
    ]
    bold = DocxWriter(
        "quote", quote.write, (*quote.styles, "Big Quote"), (WordStyle("Big Quote", "heading", 16, bold=True),)
    )
    assert [p for p in _told(style_problems(_made_up(writers={**WRITERS, "quote": bold}))) if "bold" in p] == [
        "quote: Word style “Big Quote” is bold: give it heading=<level> if it titles what follows, else "
        'emphasis="why it is no heading" (Word and screen readers take bold lines for headings)'
    ]
    twice = DocxWriter("quote", quote.write, quote.styles, (WordStyle("Quote Text", "body", 10),))
    assert _told(style_problems(_made_up(writers={**WRITERS, "quote": twice}))) == [
        "quote: Word style “Quote Text” is declared twice (toolkit/render/docx_styles.py or another writer's "
        "@docx_writer): name the shared one instead"
    ]
    shy = _made_up(writers={**WRITERS, "quote": DocxWriter("quote", quote.write, ("Quote Text",), ())})
    assert _told(style_problems(shy)) == [
        'quote: write_quote uses Word style “Attribution”, not listed in its @docx_writer("quote", ...) in '
        "toolkit/render/docx_blocks.py"
    ]
    no_alt = _made_up(writers={**WRITERS, "media": DocxWriter("media", docx_blocks.write_callout, (), ())})
    assert _told(writer_problems(no_alt)) == [
        "media: write_callout draws a picture without alt_text(...) (toolkit/render/docx_blocks.py)"
    ]
    assert list(_alt_problems("figure", "blocks/figure.html", "<img>", True)) == [
        "figure: blocks/figure.html draws “<img>” without alt_text(...)",
        "figure: Element.alt is given, but blocks/figure.html never uses it (alt_text(block))",
    ]
    assert list(_alt_problems("map", "blocks/map.html", '<img alt="{{ alt_text(block) }}">', False)) == [
        "map: blocks/map.html asks alt_text(block), but its element says no alternative (Element.alt in its module)"
    ]


def test_the_outer_tag_of_each_template_is_found() -> None:
    assert (
        outer_tag('{% set table = tables[block.table_id] %}\n<figure class="chart" id="{{ block.id }}">\n')
        == '<figure class="chart" id="{{ block.id }}">'
    )
    assert (
        outer_tag('<h{{ block.level }} class="heading-{{ block.level }}"{{ src(block.source) }}>x</h{{ x }}>')
        == '<h{{ block.level }} class="heading-{{ block.level }}"{{ src(block.source) }}>'
    )
    assert _first_class('<div class="callout{% if block.awaiting %} callout-awaiting{% endif %}">') == "callout"


def test_two_writers_of_one_kind_and_two_elements_of_one_kind_are_errors() -> None:
    with pytest.raises(TypeError, match="two DOCX writers of “quote”"):
        docx_blocks.docx_writer("quote")(lambda ctx, block: None)
    quote = importlib.import_module("toolkit.model.elements.quote")
    with pytest.raises(
        TypeError, match="“quote” is claimed by toolkit.model.elements.quote and toolkit.model.elements.quote"
    ):
        elements.registered([quote, quote])


def test_a_reserved_field_name_is_an_error_at_import_naming_the_reserved_names() -> None:
    class PullQuote(Node):
        kind: Literal["pull-quote"] = "pull-quote"
        text: str
        source: str

    with pytest.raises(TypeError) as raised:
        Element(model=PullQuote, directive=Directive("pull-quote", NoFields, _build_map, Text("", "")), text=_map_text)
    message = str(raised.value)
    assert "PullQuote: the field name source is reserved on every element model" in message
    assert "kind: the element's tag" in message and "source: where the block was written" in message


def test_a_text_view_that_prints_nothing_is_told(monkeypatch: pytest.MonkeyPatch) -> None:
    edition = _all_elements()
    chart = BY_KIND["chart"]
    monkeypatch.setitem(elements.BY_KIND, "chart", replace(chart, text=_map_text))
    assert silent_kinds(edition) == [
        "chart: its text view prints nothing (text(block, ctx) in toolkit/model/elements/)"
    ]
