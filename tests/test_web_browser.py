"""The 2021 web edition in a real browser: Debian's headless Chromium, driven by selenium.

The site is compiled once per session and served on 127.0.0.1; every page is loaded at a
phone's width (390 px, by device emulation) and a desktop's (1280 px). Screenshots of each page
at both widths are written to the session's temporary folder (``web-screenshots``) for a person
to look at; the tests assert what can be measured of them.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.wait import WebDriverWait

from tests.conftest import FIXTURES, build
from tests.support.browser import DESKTOP_WIDTH, PHONE_WIDTH, Browser, MissingTool, SiteServer
from tests.support.lighthouse import audit
from tests.test_web import hostile_edition
from toolkit.build import BuildResult
from toolkit.model import CaseBox
from toolkit.render.web import page_for_source
from toolkit.render.web_search import normalize, query_grams, shard_of

SLOW_FIXTURES = frozenset({"web_2021", "web_2020", "site", "browser", "pages", "all_elements_site"})


@pytest.fixture(scope="session")
def web_2021(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The 2021 web edition, built once (``compile edition 2021 --format html``)."""
    return build("2021", tmp_path_factory.mktemp("web-2021"), formats=("html",))


@pytest.fixture(scope="session")
def web_2020(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The 2020 web edition, built once (for its search)."""
    return build("2020", tmp_path_factory.mktemp("web-2020"), formats=("html",))


@pytest.fixture(scope="session")
def site(web_2021: BuildResult) -> Iterator[SiteServer]:
    server = SiteServer(web_2021.outputs["html"])
    yield server
    server.close()


@pytest.fixture(scope="session")
def pages(web_2021: BuildResult) -> list[str]:
    """Every page of the site, relative to the site."""
    folder = web_2021.outputs["html"]
    found = [p.relative_to(folder).as_posix() for p in sorted(folder.rglob("*.html"))]
    assert len(found) == 10  # the front matter, 8 chapters, the case index
    return found


def _chapter_titles(web_2021: BuildResult) -> dict[str, str]:
    titles = {f"chapters/{Path(c.source.path).stem}.html": c.title for c in web_2021.edition.chapters}
    return {**titles, "case-index.html": web_2021.edition.config.index.title}


def test_every_page_loads_without_console_errors_or_failed_requests_in_chinese(
    browser: Browser, site: SiteServer, pages: list[str]
) -> None:
    browser.errors()  # start afresh
    for page in pages:
        for width in (PHONE_WIDTH, DESKTOP_WIDTH):
            browser.open(site.url + page, width)
            assert browser.js("return document.documentElement.lang;") == "zh-CN", page
            assert browser.errors() == [], (page, width)
    requested = {request.path for request in site.requests}
    assert {"/static/web.css", "/static/web.js", "/static/search.css", "/static/search.js"} <= requested
    assert site.failed() == []


def test_every_chapter_is_reachable_from_the_sidebar(browser: Browser, site: SiteServer, web_2021: BuildResult) -> None:
    expected = _chapter_titles(web_2021)
    reached: dict[str, str] = {}
    for path in expected:
        browser.open(site.url + "index.html", DESKTOP_WIDTH)
        link = browser.driver.find_element(By.CSS_SELECTOR, f'#sidebar .contents a[href="{path}"]')
        link.click()
        heading = browser.driver.find_element(By.CSS_SELECTOR, "main h1").text
        reached[browser.driver.current_url.removeprefix(site.url)] = heading
    assert reached == expected


def test_the_sidebar_opens_from_its_button_on_a_phone(browser: Browser, site: SiteServer) -> None:
    browser.open(site.url + "chapters/05-big-data.html", PHONE_WIDTH)
    sidebar = browser.driver.find_element(By.ID, "sidebar")
    assert not sidebar.is_displayed()
    browser.driver.find_element(By.CSS_SELECTOR, ".nav-toggle").click()
    assert sidebar.is_displayed()
    assert browser.driver.find_element(By.CSS_SELECTOR, ".nav-toggle").get_attribute("aria-expanded") == "true"


def test_a_table_and_a_chart_render_with_their_numbers(browser: Browser, site: SiteServer) -> None:
    browser.open(site.url + "chapters/05-big-data.html", DESKTOP_WIDTH)
    [figure] = browser.driver.find_elements(By.CSS_SELECTOR, "figure.chart")
    chart = figure.find_element(By.CSS_SELECTOR, ".chart-wide svg")  # the PDF's drawing (a phone's is hidden)
    assert chart.size["width"] > 500 and chart.size["height"] > 200
    bars = chart.find_elements(By.CSS_SELECTOR, "[id*='bar-0-']")
    assert len(bars) == 5 and all(bar.size["height"] > 20 for bar in bars)
    assert not figure.find_element(By.CSS_SELECTOR, ".chart-narrow svg").is_displayed()
    data = figure.find_element(By.CSS_SELECTOR, "details.chart-data")
    assert data.get_attribute("open") is None
    data.find_element(By.TAG_NAME, "summary").click()
    cells = [cell.text for cell in data.find_elements(By.CSS_SELECTOR, "tbody tr:first-child td")]
    assert cells == ["2016", "247860"]
    table = browser.driver.find_element(By.CSS_SELECTOR, "figure.data-table table")
    assert table.size["width"] > 300 and table.size["height"] > 100
    assert len(table.find_elements(By.CSS_SELECTOR, "tbody tr")) >= 4


def test_no_page_overflows_sideways_at_390_or_1280_px(
    browser: Browser, site: SiteServer, pages: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    shots = tmp_path_factory.mktemp("web-screenshots")
    overflowing = []
    for page in pages:
        for width in (PHONE_WIDTH, DESKTOP_WIDTH):
            browser.open(site.url + page, width)
            scroll, inner = browser.overflow()
            assert inner == width
            if scroll > inner:
                overflowing.append((page, width, scroll))
            browser.screenshot(shots / f"{page.replace('/', '-').removesuffix('.html')}-{width}.png")
    assert overflowing == []
    assert len(list(shots.glob("*.png"))) == 2 * len(pages)


def test_no_line_starts_with_a_closing_mark_on_a_phone_or_a_desktop(
    browser: Browser, site: SiteServer, pages: list[str]
) -> None:
    found = {}
    for page in pages:
        for width in (PHONE_WIDTH, DESKTOP_WIDTH):
            browser.open(site.url + page, width)
            starts = browser.forbidden_line_starts()
            if starts:
                found[(page, width)] = starts
    assert found == {}
    # the measure itself finds such a line when the page allows one (line-break: anywhere)
    browser.js(
        "const p = document.createElement('p'); p.id = 'loose'; p.style.cssText = 'width: 3.2em; "
        "line-break: anywhere; text-indent: 0; text-align: left';"
        "p.textContent = '一二三，四五六。七八九'; document.querySelector('main').prepend(p);"
    )
    assert browser.forbidden_line_starts("#loose") == ["，四五六。七八九"]


def test_a_wide_table_scrolls_in_its_own_box_on_a_phone(browser: Browser, site: SiteServer) -> None:
    browser.open(site.url + "chapters/05-big-data.html", PHONE_WIDTH)
    boxes = browser.js(
        "return [...document.querySelectorAll('figure.data-table .table-scroll')]"
        ".map(b => [b.scrollWidth, b.clientWidth]);"
    )
    assert boxes and any(scroll > client for scroll, client in boxes), boxes
    assert browser.overflow()[0] <= PHONE_WIDTH


# --- search: exactly the pages holding the query, ranked by how often, the query marked whole -----------

TERMS_2021 = [
    # places
    "武汉",
    "光谷",
    "老挝",
    "万象",
    "非洲",
    "巴基斯坦",
    "雅万高铁",
    "粤港澳",
    "长江",
    "东盟",
    # companies and organisations
    "华为",
    "中联重科",
    "国家电网",
    "中国一汽",
    "中国移动",
    "红旗",
    "联合国",
    "世界卫生组织",
    # technical terms
    "新能源汽车",
    "5G 基站",
    "工业互联网",
    "光伏",
    "碳达峰",
    "碳中和",
    "数字经济",
    "疫苗",
    "北斗",
    "人工智能",
    "2030 年可持续发展议程",
    "制造业增加值",
    "一带一路",
    "乡村振兴",
    "共同富裕",
    "新冠肺炎",
    # numbers with their units
    "42 万辆",
    "313071.1 亿元",
    "2.4%",
    "700 万辆",
    "20.9 万亿元",
    "亿元",
    "L3 级",
    # English
    "COVID-19",
    "GDP",
    "STEM",
    "DigiSchool",
    "LEED",
    "SBTi",
    "Sonatel",
    "AMD",
    "km",
]
"""Verbatim terms of the 2021 web edition (each is on at least one page, most on several)."""
VARIANTS_2021 = ["5G基站", "5g 基站", "amd", "sbti", "2030年可持续发展议程"]
"""The same terms typed otherwise: letters in either case, with or without the space beside Chinese."""
_SKIPPED = {"svg", "script", "style", "template", "noscript", "button"}
_BLOCKS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}


class _SearchableText(HTMLParser):
    """The text a page offers the search, read here on its own: its ``data-search-body`` element, blocks apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.body: str | None = None
        self.done = False
        self.skipping: list[str] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.body is None:
            self.body = tag if any(name == "data-search-body" for name, _ in attrs) else None
        elif not self.done:
            if self.skipping or tag in _SKIPPED:
                self.skipping += [tag] if tag in _SKIPPED or tag == (self.skipping or [""])[0] else []
            elif tag in _BLOCKS:
                self.parts.append("\0")

    def handle_endtag(self, tag: str) -> None:
        if self.body is None or self.done:
            return
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
        elif tag == self.body:
            self.done = True
        elif tag in _BLOCKS:
            self.parts.append("\0")

    def handle_data(self, data: str) -> None:
        if self.body is not None and not self.done and not self.skipping:
            self.parts.append(data)

    @classmethod
    def of(cls, page: Path) -> str:
        reader = cls()
        reader.feed(page.read_text(encoding="utf-8"))
        blocks = (re.sub(r"\s+", " ", block).strip() for block in "".join(reader.parts).split("\0"))
        return "\n".join(block for block in blocks if block)


def _matched(text: str) -> str:
    """Text as a query meets it: ASCII letters in lower case, a space only between ASCII letters or digits."""
    lowered = re.sub("[A-Z]", lambda letter: letter.group().lower(), text)
    return re.sub(r" (?![0-9a-z])|(?<![0-9a-z]) ", "", lowered)


def _reading_order(result: BuildResult) -> list[str]:
    chapters = [f"chapters/{Path(chapter.source.path).stem}.html" for chapter in result.edition.chapters]
    return ["index.html", *chapters, "case-index.html"]


def _texts(result: BuildResult) -> dict[str, str]:
    """Every page's searchable text, read from the built HTML, in reading order."""
    folder = result.outputs["html"]
    return {page: _SearchableText.of(folder / page) for page in _reading_order(result) if (folder / page).is_file()}


def _expected(texts: dict[str, str], query: str) -> list[tuple[str, int]]:
    """The pages whose text holds ``query`` and how often, the most first (reading order among equals)."""
    wanted = _matched(" ".join(query.split()))
    counts = [(page, _matched(text).count(wanted)) for page, text in texts.items()]
    order = list(texts)
    return sorted(((page, count) for page, count in counts if count), key=lambda hit: (-hit[1], order.index(hit[0])))


def _sampled(texts: dict[str, str], how_many: int, seed: int) -> list[str]:
    """Stretches of 2 to 6 characters taken from the pages' text at random (none starting or ending in a space)."""
    chooser = random.Random(seed)
    lines = [line for text in texts.values() for line in text.split("\n") if len(line) >= 6]
    found: list[str] = []
    while len(found) < how_many:
        line, size = chooser.choice(lines), chooser.randint(2, 6)
        start = chooser.randrange(len(line) - size + 1)
        term = line[start : start + size]
        if term == term.strip() and term not in found:
            found.append(term)
    return found


def _typed_search(browser: Browser, query: str) -> list[dict[str, Any]]:
    """Type ``query`` in the open page's search box; the pages it lists, as the page shows them."""
    box = browser.driver.find_element(By.CSS_SELECTOR, ".search-input")
    box.clear()
    box.send_keys(query)
    shown = " ".join(query.split())
    WebDriverWait(browser.driver, 15, poll_frequency=0.02).until(
        lambda driver: driver.execute_script(
            "const list = document.querySelector('.search-results');"
            "return list.dataset.state === 'done' && list.dataset.query === arguments[0];",
            shown,
        )
    )
    return list(
        browser.js(
            "return [...document.querySelectorAll('.search-results > .search-result')].map(r => ({"
            "  url: new URL(r.querySelector('.search-result-link').href).pathname.slice(1),"
            "  count: Number(r.dataset.count), said: r.querySelector('.search-result-count').textContent,"
            "  marks: [...r.querySelectorAll('mark')].map(m => m.textContent),"
            "  excerpts: [...r.querySelectorAll('.search-excerpt')].map(e => e.textContent)}));"
        )
    )


def _search_mismatches(browser: Browser, texts: dict[str, str], queries: list[str]) -> dict[str, object]:
    """Each query whose results differ from the pages' own text: wrong pages, order, counts or marks."""
    wrong: dict[str, object] = {}
    for query in queries:
        expected = _expected(texts, query)
        assert expected, query  # every query is on some page
        results = _typed_search(browser, query)
        listed = [(result["url"], result["count"]) for result in results]
        if listed != expected:
            wrong[query] = (listed, expected)
            continue
        for result in results:
            whole = all(_matched(mark) == _matched(" ".join(query.split())) for mark in result["marks"])
            quoted = all(excerpt.strip("…") in texts[result["url"]] for excerpt in result["excerpts"])
            if not (result["marks"] and whole and quoted and result["said"] == f"{result['count']} 处"):
                wrong[query] = result
    return wrong


def test_search_lists_exactly_the_pages_holding_each_term_by_how_often_marked_whole(
    browser: Browser, site: SiteServer, web_2021: BuildResult
) -> None:
    texts = _texts(web_2021)
    assert len(texts) == 10
    browser.open(site.url + "chapters/01-covid.html", DESKTOP_WIDTH)
    queries = TERMS_2021 + VARIANTS_2021 + _sampled(texts, 40, seed=2021)
    assert len(set(TERMS_2021)) >= 40 and all(any(term in text for text in texts.values()) for term in TERMS_2021)
    assert _search_mismatches(browser, texts, queries) == {}
    # what Pagefind got wrong (its words against the browser's): the pages holding them, and only those
    assert [page for page, _ in _expected(texts, "新能源汽车")] == [
        "chapters/06-global-contribution.html",
        "chapters/05-big-data.html",
        "chapters/07-practice.html",
        "chapters/08-outlook.html",
    ]
    assert [page for page, _ in _expected(texts, "光谷")] == ["chapters/05-big-data.html"]
    assert browser.errors() == [] and site.failed() == []


def test_search_finds_exactly_the_pages_of_2020_too(browser: Browser, web_2020: BuildResult) -> None:
    texts = _texts(web_2020)
    server = SiteServer(web_2020.outputs["html"])
    try:
        browser.open(server.url + "index.html", DESKTOP_WIDTH)
        assert _search_mismatches(browser, texts, _sampled(texts, 40, seed=2020)) == {}
        assert browser.errors() == [] and server.failed() == []
    finally:
        server.close()


def test_search_results_say_where_and_how_often_and_pass_axe(browser: Browser, site: SiteServer) -> None:
    browser.open(site.url + "index.html", DESKTOP_WIDTH)
    results = _typed_search(browser, "光谷")  # in a picture's caption, before the chapter's first section
    assert [(r["url"], r["count"], r["marks"]) for r in results] == [("chapters/05-big-data.html", 1, ["光谷"])]
    hit = browser.driver.find_element(By.CSS_SELECTOR, ".search-hit-link")
    assert hit.get_attribute("href") == site.url + "chapters/05-big-data.html"
    results = _typed_search(browser, "万象")
    assert [(r["url"], r["count"]) for r in results] == [("chapters/07-practice.html", 2), ("case-index.html", 1)]
    assert browser.driver.find_element(By.CSS_SELECTOR, ".search-status").text == "“万象”见于 2 页，共 3 处"
    bad = [(v["id"], v["impact"]) for v in browser.axe() if v["impact"] in ("serious", "critical")]
    assert bad == []
    hit = browser.driver.find_element(By.CSS_SELECTOR, ".search-hit-link")
    assert hit.get_attribute("href").startswith(site.url + "chapters/07-practice.html#case-title-")
    hit.click()  # the occurrence's case, on its page
    anchor = browser.driver.current_url.split("#")[1]
    assert "万象" in browser.js("return document.getElementById(arguments[0]).parentElement.textContent;", anchor)


def test_the_pages_script_matches_by_the_rules_the_index_was_made_with(browser: Browser, site: SiteServer) -> None:
    samples = [
        "5G 基站",
        "ÀB C",
        "Dr. Smith",
        "a b",
        "\U00020000新 能",
        "COVID-19 疫情",
        "Ｇ 基",
        " x  y ",
        "İstanbul",
        "2020 年可持续发展",
        "新能源汽车",
    ]
    browser.open(site.url + "index.html", DESKTOP_WIDTH)
    in_page = browser.js(
        "const rules = reportSearch.rules; return arguments[0].map(t => {"
        "  const n = rules.normalize(t), g = rules.grams(n); return [n, g, g.map(x => rules.shardOf(x, 64))]; });",
        samples,
    )
    expected = [
        [normalize(t), query_grams(normalize(t)), [shard_of(g, 64) for g in query_grams(normalize(t))]] for t in samples
    ]
    assert in_page == expected


def test_search_for_a_word_the_report_lacks_finds_nothing(browser: Browser, site: SiteServer) -> None:
    browser.open(site.url + "index.html", DESKTOP_WIDTH)
    assert _typed_search(browser, "恐龙") == []
    assert browser.driver.find_element(By.CSS_SELECTOR, ".search-status").text == "没有找到“恐龙”"
    box = browser.driver.find_element(By.CSS_SELECTOR, ".search-input")
    box.send_keys(Keys.ESCAPE)  # clears the box and the results
    assert (
        box.get_attribute("value") == ""
        and not browser.driver.find_element(By.CSS_SELECTOR, ".search-status").is_displayed()
    )


def test_search_waits_for_the_characters_an_input_method_composes(browser: Browser, site: SiteServer) -> None:
    browser.open(site.url + "index.html", DESKTOP_WIDTH)
    browser.driver.execute_async_script("""
        const done = arguments[arguments.length - 1], pause = () => new Promise(r => setTimeout(r, 300));
        const box = document.querySelector('.search-input'), list = document.querySelector('.search-results');
        window.searched = [];
        new MutationObserver(() => { if (list.dataset.state === 'done') window.searched.push(list.dataset.query); })
          .observe(list, {attributes: true});
        (async () => {  // a person typing pinyin, slower than the search waits for keystrokes
          box.dispatchEvent(new CompositionEvent('compositionstart'));
          for (const typed of ['h', 'hua', 'hua wei']) {
            box.value = typed;
            box.dispatchEvent(new InputEvent('input', {isComposing: true}));
            await pause();
          }
          box.value = '华为';
          box.dispatchEvent(new InputEvent('input', {isComposing: true}));
          box.dispatchEvent(new CompositionEvent('compositionend', {data: '华为'}));
        })().then(() => done(true));""")
    WebDriverWait(browser.driver, 15, poll_frequency=0.02).until(
        lambda driver: driver.execute_script("return window.searched.length > 0;")
    )
    assert browser.js("return window.searched;") == ["华为"]
    assert len(browser.driver.find_elements(By.CSS_SELECTOR, ".search-result")) == 2


def test_search_works_from_a_page_opened_from_disk(browser: Browser, web_2021: BuildResult) -> None:
    browser.errors()
    browser.open((web_2021.outputs["html"] / "chapters" / "01-covid.html").as_uri(), DESKTOP_WIDTH)
    results = _typed_search(browser, "雅万高铁")
    assert [(r["url"].rsplit("/html/", 1)[1], r["count"]) for r in results] == [("chapters/01-covid.html", 1)]
    assert browser.driver.find_element(By.CSS_SELECTOR, "link[href='../static/web.css']")
    assert browser.js("return getComputedStyle(document.querySelector('.running-head')).position;") == "sticky"
    assert browser.errors() == []


def test_axe_finds_no_serious_or_critical_violation(browser: Browser, site: SiteServer, pages: list[str]) -> None:
    found = {}
    checked = 0
    for page in pages:
        for width in (PHONE_WIDTH, DESKTOP_WIDTH):
            browser.open(site.url + page, width)
            browser.wait_for(".search-input:not([hidden])")  # the search box, shown by its script, is checked too
            violations = browser.axe()
            bad = [
                (v["id"], v["impact"], len(v["nodes"])) for v in violations if v["impact"] in ("serious", "critical")
            ]
            if bad:
                found[(page, width)] = bad
            checked += 1
    assert found == {}
    assert checked == 2 * len(pages)


def test_a_hostile_case_prints_as_text_in_the_browser(browser: Browser, tmp_path: Path) -> None:
    result = build(hostile_edition(tmp_path / "hostile"), tmp_path / "out", formats=("html",))
    server = SiteServer(result.outputs["html"])
    try:
        browser.open(server.url + "chapters/01-hostile.html", DESKTOP_WIDTH)
        text = browser.driver.find_element(By.TAG_NAME, "main").text
        assert '<script>alert("case")</script>' in text and "{{ 7*7 }}" in text
        assert browser.js("return document.querySelectorAll('main script, main b').length;") == 0
        assert browser.errors() == []
        # and were markup ever to slip through, the page's policy runs no script but the site's files
        browser.js(
            "document.querySelector('main').insertAdjacentHTML('beforeend', "
            '\'<img src="nowhere.png" onerror="window.ran = 1">\');'
        )
        time.sleep(0.5)
        assert browser.js("return window.ran === undefined;") is True
        assert any("Content Security Policy" in error for error in browser.errors())
    finally:
        server.close()


# --- every element, on the all-elements fixture -------------------------------------------------------------


@pytest.fixture(scope="session")
def all_elements_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[BuildResult, SiteServer]]:
    result = build(FIXTURES / "all-elements", tmp_path_factory.mktemp("web-all-elements"), formats=("html",))
    server = SiteServer(result.outputs["html"])
    yield result, server
    server.close()


