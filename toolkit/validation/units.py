"""Units next to cell references: a value prints its own unit, so a typed one would print twice.

A percent column prints ``3.4%``: ``[[t:2020:占比]]%`` in the text, or ``unit: %``
in a callout whose value is such a reference, asks for the unit a second time.
The model already keeps it once (:mod:`toolkit.readers.references`); here the
typed duplicate is reported where it is written, and ``--fix`` removes it. A
unit the reference does not print (亿元 after a number column in 亿元) is right
where it is and is left alone.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path

from toolkit.config import NumberStyle
from toolkit.diagnostics import Diagnostics, Location
from toolkit.model import CELL_REFERENCE, CellAddress, DataTable, parse_cell_reference
from toolkit.readers.references import PERCENT_MARKS, locate, printed_unit, same_unit
from toolkit.readers.tables import read_tables
from toolkit.validation.context import RuleContext
from toolkit.validation.sources import Finding, directive_fields, source_files, visible_lines

UnitOf = Callable[[CellAddress], "str | None"]
"""The unit the value at an address prints itself, if any."""

# After a reference: closing emphasis markers, then the typed unit (spaces before it included).
_TYPED_AFTER = re.compile(r"[*_]{0,3}(?P<unit>[ \u3000]*[%％]+)")


def unit_of(tables: dict[str, DataTable], address: CellAddress) -> str | None:
    """The unit the referenced value prints (``%``), or ``None`` (also when the reference is broken)."""
    found = locate(tables, address)
    return printed_unit(*found) if isinstance(found, tuple) else None


def unit_findings(lines: list[str], units: UnitOf) -> list[Finding]:
    """Units typed after references that print them, in text (NR003) and in callouts (NR004)."""
    findings: list[Finding] = []
    for index, text in visible_lines(lines):
        for match in CELL_REFERENCE.finditer(text):
            typed = _TYPED_AFTER.match(text, match.end())
            address = parse_cell_reference(match.group(0))
            if typed is None or address is None:
                continue
            unit = units(address)
            if unit is not None:
                start, end = typed.span("unit")
                findings.append(
                    Finding(
                        "NR003",
                        index + 1,
                        start,
                        end,
                        "",
                        {"ref": address.label(), "unit": unit, "typed": text[start:end].strip()},
                    )
                )
    for fields in directive_fields(lines, "callout"):
        finding = _callout_unit(fields, units)
        if finding is not None:
            findings.append(finding)
    return findings


def _callout_unit(fields: dict[str, tuple[int, int, str]], units: UnitOf) -> Finding | None:
    if "unit" not in fields or "value" not in fields:
        return None
    line, column, typed = fields["unit"]
    value = fields["value"][2].strip()
    address = parse_cell_reference(value)
    unit = units(address) if address else ("%" if value.endswith(PERCENT_MARKS) else None)
    if unit is None or not same_unit(typed, unit):
        return None
    return Finding(
        "NR004", line + 1, column, column + len(typed), None, {"unit": unit, "typed": typed.strip()}, delete_line=True
    )


def units_near(path: Path) -> UnitOf:
    """What references print, from the data tables of the edition folder holding ``path``."""
    folder = next((p for p in path.resolve().parents if (p / "edition.toml").is_file()), None)
    if folder is None:
        return lambda address: None
    tables = _tables(folder, _signature(folder / "data"))
    return lambda address: unit_of(tables, address)


@functools.lru_cache(maxsize=4)
def _tables(folder: Path, signature: tuple[tuple[str, int, int], ...]) -> dict[str, DataTable]:
    # Read once per state of the data folder: --fix runs over every file, several rounds.
    return read_tables(folder, NumberStyle(), Diagnostics())


def _signature(data: Path) -> tuple[tuple[str, int, int], ...]:
    if not data.is_dir():
        return ()
    return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in data.iterdir() if p.is_file()))


def check_units(ctx: RuleContext) -> None:
    """Report every unit typed after a reference that prints it already."""
    organisations = {case.source.path: case.organisation for case in ctx.edition.cases.values()}
    tables = ctx.edition.tables
    for relative in source_files(ctx):
        lines = ctx.lines(relative)
        for finding in unit_findings(lines, lambda address: unit_of(tables, address)):
            typed = lines[finding.line - 1][finding.start : finding.end]
            column = finding.start + 1 + len(typed) - len(typed.lstrip(" \u3000"))  # at the mark, not the space
            ctx.diagnostics.add(
                finding.code,
                Location(ctx.edition_dir / relative, finding.line, column),
                organisation=organisations.get(relative),
                **finding.args,
            )


RULES = [check_units]
