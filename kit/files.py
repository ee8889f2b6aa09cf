"""Atomic output: every file appears whole or not at all."""

from __future__ import annotations

import os
import secrets
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import RenderError


def ensure_dir(folder: Path) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RenderError(f"cannot create output folder ({exc.strerror})", where=folder, hint="writable-out") from None
    if not os.access(folder, os.W_OK):
        raise RenderError("output folder is not writable", where=folder, hint="writable-out")
    return folder


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it over ``target`` only if the block succeeds."""
    target = Path(target)
    ensure_dir(target.parent)
    tmp = _new_file(target)
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _new_file(target: Path) -> Path:
    """An empty file of a new name beside ``target``, with the permissions the user's umask gives new files.

    (mkstemp would make it private, 0600; outputs are meant to be shared and published, .ics behind a web
    server. Creating it with mode 0666 lets the kernel apply the umask, which is never changed, not even
    for an instant.)
    """
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        try:
            os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
            return tmp
        except FileExistsError:
            continue


def write_bytes(target: Path, data: bytes) -> Path:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def write_text(target: Path, text: str, *, newline: str | None = None) -> Path:
    with atomic_path(target) as tmp:
        with open(tmp, "w", encoding="utf-8", newline=newline) as fh:
            fh.write(text)
    return Path(target)
