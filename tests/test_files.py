"""Atomic output: whole files or none, with the permissions the user's umask gives."""

from __future__ import annotations

import os
import stat

import pytest

from kit.files import write_text


def test_written_files_follow_the_umask_without_changing_it(tmp_path):
    """D23: the umask is never set, not even for an instant; new outputs get 0666 less the umask."""
    mask = os.umask(0o027)
    try:
        path = write_text(tmp_path / "out.txt", "hello")
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
        assert os.umask(0o027) == 0o027
    finally:
        os.umask(mask)
    assert path.read_text() == "hello"


def test_a_failed_write_leaves_nothing(tmp_path):
    from kit.files import atomic_path

    with pytest.raises(ZeroDivisionError), atomic_path(tmp_path / "out.txt") as tmp:
        tmp.write_text("half")
        raise ZeroDivisionError
    assert list(tmp_path.iterdir()) == []
