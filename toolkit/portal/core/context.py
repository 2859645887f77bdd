"""What every page knows: the open edition, its report and office as its manifest names them, and the
user's role in it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from toolkit.diagnostics import Diagnostics
from toolkit.portal.core.access import membership
from toolkit.project import Project
from toolkit.readers.manifest import MANIFEST, read_manifest

REPORT = "中国工业和信息化可持续发展报告"
UNREAD = (REPORT, f"《{REPORT}》编辑部")
"""The report's title and office while the open edition's manifest cannot be read."""
_MASTHEADS: dict[tuple[Path, int], tuple[str, str]] = {}


def portal(request: HttpRequest) -> dict[str, Any]:
    title, office = masthead(settings.OPEN_EDITION)
    return {
        "open_year": settings.OPEN_EDITION,
        "report_title": title,
        "office_name": office,
        "member": membership(request),
    }


def masthead(year: str) -> tuple[str, str]:
    """The report's title and the office that signs the letters, as the open edition's manifest says them
    now: read again when it changes (its modification time)."""
    if not year:
        return UNREAD
    edition_dir = Project.at(settings.ROOT).edition_dir(year)
    manifest = edition_dir / MANIFEST
    try:
        key = (manifest, manifest.stat().st_mtime_ns)
    except OSError:
        return UNREAD
    if key not in _MASTHEADS:
        config = read_manifest(edition_dir, Diagnostics())
        if config is None:
            return UNREAD
        _MASTHEADS.clear()
        _MASTHEADS[key] = (config.title, config.office_name)
    return _MASTHEADS[key]
