"""Data files as they arrive from other people's programs: each way one goes wrong, exactly reported.

Issue 15's table half: large tables checked in near-linear work, merged-cell floods read fast and
located, library messages replaced by what the file is and what to do, and numbers that are not
finite reported instead of crashing. Every test names the code and the place it expects.
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from tests.conftest import ROOT
from tests.corpus import generated
from tests.support.corpus_edition import MANIFEST, about_table, checked, grid_of
from tests.support.corpus_edition import table_edition as edition
from toolkit.cli import cli
from toolkit.diagnostics import Diagnostics
from toolkit.readers import read_edition
from toolkit.readers.table_files import plausible_chinese

CORPUS = ROOT / "tests" / "corpus" / "data"


def corpus(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


# Item 5: CSV files ------------------------------------------------------------------------------


def test_a_row_with_more_values_than_the_header_is_located_and_left_out(tmp_path: Path) -> None:
    folder = edition(
        tmp_path,
        corpus("frictionless-py__defective-rows.csv"),
        ".csv",
        [("id", "integer"), ("name", "string"), ("age", "integer", "optional = true")],
    )
    found = checked(folder)
    assert about_table(found) == [("TB033", None, 3, None)]
    [problem] = [d for d in found if d.code == "TB033"]
    assert problem.message() == "这一行有 4 个值，但表头只有 3 列，该行未读入"
    assert "英文双引号" in problem.hint()
    table = read_edition(folder, Diagnostics()).tables["t"]
    assert [[c.text for c in row] for row in table.rows] == [["1101", "John", ""]]


def test_a_title_line_above_the_header_is_said_once(tmp_path: Path) -> None:
    data = b"Production by region\n" + b"".join(f"{i},{i + 1},{i + 2},{i + 3}\n".encode() for i in range(500))
    grid, found = grid_of(_write(tmp_path / "t.csv", data))
    assert grid is None
    assert [(d.code, d.location.row, d.args["width"], d.args["row"], d.args["count"]) for d in found] == [
        ("TB047", 1, 1, 2, 4)
    ]


def test_a_comment_line_above_the_header_is_told_as_a_comment(tmp_path: Path) -> None:
    data = b"# comment\n" + b"".join(f"{i},{i + 1},{i + 2},{i + 3}\n".encode() for i in range(500))
    grid, found = grid_of(_write(tmp_path / "t.csv", data))
    assert grid is None
    assert [(d.code, d.location.line, d.args["count"]) for d in found] == [("TB051", 1, 1)]


@pytest.mark.parametrize(
    "name, separator",
    [("frictionless-py__issue-1009-semicolon.csv", "分号（;）"), ("frictionless-py__table.csv", "制表符（Tab）")],
)
def test_semicolon_and_tab_exports_are_named_not_guessed(tmp_path: Path, name: str, separator: str) -> None:
    grid, found = grid_of(_write(tmp_path / "t.csv", corpus(name)))
    assert grid is None
    assert [(d.code, d.location.line) for d in found] == [("TB034", 1)]
    assert found[0].message() == f"文件用{separator}分隔各列，不是英文逗号（,）"


def test_full_width_commas_typed_by_hand_are_named(tmp_path: Path) -> None:
    grid, found = grid_of(_write(tmp_path / "t.csv", "年份，产量\n2020，12\n".encode()))
    assert grid is None and [(d.code, d.location.line) for d in found] == [("TB034", 1)]
    assert found[0].message() == "文件用全角逗号（，）分隔各列，不是英文逗号（,）"


def test_a_comma_header_with_semicolons_in_values_is_an_ordinary_csv(tmp_path: Path) -> None:
    grid, found = grid_of(_write(tmp_path / "t.csv", "地区,说明\n东部,甲;乙\n".encode()))
    assert found == [] and grid is not None and grid.rows == [(2, ["东部", "甲;乙"])]


@pytest.mark.parametrize(
    "name, line, byte",
    [
        ("frictionless-py__latin1.csv", 3, 21),
        ("frictionless-py__table-infer-iso-8859-7.csv", 2, 18),
        ("frictionless-py__table-with-accents.csv", 1, 29),
        ("frictionless-py__ascii-notvalid.csv", None, None),
    ],
)
def test_western_encodings_are_not_read_as_chinese(
    tmp_path: Path, name: str, line: int | None, byte: int | None
) -> None:
    grid, found = grid_of(_write(tmp_path / "t.csv", corpus(name)))
    if line is None:  # valid UTF-8 (µ, ‚): read as it is
        assert found == [] and grid is not None
        return
    assert grid is None
    assert [(d.code, d.location.line, d.args["byte"]) for d in found] == [("TB031", line, byte)]


def test_gbk_exports_are_still_read_and_reported(tmp_path: Path) -> None:
    text = "年份,地区,产量（万吨）\n2019,华东地区,88\n2020,东北地区,镕钢 90\n"
    grid, found = grid_of(_write(tmp_path / "t.csv", text.encode("gbk")))
    assert [d.code for d in found] == ["TB010"]
    assert grid is not None and grid.rows[1] == (3, ["2020", "东北地区", "镕钢 90"])


def test_plausible_chinese_tells_gbk_from_western_bytes() -> None:
    assert plausible_chinese("各地区工业增加值（亿元）".encode("gbk").decode("gb18030"))
    assert not plausible_chinese("Année,Qualité".encode("cp1252").decode("gb18030", "replace"))
    assert not plausible_chinese("Ελληνικά δεδομένα".encode("iso-8859-7").decode("gb18030", "replace"))


@pytest.mark.parametrize(
    "data, line, what",
    [
        ("年份,产量\n2020,1\n".encode("utf-16"), 1, "UTF-16"),
        (b"year,value\n2020,1\x00\n", 2, "NUL"),
    ],
)
def test_text_that_is_not_plain_csv(tmp_path: Path, data: bytes, line: int, what: str) -> None:
    grid, found = grid_of(_write(tmp_path / "t.csv", data))
    assert grid is None
    assert [(d.code, d.location.line) for d in found] == [("TB032", line)]
    assert what in found[0].message()


@pytest.mark.parametrize("data", [b"", b"\n\n", b" , \n,,\n"])
def test_an_empty_file_is_said_to_be_empty(tmp_path: Path, data: bytes) -> None:
    grid, found = grid_of(_write(tmp_path / "t.csv", data))
    assert grid is None and [d.code for d in found] == ["TB030"]
    assert found[0].message() == "数据文件是空的，没有任何内容"


def test_a_header_only_file_is_a_table_without_rows(tmp_path: Path) -> None:
    folder = edition(
        tmp_path, corpus("frictionless-py__without-rows.csv"), ".csv", [("id", "integer"), ("name", "string")]
    )
    found = checked(folder)
    assert about_table(found) == []
    assert [d.code for d in found] == ["MD028"]  # the placeholder the report prints


def test_blank_and_repeated_header_names_are_located(tmp_path: Path) -> None:
    blank = edition(
        tmp_path / "a", corpus("frictionless-py__blank-headers.csv"), ".csv", [("id", "integer"), ("age", "integer")]
    )
    assert about_table(checked(blank)) == [("TB036", None, 1, "B")]
    repeated = edition(
        tmp_path / "b",
        corpus("frictionless-py__duplicate-headers.csv"),
        ".csv",
        [("id", "string"), ("name", "string"), ("age", "integer")],
    )
    found = checked(repeated)
    assert about_table(found) == [("TB037", None, 1, "id")]
    assert [d.message() for d in found] == ["表头中的列名“id”出现了 3 次（第 A、C、E 列）"]


@pytest.mark.parametrize(
    "name, data",
    [
        ("t.csv", "\n年份,产量\n2020,1\n".encode()),
        ("t.xlsx", corpus("poi__commentTest.xlsx")),  # its cells start in row 2
    ],
)
def test_a_blank_first_row_is_a_missing_header(tmp_path: Path, name: str, data: bytes) -> None:
    grid, found = grid_of(_write(tmp_path / name, data))
    assert grid is None and [(d.code, d.location.row) for d in found] == [("TB048", 1)]


def test_an_unmatched_quote_is_located_at_its_line(tmp_path: Path) -> None:
    grid, found = grid_of(_write(tmp_path / "t.csv", corpus("frictionless-py__escaping.csv")))
    assert grid is None and [(d.code, d.location.line) for d in found] == [("TB035", 4)]
    grid, found = grid_of(_write(tmp_path / "u.csv", '年份,说明\n2019,"未闭合\n2020,正常\n'.encode()))
    assert grid is None and [(d.code, d.location.line) for d in found] == [("TB035", 2)]


def test_quoted_commas_and_line_breaks_keep_spreadsheet_row_numbers(tmp_path: Path) -> None:
    data = '年份,产量,说明\n2019,"1,000","第一行\n第二行"\n\n2020, 1200 ,"他说""好"""\n'.encode()
    grid, found = grid_of(_write(tmp_path / "t.csv", data))
    assert [(d.code, d.location.row) for d in found] == [("TB020", 3)]  # the blank row between them
    assert grid is not None
    assert grid.rows == [(2, ["2019", "1,000", "第一行\n第二行"]), (4, ["2020", "1200", '他说"好"'])]


