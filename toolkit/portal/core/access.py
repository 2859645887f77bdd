"""Who may see what: the open edition, the user's membership in it, and the guards of the views.

Every view that names a submission, letter, photo, case or organisation looks it up through
:func:`visible_submissions`, so that another organisation's (or a reviewer's) request finds
nothing: a 404, the same answer as for an identifier that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from toolkit.portal.core.models import Edition, Membership, Role


def open_edition() -> Edition:
    """The edition ``compile portal serve YEAR`` opened (its row is made on first use)."""
    edition, _ = Edition.objects.get_or_create(year=int(settings.OPEN_EDITION))
    return edition


def membership(request: HttpRequest) -> Membership | None:
    """The user's membership in the open edition (cached on the request)."""
    if not request.user.is_authenticated:
        return None
    if not hasattr(request, "_membership"):
        request._membership = (
            Membership.objects.select_related("edition", "organisation")  # type: ignore[attr-defined]
            .filter(user=request.user, edition__year=int(settings.OPEN_EDITION))
            .first()
        )
    return request._membership  # type: ignore[attr-defined]


def role_required(*roles: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A view for members of the open edition in one of ``roles``; anyone else gets a 404 (logged out: the login)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            member = membership(request)
            if member is None or member.role not in roles:
                raise Http404
            return view(request, *args, **kwargs)

        return guarded

    return decorate


def is_editor(request: HttpRequest) -> bool:
    member = membership(request)
    return member is not None and member.role == Role.EDITOR
