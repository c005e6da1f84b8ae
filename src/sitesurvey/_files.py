"""Files: the one reader and the one atomic writer of the files sitesurvey is given.

Reading — the one reader of the files a user hands to sitesurvey: bounded, non-blocking, checked.

Every loader (survey, spec table, tariff, engineering data, signature image, sheet for
``verify``) reads through :func:`read_file`, which

* opens without blocking (``O_NONBLOCK``: a FIFO without a writer does not hang) and
  refuses anything that is not a regular file — a FIFO, a device such as ``/dev/zero``
  (also behind a symlink), a directory, a socket — naming what it is;
* checks the size against the cap of that kind of file (:data:`CAPS`) *before* reading,
  and reads at most one byte more than the cap (a file that grows meanwhile is refused).

:func:`decode_text` turns the bytes into text (UTF-8, a BOM accepted; an empty file and
other encodings get a hint), and :func:`load_toml` / :func:`load_json` parse it, turning
every parser failure — syntax, nesting hundreds of levels deep, an integer of thousands
of digits — into a :class:`FileReadError` with the line and column and a fix.

Package data — :func:`data_dir` finds the package's ``tables/`` and ``templates/``
(inside the installed package, or at the top of a source checkout), and
:func:`read_data_file` reads a TOML data file through :func:`read_file`, caching its
parsed content under the SHA-256 of its bytes (``$XDG_CACHE_HOME/sitesurvey``).

Writing — :func:`write_atomic` is the one way the package writes a file: the data goes to
a temporary file in the target's own folder, is flushed to disk and then renamed over
the target in one step, so a reader sees the old file or the new one, never a part.

This module imports only the standard library's light modules: ``size`` starts fast.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
import zlib
from typing import TYPE_CHECKING, Any

from sitesurvey.errors import SiteSurveyError, TableError

if TYPE_CHECKING:  # pathlib and the rest are imported where used: `size` starts fast
    from collections.abc import Callable
    from pathlib import Path
    from typing import BinaryIO

__all__ = [
    "CAPS",
    "MAX_DEPTH",
    "STALE_TEMP_AGE",
    "STDOUT",
    "FileReadError",
    "check_writable",
    "data_dir",
    "decode_text",
    "load_json",
    "load_toml",
    "read_data_file",
    "read_file",
    "remove_stale_temps",
    "write_atomic",
]

#: The largest file accepted, in bytes, per kind of file. Each is far above any genuine
#: file of its kind (the shipped spec table is 7 kB, a filled-in survey about 3 kB).
CAPS: dict[str, int] = {
    "survey": 1_000_000,
    "table": 256_000,
    "tariff": 256_000,
    "data": 256_000,  # the engineering data files (IEC 60364-5-52 tables, ratings)
    "signature": 2_000_000,
    "photo": 15_000_000,  # a phone camera's JPEG: 2-8 MB at 12-50 megapixels
    "sheet": 50_000_000,
    "cache": 4_000_000,  # sitesurvey's own cache entries (not user files)
    "orders": 50_000_000,  # a dispatcher's orders (CSV or workbook): 10 000 orders ~ 0.5 MB
    "key": 256_000,  # the network's signing key (.p12), a CA certificate, a passphrase file
    "certificate": 256_000,
    "passphrase": 4_000,
}

#: Deepest nesting of arrays and inline tables accepted in a TOML or JSON file; a
#: survey or table needs at most 4 levels.
MAX_DEPTH = 32

_WHAT = {
    "survey": "survey file",
    "table": "spec table file",
    "tariff": "tariff file",
    "data": "data file",
    "signature": "signature image",
    "photo": "photo (JPEG or PNG)",
    "sheet": "design sheet PDF",
    "cache": "cache entry",
    "orders": "list of orders (CSV or XLSX)",
    "key": "signing key (.p12, from `sitesurvey keygen` or the network's CA)",
    "certificate": "CA certificate (.pem)",
    "passphrase": "passphrase file",
}

_EMPTY_HINT = {
    "survey": "start with `sitesurvey init FILE` and fill it in",
    "table": "copy the shipped table (tables/ot-h3002_ch5_circuit_conditions.toml) and edit "
    "its numbers",
    "tariff": "copy the shipped tariff (tables/tariff.toml) and edit its figures",
    "data": "reinstall sitesurvey, or copy the shipped file from tables/ and edit it",
    "signature": "capture the signature again and save it as a PNG image",
    "photo": "take the photo again",
    "sheet": "give the PDF that `sitesurvey sheet` wrote",
    "cache": "",
    "orders": "write a header row (order, power, voltage …) and one row per order",
    "key": "give the network's .p12 key file",
    "certificate": "give the CA certificate (.pem) of the network that signed",
    "passphrase": "write the passphrase on the file's first line",
}


class FileReadError(SiteSurveyError):
    """A file cannot be used: not a regular file, too large, empty, not UTF-8, not parsable.

    Parameters
    ----------
    path : str
        The file as the user named it.
    reason : str
        What is wrong and how to fix it; the message is ``"{path}: {reason}"``. Loaders
        re-raise it as their own error type (e.g. a :class:`~sitesurvey.errors.TableError`)
        with the same reason.
    line, column : int, optional
        1-based position of a syntax error, when known.
    """

    def __init__(
        self, path: str, reason: str, *, line: int | None = None, column: int | None = None
    ):
        self.path = path
        self.reason = reason
        self.line = line
        self.column = column
        super().__init__(f"{path}: {reason}")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _size(n: int) -> str:
    return f"{n / 1_000_000:g} MB" if n >= 1_000_000 else f"{n / 1000:g} kB"


def read_file(path: str | os.PathLike[str], *, what: str) -> bytes:
    """Read a regular file of at most ``CAPS[what]`` bytes, without ever blocking.

    Parameters
    ----------
    path : str or os.PathLike
        The file; a symlink is followed, but its target must be a regular file too.
    what : str
        The kind of file, a key of :data:`CAPS` (``"survey"``, ``"table"``, ...): it sets
        the size cap and the wording of the errors.

    Returns
    -------
    bytes

    Raises
    ------
    FileReadError
        The file is missing or unreadable, not a regular file (FIFO, device, directory,
        socket), or larger than the cap.
    """
    name = os.fspath(path)
    cap = CAPS[what]
    noun = _WHAT[what]
    fix = f"give the path of a {noun}"
    try:
        before = os.stat(name)  # a socket cannot be opened at all: say what it is
    except OSError as exc:
        raise FileReadError(name, f"cannot read the file ({exc.strerror}) — {fix}") from None
    if not stat.S_ISREG(before.st_mode):
        raise FileReadError(name, f"is {_kind(before.st_mode)}, not a regular file — {fix}")
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(name, flags)
    except OSError as exc:
        raise FileReadError(name, f"cannot read the file ({exc.strerror}) — {fix}") from None
    try:
        info = os.fstat(fd)  # what was opened, not what was stat'ed a moment ago
        if not stat.S_ISREG(info.st_mode):
            raise FileReadError(name, f"is {_kind(info.st_mode)}, not a regular file — {fix}")
        too_large = (
            f"is larger than the {_size(cap)} accepted for a {noun} — "
            f"check that this is the right file"
        )
        if info.st_size > cap:
            raise FileReadError(name, f"{too_large} (it has {info.st_size} bytes)")
        chunks = []
        left = cap + 1  # one byte more than the cap: a file that grew is noticed
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise FileReadError(name, f"cannot read the file ({exc.strerror}) — {fix}") from None
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > cap:
        raise FileReadError(name, too_large)
    return raw


def decode_text(raw: bytes, path: str | os.PathLike[str], what: str) -> str:
    """Decode a text file's bytes as UTF-8, a leading BOM removed.

    Parameters
    ----------
    raw : bytes
        From :func:`read_file`.
    path : str or os.PathLike
        For the messages.
    what : str
        The kind of file (a key of :data:`CAPS`), for the hint of an empty file.

    Returns
    -------
    str

    Raises
    ------
    FileReadError
        The file is empty (or only white space), or not UTF-8; a file that decodes as
        GBK (a Chinese Windows encoding) is named as such.
    """
    name = os.fspath(path)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        try:
            raw.decode("gbk")
        except UnicodeDecodeError:
            found = "it is not UTF-8 text"
        else:
            found = "it looks like GBK (a Chinese Windows encoding), not UTF-8"
        raise FileReadError(
            name,
            f"{found} (byte {exc.start}, line {line}) — open it in an editor and save it as UTF-8",
            line=line,
        ) from None
    if not text.strip():
        raise FileReadError(name, f"the file is empty — {_EMPTY_HINT[what]}")
    return text


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _check_depth(text: str, name: str, fmt: str) -> None:
    """Refuse brackets nested deeper than :data:`MAX_DEPTH` before a parser recurses.

    Counts ``[`` / ``{`` against ``]`` / ``}`` outside strings and comments (TOML ``#``
    comments, ``"…"`` with escapes, TOML ``'…'``, and triple-quoted strings). Texts with
    few brackets in all — every genuine file — skip the scan.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    import re

    toml = fmt == "TOML"
    special = re.compile(r"[\[\]{}\"'#]" if toml else r'[\[\]{}"]')
    depth = 0
    i = 0
    n = len(text)
    while (match := special.search(text, i)) is not None:
        i = match.start()
        c = text[i]
        if c in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line, col = _line_col(text, i)
                raise FileReadError(
                    name,
                    f"not valid {fmt}: arrays or tables nested more than {MAX_DEPTH} levels "
                    f"deep (at line {line}, column {col}) — a sitesurvey file needs only a "
                    "few levels; check for a runaway or unclosed bracket",
                    line=line,
                    column=col,
                )
        elif c in "]}":
            depth = max(0, depth - 1)
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        else:  # a string: skip to its closing quote
            triple = toml and text.startswith(c * 3, i)
            quote = c * 3 if triple else c
            j = i + len(quote)
            while j < n:
                if text[j] == "\\" and c == '"':
                    j += 2
                    continue
                if text.startswith(quote, j):
                    break
                if not triple and text[j] == "\n":
                    break  # an unclosed string: the parser will say so
                j += 1
            i = j + len(quote)
            continue
        i += 1


