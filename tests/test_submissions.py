"""Case submissions: the template goes out, filled templates come back in.

The submissions here are made from the template the toolkit writes today, the
way a submitter works: typing over the grey hints, pasting photos, saving with
LibreOffice, deleting a row by mistake, leaving tracked changes and comments.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from PIL import Image

from tests.compound import compound_file, encrypted_docx, word97
from tests.conftest import FIXTURES, IN_THE_SUITE, ROOT, pdf_pages
from tests.submitter import copy_edition, fill, photo, resave_with_libreoffice
from toolkit.build import BuildOptions, compile_edition
from toolkit.diagnostics import Diagnostics
from toolkit.messages import CASE_FIELDS, Text, case_field_label
from toolkit.project import Project
from toolkit.readers import read_edition
from toolkit.submissions import ingest as ingestion
from toolkit.submissions import register
from toolkit.submissions.commands import ingest_submissions, make_case_template
from toolkit.submissions.form import FIELDS, TEMPLATE_VERSION
from toolkit.submissions.ingest import escape_markdown

PROJECT = Project.at(ROOT)
SLOW_FIXTURES = {"ingested"}  # saved again by LibreOffice (tests/conftest.py marks its users)
BODY = [
    "某某集团坚持绿色发展理念，2020 年建成国家级绿色工厂，单位产品能耗下降 12%，主要污染物排放下降 20%，"
    "带动上下游 30 余家企业开展绿色改造，形成了可复制推广的绿色制造经验。",
    "集团还牵头制定绿色工厂评价团体标准，推动行业共建绿色供应链，为全球产业链绿色低碳转型贡献力量。"
    "2021 年，集团绿色产品销售收入占比达到 45%，比上年提高 6 个百分点。",
]
FILLED = {
    "案例标题": "某某集团建设绿色工厂",
    "提交单位": "某某集团有限公司",
    "单位类型": "企业",
    "所属章节": "创新发展：提升要素效率",
    "可持续发展目标": "9、12",
    "案例正文": BODY,
    "照片一图注": "绿色工厂全景",
    "照片一来源": "某某集团",
    "引语内容": "绿色是高质量发展的底色。",
    "讲话人": "张三",
    "讲话人职务": "某某集团董事长",
    "数据来源": "某某集团 2020 年社会责任报告",
    "联系人": "李四",
    "联系电话": "010-12345678",
    "电子邮箱": "lisi@example.cn",
    "同意发表": "是",
}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("submissions")


@pytest.fixture(scope="module")
def template(workspace: Path) -> Path:
    return make_case_template(PROJECT, str(FIXTURES / "all-elements"), workspace / "案例征集模板.docx")


def submit(template: Path, folder: Path, name: str, values: dict | None = None, photos: dict | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return fill(
        template,
        folder / name,
        values if values is not None else FILLED,
        photos if photos is not None else {"照片一": photo()},
    )


def ingest_into(edition: Path, files: list[Path], out: Path):
    return ingest_submissions(PROJECT, str(edition), files, out_dir=out)


def codes_at(diagnostics: Diagnostics, file: Path) -> list[tuple[str, str | None]]:
    return [(d.code, d.location.field) for d in diagnostics if d.location.path == file.resolve()]


# --- the template ----------------------------------------------------------------------------------


def test_template_has_every_field_with_its_hint_and_a_version(template: Path) -> None:
    document = Document(str(template))
    rows = {re.sub(r"[*\s]", "", r.cells[0].text): r.cells[1].text for t in document.tables for r in t.rows}
    for field in FIELDS:
        assert rows[field.label] == field.hint
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"模板版本：{TEMPLATE_VERSION}（2021 年版）" in text
    assert "创新发展：提升要素效率" in text  # the edition's sections are offered
    assert "填写说明" in text and "案例征集模板" in text


@pytest.mark.slow  # LibreOffice
def test_template_is_chinese_for_word_wps_and_libreoffice(template: Path, workspace: Path) -> None:
    from tests.conftest import NS, W, docx_part

    styles = docx_part(template, "word/styles.xml")
    normal = styles.find("w:style[@w:styleId='Normal']/w:rPr/w:rFonts", NS)
    assert normal.get(f"{{{W}}}eastAsia") == "Noto Serif CJK SC"
    # saved again by LibreOffice (as a submitter without Word does), it keeps every field, its hint, the version
    saved = resave_with_libreoffice(template, workspace / "rendered")
    document = Document(str(saved))
    rows = {re.sub(r"[*\s]", "", r.cells[0].text): r.cells[1].text for t in document.tables for r in t.rows}
    assert {field.label: rows.get(field.label) for field in FIELDS} == {field.label: field.hint for field in FIELDS}
    assert f"模板版本：{TEMPLATE_VERSION}（2021 年版）" in "\n".join(p.text for p in document.paragraphs)
    normal = docx_part(saved, "word/styles.xml").find("w:style[@w:styleId='Normal']/w:rPr/w:rFonts", NS)
    assert normal.get(f"{{{W}}}eastAsia") == "Noto Serif CJK SC"


# --- a filled template comes back ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def ingested(template: Path, workspace: Path):
    edition = copy_edition(FIXTURES / "all-elements", workspace / "edition")
    filled = submit(template, workspace / "sent", "某某集团-绿色工厂.docx")
    saved = resave_with_libreoffice(filled, workspace / "libreoffice")
    report = ingest_into(edition, [saved], workspace / "out")
    return edition, saved, report


def test_round_trip_through_libreoffice_is_ingested_cleanly(ingested) -> None:
    edition, saved, report = ingested
    [result] = report.result.results
    assert (result.outcome, result.organisation, result.title) == ("added", "某某集团有限公司", "某某集团建设绿色工厂")
    assert codes_at(report.result.diagnostics, saved) == []
    case = read_edition(edition, Diagnostics()).cases[result.case_id]
    assert result.case_id == "mou-mou-ji-tuan-jian-she"
    assert (case.organisation_kind, case.section, case.sdgs, case.consent) == ("企业", "innovation", [9, 12], True)
    assert case.quote.attribution == "——某某集团董事长 张三"
    assert case.contact.email == "lisi@example.cn" and case.sources == "某某集团 2020 年社会责任报告"
    assert case.provenance.file == "某某集团-绿色工厂.docx" and case.provenance.template_version == TEMPLATE_VERSION
    assert case.provenance.sha256 == __import__("hashlib").sha256(saved.read_bytes()).hexdigest()
    [photo_] = case.photos
    assert (photo_.caption, photo_.credit) == ("绿色工厂全景", "某某集团")
    with Image.open(edition / photo_.src) as image:
        assert image.size == (2400, 1600)  # the original, not a thumbnail


def test_register_records_the_submission(ingested) -> None:
    edition, saved, report = ingested
    [entry] = register.load(edition)
    assert (entry.case, entry.status, entry.organisation_kind, entry.sdgs, entry.section) == (
        "mou-mou-ji-tuan-jian-she",
        "received",
        "企业",
        [9, 12],
        "innovation",
    )
    summary = register.summarise(register.load(edition))
    assert summary.by_kind["企业"] == 1 and summary.by_sdg[12] == 1 and summary.by_section["innovation"] == 1


def test_the_ingested_case_is_compiled_into_pdf_and_docx(ingested, workspace: Path) -> None:
    edition, saved, report = ingested
    chapter = edition / "chapters" / "02-practice.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8") + "\n::: case mou-mou-ji-tuan-jian-she\n:::\n", encoding="utf-8"
    )
    result = compile_edition(PROJECT, str(edition), BuildOptions(out_dir=workspace / "build", **IN_THE_SUITE))
    text = re.sub(r"\s+", "", "".join(pdf_pages(result.outputs["pdf"])))
    assert "某某集团建设绿色工厂" in text and re.sub(r"\s+", "", BODY[1]) in text
    assert "——某某集团董事长张三" in text and "绿色工厂全景（某某集团）" in text
    docx_text = "".join(
        p.text
        for t in Document(str(result.outputs["docx"])).tables
        for r in t.rows
        for c in r.cells
        for p in c.paragraphs
    )
    assert "某某集团建设绿色工厂" in docx_text and BODY[0] in docx_text
    # and the case index appendix lists it with its page
    index = next(p for p in pdf_pages(result.outputs["pdf"]) if "案例索引" in p and "按提交单位" in p)
    number = re.search(r"某某集团建设绿色工厂\s*\.+\s*(\d+)", index).group(1)
    assert "某某集团建设绿色工厂" in pdf_pages(result.outputs["pdf"])[int(number) - 1]


def test_ingesting_the_same_file_again_changes_nothing(ingested, workspace: Path) -> None:
    edition, saved, _ = ingested
    before = {p: p.read_bytes() for p in (edition / "cases").rglob("*") if p.is_file()}
    again = ingest_into(edition, [saved], workspace / "out")
    assert [r.outcome for r in again.result.results] == ["unchanged"]
    assert {p: p.read_bytes() for p in (edition / "cases").rglob("*") if p.is_file()} == before
    assert len(register.load(edition)) == 1


def test_a_changed_resubmission_replaces_the_earlier_version(ingested, template: Path, workspace: Path) -> None:
    edition, saved, _ = ingested
    changed = dict(FILLED, 案例正文=BODY + ["补充：2021 年新增光伏装机 20 兆瓦，年发电 2400 万千瓦时。"])
    resubmitted = submit(template, workspace / "second", "某某集团-绿色工厂-修改版.docx", changed)
    report = ingest_into(edition, [resubmitted], workspace / "out")
    [result] = report.result.results
    assert (result.outcome, result.case_id, result.previous_file) == (
        "updated",
        "mou-mou-ji-tuan-jian-she",
        "某某集团-绿色工厂.docx",
    )
    case_text = (edition / "cases" / result.case_id / "case.md").read_text(encoding="utf-8")
    assert "2021 年新增光伏装机 20 兆瓦" in case_text
    assert [e.file for e in register.load(edition)] == ["某某集团-绿色工厂-修改版.docx"]
    assert saved.is_file() and resubmitted.is_file()  # the originals are never moved or deleted


def test_the_original_file_is_not_modified(template: Path, workspace: Path) -> None:
    edition = copy_edition(FIXTURES / "all-elements", workspace / "untouched")
    filled = submit(template, workspace / "untouched-sent", "单位-案例.docx")
    before = filled.read_bytes()
    ingest_into(edition, [filled], workspace / "out-untouched")
    assert filled.read_bytes() == before


def test_submitted_text_is_data_never_markup(template: Path, workspace: Path) -> None:
    hostile = [
        "::: case other",
        "# 不是标题",
        "[[value-added:2020:工业增加值]] 与 {{ 7*7 }} 与 {% for %}",
        "<script>alert(1)</script> **不加粗** - 不是列表 1. 不是编号 &copy; \\ `代码`",
    ]
    values = dict(FILLED, 案例标题="含有各种符号的案例", 案例正文=hostile + BODY)
    edition = copy_edition(FIXTURES / "all-elements", workspace / "hostile")
    filled = submit(template, workspace / "hostile-sent", "符号.docx", values)
    report = ingest_into(edition, [filled], workspace / "out-hostile")
    [result] = report.result.results
    case = read_edition(edition, Diagnostics()).cases[result.case_id]
    from toolkit.model import Paragraph, plain_text

    texts = [plain_text(b.inlines) for b in case.blocks if isinstance(b, Paragraph)]
    assert texts[:4] == hostile


@pytest.mark.parametrize(
    "text",
    [
        "::: figure",
        "# 标题",
        "- 列表",
        "1. 编号",
        "> 引用",
        "**粗**",
        "[[t:r:c]]",
        "a\\b",
        "&amp;",
        "<b>",
        "| 表 |",
        "=====",
        "---",
    ],
)
def test_escaped_markdown_reads_back_as_the_same_text(text: str, tmp_path: Path) -> None:
    from tests.test_readers import chapter
    from toolkit.model import plain_text

    result, diagnostics = chapter(tmp_path, "\n" + escape_markdown(text) + "\n")
    assert [plain_text(b.inlines) for b in result.intro] == [text]


def test_editors_markdown_case_is_ingested_with_its_photo(workspace: Path) -> None:
    edition = copy_edition(FIXTURES / "all-elements", workspace / "markdown")
    source = workspace / "md-case" / "case.md"
    source.parent.mkdir(parents=True)
    (source.parent / "photo.jpg").write_bytes(photo())
    source.write_text(
        "---\ntitle: 编辑写的案例\norganisation: 某省工业和信息化厅\norganisation_kind: 地方\n"
        "photos:\n  - src: photo.jpg\n    caption: 图注\ncontact:\n  name: 王五\nconsent: true\n---\n\n"
        + BODY[0]
        + "\n",
        encoding="utf-8",
    )
    report = ingest_into(edition, [source], workspace / "out-md")
    [result] = report.result.results
    assert result.outcome == "added"
    case = read_edition(edition, Diagnostics()).cases[result.case_id]
    assert case.title == "编辑写的案例" and case.provenance.file == "case.md"
    assert (edition / case.photos[0].src).read_bytes() == (source.parent / "photo.jpg").read_bytes()


# --- what people actually send ------------------------------------------------------------------------


def _edit_xml(path: Path, change) -> Path:
    """Rewrite word/document.xml of a DOCX with ``change(text) -> text``."""
    data = io.BytesIO(path.read_bytes())
    out = io.BytesIO()
    with zipfile.ZipFile(data) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "word/document.xml":
                content = change(content.decode("utf-8")).encode("utf-8")
            target.writestr(item, content)
    path.write_bytes(out.getvalue())
    return path


def _without_row(template: Path, target: Path, label: str) -> Path:
    filled = fill(template, target, FILLED, {"照片一": photo()})
    document = Document(str(filled))
    for table in document.tables:
        for row in table.rows:
            if re.sub(r"[*\s]", "", row.cells[0].text) == label:
                row._tr.getparent().remove(row._tr)
    document.save(str(filled))
    return filled


def _duplicated_row(template: Path, target: Path, label: str) -> Path:
    from copy import deepcopy

    filled = fill(template, target, FILLED, {"照片一": photo()})
    document = Document(str(filled))
    row = next(r for t in document.tables for r in t.rows if re.sub(r"[*\s]", "", r.cells[0].text) == label)
    row._tr.addnext(deepcopy(row._tr))
    document.save(str(filled))
    return filled


def _with_text_outside(template: Path, target: Path) -> Path:
    filled = fill(template, target, FILLED, {"照片一": photo()})
    document = Document(str(filled))
    document.add_paragraph("另外补充一段写在表格外面的说明文字。")
    document.save(str(filled))
    return filled


def _with_picture_in_body(template: Path, target: Path) -> Path:
    from docx.shared import Cm

    filled = fill(template, target, FILLED, {"照片一": photo()})
    document = Document(str(filled))
    body = next(r for t in document.tables for r in t.rows if re.sub(r"[*\s]", "", r.cells[0].text) == "案例正文")
    body.cells[1].add_paragraph().add_run().add_picture(io.BytesIO(photo(1200, 800)), width=Cm(5))
    document.save(str(filled))
    return filled


def _with_tracked_changes(template: Path, target: Path) -> Path:
    filled = fill(template, target, FILLED, {"照片一": photo()})
    marked = (
        '<w:ins w:id="901" w:author="审稿人" w:date="2021-09-01T00:00:00Z"><w:r><w:t>（新增）</w:t></w:r></w:ins>'
        '<w:del w:id="902" w:author="审稿人" w:date="2021-09-01T00:00:00Z"><w:r><w:delText>删除的话</w:delText>'
        "</w:r></w:del>"
    )
    return _edit_xml(
        filled,
        lambda xml: xml.replace(
            "<w:t>某某集团建设绿色工厂</w:t></w:r>", "<w:t>某某集团建设绿色工厂</w:t></w:r>" + marked, 1
        ),
    )


def _with_comment(template: Path, target: Path) -> Path:
    filled = fill(template, target, FILLED, {"照片一": photo()})
    document = Document(str(filled))
    title = next(r for t in document.tables for r in t.rows if re.sub(r"[*\s]", "", r.cells[0].text) == "案例标题")
    run = title.cells[1].paragraphs[0].runs[0]
    document.add_comment(run, text="标题是否太长？", author="办公室", initials="BG")
    document.save(str(filled))
    return filled


def _old_version(template: Path, target: Path) -> Path:
    filled = fill(template, target, FILLED, {"照片一": photo()})
    return _edit_xml(filled, lambda xml: xml.replace(f"模板版本：{TEMPLATE_VERSION}", "模板版本：1"))


MISUSES = [
    ("field-deleted", lambda t, p: _without_row(t, p, "联系人"), [("SB009", "contact"), ("CS004", "contact")]),
    ("optional-field-deleted", lambda t, p: _without_row(t, p, "电子邮箱"), [("SB009", "contact")]),
    ("field-duplicated", lambda t, p: _duplicated_row(t, p, "提交单位"), [("SB010", "organisation")]),
    ("text-outside-the-form", _with_text_outside, [("SB011", None)]),
    ("picture-pasted-in-the-text", _with_picture_in_body, [("SB014", "body")]),
    ("tracked-changes-left-in", _with_tracked_changes, [("SB012", None)]),
    ("comments-left-in", _with_comment, [("SB013", None)]),
    ("old-template-version", _old_version, [("SB008", None)]),
    (
        "two-kinds-kept",
        lambda t, p: fill(t, p, dict(FILLED, 单位类型="部委 / 企业"), {"照片一": photo()}),
        [("SB016", "organisation_kind"), ("CS004", "organisation_kind")],
    ),
    (
        "unknown-goal",
        lambda t, p: fill(t, p, dict(FILLED, 可持续发展目标="9、18、气候"), {"照片一": photo()}),
        [("SB017", "sdgs"), ("SB017", "sdgs")],
    ),
    (
        "section-not-in-the-edition",
        lambda t, p: fill(t, p, dict(FILLED, 所属章节="不存在的章节"), {"照片一": photo()}),
        [("SB015", "section")],
    ),
    ("caption-without-photo", lambda t, p: fill(t, p, FILLED, {}), [("SB018", "photos")]),
    (
        "photo-without-caption",
        lambda t, p: fill(t, p, {k: v for k, v in FILLED.items() if k != "照片一图注"}, {"照片一": photo()}),
        [("CS004", "photos")],
    ),
    (
        "no-title",
        lambda t, p: fill(t, p, {k: v for k, v in FILLED.items() if k != "案例标题"}, {"照片一": photo()}),
        [("CS004", "title")],
    ),
    ("no-consent", lambda t, p: fill(t, p, dict(FILLED, 同意发表="否"), {"照片一": photo()}), [("CS013", "consent")]),
]


@pytest.mark.parametrize("scenario, make, expected", MISUSES, ids=[m[0] for m in MISUSES])
def test_misuse_gives_a_precise_diagnostic(
    scenario: str, make, expected: list, template: Path, workspace: Path
) -> None:
    edition = copy_edition(FIXTURES / "all-elements", workspace / f"misuse-{scenario}")
    folder = workspace / f"misuse-{scenario}-sent"
    folder.mkdir()
    sent = make(template, folder / f"{scenario}.docx")
    report = ingest_into(edition, [sent], workspace / f"misuse-{scenario}-out")
    assert codes_at(report.result.diagnostics, sent) == expected
    assert all("Traceback" not in d.message() for d in report.result.diagnostics)


def test_tracked_changes_are_read_as_accepted(template: Path, workspace: Path) -> None:
    edition = copy_edition(FIXTURES / "all-elements", workspace / "tracked")
    sent = _with_tracked_changes(template, workspace / "tracked.docx")
    report = ingest_into(edition, [sent], workspace / "tracked-out")
    case = read_edition(edition, Diagnostics()).cases[report.result.results[0].case_id]
    assert case.title == "某某集团建设绿色工厂（新增）"


def test_no_consent_is_accepted_but_flagged_for_the_editor(template: Path, workspace: Path) -> None:
    edition = copy_edition(FIXTURES / "all-elements", workspace / "consent")
    sent = fill(template, workspace / "consent.docx", dict(FILLED, 同意发表="否"), {"照片一": photo()})
    report = ingest_into(edition, [sent], workspace / "consent-out")
    case_id = report.result.results[0].case_id
    found = Diagnostics()
    from toolkit.build import check_edition

    check_edition(PROJECT, str(edition), found)
    assert ("CS013", "consent") in [(d.code, d.location.field) for d in found if case_id in str(d.location.path)]


WRONG_FILES = [
    ("empty.docx", b"", "SB002"),
    ("old-word.doc", word97(), "SB003"),
    ("saved-by-wps.wps", word97(), "SB003"),
    ("old-excel-renamed.docx", compound_file({"Workbook": b"\x09\x08"}), "SB003"),
    ("password.docx", encrypted_docx(), "SB019"),
    ("password-97.doc", word97(encrypted=True), "SB019"),
    ("damaged-ole.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "SB004"),
    ("printed.pdf", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n", "SB003"),
    ("renamed-pdf.docx", b"%PDF-1.7\n", "SB003"),
    ("damaged.docx", b"PK\x03\x04" + b"\x00" * 100, "SB004"),
]


@pytest.mark.parametrize("name, content, code", WRONG_FILES, ids=[w[0] for w in WRONG_FILES])
def test_wrong_files_are_refused_with_what_they_are(name: str, content: bytes, code: str, workspace: Path) -> None:
    edition = copy_edition(FIXTURES / "all-elements", workspace / f"wrong-{name}")
    sent = workspace / f"wrong-{name}-sent" / name
    sent.parent.mkdir()
    sent.write_bytes(content)
    report = ingest_into(edition, [sent], workspace / f"wrong-{name}-out")
    assert [r.outcome for r in report.result.results] == ["rejected"]
    [problem] = [d for d in report.result.diagnostics if d.location.path == sent.resolve()]
    assert problem.code == code
    message = problem.message()
    expected = {
        "old-word.doc": "文件 old-word.doc 不是 Word 文档（.docx），而是旧版 Word 97-2003 文档（.doc）",
        "saved-by-wps.wps": "文件 saved-by-wps.wps 不是 Word 文档（.docx），而是WPS 文字格式（.wps）",
        "old-excel-renamed.docx": "文件 old-excel-renamed.docx 不是 Word 文档（.docx），而是旧版 Excel 表格（.xls）",
        "password.docx": "文件 password.docx 设有打开密码（已加密），无法读取",
    }
    if name in expected:
        assert message == expected[name]
    assert not (edition / "cases" / "mou-mou-ji-tuan-jian-she").exists()


def test_renamed_spreadsheet_is_named_for_what_it_is(workspace: Path) -> None:
    from openpyxl import Workbook

    edition = copy_edition(FIXTURES / "all-elements", workspace / "xlsx")
    sent = workspace / "xlsx-sent" / "案例.docx"
    sent.parent.mkdir()
    Workbook().save(sent)
    report = ingest_into(edition, [sent], workspace / "xlsx-out")
    [diagnostic] = [d for d in report.result.diagnostics if d.location.path == sent.resolve()]
    assert diagnostic.code == "SB003" and "Excel" in diagnostic.message()


def test_zip_bomb_is_refused_before_it_expands(template: Path, workspace: Path) -> None:
    edition = copy_edition(FIXTURES / "all-elements", workspace / "bomb")
    sent = workspace / "bomb.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("word/bomb.xml", b"<a>" + b" " * (40 * 1024 * 1024) + b"</a>")
    sent.write_bytes(buffer.getvalue())
    assert sent.stat().st_size < 1_000_000
    report = ingest_into(edition, [sent], workspace / "bomb-out")
    assert [d.code for d in report.result.diagnostics if d.location.path == sent.resolve()] == ["SB005"]


def test_entity_expansion_is_refused(template: Path, workspace: Path) -> None:
    edition = copy_edition(FIXTURES / "all-elements", workspace / "entities")
    sent = fill(template, workspace / "entities.docx", FILLED, {"照片一": photo()})
    laughs = '<!DOCTYPE w [<!ENTITY a "哈哈哈哈哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    _edit_xml(sent, lambda xml: xml.replace("?>", "?>" + laughs, 1))
    report = ingest_into(edition, [sent], workspace / "entities-out")
    assert [d.code for d in report.result.diagnostics if d.location.path == sent.resolve()] == ["SB006"]


def test_decompression_bomb_photo_is_refused(template: Path, workspace: Path) -> None:
    edition = copy_edition(FIXTURES / "all-elements", workspace / "pixels")
    huge = io.BytesIO()
    Image.new("1", (20000, 20000)).save(huge, format="PNG", optimize=True)
    sent = fill(template, workspace / "pixels.docx", FILLED, {"照片一": photo()})
    # swap the pasted photo for the huge one, as a crafted file would
    data = io.BytesIO(sent.read_bytes())
    out = io.BytesIO()
    with zipfile.ZipFile(data) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = huge.getvalue() if item.filename.startswith("word/media/") else source.read(item.filename)
            target.writestr(item, content)
    sent.write_bytes(out.getvalue())
    report = ingest_into(edition, [sent], workspace / "pixels-out")
    problems = [d for d in report.result.diagnostics if d.location.path == sent.resolve()]
    assert [(d.code, d.location.field) for d in problems] == [("IM002", "photos")]


def test_letters_go_to_the_organisation_that_sent_the_file(template: Path, workspace: Path) -> None:
    edition = copy_edition(FIXTURES / "all-elements", workspace / "letters")
    sent = _without_row(template, workspace / "letters.docx", "联系人")
    report = ingest_into(edition, [sent], workspace / "letters-out")
    letter = next(p for p in report.letters if p.name == "某某集团有限公司.html").read_text(encoding="utf-8")
    assert "您提交的文件“letters.docx”，“联系人”栏" in letter
    assert "表格中缺少“联系人”一栏" in letter


def test_cli_ingest_lists_outcomes_and_exits_1_on_rejection(template: Path, workspace: Path) -> None:
    from click.testing import CliRunner

    from toolkit.cli import cli

    edition = copy_edition(FIXTURES / "all-elements", workspace / "cli")
    empty = workspace / "cli-empty.docx"
    empty.write_bytes(b"")
    result = CliRunner().invoke(cli, ["ingest", str(edition), str(empty), "--root", str(ROOT)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = [line.rstrip() for line in result.output.splitlines()]
    assert lines[0] == "  退回 cli-empty.docx（未读入，原因见下）"
    assert f"  {empty} 错误 SB002 文件 cli-empty.docx 是空的" in lines
    listing = CliRunner().invoke(cli, ["cases", str(edition), "--root", str(ROOT)])
    assert listing.exit_code == 0
    assert listing.output.splitlines()[-4:] == [
        "共 1 份提交",
        "  按状态　待修改：1",
        "  按章节　（未指定）：1",
        "  按单位类型　（未知）：1",
    ]


# --- issue 15: files nobody here wrote; issue 11: letters that speak to the right person -------------


def _cli_ingest(edition: Path, files: list[Path]):
    from click.testing import CliRunner

    from toolkit.cli import cli

    return CliRunner().invoke(cli, ["ingest", str(edition), *map(str, files), "--root", str(ROOT)])


def test_a_toolkit_failure_on_one_file_keeps_the_others_and_names_the_file(
    template: Path, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import toolkit.submissions.ingest as ingest_module

    edition = copy_edition(FIXTURES / "all-elements", workspace / "crash")
    first = submit(template, workspace / "crash-sent", "第一份.docx", dict(FILLED, 案例标题="第一份案例"))
    broken = submit(template, workspace / "crash-sent", "出错的.docx", dict(FILLED, 案例标题="出错的案例"))
    last = submit(template, workspace / "crash-sent", "第三份.docx", dict(FILLED, 案例标题="第三份案例"))
    real = ingest_module.read_form

    def failing(package, known):
        if package.path.name == "出错的.docx":
            raise TypeError("'NoneType' object is not iterable")  # what strict OOXML used to cause
        return real(package, known)

    monkeypatch.setattr(ingest_module, "read_form", failing)
    result = _cli_ingest(edition, [first, broken, last])
    assert result.exit_code == 70 and "Traceback" not in result.output
    assert "SB020" in result.output and "读取文件 出错的.docx 时工具内部出错" in result.output
    log = Path(re.search(r"详细信息已写入 (\S+?)，", result.output).group(1))
    assert "TypeError" in log.read_text(encoding="utf-8") and "出错的.docx" in log.read_text(encoding="utf-8")
    entries = register.load(edition)
    assert sorted(e.title for e in entries) == ["第一份案例", "第三份案例"]
    assert all((edition / "cases" / e.case / "case.md").is_file() for e in entries)


def test_case_folders_get_the_same_mode_as_the_rest_of_the_edition(ingested) -> None:
    import os

    edition, _, report = ingested
    mask = os.umask(0o022)
    os.umask(mask)
    folder = edition / "cases" / report.result.results[0].case_id
    assert folder.stat().st_mode & 0o777 == 0o777 & ~mask


def _swap_media(path: Path, data: bytes) -> Path:
    """Replace the pasted photo's bytes, keeping its name (word/media/image1.jpg)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, data if item.filename.startswith("word/media/") else source.read(item.filename))
    path.write_bytes(out.getvalue())
    return path


