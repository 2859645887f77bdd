"""Every check, with the fixture that trips it and the exact place it must point at.

Each row: the scenario folder under tests/fixtures/editions/, the code, the file
(relative to the scenario), and where in it: (line, column) for text files,
(row, column name) for tables, or the template field for cases.
"""

from __future__ import annotations

import atexit
import json
import re
import shutil
import tempfile
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT
from toolkit.build import run_check
from toolkit.diagnostics import Diagnostic, Severity
from toolkit.messages import CATALOG
from toolkit.project import Project

Where = tuple[object, object]
LETTERS = Path(tempfile.mkdtemp(prefix="test-checks-"))
"""Where the checks below write their feedback letters: a folder of this run's own."""
atexit.register(shutil.rmtree, LETTERS, True)


@cache
def diagnostics_of(scenario: str) -> tuple[Diagnostic, ...]:
    return tuple(run_check(Project.at(ROOT), str(FIXTURES / scenario), out_dir=LETTERS / scenario).diagnostics.sorted())


def place(diagnostic: Diagnostic, scenario: str) -> tuple[str, Where]:
    location = diagnostic.location
    relative = location.path.resolve().relative_to((FIXTURES / scenario).resolve()).as_posix() if location.path else ""
    if location.field:
        return relative, ("field", location.field)
    if location.row is not None or location.column_name is not None:
        return relative, (location.row, location.column_name)
    return relative, (location.line, location.column)