def _digits_error(text: str, name: str, fmt: str) -> FileReadError:
    import re

    match = re.search(r"\d{1000,}", text)
    where = ""
    line = col = None
    if match:
        line, col = _line_col(text, match.start())
        where = f" (at line {line}, column {col})"
    return FileReadError(
        name,
        f"not valid {fmt}: a number with thousands of digits{where} — write the value "
        "with its real digits, e.g. 5500",
        line=line,
        column=col,
    )


#: Quotes a phone keyboard or a word processor types instead of the straight ones.
_CURLY_QUOTES = "“”‘’„‟「」『』＂＇"


def load_toml(text: str, path: str | os.PathLike[str]) -> dict[str, Any]:
    """Parse TOML text; every failure is a :class:`FileReadError` with line and column.

    Parameters
    ----------
    text : str
        From :func:`decode_text`.
    path : str or os.PathLike
        For the messages.

    Returns
    -------
    dict

    Raises
    ------
    FileReadError
        Not valid TOML, nested deeper than :data:`MAX_DEPTH`, or an integer beyond
        Python's digit limit.
    """
    import tomllib

    name = os.fspath(path)
    _check_depth(text, name, "TOML")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        import re

        match = re.search(r"line (\d+), column (\d+)", str(exc))
        line, col = (int(match[1]), int(match[2])) if match else (None, None)
        fix = "correct the file at that place"
        text_line = text.splitlines()[line - 1] if line and line <= len(text.splitlines()) else ""
        curly = sorted(set(_CURLY_QUOTES) & set(text_line))
        if curly:  # a phone or a word processor typed “smart” quotes
            fix = (
                f"the line has curly quotes ({' '.join(curly)}); TOML needs straight quotes: "
                'write name = "王丽", with the " key of an English keyboard'
            )
        raise FileReadError(name, f"not valid TOML: {exc} — {fix}", line=line, column=col) from None
    except RecursionError:
        raise FileReadError(
            name, f"not valid TOML: nested too deeply — at most {MAX_DEPTH} levels"
        ) from None
    except ValueError:  # int() refusing more than sys.get_int_max_str_digits() digits
        raise _digits_error(text, name, "TOML") from None


