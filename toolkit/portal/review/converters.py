"""The address of a file inside a round's web edition: relative, plain names only, never ``..``."""

from __future__ import annotations


class DraftPath:
    """``chapters/08-outlook.html``, ``assets/images/x.png``: letters, digits, ``_ . -`` and ``/`` between names."""

    regex = r"[A-Za-z0-9_][A-Za-z0-9_.\-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.\-]*)*"

    def to_python(self, value: str) -> str:
        if any(part in ("", ".", "..") for part in value.split("/")):
            raise ValueError(value)
        return value

    def to_url(self, value: str) -> str:
        return value
