"""Validation: rules that check the model as a whole, after every file has been read.

Readers already report what is wrong *inside* one file (syntax, types, fields);
the rules here check what only the whole edition can tell: references between
files, ids used twice. Each rule is a function taking a :class:`RuleContext`
and adding diagnostics; :data:`RULES` lists them in the order they run.
"""
from __future__ import annotations

from toolkit.validation.rules import RULES, RuleContext, validate

__all__ = ["RULES", "RuleContext", "validate"]
