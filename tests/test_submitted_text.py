"""Whatever a submitter types is text: escaping and the Markdown reader, together, never make markup.

The property: for any submitted paragraphs (soft line breaks, tabs, control
characters, CJK, backslashes, directives, cell references, HTML, list and
heading markers on any line), writing the case with ``case_markdown`` and
reading it back with the case reader gives exactly ``clean_text`` of what was
typed: paragraphs of plain spans and line breaks, never a directive, a cell
reference, a link, emphasis, a list or a heading, and no diagnostic.
``clean_text`` is the documented normalisation: line breaks as ``\\n``, tabs as
spaces, control characters dropped, each line stripped, a paragraph's empty
first and last lines dropped.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from toolkit.diagnostics import Diagnostics
from toolkit.model import LineBreak, Paragraph, Span, plain_text
from toolkit.readers.cases import read_case
from toolkit.submissions.ingest import Draft, case_markdown, clean_text, escape_markdown, one_line

ASCII_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
MARKUP = [
    "::: media",
    "url: https://evil.example/track",
    "::: table value-added",
    "::: figure",
    "src: /etc/passwd",
    ":::",
    "::: case other",
    "[[value-added:2020:工业增加值]]",
    "{{ 7*7 }}",
    "{% for x in y %}",
    "<script>",
    "<b>粗</b>",
    "**粗**",
    "*斜*",
    "_斜_",
    "# 标题",
    "## 节 {#id}",
    "1. ",
    "2) ",
    "- ",
    "+ ",
    "* ",
    "> ",
    "---",
    "===",
    "***",
    "| a | b |",
    "|---|---|",
    "\\",
    "\\\n",
    "&amp;",
    "&#x41;",
    "![图](x.png)",
    "[链接](https://x)",
    "<https://x>",
    "[a]: https://x",
    "    缩进",
    "```",
    "~~~",
    "  \n",
    "\t",
    "\r\n",
    "\u2028",
    "\u3000\u3000",
    "\x00",
    "\x0b",
    "\x1b[31m",
    "\x85",
    "\ufeff",
]

characters = st.one_of(
    st.sampled_from(list(ASCII_PUNCTUATION + " \t\n\r")),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # CJK
    st.characters(min_codepoint=0x3000, max_codepoint=0x303F),  # CJK punctuation, ideographic space
    st.characters(max_codepoint=0x7F),  # ASCII, controls included
    st.characters(exclude_categories=["Cs"]),  # anything else Unicode holds
    st.characters(min_codepoint=0xE000, max_codepoint=0xE003),  # private use (Word's symbol fonts)
)
typed = st.lists(st.one_of(st.sampled_from(MARKUP), characters), max_size=40).map("".join)
paragraphs = st.lists(typed, min_size=1, max_size=4)

_FOLDER = Path(tempfile.mkdtemp(prefix="submitted-text-"))
FRONT = {"title": "案例", "organisation": "某单位", "organisation_kind": "企业", "consent": True}


def read_back(front: dict, body: list[str]) -> tuple[object, Diagnostics]:
    """Write ``case.md`` as ingestion does and read it with the case reader."""
    folder = _FOLDER / "cases" / "case"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "case.md"
    path.write_text(case_markdown(Draft(dict(front), body)), encoding="utf-8")
    diagnostics = Diagnostics()
    return read_case(path, _FOLDER, diagnostics), diagnostics


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs)
@example(["第一行\n::: media\nurl: https://evil.example/track\nprompt: 扫码"])
@example(["正文\n::: table value-added\n:::"])
@example(["正文\n::: figure\nsrc: /etc/passwd\ncaption: x\n:::"])
@example(["a\n\nb", "  \n  ", "\\", "1986. 年"])
def test_any_submitted_text_reads_back_as_exactly_that_text(body: list[str]) -> None:
    case, diagnostics = read_back(FRONT, body)
    assert case is not None
    expected = [clean_text(p) for p in body if clean_text(p)]
    if not expected:
        assert diagnostics.codes() == ["CS006"]  # no text at all: the reader says so, nothing else
        return
    assert diagnostics.codes() == []
    assert [type(b) for b in case.blocks] == [Paragraph] * len(expected)
    for block in case.blocks:
        for inline in block.inlines:
            assert isinstance(inline, (Span, LineBreak)), inline  # never a cell reference
            if isinstance(inline, Span):
                assert (inline.bold, inline.italic, inline.href) == (False, False, None)
    assert [plain_text(b.inlines) for b in case.blocks] == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(typed, min_size=1, max_size=3), typed, typed)
def test_front_matter_fields_are_data(title_lines: list[str], quote: str, caption: str) -> None:
    title = one_line(title_lines) or "标题"
    front = dict(
        FRONT,
        title=title,
        quote={"text": one_line([quote]) or "引语", "speaker": "某人"},
        sources=one_line([caption]) or "来源",
    )
    case, diagnostics = read_back(front, ["正文。"])
    assert diagnostics.codes() == [] and case is not None
    assert (case.title, case.quote.text, case.sources) == (title, front["quote"]["text"], front["sources"])


@given(st.lists(typed, max_size=4))
def test_one_line_fields_hold_no_line_break_or_control(lines: list[str]) -> None:
    value = one_line(lines)
    assert "\n" not in value and value == value.strip()
    assert not re.search("[\x00-\x1f\x7f-\x9f]", value)


@pytest.mark.parametrize("typed", ["\ue000", "[\ue001]", "a\ue000\ue000b"])
def test_private_use_sentinels_read_back_as_typed(typed: str) -> None:
    """Hypothesis found it: a submitter's U+E000 came back as “[” (the reader carried escaped brackets
    as fixed private-use characters)."""
    case, diagnostics = read_back(FRONT, [typed])
    assert diagnostics.codes() == [] and case is not None
    assert [plain_text(b.inlines) for b in case.blocks] == [typed]


def test_what_means_nothing_where_it_stands_stays_as_typed() -> None:
    """A case.md stays readable: 8.2%, a web address and a middle dot are not escaped; what starts a
    block at a line's beginning, and inline markup anywhere, is."""
    assert (
        escape_markdown("增长 8.2%（同比），见 https://www.example.com/a_b?x=1#top")
        == "增长 8.2%（同比），见 https://www.example.com/a\\_b?x=1#top"
    )
    assert (
        escape_markdown("1986. 年\n- 项\n# 标\n> 引\n+ 加\n=== \n2) 二")
        == "1986\\. 年\\\n\\- 项\\\n\\# 标\\\n\\> 引\\\n\\+ 加\\\n\\===\\\n2\\) 二"
    )
    assert (
        escape_markdown("**粗** [[t:r:c]] <b> &amp; {#id} `x` a|b ~~s~~")
        == "\\*\\*粗\\*\\* \\[\\[t:r:c\\]\\] \\<b> \\&amp; \\{#id\\} \\`x\\` a\\|b \\~\\~s\\~\\~"
    )


def test_every_line_of_a_paragraph_is_escaped() -> None:
    """The regression of issue 15: after a soft break, a directive stayed a directive."""
    written = escape_markdown("说明\n::: media\nurl: https://evil.example/x")
    assert written.splitlines() == ["说明\\", "\\::: media\\", "url: https://evil.example/x"]
    assert yaml.safe_load(case_markdown(Draft(dict(FRONT), ["x"])).split("---")[1])["title"] == "案例"
