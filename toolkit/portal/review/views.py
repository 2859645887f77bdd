"""The review pages: the rounds one may read, a round's web edition with the review tools, the comments' list.

A round's web edition is served from where the build wrote it (``build/<year>/drafts/<N>/html``),
behind the login, with the review tools added to each page (a stylesheet, the vendored selection
library, the review script and their markup, outside ``<main>`` so that the page's text is the
text the comments quote). Each page keeps the web edition's own Content-Security-Policy (its
scripts only from the portal; the page's inline style and the charts' style attributes, as on
the site itself), and may not be framed.
"""

from __future__ import annotations

import json
import mimetypes
import re
from urllib.parse import quote
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from toolkit.portal.core.audit import record
from toolkit.portal.core.models import Edition
from toolkit.portal.review import rounds
from toolkit.portal.review.access import (
    annotation_of,
    edition_of,
    editions,
    is_editor,
    login_required_page,
    role_in,
    round_of,
)
from toolkit.portal.review.annotations import MAX_BODY, as_json, collection, reply, resolve
from toolkit.portal.review.api import listing
from toolkit.portal.review.export import remarks_of, rows_csv
from toolkit.portal.review.models import Anchor, Annotation, Round, State
from toolkit.review.trace import remarks_csv

SITE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'"
)
"""The web edition's own policy (templates/web/page.html), for a page that lost its meta element."""
_META_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"\s*/?>')


# --- the rounds --------------------------------------------------------------------------------


@login_required_page
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The editions the user reviews or edits, their rounds, and the latest to read."""
    shown = []
    for edition in editions(request).order_by("-year"):
        rounds.discover(edition)
        rows = [r for r in rounds.ordered(edition) if rounds.current(r)]
        open_count = Annotation.objects.filter(edition=edition, parent=None, resolved_at=None).count()
        mine = Annotation.objects.filter(edition=edition, parent=None, author=request.user)
        shown.append(
            {
                "edition": edition,
                "rounds": list(reversed(rows)),
                "latest": rows[-1] if rows else None,
                "editor": is_editor(request, edition),
                "open": open_count,
                "mine": mine.count(),
                "mine_resolved": mine.exclude(resolved_at=None).count(),
            }
        )
    if not shown:
        raise Http404
    return render(request, "review/home.html", {"editions": shown})


@login_required_page
@require_GET
def round_start(request: HttpRequest, round_id: UUID) -> HttpResponse:
    round_of(request, round_id)
    return redirect("review-draft", round_id=round_id, path="index.html")


@login_required_page
@require_GET
def draft(request: HttpRequest, round_id: UUID, path: str) -> HttpResponse:
    """A file of the round's web edition; a page with the review tools added."""
    row = round_of(request, round_id)
    if path.endswith(".html"):  # a page: is there a newer build? (its stylesheets and pictures need not ask)
        rounds.discover(row.edition)
    if not rounds.current(row):  # built again since: the files on disk are the new build's
        newest = rounds.by_version(row.edition, row.version)
        return redirect("review-draft", round_id=newest.pk, path=path)
    site = rounds.site_of(row)
    if site is None:
        raise Http404
    target = (site / path).resolve()
    if not target.is_relative_to(site.resolve()) or not target.is_file():
        raise Http404
    if target.suffix != ".html":
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        response = FileResponse(target.open("rb"), content_type=kind)
        response["Cache-Control"] = "private, max-age=300"
        return response
    return _page(request, row, path, target.read_text(encoding="utf-8"))


def _page(request: HttpRequest, row: Round, path: str, html: str) -> HttpResponse:
    latest = rounds.latest(row.edition)
    newer = latest if latest is not None and latest.pk != row.pk else None
    tools = render_to_string(
        "review/tools.html",
        {
            "round": row,
            "page": path,
            "edition": row.edition,
            "role": role_in(request, row.edition),
            "csrf": get_token(request),
            "newer": newer,
            "user": request.user,
            "newer_url": reverse("review-draft", args=[newer.pk, path]) if newer else "",
            "max_body": MAX_BODY,
        },
        request=request,
    )
    head = f'<link rel="stylesheet" href="{settings.STATIC_URL}review/review.css">'
    policy = _META_POLICY.search(html)
    html = html.replace("</head>", head + "\n</head>", 1).replace("</body>", tools + "\n</body>", 1)
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = (
        policy.group(1) if policy else SITE_POLICY
    ) + "; frame-ancestors 'none'; form-action 'self'"
    response["Cache-Control"] = "private, no-cache"
    return response


# --- the comments' list ----------------------------------------------------------------------------


def _filters(request: HttpRequest) -> dict[str, str]:
    return {key: request.GET.get(key, "") for key in ("round", "chapter", "reviewer", "status", "state")}


def _chosen(request: HttpRequest, edition: Edition, row: Round) -> list[tuple[Annotation, Anchor]]:
    """The round's comments as the filters choose (a reviewer: its own)."""
    chosen = _filters(request)
    found = listing(row)
    if not is_editor(request, edition):
        found = [(a, anchor) for a, anchor in found if a.author_id == request.user.pk]
    if chosen["chapter"]:
        found = [(a, anchor) for a, anchor in found if (anchor.page or a.page) == chosen["chapter"]]
    if chosen["reviewer"]:
        found = [(a, anchor) for a, anchor in found if a.author_name == chosen["reviewer"]]
    if chosen["status"] in ("open", "resolved"):
        found = [(a, anchor) for a, anchor in found if a.resolved == (chosen["status"] == "resolved")]
    if chosen["state"] in State.values:
        found = [(a, anchor) for a, anchor in found if anchor.state == chosen["state"]]
    return found