CASES: list[tuple[str, str, str, Where]] = [
    # the manifest
    ("manifest-syntax-error", "MF001", "edition.toml", (2, 8)),
    ("bad-manifest", "MF002", "edition.toml", (1, 1)),
    ("manifest-missing-publisher", "MF003", "edition.toml", (None, None)),
    ("bad-manifest", "MF004", "edition.toml", (3, 1)),
    ("bad-manifest", "MF005", "edition.toml", (8, 3)),
    ("bad-manifest", "MF006", "edition.toml", (9, 3)),
    ("manifest-typo", "MF002", "edition.toml", (4, 1)),
    ("unlisted-chapter", "MF007", "chapters/02-forgotten.md", (None, None)),
    ("no-manifest", "ED002", ".", (None, None)),
    # chapter Markdown
    ("broken-chapter", "MD005", "chapters/01-body.md", (7, 1)),
    ("broken-chapter", "MD006", "chapters/01-body.md", (28, 1)),
    ("broken-chapter", "MD007", "chapters/01-body.md", (11, 1)),
    ("broken-chapter", "MD008", "chapters/01-body.md", (20, 1)),
    ("markdown-checks", "MD009", "chapters/01-text.md", (22, 1)),
    ("markdown-checks", "MD010", "chapters/01-text.md", (5, 1)),
    ("markdown-checks", "MD011", "chapters/01-text.md", (7, 1)),
    ("broken-chapter", "MD012", "chapters/01-body.md", (26, 1)),
    ("hostile-text", "MD013", "chapters/01-hostile.md", (7, 1)),
    ("broken-chapter", "MD014", "chapters/01-body.md", (15, 1)),
    ("markdown-checks", "MD015", "chapters/01-text.md", (17, 1)),
    ("markdown-checks", "MD016", "chapters/01-text.md", (9, 1)),
    ("markdown-checks", "MD017", "chapters/01-text.md", (26, 1)),
    ("broken-chapter", "MD018", "chapters/01-body.md", (23, 1)),
    ("bad-elements", "MD019", "chapters/01-body.md", (11, 1)),
    ("bad-elements", "MD020", "chapters/01-body.md", (15, 1)),
    ("bad-elements", "MD021", "chapters/01-body.md", (24, 1)),
    ("bad-elements", "MD022", "chapters/01-body.md", (28, 1)),
    ("bad-elements", "MD023", "chapters/01-body.md", (34, 1)),
    ("bad-elements", "MD024", "chapters/01-body.md", (37, 6)),
    ("bad-elements", "MD025", "chapters/01-body.md", (39, 1)),
    ("bad-elements", "MD026", "chapters/01-body.md", (43, 1)),
    ("bad-elements", "MD027", "chapters/01-body.md", (15, 1)),
    ("bad-elements", "MD028", "chapters/01-body.md", (47, 1)),
    ("bad-elements", "MD029", "chapters/01-body.md", (5, 1)),
    # data tables
    ("table-files", "TB001", "data/no-schema.csv", (None, None)),
    ("table-files", "TB002", "data/bad-toml.toml", (1, 14)),
    ("table-files", "TB003", "data/bad-schema.toml", (5, 1)),
    ("table-files", "TB005", "data/header.csv", (1, "产量")),
    ("table-files", "TB006", "data/header.csv", (1, "产值")),
    ("broken-chapter", "TB007", "data/output.csv", (2, "产量")),
    ("table-files", "TB008", "data/no-data.toml", (None, None)),
    ("table-files", "TB009", "data/twice.csv", (None, None)),
    ("gbk-csv", "TB010", "data/output.csv", (None, None)),
    ("table-checks", "TB011", "data/output.csv", (6, "产量")),
    ("table-checks", "TB012", "data/output.csv", (4, "年份")),
    ("table-checks", "TB013", "data/output.csv", (5, "年份")),
    ("table-checks", "TB014", "data/output.csv", (6, "占比")),
    ("table-checks", "TB015", "data/output.csv", (5, "合计")),
    ("table-checks", "TB016", "data/output.csv", (5, "增长率")),
    ("table-checks", "TB017", "data/output.csv", (5, "占比")),
    ("table-checks", "TB018", "data/regions.csv", (4, "企业数")),
    ("xlsx-merged-cells", "TB019", "data/output.xlsx", (3, "东部")),
    ("xlsx-blank-rows", "TB020", "data/output.xlsx", (3, None)),
    ("broken-chapter", "TB021", "data/output.csv", (None, None)),
    ("table-checks", "TB022", "data/output.toml", (None, None)),
    ("repeated-rows", "TB026", "data/indicators.csv", (4, "指标")),
    # numbers in the text
    ("numbers-in-text", "NR001", "chapters/01-text.md", (5, 18)),
    ("numbers-in-text", "NR002", "chapters/01-text.md", (7, 15)),
    ("numbers-of-another-year", "NR002", "chapters/01-vehicles.md", (13, 16)),
    ("numbers-of-another-year", "NR006", "chapters/01-vehicles.md", (15, 10)),
    ("units-after-references", "NR003", "chapters/01-text.md", (7, 29)),
    ("units-after-references", "NR003", "chapters/01-text.md", (8, 24)),  # ％ after a space: at the mark
    ("units-after-references", "NR004", "chapters/01-text.md", (16, 7)),
    ("placeholders", "NR005", "chapters/01-gaps.md", (8, 11)),  # in the text: at the reference
    ("placeholders", "NR005", "chapters/01-gaps.md", (11, 1)),  # a callout: at the callout
    # placeholders
    ("placeholders", "MD031", "chapters/01-gaps.md", (40, 1)),
    ("figure-without-alt", "MD040", "chapters/01-photos.md", (19, 1)),
    # web addresses with tracking parameters: in a chapter, and in an ingested case (its escapes undone)
    ("pagination", "MD044", "chapters/01-short.md", (16, 62)),
    ("pagination", "MD044", "cases/long-case/case.md", (23, 57)),
    ("placeholders", "MD032", "chapters/01-gaps.md", (25, 1)),
    ("placeholders", "MD032", "chapters/01-gaps.md", (30, 1)),
    # cases and images
    ("bad-elements", "CS002", "cases/no-title/case.md", ("field", "photo")),
    ("bad-elements", "CS003", "cases/no-title/case.md", ("field", "organisation_kind")),
    ("bad-elements", "CS004", "cases/no-title/case.md", ("field", "title")),
    ("bad-elements", "CS005", "cases/no-file", (None, None)),
    ("bad-elements", "CS006", "cases/empty-case/case.md", ("field", "body")),
    ("bad-elements", "CS007", "cases/unplaced/case.md", (1, None)),
    ("case-checks", "CS008", "cases/long-title/case.md", ("field", "title")),
    ("case-checks", "CS009", "cases/short-text/case.md", ("field", "body")),
    ("case-checks", "CS010", "cases/unknown-organisation/case.md", ("field", "organisation")),
    ("case-checks", "CS011", "cases/wrong-kind/case.md", ("field", "organisation_kind")),
    ("case-checks", "CS012", "cases/wrong-kind/case.md", ("field", "title")),
    ("case-checks", "CS013", "cases/unknown-organisation/case.md", ("field", "consent")),
    ("case-checks", "CS014", "cases/unknown-organisation/case.md", ("field", "contact")),
    ("minimal", "IM001", "chapters/02-growth.md", (31, None)),
    ("image-outside-edition", "IM003", "chapters/01-body.md", (5, None)),
    ("case-checks", "IM004", "cases/long-title/case.md", ("field", "photos")),
    ("minimal", "IM004", "chapters/02-growth.md", (26, 6)),  # where the picture is named: its src
    ("case-checks", "IM002", "cases/broken-photo/case.md", ("field", "photos")),
    ("case-checks", "CS004", "cases/photo-without-caption/case.md", ("field", "photos")),
    # typography
    ("typography", "TY001", "chapters/01-text.md", (5, 4)),
    ("typography", "TY002", "chapters/01-text.md", (7, 9)),
    ("typography", "TY003", "chapters/01-text.md", (9, 3)),
    ("typography", "TY004", "chapters/01-text.md", (11, 8)),
    ("typography", "TY005", "chapters/01-text.md", (13, 3)),
    ("typography", "TY006", "chapters/01-text.md", (15, 3)),
    ("typography", "TY007", "chapters/01-text.md", (17, 1)),
    ("typography", "TY008", "chapters/01-text.md", (19, 3)),
    ("typography", "TY009", "chapters/01-text.md", (21, 5)),
    ("typography", "TY010", "chapters/01-text.md", (23, 3)),
    ("typography", "TY011", "chapters/01-text.md", (25, 1)),
    ("typography", "TY012", "chapters/01-text.md", (27, 1)),
    # across editions
    ("restated-value", "XE001", "data/iva.csv", (3, "工业增加值")),
    ("restated-value", "XE002", "chapters/01-text.md", (1, None)),
    ("restated-value", "XE006", "edition.toml", (None, None)),
    # what has gone stale in a new edition
    ("stale-data", "XE003", "data/yearly.csv", (4, "年份")),
    ("stale-data", "XE003", "data/snapshot.toml", (None, None)),
    ("stale-data", "XE004", "chapters/01-text.md", (6, 1)),
    ("stale-data", "XE005", "chapters/01-text.md", (1, None)),
    ("stale-data", "MD030", "chapters/01-text.md", (8, 1)),
    ("stale-data", "TB023", "data/awaited.csv", (4, "年份")),
    ("stale-data", "TB024", "data/complete.toml", (2, None)),
    ("stale-data", "TB025", "data/complete.toml", (2, None)),
    ("period-titles", "XE007", "data/plan-outgrown.toml", (1, 1)),
    ("period-titles", "XE007", "chapters/01-text.md", (14, 1)),
    ("period-titles", "XE008", "data/plan-preceded.toml", (1, 1)),
]


