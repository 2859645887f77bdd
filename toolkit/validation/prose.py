"""Numbers typed in the text, checked against the tables they talk about, of the year they talk about.

A sentence talks about a cell when it names the cell's column (or row) and
gives a number in that column's unit. A number that equals the cell should be a
reference (``[[table:row:column]]``, so it lives in one place); a number that
contradicts it is an error. Numbers that merely differ in precision
(313071.1 against 313071) are left alone.

A number is compared only with figures of the year it speaks of:

- the year the text speaks of is the last “YYYY 年” written before the number in its
  sentence, else in its paragraph (a year after 比、较、与 is a comparison's base, not it);
- a figure's year is its row in a yearly series, else its row's year cell (a ``year``
  column, or a 年份/时间 column naming one year), else the schema's ``year``.

A figure of another year is not compared at all (2022's 721.9 万辆 is not 2020's 145.6).
When only one side has a year, the rule cannot tell: a match is still worth a reference
(NR001), a difference is a notice (NR006), never an error. When neither has one, as
before: NR001 or NR002. A number that agrees with one table is not contradicted by another
(tables differ in scope); only a number that agrees with none is reported.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from toolkit.diagnostics import Location
from toolkit.messages import Text
from toolkit.model import Cell, CellRef, Column, DataTable, Heading, LineBreak, Paragraph, SourceRef
from toolkit.readers.references import row_key
from toolkit.readers.tables import decimals_of
from toolkit.validation.context import RuleContext

_SENTENCE = re.compile(r"[^。；！？]+")
_YEAR = re.compile(r"(\d{4})\s*年")
# A year right after these words is what the number is compared with, not the year it is of.
_BASE = re.compile(r"(?:比|较|与|同|相比于|相较于)\s*$")
_YEAR_IN_CELL = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_DATE_COLUMNS = frozenset({"年份", "年度", "时间", "时期", "日期"})
_NUMBER = r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
NUMERIC = frozenset({"number", "integer", "percent"})
REFERENCE_MARK = "\u2063"  # stands in for a cell reference (or a broken spot): never a digit, never matched


@dataclass(frozen=True)
class Claim:
    """A number the text gives for a cell."""

    number: str
    cell: Cell
    table: DataTable
    row: str
    column: Column
    at: int = 0
    """Where the number starts in its sentence: claims at the same place are about one number."""
    said: int | None = None
    """The year the text speaks of, if it says."""
    of: int | None = None
    """The year of the table's figure, if the table says."""


def check_numbers_in_text(ctx: RuleContext) -> None:
    """Hand-typed numbers that repeat (warning) or contradict (error) a table cell of their year."""
    edition = ctx.edition
    tables = [_Indexed.of(t) for t in edition.tables.values() if t.rows and t.columns]
    if not tables:
        return
    finder = _Finder([name for table in tables for name in table.names])
    owners = [(None, b) for _, b in edition.walk()] + [(c.organisation, b) for c, b in edition.walk_cases()]
    for organisation, block in owners:
        if not isinstance(block, (Paragraph, Heading)):
            continue
        text = "".join(
            "\n" if isinstance(i, LineBreak) else REFERENCE_MARK if isinstance(i, CellRef) or i.broken else i.text
            for i in block.inlines
        )
        year: str | None = None  # the last year the paragraph has named so far
        for sentence in _SENTENCE.findall(text):
            found = finder.find(sentence)
            if found:
                claims = list(_claims(sentence, found, tables, year))
                for at in dict.fromkeys(c.at for c in claims):
                    _judge_number(ctx, [c for c in claims if c.at == at], block.source, organisation)
            year = _year_before(sentence, len(sentence)) or year


