"""Review in a real browser (Debian's chromium through selenium) against ``compile portal serve`` as users run it.

A reviewer selects a phrase in a paragraph and a table cell and comments (the cell on a phone's
width), comments on a third paragraph with the keyboard alone, and replies; an editor finds each at
its file:line and resolves one; the next round is built with ``compile edition --draft`` while the
portal runs, and the worker records it: the first two comments stand where their text now is, the
third is orphaned. axe-core finds no serious violation with the comments shown.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.wait import WebDriverWait

from tests.conftest import ROOT
from tests.portal.conftest import PASSWORD, edit_for_round_two
from tests.portal.served import COMPILE, Served, compile_portal, free_port, serve, served_env
from tests.support.browser import PHONE_WIDTH, Browser
from toolkit.render.web_blocks import read_page

PAGE = "chapters/02-growth.html"
PHRASE = "连续 11 年位居世界第一"
CELL = "317109"
GONE = "高技术制造业和装备制造业成为新动能"
SERIOUS = ("serious", "critical")

_SELECT = """
const [selector, text] = arguments;
for (const element of document.querySelectorAll(selector)) {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, at = node.data.indexOf(text);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + text.length);
    const selection = document.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return true;
  }
}
return false;
"""


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory, review_rounds: dict[str, Path]) -> Iterator[tuple[Path, Served]]:
    """Round 1 of the review-rounds edition served by ``compile portal serve``, a reviewer and an editor invited."""
    root = tmp_path_factory.mktemp("review-served")
    shutil.copytree(review_rounds["1"] / "editions", root / "editions")
    shutil.copytree(review_rounds["1"] / "build", root / "build")
    env = served_env()
    for name, role in (("reader", "reviewer"), ("editor", "editor")):
        compile_portal(
            root, "add-user", "2021", name, "--role", role, "--password-stdin", stdin=PASSWORD + "\n", env=env
        )
    served = serve(root, free_port(), env)
    try:
        yield root, served
    finally:
        assert served.stop() == 0


def login(browser: Browser, base: str, name: str) -> None:
    browser.driver.delete_all_cookies()
    browser.open(base + "/accounts/login/")
    browser.driver.find_element(By.ID, "id_username").send_keys(name)
    browser.driver.find_element(By.ID, "id_password").send_keys(PASSWORD + Keys.ENTER)
    WebDriverWait(browser.driver, 20).until(lambda d: "/accounts/login/" not in d.current_url)


def latest_page(browser: Browser, base: str, width: int = 1280) -> str:
    """Open the latest round's chapter from the review home; returns its address."""
    browser.open(base + "/review/", width)
    link = browser.driver.find_element(By.PARTIAL_LINK_TEXT, "阅读最新稿").get_attribute("href")
    address = link.replace("index.html", PAGE)
    browser.open(address, width)
    browser.wait_for("#rv .rv-count")
    wait(browser, "return document.querySelector('#rv').dataset.loaded === '1'")
    return address


def wait(browser: Browser, script: str, seconds: float = 20) -> None:
    WebDriverWait(browser.driver, seconds).until(lambda d: d.execute_script(script))


def comment_on_selection(browser: Browser, selector: str, text: str, body: str) -> None:
    assert browser.js(_SELECT, selector, text), text
    wait(browser, "return document.querySelector('.rv-comment').textContent === '批注所选文字'")
    before = browser.js("return document.querySelectorAll('mark.rv-mark').length")
    browser.driver.find_element(By.CSS_SELECTOR, ".rv-comment").click()
    wait(browser, "return document.querySelector('#rv-dialog').open")
    assert browser.driver.find_element(By.ID, "rv-quote").get_attribute("value") == text
    browser.driver.find_element(By.ID, "rv-body").send_keys(body)
    browser.driver.find_element(By.CSS_SELECTOR, ".rv-save").click()
    wait(browser, f"return document.querySelectorAll('mark.rv-mark').length === {before + 1}")


def open_panel(browser: Browser) -> None:
    """The page's comments, shown (the toggle opens the panel when it is closed)."""
    if browser.js("return document.getElementById('rv-panel').hidden"):
        browser.driver.find_element(By.CSS_SELECTOR, ".rv-toggle").click()
    wait(browser, "return !document.getElementById('rv-panel').hidden")


def errors(browser: Browser) -> list[str]:
    """The console's errors, but the portal's pages' missing favicon.ico (the portal has none)."""
    return [e for e in browser.errors() if "/favicon.ico" not in e]


def marks(browser: Browser) -> list[str]:
    return browser.js("return [...document.querySelectorAll('main mark.rv-mark')].map(m => m.textContent)")


