"""The DOCX's page numbers, laid out once by LibreOffice and written into its page references.

The contents, the chapter openers' section lists and the case index refer to their headings with
``PAGEREF`` fields. Word updates fields when it opens the file (``updateFields``); LibreOffice, WPS
and file previews show each field's *cached result* as written, which python-docx leaves empty.
The page a heading lands on is only known once the DOCX is laid out, and the toolkit has no layout
engine for Word documents: so the finished DOCX is converted once by LibreOffice (headless, in a
throw-away profile, with Writer's bookmarks exported as the PDF's named destinations), the page of
every bookmark read back from that PDF, and the numbers written into the fields' results. Only the
digits of those results change afterwards, so the layout measured is the layout shown (an entry
long enough to be re-wrapped by its number is measured again with the numbers in).

Without LibreOffice (``make demo`` does not install it), or with ``[output] docx_pages = "none"``,
the contents list the titles without leaders or numbers, so that no program shows empty dot
leaders, and the build says so (MF020); Word fills the numbers in on opening either way.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.model import Edition

SOFFICE = "REPORT_TOOLKIT_SOFFICE"
"""Environment variable naming the LibreOffice program to use; set but empty: as if none were installed."""
TIMEOUT = 180
"""Seconds LibreOffice may take to lay the DOCX out (about 2 s for 2021 on 2 cores)."""
# Bookmark names are [A-Za-z0-9_]; LibreOffice 7 writes a destination's other characters as hex digits.
_ESCAPED = re.compile(r"[^A-Za-z0-9]")


class LayoutFailed(Exception):
    """LibreOffice could not lay the DOCX out; the message says why (for the build's warning)."""


def soffice() -> str | None:
    """The LibreOffice program to lay the DOCX out with, or ``None`` when there is none."""
    chosen = os.environ.get(SOFFICE)
    if chosen is not None:
        return shutil.which(chosen) if chosen else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def program_for(edition: Edition) -> str | None:
    """The LibreOffice program laying out ``edition``'s DOCX: ``None`` when its manifest asks for none
    (``[output] docx_pages``) or none is installed."""
    return soffice() if edition.config.output.docx_pages == "libreoffice" else None


def missing_reason(edition: Edition) -> str | None:
    """``""`` when ``edition`` asks for page numbers from LibreOffice and none is installed (MF020), else ``None``."""
    return "" if edition.config.output.docx_pages == "libreoffice" and soffice() is None else None


def bookmark_pages(docx: bytes, program: str, names: set[str]) -> dict[str, int]:
    """The page number (1 for the first page) each of the bookmarks ``names`` lands on, as
    LibreOffice lays ``docx`` out; raises :class:`LayoutFailed`.

    The same package is laid out once per process (a preview, the tests): the layout depends on
    nothing else."""
    key = (hashlib.sha256(docx).hexdigest(), program, frozenset(names))
    if key not in _LAID_OUT:
        if len(_LAID_OUT) >= _KEEP:
            del _LAID_OUT[next(iter(_LAID_OUT))]
        _LAID_OUT[key] = _lay_out(docx, program, names)
    return dict(_LAID_OUT[key])


_KEEP = 16
_LAID_OUT: dict[tuple[str, str, frozenset[str]], dict[str, int]] = {}


def _lay_out(docx: bytes, program: str, names: set[str]) -> dict[str, int]:
    with tempfile.TemporaryDirectory(prefix="report-toolkit-docx-") as folder:
        work = Path(folder)
        (work / "report.docx").write_bytes(docx)
        _convert(program, work)
        pdf = work / "report.pdf"
        if not pdf.is_file():
            raise LayoutFailed("LibreOffice wrote no PDF")
        from pypdf import PdfReader  # here: a build whose DOCX is kept whole never imports it

        try:
            reader = PdfReader(pdf)
            found = {
                str(key).lstrip("/"): reader.get_destination_page_number(value)
                for key, value in reader.named_destinations.items()
            }
        except Exception as exc:  # noqa: BLE001 - whatever pypdf finds wrong with LibreOffice's PDF
            raise LayoutFailed(f"LibreOffice's PDF could not be read ({exc})") from exc
    pages: dict[str, int] = {}
    for name in names:
        for candidate in (name, _ESCAPED.sub(lambda m: f"{ord(m.group()):02X}", name)):
            if candidate in found:
                pages[name] = found[candidate] + 1
                break
    if missing := sorted(names - pages.keys()):
        raise LayoutFailed(f"LibreOffice's layout lacks the bookmark {missing[0]}")
    return pages


def _convert(program: str, work: Path) -> None:
    """``report.docx`` → ``report.pdf`` in ``work``, with a profile of its own (others may be running)."""
    export = 'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
    command = [
        program,
        "--headless",
        "--norestore",
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--convert-to",
        export,
        "--outdir",
        str(work),
        str(work / "report.docx"),
    ]
    # its own session, so that the whole of LibreOffice (soffice starts soffice.bin) ends on a timeout
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        _, errors = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:  # Windows: no process groups; soffice.exe is the program itself
            process.kill()
        process.communicate()
        raise LayoutFailed(f"LibreOffice took more than {TIMEOUT} s") from None
    if process.returncode != 0:
        detail = errors.decode("utf-8", "replace").strip().splitlines()
        raise LayoutFailed(
            f"LibreOffice stopped with exit code {process.returncode}" + (f": {detail[-1]}" if detail else "")
        )
