"""What a renderer's pieces depend on, hashed: the keys under which rebuilds keep them.

A piece of an output (a DOCX chapter, a web page, the whole DOCX) is kept between builds
(:class:`toolkit.render.blobs.BlobCache`) under a key of everything that went into it: the
toolkit's code and the rendering library's version, the renderer's templates, the manifest, the
draft marking, the build date, every table and image, and then the chapter's own content with
the cases it places (for a chapter), or all chapters and cases (for the whole). A table or an
image edited changes every key; a paragraph edited changes only its chapter's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from toolkit.model import CaseBox, Chapter, Draft, Edition, walk_blocks
from toolkit.render.blobs import code_digest


class RenderInputs:
    """The keys of one renderer's pieces for one edition: templates in ``templates``, made with ``libraries``."""

    def __init__(
        self,
        edition: Edition,
        draft: Draft | None,
        templates: Path,
        libraries: tuple[str, ...],
        also: Iterable[str] = (),
    ) -> None:
        self.edition = edition
        digest = hashlib.sha256(code_digest(*libraries).encode())
        for path in sorted(templates.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(templates).as_posix().encode() + b"\0" + path.read_bytes())
        digest.update(edition.config.model_dump_json().encode())
        digest.update((draft.model_dump_json() if draft else "-").encode())
        digest.update(edition.built.isoformat().encode())
        for table_id, table in sorted(edition.tables.items()):
            digest.update(f"\0{table_id}\0{table.model_dump_json()}".encode())
        for src, asset in sorted(edition.assets.items()):
            digest.update(f"\0{src}\0{asset.media_type}\0".encode() + hashlib.sha256(asset.data).digest())
        for value in also:  # what else every piece shows (a site's pages and links)
            digest.update(f"\0{value}".encode())
        self._common = digest

    def chapter(self, chapter: Chapter) -> str:
        """The key of what shows ``chapter`` alone: its content and the cases it places."""
        digest = self._common.copy()
        digest.update(chapter.model_dump_json().encode())
        for case_id in sorted(cases_placed(chapter)):
            case = self.edition.cases.get(case_id)
            digest.update(f"\0{case_id}\0{case.model_dump_json() if case else '-'}".encode())
        return digest.hexdigest()

    def whole(self) -> str:
        """The key of what shows the whole edition: every chapter and every case."""
        digest = self._common.copy()
        for chapter in self.edition.chapters:
            digest.update(chapter.model_dump_json().encode())
        for case_id, case in sorted(self.edition.cases.items()):
            digest.update(f"\0{case_id}\0{case.model_dump_json()}".encode())
        return digest.hexdigest()


def cases_placed(chapter: Chapter) -> set[str]:
    """The ids of the cases a chapter places."""
    blocks = [*chapter.intro, *(block for section in chapter.sections for block in section.blocks)]
    return {found.case_id for block in blocks for found in walk_blocks(block) if isinstance(found, CaseBox)}
