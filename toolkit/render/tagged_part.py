"""A part's structure tree, finished in the layout process before its PDF is written.

WeasyPrint 70 (``pdf_tags=True``) tags what it lays out, with gaps that PDF/UA-1 does not allow
(see ``weasyprint/pdf/tags.py``). :func:`finisher` gives ``write_pdf`` a function that closes
them on the pydyf objects, before anything is serialised (no content stream is parsed: the
operators are still a list, and :func:`install` notes where each marked sequence sits in it):

- the margin boxes' text (running headers) is marked as tagged content, but its elements are
  left out of the tree: it becomes ``/Artifact`` (``/Type /Pagination``), and so does what the
  template hides from readers with ``aria-hidden="true"`` (the draft watermark, ``/Watermark``);
  the dots of a leader (a contents line's ``leader()``) become ``/Artifact`` (``/Type /Layout``);
  elements left without content are dropped;
- the tree is made to follow the HTML rather than the layout (:mod:`toolkit.render.tagged_tree`):
  one element for each element split by a column or a page, contents entries as ``TOCI``, list
  items with their ``LBody``, placeholders as figures; then the parent tree is written again from
  it, each content stream's marked content numbered from 0 without gaps;
- an element drawn with CSS ``opacity`` is a transparency group painted with ``Do`` outside any
  marked content, its content marked inside it but referred to as the page's: a group holding only
  artifacts is painted as an artifact; one holding tagged content gets its own parent tree entry
  (``/StructParents`` on the form) and its elements refer to it by ``/MCR`` with ``/Stm``;
- header cells get ``/Scope`` (``Column`` in the table head, ``Row`` elsewhere; WeasyPrint #2508),
  and data cells their ``/Headers`` again, from a grid that takes rowspan and colspan (WeasyPrint
  points the cells under a merged header at the wrong headers);
- element ids (WeasyPrint's, unique in the part only) get the part's prefix and an ``/IDTree``;
- heading levels are never skipped (a box's ``h4`` right under an ``h2`` reads as ``H3``);
- a link's annotation is described by the link's words (``/Contents``), not its target's id.

:func:`install` also has WeasyPrint paint a list item's bullet, a float and a box in the flow that
WeasyPrint paints in a layer of its own where they stand in the text (:func:`_paint_in_reading_order`),
so that the content is drawn in the order the tree reads it.

The binder (:mod:`toolkit.render.tagged`) merges the finished trees of the parts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pydyf

from toolkit.render import tagged_tree
from toolkit.render.weasy import boxes, draw, pdf_stream, pdf_tags, stacking

TABLE_PARTS = frozenset({"/Table", "/THead", "/TBody", "/TFoot", "/TR", "/TH", "/TD"})
"""Elements kept even when empty: a table keeps its shape with an empty cell."""

_MARKS: tagged_tree.Marks = {}
"""Per page (the id of its tags dictionary): MCID → (operator list, index of the property list, the property list)."""
_HIDDEN: set[int] = set()
"""Property lists (by id) of content drawn for an ``aria-hidden`` element."""
_SOURCES: dict[int, tagged_tree.Source] = {}
"""Structure element (its object number) → the HTML element and box tag WeasyPrint made it for."""
_LEADERS: set[tuple[int, int]] = set()
"""(id of the page's tags dictionary, MCID) of each dot of a leader (``leader()``, a contents line's)."""


def install() -> None:
    """Note, as WeasyPrint draws and tags, where each piece of marked content sits in its page's operators,
    and which HTML element each structure element was made for."""
    stream_class = pdf_stream.Stream
    if getattr(stream_class.marked, "toolkit_noted", False):
        return
    original = stream_class.marked

    @contextmanager
    def marked(self: Any, box: Any, tag: str) -> Iterator[None]:
        with original(self, box, tag):
            if self._tags is not None:
                index = len(self.stream) - 2
                _MARKS.setdefault(id(self._tags), {})[self._tags[box]["mcid"]] = (
                    self.stream,
                    index,
                    self.stream[index],
                )
                element = getattr(box, "element", None)
                if element is not None and element.get("aria-hidden") == "true":
                    _HIDDEN.add(id(self.stream[index]))
            yield

    marked.toolkit_noted = True  # type: ignore[attr-defined]
    stream_class.marked = marked
    build = pdf_tags._build_box_tree

    def build_noted(
        box: Any, parent: Any, pdf: Any, page_number: int, nums: Any, annotations: Any, tags: Any
    ) -> Iterator[Any]:
        if getattr(box, "is_leader", False):
            _LEADERS.update((id(tags), tags[child]["mcid"]) for child in box.children if child in tags)
        for element in build(box, parent, pdf, page_number, nums, annotations, tags):
            _SOURCES.setdefault(element.number, (getattr(box, "element", None), getattr(box, "element_tag", "")))
            yield element

    pdf_tags._build_box_tree = build_noted  # the module calls it by this name, for every box
    _paint_in_reading_order()


def _paint_in_reading_order() -> None:
    """Paint a list item's marker, a float and a relatively positioned box where they stand in the text.

    CSS paints a stacking context's floats before its text, and its positioned boxes after it (CSS 2.1
    appendix E), and WeasyPrint paints a box with ``overflow`` or ``opacity`` as a positioned one:
    every bullet of a page (an outside marker is positioned) came after all the page's text, a
    floated label (专栏) before the page's heading, a chart's SVG (``overflow: hidden``) and a
    timeline's items (``position: relative``) after what follows them; the content then read in
    another order than the tree, which follows the HTML. So such a box is painted among the blocks
    instead: right before the block that follows it, or with the block holding it when none follows.

    The page does not change: these boxes overlap no text (a float pushes lines aside, a marker
    stands in the margin, a box in the flow or relative without offsets stays in its place),
    backgrounds and borders are painted before any of them still, and each is painted by
    WeasyPrint's own ``draw_stacking_context``, which saves and sets the graphics state it needs.
    A box positioned absolutely or fixed (the cover's lines, a draft's watermark), transformed or
    with a ``z-index`` keeps its turn.
    """
    dispatch, from_page = stacking._dispatch, stacking.StackingContext.from_page.__func__
    draw_context, draw_blocks = draw.draw_stacking_context, draw.draw_block_level
    before: dict[int, list[Any]] = {}
    """Block (id) → the boxes' contexts to paint right before it; ``after``: right after it."""
    after: dict[int, list[Any]] = {}
    waiting: dict[int, Any] = {}
    """The contexts waiting for their block (by id), on the page being painted; ``done``: painted with it."""
    done: set[int] = set()
    depth = [0]

    def dispatch_children(
        box: Any,
        page: Any,
        child_contexts: list[Any],
        blocks: list[Any],
        floats: list[Any],
        blocks_and_cells: dict[Any, Any],
    ) -> Any:
        if not isinstance(box, boxes.ParentBox):
            return box
        kept: list[Any] = []
        pending: list[Any] = []
        for child in box.children:
            contexts, floated = len(child_contexts), len(floats)
            result = dispatch(child, page, child_contexts, blocks, floats, blocks_and_cells)
            if result is None:  # painted in a context of its own
                context = floats[-1] if len(floats) > floated else child_contexts[contexts]
                if _in_reading_order(context):
                    pending.append(context)
                continue
            if pending and isinstance(result, _BLOCKS):
                _wait(before, result, pending)
                pending = []
            kept.append(result)
        copy = box.copy_with_children(kept)
        if pending and isinstance(copy, _BLOCKS):
            lines_only = all(isinstance(child, boxes.LineBox) for child in kept)
            _wait(before if lines_only else after, copy, pending)
        return copy

    def _wait(anchors: dict[int, list[Any]], block: Any, contexts: list[Any]) -> None:
        anchors.setdefault(id(block), []).extend(contexts)
        waiting.update((id(context), context) for context in contexts)

    def page_context(cls: Any, page: Any) -> Any:
        before.clear()
        after.clear()
        waiting.clear()
        done.clear()
        return from_page(cls, page)

    def stacking_context(stream: Any, context: Any) -> None:
        if id(context) in waiting or id(context) in done:  # painted with its block
            return
        depth[0] += 1
        try:
            draw_context(stream, context)
        finally:
            depth[0] -= 1
        if depth[0] == 0:  # the page is painted: what lost its block (never seen so far) in its own turn, late
            paint(stream, list(waiting.values()))

    def paint(stream: Any, contexts: list[Any]) -> None:
        for context in contexts:
            if waiting.pop(id(context), None) is not None:
                done.add(id(context))
                draw_context(stream, context)

    def block_level(page: Any, stream: Any, blocks_and_cells: dict[Any, Any]) -> None:
        for block, inside in blocks_and_cells.items():
            paint(stream, before.pop(id(block), []))
            draw_blocks(page, stream, {block: inside})
            paint(stream, after.pop(id(block), []))

    stacking._dispatch_children = dispatch_children
    stacking.StackingContext.from_page = classmethod(page_context)
    draw.draw_stacking_context, draw.draw_block_level = stacking_context, block_level


