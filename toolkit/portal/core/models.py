"""The portal's people and places: editions, organisations, memberships, the audit log."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Edition(models.Model):
    """An edition of the report that collects cases (``editions/<year>/``)."""

    year = models.PositiveIntegerField("年份", unique=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = verbose_name_plural = "版本"

    def __str__(self) -> str:
        return f"{self.year} 年版"


class Organisation(models.Model):
    """A submitting organisation: its name is the one its cases carry (提交单位)."""

    KINDS = [(k, k) for k in ("部委", "地方", "协会", "企业", "其他")]
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField("单位全称", max_length=200, unique=True)
    kind = models.CharField("单位类型", max_length=10, choices=KINDS, blank=True)
    email = models.EmailField("联系邮箱", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = "单位"

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    SUBMITTER = "submitter", "提交单位"
    EDITOR = "editor", "编辑"
    REVIEWER = "reviewer", "审阅人"


class Membership(models.Model):
    """A user's role in one edition (and, for a submitter, the organisation it speaks for)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("角色", max_length=10, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "edition"], name="one_role_per_edition"),
            models.CheckConstraint(
                condition=~models.Q(role="submitter") | models.Q(organisation__isnull=False),
                name="submitter_has_organisation",
            ),
        ]
        verbose_name = verbose_name_plural = "成员"

    def __str__(self) -> str:
        return f"{self.user} · {self.edition} · {self.get_role_display()}"


class AuditEvent(models.Model):
    """One state change: who, when, from where, what."""

    ACTIONS = [
        ("upload", "上传"),
        ("checked", "检查完成"),
        ("status", "改变状态"),
        ("withdraw", "撤回"),
        ("invite", "邀请"),
        ("password", "设置密码"),
        ("login", "登录"),
        ("login-failed", "登录失败"),
        ("reminder", "催交提醒"),
        ("export", "导出登记表"),
        ("comment", "审阅批注"),
        ("reply", "回复批注"),
        ("comment-edited", "修改批注"),
        ("comment-deleted", "删除批注"),
        ("resolve", "批注已处理"),
        ("reopen", "重新打开批注"),
    ]
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    actor_name = models.CharField("用户", max_length=150, blank=True)
    action = models.CharField("操作", max_length=20, choices=ACTIONS)
    target = models.CharField("对象", max_length=300, blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)
    address = models.GenericIPAddressField("来源地址", null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = verbose_name_plural = "操作记录"
