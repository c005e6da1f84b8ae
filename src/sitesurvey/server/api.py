"""The JSON API under ``/api`` (see the README's "JSON API")."""

from __future__ import annotations

__all__ = ["routes"]

#: Starlette routes of the JSON API, mounted by :func:`sitesurvey.server.app.create_app`.
routes: list = []
