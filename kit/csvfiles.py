"""CSV in and out: rows read with their line numbers, rows written so no cell can run as a spreadsheet formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Iterable, Sequence

from .errors import EventsError
from .files import write_text

# A cell starting with one of these is a formula in Excel, LibreOffice or Sheets (OWASP "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutral_cell(value: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would run as a formula; idempotent (``'=x`` stays ``'=x``)."""
    # Leading spaces do not stop LibreOffice from evaluating "  =1+1", so look past them.
    if value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """CSV with every cell neutralized and quoted, as OWASP recommends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([neutral_cell(cell) for cell in header])
    writer.writerows([neutral_cell(str(cell)) for cell in row] for row in rows)
    return buffer.getvalue()


def write_csv(target: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> Path:
    # A BOM so Excel reads accented names as UTF-8; newline="" keeps the csv module's CRLF as is.
    return write_text(target, "\ufeff" + csv_text(header, rows), newline="")


def read_csv(path: Path, *, required: Sequence[str], optional: Sequence[str] = ()) -> list[tuple[int, dict[str, str]]]:
    """``(line, row)`` pairs with lower-case column names and stripped cells; blank lines are skipped."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise EventsError("no such file; check the path", where=path)
    except UnicodeDecodeError:
        raise EventsError("is not UTF-8 text; save it as 'CSV UTF-8'", where=path)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [name for name in required if name not in header]
    if missing:
        raise EventsError(f"has no column {', '.join(repr(m) for m in missing)} in its first line; "
                          f"the columns are {', '.join(required)} (and optionally {', '.join(optional) or 'nothing'})",
                          where=path, line=1)
    unknown = [name for name in header if name and name not in (*required, *optional)]
    if unknown:
        raise EventsError(f"has an unknown column {unknown[0]!r}; the columns are "
                          f"{', '.join((*required, *optional))}", where=path, line=1)
    rows = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            raise EventsError(f"has {len(cells)} cells but the header has {len(header)}; "
                              "quote cells that contain a comma", where=path, line=reader.line_num)
        rows.append((reader.line_num, {name: cell.strip() for name, cell in zip(header, cells) if name}))
    return rows
