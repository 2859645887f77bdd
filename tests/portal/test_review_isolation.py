"""Review isolation: a reviewer of one edition sees nothing of another, nor any submission; a submitter sees
no draft."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.portal.conftest import PASSWORD, client_of
from tests.portal.test_isolation import patterns
from tests.portal.test_review import CELL, PAGE, PHRASE, first_round, post

REVIEW_ROUTES = ("<uuid:round_id>", "<uuid:annotation_id>")


@pytest.fixture
def two_editions(people, review_root: Path) -> dict:
    """Editions 2021 and 2020, each with a draft round and a comment; a reviewer of 2020 only."""
    from django.contrib.auth import get_user_model

    from toolkit.portal.core.users import add_user

    older = review_root / "editions" / "2020"
    shutil.copytree(review_root / "editions" / "2021", older)
    manifest = older / "edition.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("year = 2021", "year = 2020"), encoding="utf-8")
    shutil.copytree(review_root / "build" / "2021", review_root / "build" / "2020")
    add_user(2020, "reader2020", "reviewer", password=PASSWORD)
    add_user(2020, "editor2020", "editor", password=PASSWORD)
    users = get_user_model().objects
    older_reader = client_of(users.get(username="reader2020"))
    reader = client_of(people["reader"])
    mine = post(reader, PHRASE).json()
    theirs = older_reader.post(
        "/api/annotations?edition=2020",
        {
            "body": {"type": "TextualBody", "value": "2020 年版的意见"},
            "edition": 2020,
            "target": {"source": PAGE, "selector": [{"type": "TextQuoteSelector", "exact": CELL}]},
        },
        content_type="application/json",
    )
    assert theirs.status_code == 201, theirs.content
    return {
        "reader": reader,
        "older_reader": older_reader,
        "this": mine,
        "other": theirs.json(),
        "this_round": first_round(reader),
        "other_round": first_round(older_reader),
    }


def _urls(round_base: str, annotation: str) -> list[str]:
    """Every review address naming a round or a comment, for one round and one comment."""
    round_id = round_base.split("/")[3]
    found = []
    for route, _ in patterns():
        if not any(part in route for part in REVIEW_ROUTES):
            continue
        url = "/" + route.replace("<uuid:round_id>", round_id).replace("<uuid:annotation_id>", annotation)
        found.append(url.replace("<draftpath:path>", PAGE))
    assert len(found) >= 5, found
    return found


@pytest.mark.database
def test_a_reviewer_of_one_edition_sees_nothing_of_another(two_editions: dict) -> None:
    reader, older = two_editions["reader"], two_editions["older_reader"]
    assert two_editions["this_round"] != two_editions["other_round"]
    theirs = _urls(two_editions["other_round"], two_editions["other"]["uuid"])
    ours = _urls(two_editions["this_round"], two_editions["this"]["uuid"])
    for url in theirs:
        assert reader.get(url).status_code == 404, url
        assert reader.post(url).status_code in (404, 405), url
    for url in ours:
        assert older.get(url).status_code == 404, url
    # each may open its own: the 404s above are isolation, not broken addresses
    assert reader.get(ours[1]).status_code == 200 and older.get(theirs[1]).status_code == 200
    assert reader.get("/api/annotations?edition=2020").status_code == 404
    assert older.get("/api/annotations?edition=2021").status_code == 404
    assert [i["exact"] for i in older.get("/api/annotations?edition=2020").json()] == [CELL]
    assert [i["exact"] for i in reader.get("/api/annotations").json()] == [PHRASE]
    # a reply to another edition's comment, or a comment on its round's page, is refused the same way
    assert (
        reader.post(
            "/api/annotations",
            {"motivation": "replying", "target": two_editions["other"]["id"], "body": "看到了"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert (
        reader.post(
            "/api/annotations",
            {
                "body": "x",
                "target": {
                    "source": f"http://testserver{two_editions['other_round']}{PAGE}",
                    "selector": {"type": "TextQuoteSelector", "exact": CELL},
                },
            },
            content_type="application/json",
        ).status_code
        == 404
    )
    home = reader.get("/review/").content.decode()
    assert "2021 年版" in home and "2020 年版" not in home
    assert "2020 年版的意见" not in reader.get("/review/comments/?edition=2021").content.decode()
    assert reader.get("/review/comments/?edition=2020").status_code == 404


def test_reviewers_see_no_submission_and_submitters_no_draft(people, two_editions: dict) -> None:
    alpha = client_of(people["alpha"])
    ours = _urls(two_editions["this_round"], two_editions["this"]["uuid"])
    for url in ours + [
        "/review/",
        "/review/comments/",
        "/review/comments/export.csv",
        "/review/comments/remarks.csv",
        "/review/comments/annotations.jsonld",
        "/api/annotations",
    ]:
        assert alpha.get(url).status_code == 404, url
    assert post(alpha, PHRASE).status_code == 404
    reader = two_editions["reader"]
    assert reader.get("/api/submissions").json() == [] and reader.get("/submissions/").status_code == 404
    assert reader.get("/editor/").status_code == 404
    page = reader.get(two_editions["this_round"] + PAGE).content.decode()
    assert "全部提交" not in page and not re.search(r"/submissions/[0-9a-f-]{36}", page)


def test_logged_out_the_drafts_ask_for_a_login_and_the_api_for_credentials(two_editions: dict) -> None:
    from django.test import Client

    anonymous = Client()
    for url in _urls(two_editions["this_round"], two_editions["this"]["uuid"]):
        response = anonymous.get(url)
        if url.startswith("/api/"):
            assert response.status_code == 401, url
        else:
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url
    assert anonymous.get("/api/annotations").status_code == 401
    assert post(anonymous, PHRASE).status_code in (401, 403)
