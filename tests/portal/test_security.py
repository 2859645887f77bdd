"""CSRF, login throttling, Argon2 hashes in the database, cookies, the Content-Security-Policy."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from tests.portal.conftest import PASSWORD, client_of


def test_posts_without_the_csrf_token_are_refused(people) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["alpha"])
    assert client.post("/submissions/", {}).status_code == 403
    login = Client(enforce_csrf_checks=True)
    assert login.post("/accounts/login/", {"username": "alpha", "password": PASSWORD}).status_code == 403
    page = login.get("/accounts/login/")
    token = page.cookies["csrftoken"].value
    assert page.cookies["csrftoken"]["httponly"] and page.cookies["csrftoken"]["samesite"] == "Lax"
    import re

    form_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    ok = login.post(
        "/accounts/login/",
        {"username": "alpha", "password": PASSWORD, "csrfmiddlewaretoken": form_token},
        HTTP_COOKIE=f"csrftoken={token}",
    )
    assert ok.status_code == 302
    assert ok.cookies["sessionid"]["httponly"] and ok.cookies["sessionid"]["samesite"] == "Lax"


@pytest.mark.database
def test_logins_are_throttled_after_five_failures(people) -> None:
    client = Client()
    statuses = [
        client.post("/accounts/login/", {"username": "alpha", "password": "nope"}, REMOTE_ADDR="192.0.2.9").status_code
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks
    locked = client.post("/accounts/login/", {"username": "alpha", "password": PASSWORD}, REMOTE_ADDR="192.0.2.9")
    assert locked.status_code == 429 and "登录已暂停 15 分钟" in locked.content.decode()
    # another user from the same address is not locked out by alpha's failures
    assert (
        Client()
        .post("/accounts/login/", {"username": "beta", "password": PASSWORD}, REMOTE_ADDR="192.0.2.9")
        .status_code
        == 302
    )


@pytest.mark.database
def test_passwords_are_argon2_hashes_in_the_database(people) -> None:
    table = get_user_model()._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT username, password FROM {table}")
        stored = dict(cursor.fetchall())
    assert set(stored) >= {"alpha", "beta", "editor", "reader"}
    assert all(value.startswith("argon2$argon2id$") for value in stored.values()), stored
    assert not any(PASSWORD in value for value in stored.values())


def test_every_page_has_a_content_security_policy_without_inline_code(people) -> None:
    for client, url in (
        (Client(), "/accounts/login/"),
        (client_of(people["alpha"]), "/submissions/"),
        (client_of(people["editor"]), "/editor/"),
    ):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy and "'unsafe-inline'" not in policy
        assert "frame-ancestors 'none'" in policy
        assert "<script>" not in response.content.decode() and " style=" not in response.content.decode()


def test_cookies_are_secure_behind_tls() -> None:
    env = dict(os.environ, REPORT_PORTAL_TLS="1")
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; import django; django.setup(); "
            "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
            "settings.SECURE_SSL_REDIRECT)",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.split() == ["True", "True", "True"]


def test_an_invitation_link_sets_a_password_once(db) -> None:
    from toolkit.portal.core.users import add_user

    new = add_user(2021, "gamma", "submitter", "第三单位", "协会")
    path = new.invitation.split("8800", 1)[1]
    client = Client()
    form = client.get(path, follow=True)
    assert "设置密码" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "a-new-password-7", "new_password2": "a-new-password-7"}
    )
    assert done.status_code == 302
    assert Client().post("/accounts/login/", {"username": "gamma", "password": "a-new-password-7"}).status_code == 302
    assert "已失效" in Client().get(path, follow=True).content.decode()
