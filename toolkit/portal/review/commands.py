"""``compile comments YEAR [FILE.docx] --portal``: the web draft's comments beside a reviewed DOCX's, by file and line.

The portal's database is read where ``compile portal serve`` keeps it (``<root>/portal/portal.sqlite3``,
or ``--database`` / ``DATABASE_URL``); a round built since the portal last looked is recorded first,
its comments re-anchored, as the running portal would within a minute.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from toolkit.diagnostics import Diagnostics, Location
from toolkit.errors import InputProblems
from toolkit.messages import Language
from toolkit.portal.environment import PortalPlace
from toolkit.project import Project
from toolkit.review.comments import Remark
from toolkit.review.trace import CommentsReport, edition_config, merge_remarks, trace_comments, write_remarks


def comments_with_portal(
    project: Project,
    year: str,
    reviewed: Path | None,
    lang: Language = "zh",
    out_dir: Path | None = None,
    write_csv: bool = True,
    database: str | None = None,
    version: str | None = None,
) -> CommentsReport:
    """The remarks of ``reviewed`` (if given) and the portal's web comments of round ``version`` (default:
    the latest)."""
    word = trace_comments(project, year, reviewed, lang, out_dir, write_csv=False) if reviewed is not None else None
    diagnostics = word.diagnostics if word is not None else Diagnostics()
    config = edition_config(project, year, diagnostics)
    web, label = portal_remarks(project, year, database, version, diagnostics)
    remarks = merge_remarks(word.remarks if word is not None else [], web)
    report = CommentsReport(reviewed or Path(label), remarks, diagnostics)
    if write_csv:
        stem = f"{reviewed.stem}-{label}" if reviewed is not None else label
        report.csv = write_remarks(project.output_dir(config, out_dir), stem, remarks, lang)
    return report


def portal_remarks(
    project: Project, year: str, database: str | None, version: str | None, diagnostics: Diagnostics
) -> tuple[list[Remark], str]:
    """The web comments of the round as remarks, and a name for them (``网页批注-第2稿``)."""
    place = PortalPlace(project.root, year, database or os.environ.get("DATABASE_URL"))
    if not place.database and not place.sqlite.is_file():
        diagnostics.add("RV005", Location(), path=str(place.sqlite), year=year)
        return [], "网页批注"
    place.activate()
    import django
    from django.core.management import call_command
    from django.db import OperationalError

    django.setup()
    # the portal's own log lines (a round found and recorded) are for the server's log, in English; this
    # command prints a Chinese listing: here they are kept to warnings, for the whole command
    portal_log = logging.getLogger("toolkit.portal")
    level = portal_log.level
    portal_log.setLevel(logging.WARNING)
    try:
        call_command("migrate", verbosity=0, interactive=False)
        return _remarks(year, version, diagnostics)
    except OperationalError as exc:
        problems = Diagnostics()
        problems.add(
            "PO003",
            Location(),
            database=place.database or str(place.sqlite),
            reason=str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__,
        )
        raise InputProblems(problems) from exc
    finally:
        portal_log.setLevel(level)


def _remarks(year: str, version: str | None, diagnostics: Diagnostics) -> tuple[list[Remark], str]:
    from toolkit.portal.core.models import Edition
    from toolkit.portal.review import rounds
    from toolkit.portal.review.api import listing
    from toolkit.portal.review.export import remarks_of
    from toolkit.portal.review.models import State

    edition = Edition.objects.filter(year=int(year)).first() if year.isdigit() else None
    if edition is not None:
        rounds.discover(edition)
    row = rounds.by_version(edition, version) if edition is not None else None
    if row is None:
        which = f"第 {version} 稿" if version else "征求意见稿"
        diagnostics.add(
            "RV006", Location(), year=year, which=which, which_en=f"round {version}" if version else "draft round"
        )
        return [], "网页批注"
    found = listing(row)
    orphaned = sum(1 for a, anchor in found if anchor.state == State.ORPHANED and not a.resolved)
    changed = sum(1 for _, anchor in found if anchor.state == State.CHANGED)
    if orphaned:
        diagnostics.add("RV007", Location(), count=orphaned, version=row.version)
    if changed:
        diagnostics.add("RV008", Location(), count=changed, version=row.version)
    return remarks_of(row, found), f"网页批注-第{row.version}稿"
