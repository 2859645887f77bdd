"""The only way WeasyPrint may read anything: files under allowed folders and model assets.

Everything else (``http(s)://``, ``file://`` outside the allowed folders, ``data:``,
``ftp:`` ...) is refused, so a crafted input cannot make a build read local
files or reach the network.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from toolkit.render.parts import ASSET_SCHEME
from toolkit.render.weasy import URLFetcher, URLFetcherResponse


class Image(Protocol):
    """An image the model holds (:class:`toolkit.model.Asset`, or its bytes sent to a layout process)."""

    data: bytes
    media_type: str


class RefusedURL(ValueError):
    """A URL the toolkit will not let WeasyPrint fetch."""


class SafeFetcher(URLFetcher):
    """Serves ``file:`` URLs inside ``allowed`` folders and ``asset:`` URLs from the model."""

    def __init__(self, allowed: list[Path], assets: Mapping[str, Image]) -> None:
        super().__init__(allowed_protocols=["file", "asset"], allow_redirects=False)
        self.allowed = [p.resolve() for p in allowed]
        self.assets = assets
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        """Serve ``url`` if it is allowed; raise :class:`RefusedURL` otherwise."""
        if url.startswith(ASSET_SCHEME):
            asset = self.assets.get(unquote(url[len(ASSET_SCHEME) :]))
            if asset is None:
                return self._refuse(url)
            return URLFetcherResponse(url, asset.data, {"Content-Type": asset.media_type})
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return self._refuse(url)
        path = Path(url2pathname(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.allowed) or not path.is_file():
            return self._refuse(url)
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": media_type})

    def _refuse(self, url: str) -> URLFetcherResponse:
        self.refused.append(url)
        raise RefusedURL(f"refused to fetch {url}")
