"""QR codes for media prompts: vector SVG for the PDF, PNG for the DOCX."""

from __future__ import annotations

import io
from functools import lru_cache

import qrcode
import qrcode.image.svg


def _code(url: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=1)
    code.add_data(url)
    code.make(fit=True)
    return code


@lru_cache(maxsize=128)
def qr_svg(url: str) -> str:
    """An inline ``<svg>`` of the QR code for ``url`` (one path, scales to any size)."""
    image = _code(url).make_image(image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    return svg[svg.index("<svg") :]


def qr_png(url: str, box_size: int = 12) -> bytes:
    """The QR code for ``url`` as a PNG image."""
    code = _code(url)
    code.box_size = box_size
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return buffer.getvalue()
