"""The web edition's search index without a browser: the text it reads, the matching rules, the cache.

What a reader finds in Chromium is in ``tests/test_web_browser.py`` (every term of a list of the
2021 report's own words, exactly the pages holding it).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES, build
from toolkit.diagnostics import Diagnostics
from toolkit.project import PACKAGE_TEMPLATES
from toolkit.readers import read_edition
from toolkit.render.web import render_site
from toolkit.render.web_search import (
    SEARCH_FOLDER,
    PageMemo,
    grams,
    index_site,
    normalize,
    page_text,
    query_grams,
    read_data,
    search_files,
    shard_of,
)

PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><title>甲 · 报告</title><script>var x = "脚本";</script></head>
<body><nav><p>目录里的字</p></nav>
<main data-search-body>
  <article><h1>第一章 <span>总论</span></h1>
  <p>2020 年，5G
     基站<sup>1</sup>超过 <b>70</b> 万个。</p>
  <figure><svg><text>图中的字</text></svg><figcaption>图 1 光谷</figcaption></figure>
  <section><h2 id="s-1">一、发展</h2><ul><li>新能源</li><li>汽车</li></ul>
  <table><tr><td>Green&nbsp;Energy</td><td>ISO 14001</td></tr></table></section>
  <!-- 注释里的字 -->
  </article>
</main><footer>页脚的字</footer></body></html>"""


def test_the_text_is_the_bodys_blocks_one_a_line_without_drawings_scripts_or_the_frame() -> None:
    text = page_text(PAGE.encode())
    assert text is not None
    assert text.text.split("\n") == [
        "第一章 总论",
        "2020 年，5G 基站1超过 70 万个。",
        "图 1 光谷",
        "一、发展",
        "新能源",
        "汽车",
        "Green Energy",
        "ISO 14001",
    ]
    assert text.title == "第一章 总论"
    assert text.sections == ((text.text.index("一、发展"), "s-1", "一、发展"),)
    assert page_text(b"<html><body><p>no body marked</p></body></html>") is None


@pytest.mark.parametrize(
    ("typed", "matched"),
    [
        ("5G 基站", "5g基站"),
        ("5G基站", "5g基站"),
        ("2020 年", "2020年"),
        ("Green Energy", "green energy"),
        ("ISO 14001", "iso 14001"),
        ("COVID-19 疫情", "covid-19疫情"),
        ("Dr. Smith", "dr.smith"),
        ("Ｇ 基", "Ｇ基"),
        ("ÀB C", "Àb c"),  # only ASCII letters change case: Python and JavaScript agree on those
    ],
)
def test_queries_and_text_meet_in_lower_case_without_spaces_beside_chinese(typed: str, matched: str) -> None:
    assert normalize(typed) == matched


def test_grams_never_cross_a_block_or_a_space() -> None:
    assert grams("新能\nab cd") == {"新", "能", "新能", "a", "b", "c", "d", "ab", "cd"}
    assert query_grams("新能源汽车") == ["新能", "能源", "源汽", "汽车"]
    assert query_grams("a b") == ["a", "b"] and query_grams("能") == ["能"]
    assert shard_of("新能", 64) == shard_of("新能", 64) < 64 and {shard_of(g, 8) for g in "abcdefghij"} != {0}


_CHARS = st.sampled_from(list("新能源汽车基站光谷5GgAb 1.%-\n") + ["\U00020000"])


@settings(max_examples=300, deadline=None)
@given(text=st.text(_CHARS, min_size=1, max_size=60), data=st.data())
def test_every_stretch_of_a_text_is_found_by_grams_the_text_holds(text: str, data: st.DataObject) -> None:
    """Recall: a query cut from the text (as typed: spaces collapsed, trimmed) matches the text, and its grams
    the index's."""
    text = "\n".join(" ".join(line.split()) for line in text.split("\n"))  # as page_text leaves it
    if not text.strip():
        return
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    typed = " ".join(text[start:end].split())
    if not typed or "\n" in text[start:end]:
        return
    query = normalize(typed)
    assert query in normalize(text)
    assert set(query_grams(query)) <= grams(text)