def _blocks_by_page(result: BuildResult) -> dict[str, dict[str, set[str]]]:
    """page → {source label → kinds} for every block of the edition, placed cases' blocks included
    (a list and its first item's paragraph start on one line)."""
    edition = result.edition
    placing = {b.case_id: chapter for chapter, b in edition.walk() if isinstance(b, CaseBox)}
    found: dict[str, dict[str, set[str]]] = {}
    blocks = [(chapter, block) for chapter, block in edition.walk()]
    blocks += [(placing[case.id], block) for case, block in edition.walk_cases() if case.id in placing]
    for chapter, block in blocks:
        page = found.setdefault(page_for_source(edition, chapter.source.path), {})
        page.setdefault(block.source.label(), set()).add(block.kind)
    return found


def test_every_element_shows_on_a_phone_with_its_images_and_passes_axe(
    browser: Browser, all_elements_site: tuple[BuildResult, SiteServer]
) -> None:
    result, server = all_elements_site
    by_page = _blocks_by_page(result)
    kinds = {kind for blocks in by_page.values() for kinds in blocks.values() for kind in kinds}
    assert len(kinds) == 23  # every registered kind (tests/test_registry.py holds the fixture to that)
    browser.errors()
    invisible, violations = [], {}
    for page, blocks in sorted(by_page.items()):
        browser.open(server.url + page, PHONE_WIDTH)
        browser.js("document.querySelectorAll('img').forEach(i => i.loading = 'eager');")
        browser.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "Promise.all([...document.images].map(i => i.decode().catch(() => null))).then(() => done(true));"
        )
        shown = browser.js(
            "return [...document.querySelectorAll('[data-source]')].filter(e => {"
            "const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; })"
            ".map(e => e.dataset.source);"
        )
        invisible += [(page, label, kinds) for label, kinds in blocks.items() if label not in shown]
        images = browser.js("return [...document.images].map(i => [i.getAttribute('src'), i.naturalWidth]);")
        assert all(width > 0 for _, width in images), images
        assert browser.overflow()[0] <= PHONE_WIDTH, page
        browser.wait_for(".search-input:not([hidden])")
        found = [(v["id"], v["impact"]) for v in browser.axe()]
        if found:
            violations[page] = found
    assert invisible == []
    assert violations == {}  # not even moderate or minor ones on this fixture
    assert browser.errors() == [] and server.failed() == []


