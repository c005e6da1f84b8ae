"""``sitesurvey serve``: the on-site web form, its JSON API and its storage.

Needs the ``serve`` extra (``pip install "sitesurvey[serve]"``: Starlette, uvicorn,
Pillow). Nothing here is imported by the rest of the package or by ``size``/``check``.

=================== =====================================================================
module              concern
=================== =====================================================================
:mod:`.app`         :func:`create_app`: the ASGI application (middleware, routes)
:mod:`.security`    sessions, CSRF, login rate limit, security headers, the current user
:mod:`.storage`     the one storage module: SQLite (users, orders, survey versions, files)
:mod:`.api`         the JSON API (``/api/...``) that the form and other apps use
:mod:`.images`      photos and signatures: re-encoded with Pillow, EXIF removed
:mod:`.form`        the form's sections and fields, from the survey format (format 2)
:mod:`.pages`       the HTML pages, the service worker and the static files
=================== =====================================================================
"""

from __future__ import annotations

__all__: list[str] = []
