"""Errors that sitesurvey raises for bad input, bad tables and out-of-range requests.

Every error is a :class:`SiteSurveyError` (a :class:`ValueError`), so a caller can catch
one class. The message is written for the person who typed the value: it names the
field, the value, what was expected and how to fix it. The command line prints it as
one paragraph on stderr and exits with status 2.
"""

from __future__ import annotations

__all__ = [
    "InputError",
    "OutOfRangeError",
    "SiteSurveyError",
    "SurveyFileError",
    "TableError",
]


class SiteSurveyError(ValueError):
    """Base class of every error sitesurvey raises on purpose."""


class InputError(SiteSurveyError):
    """A value given by the user cannot be used.

    Parameters
    ----------
    field : str
        Name of the input, as the user knows it (``"power"``, ``"site.socket.height"``).
    value : object
        The value as given.
    expected : str
        What a valid value looks like, e.g. ``'a power like "5500 W" or "5.5 kW"'``.
    hint : str, optional
        How to fix it, e.g. ``'write "5.5 kW"'``.
    """

    def __init__(self, field: str, value: object, expected: str, hint: str | None = None):
        self.field = field
        self.value = value
        self.expected = expected
        self.hint = hint
        shown = f'"{value}"' if isinstance(value, str) else repr(value)
        message = f"{field}: expected {expected}, got {shown}"
        if hint:
            message += f" — {hint}"
        super().__init__(message)


class OutOfRangeError(SiteSurveyError):
    """A valid value for which the table has no answer (e.g. above its largest row)."""


class TableError(SiteSurveyError):
    """A table file is malformed.

    Parameters
    ----------
    path : str
        The table file.
    reason : str
        What is wrong and, where possible, how to fix it.
    row : int, optional
        1-based row number in the file's list of rows.
    column : str, optional
        The column (key) at fault.
    """

    def __init__(
        self, path: str, reason: str, *, row: int | None = None, column: str | None = None
    ):
        self.path = path
        self.row = row
        self.column = column
        self.reason = reason
        where = path
        if row is not None:
            where += f": row {row}"
        if column is not None:
            where += f", column {column}" if row is not None else f": {column}"
        super().__init__(f"{where}: {reason}")


class SurveyFileError(SiteSurveyError):
    """A survey file cannot be read; the message names the path inside the file."""
