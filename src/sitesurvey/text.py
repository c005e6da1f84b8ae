"""Free text from the user: one normaliser for survey fields, one escape for terminals.

Text typed by an installer (a customer's name, an address, a work order) is printed on
the design sheet, embedded in its data and echoed on the installer's terminal. Some
characters do harm in all three places and are never part of legitimate text:

- control characters (C0 ``U+0000``–``U+001F``, DEL ``U+007F``, C1 ``U+0080``–``U+009F``):
  an escape sequence (``ESC [8m``) hides every later line on a terminal, another sets
  its title; in a PDF they make the page's text unreadable to text extraction;
- the line and paragraph separators ``U+2028`` and ``U+2029``;
- the bidirectional embeddings, overrides and isolates ``U+202A``–``U+202E`` and
  ``U+2066``–``U+2069``, which reorder how the text around them is displayed;
- lone surrogates (from a JSON ``"\\ud800"``), which are not text and cannot be encoded.

:func:`normalise_text` reads one survey field: NFC, a tab becomes a space, line breaks
are kept only where the field is multi-line, any other of the characters above is
refused with an :class:`~sitesurvey.errors.InputError` naming the field, the character
(``U+001B``), its position and the fix; a field longer than its maximum is refused.
Emoji and every other printable character stay.

:func:`visible` makes the same characters visible as escapes (``\\x1b``, ``\\u202e``)
for output to a terminal or in an error message.
"""

from __future__ import annotations

import unicodedata

from sitesurvey._dataclasses import compile_pattern
from sitesurvey.errors import InputError

__all__ = ["UNSAFE_CHARACTERS", "describe_character", "normalise_text", "visible"]

#: Characters never accepted in free text and escaped on output (see the module doc).
UNSAFE_CHARACTERS = compile_pattern(
    __name__, "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)

_NAMES = {
    "\t": "TAB",
    "\n": "LINE FEED",
    "\r": "CARRIAGE RETURN",
    "\x00": "NUL",
    "\x1b": "ESC, the start of a terminal escape sequence",
    "\x7f": "DEL",
    "\u2028": "LINE SEPARATOR",
    "\u2029": "PARAGRAPH SEPARATOR",
}


def describe_character(char: str) -> str:
    """``U+001B (a control character: ESC, …)`` — a character named for an error message.

    Parameters
    ----------
    char : str
        One character.

    Returns
    -------
    str
    """
    code = f"U+{ord(char):04X}"
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        kind = "a bidirectional text control"
    elif "\ud800" <= char <= "\udfff":
        kind = "a lone surrogate, not a character"
    elif char in ("\u2028", "\u2029"):
        kind = "a line break"
    else:
        kind = "a control character"
    name = _NAMES.get(char)
    return f"{code} ({kind}{': ' + name if name else ''})"


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def visible(text: str, keep: str = "") -> str:
    """``text`` with every character of :data:`UNSAFE_CHARACTERS` written as an escape.

    ``"Wang\\x1b[8mLi"`` becomes ``"Wang\\\\x1b[8mLi"``: the escape sequence is shown,
    not obeyed, so it can neither hide the lines after it nor set the terminal's title.

    Parameters
    ----------
    text : str
        Text to print or to quote in a message.
    keep : str, optional
        Characters to leave as they are (``"\\n"`` for text made of several lines).

    Returns
    -------
    str

    Examples
    --------
    >>> print(visible("Wang\\x1b[8mLi"))
    Wang\\x1b[8mLi
    """
    return UNSAFE_CHARACTERS.sub(lambda m: m[0] if m[0] in keep else _escape(m[0]), text)


def _shortened(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _excerpt(text: str, position: int) -> str:
    """At most some 40 characters of ``text`` around ``position``, escaped."""
    start = max(0, position - 20)
    shown = visible(_shortened(text[start:], 40))
    return ("…" + shown) if start else shown


def normalise_text(value: str, field: str, max_length: int, *, multiline: bool = False) -> str:
    """One free-text field as read from the survey: normalised, checked, stripped.

    Parameters
    ----------
    value : str
        The field's text as written in the file.
    field : str
        Its path in the file (``"customer.name"``), named in the error.
    max_length : int
        The most characters (Unicode code points, after normalisation) allowed.
    multiline : bool, optional
        Whether line breaks are kept (``\\r\\n`` and ``\\r`` become ``\\n``); in a
        single-line field a line break is refused.

    Returns
    -------
    str
        NFC-normalised, tabs as spaces, surrounding white space removed.

    Raises
    ------
    InputError
        A character of :data:`UNSAFE_CHARACTERS` (named as ``U+XXXX`` with its
        1-based position), or more than ``max_length`` characters.

    Examples
    --------
    >>> normalise_text("  王丽🌸 ", "customer.name", 64)
    '王丽🌸'
    """
    text = value.replace("\t", " ")
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = UNSAFE_CHARACTERS.search(text.replace("\n", " ") if multiline else text)
    if bad is not None:
        char = bad[0]
        if char in "\r\n\u2028\u2029":
            hint = "use an ordinary line break" if multiline else "write it on one line"
        else:
            hint = "delete it: retype the text, or paste it as plain text"
        raise InputError(
            field,
            _excerpt(text, bad.start()),
            "text without control characters" + ("" if multiline else ", on one line"),
            f"{describe_character(char)} at character {bad.start() + 1} — {hint}",
        )
    text = unicodedata.normalize("NFC", text).strip()
    if len(text) > max_length:
        raise InputError(
            field,
            _shortened(text),
            f"at most {max_length} characters",
            f"it has {len(text)}; shorten it",
        )
    return text
