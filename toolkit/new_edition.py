"""Starting next year's edition from this year's: ``compile new 2022 --from 2021``.

What carries over, and how it is marked so that nothing stale goes to print unnoticed:

- the manifest, with the year, the edition number and the date moved on;
- every chapter, word for word, marked ``carried_from`` in its front matter (``check``
  reports it until an editor removes the mark, and drafts shade the old text);
- the previous edition's cases do not carry over: where one stood, a ``::: wanted 案例``
  frame says which case it was, until this year's is placed;
- data tables, with an empty row for each year the new edition needs, listed as
  ``awaiting`` in the schema (``check`` reports each such cell as awaiting data, the
  report prints 待补充);
- images and the register of organisations; an empty submissions register;
- the case template for this year's call for submissions.

The new folder is written beside its final place and renamed at the end: an
interrupted run leaves nothing half made. The source edition is only read.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.diagnostics import Diagnostics, Location
from toolkit.errors import InputProblems
from toolkit.model import DataTable, Edition
from toolkit.project import Project
from toolkit.readers import read_edition
from toolkit.readers.organisations import REGISTER as ORGANISATIONS
from toolkit.submissions import register
from toolkit.submissions.commands import make_case_template
from toolkit.submissions.ingest import escape_markdown

_CASE = re.compile(r"^([ \t]*)::: *case +(\S+)[ \t]*\n[ \t]*:::[ \t]*$", re.MULTILINE)


@dataclass
class NewEdition:
    """What ``compile new`` made."""

    folder: Path
    year: int
    source_year: int
    chapters: list[str] = field(default_factory=list)
    awaiting: dict[str, list[str]] = field(default_factory=dict)
    """Table id → the rows added empty, awaiting data."""
    case_slots: int = 0
    """Places where the previous edition had a case and this one wants one."""
    template: Path | None = None


def start_edition(project: Project, year: str, source: str, today: dt.date | None = None) -> NewEdition:
    """Create ``editions/<year>`` from edition ``source``; raise :class:`InputProblems` if it cannot be."""
    diagnostics = Diagnostics()
    target = project.edition_dir(year)
    source_dir = project.edition_dir(source)
    previous = read_edition(source_dir, diagnostics)
    if previous is None:
        raise InputProblems(diagnostics)
    new_year = int(year) if year.isdigit() else previous.config.year + 1
    if new_year <= previous.config.year:
        diagnostics.add("ED006", Location(source_dir / "edition.toml"), year=new_year, source=previous.config.year)
    if target.exists():
        diagnostics.add("ED005", Location(target), path=_shown(target, project.root))
    if diagnostics.errors:
        raise InputProblems(Diagnostics(diagnostics.errors))
    result = NewEdition(target, new_year, previous.config.year)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        _write(previous, source_dir, staging, result, today or dt.date.today())
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    result.template = make_case_template(project, str(new_year), None)
    return result


def _write(previous: Edition, source_dir: Path, folder: Path, result: NewEdition, today: dt.date) -> None:
    step = result.year - result.source_year
    (folder / "edition.toml").write_text(
        carry_manifest((source_dir / "edition.toml").read_text(encoding="utf-8"), result.source_year, step, today),
        encoding="utf-8",
    )
    for chapter in previous.chapters:
        text = (source_dir / chapter.source.path).read_text(encoding="utf-8-sig")
        carried, slots = carry_chapter(text, previous, result.year)
        destination = folder / chapter.source.path
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(carried, encoding="utf-8")
        result.chapters.append(chapter.source.path)
        result.case_slots += slots
    for table in previous.tables.values():
        added = _carry_table(table, source_dir, folder, result.year)
        if added:
            result.awaiting[table.id] = added
    for name in ("images",):
        if (source_dir / name).is_dir():
            shutil.copytree(source_dir / name, folder / name)
    if (source_dir / ORGANISATIONS).is_file():
        shutil.copy2(source_dir / ORGANISATIONS, folder / ORGANISATIONS)
    (folder / "cases").mkdir(exist_ok=True)
    (folder / "cases" / ".gitkeep").write_text("", encoding="utf-8")
    register.save(folder, [])


def carry_manifest(text: str, source_year: int, step: int, today: dt.date) -> str:
    """The manifest moved on by ``step`` years: year, edition number, date, output names."""

    def shift(match: re.Match[str]) -> str:
        return f"{match.group(1)}{int(match.group(2)) + step}"

    def shift_date(match: re.Match[str]) -> str:
        day = dt.date.fromisoformat(match.group(2))
        try:
            moved = day.replace(year=day.year + step)
        except ValueError:  # 29 February
            moved = day.replace(year=day.year + step, day=28)
        return f"{match.group(1)}{moved.isoformat()}"

    lines = text.splitlines()
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)  # the old edition's own notes at the top no longer describe this one
    body = "\n".join(lines) + "\n"
    body = re.sub(r"^(year\s*=\s*)(\d{4})", shift, body, count=1, flags=re.MULTILINE)
    body = re.sub(r"^(edition_number\s*=\s*)(\d+)", shift, body, count=1, flags=re.MULTILINE)
    body = re.sub(r"^(date\s*=\s*)(\d{4}-\d{2}-\d{2})", shift_date, body, count=1, flags=re.MULTILINE)
    body = re.sub(r"^previous_edition\s*=.*\n", "", body, flags=re.MULTILINE)
    body = re.sub(
        r'^((?:name|directory)\s*=\s*"[^"\n]*)' + str(source_year),
        lambda m: m.group(1) + str(source_year + step),
        body,
        flags=re.MULTILINE,
    )
    if step != 1:
        body = body.replace("\n[", f'\nprevious_edition = "../{source_year}"\n\n[', 1)
    header = (
        f"# 由 compile new 于 {today.isoformat()} 从 {source_year} 年版生成。\n"
        f"# 各章沿用 {source_year} 年版文字（前置信息中的 carried_from），逐章更新后删去该标记；\n"
        f"# 新一年的数据在 data/ 中以 awaiting 登记，案例位置以 ::: wanted 标出；\n"
        "# [office] 是修改意见函末尾的编辑部联系方式，如有变动请更新。\n"
    )
    return header + _with_office(body)


def _with_office(body: str) -> str:
    """The manifest with an ``[office]`` table: the previous edition's as it was, or one for the office
    to fill in, named after the publisher (compile ingest needs it to send letters: MF017)."""
    if re.search(r"^\[office\]", body, flags=re.MULTILINE):
        return body
    publisher = str(tomllib.loads(body).get("publisher", ""))
    return (
        body.rstrip("\n") + "\n\n[office]\n"
        "# 修改意见函末尾写明的编辑部联系方式：联系人、电子邮箱和电话由编辑部填写（compile ingest 需要）。\n"
        f'name = {json.dumps(publisher, ensure_ascii=False)}\nperson = ""\nemail = ""\nphone = ""\n'
    )


def carry_chapter(text: str, previous: Edition, year: int) -> tuple[str, int]:
    """A chapter's text marked as carried over, its cases replaced by frames asking for new ones."""
    source_year = previous.config.year
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            text = text[:end] + f"\ncarried_from: {source_year}" + text[end:]
    slots = 0

    def wanted(match: re.Match[str]) -> str:
        nonlocal slots
        slots += 1
        indent, case_id = match.group(1), match.group(2)
        case = previous.cases.get(case_id)
        known = (
            f"{source_year} 年版此处为案例“{escape_markdown(case.title)}”（{escape_markdown(case.organisation)}）。"
            if case
            else f"{source_year} 年版此处为案例 {case_id}。"
        )
        return (
            f"{indent}::: wanted 案例\n{indent}{known}征集到 {year} 年的案例后，"
            f"将此框换成“::: case 案例编号”。\n{indent}:::"
        )

    return _CASE.sub(wanted, text), slots


