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

import difflib
import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any, Literal

from toolkit.messages import CATALOG, Language, Text, case_field_label, phrase


class Severity(str, enum.Enum):  # noqa: UP042 - StrEnum would change str() of a member (name to value): not a lint fix
    """How much a problem matters: errors stop a build, warnings do not."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def label(self, lang: Language) -> str:
        """The severity's name in the reader's language."""
        return phrase(f"severity_{self.value}", lang)


@dataclass(frozen=True)
class Location:
    """Where a problem is, precise enough to jump to.

    A text file uses ``line``/``column`` (1-based); a data table uses ``row``
    (the spreadsheet row number, header = 1) and ``column_name``; a case
    submission uses ``field`` (the template field's key, shown as the template names it).
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
        if self.line is not None:
            return f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        parts: list[str] = []
        if self.row is not None:
            parts.append(phrase("at_row", lang, row=self.row))
        if self.column_name is not None:
            parts.append(phrase("at_column", lang, column=self.column_name))
        if self.field is not None:
            parts.append(phrase("at_field", lang, field=case_field_label(self.field).pick(lang)))
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

    def add(
        self,
        code: str,
        location: Location | None = None,
        /,
        severity: Severity | None = None,
        organisation: str | None = None,
        **args: Any,
    ) -> Diagnostic:
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
    def notices(self) -> list[Diagnostic]:
        """What is worth knowing and needs no change (severity ``info``)."""
        return [d for d in self._items if d.level is Severity.INFO]

    @property
    def gaps(self) -> list[Diagnostic]:
        """What is still missing from the report: placeholders, wanted frames, awaited data."""
        return [d for d in self._items if d.gap]

    def has_errors(self, strict: bool = False) -> bool:
        """Whether the build must stop; ``strict`` counts warnings too."""
        return any(d.level is Severity.ERROR or (strict and d.level is Severity.WARNING) for d in self._items)

    def codes(self) -> list[str]:
        """The codes in order: handy in tests."""
        return [d.code for d in self._items]

    def sorted(self, by_severity: bool = False) -> list[Diagnostic]:
        """Grouped by file, then in reading order; ``by_severity``: errors, then warnings, then notices,
        each grouped by file and in reading order (what an editor acts on first comes first)."""

        def key(d: Diagnostic) -> tuple[int, str, int, int, int, str]:
            loc = d.location
            rank = _RANK[d.level] if by_severity else 0
            return (rank, loc.path.as_posix() if loc.path else "", loc.line or 0, loc.row or 0, loc.column or 0, d.code)

        return sorted(self._items, key=key)


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

Kind = Literal["errors", "warnings", "notices", "gaps"]
KINDS: tuple[Kind, ...] = ("errors", "warnings", "notices", "gaps")


@dataclass(frozen=True)
class Selection:
    """Which diagnostics a listing shows: ``check --only``, ``--code`` and ``--path``.

    Each kind of filter keeps what matches any of its values; the kinds combine (a
    diagnostic is shown when it passes all of them). An empty selection shows everything.
    Selecting narrows what is *listed*, never what is found: the exit code and the
    counts of the summary still count every problem.
    """

    kinds: tuple[Kind, ...] = ()
    """``errors``, ``warnings``, ``notices`` (severity info) or ``gaps`` (still to fill)."""
    codes: tuple[str, ...] = ()
    """Codes or code prefixes: ``TB019``, ``TB01``, ``TB``."""
    paths: tuple[str, ...] = ()
    """Files, folders or glob patterns, relative to ``base`` or to the current folder."""
    base: Path | None = None
    """The edition folder, which ``paths`` are relative to."""

    def __bool__(self) -> bool:
        return bool(self.kinds or self.codes or self.paths)

    def matches(self, diagnostic: Diagnostic) -> bool:
        """Whether the listing shows ``diagnostic``."""
        if self.kinds and not any(_is_kind(diagnostic, kind) for kind in self.kinds):
            return False
        if self.codes and not any(diagnostic.code.startswith(code.upper()) for code in self.codes):
            return False
        return not self.paths or self._in_paths(diagnostic.location.path)

    def apply(self, diagnostics: Diagnostics) -> Diagnostics:
        """The diagnostics the listing shows, in their order."""
        return Diagnostics(d for d in diagnostics if self.matches(d)) if self else diagnostics

    def _in_paths(self, path: Path | None) -> bool:
        if path is None:
            return False
        names = {path.as_posix(), _relative(path, Path.cwd())}
        if self.base is not None:
            names.add(_relative(path, self.base.resolve()))
        return any(_under(name, pattern) for name in names for pattern in self.paths)


def _is_kind(diagnostic: Diagnostic, kind: Kind) -> bool:
    if kind == "gaps":
        return diagnostic.gap
    return diagnostic.level is {"errors": Severity.ERROR, "warnings": Severity.WARNING, "notices": Severity.INFO}[kind]


def _under(name: str, pattern: str) -> bool:
    """``name`` is the file ``pattern``, lies in the folder ``pattern``, or matches the glob ``pattern``."""
    pattern = pattern.replace("\\", "/").removeprefix("./").rstrip("/")
    return name == pattern or name.startswith(pattern + "/") or fnmatchcase(name, pattern)


def unknown_codes(codes: Iterable[str]) -> list[str]:
    """The codes or prefixes among ``codes`` that name no code of the catalog."""
    return [code for code in codes if not any(known.startswith(code.upper()) for known in CATALOG)]


def suggestion(word: str, choices: Iterable[str], nearest: int = 1, listed: int | None = None) -> Text:
    """A hint for a misspelt name: “Did you mean …?” (up to ``nearest`` names), or the list of valid
    names (none when there are more than ``listed``)."""
    options = sorted(choices)
    close = difflib.get_close_matches(word, options, n=nearest, cutoff=0.6)
    if len(close) > 1:  # only the names nearly as near as the nearest
        best = difflib.SequenceMatcher(None, word, close[0]).ratio()
        close = [name for name in close if difflib.SequenceMatcher(None, word, name).ratio() >= best - 0.1]
    if close:
        return Text(
            f"你是不是想写{'或'.join(f'“{name}”' for name in close)}？",
            f"Did you mean {' or '.join(f'“{name}”' for name in close)}?",
        )
    if listed is not None and len(options) > listed or not options:
        return Text("", "")
    listing = "、".join(options)
    return Text(f"可用的有：{listing}", f"Valid names: {', '.join(options)}")
