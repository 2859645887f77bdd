"""The portal's tests: Django set up against a scratch project folder, on SQLite (or PostgreSQL).

The settings read their folder from the environment (toolkit/portal/environment.py), so it is
set here, before pytest-django sets Django up. Each test gets its own copy of the all-elements
edition (``settings.ROOT``), so that cases and registers never leak between tests; the database
is pytest-django's test database (``DATABASE_URL`` chooses PostgreSQL: tests/portal/test_postgresql.py).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import django
import pytest

from tests.conftest import FIXTURES

_SCRATCH = Path(tempfile.mkdtemp(prefix="portal-tests-"))
atexit.register(shutil.rmtree, _SCRATCH, True)
(_SCRATCH / "editions").mkdir()
shutil.copytree(FIXTURES / "all-elements", _SCRATCH / "editions" / "2021")
os.environ.setdefault("REPORT_PORTAL_ROOT", str(_SCRATCH))
os.environ.setdefault("REPORT_PORTAL_YEAR", "2021")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toolkit.portal.settings")
django.setup()  # the portal's tests are collected after pytest-django looked for settings

YEAR = 2021
ORG_A, ORG_B = "某某集团有限公司", "另一协会"
PASSWORD = "portal-test-password-1"
BODY = [
    "某某集团坚持绿色发展理念，2020 年建成国家级绿色工厂，单位产品能耗下降 12%，主要污染物排放下降 20%，"
    "带动上下游 30 余家企业开展绿色改造，形成了可复制推广的绿色制造经验。"
]
FILLED = {
    "案例标题": "某某集团建设绿色工厂",
    "单位类型": "企业",
    "所属章节": "创新发展：提升要素效率",
    "可持续发展目标": "9、12",
    "案例正文": BODY,
    "照片一图注": "绿色工厂全景",
    "照片一来源": "某某集团",
    "数据来源": "某某集团 2020 年社会责任报告",
    "联系人": "李四",
    "联系电话": "010-12345678",
    "同意发表": "是",
}


@pytest.fixture(autouse=True)
def edition_root(settings, tmp_path: Path) -> Path:
    """A fresh project folder with editions/2021 (the all-elements fixture) for each test."""
    root = tmp_path / "project"
    (root / "editions").mkdir(parents=True)
    shutil.copytree(FIXTURES / "all-elements", root / "editions" / "2021")
    settings.ROOT = root
    return root


def _make_people() -> None:
    from toolkit.portal.core.users import add_user

    add_user(YEAR, "editor", "editor", email="editor@example.cn", password=PASSWORD)
    add_user(YEAR, "alpha", "submitter", ORG_A, "企业", "alpha@example.cn", PASSWORD)
    add_user(YEAR, "beta", "submitter", ORG_B, "协会", "beta@example.cn", PASSWORD)
    add_user(YEAR, "reader", "reviewer", email="reader@example.cn", password=PASSWORD)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the people every test meets made once (Argon2 hashes take a while):
    each test runs in a transaction rolled back afterwards, so they are there again for the next."""
    with django_db_blocker.unblock():
        _make_people()


