"""Source markers in the DOCX, and ``compile comments`` tracing a reviewer's remarks to file:line."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from tests.conftest import NS, ROOT, W, docx_part, libreoffice_convert
from tests.reviewer import Reviewer
from toolkit.build import BuildResult
from toolkit.cli import cli
from toolkit.project import Project
from toolkit.review.comments import Remark
from toolkit.review.trace import PrintedLines, trace_comments
from toolkit.source_markers import DOCVAR, parse_marker, path_key
from toolkit.text import SourceLines


def _markers(docx: Path) -> list[tuple[str, str | None]]:
    """(paragraph text, its source marker as path:line) for every paragraph of the body."""
    document = docx_part(docx, "word/document.xml")
    settings = docx_part(docx, "word/settings.xml")
    table = json.loads(settings.find(f"w:docVars/w:docVar[@w:name='{DOCVAR}']", NS).get(f"{{{W}}}val"))
    result = []
    for p in document.iter(f"{{{W}}}p"):
        text = "".join(t.text or "" for t in p.iter(f"{{{W}}}t"))
        names = [b.get(f"{{{W}}}name") for b in p.iterfind("w:bookmarkStart", NS)]
        markers = [m for m in map(parse_marker, names) if m is not None]
        result.append((text, f"{table[markers[0].key]}:{markers[0].line}" if markers else None))
    return result


def test_every_paragraph_of_the_body_names_its_source(minimal: BuildResult) -> None:
    markers = dict(_markers(minimal.outputs["docx"]))
    assert markers["2020 年，中国工业增加值达到 313071 亿元，连续 11 年位居世界第一。"] == "chapters/02-growth.md:6"
    assert markers["制造业增加值占 GDP 比重保持基本稳定。"] == "chapters/02-growth.md:10"
    assert markers["高技术制造业增加值增长 7.1%"] == "chapters/02-growth.md:12"
    assert markers["装备制造业增加值增长 6.6%"] == "chapters/02-growth.md:13"
    assert markers["工业规模持续增长"] == "chapters/02-growth.md:1"
    assert markers["“十三五”期间中国工业增加值"] == "chapters/02-growth.md:15"
    # a table cell points at its row of the data file
    assert markers["247860"] == "data/value-added.csv:2"
    assert markers["中国工业和信息化可持续发展报告"] == "edition.toml:1"


def test_markers_are_hidden_bookmarks_with_unique_names(edition_2021: BuildResult) -> None:
    document = docx_part(edition_2021.outputs["docx"], "word/document.xml")
    names = [b.get(f"{{{W}}}name") for b in document.iter(f"{{{W}}}bookmarkStart")]
    ids = [b.get(f"{{{W}}}id") for b in document.iter(f"{{{W}}}bookmarkStart")]
    sources = [n for n in names if parse_marker(n)]
    assert len(sources) > 500
    assert len(set(names)) == len(names) and len(set(ids)) == len(ids)
    assert all(n.startswith("_") and len(n) <= 40 for n in sources)
    # every paragraph with text after the contents carries one
    markers = _markers(edition_2021.outputs["docx"])
    start = next(i for i, (_, where) in enumerate(markers) if where and where.startswith("chapters/"))
    unmarked = [text for text, where in markers[start:] if text.strip() and where is None]
    assert unmarked == []
    case_files = {where.rsplit(":", 1)[0] for _, where in markers if where and where.startswith("cases/")}
    assert len(case_files) == len(edition_2021.edition.cases)


@pytest.fixture(scope="module")
def reviewed(edition_2021: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 2021 DOCX as a reviewer returns it: comments and tracked changes, as Word writes them."""
    folder = tmp_path_factory.mktemp("reviewed")
    reviewer = Reviewer(edition_2021.outputs["docx"])
    reviewer.comment("2020 年一场突如其来", "200 多个国家和地区", "请核实国家数量")
    reviewer.replace("新冠肺炎疫情对全球经济运行", "明显影响", "严重冲击")
    reviewer.delete("面对全球新冠肺炎疫情", "中国始终秉持人类卫生健康共同体理念，")
    reviewer.insert("截至 2021 年 8 月，中国已向", "150 个国家", "和地区")
    reviewer.comment("174604.15", "174604.15", "这个数字请核对")
    reviewer.comment("纺织服装行业协力抗击", "纺织服装行业", "案例标题太长")
    reviewer.comment("2020 年 2 月 12 日，中国纺联面向全行业", "2020 年 2 月 12 日", "日期请与原文件核对")
    return reviewer.save(folder / "2021-审阅稿.docx")