def load_json(text: str, path: str | os.PathLike[str]) -> Any:
    """Parse JSON text; every failure is a :class:`FileReadError` with line and column.

    Parameters
    ----------
    text : str
        From :func:`decode_text`.
    path : str or os.PathLike
        For the messages.

    Returns
    -------
    object

    Raises
    ------
    FileReadError
        Not valid JSON, nested deeper than :data:`MAX_DEPTH`, or an integer beyond
        Python's digit limit.
    """
    import json

    name = os.fspath(path)
    _check_depth(text, name, "JSON")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileReadError(
            name,
            f"not valid JSON: {exc.msg} (at line {exc.lineno}, column {exc.colno}) — fix "
            "the file at that place, or write the survey as TOML (`sitesurvey init`)",
            line=exc.lineno,
            column=exc.colno,
        ) from None
    except RecursionError:
        raise FileReadError(
            name, f"not valid JSON: nested too deeply — at most {MAX_DEPTH} levels"
        ) from None
    except ValueError:
        raise _digits_error(text, name, "JSON") from None


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
        candidate = directory / f".{stem}.{os.getpid()}.{os.urandom(6).hex()}.tmp"
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


# ------------------------------------------------------- package data and the cache

#: The cache entries' format; a new number ignores older entries.
_CACHE_VERSION = 2  # 2: the payload's CRC-32, not its SHA-256 (~0.4 ms of check's start)


