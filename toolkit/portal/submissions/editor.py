"""The editors' pages: every submission of the edition, filters, decisions, the register as CSV,
invitations, reminders and the audit log."""

from __future__ import annotations

import csv
import datetime as dt
import io
from uuid import UUID

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from toolkit.messages import CATALOG
from toolkit.model import SDG_NAMES
from toolkit.portal.core.access import membership, role_required
from toolkit.portal.core.audit import record
from toolkit.portal.core.models import AuditEvent, Membership, Organisation, Role
from toolkit.portal.core.users import AccountProblem, add_user
from toolkit.portal.submissions.mail import send_invitation, send_reminders, send_result
from toolkit.portal.submissions.models import Status, Submission
from toolkit.portal.submissions.sync import edition_dir, synchronise
from toolkit.portal.submissions.views import change_status, visible
from toolkit.submissions import register

KINDS = [k for k, _ in Organisation.KINDS]


@role_required(Role.EDITOR)
@require_GET
def editor(request: HttpRequest) -> HttpResponse:
    """Every submission of the edition, newest first, filtered by status, section, SDG, kind, organisation."""
    member = membership(request)
    assert member is not None
    elsewhere = synchronise(member.edition)
    chosen = {key: request.GET.get(key, "") for key in ("status", "section", "sdg", "kind", "organisation", "old")}
    current = Submission.objects.filter(edition=member.edition)
    if not chosen["old"]:  # a version replaced by a later one of the same case is not today's work
        current = current.filter(pk__in=latest_versions(member.edition))
    rows = visible(request).filter(pk__in=current.values("pk")).select_related("submitted_by")
    if chosen["status"]:
        rows = rows.filter(status=chosen["status"])
    if chosen["section"]:
        rows = rows.filter(section=chosen["section"])
    if chosen["kind"]:
        rows = rows.filter(Q(organisation_kind=chosen["kind"]) | Q(organisation__kind=chosen["kind"]))
    if chosen["organisation"]:
        rows = rows.filter(organisation__name__icontains=chosen["organisation"])
    rows = list(rows.order_by("-created"))
    if chosen["sdg"].isdigit():
        rows = [r for r in rows if int(chosen["sdg"]) in (r.sdgs or [])]
    sections = sorted(
        dict(
            Submission.objects.filter(edition=member.edition)
            .exclude(section="")
            .values_list("section", "section_title")
        ).items(),
        key=lambda pair: pair[1] or pair[0],
    )
    counts = {s.value: 0 for s in Status}
    for status in current.values_list("status", flat=True):
        counts[status] += 1
    organisations = Organisation.objects.filter(
        memberships__edition=member.edition, memberships__role=Role.SUBMITTER
    ).distinct()
    return render(
        request,
        "portal/editor.html",
        {
            "rows": rows,
            "elsewhere": elsewhere,
            "chosen": chosen,
            "statuses": list(Status),
            "sections": sections,
            "sdgs": sorted(SDG_NAMES.items()),
            "kinds": KINDS,
            "counts": counts,
            "organisations": organisations,
            "invite": InviteForm(),
            "remind": RemindForm(),
        },
    )


@role_required(Role.EDITOR)
def organisation(request: HttpRequest, pk: UUID) -> HttpResponse:
    """One organisation: its people and its submissions in the open edition."""
    member = membership(request)
    assert member is not None
    org = get_object_or_404(Organisation.objects.filter(memberships__edition=member.edition).distinct(), pk=pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    people = Membership.objects.filter(edition=member.edition, organisation=org).select_related("user")
    return render(
        request,
        "portal/organisation.html",
        {"organisation": org, "people": people, "rows": visible(request).filter(organisation=org)},
    )


def latest_versions(edition: object) -> list[object]:
    """The newest upload of each case (the register's 登记号; an upload without one is a case of its own)."""
    newest: dict[str, tuple[object, object]] = {}
    for pk, ref, created in Submission.objects.filter(edition=edition).values_list("pk", "ref", "created"):
        key = ref or str(pk)
        if key not in newest or created > newest[key][1]:
            newest[key] = (pk, created)
    return [pk for pk, _ in newest.values()]


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(s.value, s.label) for s in (Status.ACCEPTED, Status.NEEDS_CHANGES, Status.WITHDRAWN)]
    )
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea)


