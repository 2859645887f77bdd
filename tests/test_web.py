"""The web edition without a browser: the files of the site, sources on every block, links, drafts, safety.

The browser tests (``tests/test_web_browser.py``) load the built 2021 site in Chromium.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import html as lxml_html

from tests.conftest import FIXTURES, ROOT, build
from toolkit.atomic import OutputBatch
from toolkit.diagnostics import Diagnostics
from toolkit.errors import OutputError
from toolkit.model import BY_KIND, CaseBox, Draft, Edition
from toolkit.project import PACKAGE_TEMPLATES
from toolkit.readers import read_edition
from toolkit.render import web_search
from toolkit.render.line_breaks import with_breaks
from toolkit.render.web import page_for_source, render_site

ALL_ELEMENTS = FIXTURES / "all-elements"


def _read(folder: Path) -> Edition:
    diagnostics = Diagnostics()
    edition = read_edition(folder, diagnostics)
    assert edition is not None and not diagnostics.has_errors(False), diagnostics.codes()
    return edition


@pytest.fixture(scope="module")
def edition() -> Edition:
    return _read(ALL_ELEMENTS)


@pytest.fixture(scope="module")
def site(edition: Edition) -> dict[str, bytes]:
    return render_site(edition, PACKAGE_TEMPLATES)


def _pages(site: dict[str, bytes]) -> dict[str, str]:
    return {path: content.decode("utf-8") for path, content in site.items() if path.endswith(".html")}


def test_the_site_has_a_page_per_chapter_the_front_matter_the_case_index_and_each_image_once(
    edition: Edition, site: dict[str, bytes]
) -> None:
    chapters = [f"chapters/{Path(c.source.path).stem}.html" for c in edition.chapters]
    assert chapters == [
        "chapters/00-preface.html",
        "chapters/01-covid.html",
        "chapters/02-practice.html",
        "chapters/03-outlook.html",
    ]
    images = [f"assets/{src}" for src in edition.assets]
    assert len(images) == 2
    assert sorted(site) == sorted(
        [
            "index.html",
            "case-index.html",
            *chapters,
            "static/web.css",
            "static/web.js",
            "static/search.css",
            "static/search.js",
            *images,
        ]
    )
    for src, asset in edition.assets.items():
        assert site[f"assets/{src}"] == asset.data


def test_images_are_referenced_never_inlined(edition: Edition, site: dict[str, bytes]) -> None:
    pages = _pages(site)
    referenced = set()
    for path, page in pages.items():
        assert "data:image" not in page and "base64" not in page
        for src in re.findall(r'<img src="([^"]+)"', page):
            target = os.path.normpath(os.path.join(os.path.dirname(path), unquote(src)))
            assert target in site, (path, src)
            referenced.add(target)
    assert referenced == {f"assets/{src}" for src in edition.assets}


def test_every_block_carries_its_source_file_and_line(edition: Edition, site: dict[str, bytes]) -> None:
    pages = _pages(site)
    checked: set[str] = set()
    for chapter, block in edition.walk():
        page = pages[page_for_source(edition, chapter.source.path)]
        assert f'data-source="{block.source.label()}"' in page, (block.kind, block.source.label())
        checked.add(block.kind)
    placing = {b.case_id: c for c, b in edition.walk() if isinstance(b, CaseBox)}
    for case, block in edition.walk_cases():
        page = pages[page_for_source(edition, placing[case.id].source.path)]
        assert f'data-source="{block.source.label()}"' in page, (case.id, block.kind)
        checked.add(block.kind)
    assert checked == set(BY_KIND)  # the fixture holds every kind (tests/test_registry.py), nested ones included
    table_rows = re.findall(r'<tr data-source="(data/value-added\.csv:\d+)"', pages["chapters/02-practice.html"])
    assert table_rows[:2] == ["data/value-added.csv:2", "data/value-added.csv:3"]


def test_page_for_source_names_the_page_showing_a_file(edition: Edition) -> None:
    assert page_for_source(edition, "chapters/02-practice.md") == "chapters/02-practice.html"
    assert page_for_source(edition, "cases/lishui-grid/case.md") == "chapters/02-practice.html"
    assert page_for_source(edition, "cases/dewu-standards/photo-1.png") == "chapters/02-practice.html"
    assert page_for_source(edition, "data/value-added.csv") == "chapters/02-practice.html"
    assert page_for_source(edition, "data/value-added.toml") == "chapters/02-practice.html"
    assert page_for_source(edition, "images/base-station.png") == "chapters/02-practice.html"
    assert page_for_source(edition, "edition.toml") == "index.html"
    assert page_for_source(edition, "chapters/not-listed.md") == "index.html"


def test_links_between_pages_lead_to_their_anchors(site: dict[str, bytes]) -> None:
    pages = _pages(site)
    ids = {path: set(re.findall(r'\sid="([^"]+)"', page)) for path, page in pages.items()}
    links = 0
    for path, page in pages.items():
        for href in re.findall(r'<a [^>]*href="([^"#:]*)(?:#([^"]*))?"', page):
            target = os.path.normpath(os.path.join(os.path.dirname(path), unquote(href[0]))) if href[0] else path
            assert target in pages, (path, href)
            assert not href[1] or unquote(href[1]) in ids[target], (path, href)
            links += 1
    assert links > 60


def test_every_page_is_chinese_fits_a_phone_and_takes_the_theme(edition: Edition, site: dict[str, bytes]) -> None:
    pages = _pages(site)
    assert len(pages) == 6
    for page in pages.values():
        root = lxml_html.fromstring(page)
        assert root.get("lang") == "zh-CN"
        assert root.xpath("//meta[@name='viewport']/@content") == ["width=device-width, initial-scale=1"]
        assert f"--accent: {edition.config.theme.accent};" in page
        assert len(root.xpath("//main[@data-search-body]")) == 1
        [policy] = root.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert "script-src 'self';" in policy and "unsafe-inline'; img" in policy
    css = site["static/web.css"].decode()
    assert "line-break: strict" in css and "text-align: justify" in css and "@media print" in css


def test_a_draft_shows_its_band_with_the_round_on_every_page(edition: Edition) -> None:
    draft = Draft(version="2", date=dt.date(2021, 11, 30))
    pages = _pages(render_site(edition, PACKAGE_TEMPLATES, draft=draft))
    band = '<div class="draft-band" role="note">征求意见稿（第 2 稿，2021-11-30）</div>'
    assert [path for path, page in pages.items() if band not in page] == []
    assert [
        path
        for path, page in _pages(render_site(edition, PACKAGE_TEMPLATES)).items()
        if "draft-band" in page and 'class="draft-band"' in page
    ] == []


def test_render_site_writes_nothing(edition: Edition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    before = {p: p.stat().st_mtime_ns for p in ALL_ELEMENTS.rglob("*")}
    render_site(edition, PACKAGE_TEMPLATES)
    assert list(tmp_path.iterdir()) == []
    assert {p: p.stat().st_mtime_ns for p in ALL_ELEMENTS.rglob("*")} == before


# --- submitted text is data ---------------------------------------------------------------------------

HOSTILE_CASE = """---
title: "案例 {{ 7*7 }} <script>alert(1)</script>"
organisation: "某公司<b>粗体</b>"
organisation_kind: 企业
consent: true
---

