"""Readers on small inputs: the Markdown dialect, directives, data tables, the manifest."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from toolkit.config import NumberStyle
from toolkit.diagnostics import Diagnostics, Location
from toolkit.messages import Text
from toolkit.model import Column, Figure, Heading, ListBlock, Paragraph, Span, TableRef, plain_text
from toolkit.readers.cases import read_case
from toolkit.readers.chapters import read_chapter
from toolkit.readers.common import SchemaCodes, report_schema, toml_line, toml_place, yaml_reason
from toolkit.readers.tables import parse_cell


def chapter(tmp_path: Path, body: str, front: str = "title: 测试章节") -> tuple[object, Diagnostics]:
    path = tmp_path / "chapters" / "01-test.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}\n---\n" + dedent(body), encoding="utf-8")
    diagnostics = Diagnostics()
    return read_chapter(path, tmp_path, diagnostics), diagnostics


def test_line_breaks_join_chinese_without_space_and_latin_with_one(tmp_path: Path) -> None:
    result, diagnostics = chapter(
        tmp_path,
        """
        中国工业和信息化行业
        立足新发展阶段，支持 5G
        network and AI
        技术发展。
        """,
    )
    assert not diagnostics
    paragraph = result.intro[0]
    assert isinstance(paragraph, Paragraph)
    assert plain_text(paragraph.inlines) == "中国工业和信息化行业立足新发展阶段，支持 5G network and AI技术发展。"


def test_sections_headings_and_explicit_ids(tmp_path: Path) -> None:
    result, diagnostics = chapter(
        tmp_path,
        """
        导语。

        ## 创新发展 {#innovation}

        ### 小标题

        正文。

        ## 协调发展
        """,
    )
    assert not diagnostics
    assert [s.id for s in result.sections] == ["innovation", "01-test-s-1"]
    assert [s.title for s in result.sections] == ["创新发展", "协调发展"]
    heading = result.sections[0].blocks[0]
    assert isinstance(heading, Heading) and heading.level == 3
    assert result.sections[0].blocks[1].source.line == 11  # the line of 正文 in the file


def test_directive_fields_continuation_lines_and_nesting(tmp_path: Path) -> None:
    result, diagnostics = chapter(
        tmp_path,
        """
        - 列表项

          ::: figure photo
          src: images/p.jpg
          caption: 很长的图注
            第二行接着写
          credit: 新华社
          :::

        ::: table output
        :::
        """,
    )
    assert not diagnostics
    items = result.intro[0]
    assert isinstance(items, ListBlock)
    figure = items.items[0][1]
    assert isinstance(figure, Figure)
    assert (figure.id, figure.src, figure.caption, figure.credit) == (
        "photo",
        "images/p.jpg",
        "很长的图注第二行接着写",
        "新华社",
    )
    assert isinstance(result.intro[1], TableRef) and result.intro[1].table_id == "output"


def test_indented_paragraph_is_text_not_code(tmp_path: Path) -> None:
    result, diagnostics = chapter(tmp_path, "\n        缩进了四个空格的段落。\n")
    assert not diagnostics
    assert plain_text(result.intro[0].inlines) == "缩进了四个空格的段落。"


def test_pipe_tables_are_refused_with_the_way_to_do_it(tmp_path: Path) -> None:
    _, diagnostics = chapter(tmp_path, "\n| 年份 | 值 |\n| --- | --- |\n| 2020 | 1 |\n")
    assert diagnostics.codes() == ["MD016"]
    assert "::: table" in next(iter(diagnostics)).hint()


@pytest.mark.parametrize(
    "front, expected",
    [
        ("titl: 拼错", [("MD004", 1, None), ("MD002", 2, 1)]),  # the title is missing, the misspelt key unknown
        ("title: 标题\nkind: prologue", [("MD003", 3, 1)]),
        ("title: [未闭合", [("MD001", 2, 12)]),
    ],
)
def test_front_matter_problems_are_located(tmp_path: Path, front: str, expected: list) -> None:
    _, diagnostics = chapter(tmp_path, "\n正文。\n", front=front)
    assert [(d.code, d.location.line, d.location.column) for d in diagnostics] == expected


def test_file_without_front_matter_needs_a_title_and_is_still_read_whole(tmp_path: Path) -> None:
    """A first chapter written as plain Markdown: MD004, and every other problem of it in the same run."""
    path = tmp_path / "x.md"
    path.write_text("# 新能源汽车发展\n\n正文。\n\n::: tabel\ndata: t\n:::\n", encoding="utf-8")
    diagnostics = Diagnostics()
    read = read_chapter(path, tmp_path, diagnostics)
    assert diagnostics.codes() == ["MD004", "MD010", "MD005"]
    assert read is not None and read.title == "新能源汽车发展"  # checked further, never printed (MD004 is an error)


def test_a_front_matter_that_cannot_be_read_stops_the_chapter(tmp_path: Path) -> None:
    """Its id may be what other chapters refer to: the chapter is not guessed at (no knock-on findings)."""
    _, diagnostics = chapter(tmp_path, "\n::: tabel\n:::\n", front="title: [未闭合")
    assert diagnostics.codes() == ["MD001"]


def test_non_utf8_chapter_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes("---\ntitle: 标题\n---\n正文".encode("gb18030"))
    diagnostics = Diagnostics()
    assert read_chapter(path, tmp_path, diagnostics) is None
    assert diagnostics.codes() == ["ED004"]


@pytest.mark.parametrize(
    "raw, kind, grouping, value, text",
    [
        ("313071", "number", "none", 313071.0, "313071"),
        ("313,071", "number", "comma", 313071.0, "313,071"),
        ("5000", "integer", "comma", 5000, "5,000"),
        ("48.8", "percent", "none", 48.8, "48.8%"),
        ("48.8%", "percent", "none", 48.8, "48.8%"),
        ("2020", "year", "comma", 2020, "2020"),
        ("", "number", "none", None, ""),
    ],
)
def test_cells_are_typed_and_printed_in_the_edition_style(
    raw: str, kind: str, grouping: str, value: object, text: str
) -> None:
    cell = parse_cell(raw, Column(name="x", type=kind), NumberStyle(grouping=grouping))
    assert cell is not None and (cell.value, cell.text) == (value, text)


@pytest.mark.parametrize(
    "raw, kind", [("71.8万", "number"), ("2020年", "year"), ("3.5", "integer"), ("约5", "percent")]
)
def test_cells_that_do_not_fit_their_type(raw: str, kind: str) -> None:
    assert parse_cell(raw, Column(name="x", type=kind), NumberStyle()) is None


def test_toml_line_finds_keys_in_tables_and_arrays_of_tables() -> None:
    text = 'title = "x"\n[theme]\naccent = "y"\n[[columns]]\nname = "a"\n[[columns]]\nname = "b"\ntype = "z"\n'
    assert toml_line(text, ("title",)) == 1
    assert toml_line(text, ("theme", "accent")) == 3
    assert toml_line(text, ("columns", 1, "type")) == 8
    assert toml_line(text, ("columns", 0, "type")) == 4  # absent: the item's header
    assert toml_line(text, ("missing",)) is None


def test_toml_and_front_matter_keys_are_placed_by_line_and_column(tmp_path: Path) -> None:
    """A setting's problem points at its key (line and column); an absent key at its table's header only."""
    text = '[[columns]]\n  name = "a"\n  typ = "x"\n'
    assert toml_place(text, ("columns", 0, "typ")) == (3, 3)
    assert toml_place(text, ("columns", 0, "type")) == (1, None)
    case = tmp_path / "cases" / "a" / "case.md"
    case.parent.mkdir(parents=True)
    case.write_text(
        "---\ntitle: 标题\norganisation: 某单位\norganisation_kind: 企业\nphotos:\n"
        "  - src: a.jpg\n    captoin: 图注\n---\n\n正文。\n",
        encoding="utf-8",
    )
    found = Diagnostics()
    assert read_case(case, tmp_path, found) is None
    assert sorted((d.code, d.location.line, d.location.column) for d in found) == [
        ("CS002", 7, 5),
        ("CS004", 6, 5),
    ]  # the misspelt key; the entry that lacks its caption


def test_span_styles_are_kept(tmp_path: Path) -> None:
    result, _ = chapter(tmp_path, "\n**加粗**与*斜体*。\n")
    assert result.intro[0].inlines == [
        Span(text="加粗", bold=True),
        Span(text="与"),
        Span(text="斜体", italic=True),
        Span(text="。"),
    ]


def test_manifest_syntax_error_is_located(tmp_path: Path) -> None:
    from toolkit.readers.manifest import read_manifest

    (tmp_path / "edition.toml").write_text('title = "x"\nyear = = 3\n', encoding="utf-8")
    diagnostics = Diagnostics()
    assert read_manifest(tmp_path, diagnostics) is None
    [problem] = list(diagnostics)
    assert (problem.code, problem.location.line, problem.location.column) == ("MF001", 2, 8)


def test_schema_problems_are_reported_by_one_mapping(tmp_path: Path) -> None:
    """report_schema: an unknown key, a missing one and a wrong value each get their code, or one code
    with the reason saying which (the organisations register: an unknown key is 未知的设置项, not 无效)."""

    class Settings(BaseModel):
        model_config = ConfigDict(extra="forbid")
        title: str
        year: int = 2020

    with pytest.raises(ValidationError) as caught:
        Settings.model_validate({"titel": "x", "year": "soon"})
    for codes, expected in (
        (SchemaCodes("MF002", "MF003", "MF004"), ["MF002", "MF003", "MF004"]),
        (SchemaCodes("MF004", "MF004", "MF004"), ["MF004", "MF004", "MF004"]),
    ):
        found = Diagnostics()
        report_schema(caught.value, Settings, codes, found, lambda p: Location(tmp_path, 1))
        assert sorted((d.code, d.args["key"]) for d in found) == sorted(zip(expected, ["titel", "title", "year"]))
    reasons = {d.args["key"]: d.args["reason"].zh for d in found}
    assert reasons == {"titel": "未知的设置项", "title": "必填", "year": "应为整数"}


@pytest.mark.parametrize(
    "text, zh",
    [
        ("title: a: b\n", "此处不能再有冒号：值里有冒号时，请把整个值用引号括起来；或者这一行多缩进了"),
        ('title: "abc\n', "引号没有闭合"),
        ("a: b\nc\n", "缺少冒号：每行应写成“键: 值”"),
        (
            "title:\n\t- x\n",
            "“Tab 键”不能出现在值的开头（缩进请用空格，不要用 Tab 键；以 @ 或 ` 开头的值请用引号括起来）",
        ),
        ("{a: 1\n", "此处应为“,”或“}”，却是“文件头结尾”（方括号、花括号要成对，里面的项用逗号隔开）"),
    ],
)
def test_yaml_problems_are_told_in_chinese(text: str, zh: str) -> None:
    """CS001 and MD001 say what is wrong in Chinese; the English message keeps PyYAML's words."""
    with pytest.raises(yaml.YAMLError) as caught:
        yaml.safe_load(text)
    problem = caught.value.problem  # type: ignore[attr-defined]
    assert yaml_reason(problem) == Text(zh, problem)
    assert yaml_reason("something new") == Text("无法解析（something new）", "something new")


