"""Where the benchmark scripts put their figures: printed, and, when asked, added to benchmarks/RESULTS.md."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def publish(text: str, *, append: bool) -> None:
    """Print ``text``, a Markdown section; with ``append``, add it to the end of RESULTS.md after a blank line."""
    print(text)
    if append:
        with RESULTS.open("a", encoding="utf-8") as results:
            results.write("\n" + text)
