"""A submission: one uploaded file, kept byte for byte, and what its check found."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from toolkit.portal.core.models import Edition, Organisation


class Status(models.TextChoices):
    """The portal's statuses: the register's four (``submissions.toml``) and the two before a check ends."""

    QUEUED = "queued", "排队中"
    CHECKING = "checking", "检查中"
    RECEIVED = "received", "已收到"
    NEEDS_CHANGES = "needs-changes", "待修改"
    ACCEPTED = "accepted", "已采用"
    WITHDRAWN = "withdrawn", "已撤回"
    FAILED = "failed", "处理出错"


PENDING = (Status.QUEUED, Status.CHECKING)
REGISTER_STATUSES = (Status.RECEIVED, Status.NEEDS_CHANGES, Status.ACCEPTED, Status.WITHDRAWN)


class Submission(models.Model):
    """One uploaded file of an organisation for an edition."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="submissions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="submissions")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    original_name = models.CharField("文件名", max_length=255)
    """The name as sent, shown as sent and never used as a path."""
    stored_name = models.CharField(max_length=100, unique=True)
    """Where the bytes are in the uploads storage: a generated name."""
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    created = models.DateTimeField("上传时间", auto_now_add=True, db_index=True)
    checked = models.DateTimeField("检查时间", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True)
    version = models.PositiveIntegerField("版本", default=1)
    ref = models.CharField("登记号", max_length=20, blank=True, db_index=True)
    """The register's 登记号: the same for every version of one case."""
    case_id = models.CharField("案例编号", max_length=100, blank=True)
    title = models.CharField("案例标题", max_length=300, blank=True)
    section = models.CharField("所属章节", max_length=100, blank=True)
    section_title = models.CharField(max_length=300, blank=True)
    chapter_file = models.CharField(max_length=300, blank=True)
    sdgs = models.JSONField("可持续发展目标", default=list, blank=True)
    organisation_kind = models.CharField("单位类型", max_length=10, blank=True)
    errors = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    letter = models.TextField(blank=True)
    """The letter as the library wrote it (HTML), or empty when there is nothing to fix."""
    letter_data = models.JSONField(default=dict, blank=True)
    """The same letter as data (:meth:`toolkit.feedback.Letter.as_dict`): written again with the editors' note."""
    note = models.TextField("编辑部意见", blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created"]
        verbose_name = verbose_name_plural = "提交"
        indexes = [models.Index(fields=["edition", "organisation", "created"])]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.original_name} · {self.get_status_display()}"

    @property
    def pending(self) -> bool:
        return self.status in PENDING

    @property
    def withdrawable(self) -> bool:
        """A submitter may withdraw it until the editors accept it."""
        return self.status not in (Status.ACCEPTED, Status.WITHDRAWN)


class WorkerBeat(models.Model):
    """A task worker's sign of life: a check it holds is queued again once its beat stops."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    seen = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "检查进程"
