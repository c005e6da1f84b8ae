"""``sitesurvey verify``: is a sheet sealed, unchanged, and do its data and hash agree?"""

from __future__ import annotations

import sys

import click

from sitesurvey.cli._common import echo, echo_json, json_option

__all__ = ["command"]


@click.command(name="verify")
@click.argument("pdf", type=click.Path(dir_okay=False))
@click.option(
    "--trust",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="A trust anchor: the network's CA certificate (PEM or DER); repeatable.",
)
@click.option("--require-signature", is_flag=True, help="An unsigned sheet fails (exit 1).")
@json_option
def command(pdf: str, trust: tuple[str, ...], require_signature: bool, as_json: bool) -> None:
    """Check a design sheet: its seals, its one data attachment, its page count and the
    SHA-256 of the embedded data against the hash printed on every page.

    A sealed sheet is `authentic` when every signature is intact, covers the whole file
    (document timestamps may follow) and chains to a --trust anchor; where this version
    made it, the signed pages must also re-render byte for byte from the embedded data.
    An unsigned sheet gets the hash check only: that catches accidental or naive
    changes, but anyone can recompute a bare hash.

    Exit codes: 0 authentic, or unsigned with data and hash in agreement (unless
    --require-signature); 1 tampered, or a signer not trusted; 2 unreadable file (not a
    sheet, a damaged or empty attachment), a bad --trust file, or a signed sheet
    without pyHanko installed.
    """
    from sitesurvey.errors import SiteSurveyError
    from sitesurvey.sheet.integrity import UnreadableSheetError
    from sitesurvey.sheet.seal import verify_sheet

    try:
        report = verify_sheet(pdf, trust=trust)
    except (UnreadableSheetError, SiteSurveyError) as exc:
        if as_json:
            echo_json({"status": "unreadable", "signatures": [], "checks": [], "error": str(exc)})
        echo(f"Error: {exc}", err=True)
        sys.exit(2)
    if as_json:
        echo_json(report.to_dict())
    else:
        from sitesurvey.cli.render import format_seal_report

        echo(format_seal_report(report, require_signature=require_signature))
    sys.exit(report.exit_code(require_signature))
