"""``sitesurvey sign``: seal a design sheet with the service network's key (PAdES)."""

from __future__ import annotations

import click

from sitesurvey.cli._common import echo, fail_on_errors

__all__ = ["command", "seal_file", "tsa_option"]

tsa_option = click.option(
    "--tsa",
    default=None,
    metavar="URL",
    help="RFC 3161 time-stamping service: the signature gets a trusted time (PAdES B-T).",
)


def seal_file(
    pdf: str, key: str, passphrase_file: str | None, output: str | None, tsa: str | None
) -> None:
    """Sign the sheet ``pdf`` and write it to ``output`` (default: in place), atomically."""
    from sitesurvey._files import FileReadError, read_file, write_atomic
    from sitesurvey.sheet.seal import SealError, read_passphrase, require_pyhanko, sign_sheet

    require_pyhanko()
    try:
        raw = read_file(pdf, what="sheet")
    except FileReadError as exc:
        raise SealError(str(exc)) from None
    signed = sign_sheet(
        raw, key, passphrase=read_passphrase(passphrase_file), tsa_url=tsa, name=pdf
    )
    target = output or pdf
    write_atomic(target, signed, error=SealError, field="-o")
    echo(f"signed {target}" + (" (with a trusted timestamp)" if tsa else ""), err=True)


@click.command(name="sign")
@click.argument("pdf", type=click.Path(dir_okay=False))
@click.option(
    "--key", required=True, type=click.Path(dir_okay=False), help="The network's key (.p12)."
)
@click.option(
    "--passphrase-file",
    type=click.Path(dir_okay=False),
    default=None,
    help="The key file's passphrase, on this file's first line.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), default=None, help="[default: PDF, in place]"
)
@tsa_option
@fail_on_errors
def command(
    pdf: str, key: str, passphrase_file: str | None, output: str | None, tsa: str | None
) -> None:
    """Seal a finished design sheet with the service network's key.

    A PAdES signature (B-B, or B-T with --tsa) over the whole sheet, the customer's
    captured signature included, with a visible stamp below the last text of the last
    page; the sheet stays PDF/A-3b. A draft (an incomplete survey) and a PDF that is
    not a sitesurvey sheet are refused (exit 2). Needs: pip install "sitesurvey[sign]".

    \b
    Examples:
      sitesurvey sign sheet.pdf --key network.p12
      sitesurvey sign sheet.pdf --key network.p12 -o sealed.pdf --tsa http://tsa.example/
    """
    seal_file(pdf, key, passphrase_file, output, tsa)
