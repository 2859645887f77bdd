"""The toolkit's exceptions: each kind of failure has its own exit code.

A user's mistake (bad input, a missing font) is an exception carrying
diagnostics or a message for people; the CLI prints it and exits with the
code below, never with a traceback.
"""
from __future__ import annotations

from pathlib import Path

from toolkit.diagnostics import Diagnostics
from toolkit.messages import Text


class ToolkitError(Exception):
    """Base of every failure the toolkit reports to its user."""

    exit_code = 1


class InputProblems(ToolkitError):
    """The edition has errors (or warnings, with ``--strict``): nothing was written."""

    exit_code = 1

    def __init__(self, diagnostics: Diagnostics, letters: list[Path] | None = None) -> None:
        super().__init__(f"{len(diagnostics.errors)} error(s) in the edition")
        self.diagnostics = diagnostics
        self.letters = letters or []


class EnvironmentProblems(ToolkitError):
    """The machine lacks something the build needs (a font, a system library)."""

    exit_code = 3

    def __init__(self, diagnostics: Diagnostics) -> None:
        super().__init__("the machine is not ready to build")
        self.diagnostics = diagnostics


class OutputError(ToolkitError):
    """The report could not be written; the previous one is untouched."""

    exit_code = 4

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.text = message
