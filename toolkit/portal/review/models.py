"""Draft rounds as reviewers read them, and their comments (W3C Web Annotations) anchored in each round."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from toolkit.portal.core.models import Edition


class Round(models.Model):
    """A draft round's web edition as the portal found it (``build/<year>/drafts/<version>/html``).

    A round built again under the same version is a new row (another ``fingerprint``): the comments
    are carried over to it as to the next round, and the newest row of a version is the one shown.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="rounds")
    version = models.CharField("稿次", max_length=40)
    date = models.DateField("日期")
    fingerprint = models.CharField(max_length=64)
    """SHA-256 of the round's record and pages: a rebuilt round has another."""
    sequence = models.PositiveIntegerField()
    """Order of discovery within the edition."""
    found = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["edition", "version", "fingerprint"], name="one_row_per_build"),
            models.UniqueConstraint(fields=["edition", "sequence"], name="one_sequence_per_edition"),
        ]
        ordering = ["edition", "sequence"]
        verbose_name = verbose_name_plural = "审阅稿次"

    def __str__(self) -> str:
        return f"{self.edition.year} 年版第 {self.version} 稿"

    @property
    def label(self) -> str:
        return f"第 {self.version} 稿（{self.date.isoformat()}）"


class RoundPage(models.Model):
    """One page of a round's web edition: its text and blocks (:class:`toolkit.render.web_blocks.PageText`)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="pages")
    path = models.CharField(max_length=300)
    title = models.CharField(max_length=300, blank=True)
    text = models.TextField()
    blocks = models.JSONField(default=list)
    """``[source, hash, start, end, depth, tag, [[start, end, column], …]]`` per block."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "path"], name="one_page_per_path")]


class Annotation(models.Model):
    """A reviewer's comment on a quoted passage, or a reply to one (``parent``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="annotations")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="made")
    """The round it was written on."""
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    author_name = models.CharField("作者", max_length=150)
    body = models.TextField("批注")
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.CharField(max_length=150, blank=True)
    # what the reviewer quoted, in the round it was written on (a reply quotes nothing)
    page = models.CharField(max_length=300, blank=True)
    exact = models.TextField(blank=True)
    prefix = models.CharField(max_length=200, blank=True)
    suffix = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["created"]
        verbose_name = verbose_name_plural = "审阅批注"

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None


class State(models.TextChoices):
    KEPT = "kept", "原处"
    MOVED = "moved", "已移动"
    CHANGED = "changed", "原文已改动"
    ORPHANED = "orphaned", "原文已删除"


class Anchor(models.Model):
    """Where a comment stands in one round (the round it was written on, and each later one it was carried to)."""

    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="anchors")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="anchors")
    state = models.CharField(max_length=10, choices=State.choices)
    page = models.CharField(max_length=300, blank=True)
    start = models.PositiveIntegerField(default=0)
    end = models.PositiveIntegerField(default=0)
    text = models.TextField(blank=True)
    """The text it stands on in this round."""
    prefix = models.CharField(max_length=200, blank=True)
    suffix = models.CharField(max_length=200, blank=True)
    block_source = models.CharField(max_length=400, blank=True)
    block_hash = models.CharField(max_length=16, blank=True)
    block_start = models.PositiveIntegerField(default=0)
    """Where the block starts in the page's text (the TextPositionSelector is relative to it)."""
    source_file = models.CharField(max_length=400, blank=True)
    source_line = models.PositiveIntegerField(null=True, blank=True)
    column = models.CharField(max_length=200, blank=True)
    similarity = models.FloatField(default=1.0)
    threshold = models.FloatField(default=1.0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["annotation", "round"], name="one_anchor_per_round")]
        ordering = ["source_file", "source_line", "start"]

    @property
    def found(self) -> bool:
        return self.state != State.ORPHANED

    def location(self) -> str:
        """``chapters/08-outlook.md:12``, ``data/x.csv:5 “2019”``, or ``?`` when orphaned."""
        if not self.source_file:
            return "?"
        where = f"{self.source_file}:{self.source_line}" if self.source_line else self.source_file
        return f"{where} “{self.column}”" if self.column else where
