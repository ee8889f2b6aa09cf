"""The one family of user-facing failures, carrying where, what and "did you mean" as data.

``cli.py`` prints each problem on one line and exits with the error's ``exit_code``; it alone words the
``hint`` keys that name command-line flags, commands or environment variables.
"""

from __future__ import annotations

import difflib
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence, TypeVar


T = TypeVar("T")
R = TypeVar("R")


class KitError(Exception):
    """A problem the user can fix; the message says what is wrong and, after a "; ", what to do.

    ``suggestions`` (close matches of a mistyped name) are worded once, as " (did you mean 'x'?)" right
    after what is wrong. ``hint`` is a key ``cli.py`` turns into advice about its own flags and commands;
    ``details`` are the values that advice names (the recipe that fits, the calendars to choose from).
    """

    exit_code = 2

    def __init__(self, message: str, *, where: str | Path | None = None, line: int | None = None,
                 field: str | None = None, suggestions: Sequence[str] = (), hint: str | None = None,
                 details: Mapping[str, Any] | None = None):
        self.detail = _with_suggestions(message, suggestions)
        self.where, self.line, self.field = where, line, field
        self.suggestions, self.hint = tuple(suggestions), hint
        self.details = dict(details or {})
        self.others: tuple[KitError, ...] = ()
        super().__init__(self.location + self.detail)

    @property
    def location(self) -> str:
        if self.where is None:
            return ""
        return f"{self.where}:{self.line}: " if self.line else f"{self.where}: "

    @property
    def problems(self) -> tuple[KitError, ...]:
        """This problem and any found in the same pass, each to be reported on its own line."""
        return (self, *self.others)

    def __str__(self) -> str:
        return "\n".join(str(problem.args[0]) for problem in self.problems)


class ProfileError(KitError):
    """``kit.toml`` is missing, malformed or has a bad field."""


class ContentError(KitError):
    """A slide module, bibliography or recipe is wrong."""


class PlanError(KitError):
    """A recipe cannot be timed inside its target range."""


class RenderError(KitError):
    """An output could not be produced (template, image, unwritable folder)."""


class EventsError(KitError):
    """An event definition, roster or CSV file is wrong, or names a session the season lacks."""


class BookingError(EventsError):
    """``events book`` cannot book every group; ``unbooked`` says which and why, for callers that list them."""

    def __init__(self, message: str, *, unbooked: tuple = (), **where):
        super().__init__(message, **where)
        self.unbooked = unbooked


class DeliveryError(KitError):
    """An SMTP or CalDAV server refused or could not be reached."""


class PartialDelivery(DeliveryError):
    """Most messages went out; some were refused for good or could not be addressed (each one named)."""

    exit_code = 4


class KitWarning(UserWarning):
    """Something the kit put right by itself and the user should know about; ``cli.py`` shows it once."""


def close_matches(name: str, choices: Iterable[str]) -> list[str]:
    """The one choice closest to a mistyped ``name``, if any is close."""
    return difflib.get_close_matches(name, list(choices), n=1)


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for a message that is not a KitError yet (zones.ZoneProblem); else ''."""
    return _with_suggestions("", close_matches(name, choices))


def _with_suggestions(message: str, suggestions: Sequence[str]) -> str:
    if not suggestions:
        return message
    words = " or ".join(f"'{s}'" for s in suggestions)
    what, sep, fix = message.partition("; ")
    return f"{what} (did you mean {words}?){sep}{fix}"


class Problems:
    """Collects the problems of one file or pass (mkdocs style), so the user fixes them all at once."""

    def __init__(self) -> None:
        self.found: list[KitError] = []

    @contextmanager
    def attempt(self) -> Iterator[None]:
        try:
            yield
        except KitError as exc:
            self.found.extend(exc.problems)

    def add(self, problem: KitError) -> None:
        self.found.extend(problem.problems)

    def each(self, items: Iterable[tuple[str, T]], read: Callable[[str, T], R]) -> dict[str, R]:
        """``read`` every (key, item), keeping each problem; the caller raises them with ``raise_any``."""
        found: dict[str, R] = {}
        for key, item in items:
            with self.attempt():
                found[key] = read(key, item)
        return found

    def raise_any(self) -> None:
        """Raise the first problem, carrying the others; do nothing when there were none."""
        if self.found:
            first, *rest = self.found
            first.others = tuple(rest)
            raise first
