"""Comments made, answered, edited and resolved; read from and written as W3C Web Annotations.

A comment is stored with what the reviewer quoted (``TextQuoteSelector``: the exact text and
:data:`~toolkit.review.anchoring.CONTEXT` characters before and after it, taken from the page's
own text) and its place in each round (:class:`~.models.Anchor`). Written out it is a W3C Web
Annotation (https://www.w3.org/TR/annotation-model/): a ``TextualBody``, a target whose source is
the page of the web edition and whose selectors are the quote and, inside the block's
``[data-block]``, the position; beside them, for tools, the round, the block, the source file and
line and the state of the anchor in that round.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from toolkit.messages import CATALOG
from toolkit.portal.core.models import Edition
from toolkit.portal.review import rounds
from toolkit.portal.review.models import Anchor, Annotation, Round
from toolkit.review.anchoring import Quote, context, locate

MAX_BODY = 5000
"""Characters of a comment."""
MAX_QUOTE = 2000
CONTEXT_JSONLD = "http://www.w3.org/ns/anno.jsonld"


class Problem(Exception):
    """A request the API refuses: its code (PO031–PO040), the HTTP status and the message's values."""

    def __init__(self, code: str, status: int = 400, **args: object) -> None:
        super().__init__(code)
        self.code, self.status, self.args_ = code, status, args

    def as_dict(self) -> dict[str, str]:
        spec = CATALOG[self.code]
        return {
            "error": self.code,
            "message": spec.message("zh", self.args_),
            "hint": spec.hint_text("zh", self.args_),
            "message_en": spec.message("en", self.args_),
        }


# --- reading a posted annotation ----------------------------------------------------------------


@dataclass(frozen=True)
class Posted:
    """What a posted W3C annotation asks for."""

    body: str
    page: str = ""
    exact: str = ""
    prefix: str = ""
    suffix: str = ""
    hint: int | None = None
    round_id: str | None = None
    """A round named by the page's address in the portal (``/review/rounds/<id>/…``)."""
    parent: str | None = None
    """For a reply: the id of the comment answered."""


def _body(data: dict[str, Any]) -> str:
    body = data.get("body")
    if isinstance(body, list):
        body = next((b for b in body if isinstance(b, dict) and b.get("type") == "TextualBody"), None)
    if isinstance(body, str):
        text = body
    elif (
        isinstance(body, dict)
        and body.get("type", "TextualBody") == "TextualBody"
        and isinstance(body.get("value"), str)
    ):
        text = body["value"]
    else:
        raise Problem("PO031", reason="body 应为 TextualBody（含 value）")
    text = text.strip()
    if not text:
        raise Problem("PO034")
    if len(text) > MAX_BODY:
        raise Problem("PO035", limit=MAX_BODY)
    return text


def _annotation_id(value: Any) -> str | None:
    """A comment's id from its IRI (``…/api/annotations/<id>``) or the id itself."""
    if not isinstance(value, str):
        return None
    return value.rstrip("/").rsplit("/", 1)[-1]


def read_posted(data: Any) -> Posted:
    """A posted annotation's request, or :class:`Problem` (PO031) saying what is wrong with it."""
    if not isinstance(data, dict):
        raise Problem("PO031", reason="应为一个 JSON 对象")
    body = _body(data)
    target = data.get("target")
    if data.get("motivation") == "replying" or (isinstance(target, str) and "/api/annotations/" in target):
        parent = _annotation_id(target if isinstance(target, str) else (target or {}).get("source"))
        if not parent:
            raise Problem("PO031", reason="回复的 target 应为所回复批注的 id")
        return Posted(body, parent=parent)
    if isinstance(target, list):
        target = target[0] if target else None
    if not isinstance(target, dict) or not isinstance(target.get("source"), str):
        raise Problem("PO031", reason="target.source 应为网页版中的页面路径，如 chapters/08-outlook.html")
    selectors = target.get("selector") or []
    selectors = selectors if isinstance(selectors, list) else [selectors]
    quote = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextQuoteSelector"), None)
    if quote is None or not isinstance(quote.get("exact"), str) or not quote["exact"].strip():
        raise Problem("PO031", reason="target.selector 应含 TextQuoteSelector（exact、prefix、suffix）")
    if len(quote["exact"]) > MAX_QUOTE:
        raise Problem("PO031", reason=f"所引原文不能超过 {MAX_QUOTE} 字")
    position = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextPositionSelector"), None)
    hint = position.get("start") if isinstance(position, dict) and isinstance(position.get("start"), int) else None
    page, round_id = _page_and_round(target["source"])
    return Posted(
        body,
        page,
        quote["exact"],
        str(quote.get("prefix") or "")[-200:],
        str(quote.get("suffix") or "")[:200],
        hint,
        round_id,
    )


def _page_and_round(source: str) -> tuple[str, str | None]:
    """``chapters/08-outlook.html`` → (that, None); the page's address in the portal → (page, round id)."""
    path = urlsplit(source).path
    marker = "/review/rounds/"
    if marker in path:
        rest = path.split(marker, 1)[1]
        round_id, _, page = rest.partition("/")
        return page or "index.html", round_id
    page = path.lstrip("/")
    if not page or ".." in page.split("/"):
        raise Problem("PO031", reason="target.source 应为网页版中的页面路径，如 chapters/08-outlook.html")
    return page, None


# --- making and changing comments ----------------------------------------------------------------


