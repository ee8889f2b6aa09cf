"""Declared tables and the field checks every loader shares.

Each loader declares a table's keys once (``Table(Key(name, kind, default), ...)``, mkdocs ``defaults.py``
style); ``Fields.read`` uses that one declaration both to refuse unknown keys and to read every value, and
reports every problem of the table (each on its own line) before loading stops.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping, NoReturn, Sequence

from .errors import KitError, Problems, close_matches
from .dates import read_date
from .placeholders import STAND_IN_EMAIL, is_placeholder

REQUIRED: Any = object()
EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[A-Za-z]{2,}$")


class Special:
    """A kind of value with its own reader: an e-mail address, a date, a list of strings, a length in minutes."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


E_MAIL, DATE, STRINGS, MINUTES = Special("e-mail"), Special("date"), Special("strings"), Special("minutes")


@dataclass(frozen=True)
class Key:
    """One key of a table: its name, what kind of value it holds, and its default (``REQUIRED``: none)."""

    name: str
    kind: Any = str
    default: Any = REQUIRED


class Table:
    """A table's keys, declared once."""

    def __init__(self, *keys: Key):
        self.keys = {key.name: key for key in keys}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.keys)


def is_email(value: str) -> bool:
    return bool(EMAIL.match(value))


class Fields:
    """Reads one table of a config file (or one CSV row), naming ``where`` and the dotted field in every complaint."""

    def __init__(self, table: Any, *, where, prefix: str = "", error: type[KitError] = KitError, line=None,
                 lines: Mapping[str, int] | None = None, noun: str = "field", pending: dict[str, str] | None = None):
        if not isinstance(table, Mapping):
            raise error(f"{prefix or 'this'} must be a table of fields, not {type(table).__name__}", where=where,
                        line=line)
        self.table = dict(table)
        self.where = where
        self.prefix = prefix
        self.error = error
        self.line = line
        self.lines = lines or {}
        self.noun = noun  # "field" in config files, "column" in CSV rows
        # Placeholders found ("<...>" values: field name -> value), where a file may hold them (kit.toml);
        # None: a "<...>" value is read like any other.
        self.pending = pending

    def name(self, key: str) -> str:
        return f"{self.prefix}.{key}" if self.prefix else key

    def fail(self, key: str, message: str, *, suggestions: Sequence[str] = (), hint: str | None = None) -> NoReturn:
        raise self.error(f"{self.noun} '{self.name(key)}' {message}", where=self.where,
                         line=self.lines.get(key, self.line), field=self.name(key), suggestions=suggestions,
                         hint=hint)

    def read(self, table: Table) -> dict[str, Any]:
        """Every value of a declared table; unknown, missing and mistyped keys are all reported at once."""
        problems = Problems()
        with problems.attempt():
            self.allow_only(table.names)
        # A misspelt key is reported once, as unknown with its "did you mean", not again as missing.
        misspelt = {s.rpartition(".")[2] for problem in problems.found for s in problem.suggestions}
        values = {}
        for key in table.keys.values():
            if key.name in misspelt and key.name not in self.table:
                continue
            with problems.attempt():
                values[key.name] = self.value(key)
        problems.raise_any()
        return values

    def value(self, key: Key) -> Any:
        readers: dict[Special, Callable[[str, Any], Any]] = {
            E_MAIL: self.email, DATE: self.date, STRINGS: self.strings,
            MINUTES: lambda name, default: self.positive(name, default, what="number of minutes")}
        if isinstance(key.kind, Special):
            return readers[key.kind](key.name, key.default)
        return self.get(key.name, key.kind, key.default)

    def allow_only(self, allowed) -> Fields:
        """Every unknown key is reported, each on its own line, before loading stops."""
        problems = Problems()
        for key in self.table:
            if key not in allowed:
                name = self.name(key)
                problems.add(self.error(f"unknown {self.noun} '{name}'", where=self.where,
                                        line=self.lines.get(key, self.line), field=name,
                                        suggestions=close_matches(name, [self.name(a) for a in allowed])))
        problems.raise_any()
        return self

    def placeholder(self, key: str) -> bool:
        """Is this value still a placeholder? Each one is recorded in ``pending``, and its value not judged."""
        value = self.table.get(key)
        if self.pending is None or not isinstance(value, str) or not is_placeholder(value):
            return False
        self.pending[self.name(key)] = value
        return True

    def get(self, key: str, kind: type | tuple = str, default=REQUIRED, convert: Callable | None = None):
        if key not in self.table or self.table[key] is None:
            if default is REQUIRED:
                self.fail(key, "is missing")
            return default
        value = self.table[key]
        if self.placeholder(key):  # text stays as written (a draft shows it); any other kind is not known yet
            takes_text = str in (kind if isinstance(kind, tuple) else (kind,)) and convert is None
            return value if takes_text else (None if default is REQUIRED else default)
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (isinstance(value, bool) and kind in (int, float)):
            self.fail(key, f"must be {_describe(kind)}, not {value!r}")
        if convert is not None:
            try:
                value = convert(value)
            except (ValueError, TypeError) as exc:
                self.fail(key, f"is not valid: {exc}")
        return value

    def email(self, key: str, default=REQUIRED) -> str:
        """An e-mail address; an optional one may be left empty."""
        if self.placeholder(key):
            return STAND_IN_EMAIL
        value = self.get(key, str, default).strip()
        if not is_email(value) and not (value == "" and default == ""):
            self.fail(key, f"is not an e-mail address: {value!r}")
        return value

    def positive(self, key: str, default=REQUIRED, *, what: str = "number") -> float:
        value = self.get(key, (int, float), default)
        if value is not default and (isinstance(value, bool) or value <= 0):
            self.fail(key, f"must be a positive {what}, not {value!r}")
        return value

    def strings(self, key: str, default=()) -> tuple[str, ...]:
        value = self.get(key, list, REQUIRED if default is REQUIRED else list(default))
        if not all(isinstance(item, str) for item in value):
            self.fail(key, "must be a list of strings")
        return tuple(value)

    def date(self, key: str, default=REQUIRED) -> dt.date | None:
        if self.placeholder(key):
            return None
        value = self.get(key, (dt.date, str), default)
        if isinstance(value, str):
            try:
                return read_date(value)
            except ValueError as exc:
                self.fail(key, str(exc))
        if isinstance(value, dt.datetime):
            return value.date()
        return value

    def sub(self, key: str, default=REQUIRED) -> Fields:
        value = self.get(key, dict, {} if default is not REQUIRED else REQUIRED)
        return Fields(value, where=self.where, prefix=self.name(key), error=self.error,
                      line=self.lines.get(key, self.line), lines=self.child_lines(key), noun=self.noun,
                      pending=self.pending)

    def child_lines(self, key: str) -> dict[str, int]:
        """The lines of a nested table's own fields, by their names inside it."""
        inside = key + "."
        return {name[len(inside):]: line for name, line in self.lines.items() if name.startswith(inside)}


def _describe(kind) -> str:
    names = {str: "text", int: "a whole number", float: "a number", bool: "true or false", list: "a list",
             dict: "a table", dt.date: "a date"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if set(kinds) == {int, float}:
        return "a number"
    return " or ".join(names.get(k, k.__name__) for k in kinds)
