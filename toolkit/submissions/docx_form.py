"""Reading a filled case template: what each field says, and what else the submitter did.

The form is found by its labels, wherever Word, WPS or LibreOffice left the
table (inside content controls, with rows split or cells merged). Tracked
changes are read as if accepted (and reported), comments are listed (and
ignored), text outside the form and pictures outside the photo fields are
noticed, so that the submitter hears about them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from toolkit.messages import Text
from toolkit.ooxml.package import Package, PackageProblem
from toolkit.submissions.form import BY_LABEL, FIELDS, FormField, normalise_label

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
V = "urn:schemas-microsoft-com:vml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_VERSION = re.compile(r"模板版本[:：]\s*([0-9][0-9.\-]*)")
_LABELS = {normalise_label(label): f for label, f in BY_LABEL.items()}
_HINTS = {f.key: re.sub(r"\s+", "", f.hint) for f in FIELDS}


_NS = {"w": W, "r": R, "a": A, "v": V}


def q(tag: str) -> str:
    """``w:p`` → Clark notation ``{namespace}p``."""
    prefix, name = tag.split(":")
    return f"{{{_NS[prefix]}}}{name}"


@dataclass
class Picture:
    """A picture found in the document: the part it is stored in."""

    part: str
    where: str
    """The field it was pasted in, or ``""`` outside the form."""
    link: str = ""
    """For a picture linked rather than embedded (“Link to File”): the outside address; ``part`` is then empty."""


@dataclass
class FieldValue:
    """What one field of the form holds."""

    field: FormField
    paragraphs: list[str]
    pictures: list[Picture] = field(default_factory=list)
    formatting: frozenset[str] = frozenset()
    """Character formatting the submitter gave the text (:data:`FORMATTING`), which the report does not keep."""

    @property
    def text(self) -> str:
        """All paragraphs as one line of text."""
        return "".join(self.paragraphs).strip()


@dataclass
class FilledForm:
    """Everything read from a submission."""

    version: str | None
    values: dict[str, FieldValue]
    duplicated: list[str]
    found_form: bool
    outside: list[list[str]]
    """Text typed outside the form, in stretches: paragraphs one after another, with no form row between."""
    stray_pictures: list[Picture]
    tracked_changes: int
    comments: list[str]


class _Outside:
    """Collects text outside the form into stretches: what comes before the form, between two of its
    fields, after it. The template's own text (instructions, headings, the SDG table) is skipped."""

    def __init__(self, known_text: frozenset[str]) -> None:
        self.known = known_text
        self.stretches: list[list[str]] = []
        self.open = False

    def text(self, text: str) -> None:
        """A paragraph (or a row) outside the form: the submitter's unless the template holds it."""
        squeezed = re.sub(r"\s+", "", text)
        if not squeezed or squeezed in self.known or _VERSION.search(squeezed):
            return
        if not self.open:
            self.stretches.append([])
            self.open = True
        self.stretches[-1].append(text.strip())

    def row(self, cells: list[str]) -> None:
        """A table row that is not a field: the cells the submitter typed, as one piece of text."""
        self.text(" ".join(t.strip() for t in cells if re.sub(r"\s+", "", t) not in self.known))

    def end(self) -> None:
        """A field of the form: the next outside text starts a new stretch."""
        self.open = False


def read_form(package: Package, known_text: frozenset[str]) -> FilledForm:
    """Read the filled form; ``known_text`` holds the template's own paragraphs (not the submitter's)."""
    document = package.xml(package.main)
    body = document.find(q("w:body"))
    if document.tag != q("w:document") or body is None:
        raise PackageProblem(
            "SB004", reason=Text(f"{package.main} 中没有文档正文", f"{package.main} holds no document body")
        )
    _drop_fallbacks(document)
    rels = _Pictures(_relationships(package), package.external_targets(package.main))
    values: dict[str, FieldValue] = {}
    duplicated: list[str] = []
    outside = _Outside(known_text)
    stray: list[Picture] = []
    for element in _unwrapped(body):
        if element.tag == q("w:tbl"):
            _read_table(element, rels, values, duplicated, outside, stray)
        elif element.tag == q("w:p"):
            outside.text(paragraph_text(element))
            stray += _pictures(element, rels, "")
    return FilledForm(
        version=_version(package, document),
        values=values,
        duplicated=duplicated,
        found_form=_is_form(values),
        outside=outside.stretches,
        stray_pictures=stray,
        tracked_changes=sum(1 for tag in ("w:ins", "w:del", "w:moveFrom", "w:moveTo") for _ in document.iter(q(tag))),
        comments=_comments(package),
    )


