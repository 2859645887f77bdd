"""Diagnostics: every problem found in an edition, located and explained.

A :class:`Diagnostic` is data: a stable code, where the problem is, and the
values that fill the code's message. The wording lives in
:mod:`toolkit.messages` so that one problem can be told in Chinese or English,
in a console listing, a JSON report or a submitter's feedback letter.

Readers and validators never raise on bad input: they add diagnostics to a
:class:`Diagnostics` collection and carry on, so that an editor sees every
problem of a run at once.
"""
from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.messages import CATALOG, Language


class Severity(str, enum.Enum):
    """How much a problem matters: errors stop a build, warnings do not."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def label(self, lang: Language) -> str:
        """The severity's name in the reader's language."""
        return _SEVERITY_LABELS[lang][self]


_SEVERITY_LABELS: dict[Language, dict[Severity, str]] = {
    "zh": {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"},
    "en": {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"},
}


@dataclass(frozen=True)
class Location:
    """Where a problem is, precise enough to jump to.

    A text file uses ``line``/``column`` (1-based); a data table uses ``row``
    (the spreadsheet row number, header = 1) and ``column_name``; a case
    submission uses ``field`` (the template field's name).
    """

    path: Path | None = None
    line: int | None = None
    column: int | None = None
    row: int | None = None
    column_name: str | None = None
    field: str | None = None

    def display(self, lang: Language = "zh", relative_to: Path | None = None) -> str:
        """``file:line:column``, then the table row, column or template field."""
        position = self.position(lang)
        if self.path is None:
            return position or "-"
        path = self.shown_path(relative_to)
        if position.startswith(":"):
            return path + position
        return f"{path} {position}" if position else path

    def shown_path(self, relative_to: Path | None = None) -> str:
        """The file, relative to ``relative_to`` (default: the current folder) when inside it."""
        if self.path is None:
            return ""
        return _relative(self.path, Path.cwd() if relative_to is None else relative_to)

    def position(self, lang: Language = "zh") -> str:
        """Where inside the file: ``:12:3``, ``第 3 行 “列名”列`` or ``字段“标题”``."""
        words = _LOCATION_WORDS[lang]
        if self.line is not None:
            return f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        parts: list[str] = []
        if self.row is not None:
            parts.append(words["row"].format(self.row))
        if self.column_name is not None:
            parts.append(words["column"].format(self.column_name))
        if self.field is not None:
            parts.append(words["field"].format(self.field))
        return " ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form; absent parts are left out."""
        data: dict[str, Any] = {}
        if self.path is not None:
            data["file"] = self.path.as_posix()
        for name in ("line", "column", "row", "column_name", "field"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        return data


_LOCATION_WORDS: dict[Language, dict[str, str]] = {
    "zh": {"row": "第 {} 行", "column": "“{}”列", "field": "字段“{}”"},
    "en": {"row": "row {}", "column": "column “{}”", "field": "field “{}”"},
}


def _relative(path: Path, base: Path) -> str:
    if path.is_absolute() and path.is_relative_to(base):
        return path.relative_to(base).as_posix()
    return path.as_posix()


@dataclass(frozen=True)
class Diagnostic:
    """One located problem: a stable ``code`` and the values for its message."""

    code: str
    location: Location = field(default_factory=Location)
    args: dict[str, Any] = field(default_factory=dict)
    severity: Severity | None = None
    organisation: str | None = None
    """The submitting organisation that can fix it (for feedback letters)."""

    def __post_init__(self) -> None:
        if self.code not in CATALOG:
            raise KeyError(f"diagnostic code {self.code!r} is not in the message catalog")
        if self.severity is None:
            object.__setattr__(self, "severity", Severity(CATALOG[self.code].severity))

    @property
    def level(self) -> Severity:
        """The severity, never ``None`` once constructed."""
        assert self.severity is not None
        return self.severity

    @property
    def gap(self) -> bool:
        """Whether it marks something still missing from the report (a placeholder is printed)."""
        return CATALOG[self.code].gap

    def message(self, lang: Language = "zh") -> str:
        """The problem, in the reader's language."""
        return CATALOG[self.code].message(lang, self.args)

    def hint(self, lang: Language = "zh") -> str:
        """How to fix it, in the reader's language (may be empty)."""
        return CATALOG[self.code].hint_text(lang, self.args)

    def as_dict(self, lang: Language = "zh") -> dict[str, Any]:
        """JSON-friendly form for ``--format json``."""
        data: dict[str, Any] = {
            "code": self.code,
            "severity": self.level.value,
            "location": self.location.as_dict(),
            "message": self.message(lang),
        }
        hint = self.hint(lang)
        if hint:
            data["hint"] = hint
        if self.gap:
            data["gap"] = True
        if self.organisation:
            data["organisation"] = self.organisation
        return data


class Diagnostics:
    """An ordered collection of diagnostics gathered over a whole run."""

    def __init__(self, items: Iterable[Diagnostic] = ()) -> None:
        self._items: list[Diagnostic] = list(items)

    def add(self, code: str, location: Location | None = None, /,
            severity: Severity | None = None, organisation: str | None = None,
            **args: Any) -> Diagnostic:
        """Record a problem; ``args`` fill the message template of ``code``."""
        diagnostic = Diagnostic(code, location or Location(), args, severity, organisation)
        self._items.append(diagnostic)
        return diagnostic

    def extend(self, other: Iterable[Diagnostic]) -> None:
        """Take over the problems found by another stage."""
        self._items.extend(other)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    @property
    def errors(self) -> list[Diagnostic]:
        """The problems that stop a build."""
        return [d for d in self._items if d.level is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The problems worth fixing that do not stop a build."""
        return [d for d in self._items if d.level is Severity.WARNING]

    @property
    def gaps(self) -> list[Diagnostic]:
        """What is still missing from the report: placeholders, wanted frames, awaited data."""
        return [d for d in self._items if d.gap]

    def has_errors(self, strict: bool = False) -> bool:
        """Whether the build must stop; ``strict`` counts warnings too."""
        return any(d.level is Severity.ERROR or (strict and d.level is Severity.WARNING)
                   for d in self._items)

    def codes(self) -> list[str]:
        """The codes in order: handy in tests."""
        return [d.code for d in self._items]

    def sorted(self) -> list[Diagnostic]:
        """Grouped by file, then in reading order."""
        def key(d: Diagnostic) -> tuple[str, int, int, int, str]:
            loc = d.location
            return (loc.path.as_posix() if loc.path else "", loc.line or 0, loc.row or 0,
                    loc.column or 0, d.code)
        return sorted(self._items, key=key)
