"""Files nobody here wrote, round two (issue 21): no crash on a damaged member, no silent change to a
number, bounded memory on any ZIP, and each file told for what it is.

Third-party files are in ``tests/corpus/`` (origins in its ``ORIGINS.tsv``); the damaged, lying and
oversized ones are made here from them or from scratch (``tests/corpus/generated.py``). Memory is
measured on whole processes, as a user runs the commands (``tests/support/peak.py``).
"""

from __future__ import annotations

import io
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT
from tests.corpus import generated
from tests.corpus.ingesting import digest, ingest, problems
from tests.submitter import fill, photo
from tests.support.corpus_edition import about_table, checked, grid_of, table_edition
from tests.support.peak import run_measured
from toolkit.diagnostics import Diagnostics
from toolkit.ooxml.archive import ArchiveProblem, SafeZip, StreamReplace
from toolkit.ooxml.package import PackageProblem, open_package
from toolkit.project import PACKAGE_TEMPLATES, Project
from toolkit.readers import read_edition
from toolkit.readers.table_files import MAX_CELLS, MAX_ROWS, unescape
from toolkit.render.web import render_site
from toolkit.submissions.commands import make_case_template

DATA = ROOT / "tests" / "corpus" / "data"
DOCX = ROOT / "tests" / "corpus" / "docx"
YEAR = "2021"
PEAK_LIMIT_MIB = 600
FORM = {
    "案例标题": "外来文件测试案例",
    "提交单位": "测试单位",
    "单位类型": "企业",
    "案例正文": ["案例正文。"],
    "联系人": "测试",
    "同意发表": "是",
}
COMPILE = [sys.executable, "-m", "toolkit.cli"]


def project(base: Path) -> Path:
    """A project root holding a fresh copy of the minimal edition as editions/2021."""
    shutil.copytree(FIXTURES / "minimal", base / "editions" / YEAR)
    return base


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("forms")
    template = make_case_template(Project.at(ROOT), str(FIXTURES / "minimal"), folder / "template.docx")
    return fill(template, folder / "filled.docx", dict(FORM, 照片一图注="图注"), {"照片一": photo(1200, 800)})


# Crashes and memory: a damaged member ------------------------------------------------------------


@pytest.mark.parametrize("damage", [generated.changed_crc, generated.flipped_byte], ids=["crc", "byte"])
def test_a_damaged_member_of_a_workbook_is_named_not_a_crash(tmp_path: Path, damage: object) -> None:
    data = damage(DATA.joinpath("hutool__aaa.xlsx").read_bytes(), "xl/worksheets/sheet1.xml")  # type: ignore[operator]
    folder = table_edition(tmp_path, data, ".xlsx", [("a", "string")])
    run = run_measured([*COMPILE, "check", str(folder)], cwd=tmp_path)
    assert run.returncode == 1, run.output
    assert "Traceback" not in run.output and "t.xlsx" in run.output
    assert "TB043" in run.output and "xl/worksheets/sheet1.xml 已损坏" in run.output


def test_a_damaged_member_the_reader_never_needs_whole_is_still_named(tmp_path: Path) -> None:
    """hutool's aaa.xlsx with sheet2's CRC changed: the issue's case (read first by the DTD scan)."""
    data = generated.changed_crc(DATA.joinpath("hutool__aaa.xlsx").read_bytes(), "xl/worksheets/sheet2.xml")
    grid, found = grid_of(_write(tmp_path / "t.xlsx", data))
    assert grid is None
    assert [(d.code, d.args["reason"].zh) for d in found] == [
        ("TB043", "xl/worksheets/sheet2.xml 已损坏（校验值不符）")
    ]


