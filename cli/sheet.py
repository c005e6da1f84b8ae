"""``sitesurvey sheet``: the installation design sheet as PDF/A-3b (or HTML)."""

from __future__ import annotations

import click

from sitesurvey.cli._common import echo, fail_on_errors, lang_option, network_option

__all__ = ["command"]


@click.command(name="sheet")
@click.argument("survey", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help=(
        "Where to write the sheet [default: SURVEY with .pdf, or .html with --html]; "
        '"-" writes it to standard output (e.g. -o - > sheet.pdf). A symbolic link such '
        "as /dev/stdout, or a device, is refused."
    ),
)
@lang_option(default="zh", help="Language of the sheet.")
@click.option("--html", "as_html", is_flag=True, help="Write HTML instead of PDF.")
@click.option(
    "--redact",
    is_flag=True,
    help="Mask the customer's name, phone and address (pages and embedded data).",
)
@click.option(
    "--tariff",
    "tariff_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Fee settings file instead of the shipped tables/tariff.toml.",
)
@click.option(
    "--customer-only",
    is_flag=True,
    help="The customer's part alone, without the technical annex for the service network.",
)
@network_option("its name and phone on page 1, before the survey's own [network].")
@click.option(
    "--sign",
    "sign_key",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="NETWORK.p12",
    help='Seal the PDF with this network key (see `sitesurvey sign`; needs "sitesurvey[sign]").',
)
@click.option(
    "--passphrase-file",
    type=click.Path(dir_okay=False),
    default=None,
    help="With --sign: the key file's passphrase, on this file's first line.",
)
@click.option("--tsa", default=None, metavar="URL", help="With --sign: RFC 3161 timestamp (B-T).")
@fail_on_errors
def command(
    survey: str,
    output: str | None,
    lang: str,
    as_html: bool,
    redact: bool,
    tariff_path: str | None,
    customer_only: bool = False,
    network_path: str | None = None,
    sign_key: str | None = None,
    passphrase_file: str | None = None,
    tsa: str | None = None,
) -> None:
    """Render the installation design sheet for a survey.

    The PDF is PDF/A-3b; it embeds the survey and every check result as canonical JSON
    and prints that data's SHA-256 on every page (check it with `sitesurvey verify`).
    The same survey always gives the same bytes. Written atomically: a failed render
    leaves an existing OUTPUT untouched. With -o - the sheet goes to standard output
    and nothing else is printed there.

    \b
    Examples:
      sitesurvey sheet survey.toml -o sheet.pdf
      sitesurvey sheet survey.toml -o sheet-en.pdf --lang en
      sitesurvey sheet survey.toml -o copy.pdf --redact
      sitesurvey sheet survey.toml -o customer.pdf --customer-only
      sitesurvey sheet survey.toml -o sheet.pdf --network network.toml
      sitesurvey sheet survey.toml -o sheet.html --html
      sitesurvey sheet survey.toml -o - > sheet.pdf
    """
    import sys
    from pathlib import Path

    from sitesurvey.fees import load_tariff
    from sitesurvey.sheet.render import SheetError, write_sheet
    from sitesurvey.survey import load_network, load_survey

    to_stdout = output == "-"
    if to_stdout and sys.stdout.isatty():
        raise SheetError(
            "output: -o - writes the sheet to standard output, which is a terminal here; "
            "redirect it (-o - > sheet.pdf) or give a file name"
        )
    if sign_key is not None:
        from sitesurvey.sheet.seal import require_pyhanko

        if as_html or to_stdout:
            raise SheetError("--sign: only a PDF written to a file is signed (no --html, no -o -)")
        require_pyhanko()
    elif passphrase_file is not None or tsa is not None:
        raise SheetError("--passphrase-file and --tsa go with --sign NETWORK.p12")
    source = load_survey(survey)
    target = (
        output
        if to_stdout
        else Path(output)
        if output
        else Path(survey).with_suffix(".html" if as_html else ".pdf")
    )
    tariff = load_tariff(tariff_path) if tariff_path else None
    network = load_network(network_path) if network_path else None
    options = {"network": network, "customer_only": customer_only}
    if sign_key is not None:
        from sitesurvey._files import write_atomic
        from sitesurvey.sheet.render import _checked_output, render_pdf
        from sitesurvey.sheet.seal import read_passphrase, sign_sheet

        target = _checked_output(target, getattr(source, "source", None))
        passphrase = read_passphrase(passphrase_file)
        pdf = render_pdf(source, lang=lang, redact=redact, tariff=tariff, **options)
        signed = sign_sheet(pdf, sign_key, passphrase=passphrase, tsa_url=tsa, name=str(target))
        write_atomic(target, signed, error=SheetError)
        echo(f"wrote {target} (signed)", err=True)
        return
    written = write_sheet(
        source, target, lang=lang, html=as_html, redact=redact, tariff=tariff, **options
    )
    if not to_stdout:
        echo(f"wrote {written}", err=True)
