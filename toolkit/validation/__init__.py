"""Validation: rules that check the model as a whole, after every file has been read.

Readers already report what is wrong *inside* one file (syntax, types, fields);
the rules here check what needs the whole edition, its sources or the previous
edition. Each element kind's own checks (a table or case that exists, a chart's columns,
a figure without image ...) are declared with the element (``toolkit/model/elements/<kind>.py``)
and run first, in the registry's order; then each module here holds the rules of one concern
across elements and lists them in its ``RULES``:

- :mod:`.structure`   ids unique across elements
- :mod:`.gaps`        every placeholder the report prints, listed where it is to be filled
- :mod:`.tables`      years, ranges, sums, growth rates, decimals, unused tables
- :mod:`.cases`       lengths, the organisation register, duplicates, images for print
- :mod:`.prose`       numbers typed in the text against the tables
- :mod:`.links`       web addresses pasted with tracking parameters
- :mod:`.typography`  Chinese typesetting in the sources (with safe fixes)
- :mod:`.units`       units typed after cell references that print them (with safe fixes)
- :mod:`.editions`    restatements, carried-over text and staleness against the previous edition
- :mod:`.periods`     titles naming a period (“十三五”期间, 2016—2020 年) the data do not fit
"""

from __future__ import annotations

from pathlib import Path

from toolkit.carried import mark_carried_over
from toolkit.diagnostics import Diagnostics
from toolkit.model import ELEMENTS, Edition
from toolkit.validation import cases, editions, gaps, links, periods, prose, structure, tables, typography, units
from toolkit.validation.context import Rule, RuleContext

ELEMENT_CHECKS: list[Rule] = [check for element in ELEMENTS for check in element.checks]
"""The checks each element kind declares, in the registry's order."""
RULES: list[Rule] = [
    *ELEMENT_CHECKS,
    *structure.RULES,
    *gaps.RULES,
    *tables.RULES,
    *cases.RULES,
    *prose.RULES,
    *links.RULES,
    *typography.RULES,
    *units.RULES,
    *editions.RULES,
    *periods.RULES,
]


def validate(edition: Edition, edition_dir: Path, diagnostics: Diagnostics, previous: Edition | None = None) -> None:
    """Run every rule on the edition, adding what they find to ``diagnostics``.

    With a previous edition, paragraphs are first marked with how much of them it already
    printed (:func:`toolkit.carried.mark_carried_over`): drafts show it, ``check`` counts it.
    """
    ctx = RuleContext(edition, edition_dir, diagnostics, previous, mark_carried_over(edition, previous))
    for rule in RULES:
        rule(ctx)


__all__ = ["ELEMENT_CHECKS", "RULES", "RuleContext", "validate"]