@pytest.mark.parametrize("damage", [generated.changed_crc, generated.flipped_byte], ids=["crc", "byte"])
def test_a_damaged_part_of_a_document_is_named(tmp_path: Path, filled: Path, damage: object) -> None:
    path = _write(tmp_path / "damaged.docx", damage(filled.read_bytes(), "word/document.xml"))  # type: ignore[operator]
    with pytest.raises(PackageProblem) as raised:
        open_package(path).xml("word/document.xml")
    assert raised.value.code == "SB004" and "word/document.xml 已损坏" in raised.value.args_["reason"].zh


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def docx_bomb(filled: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 1 MB DOCX whose document.xml declares 4 KiB and inflates to 1 GiB."""
    path = tmp_path_factory.mktemp("bomb") / "炸弹.docx"
    path.write_bytes(generated.lying_bomb(filled.read_bytes(), "word/document.xml"))
    assert path.stat().st_size < 2 * 2**20
    return path


@pytest.mark.slow
def test_a_zip_bomb_with_lying_headers_is_refused_in_little_memory(
    docx_bomb: Path, filled: Path, tmp_path: Path
) -> None:
    root = project(tmp_path / "root")
    run = run_measured([*COMPILE, "ingest", YEAR, str(docx_bomb), str(filled), "--root", str(root)], cwd=tmp_path)
    assert run.returncode == 1, run.output
    assert "炸弹.docx" in run.output and "SB004" in run.output and "Traceback" not in run.output
    assert "新增" in run.output  # the good file of the batch is ingested all the same
    assert run.peak_mib < PEAK_LIMIT_MIB, f"peak {run.peak_mib:.0f} MiB"


@pytest.mark.slow
def test_a_zip_bomb_under_ulimit_v_is_refused_not_a_crash(docx_bomb: Path, tmp_path: Path) -> None:
    """``ulimit -v 1500000``: the batch ran out of memory (exit 70, MemoryError) before."""
    root = project(tmp_path / "root")
    run = run_measured(
        [*COMPILE, "ingest", YEAR, str(docx_bomb), "--root", str(root)], cwd=tmp_path, memory_limit=1_500_000 * 1024
    )
    assert run.returncode == 1, run.output
    assert "MemoryError" not in run.output and "SB004" in run.output


@pytest.mark.slow
def test_a_workbook_member_with_lying_headers_is_refused_in_little_memory(tmp_path: Path) -> None:
    data = generated.lying_bomb(generated.workbook([["年份", "产量"], [2020, 1]]), "xl/worksheets/sheet1.xml")
    folder = table_edition(tmp_path, data, ".xlsx", [("年份", "year"), ("产量", "number")])
    run = run_measured([*COMPILE, "check", str(folder)], cwd=tmp_path, memory_limit=1_500_000 * 1024)
    assert run.returncode == 1, run.output
    assert "TB043" in run.output and "xl/worksheets/sheet1.xml" in run.output and "Traceback" not in run.output
    assert run.peak_mib < PEAK_LIMIT_MIB, f"peak {run.peak_mib:.0f} MiB"


def test_a_member_is_inflated_in_bounded_chunks_whatever_it_declares() -> None:
    data = generated.lying_bomb(
        generated.workbook([["a"]]), "xl/worksheets/sheet1.xml", inflated=64 * 2**20, declared=48 * 2**20
    )
    archive = SafeZip(data, max_entries=10, part_limit=2**20, total_limit=2**30)
    with pytest.raises(ArchiveProblem) as raised:
        archive.read("xl/worksheets/sheet1.xml")
    assert raised.value.kind == "too-big" and archive.problem is raised.value
    assert archive.inflated < 2**20 + 2 * 65536  # stopped at the limit, not at the declared 48 MiB


def test_a_million_entries_are_refused_before_the_directory_is_read() -> None:
    member = generated.Member("a.xml", b"", zipfile.ZIP_STORED, 0, 0)
    data = generated.raw_zip([member] * 6000)
    with pytest.raises(ArchiveProblem) as raised:
        SafeZip(data, max_entries=5000, part_limit=2**20, total_limit=2**30)
    assert raised.value.kind == "entries"


def test_strict_names_are_replaced_across_chunk_ends() -> None:
    stream = StreamReplace([(b"purl.oclc.org/ooxml", b"schemas.openxmlformats.org"), (b"abc", b"")])
    text = b"x" * 10 + b"purl.oclc.org/ooxml" + b"abc" * 3 + b"y purl.oclc.org/ooxml"
    for size in (1, 3, 7, 19, len(text)):
        pieces = [stream.feed(text[i : i + size], final=False) for i in range(0, len(text), size)]
        out = b"".join(pieces) + stream.feed(b"", final=True)
        assert out == b"x" * 10 + b"schemas.openxmlformats.orgy schemas.openxmlformats.org", size


# Crashes and memory: a table too long --------------------------------------------------------------


@pytest.mark.slow
def test_a_million_rows_are_refused_early_in_bounded_memory(tmp_path: Path) -> None:
    folder = table_edition(tmp_path, generated.one_column_csv(1_000_000), ".csv", [("id", "integer")])
    run = run_measured([*COMPILE, "check", str(folder)], cwd=tmp_path)
    assert run.returncode == 1, run.output
    assert "TB049" in run.output and f"超过 {MAX_ROWS:,} 行数据" in run.output and "t.csv" in run.output
    assert run.peak_mib < PEAK_LIMIT_MIB, f"peak {run.peak_mib:.0f} MiB"


def test_the_row_and_cell_limits_are_where_they_say(tmp_path: Path) -> None:
    grid, found = grid_of(_write(tmp_path / "ok.csv", generated.one_column_csv(MAX_ROWS)))
    assert found == [] and grid is not None and len(grid.rows) == MAX_ROWS
    grid, found = grid_of(_write(tmp_path / "long.csv", generated.one_column_csv(MAX_ROWS + 1)))
    assert grid is None and [(d.code, d.location.line) for d in found] == [("TB049", MAX_ROWS + 2)]
    wide = MAX_CELLS // 1000 + 1
    grid, found = grid_of(_write(tmp_path / "wide.csv", generated.wide_csv(999, rows=wide)))
    assert grid is None and [d.code for d in found] == ["TB049"]
    assert "个单元格" in str(found[0].args["reason"])


def test_a_sheet_reaching_far_down_is_refused_by_its_row_number(tmp_path: Path) -> None:
    data = generated.workbook([["年份"], [2020]], extra={})
    far = generated.sheet_xml([["年份"], [2020]]).replace(
        "</sheetData>", f'<row r="{MAX_ROWS + 5}"><c r="A{MAX_ROWS + 5}"><v>1</v></c></row></sheetData>'
    )
    data = generated.with_members(data, {}, {"xl/worksheets/sheet1.xml": far.encode()})
    grid, found = grid_of(_write(tmp_path / "t.xlsx", data))
    assert grid is None and [(d.code, d.location.row) for d in found] == [("TB049", MAX_ROWS + 5)]


# Data changed without a word -------------------------------------------------------------------


def test_long_integers_keep_every_digit(tmp_path: Path) -> None:
    data = "身份证号,编号\n110101199003077777,12345678901234567890\n".encode()
    folder = table_edition(tmp_path, data, ".csv", [("身份证号", "integer"), ("编号", "integer")])
    table = read_edition(folder, Diagnostics()).tables["t"]
    assert [(c.value, c.text) for c in table.rows[0]] == [
        (110101199003077777, "110101199003077777"),
        (12345678901234567890, "12345678901234567890"),
    ]
    run = run_measured([*COMPILE, "text", str(folder)], cwd=tmp_path)
    assert "110101199003077777" in run.stdout and "12345678901234567890" in run.stdout, run.output
    site = render_site(read_edition(folder, Diagnostics()), PACKAGE_TEMPLATES)
    assert any(
        b">110101199003077777</td>" in content and b">12345678901234567890</td>" in content for content in site.values()
    )


def test_long_integers_in_a_workbook_keep_every_digit(tmp_path: Path) -> None:
    data = generated.workbook([["编号", "证件"], ["12345678901234567890", 110101199003077777]])
    folder = table_edition(tmp_path, data, ".xlsx", [("编号", "integer"), ("证件", "integer")])
    table = read_edition(folder, Diagnostics()).tables["t"]
    assert [c.text for c in table.rows[0]] == ["12345678901234567890", "110101199003077777"]


def test_too_many_digits_for_a_number_column_is_an_error_at_its_cell(tmp_path: Path) -> None:
    data = "地区,产值\n东部,110101199003077777\n西部,12.5\n".encode()
    folder = table_edition(tmp_path, data, ".csv", [("地区", "string"), ("产值", "number")])
    found = checked(folder)
    assert about_table(found) == [("TB053", None, 2, "产值")]
    [problem] = [d for d in found if d.code == "TB053"]
    assert (
        problem.message()
        == "“110101199003077777”有 18 位有效数字，数字列只能精确保存 15 位，会印成“110101199003077776”"
    )
    assert "string" in problem.hint()


def test_a_number_in_exponent_form_keeps_its_digits(tmp_path: Path) -> None:
    """POI's 47813.xlsx: a cosine of 6.1257422745431e-17 printed as 0.00000000000000006."""
    data = generated.workbook([["角度", "余弦"], ["90", 6.1257422745431e-17], ["0", 1.0]])
    folder = table_edition(tmp_path, data, ".xlsx", [("角度", "string"), ("余弦", "number")])
    table = read_edition(folder, Diagnostics()).tables["t"]
    assert [row[1].text for row in table.rows] == ["0.000000000000000061257422745431", "1"]


def test_a_programs_shortest_form_of_a_double_prints_as_typed(tmp_path: Path) -> None:
    """csvkit's test_geo.csv: 17 significant digits, but the double holds them as written."""
    data = "地点,纬度,经度\n泰勒,32.299076986939205,-95.31571447849274\n".encode()
    folder = table_edition(tmp_path, data, ".csv", [("地点", "string"), ("纬度", "number"), ("经度", "number")])
    assert about_table(checked(folder)) == []
    table = read_edition(folder, Diagnostics()).tables["t"]
    assert [c.text for c in table.rows[0][1:]] == ["32.299076986939205", "-95.31571447849274"]


@pytest.mark.parametrize("name", ["calamine__has_x000D_.xlsx", "calamine__has_x000D_inline.xlsx"])
def test_excel_escapes_in_shared_and_inline_strings_are_decoded(tmp_path: Path, name: str) -> None:
    grid, found = grid_of(DATA / name)
    assert grid is not None and grid.header == ["ABC\nDEF"]


def test_an_escaped_underscore_stays_literal() -> None:
    assert unescape("A_x005F_x000D_B") == "A_x000D_B"
    assert unescape("tab_x0009_here") == "tab\there"


@pytest.mark.parametrize(
    "text", ["이름,나이,도시\n김철수,30,서울\n이영희,25,부산\n박민수,40,대구\n", "이름,나이\n김철수,30\n"]
)  # so short that it also "decodes" as UTF-16
def test_a_korean_csv_is_not_read_as_chinese(tmp_path: Path, text: str) -> None:
    grid, found = grid_of(_write(tmp_path / "t.csv", text.encode("euc-kr")))
    assert grid is None and [(d.code, d.location.line) for d in found] == [("TB050", 1)]
    assert "韩文" in found[0].message()


@pytest.mark.parametrize(
    "text",
    [
        "年份,产量\n2019,12\n2020,13\n",
        "年份,工业增加值,地区\n2016,247860,东部\n",
        "地区,产量\n东部,1\n",
        "指标,数值\n钢铁,1\n",
    ],
)
def test_short_gbk_files_keep_the_benefit_of_the_doubt(tmp_path: Path, text: str) -> None:
    grid, found = grid_of(_write(tmp_path / "t.csv", text.encode("gbk")))
    assert [d.code for d in found] == ["TB010"] and grid is not None


@pytest.mark.parametrize(
    "content, what",
    [
        (
            b'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN">\n<html><body><table><tr><td>1</td></tr></table>',
            "网页（HTML）",
        ),
        ("\ufeff<?xml version='1.0'?><rows><row>1</row></rows>".encode(), "XML 文件"),
        (b'[{"year": 2020, "value": 1}]', "JSON 数据文件"),
    ],
)
def test_a_page_or_data_file_saved_as_csv_is_named(tmp_path: Path, content: bytes, what: str) -> None:
    grid, found = grid_of(_write(tmp_path / "t.csv", content))
    assert grid is None and [d.code for d in found] == ["TB040"]
    assert what in found[0].message()


# Wrong diagnoses -------------------------------------------------------------------------------


def test_a_comment_line_is_told_as_such_not_as_full_width_commas() -> None:
    grid, found = grid_of(DATA / "hutool__test_lines.csv")
    assert grid is None and [(d.code, d.location.line, d.args["count"]) for d in found] == [("TB051", 1, 2)]


def test_a_tab_inside_a_quoted_header_cell_separates_nothing(tmp_path: Path) -> None:
    grid, found = grid_of(_write(tmp_path / "t.csv", b'"name\twith tab"\nvalue\nother\n'))
    assert found == [] and grid is not None and grid.header == ["name\twith tab"]


def test_a_quoted_header_cell_over_several_lines_separates_nothing(tmp_path: Path) -> None:
    """csvkit's test_header_newline.csv: a tab and line breaks inside the first, quoted, header cell."""
    grid, found = grid_of(_write(tmp_path / "t.csv", b'"\t\n start \t\n end \t\n",b,c\nd,e,f\n'))
    assert found == [] and grid is not None and grid.header[1:] == ["b", "c"]


def test_a_comment_after_a_multi_line_quoted_value_is_located_on_its_line(tmp_path: Path) -> None:
    data = '地区,说明\n东部,"第一行\n第二行"\n# 注释\n西部,x\n'.encode()
    grid, found = grid_of(_write(tmp_path / "t.csv", data))
    assert [(d.code, d.location.line) for d in found] == [("TB051", 4)]


def test_a_workbooks_parts_without_the_workbook_are_damage_not_another_format(tmp_path: Path) -> None:
    """exceljs's missing-bits.xlsx: a sheet and relationships, no workbook, no content types."""
    data = generated.workbook([["年份"], [2020]])
    kept = [m for m in generated.members(data) if m.name in ("xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml")]
    grid, found = grid_of(_write(tmp_path / "t.xlsx", generated.raw_zip(kept)))
    assert grid is None and [d.code for d in found] == ["TB043"]
    assert "xl/workbook.xml" in found[0].message()


def test_a_separator_in_the_header_alone_is_not_the_files(tmp_path: Path) -> None:
    grid, found = grid_of(_write(tmp_path / "t.csv", "说明;备注\n第一行\n第二行\n第三行\n".encode()))
    assert [d.code for d in found] == [] and grid is not None


@pytest.mark.parametrize(
    "name, header",
    [("calamine__minimal_package.xlsx", "ARREST BOOKINGS for 01/30/17"), ("excelize__CalcChain.xlsx", "0")],
)
def test_valid_workbooks_at_other_paths_or_in_other_case_are_read(name: str, header: str) -> None:
    grid, found = grid_of(DATA / name)
    assert not {d.code for d in found} & {"TB040", "TB043"}, found
    if grid is not None:
        assert grid.header[0] == header


def test_the_workbook_at_another_path_is_read_as_excel_reads_it() -> None:
    grid, found = grid_of(DATA / "calamine__minimal_package.xlsx")
    assert [d.code for d in found][:1] == ["TB019"]  # read: its merged title rows are what it is told


@pytest.mark.parametrize("rename", [lambda n: n.replace("/", "\\"), str.upper], ids=["backslashes", "upper-case"])
def test_entry_names_with_backslashes_or_another_case_are_read(tmp_path: Path, rename: object) -> None:
    data = generated.renamed(generated.workbook([["年份", "产量"], [2020, 12]]), rename)  # type: ignore[arg-type]
    grid, found = grid_of(_write(tmp_path / "t.xlsx", data))
    assert found == [] and grid is not None and grid.rows == [(2, ["2020", "12"])]


def test_a_schema_name_with_a_trailing_space_matches_the_trimmed_header(tmp_path: Path) -> None:
    folder = table_edition(tmp_path, b"location ,value\nA,1\n", ".csv", [("location ", "string"), ("value", "number")])
    assert about_table(checked(folder)) == []


def test_a_name_differing_only_by_full_width_forms_is_told_once(tmp_path: Path) -> None:
    folder = table_edition(
        tmp_path, "产量（吨）,地区\n1,东部\n".encode(), ".csv", [("产量(吨)", "number"), ("地区", "string")]
    )
    found = checked(folder)
    assert about_table(found) == [("TB052", None, 1, "产量（吨）")]
    [problem] = [d for d in found if d.code == "TB052"]
    assert "全角与半角" in problem.message()


def test_a_chinese_document_that_is_not_a_case_form_is_told_so(tmp_path: Path) -> None:
    root = project(tmp_path / "root")
    document = DOCX / "docx2python__fd4f06__libreoffice_conversion.docx"
    run = ingest(root, YEAR, [document])
    assert run.codes == ["SB007"], run.output


# Silent drops in submissions ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["带宏.docm", "带宏.docx"])
def test_a_macro_enabled_document_is_refused(tmp_path: Path, filled: Path, name: str) -> None:
    data = generated.with_members(filled.read_bytes(), {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\x00" * 508})
    path = _write(tmp_path / name, data)
    root = project(tmp_path / "root")
    run = ingest(root, YEAR, [path])
    assert problems(run, digest([path]), root / "editions" / YEAR) == []
    assert (run.outcome, run.codes, run.exit_code) == ("rejected", ["SB030"], 1), run.output
    assert "word/vbaProject.bin" in run.output and "另存为" in run.output


def test_a_linked_photo_is_told_not_dropped(tmp_path: Path, filled: Path) -> None:
    data = _linked_photo(filled.read_bytes())
    path = _write(tmp_path / "linked.docx", data)
    root = project(tmp_path / "root")
    run = ingest(root, YEAR, [path])
    assert "IM009" in run.codes and run.exit_code == 1, run.output
    assert "照片一是链接到文档外的图片（https://example.org/photo.jpg）" in run.output


def _linked_photo(docx: bytes) -> bytes:
    """The filled form with its photo turned into “Link to File” to an outside address."""
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        document = source.read("word/document.xml").decode("utf-8")
        rels = source.read("word/_rels/document.xml.rels").decode("utf-8")
    start = document.index('r:embed="') + len('r:embed="')
    rid = document[start : document.index('"', start)]
    document = document.replace(f'r:embed="{rid}"', 'r:link="rIdLinked"')
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdLinked" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/image" Target="https://example.org/photo.jpg" '
        'TargetMode="External"/></Relationships>',
    )
    return generated.with_members(
        docx, {}, {"word/document.xml": document.encode(), "word/_rels/document.xml.rels": rels.encode()}
    )
