"""Options, parameter types and error handling shared by the commands."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import click

from sitesurvey.errors import InputError, SiteSurveyError

__all__ = [
    "CountParam",
    "InputParameterError",
    "QuantityParam",
    "data_option",
    "display_width",
    "echo",
    "echo_json",
    "fail_on_errors",
    "json_option",
    "lang_option",
    "network_option",
    "pad",
    "safe",
    "table_option",
]

json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON object on stdout instead of text."
)


def lang_option(default: str = "en", help: str = "Language of the text output.") -> Callable:
    """The ``--lang`` option (``en`` or ``zh``), as a decorator.

    Parameters
    ----------
    default : {"en", "zh"}
        The language when the option is not given.
    help : str
        The option's help text.
    """
    return click.option(
        "--lang",
        type=click.Choice(["en", "zh"]),
        default=default,
        show_default=True,
        help=help,
    )


#: ``--data DIR``: the server's data folder (``serve`` and ``user`` share it).
data_option = click.option(
    "--data",
    "data",
    type=click.Path(file_okay=False),
    default=None,
    help="The server's data folder: database, photos and signatures [default: "
    "$XDG_DATA_HOME/sitesurvey or ~/.local/share/sitesurvey].",
)


def network_option(help: str) -> Callable:
    """The ``--network NETWORK.toml`` option (a service network's profile: ``name``,
    ``phone``), as a decorator; ``help`` says what the command does with it."""
    return click.option(
        "--network",
        "network_path",
        type=click.Path(dir_okay=False),
        default=None,
        metavar="NETWORK.toml",
        help=f'The service network\'s profile (name = "…", phone = "…"): {help}',
    )


table_option = click.option(
    "--table",
    "table_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Use this spec-table file instead of the shipped one (format: see README).",
)


class InputParameterError(click.BadParameter):
    """A command-line value the library refused (exit 2). Its message already names the
    field, the value, what was expected and the fix, so it is shown as that one
    paragraph — without click's usage block and "Invalid value for" prefix, which
    repeated the field and split the error in two."""

    def format_message(self) -> str:
        return self.message

    def show(self, file: Any = None) -> None:
        echo(f"Error: {self.format_message()}", err=True)


class QuantityParam(click.ParamType):
    """A value with a unit, checked for its dimension when the command line is parsed."""

    def __init__(self, kind: str):
        self.kind = kind
        self.name = kind

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        from sitesurvey.units import parse

        if isinstance(value, float):
            return value
        # the option as the user typed it: --max-drop → "max-drop"
        field = param.name.replace("_", "-") if param is not None and param.name else self.kind
        try:
            return parse(value, self.kind, field)
        except InputError as exc:
            raise InputParameterError(str(exc), ctx=ctx, param=param) from None


class CountParam(click.ParamType):
    """A whole number typed on the command line: the ASCII digits 0-9 only (``parse_count``)."""

    name = "integer"

    def __init__(self, expected: str | None = None):
        self.expected = expected

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        from sitesurvey.units import parse_count

        if isinstance(value, int) and not isinstance(value, bool):
            return value
        field = param.name.replace("_", "-") if param is not None and param.name else "count"
        try:
            return parse_count(value, field, minimum=0, expected=self.expected)
        except InputError as exc:
            raise InputParameterError(str(exc), ctx=ctx, param=param) from None


def fail_on_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn sitesurvey's own errors into a one-paragraph message and exit status 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SiteSurveyError as exc:
            echo(f"Error: {exc}", err=True)
            sys.exit(2)

    return wrapper


def display_width(text: str) -> int:
    """Width of text in a terminal: CJK characters take two columns."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int) -> str:
    """Pad text with spaces to a display width (CJK-aware)."""
    return text + " " * max(0, width - display_width(text))


def safe(text: str) -> str:
    """Text fit for a terminal: control characters shown as escapes, not obeyed.

    Every character of :data:`sitesurvey.text.UNSAFE_CHARACTERS` except line feed and
    tab (C0, DEL, C1, U+2028/U+2029, bidirectional controls, lone surrogates) becomes
    ``\\x1b`` or ``\\u202e``: a name ``"Wang\\x1b[8mLi"`` can neither hide the lines
    after it nor set the terminal's title. Text from a survey, a table, a tariff or a
    file name all reach the terminal through :func:`echo`, which applies this.

    Parameters
    ----------
    text : str
        Text to print.

    Returns
    -------
    str
    """
    from sitesurvey.text import visible

    return visible(text, keep="\n\t")


def echo(message: object = "", *, err: bool = False) -> None:
    """Print human-readable text (stdout, or stderr with ``err``) through :func:`safe`.

    The commands print every line of text output through this function, never through
    :func:`click.echo` directly.
    """
    click.echo(safe(str(message)), err=err)


def echo_json(data: Any) -> None:
    """Print data as one JSON object (UTF-8, not ASCII-escaped).

    :func:`json.dumps` escapes C0 control characters inside strings but writes DEL, C1,
    U+2028/U+2029, bidirectional controls and lone surrogates as they are; they are
    written as ``\\uXXXX`` escapes here (the same JSON value; outside strings the text
    holds only spaces and line feeds).
    """
    import json

    from sitesurvey.text import UNSAFE_CHARACTERS

    text = json.dumps(data, ensure_ascii=False, indent=2)
    click.echo(
        UNSAFE_CHARACTERS.sub(lambda m: m[0] if m[0] == "\n" else f"\\u{ord(m[0]):04x}", text)
    )
