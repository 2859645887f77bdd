"""Making accounts: ``compile portal add-user`` and the editors' invitation page share this.

A user gets a per-edition membership (role, and for a submitter its organisation). Without a
password, the result carries a one-time invitation link, valid 7 days
(``PASSWORD_RESET_TIMEOUT``): Django's token, spent as soon as the password is set.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from toolkit.portal.core.models import Edition, Membership, Organisation, Role

EDITORS_GROUP = "编辑部"


class AccountProblem(Exception):
    """A user cannot be made as asked; ``code`` and ``args`` say why (PO006–PO008)."""

    def __init__(self, code: str, **args: object) -> None:
        super().__init__(code)
        self.code = code
        self.args_ = args


@dataclass(frozen=True)
class NewUser:
    username: str
    role: str
    organisation: str
    invitation: str | None
    """The one-time link where the user sets a password (None when a password was given)."""
    created: bool


def invitation_link(user: object) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))  # type: ignore[attr-defined]
    token = default_token_generator.make_token(user)  # type: ignore[arg-type]
    return settings.BASE_URL.rstrip("/") + reverse("invitation", args=[uid, token])


def add_user(
    year: int,
    username: str,
    role: str,
    organisation: str = "",
    kind: str = "",
    email: str = "",
    password: str | None = None,
) -> NewUser:
    """Create (or update) ``username`` as ``role`` in edition ``year``; see the module's docstring."""
    User = get_user_model()
    try:
        User.username_validator(username)  # type: ignore[attr-defined]
    except ValidationError as error:
        raise AccountProblem("PO006", username=username, reason="；".join(error.messages)) from error
    if role == Role.SUBMITTER and not organisation:
        raise AccountProblem("PO007", year=year, username=username)
    with transaction.atomic():
        edition, _ = Edition.objects.get_or_create(year=year)
        user, created = User.objects.get_or_create(username=username, defaults={"email": email})
        if email and user.email != email:
            user.email = email
        if password is not None:
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                raise AccountProblem("PO008", reason="；".join(error.messages)) from error
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        user.is_staff = role == Role.EDITOR  # editors may use the admin for the less frequent tasks
        user.save()
        org = None
        if organisation:
            org, _ = Organisation.objects.get_or_create(name=organisation, defaults={"kind": kind})
            if kind and org.kind != kind:
                org.kind = kind
                org.save(update_fields=["kind"])
        Membership.objects.update_or_create(
            user=user, edition=edition, defaults={"role": role, "organisation": org if role == Role.SUBMITTER else None}
        )
        if role == Role.EDITOR:
            user.groups.add(_editors())
    link = None if password is not None else invitation_link(user)
    return NewUser(username, role, organisation, link, created)


def _editors() -> Group:
    """The editors' group: may view and change the portal's records in the admin."""
    group, created = Group.objects.get_or_create(name=EDITORS_GROUP)
    if created:
        group.permissions.set(
            Permission.objects.filter(content_type__app_label__in=("portal_core", "portal_submissions")).exclude(
                codename__startswith="delete_"
            )
        )
    return group
