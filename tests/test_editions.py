"""The real editions: they compile, they carry the published text, their openers are right."""

from __future__ import annotations

import re

import pytest
from docx import Document

from tests.conftest import W, pdf_pages, require_tool
from tests.support.reference import published_coverage
from toolkit.build import BuildResult
from toolkit.model import CaseBox, Chart, ColumnBox, Epigraph, Feature, QuoteWall, TableRef, Timeline

MINIMUM_COVERAGE = 98.0


@pytest.fixture(params=["2020", "2021"])
def real_edition(request: pytest.FixtureRequest) -> BuildResult:
    return request.getfixturevalue(f"edition_{request.param}")


@pytest.fixture(scope="session")
def real_pages(edition_2020: BuildResult, edition_2021: BuildResult) -> dict[int, list[str]]:
    return {2020: pdf_pages(edition_2020.outputs["pdf"]), 2021: pdf_pages(edition_2021.outputs["pdf"])}


def test_real_editions_build_without_errors(real_edition: BuildResult) -> None:
    assert not real_edition.diagnostics.errors
    assert set(real_edition.outputs) == {"pdf", "docx"}


@pytest.mark.parametrize("output", ["pdf", "docx"])
def test_published_text_is_covered(real_edition: BuildResult, output: str) -> None:
    require_tool("pdftotext")
    year = real_edition.edition.config.year
    assert published_coverage(year, real_edition.outputs[output]) >= MINIMUM_COVERAGE


def test_chapter_openers_give_the_pages_where_sections_start(
    real_edition: BuildResult, real_pages: dict[int, list[str]]
) -> None:
    edition = real_edition.edition
    pages = real_pages[edition.config.year]
    checked = 0
    for chapter in edition.chapters:
        if not (chapter.opener and chapter.kind == "chapter" and chapter.sections):
            continue
        opener = next(
            p
            for p in pages
            if chapter.title.split()[0] in p
            and "目录" not in p
            and chapter.sections[0].full_title.replace(" ", "") in p.replace(" ", "")
        )
        for section in chapter.sections:
            title = section.full_title
            match = re.search(rf"{re.escape(title)}\s+(\d+)\s*$", opener, flags=re.M)
            assert match, f"{title} is not listed with a page on the opener of {chapter.title}"
            target = pages[int(match.group(1)) - 1]
            assert section.title.replace(" ", "") in target.replace(" ", ""), (title, match.group(1))
            checked += 1
    assert checked == {2020: 15, 2021: 18}[edition.config.year]  # every section of a chapter with an opener


def test_every_kind_of_element_is_used(edition_2020: BuildResult, edition_2021: BuildResult) -> None:
    kinds = {b.kind for e in (edition_2020, edition_2021) for _, b in e.edition.walk()}
    kinds |= {b.kind for e in (edition_2020, edition_2021) for _, b in e.edition.walk_cases()}
    chapter_kinds = {c.kind for e in (edition_2020, edition_2021) for c in e.edition.chapters}
    assert chapter_kinds == {"preface", "chapter", "outlook"}
    # every kind of the model but ``wanted``, the frame a new edition prints where a case is still to come
    assert kinds == {
        "paragraph",
        "heading",
        "list",
        "table",
        "chart",
        "figure",
        "figures",
        "thanks",
        "epigraph",
        "quote",
        "quote-wall",
        "case",
        "feature",
        "column",
        "pillar",
        "callouts",
        "callout",
        "statistic",
        "timeline",
        "phase",
        "media",
        "focus",
    }
    sections = [s for e in (edition_2020, edition_2021) for c in e.edition.chapters for s in c.sections]
    assert any(s.kicker == "创新发展" and s.title == "提升要素效率" for s in sections)


def test_2021_statistics_are_tables_with_units_and_years(edition_2021: BuildResult) -> None:
    tables = edition_2021.edition.tables
    iva = tables["bigdata-industrial-value-added"]
    assert [row[0].text for row in iva.rows] == ["2016", "2017", "2018", "2019", "2020"]
    assert iva.rows[0][1].value == 247860 and iva.unit == "亿元"
    rd = tables["bigdata-rd-2016-2019"]
    assert [row[0].text for row in rd.rows] == ["2016", "2017", "2018", "2019"]
    assert {c.unit for c in rd.columns} == {None, "个", "%", "亿元", "项", "件"}
    charts = [b for _, b in edition_2021.edition.walk() if isinstance(b, Chart)]
    assert [c.table_id for c in charts] == ["bigdata-industrial-value-added"]


def test_2021_keeps_its_boxes_quotes_and_cases(edition_2021: BuildResult) -> None:
    edition = edition_2021.edition
    blocks = [b for _, b in edition.walk()]
    walls = [b for b in blocks if isinstance(b, QuoteWall)]
    assert any(q.attribution == "——赤道几内亚总统 奥比昂" for w in walls for q in w.quotes)
    features = [b for b in blocks if isinstance(b, Feature)]
    assert features and features[0].title.startswith("探索多元融合高弹性电网")
    feature_cases = [edition.cases[b.case_id].organisation for b in features[0].blocks if isinstance(b, CaseBox)]
    assert feature_cases == [
        "国网浙江省电力有限公司",
        "国网浙江省电力有限公司",
        "国网丽水供电公司",
        "国网宁波供电公司",
        "浙江省能源大数据中心",
    ]
    titles = {c.title for c in edition.cases.values()}
    assert {"得物致力标准创新 推动行业共建", "台达践行绿色发展 致力减碳目标"} <= {t.replace("  ", " ") for t in titles}
    assert any(isinstance(b, ColumnBox) and b.label == "专栏" for b in blocks)
    assert any(isinstance(b, Epigraph) and "2035" in b.source_text for b in blocks)


def test_2020_keeps_its_timeline_and_number_style(edition_2020: BuildResult) -> None:
    edition = edition_2020.edition
    [timeline] = [b for _, b in edition.walk() if isinstance(b, Timeline)]
    assert timeline.title == "工业通信业抗疫时间线"
    assert timeline.phases[0].period == "2020 年 1 月 23 日起"
    assert edition.config.numbers.grouping == "comma"
    assert [b.table_id for _, b in edition.walk() if isinstance(b, TableRef)] == ["bigdata-product-growth"]


def test_docx_openers_refer_to_section_bookmarks(edition_2021: BuildResult) -> None:
    document = Document(str(edition_2021.outputs["docx"]))
    entries = [p for p in document.paragraphs if p.style.name == "Opener Entry"]
    assert len(entries) == 18  # one per section of the chapters that open with a list of their sections
    bookmarks = {b.get(f"{{{W}}}name") for b in document.element.body.iter(f"{{{W}}}bookmarkStart")}
    targets = [re.search(r"PAGEREF (\S+) \\h", "".join(p._p.itertext())) for p in entries]
    assert [t.group(1) in bookmarks for t in targets if t] == [True] * 18, targets
