"""The one family of user-facing failures. ``cli.py`` prints the message and exits with ``exit_code``."""

from __future__ import annotations

import difflib
from pathlib import Path


class KitError(Exception):
    """A problem the user can fix; the message names the file, line or field and the fix."""

    exit_code = 2

    def __init__(self, message: str, *, where: str | Path | None = None, line: int | None = None):
        # Kept apart as well, for callers that report many problems at once (``blockwatch check``).
        self.detail, self.where, self.line = message, where, line
        location = ""
        if where is not None:
            location = f"{where}:{line}: " if line else f"{where}: "
        super().__init__(location + message)


class ProfileError(KitError):
    """``kit.toml`` is missing, malformed or has a bad field."""


class ContentError(KitError):
    """A slide module, bibliography or recipe is wrong."""


class PlanError(KitError):
    """A recipe cannot be timed inside its target range."""


class RenderError(KitError):
    """An output could not be produced (template, image, unwritable folder)."""


class EventsError(KitError):
    """An event definition, roster or CSV import is wrong."""


class BookingError(EventsError):
    """``events book`` cannot book every group; ``unbooked`` says which and why, for callers that list them."""

    def __init__(self, message: str, *, unbooked: tuple = (), where: str | Path | None = None,
                 line: int | None = None):
        super().__init__(message, where=where, line=line)
        self.unbooked = unbooked


class DeliveryError(KitError):
    """An SMTP or CalDAV server refused or could not be reached."""


class PartialDelivery(DeliveryError):
    """Most messages went out; some were refused for good or could not be addressed (each one named)."""

    exit_code = 4


class KitWarning(UserWarning):
    """Something the kit put right by itself and the user should know about; ``cli.py`` shows it once."""


def did_you_mean(name: str, choices) -> str:
    """A ' (did you mean 'x'?)' hint, or '' when nothing is close."""
    close = difflib.get_close_matches(name, list(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
