"""An association's day and an editor's, through Django's test client, against the real library."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from docx import Document

from tests.portal.conftest import FILLED, ORG_A, client_of, filled_docx, run_checks, upload
from toolkit.submissions import register


def test_template_has_the_organisation_filled_in(people, template_of) -> None:
    document = Document(io.BytesIO(template_of(people["alpha"])))
    rows = {r.cells[0].text.strip("* "): r.cells[1].text for t in document.tables for r in t.rows}
    assert rows["提交单位"] == ORG_A and rows["单位类型"] == "企业"
    assert "模板版本" in "\n".join(p.text for p in document.paragraphs)


@pytest.mark.database
def test_upload_with_mistakes_gets_the_letter_then_a_corrected_version_is_accepted(
    people, template_of, tmp_path: Path, edition_root: Path
) -> None:
    alpha = client_of(people["alpha"])
    template = template_of(people["alpha"])
    wrong = dict(FILLED, **{"同意发表": "是 否", "可持续发展目标": "9、19"})
    sent = filled_docx(template, tmp_path, "绿色工厂案例.docx", wrong)
    response = upload(alpha, sent)
    assert response.status_code == 302
    listing = alpha.get("/submissions/").content.decode()
    assert "排队中" in listing and "绿色工厂案例.docx" in listing and 'http-equiv="refresh"' in listing
    assert run_checks() == 1
    [first] = alpha.get("/api/submissions").json()
    assert (first["status"], first["version"], first["organisation"], first["file"]) == (
        "needs-changes",
        1,
        ORG_A,
        "绿色工厂案例.docx",
    )
    assert [(e["code"], e["field"]) for e in first["errors"]] == [("SB016", "同意发表")]
    assert [(w["code"], w["field"]) for w in first["warnings"]] == [("SB017", "可持续发展目标")]
    page = alpha.get(f"/submissions/{first['id']}/").content.decode()
    assert "必须修改" in page and "建议修改" in page and "“同意发表”栏" in page
    letter = alpha.get(first["letter_url"])
    assert letter.status_code == 200 and "案例修改意见" in letter.content.decode()
    assert "在案例征集门户中上传修改后的文件" in letter.content.decode()  # not "send it again by mail"
    assert "重新发送" not in letter.content.decode()
    assert "'sha256-" in letter["Content-Security-Policy"]

    corrected = filled_docx(template, tmp_path / "again", "绿色工厂案例.docx")
    assert upload(alpha, corrected).status_code == 302
    run_checks()
    second = alpha.get("/api/submissions").json()[0]
    assert (second["status"], second["version"], second["errors"]) == ("received", 2, [])
    assert second["case"] and (edition_root / "editions/2021/cases" / second["case"] / "case.md").is_file()

    editor = client_of(people["editor"])
    listed = editor.get("/editor/?status=received").content.decode()
    assert "某某集团建设绿色工厂" in listed
    detail = editor.get(f"/submissions/{second['id']}/").content.decode()
    assert f"::: case {second['case']}" in detail and "创新发展" in detail
    assert editor.get(f"/submissions/{second['id']}/case.md").content.decode().startswith("---")
    assert editor.post(f"/editor/submissions/{second['id']}/status/", {"status": "accepted"}).status_code == 302
    # the register, which compile cases reads, says the same as the portal
    entries = register.load(edition_root / "editions" / "2021")
    assert [(e.case, e.status) for e in entries if e.case] == [(second["case"], "accepted")]
    assert alpha.get("/api/submissions").json()[0]["status"] == "accepted"
    exported = editor.get("/editor/export.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert [(r["case"], r["status"], r["organisation"]) for r in rows if r["case"]] == [
        (second["case"], "accepted", ORG_A)
    ]


@pytest.mark.database
def test_a_case_ingested_from_email_with_the_cli_shows_in_the_portal(
    people, template_of, tmp_path: Path, edition_root: Path
) -> None:
    from toolkit.project import Project
    from toolkit.submissions.commands import ingest_submissions

    sent = filled_docx(template_of(people["alpha"]), tmp_path, "邮件来稿.docx")
    ingest_submissions(Project.at(edition_root), "2021", [sent])
    page = client_of(people["editor"]).get("/editor/").content.decode()
    assert "由编辑部导入的案例" in page and "某某集团建设绿色工厂" in page


@pytest.mark.database
def test_withdrawal_before_acceptance(people, template_of, tmp_path: Path, edition_root: Path) -> None:
    alpha = client_of(people["alpha"])
    upload(alpha, filled_docx(template_of(people["alpha"]), tmp_path, "a.docx"))
    run_checks()
    [item] = alpha.get("/api/submissions").json()
    assert alpha.post(f"/submissions/{item['id']}/withdraw/").status_code == 302
    assert alpha.get("/api/submissions").json()[0]["status"] == "withdrawn"
    [entry] = register.load(edition_root / "editions" / "2021")
    assert entry.status == "withdrawn"


@pytest.mark.database
def test_audit_records_upload_check_status_and_login_failure(people, template_of, tmp_path: Path, client) -> None:
    from toolkit.portal.core.models import AuditEvent

    client.post("/accounts/login/", {"username": "alpha", "password": "wrong"}, REMOTE_ADDR="10.9.8.7")
    alpha = client_of(people["alpha"])
    upload(alpha, filled_docx(template_of(people["alpha"]), tmp_path, "a.docx"))
    run_checks()
    actions = {(e.action, e.actor_name) for e in AuditEvent.objects.all()}
    assert {("login-failed", "alpha"), ("upload", "alpha"), ("checked", "")} <= actions
    failed = AuditEvent.objects.get(action="login-failed")
    assert failed.address == "10.9.8.7"
    page = client_of(people["editor"]).get("/editor/audit/").content.decode()
    assert "登录失败" in page and "10.9.8.7" in page


@pytest.mark.database
def test_the_editors_note_asking_for_changes_goes_into_the_letter(
    people, template_of, tmp_path: Path, edition_root: Path, mailoutbox
) -> None:
    alpha, editor = client_of(people["alpha"]), client_of(people["editor"])
    upload(alpha, filled_docx(template_of(people["alpha"]), tmp_path, "绿色工厂案例.docx"))
    run_checks()
    [item] = alpha.get("/api/submissions").json()
    assert (item["status"], item["letter_url"]) == ("received", None)  # nothing to fix: no letter yet
    note = "请补充 2020 年的能耗数据来源，\n并换一张能看清厂区的照片。"
    assert (
        editor.post(f"/editor/submissions/{item['id']}/status/", {"status": "needs-changes", "note": note}).status_code
        == 302
    )
    [item] = alpha.get("/api/submissions").json()
    assert item["status"] == "needs-changes" and item["letter_url"]
    letter = alpha.get(item["letter_url"]).content.decode()
    assert "编辑部意见" in letter and "请补充 2020 年的能耗数据来源，\n并换一张能看清厂区的照片。" in letter
    assert "请修改后再次提交" in letter and "案例修改意见" in letter
    page = alpha.get(f"/submissions/{item['id']}/").content.decode()
    assert page.count("请补充 2020 年的能耗数据来源") == 1  # in the letter on the page, said once
    assert "上传修改后的版本" in page
    [mail] = [m for m in mailoutbox if "待修改" in m.subject]
    assert mail.to == ["alpha@example.cn"] and "请补充 2020 年的能耗数据来源" in mail.alternatives[0].content
    [entry] = register.load(edition_root / "editions" / "2021")
    assert entry.status == "needs-changes"


@pytest.mark.database
def test_a_case_s_versions_are_one_card_and_the_original_is_kept(people, template_of, tmp_path: Path) -> None:
    alpha = client_of(people["alpha"])
    template = template_of(people["alpha"])
    first = filled_docx(template, tmp_path / "1", "初稿.docx", dict(FILLED, 同意发表="是 否"))
    upload(alpha, first)
    run_checks()
    upload(alpha, filled_docx(template, tmp_path / "2", "定稿.docx"))
    run_checks()
    latest, earlier = alpha.get("/api/submissions").json()
    assert (latest["version"], earlier["version"]) == (2, 1)
    listing = alpha.get("/submissions/").content.decode()
    assert listing.count('class="card"') == 1 and "此前的 1 个版本（已被替换）" in listing
    assert "登记号 2021-001" in listing
    old = alpha.get(f"/submissions/{earlier['id']}/").content.decode()
    assert "已被第 2 版替换" in old and "上传修改后的版本" not in old
    original = alpha.get(f"/submissions/{earlier['id']}/original")
    assert b"".join(original.streaming_content) == first.read_bytes()
    assert "%E5%88%9D%E7%A8%BF.docx" in original["Content-Disposition"]  # 初稿.docx, as sent
    editor = client_of(people["editor"])
    today = editor.get("/editor/").content.decode()  # the daily list: each case once, at its latest version
    assert "定稿.docx · 第 2 版" in today and "初稿.docx" not in today and "待修改 0" in today
    assert "初稿.docx · 第 1 版" in editor.get("/editor/?old=1").content.decode()


@pytest.mark.database
def test_the_editors_list_filters_by_section_sdg_and_organisation_kind(people, template_of, tmp_path: Path) -> None:
    from toolkit.portal.submissions.models import Submission

    upload(client_of(people["alpha"]), filled_docx(template_of(people["alpha"]), tmp_path / "a", "甲.docx"))
    upload(
        client_of(people["beta"]),
        filled_docx(
            template_of(people["beta"]),
            tmp_path / "b",
            "乙.docx",
            dict(
                FILLED,
                案例标题="另一协会推动区域协调发展",
                单位类型="协会",
                所属章节="协调发展：优化结构布局",
                可持续发展目标="11",
            ),
        ),
    )
    assert run_checks() == 2
    sections = dict(Submission.objects.values_list("organisation__name", "section"))
    assert sections[ORG_A] and sections["另一协会"] and sections[ORG_A] != sections["另一协会"]
    editor = client_of(people["editor"])

    def listed(query: str) -> list[str]:
        page = editor.get(f"/editor/?{query}").content.decode()
        return [t for t in ("某某集团建设绿色工厂", "另一协会推动区域协调发展") if t in page]

    assert listed("") == ["某某集团建设绿色工厂", "另一协会推动区域协调发展"]
    assert listed(f"section={sections[ORG_A]}") == ["某某集团建设绿色工厂"]
    assert listed(f"section={sections['另一协会']}") == ["另一协会推动区域协调发展"]
    assert listed("sdg=12") == ["某某集团建设绿色工厂"]
    assert listed("sdg=11") == ["另一协会推动区域协调发展"]
    assert listed("kind=协会") == ["另一协会推动区域协调发展"]
    assert listed("kind=企业") == ["某某集团建设绿色工厂"]
    assert listed("kind=部委") == []


def test_every_page_is_signed_by_the_office_the_manifest_names(people, edition_root: Path) -> None:
    """The footer and the title come from the open edition's manifest (as the letters do), read again when it
    changes: not a name written into the portal's template."""
    alpha = client_of(people["alpha"])
    page = alpha.get("/submissions/").content.decode()
    assert '<footer class="bottom"><p>测试编辑部</p></footer>' in page
    assert "《中国工业和信息化可持续发展报告》2021 年版</title>" in page
    manifest = edition_root / "editions" / "2021" / "edition.toml"
    text = manifest.read_text(encoding="utf-8").replace('name = "测试编辑部"', 'name = "案例征集办公室"')
    manifest.write_text(text, encoding="utf-8")
    os.utime(manifest, ns=(manifest.stat().st_mtime_ns + 10**9,) * 2)  # a second later, whatever the clock
    assert '<footer class="bottom"><p>案例征集办公室</p></footer>' in alpha.get("/submissions/").content.decode()
