"""Sessions, CSRF, the login rate limit, security headers and body-size limits.

- The session is Starlette's signed cookie (:class:`~starlette.middleware.sessions.
  SessionMiddleware`, itsdangerous): HttpOnly, SameSite=Lax, 12 hours, ``Secure`` when
  the request came over https (:class:`SecurityHeadersMiddleware` adds it). It holds the
  user's id and the CSRF token; the user is read from the store on every request, so a
  removed user's cookie no longer works.
- The secret signing it is ``DATA/secret`` (0600), made on the first start.
- CSRF: every POST/PUT/DELETE under ``/api`` sends the session's token as
  ``X-CSRF-Token`` (:func:`check_csrf`); the login is exempt but takes only JSON, which a
  cross-site form cannot send without a CORS preflight.
- Login: :data:`MAX_FAILURES` failures per name and address within :data:`WINDOW`
  seconds lock that pair out (429 with ``Retry-After``), counted in the database so
  that every worker sees them.
- :class:`BodyLimitMiddleware` refuses a body larger than its route's limit by its
  ``Content-Length`` and by counting the bytes as they arrive (413).
"""

from __future__ import annotations

import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from starlette.requests import HTTPConnection, Request
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "BODY_LIMITS",
    "CSP",
    "MAX_FAILURES",
    "SESSION_MAX_AGE",
    "WINDOW",
    "BodyLimitMiddleware",
    "SecurityHeadersMiddleware",
    "TooLarge",
    "User",
    "check_csrf",
    "csrf_token",
    "current_user",
    "load_secret",
    "log_in",
    "log_out",
]

#: How long a session lasts, in seconds.
SESSION_MAX_AGE = 12 * 3600
#: Failed logins of one name from one address that lock them out for :data:`WINDOW`.
MAX_FAILURES = 5
#: The rate limit's window, in seconds.
WINDOW = 15 * 60

#: The Content-Security-Policy of every response: only this origin; images also as
#: ``data:`` and ``blob:`` (photo previews, the signature pad); no inline script.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; font-src 'self'; "
    "img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; "
    "manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)

_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"camera=(self), microphone=(), geolocation=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]

MB = 1_000_000
#: (method, path suffix or prefix rule) -> the largest body accepted, in bytes; the first
#: rule that matches applies, the default is 1 MB (JSON).
BODY_LIMITS: tuple[tuple[str, int], ...] = (
    ("/photos", 15 * MB),
    ("/signatures/", 1 * MB),
    ("/api/orders/import", 10 * MB),
)
DEFAULT_BODY_LIMIT = 1 * MB


@dataclass(frozen=True, slots=True)
class User:
    """The logged-in user."""

    id: int
    name: str
    role: Literal["installer", "office"]


def load_secret(data_dir: Path) -> bytes:
    """The session secret in ``DATA/secret`` (0600), made on the first start.

    Several workers starting at once agree on one secret: it is written to a temporary
    file and linked into place, which fails for all but the first.
    """
    path = Path(data_dir) / "secret"
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    tmp = path.with_name(f".secret.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(secrets.token_urlsafe(48).encode())
        out.flush()
        os.fsync(out.fileno())
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)
    return path.read_bytes().strip()


def current_user(request: HTTPConnection) -> User | None:
    """The user of the request's session, or None (no session, or the user is gone)."""
    cached = request.scope.get("sitesurvey.user", False)
    if cached is not False:
        return cached
    user = None
    user_id = request.session.get("uid")
    if isinstance(user_id, int):
        record = request.app.state.store.user(user_id)
        if record is not None:
            user = User(record.id, record.name, record.role)
    request.scope["sitesurvey.user"] = user
    return user


def csrf_token(request: HTTPConnection) -> str:
    """The session's CSRF token (made when the session has none)."""
    token = request.session.get("csrf")
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def check_csrf(request: Request) -> bool:
    """Whether the request carries the session's CSRF token in ``X-CSRF-Token``."""
    sent = request.headers.get("x-csrf-token", "")
    token = request.session.get("csrf")
    if not isinstance(token, str) or not token or not sent:
        return False
    return hmac.compare_digest(sent.encode(), token.encode())


def log_in(request: HTTPConnection, user: User) -> str:
    """Start a fresh session for ``user``; return its CSRF token."""
    request.session.clear()
    request.session["uid"] = user.id
    request.scope["sitesurvey.user"] = user
    return csrf_token(request)


def log_out(request: HTTPConnection) -> None:
    """End the session."""
    request.session.clear()
    request.scope["sitesurvey.user"] = None


class SecurityHeadersMiddleware:
    """Adds the security headers to every response, and ``Secure`` to its cookies when
    the request came over https (directly or, with ``--proxy-headers``, via a proxy)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = scope.get("scheme") == "https"
        private = scope["path"].startswith(("/api/", "/s/"))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (name, value + b"; secure")
                    if https and name.lower() == b"set-cookie" and b"secure" not in value.lower()
                    else (name, value)
                    for name, value in message.get("headers", [])
                ]
                present = {name.lower() for name, _ in headers}
                headers += [(k, v) for k, v in _HEADERS if k not in present]
                if private and b"cache-control" not in present:
                    # customer data: never kept by a shared cache or the browser's cache
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class TooLarge(Exception):  # noqa: N818
    """Raised inside a request whose body grew past its limit (answered with 413)."""


def body_limit(path: str) -> int:
    """The largest body accepted for a request to ``path``, in bytes."""
    for rule, limit in BODY_LIMITS:
        if rule in path:
            return limit
    return DEFAULT_BODY_LIMIT


def _error_body(status: int, message: str) -> bytes:
    return json.dumps({"error": {"status": status, "message": message}}).encode()


class BodyLimitMiddleware:
    """Refuses a request body over its limit (:func:`body_limit`) with 413: at once by
    its ``Content-Length``, and while it arrives by counting its bytes (a chunked body
    has no length)."""

    def __init__(self, app: ASGIApp, limit_for: Any = body_limit):
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await self._refuse(send, 400, "Content-Length is not a number")
                    return
                if declared > limit:
                    await self._refuse(send, 413, self._message(limit))
                    return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except TooLarge:
            if not started:
                await self._refuse(send, 413, self._message(limit))

    @staticmethod
    def _message(limit: int) -> str:
        return f"the request body is larger than {limit // MB} MB — send a smaller file"

    @staticmethod
    async def _refuse(send: Send, status: int, message: str) -> None:
        body = _error_body(status, message)
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
