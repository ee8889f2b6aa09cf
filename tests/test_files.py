"""Output sets: a full disk or an unwritable folder costs one line, exit 2, and leaves nothing half-written."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from kit.errors import RenderError
from kit.files import output_set, write_bytes, write_text


@pytest.fixture
def disk_full_after(monkeypatch):
    """The OS accepts ``n`` more writes, then answers ENOSPC (No space left on device) for good."""

    def arm(n: int) -> None:
        real_write, left = os.write, [n]

        def write(fd, data):
            if left[0] <= 0:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            left[0] -= 1
            return real_write(fd, data)

        monkeypatch.setattr(os, "write", write)

    return arm


def tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def test_a_set_appears_whole_only_when_every_file_is_written(tmp_path):
    with output_set():
        write_text(tmp_path / "a" / "one.txt", "1")
        write_bytes(tmp_path / "a" / "two.bin", b"2")
        assert not (tmp_path / "a" / "one.txt").exists()  # not yet: the set is not finished
    assert (tmp_path / "a" / "one.txt").read_text() == "1" and (tmp_path / "a" / "two.bin").read_bytes() == b"2"
    assert tree(tmp_path) == ["a", "a/one.txt", "a/two.bin"]  # no temporary files left


def test_a_failed_set_leaves_nothing_not_even_its_folders(tmp_path, disk_full_after):
    (tmp_path / "keep.txt").write_text("old")
    disk_full_after(2)
    with pytest.raises(RenderError) as caught:
        with output_set():
            write_text(tmp_path / "new" / "deep" / "one.txt", "1")
            write_text(tmp_path / "keep.txt", "new")
            write_text(tmp_path / "new" / "deep" / "three.txt", "3")
    assert "No space left on device" in str(caught.value) and "free some space" in str(caught.value)
    assert str(caught.value).startswith(str(tmp_path / "new" / "deep" / "three.txt"))
    assert tree(tmp_path) == ["keep.txt"] and (tmp_path / "keep.txt").read_text() == "old"


def test_a_lone_file_is_replaced_only_whole(tmp_path, disk_full_after):
    target = tmp_path / "one.txt"
    target.write_text("old")
    disk_full_after(0)
    with pytest.raises(RenderError):
        write_text(target, "new" * 1000)
    assert tree(tmp_path) == ["one.txt"] and target.read_text() == "old"


def test_handouts_on_a_full_disk_write_none_of_the_six_files(example_kit, cli, tmp_path, disk_full_after):
    out = tmp_path / "print"
    disk_full_after(3)
    result = cli("handouts", "--out", out, "--kit", example_kit)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "No space left on device" in result.stderr
    assert tree(out) == []


def test_sheets_on_a_full_disk_leave_no_empty_session_folder(example_kit, cli, tmp_path, disk_full_after):
    out = tmp_path / "print"
    out.mkdir()
    disk_full_after(4)
    result = cli("sheets", "signup", "--out", out, "--session", "aspen-hollow-talk-2027", "--kit", example_kit)
    assert result.exit_code == 2 and "No space left on device" in result.stderr
    assert tree(out) == []


def test_unwritable_folder_is_one_line(example_kit, cli, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    out = tmp_path / "locked"
    out.mkdir()
    out.chmod(0o500)
    try:
        result = cli("handouts", "--out", out, "--kit", example_kit)
    finally:
        out.chmod(0o700)
    assert result.exit_code == 2 and "writable" in result.stderr and tree(out) == []


def test_a_path_under_a_file_is_one_line(example_kit, cli, tmp_path):
    (tmp_path / "file").write_text("x")
    result = cli("handouts", "--out", tmp_path / "file" / "print", "--kit", example_kit)
    assert result.exit_code == 2 and result.stderr.startswith("error: ") and result.stderr.count("\n") == 1


def test_written_files_follow_the_umask_without_changing_it(tmp_path):
    """D23: the umask is never set, not even for an instant; new outputs get 0666 less the umask."""
    import os
    import stat

    from kit.files import write_text

    mask = os.umask(0o027)
    try:
        path = write_text(tmp_path / "out.txt", "hello")
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
        assert os.umask(0o027) == 0o027
    finally:
        os.umask(mask)
    assert path.read_text() == "hello"
