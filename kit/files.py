"""Atomic output: every file appears whole or not at all, and a set of files all together or not at all."""

from __future__ import annotations

import contextvars
import errno
import os
import secrets
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .errors import RenderError

# A write the OS refuses: disk full, quota, read-only file system, no such folder, no permission: what to do
# here, and the key of the advice about the command's output flag that cli.py words.
_FULL, _LOCKED = ("free some space", "other-out"), ("", "writable-out")
_FIXES = {errno.ENOSPC: _FULL, errno.EDQUOT: _FULL, errno.EROFS: _LOCKED, errno.EACCES: _LOCKED, errno.EPERM: _LOCKED}


@dataclass
class _Set:
    """Files written so far (temporary name, final name) and the folders made for them."""

    staged: list[tuple[Path, Path]] = field(default_factory=list)
    made: list[Path] = field(default_factory=list)


_CURRENT: contextvars.ContextVar[_Set | None] = contextvars.ContextVar("output_set", default=None)


def ensure_dir(folder: Path) -> Path:
    folder = Path(folder)
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RenderError(f"cannot create output folder ({exc.strerror})", where=folder, hint="writable-out") from None
    if not os.access(folder, os.W_OK):
        raise RenderError("output folder is not writable", where=folder, hint="writable-out")
    current = _CURRENT.get()
    if current is not None:
        current.made += reversed(missing)  # parents first, so removal goes deepest first
    return folder


@contextmanager
def output_set():
    """Every file written inside the block appears only when all of them are written; on any failure none
    does, and folders made for them are removed again. Sets nest: an inner set joins the outer one."""
    if _CURRENT.get() is not None:
        yield
        return
    current = _Set()
    token = _CURRENT.set(current)
    try:
        yield
    except BaseException:
        _CURRENT.reset(token)
        _discard(current)
        raise
    _CURRENT.reset(token)
    # Renames within one folder: they need no space, so a set that was written whole is moved whole.
    for tmp, target in current.staged:
        os.replace(tmp, target)


def _discard(current: _Set) -> None:
    for tmp, _ in current.staged:
        tmp.unlink(missing_ok=True)
    for folder in reversed(current.made):
        try:
            folder.rmdir()
        except OSError:
            pass  # not empty: something else lives there now


@contextmanager
def atomic_path(target: Path):
    """Yield a temporary path beside ``target``; rename it over ``target`` only if the block succeeds
    (inside an ``output_set``, only when the whole set succeeds)."""
    target = Path(target)
    ensure_dir(target.parent)
    try:
        tmp = _new_file(target)
    except OSError as exc:
        raise _write_error(exc, target) from exc
    try:
        yield Path(tmp)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _write_error(exc, target) from exc
        raise
    current = _CURRENT.get()
    if current is None:
        os.replace(tmp, target)
    else:
        current.staged.append((Path(tmp), target))


def _write_error(exc: OSError, target: Path) -> RenderError:
    advice, hint = _FIXES.get(exc.errno or 0, ("", "other-out"))
    return RenderError(f"cannot write this file ({exc.strerror or exc}){'; ' + advice if advice else ''}",
                       where=target, hint=hint)


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


def _write_all(path: Path, data: bytes) -> None:
    """os.write until every byte is out, so that a full disk surfaces here, as an OSError, not later."""
    fd = os.open(path, os.O_WRONLY | os.O_TRUNC)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def write_bytes(target: Path, data: bytes) -> Path:
    with atomic_path(target) as tmp:
        _write_all(tmp, data)
    return Path(target)


def write_text(target: Path, text: str, *, newline: str | None = None) -> Path:
    if newline is None:
        text = text.replace("\n", os.linesep)
    elif newline:
        text = text.replace("\n", newline)
    return write_bytes(target, text.encode("utf-8"))
