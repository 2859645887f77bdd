"""Reader for images: every ``src`` named in the model is loaded, checked and measured.

Renderers get the bytes from :attr:`Edition.assets`; they never open image
files themselves. A missing image is a warning (the report shows a placeholder
frame), an unreadable one an error.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from toolkit.diagnostics import Diagnostics, Location, suggestion
from toolkit.messages import Text
from toolkit.model import Asset, SourceRef

# What both WeasyPrint and Word can embed.
_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}
# Guard against decompression bombs in submitted photos (about 90 megapixels).
Image.MAX_IMAGE_PIXELS = 90_000_000


IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic", ".svg"})
LISTED_IMAGES = 10
"""An edition with more images than this is not listed image by image in a “not found” hint."""


def image_files(edition_dir: Path) -> list[str]:
    """Every image file in the edition folder (outside hidden folders), as a ``src`` would name it."""
    found = []
    for path in edition_dir.rglob("*"):
        relative = path.relative_to(edition_dir)
        if (
            path.suffix.lower() in IMAGE_SUFFIXES
            and not any(p.startswith(".") for p in relative.parts)
            and path.is_file()
        ):
            found.append(relative.as_posix())
    return sorted(found)


@dataclass(frozen=True)
class Wanted:
    """An image the model names, where it is named, and who can fix it."""

    src: str
    source: SourceRef
    field: str | None = None
    organisation: str | None = None


def read_assets(edition_dir: Path, wanted: list[Wanted], diagnostics: Diagnostics) -> dict[str, Asset]:
    """Load each image once, reporting missing and unreadable ones where they are named."""
    assets: dict[str, Asset] = {}
    root = edition_dir.resolve()
    present: list[str] | None = None  # the edition's image files, looked for at the first missing one
    for item in wanted:
        src, source = item.src, item.source
        if src in assets:
            continue
        where = Location(edition_dir / source.path, source.line, field=item.field)
        path = (edition_dir / src).resolve()
        if not path.is_relative_to(root):
            diagnostics.add("IM003", where, organisation=item.organisation, file=src)
            continue
        if not path.is_file():
            present = image_files(edition_dir) if present is None else present
            diagnostics.add(
                "IM001",
                where,
                organisation=item.organisation,
                file=src,
                suggestion=suggestion(src, _choices(present, src, item), nearest=3, listed=LISTED_IMAGES),
            )
            continue
        asset = _load(path, src, where, diagnostics, item.organisation)
        if asset is not None:
            assets[src] = asset
    return assets


def _choices(present: list[str], src: str, item: Wanted) -> list[str]:
    """The images a missing one may have meant: a case's photo, only its own case's (a letter to its
    organisation names no other file of the edition)."""
    if item.organisation is None:
        return present
    folder = src.rsplit("/", 1)[0] + "/" if "/" in src else ""
    return [path for path in present if path.startswith(folder) and "/" not in path[len(folder) :]]


def _load(path: Path, src: str, where: Location, diagnostics: Diagnostics, organisation: str | None) -> Asset | None:
    try:
        data = path.read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            fmt, size, info = image.format, image.size, dict(image.info)
    except UnidentifiedImageError:
        diagnostics.add(
            "IM002",
            where,
            organisation=organisation,
            file=src,
            reason=Text("文件不是可识别的图片（可能只是改了扩展名）", "not an image file (perhaps only renamed)"),
        )
        return None
    except Image.DecompressionBombError:
        diagnostics.add(
            "IM002",
            where,
            organisation=organisation,
            file=src,
            reason=Text("图片像素过多，超过安全上限", "too many pixels: over the safety limit"),
        )
        return None
    except (OSError, SyntaxError) as exc:
        diagnostics.add(
            "IM002",
            where,
            organisation=organisation,
            file=src,
            reason=Text(f"图片文件已损坏（{exc}）", f"the image is damaged ({exc})"),
        )
        return None
    if fmt not in _FORMATS:
        diagnostics.add(
            "IM002",
            where,
            organisation=organisation,
            file=src,
            reason=Text(f"{fmt} 格式无法用于排版", f"{fmt} cannot be typeset"),
        )
        return None
    dpi = info.get("dpi")
    return Asset(
        src=src, media_type=_FORMATS[fmt], data=data, width=size[0], height=size[1], dpi=float(dpi[0]) if dpi else None
    )
