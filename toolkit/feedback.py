"""Feedback letters: each submitting organisation gets the problems it can fix, in Chinese.

A submitter has never seen the toolkit or the edition folder: the letter names
its case by title and the place by the template field (案例标题, 正文 ...) by its
label alone, says what is wrong and how to fix it, and separates what must be fixed from
what would be better fixed. What only the editors can do (placing a case in a
chapter, their registers, corrections ``compile check --fix`` makes: codes whose
audience is ``editors``) never reaches a letter. A letter stays readable: the
same problem repeated many times is listed a few times, then counted.

A letter is data first (:class:`Letter`: what a web portal stores and shows), then HTML
(:func:`render_letter`). It is dated the day it is written and ends with whom to ask at the
editorial office (``[office]`` in the manifest: name, person, e-mail, phone); an edition that sends
letters without them is told so at its manifest (MF017). :func:`submission_letter` answers one
submission (every note included); :func:`write_letters` writes one HTML file per organisation
into ``build/<year>/feedback/``; letters of organisations that no longer have problems are
removed, so the folder always tells the current state.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from toolkit.atomic import write_atomically
from toolkit.config import OfficeConfig
from toolkit.diagnostics import Diagnostic, Diagnostics, Location, Severity
from toolkit.messages import CATALOG, FieldName, Language, Text, case_field_label
from toolkit.model import Edition

_LEVELS = {
    Severity.ERROR: ("必须修改", "must"),
    Severity.WARNING: ("建议修改", "should"),
    Severity.INFO: ("说明", "note"),
}
SAME_CODE_LISTED = 3
"""How many times a letter lists the same problem (code) before counting the rest."""
MANIFEST = "edition.toml"
_OFFICE_KEYS = {
    "name": Text("编辑部名称", "the office's name"),
    "person": Text("联系人姓名", "contact person"),
    "email": Text("电子邮箱", "e-mail address"),
    "phone": Text("电话（含区号）", "telephone with area code"),
}


@dataclass(frozen=True)
class LetterItem:
    """One row of a letter."""

    level: str
    level_class: str
    where: str
    message: str
    hint: str
    code: str


@dataclass(frozen=True)
class Subject:
    """A submission a letter answers: the file sent, its case's title, its 登记号 and version."""

    file: str
    title: str
    ref: str
    version: int
    accepted: bool
    """Whether the case was taken in (else it waits for a corrected version)."""


Via = Literal["mail", "portal"]
"""How a corrected version reaches the office (:attr:`Letter.via`)."""


@dataclass(frozen=True)
class Letter:
    """A feedback letter as data: what a portal stores, what :func:`render_letter` prints."""

    organisation: str
    edition_title: str
    year: int
    date: dt.date
    """The day the letter is written."""
    office: OfficeConfig
    items: list[LetterItem]
    total: int
    """Problems found (rows count repeated ones once each)."""
    must: int
    """Errors among them: the case is not taken in until they are fixed."""
    should: int
    subjects: list[Subject] = field(default_factory=list)
    accent: str = "#1f5f8b"
    note: str = ""
    """The editors' own words on the submission (asking for changes in the portal): printed as written."""
    via: Via = "mail"
    """How a corrected version reaches the office: sent by mail with its 登记号 (``mail``), or uploaded to the
    submission portal, which matches it to the case itself (``portal``): the letter asks for what the
    submitter will actually do."""

    @property
    def date_text(self) -> str:
        """The date as a Chinese letter writes it: 2022 年 7 月 15 日."""
        return f"{self.date.year} 年 {self.date.month} 月 {self.date.day} 日"

    @property
    def signature(self) -> str:
        """Who signs: the editorial office (the publisher, when the manifest names no office)."""
        return self.office.name

    @property
    def contact(self) -> str:
        """Whom to ask, as the letter's closing says it: 联系人 王编辑，电话 …，电子邮箱 …."""
        parts = [
            f"联系人 {self.office.person}" if self.office.person else "",
            f"电话 {self.office.phone}" if self.office.phone else "",
            f"电子邮箱 {self.office.email}" if self.office.email else "",
        ]
        return "，".join(p for p in parts if p)

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form (dates as ISO strings), for a portal to store."""
        data = asdict(self)
        data.update(date=self.date.isoformat(), office=self.office.model_dump())
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Letter:
        """The letter :meth:`as_dict` stored."""
        return cls(
            **{
                **data,
                "date": dt.date.fromisoformat(data["date"]),
                "office": OfficeConfig(**data["office"]),
                "items": [LetterItem(**item) for item in data["items"]],
                "subjects": [Subject(**subject) for subject in data.get("subjects", [])],
            }
        )


def office_problem(edition: Edition, edition_dir: Path, severity: Severity | None = None) -> Diagnostic | None:
    """MF017 at the manifest when the office's name, person, e-mail or phone is missing, with the TOML to add."""
    office = edition.config.office
    missing = office.missing
    if not missing:
        return None
    manifest = edition_dir / MANIFEST
    lines = manifest.read_text(encoding="utf-8-sig").splitlines() if manifest.is_file() else []
    line = next((n for n, text in enumerate(lines, start=1) if re.match(r"^\s*\[office\]", text)), None)
    keys = Text(
        "、".join(f"office.{key}（{_OFFICE_KEYS[key].zh}）" for key in missing),
        ", ".join(f"office.{key} ({_OFFICE_KEYS[key].en})" for key in missing),
    )
    name = edition.config.office_name
    toml = Text(_office_toml(office, name, "zh"), _office_toml(office, name, "en"))
    return Diagnostic("MF017", Location(manifest, line), {"keys": keys, "toml": toml}, severity)


