"""``sitesurvey verify``: do a sheet's embedded data and its printed hash still agree?"""

from __future__ import annotations

import sys

import click

from sitesurvey.cli._common import echo, echo_json, json_option

__all__ = ["command"]


@click.command(name="verify")
@click.argument("pdf", type=click.Path(dir_okay=False))
@json_option
def command(pdf: str, as_json: bool) -> None:
    """Recompute the SHA-256 of the data embedded in a design sheet and compare it with
    the hash printed on every page and stored in the PDF's metadata.

    This is an integrity check, not a signature: it catches accidental or naive
    changes, but anyone can recompute a bare hash.

    Exit codes: 0 data and printed hash agree, 1 they differ (a readable attachment
    whose hash is not the printed one), 2 unreadable file (not a sheet, or a damaged or
    empty attachment).
    """
    from sitesurvey.sheet.integrity import UnreadableSheetError, verify_pdf

    try:
        outcome = verify_pdf(pdf)
    except UnreadableSheetError as exc:
        if as_json:
            echo_json({"status": "unreadable", "error": str(exc)})
        echo(f"Error: {exc}", err=True)
        sys.exit(2)
    if as_json:
        echo_json(outcome.to_dict())
    else:
        from sitesurvey.cli.render import format_verification

        echo(format_verification(outcome))
    sys.exit(0 if outcome.ok else 1)
