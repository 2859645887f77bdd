"""The PDF of the tiny fixture edition: text, contents, fonts, metadata, bookmarks."""

from __future__ import annotations

import re
import subprocess

import pdfplumber

from tests.conftest import require_tool
from toolkit.build import BuildResult


def test_pdf_holds_titles_and_body_text(minimal_pdf_pages: list[str]) -> None:
    text = "".join(minimal_pdf_pages)
    for expected in (
        "序言",
        "工业规模持续增长",
        "结构不断优化",
        "数字经济蓬勃发展",
        "5G 网络",
        "全面贯彻新发展理念",
        "连续 11 年",
        "全球海拔最高的 5G 基站",
    ):
        assert expected in text


def test_source_line_breaks_between_chinese_characters_leave_no_space(minimal_pdf_pages: list[str]) -> None:
    text = re.sub(r"\s+", "", "".join(minimal_pdf_pages))
    assert "立足新发展阶段，全面贯彻新发展理念，支持中国经济韧性发展。" in text


def test_table_of_contents_gives_the_pages_where_entries_start(minimal_pdf_pages: list[str]) -> None:
    toc = minimal_pdf_pages[1]
    assert "目录" in toc
    entries = re.findall(r"^\s*(\S[^.\n]*?)\s*\.{3,}\s*(\d+)\s*$", toc, flags=re.M)
    assert [title for title, _ in entries] == ["序言", "工业规模持续增长", "结构不断优化", "数字经济蓬勃发展"]
    for title, page in entries:
        assert title in minimal_pdf_pages[int(page) - 1], f"{title} is not on page {page}"
    # chapters open on right-hand (odd) pages: a blank page 4; then an opener page, then the sections
    assert [int(p) for _, p in entries] == [3, 5, 6, 6]


def test_pages_carry_running_header_and_number(minimal_pdf_pages: list[str]) -> None:
    assert "中国工业和信息化可持续发展报告" not in minimal_pdf_pages[0].splitlines()[0]  # cover: no header
    for number, page in enumerate(minimal_pdf_pages[2:], start=3):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if number == 4:
            assert lines == []  # the blank left-hand page before a chapter opener
            continue
        assert lines[0].startswith("中国工业和信息化可持续发展报告 2021")
        assert lines[-1] == str(number)
    assert "大数据" in minimal_pdf_pages[4].splitlines()[0]  # the chapter's tab


def test_missing_image_is_a_placeholder_and_present_image_is_embedded(minimal: BuildResult) -> None:
    with pdfplumber.open(minimal.outputs["pdf"]) as pdf:
        images = [image for page in pdf.pages for image in page.images]
        last = pdf.pages[-1].extract_text()
    assert len(images) == 1
    assert "图片" in last and "照片暂缺时显示占位框" in last


def test_only_subset_simplified_chinese_fonts_are_embedded(minimal: BuildResult) -> None:
    done = subprocess.run(
        [require_tool("pdffonts"), str(minimal.outputs["pdf"])], capture_output=True, text=True, check=True
    )
    rows = done.stdout.splitlines()[2:]
    # the font objects of the parts laid out one by one: the four faces, nothing else
    assert len(rows) == 12
    assert sorted({row.split()[0].split("+")[1] for row in rows}) == [
        "Noto-Sans-CJK-SC",
        "Noto-Sans-CJK-SC-Bold",
        "Noto-Serif-CJK-SC",
        "Noto-Serif-CJK-SC-Bold",
    ]
    for row in rows:
        name, *_ = row.split()
        assert re.match(r"^[A-Z]{6}\+Noto-(Serif|Sans)-CJK-SC", name), name
        assert " yes yes yes " in row, row  # embedded, subset, unicode map


def test_metadata_language_and_bookmarks(minimal: BuildResult) -> None:
    with pdfplumber.open(minimal.outputs["pdf"]) as pdf:
        info = pdf.metadata
        catalog = pdf.doc.catalog
        outlines = [(level, title) for level, title, *_ in pdf.doc.get_outlines()]
    assert info["Title"] == "中国工业和信息化可持续发展报告2021"
    assert info["Author"] == "测试编辑部"
    lang = catalog["Lang"]
    assert (lang.decode() if isinstance(lang, bytes) else str(lang)) == "zh-CN"
    assert outlines == [
        (1, "序言"),
        (1, "工业规模持续增长"),
        (2, "结构不断优化"),
        (2, "数字经济蓬勃发展"),
        (3, "5G 网络"),
    ]


def test_html_declares_chinese(minimal: BuildResult) -> None:
    from toolkit.project import PACKAGE_TEMPLATES
    from toolkit.render.html import render_html

    html = render_html(minimal.edition, PACKAGE_TEMPLATES)
    assert html.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    assert '"Noto Serif CJK SC"' in html and '"Noto Sans CJK SC"' in html


def test_page_count_is_reported(minimal: BuildResult) -> None:
    assert minimal.pages == 7
