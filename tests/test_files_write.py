"""The package's one atomic write (sitesurvey._files.write_atomic): the old file or the
new one, never a part; never a symbolic link or a device replaced; "-" for stdout; no
temporary files left behind, not even by a killed earlier run."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitesurvey import _files
from sitesurvey._files import STALE_TEMP_AGE, remove_stale_temps, write_atomic
from sitesurvey.errors import SiteSurveyError


def _names(folder):
    return sorted(p.name for p in folder.iterdir())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_writes_bytes_and_callables(tmp_path):
    target = tmp_path / "a.bin"
    assert write_atomic(target, b"one") == target
    assert target.read_bytes() == b"one"
    write_atomic(target, lambda handle: handle.write(b"two"))
    assert target.read_bytes() == b"two"
    assert _names(tmp_path) == ["a.bin"]
    assert target.stat().st_mode & 0o777 == 0o644 & ~_umask()


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=5000))
def test_what_is_written_is_read_back(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("w")
    write_atomic(folder / "f", data)
    assert (folder / "f").read_bytes() == data
    assert _names(folder) == ["f"]


def test_a_failing_writer_leaves_the_old_file_and_no_temp(tmp_path):
    target = tmp_path / "a.bin"
    target.write_bytes(b"old")

    def broken(handle):
        handle.write(b"half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, broken)
    assert target.read_bytes() == b"old"
    assert _names(tmp_path) == ["a.bin"]


def test_a_failing_rename_is_a_clear_error(tmp_path, monkeypatch):
    import errno

    target = tmp_path / "a.bin"
    target.write_bytes(b"old")

    def full(src, dst):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(_files.os, "replace", full)
    with pytest.raises(SiteSurveyError, match=r"output: cannot write .*a\.bin.*No space left"):
        write_atomic(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert _names(tmp_path) == ["a.bin"]


@pytest.mark.parametrize("kind", ["link to a file", "dangling link", "directory", "fifo"])
def test_a_link_or_special_file_is_never_replaced(tmp_path, kind):
    target = tmp_path / "out.pdf"
    other = tmp_path / "other.pdf"
    other.write_bytes(b"theirs")
    if kind == "link to a file":
        target.symlink_to(other)
    elif kind == "dangling link":
        target.symlink_to(tmp_path / "nowhere")
    elif kind == "directory":
        target.mkdir()
    else:
        os.mkfifo(target)  # never opened: a FIFO would block a reader or writer
    before = os.lstat(target)
    with pytest.raises(SiteSurveyError) as info:
        write_atomic(target, b"new", allow_stdout=True)
    message = str(info.value)
    assert message.startswith(f"output: {target} is ")
    assert "give the name of a regular file" in message and '"-"' in message
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert other.read_bytes() == b"theirs"
    assert not [n for n in _names(tmp_path) if n.endswith(".tmp")]


def test_a_link_made_during_the_write_is_not_replaced(tmp_path):
    """The check before the work is repeated just before the rename."""
    target = tmp_path / "out.pdf"
    other = tmp_path / "other.pdf"
    other.write_bytes(b"theirs")

    def racing(handle):
        handle.write(b"new")
        target.symlink_to(other)

    with pytest.raises(SiteSurveyError, match="symbolic link"):
        write_atomic(target, racing)
    assert target.is_symlink() and other.read_bytes() == b"theirs"
    assert _names(tmp_path) == ["other.pdf", "out.pdf"]


@pytest.mark.skipif(not os.path.islink("/dev/stdout"), reason="no /dev/stdout link")
def test_dev_stdout_is_refused_with_the_dash_hint():
    with pytest.raises(SiteSurveyError, match=r'symbolic link.*give "-" as the file name \(-o -\)'):
        write_atomic("/dev/stdout", b"x", allow_stdout=True)
    assert os.path.islink("/dev/stdout")


def test_dash_is_stdout_only_where_allowed(tmp_path, monkeypatch, capsysbinary):
    monkeypatch.chdir(tmp_path)
    assert write_atomic("-", b"%PDF-bytes\x00\xff", allow_stdout=True) is None
    assert write_atomic("-", lambda h: h.write(b"+more"), allow_stdout=True) is None
    assert capsysbinary.readouterr().out == b"%PDF-bytes\x00\xff+more"
    with pytest.raises(SiteSurveyError, match=r"standard output.*not possible here"):
        write_atomic("-", b"x")
    assert _names(tmp_path) == []


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(SiteSurveyError, match=r"the folder .*missing does not exist"):
        write_atomic(tmp_path / "missing" / "a.pdf", b"x")


def test_the_error_class_and_field_are_the_callers(tmp_path):
    class MyError(SiteSurveyError):
        pass

    (tmp_path / "d").mkdir()
    with pytest.raises(MyError, match=r"^PATH: "):
        write_atomic(tmp_path / "d", b"x", field="PATH", error=MyError)


def test_concurrent_writers_leave_one_whole_file(tmp_path):
    target = tmp_path / "s.pdf"
    blobs = [bytes([i]) * 200_000 for i in range(8)]
    errors: list[BaseException] = []

    def write(blob):
        try:
            write_atomic(target, blob)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(b,)) for b in blobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert target.read_bytes() in blobs
    assert _names(tmp_path) == ["s.pdf"]


# ------------------------------------------------------- temp files of killed runs


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_stale_temps_are_removed_and_live_ones_kept(tmp_path):
    target = tmp_path / "s.pdf"
    dead = tmp_path / f".s.pdf.{_dead_pid()}.0a1b2c.tmp"
    live = tmp_path / f".s.pdf.{os.getpid()}.3d4e5f.tmp"  # a write under way
    old_style_old = tmp_path / ".s.pdf.k2j3h4.tmp"  # tempfile.mkstemp, earlier versions
    old_style_new = tmp_path / ".s.pdf.x9y8z7.tmp"
    other_name = tmp_path / f".t.pdf.{_dead_pid()}.0a1b2c.tmp"
    not_a_file = tmp_path / f".s.pdf.{_dead_pid()}.999999.tmp"
    for path in (dead, live, old_style_old, old_style_new, other_name):
        path.write_bytes(b"partial")
    not_a_file.mkdir()
    hours_ago = time.time() - STALE_TEMP_AGE - 60
    os.utime(old_style_old, (hours_ago, hours_ago))
    removed = remove_stale_temps(target)
    assert sorted(removed) == sorted([dead, old_style_old])
    assert sorted(_names(tmp_path)) == sorted(
        p.name for p in (live, old_style_new, other_name, not_a_file)
    )
    # an hour later even a live-looking number is taken for a re-used one
    later = time.time() + STALE_TEMP_AGE + 60
    assert sorted(remove_stale_temps(target, now=later)) == sorted([live, old_style_new])
    assert sorted(_names(tmp_path)) == sorted(p.name for p in (other_name, not_a_file))


def test_temp_of_a_killed_run_is_removed_by_the_next_write(tmp_path):
    """kill -9 during a write: the target is whole, and the next write cleans up."""
    target = tmp_path / "s.pdf"
    target.write_bytes(b"old")
    code = (
        "import sys, time; from sitesurvey._files import write_atomic\n"
        "def slow(h):\n"
        "    h.write(b'half'); h.flush(); print('writing', flush=True); time.sleep(60)\n"
        f"write_atomic({str(target)!r}, slow)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    try:
        assert proc.stdout.readline() == b"writing\n"
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
    left = [n for n in _names(tmp_path) if n.endswith(".tmp")]
    assert len(left) == 1 and left[0].startswith(f".s.pdf.{proc.pid}.")
    assert target.read_bytes() == b"old"
    write_atomic(target, b"new")
    assert _names(tmp_path) == ["s.pdf"] and target.read_bytes() == b"new"


def test_a_long_name_gets_a_temp_name_that_fits(tmp_path):
    name = "长" * 80 + ".pdf"  # 244 bytes in UTF-8: NAME + ".PID.RANDOM.tmp" would not fit
    write_atomic(tmp_path / name, b"x")
    assert _names(tmp_path) == [name]
