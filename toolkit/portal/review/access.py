"""Who may read drafts and comments: reviewers and editors of an edition, each of their own editions only.

Every review view finds its edition, round or comment through these functions: anyone else (a
submitter, a reviewer of another edition) gets the same 404 as for an identifier that does not
exist; logged out, the pages ask for a login and the API answers 401.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from toolkit.portal.core.models import Edition, Membership, Role
from toolkit.portal.review.models import Annotation, Round

READERS = (Role.REVIEWER, Role.EDITOR)


def role_in(request: HttpRequest, edition: Edition) -> str | None:
    """The user's review role in ``edition`` (``reviewer`` or ``editor``), or ``None``."""
    if not request.user.is_authenticated:
        return None
    cache = request.__dict__.setdefault("_review_roles", {})
    if edition.pk not in cache:
        member = Membership.objects.filter(user=request.user, edition=edition, role__in=READERS).first()
        cache[edition.pk] = member.role if member is not None else None
    return cache[edition.pk]


def editions(request: HttpRequest) -> QuerySet[Edition]:
    """The editions whose drafts the user may read."""
    if not request.user.is_authenticated:
        return Edition.objects.none()
    return Edition.objects.filter(memberships__user=request.user, memberships__role__in=READERS).distinct()


def edition_of(request: HttpRequest) -> Edition:
    """The edition a request names (``?edition=YEAR``, default the open one), if the user reviews or edits it."""
    year = request.GET.get("edition") or request.POST.get("edition") or settings.OPEN_EDITION
    if not str(year).isdigit():
        raise Http404
    edition = Edition.objects.filter(year=int(year)).first()
    if edition is None or role_in(request, edition) is None:
        raise Http404
    return edition


def round_of(request: HttpRequest, round_id: Any) -> Round:
    """A round the user may read."""
    row = Round.objects.select_related("edition").filter(pk=round_id).first()
    if row is None or role_in(request, row.edition) is None:
        raise Http404
    return row


def annotation_of(request: HttpRequest, annotation_id: Any) -> Annotation:
    """A comment of an edition the user reviews or edits."""
    item = Annotation.objects.select_related("edition", "round", "parent").filter(pk=annotation_id).first()
    if item is None or role_in(request, item.edition) is None:
        raise Http404
    return item


def is_editor(request: HttpRequest, edition: Edition) -> bool:
    return role_in(request, edition) == Role.EDITOR


def login_required_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page: logged out, the login; anyone without a review role anywhere, a 404."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return guarded


def login_required_api(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """An API view: logged out, 401 in JSON."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return JsonResponse({"error": "login required"}, status=401)
        return view(request, *args, **kwargs)

    return guarded
