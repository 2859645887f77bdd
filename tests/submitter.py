"""Filling the case template the way a submitter does: typing into the form, pasting photos."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

from docx import Document
from docx.shared import Cm
from PIL import Image, ImageDraw

from tests.conftest import require_tool
from toolkit.submissions.form import normalise_label


def photo(width: int = 2400, height: int = 1600, colour: tuple[int, int, int] = (30, 110, 110)) -> bytes:
    """A JPEG photo big enough for print."""
    image = Image.new("RGB", (width, height), colour)
    ImageDraw.Draw(image).ellipse((width // 4, height // 4, width * 3 // 4, height * 3 // 4), fill=(240, 200, 60))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85, dpi=(300, 300))
    return buffer.getvalue()


def fill(
    template: Path, target: Path, values: dict[str, str | list[str]], photos: dict[str, bytes] | None = None
) -> Path:
    """Type ``values`` (label → text or paragraphs) into the form and paste ``photos`` (label → JPEG)."""
    document = Document(str(template))
    rows = {normalise_label(row.cells[0].text): row for table in document.tables for row in table.rows}
    for label, value in values.items():
        cell = rows[normalise_label(label)].cells[1]
        paragraphs = value if isinstance(value, list) else [value]
        first = cell.paragraphs[0]
        for run in list(first.runs):  # select the grey hint and type over it
            run._r.getparent().remove(run._r)
        first.add_run(paragraphs[0])
        for text in paragraphs[1:]:
            cell.add_paragraph(text)
    for label, data in (photos or {}).items():
        cell = rows[normalise_label(label)].cells[1]
        first = cell.paragraphs[0]
        for run in list(first.runs):
            run._r.getparent().remove(run._r)
        first.add_run().add_picture(io.BytesIO(data), width=Cm(8))
    document.save(str(target))
    return target


def resave_with_libreoffice(path: Path, folder: Path) -> Path:
    """Open and save the file in LibreOffice, as a submitter without Word would."""
    soffice = require_tool("soffice")
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{folder}/profile",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(folder),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    saved = folder / path.name
    assert saved.is_file()
    return saved


def copy_edition(source: Path, target: Path) -> Path:
    """A scratch copy of an edition folder (ingestion writes into it)."""
    shutil.copytree(source, target)
    return target


_TRANSITIONAL = re.compile(rb"http://schemas\.openxmlformats\.org/(wordprocessingml|drawingml|officeDocument)/2006/")


def strict(path: Path, target: Path) -> Path:
    """``path`` as Word's “Strict Open XML” saves it: the ISO 29500 Strict namespaces and relationship types."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as written:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.endswith((".xml", ".rels")):
                content = _TRANSITIONAL.sub(rb"http://purl.oclc.org/ooxml/\1/", content)
                if item.filename == "word/document.xml":
                    content = content.replace(b"<w:document ", b'<w:document w:conformance="strict" ', 1)
            written.writestr(item, content)
    target.write_bytes(out.getvalue())
    return target