正文 {{ config.publisher }} 与 {% if true %}条件{% endif %} 以及 <script>alert("case")</script> 都只是文字。
"""


def hostile_edition(folder: Path) -> Path:
    """The hostile-text fixture with a case whose submitted text is template syntax and HTML."""
    shutil.copytree(FIXTURES / "hostile-text", folder)
    (folder / "cases" / "hostile").mkdir(parents=True)
    (folder / "cases" / "hostile" / "case.md").write_text(HOSTILE_CASE, encoding="utf-8")
    chapter = folder / "chapters" / "01-hostile.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n::: case hostile\n:::\n", encoding="utf-8")
    return folder


def test_submitted_text_prints_as_text_never_as_markup_or_template(tmp_path: Path) -> None:
    edition = _read(hostile_edition(tmp_path / "hostile"))
    page = render_site(edition, PACKAGE_TEMPLATES)["chapters/01-hostile.html"].decode()
    root = lxml_html.fromstring(page)
    assert root.xpath("//script/@src") == ["../static/web.js", "../static/search.js"]
    assert len(root.xpath("//script")) == 2
    assert root.xpath("//b") == []
    text = root.text_content()
    for literal in (
        "{{ 7*7 }}",
        '<script>alert("case")</script>',
        "{{ config.publisher }}",
        "{% if true %}条件{% endif %}",
        "某公司<b>粗体</b>",
        '<script>alert("x")</script>',
    ):
        assert literal in text, literal
    assert "49" not in text and "测试编辑部 与" not in text


# --- the build: atomic output, search index, its failure ------------------------------------------------


def test_compile_html_writes_the_site_and_its_index_and_a_failed_build_keeps_the_last_good_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = build(FIXTURES / "minimal", tmp_path, formats=("html",))
    site = tmp_path / "html"
    assert result.outputs == {"html": site}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "html"]  # .cache: the pages' share of the index
    assert (site / "index.html").is_file() and (site / "search" / "index.js").is_file()
    _, index = web_search.read_data((site / "search" / "index.js").read_bytes())
    assert [page["url"] for page in index["pages"]] == [  # type: ignore[index]
        p.relative_to(site).as_posix() for p in sorted(site.rglob("*.html"), key=lambda p: (p.name != "index.html", p))
    ]
    assert len(list((site / "search" / "p").iterdir())) == len(list(site.rglob("*.html")))
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}

    def fail(pages: object, folder: Path, cache: Path | None = None) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("toolkit.render.web_site.index_site", fail)
    with pytest.raises(OutputError) as raised:
        build(FIXTURES / "minimal", tmp_path, formats=("html",))
    assert "No space left on device" in raised.value.text.zh
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "html"]  # no temporary folder left


def test_a_folder_output_replaces_the_previous_folder_whole(tmp_path: Path) -> None:
    (tmp_path / ".html.999999999.tmp").mkdir()  # left by a build that was killed: its process is gone
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "stale.html").write_text("last year's page", encoding="utf-8")
    with OutputBatch(tmp_path) as batch:
        folder = batch.temporary_folder("html")
        (folder / "index.html").write_text("new", encoding="utf-8")
        assert (tmp_path / "html" / "stale.html").is_file()  # nothing moves before the commit
        assert batch.commit() == [tmp_path / "html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["html"]
    assert [p.name for p in (tmp_path / "html").iterdir()] == ["index.html"]
    with OutputBatch(tmp_path) as batch:
        (batch.temporary_folder("html") / "half.html").write_text("half", encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["html"]  # left without commit: discarded
    assert [p.name for p in (tmp_path / "html").iterdir()] == ["index.html"]


def test_pictures_say_what_the_pdf_and_the_docx_say(edition: Edition, site: dict[str, bytes]) -> None:
    """The web edition's images, charts and QR codes carry the model's alternative text (toolkit/model/alt.py)."""
    from toolkit.model.alt import alt_text

    said: list[str] = []
    for text in _pages(site).values():
        tree = lxml_html.fromstring(text)
        said += [img.get("alt") for img in tree.iter("img")]
        said += [svg.get("aria-label") for svg in tree.iter("svg") if svg.get("role") == "img"]
    blocks = [block for _, block in edition.walk()] + [block for _, block in edition.walk_cases()]
    drawn = [
        block
        for block in blocks
        if block.kind in ("chart", "media") or (block.kind == "figure" and block.src in edition.assets)
    ]
    photos = [photo for case in edition.cases.values() for photo in case.photos if photo.src in edition.assets]
    expected = [alt for alt in (alt_text(item, edition) for item in [*drawn, *photos]) if alt]
    assert {block.kind for block in drawn} == {"figure", "chart", "media"} and "" not in said
    assert set(expected) <= set(said)


# --- broken spots: printed as written, marked where they are ------------------------------------------

BROKEN = FIXTURES / "broken-spots"
BROKEN_MESSAGES = {
    "[[solar:2020:太阳能电池]]": "单元格引用 [[solar:2020:太阳能电池]] 无效：数据表“solar”没有“太阳能电池”列。"
    "你是不是想写“太阳能电池产量”？",
    "[[solar:2030:太阳能电池产量]]": "单元格引用 [[solar:2030:太阳能电池产量]] 无效：数据表“solar”没有“2030”行。"
    "你是不是想写“2020”？",
}


def _broken_marks(page: str) -> list[tuple[str | None, str, str | None]]:
    return [
        (m.get("data-code"), m.text_content(), m.get("title"))
        for m in lxml_html.fromstring(page).xpath('//*[@class="broken"]')
    ]


def test_a_broken_reference_or_directive_prints_as_written_marked_with_its_problem() -> None:
    """Issue 19: a bad cell reference printed “全年太阳能电池产量 万千瓦” (the number gone) and ``::: tabel``
    made the table vanish. Now the page shows each where it is, as written, with its message on hover."""
    diagnostics = Diagnostics()
    edition = read_edition(BROKEN, diagnostics)
    assert edition is not None
    page = render_site(edition, PACKAGE_TEMPLATES)["chapters/01-solar.html"].decode()
    marks = _broken_marks(page)
    assert marks == [
        ("MD024", "[[solar:2020:太阳能电池]]", BROKEN_MESSAGES["[[solar:2020:太阳能电池]]"]),
        ("MD005", "::: tabel solar", "未知的指令“tabel”"),
        ("MD005", "caption: 中国太阳能电池产量<b>", "未知的指令“tabel”"),
        ("MD005", ":::", "未知的指令“tabel”"),
        ("MD024", "[[solar:2030:太阳能电池产量]]", BROKEN_MESSAGES["[[solar:2030:太阳能电池产量]]"]),
    ]
    assert sorted(d.message("zh") for d in diagnostics if d.code in ("MD005", "MD024")) == sorted(
        {title for _, _, title in marks}
    )  # the titles are the diagnostics' messages
    root = lxml_html.fromstring(page)
    [sentence] = root.xpath('//p[@data-source="chapters/01-solar.md:7"]')
    assert sentence.text_content() == "全年太阳能电池产量 [[solar:2020:太阳能电池]] 万千瓦。"
    [raw] = root.xpath('//p[@data-source="chapters/01-solar.md:9"]')
    assert raw.get("class") == "raw-lines" and len(raw.xpath("br")) == 2
    assert root.xpath("//b") == []  # the raw lines are text, never markup
    assert "#b00020" in render_site(edition, PACKAGE_TEMPLATES)["static/web.css"].decode().split(".broken {")[1][:120]


def test_the_pdf_marks_a_broken_spot_as_the_pages_do() -> None:
    """One mechanism: the model carries the spot, the shared inline helper marks it in every HTML renderer."""
    from toolkit.render.html import render_html

    edition = read_edition(BROKEN, Diagnostics())
    assert edition is not None
    marks = _broken_marks(render_html(edition, PACKAGE_TEMPLATES))
    assert [(code, text) for code, text, _ in marks] == [
        ("MD024", "[[solar:2020:太阳能电池]]"),
        ("MD005", "::: tabel solar"),
        ("MD005", "caption: 中国太阳能电池产量<b>"),
        ("MD005", ":::"),
        ("MD024", "[[solar:2030:太阳能电池产量]]"),
    ]


def test_a_draft_is_built_with_its_broken_spots_and_a_final_build_is_stopped_by_them(tmp_path: Path) -> None:
    from toolkit.errors import InputProblems

    with pytest.raises(InputProblems) as refused:
        build(BROKEN, tmp_path / "final", formats=("html",))
    assert sorted(refused.value.diagnostics.codes()) == ["MD005", "MD024", "MD024"]
    assert not (tmp_path / "final").exists()
    result = build(BROKEN, tmp_path / "draft", formats=("html",), draft=Draft(version="1", date=dt.date(2021, 11, 30)))
    page = (result.outputs["html"] / "chapters" / "01-solar.html").read_text(encoding="utf-8")
    assert [code for code, _, _ in _broken_marks(page)] == ["MD024", "MD005", "MD005", "MD005", "MD024"]
    assert sorted(result.diagnostics.codes()) == ["MD005", "MD024", "MD024"]  # still told


def test_a_draft_is_stopped_by_a_problem_it_cannot_show_in_place(tmp_path: Path) -> None:
    from toolkit.errors import InputProblems

    scenario = tmp_path / "broken-spots"
    shutil.copytree(BROKEN, scenario)
    chapter = scenario / "chapters" / "01-solar.md"
    # an unknown directive where only callouts may stand has no place to be printed: it is left out
    chapter.write_text(
        chapter.read_text(encoding="utf-8").replace(":::\n:::\n\n::: table", ":::\n::: calout\n:::\n:::\n\n::: table"),
        encoding="utf-8",
    )
    with pytest.raises(InputProblems) as refused:
        build(scenario, tmp_path / "draft", formats=("html",), draft=Draft(version="1", date=dt.date(2021, 11, 30)))
    assert sorted(refused.value.diagnostics.codes()) == ["MD005", "MD005", "MD024", "MD024"]


# --- on a phone: titles, the outline, what a number is, what a page is about -------------------------------


@pytest.fixture(scope="module")
def real_sites() -> dict[str, dict[str, str]]:
    """The 2020 and 2021 web editions' pages, rendered from the model (no search index, no browser)."""
    return {year: _pages(render_site(_read(ROOT / "editions" / year), PACKAGE_TEMPLATES)) for year in ("2020", "2021")}