@pytest.mark.parametrize("scenario, code, file, where", CASES, ids=[f"{c[1]}-{c[0]}" for c in CASES])
def test_check_reports_its_code_at_the_exact_place(scenario: str, code: str, file: str, where: Where) -> None:
    found = [place(d, scenario) for d in diagnostics_of(scenario) if d.code == code]
    assert (file, where) in found, found


def _year_not_its_folder(root: Path) -> tuple[Diagnostic, ...]:
    shutil.copytree(FIXTURES / "minimal", root / "editions" / "2022")  # its manifest says 2021
    return tuple(run_check(Project.at(root), "2022", out_dir=root / "out").diagnostics)


def _no_chapters(root: Path) -> tuple[Diagnostic, ...]:
    shutil.copytree(FIXTURES / "minimal", root / "edition")
    manifest = root / "edition" / "edition.toml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace('["chapters/01-preface.md", "chapters/02-growth.md"]', "[]"), encoding="utf-8")
    found = tuple(run_check(Project.at(ROOT), str(root / "edition"), out_dir=root / "out").diagnostics)
    codes = {d.code for d in found}
    assert "MF004" not in codes and "MF007" not in codes  # the empty list is told once, by its own code
    assert "IM001" in codes  # and the chapters are checked all the same, read from chapters/
    return found


