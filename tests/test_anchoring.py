"""Reviewers' web comments on the next draft: every block's hash, a page's text, and re-anchoring.

The re-anchoring is a pure function (toolkit/review/anchoring.py): these tests give it pages made
from HTML as the web edition writes them (``<p data-source="…">`` in ``<main>``), and a property
test edits them at random.
"""

from __future__ import annotations

import html
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.render.web_blocks import block_hash, read_page, stamp_blocks
from toolkit.review.anchoring import Quote, context, locate, reanchor, threshold

PAGE = "chapters/01-growth.html"


def page(paragraphs: list[str], lines: list[int] | None = None, path: str = PAGE) -> object:
    """A chapter page as the web edition writes it, one ``<p>`` per paragraph (line 3, 5, 7… of its file)."""
    lines = lines or [3 + 2 * i for i in range(len(paragraphs))]
    body = "\n".join(
        f'<p data-source="chapters/01-growth.md:{line}">{html.escape(text)}</p>'
        for line, text in zip(lines, paragraphs)
    )
    document = (
        f'<!DOCTYPE html><html lang="zh-CN"><head><title>增长</title></head><body><main id="content">\n'
        f'<article data-source="chapters/01-growth.md:1"><h1>增长</h1>\n{body}\n</article>\n</main></body></html>'
    )
    return read_page(stamp_blocks(document), path)


def quote_of(where, exact: str, occurrence: int = 0) -> Quote:
    start = -1
    for _ in range(occurrence + 1):
        start = where.text.index(exact, start + 1)
    end = start + len(exact)
    prefix, suffix = context(where, start, end)
    return Quote(where.path, exact, prefix, suffix, start, end)


OLD = [
    "2020 年，中国工业增加值达到 313071 亿元，制造业增加值连续 11 年位居世界第一。",
    "规模以上工业单位增加值能耗比 2015 年下降 16% 左右。",
    "新能源汽车产销量连续六年位居全球第一，累计推广超过 550 万辆。",
]


# --- the blocks of a page ---------------------------------------------------------------------


def test_every_block_gets_the_hash_of_its_text() -> None:
    stamped = stamp_blocks(
        '<main><section data-source="a.md:1"><p data-source="a.md:2">甲 &amp; 乙</p>'
        '<p data-source="a.md:3">丙<br>丁</p></section></main>'
    )
    assert stamped.count("data-block=") == 3
    assert f'<p data-source="a.md:2" data-block="{block_hash("甲 & 乙")}">' in stamped
    assert f'data-block="{block_hash("甲 & 乙丙丁")}"' in stamped  # the section: all its text
    assert block_hash("甲  乙\n") == block_hash("甲 乙")


def test_a_page_reads_as_its_text_with_each_block_a_range_of_it() -> None:
    chapter = page(OLD)
    assert chapter.title == "增长"
    first = chapter.innermost(chapter.text.index("313071"), chapter.text.index("313071") + 6)
    assert first is not None and (first.source, first.tag, first.depth) == ("chapters/01-growth.md:3", "p", 1)
    assert chapter.block_text(first) == OLD[0]
    # a selection across two paragraphs belongs to the article that holds both
    across = chapter.innermost(chapter.text.index("第一。"), chapter.text.index("规模") + 2)
    assert across is not None and across.source == "chapters/01-growth.md:1"


def test_a_table_row_knows_its_cells_columns() -> None:
    document = (
        '<main><figure data-source="c.md:4"><table><thead><tr><th>年份</th><th>产量<span>（万辆）</span></th></tr>'
        '</thead><tbody>\n<tr data-source="data/cars.csv:3"><td>2020</td><td>136.7</td></tr>\n'
        '<tr data-source="data/cars.csv:4"><td>2021</td><td>354.5</td></tr></tbody></table></figure></main>'
    )
    table = read_page(document, "x.html")
    at = table.text.index("354.5")
    row = table.innermost(at, at + 5)
    assert row is not None and (row.source, row.line, row.path) == ("data/cars.csv:4", 4, "data/cars.csv")
    assert row.column_at(at, at + 5) == "产量（万辆）" and row.column_at(at - 4, at - 1) == "年份"


# --- placing a new comment and re-anchoring it -------------------------------------------------


