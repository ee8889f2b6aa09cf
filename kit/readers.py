"""Reading the user's files: every decode or parse error becomes a ``KitError`` naming the file and line.

Loaders read through these four functions only, so no non-UTF-8 file or stray bracket escapes as a traceback.
"""

from __future__ import annotations

import codecs
import io
import re
import tomllib
from pathlib import Path
from typing import Any, Sequence

import yaml

from .errors import EventsError, KitError, close_matches

TOML_LINE = re.compile(r"at line (\d+)")


def read_text(path: Path, error: type[KitError] = KitError, *, encoding: str = "utf-8", advice: str = "") -> str:
    """The file's text; a missing file or one that is not UTF-8 is the user's to fix, with its line."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise error("no such file; check the path", where=path) from None
    except IsADirectoryError:
        raise error("is a folder, not a file; check the path", where=path) from None
    except OSError as exc:
        raise error(f"cannot be read ({exc.strerror})", where=path) from None
    if encoding == "utf-8-sig" and data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        encoding = "utf-16"  # Excel's "Unicode text" export
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise error(f"is not UTF-8 text; {advice or 'save it as UTF-8'}", where=path,
                    line=data[:exc.start].count(b"\n") + 1) from None


def parse_toml(text: str, error: type[KitError] = KitError, *, where: str | Path) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = TOML_LINE.search(str(exc))
        raise error(f"is not valid TOML ({exc}); fix the syntax", where=where,
                    line=int(found.group(1)) if found else None) from None


def read_toml(path: Path, error: type[KitError] = KitError) -> dict[str, Any]:
    return parse_toml(read_text(path, error), error, where=path)


FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, error: type[KitError] = KitError, *, where: str | Path, first_line: int = 1,
               what: str = "") -> Any:
    """YAML -> plain values; ``first_line`` is the file line the text starts on (front matter starts on 2).

    Parsed by libyaml where PyYAML has it (a tenth of the time: every module's front matter is read on each
    build); what it rejects is parsed again in pure Python, whose messages the error quotes."""
    try:
        return yaml.load(text, Loader=FAST_LOADER)
    except yaml.YAMLError:
        pass
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or exc
        raise error(f"{what}is not valid YAML ({problem}); fix the syntax", where=where,
                    line=mark.line + first_line if mark is not None else None) from None


def read_yaml(path: Path, error: type[KitError] = KitError) -> Any:
    return parse_yaml(read_text(path, error), error, where=path)


YES = frozenset({"yes", "y", "true", "1", "x"})
NO = frozenset({"no", "n", "false", "0", ""})


def yes_no(value: str) -> bool | None:
    """A spreadsheet cell's yes or no (also y/n, true/false, 1/0, x; empty is no); None for anything else."""
    answer = value.strip().lower()
    return True if answer in YES else False if answer in NO else None


def read_csv(path: Path, *, required: Sequence[str], optional: Sequence[str] = (),
             error: type[KitError] = EventsError) -> list[tuple[int, dict[str, str]]]:
    """``(line, row)`` pairs with lower-case column names and stripped cells; blank lines are skipped."""
    import csv  # rosters and sheets only: a deck build never loads it

    path = Path(path)
    text = read_text(path, error, encoding="utf-8-sig", advice="save it as 'CSV UTF-8'")
    delimiter = _delimiter(text.partition("\n")[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [name for name in required if name not in header]
    if missing:
        names = ", ".join(repr(m) for m in missing)
        raise error(f"has no column {names} in its first line; add the missing column{'s' * (len(missing) > 1)} "
                    f"{names} (the columns are {', '.join(required)}, and optionally "
                    f"{', '.join(optional) or 'nothing'})", where=path, line=1)
    unknown = [name for name in header if name and name not in (*required, *optional)]
    if unknown:
        raise error(f"has an unknown column {unknown[0]!r}; the columns are {', '.join((*required, *optional))}",
                    where=path, line=1, suggestions=close_matches(unknown[0], (*required, *optional)))
    rows = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            raise error(f"has {len(cells)} cells but the header has {len(header)}; "
                        f"quote cells that contain a {DELIMITER_NAMES[delimiter]}", where=path, line=reader.line_num)
        rows.append((reader.line_num, {name: cell.strip() for name, cell in zip(header, cells, strict=False) if name}))
    return rows


# Spreadsheets save "CSV" with commas, with semicolons where the comma is the decimal mark, or with tabs.
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


def _delimiter(header: str) -> str:
    counts = {mark: header.count(mark) for mark in DELIMITER_NAMES}
    best = max(counts, key=lambda mark: counts[mark])
    return best if counts[best] > counts[","] else ","
