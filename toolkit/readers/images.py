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

from toolkit.diagnostics import Diagnostics, Location
from toolkit.messages import Text
from toolkit.model import Asset, SourceRef

# What both WeasyPrint and Word can embed.
_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}
# Guard against decompression bombs in submitted photos (about 90 megapixels).
Image.MAX_IMAGE_PIXELS = 90_000_000


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
            diagnostics.add("IM001", where, organisation=item.organisation, file=src)
            continue
        asset = _load(path, src, where, diagnostics, item.organisation)
        if asset is not None:
            assets[src] = asset
    return assets


def _load(path: Path, src: str, where: Location, diagnostics: Diagnostics,
          organisation: str | None) -> Asset | None:
    try:
        data = path.read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            fmt, size, info = image.format, image.size, dict(image.info)
    except UnidentifiedImageError:
        diagnostics.add("IM002", where, organisation=organisation, file=src,
                        reason=Text("文件不是可识别的图片（可能只是改了扩展名）", "not an image file (perhaps only renamed)"))
        return None
    except Image.DecompressionBombError:
        diagnostics.add("IM002", where, organisation=organisation, file=src,
                        reason=Text("图片像素过多，超过安全上限", "too many pixels: over the safety limit"))
        return None
    except (OSError, SyntaxError) as exc:
        diagnostics.add("IM002", where, organisation=organisation, file=src,
                        reason=Text(f"图片文件已损坏（{exc}）", f"the image is damaged ({exc})"))
        return None
    if fmt not in _FORMATS:
        diagnostics.add("IM002", where, organisation=organisation, file=src,
                        reason=Text(f"{fmt} 格式无法用于排版", f"{fmt} cannot be typeset"))
        return None
    dpi = info.get("dpi")
    return Asset(src=src, media_type=_FORMATS[fmt], data=data, width=size[0], height=size[1],
                 dpi=float(dpi[0]) if dpi else None)
