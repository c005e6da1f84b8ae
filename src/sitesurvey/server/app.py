"""The ASGI application of ``sitesurvey serve``: :func:`create_app`.

``sitesurvey serve`` runs it with uvicorn; with several workers uvicorn imports
:func:`app_from_environment` (a factory), which reads the data folder and the seal's key
from the environment variables that the command sets.
"""

from __future__ import annotations

import os
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware

from sitesurvey.server import api, pages, security
from sitesurvey.server.storage import Store

__all__ = ["ENV_DATA", "ENV_PASSPHRASE_FILE", "ENV_SEAL_KEY", "app_from_environment", "create_app"]

#: The environment variables :func:`app_from_environment` reads.
ENV_DATA = "SITESURVEY_DATA"
ENV_SEAL_KEY = "SITESURVEY_SEAL_KEY"
ENV_PASSPHRASE_FILE = "SITESURVEY_PASSPHRASE_FILE"


def create_app(
    data_dir: Path,
    *,
    seal_key: Path | None = None,
    passphrase: bytes | None = None,
    secret: bytes | None = None,
    testing: bool = False,
) -> Starlette:
    """The web application: the JSON API and the pages, over the data in ``data_dir``.

    Parameters
    ----------
    data_dir : pathlib.Path
        Holds ``sitesurvey.db``, ``files/`` and ``secret`` (made when missing).
    seal_key : pathlib.Path, optional
        The network's PKCS#12 key: complete sheets are sealed with it.
    passphrase : bytes, optional
        The key's passphrase.
    secret : bytes, optional
        The session secret; by default ``DATA/secret``.
    testing : bool
        Let errors propagate (Starlette's ``debug``) for tests.

    Returns
    -------
    starlette.applications.Starlette
        ``app.state.store``, ``app.state.data_dir`` and ``app.state.seal`` are set.
    """
    data_dir = Path(data_dir)
    store = Store(data_dir)
    key = secret if secret is not None else security.load_secret(data_dir)
    middleware = [
        Middleware(security.SecurityHeadersMiddleware),
        Middleware(security.BodyLimitMiddleware),
        Middleware(
            SessionMiddleware,
            secret_key=key.decode("latin-1"),
            session_cookie="sitesurvey_session",
            max_age=security.SESSION_MAX_AGE,
            same_site="lax",
            https_only=False,  # SecurityHeadersMiddleware adds Secure over https
        ),
    ]
    app = Starlette(
        debug=testing,
        routes=[*api.routes, *pages.routes],
        middleware=middleware,
        exception_handlers=api.exception_handlers,
    )
    app.state.store = store
    app.state.data_dir = data_dir
    app.state.seal = None if seal_key is None else api.Seal(Path(seal_key), passphrase)
    return app


def app_from_environment() -> Starlette:
    """The application for uvicorn's ``--factory`` (several workers): the data folder
    from ``SITESURVEY_DATA``, the seal's key from ``SITESURVEY_SEAL_KEY`` and
    ``SITESURVEY_PASSPHRASE_FILE``."""
    data = os.environ.get(ENV_DATA)
    if not data:
        raise RuntimeError(f"{ENV_DATA} is not set: start the server with `sitesurvey serve`")
    key = os.environ.get(ENV_SEAL_KEY) or None
    passphrase = None
    if key is not None:
        from sitesurvey.sheet.seal import read_passphrase

        passphrase = read_passphrase(os.environ.get(ENV_PASSPHRASE_FILE) or None)
    return create_app(
        Path(data), seal_key=None if key is None else Path(key), passphrase=passphrase
    )