@dataclass
class _Indexed:
    """A table with what the rule looks up in it, computed once (not once per sentence and cell)."""

    table: DataTable
    numeric: list[tuple[int, Column]]
    """The numeric columns after the first, with their index."""
    by_name: dict[str, list[int]]
    """Year table: column index by column name and label; other tables: row indexes by row name."""
    rows: dict[str, list[Cell]]
    """Year table: each row by its year (the last of a repeated year, as a dict keeps it)."""
    unit_at: int | None
    """The column named 单位, whose cell gives each row's unit in an indicator table."""
    year_at: int | None = None
    """Other tables: the column giving each row's year (a ``year`` column, or 年份/时间 …)."""

    @classmethod
    def of(cls, table: DataTable) -> _Indexed:
        numeric = [(i, c) for i, c in enumerate(table.columns) if c.type in NUMERIC and i > 0]
        by_name: dict[str, list[int]] = {}
        rows: dict[str, list[Cell]] = {}
        if table.columns[0].type == "year":
            for index, column in numeric:
                for name in dict.fromkeys(n for n in (column.name, column.label) if n):
                    by_name.setdefault(name, []).append(index)
            rows = {row_key(table, row): row for row in table.rows}
        else:
            for index, row in enumerate(table.rows):
                name = row_key(table, row)
                if len(name) >= 4:
                    by_name.setdefault(name, []).append(index)
        unit_at = next((i for i, c in enumerate(table.columns) if c.name == "单位"), None)
        year_at = next(
            (
                i
                for i, c in enumerate(table.columns)
                if i > 0 and (c.type == "year" or c.type == "string" and c.name in _DATE_COLUMNS)
            ),
            None,
        )
        return cls(table, numeric, by_name, rows, unit_at, year_at)

    @property
    def names(self) -> list[str]:
        """The names a sentence must contain for a claim about this table."""
        return list(self.by_name)

    def year_of(self, row: list[Cell]) -> int | None:
        """The year a row of a table that is not a yearly series describes, if the table says."""
        if self.year_at is not None:
            cell = row[self.year_at]
            if isinstance(cell.value, int):
                return cell.value
            years = set(_YEAR_IN_CELL.findall(cell.text))
            if len(years) == 1:
                return int(years.pop())
        return self.table.year


class _Finder:
    """Which of many names occur in a sentence, in one pass over it (Aho–Corasick), however many."""

    def __init__(self, names: list[str]) -> None:
        import ahocorasick

        self.automaton = ahocorasick.Automaton() if names else None
        if self.automaton is not None:
            for name in names:
                self.automaton.add_word(name, name)
            self.automaton.make_automaton()

    def find(self, text: str) -> set[str]:
        """The names occurring in ``text``."""
        if self.automaton is None:
            return set()
        return {name for _, name in self.automaton.iter(text)}


def _year_before(sentence: str, end: int) -> str | None:
    """The last year written before ``end`` that is not a comparison's base (比 2021 年)."""
    years = [m for m in _YEAR.finditer(sentence[:end]) if not _BASE.search(sentence[: m.start()])]
    return years[-1].group(1) if years else None


def _claims(sentence: str, found: set[str], tables: list[_Indexed], year: str | None = None) -> Iterator[Claim]:
    """What ``sentence`` says of the tables' cells; ``year``: the year its paragraph named before it."""
    for indexed in tables:
        hits = [i for name in found.intersection(indexed.by_name) for i in indexed.by_name[name]]
        if not hits:
            continue
        if indexed.table.columns[0].type == "year":
            for index in sorted(set(hits)):
                yield from _year_claims(sentence, found, indexed, index, indexed.table.columns[index], year)
        else:
            rows = sorted(set(hits))
            for index, column in indexed.numeric:
                yield from _row_claims(sentence, indexed, rows, index, column, year)


def _year_claims(
    sentence: str, found: set[str], indexed: _Indexed, index: int, column: Column, year: str | None
) -> Iterator[Claim]:
    table = indexed.table
    unit = column.unit or table.unit
    name = next((n for n in (column.name, column.label) if n and n in found), None)
    if not unit or not name:
        return
    at = sentence.index(name)
    for match in _number_then(unit).finditer(sentence[at:]):
        start = at + match.start()
        said = _year_before(sentence, start) or year
        row = indexed.rows.get(said) if said else None
        if said and row is not None:
            yield Claim(match.group(1), row[index], table, said, column, start, int(said), int(said))


