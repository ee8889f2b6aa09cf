"""A volunteer's spreadsheet in, a kit's record file updated: shared by attendance and survey results.

Reading collects every bad cell of the file (one problem each, naming file, line and column) before it stops,
so a volunteer fixes the whole sheet at once. The kit's own file (``attendance.csv``, ``survey.csv``) is merged
by key and rewritten atomically, every cell formula-safe (``csvfiles.write_csv``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Collection, Iterable, Iterator, Sequence, TypeVar

from .csvfiles import neutral_cell, write_csv
from .errors import EventsError, Problems, close_matches
from .readers import read_csv, yes_no

T = TypeVar("T")
# ``recorded`` of the example kit's fictional rows, instead of a date: the report says its figures are sample data.
SAMPLE = "sample"


@dataclass
class Row:
    """One row of a volunteer's CSV; each check records a problem and returns None instead of raising."""

    path: Path
    line: int
    cells: dict[str, str]
    problems: Problems

    def fail(self, column: str, message: str, **extra) -> None:
        sep = "" if message.startswith(":") else " "
        self.problems.add(EventsError(f"column '{column}'{sep}{message}", where=self.path, line=self.line,
                                      field=column, **extra))

    def get(self, column: str) -> str:
        return self.cells.get(column, "")

    def filled(self, column: str) -> str | None:
        if not self.get(column):
            self.fail(column, "is empty; fill it in or delete the row")
            return None
        return self.get(column)

    def session_id(self, column: str, known: Collection[str] | None) -> str | None:
        """A session id the season has (``known`` None: any id)."""
        value = self.filled(column)
        if value is not None and known is not None and value not in known:
            self.fail(column, f": unknown session '{value}'", suggestions=close_matches(value, known),
                      hint="list-sessions")
            return None
        return value

    def yes_no(self, column: str) -> bool | None:
        answer = yes_no(self.get(column))
        if answer is None:
            self.fail(column, f"is {self.get(column)!r}; write yes or no")
        return answer

    def check(self, column: str, test: Callable[[str], T]) -> T | None:
        """``test(value)``, or None with the problem recorded when it raises ValueError (its message says what)."""
        try:
            return test(self.get(column))
        except ValueError as exc:
            self.fail(column, str(exc))
            return None


def checked_rows(path: Path, *, required: Sequence[str], optional: Sequence[str] = ()) -> Iterator[Row]:
    """Each data row of ``path``; after the last one, every problem found is raised at once."""
    problems = Problems()
    for line, cells in read_csv(path, required=required, optional=optional):
        yield Row(path, line, cells, problems)
    problems.raise_any()


@dataclass(frozen=True)
class Merged:
    path: Path
    added: int
    updated: int
    unchanged: int = 0


def merge_records(target: Path, columns: Sequence[str], rows: Iterable[Sequence[str]],
                  key: Callable[[Sequence[str]], tuple], *, optional: Sequence[str] = (),
                  stamp: str | None = None) -> Merged:
    """Rows of ``target`` with the same key are replaced, the others added; ``target`` is rewritten atomically.

    ``optional``: columns an older file may lack (they read as empty). ``stamp``: a column (the day it was
    recorded) that does not make a row different: a row typed in again as it was keeps its first stamp.
    """
    required = [c for c in columns if c not in optional]
    existing = [] if not target.exists() else read_csv(target, required=required, optional=optional)
    table = {}
    for _, row in existing:
        cells = [row.get(c, "") for c in columns]
        table[key(cells)] = cells
    ignored = columns.index(stamp) if stamp else None
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    for row_cells in rows:
        cells = list(row_cells)
        before = table.get(key(cells))
        if before is None:
            counts["added"] += 1
        elif _same(before, cells, ignored):
            counts["unchanged"] += 1
            continue
        else:
            counts["updated"] += 1
        table[key(cells)] = cells
    write_csv(target, columns, table.values())
    return Merged(path=target, **counts)


def _same(stored: Sequence[str], new: Sequence[str], ignored: int | None) -> bool:
    # Stored cells were written formula-safe: compare the new ones in that form.
    return all(i == ignored or a == neutral_cell(str(b)) for i, (a, b) in enumerate(zip(stored, new, strict=True)))
