"""Files: how sitesurvey writes (and reads) the files it is given.

Writing — :func:`write_atomic` is the one way the package writes a file: the data goes to
a temporary file in the target's own folder, is flushed to disk and then renamed over
the target in one step, so a reader sees the old file or the new one, never a part.
"""

from __future__ import annotations

import os
import stat
import sys
from typing import TYPE_CHECKING

from sitesurvey.errors import SiteSurveyError

if TYPE_CHECKING:  # pathlib and the rest are imported where used: `size` starts fast
    from collections.abc import Callable
    from pathlib import Path
    from typing import BinaryIO

__all__ = [
    "STALE_TEMP_AGE",
    "STDOUT",
    "check_writable",
    "remove_stale_temps",
    "write_atomic",
]

# --- Writing ---

#: The name that means "standard output" where a command allows it (``-o -``).
STDOUT = "-"
#: A temporary file of an earlier run is removed once it is this old [s], even if its
#: process number is in use again (by another program).
STALE_TEMP_AGE = 3600.0
# A temporary file's name: ``.NAME.PID.RANDOM.tmp``; NAME is shortened so that the
# whole name stays within the usual 255-byte limit of a file name.
_TEMP_NAME_BYTES = 200


def _temp_stem(name: str) -> str:
    """``name`` cut to at most ``_TEMP_NAME_BYTES`` bytes (whole characters)."""
    while len(os.fsencode(name)) > _TEMP_NAME_BYTES:
        name = name[:-1]
    return name


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. EPERM: it exists, owned by someone else
        return True
    return True


def remove_stale_temps(target: Path, *, now: float | None = None) -> list[Path]:
    """Remove the temporary files that earlier, killed writes of ``target`` left behind.

    A temporary file ``.NAME.PID.RANDOM.tmp`` (or ``.NAME.RANDOM.tmp`` from older
    versions) is stale when the process that wrote it is gone, or when it is older than
    :data:`STALE_TEMP_AGE` (a process number can be used again). Only regular files of
    this user are removed; a file that vanishes or cannot be removed is left to the next
    run.

    Parameters
    ----------
    target : pathlib.Path
        The file about to be written.
    now : float, optional
        The current time [s since the epoch]; for tests.

    Returns
    -------
    list of pathlib.Path
        The files removed.
    """
    import re
    import time

    directory = target.parent
    stem = re.escape(_temp_stem(target.name))
    pattern = re.compile(rf"\.{stem}\.(?:(\d{{1,10}})\.)?[A-Za-z0-9_]+\.tmp")
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = os.scandir(directory)
    except OSError:
        return removed
    with entries:
        for entry in entries:
            match = pattern.fullmatch(entry.name)
            if match is None:
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
                continue
            pid = int(match[1]) if match[1] else None
            old = now - info.st_mtime > STALE_TEMP_AGE
            orphan = pid is not None and pid != os.getpid() and not _pid_alive(pid)
            if old or orphan:
                path = directory / entry.name
                try:
                    path.unlink()
                except OSError:
                    continue
                removed.append(path)
    return removed


def _sync_directory(directory: Path) -> None:
    """Flush the rename to disk (best effort: not every system can open a folder)."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _refuse_special(
    path: Path, field: str, error: Callable[[str], Exception], allow_stdout: bool
) -> None:
    """Refuse a target that a rename would destroy or that is not a file to replace."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise error(f"{field}: cannot use {path} ({exc.strerror or exc})") from None
    if stat.S_ISREG(info.st_mode):
        return
    hint = ' To write to standard output, give "-" as the file name (-o -).' if allow_stdout else ""
    if stat.S_ISLNK(info.st_mode):
        what = "a symbolic link; writing would replace the link itself, not what it points to"
    elif stat.S_ISDIR(info.st_mode):
        what = "a directory"
    else:
        what = "not a regular file (a device, a pipe or a socket)"
    raise error(f"{field}: {path} is {what}; give the name of a regular file to write.{hint}")


