"""A real browser for the web edition's tests: Debian's headless Chromium driven by selenium.

- :class:`SiteServer` serves a built site on 127.0.0.1 (a free port) and records every request
  with its status, so a test sees each failed request (a missing stylesheet, image or script);
- :class:`Browser` opens pages, collects the console's errors, emulates a phone's screen (390 px:
  headless windows are at least 500 px wide, so the width comes from device emulation, with the
  page's ``<meta name="viewport">`` honoured), takes screenshots and runs axe-core inside the page.

Run by hand to look at a site: ``python -m tests.support.browser SITE_FOLDER OUT_FOLDER`` serves
it and writes a screenshot of every page at 390 and 1280 px wide.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.wait import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
"""axe-core, installed by ``make setup-test`` (``npm ci`` in ``tests/browser/``)."""
PHONE_WIDTH, DESKTOP_WIDTH = 390, 1280
FORBIDDEN_AT_LINE_START = "、。，．；：？！）》」』”’〉】…—%"
"""Marks that never start a line in Chinese typesetting (GB/T 15834 and the report's own rules)."""
_LINE_STARTS = r"""
const [selector, forbidden] = arguments;
const blocks = 'p,li,td,th,figcaption,h1,h2,h3,h4,summary,blockquote,div,aside,section,figure';
const walker = document.createTreeWalker(document.querySelector(selector), NodeFilter.SHOW_TEXT);
const range = document.createRange();
const found = [];
let block = null, previous = null;
while (walker.nextNode()) {
  const node = walker.currentNode;
  const owner = node.parentElement.closest(blocks);
  if (owner !== block) { block = owner; previous = null; }
  for (let i = 0; i < node.data.length; i++) {
    if (/\s/.test(node.data[i])) continue;
    range.setStart(node, i); range.setEnd(node, i + 1);
    const box = range.getClientRects()[0];
    if (!box || box.width === 0) continue;
    if (previous && box.top > previous.top + previous.height / 2 && box.left < previous.left
        && forbidden.includes(node.data[i])) {
      found.push(node.data.slice(i, i + 8));
    }
    previous = box;
  }
}
return found;
"""

TITLES = (
    "h1, h2, h3, h4, .cover p, .table-caption, th, .contents a, .toc a, .pager a, .opener-sections a, "
    ".index-entries a, .index-organisation, .phase-title"
)
"""What the web edition sets as a title (``word-break: keep-all``, a ``<wbr>`` where a word starts)."""
_TITLE_LINES = r"""
const [selector] = arguments;
const letter = /[\p{L}\p{N}]/u;
const range = document.createRange();
const titles = [];
for (const title of document.querySelectorAll(selector)) {
  if (!title.getClientRects().length) continue;  // not shown (the folded sidebar)
  const walker = document.createTreeWalker(title, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  const lines = [''], inside = [];
  let previous = null, owner = null, offered = false;
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.nodeType === Node.ELEMENT_NODE) { if (node.tagName === 'WBR') offered = true; continue; }
    let block = node.parentElement;
    while (block !== title && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
    if (block !== owner) { owner = block; previous = null; offered = false; if (lines.at(-1)) lines.push(''); }
    for (let i = 0; i < node.data.length; i++) {
      const char = node.data[i];
      if (/\s/.test(char)) { offered = true; continue; }
      range.setStart(node, i); range.setEnd(node, i + 1);
      const box = range.getClientRects()[0];
      if (!box || box.width === 0) continue;
      if (previous && box.top > previous.box.top + previous.box.height / 2 && box.left < previous.box.left) {
        if (!offered && letter.test(previous.char) && letter.test(char)) inside.push(lines.at(-1) + '|' + char);
        lines.push('');
      }
      lines[lines.length - 1] += char;
      previous = {box, char}; offered = false;
    }
  }
  titles.push({lines: lines.filter(l => l), inside});
}
return titles;
"""


class MissingTool(RuntimeError):
    """Chromium, its driver or axe-core is not installed (``make test`` installs them)."""


def chromium_paths() -> tuple[str, str]:
    """Debian's Chromium and its WebDriver; :class:`MissingTool` when either is absent."""
    browser, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if browser is None or driver is None:
        raise MissingTool("chromium and chromium-driver are not installed: run `make test`, which installs them")
    return browser, driver


# --- the server -----------------------------------------------------------------------------------


@dataclass
class Request:
    """One request the server answered."""

    path: str
    status: int


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site's folder and records each request (no log on the terminal)."""

    requests: list[Request]

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.requests.append(Request(self.path, int(code) if str(code).isdigit() else 0))

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


class SiteServer:
    """A static server over ``folder`` on 127.0.0.1, in a thread of the test process."""

    def __init__(self, folder: Path) -> None:
        self.requests: list[Request] = []
        handler = type("Handler", (_Handler,), {"requests": self.requests})
        self._server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
        )
        self._thread = threading.Thread(target=self._server.serve_forever, name="site server", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        """The site's root URL, ending in ``/``."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/"

    def failed(self) -> list[Request]:
        """The requests answered with an error status so far."""
        return [request for request in self.requests if request.status >= 400]

    def close(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()


# --- the browser ----------------------------------------------------------------------------------


@dataclass
class Browser:
    """A headless Chromium session; :meth:`open` a page, then ask it what it shows."""

    driver: webdriver.Chrome
    console: list[dict[str, Any]] = field(default_factory=list)
    """Console messages read so far (each: ``level``, ``message``)."""

    @classmethod
    def start(cls) -> Browser:
        """A new headless Chromium (the sandbox is off: the tests may run as root, as CI does)."""
        binary, driver = chromium_paths()
        options = webdriver.ChromeOptions()
        options.binary_location = binary
        for argument in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--lang=zh-CN",
            f"--window-size={DESKTOP_WIDTH},900",
            "--disable-extensions",
            "--no-first-run",
            "--disable-background-networking",
        ):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        return cls(webdriver.Chrome(options=options, service=Service(executable_path=driver)))

    def open(self, url: str, width: int = DESKTOP_WIDTH) -> None:
        """Load ``url`` at a screen ``width`` (a phone's below 500 px, by device emulation) and wait for it."""
        if width < 500:
            self.driver.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": 844, "deviceScaleFactor": 1, "mobile": True},
            )
        else:
            self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
            self.driver.set_window_size(width, 900)
        self.driver.get(url)
        self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "(document.fonts ? document.fonts.ready : Promise.resolve()).then(() => done(true));"
        )

    def wait_for(self, selector: str, seconds: float = 10) -> None:
        """Wait until an element matching the CSS ``selector`` is in the page (a script may add it)."""
        WebDriverWait(self.driver, seconds).until(
            lambda driver: driver.execute_script("return !!document.querySelector(arguments[0]);", selector)
        )

    def errors(self) -> list[str]:
        """Console errors since the last call (failed loads included: Chromium logs them as errors)."""
        entries = self.driver.get_log("browser")
        self.console.extend(entries)
        return [entry["message"] for entry in entries if entry["level"] == "SEVERE"]

    def js(self, script: str, *args: Any) -> Any:
        """The value of ``script`` (a function body: ``return …``) in the page."""
        return self.driver.execute_script(script, *args)

    def overflow(self) -> tuple[int, int]:
        """The page's scroll width and the viewport's width: the page overflows sideways when the first is larger."""
        return tuple(self.js("return [document.scrollingElement.scrollWidth, window.innerWidth];"))  # type: ignore

    def forbidden_line_starts(self, selector: str = "main") -> list[str]:
        """Lines inside ``selector`` that start with a mark Chinese never sets at a line start (、。，）》” …).

        Each visible character's box is measured (a Range per character): a character lower than the
        one before it, in the same block, starts a line. Returns the line's first characters and a few after.
        """
        return list(self.js(_LINE_STARTS, selector, FORBIDDEN_AT_LINE_START))

    def title_lines(self, selector: str = TITLES) -> list[dict[str, list[str]]]:
        """Each title shown (``selector``) as its lines (``lines``), and the lines that start inside a word
        (``inside``: the line before, ``|``, the next line's first character).

        Each visible character's box is measured, as for :meth:`forbidden_line_starts`. A line may start
        after a space or a ``<wbr>`` (a word's start), or next to punctuation; a line that starts between
        two letters, digits or Chinese characters with neither between them breaks a word.
        """
        return list(self.js(_TITLE_LINES, selector))

    def screenshot(self, path: Path) -> Path:
        """A PNG of the whole page at the current width."""
        height = int(self.js("return Math.min(document.scrollingElement.scrollHeight, 16000);"))
        metrics = self.js("return [window.innerWidth, window.devicePixelRatio];")
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": int(metrics[0]), "height": height, "deviceScaleFactor": 1, "mobile": int(metrics[0]) < 500},
        )
        path.write_bytes(self.driver.get_screenshot_as_png())
        return path

    def axe(self) -> list[dict[str, Any]]:
        """axe-core's violations on the current page (each with ``id``, ``impact``, ``nodes``)."""
        if not AXE.is_file():
            raise MissingTool(f"axe-core is not installed ({AXE}): run `make test`, which runs npm ci in tests/browser")
        self.js(AXE.read_text(encoding="utf-8"))
        result = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations), e => done(String(e)));"
        )
        if isinstance(result, str):
            raise RuntimeError(f"axe-core failed: {result}")
        return list(result)

    def close(self) -> None:
        """End the browser."""
        self.driver.quit()


def screenshots(site: Path, out: Path) -> list[Path]:
    """Serve ``site`` and write a screenshot of each of its pages at a phone's and a desktop's width."""
    out.mkdir(parents=True, exist_ok=True)
    server, browser = SiteServer(site), Browser.start()
    shots = []
    try:
        for page in sorted(site.rglob("*.html")):
            relative = page.relative_to(site)
            for width in (PHONE_WIDTH, DESKTOP_WIDTH):
                browser.open(server.url + relative.as_posix(), width)
                name = f"{relative.with_suffix('').as_posix().replace('/', '-')}-{width}.png"
                shots.append(browser.screenshot(out / name))
    finally:
        browser.close()
        server.close()
    return shots


if __name__ == "__main__":
    for shot in screenshots(Path(sys.argv[1]), Path(sys.argv[2])):
        print(shot)