MANIFEST_HEAD = 'title = "x"\nyear = 2022\nedition_number = 3\npublisher = "p"\nchapters = ["chapters/a.md"]\n'


@pytest.mark.parametrize(
    "value, column, zh",
    [
        ("2022-13-01", 13, "没有 13 月（月份只能是 01—12）"),
        ("2022-00-10", 13, "没有 0 月（月份只能是 01—12）"),
        ("2022-01-32", 16, "2022 年 1 月没有 32 日（这个月只有 31 天）"),
        ("2022-02-30", 16, "2022 年 2 月没有 30 日（这个月只有 28 天）"),
        ("2023-02-29", 16, "2023 年 2 月没有 29 日（这个月只有 28 天）"),
        ("2022-12-01T25:00:00", 19, "没有 25 时（只能是 00—23）"),
        ("2022-12-01 09:61:00", 22, "没有 61 分（只能是 00—59）"),
        ("2022-1-5", 13, "月、日、时、分、秒都要写两位数字，例如 2022-01-05、09:30"),
    ],
)
def test_an_impossible_date_in_the_manifest_says_which_part_cannot_be(
    tmp_path: Path, value: str, column: int, zh: str
) -> None:
    """Issue 19: date = 2022-13-01 said “TOML 语法错误：Expected newline…” with a hint about quotes."""
    from toolkit.readers.manifest import read_manifest

    (tmp_path / "edition.toml").write_text(MANIFEST_HEAD + f"date = {value}\n", encoding="utf-8")
    diagnostics = Diagnostics()
    assert read_manifest(tmp_path, diagnostics) is None
    [problem] = list(diagnostics)
    assert (problem.code, problem.location.line, problem.location.column) == ("MF010", 6, column)
    assert problem.message("zh") == f"日期或时间“{value}”无效：{zh}"
    assert "引号" not in problem.message("zh") and "Expected" not in problem.message("zh")


