"""Reading a whole edition folder into the model: manifest, chapters, data, images.

Everything is read before anything is written (as Pelican does), so that all
problems of all files are known before a renderer starts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from toolkit.diagnostics import Diagnostics, Location
from toolkit.model import Chapter, Edition, Figure
from toolkit.readers.cases import read_cases
from toolkit.readers.chapters import read_chapter
from toolkit.readers.images import Wanted, read_assets
from toolkit.readers.manifest import build_date, read_manifest
from toolkit.readers.memo import FileMemo, read_file
from toolkit.readers.numbering import number_captions
from toolkit.readers.organisations import read_organisations
from toolkit.readers.references import resolve_references
from toolkit.readers.submissions import read_submissions
from toolkit.readers.tables import read_tables


def read_edition(
    edition_dir: Path,
    diagnostics: Diagnostics,
    today: dt.date | None = None,
    memo: FileMemo | None = None,
    partial: bool = False,
) -> Edition | None:
    """The edition in ``edition_dir`` as a model, or ``None`` if the manifest is unusable.

    Problems in any file are added to ``diagnostics``; a chapter that cannot be
    read is left out so the others can still be checked. With a ``memo`` (``compile preview``),
    chapters and cases unchanged since the last reading are not parsed again. With ``partial``
    (checking), a manifest with wrong settings is read as far as it can be (:func:`read_manifest`),
    so that one run reports every file's problems: never use such an edition for anything but checks.
    """
    if not edition_dir.is_dir():
        diagnostics.add("ED001", Location(), path=str(edition_dir))
        return None
    config = read_manifest(edition_dir, diagnostics, partial)
    if config is None:
        return None
    chapters: list[Chapter] = []
    for entry in dict.fromkeys(config.chapters):
        path = edition_dir / entry
        if path.is_file() and path.resolve().is_relative_to(edition_dir.resolve()):
            chapter = read_file(read_chapter, path, edition_dir, diagnostics, memo)
            if chapter is not None:
                chapters.append(chapter)
    tables = read_tables(edition_dir, config.numbers, diagnostics)
    cases = read_cases(edition_dir, diagnostics, memo)
    unreadable = sorted(_names(edition_dir / "data", ("*.csv", "*.xlsx", "*.toml")) - set(tables)) + sorted(
        {p.parent.name for p in (edition_dir / "cases").glob("*/case.md")} - set(cases)
    )
    edition = Edition(
        config=config,
        chapters=chapters,
        tables=tables,
        cases=cases,
        unreadable=unreadable,
        organisations=read_organisations(edition_dir, diagnostics),
        submissions=read_submissions(edition_dir),
        built=config.date or today or build_date(),
    )
    resolve_references(edition, edition_dir, diagnostics)
    number_captions(edition)
    edition.assets = read_assets(edition_dir, _images(edition), diagnostics)
    return edition


def _names(folder: Path, patterns: tuple[str, ...]) -> set[str]:
    return {p.stem for pattern in patterns for p in folder.glob(pattern)} if folder.is_dir() else set()


def _images(edition: Edition) -> list[Wanted]:
    """Every image the edition names, with the place that names it."""
    wanted = [Wanted(block.src, block.source) for _, block in edition.walk() if isinstance(block, Figure) and block.src]
    wanted += [
        Wanted(block.src, block.source, organisation=case.organisation)
        for case, block in edition.walk_cases()
        if isinstance(block, Figure) and block.src
    ]
    for case in edition.cases.values():
        wanted.extend(Wanted(photo.src, case.source, "photos", case.organisation) for photo in case.photos)
    return wanted
