"""Draft rounds found where ``compile edition YEAR --draft`` writes them, and comments carried over to each.

A round is recorded by the build under ``build/<year>/drafts/<version>/`` (:mod:`toolkit.drafts`),
its web edition in ``html/``. :func:`discover` (the worker runs it every few seconds, the review
pages when they open) reads a round it has not seen into the database: each page's text and blocks
(:func:`toolkit.render.web_blocks.read_page`), then every comment of the rounds before is
re-anchored on it (:func:`toolkit.review.anchoring.reanchor`) and its outcome stored. Under the
edition's row lock: two processes finding the same round record it once.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max

from toolkit.diagnostics import Diagnostics
from toolkit.drafts import Round as RecordedRound
from toolkit.drafts import list_rounds
from toolkit.portal.core.models import Edition
from toolkit.portal.review.models import Anchor, Annotation, Round, RoundPage
from toolkit.project import Project
from toolkit.readers.manifest import read_manifest
from toolkit.render.web_blocks import Block, Cell, PageText, read_page
from toolkit.review.anchoring import Anchor as Placed
from toolkit.review.anchoring import Quote, context, reanchor
from toolkit.review.trace import DATA_SUFFIXES, PrintedLines

log = logging.getLogger("toolkit.portal")
SITE = "html"
"""The web edition's folder in a round's folder."""


def edition_dir(edition: Edition) -> Path:
    return Project.at(settings.ROOT).edition_dir(str(edition.year))


def output_dir(edition: Edition) -> Path | None:
    """Where edition ``edition`` is built (``build/<year>`` or the manifest's choice), if it can be read."""
    folder = edition_dir(edition)
    if not (folder / "edition.toml").is_file():
        return None
    config = read_manifest(folder, Diagnostics(), partial=True)
    return Project.at(settings.ROOT).output_dir(config) if config is not None else None


def site_of(round_: Round) -> Path | None:
    """The folder of a round's web edition on disk (``None`` when it is gone)."""
    out = output_dir(round_.edition)
    folder = out / "drafts" / round_.version / SITE if out is not None else None
    return folder if folder is not None and folder.is_dir() else None


def _natural(version: str) -> list[tuple[int, str]]:
    return [(int(p), "") if p.isdigit() else (0, p) for p in version.replace("-", ".").replace("_", ".").split(".")]


def ordered(edition: Edition) -> list[Round]:
    """The edition's rounds, oldest first: by version (2 before 10), a rebuilt version after its first build."""
    return sorted(Round.objects.filter(edition=edition), key=lambda r: (_natural(r.version), r.sequence))


def latest(edition: Edition) -> Round | None:
    rounds = ordered(edition)
    return rounds[-1] if rounds else None


def by_version(edition: Edition, version: str | None) -> Round | None:
    """The newest build of round ``version`` (``None``: the latest round)."""
    if version in (None, ""):
        return latest(edition)
    return Round.objects.filter(edition=edition, version=version).order_by("-sequence").first()


def current(round_: Round) -> bool:
    """Whether ``round_`` is the newest build of its version (an older build is superseded)."""
    return not Round.objects.filter(
        edition=round_.edition, version=round_.version, sequence__gt=round_.sequence
    ).exists()


def fingerprint(folder: Path) -> str:
    """A round's record and pages, hashed: another build of the same version gives another."""
    digest = hashlib.sha256((folder / "round.json").read_bytes())
    site = folder / SITE
    for page in sorted(site.rglob("*.html")):
        digest.update(page.relative_to(site).as_posix().encode() + b"\0" + hashlib.sha256(page.read_bytes()).digest())
    return digest.hexdigest()


_SEEN: dict[tuple[int, Path], tuple[tuple[int, ...], object]] = {}
"""Round folders this process has recorded: (edition, folder) → (their files' stamps, the round's id)."""


def _stamp(folder: Path) -> tuple[int, ...]:
    """What changes when a build replaces a round: its record's and its site folder's times, sizes and inodes."""
    record, site = (folder / "round.json").stat(), (folder / SITE).stat()
    return record.st_mtime_ns, record.st_size, record.st_ino, site.st_mtime_ns, site.st_ino


def discover(edition: Edition | None = None) -> list[Round]:
    """Record every round of ``edition`` (default: every edition) not yet seen; returns the new ones.

    Cheap when nothing changed (the files' stamps are compared before any page is read), so that
    the review pages and the API call it on every request.
    """
    made: list[Round] = []
    for each in [edition] if edition is not None else Edition.objects.all():
        out = output_dir(each)
        if out is None:
            continue
        for recorded in list_rounds(out):
            if not (recorded.folder / SITE / "index.html").is_file():
                continue  # a round built without its web edition (--format pdf)
            try:
                stamp = _stamp(recorded.folder)
                seen = _SEEN.get((each.pk, recorded.folder))
                if seen is not None and seen[0] == stamp and Round.objects.filter(pk=seen[1]).exists():
                    continue
                mark = fingerprint(recorded.folder)
            except OSError:
                continue  # being replaced by a build right now: the next look finds it whole
            known = Round.objects.filter(edition=each, version=recorded.version, fingerprint=mark).first()
            if known is not None:
                _SEEN[(each.pk, recorded.folder)] = (stamp, known.pk)
                continue
            try:
                row = _record(each, recorded, mark)
            except IntegrityError:
                row = None  # another process recorded it first
            if row is not None:
                made.append(row)
                _SEEN[(each.pk, recorded.folder)] = (stamp, row.pk)
                log.info("round %s of %s recorded (process %d)", row.version, each.year, os.getpid())
    return made


@transaction.atomic
def _record(edition: Edition, recorded: RecordedRound, mark: str) -> Round | None:
    Edition.objects.select_for_update().get(pk=edition.pk)
    if Round.objects.filter(edition=edition, version=recorded.version, fingerprint=mark).exists():
        return None
    sequence = (Round.objects.filter(edition=edition).aggregate(top=Max("sequence"))["top"] or 0) + 1
    row = Round.objects.create(
        edition=edition, version=recorded.version, date=recorded.date, fingerprint=mark, sequence=sequence
    )
    site = recorded.folder / SITE
    RoundPage.objects.bulk_create(
        [
            _page_row(row, read_page(page.read_text(encoding="utf-8"), page.relative_to(site).as_posix()))
            for page in sorted(site.rglob("*.html"))
        ]
    )
    carry_over(row)
    return row


def _page_row(round_: Round, page: PageText) -> RoundPage:
    blocks = [
        [b.source, b.hash, b.start, b.end, b.depth, b.tag, [[c.start, c.end, c.column] for c in b.cells]]
        for b in page.blocks
    ]
    return RoundPage(round=round_, path=page.path, title=page.title[:300], text=page.text, blocks=blocks)


def page_text(row: RoundPage) -> PageText:
    """A stored page as the re-anchoring reads it."""
    blocks = tuple(
        Block(s, h, start, end, depth, tag, tuple(Cell(*c) for c in cells))
        for s, h, start, end, depth, tag, cells in row.blocks
    )
    return PageText(row.path, row.title, row.text, blocks)


def pages_of(round_: Round) -> dict[str, PageText]:
    return {row.path: page_text(row) for row in RoundPage.objects.filter(round=round_)}


def page_of(round_: Round, path: str) -> PageText | None:
    row = RoundPage.objects.filter(round=round_, path=path).first()
    return page_text(row) if row is not None else None


# --- anchors ------------------------------------------------------------------------------------


def needles(text: str) -> list[str]:
    """Snippets of quoted text to find its source line by, longest first (as ``compile comments`` does)."""
    text = " ".join(text.split())
    found = [text[:n].strip() for n in (16, 8, 4)]
    return list(dict.fromkeys(n for n in found if len(n) >= 2))


def store(
    annotation: Annotation,
    round_: Round,
    placed: Placed,
    page: PageText | None,
    sources: PrintedLines | None = None,
    last_page: str = "",
) -> Anchor:
    """Record where ``annotation`` stands in ``round_``: its block, source file and line, and the state.

    An orphaned comment keeps the page it was last found on (``last_page``): it is listed there.
    """
    fields: dict = {
        "state": placed.state,
        "similarity": placed.similarity,
        "threshold": min(placed.threshold, 1.0),
        "page": last_page or annotation.page,
    }
    if placed.found and page is not None:
        prefix, suffix = context(page, placed.start, placed.end)
        fields.update(
            page=placed.page or "", start=placed.start, end=placed.end, text=placed.text, prefix=prefix, suffix=suffix
        )
        block = placed.block
        if block is not None:
            fields.update(
                block_source=block.source,
                block_hash=block.hash,
                block_start=block.start,
                source_file=block.path,
                source_line=block.line,
                column=placed.column() or "",
            )
            if not block.path.endswith(DATA_SUFFIXES):
                lines = sources or PrintedLines(edition_dir(round_.edition))
                fields["source_line"] = lines.refine(block.path, block.line or 1, needles(placed.text))
    anchor, _ = Anchor.objects.update_or_create(annotation=annotation, round=round_, defaults=fields)
    return anchor


def _source_anchor(annotation: Annotation, before: list[Round]) -> Anchor | None:
    """The anchor a comment is carried from: its latest place in the rounds ``before`` the new one."""
    anchors = {a.round_id: a for a in annotation.anchors.all()}
    for row in reversed(before):
        anchor = anchors.get(row.pk)
        if anchor is not None and anchor.found:
            return anchor
    return None


def carry_over(round_: Round, annotations: Iterable[Annotation] | None = None) -> int:
    """Re-anchor on ``round_`` the comments of the rounds before it; returns how many were carried.

    Resolved comments are carried too, shown as resolved: a reviewer sees in the next round what the
    editors did with its comments, and an editor can open one again where its text now stands.
    """
    rounds = ordered(round_.edition)
    before = rounds[: rounds.index(round_)] if round_ in rounds else rounds
    if annotations is None:
        annotations = Annotation.objects.filter(edition=round_.edition, parent=None, round__in=before).prefetch_related(
            "anchors"
        )
    pages = pages_of(round_)
    old_pages: dict[tuple[object, str], PageText | None] = {}
    sources = PrintedLines(edition_dir(round_.edition))
    carried = 0
    for annotation in annotations:
        origin = _source_anchor(annotation, before)
        if origin is None:
            placed, page, last_page = Placed("orphaned", threshold=1.0), None, ""
        else:
            last_page = origin.page
            key = (origin.round_id, origin.page)
            if key not in old_pages:
                old_pages[key] = page_of(origin.round, origin.page)
            quote = Quote(origin.page, annotation.exact, origin.prefix, origin.suffix, origin.start, origin.end)
            placed = reanchor(quote, old_pages[key], pages)
            page = pages.get(placed.page or "")
        store(annotation, round_, placed, page, sources, last_page)
        carried += 1
    return carried


def later_rounds(round_: Round) -> list[Round]:
    """The rounds after ``round_``, in order."""
    rounds = ordered(round_.edition)
    return rounds[rounds.index(round_) + 1 :] if round_ in rounds else []


def carry_forward(annotation: Annotation) -> None:
    """A comment made on an older round: carried to each later one at once."""
    for row in later_rounds(annotation.round):
        carry_over(row, [annotation])


def latest_anchor(annotation: Annotation) -> Anchor | None:
    """A comment's anchor in the latest round it was carried to."""
    anchors = list(annotation.anchors.select_related("round"))
    if not anchors:
        return None
    order = {row.pk: index for index, row in enumerate(ordered(annotation.edition))}
    return max(anchors, key=lambda a: order.get(a.round_id, -1))
