"""The directive syntax, as a markdown-it block rule.

A directive is how an editor writes a report element that Markdown has no
syntax for::

    ::: figure 5g-base
    src: images/5g-base.jpg
    caption: 全球海拔最高的 5G 基站
    :::

The opening line gives the directive's name and an optional argument (usually
an id). Then ``key: value`` lines (ASCII keys; a full-width colon is accepted
too), (an indented line continues the value above), then an empty line and the body in Markdown, then a line of ``:::``.
Directives nest: a ``:::`` line closes the innermost open directive, so
editors never count colons.

The rule emits ``directive_open`` / ``directive_close`` tokens whose ``meta``
holds the name, argument, fields with their line numbers, and whether the
directive was closed. What the names mean is decided by the chapter reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from toolkit.text import join_lines

_OPEN = re.compile(r"^:{3,}\s*([A-Za-z][\w-]*)\s*(.*?)\s*$")
_CLOSE = re.compile(r"^:{3,}\s*$")
_FIELD = re.compile(r"^([A-Za-z][\w-]*)\s*[:：]\s?(.*)$")


@dataclass(frozen=True)
class Field:
    """One ``key: value`` line of a directive; ``line`` is 0-based like markdown-it maps."""

    key: str
    value: str
    line: int


def directive_plugin(md: MarkdownIt) -> None:
    """Teach ``md`` the ``::: name`` directive syntax."""
    md.block.ruler.before(
        "fence", "directive", _directive_rule, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )


def _line(state: StateBlock, number: int) -> str:
    return state.src[state.bMarks[number] + state.tShift[number] : state.eMarks[number]]


def _directive_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    opening = _OPEN.match(_line(state, start_line))
    if not opening:
        return False
    if silent:
        return True

    close_line, closed = _find_close(state, start_line, end_line)
    fields, body_start = _read_fields(state, start_line + 1, close_line)

    token = state.push("directive_open", "div", 1)
    token.block = True
    token.map = [start_line, close_line]
    token.info = opening.group(1)
    token.meta = {"name": opening.group(1), "arg": opening.group(2), "fields": fields, "closed": closed}

    old_parent, old_max = state.parentType, state.lineMax
    state.parentType = "directive"  # type: ignore[assignment]
    state.lineMax = close_line
    state.md.block.tokenize(state, body_start, close_line)
    state.parentType, state.lineMax = old_parent, old_max

    token = state.push("directive_close", "div", -1)
    token.block = True
    state.line = close_line + (1 if closed else 0)
    return True


def _find_close(state: StateBlock, start_line: int, end_line: int) -> tuple[int, bool]:
    """The line of the matching ``:::``; nested openings are counted."""
    depth = 0
    in_fence: str | None = None
    for number in range(start_line + 1, end_line):
        text = _line(state, number)
        fence = re.match(r"^(`{3,}|~{3,})", text)
        if fence:
            marker = fence.group(1)[0]
            in_fence = None if in_fence == marker else (in_fence or marker)
            continue
        if in_fence:
            continue
        if _CLOSE.match(text):
            if depth == 0:
                return number, True
            depth -= 1
        elif _OPEN.match(text):
            depth += 1
    return end_line, False


def _read_fields(state: StateBlock, first: int, last: int) -> tuple[list[Field], int]:
    fields: list[Field] = []
    number = first
    while number < last:
        text = _line(state, number)
        if fields and text and state.sCount[number] > state.blkIndent:
            # An indented line continues the previous field's value.
            previous = fields[-1]
            fields[-1] = Field(previous.key, join_lines(previous.value, text.strip()), previous.line)
            number += 1
            continue
        match = _FIELD.match(text)
        if not match or _OPEN.match(text):
            break
        fields.append(Field(match.group(1), match.group(2).strip(), number))
        number += 1
    return fields, number
