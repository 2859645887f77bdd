"""Helpers shared by the readers: reading text, explaining schema errors, finding lines."""

from __future__ import annotations

import calendar
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from toolkit.diagnostics import Diagnostics, Location, suggestion
from toolkit.messages import Text


def read_text(path: Path, diagnostics: Diagnostics) -> str | None:
    """The file's text as UTF-8 (a BOM is dropped), or ``None`` with a diagnostic."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        diagnostics.add("ED003", Location(path), reason=exc.strerror or str(exc))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        diagnostics.add("ED004", Location(path, line), byte=exc.start)
        return None


def read_toml(path: Path, syntax_code: str, diagnostics: Diagnostics) -> tuple[str, dict[str, Any]] | None:
    """The file's text and its parsed TOML, or ``None`` with a located diagnostic: a date or time that
    does not exist (2022-13-01) is MF010 at the impossible part, anything else ``syntax_code`` with tomllib's
    reason told in Chinese."""
    text = read_text(path, diagnostics)
    if text is None:
        return None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
        if line is None:  # Python < 3.14 only says where in the message
            match = re.search(r"line (\d+), column (\d+)", str(exc))
            line, column = (int(match.group(1)), int(match.group(2))) if match else (None, None)
        impossible = impossible_date(text.splitlines()[line - 1]) if line and line <= len(text.splitlines()) else None
        if impossible is not None:
            at, value, reason = impossible
            diagnostics.add("MF010", Location(path, line, at), value=value, reason=reason)
            return None
        reason = (getattr(exc, "msg", None) or str(exc)).split(" (at line")[0]
        diagnostics.add(syntax_code, Location(path, line, column), reason=toml_reason(reason))
        return None


_DATE = re.compile(r"(?<![\w\"'.:-])(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?(?![\w:-])")


def impossible_date(line: str) -> tuple[int, str, Text] | None:
    """A TOML date or time on ``line`` that cannot be (month 13, 30 February, hour 25, 2022-1-5), as
    the column of its wrong part (1-based), the value as written, and why."""
    code = line.split("#", 1)[0]
    for match in _DATE.finditer(code):
        problem = _date_problem(match)
        if problem is not None:
            part, reason = problem
            return match.start(part) + 1, match.group(0), reason
    return None


def _date_problem(match: re.Match[str]) -> tuple[int, Text] | None:
    """Which group of a date-like match is wrong, and why (``None``: it is a real date and time)."""
    year, month, day = (int(match.group(i)) for i in (1, 2, 3))
    for part in range(2, 7):
        if match.group(part) is not None and len(match.group(part)) != 2:
            return part, Text(
                "月、日、时、分、秒都要写两位数字，例如 2022-01-05、09:30",
                "months, days, hours, minutes and seconds take two digits, e.g. 2022-01-05, 09:30",
            )
    if not 1 <= month <= 12:
        return 2, Text(f"没有 {month} 月（月份只能是 01—12）", f"month {month} does not exist (months are 01–12)")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return 3, Text(
            f"{year} 年 {month} 月没有 {day} 日（这个月只有 {days} 天）",
            f"{calendar.month_name[month]} {year} has no day {day} (it has {days} days)",
        )
    limits = ((4, 23, "时", "hour"), (5, 59, "分", "minute"), (6, 60, "秒", "second"))
    for part, limit, zh, en in limits:
        value = match.group(part)
        if value is not None and int(value) > limit:
            return part, Text(
                f"没有 {int(value)} {zh}（只能是 00—{limit}）", f"{en} {int(value)} does not exist (00–{limit})"
            )
    return None


_TOML_REASONS: dict[str, str] = {
    "Expected newline or end of document after a statement": (
        "这一行的值后面还有多余的内容（每行只写一个“键 = 值”，文字要用英文双引号括起来）"
    ),
    "Invalid value": "值无法识别（文字要用英文双引号括起来，数字和日期不加引号）",
    "Invalid statement": "这一行不是“键 = 值”，也不是 [表名]",
    "Unterminated string": "引号没有闭合",
    "Unclosed array": "方括号 [ ] 没有闭合",
    "Unclosed inline table": "花括号 { } 没有闭合",
    "Expected '=' after a key in a key/value pair": "键后面缺少等号“=”",
    "Invalid initial character for a key part": "键的写法不对（键只能用字母、数字、_ 和 -，其他的要加引号）",
    "Cannot overwrite a value": "同一个设置项写了两次",
    "Invalid date or datetime": "日期或时间不存在",
    "Expected ']' at the end of a table declaration": "表名后缺少“]”",
    "Expected ']]' at the end of an array declaration": "表名后缺少“]]”",
    "Unescaped '\\' in a string": "双引号里的反斜杠“\\”要写成“\\\\”，或改用单引号",
}
"""tomllib's common reasons, told in Chinese (the English keeps tomllib's own words)."""


def toml_reason(problem: str) -> Text:
    """Why a TOML text cannot be read, in Chinese with tomllib's words in English."""
    zh = _TOML_REASONS.get(problem)
    if zh is None and problem.startswith("Cannot declare "):
        zh = "同一个表或设置项声明了两次"
    elif zh is None and problem == "Illegal character '\\n'":
        zh = "引号没有在本行闭合（一行的文字不能换行；多行文字用三个双引号括起来）"
    elif zh is None and problem.startswith("Illegal character "):
        zh = f"文字中有不允许直接写出的字符 {problem.removeprefix('Illegal character ')}"
    return Text(zh or f"无法解析（{problem}）", problem)