_BLOCKS = (boxes.BlockLevelBox, boxes.TableCellBox)
"""The boxes WeasyPrint paints one by one among the blocks (``draw_block_level``)."""


def _in_reading_order(context: Any) -> bool:
    """Whether a box painted in a context of its own can be painted among the blocks (see above)."""
    box, style = context.box, context.box.style
    if context.z_index != 0 or style["transform"]:
        return False
    if box.is_outside_marker or box.is_floated() or style["position"] == "static":  # static: overflow, opacity
        return True
    return style["position"] == "relative" and all(style[side] == "auto" for side in ("top", "right", "bottom", "left"))


class _Part:
    """The pydyf document being written, read through its references, with its structure tree."""

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        self.root = self.get(pdf.catalog["StructTreeRoot"])
        self.top = self.get(self.root["K"][0])
        self.nums = self.get(self.root["ParentTree"])["Nums"]
        self.pages = [pdf.objects[number] for number in pdf.pages["Kids"][::3]]  # Kids: n 0 R n 0 R …

    def get(self, reference: Any) -> Any:
        return self.pdf.objects[int(bytes(reference).split()[0])]

    def page_entries(self) -> Iterator[tuple[Any, Any]]:
        """(page, its parent tree array: MCID → element) for every page."""
        for position in range(0, len(self.nums), 2):
            if isinstance(self.nums[position + 1], pydyf.Array):  # not an annotation's entry
                yield self.pages[self.nums[position]], self.nums[position + 1]

    def new_key(self) -> int:
        return max(self.nums[::2], default=-1) + 1