def _is_form(values: dict[str, FieldValue]) -> bool:
    """Whether the labelled rows found make the case form: two fields at least, one of them required.

    A document of another kind has the odd row labelled like a field (a procurement notice's
    “联系人”); taking it for a damaged form would list every other field as missing.
    """
    return len(values) >= 2 and any(value.field.required for value in values.values())


def _drop_fallbacks(document: etree._Element) -> None:
    """Markup compatibility: keep each ``mc:AlternateContent``'s choice, drop its fallback (the same again)."""
    for fallback in list(document.iter(f"{{{MC}}}Fallback")):
        parent = fallback.getparent()
        if parent is not None and parent.find(f"{{{MC}}}Choice") is not None:
            parent.remove(fallback)


def _unwrapped(parent: etree._Element) -> Iterator[etree._Element]:
    """Children, with content controls (w:sdt), custom XML and markup-compatibility wrappers opened up."""
    for child in parent:
        if child.tag in (
            q("w:sdt"),
            q("w:customXml"),
            q("w:smartTag"),
            f"{{{MC}}}AlternateContent",
            f"{{{MC}}}Choice",
            f"{{{MC}}}Fallback",
        ):
            content = child.find(q("w:sdtContent")) if child.tag == q("w:sdt") else child
            if content is not None:
                yield from _unwrapped(content)
        else:
            yield child


def _read_table(
    table: etree._Element,
    rels: _Pictures,
    values: dict[str, FieldValue],
    duplicated: list[str],
    outside: _Outside,
    stray: list[Picture],
) -> None:
    for row in _unwrapped(table):
        if row.tag != q("w:tr"):
            continue
        cells = [c for c in _unwrapped(row) if c.tag == q("w:tc")]
        if not cells:
            continue
        label = normalise_label(cell_text(cells[0]))
        form_field = _LABELS.get(label) if len(cells) >= 2 else None  # one cell: a group heading
        if form_field is None:
            outside.row([cell_text(c) for c in cells])
            stray += [p for c in cells for p in _pictures(c, rels, "")]
            continue
        outside.end()
        if form_field.key in values:
            duplicated.append(form_field.key)
            continue
        value_cells = cells[1:]
        paragraphs = [_without_hint(form_field, paragraph_text(p)) for c in value_cells for p in _paragraphs(c)]
        pictures = [p for c in value_cells for p in _pictures(c, rels, form_field.key)]
        if form_field.kind != "image":
            stray += pictures  # a photo pasted into the text, not into a photo field
            pictures = []
        formatting = frozenset(kind for c in value_cells for p in _paragraphs(c) for kind in formatting_of(p))
        values[form_field.key] = FieldValue(
            form_field,
            [p for p in paragraphs if p.strip()],
            pictures,
            formatting if form_field.kind != "image" else frozenset(),
        )


def _paragraphs(cell: etree._Element) -> list[etree._Element]:
    """The paragraphs of a cell; those inside text boxes are read as part of the paragraph holding the box."""
    return [p for p in cell.iter(q("w:p")) if not any(a.tag == q("w:txbxContent") for a in p.iterancestors())]


def _without_hint(form_field: FormField, text: str) -> str:
    """The submitter's text with the template's grey hint taken out."""
    hint = _HINTS[form_field.key]
    squeezed = re.sub(r"\s+", "", text)
    if squeezed == hint:
        return ""
    if hint and squeezed.startswith(hint):
        # the hint was kept and the answer typed after it
        return text[len(text) - len(text.lstrip()) :].replace(form_field.hint, "", 1).strip()
    return text


def paragraph_text(paragraph: etree._Element) -> str:
    """The text a paragraph shows with its tracked changes accepted."""
    parts: list[str] = []
    for node in paragraph.iter(q("w:t"), q("w:tab"), q("w:br"), q("w:cr"), q("w:noBreakHyphen")):
        if node.tag == q("w:t") and not _inside_deletion(node):
            parts.append(node.text or "")
        elif node.tag == q("w:tab"):
            parts.append(" ")
        elif node.tag in (q("w:br"), q("w:cr")):
            parts.append("\n")  # Shift+Enter: a line break inside the paragraph
        elif node.tag == q("w:noBreakHyphen"):
            parts.append("-")
    return "".join(parts)