def _case_yaml_broken(root: Path) -> tuple[Diagnostic, ...]:
    shutil.copytree(FIXTURES / "case-checks", root / "edition")
    (root / "edition" / "cases" / "short-text" / "case.md").write_text(
        "---\ntitle: [未闭合\norganisation: 某省工业和信息化厅\n---\n\n正文。\n", encoding="utf-8"
    )
    return tuple(run_check(Project.at(ROOT), str(root / "edition"), out_dir=root / "out").diagnostics)


def _submission_not_found(root: Path) -> tuple[Diagnostic, ...]:
    from toolkit.submissions.commands import ingest_submissions

    shutil.copytree(FIXTURES / "minimal", root / "edition")
    report = ingest_submissions(Project.at(ROOT), str(root / "edition"), [root / "不存在.docx"], out_dir=root / "out")
    assert [r.outcome for r in report.result.results] == ["rejected"]
    return tuple(report.result.diagnostics)


SCRATCH = [  # problems a fixture folder cannot hold: made in a scratch copy; (code, file, line, column, message)
    (_year_not_its_folder, ("MF008", "editions/2022/edition.toml", 3, 1, "清单中的年份 2021 与文件夹名 2022 不一致")),
    (_no_chapters, ("MF009", "edition/edition.toml", 7, 1, "清单没有列出任何章节")),
    (
        _no_chapters,
        (
            "MF011",
            "edition/edition.toml",
            7,
            1,
            "清单没有给出可用的章节列表，已按文件名顺序读取 chapters/ 中的 2 个章节文件，以便检查",
        ),
    ),
    (
        _case_yaml_broken,
        (
            "CS001",
            "edition/cases/short-text/case.md",
            3,
            13,
            "案例文件头的 YAML 语法错误：此处应为“,”或“]”，却是“:”（方括号、花括号要成对，里面的项用逗号隔开）",
        ),
    ),
    (_submission_not_found, ("SB001", "不存在.docx", None, None, "找不到文件 不存在.docx")),
]


@pytest.mark.parametrize("make, expected", SCRATCH, ids=[s[1][0] for s in SCRATCH])
def test_problems_made_in_a_scratch_copy_are_located(make, expected: tuple, tmp_path: Path) -> None:
    found = [
        (d.code, d.location.path.relative_to(tmp_path).as_posix(), d.location.line, d.location.column, d.message("zh"))
        for d in make(tmp_path)
        if d.code == expected[0]
    ]
    assert found == [expected]


# Codes no test makes the toolkit report yet (what is left to write a fixture for).
UNTESTED = {
    "CS015",
    "DF003",
    "ED003",
    "EN002",
    "RV003",
    "TB004",
    "PO003",
    "PO005",
    "PO006",
    "PO007",
    "PO008",
    "PO009",
    "SB042",
}  # the portal's, now that tests/portal/ is read too


def test_every_code_of_the_catalog_is_reported_by_a_test_or_listed_as_untested() -> None:
    """A code is tested when a row above locates it, a golden ``check.json`` holds it, or another test names it."""
    located = {code for _, code, _, _ in CASES} | {expected[0] for _, expected in SCRATCH}
    assert located <= set(CATALOG)
    golden = {
        d["code"]
        for path in (ROOT / "tests" / "golden").glob("*/check.json")
        for d in json.loads(path.read_text(encoding="utf-8"))["diagnostics"]
    }
    named = {
        code
        for path in (ROOT / "tests").rglob("test_*.py")
        if path.name != Path(__file__).name
        for code in re.findall(r"\b[A-Z]{2}\d{3}\b", path.read_text(encoding="utf-8"))
    }
    assert set(CATALOG) - located - golden - named == UNTESTED


