"""A part's structure tree as its HTML reads, whatever the layout did to it; its parent tree written again.

WeasyPrint 70 builds the tree page by page from the boxes it laid out (``weasyprint/pdf/tags.py``),
so the tree follows the layout, not the document:

- an element broken by a column or a page is two elements: a paragraph split at a column's foot is
  two ``P`` (a screen reader announces a new paragraph in the middle of a word), a section that
  crosses a page two ``Sect``; a column is a ``Div`` of its own;
- every piece of text is a ``Span`` of its own (each line of a paragraph);
- a list item holds its paragraphs beside its ``Lbl``, without the ``LBody`` PDF/UA asks for;
- a contents line is three nested links (the ``a``, its ``::after``, the leader in it), each with
  its own annotation; a figure and its caption sit in a ``NonStruct``; a placeholder drawn where a
  picture is awaited is text.

:func:`rebuild` mends the finished tree of one part, knowing the HTML element each structure
element was made for (noted by :func:`toolkit.render.tagged_part.install` as WeasyPrint builds it):
the pieces of one element become one element again (their content from other pages referred to by
``/MCR`` with its ``/Pg``), a column's ``Div`` and the text's ``Span`` give their content to their
parent, a link's pseudo-elements join the link (their annotations go: the link's own covers them),
list items get their ``LBody``, a table's head repeated on the pages it continues on leaves the tree
(its content becomes an artifact); the lists of a ``role="doc-toc"`` element are ``TOC`` and ``TOCI``,
an element with ``role="img"`` is a ``Figure`` whose ``/Alt`` is its ``aria-label``, and a
``figure`` groups its picture and caption in a ``Div``.

:func:`write_parent_tree` then writes the parent tree from the tree as it ends up: every page's and
form's marked content numbered again from 0 in content order, with no empty slot (``pdfplumber``
and others stop at a ``null``), every annotation's entry naming the link that holds it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pydyf

Source = tuple[Any, str]
"""The HTML element a structure element was made for, and the box's tag (``a::after`` for a pseudo-element)."""


@dataclass(frozen=True)
class _Context:
    toc: bool = False
    """Inside an element with ``role="doc-toc"``: its lists are the table of contents."""


REPEATED = frozenset({"/THead", "/TFoot"})
"""What WeasyPrint draws again on each page a table crosses."""


def rebuild(part: Any, sources: dict[int, Source]) -> list[tuple[bytes, int]]:
    """Mend the tree of ``part`` (a :class:`toolkit.render.tagged_part._Part`); ``sources``: object number → source.

    Returns the marked content left out of the tree, as (page, MCID), to be made artifacts: a table's
    head and foot repeated on the pages it continues on (the first ones stand in the tree)."""
    tree = _Tree(part, sources)
    tree.element(part.top, _Context())
    return tree.repeated


