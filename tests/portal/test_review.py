"""Review in the portal through Django's test client: rounds, comments as W3C annotations, the next round,
who sees what.

The edition is tests/fixtures/editions/review-rounds, built once as round 1 and, edited, as round 2
(tests/portal/conftest.py: ``review_rounds``, ``review_root``, ``next_round``).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.portal.conftest import DELETED_PARAGRAPH, PASSWORD, REWORDED, YEAR, client_of, next_round
from toolkit.messages import phrase

PAGE = "chapters/02-growth.html"
PHRASE = "连续 11 年位居世界第一"
CELL = "317109"
GONE = "高技术制造业和装备制造业成为新动能"


def post(client, exact: str, body: str = "请核对", page: str = PAGE, **extra):
    annotation = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "motivation": "commenting",
        "body": {"type": "TextualBody", "value": body},
        "target": {"source": page, "selector": [{"type": "TextQuoteSelector", "exact": exact}]},
        **extra,
    }
    return client.post("/api/annotations", annotation, content_type="application/json")


def listed(client, round_: str | None = None) -> dict[str, dict]:
    response = client.get("/api/annotations" + (f"?round={round_}" if round_ else ""))
    assert response.status_code == 200, response.content
    return {item["exact"]: item for item in response.json()}


def first_round(client) -> str:
    """The address of round 1's chapter page, from the review home page."""
    home = client.get("/review/").content.decode()
    start = re.search(r'href="(/review/rounds/[0-9a-f-]+/)index.html"', home)
    assert start, home
    return start.group(1)


# --- rounds and the draft as served -----------------------------------------------------------------