def finisher(prefix: str) -> Callable[[Any, Any], None]:
    """The ``finisher`` of ``write_pdf`` for a part: element ids get ``prefix``, unique in the book."""

    def finish(document: Any, pdf: Any) -> None:
        try:
            if "StructTreeRoot" in pdf.catalog:
                _finish(_Part(pdf), prefix)
                _link_texts(document)
        finally:
            _MARKS.clear()
            _HIDDEN.clear()
            _SOURCES.clear()
            _LEADERS.clear()

    return finish


def _finish(part: _Part, prefix: str) -> None:
    _artifacts(part)
    for page in part.pages:
        _forms(part, page)
    for page, mcid in tagged_tree.rebuild(part, _SOURCES):
        operators, _, properties = _MARKS[id(part.get(part.get(page)["Contents"])._tags)][mcid]
        _artifact(operators, next(i for i, item in enumerate(operators) if item is properties), "/Pagination", None)
    _prune(part, part.top)
    _headings(part, part.top, [0])
    ids: dict[str, bytes] = {}
    tables: list[Any] = []
    _cells(part, part.top, False, prefix, ids, tables)
    for table in tables:
        _associate(part, table)
    if ids:
        names = pydyf.Array()
        for name in sorted(ids):
            names.extend([pydyf.String(name), ids[name]])
        part.root["IDTree"] = pydyf.Dictionary({"Names": names})
    tagged_tree.write_parent_tree(part, _MARKS)


def _artifacts(part: _Part) -> None:
    """Marked content of elements left out of the tree (margin boxes), hidden, or a leader's dots becomes artifacts."""
    reachable = set(_walk(part, part.top))
    for page, entries in part.page_entries():
        tags = id(part.get(page["Contents"])._tags)
        marks = _MARKS.get(tags, {})
        for mcid, reference in enumerate(entries):
            operators, index, _ = marks[mcid]
            hidden = id(operators[index]) in _HIDDEN
            leader = (tags, mcid) in _LEADERS
            if reference == "null" or (int(bytes(reference).split()[0]) in reachable and not hidden and not leader):
                continue
            if hidden or leader:
                element = part.get(reference)
                element["K"] = pydyf.Array(kid for kid in element["K"] if kid != mcid)
            _artifact(operators, index, "/Layout" if leader else "/Pagination", "/Watermark" if hidden else None)
            entries[mcid] = "null"