# Item 5: XLSX files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data", [corpus("poi__protected_passtika.xlsx"), corpus("poi__58616.xlsx"), generated.encrypted_workbook()]
)
def test_a_password_protected_workbook_is_told_as_such(tmp_path: Path, data: bytes) -> None:
    grid, found = grid_of(_write(tmp_path / "t.xlsx", data))
    assert grid is None and [d.code for d in found] == ["TB039"]
    assert "密码" in found[0].message() and "用密码进行加密" in found[0].hint()


@pytest.mark.parametrize(
    "data, suffix, what",
    [
        (generated.old_xls(), ".xlsx", "Excel 97-2003"),
        (b"\x50\x4b\x03\x04" + b"\x00" * 40, ".xlsx", None),  # a zip header and nothing after it
        ("年份,产量\n2020,1\n".encode(), ".xlsx", "文本文件"),
        (generated.workbook([["年份"], [2020]]), ".csv", "Excel 工作簿"),
        (b"%PDF-1.7\n", ".xlsx", "PDF"),
    ],
)
def test_a_file_that_is_not_what_its_extension_says(tmp_path: Path, data: bytes, suffix: str, what: str | None) -> None:
    grid, found = grid_of(_write(tmp_path / f"t{suffix}", data))
    assert grid is None
    if what is None:
        assert [d.code for d in found] == ["TB043"]
        assert "压缩包不完整" in found[0].message()
        return
    assert [d.code for d in found] == ["TB040"] and what in found[0].message()


