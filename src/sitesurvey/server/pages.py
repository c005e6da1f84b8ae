"""The HTML pages (login, orders, the survey form), ``/sw.js`` and ``/static``.

The pages are the package's Jinja2 templates (``templates/serve/``), autoescaped, with
the same catalog as the sheet (``{{ _("...") }}``). Chinese first; ``?lang=en`` switches
to English and is remembered in a cookie. Data reaches the page's scripts only through
``<script type="application/json">`` blocks (the CSP allows no inline script); the form
itself is drawn by ``static/form.js`` from :func:`sitesurvey.server.form.schema`, cached
per language, and the survey comes from the JSON API — the page costs a template render.

``/sw.js`` is the service worker (scope ``/``): it keeps the app's shell (pages,
scripts, stylesheet, the CJK font) in a cache named by :func:`asset_version`, a hash of
the static files, so a new release replaces the old cache.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from sitesurvey._files import data_dir
from sitesurvey.i18n import LANGS, tr
from sitesurvey.server import form
from sitesurvey.server.security import csrf_token, current_user

__all__ = ["FONTS", "SHELL", "asset_version", "page_lang", "routes", "templates"]

_LANG_COOKIE = "lang"
#: The files the service worker keeps for offline use (besides the visited pages).
SHELL = (
    "/static/app.css",
    "/static/common.js",
    "/static/form.js",
    "/static/orders.js",
    "/static/login.js",
    "/static/favicon.svg",
    "/static/vendor/signature_pad.umd.min.js",
    "/static/fonts/NotoSansSC-Sheet.otf",
)


def _templates_dir() -> Path:
    return data_dir("templates")


def _static_dir() -> Path:
    return _templates_dir() / "serve" / "static"


@functools.cache
def templates(lang: str) -> Jinja2Templates:
    """The page templates in ``lang``: the package's ``templates/`` folder, autoescaped
    (the names end in ``.j2``, which Jinja's default ``select_autoescape`` would not
    escape), ``_()`` giving the catalog's words in that language."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_templates_dir())),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda msg: tr(msg, lang),
        ngettext=lambda s, p, n: tr(s if n == 1 else p, lang),
        newstyle=True,
    )
    return Jinja2Templates(env=env)


@functools.cache
def asset_version() -> str:
    """A short hash of every static file: the cache's name and the assets' ``?v=``."""
    digest = hashlib.sha256()
    root = _static_dir()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    digest.update((_templates_dir() / "serve" / "sw.js.j2").read_bytes())
    return digest.hexdigest()[:12]


def page_lang(request: Request) -> str:
    """The page's language: ``?lang=`` if valid, else the cookie, else Chinese."""
    for value in (request.query_params.get("lang"), request.cookies.get(_LANG_COOKIE)):
        if value in LANGS:
            return value
    return "zh"


def _render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> Response:
    lang = page_lang(request)
    user = current_user(request)
    page = {
        "lang": lang,
        "csrf_token": csrf_token(request) if user else "",
        "user": {"name": user.name, "role": user.role} if user else None,
        **context.pop("page", {}),
    }
    full = {"lang": lang, "user": user, "version": asset_version(), "page": page, **context}
    response = templates(lang).TemplateResponse(request, name, full, status_code=status_code)
    response.headers["Cache-Control"] = "no-cache"
    if request.query_params.get("lang") in LANGS:
        response.set_cookie(_LANG_COOKIE, lang, max_age=365 * 86400, httponly=True, samesite="lax")
    return response


def _status(order: Any) -> str:
    if order.signed:
        return "signed"
    return "new" if order.version <= 1 else "in_progress"


async def login_page(request: Request) -> Response:
    """``GET /login``: the login form (the script posts to ``/api/login``)."""
    return _render(request, "serve/login.html.j2", {})


async def orders_page(request: Request) -> Response:
    """``GET /``: the user's work orders (office: all, a new-order form and an import)."""
    user = current_user(request)
    if user is None:
        return RedirectResponse("/login", status_code=303)
    store = request.app.state.store
    orders = store.orders(None if user.role == "office" else user.id)
    rows = [
        {
            "id": o.id,
            "order": o.number,
            "customer": o.customer.get("name", ""),
            "address": o.customer.get("address", ""),
            "installer": o.installer or "",
            "status": _status(o),
        }
        for o in orders
    ]
    return _render(request, "serve/orders.html.j2", {"page": {"orders": rows}})


def _not_found(request: Request) -> Response:
    return _render(request, "serve/not_found.html.j2", {}, status_code=404)


async def survey_page(request: Request) -> Response:
    """``GET /surveys/{id}``: the form; 404 for an order the user may not see."""
    user = current_user(request)
    if user is None:
        return RedirectResponse("/login", status_code=303)
    try:
        order_id = int(request.path_params["id"])
    except ValueError:
        return _not_found(request)
    order = request.app.state.store.order(order_id)
    if order is None or (user.role != "office" and order.installer_id != user.id):
        return _not_found(request)
    lang = page_lang(request)
    return _render(
        request,
        "serve/survey.html.j2",
        {
            "survey_id": order.id,
            "schema": form.schema(lang),
            "page": {"survey_id": order.id, "order": order.number},
        },
    )


@functools.cache
def _service_worker(version: str) -> bytes:
    source = (_templates_dir() / "serve" / "sw.js.j2").read_text(encoding="utf-8")
    env = jinja2.Environment(autoescape=False)
    return env.from_string(source).render(version=version, shell=json.dumps(SHELL)).encode()


async def service_worker(request: Request) -> Response:
    """``GET /sw.js``: the service worker, scope ``/``, never cached by HTTP."""
    return Response(
        _service_worker(asset_version()),
        media_type="text/javascript",
        headers={"Service-Worker-Allowed": "/", "Cache-Control": "no-cache"},
    )


#: The font files the pages may load (the cut first; the full font for a rare hanzi).
FONTS = ("NotoSansSC-Sheet.otf", "NotoSansSC-Regular.otf", "OFL.txt")


async def font(request: Request) -> Response:
    """``GET /static/fonts/{name}``: the bundled CJK font (this Chromium has none)."""
    name = request.path_params["name"]
    if name not in FONTS:
        return Response("not found", status_code=404, media_type="text/plain")
    media = "font/otf" if name.endswith(".otf") else "text/plain; charset=utf-8"
    return FileResponse(
        _templates_dir() / "fonts" / name,
        media_type=media,
        headers={"Cache-Control": "public, max-age=604800"},
    )


async def favicon(request: Request) -> Response:
    """``GET /favicon.ico``: the app's icon (``static/favicon.svg``, which the pages link),
    for a browser that asks the old address anyway."""
    return FileResponse(
        _static_dir() / "favicon.svg",
        media_type="image/svg+xml",
        headers={"Cache-Control": "public, max-age=604800"},
    )


#: Starlette routes of the pages, mounted by :func:`sitesurvey.server.app.create_app`.
routes: list = [
    Route("/login", login_page, methods=["GET"], name="login"),
    Route("/", orders_page, methods=["GET"], name="orders"),
    Route("/surveys/{id}", survey_page, methods=["GET"], name="survey"),
    Route("/sw.js", service_worker, methods=["GET"], name="sw"),
    Route("/favicon.ico", favicon, methods=["GET"], name="favicon"),
    Route("/static/fonts/{name}", font, methods=["GET"], name="font"),
    Mount("/static", app=StaticFiles(directory=_static_dir(), check_dir=False), name="static"),
]
