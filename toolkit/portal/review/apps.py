from __future__ import annotations

from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "toolkit.portal.review"
    label = "portal_review"
    verbose_name = "门户：审阅"
