"""The submitters' pages (and what editors open from their list): uploads, letters, cases, photos.

Every view that names a submission finds it through :func:`visible`: an organisation's own, or
any of the open edition's for an editor; anyone else gets the same 404 as for an unknown id.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods
from lxml import html as lxml_html

from toolkit.diagnostics import Diagnostics
from toolkit.portal.core.access import membership, role_required
from toolkit.portal.core.audit import record
from toolkit.portal.core.models import Role
from toolkit.portal.submissions import checking, uploads
from toolkit.portal.submissions.models import Status, Submission
from toolkit.portal.submissions.sync import edition_dir, synchronise
from toolkit.project import Project
from toolkit.readers import read_edition
from toolkit.submissions import register
from toolkit.submissions.template import write_template

_PHOTO = re.compile(r"^photo-\d+\.(jpg|png)$")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def visible(request: HttpRequest) -> QuerySet[Submission]:
    """The submissions the user may see: its organisation's in the open edition, or all of it for an editor."""
    member = membership(request)
    if member is None:
        return Submission.objects.none()
    mine = Submission.objects.filter(edition=member.edition).select_related("organisation", "edition")
    if member.role == Role.EDITOR:
        return mine
    if member.role == Role.SUBMITTER:
        return mine.filter(organisation=member.organisation)
    return Submission.objects.none()  # reviewers see drafts (issue 23), never submissions


def home(request: HttpRequest) -> HttpResponse:
    member = membership(request)
    if not request.user.is_authenticated:
        return redirect(settings.LOGIN_URL)
    if member is not None and member.role == Role.EDITOR:
        return redirect("editor")
    if member is not None and member.role == Role.SUBMITTER:
        return redirect("submissions")
    if member is not None and member.role == Role.REVIEWER:
        return redirect("review")
    return render(request, "portal/nothing.html", status=200)


@role_required(Role.SUBMITTER)
@require_http_methods(["GET", "POST"])
def submissions(request: HttpRequest) -> HttpResponse:
    """The organisation's own submissions, every version, and the upload form."""
    member = membership(request)
    assert member is not None and member.organisation is not None
    refused: list = []
    if request.method == "POST":
        refused = _upload(request)
        if not refused:
            return redirect("submissions")
    synchronise(member.edition)
    rows = list(visible(request).order_by("-created"))
    pending = any(r.pending for r in rows)
    return render(
        request,
        "portal/submissions.html",
        {
            "cases": by_case(rows),
            "refused": refused,
            "organisation": member.organisation,
            "pending": pending,
            "refresh": 3 if pending else None,
            "limit_mb": settings.MAX_UPLOAD_BYTES // 2**20,
            "max_files": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
        },
        status=400 if refused else 200,
    )


def by_case(rows: list[Submission]) -> list[tuple[Submission, list[Submission]]]:
    """Submissions newest first, grouped by case (the register's 登记号): each case's latest version and the
    versions it replaced. An upload not yet checked (or never ingested) is a case of its own."""
    groups: dict[str, tuple[Submission, list[Submission]]] = {}
    for row in rows:
        key = row.ref or str(row.pk)
        if key in groups:
            groups[key][1].append(row)
        else:
            groups[key] = (row, [])
    return list(groups.values())


def _upload(request: HttpRequest) -> list:
    """Store each sent file and queue its check; return the refused ones (with why)."""
    member = membership(request)
    assert member is not None
    files = request.FILES.getlist("file")
    if not files:
        return [{"file": "", "message": "请选择要上传的文件（.docx）。", "hint": ""}]
    refused, accepted = [], []
    for upload in files:
        problem = uploads.refusal(upload)
        if problem is not None:
            refused.append(
                {
                    "file": uploads.shown_name(upload.name or ""),
                    "code": problem.code,
                    "message": problem.message("zh"),
                    "hint": problem.hint("zh"),
                }
            )
            record(
                "upload",
                request=request,
                edition=member.edition,
                target=uploads.shown_name(upload.name or ""),
                refused=problem.code,
            )
            continue
        stored = uploads.store(upload, member.edition.year)
        with transaction.atomic():  # the row and its queued check commit together: no upload is lost
            submission = Submission.objects.create(
                edition=member.edition,
                organisation=member.organisation,
                submitted_by=request.user,
                original_name=uploads.shown_name(upload.name or ""),
                stored_name=stored.name,
                size=stored.size,
                sha256=stored.sha256,
            )
            checking.enqueue(submission)
            record(
                "upload",
                request=request,
                edition=member.edition,
                target=str(submission.pk),
                file=submission.original_name,
                sha256=stored.sha256,
                size=stored.size,
            )
        accepted.append(submission)
    if accepted:
        messages.success(request, f"已收到 {len(accepted)} 个文件，正在排队检查，检查结果会显示在下面。")
    return refused


