"""The installation design sheet: HTML (Jinja2) and PDF/A-3b (WeasyPrint).

:func:`render_html` builds the bilingual sheet from a survey and its check results;
:func:`render_pdf` turns it into a PDF/A-3b that carries the survey and every result as
an embedded canonical-JSON attachment whose SHA-256 is printed on every page (see
:mod:`sitesurvey.sheet.integrity`); :func:`write_sheet` writes either atomically.

The package by concern:

- :mod:`~sitesurvey.sheet.context` — the template's values from survey, results and
  fees (words through the catalog, numbers through :mod:`sitesurvey.fmt`), redaction;
- :mod:`~sitesurvey.sheet.drawing` — the wall elevation: a layout (plain data), then
  its painting as SVG;
- :mod:`~sitesurvey.sheet.render` — the Jinja environments, HTML, PDF, the fetcher that
  serves only the package's own assets, the signature image check, the atomic write;
- :mod:`~sitesurvey.sheet.integrity` — canonical JSON and ``verify``.

This module stays light (``verify`` imports :mod:`sitesurvey.sheet.integrity` through
it): the names below are imported from their modules on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "SheetError",
    "SignatureError",
    "build_context",
    "redact_survey",
    "render_html",
    "render_pdf",
    "sheet_data",
    "write_sheet",
]

_LAZY = {
    "SheetError": "sitesurvey.sheet.render",
    "SignatureError": "sitesurvey.sheet.render",
    "render_html": "sitesurvey.sheet.render",
    "render_pdf": "sitesurvey.sheet.render",
    "write_sheet": "sitesurvey.sheet.render",
    "build_context": "sitesurvey.sheet.context",
    "redact_survey": "sitesurvey.sheet.context",
    "sheet_data": "sitesurvey.sheet.context",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