EXPECTED = [
    # kind, file:line, remarked text, new text, comment
    ("comment", "chapters/01-covid.md:14", "200 多个国家和地区", "", "请核实国家数量"),
    ("replacement", "chapters/01-covid.md:16", "明显影响", "严重冲击", ""),
    ("deletion", "chapters/01-covid.md:18", "中国始终秉持人类卫生健康共同体理念，", "", ""),
    ("insertion", "chapters/01-covid.md:21", "", "和地区", ""),
    ("comment", "cases/covid-textile-industry/case.md:2", "纺织服装行业", "", "案例标题太长"),
    ("comment", "cases/covid-textile-industry/case.md:17", "2020 年 2 月 12 日", "", "日期请与原文件核对"),
    ("comment", "data/bigdata-rd-2016-2019.csv:2", "174604.15", "", "这个数字请核对"),
]


KINDS_ZH = {"comment": "批注", "replacement": "替换", "deletion": "删除", "insertion": "插入"}


def _where(item: tuple[str, ...]) -> tuple[str, str, int]:
    """(kind, file, line) of a row of EXPECTED."""
    path, line = item[1].rsplit(":", 1)
    return item[0], path, int(line)


def _row(remark: Remark) -> tuple[str, str, str, str, str]:
    original = remark.text if remark.kind == "comment" else remark.old_text
    new = "" if remark.kind in ("comment", "deletion") else remark.text
    return remark.kind, f"{remark.path}:{remark.line}", original, new, remark.comment


def _expected(edition_dir: Path) -> list[tuple[str, str, str, str, str]]:
    """EXPECTED, checked against the files themselves so that the lines cannot drift silently."""
    for _, where, original, _new, _ in EXPECTED:
        path, line = where.rsplit(":", 1)
        text = (edition_dir / path).read_text(encoding="utf-8").splitlines()[int(line) - 1]
        assert (original or "150 个国家") in text, (where, text)
    return EXPECTED


def test_comments_and_changes_lead_to_their_source_lines(reviewed: Path, tmp_path: Path) -> None:
    report = trace_comments(Project.at(ROOT), "2021", reviewed, out_dir=tmp_path)
    rows = sorted(map(_row, report.remarks), key=lambda r: EXPECTED.index(r) if r in EXPECTED else -1)
    assert rows == _expected(ROOT / "editions" / "2021")
    comment = report.remarks[0]
    assert (comment.author, comment.kind) == ("王审阅", "comment")
    change = next(r for r in report.remarks if r.kind == "replacement")
    assert change.date is not None and change.date.isoformat() == "2026-11-20T09:30:00+00:00"
    assert next(r for r in report.remarks if r.path.endswith(".csv")).column == "新产品销售收入（亿元）"
    assert not report.diagnostics
    # the CSV sorts by file and line in a spreadsheet: UTF-8 with a byte order mark, one remark a row
    data = report.csv.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and report.csv.parent == tmp_path / "review"
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    # in reading order, as EXPECTED lists them
    assert [(r["类型"], r["源文件"], r["行"]) for r in table] == [
        (KINDS_ZH[kind], path, str(line)) for kind, path, line in map(_where, EXPECTED)
    ]


def test_comments_command_prints_a_table_json_and_csv(reviewed: Path, tmp_path: Path) -> None:
    runner = CliRunner(env={"COLUMNS": "200"})
    shown = runner.invoke(cli, ["comments", "2021", str(reviewed), "--root", str(ROOT), "--out", str(tmp_path)])
    assert shown.exit_code == 0, shown.output
    assert "chapters/01-covid.md:16" in shown.output and "严重冲击" in shown.output
    assert "共 7 条意见：批注 4 条，修订 3 处" in shown.output
    as_json = runner.invoke(cli, ["comments", "2021", str(reviewed), "--root", str(ROOT), "--format", "json"])
    data = json.loads(as_json.stdout)
    assert [(r["kind"], r["file"], r["line"]) for r in data["remarks"]] == list(map(_where, EXPECTED))
    as_csv = runner.invoke(
        cli, ["comments", "2021", str(reviewed), "--root", str(ROOT), "--format", "csv", "--lang", "en"]
    )
    assert as_csv.stdout.splitlines()[0].startswith("number,kind,reviewer,date,file,line,column")