@role_required(Role.SUBMITTER, Role.EDITOR)
def submission(request: HttpRequest, pk: UUID) -> HttpResponse:
    """One submission: its status, its letter, and for editors what to do with it."""
    item = get_object_or_404(visible(request), pk=pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    synchronise(item.edition)
    item.refresh_from_db()
    versions = (
        list(visible(request).filter(organisation=item.organisation, ref=item.ref).order_by("created"))
        if item.ref
        else [item]
    )
    return render(
        request,
        "portal/submission.html",
        {
            "item": item,
            "letter": _letter_body(item.letter),
            "versions": versions,
            "latest": versions[-1],
            "note_in_letter": bool(item.letter_data.get("note")),
            "editor": membership(request).role == Role.EDITOR,  # type: ignore[union-attr]
            "photos": _photos(item),
            "refresh": 2 if item.pending else None,
            "statuses": [Status.ACCEPTED, Status.NEEDS_CHANGES, Status.WITHDRAWN],
        },
    )


def _letter_body(letter: str) -> str:
    """The letter's body as the library wrote it (autoescaped there), to show inside the page."""
    if not letter:
        return ""
    document = lxml_html.document_fromstring(letter)
    body = document.find("body")
    for heading in body.findall("h1"):
        heading.tag = "h2"
    return "".join(lxml_html.tostring(child, encoding="unicode") for child in body)


@role_required(Role.SUBMITTER, Role.EDITOR)
def letter(request: HttpRequest, pk: UUID) -> HttpResponse:
    """The letter as the library wrote it, a page of its own (its own style allowed by its hash)."""
    item = get_object_or_404(visible(request), pk=pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    if not item.letter:
        raise Http404
    response = HttpResponse(item.letter, content_type="text/html; charset=utf-8")
    styles = re.findall(r"<style>(.*?)</style>", item.letter, flags=re.S)
    hashes = " ".join("'sha256-" + _b64(hashlib.sha256(s.encode()).digest()) + "'" for s in styles)
    response["Content-Security-Policy"] = (
        f"default-src 'none'; style-src {hashes}; img-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )
    return response


def _b64(data: bytes) -> str:
    import base64

    return base64.b64encode(data).decode("ascii")


@role_required(Role.SUBMITTER)
def withdraw(request: HttpRequest, pk: UUID) -> HttpResponse:
    """The submitter withdraws a submission the editors have not accepted."""
    item = get_object_or_404(visible(request), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not item.withdrawable or item.pending:
        messages.error(request, "该提交已被采用或仍在检查中，不能撤回；如需撤回请联系编辑部。")
        return redirect("submission", pk=item.pk)
    change_status(item, Status.WITHDRAWN)
    record("withdraw", request=request, edition=item.edition, target=str(item.pk), case=item.case_id)
    messages.success(request, "已撤回。")
    return redirect("submission", pk=item.pk)


def change_status(item: Submission, status: Status, note: str | None = None) -> None:
    """Set the status in the register (the truth, under the edition's lock), then in the database;
    a ``note`` (asking for changes) goes into the submission's letter."""
    with register.locked(edition_dir(item.edition)):
        register.set_status(edition_dir(item.edition), item.sha256, status.value, item.case_id or None)
        item.status = status
        if note is not None:
            item.note = note
            if note:
                checking.note_letter(item, note)
        item.save(update_fields=["status", "note", "letter", "letter_data"])


def _case_folder(item: Submission) -> Path:
    if not item.case_id or not re.fullmatch(r"[a-z0-9-]+", item.case_id):
        raise Http404
    folder = edition_dir(item.edition) / "cases" / item.case_id
    if not (folder / "case.md").is_file():
        raise Http404
    return folder


def _photos(item: Submission) -> list[str]:
    try:
        folder = _case_folder(item)
    except Http404:
        return []
    return sorted(p.name for p in folder.iterdir() if _PHOTO.match(p.name))


@role_required(Role.SUBMITTER, Role.EDITOR)
def original(request: HttpRequest, pk: UUID) -> HttpResponse:
    """The uploaded file, byte for byte, under the name it was sent with."""
    item = get_object_or_404(visible(request), pk=pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return FileResponse(
        default_storage.open(item.stored_name, "rb"), as_attachment=True, filename=item.original_name, content_type=DOCX
    )


@role_required(Role.SUBMITTER, Role.EDITOR)
def case_markdown(request: HttpRequest, pk: UUID) -> HttpResponse:
    """The normalised ``case.md`` the library wrote, as text."""
    item = get_object_or_404(visible(request), pk=pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    text = (_case_folder(item) / "case.md").read_text(encoding="utf-8")
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


@role_required(Role.SUBMITTER, Role.EDITOR)
def photo(request: HttpRequest, pk: UUID, name: str) -> HttpResponse:
    """A photo of the case, as ingested (never a path the client chose: only the case's own photo-N files)."""
    item = get_object_or_404(visible(request), pk=pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    if name not in _photos(item):
        raise Http404
    path = _case_folder(item) / name
    return FileResponse(path.open("rb"), content_type="image/png" if name.endswith(".png") else "image/jpeg")


@role_required(Role.SUBMITTER, Role.EDITOR)
@require_GET
def template_docx(request: HttpRequest) -> HttpResponse:
    """The case template of the open edition, the organisation's name and kind filled in."""
    member = membership(request)
    assert member is not None
    project = Project.at(settings.ROOT)
    edition = read_edition(project.edition_dir(str(member.edition.year)), Diagnostics())
    filled = {}
    if member.organisation is not None:
        filled = {"organisation": member.organisation.name, "organisation_kind": member.organisation.kind}
    buffer = io.BytesIO()
    write_template(project.templates, buffer, edition, year=member.edition.year, filled=filled)
    name = f"案例征集模板-{member.edition.year}.docx"
    return FileResponse(io.BytesIO(buffer.getvalue()), as_attachment=True, filename=name, content_type=DOCX)


@require_GET
def api_submissions(request: HttpRequest) -> JsonResponse:
    """The user's submissions as JSON (only what the user may see)."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "login required"}, status=401)
    member = membership(request)
    if member is not None:
        synchronise(member.edition)
    rows = [
        {
            "id": str(s.pk),
            "organisation": s.organisation.name,
            "file": s.original_name,
            "status": s.status,
            "status_display": s.get_status_display(),
            "version": s.version,
            "errors": s.errors,
            "warnings": s.warnings,
            "letter_url": reverse("letter", args=[s.pk]) if s.letter else None,
            "case": s.case_id or None,
        }
        for s in visible(request).order_by("-created")
    ]
    return JsonResponse(rows, safe=False, json_dumps_params={"ensure_ascii": False})
