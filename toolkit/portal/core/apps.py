from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "toolkit.portal.core"
    label = "portal_core"
    verbose_name = "门户：版本、单位与成员"

    def ready(self) -> None:
        from toolkit.portal.core import audit  # noqa: F401  (connects the login signals)
