"""Writing survey data as TOML (``sitesurvey upgrade``).

A small writer for the one structure it is given — survey data as :mod:`tomllib` reads
it: tables, arrays of tables, and values that are text, booleans, whole numbers,
floats, dates, times and lists of those. It is ours rather than a dependency
(``tomli-w``) because that structure is known and small, and the output is checked by
reading it back (:func:`dumps` raises if the text does not read back to the data).
Comments of the input are not kept: TOML readers drop them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
from collections.abc import Mapping
from typing import Any

__all__ = ["dumps"]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f"}
_ESCAPES["\r"] = "\\r"


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _string(text: str) -> str:
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_key(str(k))} = {_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    raise TypeError(f"cannot write a {type(value).__name__} as TOML")


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _table(
    lines: list[str], path: list[str], table: Mapping[str, Any], header: str, item: bool = False
) -> None:
    scalars = [
        (k, v) for k, v in table.items() if not isinstance(v, Mapping) and not _is_table_list(v)
    ]
    # A table of tables only ([design]) needs no header of its own: [design.route] makes it.
    if header and (item or scalars or not table):
        if lines:
            lines.append("")
        lines.append(header)
    for key, value in scalars:
        lines.append(f"{_key(str(key))} = {_value(value)}")
    for key, value in table.items():
        sub = [*path, _key(str(key))]
        if isinstance(value, Mapping):
            _table(lines, sub, value, f"[{'.'.join(sub)}]")
        elif _is_table_list(value):
            for entry in value:
                _table(lines, sub, entry, f"[[{'.'.join(sub)}]]", item=True)


def dumps(data: Mapping[str, Any]) -> str:
    """Write survey data as TOML text.

    Parameters
    ----------
    data : mapping
        Tables, arrays of tables and TOML values (as :func:`tomllib.loads` gives them).

    Returns
    -------
    str
        TOML that :func:`tomllib.loads` reads back to ``data``.

    Raises
    ------
    TypeError
        A value TOML cannot hold.
    ValueError
        The text would not read back to ``data`` (never for data read from TOML).

    Examples
    --------
    >>> print(dumps({"format": 2, "existing": {"rcd": True}}), end="")
    format = 2
    <BLANKLINE>
    [existing]
    rcd = true
    """
    lines: list[str] = []
    _table(lines, [], data, "")
    text = "\n".join(lines) + "\n"
    if tomllib.loads(text) != _plain(data):
        raise ValueError("the TOML written does not read back to the data")
    return text


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
