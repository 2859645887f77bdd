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
BODY = ["某某集团坚持绿色发展理念，2020 年建成国家级绿色工厂，单位产品能耗下降 12%，主要污染物排放下降 20%，"
        "带动上下游 30 余家企业开展绿色改造，形成了可复制推广的绿色制造经验。"]
FILLED = {
    "案例标题": "某某集团建设绿色工厂", "单位类型": "企业", "所属章节": "创新发展：提升要素效率",
    "可持续发展目标": "9、12", "案例正文": BODY, "照片一图注": "绿色工厂全景", "照片一来源": "某某集团",
    "数据来源": "某某集团 2020 年社会责任报告", "联系人": "李四", "联系电话": "010-12345678", "同意发表": "是",
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
    return fill(blank, folder / name, values if values is not None else FILLED,
                {"照片一": photo(2400, 1600)} if photos else {})


def upload(client, path: Path, name: str | None = None):
    from django.core.files.uploadedfile import SimpleUploadedFile
    data = SimpleUploadedFile(name or path.name, path.read_bytes(),
                              "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    return client.post("/submissions/", {"file": data})


def run_checks() -> int:
    """Run every queued check in this process, as the worker does; returns how many ran."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult
    from unittest import mock
    before = DBTaskResult.objects.exclude(status="READY").count()
    # the worker drops connections it finds inside a transaction (the test's own, here): PostgreSQL's would be closed
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None):
        call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0)
    return DBTaskResult.objects.exclude(status="READY").count() - before



@pytest.fixture(scope="session")
def postgresql() -> str:
    """A throwaway PostgreSQL cluster for this session (tests/portal/postgres.py): its ``portal`` database's URL."""
    from tests.portal.postgres import cluster
    with cluster() as url:
        yield url