def test_typography_fixture_reports_nothing_on_protected_and_referenced_text() -> None:
    last_line = [d for d in diagnostics_of("typography") if d.location.line == 29]
    assert [d.code for d in last_line] == ["MD024"]  # only the dangling reference itself


def test_staleness_is_reported_once_per_thing_and_only_for_old_dates() -> None:
    found = [(d.code, d.message("zh")) for d in diagnostics_of("stale-data")]
    assert ("TB023", "等待数据：“2021”行的“产量”、“增长率”尚未填写") in found
    # “截至 2021 年底” is last year's state: still current for a 2022 edition
    assert [m for c, m in found if c == "XE004"] == ["“截至 2020 年 7 月”说的是 2020 年的情况，对 2022 年版已不是最新"]
    # the awaited table is not reported as out of date too: its new year is already registered
    assert [m for c, m in found if c == "XE003" and "新一年" in m] == []
    assert not [c for c, _ in found if c == "TB011"]  # awaited cells are not “missing values”


@pytest.mark.slow  # checks the real 2021 edition against 2020
def test_carried_over_share_of_the_real_2021_edition() -> None:
    """Clause by clause, about a tenth of 2021 is 2020's text; the 2020 outlook reappears most."""
    found = {
        d.location.path.name: d.message("zh") for d in diagnostics_of_edition("2021") if d.code in ("XE002", "XE006")
    }
    assert found["edition.toml"] == "全书约 9% 的文字沿用 2020 年版（各章的比例见各章的说明）"
    assert found["06-global-contribution.md"].startswith("本章约 20% 的文字沿用 2020 年版")


@cache
def diagnostics_of_edition(year: str) -> tuple[Diagnostic, ...]:
    return tuple(run_check(Project.at(ROOT), year, out_dir=LETTERS / year).diagnostics)


def test_clean_fixtures_stay_clean() -> None:
    assert [d.code for d in diagnostics_of("bom-csv")] == []  # a BOM does not break the header
    assert [d.code for d in diagnostics_of("gbk-csv")] == ["TB010"]  # read, and reported


def test_gbk_csv_is_read_correctly() -> None:
    from toolkit.diagnostics import Diagnostics
    from toolkit.readers import read_edition

    edition = read_edition(FIXTURES / "gbk-csv", Diagnostics())
    assert edition is not None
    assert [c.name for c in edition.tables["output"].columns] == ["年份", "产量"]
    assert edition.tables["output"].rows[0][1].value == 88


def test_xlsx_blank_row_is_skipped_and_rows_keep_their_numbers() -> None:
    from toolkit.diagnostics import Diagnostics
    from toolkit.readers import read_edition

    table = read_edition(FIXTURES / "xlsx-blank-rows", Diagnostics()).tables["output"]
    assert [row[0].value for row in table.rows] == [2019, 2020]
    assert table.row_numbers == [2, 4]


def test_contradicting_number_stops_the_build_and_repeated_one_warns() -> None:
    levels = {d.code: d.level for d in diagnostics_of("numbers-in-text")}
    assert levels == {"NR001": Severity.WARNING, "NR002": Severity.ERROR}
    texts = {d.code: d.message("zh") for d in diagnostics_of("numbers-in-text")}
    assert texts["NR002"] == "文中的 317000 与数据表 [[iva:2019:工业增加值]] 的值 317109 不一致"