# --- the files and the cache -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site() -> dict[str, bytes]:
    diagnostics = Diagnostics()
    edition = read_edition(FIXTURES / "all-elements", diagnostics)
    assert edition is not None
    return render_site(edition, PACKAGE_TEMPLATES)


def _data(files: dict[str, bytes]) -> dict[str, object]:
    return dict(read_data(content) for content in files.values())


def test_the_index_lists_the_pages_in_reading_order_and_each_gram_with_its_pages(site: dict[str, bytes]) -> None:
    files = search_files(site)
    data = _data(files)
    index = data["index"]
    assert [page["url"] for page in index["pages"]] == [path for path in site if path.endswith(".html")]  # type: ignore[index]
    assert all(path.startswith(f"{SEARCH_FOLDER}/") and path.endswith(".js") for path in files)
    shards = index["shards"]  # type: ignore[index]
    for number, page in enumerate(index["pages"]):  # type: ignore[index]
        text = data[page["data"]]["text"]  # type: ignore[index]
        assert page_text(site[page["url"]]).text == text  # type: ignore[union-attr]
        for gram in grams(text):
            assert number in data[shards[shard_of(gram, len(shards))]][gram]  # type: ignore[index]


def test_a_warm_index_reads_unchanged_pages_from_the_cache_and_writes_the_same_bytes(
    site: dict[str, bytes], tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    pages = [path for path in site if path.endswith(".html")]
    cold = PageMemo(cache)
    first = search_files(site, cold)
    assert cold.extracted == len(pages) == len(list(cache.glob("*.json")))
    warm = PageMemo(cache)  # the next build: a new process, the same folder
    assert search_files(site, warm) == first and warm.extracted == 0
    edited = dict(site)
    chapter = next(path for path in pages if path.startswith("chapters/"))
    edited[chapter] = site[chapter].replace(b"</main>", "<p>新加的一段：光谷</p></main>".encode())
    again = PageMemo(cache)
    assert search_files(edited, again) == search_files(edited) and again.extracted == 1
    assert search_files(edited) != first


def test_a_damaged_cache_entry_is_made_again(site: dict[str, bytes], tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = search_files(site, PageMemo(cache))
    damaged = sorted(cache.glob("*.json"))
    damaged[0].write_text("{not json", encoding="utf-8")
    damaged[1].write_text(json.dumps({"title": 1}), encoding="utf-8")
    memo = PageMemo(cache)
    assert search_files(site, memo) == first and memo.extracted == 2


def test_entries_unused_for_two_weeks_leave_the_cache(site: dict[str, bytes], tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    index_site(site, tmp_path / "a", cache)
    old = sorted(cache.glob("*.json"))[0]
    weeks_ago = time.time() - 15 * 86400
    os.utime(old, (weeks_ago, weeks_ago))
    stale = tmp_path / "cache" / "1-stale.json"
    stale.write_text("{}", encoding="utf-8")
    os.utime(stale, (weeks_ago, weeks_ago))
    index_site(site, tmp_path / "b", cache)  # reads `old` again: used, so kept
    assert old.is_file() and not stale.exists()


def test_a_memo_in_memory_lets_go_of_pages_no_longer_in_the_site(site: dict[str, bytes]) -> None:
    memo = PageMemo()
    search_files(site, memo)
    memo.forget_unused()
    edited = {path: content + b" " if path == "index.html" else content for path, content in site.items()}
    search_files(edited, memo)
    memo.forget_unused()
    assert len(memo) == sum(1 for path in site if path.endswith(".html"))


def test_a_warm_build_writes_the_index_of_a_cold_one(tmp_path: Path) -> None:
    build(FIXTURES / "all-elements", tmp_path / "warm", formats=("html",))
    warm = build(FIXTURES / "all-elements", tmp_path / "warm", formats=("html",)).outputs["html"]
    cold = build(FIXTURES / "all-elements", tmp_path / "cold", formats=("html",)).outputs["html"]

    def files(folder: Path) -> dict[str, bytes]:
        return {
            p.relative_to(folder).as_posix(): p.read_bytes() for p in (folder / SEARCH_FOLDER).rglob("*") if p.is_file()
        }

    assert files(warm) == files(cold) and len(files(cold)) > 3
