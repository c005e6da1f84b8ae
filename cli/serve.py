"""``sitesurvey serve``: the on-site web form and its JSON API (needs the serve extra)."""

from __future__ import annotations

import click

from sitesurvey.cli._common import data_option, echo, fail_on_errors, network_option

__all__ = ["command", "require_serve"]

#: The modules of the serve extra (import name -> package name).
_SERVE_MODULES = {
    "starlette": "starlette",
    "uvicorn": "uvicorn",
    "itsdangerous": "itsdangerous",
    "multipart": "python-multipart",
}


def require_serve() -> None:
    """Exit 2 with a clear message when the ``serve`` extra is not installed."""
    from importlib.util import find_spec

    from sitesurvey.errors import SiteSurveyError

    missing = [package for module, package in _SERVE_MODULES.items() if find_spec(module) is None]
    if missing:
        raise SiteSurveyError(
            f"sitesurvey serve needs {', '.join(missing)}, which is not installed — "
            'install the server with: pip install "sitesurvey[serve]"'
        )


@click.command(name="serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@data_option
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Processes."
)
@click.option(
    "--render-processes",
    type=click.IntRange(0, 64),
    default=None,
    help="Processes that render sheets, per worker, started warm with the server, about "
    "100 MB each [default: one per CPU, at most 4]; 0 renders in the worker itself, one "
    "sheet at a time.",
)
@network_option("put into every new work order, so the customer's copy gives its number to call.")
@click.option(
    "--seal-key",
    type=click.Path(dir_okay=False, exists=True),
    default=None,
    metavar="NETWORK.p12",
    help='Seal complete sheets with this network key (needs "sitesurvey[sign]").',
)
@click.option(
    "--passphrase-file",
    type=click.Path(dir_okay=False),
    default=None,
    help="With --seal-key: the key file's passphrase, on this file's first line.",
)
@fail_on_errors
def command(
    host: str,
    port: int,
    data: str | None,
    workers: int,
    render_processes: int | None,
    seal_key: str | None,
    passphrase_file: str | None,
    network_path: str | None = None,
) -> None:
    """Run the on-site web form and its JSON API.

    Installers log in on a phone or tablet, fill in the survey with live checks, take
    photos, collect every signature and get the customer's copy; office users create
    work orders. Add users first with `sitesurvey user add`.

    \b
    Examples:
      sitesurvey user add li --role installer
      sitesurvey serve                      # this computer only: http://127.0.0.1:8000
      sitesurvey serve --host 0.0.0.0       # a tablet or phone on the same network
      sitesurvey serve --network network.toml   # the network's name and phone on each order
      sitesurvey serve --workers 4 --seal-key network.p12 --passphrase-file pass.txt

    On the network, put a TLS reverse proxy in front (the browser's offline mode needs
    https, or localhost). Stop with Ctrl-C.
    """
    import os
    from pathlib import Path

    from sitesurvey.errors import SiteSurveyError

    require_serve()
    import uvicorn

    from sitesurvey.server.app import (
        ENV_DATA,
        ENV_NETWORK,
        ENV_PASSPHRASE_FILE,
        ENV_RENDER_PROCESSES,
        ENV_SEAL_KEY,
        create_app,
        network_profile,
    )
    from sitesurvey.server.storage import Store, default_data_dir

    folder = Path(data) if data else default_data_dir()
    network = network_profile(network_path)  # a bad profile is said now, exit 2
    if seal_key is not None:
        from sitesurvey.sheet.seal import read_passphrase, require_pyhanko

        require_pyhanko()
        passphrase = read_passphrase(passphrase_file)
        from sitesurvey.sheet.seal import SealError, _load_signer

        try:  # a key that cannot sign is said now, not at the first complete sheet
            _load_signer(seal_key, passphrase)
        except SealError as exc:
            raise SealError(str(exc).replace("--key:", "--seal-key:", 1)) from None
    elif passphrase_file is not None:
        raise SiteSurveyError("--passphrase-file goes with --seal-key NETWORK.p12")
    else:
        passphrase = None
    try:
        users = Store(folder).users()
    except OSError as exc:
        raise SiteSurveyError(f"--data: cannot use {folder}: {exc.strerror or exc}") from None
    if not users:
        echo(
            f"Warning: no users in {folder} yet — add one: sitesurvey user add NAME "
            f"--role office --data {folder}",
            err=True,
        )
    if host not in ("127.0.0.1", "localhost", "::1"):
        echo(
            f"Serving on {host}:{port} over plain http: fine on a trusted local network; "
            "elsewhere put a TLS reverse proxy in front.",
            err=True,
        )
    echo(f"sitesurvey serve: data in {folder}; open http://{host}:{port}/", err=True)
    if render_processes is None:  # a render uses one core; each process holds ~100 MB
        render_processes = min(os.cpu_count() or 1, 4)
    if workers == 1:
        app = create_app(
            folder,
            seal_key=None if seal_key is None else Path(seal_key),
            passphrase=passphrase,
            render_processes=render_processes,
            warm=True,
            network=network,
        )
        uvicorn.run(app, host=host, port=port, log_level="info")
        return
    os.environ[ENV_DATA] = str(folder.resolve())
    os.environ[ENV_RENDER_PROCESSES] = str(render_processes)
    if network_path is not None:
        os.environ[ENV_NETWORK] = str(Path(network_path).resolve())
    if seal_key is not None:
        os.environ[ENV_SEAL_KEY] = str(Path(seal_key).resolve())
        if passphrase_file is not None:
            os.environ[ENV_PASSPHRASE_FILE] = str(Path(passphrase_file).resolve())
    uvicorn.run(
        "sitesurvey.server.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
    )
