"""``/api/annotations``: comments as W3C Web Annotations, for the review pages' script and for tools.

- ``GET /api/annotations?round=N`` (default the latest; ``edition=YEAR``, default the open edition;
  ``source=PAGE`` for one page) lists the round's comments, each with its anchor in that round;
- ``POST /api/annotations`` takes a W3C annotation (``body`` a ``TextualBody``, ``target.source`` the
  page in the web edition, ``target.selector`` a ``TextQuoteSelector``; optional ``round``), or a reply
  (``motivation: replying``, ``target`` the comment's id), and answers 201 with the stored annotation;
- ``GET/PATCH/DELETE /api/annotations/<id>``: one comment; its author changes ``body`` or deletes it,
  an editor sets ``resolved``.

Session and CSRF as the pages (the token in ``X-CSRFToken``); a submitter, or a reviewer of another
edition, gets 404; refused requests get a code (PO031–PO038) and a message in Chinese.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.views.decorators.http import require_http_methods

from toolkit.portal.core.audit import record
from toolkit.portal.core.models import Edition
from toolkit.portal.review import rounds
from toolkit.portal.review.access import annotation_of, edition_of, is_editor, login_required_api, role_in, round_of
from toolkit.portal.review.annotations import MAX_BODY, Problem, as_json, create, edit, read_posted, reply, resolve
from toolkit.portal.review.models import Anchor, Annotation, Round


def _json(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _refused(problem: Problem) -> JsonResponse:
    return _json(problem.as_dict(), problem.status)


def chosen_round(edition: Edition, version: str | None) -> Round:
    """The round a request names (default the latest), after looking for new ones on disk."""
    rounds.discover(edition)
    row = rounds.by_version(edition, version)
    if row is None:
        if version:
            raise Problem("PO037", status=404, version=version, year=edition.year)
        raise Problem("PO038", status=404, year=edition.year)
    return row


def listing(round_: Round, page: str | None = None) -> list[tuple[Annotation, Anchor]]:
    """The comments anchored in ``round_`` (each with its anchor there), by source file and line, orphans last."""
    anchors = (
        Anchor.objects.filter(round=round_, annotation__parent=None)
        .select_related("annotation", "annotation__edition", "annotation__round", "round")
        .prefetch_related("annotation__replies")
    )
    if page:
        anchors = anchors.filter(page=page)
    found = sorted(anchors, key=lambda a: (not a.found, a.source_file, a.source_line or 0, a.page, a.start))
    return [(a.annotation, a) for a in found]


@login_required_api
@require_http_methods(["GET", "POST"])
def annotations(request: HttpRequest) -> HttpResponse:
    """The round's comments (GET), or a new comment or reply (POST)."""
    if request.method == "POST":
        return _post(request)
    edition = edition_of(request)
    try:
        row = chosen_round(edition, request.GET.get("round"))
    except Problem as problem:
        return _refused(problem)
    items = [as_json(a, anchor, request.user, row) for a, anchor in listing(row, request.GET.get("source"))]
    return _json(items)


def _post(request: HttpRequest) -> HttpResponse:
    try:
        data = json.loads(request.body.decode("utf-8") or "null")
    except (UnicodeDecodeError, ValueError):
        return _refused(Problem("PO031", reason="不是有效的 JSON"))
    try:
        posted = read_posted(data)
        if posted.parent is not None:
            return _reply(request, posted.parent, posted.body)
        if posted.round_id is not None:
            row = _round_by_id(request, posted.round_id)
            edition = row.edition
        else:
            year = data.get("edition") if isinstance(data, dict) else None
            edition = edition_of(request) if year is None else _edition_by_year(request, year)
            version = data.get("round") if isinstance(data, dict) else None
            row = chosen_round(edition, str(version) if version not in (None, "") else request.GET.get("round"))
        annotation = create(request.user, edition, row, posted)
    except Problem as problem:
        return _refused(problem)
    record(
        "comment",
        request=request,
        edition=edition,
        target=str(annotation.pk),
        round=row.version,
        page=annotation.page,
        quote=annotation.exact[:100],
    )
    anchor = annotation.anchors.get(round=row)
    return _json(as_json(annotation, anchor, request.user, row), 201)


def _round_by_id(request: HttpRequest, round_id: str) -> Round:
    _uuid(round_id)
    return round_of(request, round_id)


def _uuid(value: str) -> None:
    """A malformed id is the same 404 as an unknown one."""
    try:
        UUID(value)
    except ValueError:
        raise Http404 from None


def _edition_by_year(request: HttpRequest, year: Any) -> Edition:
    edition = Edition.objects.filter(year=int(year)).first() if str(year).isdigit() else None
    if edition is None or role_in(request, edition) is None:
        raise Http404
    return edition


def _reply(request: HttpRequest, parent_id: str, body: str) -> HttpResponse:
    _uuid(parent_id)
    parent = annotation_of(request, parent_id)
    answer = reply(request.user, parent, body)
    record("reply", request=request, edition=parent.edition, target=str(answer.pk), to=str(answer.parent_id))
    root = answer.parent
    anchor = rounds.latest_anchor(root)
    item = as_json(root, anchor, request.user)
    item["reply"] = str(answer.pk)
    return _json(item, 201)


@login_required_api
def annotation(request: HttpRequest, annotation_id: UUID) -> HttpResponse:
    """One comment: read it, change it (its author: ``body``; an editor: ``resolved``), delete it (its author)."""
    item = annotation_of(request, annotation_id)  # before the method: a stranger gets 404 whatever it asks
    if request.method not in ("GET", "PATCH", "DELETE"):
        return HttpResponseNotAllowed(["GET", "PATCH", "DELETE"])
    if request.method == "GET":
        root = item.parent or item
        row = rounds.by_version(root.edition, request.GET.get("round")) if request.GET.get("round") else None
        anchor = root.anchors.filter(round=row).first() if row is not None else rounds.latest_anchor(root)
        return _json(as_json(root, anchor, request.user, row))
    mine = item.author_id == request.user.pk
    if request.method == "DELETE":
        if not mine:
            return _refused(Problem("PO036", status=403))
        record("comment-deleted", request=request, edition=item.edition, target=str(item.pk), body=item.body[:200])
        item.delete()
        return HttpResponse(status=204)
    try:
        data = json.loads(request.body.decode("utf-8") or "null")
        if not isinstance(data, dict):
            raise ValueError
    except (UnicodeDecodeError, ValueError):
        return _refused(Problem("PO031", reason="应为一个 JSON 对象"))
    try:
        if "body" in data:
            if not mine:
                raise Problem("PO036", status=403)
            text = data["body"].get("value") if isinstance(data["body"], dict) else data["body"]
            if not isinstance(text, str) or not text.strip():
                raise Problem("PO034")
            if len(text) > MAX_BODY:
                raise Problem("PO035", limit=MAX_BODY)
            edit(item, text.strip())
            record("comment-edited", request=request, edition=item.edition, target=str(item.pk))
        if "resolved" in data:
            if not is_editor(request, item.edition):
                raise Problem("PO039", status=403)
            resolve(item.parent or item, request.user, bool(data["resolved"]))
            record(
                "resolve" if data["resolved"] else "reopen", request=request, edition=item.edition, target=str(item.pk)
            )
    except Problem as problem:
        return _refused(problem)
    root = item.parent or item
    root.refresh_from_db()
    return _json(as_json(root, rounds.latest_anchor(root), request.user))
