"""compile preview in a real headless Chromium (tests/support/browser.py): what an editor sees.

The page stays open while the edition is edited on disk: it must change by itself (no
navigation by the test), show a planted error in its overlay and drop it once fixed, show a
paragraph's source on hover, show the error page while the edition cannot be read and come
back after the fix; all without a console error or a failed request.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.conftest import FIXTURES
from tests.support.browser import Browser
from tests.test_preview import CHAPTER, save
from toolkit.preview import Preview, PreviewOptions
from toolkit.project import Project

pytestmark = pytest.mark.slow


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Preview, Path]]:
    edition = tmp_path / "edition"
    shutil.copytree(FIXTURES / "minimal", edition)
    with Preview(Project.at(tmp_path), "edition", PreviewOptions(port=0, interval=0.05)) as preview:
        yield preview, edition


def _open(browser: Browser, preview: Preview, page: str) -> None:
    browser.open(preview.url + page)
    _wait(browser, lambda: browser.js("return !!document.getElementById('preview-source');"))  # the client is up
    browser.js("window.previewTestMark = true;")  # gone once the page reloads itself


def _wait(browser: Browser, condition: object, timeout: float = 15) -> None:
    WebDriverWait(browser.driver, timeout, poll_frequency=0.05).until(lambda _: condition())  # type: ignore[operator]


def _main_text(browser: Browser) -> str:
    return str(browser.js("return (document.querySelector('main') || document.body).innerText;"))


def _overlay_codes(browser: Browser) -> list[str]:
    return list(
        browser.js(
            "return [...document.querySelectorAll('#preview-overlay li[data-code]')].map(li => li.dataset.code);"
        )
    )


def test_a_save_changes_the_open_page_and_a_planted_error_comes_and_goes(
    browser: Browser, live: tuple[Preview, Path]
) -> None:
    preview, edition = live
    _open(browser, preview, "chapters/02-growth.html")
    assert "连续 11 年" in _main_text(browser)
    chapter = edition / CHAPTER
    text = chapter.read_text(encoding="utf-8")
    save(chapter, text.replace("连续 11 年", "连续十一年"))
    _wait(browser, lambda: "连续十一年" in _main_text(browser))
    assert browser.js("return window.previewTestMark === undefined;")  # reloaded by the preview, not the test
    assert sorted(_overlay_codes(browser)) == ["IM001", "IM004", "NR001"]  # the fixture's warnings, folded
    assert browser.js("return document.querySelector('#preview-overlay ol.preview-folded').hidden;")

    planted = text.replace("## 结构不断优化 {#structure}", "::: figur\n:::\n\n## 结构不断优化 {#structure}")
    line = planted.splitlines().index("::: figur") + 1
    save(chapter, planted)
    _wait(browser, lambda: "MD005" in _overlay_codes(browser))
    item = browser.driver.find_element(By.CSS_SELECTOR, '#preview-overlay li[data-code="MD005"]')
    assert item.is_displayed()
    assert item.text.startswith(f"{CHAPTER}:{line}:1 错误 MD005 未知的指令“figur”\n提示：")
    assert browser.driver.find_element(By.ID, "preview-overlay").get_attribute("class") == "preview-has-errors"

    save(chapter, text)
    _wait(browser, lambda: "MD005" not in _overlay_codes(browser) and "连续 11 年" in _main_text(browser))
    assert browser.driver.find_element(By.ID, "preview-overlay").get_attribute("class") == ""
    assert browser.errors() == []


def test_a_paragraph_tells_its_source_on_hover(browser: Browser, live: tuple[Preview, Path]) -> None:
    preview, _ = live
    _open(browser, preview, "chapters/02-growth.html")
    paragraph = browser.driver.find_element(By.CSS_SELECTOR, 'p[data-source="chapters/02-growth.md:12"]')
    ActionChains(browser.driver).move_to_element(paragraph).perform()
    tip = browser.driver.find_element(By.ID, "preview-source")
    _wait(browser, tip.is_displayed)
    assert tip.text == "chapters/02-growth.md:12"
    assert "preview-sourced" in paragraph.get_attribute("class")
    assert browser.errors() == []


def test_an_unreadable_edition_shows_the_error_page_until_fixed(browser: Browser, live: tuple[Preview, Path]) -> None:
    preview, edition = live
    _open(browser, preview, "chapters/02-growth.html")
    manifest = edition / "edition.toml"
    good = manifest.read_text(encoding="utf-8")
    save(manifest, good.replace("year = 2021", "year = 2021\nyear = 2022"))
    _wait(browser, lambda: browser.js("return document.body.classList.contains('preview-error');"))
    assert "版本无法读取" in _main_text(browser) and "MF001" in _main_text(browser)
    started = time.monotonic()
    save(manifest, good)
    _wait(browser, lambda: "连续 11 年" in _main_text(browser))
    assert time.monotonic() - started < 15
    # the error page was answered 503 on purpose: that one failed load is the only console error
    assert [e for e in browser.errors() if "503" not in e] == []


def test_a_problems_link_opens_the_page_at_its_block(browser: Browser, live: tuple[Preview, Path]) -> None:
    preview, _ = live
    _open(browser, preview, "index.html")
    browser.js("document.querySelector('#preview-overlay .preview-toggle').click();")
    link = browser.driver.find_element(By.CSS_SELECTOR, '#preview-overlay li[data-code="IM001"] a.preview-where')
    assert link.get_attribute("href").endswith("/chapters/02-growth.html#source=chapters%2F02-growth.md%3A31")
    link.click()
    _wait(browser, lambda: browser.js("return !!document.querySelector('.preview-target');"))
    target = browser.js("return document.querySelector('.preview-target').dataset.source;")
    assert target == "chapters/02-growth.md:31"
    assert browser.errors() == []


def test_the_reload_keeps_the_place_and_the_overlay_passes_axe(browser: Browser, live: tuple[Preview, Path]) -> None:
    preview, edition = live
    _open(browser, preview, "chapters/02-growth.html")
    browser.js("window.scrollTo(0, 400);")
    _wait(browser, lambda: browser.js("return window.scrollY;") == 400)
    chapter = edition / CHAPTER
    text = chapter.read_text(encoding="utf-8")
    save(chapter, text.replace("## 结构不断优化 {#structure}", "::: figur\n:::\n\n## 结构不断优化 {#structure}"))
    _wait(browser, lambda: "MD005" in _overlay_codes(browser))
    assert browser.js("return window.previewTestMark === undefined;")
    assert browser.js("return window.scrollY;") == 400  # where the editor was reading
    browser.js("document.querySelector('#preview-overlay .preview-toggle').click();")  # warnings shown too
    assert [(v["id"], v["impact"]) for v in browser.axe()] == []  # the overlay and tooltip add no violation
    assert browser.errors() == []


def test_a_broken_reference_and_directive_show_in_the_page_where_they_are(
    browser: Browser, live: tuple[Preview, Path]
) -> None:
    """Issue 19: the page printed “全年太阳能电池产量 万千瓦” and dropped ``::: tabel``; only the overlay said why.
    Now each shows where it is, as written, underlined in red, its problem on hover."""
    preview, edition = live
    _open(browser, preview, "chapters/02-growth.html")
    chapter = edition / CHAPTER
    text = chapter.read_text(encoding="utf-8")
    planted = text.replace(
        "制造业增加值占 GDP 比重保持基本稳定。",
        "全年工业增加值 [[value-added:2020:增加值]] 亿元。\n\n::: tabel value-added\n:::",
    )
    save(chapter, planted)
    _wait(browser, lambda: browser.js("return document.querySelectorAll('.broken').length;") == 3)
    marks = browser.js(
        "return [...document.querySelectorAll('.broken')].map(node => {"
        " const style = getComputedStyle(node);"
        " return [node.dataset.code, node.innerText, node.title, style.textDecorationLine,"
        " style.textDecorationStyle, style.color, node.getBoundingClientRect().width > 0]; });"
    )
    reference = (
        "单元格引用 [[value-added:2020:增加值]] 无效：数据表“value-added”没有“增加值”列。你是不是想写“工业增加值”？"
    )
    red = ["underline", "wavy", "rgb(176, 0, 32)", True]
    assert marks == [
        ["MD024", "[[value-added:2020:增加值]]", reference, *red],
        ["MD005", "::: tabel value-added", "未知的指令“tabel”", *red],
        ["MD005", ":::", "未知的指令“tabel”", *red],
    ]
    line = planted.splitlines().index("全年工业增加值 [[value-added:2020:增加值]] 亿元。") + 1
    sentence = browser.driver.find_element(By.CSS_SELECTOR, f'p[data-source="{CHAPTER}:{line}"]')
    assert sentence.text == "全年工业增加值 [[value-added:2020:增加值]] 亿元。"
    assert sorted(c for c in _overlay_codes(browser) if c.startswith("MD")) == ["MD005", "MD024"]  # listed there too
    save(chapter, text)
    _wait(browser, lambda: browser.js("return document.querySelectorAll('.broken').length;") == 0)
    assert browser.errors() == []
