"""The preview's HTTP server: the site from memory, the problems as JSON, reload events.

Built on the standard library's :class:`~http.server.ThreadingHTTPServer` (one thread per
connection: an open page holds one for its event stream). There is no file system behind it:
a request names a key of the site's ``{path: bytes}`` mapping or nothing, so ``..``, absolute
paths, encoded traversal (``%2e%2e``) and symbolic links cannot reach a file; the edition's
own sources are not in the mapping either. Bound to loopback, it also refuses requests whose
``Host`` is not a loopback name, so a web page elsewhere cannot read the unpublished report
through a DNS name pointed at 127.0.0.1 (DNS rebinding).
"""

from __future__ import annotations

import ipaddress
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from toolkit.messages import Language
from toolkit.preview.pages import HERE, RESERVED, error_page, inject, missing_page, status
from toolkit.preview.search import SearchIndex
from toolkit.preview.session import Snapshot
from toolkit.render.web_search import SEARCH_FOLDER

HEARTBEAT = 10.0
"""Seconds between keep-alive comments on an event stream (a closed tab is noticed by the next one)."""

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".wasm": "application/wasm",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".ico": "image/x-icon",
}
_LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
_OWN = {name: (HERE / name).read_bytes() for name in ("client.js", "client.css")}


class Published:
    """The snapshot being served; event streams wait here for the next one."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.closing = False
        self._changed = threading.Condition()

    def publish(self, snapshot: Snapshot) -> bool:
        """Serve ``snapshot`` from now on, unless it shows nothing new; whether pages must reload."""
        with self._changed:
            if snapshot.same_as(self.snapshot):
                return False
            snapshot.generation = self.snapshot.generation + 1
            self.snapshot = snapshot
            self._changed.notify_all()
            return True

    def wait(self, generation: int | None, timeout: float) -> int:
        """The generation served once it is not ``generation`` (or after ``timeout`` seconds, or on closing)."""
        with self._changed:
            self._changed.wait_for(lambda: self.closing or self.snapshot.generation != generation, timeout)
            return self.snapshot.generation

    def close(self) -> None:
        """Wake every event stream so that it ends."""
        with self._changed:
            self.closing = True
            self._changed.notify_all()


class PreviewServer(ThreadingHTTPServer):
    """Serves a :class:`Published` snapshot at ``address``."""

    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        published: Published,
        lang: Language,
        edition_dir: Path,
        search: SearchIndex | None = None,
    ) -> None:
        self.address_family = socket.getaddrinfo(address[0], address[1], type=socket.SOCK_STREAM)[0][0]
        self.published = published
        self.search = search
        self.lang = lang
        self.edition_dir = edition_dir
        self.loopback_only = is_loopback(address[0])
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        """The address to open in a browser."""
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else str(host)
        return f"http://{shown}:{port}/"

    def accepts(self, host_header: str) -> bool:
        """Whether a request naming ``host_header`` may be answered (any, unless bound to loopback)."""
        if not self.loopback_only:
            return True
        name = host_header.rsplit(":", 1)[0] if not host_header.endswith("]") else host_header
        return name.strip("[]").lower() in _LOOPBACK_NAMES

    def stop(self) -> None:
        """End the event streams, stop serving and close the socket."""
        self.published.close()
        if self.search is not None:
            self.search.close()
        self.shutdown()
        self.server_close()


def is_loopback(host: str) -> bool:
    """Whether every address ``host`` names is this machine's loopback (127.0.0.0/8, ::1)."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)}
    except socket.gaierror:
        return False
    return bool(addresses) and all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses)


def requested(target: str) -> str | None:
    """The site key a request line's target names: ``/a/b.html?x`` → ``a/b.html``, ``/`` → ``index.html``.

    Nothing is normalised: ``/../x``, ``/%2e%2e/x`` or ``//etc/passwd`` name keys that no site has.
    """
    path = target.split("?", 1)[0].split("#", 1)[0]  # not urlsplit: it reads "//etc/passwd" as a host
    if not path.startswith("/"):
        return None
    name = unquote(path, errors="strict")[1:]
    return name + "index.html" if name == "" or name.endswith("/") else name


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "compile-preview"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the standard library's name)
        """Requests are not logged: the terminal shows the edition's problems, not traffic."""

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        self._answer(body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(body=False)

    def _answer(self, body: bool) -> None:
        if not self.server.accepts(self.headers.get("Host", "")):
            self._send(403, b"forbidden host\n", _TYPES[".txt"], body)
            return
        name = self._name()
        if name is not None and name.startswith(RESERVED):
            self._own(name.removeprefix(RESERVED), body)
            return
        snapshot = self.server.published.snapshot
        lang = self.server.lang
        if snapshot.state != "ok" and (name is None or _is_page(name)):
            self._send(503, error_page(snapshot, lang, self.server.edition_dir), _TYPES[".html"], body)
            return
        content = self._content(snapshot, name)
        if content is None:
            self._send(404, missing_page(lang, snapshot.generation), _TYPES[".html"], body)
            return
        if _is_page(name):  # type: ignore[arg-type]
            content = inject(content, snapshot.generation)
        self._send(200, content, _content_type(name), body)  # type: ignore[arg-type]

    def _content(self, snapshot: Snapshot, name: str | None) -> bytes | None:
        """The site's file ``name``: a page, a stylesheet, an image, or a file of the search index."""
        if name is None:
            return None
        if name.startswith(f"{SEARCH_FOLDER}/") and self.server.search is not None:
            return self.server.search.get(name)
        return snapshot.site.get(name)

    def _name(self) -> str | None:
        try:
            return requested(self.path)
        except UnicodeDecodeError:
            return None

    def _own(self, name: str, body: bool) -> None:
        """The preview's reserved paths: its script and stylesheet, the problems, the reload events."""
        if name == "events":
            self._events()
        elif name == "status.json":
            data = status(self.server.published.snapshot, self.server.lang, self.server.edition_dir)
            self._send(200, json.dumps(data, ensure_ascii=False).encode("utf-8"), _TYPES[".json"], body)
        elif name in _OWN:
            self._send(200, _OWN[name], _content_type(name), body)
        else:
            self._send(404, b"not found\n", _TYPES[".txt"], body)

    def _events(self) -> None:
        """Server-sent events: the generation served now, then each new one (a page reloads when it differs)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        published, sent = self.server.published, None
        try:
            self.wfile.write(b"retry: 500\n\n")
            while not published.closing:
                generation = published.wait(sent, HEARTBEAT)
                if published.closing:
                    break
                self.wfile.write(f"data: {generation}\n\n".encode() if generation != sent else b": ping\n\n")
                self.wfile.flush()
                sent = generation
        except OSError:  # the page was closed or reloaded
            return

    def _send(self, code: int, content: bytes, content_type: str, body: bool) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(content)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        if body:
            try:
                self.wfile.write(content)
            except OSError:  # the browser went away meanwhile
                pass


def _is_page(name: str) -> bool:
    return name.endswith((".html", ".htm"))


def _content_type(name: str) -> str:
    return _TYPES.get(PurePosixPath(name).suffix.lower(), "application/octet-stream")