def test_a_new_comment_is_placed_by_its_context_among_equal_quotes() -> None:
    chapter = page(OLD)
    second = quote_of(chapter, "位居", occurrence=1)
    placed = locate(chapter, Quote(PAGE, "位居", second.prefix, second.suffix, 0, 0))
    assert placed is not None and placed.start == second.start and placed.block.source == "chapters/01-growth.md:7"


def test_the_paragraph_edited_around_the_phrase_keeps_it() -> None:
    old = page(OLD)
    quote = quote_of(old, "制造业增加值连续 11 年位居世界第一")
    new = page(
        [
            "受疫情冲击，2020 年中国工业增加值仍达到 313071 亿元；制造业增加值连续 11 年位居世界第一，优势巩固。",
            OLD[1],
            OLD[2],
        ]
    )
    anchor = reanchor(quote, old, {PAGE: new})
    assert (anchor.state, anchor.text, anchor.block.source) == ("kept", quote.exact, "chapters/01-growth.md:3")


def test_a_paragraph_inserted_above_moves_the_comment_to_its_new_line() -> None:
    old = page(OLD)
    quote = quote_of(old, "累计推广超过 550 万辆")
    new = page(["新增一段：产业链供应链韧性增强。"] + OLD)
    anchor = reanchor(quote, old, {PAGE: new})
    assert (anchor.state, anchor.text, anchor.block.source) == ("moved", quote.exact, "chapters/01-growth.md:9")


def test_reworded_quote_is_changed_with_the_new_wording() -> None:
    old = page(OLD)
    quote = quote_of(old, "规模以上工业单位增加值能耗比 2015 年下降 16% 左右")
    new = page([OLD[0], "规模以上工业单位增加值能耗比 2015 年下降约 16%。", OLD[2]])
    anchor = reanchor(quote, old, {PAGE: new})
    assert anchor.state == "changed" and anchor.block.source == "chapters/01-growth.md:5"
    assert anchor.text.startswith("规模以上工业单位增加值能耗比 2015 年下降") and "16%" in anchor.text
    assert anchor.similarity >= threshold(quote.exact)


def test_a_deleted_paragraph_orphans_its_comment_even_when_its_words_stand_elsewhere() -> None:
    old = page(OLD)
    quote = quote_of(old, "位居全球第一")  # short, and 位居…第一 stays in the first paragraph
    new = page([OLD[0], OLD[1]])
    assert reanchor(quote, old, {PAGE: new}).state == "orphaned"


def test_a_moved_table_row_carries_its_comment() -> None:
    def table(rows: list[tuple[int, str, str]]):
        body = "".join(
            f'<tr data-source="data/cars.csv:{line}"><td>{year}</td><td>{value}</td></tr>\n'
            for line, year, value in rows
        )
        return read_page(
            f'<main><figure data-source="c.md:4"><table><thead><tr><th>年份</th><th>产量</th></tr>'
            f"</thead><tbody>\n{body}</tbody></table></figure></main>",
            PAGE,
        )

    old = table([(2, "2019", "120.6"), (3, "2020", "136.7"), (4, "2021", "354.5")])
    quote = quote_of(old, "136.7")
    new = table([(2, "2021", "354.5"), (3, "2019", "120.6"), (4, "2020", "136.7")])
    anchor = reanchor(quote, old, {PAGE: new})
    assert (anchor.state, anchor.block.source, anchor.column()) == ("moved", "data/cars.csv:4", "产量")


def test_a_renamed_chapter_is_searched_in_every_page() -> None:
    old = page(OLD)
    quote = quote_of(old, "新能源汽车产销量连续六年位居全球第一")
    renamed = page(OLD, path="chapters/02-growth.html")
    anchor = reanchor(quote, old, {"chapters/02-growth.html": renamed, "index.html": page(["封面"], path="index.html")})
    assert (anchor.state, anchor.page) == ("moved", "chapters/02-growth.html")


# --- the property: never elsewhere --------------------------------------------------------------

ALPHABET = "工业增加值制造新能源汽车绿色发展年万亿元，。的和 0123"
"""A small alphabet: random paragraphs share many words, so wrong places are close at hand."""
paragraphs = st.lists(st.text(ALPHABET, min_size=8, max_size=60), min_size=2, max_size=7)