def test_a_real_date_is_read_and_a_quoted_impossible_one_is_explained(tmp_path: Path) -> None:
    from toolkit.readers.manifest import read_manifest

    (tmp_path / "edition.toml").write_text(MANIFEST_HEAD + "date = 2024-02-29\n", encoding="utf-8")
    config = read_manifest(tmp_path, Diagnostics())
    assert config is not None and config.date is not None and config.date.day == 29
    (tmp_path / "edition.toml").write_text(MANIFEST_HEAD + 'date = "2022-02-30"\n', encoding="utf-8")
    diagnostics = Diagnostics()
    assert read_manifest(tmp_path, diagnostics) is None
    assert [(d.code, d.args["reason"].zh) for d in diagnostics if d.code == "MF004"] == [
        ("MF004", "2022 年 2 月没有 30 日（这个月只有 28 天）")
    ]


def test_other_toml_syntax_errors_are_told_in_chinese(tmp_path: Path) -> None:
    from toolkit.readers.manifest import read_manifest

    (tmp_path / "edition.toml").write_text('title = "x" "y"\n', encoding="utf-8")
    diagnostics = Diagnostics()
    read_manifest(tmp_path, diagnostics)
    [problem] = list(diagnostics)
    assert problem.message("zh") == (
        "清单的 TOML 语法错误：这一行的值后面还有多余的内容（每行只写一个“键 = 值”，文字要用英文双引号括起来）"
    )
    assert problem.message("en").endswith("Expected newline or end of document after a statement")


