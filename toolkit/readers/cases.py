"""Reader for case submissions: ``cases/<id>/case.md`` becomes a :class:`Case`.

A case file is Markdown like a chapter; its front matter holds what the case
template asks a submitter for. Problems are attributed to the submitting
organisation, so that they reach it in its feedback letter.
"""

from __future__ import annotations

import re
from pathlib import Path

from toolkit.diagnostics import Diagnostics, Location
from toolkit.messages import case_field_label
from toolkit.model import Case, CaseFields, SourceRef
from toolkit.readers.common import read_text
from toolkit.readers.directives import ReadContext
from toolkit.readers.markdown import PARSER, BlockBuilder, FrontMatterCodes, read_front_matter
from toolkit.readers.memo import FileMemo, read_file

CASE_FILE = "case.md"
CASE_CODES = FrontMatterCodes(syntax="CS001", unknown="CS002", invalid="CS003", missing="CS004", absent="CS004")

_ORGANISATION = re.compile(r"^organisation:\s*(.+?)\s*$", re.M)


def read_cases(edition_dir: Path, diagnostics: Diagnostics, memo: FileMemo | None = None) -> dict[str, Case]:
    """Every case under ``cases/``, keyed by its folder name (unchanged ones from ``memo``, if given)."""
    cases_dir = edition_dir / "cases"
    if not cases_dir.is_dir():
        return {}
    cases: dict[str, Case] = {}
    for folder in sorted(p for p in cases_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        path = folder / CASE_FILE
        if not path.is_file():
            diagnostics.add("CS005", Location(folder), folder=folder.relative_to(edition_dir).as_posix())
            continue
        case = read_file(read_case, path, edition_dir, diagnostics, memo)
        if case is not None:
            cases[case.id] = case
    return cases


def read_case(path: Path, edition_dir: Path, diagnostics: Diagnostics) -> Case | None:
    """Read one ``case.md``; its folder name is the case's id."""
    text = read_text(path, diagnostics)
    if text is None:
        return None
    named = _ORGANISATION.search(text)
    organisation = named.group(1).strip("\"'") if named else None
    front, body = read_front_matter(
        PARSER.parse(text), path, CaseFields, CASE_CODES, diagnostics, organisation, case_field_label
    )
    if front is None:
        return None
    folder = path.parent
    case_id = folder.name
    relative = path.relative_to(edition_dir).as_posix()
    ctx = ReadContext(
        chapter_id=f"case-{case_id}",
        path=path,
        relative=relative,
        diagnostics=diagnostics,
        organisation=front.organisation,
    )
    blocks = BlockBuilder(body, ctx, text.splitlines()).blocks(close=None)
    if not blocks:
        diagnostics.add("CS006", Location(path, field="body"), organisation=front.organisation)
    folder_rel = folder.relative_to(edition_dir).as_posix()
    photos = [photo.model_copy(update={"src": f"{folder_rel}/{photo.src}"}) for photo in front.photos]
    return Case(**{**dict(front), "photos": photos}, id=case_id, blocks=blocks, source=SourceRef(path=relative, line=1))
