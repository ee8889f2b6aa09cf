"""Values a user must still replace in kit.toml: written ``"<the presenter's name>"``, between angle brackets.

``blockwatch init`` writes one for every value only the agency can give. The profile loader records each
(field, kit.toml line, what to set) instead of judging the value, so a placeholder e-mail is reported as a
placeholder, never as a bad address. Builds refuse a kit that still holds one, unless asked for a draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# What an e-mail field holds while it is a placeholder: valid in form, deliverable nowhere (RFC 2606 .invalid).
STAND_IN_EMAIL = "placeholder@example.invalid"
_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]\]?")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


@dataclass(frozen=True)
class Placeholder:
    field: str             # 'presenters[0].name'
    line: int | None       # its line in kit.toml
    value: str             # as written: '<the presenter's name>'

    @property
    def wanted(self) -> str:
        """What to write instead, as the placeholder says it: 'the presenter's name'."""
        return self.value[1:-1].strip()


def is_placeholder(value: Any) -> bool:
    return isinstance(value, str) and len(value) > 2 and value.startswith("<") and value.endswith(">")


def field_lines(text: str) -> dict[str, int]:
    """The line of each ``key = value`` of a TOML text, by dotted field name ('presenters[1].email').

    tomllib keeps no positions; this reads tables and keys again, only to point the user at a line.
    """
    lines: dict[str, int] = {}
    prefix, arrays = "", dict[str, int]()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            name = header.group(2)
            if header.group(1) == "[[":
                arrays[name] = arrays.get(name, -1) + 1
                prefix = f"{name}[{arrays[name]}]"
            else:
                prefix = name
            lines.setdefault(prefix, number)
            continue
        key = _KEY.match(line)
        if key:
            lines.setdefault(f"{prefix}.{key.group(1)}" if prefix else key.group(1), number)
    return lines
