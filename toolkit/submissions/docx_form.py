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

from toolkit.submissions.form import BY_LABEL, FIELDS, FormField, normalise_label
from toolkit.submissions.package import Package

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
V = "urn:schemas-microsoft-com:vml"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
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


@dataclass
class FieldValue:
    """What one field of the form holds."""

    field: FormField
    paragraphs: list[str]
    pictures: list[Picture] = field(default_factory=list)

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
    outside: list[str]
    stray_pictures: list[Picture]
    tracked_changes: int
    comments: list[str]


def read_form(package: Package, known_text: set[str]) -> FilledForm:
    """Read the filled form; ``known_text`` holds the template's own paragraphs (not the submitter's)."""
    document = package.xml("word/document.xml")
    body = document.find(q("w:body"))
    rels = _relationships(package)
    values: dict[str, FieldValue] = {}
    duplicated: list[str] = []
    outside: list[str] = []
    stray: list[Picture] = []
    for element in _unwrapped(body):
        if element.tag == q("w:tbl"):
            _read_table(element, rels, values, duplicated, outside, stray, known_text)
        elif element.tag == q("w:p"):
            text = paragraph_text(element)
            squeezed = re.sub(r"\s+", "", text)
            if squeezed and squeezed not in known_text and not _VERSION.search(squeezed):
                outside.append(text.strip())
            stray += [Picture(part, "") for part in _pictures(element, rels)]
    return FilledForm(
        version=_version(package, document), values=values, duplicated=duplicated, found_form=bool(values),
        outside=outside, stray_pictures=stray,
        tracked_changes=sum(1 for tag in ("w:ins", "w:del", "w:moveFrom", "w:moveTo")
                            for _ in document.iter(q(tag))),
        comments=_comments(package))


def _unwrapped(parent: etree._Element) -> Iterator[etree._Element]:
    """Children, with content controls (w:sdt) and custom XML opened up."""
    for child in parent:
        if child.tag in (q("w:sdt"), q("w:customXml")):
            content = child.find(q("w:sdtContent")) if child.tag == q("w:sdt") else child
            if content is not None:
                yield from _unwrapped(content)
        else:
            yield child


def _read_table(table: etree._Element, rels: dict[str, str], values: dict[str, FieldValue],
                duplicated: list[str], outside: list[str], stray: list[Picture], known_text: set[str]) -> None:
    for row in _unwrapped(table):
        if row.tag != q("w:tr"):
            continue
        cells = [c for c in _unwrapped(row) if c.tag == q("w:tc")]
        if not cells:
            continue
        label = normalise_label(cell_text(cells[0]))
        form_field = _LABELS.get(label) if len(cells) >= 2 else None  # one cell: a group heading
        if form_field is None:
            texts = [cell_text(c).strip() for c in cells]
            added = [t for t in texts if t and re.sub(r"\s+", "", t) not in known_text]
            if added:
                outside.append(" ".join(added))
            stray += [Picture(p, "") for c in cells for p in _pictures(c, rels)]
            continue
        if form_field.key in values:
            duplicated.append(form_field.key)
            continue
        value_cells = cells[1:]
        paragraphs = [_without_hint(form_field, paragraph_text(p)) for c in value_cells for p in c.iter(q("w:p"))]
        pictures = [Picture(part, form_field.key) for c in value_cells for part in _pictures(c, rels)]
        if form_field.kind != "image":
            stray += pictures  # a photo pasted into the text, not into a photo field
            pictures = []
        values[form_field.key] = FieldValue(form_field, [p for p in paragraphs if p.strip()], pictures)


def _without_hint(form_field: FormField, text: str) -> str:
    """The submitter's text with the template's grey hint taken out."""
    hint = _HINTS[form_field.key]
    squeezed = re.sub(r"\s+", "", text)
    if squeezed == hint:
        return ""
    if hint and squeezed.startswith(hint):
        # the hint was kept and the answer typed after it
        return text[len(text) - len(text.lstrip()):].replace(form_field.hint, "", 1).strip()
    return text


def paragraph_text(paragraph: etree._Element) -> str:
    """The text a paragraph shows with its tracked changes accepted."""
    parts: list[str] = []
    for node in paragraph.iter(q("w:t"), q("w:tab"), q("w:br"), q("w:del"), q("w:delText")):
        if node.tag == q("w:t") and not _inside_deletion(node):
            parts.append(node.text or "")
        elif node.tag == q("w:tab"):
            parts.append(" ")
        elif node.tag == q("w:br"):
            parts.append("\n")
    return "".join(parts)


def _inside_deletion(node: etree._Element) -> bool:
    parent = node.getparent()
    while parent is not None:
        if parent.tag in (q("w:del"), q("w:moveFrom")):
            return True
        parent = parent.getparent()
    return False


def cell_text(cell: etree._Element) -> str:
    """The text of a table cell."""
    return "".join(paragraph_text(p) for p in cell.iter(q("w:p")))


def _relationships(package: Package) -> dict[str, str]:
    """Relationship id → part name, for the main document."""
    if not package.has("word/_rels/document.xml.rels"):
        return {}
    rels = package.xml("word/_rels/document.xml.rels")
    out: dict[str, str] = {}
    for rel in rels.iter(f"{{{REL}}}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        out[rel.get("Id", "")] = target.lstrip("/") if target.startswith("/") else f"word/{target}"
    return out


def _pictures(element: etree._Element, rels: dict[str, str]) -> list[str]:
    ids = [blip.get(f"{{{R}}}embed") for blip in element.iter(q("a:blip"))]
    ids += [image.get(f"{{{R}}}id") for image in element.iter(q("v:imagedata"))]
    return [rels[i] for i in ids if i and i in rels]


def _version(package: Package, document: etree._Element) -> str | None:
    texts = ["".join(t.text or "" for t in document.iter(q("w:t")))]
    for name in package.archive.namelist():
        if re.match(r"word/footer\d*\.xml$", name):
            texts.append("".join(t.text or "" for t in package.xml(name).iter(q("w:t"))))
    for text in texts:
        match = _VERSION.search(text)
        if match:
            return match.group(1)
    return None


def _comments(package: Package) -> list[str]:
    if not package.has("word/comments.xml"):
        return []
    comments = package.xml("word/comments.xml")
    return ["".join(t.text or "" for t in c.iter(q("w:t"))).strip() for c in comments.iter(q("w:comment"))]
