"""Readers: one per kind of input file, all feeding one :class:`toolkit.model.Edition`.

- :mod:`.manifest`  ``edition.toml``
- :mod:`.chapters`  ``chapters/*.md`` (with :mod:`.directive_syntax` and :mod:`.directives`)
- :mod:`.tables`    ``data/*.csv|xlsx`` with ``data/*.toml`` schemas
- :mod:`.images`    images named by figures
- :mod:`.edition`   the whole folder, in that order
"""

from __future__ import annotations

from toolkit.readers.edition import read_edition

__all__ = ["read_edition"]