@pytest.mark.parametrize(
    ("title", "words"),
    [
        (
            "抗击新冠疫情 助力全球经济复苏",  # the source's space first: phrases are inline blocks
            '<span class="phrase">抗击|新冠|疫情</span> <span class="phrase">助力|全球|经济|复苏</span>',
        ),
        ("中国工业和信息化可持续发展报告", "中国|工业和信息化|可持续|发展|报告"),  # the cover: 工业和信息化 / 可持续
        ("《中国工业和信息化可持续发展报告》编写组", "《中国|工业和信息化|可持续|发展|报告》编写组"),
        ("中国国家电网公司老挝万象环网输变电项目有序复工", "中国|国家电网|公司|老挝|万象|环网|输变电|项目|有序|复工"),
        ("有 R&D活动企业所占比重", "有 R&amp;D|活动|企业|所占|比重"),  # lone characters read as one word
        ("贡献全球可持续发展的具体行动", "贡献|全球|可持续|发展的具体|行动"),  # never beside a particle
        ("截至 2019 年底，规模以上工业企业", "截至 2019 年底，规模|以上|工业|企业"),  # punctuation: the browser's rules
    ],
)
def test_a_title_offers_line_breaks_between_words_only(title: str, words: str) -> None:
    assert str(with_breaks(title)) == words.replace("|", "<wbr>")


