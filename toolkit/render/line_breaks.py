"""Where a Chinese title may break across lines on a screen: between words, never inside one.

Browsers break Chinese between any two characters, so a narrow screen splits titles inside words
(中国工业和信息 / 化, 编写 / 组, 老挝万 / 象). The web edition sets titles with
``word-break: keep-all`` (no break between two Chinese characters) and gives the browser a
``<wbr>`` at each boundary between two words, as jieba's dictionary (``rjieba``, the same segmenter
Pagefind indexes the pages with) divides the text; the spaces the source writes between phrases
(抗击新冠疫情 助力全球经济复苏) come first. A ``<wbr>`` stands only where a Chinese character meets
another or a Latin word (R&D / 经费支出): spaces already allow a break, and next to punctuation the
browser's own rules (no 、。，）》 at a line start) decide.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from markupsafe import Markup, escape

BREAK = "<wbr>"
REPORT_WORDS = (
    "可持续",
    "大数据",
    "专精特新",
    "一带一路",
    "碳达峰",
    "碳中和",
    "十三五",
    "十四五",
    "高质量",
    "新型工业化",
    "工业互联网",
    "输变电",
)
"""Words of the report that jieba's dictionary lacks and would split (可 / 持续, 大 / 数据)."""


@lru_cache(maxsize=1)
def _cut() -> Callable[[str, bool], list[str]]:
    """jieba's ``cut``, the report's words added. Importing rjieba loads its dictionary into the module's
    own segmenter (about 0.1 s): only when a page is rendered, and once (another would load it again)."""
    import rjieba

    for word in REPORT_WORDS:
        rjieba.add_word(word, None, None)
    return rjieba.cut


@lru_cache(maxsize=4096)
def word_starts(text: str) -> tuple[int, ...]:
    """Offsets in ``text`` where a line may break inside a run without spaces: where a word starts.

    Only between two words of two characters or more (a lone character is a particle that reads
    with its neighbour, 发展的, 工业和信息化, or a piece of a name the dictionary lacks, 台 / 达), and
    only between Chinese characters or a Chinese character and a Latin word (R&D / 经费支出).
    """
    words = _joined(_cut()(text, True))
    starts, offset = [], 0
    for before, word in zip(words, words[1:]):
        offset += len(before)
        if len(before) > 1 and len(word) > 1 and _between_words(before[-1], word[0]):
            starts.append(offset)
    return tuple(starts)


def _between_words(left: str, right: str) -> bool:
    """Two Chinese characters, or a Chinese character and a Latin letter or digit (no punctuation, no space)."""
    if _is_han(left) and _is_han(right):
        return True
    return (_is_han(left) or _is_han(right)) and (left + right).isalnum()


def _joined(words: list[str]) -> list[str]:
    """jieba's words with each run of Latin letters, digits and signs made one word again (R & D → R&D),
    and each run of lone Chinese characters too (所 占 → 所占: the dictionary knows no word there)."""
    joined: list[str] = []
    lone = False  # the last joined word is a run of lone Chinese characters
    for word in words:
        single = len(word) == 1 and _is_han(word)
        if joined and ((_is_latin(joined[-1][-1]) and _is_latin(word[0])) or (single and lone)):
            joined[-1] += word
        else:
            joined.append(word)
            lone = single
    return joined


def _is_latin(char: str) -> bool:
    return not char.isspace() and ord(char) < 0x2E80


def _is_han(char: str) -> bool:
    """A Chinese character (not punctuation, which the browser's line breaking rules already place)."""
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3134F
    )


def with_breaks(text: str, html: Callable[[str], object] = escape) -> Markup:
    """``text`` as HTML (``html`` of each word run: escaped by default) with a ``<wbr>`` where a word starts.

    A title the source divides with spaces between Chinese phrases (抗击新冠疫情 助力全球经济复苏) keeps
    each phrase in a ``<span class="phrase">`` (an inline block): a line breaks at those spaces first,
    as the printed report does, and inside a phrase only where the phrase alone is wider than the line.
    """
    phrases = _PHRASE_SPACE.split(text)
    if len(phrases) == 1:
        return _words_html(text, html)
    return Markup(" ").join(
        Markup('<span class="phrase">{}</span>').format(_words_html(phrase, html)) for phrase in phrases
    )


def _words_html(text: str, html: Callable[[str], object]) -> Markup:
    pieces, last = [], 0
    for start in word_starts(text):
        pieces.append(str(html(text[last:start])))
        last = start
    pieces.append(str(html(text[last:])))
    return Markup(BREAK.join(pieces))


_PHRASE_SPACE = re.compile(r"(?<=[\u3400-\u9fff”》）])[ \u3000]+(?=[\u3400-\u9fff“《（])")
"""A space the source writes between two Chinese phrases (not the one beside a number: 2019 年)."""