@pytest.fixture
def people(db):
    """An editor, a user of each of two organisations, and a reviewer, with passwords."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    return {name: users.get(username=name) for name in ("editor", "alpha", "beta", "reader")}


def client_of(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


_TEMPLATES: dict[str, bytes] = {}


@pytest.fixture
def template_of():
    """The template as the portal gives it to a user (its organisation filled in); made once per user."""

    def download(user) -> bytes:
        if user.username not in _TEMPLATES:
            response = client_of(user).get("/template.docx")
            assert response.status_code == 200
            _TEMPLATES[user.username] = b"".join(response.streaming_content)
        return _TEMPLATES[user.username]

    return download


def filled_docx(template: bytes, folder: Path, name: str, values: dict | None = None, photos: bool = True) -> Path:
    """The template filled as a submitter types it (tests/submitter.py), photo pasted."""
    from tests.submitter import fill, photo

    folder.mkdir(parents=True, exist_ok=True)
    blank = folder / f"blank-{name}"
    blank.write_bytes(template)
    return fill(
        blank, folder / name, values if values is not None else FILLED, {"照片一": photo(2400, 1600)} if photos else {}
    )


def upload(client, path: Path, name: str | None = None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = SimpleUploadedFile(
        name or path.name, path.read_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    return client.post("/submissions/", {"file": data})


def run_checks() -> int:
    """Run every queued check in this process, as the worker does; returns how many ran."""
    from unittest import mock

    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    before = DBTaskResult.objects.exclude(status="READY").count()
    # the worker drops connections it finds inside a transaction (the test's own, here): PostgreSQL's would be closed
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None):
        call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0)
    return DBTaskResult.objects.exclude(status="READY").count() - before


# --- review: draft rounds of the review-rounds edition, built once ---------------------------------------

REVIEW_FIXTURE = FIXTURES / "review-rounds"
ROUND_ONE_PARAGRAPH = "2020 年，中国工业增加值达到 313071 亿元，连续 11 年位居世界第一，制造业大国地位进一步巩固。"
ROUND_TWO_PARAGRAPH = (
    "受疫情冲击，2020 年中国工业增加值仍达到 313071 亿元，连续 11 年位居世界第一，韧性和潜力充分显现。"
)
DELETED_PARAGRAPH = "制造业增加值占 GDP 比重保持基本稳定，高技术制造业和装备制造业成为新动能。"
REWORDED = ("规模以上工业单位增加值能耗比 2015 年下降 16% 左右", "规模以上工业单位增加值能耗比 2015 年下降约 16%")


def edit_for_round_two(edition: Path) -> None:
    """Round 2's edits: the first paragraph reworded around its commented phrase, a paragraph deleted, a phrase
    reworded, the table's 2019 row moved to the top of its data file."""
    chapter = edition / "chapters" / "02-growth.md"
    text = chapter.read_text(encoding="utf-8")
    assert ROUND_ONE_PARAGRAPH in text and DELETED_PARAGRAPH in text
    text = text.replace(ROUND_ONE_PARAGRAPH, ROUND_TWO_PARAGRAPH).replace(DELETED_PARAGRAPH + "\n\n", "")
    assert REWORDED[0] in text
    text = text.replace(*REWORDED)
    chapter.write_text(text, encoding="utf-8")
    table = edition / "data" / "value-added.csv"
    header, *rows = table.read_text(encoding="utf-8").splitlines()
    moved = next(row for row in rows if row.startswith("2019,"))
    rows.remove(moved)
    table.write_text("\n".join([header, moved, *rows]) + "\n", encoding="utf-8")


@pytest.fixture(scope="session")
def review_rounds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two project folders: round 1 of the review-rounds edition, and the edition after round 2's edits
    with both rounds (``compile edition 2021 --draft --format html`` each time)."""
    import datetime as dt

    from toolkit.build import BuildOptions, compile_edition
    from toolkit.model import Draft
    from toolkit.project import Project

    one = tmp_path_factory.mktemp("review-round-1")
    shutil.copytree(REVIEW_FIXTURE, one / "editions" / "2021")
    compile_edition(
        Project.at(one), "2021", BuildOptions(formats=("html", "docx"), draft=Draft(date=dt.date(2021, 10, 8)))
    )
    two = tmp_path_factory.mktemp("review-round-2")
    shutil.copytree(one / "editions", two / "editions")
    shutil.copytree(one / "build", two / "build")
    edit_for_round_two(two / "editions" / "2021")
    compile_edition(Project.at(two), "2021", BuildOptions(formats=("html",), draft=Draft(date=dt.date(2021, 10, 20))))
    assert (two / "build" / "2021" / "drafts" / "2" / "html" / "chapters" / "02-growth.html").is_file()
    return {"1": one, "2": two}


@pytest.fixture
def review_root(edition_root: Path, review_rounds: dict[str, Path]) -> Path:
    """This test's project folder holding round 1 of the review-rounds edition, as the build left it."""
    shutil.rmtree(edition_root / "editions" / "2021")
    shutil.copytree(review_rounds["1"] / "editions" / "2021", edition_root / "editions" / "2021")
    shutil.copytree(review_rounds["1"] / "build", edition_root / "build")
    return edition_root


def next_round(root: Path, rounds: dict[str, Path]) -> None:
    """Round 2 arrives in ``root``: the edited sources and its draft, as ``compile edition --draft`` leaves them."""
    shutil.rmtree(root / "editions" / "2021")
    shutil.copytree(rounds["2"] / "editions" / "2021", root / "editions" / "2021")
    shutil.copytree(rounds["2"] / "build" / "2021" / "drafts" / "2", root / "build" / "2021" / "drafts" / "2")


@pytest.fixture(scope="session")
def postgresql() -> str:
    """A throwaway PostgreSQL cluster for this session (tests/portal/postgres.py): its ``portal`` database's URL."""
    from tests.portal.postgres import cluster

    with cluster() as url:
        yield url