# --- on a phone: titles, wide tables, chart labels, Lighthouse ----------------------------------------------------


def test_titles_never_break_inside_a_word_at_390_or_1280_px(
    browser: Browser, site: SiteServer, pages: list[str]
) -> None:
    inside, measured = {}, 0
    for page in pages:
        for width in (PHONE_WIDTH, DESKTOP_WIDTH):
            browser.open(site.url + page, width)
            titles = browser.title_lines()
            measured += len(titles)
            broken = [line for title in titles for line in title["inside"]]
            if broken:
                inside[(page, width)] = broken
    assert inside == {}
    assert measured > 500
    # the lines of the titles the issue names, on a phone: where the published cover breaks, at the source's space
    browser.open(site.url + "index.html", PHONE_WIDTH)
    assert browser.title_lines(".cover-title")[0]["lines"] == ["中国工业和信息化", "可持续发展报告"]
    assert browser.title_lines(".cover-publisher")[0]["lines"] == ["《中国工业和信息化可持续发展报告》", "编写组"]
    browser.open(site.url + "chapters/01-covid.html", PHONE_WIDTH)
    assert browser.title_lines("h1")[0]["lines"] == ["抗击新冠疫情", "助力全球经济复苏"]
    # the measure finds a title broken where no break was offered, as the browser breaks Chinese by default
    browser.js(
        "const h = document.createElement('h2'); h.id = 'loose'; h.style.cssText = 'width: 5em; "
        "word-break: normal; text-wrap: wrap'; h.textContent = '中国工业和信息化可持续发展报告';"
        "document.querySelector('main').prepend(h);"
    )
    [loose] = browser.title_lines("#loose")
    assert loose["lines"] == ["中国工业和", "信息化可持", "续发展报告"]
    assert loose["inside"] == ["中国工业和|信", "信息化可持|续"]


