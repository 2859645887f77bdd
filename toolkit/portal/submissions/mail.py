"""Mail through Django's mail framework: letters, invitations and reminders.

By default the file backend writes each message under ``<root>/portal/mail/``; with
``REPORT_PORTAL_SMTP=host:port`` it goes to that SMTP server (:mod:`toolkit.portal.settings`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.urls import reverse

from toolkit.portal.submissions.models import Submission


def _recipients(submission: Submission) -> list[str]:
    addresses = [getattr(submission.submitted_by, "email", ""), submission.organisation.email]
    return sorted({a for a in addresses if a})


def send_result(submission: Submission) -> int:
    """The outcome of a check, with the letter (HTML) when there is one; returns the messages sent."""
    to = _recipients(submission)
    if not to:
        return 0
    link = settings.BASE_URL.rstrip("/") + reverse("submission", args=[submission.pk])
    title = submission.title or submission.original_name
    lines = [
        f"{submission.organisation.name}：",
        "",
        f"您于 {submission.created:%Y-%m-%d %H:%M} 提交的“{submission.original_name}”已检查完毕，"
        f"状态：{submission.get_status_display()}。",
        f"必须修改 {len(submission.errors)} 处，建议修改 {len(submission.warnings)} 处。",
        "",
    ]
    if submission.note:
        lines += ["编辑部意见：", submission.note, ""]
    lines += [f"详情和修改意见函：{link}", "", "《中国工业和信息化可持续发展报告》编辑部"]
    message = EmailMultiAlternatives(
        f"【案例征集】《{title}》检查结果：{submission.get_status_display()}", "\n".join(lines), to=to
    )
    if submission.letter:
        message.attach_alternative(submission.letter, "text/html")
    return message.send()


def send_invitation(email: str, username: str, organisation: str, link: str, year: int) -> int:
    """The one-time link where a new user sets a password (valid 7 days)."""
    if not email:
        return 0
    body = "\n".join(
        [
            f"{organisation or username}：",
            "",
            f"《中国工业和信息化可持续发展报告》{year} 年版案例征集门户已为您开通账号，用户名：{username}。",
            "请在 7 天内打开下面的链接设置密码（链接只能使用一次）：",
            link,
            "",
            "设置密码后即可登录门户，下载本单位的案例模板并上传填好的案例。",
            "",
            "《中国工业和信息化可持续发展报告》编辑部",
        ]
    )
    return EmailMultiAlternatives(f"【案例征集】{year} 年版案例征集门户账号", body, to=[email]).send()


def send_reminders(recipients: Iterable[tuple[str, list[str]]], year: int, deadline: str) -> int:
    """One reminder per organisation that has not submitted: (organisation, addresses)."""
    link = settings.BASE_URL.rstrip("/") + reverse("submissions")
    messages = [
        EmailMultiAlternatives(
            f"【案例征集】提醒：请于 {deadline} 前提交 {year} 年版案例",
            "\n".join(
                [
                    f"{name}：",
                    "",
                    f"《中国工业和信息化可持续发展报告》{year} 年版的案例征集将于 {deadline} 截止，"
                    "编辑部尚未收到贵单位的案例。",
                    f"请登录门户下载模板并上传：{link}",
                    "",
                    "《中国工业和信息化可持续发展报告》编辑部",
                ]
            ),
            to=to,
        )
        for name, to in recipients
        if to
    ]
    if not messages:
        return 0
    return mailers.default.send_messages(messages) or 0
