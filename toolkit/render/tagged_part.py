"""A part's structure tree, finished in the layout process before its PDF is written.

WeasyPrint 70 (``pdf_tags=True``) tags what it lays out, with three gaps that PDF/UA-1 does not
allow (see ``weasyprint/pdf/tags.py``):

- the margin boxes' text (running headers) is marked as tagged content, but the elements it
  belongs to are left out of the tree: content that is neither in the tree nor an artifact;
- decoration the template hides from readers (``aria-hidden="true"``: the draft watermark) is
  tagged like text;
- header cells carry no ``/Scope``.

:func:`finish` is given to ``write_pdf(finisher=...)``: it turns the marked content of the
orphaned and hidden elements into ``/Artifact`` sequences (the property list is swapped in the
page's operator list, so nothing is parsed), drops those elements from the parent tree and
the tree, and gives every ``TH`` a ``/Scope`` (``Column`` in the table head, ``Row`` elsewhere).
Everything else stays WeasyPrint's. The binder (:mod:`toolkit.render.tagged`) merges the finished
trees of the parts.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pydyf

from toolkit.render.weasy import pdf_stream

TABLE_PARTS = frozenset({"/Table", "/THead", "/TBody", "/TFoot", "/TR", "/TH", "/TD"})
"""Elements kept even when empty: a table keeps its shape with an empty cell."""

_MARKS: dict[int, dict[int, tuple[list[Any], int]]] = {}
"""Per page (the id of its tags dictionary): MCID → (operator list, index of the property list)."""
_HIDDEN: set[int] = set()
"""Property lists (by id) of content drawn for an ``aria-hidden`` element."""


def install() -> None:
    """Note, as WeasyPrint draws, where each piece of marked content sits in its page's operators."""
    stream_class = pdf_stream.Stream
    if getattr(stream_class.marked, "toolkit_noted", False):
        return
    original = stream_class.marked

    @contextmanager
    def marked(self: Any, box: Any, tag: str) -> Iterator[None]:
        with original(self, box, tag):
            if self._tags is not None:
                index = len(self.stream) - 2
                _MARKS.setdefault(id(self._tags), {})[self._tags[box]["mcid"]] = (self.stream, index)
                element = getattr(box, "element", None)
                if element is not None and element.get("aria-hidden") == "true":
                    _HIDDEN.add(id(self.stream[index]))
            yield

    marked.toolkit_noted = True  # type: ignore[attr-defined]
    stream_class.marked = marked


class _Pdf:
    """The pydyf document being written, read through its references."""

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf

    def get(self, reference: Any) -> Any:
        return self.pdf.objects[int(bytes(reference).split()[0])]


def finisher(prefix: str) -> Callable[[Any, Any], None]:
    """The ``finisher`` of ``write_pdf`` for a part: element ids get ``prefix``, unique in the book."""
    def finish(document: Any, pdf: Any) -> None:
        try:
            if "StructTreeRoot" in pdf.catalog:
                _finish(_Pdf(pdf), prefix)
        finally:
            _MARKS.clear()
            _HIDDEN.clear()
    return finish


def _finish(doc: _Pdf, prefix: str) -> None:
    root = doc.get(doc.pdf.catalog["StructTreeRoot"])
    top = doc.get(root["K"][0])
    reachable = set(_walk(doc, top))
    nums = doc.get(root["ParentTree"])["Nums"]
    for position in range(0, len(nums), 2):
        key, value = nums[position], nums[position + 1]
        if not isinstance(value, pydyf.Array):
            continue  # an annotation's entry
        page = doc.get(doc.pdf.objects[doc.pdf.pages["Kids"][3 * key]]["Contents"])  # Kids: n 0 R n 0 R …
        marks = _MARKS.get(id(page._tags), {})
        for mcid, reference in enumerate(value):
            operators, index = marks[mcid]
            hidden = id(operators[index]) in _HIDDEN
            if reference == "null" or (int(bytes(reference).split()[0]) in reachable and not hidden):
                continue
            if hidden:
                element = doc.get(reference)
                element["K"] = pydyf.Array(kid for kid in element["K"] if kid != mcid)
            _artifact(operators, index, "/Watermark" if hidden else None)
            value[mcid] = "null"
    for index in range(0, len(doc.pdf.pages["Kids"]), 3):
        _artifact_paints(doc, doc.pdf.objects[doc.pdf.pages["Kids"][index]])
    _prune(doc, top)
    ids: dict[str, bytes] = {}
    _cells(doc, top, False, prefix, ids)
    if ids:
        names = pydyf.Array()
        for name in sorted(ids):
            names.extend([pydyf.String(name), ids[name]])
        root["IDTree"] = pydyf.Dictionary({"Names": names})