def test_a_number_is_compared_only_with_figures_of_the_year_it_speaks_of() -> None:
    """Issue 19: in 2022, “2022 年……721.9 万辆” was an error against a table of 2020 (145.6), and
    “2021 年……354.5 万辆” both matched the 2021 row and contradicted the 2020 table."""
    found = [
        (d.code, d.level, d.location.line, d.args.get("ref"))
        for d in diagnostics_of("numbers-of-another-year")
        if d.code.startswith("NR")
    ]
    assert found == [
        ("NR001", Severity.WARNING, 5, "[[vehicles:2022:新能源汽车产量]]"),  # 2022 against 2022 only
        ("NR001", Severity.WARNING, 7, "[[vehicles:2021:新能源汽车产量]]"),  # 2021: no error against 2020's table
        ("NR001", Severity.WARNING, 9, "[[vehicles:2022:新能源汽车产量]]"),  # 比 2021 年 is the base, not the year
        ("NR001", Severity.WARNING, 11, "[[vehicles:2022:新能源汽车产量]]"),  # the year the paragraph named
        ("NR002", Severity.ERROR, 13, "[[vehicles:2022:新能源汽车产量]]"),  # a contradiction of the same year
        (
            "NR006",
            Severity.INFO,
            15,
            "[[structure-2020:新能源汽车产量:数值]]",
        ),  # no year said: a notice, never an error
    ]
    notice = next(d for d in diagnostics_of("numbers-of-another-year") if d.code == "NR006")
    assert "而数据表中的值是 2020 年的" in notice.hint("zh")


def test_a_wrong_manifest_does_not_hide_the_other_files_problems() -> None:
    """Issue 19: a manifest typo listed only the manifest's problems; the edition's others came after it
    was fixed. Now one run lists them all (and nothing is built: they are errors)."""
    found = [(d.code, *place(d, "manifest-typo")) for d in diagnostics_of("manifest-typo")]
    assert found == [
        ("NR002", "chapters/01-growth.md", (5, 15)),
        ("MD005", "chapters/01-growth.md", (7, 1)),
        ("MD024", "chapters/02-green.md", (5, 5)),
        ("TB007", "data/value-added.csv", (2, "工业增加值")),
        ("MF003", "edition.toml", (None, None)),  # publisher: missing …
        ("MF002", "edition.toml", (4, 1)),  # … because it is misspelt
        ("MF004", "edition.toml", (9, 1)),
    ]


def test_a_manifest_without_usable_chapters_has_its_chapter_files_read_in_name_order(tmp_path: Path) -> None:
    scenario = tmp_path / "manifest-typo"
    shutil.copytree(FIXTURES / "manifest-typo", scenario)
    manifest = scenario / "edition.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(
            'chapters = ["chapters/01-growth.md", "chapters/02-green.md"]', 'chapters = "chapters/"'
        ),
        encoding="utf-8",
    )
    found = run_check(Project.at(ROOT), str(scenario), out_dir=tmp_path / "out").diagnostics.sorted()
    codes = [d.code for d in found]
    assert codes[:4] == ["NR002", "MD005", "MD024", "TB007"]  # both chapters, from chapters/*.md
    notice = next(d for d in found if d.code == "MF011")
    assert (notice.location.line, notice.level) == (6, Severity.INFO)
    assert (
        notice.message("zh") == "清单没有给出可用的章节列表，已按文件名顺序读取 chapters/ 中的 2 个章节文件，以便检查"
    )
    assert "MF004" in codes  # chapters = "chapters/" itself


def test_a_chapter_file_not_found_is_offered_the_unlisted_file_it_may_be(tmp_path: Path) -> None:
    scenario = tmp_path / "renamed"
    shutil.copytree(FIXTURES / "minimal", scenario)
    (scenario / "chapters" / "02-growth.md").rename(scenario / "chapters" / "02-growth-2021.md")
    found = run_check(Project.at(ROOT), str(scenario), out_dir=tmp_path / "out").diagnostics
    [missing] = [d for d in found if d.code == "MF005"]
    assert missing.hint("zh").splitlines()[0] == "你是不是想写“chapters/02-growth-2021.md”？"


def test_a_manifest_that_cannot_be_parsed_still_stops_the_reading() -> None:
    assert [d.code for d in diagnostics_of("manifest-syntax-error")] == ["MF001"]


