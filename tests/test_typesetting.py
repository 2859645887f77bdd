"""Typesetting: Chinese justification, punctuation, right-hand openers, drafts, reproducible bytes, the layout cache."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from tests.conftest import FIXTURES, IN_THE_SUITE, ROOT, build, pdf_pages
from tests.support import typo_quality
from toolkit.build import BuildOptions, BuildResult, compile_edition
from toolkit.errors import EnvironmentProblems
from toolkit.model import Draft
from toolkit.project import Project
from toolkit.render.cjk_justify import cjk_units
from toolkit.render.html import compress_punctuation

FACES = ("Noto-Sans-CJK-SC", "Noto-Sans-CJK-SC-Bold", "Noto-Serif-CJK-SC", "Noto-Serif-CJK-SC-Bold")
"""The four faces a report is set in, whatever the edition."""


@pytest.fixture(params=["2020", "2021"])
def real_edition(request: pytest.FixtureRequest) -> BuildResult:
    return request.getfixturevalue(f"edition_{request.param}")


@pytest.fixture(scope="session")
def quality(edition_2020: BuildResult, edition_2021: BuildResult) -> dict[int, typo_quality.Report]:
    return {
        2020: typo_quality.measure(edition_2020.outputs["pdf"]),
        2021: typo_quality.measure(edition_2021.outputs["pdf"]),
    }


# --- the hard rules on the real editions ------------------------------------------------------------


def test_no_forbidden_line_starts_missing_glyphs_or_overflow(real_edition: BuildResult, quality) -> None:
    report = quality[real_edition.edition.config.year]
    assert report.forbidden_starts == []
    assert report.missing_glyphs == 0
    assert report.overflow == []
    # the four faces, each embedded as a subset (a name with a prefix, the subset flag set)
    assert {name.split("+", 1)[1]: subset for name, subset in report.fonts.items()} == dict.fromkeys(FACES, True)


def test_body_text_is_justified_flush_to_both_edges(quality) -> None:
    report = quality[2021]
    assert report.non_final_lines > 200
    assert report.flush_share >= 0.97, report.ragged[:10]


def test_one_font_program_per_face_in_the_bound_book(edition_2021: BuildResult) -> None:
    reader = PdfReader(edition_2021.outputs["pdf"])
    programs: dict[str, set[int]] = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():  # blank versos have none
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            face = str(descriptor["/FontName"]).split("+", 1)[-1]
            programs.setdefault(face, set()).add(descriptor.raw_get("/FontFile3").idnum)
    assert {face: len(ids) for face, ids in programs.items()} == dict.fromkeys(FACES, 1), programs


def test_chapters_open_on_right_hand_pages(edition_2021: BuildResult) -> None:
    reader = PdfReader(edition_2021.outputs["pdf"])
    chapters = [
        (item.title, reader.get_destination_page_number(item)) for item in reader.outline if not isinstance(item, list)
    ]
    assert len(chapters) == len(edition_2021.edition.chapters) == 8
    assert all(index % 2 == 0 for _, index in chapters), chapters  # page index 0 is page 1, a recto


# --- the mechanisms, on small inputs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, units", [("中国", 1.0), ("中国工业", 3.0), ("2020 年", 0.5), ("abc", 0.0), ("，中国", 2.0), ("a中b", 1.0)]
)
def test_stretch_points_between_chinese_characters(text: str, units: float) -> None:
    assert cjk_units(text) == units


@pytest.mark.parametrize(
    "text, marked",
    [
        ("他说：“好。”然后", '他说<span class="halt">：</span>“好<span class="halt">。</span>”然后'),
        ("（甲）、乙", '（甲<span class="halt">）</span>、乙'),
        ("（《规划》）", '（<span class="halt">《</span>规划<span class="halt">》</span>）'),
        ("中国，工业", "中国，工业"),
    ],
)
def test_adjacent_full_width_punctuation_is_compressed(text: str, marked: str) -> None:
    assert compress_punctuation(text) == marked


def test_the_minimal_fixture_keeps_the_hard_rules(minimal: BuildResult) -> None:
    """Its text is too short to measure justification (one non-final line): the real editions are measured above."""
    report = typo_quality.measure(minimal.outputs["pdf"])
    assert report.body_lines == 8
    assert (report.forbidden_starts, report.missing_glyphs, report.overflow) == ([], 0, [])
    assert {name.split("+", 1)[1]: subset for name, subset in report.fonts.items()} == dict.fromkeys(FACES, True)


# --- drafts -----------------------------------------------------------------------------------------------------


def test_draft_marks_every_page_of_pdf_and_docx(tmp_path: Path) -> None:
    draft = Draft(version="2", date=__import__("datetime").date(2021, 10, 8))
    result = compile_edition(
        Project.at(ROOT), str(FIXTURES / "minimal"), BuildOptions(out_dir=tmp_path, draft=draft, **IN_THE_SUITE)
    )
    pages = pdf_pages(result.outputs["pdf"])
    printed = [p for p in pages if p.strip()]
    assert len(pages) == 7 and len(printed) == 6  # only the blank verso before the chapter opener is left blank
    assert all("征求意见稿（第 2 稿，2021-10-08）" in re.sub(r"\s+", " ", p) for p in printed)
    assert all("征求意见稿" in p.replace(" ", "") for p in printed)  # the watermark is text too
    document = Document(str(result.outputs["docx"]))
    headers = [s.header.paragraphs[0] for s in document.sections]
    assert [h.text for h in headers] == [
        "\u3000征求意见稿（第 2 稿，2021-10-08）",
        "中国工业和信息化可持续发展报告 2021\u3000征求意见稿（第 2 稿，2021-10-08）",
        "中国工业和信息化可持续发展报告 2021\u3000|\u3000序言\u3000征求意见稿（第 2 稿，2021-10-08）",
        "中国工业和信息化可持续发展报告 2021\u3000|\u3000大数据\u3000征求意见稿（第 2 稿，2021-10-08）",
    ]
    from lxml import etree

    assert all('string="征求意见稿"' in etree.tostring(h._p, encoding="unicode") for h in headers)


def test_draft_version_is_checked_on_the_command_line() -> None:
    from click.testing import CliRunner

    from toolkit.cli import cli

    result = CliRunner().invoke(
        cli, ["edition", str(FIXTURES / "minimal"), "--root", str(ROOT), "--draft", "--draft-version", "2; rm -rf /"]
    )
    assert result.exit_code == 2
    assert (
        result.output.splitlines()[-1]
        == "Error: Invalid value for --draft-version: letters, digits, dots and hyphens only"
    )


# --- reproducible bytes and the cache ---------------------------------------------------------------------


@pytest.mark.slow  # three builds
def test_two_builds_give_the_same_bytes(tmp_path: Path) -> None:
    first = build(FIXTURES / "all-elements", tmp_path / "first")
    second = build(FIXTURES / "all-elements", tmp_path / "second")  # a cold cache of its own
    for kind in ("pdf", "docx"):
        assert first.outputs[kind].read_bytes() == second.outputs[kind].read_bytes(), kind
    third = build(FIXTURES / "all-elements", tmp_path / "first")  # warm: every part from the cache
    assert third.outputs["pdf"].read_bytes() == first.outputs["pdf"].read_bytes()


@pytest.mark.slow  # two builds
def test_editing_one_case_lays_out_only_its_chapter_again(tmp_path: Path, monkeypatch) -> None:
    edition = tmp_path / "edition"
    shutil.copytree(FIXTURES / "all-elements", edition)
    out = tmp_path / "out"
    build(edition, out)
    case = edition / "cases" / "lishui-grid" / "case.md"
    case.write_text(case.read_text(encoding="utf-8") + "\n新增的一句话。\n", encoding="utf-8")
    from toolkit.render import workers

    laid_out: list[str] = []
    real = workers.lay_out

    def counting(request):
        title = re.search(r'<h1 class="(?:chapter|toc)-title"[^>]*>([^<]+)', request.html)
        laid_out.append(title.group(1) if title else "folio")
        return real(request)

    monkeypatch.setattr(workers, "lay_out", counting)
    result = build(edition, out)
    assert laid_out == ["可持续发展创新实践"]  # the chapter holding the case; the rest from the cache
    assert "新增的一句话。" in "".join(pdf_pages(result.outputs["pdf"]))


def test_missing_font_is_a_clear_error_before_layout(tmp_path: Path) -> None:
    with pytest.raises(EnvironmentProblems) as stopped:
        build(FIXTURES / "missing-font", tmp_path)
    [problem] = list(stopped.value.diagnostics)
    assert problem.code == "EN001" and "Fangzheng Shusong Not Installed" in problem.message()
    assert not list(tmp_path.glob("*.pdf"))