def _emf() -> bytes:
    """An EMF header record (the signature “ EMF” at byte 40) and an end-of-file record."""
    import struct

    header = struct.pack(
        "<II4i4i4sIIIHHIIIii ii",
        1,
        88,
        0,
        0,
        100,
        100,
        0,
        0,
        2540,
        2540,
        b" EMF",
        0x10000,
        108,
        2,
        1,
        0,
        0,
        0,
        0,
        1024,
        768,
        320,
        240,
    )
    return header + struct.pack("<IIIII", 14, 20, 0, 16, 20)


@pytest.mark.parametrize(
    "kind, data, words",
    [
        ("emf", _emf(), "EMF 矢量图"),
        ("gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "GIF"),
        ("heic", b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64, "HEIC 照片"),
    ],
)
def test_a_photo_is_named_for_what_its_bytes_are(
    kind: str, data: bytes, words: str, template: Path, workspace: Path
) -> None:
    edition = copy_edition(FIXTURES / "all-elements", workspace / f"picture-{kind}")
    sent = _swap_media(submit(template, workspace / f"picture-{kind}-sent", f"{kind}.docx"), data)
    report = ingest_into(edition, [sent], workspace / f"picture-{kind}-out")
    [problem] = [d for d in report.result.diagnostics if d.location.path == sent.resolve()]
    assert (problem.code, problem.location.field) == ("IM005", "photos")
    assert problem.message() == f"照片 image1.jpg 是{problem.args['what'].zh}，不能用于印刷"
    assert words in problem.message() and ("WMF" not in problem.message())
    assert "JPG" in problem.hint()


def _main_part_moved(path: Path) -> Path:
    """The same document with its main part at word/main.xml, as some programs write it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            name = {
                "word/document.xml": "word/main.xml",
                "word/_rels/document.xml.rels": "word/_rels/main.xml.rels",
            }.get(item.filename, item.filename)
            if item.filename in ("_rels/.rels", "[Content_Types].xml"):
                data = data.replace(b"word/document.xml", b"word/main.xml")
            target.writestr(name, data)
    path.write_bytes(out.getvalue())
    return path


def test_a_main_part_that_is_not_word_document_xml_is_found(template: Path, workspace: Path) -> None:
    edition = copy_edition(FIXTURES / "all-elements", workspace / "main-part")
    sent = _main_part_moved(submit(template, workspace / "main-part-sent", "main.docx"))
    report = ingest_into(edition, [sent], workspace / "main-part-out")
    assert [r.outcome for r in report.result.results] == ["added"]
    assert codes_at(report.result.diagnostics, sent) == []


def test_a_strict_ooxml_submission_is_ingested_like_its_transitional_twin(template: Path, workspace: Path) -> None:
    from tests.submitter import strict

    edition = copy_edition(FIXTURES / "all-elements", workspace / "strict")
    sent = strict(submit(template, workspace / "strict-sent", "transitional.docx"), workspace / "严格.docx")
    report = ingest_into(edition, [sent], workspace / "strict-out")
    [result] = report.result.results
    assert result.outcome == "added" and codes_at(report.result.diagnostics, sent) == []
    case = read_edition(edition, Diagnostics()).cases[result.case_id]
    assert (case.title, case.sdgs, len(case.photos)) == ("某某集团建设绿色工厂", [9, 12], 1)


def test_ingest_prints_what_the_letters_say_and_the_editors_next_step(template: Path, workspace: Path) -> None:
    edition = copy_edition(FIXTURES / "all-elements", workspace / "next-step")
    short = submit(template, workspace / "next-step-sent", "短.docx", dict(FILLED, 案例正文=["正文太短了。"]))
    result = _cli_ingest(edition, [short])
    assert result.exit_code == 0
    assert "没有发现问题" not in result.output and "CS009" in result.output  # the letter's problem is listed
    assert "下一步：1 个案例尚未放入章节" in result.output
    assert "在 chapters/02-practice.md 的“创新发展：提升要素效率”一节加上：" in result.output
    assert "::: case mou-mou-ji-tuan-jian-she" in result.output
    letter = (ROOT / "build" / "2021" / "feedback" / "某某集团有限公司.html").read_text(encoding="utf-8")
    assert "CS009" in letter and "CS007" not in letter and ":::" not in letter and "放进任何章节" not in letter
    # the next file's run lists its own case in full, the earlier one in a count
    other = submit(template, workspace / "next-step-sent", "另一个.docx", dict(FILLED, 案例标题="另一个案例"))
    again = _cli_ingest(edition, [other])
    assert again.output.count("::: case ") == 1 and "::: case ling-yi-ge-an-li" in again.output
    assert "另有 1 个案例尚未放入章节" in again.output


def test_a_case_with_only_editors_work_left_gets_no_letter(ingested) -> None:
    edition, saved, report = ingested
    assert [p.name for p in report.letters] == []  # placing the case (CS007) is the editors' job
    assert [p.case for p in report.pending] == ["mou-mou-ji-tuan-jian-she"]


def test_letters_list_a_repeated_problem_a_few_times_then_count_it(tmp_path: Path) -> None:
    from toolkit.diagnostics import Location
    from toolkit.feedback import SAME_CODE_LISTED, write_letters

    edition = read_edition(FIXTURES / "all-elements", Diagnostics())
    found = Diagnostics()
    for number in range(40):
        found.add("SB011", Location(tmp_path / "某单位.docx"), organisation="某单位", text=f"第 {number} 段")
    found.add("CS007", Location(tmp_path / "case.md"), organisation="某单位", case="x")
    [letter] = write_letters(
        edition,
        FIXTURES / "all-elements",
        found,
        ROOT / "templates",
        tmp_path / "feedback",
        __import__("datetime").date(2022, 7, 15),
    )
    html = letter.read_text(encoding="utf-8")
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)[1:]
    assert len(rows) == SAME_CODE_LISTED + 1
    assert f"另有 {40 - SAME_CODE_LISTED} 处同类问题" in rows[-1] and "发现以下 40 处需要处理的地方" in html
    assert "CS007" not in html


def test_case_template_without_edition_uses_the_newest_and_lists_sections_by_chapter(tmp_path: Path) -> None:
    import shutil

    from click.testing import CliRunner

    from toolkit.cli import cli

    for year in ("2020", "2021"):
        shutil.copytree(FIXTURES / "all-elements", tmp_path / "editions" / year)
    manifest = tmp_path / "editions" / "2020" / "edition.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("year = 2021", "year = 2020"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["case-template", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    made = tmp_path / "build" / "2021" / "案例征集模板-2021.docx"
    paragraphs = [p.text for p in Document(str(made)).paragraphs]
    listed = paragraphs[paragraphs.index("可选章节") + 1 :]
    chapter = listed.index("可持续发展创新实践")  # the chapter's title, then its sections
    assert listed[chapter + 1] == "创新发展：提升要素效率"
    assert any("下面“可选章节”中选一项" in p for p in paragraphs)


def test_case_template_without_any_edition_stops_with_what_to_do(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from toolkit.cli import cli

    result = CliRunner().invoke(cli, ["case-template", "--root", str(tmp_path)])
    assert result.exit_code == 1 and "SB023" in result.output and "--edition" in result.output
    assert not list(tmp_path.rglob("*.docx"))


def test_shift_enter_lines_typed_as_directives_print_as_text(workspace: Path) -> None:
    """Issue 15: after a soft line break, “::: media / url:” printed a QR code to an outside address."""
    edition = copy_edition(FIXTURES / "minimal", workspace / "soft-breaks")
    template = make_case_template(PROJECT, str(edition), workspace / "soft-breaks-template.docx")
    typed = [
        "我们的做法如下：\n::: media\nurl: https://evil.example/track\nprompt: 扫码了解\n:::",
        "数据见下表：\n::: table value-added\n:::\n::: figure\nsrc: /etc/passwd\ncaption: 图\n:::",
    ]
    values = dict(FILLED, 所属章节="", 案例正文=typed + BODY)
    sent = submit(template, workspace / "soft-breaks-sent", "换行.docx", values)
    assert b"<w:br/>" in zipfile.ZipFile(sent).read("word/document.xml")  # Shift+Enter, as Word writes it
    report = ingest_into(edition, [sent], workspace / "soft-breaks-out")
    [result] = report.result.results
    assert result.outcome == "added" and codes_at(report.result.diagnostics, sent) == []
    chapter = edition / "chapters" / "02-growth.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + f"\n::: case {result.case_id}\n:::\n", encoding="utf-8")
    built = compile_edition(
        PROJECT, str(edition), BuildOptions(out_dir=workspace / "soft-breaks-build", formats=("pdf",), jobs=1)
    )
    assert not built.diagnostics.errors  # “src: /etc/passwd” no longer makes the edition fail
    from toolkit.model import MediaPrompt

    assert not [b for _, b in built.edition.walk_cases() if isinstance(b, MediaPrompt)]
    text = "\n".join(pdf_pages(built.outputs["pdf"]))
    for line in (
        "::: media",
        "url: https://evil.example/track",
        "prompt: 扫码了解",
        "::: table value-added",
        "src: /etc/passwd",
    ):
        assert line in text
    assert text.count("“十三五”期间中国工业增加值") == 1  # the edition's table is printed once, in its chapter


def test_a_photo_whose_part_is_missing_is_a_located_problem(template: Path, workspace: Path) -> None:
    edition = copy_edition(FIXTURES / "all-elements", workspace / "missing-media")
    sent = submit(template, workspace / "missing-media-sent", "缺图.docx")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(sent.read_bytes())) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            if not item.filename.startswith("word/media/"):
                target.writestr(item, source.read(item.filename))
    sent.write_bytes(out.getvalue())
    report = ingest_into(edition, [sent], workspace / "missing-media-out")
    [problem] = [d for d in report.result.diagnostics if d.location.path == sent.resolve()]
    assert (problem.code, problem.location.field) == ("IM002", "photos")
    assert problem.message() == "无法读取图片 image1.jpg：文件中缺少 word/media/image1.jpg"


def test_a_zip_of_an_unsupported_version_is_damaged_not_a_crash(template: Path, workspace: Path) -> None:
    edition = copy_edition(FIXTURES / "all-elements", workspace / "zip-version")
    sent = submit(template, workspace / "zip-version-sent", "新版压缩.docx")
    data = bytearray(sent.read_bytes())
    central = data.index(b"PK\x01\x02")
    data[central + 6 : central + 8] = (199).to_bytes(2, "little")  # “version needed to extract”: 19.9
    sent.write_bytes(bytes(data))
    report = ingest_into(edition, [sent], workspace / "zip-version-out")
    assert [d.code for d in report.result.diagnostics if d.location.path == sent.resolve()] == ["SB004"]
    assert [r.outcome for r in report.result.results] == ["rejected"]


def test_case_fields_are_named_in_one_list() -> None:
    """The template's rows, the reader's messages and the letters name a field from one list (messages.CASE_FIELDS)."""
    assert {f.key.split(".")[0] for f in FIELDS} <= set(CASE_FIELDS)
    assert [f.label for f in FIELDS if f.key.startswith("photos.1.")] == ["照片二", "照片二图注", "照片二来源"]
    assert case_field_label(("photos", 0, "caption")) == Text("照片一图注", "photo 1 caption")
    assert case_field_label("quote.role") == Text("讲话人职务", "speaker's role")
    assert case_field_label(("sdgs", 1)) == Text("可持续发展目标第 2 项", "SDGs #2")
    assert case_field_label(("quote", "colour")) == Text("引语的colour", "quote: colour")
    assert case_field_label("body").zh == "案例正文" == next(f.label for f in FIELDS if f.key == "body")


def test_the_template_text_is_written_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ingestion tells template text from a submitter's by writing the template (about 0.3 s): once per
    process and edition, not once per ingested file (or per ingest call)."""
    project = Project.at(ROOT)
    edition = read_edition(FIXTURES / "minimal", Diagnostics())
    assert edition is not None
    written: list[int] = []
    real = ingestion._written_template_text
    monkeypatch.setattr(ingestion, "_TEMPLATE_TEXT", {})
    monkeypatch.setattr(ingestion, "_written_template_text", lambda *a: written.append(1) or real(*a))
    first = ingestion._template_text(edition, project.templates)
    assert ingestion._template_text(edition, project.templates) is first
    assert written == [1] and "案例标题*" in first


def test_a_caption_without_its_photo_is_told_in_each_language(template: Path, workspace: Path) -> None:
    """SB018 numbers the photo as the template does in Chinese (照片一) and with a digit in English."""
    edition = copy_edition(FIXTURES / "all-elements", workspace / "sb018")
    sent = fill(template, workspace / "sb018.docx", FILLED, {})
    report = ingest_into(edition, [sent], workspace / "sb018-out")
    [found] = [d for d in report.result.diagnostics if d.code == "SB018"]
    assert (found.message("zh"), found.message("en")) == (
        "照片一有图注但没有图片",
        "photo 1 has a caption but no picture",
    )