@role_required(Role.EDITOR)
def set_status(request: HttpRequest, pk: UUID) -> HttpResponse:
    """Accept, ask for changes (with a note that goes to the organisation) or withdraw a submission."""
    item = get_object_or_404(visible(request), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = StatusForm(request.POST)
    if not form.is_valid() or item.pending:
        messages.error(request, "请选择状态；仍在检查中的提交不能改变状态。")
        return redirect("submission", pk=item.pk)
    status = Status(form.cleaned_data["status"])
    note = form.cleaned_data["note"].strip()
    change_status(item, status, note if status == Status.NEEDS_CHANGES else None)
    record(
        "status",
        request=request,
        edition=item.edition,
        target=str(item.pk),
        status=status.value,
        case=item.case_id,
        note=note,
    )
    if status == Status.NEEDS_CHANGES:
        send_result(item)
    messages.success(request, f"已设为“{status.label}”。")
    return redirect("submission", pk=item.pk)


_COLUMNS = [
    "case",
    "title",
    "organisation",
    "organisation_kind",
    "status",
    "file",
    "sha256",
    "received",
    "section",
    "sdgs",
    "template_version",
    "problems",
]


@role_required(Role.EDITOR)
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The register (``submissions.toml``) as CSV, UTF-8 with a BOM so that Excel reads the Chinese."""
    member = membership(request)
    assert member is not None
    synchronise(member.edition)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(_COLUMNS)
    for entry in register.load(edition_dir(member.edition)):
        writer.writerow([" ".join(map(str, entry.sdgs)) if c == "sdgs" else getattr(entry, c) for c in _COLUMNS])
    record("export", request=request, edition=member.edition)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="submissions-{member.edition.year}.csv"'
    return response


class InviteForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    email = forms.EmailField(label="电子邮箱", required=False)
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    organisation = forms.CharField(label="单位全称（提交单位必填）", max_length=200, required=False)
    kind = forms.ChoiceField(label="单位类型", choices=[("", "—")] + [(k, k) for k in KINDS], required=False)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("role") == Role.SUBMITTER and not (data.get("organisation") or "").strip():
            self.add_error("organisation", "提交单位的账号必须填写单位全称。")
        return data


@role_required(Role.EDITOR)
@require_http_methods(["POST"])
def invite(request: HttpRequest) -> HttpResponse:
    """Invite an organisation's user, an editor or a reviewer: the link goes by mail and shows here once."""
    member = membership(request)
    assert member is not None
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "邀请未发出：" + "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("editor")
    data = form.cleaned_data
    try:
        new = add_user(
            member.edition.year,
            data["username"],
            data["role"],
            data["organisation"].strip(),
            data["kind"],
            data["email"],
        )
    except AccountProblem as problem:
        spec = CATALOG[problem.code]
        messages.error(request, "邀请未发出：" + spec.message("zh", problem.args_))
        return redirect("editor")
    send_invitation(data["email"], new.username, new.organisation, new.invitation or "", member.edition.year)
    record(
        "invite",
        request=request,
        edition=member.edition,
        target=new.username,
        role=new.role,
        organisation=new.organisation,
    )
    messages.success(request, f"已邀请 {new.username}。设置密码的链接（7 天内有效，只能用一次）：{new.invitation}")
    return redirect("editor")


class RemindForm(forms.Form):
    deadline = forms.DateField(label="截止日期", widget=forms.DateInput(attrs={"type": "date"}))


@role_required(Role.EDITOR)
@require_POST
def remind(request: HttpRequest) -> HttpResponse:
    """Mail every organisation of the edition that has sent nothing yet."""
    member = membership(request)
    assert member is not None
    form = RemindForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写截止日期。")
        return redirect("editor")
    deadline: dt.date = form.cleaned_data["deadline"]
    sent = Submission.objects.filter(edition=member.edition).values_list("organisation", flat=True)
    silent = (
        Organisation.objects.filter(memberships__edition=member.edition, memberships__role=Role.SUBMITTER)
        .exclude(pk__in=sent)
        .distinct()
    )
    recipients = []
    for org in silent:
        people = Membership.objects.filter(edition=member.edition, organisation=org).select_related("user")
        recipients.append((org.name, sorted({a for a in [org.email, *(p.user.email for p in people)] if a})))
    count = send_reminders(recipients, member.edition.year, f"{deadline.year} 年 {deadline.month} 月 {deadline.day} 日")
    record(
        "reminder",
        request=request,
        edition=member.edition,
        deadline=deadline.isoformat(),
        organisations=[name for name, _ in recipients],
        sent=count,
    )
    messages.success(request, f"已向 {count} 个尚未提交的单位发出提醒。")
    return redirect("editor")


@role_required(Role.EDITOR)
@require_GET
def audit(request: HttpRequest) -> HttpResponse:
    """Every recorded change of the edition, and failed logins, newest first."""
    member = membership(request)
    assert member is not None
    events = AuditEvent.objects.filter(Q(edition=member.edition) | Q(edition__isnull=True)).select_related("actor")[
        :500
    ]
    return render(request, "portal/audit.html", {"events": events})
