"""``sitesurvey init``: write a survey to fill in on site (or, ``--example``, the example)."""

from __future__ import annotations

import os

import click

from sitesurvey.cli._common import echo, fail_on_errors

__all__ = ["command", "write_example", "write_survey"]


def write_survey(path, *, force: bool = False, example: bool = False) -> None:
    """Write a new survey to ``path`` atomically (:func:`sitesurvey._files.write_atomic`).

    Parameters
    ----------
    path : str or os.PathLike
        The file to write (TOML).
    force : bool
        Overwrite an existing file.
    example : bool
        Write the complete example (``example = true``) instead of the blank survey
        (:func:`sitesurvey.survey.template.blank_survey`: nothing measured).

    Raises
    ------
    FileExistsError
        ``path`` exists and ``force`` is false.
    SiteSurveyError
        ``path`` is a symbolic link, a directory or a device, or cannot be written; no
        partial file is left behind.
    """
    from pathlib import Path

    from sitesurvey._files import write_atomic
    from sitesurvey.survey.template import blank_survey, example_text

    target = Path(path)
    if os.path.lexists(target) and not force:
        raise FileExistsError(str(target))
    text = example_text() if example else blank_survey()
    write_atomic(target, text.encode("utf-8"), field="PATH")


def write_example(path, *, force: bool = False) -> None:
    """Write the complete example survey to ``path`` (``write_survey(example=True)``)."""
    write_survey(path, force=force, example=True)


@click.command(name="init")
@click.argument("path", default="survey.toml", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@click.option(
    "--example",
    is_flag=True,
    help="Write a complete example (marked as one: its sheet says EXAMPLE) instead.",
)
@fail_on_errors
def command(path: str, force: bool, example: bool) -> None:
    """Write a survey to fill in on site to PATH (default survey.toml).

    Every measurement and confirmation is commented out with an example beside it:
    write what you measure, then run `sitesurvey check PATH`. What you leave out is
    "not checked", never "pass", and the survey stays incomplete. With --example the
    file is a complete example, marked `example = true`.
    Refuses to overwrite an existing file unless --force is given.

    \b
    Examples:
      sitesurvey init
      sitesurvey init site-0187.toml
      sitesurvey init example.toml --example
      sitesurvey init survey.toml --force

    Exit 0 when written, 2 when PATH exists (without --force) or cannot be written.
    """
    import sys

    if not path.lower().endswith(".toml"):
        echo(
            f"Error: {path}: init writes a commented TOML survey; name the file .toml "
            "(check also reads JSON, but the survey with its comments is TOML).",
            err=True,
        )
        sys.exit(2)
    try:
        write_survey(path, force=force, example=example)
    except FileExistsError:
        echo(
            f"Error: {path} already exists; nothing was written. Choose another name, or add "
            "--force to overwrite it.",
            err=True,
        )
        sys.exit(2)
    if example:
        echo(
            f"Wrote the example survey {path} (marked example = true). Try: sitesurvey check {path}"
        )
    else:
        echo(f"Wrote {path}. Fill it in on site, then run: sitesurvey check {path}")