def test_a_word_document_named_xlsx(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/document.xml", "<w:document/>")
    grid, found = grid_of(_write(tmp_path / "t.xlsx", buffer.getvalue()))
    assert grid is None and [d.code for d in found] == ["TB040"] and "Word 文档" in found[0].message()


@pytest.mark.parametrize(
    "data, part",
    [
        (corpus("poi__poc-xmlbomb.xlsx"), "xl/sharedStrings.xml"),
        (corpus("poi__poc-xmlbomb-empty.xlsx"), "xl/sharedStrings.xml"),
        (
            generated.workbook(
                [["年份"], [2020]], prolog='<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            ),
            "xl/worksheets/sheet1.xml",
        ),
    ],
)
def test_dtds_and_entity_bombs_are_refused(tmp_path: Path, data: bytes, part: str) -> None:
    grid, found = grid_of(_write(tmp_path / "t.xlsx", data))
    assert grid is None and [(d.code, d.args["part"]) for d in found] == [("TB041", part)]


def test_a_part_that_expands_a_thousandfold_is_refused(tmp_path: Path) -> None:
    grid, found = grid_of(_write(tmp_path / "t.xlsx", generated.swollen_workbook()))
    assert grid is None and [d.code for d in found] == ["TB042"]
    assert "xl/worksheets/padding.xml" in found[0].message()


def test_a_truncated_workbook_is_damaged(tmp_path: Path) -> None:
    whole = generated.workbook([["年份", "产量"], [2020, 1]])
    grid, found = grid_of(_write(tmp_path / "t.xlsx", whole[: len(whole) // 2]))
    assert grid is None and [d.code for d in found] == ["TB043"]


def test_styles_openpyxl_does_not_know_leave_the_values_readable(tmp_path: Path) -> None:
    grid, found = grid_of(_write(tmp_path / "t.xlsx", corpus("poi__picture.xlsx")))
    assert [d.code for d in found] == ["TB044"]
    reference, _ = grid_of(_write(tmp_path / "u.xlsx", corpus("poi__sample.xlsx")))
    assert grid is not None and reference is not None
    assert (grid.header, grid.rows) == (reference.header, reference.rows)


def _openpyxl_workbook(rows: list[list[object]], percent: str | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if percent:
        for cell in sheet[percent][1:]:
            cell.number_format = "0.0%"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_strict_ooxml_reads_as_its_transitional_twin(tmp_path: Path) -> None:
    rows: list[list[object]] = [["年份", "产量", "地区"], [2019, 10.5, "东部"], [2020, 12, "西部"]]
    transitional = _openpyxl_workbook(rows)
    strict = generated.to_strict(transitional)
    assert b"purl.oclc.org/ooxml/spreadsheetml/main" in zipfile.ZipFile(io.BytesIO(strict)).read("xl/workbook.xml")
    ours, found = grid_of(_write(tmp_path / "strict.xlsx", strict))
    twin, _ = grid_of(_write(tmp_path / "transitional.xlsx", transitional))
    assert found == [] and ours is not None and twin is not None
    assert (
        (ours.header, ours.rows)
        == (twin.header, twin.rows)
        == (["年份", "产量", "地区"], [(2, ["2019", "10.5", "东部"]), (3, ["2020", "12", "西部"])])
    )


def test_poi_strict_workbooks_are_read(tmp_path: Path) -> None:
    strict, found = grid_of(_write(tmp_path / "a.xlsx", corpus("poi__sample_strict.xlsx")))
    transitional, _ = grid_of(_write(tmp_path / "b.xlsx", corpus("poi__sample.xlsx")))
    assert found == [] and strict is not None and transitional is not None
    assert (strict.header, strict.rows) == (transitional.header, transitional.rows)
    assert strict.header == ["Lorem", "111"] and len(strict.rows) == 9
    simple, _ = grid_of(_write(tmp_path / "c.xlsx", corpus("poi__SimpleStrict.xlsx")))
    assert simple is not None and simple.header == ["test", "", "1"]
    assert simple.rows[:2] == [(2, ["test 2", "", "2"]), (3, ["", "", "3"])]


def test_an_empty_first_sheet_is_named(tmp_path: Path) -> None:
    grid, found = grid_of(_write(tmp_path / "t.xlsx", corpus("poi__48779.xlsx")))
    assert grid is None and [d.code for d in found] == ["TB045"]


def test_values_beyond_the_header_are_reported_once_per_column(tmp_path: Path) -> None:
    rows: list[list[object]] = [["年份", "产量"], [2019, 10, None, "备注一"], [2020, 12, None, "备注二"]]
    grid, found = grid_of(_write(tmp_path / "t.xlsx", _openpyxl_workbook(rows)))
    assert grid is not None and grid.rows == [(2, ["2019", "10"]), (3, ["2020", "12"])]
    assert [(d.code, d.location.row, d.location.column_name, d.args["count"]) for d in found] == [("TB046", 2, "D", 2)]


def test_percent_formatted_cells_read_as_percentages(tmp_path: Path) -> None:
    rows: list[list[object]] = [["年份", "占比"], [2019, 0.125], [2020, 0.071]]
    folder = edition(tmp_path, _openpyxl_workbook(rows, percent="B"), ".xlsx", [("年份", "year"), ("占比", "percent")])
    found = checked(folder)
    assert about_table(found) == []
    table = read_edition(folder, Diagnostics()).tables["t"]
    assert [(row[1].value, row[1].text) for row in table.rows] == [(12.5, "12.5%"), (7.1, "7.1%")]


# Item 4: merged cells ---------------------------------------------------------------------------


def test_many_merged_ranges_are_read_once_and_each_located(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from openpyxl.reader.excel import ExcelReader

    opened: list[object] = []
    original = ExcelReader.read

    def counting(self: ExcelReader) -> None:
        opened.append(self)
        original(self)

    monkeypatch.setattr(ExcelReader, "read", counting)
    count = 20_000
    grid, found = grid_of(_write(tmp_path / "t.xlsx", generated.merged_cells_workbook(count)))
    assert grid is None and len(opened) == 1
    assert len(found) == count and {d.code for d in found} == {"TB019"}
    assert [(d.location.row, d.location.column_name, d.args["cells"]) for d in found[:2]] == [
        (2, "产量", "B2:C2"),
        (3, "产量", "B3:C3"),
    ]
    assert (found[-1].location.row, found[-1].args["cells"]) == (count + 1, f"B{count + 1}:C{count + 1}")


# Item 6: numbers that are not finite -------------------------------------------------------------


def test_nan_and_infinity_are_located_errors_not_a_crash(tmp_path: Path) -> None:
    data = "年份,企业数,产量,占比\n2017,NaN,inf,12%\n2018,inf,1e999,NaN%\n2019,-inf,NaN,5%\n2020,10,-1e400,inf%\n"
    folder = edition(
        tmp_path,
        data.encode(),
        ".csv",
        [("年份", "year"), ("企业数", "integer"), ("产量", "number", "min = 0", "max = 100"), ("占比", "percent")],
    )
    found = about_table(checked(folder))
    assert sorted(found) == sorted(
        [
            ("TB038", None, 2, "企业数"),
            ("TB038", None, 2, "产量"),
            ("TB038", None, 3, "企业数"),
            ("TB038", None, 3, "产量"),
            ("TB038", None, 3, "占比"),
            ("TB038", None, 4, "企业数"),
            ("TB038", None, 4, "产量"),
            ("TB038", None, 5, "产量"),
            ("TB038", None, 5, "占比"),
        ]
    )
    result = CliRunner().invoke(cli, ["check", str(folder)], catch_exceptions=False)
    assert result.exit_code == 1
    assert "单元格“NaN”不是有限的数字" in result.output and "超出合理范围（）" not in result.output


def test_big_integers_stay_exact(tmp_path: Path) -> None:
    folder = edition(
        tmp_path, "编号,数量\n甲,12345678901234567891\n".encode(), ".csv", [("编号", "string"), ("数量", "integer")]
    )
    table = read_edition(folder, Diagnostics()).tables["t"]
    assert table.rows[0][1].value == 12345678901234567891


# Item 3: work that grows with the table, not with table × text ---------------------------------


def test_numbers_in_text_look_at_each_row_a_bounded_number_of_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit.validation import prose

    rows = 3000
    data = "地区,产量\n" + "".join(f"某某地区{i:05d},{i}.5\n" for i in range(rows))
    text = "\n\n".join(f"某某地区{i:05d}的产量为 {i}.5 万吨。" for i in range(0, rows, 10))
    folder = edition(tmp_path, data.encode(), ".csv", [("地区", "string"), ("产量", "number", 'unit = "万吨"')], text)
    calls = []
    original = prose.row_key
    monkeypatch.setattr(prose, "row_key", lambda table, row: calls.append(1) or original(table, row))
    found = checked(folder)
    assert [d.code for d in found].count("NR001") == rows // 10  # each sentence repeats its cell
    assert len(calls) <= 2 * rows  # the old rule: rows × sentences (900,000 here)


def naive_claims(sentence: str, tables: list) -> list[tuple[str, str, str, str]]:
    """The rule as it was first written (every row and column per sentence): the reference."""
    import re

    from toolkit.readers.references import row_key
    from toolkit.validation.prose import _NUMBER, _YEAR, NUMERIC

    claims = []
    for table in tables:
        for index, column in enumerate(table.columns):
            if column.type not in NUMERIC or index == 0:
                continue
            if table.columns[0].type == "year":
                unit = column.unit or table.unit
                name = next((n for n in (column.name, column.label) if n and n in sentence), None)
                if not unit or not name:
                    continue
                keyed = {row_key(table, row): row for row in table.rows}
                for match in re.finditer(_NUMBER + r"\s*" + re.escape(unit), sentence[sentence.index(name) :]):
                    years = list(_YEAR.finditer(sentence[: sentence.index(name) + match.start()]))
                    if years and years[-1].group(1) in keyed:
                        claims.append((match.group(1), table.id, years[-1].group(1), column.name))
                continue
            unit_at = next((i for i, c in enumerate(table.columns) if c.name == "单位"), None)
            for row in table.rows:
                name = row_key(table, row)
                if len(name) < 4 or name not in sentence:
                    continue
                unit = row[unit_at].text if unit_at is not None else column.unit or table.unit
                if not unit:
                    continue
                tail = sentence[sentence.index(name) + len(name) :]
                match = re.match(r"[^\d\n]{0,12}?" + _NUMBER + r"\s*" + re.escape(unit), tail)
                if match:
                    claims.append((match.group(1), table.id, name, column.name))
    return claims


def claims_edition(tmp_path: Path, rng: random.Random) -> tuple[list, list[str]]:
    """Tables of each kind the rule reads (a yearly series with a label, an indicator table with its
    unit column, a regional table with a repeated name) and sentences mixing their names and numbers."""
    folder = tmp_path / "claims"
    (folder / "chapters").mkdir(parents=True)
    (folder / "data").mkdir()
    (folder / "edition.toml").write_text(MANIFEST, encoding="utf-8")
    (folder / "chapters" / "01-data.md").write_text("---\ntitle: 数据\n---\n\n正文。\n", encoding="utf-8")
    files = {
        "iva": (
            "年份,工业增加值,增长率\n"
            + "".join(
                f"{y},{rng.randint(1000, 9999)}.{rng.randint(0, 9)},{rng.randint(1, 9)}.{rng.randint(0, 9)}\n"
                for y in range(2015, 2021)
            ),
            'title = "增加值"\nunit = "亿元"\n[[columns]]\nname = "年份"\ntype = "year"\n[[columns]]\n'
            'name = "工业增加值"\nlabel = "增加值"\ntype = "number"\n[[columns]]\nname = "增长率"\n'
            'type = "percent"\nunit = "%"\n',
        ),
        "ind": (
            "指标,单位,数值\n规模以上工业企业,万家,38.3\n5G基站数量,万个,71.8\n规模以上工业企业,家,383000\n"
            "GDP,亿元,1015986\n",
            'title = "指标"\n[[columns]]\nname = "指标"\n[[columns]]\nname = "单位"\n[[columns]]\n'
            'name = "数值"\ntype = "number"\n',
        ),
        "reg": (
            "地区,产量,产值\n东部沿海地区,120,35.5\n中部六省地区,98,20\n东部沿海地区产业带,10,1.5\n",
            'title = "地区"\nunit = "万吨"\n[[columns]]\nname = "地区"\n[[columns]]\nname = "产量"\n'
            'type = "number"\n[[columns]]\nname = "产值"\ntype = "number"\nunit = "亿元"\n',
        ),
    }
    for name, (data, schema) in files.items():
        (folder / "data" / f"{name}.csv").write_text(data, encoding="utf-8")
        (folder / "data" / f"{name}.toml").write_text(schema, encoding="utf-8")
    words = [
        "工业增加值",
        "增加值",
        "增长率",
        "规模以上工业企业",
        "5G基站数量",
        "GDP",
        "东部沿海地区",
        "中部六省地区",
        "东部沿海地区产业带",
        "产量",
        "产值",
    ]
    units = ["亿元", "万家", "万个", "家", "万吨", "%", "个"]
    values = [v for data, _ in files.values() for line in data.splitlines()[1:] for v in line.split(",")[1:]]
    sentences = []
    for _ in range(400):
        clauses = []
        for _ in range(rng.randint(1, 3)):
            number = rng.choice(values) if rng.random() < 0.5 else f"{rng.randint(1, 400000)}{rng.choice(['', '.5'])}"
            clauses.append(
                rng.choice(["", f"{rng.randint(2014, 2021)} 年，"])
                + rng.choice(words)
                + rng.choice(["", "达到", "为", "约为", "继续增长，达到"])
                + f" {number} "
                + rng.choice(units)
            )
        sentences.append("，".join(clauses))
    edition_ = read_edition(folder, Diagnostics())
    assert edition_ is not None
    return [t for t in edition_.tables.values() if t.rows and t.columns], sentences


def test_the_indexed_rule_finds_what_the_plain_rule_found(tmp_path: Path) -> None:
    from toolkit.validation import prose

    tables, sentences = claims_edition(tmp_path, random.Random(15))
    indexed = [prose._Indexed.of(t) for t in tables]
    finder = prose._Finder([n for t in indexed for n in t.names])
    compared = 0
    for sentence in sentences:
        expected = naive_claims(sentence, tables)
        got = [
            (c.number, c.table.id, c.row, c.column.name)
            for c in prose._claims(sentence, finder.find(sentence), indexed)
        ]
        assert got == expected, sentence
        compared += bool(expected)
    assert compared >= 40  # sentences that do talk about a table were among them


def test_a_missing_row_of_a_big_table_is_not_listed_row_by_row(tmp_path: Path) -> None:
    data = "地区,产量\n" + "".join(f"地区{i},{i}\n" for i in range(5000))
    folder = edition(
        tmp_path,
        data.encode(),
        ".csv",
        [("地区", "string"), ("产量", "number")],
        "第一个为 [[t:地区1:产量]]，没有的是 [[t:地区99999:产量]]。",
    )
    found = [d for d in checked(folder) if d.code == "MD024"]
    assert len(found) == 1
    assert found[0].message().endswith("数据表“t”没有“地区99999”行（行名是数据文件第一列的值，共 5000 行）。")


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.slow  # reads both real editions
def test_carried_over_text_is_found_in_one_pass_with_the_same_result() -> None:
    """The previous edition's text includes its tables, so it is scanned once, not once per clause;
    the shares are those of the plain scan."""
    import re

    from toolkit.carried import SHORTEST_CLAUSE, mark_carried_over
    from toolkit.model import Paragraph, plain_text
    from toolkit.render.text import edition_text

    now, before = (read_edition(ROOT / "editions" / year, Diagnostics()) for year in ("2021", "2020"))
    assert now is not None and before is not None
    mark_carried_over(now, before)
    earlier = re.sub(r"\s+", "", edition_text(before))
    compared = 0
    for _, block in now.walk():
        if isinstance(block, Paragraph):
            clauses = [
                c for c in re.split(r"[，。；！？：、,;!?:]", re.sub(r"\s+", "", plain_text(block.inlines))) if c
            ]
            length = sum(len(c) for c in clauses)
            found = sum(len(c) for c in clauses if len(c) >= SHORTEST_CLAUSE and c in earlier)
            assert block.carried == (found / length if length else 0.0)
            compared += found > 0
    assert compared >= 20