def _walk(part: _Part, element: Any) -> Iterator[int]:
    yield element.number
    for kid in element.get("K", ()):
        if isinstance(kid, bytes):
            child = part.get(kid)
            if child.get("Type") != "/OBJR":
                yield from _walk(part, child)


def _artifact(operators: list[Any], index: int, kind: str, subtype: str | None) -> None:
    """``/Tag <</MCID n>> BDC`` becomes ``/Artifact <</Type /Pagination ...>> BDC`` (or ``/Layout``: a leader)."""
    properties = pydyf.Dictionary({"Type": kind})
    if subtype:
        properties["Subtype"] = subtype
    operators[index - 1] = "/Artifact"
    operators[index] = properties


def _forms(part: _Part, page: Any) -> None:
    """The forms a page paints outside marked content: transparency groups (CSS ``opacity``).

    WeasyPrint draws their content, marked, inside the group, and refers to it as the page's. A
    group holding only artifacts (a decorative band) is painted as an artifact; a group holding
    tagged content gets its own entry in the parent tree, and its elements refer to it with a
    marked-content reference naming the form (``/MCR`` with ``/Stm``), as the PDF reference asks.
    """
    stream = part.get(page["Contents"])
    xobjects = part.get(page["Resources"]).get("XObject") or {}
    operators: list[Any] = []
    depth = 0
    for item in stream.stream:
        if item in (b"BDC", b"BMC"):
            depth += 1
        elif item == b"EMC":
            depth -= 1
        elif depth == 0 and isinstance(item, bytes) and item.endswith(b" Do"):
            form = part.get(xobjects[item[1:-3].decode()])
            mcids = [kid["MCID"] for kid in form.stream if isinstance(kid, pydyf.Dictionary) and "MCID" in kid]
            if not mcids:
                operators += ["/Artifact", b"BMC", item, b"EMC"]
                continue
            if "StructParents" not in form.extra:
                _refer_to_form(part, page, form, mcids)
        operators.append(item)
    stream.stream[:] = operators


def _refer_to_form(part: _Part, page: Any, form: Any, mcids: list[int]) -> None:
    entries = next(entries for owner, entries in part.page_entries() if owner is page)
    own = pydyf.Array(["null"] * (max(mcids) + 1))
    for mcid in mcids:
        reference = entries[mcid]
        if reference == "null":
            continue
        element = part.get(reference)
        marked = pydyf.Dictionary({"Type": "/MCR", "Pg": page.reference, "MCID": mcid, "Stm": form.reference})
        element["K"] = pydyf.Array(marked if kid == mcid and isinstance(kid, int) else kid for kid in element["K"])
        own[mcid], entries[mcid] = reference, "null"
    key = part.new_key()
    form.extra["StructParents"] = key
    part.nums.extend([key, own])


def _headings(part: _Part, element: Any, level: list[int]) -> None:
    """No heading level skipped (PDF/UA-1, Matterhorn 14-003): a box's title (``h4``) right under a
    chapter's or section's title reads as the next level down."""
    tag = str(element.get("S", ""))
    if re.fullmatch(r"/H[1-6]", tag):
        own = min(int(tag[2]), level[0] + 1)
        element["S"] = f"/H{own}"
        level[0] = own
    for kid in element.get("K", ()):
        if isinstance(kid, bytes):
            child = part.get(kid)
            if child.get("Type") not in ("/OBJR", "/MCR"):
                _headings(part, child, level)


def _rows(part: _Part, element: Any) -> list[Any]:
    """A table's rows in order, through its head, bodies and foot."""
    rows: list[Any] = []
    for kid in element.get("K", ()):
        if isinstance(kid, bytes):
            child = part.get(kid)
            if child.get("S") == "/TR":
                rows.append(child)
            elif child.get("S") in ("/THead", "/TBody", "/TFoot"):
                rows += _rows(part, child)
    return rows