FORMATTING = ("bold", "italic", "underline", "strike", "superscript", "subscript", "highlight")
"""Kinds of character formatting noticed in a field's text, in the order a message lists them."""
_TOGGLES = {"w:b": "bold", "w:i": "italic", "w:strike": "strike", "w:dstrike": "strike"}
_CHARACTER_STYLES = {"strong": "bold", "emphasis": "italic"}


def formatting_of(paragraph: etree._Element) -> set[str]:
    """The character formatting of a paragraph's runs that show text (colour, font and size are the
    layout's and go unremarked: typing over the grey hint leaves them)."""
    kinds: set[str] = set()
    for run in paragraph.iter(q("w:r")):
        properties = run.find(q("w:rPr"))
        shows_text = any((t.text or "").strip() for t in run.iter(q("w:t")))
        if properties is None or not shows_text or _inside_deletion(run):
            continue
        for tag, kind in _TOGGLES.items():
            element = properties.find(q(tag))
            if element is not None and element.get(q("w:val"), "true").lower() not in ("0", "false", "off"):
                kinds.add(kind)
        for tag, kind in (("w:u", "underline"), ("w:highlight", "highlight")):
            element = properties.find(q(tag))
            if element is not None and element.get(q("w:val"), "single") != "none":
                kinds.add(kind)
        align = properties.find(q("w:vertAlign"))
        if align is not None and align.get(q("w:val")) in ("superscript", "subscript"):
            kinds.add(align.get(q("w:val")))
        style = properties.find(q("w:rStyle"))
        if style is not None and (style.get(q("w:val")) or "").lower() in _CHARACTER_STYLES:
            kinds.add(_CHARACTER_STYLES[(style.get(q("w:val")) or "").lower()])
    return kinds


def _inside_deletion(node: etree._Element) -> bool:
    parent = node.getparent()
    while parent is not None:
        if parent.tag in (q("w:del"), q("w:moveFrom")):
            return True
        parent = parent.getparent()
    return False


def cell_text(cell: etree._Element) -> str:
    """The text of a table cell."""
    return "".join(paragraph_text(p) for p in _paragraphs(cell))


def _relationships(package: Package) -> dict[str, str]:
    """Relationship id → picture part, for the main document (an id naming another kind of part is no picture)."""
    return {
        rid: target for rid, kind, target in package.relationships(package.main) if kind == f"{_RELATIONSHIPS}/image"
    }


@dataclass
class _Pictures:
    """The main part's picture relationships: id → part inside the file, id → address outside it."""

    parts: dict[str, str]
    links: dict[str, str]


def _pictures(element: etree._Element, rels: _Pictures, where: str) -> list[Picture]:
    """The pictures in ``element``: embedded ones by their part, linked ones (“Link to File”) by their address."""
    found: list[Picture] = []
    for blip in element.iter(q("a:blip"), q("v:imagedata")):
        embedded = blip.get(f"{{{R}}}embed") if blip.tag == q("a:blip") else blip.get(f"{{{R}}}id")
        linked = blip.get(f"{{{R}}}link") if blip.tag == q("a:blip") else blip.get(f"{{{R}}}id")
        if embedded and embedded in rels.parts:
            found.append(Picture(rels.parts[embedded], where))
        elif linked and linked in rels.links:
            found.append(Picture("", where, link=rels.links[linked]))
    return found


def _version(package: Package, document: etree._Element) -> str | None:
    texts = ["".join(t.text or "" for t in document.iter(q("w:t")))]
    for _, kind, part in package.relationships(package.main):
        if kind in (f"{_RELATIONSHIPS}/footer", f"{_RELATIONSHIPS}/header") and package.has(part):
            texts.append("".join(t.text or "" for t in package.xml(part).iter(q("w:t"))))
    for text in texts:
        match = _VERSION.search(text)
        if match:
            return match.group(1)
    return None


def _comments(package: Package) -> list[str]:
    parts = [
        part
        for _, kind, part in package.relationships(package.main)
        if kind == f"{_RELATIONSHIPS}/comments" and package.has(part)
    ]
    comments = [c for part in parts for c in package.xml(part).iter(q("w:comment"))]
    return ["".join(t.text or "" for t in c.iter(q("w:t"))).strip() for c in comments]
