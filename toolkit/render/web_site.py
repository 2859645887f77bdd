"""Writing the web edition: its files into a folder, then the search index over its pages."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from toolkit.render.web_search import index_site


def write_site(site: dict[str, bytes], folder: Path, cache: Path | None = None) -> None:
    """Write every file of ``site`` (from :func:`toolkit.render.web.render_site`) under ``folder``, then index it.

    ``folder`` is the build's temporary folder: the site takes the place of the previous one only
    when all of it, index included, is written (:meth:`toolkit.atomic.OutputBatch.temporary_folder`).
    ``cache`` keeps each page's share of the search index for the next build.
    """
    for relative, content in site.items():
        parts = PurePosixPath(relative).parts
        if PurePosixPath(relative).is_absolute() or ".." in parts:  # the site's own names never are
            raise ValueError(f"not a path inside the site: {relative}")
        target = folder.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    index_site(site, folder, cache)
