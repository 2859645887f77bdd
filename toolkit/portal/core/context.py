"""What every page knows: the open edition and the user's role in it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from toolkit.portal.core.access import membership


def portal(request: HttpRequest) -> dict[str, Any]:
    return {"open_year": settings.OPEN_EDITION, "member": membership(request)}