def _round_for_list(request: HttpRequest, edition: Edition) -> Round | None:
    rounds.discover(edition)
    return rounds.by_version(edition, request.GET.get("round") or None)


@login_required_page
@require_GET
def comments(request: HttpRequest) -> HttpResponse:
    """Editors: every comment of a round, by source file and line, with filters; a reviewer: its own."""
    edition = edition_of(request)
    row = _round_for_list(request, edition)
    found = _chosen(request, edition, row) if row is not None else []
    everything = listing(row) if row is not None else []
    pages = {p.path: p.title.split(" · ")[0] for p in row.pages.all()} if row is not None else {}
    for annotation, anchor in found:
        annotation.shown_page = pages.get(anchor.page or annotation.page, anchor.page or annotation.page)  # type: ignore[attr-defined]
    return render(
        request,
        "review/comments.html",
        {
            "edition": edition,
            "round": row,
            "rows": found,
            "editor": is_editor(request, edition),
            "rounds": [r for r in rounds.ordered(edition) if rounds.current(r)][::-1],
            "chosen": _filters(request),
            "chapters": sorted({(a.page or anchor.page) for a, anchor in everything}),
            "reviewers": sorted({a.author_name for a, _ in everything}),
            "states": State.choices,
            "orphaned": sum(1 for _, anchor in found if not anchor.found),
            "query": request.GET.urlencode(),
            "max_body": MAX_BODY,
        },
    )


def _export_rows(request: HttpRequest) -> tuple[Edition, Round, list[tuple[Annotation, Anchor]]]:
    edition = edition_of(request)
    row = _round_for_list(request, edition)
    if row is None:
        raise Http404
    return edition, row, _chosen(request, edition, row)


@login_required_page
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    """The list as CSV (UTF-8 with BOM, for spreadsheets): one row per comment and reply."""
    edition, row, found = _export_rows(request)
    record("export", request=request, edition=edition, target=f"review round {row.version}", format="csv")
    return _download(rows_csv(row, found), f"网页批注-{edition.year}-第{row.version}稿.csv", "text/csv")


@login_required_page
@require_GET
def export_remarks(request: HttpRequest) -> HttpResponse:
    """The same table as ``compile comments`` writes for a reviewed DOCX."""
    edition, row, found = _export_rows(request)
    record("export", request=request, edition=edition, target=f"review round {row.version}", format="remarks")
    return _download(
        remarks_csv(remarks_of(row, found)), f"网页批注-{edition.year}-第{row.version}稿-审阅意见.csv", "text/csv"
    )


@login_required_page
@require_GET
def export_jsonld(request: HttpRequest) -> HttpResponse:
    """The comments as a W3C ``AnnotationCollection`` (JSON-LD)."""
    edition, row, found = _export_rows(request)
    items = [as_json(a, anchor, request.user, row) for a, anchor in found]
    data = json.dumps(
        collection(items, f"{edition.year} 年版第 {row.version} 稿的网页批注"), ensure_ascii=False, indent=2
    )
    response = HttpResponse(data, content_type='application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"')
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{_quoted(f'网页批注-{edition.year}-第{row.version}稿.jsonld')}"
    )
    return response


def _quoted(name: str) -> str:
    return quote(name)


def _download(text: str, name: str, kind: str) -> HttpResponse:
    response = HttpResponse(("\ufeff" + text).encode("utf-8"), content_type=f"{kind}; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quoted(name)}"
    return response


# --- acting on a comment from the list (no script needed) -------------------------------------------


def _back(request: HttpRequest, item: Annotation) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(reverse("review-comments") + f"?edition={item.edition.year}")


@login_required_page
def resolve_view(request: HttpRequest, annotation_id: UUID) -> HttpResponse:
    """An editor marks a comment dealt with, or opens it again (looked up before the method is checked:
    a stranger's 404)."""
    item = annotation_of(request, annotation_id)
    if not is_editor(request, item.edition):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    done = request.POST.get("resolved", "1") == "1"
    resolve(item.parent or item, request.user, done)
    record("resolve" if done else "reopen", request=request, edition=item.edition, target=str(item.pk))
    messages.success(request, "已标记为已处理。" if done else "已重新打开。")
    return _back(request, item)


@login_required_page
def reply_view(request: HttpRequest, annotation_id: UUID) -> HttpResponse:
    """A reply from the comments' list."""
    item = annotation_of(request, annotation_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    body = request.POST.get("body", "").strip()
    if not body or len(body) > MAX_BODY:
        messages.error(request, "回复不能为空，也不能超过 5000 字。")
        return _back(request, item)
    answer = reply(request.user, item, body)
    record("reply", request=request, edition=item.edition, target=str(answer.pk), to=str(answer.parent_id))
    messages.success(request, "已回复。")
    return _back(request, item)
