"""Mail goes out through Django's mail framework: to a real SMTP server (aiosmtpd, in this process), or as files."""

from __future__ import annotations

import email
import socket
from email.message import Message
from email.policy import default as policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.portal.conftest import FILLED, client_of, filled_docx, run_checks, upload


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy))
        return "250 OK"


@pytest.fixture
def smtp(settings):
    inbox = _Inbox()
    with socket.socket() as probe:  # aiosmtpd checks the port it was given: find a free one first
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 10},
            }
        }
        yield inbox
    finally:
        controller.stop()


def _text(message: Message) -> str:
    return message.get_body(("plain",)).get_content()


def test_the_letter_is_mailed_through_smtp(people, template_of, tmp_path: Path, smtp: _Inbox) -> None:
    upload(
        client_of(people["alpha"]),
        filled_docx(template_of(people["alpha"]), tmp_path, "甲.docx", dict(FILLED, 同意发表="是 否")),
    )
    run_checks()
    [message] = smtp.messages
    assert message["To"] == "alpha@example.cn" and "检查结果：待修改" in message["Subject"]
    assert "必须修改 1 处" in _text(message)
    html = message.get_body(("html",)).get_content()
    assert "案例修改意见" in html and "同意发表" in html


def test_invitations_and_reminders_are_mailed(people, smtp: _Inbox) -> None:
    editor = client_of(people["editor"])
    response = editor.post(
        "/editor/invite/",
        {
            "username": "delta",
            "email": "delta@example.cn",
            "role": "submitter",
            "organisation": "第四协会",
            "kind": "协会",
        },
    )
    assert response.status_code == 302
    [invitation] = smtp.messages
    assert invitation["To"] == "delta@example.cn" and "/accounts/invitation/" in _text(invitation)
    editor.post("/editor/remind/", {"deadline": "2021-09-30"})
    reminded = {m["To"] for m in smtp.messages[1:]}
    assert reminded == {"alpha@example.cn", "beta@example.cn", "delta@example.cn"}  # none has sent anything
    assert "2021 年 9 月 30 日" in smtp.messages[1]["Subject"]


def test_without_smtp_mail_is_written_under_the_project_folder(people, settings, tmp_path: Path) -> None:
    folder = tmp_path / "mail"
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(folder)},
        }
    }
    client_of(people["editor"]).post("/editor/remind/", {"deadline": "2021-09-30"})
    written = sorted(folder.glob("*.log"))
    assert written and "alpha@example.cn" in "".join(p.read_text(encoding="utf-8", errors="replace") for p in written)