def create(user: Any, edition: Edition, round_: Round, posted: Posted) -> Annotation:
    """A new comment on ``round_``, placed where its quote stands in the page (:class:`Problem` if it does not)."""
    page = rounds.page_of(round_, posted.page)
    if page is None:
        raise Problem("PO032", status=404, page=posted.page, version=round_.version)
    placed = locate(
        page,
        Quote(posted.page, posted.exact, posted.prefix, posted.suffix, posted.hint or 0, posted.hint or 0),
        hint=posted.hint,
    )
    if placed is None:
        raise Problem("PO033", status=422, page=posted.page, exact=_short(posted.exact))
    prefix, suffix = context(page, placed.start, placed.end)
    with transaction.atomic():
        annotation = Annotation.objects.create(
            edition=edition,
            round=round_,
            author=user,
            author_name=user.get_username(),
            body=posted.body,
            page=posted.page,
            exact=placed.text,
            prefix=prefix,
            suffix=suffix,
        )
        rounds.store(annotation, round_, placed, page)
    rounds.carry_forward(annotation)
    return annotation


def reply(user: Any, parent: Annotation, body: str) -> Annotation:
    """An answer to ``parent`` (a reply to a reply answers the comment it belongs to)."""
    root = parent.parent or parent
    return Annotation.objects.create(
        edition=root.edition, round=root.round, parent=root, author=user, author_name=user.get_username(), body=body
    )


def edit(annotation: Annotation, body: str) -> None:
    annotation.body = body
    annotation.save(update_fields=["body", "modified"])


def resolve(annotation: Annotation, user: Any, done: bool = True) -> None:
    """Mark a comment dealt with (an editor's), or open again."""
    annotation.resolved_at = timezone.now() if done else None
    annotation.resolved_by = user.get_username() if done else ""
    annotation.save(update_fields=["resolved_at", "resolved_by"])


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "……"


# --- writing them out ----------------------------------------------------------------------------


def iri(annotation: Annotation) -> str:
    """The comment's IRI: its address in the API."""
    return settings.BASE_URL.rstrip("/") + reverse("api-annotation", args=[annotation.pk])


def _reply_json(item: Annotation, user: Any) -> dict[str, Any]:
    return {
        "id": iri(item),
        "uuid": str(item.pk),
        "type": "Annotation",
        "motivation": "replying",
        "body": {"type": "TextualBody", "value": item.body, "format": "text/plain", "language": "zh-CN"},
        "creator": {"type": "Person", "nickname": item.author_name},
        "author": item.author_name,
        "created": item.created.isoformat(),
        "modified": item.modified.isoformat(),
        "mine": user is not None and item.author_id == user.pk,
    }


def as_json(
    annotation: Annotation, anchor: Anchor | None, user: Any = None, round_: Round | None = None
) -> dict[str, Any]:
    """The comment as a W3C Web Annotation in ``round_`` (its anchor there), with the fields tools read flat."""
    found = anchor is not None and anchor.found
    quote = {
        "type": "TextQuoteSelector",
        "exact": anchor.text if found else annotation.exact,
        "prefix": anchor.prefix if found else annotation.prefix,
        "suffix": anchor.suffix if found else annotation.suffix,
    }
    selectors: list[dict[str, Any]] = [quote]
    if found and anchor.block_hash:
        selectors.append(
            {
                "type": "CssSelector",
                "value": f'[data-block="{anchor.block_hash}"]',
                "refinedBy": {
                    "type": "TextPositionSelector",
                    "start": anchor.start - anchor.block_start,
                    "end": anchor.end - anchor.block_start,
                },
            }
        )
    shown = round_ or (anchor.round if anchor is not None else annotation.round)
    item = {
        "@context": CONTEXT_JSONLD,
        "id": iri(annotation),
        "uuid": str(annotation.pk),
        "type": "Annotation",
        "motivation": "commenting",
        "created": annotation.created.isoformat(),
        "modified": annotation.modified.isoformat(),
        "creator": {"type": "Person", "nickname": annotation.author_name},
        "body": {"type": "TextualBody", "value": annotation.body, "format": "text/plain", "language": "zh-CN"},
        "target": {
            "source": (anchor.page if anchor is not None and anchor.page else annotation.page),
            "selector": selectors,
        },
        "edition": annotation.edition.year,
        "round": shown.version,
        "made_in_round": annotation.round.version,
        "author": annotation.author_name,
        "mine": user is not None and annotation.author_id == user.pk,
        "exact": annotation.exact,
        "now": anchor.text if found else "",
        "state": anchor.state if anchor is not None else "orphaned",
        "similarity": round(anchor.similarity, 3) if anchor is not None else 0.0,
        "block": {"hash": anchor.block_hash, "source": anchor.block_source} if found else None,
        "source_file": anchor.source_file if found else None,
        "source_line": anchor.source_line if found else None,
        "column": (anchor.column or None) if found else None,
        "context": {"before": anchor.prefix, "after": anchor.suffix}
        if found
        else {"before": annotation.prefix, "after": annotation.suffix},
        "resolved": annotation.resolved,
        "resolved_by": annotation.resolved_by or None,
        "replies": [_reply_json(r, user) for r in annotation.replies.all()],
    }
    return item


def collection(items: list[dict[str, Any]], label: str) -> dict[str, Any]:
    """W3C ``AnnotationCollection`` of one page holding ``items`` (the export)."""
    return {
        "@context": CONTEXT_JSONLD,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