def _carry_table(table: DataTable, source_dir: Path, folder: Path, year: int) -> list[str]:
    """Copy a table and its schema; a yearly table gets an empty row for each year now needed."""
    data = source_dir / table.source.path
    schema = data.with_suffix(".toml")
    (folder / "data").mkdir(exist_ok=True)
    shutil.copy2(data, folder / table.source.path)
    schema_text = schema.read_text(encoding="utf-8-sig") if schema.is_file() else ""
    added = _years_needed(table, year)
    if added:
        _append_rows(folder / table.source.path, added, len(table.columns))
    schema_text = _carry_schema(schema_text, added)
    snapshot = _snapshot_year(table)
    if snapshot is not None:
        # a table of one year's figures (id or title says which): check will say when it is out of date
        schema_text = _top_level(schema_text, f"# 这是 {snapshot} 年的数据：更新后改写年份。\nyear = {snapshot}\n")
    (folder / table.source.path).with_suffix(".toml").write_text(schema_text, encoding="utf-8")
    return added


def _snapshot_year(table: DataTable) -> int | None:
    """The year a non-yearly table is about: as its schema says, or as its id or title names one."""
    if table.columns and table.columns[0].type == "year":
        return None
    if table.year is not None:
        return table.year
    years = {int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", f"{table.id} {table.title}")}
    return years.pop() if len(years) == 1 else None


def _top_level(text: str, lines: str) -> str:
    """``lines`` added among the schema's top-level keys (before its first ``[[...]]`` table)."""
    index = text.find("\n[")
    return text[: index + 1] + lines + text[index + 1 :] if index != -1 else text + lines


def _years_needed(table: DataTable, year: int) -> list[str]:
    if not table.columns or table.columns[0].type != "year":
        return []
    years = [row[0].value for row in table.rows if isinstance(row[0].value, int)]
    if not years:
        return []
    return [str(y) for y in range(max(years) + 1, year - table.lag + 1)]


def _append_rows(path: Path, keys: list[str], width: int) -> None:
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(path)
        sheet = workbook.worksheets[0]
        for key in keys:
            sheet.append([int(key)] + [None] * (width - 1))
        workbook.save(path)
        return
    raw = path.read_bytes()
    newline = b"\r\n" if b"\r\n" in raw else b"\n"
    encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        encoding = "gb18030"  # an Excel export: keep it as it was
    lines = b"".join((key + "," * (width - 1)).encode(encoding.replace("-sig", "")) + newline for key in keys)
    ending = b"" if raw.endswith(newline) or not raw else newline
    path.write_bytes(raw + ending + lines)


def _carry_schema(text: str, added: list[str]) -> str:
    """The schema without what was about the old edition (restatements, old ids), with ``awaiting``."""
    text = re.sub(r"^(revised|previous|awaiting|year)\s*=.*\n", "", text, flags=re.MULTILINE)
    if not added:
        return text
    line = "# 新一年的数据待补充：填齐后从 awaiting 中删去。\nawaiting = [" + ", ".join(f'"{k}"' for k in added) + "]\n"
    return _top_level(text, line)


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
