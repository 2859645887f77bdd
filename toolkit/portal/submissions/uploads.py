"""What an upload must be before it is stored: a ``.docx`` by its name, within the size limit.

Everything else about its content is the library's to say, in the letter, as for a file sent by
e-mail (:mod:`toolkit.ooxml.package`, :mod:`toolkit.submissions.ingest`): another format by its bytes
(SB003), encryption (SB019), an archive past its limits, read in bounded chunks whatever its headers
claim (SB004, SB005), macros whatever the file is called (SB030), a linked photo (IM009), a template,
object or frame fetched from elsewhere when the file opens (SB044). The name is kept to be shown as sent and is never
a path in the uploads storage: the bytes are stored under a generated name.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile

from toolkit.diagnostics import Diagnostic, Location
from toolkit.messages import Text

_NOT_PRINTED = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_MACROS = Text(
    "启用宏的文档（.docm）请另存为不含宏的“Word 文档（*.docx）”。",
    "A macro-enabled document (.docm) must be saved as a plain Word Document (*.docx).",
)
_OLD = Text("旧版 .doc 或 WPS 的 .wps 文件也请这样另存。", "An old .doc or a WPS .wps file too.")


def shown_name(name: str) -> str:
    """The file name as sent, fit to show: its last path part, NFC, without invisible control characters."""
    last = re.split(r"[\\/]", name)[-1]
    return _NOT_PRINTED.sub("", unicodedata.normalize("NFC", last)).strip()[:200] or "未命名文件"


def refusal(upload: UploadedFile) -> Diagnostic | None:
    """Why an upload is refused before it is stored (its extension, its size), or None."""
    name = shown_name(upload.name or "")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension != "docx":
        advice = _MACROS if extension in ("docm", "dotm") else _OLD
        return Diagnostic(
            "SB041",
            Location(),
            {"file": name, "extension": f".{extension}" if extension else "（无）", "advice": advice},
        )
    limit = settings.MAX_UPLOAD_BYTES
    if upload.size is None or upload.size > limit:
        return Diagnostic(
            "SB042", Location(), {"file": name, "size": f"{(upload.size or 0) / 2**20:.1f}", "limit": limit // 2**20}
        )
    return None


@dataclass(frozen=True)
class Stored:
    """An upload as kept: under its generated name, with its size and SHA-256."""

    name: str
    size: int
    sha256: str


def store(upload: UploadedFile, year: int) -> Stored:
    """Keep the upload's bytes, unchanged, under a generated name in the uploads storage."""
    digest = hashlib.sha256()
    data = bytearray()
    for chunk in upload.chunks():
        digest.update(chunk)
        data.extend(chunk)
        if len(data) > settings.MAX_UPLOAD_BYTES:  # the client's size may lie: count what arrives
            raise ValueError("upload over the limit")
    name = default_storage.save(f"{year}/{uuid.uuid4().hex}.upload", ContentFile(bytes(data)))
    return Stored(name, len(data), digest.hexdigest())


def safe_file_name(name: str) -> str:
    """The sent name made safe for a file the library reads in a private temporary folder.

    The library names the file in the register and the letter by its name, so the check gives it a
    file of that name, stripped of path separators, reserved characters and control characters, and
    shortened to fit a file system's 255 bytes; the stored upload itself keeps its generated name.
    """
    clean = re.sub(r'[\\/:*?"<>|]', "_", shown_name(name)).strip(" .") or "submission.docx"
    stem, dot, extension = clean.rpartition(".")
    if not dot:
        stem, extension = clean, "docx"
    while len(f"{stem}.{extension}".encode()) > 200:
        stem = stem[:-1]
    return f"{stem}.{extension}"
