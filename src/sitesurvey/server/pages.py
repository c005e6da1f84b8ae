"""The HTML pages (login, orders, the survey form), ``/sw.js`` and ``/static``."""

from __future__ import annotations

__all__ = ["routes"]

#: Starlette routes of the pages, mounted by :func:`sitesurvey.server.app.create_app`.
routes: list = []
