"""``compile text``: the report's words in reading order, as the model's text view gives them.

The view itself lives beside the model (:mod:`toolkit.model.text`), where validation, the
carried-over share and the redline use it too; this is the name the command loads.
"""

from __future__ import annotations

from toolkit.model.text import edition_text

__all__ = ["edition_text"]