def test_titles_on_the_pages_carry_their_word_breaks(real_sites: dict[str, dict[str, str]]) -> None:
    pages = real_sites["2021"]
    assert 'id="cover-title">中国<wbr>工业和信息化<wbr>可持续<wbr>发展<wbr>报告</h1>' in pages["index.html"]
    assert (
        '<p class="cover-publisher">《中国<wbr>工业和信息化<wbr>可持续<wbr>发展<wbr>报告》编写组</p>'
        in pages["index.html"]
    )
    covid = pages["chapters/01-covid.html"]
    assert (
        '<h1 class="chapter-title"><span class="phrase">抗击<wbr>新冠<wbr>疫情</span> '
        '<span class="phrase">助力<wbr>全球<wbr>经济<wbr>复苏</span></h1>'
    ) in covid
    assert "老挝<wbr>万象<wbr>环网" in pages["chapters/07-practice.html"]
    assert '<th scope="col">R&amp;D<wbr>经费支出<span class="unit">' in pages["chapters/05-big-data.html"]
    # the search index and the tab's title read the words whole: <wbr> is no character
    assert lxml_html.fromstring(covid).xpath("string(//h1)") == "抗击新冠疫情 助力全球经济复苏"


def _heading_levels(page: str) -> list[int]:
    return [int(tag[1]) for tag in re.findall(r"<(h[1-6])\b", page)]


