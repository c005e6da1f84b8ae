"""``sitesurvey init``: write a complete, commented example survey to fill in."""

from __future__ import annotations

import os

import click

from sitesurvey.cli._common import echo, fail_on_errors

__all__ = ["command", "write_example"]


def write_example(path, *, force: bool = False) -> None:
    """Copy the example survey to ``path`` atomically (:func:`sitesurvey._files.write_atomic`).

    Raises
    ------
    FileExistsError
        ``path`` exists and ``force`` is false.
    SiteSurveyError
        ``path`` is a symbolic link, a directory or a device, or cannot be written; no
        partial file is left behind.
    """
    from pathlib import Path

    from sitesurvey._files import data_dir, write_atomic

    target = Path(path)
    if os.path.lexists(target) and not force:
        raise FileExistsError(str(target))
    content = (data_dir("templates") / "survey-example.toml").read_bytes()
    write_atomic(target, content, field="PATH")


@click.command(name="init")
@click.argument("path", default="survey.toml", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@fail_on_errors
def command(path: str, force: bool) -> None:
    """Write a complete, commented example survey to PATH (default survey.toml).

    Fill it in with what you measure on site, then run `sitesurvey check PATH`.
    Refuses to overwrite an existing file unless --force is given.

    \b
    Examples:
      sitesurvey init
      sitesurvey init site-0187.toml
      sitesurvey init survey.toml --force

    Exit 0 when written, 2 when PATH exists (without --force) or cannot be written.
    """
    import sys

    if not path.lower().endswith(".toml"):
        echo(
            f"Error: {path}: init writes a commented TOML survey; name the file .toml "
            "(check also reads JSON, but the example with its comments is TOML).",
            err=True,
        )
        sys.exit(2)
    try:
        write_example(path, force=force)
    except FileExistsError:
        echo(
            f"Error: {path} already exists; nothing was written. Choose another name, or add "
            "--force to overwrite it.",
            err=True,
        )
        sys.exit(2)
    echo(f"Wrote {path}. Fill it in on site, then run: sitesurvey check {path}")