def _row_claims(
    sentence: str, indexed: _Indexed, rows: list[int], index: int, column: Column, year: str | None
) -> Iterator[Claim]:
    table = indexed.table
    for row_index in rows:
        row = table.rows[row_index]
        name = row_key(table, row)
        unit = row[indexed.unit_at].text if indexed.unit_at is not None else column.unit or table.unit
        if not unit:
            continue
        after = sentence.index(name) + len(name)
        match = _near_number(unit).match(sentence[after:])
        if match:
            start = after + match.start(1)
            said = _year_before(sentence, start) or year
            yield Claim(
                match.group(1),
                row[index],
                table,
                name,
                column,
                start,
                int(said) if said else None,
                indexed.year_of(row),
            )


@functools.lru_cache(maxsize=1024)
def _number_then(unit: str) -> re.Pattern[str]:
    """A number followed by ``unit``."""
    return re.compile(_NUMBER + r"\s*" + re.escape(unit))


@functools.lru_cache(maxsize=1024)
def _near_number(unit: str) -> re.Pattern[str]:
    """A few words, then a number followed by ``unit`` (right after a row's name)."""
    return re.compile(r"[^\d\n]{0,12}?" + _NUMBER + r"\s*" + re.escape(unit))


def _judge_number(ctx: RuleContext, claims: list[Claim], source: SourceRef, organisation: str | None) -> None:
    """One typed number against every cell it may be about: reported only if it agrees with none."""
    compared = [c for c in claims if isinstance(c.cell.value, (int, float)) and not _other_year(c)]
    verdicts = [(c, _verdict(c)) for c in compared]
    if any(v != "differs" for _, v in verdicts):
        for claim, verdict in verdicts:
            if verdict == "same":
                ctx.diagnostics.add(
                    "NR001",
                    _locate(ctx, source, claim.number),
                    organisation=organisation,
                    number=claim.number,
                    ref=_ref(claim),
                )
        return
    for claim, _ in verdicts:
        where, ref = _locate(ctx, source, claim.number), _ref(claim)
        if (claim.said is None) == (claim.of is None):
            ctx.diagnostics.add(
                "NR002", where, organisation=organisation, number=claim.number, ref=ref, value=claim.cell.text
            )
        else:
            ctx.diagnostics.add(
                "NR006",
                where,
                organisation=organisation,
                number=claim.number,
                ref=ref,
                value=claim.cell.text,
                why=_unknown_year(claim, ref),
            )


def _unknown_year(claim: Claim, ref: str) -> Text:
    """Which side does not say its year, and what to do about it."""
    if claim.said is None:
        return Text(
            f"这句话及其段落没有写明年份，而数据表中的值是 {claim.of} 年的：若说的正是 {claim.of} 年，"
            f"核对后改正，最好改为引用 {ref}；若说的是别的年份，写明“某某年”。",
            f"Neither the sentence nor its paragraph names a year, and the table's value is {claim.of}'s: "
            f"if the text means {claim.of}, check it and better write {ref}; if another year, name it.",
        )
    return Text(
        f"文中说的是 {claim.said} 年，数据表却没有写明这个值是哪一年的：在表结构中写 year = 年份，"
        f"或给数据表加一列“年份”。",
        f"The text speaks of {claim.said}, but the table does not say which year its value is of: set "
        f"year = YEAR in its schema, or add a 年份 column.",
    )


def _other_year(claim: Claim) -> bool:
    return claim.said is not None and claim.of is not None and claim.said != claim.of


def _verdict(claim: Claim) -> str:
    """``same`` (typed as the cell), ``close`` (the same at the lesser precision) or ``differs``."""
    value = claim.cell.value
    assert isinstance(value, (int, float))
    if claim.number.replace(",", "") == claim.cell.text.replace(",", "").removesuffix("%"):
        return "same"
    places = min(decimals_of(claim.number), decimals_of(claim.cell.text))
    typed = float(claim.number.replace(",", ""))
    return "differs" if abs(typed - value) > 0.5 * 10**-places + 1e-9 else "close"


def _ref(claim: Claim) -> str:
    return f"[[{claim.table.id}:{claim.row}:{claim.column.name}]]"


def _locate(ctx: RuleContext, source: SourceRef, needle: str) -> Location:
    lines = ctx.lines(source.path)
    first = (source.line or 1) - 1
    for number in range(first, len(lines)):
        column = lines[number].find(needle)
        if column >= 0:
            return Location(ctx.edition_dir / source.path, number + 1, column + 1)
    return ctx.location(source)


RULES = [check_numbers_in_text]
