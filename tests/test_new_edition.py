"""``compile new 2022 --from 2021``, then ``compile edition 2022``: a draft that shows what is missing."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import IN_THE_SUITE, NS, ROOT, docx_part, pdf_pages
from toolkit.build import BuildOptions, BuildResult, compile_edition
from toolkit.cli import cli
from toolkit.diagnostics import Diagnostics
from toolkit.model import CaseBox, Draft
from toolkit.new_edition import NewEdition, start_edition
from toolkit.project import Project
from toolkit.readers import read_edition

pytestmark = pytest.mark.slow  # every test here starts 2022 from the real 2021 edition


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "editions" / "2021", root / "editions" / "2021")
    return root


@pytest.fixture(scope="module")
def made(project: Path) -> tuple[NewEdition, dict[str, str]]:
    before = _digest(project / "editions" / "2021")
    made = start_edition(Project.at(project), "2022", "2021", today=dt.date(2022, 3, 1))
    return made, before


@pytest.fixture(scope="module")
def built(project: Path, made: tuple[NewEdition, dict[str, str]]) -> BuildResult:
    draft = Draft(date=dt.date(2022, 9, 1))
    return compile_edition(Project.at(project), "2022", BuildOptions(draft=draft, **IN_THE_SUITE))


def test_the_source_edition_is_only_read(project: Path, made: tuple[NewEdition, dict[str, str]]) -> None:
    assert _digest(project / "editions" / "2021") == made[1]


def test_manifest_moves_on_a_year(project: Path, made: tuple[NewEdition, dict[str, str]]) -> None:
    manifest = tomllib.loads((project / "editions" / "2022" / "edition.toml").read_text(encoding="utf-8"))
    assert (manifest["year"], manifest["edition_number"], manifest["date"]) == (2022, 3, dt.date(2022, 12, 1))
    assert manifest["title"] == "中国工业和信息化可持续发展报告"
    assert manifest["chapters"] == tomllib.loads((ROOT / "editions/2021/edition.toml").read_text())["chapters"]


def test_chapters_carry_over_marked_and_cases_become_wanted_frames(
    project: Path, made: tuple[NewEdition, dict[str, str]]
) -> None:
    new, _ = made
    source = read_edition(ROOT / "editions" / "2021", Diagnostics())
    placed = [b.case_id for _, b in source.walk() if isinstance(b, CaseBox)]
    assert new.case_slots == len(placed) == 24
    covid = (project / "editions/2022/chapters/01-covid.md").read_text(encoding="utf-8")
    assert "\ncarried_from: 2021\n---" in covid
    assert not re.search(r"^::: case", covid, flags=re.MULTILINE)
    assert (
        "::: wanted 案例\n2021 年版此处为案例“纺织服装行业协力抗击“新冠”疫情”（中国纺织工业联合会）。"
        "征集到 2022 年的案例后，将此框换成“::: case 案例编号”。\n:::"
    ) in covid
    assert not list((project / "editions/2022/cases").glob("*/case.md"))
    assert "[[entries]]" not in (project / "editions/2022/submissions.toml").read_text(encoding="utf-8")
    assert new.template is not None and new.template.name == "案例征集模板-2022.docx" and new.template.is_file()


def test_yearly_tables_expect_the_new_year(project: Path, made: tuple[NewEdition, dict[str, str]]) -> None:
    new, _ = made
    assert new.awaiting == {"bigdata-industrial-value-added": ["2021"], "bigdata-rd-2016-2019": ["2020"]}
    data = project / "editions/2022/data"
    assert (data / "bigdata-industrial-value-added.csv").read_text(encoding="utf-8").splitlines()[-1] == "2021,"
    schema = tomllib.loads((data / "bigdata-industrial-value-added.toml").read_text(encoding="utf-8"))
    assert schema["awaiting"] == ["2021"]
    snapshot = tomllib.loads((data / "bigdata-digital-2020.toml").read_text(encoding="utf-8"))
    assert snapshot["year"] == 2020


def test_the_new_edition_compiles_at_once_and_lists_what_is_missing(built: BuildResult) -> None:
    diagnostics = built.diagnostics
    assert not diagnostics.errors
    codes = [d.code for d in diagnostics]
    assert codes.count("MD030") == 24  # a case wanted where 2021 had one
    assert codes.count("XE005") == 8  # every chapter still 2021's text
    assert sorted(d.message("zh") for d in diagnostics if d.code == "TB023") == [
        "等待数据：“2020”行的“有 R&D活动企业”、“有 R&D活动企业所占比重”、“R&D经费支出”、“新产品开发项目数”、"
        "“新产品销售收入”、“专利申请数”、“发明专利申请数”、“技术改造经费支出”尚未填写",
        "等待数据：“2021”行的“工业增加值”尚未填写",
    ]
    stale_tables = {d.location.path.name for d in diagnostics if d.code == "XE003"}
    # the one-year tables of 2020, named so, are now out of date; the yearly ones await their new row
    assert stale_tables == {
        f"bigdata-{name}-2020.toml"
        for name in ("digital", "exports", "industry", "innovation", "livelihood", "structure")
    }
    shares = [d for d in diagnostics if d.code == "XE002"]
    assert len(shares) == 8 and all(int(re.search(r"约 (\d+)%", d.message("zh")).group(1)) >= 50 for d in shares)


def test_the_draft_shows_the_gaps(built: BuildResult) -> None:
    text = "\n".join(pdf_pages(built.outputs["pdf"]))
    assert text.count("待补充 · 案例") == 24
    cells = [line.split() for line in text.splitlines() if line.strip().startswith("2020 ")]
    assert ["2020"] + ["待补充"] * 8 in cells  # the new year's row of the R&D table, every value awaited
    assert "征求意见稿（第 1 稿，2022-09-01）" in text
    assert built.round is not None and built.round.version == "1"
    # the PDF and the DOCX of the draft shade the paragraphs that are still 2021's words
    html = "".join(built.parts_html)
    assert html.count('class="carried"') == 129
    shaded = docx_part(built.outputs["docx"], "word/document.xml").xpath(
        "//w:p[w:pPr/w:shd/@w:fill='FFF6D5']", namespaces=NS
    )
    assert len(shaded) == html.count('class="carried"')


def test_new_refuses_to_overwrite_and_to_go_back_in_time(
    project: Path, made: tuple[NewEdition, dict[str, str]]
) -> None:
    before = _digest(project / "editions" / "2022")
    result = CliRunner().invoke(cli, ["new", "2022", "--from", "2021", "--root", str(project)])
    assert result.exit_code == 1
    assert (
        f"  {project / 'editions' / '2022'} 错误 ED005 editions/2022 已经存在，没有改动" in result.output.splitlines()
    )
    assert _digest(project / "editions" / "2022") == before
    result = CliRunner().invoke(cli, ["new", "2019", "--from", "2021", "--root", str(project)])
    assert result.exit_code == 1
    assert (
        f"  {project / 'editions' / '2021' / 'edition.toml'} 错误 ED006 新版本的年份 2019 应晚于来源版本 2021"
        in result.output.splitlines()
    )
    assert not (project / "editions" / "2019").exists()
    assert not [p for p in (project / "editions").iterdir() if p.name.startswith(".")]  # no staging left behind
