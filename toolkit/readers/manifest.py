"""Reader for ``edition.toml``: the manifest becomes an :class:`EditionConfig`."""

from __future__ import annotations

import copy
import datetime as dt
import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from toolkit.config import EditionConfig
from toolkit.diagnostics import Diagnostics, Location, suggestion
from toolkit.readers.common import SchemaCodes, read_toml, report_schema, toml_line, toml_place

MANIFEST = "edition.toml"


def read_manifest(edition_dir: Path, diagnostics: Diagnostics, partial: bool = False) -> EditionConfig | None:
    """Parse and check the manifest; ``None`` when it cannot be used at all.

    With ``partial`` (``compile check``, the build's check, the preview), a manifest whose settings are
    wrong still gives what can be read of it, so that the chapters, tables and cases are checked in the
    same run: its valid settings, defaults for wrong ones, placeholders for missing ones, and the
    chapters in ``chapters/`` in name order when it names none (MF011). Its problems are errors all the
    same, so nothing is built from it. Only a file that cannot be parsed stops the reading.
    """
    path = edition_dir / MANIFEST
    if not path.is_file():
        diagnostics.add("ED002", Location(edition_dir))
        return None
    parsed = read_toml(path, "MF001", diagnostics)
    if parsed is None:
        return None
    text, raw = parsed
    chapters = raw.get("chapters")
    if isinstance(chapters, list) and all(isinstance(c, str) for c in chapters):
        # Checked even when other settings are wrong, so that all problems show at once.
        _check_chapters(chapters, edition_dir, text, path, diagnostics)
    try:
        config = EditionConfig.model_validate(raw)
    except ValidationError as exc:
        empty = chapters == []
        if empty:
            diagnostics.add("MF009", Location(path, *toml_place(text, ("chapters",))))
        report_schema(
            exc,
            EditionConfig,
            _CODES,
            diagnostics,
            lambda problem: Location(path, *toml_place(text, problem.loc)),
            told=lambda problem: empty and problem.loc == ("chapters",),
        )
        return _what_can_be_read(raw, exc, edition_dir, text, diagnostics) if partial else None
    if edition_dir.name.isdigit() and int(edition_dir.name) != config.year:
        diagnostics.add(
            "MF008", Location(path, *toml_place(text, ("year",))), year=config.year, folder=edition_dir.name
        )
    return config


_CODES = SchemaCodes(unknown="MF002", missing="MF003", invalid="MF004")
_DROPPED = object()


def _what_can_be_read(
    raw: dict[str, Any], exc: ValidationError, edition_dir: Path, text: str, diagnostics: Diagnostics
) -> EditionConfig | None:
    """The manifest without its wrong settings (their defaults apply), with placeholders for the missing
    required ones and, when it lists no usable chapter, the chapter files in name order (MF011)."""
    usable = copy.deepcopy(raw)
    for error in exc.errors():
        _mark(usable, tuple(error["loc"]))
    usable = _without_marked(usable)
    for key, value in _placeholders(edition_dir, usable).items():
        usable.setdefault(key, value)
    if not usable.get("chapters"):
        found = _chapter_files(edition_dir)
        usable["chapters"] = found
        diagnostics.add("MF011", Location(edition_dir / MANIFEST, *toml_place(text, ("chapters",))), count=len(found))
    try:
        return EditionConfig.model_validate(usable)
    except ValidationError:
        return None


def _chapter_files(edition_dir: Path) -> list[str]:
    """The Markdown files in ``chapters/``, in name order, as the manifest names them."""
    return sorted(p.relative_to(edition_dir).as_posix() for p in (edition_dir / "chapters").glob("*.md"))


def _mark(data: Any, loc: tuple[str | int, ...]) -> None:
    """Put :data:`_DROPPED` where a wrong value is (a missing one has nothing to drop)."""
    for depth, part in enumerate(loc):
        last = depth == len(loc) - 1
        if isinstance(data, dict) and part in data:
            if last:
                data[part] = _DROPPED
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            if last:
                data[part] = _DROPPED
            data = data[part]
        else:
            return


def _without_marked(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _without_marked(v) for k, v in data.items() if v is not _DROPPED}
    if isinstance(data, list):
        return [_without_marked(v) for v in data if v is not _DROPPED]
    return data


def build_date() -> dt.date:
    """Today, or the day ``SOURCE_DATE_EPOCH`` names (reproducible builds without a manifest date)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def _placeholders(edition_dir: Path, usable: dict[str, Any]) -> dict[str, Any]:
    """Stand-ins for required settings that are missing or wrong: never built into a report, since their
    errors stop the build (``compile text`` and the preview show them beside the errors)."""
    date = usable.get("date")
    year = (
        int(edition_dir.name)
        if edition_dir.name.isdigit() and 2000 <= int(edition_dir.name) <= 2100
        else date.year
        if isinstance(date, dt.date)
        else build_date().year
    )
    return {"title": edition_dir.name, "year": year, "edition_number": 1, "publisher": "—"}


def _check_chapters(chapters: list[str], edition_dir: Path, text: str, path: Path, diagnostics: Diagnostics) -> None:
    line = toml_line(text, ("chapters",))
    seen: set[str] = set()
    files = _chapter_files(edition_dir)
    unlisted = [f for f in files if f not in {Path(c).as_posix() for c in chapters}]
    for entry in chapters:
        where = Location(path, *_place_of(text, entry, line))
        normalised = Path(entry).as_posix()
        if normalised in seen:
            diagnostics.add("MF006", where, file=entry)
            continue
        seen.add(normalised)
        target = (edition_dir / entry).resolve()
        if not target.is_relative_to(edition_dir.resolve()) or not target.is_file():
            diagnostics.add("MF005", where, file=entry, suggestion=suggestion(entry, unlisted, nearest=3, listed=10))
    if chapters:  # none listed is MF009's, and then they are read in name order (MF011)
        for relative in files:
            if relative not in seen:
                diagnostics.add("MF007", Location(edition_dir / relative), file=relative)


def _place_of(text: str, entry: str, default: int | None) -> tuple[int | None, int | None]:
    """The line and column of a quoted chapter entry: a duplicate reports its second place."""
    hits = [
        (n, line.rfind(quoted) + 1)
        for n, line in enumerate(text.splitlines(), start=1)
        for quoted in (f'"{entry}"', f"'{entry}'")
        if quoted in line
    ]
    if not hits:
        return default, None
    return hits[-1] if len(hits) > 1 else hits[0]