_YAML_TOKENS = {
    "<stream end>": "文件头结尾",
    "<block end>": "缩进结束",
    "<block mapping start>": "新的一组键值",
    "?": "新的一项",
    "\\t": "Tab 键",
}
_YAML_PROBLEMS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"expected '(.)' or '(.)', but got '(.+)'"),
        "此处应为“{0}”或“{1}”，却是“{2}”（方括号、花括号要成对，里面的项用逗号隔开）",
    ),
    (re.compile(r"expected <block end>, but found '(.+)'"), "缩进不一致：同一层的各项要对齐（此处是“{0}”）"),
    (re.compile(r"expected the node content, but found '(.+)'"), "此处缺少内容（却是“{0}”）"),
    (
        re.compile(r"mapping values are not allowed here"),
        "此处不能再有冒号：值里有冒号时，请把整个值用引号括起来；或者这一行多缩进了",
    ),
    (re.compile(r"could not find expected ':'"), "缺少冒号：每行应写成“键: 值”"),
    (
        re.compile(r"found character '(.+)' that cannot start any token"),
        "“{0}”不能出现在值的开头（缩进请用空格，不要用 Tab 键；以 @ 或 ` 开头的值请用引号括起来）",
    ),
    (re.compile(r"found unexpected end of stream"), "引号没有闭合"),
    (
        re.compile(r"found unknown escape character '(.+)'"),
        "双引号里的反斜杠“\\{0}”无法识别：请改用单引号，或写成“\\\\”",
    ),
    (re.compile(r"found undefined alias '(.+)'"), "“*{0}”在 YAML 中有特殊含义：以 * 开头的值请用引号括起来"),
]
"""PyYAML's common problems, told in Chinese (the English message keeps PyYAML's own words)."""


def yaml_reason(problem: str) -> Text:
    """Why a YAML text cannot be read, for an editor or a submitter: Chinese, with PyYAML's words in English."""
    for pattern, zh in _YAML_PROBLEMS:
        match = pattern.fullmatch(problem)
        if match:
            return Text(zh.format(*(_YAML_TOKENS.get(g, g) for g in match.groups())), problem)
    return Text(f"无法解析（{problem}）", problem)


