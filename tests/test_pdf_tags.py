"""The release PDF is tagged: one structure tree over the bound parts, PDF/UA-1 and PDF/A-3u claimed.

Everything is read from the compiled editions with pikepdf (the structure tree, the content
streams' marked content) and pdfplumber (the characters of each marked-content sequence, every
page's structure tree), and checked by two validators: ``page-validation`` (a full PDF/UA-1 and
PDF/A-3u validator) and ``pdfua`` (the machine-checkable subset of PDF/UA-1). The PDF for reading
on screen (``--for screen``) is checked alike.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import page as page_validation
import pdfplumber
import pikepdf
import pytest
from pdfua import Validator
from PIL import Image, ImageChops
from pypdf import PdfReader

from tests.conftest import FIXTURES, ROOT, build, require_tool
from tests.support.reference import published_coverage
from toolkit.build import BuildResult
from toolkit.drafts import marking
from toolkit.model import Edition, plain_text
from toolkit.model.alt import alt_text
from toolkit.model.structure import walk_blocks
from toolkit.model.words import WORDS

SLOW_FIXTURES = {"tagged_2021", "screen_2021", "book"}


@dataclass
class Tree:
    """The structure tree of a PDF, walked once: elements in reading order and their content."""

    pdf: pikepdf.Pdf
    elements: list[pikepdf.Dictionary] = field(default_factory=list)
    """Every structure element, depth first (reading order)."""
    mcids: list[tuple[tuple[int, int], int, pikepdf.Dictionary]] = field(default_factory=list)
    """(owner objgen, MCID, element) for every marked-content reference, in reading order: the owner
    is the page, or the form whose stream holds the content (an ``/MCR`` with ``/Stm``)."""
    pages_of_forms: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    objrs: list[tuple[pikepdf.Object, pikepdf.Dictionary]] = field(default_factory=list)

    def walk(self, element: pikepdf.Dictionary, page: pikepdf.Object | None) -> None:
        self.elements.append(element)
        page = element.get("/Pg", page)
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            if isinstance(kid, int) or (
                isinstance(kid, pikepdf.Object) and kid._type_code == pikepdf.ObjectType.integer
            ):
                self.mcids.append((page.objgen, int(kid), element))
            elif kid.get("/Type") == "/MCR":
                owner = kid.get("/Stm", kid.get("/Pg", page))
                self.pages_of_forms[owner.objgen] = kid.get("/Pg", page).objgen
                self.mcids.append((owner.objgen, int(kid.MCID), element))
            elif kid.get("/Type") == "/OBJR":
                self.objrs.append((kid.Obj, element))
            else:
                self.walk(kid, page)

    def of(self, *tags: str) -> list[pikepdf.Dictionary]:
        return [element for element in self.elements if str(element.get("/S")) in tags]


def read_tree(pdf: pikepdf.Pdf) -> Tree:
    tree = Tree(pdf)
    root = pdf.Root.StructTreeRoot
    for top in root.K if isinstance(root.K, pikepdf.Array) else [root.K]:
        tree.walk(top, None)
    return tree


def parent_tree(pdf: pikepdf.Pdf) -> dict[int, pikepdf.Object]:
    """The parent tree's entries by key (flat /Nums, or /Kids one level down)."""
    node = pdf.Root.StructTreeRoot.ParentTree
    nodes = [node] + [kid for kid in node.get("/Kids", [])]
    return {int(n.Nums[i]): n.Nums[i + 1] for n in nodes if "/Nums" in n for i in range(0, len(n.Nums), 2)}


def tagged_forms(pdf: pikepdf.Pdf) -> list[pikepdf.Stream]:
    """The form XObjects holding tagged content of their own (a group drawn with ``opacity``)."""
    return [
        obj
        for obj in pdf.objects
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Form" and "/StructParents" in obj
    ]


def marked_content(page: pikepdf.Page | pikepdf.Stream) -> Iterator[tuple[str, list[str], int | None]]:
    """(operator, open marked-content tags, MCID) for each operator of a page's (or form's) content stream."""
    stack: list[str] = []
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name in ("BDC", "BMC"):
            stack.append(str(operands[0]))
            mcid = operands[1].get("/MCID") if name == "BDC" and isinstance(operands[1], pikepdf.Dictionary) else None
            yield name, stack, None if mcid is None else int(mcid)
        elif name == "EMC":
            stack.pop()
        else:
            yield name, stack, None


@pytest.fixture(scope="session")
def tagged_2021(edition_2021: BuildResult) -> tuple[Path, pikepdf.Pdf, Tree]:
    path = edition_2021.outputs["pdf"]
    pdf = pikepdf.open(path)
    return path, pdf, read_tree(pdf)


def text_of(element: pikepdf.Dictionary) -> str:
    return str(element.get("/Alt", ""))


