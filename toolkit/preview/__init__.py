"""``compile preview``: the web edition of a working edition folder, served from memory and live.

- :mod:`.live`     the command's library function :func:`run_preview` and :class:`Preview`
- :mod:`.session`  read (through the reader memo), check and render, after each save
- :mod:`.watch`    noticing a save by polling the folder's files
- :mod:`.server`   the HTTP server: the site from memory, the problems, reload events
- :mod:`.pages`    the script injected into pages, the overlay's data, the error page (``page.html``)
- :mod:`.search`   the site's search index, remade in the background
- ``client.js``, ``client.css``  the overlay, live reload and the source tooltips in the browser
"""

from __future__ import annotations

from toolkit.preview.live import Preview, PreviewOptions, run_preview

__all__ = ["Preview", "PreviewOptions", "run_preview"]
