"""The fields of the case template, defined once for the writer and the reader.

A field is found again in a filled form by the label in the table's left
column (labels survive Word, WPS and LibreOffice, where tags of content
controls do not), so labels are unique and the reader forgives spacing, the
required-field star and a trailing colon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from toolkit.messages import case_field_label
from toolkit.model.domain import ORGANISATION_KINDS

TEMPLATE_VERSION = "3"
"""Bumped whenever the fields change; printed in the template and checked on ingestion."""
PHOTO_SLOTS = 3

FieldKind = Literal["text", "paragraphs", "choice", "image", "numbers", "yesno", "date"]


@dataclass(frozen=True)
class FormField:
    """One row of the form; its label is the field's name in :data:`toolkit.messages.CASE_FIELDS`."""

    key: str
    """Where the value goes in the case: ``title``, ``photos.0.caption``, ``contact.phone`` ..."""
    hint: str
    """Grey text in the empty cell, telling what to write; removed when read back."""
    group: str
    kind: FieldKind = "text"
    required: bool = False
    choices: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """What the form's left column says: 案例标题, 照片一图注 ..."""
        return case_field_label(self.key).zh

    @property
    def printed_label(self) -> str:
        """The label with the required star."""
        return f"{self.label}*" if self.required else self.label


def _photo_fields() -> list[FormField]:
    fields: list[FormField] = []
    for index in range(PHOTO_SLOTS):
        fields += [
            FormField(
                f"photos.{index}.src", "请把照片粘贴在此格内（JPG 或 PNG 原图，宽度不少于 2000 像素）", "照片", "image"
            ),
            FormField(f"photos.{index}.caption", "一两句话说明照片内容", "照片"),
            FormField(f"photos.{index}.credit", "摄影者或提供单位", "照片"),
        ]
    return fields


FIELDS: list[FormField] = [
    FormField("ref", "首次提交不填；修改后再次提交时，填写修改意见函中的登记号", "基本信息"),
    FormField("title", "不超过 30 个字", "基本信息", required=True),
    FormField("organisation", "单位全称，例如：国网浙江省电力有限公司", "基本信息", required=True),
    FormField(
        "organisation_kind",
        "部委 / 地方 / 协会 / 企业 / 其他（请只保留一项）",
        "基本信息",
        "choice",
        required=True,
        choices=ORGANISATION_KINDS,
    ),
    FormField("section", "请从填写说明列出的章节中选一项", "基本信息", "choice"),
    FormField("sdgs", "填写编号，可多项，例如：9、12（见文末附表）", "基本信息", "numbers"),
    FormField("body", "150—600 字，可分段；数字请写明年份", "案例内容", "paragraphs", required=True),
    *_photo_fields(),
    FormField("quote.text", "可选：一段有代表性的原话", "引语"),
    FormField("quote.speaker", "讲话人姓名", "引语"),
    FormField("quote.role", "单位及职务，例如：中联重科土方机械公司项目负责人", "引语"),
    FormField("sources", "文中数字的出处", "数据来源与联系人"),
    FormField("as_of", "文中数字截至哪一天，例如：2022 年 9 月 30 日", "数据来源与联系人", "date"),
    FormField("contact.name", "仅供编辑部核实，不会印在报告中", "数据来源与联系人", required=True),
    FormField("contact.phone", "手机或座机", "数据来源与联系人"),
    FormField("contact.email", "name@example.com", "数据来源与联系人"),
    FormField("consent", "是 / 否（请只保留一项）", "发表确认", "yesno", required=True, choices=("是", "否")),
]

CASE_KEYS = {field.key.split(".")[0] for field in FIELDS} - {"ref"}
"""The fields that become the case's front matter; ``ref`` (登记号) names the submission it revises."""
BY_LABEL = {field.label: field for field in FIELDS}
BY_KEY = {field.key: field for field in FIELDS}
GROUPS = list(dict.fromkeys(field.group for field in FIELDS))


def normalise_label(text: str) -> str:
    """A label as typed or left in a filled form, compared without decoration."""
    return re.sub(r"[\s*＊:：（）()必填]+", "", text)


FORMER_TEXT = [
    "4.“所属章节”请从下面列出的章节中选一项；“可持续发展目标”请填写文末附表中的编号。",
    "2.带 * 的栏目必须填写。案例正文 150—600 字，可以分段；文中的数字请写明年份，并在“数据来源”栏注明出处。",
    "6.填写完成后请保存为 .docx 格式（不要另存为 .doc、.wps 或 PDF），文件名为“单位名称-案例标题.docx”，发送给编辑部。",
]
"""Paragraphs of earlier templates (version 2): template text, not the submitter's, when read back."""


def instructions(sections_listed: bool) -> list[str]:
    """The template's instructions; the one on “所属章节” points at the list only when there is one."""
    section = (
        "“所属章节”请从下面“可选章节”中选一项，照抄节名即可（粗体是所在章的标题）"
        if sections_listed
        else "“所属章节”可以不填，由编辑部安排"
    )
    return [
        "请只在表格右侧的空白格内填写，不要修改左侧的栏目名称，也不要增删表格的行；灰色文字是填写提示，填写时直接覆盖即可。",
        "带 * 的栏目必须填写。案例正文 150—600 字，可以分段；文中的数字请写明年份，并在“数据来源”栏注明出处，"
        "在“数据截至日期”栏写明数字截至哪一天（如 2022 年 9 月 30 日）。",
        "照片请直接粘贴到“照片”格内（JPG 或 PNG 原图，宽度不少于 2000 像素，不要截图或压缩），并填写对应的图注和来源。",
        f"{section}；“可持续发展目标”请填写文末附表中的编号。",
        "联系人信息仅供编辑部核实，不会印在报告中。请在“同意发表”栏保留“是”，表示同意在报告中公开发表本案例。",
        "填写完成后请保存为 .docx 格式（不要另存为 .doc、.wps 或 PDF），"
        "文件名为“单位名称-案例标题.docx”，发送给编辑部。"
        "按修改意见函修改后再次提交时，请在“登记号”栏填写函中的登记号。",
    ]