def test_the_catalog_says_tagged_in_chinese_with_its_title_shown(tagged_2021: tuple[Path, pikepdf.Pdf, Tree]) -> None:
    path, pdf, tree = tagged_2021
    assert pdf.Root.MarkInfo.Marked is True
    assert str(pdf.Root.Lang) == "zh-CN"
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    assert str(pdf.docinfo.Title) == "中国工业和信息化可持续发展报告2021"
    assert pdf.pdf_version == "1.7"
    assert "/OutputIntents" in pdf.Root and str(pdf.Root.OutputIntents[0].S) == "/GTS_PDFA1"
    root = pdf.Root.StructTreeRoot
    assert len(root.K) == 1 and str(root.K[0].S) == "/Document"
    info = subprocess.run([require_tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)


def test_the_xmp_identifies_pdf_a_3u_and_pdf_ua_1_and_repeats_the_metadata(
    tagged_2021: tuple[Path, pikepdf.Pdf, Tree],
) -> None:
    _, pdf, _ = tagged_2021
    with pdf.open_metadata() as meta:
        assert meta["pdfaid:part"] == "3"
        assert meta["pdfaid:conformance"] == "U"
        assert meta["pdfuaid:part"] == "1"
        assert meta["dc:title"] == str(pdf.docinfo.Title)
        assert meta["dc:creator"] == ["《中国工业和信息化可持续发展报告》编写组"]
        assert meta["dc:description"] == str(pdf.docinfo.Subject)
        assert meta["pdf:Keywords"] == str(pdf.docinfo.Keywords) and "2021" in meta["pdf:Keywords"]
        assert meta["xmp:CreateDate"].startswith("2021-12-01")
        assert meta["pdf:Producer"] == str(pdf.docinfo.Producer)


def test_every_page_and_annotation_has_its_parent_tree_entry(tagged_2021: tuple[Path, pikepdf.Pdf, Tree]) -> None:
    _, pdf, tree = tagged_2021
    entries = parent_tree(pdf)
    keys = [int(page.obj.StructParents) for page in pdf.pages if "/StructParents" in page.obj]
    blank = [page for page in pdf.pages if "/StructParents" not in page.obj]
    assert len(keys) + len(blank) == len(pdf.pages) and len(keys) >= 40
    assert all(not list(marked_content(page)) for page in blank)  # only the blank versos go without
    annotations = [a for page in pdf.pages for a in page.obj.get("/Annots", []) if "/StructParent" in a]
    assert len(annotations) > 20  # the contents' and the case index's links
    keys += [int(a.StructParent) for a in annotations]
    forms = tagged_forms(pdf)
    keys += [int(form.StructParents) for form in forms]
    assert len(set(keys)) == len(keys), "a key used twice"
    assert set(keys) == set(entries)
    assert int(pdf.Root.StructTreeRoot.ParentTreeNextKey) == max(keys) + 1
    linked = {annotation.objgen for annotation, _ in tree.objrs}
    for annotation in annotations:
        assert annotation.objgen in linked
        assert str(entries[int(annotation.StructParent)].S) == "/Link"


def test_every_mcid_is_in_the_tree_once_and_the_parent_tree_agrees(tagged_2021: tuple[Path, pikepdf.Pdf, Tree]) -> None:
    _, pdf, tree = tagged_2021
    entries = parent_tree(pdf)
    referenced = Counter((owner, mcid) for owner, mcid, _ in tree.mcids)
    assert len(referenced) > 1500 and max(referenced.values()) == 1
    assert len({element.objgen for element in tree.elements}) == len(tree.elements), "an element in the tree twice"
    element_of = {(owner, mcid): element.objgen for owner, mcid, element in tree.mcids}
    owners = [(page.obj, page) for page in pdf.pages] + [(form, form) for form in tagged_forms(pdf)]
    in_content = set()
    for owner, stream in owners:
        for _operator, stack, mcid in marked_content(stream):
            if mcid is not None:
                assert "/Artifact" not in stack[:-1], "tagged content inside an artifact"
                in_content.add((owner.objgen, mcid))
                assert entries[int(owner.StructParents)][mcid].objgen == element_of[(owner.objgen, mcid)]
    assert in_content == set(referenced)


def test_content_is_tagged_or_an_artifact(tagged_2021: tuple[Path, pikepdf.Pdf, Tree]) -> None:
    """No text outside marked content; a form painted outside it holds tagged content of its own."""
    _, pdf, _ = tagged_2021
    folios = artifacts = 0
    for page in pdf.pages:
        xobjects = page.obj.Resources.get("/XObject", {})
        for operator, stack, _ in marked_content(page):
            if operator in ("Tj", "TJ", "'", '"'):
                assert stack, f"text outside marked content on page {page.index + 1}"
            if operator == "Do" and not stack:  # a form tagged inside, referred to by /MCR /Stm
                assert any("/StructParents" in form for form in xobjects.values()), (
                    f"a form or image painted outside marked content on page {page.index + 1}"
                )
            if operator == "BDC" and stack[-1] == "/Artifact":
                artifacts += 1
        folios += "/Folio" in xobjects
    assert folios > 40 and artifacts > 100  # running headers, page numbers, rules, backgrounds


def test_page_numbers_and_running_headers_are_not_in_the_tree(tagged_2021: tuple[Path, pikepdf.Pdf, Tree]) -> None:
    path, pdf, tree = tagged_2021
    text = structure_text(path, tree)
    pages = subprocess.run(
        [require_tool("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    header = "中国工业和信息化可持续发展报告 2021"  # the running header, on every page but the cover's
    assert pages.count(header) > 40
    assert text.count(re.sub(r"\s", "", header)) == 0 and text.count("中国工业和信息化可持续发展报告") == 3
    page = pdf.pages[12]
    stamped = [stack[-1] for operator, stack, _ in marked_content(page) if operator == "Do" and stack]
    assert "/Artifact" in stamped


def test_figures_have_alternative_text(tagged_2021: tuple[Path, pikepdf.Pdf, Tree], edition_2021: BuildResult) -> None:
    """Every figure says what it shows: a photo its ``img@alt``, a chart its data in words (its SVG's ``<title>``).

    The 2021 edition's photos are placeholders (no image files), so its figures are its charts.
    """
    _, _, tree = tagged_2021
    figures = tree.of("/Figure")
    without_alt = [f for f in figures if not str(f.get("/Alt", "")).strip()]
    charts = [block for _, block in edition_2021.edition.walk() if block.kind == "chart"]
    assert len(figures) >= len(charts) >= 1
    assert without_alt == []
    alts = {str(f.get("/Alt")) for f in figures}
    assert {alt_text(chart, edition_2021.edition) for chart in charts} <= alts


def test_tables_have_header_cells_with_scope(tagged_2021: tuple[Path, pikepdf.Pdf, Tree]) -> None:
    _, pdf, tree = tagged_2021
    tables = tree.of("/Table")
    assert len(tables) >= 1
    ids = {str(name) for name in pdf.Root.StructTreeRoot.IDTree.Names[::2]}
    for table in tables:
        sub = Tree(pdf)
        sub.walk(table, None)
        headers = sub.of("/TH")
        assert headers, "a table without header cells"
        assert {str(th.A.Scope) for th in headers} <= {"/Column", "/Row"}
        assert all(str(th.ID) in ids for th in headers)
        for cell in sub.of("/TD"):
            assert {str(h) for h in cell.A.get("/Headers", [])} <= ids
        assert any(len(cell.A.get("/Headers", [])) for cell in sub.of("/TD"))
    assert len(ids) == len(pdf.Root.StructTreeRoot.IDTree.Names) // 2


def _plain(text: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text))


def test_headings_follow_the_bookmarks(tagged_2021: tuple[Path, pikepdf.Pdf, Tree]) -> None:
    path, pdf, tree = tagged_2021
    texts = element_texts(path, tree)
    with pdf.open_outline() as outline:
        marks: list[tuple[int, str]] = []

        def visit(items: list[pikepdf.OutlineItem], level: int) -> None:
            for item in items:
                marks.append((level, _plain(item.title)))
                visit(item.children, level + 1)

        visit(outline.root, 1)
    assert len(marks) > 30
    headings = [(int(str(e.S)[2]), _plain(texts.get(e.objgen, ""))) for e in tree.of("/H1", "/H2", "/H3")]
    assert all(text for _, text in headings), "an empty heading"
    wanted = set(marks)
    assert [h for h in headings if h in wanted] == marks


def test_lists_are_l_with_li(tagged_2021: tuple[Path, pikepdf.Pdf, Tree]) -> None:
    _, _, tree = tagged_2021
    lists = tree.of("/L")
    assert len(lists) >= 5
    for element in lists:
        kinds = {str(kid.get("/S")) for kid in element.K if isinstance(kid, pikepdf.Dictionary)}
        assert kinds <= {"/LI", "/L"} and "/LI" in kinds


def test_fonts_are_embedded_once_per_face(tagged_2021: tuple[Path, pikepdf.Pdf, Tree]) -> None:
    path, pdf, _ = tagged_2021
    listing = subprocess.run(
        [require_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert len(listing) >= 4
    assert all(line.split()[-5] == "yes" for line in listing), "a font not embedded"
    programs: dict[str, set[tuple[int, int]]] = {}
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
            face = str(obj.FontName).split("+", 1)[-1]
            program = obj.get("/FontFile2") or obj.get("/FontFile3")
            programs.setdefault(face, set()).add(program.objgen)
            assert "/CIDSet" not in obj  # a CIDSet would no longer match the union subset (PDF/A)
    assert programs and all(len(files) == 1 for files in programs.values())


@lru_cache(maxsize=4)
def marked_chars(path: Path) -> dict[tuple[tuple[int, int], int], list[tuple[str, float, float, float]]]:
    """(page objgen, MCID) → its characters (text, x0, x1, top), read once per file with pdfplumber."""
    chars: dict[tuple[tuple[int, int], int], list[tuple[str, float, float, float]]] = {}
    with pikepdf.open(path) as pdf, pdfplumber.open(path) as document:
        for page, obj in zip(document.pages, pdf.pages):
            for char in page.chars:
                if char.get("mcid") is not None:
                    chars.setdefault((obj.objgen, char["mcid"]), []).append(
                        (char["text"], char["x0"], char["x1"], char["top"])
                    )
    return chars


def element_texts(path: Path, tree: Tree) -> dict[tuple[int, int], str]:
    """The text of every element (its own marked content and its kids'), read with pdfplumber."""
    chars = {key: "".join(char[0] for char in found) for key, found in marked_chars(path).items()}
    texts: dict[tuple[int, int], str] = {}

    def gather(element: pikepdf.Dictionary, page: pikepdf.Object | None) -> str:
        """The element's content and its kids', in the order of its ``/K``."""
        page = element.get("/Pg", page)
        kids = element.get("/K")
        parts: list[str] = []
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            if isinstance(kid, int) or (
                isinstance(kid, pikepdf.Object) and kid._type_code == pikepdf.ObjectType.integer
            ):
                parts.append(chars.get((page.objgen, int(kid)), ""))
            elif kid.get("/Type") == "/MCR":  # content of another page, or of a form drawn on its page
                parts.append(chars.get((kid.get("/Pg", page).objgen, int(kid.MCID)), ""))
            elif kid.get("/Type") != "/OBJR":
                parts.append(gather(kid, page))
        texts[element.objgen] = "".join(parts)
        return texts[element.objgen]

    for top in tree.elements[:1]:
        gather(top, None)
    return texts


def structure_text(path: Path, tree: Tree) -> str:
    """The text of the whole tree, in its order."""
    return element_texts(path, tree)[tree.elements[0].objgen]


def test_text_read_through_the_structure_tree_covers_the_published_text(
    tagged_2021: tuple[Path, pikepdf.Pdf, Tree], tmp_path: Path
) -> None:
    """What a screen reader reads, in the tree's order, holds the published text as pdftotext finds it."""
    require_tool("pdftotext")
    path, _, tree = tagged_2021
    text = tmp_path / "structure.txt"
    text.write_text(structure_text(path, tree), encoding="utf-8")
    assert published_coverage(2021, text) >= published_coverage(2021, path) >= 98.0


def test_the_pdfua_checker_finds_nothing(tagged_2021: tuple[Path, pikepdf.Pdf, Tree]) -> None:
    """``pdfua`` (16 of the 106 machine-checkable PDF/UA-1 rules) finds nothing: every figure has its
    alternative text, and no text is drawn in a transparency group outside marked content (the feature's
    organisation line is set in a translucent colour, not with ``opacity``, which made such a group)."""
    report = Validator().validate(str(tagged_2021[0]))
    assert [(f.rule_id, f.message, f.location.page) for f in report.findings] == []


def test_heading_levels_are_never_skipped(tagged_2021: tuple[Path, pikepdf.Pdf, Tree]) -> None:
    _, _, tree = tagged_2021
    levels = [int(str(element.S)[2]) for element in tree.of("/H1", "/H2", "/H3", "/H4", "/H5", "/H6")]
    assert len(levels) > 50 and levels[0] == 1
    assert all(after <= before + 1 for before, after in zip(levels, levels[1:]))
    assert 4 in levels  # box titles under a subsection keep their level


def test_links_are_described_by_their_words(tagged_2021: tuple[Path, pikepdf.Pdf, Tree]) -> None:
    _, pdf, _ = tagged_2021
    described = [
        str(a.get("/Contents", ""))
        for page in pdf.pages
        for a in page.obj.get("/Annots", [])
        if a.get("/Subtype") == "/Link"
    ]
    assert len(described) > 20
    assert all(re.search(r"[\u4e00-\u9fff]", words) for words in described), described
    assert "序言 3" in described


def test_a_draft_is_tagged_and_its_watermark_is_an_artifact(tmp_path: Path) -> None:
    """Drafts are tagged too; the 征求意见稿 watermark on every page (``aria-hidden``) is an artifact,
    the cover's line naming the round is text."""
    result = build(FIXTURES / "minimal", tmp_path, draft=marking("1"), formats=("pdf",))
    path = result.outputs["pdf"]
    pdf = pikepdf.open(path)
    laid_out = {page.index for page in pdf.pages if "/StructParents" in page.obj}  # not the blank versos
    assert {page.index for page in pdf.pages if _watermark(page)} == laid_out and len(laid_out) >= 2
    tree = read_tree(pdf)
    text = structure_text(path, tree)
    assert text.count("征求意见稿") == 1 and "征求意见稿（第 1 稿" in text  # the cover says it, once
    pages = subprocess.run(
        [require_tool("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert pages.count("征求意见稿") >= len(laid_out)


def _watermark(page: pikepdf.Page) -> bool:
    return any(
        str(operator) == "BDC"
        and str(operands[0]) == "/Artifact"
        and str(operands[1].get("/Subtype", "")) == "/Watermark"
        for operands, operator in pikepdf.parse_content_stream(page)
    )


MERGED_HEADERS = """<html lang="zh-CN"><body style="font-family: 'Noto Sans CJK SC'">
<table><thead>
<tr><th rowspan="2">年份</th><th colspan="2">产量</th></tr>
<tr><th>钢材</th><th>水泥</th></tr>
</thead><tbody>
<tr><th scope="row">2019</th><td>120</td><td>23</td></tr>
<tr><th scope="row">2020</th><td>132</td><td>24</td></tr>
</tbody></table></body></html>"""


def test_merged_header_cells_get_their_scope_and_ids_that_resolve(tmp_path: Path) -> None:
    """A statistics table's merged headers (rowspan, colspan) and its row headers, in one tagged part."""
    from toolkit.render import pdf as pdf_stage

    target = tmp_path / "table.pdf"
    document = pdf_stage.layout(MERGED_HEADERS, ROOT / "templates", tmp_path, {})
    pdf_stage.write(document, target, MERGED_HEADERS, tagged=True)
    pdf = pikepdf.open(target)
    tree = read_tree(pdf)
    headers = {element_texts(target, tree)[th.objgen]: th for th in tree.of("/TH")}
    assert {name: str(th.A.Scope) for name, th in headers.items()} == {
        "年份": "/Column",
        "产量": "/Column",
        "钢材": "/Column",
        "水泥": "/Column",
        "2019": "/Row",
        "2020": "/Row",
    }
    assert int(headers["年份"].A.RowSpan) == 2 and int(headers["产量"].A.ColSpan) == 2
    ids = {str(name) for name in pdf.Root.StructTreeRoot.IDTree.Names[::2]}
    assert {str(th.ID) for th in headers.values()} == ids and len(ids) == 6
    texts = element_texts(target, tree)
    names = {str(th.ID): name for name, th in headers.items()}
    associated = {texts[cell.objgen]: [names[str(h)] for h in cell.A.Headers] for cell in tree.of("/TD")}
    assert associated == {
        "120": ["2019", "产量", "钢材"],
        "23": ["2019", "产量", "水泥"],
        "132": ["2020", "产量", "钢材"],
        "24": ["2020", "产量", "水泥"],
    }


TRANSLUCENT = """<html lang="zh-CN"><body style="font-family: 'Noto Sans CJK SC'">
<p>工业增加值</p><p style="opacity: .5">中国电子信息行业联合会</p></body></html>"""


def test_text_drawn_with_opacity_is_tagged_inside_its_group(tmp_path: Path) -> None:
    """Text in a transparency group (CSS ``opacity``) is tagged inside the group's form and referred to
    from the tree by ``/MCR`` with ``/Stm``, its form's own parent tree entry agreeing: the form numbers its
    marked content from 0, apart from the page's (pdfplumber reads both as the page's, so the texts are
    told apart by their elements)."""
    from toolkit.render import pdf as pdf_stage

    target = tmp_path / "translucent.pdf"
    pdf_stage.write(pdf_stage.layout(TRANSLUCENT, ROOT / "templates", tmp_path, {}), target, TRANSLUCENT, tagged=True)
    pdf = pikepdf.open(target)
    tree, entries = read_tree(pdf), parent_tree(pdf)
    forms = tagged_forms(pdf)
    assert len(forms) == 1 and list(tree.pages_of_forms) == [forms[0].objgen]
    form = forms[0]
    marked = [mcid for _, _, mcid in marked_content(form) if mcid is not None]
    element_of = {(owner, mcid): element.objgen for owner, mcid, element in tree.mcids}
    assert marked and [entries[int(form.StructParents)][mcid].objgen for mcid in marked] == [
        element_of[(form.objgen, mcid)] for mcid in marked
    ]
    assert marked == list(range(len(marked)))
    page_elements = {element.objgen for owner, _, element in tree.mcids if owner == pdf.pages[0].obj.objgen}
    form_elements = {element.objgen for owner, _, element in tree.mcids if owner == form.objgen}
    assert form_elements and page_elements and not form_elements & page_elements
    assert "中国电子信息行业联合会" in structure_text(target, tree)


# --- read by real clients: a validator, pdfplumber, a reader following the tree ----------------------------------


@pytest.fixture(scope="session")
def screen_2021(edition_2021: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The 2021 edition's PDF for reading on screen, bound from the parts the print build laid out."""
    out = tmp_path_factory.mktemp("screen-2021")
    shutil.copytree(edition_2021.outputs["pdf"].parent / ".cache", out / ".cache")
    return build("2021", out, formats=("pdf",), media=("print", "screen"))


BOOKS = ["edition_2021", "edition_2020", "all_elements", "screen_2021"]


@pytest.fixture(scope="session", params=BOOKS)
def book(request: pytest.FixtureRequest) -> tuple[BuildResult, Path]:
    """Each tagged PDF the tests compile: the two editions, the fixture with every element, the screen PDF."""
    result: BuildResult = request.getfixturevalue(request.param)
    return result, result.outputs["screen" if request.param == "screen_2021" else "pdf"]


@pytest.mark.parametrize("profile", ["PDF_UA_1", "PDF_A_3U"])
def test_a_validator_finds_no_failure(book: tuple[BuildResult, Path], profile: str) -> None:
    """``page-validation`` (which passes the veraPDF and Isartor corpora) finds no failed rule."""
    report = page_validation.validate_pdf(book[1], profile=getattr(page_validation.ValidationProfile, profile))
    assert report.rules.total > 50
    assert [(f.rule_id, f.message) for f in report.failures] == [] and report.is_compliant


def test_pdfplumber_reads_every_page_structure_tree(book: tuple[BuildResult, Path]) -> None:
    """Every page's parent tree entry names an element for each of its marked-content sequences, with no empty
    slot (pdfplumber stopped with a TypeError at the empty slots the margin boxes left)."""
    with pikepdf.open(book[1]) as pdf:
        arrays = [value for value in parent_tree(pdf).values() if isinstance(value, pikepdf.Array)]
        assert arrays and all(all(isinstance(entry, pikepdf.Dictionary) for entry in array) for array in arrays)
    with pdfplumber.open(book[1]) as document:
        trees = [page.structure_tree for page in document.pages]
    assert sum(bool(tree) for tree in trees) == len(trees) - len(blank_pages(book[1]))


def blank_pages(path: Path) -> list[int]:
    """The indexes of the pages without any marked content (the blank versos)."""
    with pikepdf.open(path) as pdf:
        return [page.index for page in pdf.pages if "/StructParents" not in page.obj]


def test_content_is_painted_in_the_order_of_the_tree(book: tuple[BuildResult, Path]) -> None:
    """A reader following the content meets it in the tree's order: bullets before their items, a floated
    label (专栏) in its box, a chart where it stands (WeasyPrint painted them in other layers)."""
    with pikepdf.open(book[1]) as pdf:
        tree = read_tree(pdf)
        rank = {(owner, mcid): position for position, (owner, mcid, _) in enumerate(tree.mcids)}
        labels = 0
        for owner in [page.obj for page in pdf.pages] + tagged_forms(pdf):
            painted = [rank[(owner.objgen, mcid)] for _, _, mcid in marked_content(owner) if mcid is not None]
            assert painted == sorted(painted), f"content painted out of the tree's order in {owner.objgen}"
            labels += len(painted)
        assert labels == len(tree.mcids) > 100


def test_one_paragraph_of_the_source_is_one_p(book: tuple[BuildResult, Path]) -> None:
    """A paragraph broken by a column or a page is one ``P`` (not two, the second starting in the middle of a
    word: “促进工业绿” | “色低碳”), and so is every paragraph of the chapters and of the cases they show."""
    result, path = book
    paragraphs = [
        _bare(plain_text(block.inlines)) for block in shown_blocks(result.edition) if block.kind == "paragraph"
    ]
    with pikepdf.open(path) as pdf:
        tree = read_tree(pdf)
        texts = element_texts(path, tree)
        ps = Counter(_bare(texts[element.objgen]) for element in tree.of("/P"))
    assert len(paragraphs) >= 20
    assert [p for p in paragraphs if not ps[p]] == []
    split = [(a[-6:], b[:6]) for a, b in zip(ps, list(ps)[1:]) if a and b and (a + b) in set(paragraphs)]
    assert split == []


def shown_blocks(edition: Edition) -> list[Any]:
    """Every block the report shows: the chapters', and those of the cases they place."""
    blocks = [block for _, block in edition.walk()]
    cases = [
        edition.cases[block.case_id] for block in blocks if block.kind == "case" and block.case_id in edition.cases
    ]
    return blocks + [inner for case in cases for block in case.blocks for inner in walk_blocks(block)]


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_contents_entries_are_toci_with_one_link_and_their_leaders_are_artifacts(
    book: tuple[BuildResult, Path],
) -> None:
    """The contents is a ``TOC``: each entry a ``TOCI`` holding one ``Link`` (one annotation), read as the title
    and then the page number; the leader's dots between them are artifacts (there were 2,996 of them in the
    tree, and three nested links per entry)."""
    result, path = book
    with pikepdf.open(path) as pdf:
        tree = read_tree(pdf)
        texts = element_texts(path, tree)
        items = tree.of("/TOCI")
        sections = sum(len(chapter.sections) for chapter in result.edition.chapters)
        assert len(items) == len(result.edition.chapters) + sections + bool(result.edition.config.index.cases)
        for item in items:
            kids = [str(kid.S) for kid in item.K if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]
            assert kids in (["/Link"], ["/Link", "/TOC"])
            link = next(kid for kid in item.K if isinstance(kid, pikepdf.Dictionary) and kid.get("/S") == "/Link")
            assert re.fullmatch(r"\S.*\S \d+", texts[link.objgen]), texts[link.objgen]
            assert sum(1 for kid in link.K if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR") == 1
        assert all(str(toc.P.S) in ("/TOCI", "/NonStruct") for toc in tree.of("/TOC"))
        contents = {item.Pg.objgen for item in items}
        annotations = sum(len(page.obj.get("/Annots", [])) for page in pdf.pages if page.obj.objgen in contents)
        assert annotations == len(items)
        dots = sum(
            1
            for page in pdf.pages
            if page.obj.objgen in contents
            for operator, stack, _ in marked_content(page)
            if operator == "TJ" and stack == ["/Artifact"]
        )
        assert dots > 10 * len(items)
    assert not re.search(r"[.·…]{3}", "".join(texts[item.objgen] for item in items))


def test_list_items_hold_a_label_and_a_body(book: tuple[BuildResult, Path]) -> None:
    with pikepdf.open(book[1]) as pdf:
        tree = read_tree(pdf)
        items = tree.of("/LI")
        assert items
        for item in items:
            kids = [str(kid.S) for kid in item.K if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]
            assert kids in (["/LBody"], ["/Lbl", "/LBody"]), kids


def test_placeholders_are_figures_and_captions_stand_with_their_figures(
    tagged_2021: tuple[Path, pikepdf.Pdf, Tree], edition_2021: BuildResult
) -> None:
    """A picture still awaited (a dashed frame saying 图片) is a ``Figure`` whose alternative text says so, not the
    text 图片; a figure and its caption stand together in a ``Div`` (the HTML ``figure``), never a ``NonStruct``."""
    path, pdf, tree = tagged_2021
    edition = edition_2021.edition
    blocks = shown_blocks(edition)
    awaited = [block for block in blocks if block.kind == "figure" and block.src not in edition.assets]
    awaited += [
        photo
        for block in blocks
        if block.kind == "case"
        for photo in edition.cases[block.case_id].photos
        if photo.src not in edition.assets
    ]
    alt = WORDS.image + WORDS.awaiting
    placeholders = [figure for figure in tree.of("/Figure") if str(figure.get("/Alt")) == alt]
    assert len(placeholders) == len(awaited) >= 10
    captions = tree.of("/Caption")
    assert len(captions) >= len(placeholders)
    assert {str(caption.P.S) for caption in captions} <= {"/Div", "/Table"}
    for figure in placeholders:
        assert str(figure.P.S) == "/Div"
        assert any(isinstance(kid, pikepdf.Dictionary) and kid.get("/S") == "/Caption" for kid in figure.P.K)
        assert all(isinstance(kid, int) or kid.get("/Type") == "/MCR" for kid in figure.K)  # the frame's word, no text
    texts = element_texts(path, tree)
    assert all(texts[figure.objgen] == WORDS.image for figure in placeholders)
    assert not any(WORDS.image == texts[element.objgen] for element in tree.of("/Span", "/NonStruct", "/P"))


LIST_AND_COLUMNS = """<html lang="zh-CN"><body style="font-family: 'Noto Sans CJK SC'; font-size: 12pt">
<ul><li><p>第一项</p></li><li><p>第二项</p></li></ul><ol><li>甲</li><li>乙</li></ol>
<div style="column-count: 2"><p>{text}</p></div></body></html>"""


def test_a_paragraph_across_columns_is_one_p_and_bullets_come_before_their_items(tmp_path: Path) -> None:
    """In one part: a paragraph split between two columns and a page is one ``P``; each list item is ``Lbl`` then
    ``LBody``, its bullet painted before its text (WeasyPrint painted the bullets after all the page's text)."""
    from toolkit.render import pdf as pdf_stage

    text = "工业和信息化行业积极落实扩大内需战略，着力提高供给质量，激活消费潜力。" * 120
    html = LIST_AND_COLUMNS.format(text=text)
    target = tmp_path / "part.pdf"
    pdf_stage.write(pdf_stage.layout(html, ROOT / "templates", tmp_path, {}), target, html, tagged=True)
    pdf = pikepdf.open(target)
    tree = read_tree(pdf)
    texts = element_texts(target, tree)
    assert len(pdf.pages) >= 2 and [texts[p.objgen] for p in tree.of("/P")][-1] == text
    assert [str(kid.S) for item in tree.of("/LI") for kid in item.K] == ["/Lbl", "/LBody"] * 4
    assert [texts[body.objgen] for body in tree.of("/LBody")] == ["第一项", "第二项", "甲", "乙"]
    rank = {(owner, mcid): n for n, (owner, mcid, _) in enumerate(tree.mcids)}
    painted = [rank[(pdf.pages[0].obj.objgen, mcid)] for _, _, mcid in marked_content(pdf.pages[0]) if mcid is not None]
    assert painted == sorted(painted)


@pytest.mark.slow
def test_tagging_leaves_every_page_as_it_was(
    all_elements: BuildResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page of the fixture with every element renders to the same pixels tagged and untagged."""
    from toolkit.render import book

    monkeypatch.setattr(book, "TAGGED", False)
    untagged = build(FIXTURES / "all-elements", tmp_path / "untagged", formats=("pdf",)).outputs["pdf"]
    tagged = all_elements.outputs["pdf"]
    pdftoppm = require_tool("pdftoppm")
    for name, path in (("tagged", tagged), ("untagged", untagged)):
        subprocess.run([pdftoppm, "-r", "50", "-png", str(path), str(tmp_path / name)], check=True)
    pages = sorted(tmp_path.glob("tagged-*.png"))
    assert len(pages) == len(list(tmp_path.glob("untagged-*.png"))) >= 10
    for picture in pages:
        other = picture.with_name(picture.name.replace("tagged", "untagged"))
        assert (
            ImageChops.difference(Image.open(picture).convert("RGB"), Image.open(other).convert("RGB")).getbbox()
            is None
        ), picture.name


def test_the_screen_pdf_leaves_out_the_blank_pages_and_keeps_the_printed_numbers(screen_2021: BuildResult) -> None:
    """The PDF for reading on screen is the printed book without its blank versos (2021: pages 4, 10, 16, 28, 36,
    50). Its pages keep their printed numbers, shown by the viewer as page labels; its bookmarks and the contents'
    links open the pages whose numbers they print."""
    printed, screen = screen_2021.outputs["pdf"], screen_2021.outputs["screen"]
    assert screen.name == "中国工业和信息化可持续发展报告2021-屏幕阅读版.pdf"
    blanks = blank_pages(printed)
    assert [index + 1 for index in blanks] == [4, 10, 16, 28, 36, 50]
    reader, print_reader = PdfReader(screen), PdfReader(printed)
    assert len(reader.pages) == len(print_reader.pages) - len(blanks)
    assert blank_pages(screen) == []
    labels = reader.page_labels
    assert labels == [str(number + 1) for number in range(len(print_reader.pages)) if number not in blanks]
    assert (
        subprocess.run(
            [require_tool("pdftotext"), "-f", "5", "-l", "5", str(screen), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()[-1]
        == labels[4]
        == "6"
    )  # its printed folio

    def outline(document: PdfReader) -> list[tuple[str, str]]:
        flat: list[tuple[str, str]] = []
        stack = list(document.outline)
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack[:0] = item
            else:
                flat.append((item.title, document.page_labels[document.get_destination_page_number(item)]))
        return flat

    assert len(outline(reader)) > 30 and outline(reader) == outline(print_reader)
    targets = reader.named_destinations
    links = [
        (str(annotation["/Contents"]), str(annotation["/Dest"]))
        for page in reader.pages
        for annotation in (a.get_object() for a in page.get("/Annots", []))
        if re.search(r" \d+$", str(annotation.get("/Contents", "")))
    ]
    assert len(links) > 20  # the contents (and the case index, when there is one)
    for words, name in links:
        assert words.split()[-1] == labels[reader.get_destination_page_number(targets[name])], words
    with pikepdf.open(printed) as one, pikepdf.open(screen) as other:
        assert structure_text(printed, read_tree(one)) == structure_text(screen, read_tree(other))


LONG_TABLE = """<html lang="zh-CN"><head><title>统计表</title></head><body style="font-family: 'Noto Sans CJK SC'">
<table><thead><tr><th>年份</th><th>钢材</th><th>水泥</th></tr></thead><tbody>{rows}</tbody></table></body></html>"""


def test_a_table_across_pages_has_one_head_and_its_repeats_are_artifacts(tmp_path: Path) -> None:
    """WeasyPrint draws a table's head again on each page the table continues on: the tree holds one ``THead``
    and one ``TBody`` (a second ``THead`` broke PDF/UA-1), the repeated heads are pagination artifacts."""
    from toolkit.render import pdf as pdf_stage

    html = LONG_TABLE.format(
        rows="".join(f"<tr><th scope='row'>{2000 + i}</th><td>{i}</td><td>{2 * i}</td></tr>" for i in range(80))
    )
    target = tmp_path / "table.pdf"
    pdf_stage.write(pdf_stage.layout(html, ROOT / "templates", tmp_path, {}), target, html, tagged=True)
    pdf = pikepdf.open(target)
    tree = read_tree(pdf)
    assert len(pdf.pages) >= 2
    assert [len(tree.of(tag)) for tag in ("/Table", "/THead", "/TBody", "/TR", "/TD")] == [1, 1, 1, 81, 160]
    ids = {str(name) for name in pdf.Root.StructTreeRoot.IDTree.Names[::2]}
    assert all({str(h) for h in cell.A.Headers} <= ids and len(cell.A.Headers) == 2 for cell in tree.of("/TD"))
    for page in pdf.pages[1:]:  # the head again, drawn as an artifact before the rows
        first = next((stack, mcid) for operator, stack, mcid in marked_content(page) if operator == "TJ")
        assert first == (["/Artifact"], None)
    report = page_validation.validate_pdf(target, profile=page_validation.ValidationProfile.PDF_UA_1)
    # a part alone has no PDF/UA identification in its XMP: the binder writes the book's
    assert [f.rule_id for f in report.failures if not f.rule_id.startswith("PDFUA1-ID-")] == []
