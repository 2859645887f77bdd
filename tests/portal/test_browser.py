"""The portal in a real browser (Debian's headless Chromium through tests/support/browser.py), served by
``compile portal serve`` as a user starts it: an editor invites an association; the association sets its
password, downloads its template, uploads it filled in with mistakes, reads its letter, uploads a corrected
version; the editor filters, accepts and exports; the association sees its case accepted. axe-core runs on
every page on the way at 390 and 1280 px. Screenshots of each are written to ``portal-screenshots`` in the
session's temporary folder, for a person to look at."""

from __future__ import annotations

import csv
import io
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.wait import WebDriverWait

from tests.conftest import FIXTURES
from tests.portal.conftest import FILLED, ORG_A, PASSWORD
from tests.portal.served import Served, compile_portal, free_port, processes_under, serve, served_env
from tests.support.browser import DESKTOP_WIDTH, PHONE_WIDTH, Browser

SLOW_FIXTURES = frozenset({"portal", "browser"})
RELOADING = (WebDriverException,)
"""What reading a page can raise while it reloads itself (it does, while a check runs): try again."""


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``compile portal serve 2021`` on the embedded database, with an editor who has a password."""
    root = tmp_path_factory.mktemp("portal-browser") / "project"
    (root / "editions").mkdir(parents=True)
    shutil.copytree(FIXTURES / "all-elements", root / "editions" / "2021")
    env = served_env()
    compile_portal(
        root,
        "add-user",
        "2021",
        "wang",
        "--role",
        "editor",
        "--email",
        "wang@example.cn",
        "--password-stdin",
        stdin=PASSWORD + "\n",
        env=env,
    )
    served = serve(root, free_port(), env)
    yield served
    assert served.stop() == 0  # Ctrl+C: everything stops
    assert processes_under(root) == []


class Visitor:
    """A person at the browser: goes to pages, clicks, types; axe and screenshots on every page seen."""

    def __init__(self, browser: Browser, base: str, shots: Path, downloads: Path) -> None:
        self.browser, self.base, self.shots, self.downloads = browser, base, shots, downloads
        self.driver = browser.driver
        self.violations: list[tuple[str, int, str, str, int]] = []
        self.driver.execute_cdp_cmd(
            "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
        )

    def go(self, path: str) -> None:
        self.browser.open(self.base + path, DESKTOP_WIDTH)

    def text(self) -> str:
        return self.driver.find_element(By.TAG_NAME, "body").text

    def wait_text(self, words: str, seconds: float = 90) -> None:
        """Wait until the page (reloading itself while a check runs) shows ``words``."""
        self.wait(lambda driver: words in self.text(), f"“{words}”", seconds)

    def wait(self, condition, what: str, seconds: float = 90) -> None:
        try:
            WebDriverWait(self.driver, seconds, 0.3, RELOADING).until(condition)
        except TimeoutException:
            self.browser.screenshot(self.shots / "failed.png")
            raise AssertionError(f"no {what} at {self.driver.current_url}:\n{self.text()}") from None

    def seen(self, name: str) -> None:
        """This page, checked by axe-core and photographed at a phone's width and a desktop's."""
        url = self.driver.current_url
        for width in (PHONE_WIDTH, DESKTOP_WIDTH):
            self.browser.open(url, width)
            assert self.browser.errors() == [], (name, width)
            left, right = self.browser.overflow()
            assert left <= right, f"{name} overflows sideways at {width} px"
            for violation in self.browser.axe():
                if violation["impact"] in ("serious", "critical"):
                    self.violations.append((name, width, violation["id"], violation["impact"], len(violation["nodes"])))
            self.browser.screenshot(self.shots / f"{name}-{width}.png")
        self.browser.open(url, DESKTOP_WIDTH)

    def click_text(self, text: str) -> None:
        self.driver.find_element(By.XPATH, f"//*[self::a or self::button][normalize-space()='{text}']").click()

    def fill(self, field: str, value: str, form: str = "main") -> None:
        """Type ``value`` into the field named ``field`` of the ``form`` (a CSS selector)."""
        element = self.driver.find_element(By.CSS_SELECTOR, f"{form} [name={field}]")
        element.clear()
        element.send_keys(value)

    def log_in(self, username: str, password: str) -> None:
        self.go("/accounts/login/")
        self.fill("username", username)
        self.fill("password", password)
        self.driver.find_element(By.CSS_SELECTOR, "main button[type=submit]").click()
        WebDriverWait(self.driver, 30).until(lambda driver: "/accounts/login/" not in driver.current_url)

    def log_out(self) -> None:
        self.driver.find_element(By.CSS_SELECTOR, "header form button").click()
        WebDriverWait(self.driver, 30).until(lambda driver: "/accounts/login/" in driver.current_url)

    def downloaded(self, suffix: str, before: set[Path], seconds: float = 30) -> Path:
        """The file the last click downloaded (Chromium writes ``.crdownload`` until it is complete)."""
        deadline = time.monotonic() + seconds
        while True:
            new = [p for p in self.downloads.iterdir() if p not in before and p.name.endswith(suffix)]
            if new:
                return new[0]
            assert time.monotonic() < deadline, sorted(self.downloads.iterdir())
            time.sleep(0.1)

    def upload(self, path: Path) -> None:
        self.driver.find_element(By.ID, "id_file").send_keys(str(path))
        self.driver.find_element(By.CSS_SELECTOR, "form[enctype] button[type=submit]").click()


def test_an_association_and_an_editor_through_the_browser(
    portal: Served, browser: Browser, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from tests.submitter import fill, photo

    shots = tmp_path_factory.getbasetemp() / "portal-screenshots"
    shots.mkdir(exist_ok=True)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    you = Visitor(browser, portal.url, shots, downloads)

    # the editor invites the association; the link is shown once on the page (and mailed)
    you.go("/")
    you.seen("login")
    you.log_in("wang", PASSWORD)
    you.seen("editor-empty")
    invite = "form[action$='/invite/']"
    you.fill("username", "lvse", invite)
    you.fill("email", "lvse@example.cn", invite)
    Select(you.driver.find_element(By.CSS_SELECTOR, f"{invite} [name=role]")).select_by_value("submitter")
    you.fill("organisation", ORG_A, invite)
    Select(you.driver.find_element(By.CSS_SELECTOR, f"{invite} [name=kind]")).select_by_value("企业")
    you.click_text("发出邀请")
    you.wait_text("已邀请 lvse", 30)
    link = re.search(r"http://\S+/accounts/invitation/\S+/", you.text()).group(0)
    you.log_out()

    # the association sets its password, logs in, downloads its template
    you.driver.get(link)
    you.wait_text("设置密码")
    you.seen("invitation")
    you.fill("new_password1", "lvse-password-2021")
    you.fill("new_password2", "lvse-password-2021")
    you.driver.find_element(By.CSS_SELECTOR, "main button[type=submit]").click()
    you.wait_text("密码已设置")
    you.log_in("lvse", "lvse-password-2021")
    assert you.driver.current_url.endswith("/submissions/")
    you.seen("submissions-empty")
    before = set(downloads.iterdir())
    you.click_text("下载本单位的案例模板")
    template = you.downloaded(".docx", before)
    assert template.name == "案例征集模板-2021.docx"

    # filled in with mistakes, uploaded: the letter says what to fix, at its fields
    wrong = fill(
        template,
        tmp_path / "绿色工厂案例.docx",
        dict(FILLED, 同意发表="是 否", 可持续发展目标="9、19"),
        {"照片一": photo()},
    )
    you.upload(wrong)
    you.wait_text("已收到 1 个文件")
    you.wait_text("待修改")
    you.seen("submissions-letter-waiting")
    you.driver.find_element(By.CSS_SELECTOR, ".card-title a").click()
    # the list says 必须修改 too: wait for the submission's own page before reading it
    you.wait(lambda driver: re.search(r"/submissions/[0-9a-f-]{36}/$", driver.current_url), "the submission's page")
    you.wait_text("必须修改")
    page = you.text()
    assert "同意发表" in page and "可持续发展目标" in page and "建议修改" in page
    you.seen("submission-needs-changes")

    # the corrected version
    you.go("/submissions/")
    (tmp_path / "again").mkdir()
    corrected = fill(template, tmp_path / "again" / "绿色工厂案例.docx", FILLED, {"照片一": photo()})
    you.upload(corrected)
    you.wait_text("已收到 1 个文件")
    you.wait(
        lambda driver: driver.find_element(By.CSS_SELECTOR, ".card .status").text == "已收到",
        "the corrected version received",
    )
    you.seen("submissions-received")
    you.log_out()

    # the editor filters, accepts, exports
    you.log_in("wang", PASSWORD)
    Select(you.driver.find_element(By.NAME, "status")).select_by_value("received")
    you.click_text("筛选")
    # the click only starts the navigation: wait for the filtered page itself, not the one being left
    you.wait(lambda driver: "status=received" in driver.current_url, "the list filtered by status")
    you.wait(
        lambda driver: (
            [row.text for row in driver.find_elements(By.CSS_SELECTOR, "table.list tbody tr")]
            and len(driver.find_elements(By.CSS_SELECTOR, "table.list tbody tr")) == 1
        ),
        "the filtered list's one row",
    )
    rows = you.driver.find_elements(By.CSS_SELECTOR, "table.list tbody tr")
    assert len(rows) == 1 and "某某集团建设绿色工厂" in rows[0].text
    you.seen("editor-filtered")
    you.driver.find_element(By.CSS_SELECTOR, "table.list tbody tr a").click()
    you.wait_text("编辑部处理")
    you.seen("editor-submission")
    you.driver.find_element(By.CSS_SELECTOR, "input[name=status][value=accepted]").click()
    you.click_text("保存")
    you.wait_text("已设为“已采用”")
    you.go("/editor/")
    before = set(downloads.iterdir())
    you.click_text("导出登记表（CSV）")
    exported = you.downloaded(".csv", before)
    register = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8-sig"))))
    assert [(r["organisation"], r["status"]) for r in register if r["case"]] == [(ORG_A, "accepted")]
    you.log_out()

    # the association sees its case accepted
    you.log_in("lvse", "lvse-password-2021")
    assert you.driver.find_element(By.CSS_SELECTOR, ".card .status").text == "已采用"
    you.seen("submissions-accepted")

    assert you.violations == []