def check_writable(
    path: str | os.PathLike[str],
    *,
    field: str = "output",
    error: Callable[[str], Exception] = SiteSurveyError,
    allow_stdout: bool = False,
) -> Path | None:
    """Check, before any work, that :func:`write_atomic` may write ``path``.

    Same parameters as :func:`write_atomic`.

    Returns
    -------
    pathlib.Path or None
        The target; ``None`` for standard output.

    Raises
    ------
    SiteSurveyError
        (or ``error``) ``path`` is a symbolic link, a directory, a device or another
        non-regular file, or its folder does not exist.
    """
    from pathlib import Path

    if allow_stdout and os.fspath(path) == STDOUT:
        return None
    target = Path(path)
    if os.fspath(path) == STDOUT:
        raise error(f'{field}: "-" (standard output) is not possible here; give a file name')
    _refuse_special(target, field, error, allow_stdout)
    directory = target.parent
    if not directory.is_dir():
        raise error(
            f"{field}: cannot write {target}: the folder {directory} does not exist; "
            "create it first"
        )
    return target


def _write_stdout(data: bytes | Callable[[BinaryIO], None], field: str, error) -> None:
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:  # e.g. a notebook's text-only stdout
        raise error(f"{field}: standard output takes no bytes here; give a file name")
    try:
        if callable(data):
            data(stream)
        else:
            stream.write(data)
        stream.flush()
    except BrokenPipeError:
        # the reader has gone (e.g. `| head`): say so once, and let Python's final flush
        # of stdout go nowhere instead of printing a second error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        raise error(f"{field}: standard output was closed before everything was written") from None
    except OSError as exc:
        raise error(f"{field}: cannot write to standard output ({exc.strerror or exc})") from None


def write_atomic(
    path: str | os.PathLike[str],
    data: bytes | Callable[[BinaryIO], None],
    *,
    mode: int = 0o644,
    field: str = "output",
    error: Callable[[str], Exception] = SiteSurveyError,
    allow_stdout: bool = False,
) -> Path | None:
    """Write ``data`` to ``path`` atomically: the old file or the new one, never a part.

    The data goes to ``.NAME.PID.RANDOM.tmp`` in the target's folder (so the rename
    never crosses file systems), is flushed to disk with :func:`os.fsync` and renamed
    over the target with :func:`os.replace`. On any failure — including an exception
    raised by a ``data`` callable, or ``KeyboardInterrupt`` — the temporary file is
    removed and an existing target is left as it was. Temporary files that earlier,
    killed runs left for the same target are removed first
    (:func:`remove_stale_temps`).

    A symbolic link, directory, device, pipe or socket at ``path`` is refused and never
    replaced: ``os.replace`` would swap the entry itself (as root, ``/dev/stdout``
    would become a regular file), not write where it points.

    Parameters
    ----------
    path : str or os.PathLike
        The file to write; ``"-"`` is standard output when ``allow_stdout`` is true.
    data : bytes or callable
        The content, or a function that writes it to the binary file it is given.
    mode : int
        Permissions of a new file, before the process's umask is applied.
    field : str
        Name of the option or argument, used in error messages (``"output"``).
    error : callable
        Exception class (taking the message) to raise; :class:`SiteSurveyError` by
        default.
    allow_stdout : bool
        Whether ``"-"`` means standard output (binary, not atomic).

    Returns
    -------
    pathlib.Path or None
        The file written; ``None`` when written to standard output.

    Raises
    ------
    SiteSurveyError
        (or ``error``) ``path`` is refused (see above), or cannot be written; the
        message names it and the reason.
    """
    import secrets

    target = check_writable(path, field=field, error=error, allow_stdout=allow_stdout)
    if target is None:
        _write_stdout(data, field, error)
        return None
    directory = target.parent
    remove_stale_temps(target)
    stem = _temp_stem(target.name)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_NOFOLLOW", 0)
    temp: Path | None = None
    for _ in range(16):
        candidate = directory / f".{stem}.{os.getpid()}.{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(candidate, flags, mode & 0o777)  # the kernel applies the umask
        except FileExistsError:
            continue
        except OSError as exc:
            raise error(f"{field}: cannot write in {directory} ({exc.strerror or exc})") from None
        temp = candidate
        break
    if temp is None:
        raise error(f"{field}: cannot create a temporary file in {directory}")
    try:
        with os.fdopen(fd, "wb") as handle:
            if callable(data):
                data(handle)
            else:
                handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # the check before the work may be stale: never rename over a link or device
        _refuse_special(target, field, error, allow_stdout)
        os.replace(temp, target)
        _sync_directory(directory)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise error(f"{field}: cannot write {target} ({exc.strerror or exc})") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return target
