"""``blockwatch check``: lint a kit, reporting every problem with its file, line and fix."""

from .core import ERROR, WARNING, Finding, check_kit

__all__ = ["ERROR", "WARNING", "Finding", "check_kit"]