def test_a_repeated_row_is_reported_at_the_row_not_only_where_it_is_referenced() -> None:
    found = [(d.code, *place(d, "repeated-rows")) for d in diagnostics_of("repeated-rows")]
    assert found == [
        ("MD024", "chapters/01-text.md", (7, 8)),  # the reference cannot tell which row
        ("TB026", "data/indicators.csv", (4, "指标")),  # the repeat, where it can be deleted
        ("TB026", "data/output.csv", (4, "年份")),  # a repeated year row: TB026 alone, not TB012 as well
    ]
    assert diagnostics_of("repeated-rows")[1].message("zh") == "这一行与第 2 行完全相同"


@pytest.mark.slow  # 200,000 rows
def test_repeated_rows_are_found_in_one_pass_over_a_large_table() -> None:
    from toolkit.model import Cell, Column, DataTable, SourceRef
    from toolkit.validation.tables import repeated_rows

    rows = [[Cell(value=str(i), text=str(i)), Cell(value=i % 7, text=str(i % 7))] for i in range(200_000)]
    rows.append([Cell(value="17", text="17"), Cell(value=3, text="3")])  # repeats row index 17
    table = DataTable(
        id="big",
        title="t",
        columns=[Column(name="k"), Column(name="v", type="integer")],
        rows=rows,
        source=SourceRef(path="data/big.csv"),
    )
    assert repeated_rows(table) == {200_000: 17}


def test_titles_naming_a_period_the_data_do_not_fit() -> None:
    found = sorted((d.code, *place(d, "period-titles")) for d in diagnostics_of("period-titles"))
    assert found == [
        ("XE007", "chapters/01-text.md", (14, 1)),  # the chart's own title: “2016—2020 年…”
        ("XE007", "chapters/01-text.md", (24, 1)),  # the table's caption: “2011 年至 2020 年…”
        ("XE007", "chapters/01-text.md", (31, 1)),  # “2018—2020 年…” over 2016–2021: after its end …
        ("XE007", "data/plan-outgrown.toml", (1, 1)),  # the schema's title, once for its table and chart
        ("XE008", "chapters/01-text.md", (31, 1)),  # … and before its start
        ("XE008", "data/plan-preceded.toml", (1, 1)),  # issue 19: “十四五”期间 over 2016–2022
    ]  # “十三五”以来 (since), “十四五”时期 with 2021 data, and “十三五”和“十四五”时期 over 2016–2022 (a title
    # naming two periods covers both) are right, and not reported
    messages = {(d.code, d.location.line): d.message("zh") for d in diagnostics_of("period-titles")}
    assert (
        messages["XE007", 1] == "标题““十三五”期间中国工业增加值”说的是“十三五”时期（2016—2020 年），但数据已到 2021 年"
    )
    assert (
        messages["XE008", 1]
        == "标题““十四五”期间新能源汽车产量”说的是“十四五”时期（2021—2025 年），但数据从 2016 年开始"
    )


def test_fix_rewrites_only_what_is_safe_and_says_what(tmp_path: Path) -> None:
    scenario = tmp_path / "typography"
    shutil.copytree(FIXTURES / "typography", scenario)
    result = run_check(Project.at(ROOT), str(scenario), fix=True, out_dir=tmp_path / "out")
    text = (scenario / "chapters" / "01-text.md").read_text(encoding="utf-8").splitlines()
    assert text[4] == "2019 年，中国建成 5G 基站。"
    assert text[6] == "增长率为 48.8%。"
    assert text[8] == "中国，工业和信息化（工信）行业。"
    assert text[10] == "这是重复的标点。"
    assert text[12] == "他说“要坚持可持续发展”。"
    assert text[14] == "发布《中国制造2025》规划。"
    assert text[16] == "（没有闭合的括号。"  # not safe to guess where it closes: reported, not fixed
    assert text[18] == "等等……"
    assert text[20] == "产量为 12,345 万吨。"
    assert text[22] == "实施《中国制造2025》。"
    assert text[24] == "2020 年。"
    assert text[26] == "联合国发布报告。"
    assert text[28].startswith(
        "以下不应报告：[[t:2020:值]]、https://example.cn/a,b、《中国制造2025》、2020 年 5,000 万吨"
    )
    assert {c.code for c in result.changes} == {f"TY{n:03d}" for n in range(1, 13)} - {"TY007"}
    remaining = {d.code for d in result.diagnostics}
    assert remaining == {"TY007", "MD024"}
    # the fixture itself is untouched
    assert "2019年" in (FIXTURES / "typography" / "chapters" / "01-text.md").read_text(encoding="utf-8")


