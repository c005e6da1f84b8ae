"""``sitesurvey keygen``: a self-signed network key to try the seal out."""

from __future__ import annotations

import click

from sitesurvey.cli._common import echo, fail_on_errors

__all__ = ["command"]


@click.command(name="keygen")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The key file (.p12).")
@click.option("--name", required=True, help="The service network's name (in the certificate).")
@click.option(
    "--passphrase-file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Encrypt the key file with the passphrase on this file's first line.",
)
@fail_on_errors
def command(out: str, name: str, passphrase_file: str | None) -> None:
    """Make a self-signed RSA-3072 key and certificate to try signing sheets.

    Writes OUT (PKCS#12, mode 0600) and the certificate beside it as .pem (give it to
    `sitesurvey verify --trust`). A self-signed key proves only that a sheet has not
    changed since it was signed, not who signed it: a real deployment uses a
    certificate from the service network's own CA.

    \b
    Example:
      sitesurvey keygen --out network.p12 --name "Tianhe service network"
    """
    from sitesurvey.sheet.seal import make_key, read_passphrase, require_pyhanko

    require_pyhanko()
    key, cert = make_key(out, name, read_passphrase(passphrase_file))
    echo(f"wrote {key} (private key, mode 0600) and {cert} (certificate)", err=True)
    echo(
        "Warning: this key is self-signed; it proves that a sheet is unchanged since it was "
        "signed, not who signed it. A real deployment uses a certificate from the service "
        "network's own CA. Keep the key file secret and backed up.",
        err=True,
    )