def test_a_wide_table_shows_that_it_scrolls_and_keeps_its_first_column_in_view(
    browser: Browser, site: SiteServer
) -> None:
    frame = "figure.data-table .table-frame"
    browser.open(site.url + "chapters/05-big-data.html", PHONE_WIDTH)
    state = (
        "const f = document.querySelector(arguments[0]), box = f.querySelector('.table-scroll');"
        "const cell = f.querySelector('tbody tr td'), head = f.querySelector('th');"
        "return {classes: f.className, shadow: getComputedStyle(f, '::after').opacity,"
        "hidden: box.scrollWidth - box.clientWidth, first: cell.getBoundingClientRect().left - "
        "box.getBoundingClientRect().left, head: head.getBoundingClientRect().left - box.getBoundingClientRect().left,"
        "overflowing: [...f.querySelectorAll('th')].filter(th => th.scrollWidth > th.clientWidth).length};"
    )
    time.sleep(0.3)  # the shadow fades in
    before = browser.js(state, frame)
    assert before["hidden"] > 200 and "more-right" in before["classes"] and "more-left" not in before["classes"]
    assert float(before["shadow"]) == 1 and before["overflowing"] == 0
    browser.js(
        "const box = document.querySelector(arguments[0] + ' .table-scroll'); box.scrollLeft = box.scrollWidth;", frame
    )
    time.sleep(0.3)
    after = browser.js(state, frame)
    assert "more-left" in after["classes"] and "more-right" not in after["classes"] and float(after["shadow"]) == 0
    assert abs(after["first"]) < 1 and abs(after["head"]) < 1  # the years' column stays where it was
    # on a desktop its nine columns fit the text column: headings wrap between words, nothing is hidden
    browser.open(site.url + "chapters/05-big-data.html", DESKTOP_WIDTH)
    wide = browser.js(state, frame)
    assert wide["hidden"] <= 0 and "more-right" not in wide["classes"] and wide["overflowing"] == 0


