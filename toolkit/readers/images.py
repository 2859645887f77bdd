"""Reader for images: every ``src`` named in the model is loaded, checked and measured.

Renderers get the bytes from :attr:`Edition.assets`; they never open image
files themselves. A missing image is a warning (the report shows a placeholder
frame), an unreadable one an error.
"""
from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from toolkit.diagnostics import Diagnostics, Location
from toolkit.model import Asset, SourceRef

# What both WeasyPrint and Word can embed.
_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}
# Guard against decompression bombs in submitted photos (about 90 megapixels).
Image.MAX_IMAGE_PIXELS = 90_000_000


def read_assets(edition_dir: Path, wanted: list[tuple[str, SourceRef]],
                diagnostics: Diagnostics) -> dict[str, Asset]:
    """Load each image once; ``wanted`` pairs a ``src`` with the place that names it."""
    assets: dict[str, Asset] = {}
    root = edition_dir.resolve()
    for src, source in wanted:
        if src in assets:
            continue
        where = Location(edition_dir / source.path, source.line)
        path = (edition_dir / src).resolve()
        if not path.is_relative_to(root):
            diagnostics.add("IM003", where, file=src)
            continue
        if not path.is_file():
            diagnostics.add("IM001", where, file=src)
            continue
        asset = _load(path, src, where, diagnostics)
        if asset is not None:
            assets[src] = asset
    return assets


def _load(path: Path, src: str, where: Location, diagnostics: Diagnostics) -> Asset | None:
    try:
        data = path.read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            fmt, size, info = image.format, image.size, dict(image.info)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, SyntaxError) as exc:
        diagnostics.add("IM002", where, file=src, reason=str(exc) or type(exc).__name__)
        return None
    if fmt not in _FORMATS:
        diagnostics.add("IM002", where, file=src, reason=f"{fmt}")
        return None
    dpi = info.get("dpi")
    return Asset(src=src, media_type=_FORMATS[fmt], data=data, width=size[0], height=size[1],
                 dpi=float(dpi[0]) if dpi else None)