def _walk(doc: _Pdf, element: Any) -> Iterator[int]:
    yield element.number
    for kid in element.get("K", ()):
        if isinstance(kid, bytes):
            child = doc.get(kid)
            if child.get("Type") != "/OBJR":
                yield from _walk(doc, child)


def _artifact(operators: list[Any], index: int, subtype: str | None) -> None:
    """``/Tag <</MCID n>> BDC`` becomes ``/Artifact <</Type /Pagination ...>> BDC``."""
    properties = pydyf.Dictionary({"Type": "/Pagination"})
    if subtype:
        properties["Subtype"] = subtype
    operators[index - 1] = "/Artifact"
    operators[index] = properties


def _artifact_paints(doc: _Pdf, page: Any) -> None:
    """Mark as artifacts the forms a page paints outside marked content that hold no tagged content.

    WeasyPrint draws an element with ``opacity`` into a transparency group painted with ``Do``
    outside any marked content: the group's own content is marked inside it, so a group holding
    only artifacts (a decorative band) is an artifact as a whole.
    """
    stream = doc.get(page["Contents"])
    xobjects = doc.get(page["Resources"]).get("XObject") or {}
    operators: list[Any] = []
    depth = 0
    for item in stream.stream:
        if item in (b"BDC", b"BMC"):
            depth += 1
        elif item == b"EMC":
            depth -= 1
        elif depth == 0 and isinstance(item, bytes) and item.endswith(b" Do"):
            form = doc.get(xobjects[item[1:-3].decode()])
            if not any(isinstance(kid, pydyf.Dictionary) and "MCID" in kid for kid in form.stream):
                operators += ["/Artifact", b"BMC", item, b"EMC"]
                continue
        operators.append(item)
    stream.stream[:] = operators


def _prune(doc: _Pdf, element: Any) -> bool:
    """Drop elements left without content (their text became artifacts); whether ``element`` has any."""
    kids = element.get("K", pydyf.Array())
    kept = pydyf.Array()
    for kid in kids:
        if isinstance(kid, bytes):
            child = doc.get(kid)
            if child.get("Type") == "/OBJR" or _prune(doc, child) or child.get("S") in TABLE_PARTS:
                kept.append(kid)
        else:
            kept.append(kid)
    if isinstance(kids, pydyf.Array):
        element["K"] = kept
    return bool(kept)


def _cells(doc: _Pdf, element: Any, in_head: bool, prefix: str, ids: dict[str, bytes]) -> None:
    """Give header cells their scope (the columns below them in the table head, their row elsewhere)
    and every element id (WeasyPrint's, unique in this part only) the part's prefix."""
    tag = element.get("S")
    if tag == "/TH":
        attributes = element.get("A") or pydyf.Dictionary({"O": "/Table"})
        attributes["Scope"] = "/Column" if in_head else "/Row"
        element["A"] = attributes
    if "ID" in element:
        name = f"{prefix}{element['ID'].string}"
        element["ID"] = pydyf.String(name)
        ids[name] = element.reference
    headers = element.get("A", {}).get("Headers") if tag in ("/TD", "/TH") else None
    if headers:
        element["A"]["Headers"] = pydyf.Array(pydyf.String(f"{prefix}{h.string}") for h in headers)
    for kid in element.get("K", ()):
        if isinstance(kid, bytes):
            child = doc.get(kid)
            if child.get("Type") != "/OBJR":
                _cells(doc, child, in_head or tag == "/THead", prefix, ids)
