"""``sitesurvey timestamp``: add an RFC 3161 document timestamp to a sheet later."""

from __future__ import annotations

import click

from sitesurvey.cli._common import echo, fail_on_errors

__all__ = ["command"]


@click.command(name="timestamp")
@click.argument("pdf", type=click.Path(dir_okay=False))
@click.option("--tsa", required=True, metavar="URL", help="RFC 3161 time-stamping service.")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), default=None, help="[default: PDF, in place]"
)
@fail_on_errors
def command(pdf: str, tsa: str, output: str | None) -> None:
    """Add a document timestamp to a (signed) sheet: sign on site with the device's
    clock, timestamp when back online. The timestamp proves the sheet existed, as it is,
    at that time. Needs: pip install "sitesurvey[sign]".

    \b
    Example:
      sitesurvey timestamp sheet.pdf --tsa http://tsa.example/
    """
    from sitesurvey._files import FileReadError, read_file, write_atomic
    from sitesurvey.sheet.seal import SealError, require_pyhanko, timestamp_sheet

    require_pyhanko()
    try:
        raw = read_file(pdf, what="sheet")
    except FileReadError as exc:
        raise SealError(str(exc)) from None
    target = output or pdf
    write_atomic(target, timestamp_sheet(raw, tsa, name=pdf), error=SealError, field="-o")
    echo(f"timestamped {target}", err=True)
