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
from toolkit.readers.manifest import read_manifest

REPORT = "中国工业和信息化可持续发展报告"
"""The report's title while the open edition's manifest cannot be read."""
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
    """The report's title and the office that signs the letters (the publisher when the manifest names no
    office), as the open edition's manifest says them now: read again when it changes."""
    edition_dir = Project.at(settings.ROOT).edition_dir(year) if year else None
    manifest = edition_dir / "edition.toml" if edition_dir else None
    try:
        key = (manifest, manifest.stat().st_mtime_ns) if manifest else None
    except OSError:
        key = None
    if key is None or edition_dir is None:
        return REPORT, f"《{REPORT}》编辑部"
    if key not in _MASTHEADS:
        config = read_manifest(edition_dir, Diagnostics())
        if config is None:
            return REPORT, f"《{REPORT}》编辑部"
        _MASTHEADS.clear()
        _MASTHEADS[key] = (config.title, config.office.name or config.publisher)
    return _MASTHEADS[key]
