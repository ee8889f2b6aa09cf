"""CSV out: rows written so no cell can run as a spreadsheet formula (reading is ``readers.read_csv``)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Iterable, Sequence

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