@dataclass(frozen=True)
class SchemaProblem:
    """One pydantic error, told for people."""

    kind: Literal["extra", "missing", "invalid"]
    loc: tuple[str | int, ...]
    reason: Text
    expected: Text

    @property
    def key(self) -> str:
        """Dotted name of the offending setting: ``theme.accent``, ``chapters[2]``."""
        out = ""
        for part in self.loc:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
        return out


_REASONS: dict[str, tuple[str, str]] = {
    "int_parsing": ("应为整数", "must be a whole number"),
    "int_type": ("应为整数", "must be a whole number"),
    "int_from_float": ("应为整数", "must be a whole number"),
    "float_parsing": ("应为数字", "must be a number"),
    "float_type": ("应为数字", "must be a number"),
    "string_type": ("应为文字（用引号括起来）", "must be text (in quotes)"),
    "list_type": ('应为列表，例如 ["a", "b"]', 'must be a list, e.g. ["a", "b"]'),
    "bool_type": ("应为 true 或 false", "must be true or false"),
    "bool_parsing": ("应为 true 或 false", "must be true or false"),
    "date_type": ("应为日期，例如 2021-11-30", "must be a date, e.g. 2021-11-30"),
    "date_parsing": ("应为日期，例如 2021-11-30", "must be a date, e.g. 2021-11-30"),
    "date_from_datetime_parsing": ("应为日期，例如 2021-11-30", "must be a date, e.g. 2021-11-30"),
    "model_type": ("应为一组设置（[表]）", "must be a table of settings"),
    "dict_type": ("应为一组设置（[表]）", "must be a table of settings"),
    "string_too_short": ("不能为空", "must not be empty"),
    "too_short": ("不能为空", "must not be empty"),
    "string_pattern_mismatch": ("格式不对", "has the wrong format"),
}


def _reason(error: dict[str, Any]) -> Text:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        listed = expected.replace("' or '", "'、'").replace("', '", "'、'").replace("'", "")
        return Text(f"只能是 {listed}", f"must be one of {expected}")
    if kind in ("greater_than_equal", "greater_than"):
        limit = ctx.get("ge", ctx.get("gt"))
        return Text(f"应不小于 {limit}", f"must be at least {limit}")
    if kind in ("less_than_equal", "less_than"):
        limit = ctx.get("le", ctx.get("lt"))
        return Text(f"应不大于 {limit}", f"must be at most {limit}")
    written = error.get("input")
    if kind.startswith("date") and isinstance(written, str) and (match := _DATE.fullmatch(written.strip())):
        problem = _date_problem(match)
        if problem is not None:
            return problem[1]
    if kind in _REASONS:
        zh, en = _REASONS[kind]
        return Text(zh, en)
    return Text(f"不符合要求（{error['msg']}）", error["msg"])


def schema_problems(exc: ValidationError, model: type[BaseModel]) -> list[SchemaProblem]:
    """Turn a pydantic error into problems an editor can act on."""
    problems: list[SchemaProblem] = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden":
            known = _known_fields(model, loc[:-1])
            problems.append(SchemaProblem("extra", loc, _UNKNOWN, suggestion(str(loc[-1]), known)))
        elif error["type"] == "missing":
            problems.append(SchemaProblem("missing", loc, _REQUIRED, Text("", "")))
        else:
            example = _example(model, loc)
            expected = Text(f"例如：{example}", f"For example: {example}") if example else Text("", "")
            problems.append(SchemaProblem("invalid", loc, _reason(error), expected))
    return problems


_UNKNOWN = Text("未知的设置项", "unknown setting")
_REQUIRED = Text("必填", "required")


@dataclass(frozen=True)
class SchemaCodes:
    """The codes a reader reports schema problems with; one code may serve several kinds (its message
    then says the reason: 未知的设置项, 必填, or what is wrong with the value)."""

    unknown: str
    missing: str
    invalid: str