def test_comments_piped_in_a_narrow_window_keep_every_source_whole(reviewed: Path, tmp_path: Path) -> None:
    """COLUMNS=60 and a real pipe: every remark's file:line stays on one line, uncut."""
    done = subprocess.run(
        [
            str(ROOT / ".venv/bin/compile"),
            "comments",
            "2021",
            str(reviewed),
            "--root",
            str(ROOT),
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        env={**os.environ, "COLUMNS": "60"},
        check=True,
    )
    printed = done.stdout.decode("utf-8")
    # the sources as EXPECTED has them (not as the code under test computes them); a table cell names its column
    sources = [where + (" “新产品销售收入（亿元）”" if where.startswith("data/") else "") for _, where, *_ in EXPECTED]
    for source in sources:
        assert f"│ {source} " in printed, (source, printed)
    assert "…" not in printed and "共 7 条意见：批注 4 条，修订 3 处" in printed


def test_markers_survive_a_round_trip_through_libreoffice(reviewed: Path, tmp_path: Path) -> None:
    """A reviewer working in LibreOffice (or WPS) saves the file again: the remarks still find their lines."""
    saved = libreoffice_convert(reviewed, tmp_path / "saved", "docx:MS Word 2007 XML")
    report = trace_comments(Project.at(ROOT), "2021", saved, write_csv=False)
    assert sorted(map(_row, report.remarks)) == sorted(EXPECTED)


def test_marker_table_is_rebuilt_from_the_edition_when_the_document_lost_it(reviewed: Path, tmp_path: Path) -> None:
    document = Document(str(reviewed))
    variables = document.settings.element.find(f"{{{W}}}docVars")
    variables.getparent().remove(variables)
    stripped = tmp_path / "no-docvars.docx"
    document.save(str(stripped))
    report = trace_comments(Project.at(ROOT), "2021", stripped, write_csv=False)
    assert sorted(map(_row, report.remarks)) == sorted(EXPECTED)


def test_replies_and_resolved_comments(edition_2021: BuildResult, tmp_path: Path) -> None:
    reviewer = Reviewer(edition_2021.outputs["docx"])
    reviewer.comment("新冠肺炎疫情对全球经济运行", "明显影响", "措辞偏弱")
    saved = reviewer.save(tmp_path / "one.docx")
    # Word keeps replies and the done flag in commentsExtended.xml, keyed by the comment's paragraph id.
    _add_reply(saved, parent_id="0", text="同意，已改为“严重冲击”", done=True)
    report = trace_comments(Project.at(ROOT), "2021", saved, write_csv=False)
    first, reply = report.remarks
    assert (first.comment, first.resolved, first.reply_to) == ("措辞偏弱", True, None)
    assert (reply.comment, reply.reply_to, reply.path, reply.line) == (
        "同意，已改为“严重冲击”",
        first.number,
        "chapters/01-covid.md",
        16,
    )


def _add_reply(path: Path, parent_id: str, text: str, done: bool) -> None:
    """A reply as Word writes it: a second comment over the same range, linked in commentsExtended."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    w14 = "http://schemas.microsoft.com/office/word/2010/wordml"
    w15 = "http://schemas.microsoft.com/office/word/2012/wordml"
    comments = etree.fromstring(parts["word/comments.xml"])
    parent = comments.find(f"w:comment[@w:id='{parent_id}']", NS)
    reply = etree.fromstring(etree.tostring(parent))
    reply.set(f"{{{W}}}id", "1")
    reply.find(".//w:t", NS).text = text
    for p, para_id in zip((parent.find("w:p", NS), reply.find("w:p", NS)), ("1A2B3C4D", "5E6F7A8B")):
        p.set(f"{{{w14}}}paraId", para_id)
    comments.append(reply)
    parts["word/comments.xml"] = etree.tostring(comments, xml_declaration=True, encoding="UTF-8", standalone=True)
    document = etree.fromstring(parts["word/document.xml"])
    start = document.find(f".//w:commentRangeStart[@w:id='{parent_id}']", NS)
    end = document.find(f".//w:commentRangeEnd[@w:id='{parent_id}']", NS)
    reference_run = document.xpath(f"//w:r[w:commentReference/@w:id='{parent_id}']", namespaces=NS)[0]
    for original in (start, end):
        copy = etree.fromstring(etree.tostring(original))
        copy.set(f"{{{W}}}id", "1")
        original.addnext(copy)
    run = etree.fromstring(etree.tostring(reference_run))
    run.find("w:commentReference", NS).set(f"{{{W}}}id", "1")
    reference_run.addnext(run)
    parts["word/document.xml"] = etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["word/commentsExtended.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w15:commentsEx xmlns:w15="{w15}">'
        f'<w15:commentEx w15:paraId="1A2B3C4D" w15:done="{1 if done else 0}"/>'
        f'<w15:commentEx w15:paraId="5E6F7A8B" w15:paraIdParent="1A2B3C4D" w15:done="0"/>'
        f"</w15:commentsEx>"
    ).encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdX1" Type="http://schemas.microsoft.com/office/2011/'
        'relationships/commentsExtended" Target="commentsExtended.xml"/></Relationships>',
    )
    parts["word/_rels/document.xml.rels"] = rels.encode()
    types = (
        parts["[Content_Types].xml"]
        .decode()
        .replace(
            "</Types>",
            '<Override PartName="/word/commentsExtended.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.commentsExtended+xml"/></Types>',
        )
    )
    parts["[Content_Types].xml"] = types.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)


@pytest.mark.parametrize(
    "case, expected",
    [
        (
            "not-a-docx",
            "错误 RV001 无法读取审阅稿 notes.docx：文件 notes.docx 不是 Word 文档（.docx），而是无法识别的文件",
        ),
        ("missing", "错误 RV001 无法读取审阅稿 absent.docx：找不到文件 absent.docx"),
        ("no-markers", "警告 RV002 审阅稿中没有来源标记，批注无法对应到源文件"),
        ("no-remarks", "说明 RV004 审阅稿中没有批注，也没有修订"),
    ],
)
def test_unusable_reviewed_copies_are_explained(
    case: str, expected: str, edition_2021: BuildResult, tmp_path: Path
) -> None:
    if case == "not-a-docx":
        target = tmp_path / "notes.docx"
        target.write_text("这不是 Word 文档", encoding="utf-8")
    elif case == "missing":
        target = tmp_path / "absent.docx"
    elif case == "no-markers":
        document = Document()
        paragraph = document.add_paragraph("另起的文档，没有来源标记。")
        document.add_comment(paragraph.runs[0], text="意见", author="王审阅")
        target = tmp_path / "plain.docx"
        document.save(str(target))
    else:
        target = tmp_path / "clean.docx"
        shutil.copy(edition_2021.outputs["docx"], target)
    result = CliRunner().invoke(cli, ["comments", "2021", str(target), "--root", str(ROOT), "--out", str(tmp_path)])
    assert expected in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert result.exit_code == (1 if case in ("not-a-docx", "missing") else 0)


def test_marker_names_round_trip() -> None:
    key = path_key("chapters/01-covid.md")
    marker = parse_marker(f"_Src_{key}_12_3")
    assert marker is not None and (marker.key, marker.line) == (key, 12)
    assert parse_marker("_Toc123") is None and parse_marker("structure") is None


def test_sources_are_read_again_by_one_rule(tmp_path: Path) -> None:
    """The checks and the remarks' tracing read a source file once, the same way: a BOM is dropped
    (the tracing kept it, so a first-line heading was not seen as printed)."""
    (tmp_path / "a.md").write_bytes("\ufeff# 标题\n**正文**\n".encode("utf-8"))
    assert SourceLines(tmp_path).get("a.md") == ["# 标题", "**正文**"]
    assert PrintedLines(tmp_path).lines("a.md") == ["标题", "正文"]
    assert SourceLines(tmp_path).get("gone.md") is None
