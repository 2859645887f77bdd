"""The audit log: every state change, with who, when and from where.

Uploads, checks, status changes, withdrawals, invitations and passwords are recorded by the
code that makes them (:func:`record`); logins and failed logins by Django's auth signals.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from toolkit.portal.core.models import AuditEvent, Edition


def address(request: HttpRequest | None) -> str | None:
    """The client's address as the server saw it (behind the TLS proxy, the proxy's forwarded one)."""
    if request is None:
        return None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if request.is_secure() else ""
    return (forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR")) or None


def record(
    action: str,
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    edition: Edition | None = None,
    target: str = "",
    **detail: Any,
) -> AuditEvent:
    """Write one event; ``user`` defaults to the request's."""
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    return AuditEvent.objects.create(
        action=action,
        actor=user,
        actor_name=getattr(user, "username", "") or "",
        edition=edition,
        target=target[:300],
        detail=detail,
        address=address(request),
    )


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record("login", request=request, user=user)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any) -> None:
    event = record("login-failed", request=request, target=str(credentials.get("username", ""))[:150])
    event.actor_name = str(credentials.get("username", ""))[:150]
    event.save(update_fields=["actor_name"])