def test_reviewers_comment_editors_resolve_and_the_next_round_re_anchors(
    portal: tuple[Path, Served], browser: Browser
) -> None:
    root, served = portal
    base = served.url
    login(browser, base, "reader")
    address = latest_page(browser, base)
    # the page's text in the browser is the text the server anchors comments in
    built = read_page((root / "build/2021/drafts/1/html" / PAGE).read_text(encoding="utf-8"), PAGE)
    assert browser.js("return document.querySelector('main').textContent") == built.text
    comment_on_selection(browser, 'p[data-source="chapters/02-growth.md:6"]', PHRASE, "“连续 11 年”请核对统计口径")
    assert marks(browser) == [PHRASE]

    # on a phone: select a table cell, then the button at the bottom of the screen
    browser.open(address, PHONE_WIDTH)
    wait(browser, "return document.querySelectorAll('mark.rv-mark').length === 1")
    assert browser.overflow()[0] <= browser.overflow()[1]
    bar = browser.js(
        "const b = document.querySelector('.rv-bar').getBoundingClientRect(); return [b.bottom, innerHeight]"
    )
    assert abs(bar[0] - bar[1]) < 2
    comment_on_selection(browser, 'tr[data-source="data/value-added.csv:5"] td', CELL, "2019 年数据请与统计公报核对")
    assert sorted(marks(browser)) == sorted([PHRASE, CELL])

    # with the keyboard alone: the button, the paragraph from the list, the quote cut down, the comment, save
    browser.open(address)
    wait(browser, "return document.querySelectorAll('mark.rv-mark').length === 2")
    browser.js("document.getSelection().removeAllRanges(); document.querySelector('.rv-comment').focus();")
    browser.driver.switch_to.active_element.send_keys(Keys.ENTER)
    wait(browser, "return document.querySelector('#rv-dialog').open")
    block = browser.driver.find_element(By.ID, "rv-block")
    block.send_keys(Keys.HOME)
    for _ in range(40):
        if browser.js(
            "const s = document.getElementById('rv-block'); return s.options[s.selectedIndex].text"
        ).startswith("制造业增加值占"):
            break
        block.send_keys(Keys.ARROW_DOWN)
    quote = browser.driver.find_element(By.ID, "rv-quote")
    quote.send_keys(Keys.CONTROL, "a")
    quote.send_keys(GONE + Keys.TAB)
    browser.driver.switch_to.active_element.send_keys("这一段建议删去")
    browser.driver.switch_to.active_element.send_keys(Keys.TAB)  # to 保存
    browser.driver.switch_to.active_element.send_keys(Keys.ENTER)
    wait(browser, "return document.querySelectorAll('mark.rv-mark').length === 3")
    assert GONE in marks(browser)

    # a reply, from the comments' panel
    open_panel(browser)
    thread = next(t for t in browser.driver.find_elements(By.CSS_SELECTOR, ".rv-thread") if CELL in t.text)
    next(b for b in thread.find_elements(By.TAG_NAME, "button") if b.text == "回复").click()
    thread.find_element(By.TAG_NAME, "textarea").send_keys("补充：见统计公报第 3 页")
    next(b for b in thread.find_elements(By.TAG_NAME, "button") if b.text == "发送").click()
    wait(browser, "return document.querySelectorAll('.rv-replies li').length === 1")
    assert errors(browser) == []

    # the editor: every comment at its file:line, one resolved; axe finds nothing serious with comments shown
    login(browser, base, "editor")
    browser.open(base + "/review/comments/?edition=2021")
    listed = browser.driver.find_element(By.TAG_NAME, "main").text
    assert "chapters/02-growth.md:6" in listed and "data/value-added.csv:5 “工业增加值”" in listed
    assert "chapters/02-growth.md:10" in listed and "补充：见统计公报第 3 页" in listed
    assert not [v["id"] for v in browser.axe() if v["impact"] in SERIOUS]
    card = next(c for c in browser.driver.find_elements(By.CSS_SELECTOR, "li.comment") if CELL in c.text)
    next(b for b in card.find_elements(By.TAG_NAME, "button") if b.text == "标记为已处理").click()
    wait(browser, "const m = document.querySelector('main'); return !!m && m.textContent.includes('已标记为已处理')")
    latest_page(browser, base)
    open_panel(browser)
    assert not [(v["id"], v["nodes"][0]["target"]) for v in browser.axe() if v["impact"] in SERIOUS]

    # the next round, built while the portal runs: the worker records it and re-anchors the comments
    edit_for_round_two(root / "editions" / "2021")
    env = served_env()
    built = subprocess.run(
        [*COMPILE, "edition", "2021", "--root", str(root), "--draft", "--format", "html"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    workers = served.children()["worker"]
    deadline = time.monotonic() + 60
    while not re.search(r"round 2 of 2021 recorded \(process (\d+)\)", served.log.read_text(encoding="utf-8")):
        assert time.monotonic() < deadline, served.log.read_text(encoding="utf-8")[-3000:]
        time.sleep(0.5)
    recorder = int(
        re.search(r"round 2 of 2021 recorded \(process (\d+)\)", served.log.read_text(encoding="utf-8")).group(1)
    )
    assert recorder in workers  # the worker found it, before any page asked
    login(browser, base, "reader")
    address = latest_page(browser, base)
    assert "/review/rounds/" in address and "第 2 稿" in browser.driver.find_element(By.CSS_SELECTOR, ".rv-round").text
    assert sorted(marks(browser)) == sorted([PHRASE, CELL])
    row = browser.js(
        "return document.querySelector('mark.rv-mark[data-annotation]') && "
        "[...document.querySelectorAll('mark.rv-mark')].map(m => m.closest('[data-source]').dataset.source)"
    )
    assert sorted(row) == ["chapters/02-growth.md:6", "data/value-added.csv:2"]
    open_panel(browser)
    threads = {
        t.find_element(By.CSS_SELECTOR, ".rv-quote").text: t.text
        for t in browser.driver.find_elements(By.CSS_SELECTOR, ".rv-thread")
    }
    assert "原处" in threads[PHRASE] and "已移动" in threads[CELL] and "编辑部已处理" in threads[CELL]
    assert "原文已删除" in threads[GONE] and "这段原文在本稿中已删除" in threads[GONE]
    assert not [v["id"] for v in browser.axe() if v["impact"] in SERIOUS]
    assert errors(browser) == []