class _Tree:
    def __init__(self, part: Any, sources: dict[int, Source]) -> None:
        self.part = part
        self.sources = sources
        self.repeated: list[tuple[bytes, int]] = []

    def element(self, element: Any, context: _Context) -> None:
        """Mend ``element``'s kids, then each kid's, depth first."""
        element["K"] = pydyf.Array(self._kids(element, context))
        for kid in element["K"]:
            child = self._element(kid)
            if child is None:
                continue
            child["P"] = element.reference
            inner = self._name(child, context)
            if inner is not None:
                self.element(child, inner)
        if element.get("S") == "/LI":
            self._list_item(element)

    def _element(self, kid: Any) -> Any | None:
        """The structure element ``kid`` refers to; ``None`` for marked content and annotations."""
        if not isinstance(kid, bytes):
            return None
        child = self.part.get(kid)
        return None if child.get("Type") == "/OBJR" else child

    def _kids(self, element: Any, context: _Context) -> list[Any]:
        """``element``'s kids with the layout's splits undone (see the module's docstring)."""
        queue = deque(element.get("K", ()))
        kept: list[Any] = []
        source = self.sources.get(element.number)
        heads: set[Source] = set()
        while queue:
            kid = queue.popleft()
            child = self._element(kid)
            if child is None:
                kept.append(kid)
                continue
            origin = self.sources.get(child.number)
            if child.get("S") in REPEATED and origin is not None:
                if origin in heads:  # a table's head drawn again on the next page: not read twice
                    self.repeated += self._marks(child)
                    continue
                heads.add(origin)
            if self._dissolves(element, source, child, origin, context):
                link_part = element.get("S") == "/Link" == child.get("S")
                queue.extendleft(reversed(self._moved(child, element, drop_links=link_part)))
                continue
            previous = self._element(kept[-1]) if kept else None
            if (
                previous is not None
                and origin is not None
                and origin[0] is not None
                and self.sources.get(previous.number) == origin
                and previous.get("S") == child.get("S")
            ):
                previous["K"].extend(self._moved(child, previous, drop_links=False))  # the rest of the same element
                continue
            kept.append(kid)
        return kept

    @staticmethod
    def _dissolves(element: Any, source: Source | None, child: Any, origin: Source | None, context: _Context) -> bool:
        """Whether ``child`` gives its content to ``element`` rather than standing as an element of its own."""
        if origin is None:
            return child.get("S") == "/Span"  # a piece of text, not an HTML element
        if context.toc and child.get("S") in ("/LBody", "/NonStruct"):
            return True  # a contents entry is one TOCI
        same = source is not None and origin[0] is not None and origin[0] is source[0]
        # an anonymous box of the same element (a column), or a link's pseudo-element (a contents line's ::after)
        return same and child.get("S") == element.get("S") and (origin[1] == source[1] or child.get("S") == "/Link")

    def _moved(self, child: Any, target: Any, drop_links: bool) -> list[Any]:
        """``child``'s kids, to be held by ``target``: marked content of another page referred to by ``/MCR``.

        ``drop_links``: the annotations of ``child`` (a pseudo-element of the link ``target``) go."""
        page = child.get("Pg")
        moved: list[Any] = []
        for kid in child.get("K", ()):
            if isinstance(kid, int) and page != target.get("Pg"):
                moved.append(pydyf.Dictionary({"Type": "/MCR", "Pg": page, "MCID": kid}))
            elif drop_links and isinstance(kid, bytes) and self.part.get(kid).get("Type") == "/OBJR":
                self._drop_annotation(self.part.get(kid))
            else:
                moved.append(kid)
        return moved

    def _drop_annotation(self, reference: Any) -> None:
        page = self.part.get(reference["Pg"])
        page["Annots"] = pydyf.Array(kept for kept in page.get("Annots", ()) if kept != reference["Obj"])

    def _name(self, child: Any, context: _Context) -> _Context | None:
        """Name ``child`` for what its HTML element is; the context of its kids (``None``: it has none left)."""
        origin = self.sources.get(child.number)
        html, tag = origin if origin is not None else (None, "")
        attributes = html.attrib if html is not None else {}
        if attributes.get("role") == "img" and "::" not in tag:
            child["S"] = "/Figure"
            child["Alt"] = pydyf.String(attributes.get("aria-label", ""))
            child["K"] = pydyf.Array(self._content(child, child))
            return None
        if tag == "figure" and child.get("S") == "/NonStruct":
            child["S"] = "/Div"  # the picture and its caption, together
        if context.toc and child.get("S") in ("/L", "/LI"):
            child["S"] = "/TOC" if child["S"] == "/L" else "/TOCI"
        if attributes.get("role") == "doc-toc" and "::" not in tag:
            return _Context(toc=True)
        return context

    def _marks(self, element: Any) -> list[tuple[bytes, int]]:
        """(page, MCID) of all marked content under ``element``."""
        marks: list[tuple[bytes, int]] = []
        for kid in element.get("K", ()):
            child = self._element(kid)
            if isinstance(kid, int):
                marks.append((element["Pg"], kid))
            elif isinstance(kid, pydyf.Dictionary):
                marks.append((kid["Pg"], kid["MCID"]))
            elif child is not None:
                marks += self._marks(child)
        return marks

    def _content(self, element: Any, target: Any) -> list[Any]:
        """All marked content under ``element``, to be held by ``target`` directly."""
        content: list[Any] = []
        for kid in self._moved(element, target, drop_links=False):
            child = self._element(kid)
            content += [kid] if child is None else self._content(child, target)
        return content

    def _list_item(self, item: Any) -> None:
        """``LI`` holds ``Lbl`` and ``LBody`` only (PDF/UA-1): what else it holds goes into an ``LBody``."""
        kept: list[Any] = []
        body: list[Any] = []
        for kid in item["K"]:
            child = self._element(kid)
            if child is not None and child.get("S") == "/Lbl":
                kept += self._body(item, body)
                body = []
                kept.append(kid)
            else:
                body.append(kid)
        kept += self._body(item, body)
        item["K"] = pydyf.Array(kept)

    def _body(self, item: Any, kids: list[Any]) -> list[Any]:
        if not kids:
            return []
        first = self._element(kids[0])
        if len(kids) == 1 and first is not None and first.get("S") == "/LBody":
            return kids
        body = pydyf.Dictionary(
            {"Type": "/StructElem", "S": "/LBody", "K": pydyf.Array(), "Pg": item["Pg"], "P": item.reference}
        )
        self.part.pdf.add_object(body)
        for kid in kids:
            child = self._element(kid)
            if child is not None and child.get("S") == "/LBody":
                body["K"].extend(self._moved(child, body, drop_links=False))
            else:
                body["K"].append(kid)
        for kid in body["K"]:
            if (child := self._element(kid)) is not None:
                child["P"] = body.reference
        return [body.reference]


