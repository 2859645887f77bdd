"""A round's web comments as tables: the portal's own CSV, and the remarks of ``compile comments``."""

from __future__ import annotations

import csv
import io

from django.utils import timezone

from toolkit.portal.review.models import Anchor, Annotation, Round, State
from toolkit.review.comments import Remark

HEADINGS = [
    "稿次",
    "页面",
    "源文件",
    "行",
    "列",
    "所引原文",
    "现在的文字",
    "前文",
    "后文",
    "批注",
    "审阅人",
    "时间",
    "定位",
    "已处理",
    "处理人",
    "回复",
    "编号",
]


def rows_csv(round_: Round, found: list[tuple[Annotation, Anchor]]) -> str:
    """One row per comment and per reply (a reply under its comment, its text in 批注)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADINGS)
    for annotation, anchor in found:
        where = [anchor.source_file, anchor.source_line or "", anchor.column] if anchor.found else ["", "", ""]
        writer.writerow(
            [
                round_.version,
                anchor.page or annotation.page,
                *where,
                annotation.exact,
                anchor.text if anchor.found else "",
                anchor.prefix,
                anchor.suffix,
                annotation.body,
                annotation.author_name,
                timezone.localtime(annotation.created).strftime("%Y-%m-%d %H:%M"),
                State(anchor.state).label,
                "是" if annotation.resolved else "",
                annotation.resolved_by,
                "",
                str(annotation.pk),
            ]
        )
        for answer in annotation.replies.all():
            writer.writerow(
                [
                    round_.version,
                    anchor.page or annotation.page,
                    *where,
                    "",
                    "",
                    "",
                    "",
                    answer.body,
                    answer.author_name,
                    timezone.localtime(answer.created).strftime("%Y-%m-%d %H:%M"),
                    "",
                    "",
                    "",
                    str(annotation.pk),
                    str(answer.pk),
                ]
            )
    return out.getvalue()


def remarks_of(round_: Round, found: list[tuple[Annotation, Anchor]]) -> list[Remark]:
    """The comments as ``compile comments`` lists a reviewed DOCX's: numbered, replies pointing at their comment."""
    remarks: list[Remark] = []
    for annotation, anchor in found:
        number = len(remarks) + 1
        placed = anchor.found
        remarks.append(
            Remark(
                number,
                "comment",
                annotation.author_name,
                timezone.localtime(annotation.created),
                text=annotation.exact,
                comment=annotation.body,
                resolved=annotation.resolved,
                path=anchor.source_file if placed else None,
                line=anchor.source_line if placed else None,
                column=(anchor.column or None) if placed else None,
                context=(anchor.prefix + anchor.text + anchor.suffix)
                if placed
                else annotation.prefix + annotation.exact + annotation.suffix,
                origin="web",
                state=anchor.state,
                now=anchor.text if anchor.state == State.CHANGED else "",
            )
        )
        for answer in annotation.replies.all():
            remarks.append(
                Remark(
                    len(remarks) + 1,
                    "comment",
                    answer.author_name,
                    timezone.localtime(answer.created),
                    comment=answer.body,
                    reply_to=number,
                    path=remarks[number - 1].path,
                    line=remarks[number - 1].line,
                    column=remarks[number - 1].column,
                    origin="web",
                )
            )
    return remarks