def _office_toml(office: OfficeConfig, name: str, lang: Language) -> str:
    values = {"name": name, **{key: getattr(office, key) for key in ("person", "email", "phone")}}
    rows = ["[office]"]
    for key, value in values.items():
        rows.append(f'{key} = "{value or _OFFICE_KEYS[key].pick(lang)}"')
    return "\n".join(rows)


def letter_for(
    edition: Edition,
    organisation: str,
    problems: list[Diagnostic],
    today: dt.date,
    titles: dict[Path, str] | None = None,
    subjects: list[Subject] | None = None,
) -> Letter:
    """The letter to ``organisation`` about ``problems`` (those a submitter can act on are kept)."""
    kept = [_as_submitter_reads(d) for d in problems if for_submitters(d)]
    items = _bounded(sorted(kept, key=_severity_first), titles or {})
    office = edition.config.office.model_copy(update={"name": edition.config.office_name})
    return Letter(
        organisation=organisation,
        edition_title=edition.config.title,
        year=edition.config.year,
        date=today,
        office=office,
        items=items,
        total=len(kept),
        must=sum(d.level is Severity.ERROR for d in kept),
        should=sum(d.level is Severity.WARNING for d in kept),
        subjects=list(subjects or []),
        accent=edition.config.theme.accent,
    )


def submission_letter(
    edition: Edition,
    organisation: str,
    diagnostics: Diagnostics,
    subject: Subject,
    today: dt.date,
    via: Via = "mail",
) -> Letter:
    """The letter answering one submission: its problems, notes included, whatever their number."""
    letter = letter_for(edition, organisation, list(diagnostics.sorted()), today, subjects=[subject])
    return replace(letter, via=via)


def with_note(letter: Letter, note: str, today: dt.date) -> Letter:
    """The letter again, dated ``today``, with the editors' ``note`` asking for changes: what it answers
    now waits for a corrected version, whatever the checks found."""
    return replace(
        letter,
        note=note.strip(),
        date=today,
        subjects=[replace(subject, accepted=False) for subject in letter.subjects],
    )


def render_letter(letter: Letter, templates: Path) -> str:
    """The letter as an HTML page (``templates/feedback/letter.html``)."""
    env = Environment(
        loader=FileSystemLoader(templates / "feedback"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("letter.html").render(letter=letter)


def write_letters(
    edition: Edition,
    edition_dir: Path,
    diagnostics: Diagnostics,
    templates: Path,
    folder: Path,
    today: dt.date,
    subjects: dict[str, list[Subject]] | None = None,
) -> list[Path]:
    """Write one letter per organisation with errors or warnings, dated ``today``; return their paths.

    ``subjects`` lists, by organisation, the submissions the letters answer (``compile ingest``).
    """
    groups: dict[str, list[Diagnostic]] = {}
    for diagnostic in diagnostics.sorted():
        if diagnostic.organisation and for_submitters(diagnostic):
            groups.setdefault(diagnostic.organisation, []).append(diagnostic)
    titles = {(edition_dir / case.source.path).resolve(): case.title for case in edition.cases.values()}
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for organisation, problems in sorted(groups.items()):
        if all(d.level is Severity.INFO for d in problems):
            continue  # notes alone are not worth a letter
        letter = letter_for(edition, organisation, problems, today, titles, (subjects or {}).get(organisation))
        path = folder / f"{_file_name(organisation)}.html"
        write_atomically(path, render_letter(letter, templates))
        written.append(path)
    for stale in folder.glob("*.html"):
        if stale not in written:
            stale.unlink()
    return written


def for_submitters(diagnostic: Diagnostic) -> bool:
    """Whether a submitter can act on the problem (else it is the editors' alone)."""
    return CATALOG[diagnostic.code].audience == "all"


def _as_submitter_reads(diagnostic: Diagnostic) -> Diagnostic:
    """The problem with each field it names by the form's label alone (联系人, not 联系人（contact.name）)."""
    args = {key: value.label if isinstance(value, FieldName) else value for key, value in diagnostic.args.items()}
    return Diagnostic(diagnostic.code, diagnostic.location, args, diagnostic.severity, diagnostic.organisation)


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
        items.append(
            LetterItem(
                level=label,
                level_class=css,
                where=places if len(places) <= 120 else places[:120] + "……",
                message=f"另有 {len(more)} 处同类问题（与上面的 {code} 相同）",
                hint="请按上面同类问题的修改建议一并修改。",
                code=code,
            )
        )
    return items


def _severity_first(diagnostic: Diagnostic) -> int:
    return [Severity.ERROR, Severity.WARNING, Severity.INFO].index(diagnostic.level)


def _item(diagnostic: Diagnostic, titles: dict[Path, str]) -> LetterItem:
    label, css = _LEVELS[diagnostic.level]
    return LetterItem(
        level=label,
        level_class=css,
        where=_where(diagnostic, titles),
        message=diagnostic.message("zh"),
        hint=diagnostic.hint("zh"),
        code=diagnostic.code,
    )


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