def test_chart_labels_read_at_11_css_px_or_more_on_a_phone_and_a_desktop(
    browser: Browser, site: SiteServer, all_elements_site: tuple[BuildResult, SiteServer]
) -> None:
    sizes = (
        "return [...document.querySelectorAll('.chart-drawing svg text')]"
        ".filter(t => t.getBoundingClientRect().width > 0).map(t => { const m = t.getScreenCTM();"
        "return [t.textContent.trim(), parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b)]; });"
    )
    measured = {}
    for url in (site.url + "chapters/05-big-data.html", all_elements_site[1].url + "chapters/02-practice.html"):
        for width in (PHONE_WIDTH, DESKTOP_WIDTH):
            browser.open(url, width)
            labels = browser.js(sizes)
            assert len(labels) >= 15 and "313071" in {text for text, _ in labels[-5:]} | {"313071.1"}, labels
            measured[(url, width)] = min(size for _, size in labels)
            shown = browser.js(
                "return [...document.querySelectorAll('.chart-drawing > div')]"
                ".filter(d => d.offsetWidth > 0).map(d => d.className);"
            )
            assert shown == (["chart-narrow"] if width == PHONE_WIDTH else ["chart-wide"])
    assert all(size >= 11 for size in measured.values()), measured


def test_lighthouse_scores_accessibility_and_seo_100_on_a_phone(site: SiteServer) -> None:
    """The front page and chapter 02 (its statistic box's heading skipped from h1 to h4), as a phone.

    Each run takes about 15 s; ``bench/lighthouse_bench.py`` runs all four categories on every page,
    as a phone and as a desktop.
    """
    try:
        results = [
            audit(site.url + page, "mobile", ("accessibility", "seo"))
            for page in ("index.html", "chapters/02-common-prosperity.html")
        ]
    except MissingTool as missing:
        pytest.fail(str(missing), pytrace=False)
    assert [(r.url.removeprefix(site.url), r.scores, r.failed) for r in results] == [
        ("index.html", {"accessibility": 100, "seo": 100}, []),
        ("chapters/02-common-prosperity.html", {"accessibility": 100, "seo": 100}, []),
    ]