def test_a_missing_image_is_offered_the_nearest_existing_ones(tmp_path: Path) -> None:
    """Issue 19: IM001 gave no “did you mean” while images/wind-farm.jpg sat beside the typed name."""
    from toolkit.model import SourceRef
    from toolkit.readers.images import Wanted, read_assets

    for name in (
        "images/wind-farm.jpg",
        "images/wind-farm-night.jpg",
        "images/solar-2022.jpg",
        "photos/x.png",
        ".hidden/wind-farm-2022.jpg",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"not read")
    diagnostics = Diagnostics()
    assert (
        read_assets(
            tmp_path,
            [
                Wanted("images/wind-farm-2022.jpg", SourceRef(path="chapters/a.md", line=3)),
                Wanted("images/nothing-like-it.gif", SourceRef(path="chapters/a.md", line=9)),
            ],
            diagnostics,
        )
        == {}
    )
    near, far = diagnostics
    assert (near.code, near.location.line) == ("IM001", 3)
    assert near.hint("zh").splitlines() == [
        "你是不是想写“images/wind-farm.jpg”或“images/wind-farm-night.jpg”？",
        "把图片放到 images/ 中，或改正 src。",
    ]
    assert near.hint("en").startswith("Did you mean “images/wind-farm.jpg” or “images/wind-farm-night.jpg”?")
    assert far.hint("zh").splitlines()[0] == (
        "可用的有：images/solar-2022.jpg、images/wind-farm-night.jpg、images/wind-farm.jpg、photos/x.png"
    )


def test_a_missing_case_photo_is_offered_only_its_own_cases_pictures(tmp_path: Path) -> None:
    """A feedback letter names no file of the edition but the organisation's own."""
    from toolkit.model import SourceRef
    from toolkit.readers.images import Wanted, read_assets

    for name in ("images/photo-1.jpg", "cases/other/photo-1.jpg", "cases/mine/photo-01.jpg"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"not read")
    diagnostics = Diagnostics()
    read_assets(
        tmp_path,
        [Wanted("cases/mine/photo-1.jpg", SourceRef(path="cases/mine/case.md"), "photos", "某企业")],
        diagnostics,
    )
    [missing] = diagnostics
    assert missing.hint("zh").splitlines()[0] == "你是不是想写“cases/mine/photo-01.jpg”？"
    many = tmp_path / "many"
    for number in range(11):
        (many / "images" / f"p{number}.png").parent.mkdir(parents=True, exist_ok=True)
        (many / "images" / f"p{number}.png").write_bytes(b"not read")
    diagnostics = Diagnostics()
    read_assets(many, [Wanted("images/unrelated-name.jpg", SourceRef(path="chapters/a.md", line=1))], diagnostics)
    assert [d.hint("zh") for d in diagnostics] == ["把图片放到 images/ 中，或改正 src。"]  # 11 are not listed
