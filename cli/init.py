"""``sitesurvey init``: write a complete, commented example survey to fill in."""

from __future__ import annotations

import click

from sitesurvey.cli._common import echo, fail_on_errors

__all__ = ["command", "write_example"]


def write_example(path, *, force: bool = False) -> None:
    """Copy the example survey to ``path`` atomically (temporary file + ``os.replace``).

    Raises
    ------
    FileExistsError
        ``path`` exists and ``force`` is false.
    OSError
        The file cannot be written; no partial file is left behind.
    """
    import os
    import tempfile
    from pathlib import Path

    from sitesurvey.tables import data_dir

    target = Path(path)
    if target.exists() and not force:
        raise FileExistsError(str(target))
    content = (data_dir("templates") / "survey-example.toml").read_bytes()
    directory = target.parent if str(target.parent) else Path(".")
    fd, temp = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644 & ~_umask())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


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
    except OSError as exc:
        echo(f"Error: cannot write {path}: {exc.strerror or exc}", err=True)
        sys.exit(2)
    echo(f"Wrote {path}. Fill it in on site, then run: sitesurvey check {path}")