Marks = dict[int, dict[int, tuple[list[Any], int, Any]]]
"""Per page (the id of its tags dictionary): MCID → (operator list, index of the property list, the property list)."""


def write_parent_tree(part: Any, marks: Marks) -> None:
    """The parent tree of ``part`` from its tree: each page's and form's marked content numbered
    from 0 in the order it is drawn, an array without gaps for each, each annotation's link."""
    uses: dict[bytes, list[tuple[Any, Any, int, Any, bytes]]] = {}
    annotations: list[tuple[Any, Any]] = []
    for element, kids, index, kid in _content_items(part):
        if isinstance(kid, int):
            uses.setdefault(element["Pg"], []).append((kids, index, kid, element, element["Pg"]))
        elif isinstance(kid, pydyf.Dictionary):  # /MCR
            owner = kid.get("Stm", kid["Pg"])
            uses.setdefault(owner, []).append((kid, "MCID", kid["MCID"], element, kid["Pg"]))
        else:
            annotations.append((part.get(part.get(kid)["Obj"]), element))
    arrays: dict[bytes, pydyf.Array] = {}
    for owner, found in uses.items():
        numbers = {old: new for new, old in enumerate(sorted({old for _, _, old, _, _ in found}))}
        array = pydyf.Array([None] * len(numbers))
        for holder, key, old, element, page in found:
            holder[key] = numbers[old]
            array[numbers[old]] = element.reference
            _properties(part, marks, page, old)["MCID"] = numbers[old]
        arrays[owner] = array
    entries: list[tuple[int, Any]] = [
        (int(page["StructParents"]), arrays.get(page.reference, pydyf.Array())) for page in part.pages
    ]
    for owner, array in arrays.items():
        form = part.get(owner)
        if isinstance(form, pydyf.Stream):
            entries.append((int(form.extra["StructParents"]), array))
    entries += [(int(annotation["StructParent"]), element.reference) for annotation, element in annotations]
    part.nums[:] = [item for key, value in sorted(entries, key=lambda entry: entry[0]) for item in (key, value)]


def _content_items(part: Any) -> Iterator[tuple[Any, Any, int, Any]]:
    """(element, its kids, index, kid) for every MCID, ``/MCR`` and ``/OBJR`` of the tree."""
    stack = [part.top]
    while stack:
        element = stack.pop()
        kids = element.get("K", ())
        for index, kid in enumerate(kids):
            if isinstance(kid, bytes):
                child = part.get(kid)
                if child.get("Type") != "/OBJR":
                    stack.append(child)
                    continue
            yield element, kids, index, kid


def _properties(part: Any, marks: Marks, page: bytes, mcid: int) -> Any:
    """The property list (``<</MCID n>>``) of marked content ``mcid`` drawn for ``page``."""
    return marks[id(part.get(part.get(page)["Contents"])._tags)][mcid][2]
