"""Reader for ``edition.toml``: the manifest becomes an :class:`EditionConfig`."""
from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from toolkit.config import EditionConfig
from toolkit.diagnostics import Diagnostics, Location
from toolkit.readers.common import SchemaCodes, read_toml, report_schema, toml_line, toml_place

MANIFEST = "edition.toml"


def read_manifest(edition_dir: Path, diagnostics: Diagnostics) -> EditionConfig | None:
    """Parse and check the manifest; ``None`` when it cannot be used at all."""
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
        report_schema(exc, EditionConfig, _CODES, diagnostics,
                      lambda problem: Location(path, *toml_place(text, problem.loc)),
                      told=lambda problem: empty and problem.loc == ("chapters",))
        return None
    if edition_dir.name.isdigit() and int(edition_dir.name) != config.year:
        diagnostics.add("MF008", Location(path, *toml_place(text, ("year",))),
                        year=config.year, folder=edition_dir.name)
    return config


_CODES = SchemaCodes(unknown="MF002", missing="MF003", invalid="MF004")


def _check_chapters(chapters: list[str], edition_dir: Path, text: str, path: Path,
                    diagnostics: Diagnostics) -> None:
    line = toml_line(text, ("chapters",))
    seen: set[str] = set()
    for entry in chapters:
        where = Location(path, *_place_of(text, entry, line))
        normalised = Path(entry).as_posix()
        if normalised in seen:
            diagnostics.add("MF006", where, file=entry)
            continue
        seen.add(normalised)
        target = (edition_dir / entry).resolve()
        if not target.is_relative_to(edition_dir.resolve()) or not target.is_file():
            diagnostics.add("MF005", where, file=entry)
    chapters_dir = edition_dir / "chapters"
    if chapters_dir.is_dir():
        for file in sorted(chapters_dir.glob("*.md")):
            relative = file.relative_to(edition_dir).as_posix()
            if relative not in seen:
                diagnostics.add("MF007", Location(file), file=relative)


def _place_of(text: str, entry: str, default: int | None) -> tuple[int | None, int | None]:
    """The line and column of a quoted chapter entry: a duplicate reports its second place."""
    hits = [(n, line.rfind(quoted) + 1) for n, line in enumerate(text.splitlines(), start=1)
            for quoted in (f'"{entry}"', f"'{entry}'") if quoted in line]
    if not hits:
        return default, None
    return hits[-1] if len(hits) > 1 else hits[0]