def _data_path(name: str = "tables") -> str:
    """:func:`data_dir` as a string, without importing pathlib (start-up time)."""
    here = os.path.dirname(os.path.realpath(__file__))  # sitesurvey/
    installed = os.path.join(here, name)
    if os.path.isdir(installed):
        return installed
    checkout = os.path.join(os.path.dirname(os.path.dirname(here)), name)
    if os.path.isdir(checkout):
        return checkout
    raise FileNotFoundError(
        f"sitesurvey data directory {name!r} not found in {installed} or {checkout}; "
        "reinstall the package (`pip install .`, or `pip install -e .` from a checkout)"
    )


def data_dir(name: str = "tables") -> Path:
    """Return the directory of the package's ``tables`` or ``templates``.

    Installed, they live inside the package (``sitesurvey/tables``); in a source
    checkout they are at the top of the repository.
    """
    from pathlib import Path

    return Path(_data_path(name))


def _resolve_data_file(path: str | os.PathLike[str]) -> str:
    """A bare file name is looked up in the package's ``tables/``."""
    file = os.fspath(path)
    if not os.path.isabs(file) and not os.path.exists(file) and os.sep not in file:
        return os.path.join(_data_path(), file)
    return file


def _cache_dir() -> str | None:
    """``$XDG_CACHE_HOME/sitesurvey``; a relative ``XDG_CACHE_HOME`` is ignored (XDG rules)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return os.path.join(base, "sitesurvey")


def _sha256(raw: bytes) -> str:
    try:  # the bare SHA-256 module: `hashlib` loads OpenSSL, a few ms of start-up
        from _sha256 import sha256  # Python 3.11
    except ImportError:
        try:
            from _sha2 import sha256  # Python 3.12+
        except ImportError:  # pragma: no cover - a build without them
            from hashlib import sha256
    return sha256(raw).hexdigest()


def _cache_file(file: str, sha256: str) -> str | None:
    """Where the parsed content of a data file is cached: keyed by its bytes' SHA-256."""
    folder = _cache_dir()
    if folder is None:
        return None
    stem = os.path.splitext(os.path.basename(file))[0][:64]
    return os.path.join(folder, f"{stem}-{sha256}.marshal")


_SCALARS = (str, int, float, bool)