def test_headings_never_skip_a_level(real_sites: dict[str, dict[str, str]], site: dict[str, bytes]) -> None:
    checked = 0
    for pages in [*real_sites.values(), _pages(site)]:
        for path, page in pages.items():
            levels = _heading_levels(page)
            assert levels[0] == 1, path
            assert [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1] == [], path
            checked += 1
    assert checked == sum(len(pages) for pages in real_sites.values()) + 6 == 25
    # 2021's chapter 02 opens with a statistic box headed “2020 年” (####): under the chapter's h1 it is an h2,
    # styled as the #### it was written as
    page = real_sites["2021"]["chapters/02-common-prosperity.html"]
    assert _heading_levels(page)[:2] == [1, 2]
    assert '<h2 class="heading-4" id="02-common-prosperity-h-1"' in page and "</h2>" in page


def test_a_number_from_a_table_tells_its_table_row_and_column_in_words(
    real_sites: dict[str, dict[str, str]], site: dict[str, bytes]
) -> None:
    def titles(pages: dict[str, str]) -> list[str]:
        return [t for page in pages.values() for t in lxml_html.fromstring(page).xpath("//span[@class='cell']/@title")]

    assert sorted(titles(real_sites["2021"])) == [
        "表：技术创新卓有成效；行：新型工业化产业示范基地；列：数值",
        "表：普惠民生成效显著；行：全国工业产能利用率；列：数值",
    ]
    # a row of years says 年, a column its unit; the reference's syntax ([[value-added:2020:工业增加值]]) nowhere
    assert titles(_pages(site)) == ["表：中国工业增加值；行：2020 年；列：工业增加值（亿元）"]


def test_every_page_has_a_description_from_its_first_paragraph_or_the_manifest(
    real_sites: dict[str, dict[str, str]], site: dict[str, bytes]
) -> None:
    for pages in [*real_sites.values(), _pages(site)]:
        for path, page in pages.items():
            [description] = lxml_html.fromstring(page).xpath("//meta[@name='description']/@content")
            assert 10 <= len(description) <= 120, (path, description)
    described = {
        path: lxml_html.fromstring(page).xpath("string(//meta[@name='description']/@content)")
        for path, page in real_sites["2021"].items()
    }
    assert described["chapters/02-common-prosperity.html"].startswith(
        "共同富裕是社会主义的本质要求，是人民群众的共同期盼。"
    )
    assert described["index.html"].startswith(
        "中国工业和信息化可持续发展报告2021，《中国工业和信息化可持续发展报告》编写组编写。"
        "目录：序言、抗击新冠疫情 助力全球经济复苏、"
    )
    # a chapter of data boxes only: its title and sections
    assert described["chapters/05-big-data.html"].startswith(
        "中国工业和信息化可持续发展报告2021：可持续发展“大数据”。工业规模稳定增长、工业结构不断优化、"
    )
