"""The toolkit's exceptions: each kind of failure has its own exit code.

A user's mistake (bad input, a wrong option, a missing font) is an exception carrying
diagnostics or a message for people; the CLI prints it and exits with the code below,
never with a traceback. The codes are the ones the README promises:

====  =========================================================================
0     done
1     problems in the input (:class:`InputProblems`)
2     wrong command-line usage (:class:`UsageProblem`, and click's own usage errors)
3     the machine lacks a font or a library (:class:`EnvironmentProblems`)
4     the output could not be written (:class:`OutputError`)
70    a bug in the toolkit (logged, never a traceback on screen)
130   interrupted (Ctrl-C)
====  =========================================================================
"""

from __future__ import annotations

import signal
import tempfile
import threading
import traceback
from pathlib import Path

from toolkit.diagnostics import Diagnostics
from toolkit.messages import Text, phrase_text

DONE = 0
INPUT = 1
USAGE = 2
MACHINE = 3
OUTPUT = 4
BUG = 70
"""A bug in the toolkit (``EX_SOFTWARE``): the details go to a log file, the user gets its path."""
INTERRUPTED = 130


class ToolkitError(Exception):
    """Base of every failure the toolkit reports to its user."""

    exit_code = INPUT


class InputProblems(ToolkitError):
    """The edition has errors (or warnings, with ``--strict``): nothing was written."""

    exit_code = INPUT

    def __init__(self, diagnostics: Diagnostics, letters: list[Path] | None = None) -> None:
        super().__init__(f"{len(diagnostics.errors)} error(s) in the edition")
        self.diagnostics = diagnostics
        self.letters = letters or []


class UsageProblem(ToolkitError):
    """A command-line value the library refuses; the CLI reports it as click's usage error of ``option``."""

    exit_code = USAGE

    def __init__(self, message: str, option: str) -> None:
        super().__init__(message)
        self.message = message
        self.option = option


class EnvironmentProblems(ToolkitError):
    """The machine lacks something the build needs (a font, a system library)."""

    exit_code = MACHINE

    def __init__(self, diagnostics: Diagnostics) -> None:
        super().__init__("the machine is not ready to build")
        self.diagnostics = diagnostics


class OutputError(ToolkitError):
    """The report could not be written; the previous one is untouched."""

    exit_code = OUTPUT

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.text = message

    @classmethod
    def writing(cls, target: Path, error: OSError) -> OutputError:
        """``target`` could not be written, for the reason the operating system gave."""
        return cls(phrase_text("cannot_write", target=target, reason=error.strerror or error))


def write_crash_log(error: BaseException, heading: str = "", prefix: str = "compile-crash-") -> Path:
    """Keep a toolkit failure's traceback for the maintainers in a temporary file (UTF-8); its path.

    A bug is told to the person in one line that names this file, never as a traceback on the screen.
    """
    with tempfile.NamedTemporaryFile("w", prefix=prefix, suffix=".log", delete=False, encoding="utf-8") as log:
        if heading:
            log.write(f"{heading}\n")
        traceback.print_exception(error, file=log)
    return Path(log.name)


def stop_on_terminate() -> None:
    """Let SIGTERM (``kill``, a closed terminal, a service manager) stop this command as Ctrl+C does.

    Python's default for SIGTERM ends the process on the spot; raised as :class:`KeyboardInterrupt`
    instead, it unwinds: temporary outputs are removed and the layout processes stopped. Only the
    main thread can install a handler: elsewhere (a library call in a thread) nothing changes.
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