def _grid(part: _Part, table: Any) -> list[tuple[Any, range, range]]:
    """Every cell of a table with the rows and columns it covers (rowspan and colspan taken)."""
    taken: set[tuple[int, int]] = set()
    cells: list[tuple[Any, range, range]] = []
    for number, row in enumerate(_rows(part, table)):
        column = 0
        for kid in row.get("K", ()):
            cell = part.get(kid) if isinstance(kid, bytes) else None
            if cell is None or cell.get("S") not in ("/TH", "/TD"):
                continue
            while (number, column) in taken:
                column += 1
            attributes = cell.get("A") or {}
            rows = range(number, number + int(attributes.get("RowSpan", 1)))
            columns = range(column, column + int(attributes.get("ColSpan", 1)))
            taken.update((r, c) for r in rows for c in columns)
            cells.append((cell, rows, columns))
            column = columns.stop
    return cells


def _associate(part: _Part, table: Any) -> None:
    """Each data cell's ``/Headers``: the row headers of its rows, then the column headers of its columns.

    WeasyPrint counts columns without the cells spanning from rows above (its ``TODO``), which
    points the cells under a merged header at the wrong ones."""
    cells = _grid(part, table)
    by_row: dict[int, list[Any]] = {}
    by_column: dict[int, list[Any]] = {}
    for cell, rows, columns in cells:
        if cell.get("S") == "/TH" and "ID" in cell:
            is_column = cell["A"]["Scope"] == "/Column"
            for index in columns if is_column else rows:
                (by_column if is_column else by_row).setdefault(index, []).append(cell["ID"])
    for cell, rows, columns in cells:
        if cell.get("S") == "/TD":
            names = [n for r in rows for n in by_row.get(r, [])] + [n for c in columns for n in by_column.get(c, [])]
            attributes = cell.get("A") or pydyf.Dictionary({"O": "/Table"})
            attributes["Headers"] = pydyf.Array(list({id(name): name for name in names}.values()))
            cell["A"] = attributes


def _link_texts(document: Any) -> None:
    """A link's annotation describes it with the link's own words (WeasyPrint gives the target's name).

    The parts of one link (a contents line: its title, and its leader and page number drawn by
    ``::after``) share the words of the whole line."""
    for page in document.pages:
        stack: list[tuple[Any, str]] = [(page._page_box, "")]
        while stack:
            box, words = stack.pop()
            annotation = getattr(box, "link_annotation", None)
            if annotation is not None:
                if not words:
                    text = "".join(b.text for b in _descendants(box) if isinstance(b, boxes.TextBox))
                    words = " ".join(LEADER.sub(" ", text).split())
                if words:
                    annotation["Contents"] = pydyf.String(words)
            stack.extend((child, words) for child in reversed(getattr(box, "children", ()) or ()))


LEADER = re.compile(r"(?:\s*[.·…])\s*(?:[.·…]\s*){2,}")
"""The dots of a contents line's leader."""


def _descendants(box: Any) -> Iterator[Any]:
    stack = [box]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(getattr(current, "children", ()) or ()))


def _prune(part: _Part, element: Any) -> bool:
    """Drop elements left without content (their text became artifacts); whether ``element`` has any."""
    kids = element.get("K", pydyf.Array())
    kept = pydyf.Array()
    for kid in kids:
        if isinstance(kid, bytes):
            child = part.get(kid)
            if child.get("Type") in ("/OBJR", "/MCR") or _prune(part, child) or child.get("S") in TABLE_PARTS:
                kept.append(kid)
        else:
            kept.append(kid)
    if isinstance(kids, pydyf.Array):
        element["K"] = kept
    return bool(kept)


def _cells(part: _Part, element: Any, in_head: bool, prefix: str, ids: dict[str, bytes], tables: list[Any]) -> None:
    """Give header cells their scope (the columns below them in the table head, their row elsewhere)
    and every element id (WeasyPrint's, unique in this part only) the part's prefix; note the tables."""
    tag = element.get("S")
    if tag == "/Table":
        tables.append(element)
    if tag == "/TH":
        attributes = element.get("A") or pydyf.Dictionary({"O": "/Table"})
        attributes["Scope"] = "/Column" if in_head else "/Row"
        element["A"] = attributes
    if "ID" in element:
        name = f"{prefix}{element['ID'].string}"
        element["ID"] = pydyf.String(name)
        ids[name] = element.reference
    for kid in element.get("K", ()):
        if isinstance(kid, bytes):
            child = part.get(kid)
            if child.get("Type") not in ("/OBJR", "/MCR"):
                _cells(part, child, in_head or tag == "/THead", prefix, ids, tables)
