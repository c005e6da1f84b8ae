"""The one reader of the files a user hands to sitesurvey: bounded, non-blocking, checked.

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

This module imports only the standard library's light modules: ``size`` starts fast.
"""

from __future__ import annotations

import os
import stat
from typing import Any

from sitesurvey.errors import SiteSurveyError

__all__ = [
    "CAPS",
    "MAX_DEPTH",
    "FileReadError",
    "decode_text",
    "load_json",
    "load_toml",
    "read_file",
]

#: The largest file accepted, in bytes, per kind of file. Each is far above any genuine
#: file of its kind (the shipped spec table is 7 kB, a filled-in survey about 3 kB).
CAPS: dict[str, int] = {
    "survey": 1_000_000,
    "table": 256_000,
    "tariff": 256_000,
    "data": 256_000,  # the engineering data files (IEC 60364-5-52 tables, ratings)
    "signature": 2_000_000,
    "sheet": 50_000_000,
    "cache": 4_000_000,  # sitesurvey's own cache entries (not user files)
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
    "sheet": "design sheet PDF",
    "cache": "cache entry",
}

_EMPTY_HINT = {
    "survey": "start with `sitesurvey init FILE` and fill it in",
    "table": "copy the shipped table (tables/ot-h3002_ch5_circuit_conditions.toml) and edit "
    "its numbers",
    "tariff": "copy the shipped tariff (tables/tariff.toml) and edit its figures",
    "data": "reinstall sitesurvey, or copy the shipped file from tables/ and edit it",
    "signature": "capture the signature again and save it as a PNG image",
    "sheet": "give the PDF that `sitesurvey sheet` wrote",
    "cache": "",
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
        raise FileReadError(
            name,
            f"not valid TOML: {exc} — correct the file at that place",
            line=line,
            column=col,
        ) from None
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
