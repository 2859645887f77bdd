"""Feedback letters: each submitting organisation gets the problems it can fix, in Chinese.

A submitter has never seen the toolkit or the edition folder: the letter names
its case by title and the place by the template field (案例标题, 正文 ...),
says what is wrong and how to fix it, and separates what must be fixed from
what would be better fixed. What only the editors can do (placing a case in a
chapter, their registers, corrections ``compile check --fix`` makes: codes whose
audience is ``editors``) never reaches a letter. A letter stays readable: the
same problem repeated many times is listed a few times, then counted. One HTML
file per organisation, written into ``build/<year>/feedback/``; letters of
organisations that no longer have problems are removed, so the folder always
tells the current state.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from toolkit.atomic import write_atomically
from toolkit.diagnostics import Diagnostic, Diagnostics, Severity
from toolkit.messages import CATALOG, case_field_label
from toolkit.model import Edition

_LEVELS = {Severity.ERROR: ("必须修改", "must"), Severity.WARNING: ("建议修改", "should"), Severity.INFO: ("说明", "note")}
SAME_CODE_LISTED = 3
"""How many times a letter lists the same problem (code) before counting the rest."""


@dataclass(frozen=True)
class LetterItem:
    """One row of a letter."""

    level: str
    level_class: str
    where: str
    message: str
    hint: str
    code: str


def write_letters(edition: Edition, edition_dir: Path, diagnostics: Diagnostics, templates: Path,
                  folder: Path) -> list[Path]:
    """Write one letter per organisation with errors or warnings; return their paths."""
    groups: dict[str, list[Diagnostic]] = {}
    for diagnostic in diagnostics.sorted():
        if diagnostic.organisation and for_submitters(diagnostic):
            groups.setdefault(diagnostic.organisation, []).append(diagnostic)
    env = Environment(loader=FileSystemLoader(templates / "feedback"), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined)
    template = env.get_template("letter.html")
    titles = {(edition_dir / case.source.path).resolve(): case.title for case in edition.cases.values()}
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for organisation, problems in sorted(groups.items()):
        if all(d.level is Severity.INFO for d in problems):
            continue  # notes alone are not worth a letter
        items = _bounded(sorted(problems, key=_severity_first), titles)
        html = template.render(
            organisation=organisation, items=items, total=len(problems),
            must=sum(d.level is Severity.ERROR for d in problems),
            title=edition.config.title, year=edition.config.year, publisher=edition.config.publisher,
            date=f"{edition.built.year} 年 {edition.built.month} 月 {edition.built.day} 日",
            accent=edition.config.theme.accent)
        path = folder / f"{_file_name(organisation)}.html"
        write_atomically(path, html)
        written.append(path)
    for stale in folder.glob("*.html"):
        if stale not in written:
            stale.unlink()
    return written


def for_submitters(diagnostic: Diagnostic) -> bool:
    """Whether a submitter can act on the problem (else it is the editors' alone)."""
    return CATALOG[diagnostic.code].audience == "all"


def _bounded(problems: list[Diagnostic], titles: dict[Path, str]) -> list[LetterItem]:
    """The letter's rows: each code listed at most :data:`SAME_CODE_LISTED` times, then one row counting the rest."""
    listed: dict[str, int] = {}
    rest: dict[str, list[Diagnostic]] = {}
    items: list[LetterItem] = []
    for diagnostic in problems:
        if listed.get(diagnostic.code, 0) < SAME_CODE_LISTED:
            listed[diagnostic.code] = listed.get(diagnostic.code, 0) + 1
            items.append(_item(diagnostic, titles))
        else:
            rest.setdefault(diagnostic.code, []).append(diagnostic)
    for code, more in rest.items():
        label, css = _LEVELS[more[0].level]
        places = "；".join(dict.fromkeys(_where(d, titles) for d in more))
        items.append(LetterItem(level=label, level_class=css, where=places if len(places) <= 120 else places[:120] + "……",
                                message=f"另有 {len(more)} 处同类问题（与上面的 {code} 相同）",
                                hint="请按上面同类问题的修改建议一并修改。", code=code))
    return items


def _severity_first(diagnostic: Diagnostic) -> int:
    return [Severity.ERROR, Severity.WARNING, Severity.INFO].index(diagnostic.level)


def _item(diagnostic: Diagnostic, titles: dict[Path, str]) -> LetterItem:
    label, css = _LEVELS[diagnostic.level]
    return LetterItem(level=label, level_class=css, where=_where(diagnostic, titles),
                      message=diagnostic.message("zh"), hint=diagnostic.hint("zh"), code=diagnostic.code)


def _where(diagnostic: Diagnostic, titles: dict[Path, str]) -> str:
    """The place as a submitter knows it: their case's title and the template field."""
    location = diagnostic.location
    path = location.path.resolve() if location.path else None
    case = titles.get(path) if path else None
    if case:
        parts = [f"案例《{case}》"]
    elif path and path.name == "case.md":
        parts = [f"您提交的案例（编号 {path.parent.name}）"]
    elif path and path.suffix.lower() not in (".csv", ".xlsx", ".toml"):
        parts = [f"您提交的文件“{path.name}”"]
    else:
        parts = [path.name if path else ""]
    if location.field:
        label = case_field_label(location.field).zh
        parts.append(f"“{label}”栏")
    elif location.line:
        parts.append(f"第 {location.line} 行")
    if location.row is not None:
        parts.append(f"第 {location.row} 行")
    if location.column_name:
        parts.append(f"“{location.column_name}”列")
    return "，".join(p for p in parts if p)


def _file_name(organisation: str) -> str:
    """A safe file name that keeps the organisation's Chinese name readable."""
    return re.sub(r'[\\/:*?"<>|\s]+', "_", organisation).strip("._") or "organisation"