def test_a_draft_round_is_found_and_served_behind_the_login_with_the_review_tools(people, review_root: Path) -> None:
    from toolkit.portal.review.models import Round

    reader = client_of(people["reader"])
    assert client_of(people["editor"]).get("/").status_code == 302
    assert reader.get("/")["Location"] == "/review/"
    base = first_round(reader)
    [row] = Round.objects.all()
    assert (row.version, row.date.isoformat(), row.pages.count()) == ("1", "2021-10-08", 3)  # cover, two chapters
    page = reader.get(base + PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    # the web edition's page, its blocks hashed, the tools outside <main>, scripts only from the portal
    assert html.count("data-block=") == html.count("data-source=") > 10
    assert html.index("</main>") < html.index('<aside id="rv"') and "/static/vendor/annotator.js" in html
    policy = page["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy and "unsafe-eval" not in policy
    assert reader.get("/static/vendor/annotator.js").status_code == 200
    assert reader.get(base + "static/web.css").status_code == 200
    for wrong in ("../round.json", "chapters/../../round.json", "nothing.html", "chapters/"):
        assert reader.get(base + wrong).status_code == 404, wrong


@pytest.mark.database
def test_comments_on_a_phrase_and_a_table_cell_land_at_their_source_lines(people, review_root: Path) -> None:
    reader = client_of(people["reader"])
    first = post(reader, PHRASE)
    assert first.status_code == 201, first.content
    made = first.json()
    assert made["@context"] == "http://www.w3.org/ns/anno.jsonld" and made["type"] == "Annotation"
    assert made["id"].endswith(f"/api/annotations/{made['uuid']}") and made["body"]["type"] == "TextualBody"
    assert (made["source_file"], made["source_line"], made["state"], made["round"]) == (
        "chapters/02-growth.md",
        6,
        "kept",
        "1",
    )
    quote, position = made["target"]["selector"]
    assert quote["type"] == "TextQuoteSelector" and quote["exact"] == PHRASE
    assert len(quote["prefix"]) == len(quote["suffix"]) == 32 and quote["prefix"].endswith("313071 亿元，")
    assert position["type"] == "CssSelector" and position["value"] == f'[data-block="{made["block"]["hash"]}"]'
    start, end = position["refinedBy"]["start"], position["refinedBy"]["end"]
    assert (end - start, made["block"]["source"]) == (len(PHRASE), "chapters/02-growth.md:6")
    cell = post(reader, CELL, "2019 年的数字请核对").json()
    assert (cell["source_file"], cell["source_line"], cell["column"]) == ("data/value-added.csv", 5, "工业增加值")
    everything = listed(reader)
    assert set(everything) == {PHRASE, CELL}
    assert everything[CELL]["body"]["value"] == "2019 年的数字请核对" and everything[CELL]["author"] == "reader"
    # the editor sees the same, the draft page the reviewer reads holds the quoted text
    assert set(listed(client_of(people["editor"]))) == {PHRASE, CELL}


def test_refused_annotations_say_why(people, review_root: Path) -> None:
    reader = client_of(people["reader"])
    assert post(reader, "这句话不在页面上").json()["error"] == "PO033"
    missing = post(reader, PHRASE, page="chapters/99-none.html")
    assert missing.status_code == 404 and missing.json()["error"] == "PO032"
    assert post(reader, PHRASE, body="  ").json()["error"] == "PO034"
    assert post(reader, PHRASE, body="长" * 5001).json()["error"] == "PO035"
    assert post(reader, PHRASE, round="7").json()["error"] == "PO037"
    wrong = reader.post(
        "/api/annotations", {"body": "x", "target": "chapters/02-growth.html"}, content_type="application/json"
    )
    assert wrong.status_code == 400 and wrong.json()["error"] == "PO031" and "TextQuoteSelector" in wrong.json()["hint"]
    assert reader.post("/api/annotations", "{", content_type="application/json").json()["error"] == "PO031"
    assert reader.get("/api/annotations?round=7").json()["error"] == "PO037"


def test_no_round_yet_is_said_plainly(people) -> None:
    reader = client_of(people["reader"])
    response = reader.get("/api/annotations")
    assert response.status_code == 404 and response.json()["error"] == "PO038"
    assert "还没有可审阅的稿次" in reader.get("/review/").content.decode()


@pytest.mark.database
def test_replies_edits_deletions_and_resolution_follow_who_may_do_what(people, review_root: Path) -> None:
    from toolkit.portal.core.users import add_user

    add_user(YEAR, "reader2", "reviewer", password=PASSWORD)
    from django.contrib.auth import get_user_model

    reader, editor = client_of(people["reader"]), client_of(people["editor"])
    other = client_of(get_user_model().objects.get(username="reader2"))
    made = post(reader, PHRASE).json()
    url = f"/api/annotations/{made['uuid']}"
    answered = other.post(
        "/api/annotations",
        {
            "type": "Annotation",
            "motivation": "replying",
            "target": made["id"],
            "body": {"type": "TextualBody", "value": "同意"},
        },
        content_type="application/json",
    )
    assert answered.status_code == 201 and [r["body"]["value"] for r in answered.json()["replies"]] == ["同意"]
    # only its author changes or deletes a comment; only an editor resolves it
    assert other.patch(url, {"body": "改了"}, content_type="application/json").json()["error"] == "PO036"
    assert other.delete(url).status_code == 403
    assert reader.patch(url, {"resolved": True}, content_type="application/json").json()["error"] == "PO039"
    assert (
        reader.patch(
            url, {"body": {"type": "TextualBody", "value": "请核对年份"}}, content_type="application/json"
        ).json()["body"]["value"]
        == "请核对年份"
    )
    assert editor.patch(url, {"resolved": True}, content_type="application/json").json()["resolved"] is True
    assert listed(reader)[PHRASE]["resolved"] is True and listed(reader)[PHRASE]["resolved_by"] == "editor"
    # the editors' page: reply and reopen without a script
    page = editor.get("/review/comments/?edition=2021").content.decode()
    assert "chapters/02-growth.md:6" in page and "请核对年份" in page and "同意" in page and "重新打开" in page
    assert editor.post(f"/review/comments/{made['uuid']}/reply/", {"body": "已改"}).status_code == 302
    assert editor.post(f"/review/comments/{made['uuid']}/resolve/", {"resolved": "0"}).status_code == 302
    item = listed(reader)[PHRASE]
    assert item["resolved"] is False and [r["body"]["value"] for r in item["replies"]] == ["同意", "已改"]
    assert reader.post(f"/review/comments/{made['uuid']}/resolve/").status_code == 404  # reviewers do not resolve
    reply_id = item["replies"][0]["uuid"]
    assert reader.delete(f"/api/annotations/{reply_id}").status_code == 403
    assert other.delete(f"/api/annotations/{reply_id}").status_code == 204
    assert reader.delete(url).status_code == 204 and listed(reader) == {}
    from toolkit.portal.core.models import AuditEvent

    assert {"comment", "reply", "comment-edited", "resolve", "reopen", "comment-deleted"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )


@pytest.mark.database
def test_the_next_round_carries_open_comments_over_to_where_their_text_now_stands(
    people, review_root: Path, review_rounds: dict[str, Path]
) -> None:
    reader, editor = client_of(people["reader"]), client_of(people["editor"])
    for exact in (PHRASE, CELL, GONE, REWORDED[0]):
        assert post(reader, exact).status_code == 201
    done = post(reader, "绿色制造体系基本建成").json()
    editor.patch(f"/api/annotations/{done['uuid']}", {"resolved": True}, content_type="application/json")
    next_round(review_root, review_rounds)
    second = listed(editor)  # the latest round, found on disk when asked
    assert {item["round"] for item in second.values()} == {"2"}
    assert set(second) == {PHRASE, CELL, GONE, REWORDED[0], "绿色制造体系基本建成"}
    assert second["绿色制造体系基本建成"]["resolved"] is True  # carried too: the reviewer sees what was done
    phrase_, cell, gone, reworded = (second[k] for k in (PHRASE, CELL, GONE, REWORDED[0]))
    assert (phrase_["state"], phrase_["source_line"], phrase_["now"]) == ("kept", 6, PHRASE)
    assert phrase_["target"]["selector"][0]["prefix"].endswith("仍达到 313071 亿元，")  # its new context
    assert (cell["state"], cell["source_file"], cell["source_line"], cell["column"]) == (
        "moved",
        "data/value-added.csv",
        2,
        "工业增加值",
    )
    assert (gone["state"], gone["source_file"], gone["source_line"]) == ("orphaned", None, None)
    assert reworded["state"] == "changed" and reworded["now"] == REWORDED[1] and reworded["exact"] == REWORDED[0]
    assert reworded["similarity"] >= 0.6 and reworded["source_line"] == 18
    # round 1 keeps its own anchors; the editors' list puts the orphan last and says so
    first = listed(editor, "1")
    assert first[CELL]["source_line"] == 5 and first[GONE]["state"] == "kept" and len(first) == 5
    page = editor.get("/review/comments/?edition=2021").content.decode()
    assert "其中 1 条原文已在本稿中删除" in page and page.rindex("原文已删除") > page.index("data/value-added.csv:2")
    assert "原文：<del>" in page and REWORDED[1] in page
    assert DELETED_PARAGRAPH not in (review_root / "editions/2021/chapters/02-growth.md").read_text(encoding="utf-8")


def test_a_comment_made_on_an_older_round_is_carried_to_the_latest(
    people, review_root: Path, review_rounds: dict[str, Path]
) -> None:
    reader = client_of(people["reader"])
    base = first_round(reader)
    next_round(review_root, review_rounds)
    round_one = base.split("/")[3]
    made = reader.post(
        "/api/annotations",
        {
            "body": {"type": "TextualBody", "value": "旧稿上的意见"},
            "target": {
                "source": f"http://testserver/review/rounds/{round_one}/{PAGE}",
                "selector": [{"type": "TextQuoteSelector", "exact": CELL}],
            },
        },
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["round"] == "1"
    assert listed(reader)[CELL]["source_line"] == 2 and listed(reader)[CELL]["round"] == "2"


# --- exports and compile comments --portal -------------------------------------------------------------


def test_exports_csv_the_compile_comments_table_and_w3c_json_ld(people, review_root: Path) -> None:
    reader, editor = client_of(people["reader"]), client_of(people["editor"])
    post(reader, PHRASE, "措辞")
    post(reader, CELL, "数字")
    rows = list(
        csv.DictReader(io.StringIO(editor.get("/review/comments/export.csv?edition=2021").content.decode("utf-8-sig")))
    )
    assert [(r["源文件"], r["行"], r["列"], r["所引原文"], r["批注"]) for r in rows] == [
        ("chapters/02-growth.md", "6", "", PHRASE, "措辞"),
        ("data/value-added.csv", "5", "工业增加值", CELL, "数字"),
    ]
    table = editor.get("/review/comments/remarks.csv?edition=2021").content.decode("utf-8-sig")
    assert table.splitlines()[0] == ",".join(phrase("remark_csv_headings", "zh").split("|"))
    remarks = list(csv.DictReader(io.StringIO(table)))
    assert [(r["源文件"], r["行"], r["来源"], r["定位"]) for r in remarks] == [
        ("chapters/02-growth.md", "6", "网页", "原处"),
        ("data/value-added.csv", "5", "网页", "原处"),
    ]
    collection = json.loads(editor.get("/review/comments/annotations.jsonld?edition=2021").content)
    assert collection["type"] == "AnnotationCollection" and collection["total"] == 2
    assert [i["target"]["selector"][0]["exact"] for i in collection["first"]["items"]] == [PHRASE, CELL]
    assert reader.get("/review/comments/export.csv?edition=2021").status_code == 200  # a reviewer's: its own
    mine = reader.get("/review/comments/?edition=2021").content.decode()
    assert "我的批注" in mine and "标记为已处理" not in mine


def test_compile_comments_portal_lists_web_comments_beside_the_word_ones_by_file_and_line(
    people,
    review_root: Path,
    review_rounds: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from tests.reviewer import Reviewer
    from toolkit.cli import cli
    from toolkit.portal.environment import PortalPlace

    reader = client_of(people["reader"])
    post(reader, CELL, "网页上的意见")
    post(reader, PHRASE, "网页上的措辞意见")
    [docx] = (review_root / "build/2021/drafts/1").glob("*.docx")
    word = Reviewer(docx)
    word.comment("规模以上工业", "绿色制造体系", "Word 里的意见")
    word.comment("2020 年，中国工业增加值", "制造业大国地位", "Word 里的第二条")
    reviewed = word.save(review_root / "审阅稿.docx")
    # the test database stands for the project's portal database
    monkeypatch.setattr(PortalPlace, "activate", lambda self, **extra: None)
    monkeypatch.setattr(PortalPlace, "sqlite", property(lambda self: docx))
    result = CliRunner().invoke(
        cli,
        ["comments", "2021", str(reviewed), "--portal", "--root", str(review_root), "--format", "csv", "--lang", "en"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["file"], r["line"], r["origin"], r["comment"]) for r in rows] == [
        ("chapters/02-growth.md", "6", "Word", "Word 里的第二条"),
        ("chapters/02-growth.md", "6", "web", "网页上的措辞意见"),
        ("chapters/02-growth.md", "20", "Word", "Word 里的意见"),
        ("data/value-added.csv", "5", "web", "网页上的意见"),
    ]
    assert [r["number"] for r in rows] == ["1", "2", "3", "4"]
    table = CliRunner(env={"COLUMNS": "200"}).invoke(
        cli, ["comments", "2021", "--portal", "--root", str(review_root)], catch_exceptions=False
    )
    assert "data/value-added.csv:5 “工业增加值”" in table.output and "网页 · 原处" in table.output
    # the next round: the portal records it when asked, and says what moved, changed and was orphaned
    post(reader, GONE, "这段要删")
    post(reader, REWORDED[0], "改为约数")
    next_round(review_root, review_rounds)
    caplog.clear()
    with caplog.at_level(logging.INFO):
        latest = CliRunner(env={"COLUMNS": "200"}).invoke(
            cli, ["comments", "2021", "--portal", "--root", str(review_root), "--lang", "en"], catch_exceptions=False
        )
    # the round is recorded, but the worker's English log line stays out of the command's listing
    assert not [r for r in caplog.records if "recorded" in r.getMessage()]
    assert "RV007" in latest.output and "1 open web comment(s) quote text deleted from round 2" in latest.output
    assert "RV008" in latest.output and "data/value-added.csv:2" in latest.output
    unknown = CliRunner().invoke(
        cli, ["comments", "2021", "--portal", "--round", "9", "--root", str(review_root)], catch_exceptions=False
    )
    assert "RV006" in unknown.output and "门户中还没有 2021 年版的第 9 稿" in unknown.output


def test_compile_comments_says_what_it_needs(tmp_path: Path, review_root: Path) -> None:
    from toolkit.cli import cli

    bare = CliRunner().invoke(cli, ["comments", "2021", "--root", str(review_root)])
    assert bare.exit_code == 2 and "--portal" in bare.output
    none = CliRunner().invoke(cli, ["comments", "2021", "--portal", "--root", str(review_root)])
    assert none.exit_code == 0 and "RV005" in none.output and "共 0 条意见" in none.output