def _plain(value: Any, depth: int = 0) -> bool:
    """Whether a value is made of what TOML gives: str-keyed tables, arrays, scalars.

    Scalars inside a table or an array are checked in its loop, without a call each
    (the catalog's cached content alone has some 700 messages).
    """
    if isinstance(value, dict):
        if depth >= 32:
            return False
        for k, v in value.items():
            if not isinstance(k, str):
                return False
            if not isinstance(v, _SCALARS) and not _plain(v, depth + 1):
                return False
        return True
    if isinstance(value, list):
        if depth >= 32:
            return False
        for v in value:  # noqa: SIM110 - a loop, not all() over a generator (speed)
            if not isinstance(v, _SCALARS) and not _plain(v, depth + 1):
                return False
        return True
    return isinstance(value, _SCALARS)


def _read_cache(cache: str, sha256: str) -> dict[str, Any] | None:
    """The cached content of the file whose bytes hash to ``sha256``, or ``None``.

    Anything unexpected — a missing, truncated, foreign or damaged entry, another
    version, a checksum that does not match — means no cache: the file is parsed again.
    The payload is checked by its CRC-32, which finds damage (any burst of up to 32
    bits surely, other damage all but surely) at a tenth of a SHA-256's cost; the key
    stays the SHA-256 of the file's bytes. The entry is trusted as ``__pycache__`` is,
    against accident, not against its owner (as :mod:`sitesurvey._dataclasses`).
    """
    try:
        raw = read_file(cache, what="cache")
        version, stored_sha, payload_crc, payload = marshal.loads(raw)
        if (
            version != _CACHE_VERSION
            or stored_sha != sha256
            or not isinstance(payload, bytes)
            or payload_crc != zlib.crc32(payload)
        ):
            return None
        content = marshal.loads(payload)
    except Exception:  # any damage at all: parse the file instead
        return None
    return content if isinstance(content, dict) and _plain(content) else None


def _write_cache(cache: str, sha256: str, content: dict[str, Any]) -> None:
    try:
        payload = marshal.dumps(content)
        entry = marshal.dumps((_CACHE_VERSION, sha256, zlib.crc32(payload), payload))
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        write_atomic(cache, entry, mode=0o600, field="cache")
    except (OSError, ValueError):  # read-only home, content marshal cannot hold: no cache
        pass


def _file_error(path: str | os.PathLike[str], exc: FileReadError) -> TableError:
    return TableError(os.fspath(path), exc.reason)


def read_data_file(
    path: str | os.PathLike[str], *, what: str = "table", fresh: bool = False
) -> tuple[dict[str, Any], str]:
    """Read a TOML data file and return its content and the SHA-256 of its bytes.

    A relative name without a directory is looked up in the package's ``tables/``.
    The file is read through :func:`read_file` (a regular file within
    the cap of its kind, never blocking); a UTF-8 BOM is accepted.

    The parsed content is cached (``$XDG_CACHE_HOME/sitesurvey``, else
    ``~/.cache/sitesurvey``) under the SHA-256 of the file's bytes, because parsing TOML
    costs more than the rest of the sizing command: any edit is a new key, and an entry
    is used only when its checksum and content check out.

    Parameters
    ----------
    path : str or os.PathLike
        The file.
    what : str
        The kind of file, a key of :data:`CAPS`.
    fresh : bool
        Parse the file even when a cache entry exists (and renew the entry): a loader
        whose validation refuses cached content retries with ``fresh=True``, so a bad
        entry is never blamed on the file.

    Raises
    ------
    TableError
        The file is missing, not a regular file, too large, empty, not UTF-8 or not
        valid TOML.
    """
    file = _resolve_data_file(path)
    try:
        raw = read_file(file, what=what)
    except FileReadError as exc:
        raise _file_error(path, exc) from None
    sha256 = _sha256(raw)
    cache = _cache_file(file, sha256)
    if cache is not None and not fresh:
        cached = _read_cache(cache, sha256)
        if cached is not None:
            return cached, sha256
    try:
        content = load_toml(decode_text(raw, path, what), path)
    except FileReadError as exc:
        raise _file_error(path, exc) from None
    if cache is not None:
        _write_cache(cache, sha256, content)
    return content, sha256