def test_feedback_letters_tell_each_submitter_what_to_fix(tmp_path: Path) -> None:
    result = run_check(Project.at(ROOT), str(FIXTURES / "case-checks"), out_dir=tmp_path)
    letters = {p.name: p.read_text(encoding="utf-8") for p in result.letters}
    assert sorted(letters) == ["某某能源集团.html", "某某能源集团有限公司.html", "某省工业和信息化厅.html"]
    assert "“照片”栏" in letters["某某能源集团有限公司.html"]  # the broken photo, named as the template names it
    letter = letters["某省工业和信息化厅.html"]
    assert '<html lang="zh-CN">' in letter and "某省工业和信息化厅：" in letter
    rows = [re.sub(r"<[^>]+>|\s+", " ", row).split() for row in re.findall(r"<tr>(.*?)</tr>", letter, re.S)[1:]]
    assert [
        "1",
        "建议修改",
        "案例《太短的案例》，“案例正文”栏",
        "案例正文有",
        "6",
        "个字，应在",
        "150—600",
        "字之间",
        "（CS009）",
        "请补充做法、成效和数据。",
    ] in rows
    assert [
        "2",
        "建议修改",
        "案例《类型不一致》，“单位类型”栏",
        "单位类型“部委”与名录中的“地方”不一致",
        "（CS011）",
        "改为“地方”，或更新单位名录。",
    ] in rows
    assert len(rows) == 2
    assert "CS008" not in letter  # another organisation's problem
    # letters of organisations whose problems are gone are removed
    (tmp_path / "feedback" / "已修改完毕的单位.html").write_text("旧的", encoding="utf-8")
    run_check(Project.at(ROOT), str(FIXTURES / "case-checks"), out_dir=tmp_path)
    assert not (tmp_path / "feedback" / "已修改完毕的单位.html").exists()


def test_letters_are_written_even_when_the_build_stops(tmp_path: Path) -> None:
    from toolkit.build import BuildOptions, compile_edition
    from toolkit.errors import InputProblems

    with pytest.raises(InputProblems) as stopped:
        compile_edition(Project.at(ROOT), str(FIXTURES / "bad-elements"), BuildOptions(out_dir=tmp_path, jobs=1))
    assert [p.name for p in stopped.value.letters] == ["某公司.html", "某协会.html", "某地方.html", "某部委.html"]
    assert not list(tmp_path.glob("*.pdf"))


def test_a_withdrawn_case_still_placed_is_found_through_the_register_the_edition_holds(tmp_path: Path) -> None:
    edition = tmp_path / "case-checks"
    shutil.copytree(FIXTURES / "case-checks", edition)
    (edition / "submissions.toml").write_text(
        '[[submissions]]\ncase = "short-text"\ntitle = "t"\norganisation = "o"\norganisation_kind = "企业"\n'
        'status = "withdrawn"\nfile = "f.docx"\nsha256 = "0"\nreceived = 2021-06-01\n\n'
        '[[submissions]]\ncase = "wrong-kind"\ntitle = "t"\norganisation = "o"\norganisation_kind = "企业"\n'
        'status = "accepted"\nfile = "g.docx"\nsha256 = "1"\nreceived = 2021-06-02\n',
        encoding="utf-8",
    )
    result = run_check(Project.at(ROOT), str(edition), out_dir=tmp_path / "out")
    assert result.edition is not None
    assert [(e.case, e.status) for e in result.edition.submissions] == [
        ("short-text", "withdrawn"),
        ("wrong-kind", "accepted"),
    ]
    withdrawn = [d for d in result.diagnostics if d.code == "CS015"]
    assert [(d.location.path, d.location.line, d.args["case"]) for d in withdrawn] == [
        (edition / "chapters/01-cases.md", 8, "short-text")
    ]
