"""The ASGI application of ``sitesurvey serve``: :func:`create_app`.

``sitesurvey serve`` runs it with uvicorn; with several workers uvicorn imports
:func:`app_from_environment` (a factory), which reads the data folder, the seal's key
and the number of render processes from the environment variables that the command sets.

A served app is warm when it starts: its render processes import WeasyPrint and render
the shipped example (:mod:`sitesurvey.server.renderer`), and the form's schema (the rules
each field feeds, found by some 50 checks) is built, all in the background, so the first
customer does not pay for them.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware

from sitesurvey.server import api, pages, security
from sitesurvey.server.storage import Store

__all__ = [
    "ENV_DATA",
    "ENV_NETWORK",
    "ENV_PASSPHRASE_FILE",
    "ENV_RENDER_PROCESSES",
    "ENV_SEAL_KEY",
    "app_from_environment",
    "create_app",
    "network_profile",
    "warm_form",
]

#: The environment variables :func:`app_from_environment` reads.
ENV_DATA = "SITESURVEY_DATA"
ENV_SEAL_KEY = "SITESURVEY_SEAL_KEY"
ENV_PASSPHRASE_FILE = "SITESURVEY_PASSPHRASE_FILE"
ENV_RENDER_PROCESSES = "SITESURVEY_RENDER_PROCESSES"
ENV_NETWORK = "SITESURVEY_NETWORK"


def warm_form() -> None:
    """Build what the form page and the live check need once per process: the rules each
    field feeds (:func:`sitesurvey.server.form.fed_rules`, about 0.3 s) and the schema in
    both languages."""
    from sitesurvey.server import form

    form.fed_rules()
    for lang in ("zh", "en"):
        form.schema(lang)


def create_app(
    data_dir: Path,
    *,
    seal_key: Path | None = None,
    passphrase: bytes | None = None,
    secret: bytes | None = None,
    testing: bool = False,
    render_processes: int = 0,
    warm: bool = False,
    network: Mapping[str, Any] | None = None,
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
    render_processes : int
        Render sheets in this many processes of their own
        (:class:`~sitesurvey.server.renderer.ProcessRenderer`); 0 renders them on one
        thread of this process (:class:`~sitesurvey.server.renderer.ThreadRenderer`).
    warm : bool
        When the app starts (its lifespan), warm the renderer and the form in the
        background (what ``sitesurvey serve`` does; tests leave it off).
    network : mapping, optional
        The service network's ``name`` and ``phone`` (``serve --network``), put into
        every new work order's survey.

    Returns
    -------
    starlette.applications.Starlette
        ``app.state.store``, ``app.state.data_dir``, ``app.state.seal`` and
        ``app.state.renderer`` are set.
    """
    from sitesurvey.server.renderer import ProcessRenderer, ThreadRenderer

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
    renderer = (
        ProcessRenderer(render_processes, warm=warm)
        if render_processes > 0
        else ThreadRenderer(warm=warm)
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if warm:
            renderer.start()
            threading.Thread(target=warm_form, name="warm-form", daemon=True).start()
        try:
            yield
        finally:
            renderer.close()

    app = Starlette(
        debug=testing,
        routes=[*api.routes, *pages.routes],
        middleware=middleware,
        exception_handlers=api.exception_handlers,
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.data_dir = data_dir
    app.state.seal = None if seal_key is None else api.Seal(Path(seal_key), passphrase)
    app.state.renderer = renderer
    app.state.network = dict(network) if network else None
    return app


def app_from_environment() -> Starlette:
    """The application for uvicorn's ``--factory`` (several workers), warm: the data
    folder from ``SITESURVEY_DATA``, the seal's key from ``SITESURVEY_SEAL_KEY`` and
    ``SITESURVEY_PASSPHRASE_FILE``, the render processes from
    ``SITESURVEY_RENDER_PROCESSES`` (0 when unset), the network's profile from
    ``SITESURVEY_NETWORK``."""
    data = os.environ.get(ENV_DATA)
    if not data:
        raise RuntimeError(f"{ENV_DATA} is not set: start the server with `sitesurvey serve`")
    key = os.environ.get(ENV_SEAL_KEY) or None
    passphrase = None
    if key is not None:
        from sitesurvey.sheet.seal import read_passphrase

        passphrase = read_passphrase(os.environ.get(ENV_PASSPHRASE_FILE) or None)
    return create_app(
        Path(data),
        seal_key=None if key is None else Path(key),
        passphrase=passphrase,
        render_processes=int(os.environ.get(ENV_RENDER_PROCESSES) or 0),
        warm=True,
        network=network_profile(os.environ.get(ENV_NETWORK) or None),
    )


def network_profile(path: str | None) -> dict[str, Any] | None:
    """The service network's ``name`` and ``phone`` from a profile file (the format of
    ``sitesurvey sheet --network``), or None without a file."""
    if path is None:
        return None
    from sitesurvey.survey import load_network

    return load_network(path).to_dict()