@st.composite
def edited(draw) -> tuple[list[str], int, int, int, list[str], bool, bool]:
    """Paragraphs, a quote in one of them, and the paragraphs after random edits.

    Returns (old, quoted paragraph, quote start, quote end, new, quote intact?, quoted paragraph untouched?).
    """
    old = draw(paragraphs)
    index = draw(st.integers(0, len(old) - 1))
    text = old[index]
    start = draw(st.integers(0, len(text) - 2))
    end = draw(st.integers(start + 1, min(len(text), start + 24)))
    blocks = [[t, i == index] for i, t in enumerate(old)]  # [text, holds the quote]
    intact = untouched = True
    q_start, q_end = start, end  # the quote's place in its paragraph as edited
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["insert", "delete", "move", "around", "inside"]))
        quoted = next((b for b in blocks if b[1]), None)
        if kind == "insert":
            blocks.insert(draw(st.integers(0, len(blocks))), [draw(st.text(ALPHABET, min_size=4, max_size=40)), False])
        elif kind == "delete" and len(blocks) > 1:
            victim = blocks.pop(draw(st.integers(0, len(blocks) - 1)))
            if victim[1]:
                intact = untouched = False
        elif kind == "move":
            blocks.insert(draw(st.integers(0, len(blocks) - 1)), blocks.pop(draw(st.integers(0, len(blocks) - 1))))
        elif kind in ("around", "inside") and quoted is not None and intact:
            extra = draw(st.text(ALPHABET, min_size=1, max_size=6))
            if kind == "around":  # before or after the quote, never inside it
                at = draw(st.sampled_from([0, q_start, q_end, len(quoted[0])]))
                quoted[0] = quoted[0][:at] + extra + quoted[0][at:]
                if at <= q_start:
                    q_start, q_end = q_start + len(extra), q_end + len(extra)
            else:
                at = draw(st.integers(q_start, q_end))
                quoted[0] = quoted[0][:at] + extra + quoted[0][at + draw(st.integers(0, 2)) :]
                intact = False
            untouched = False
    return old, index, start, end, [b[0] for b in blocks], intact, untouched


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited())
def test_a_reanchored_comment_is_on_its_quote_or_similar_text_or_orphaned(case) -> None:
    old_paragraphs, index, start, end, new_paragraphs, intact, untouched = case
    old = page(old_paragraphs)
    block = [b for b in old.blocks if b.tag == "p"][index]
    exact = old.block_text(block)[start:end]
    if not exact.strip():
        return
    absolute = block.start + start
    prefix, suffix = context(old, absolute, absolute + len(exact))
    quote = Quote(PAGE, exact, prefix, suffix, absolute, absolute + len(exact))
    new = page(new_paragraphs) if new_paragraphs else page(["。"])
    anchor = reanchor(quote, old, {PAGE: new})
    if anchor.state in ("kept", "moved"):
        assert new.text[anchor.start : anchor.end] == exact
    elif anchor.state == "changed":
        assert anchor.similarity >= threshold(exact)
        assert anchor.similarity == _levenshtein_similarity(new.text[anchor.start : anchor.end], exact)
    else:
        assert anchor.state == "orphaned" and anchor.page is None
    if anchor.found:
        assert anchor.block is not None and anchor.block.start <= anchor.start and anchor.end <= anchor.block.end
        if anchor.state == "kept":
            assert anchor.block.source == block.source
    if untouched and old.block_text(block) in new_paragraphs:
        # the quoted paragraph is still there word for word: the comment is found word for word
        assert anchor.state in ("kept", "moved"), anchor


def _levenshtein_similarity(a: str, b: str) -> float:
    """Levenshtein similarity written out (1 − distance / longer length): the library's figure checked."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    longest = max(len(a), len(b))
    return 1.0 - previous[-1] / longest if longest else 1.0


def test_the_property_test_sees_every_state() -> None:
    """The random edits reach all four outcomes (an assertion over states never reached proves nothing)."""
    seen: set[str] = set()
    old = page(OLD)
    for exact, new in [
        ("制造业增加值连续 11 年位居世界第一", [OLD[0], OLD[1], OLD[2]]),
        ("制造业增加值连续 11 年位居世界第一", ["新增。"] + OLD),
        (
            "规模以上工业单位增加值能耗比 2015 年下降 16% 左右",
            [OLD[0], "规模以上工业单位增加值能耗比 2015 年下降约 16%。"],
        ),
        ("累计推广超过 550 万辆", OLD[:2]),
    ]:
        seen.add(reanchor(quote_of(old, exact), old, {PAGE: page(new)}).state)
    assert seen == {"kept", "moved", "changed", "orphaned"}
    assert re.fullmatch(r"[0-9a-f]{12}", block_hash("甲"))
