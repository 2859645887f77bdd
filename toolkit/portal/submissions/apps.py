from __future__ import annotations

from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "toolkit.portal.submissions"
    label = "portal_submissions"
    verbose_name = "门户：案例提交"
