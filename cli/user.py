"""``sitesurvey user``: the accounts of ``sitesurvey serve`` (add, list)."""

from __future__ import annotations

import click

from sitesurvey.cli._common import data_option, echo, fail_on_errors

__all__ = ["MIN_PASSWORD", "command"]

#: The shortest password accepted.
MIN_PASSWORD = 8


def _store(data: str | None):
    from pathlib import Path

    from sitesurvey.errors import SiteSurveyError
    from sitesurvey.server.storage import Store, default_data_dir

    folder = Path(data) if data else default_data_dir()
    try:
        return Store(folder)
    except OSError as exc:
        raise SiteSurveyError(f"--data: cannot use {folder}: {exc.strerror or exc}") from None


@click.group(name="user")
def command() -> None:
    """Add and list the users of `sitesurvey serve`.

    \b
    Examples:
      sitesurvey user add li --role installer
      printf '%s\\n' "$PASSWORD" | sitesurvey user add office1 --role office
      sitesurvey user list
    """


@command.command(name="add")
@click.argument("name")
@click.option("--role", type=click.Choice(["installer", "office"]), required=True)
@data_option
@fail_on_errors
def add(name: str, role: str, data: str | None) -> None:
    """Add a user NAME: an installer (sees and edits their own work orders) or an
    office user (sees all, creates work orders).

    The password is asked twice at a terminal, or read from the first line of standard
    input otherwise; at least 8 characters.
    """
    import sys

    from sitesurvey.errors import InputError, SiteSurveyError
    from sitesurvey.server.storage import DuplicateError
    from sitesurvey.text import UNSAFE_CHARACTERS

    if (
        not name.strip()
        or len(name) > 100
        or name != name.strip()
        or UNSAFE_CHARACTERS.search(name)
    ):
        raise InputError(
            "NAME",
            name,
            "a user name of 1 to 100 characters without control characters",
            "and no spaces at either end",
        )
    if sys.stdin is not None and sys.stdin.isatty():
        password = click.prompt(
            f"Password for {name}", hide_input=True, confirmation_prompt=True, err=True
        )
    else:
        line = sys.stdin.readline() if sys.stdin is not None else ""
        password = line.rstrip("\r\n")
    if len(password) < MIN_PASSWORD:
        raise SiteSurveyError(
            f"password: at least {MIN_PASSWORD} characters, got {len(password)} — "
            "choose a longer one"
        )
    store = _store(data)
    try:
        store.add_user(name, role, password)
    except DuplicateError as exc:
        raise SiteSurveyError(f"NAME: {exc}") from None
    echo(f"added {role} {name}", err=True)


@command.command(name="list")
@data_option
@fail_on_errors
def list_users(data: str | None) -> None:
    """List the users: name and role."""
    for user in _store(data).users():
        echo(f"{user.name}\t{user.role}")