def report_schema(
    exc: ValidationError,
    model: type[BaseModel],
    codes: SchemaCodes,
    diagnostics: Diagnostics,
    where: Callable[[SchemaProblem], Location],
    key_as: Callable[[SchemaProblem], Any] | None = None,
    suggestion_as: Callable[[SchemaProblem], Any] | None = None,
    told: Callable[[SchemaProblem], bool] | None = None,
    **values: Any,
) -> None:
    """Report each problem of a pydantic error as a located diagnostic: the one mapping of the readers.

    An unknown key gets ``codes.unknown`` with a ``suggestion``, a missing one ``codes.missing``, a
    wrong value ``codes.invalid`` with ``reason`` and ``expected``; where a reader uses its invalid code
    for all three, the reason says which. ``key_as`` and ``suggestion_as`` say a key and a suggestion as the
    reader's users know them (default: the dotted key, the suggestion as is); a problem ``told``
    says the reader reported itself (with a code of its own) is left out; ``values`` go with each.
    """
    for problem in schema_problems(exc, model):
        if told and told(problem):
            continue
        args = {**values, "key": key_as(problem) if key_as else problem.key}
        if problem.kind == "extra" and codes.unknown != codes.invalid:
            code, args["suggestion"] = codes.unknown, suggestion_as(problem) if suggestion_as else problem.expected
        elif problem.kind == "missing" and codes.missing != codes.invalid:
            code = codes.missing
        else:
            code, args["reason"], args["expected"] = codes.invalid, problem.reason, problem.expected
        diagnostics.add(code, where(problem), **args)


def _field_model(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None or isinstance(part, int):
            continue
        field = current.model_fields.get(str(part))
        annotation = field.annotation if field else None
        current = annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
    return current


def _known_fields(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    inner = _field_model(model, loc)
    return list(inner.model_fields) if inner else []


def _example(model: type[BaseModel], loc: tuple[str | int, ...]) -> str:
    """The first of the field's declared ``examples``, shown in hints."""
    names = [p for p in loc if isinstance(p, str)]
    if not names:
        return ""
    owner = _field_model(model, tuple(names[:-1]))
    field = owner.model_fields.get(names[-1]) if owner else None
    examples = field.examples if field else None
    return str(examples[0]) if examples else ""


_TABLE_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-\s\"']+?)\s*\]\]?\s*(#.*)?$")


def toml_line(text: str, loc: tuple[str | int, ...]) -> int | None:
    """Line (1-based) where the setting at ``loc`` is written in TOML ``text`` (:func:`toml_place`)."""
    return toml_place(text, loc)[0]


def toml_place(text: str, loc: tuple[str | int, ...]) -> tuple[int | None, int | None]:
    """Line and column (1-based) where the setting at ``loc`` is written in TOML ``text``.

    ``("theme", "accent")`` finds ``accent =`` under ``[theme]``;
    ``("columns", 1, "type")`` finds ``type =`` in the second ``[[columns]]``
    (or that header, without a column, when the key is absent); ``("chapters", 2)`` finds ``chapters =``.
    """
    positions = [i for i, part in enumerate(loc) if isinstance(part, str)]
    if not positions:
        return None, None
    last = positions[-1]
    key = str(loc[last])
    table = ".".join(str(p) for p in loc[:last] if isinstance(p, str))
    table_index = next((p for p in loc[:last] if isinstance(p, int)), None)
    key_line = re.compile(rf"^(\s*)[\"']?{re.escape(key)}[\"']?\s*=")
    current, occurrence, header_line = "", -1, None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE_HEADER.match(line)
        if header:
            current = header.group(1).replace(" ", "").replace('"', "")
            if current == table:
                occurrence += 1
                if table_index is None and header_line is None or occurrence == table_index:
                    header_line = number
            continue
        in_place = current == table and (table_index is None or occurrence == table_index)
        found = key_line.match(line) if in_place else None
        if found:
            return number, len(found.group(1)) + 1
    return header_line, None
