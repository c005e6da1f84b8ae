"""The JSON API under ``/api`` (see the README's "JSON API"), used by the form itself
and by other apps (a dispatch system pushing orders, an office tool pulling sheets).

Access: no session → 401; a state-changing call without the session's
``X-CSRF-Token`` → 403; an installer calling an office-only endpoint → 403; another
installer's order or survey → 404 (as if it did not exist). Errors are JSON:
``{"error": {"status", "message", "field", "problems": [{"field", "message"}]}}``, the
problems being the messages ``sitesurvey check`` prints for the same survey.

Surveys are validated by the library (:func:`sitesurvey.survey.parse_survey`, format 1
upgraded), checked by :func:`sitesurvey.rules.check_survey` and rendered by
:func:`sitesurvey.sheet.render.render_pdf`; the slow parts run in a worker thread, and
sheets on the app's renderer (:mod:`sitesurvey.server.renderer`).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import threading
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sitesurvey.errors import SiteSurveyError
from sitesurvey.server import images, security, storage
from sitesurvey.server.security import User

__all__ = [
    "SHARE_TTL",
    "SIGNATURE_POINTS",
    "ApiError",
    "Seal",
    "exception_handlers",
    "order_survey",
    "routes",
]

#: How long a share link works, in seconds.
SHARE_TTL = 7 * 24 * 3600
#: The signature points of spec §6, as ``POST /api/surveys/{id}/signatures/{point}`` names them.
SIGNATURE_POINTS = (
    "final",
    "drilling",
    "meter",
    "main_switch",
    *(
        f"consent.{item}"
        for item in ("wire", "breaker", "dedicated_line", "rcd", "earth", "water_pressure")
    ),
)
_LANGS = ("zh", "en")
_FILE_NAME_RE = re.compile(r"^([0-9a-f]{64})\.(png|jpg)$")
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
#: The customer's keys an order's survey needs, and the orders file's column of each.
_CUSTOMER_COLUMNS = {"name": "customer", "phone": "phone", "address": "address"}


class ApiError(Exception):
    """An error answered as JSON: ``{"error": {"status", "message"[, "field"][, "problems"]}}``.

    Parameters
    ----------
    status : int
    message : str
    field : str, optional
        The path of the value at fault (``"design.socket.height"``).
    problems : list of str, optional
        Every problem as ``"path: message"`` (``SurveyFileError.problems``).
    extra : dict, optional
        More top-level keys (a 409 adds the latest ``version`` and ``survey``).
    headers : dict, optional
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        field: str | None = None,
        problems: list[str] | tuple[str, ...] | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field
        self.problems = list(problems or ())
        self.extra = extra or {}
        self.headers = headers

    def response(self) -> JSONResponse:
        """The JSON response."""
        error: dict[str, Any] = {"status": self.status, "message": self.message}
        problems = [_split_problem(p) for p in self.problems]
        field = self.field or (problems[0]["field"] if problems else None)
        if field:
            error["field"] = field
        if problems:
            error["problems"] = problems
        return JSONResponse({"error": error, **self.extra}, self.status, headers=self.headers)


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return exc.response()


async def _server_error(request: Request, exc: Exception) -> Response:
    message = "internal error — nothing was saved by this request; the server's log has the details"
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": {"status": 500, "message": message}}, 500)
    return Response(message, 500, media_type="text/plain; charset=utf-8")


#: Exception handlers for :func:`sitesurvey.server.app.create_app`.
exception_handlers: dict[Any, Callable] = {ApiError: _api_error, 500: _server_error}


def _split_problem(problem: str) -> dict[str, str]:
    """``"design.socket.height: expected ..."`` → its field and the whole message."""
    head, sep, _ = problem.partition(": ")
    field = head if sep and " " not in head else ""
    return {"field": field, "message": problem}


def _iso(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).isoformat(timespec="seconds")


def _store(request: Request) -> storage.Store:
    return request.app.state.store


# ------------------------------------------------------------------ access and bodies


def _user(request: Request, *, write: bool = False, office: bool = False) -> User:
    """The session's user; 401 without one, 403 without the CSRF token on a write, 403
    for an installer on an office-only endpoint."""
    user = security.current_user(request)
    if user is None:
        raise ApiError(401, "not logged in — log in first (POST /api/login)")
    if write and not security.check_csrf(request):
        raise ApiError(
            403, "the X-CSRF-Token header is missing or wrong — send the token /api/login gave"
        )
    if office and user.role != "office":
        raise ApiError(403, "only an office user may do this")
    return user


def _order(request: Request, user: User) -> storage.Order:
    """The order of the URL, if the user may see it; else 404 (never saying whose it is)."""
    order_id = request.path_params["id"]
    order = _store(request).order(order_id)
    if order is None or (user.role != "office" and order.installer_id != user.id):
        raise ApiError(404, f"no work order {order_id} (or not yours)")
    return order


async def _json(request: Request, *, required: bool = True) -> Any:
    """The request's JSON body (bounded by the body limit and a nesting depth)."""
    from sitesurvey._files import FileReadError, load_json

    raw = await request.body()
    if not raw.strip():
        if required:
            raise ApiError(400, "the request has no body — send JSON")
        return None
    try:
        return load_json(raw.decode("utf-8"), "request body")
    except UnicodeDecodeError:
        raise ApiError(400, "the request body is not UTF-8 text — send JSON") from None
    except FileReadError as exc:
        raise ApiError(400, str(exc)) from None


def _object(value: Any, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ApiError(400, f"{field}: expected a JSON object", field=field)
    return value


def _text(body: Mapping[str, Any], key: str, field: str | None = None, *, limit: int = 200) -> str:
    field = field or key
    value = body.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ApiError(400, f"{field}: expected text, got {json.dumps(value)}", field=field)
    if len(value) > limit:
        raise ApiError(400, f"{field}: at most {limit} characters", field=field)
    return value.strip()


def _lang(value: Any, field: str = "lang") -> str:
    value = value or "zh"
    if value not in _LANGS:
        raise ApiError(400, f'{field}: expected "zh" or "en", got {json.dumps(value)}', field=field)
    return value


# ------------------------------------------------------------------ survey handling


def _survey_error(exc: SiteSurveyError, where: str) -> ApiError:
    problems = list(getattr(exc, "problems", ()) or ())
    if not problems:
        text = str(exc)
        problems = [text.removeprefix(f"{where}: ")]
    message = (
        problems[0] if len(problems) == 1 else f"{len(problems)} problems: " + "; ".join(problems)
    )
    return ApiError(400, message, problems=problems)


def _image_references(data: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """Every ``image`` of the survey's signatures and photos, with its path."""
    found: list[tuple[str, Any]] = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, Mapping):
            for key, item in value.items():
                sub = f"{path}.{key}"
                if key == "image":
                    found.append((sub, item))
                else:
                    walk(item, sub)
        elif isinstance(value, list):
            for index, item in enumerate(value, start=1):
                walk(item, f"{path}[{index}]")

    for key in ("signature", "signatures", "photos"):
        if key in data:
            walk(data[key], key)
    return found


def _parse(store: storage.Store, order_id: int, data: Any) -> tuple[dict[str, Any], Any]:
    """Validate survey data as the CLI does (format 1 upgraded); its images must be files
    of this order. Returns the data in the current format and the parsed survey."""
    from sitesurvey.errors import SurveyFileError
    from sitesurvey.survey import parse_survey
    from sitesurvey.survey.reader import upgrade_data

    if not isinstance(data, dict):
        raise ApiError(
            400, "survey: expected a JSON object (the survey file's content)", field="survey"
        )
    problems = []
    for path, name in _image_references(data):
        match = _FILE_NAME_RE.match(name) if isinstance(name, str) else None
        if match is None or store.file(order_id, match[1]) is None:
            problems.append(
                f'{path}: "{name}" is not an image of this survey — upload it first '
                "(photos or signatures) and use the name the upload answered"
            )
    if problems:
        message = (
            problems[0]
            if len(problems) == 1
            else f"{len(problems)} problems: " + ("; ".join(problems))
        )
        raise ApiError(400, message, problems=problems)
    source = store.files_dir / "survey.json"
    try:
        upgraded = upgrade_data(data)
        return upgraded, parse_survey(upgraded, source=source)
    except SurveyFileError as exc:
        raise _survey_error(exc, str(source)) from None


def _check(store: storage.Store, order_id: int, data: Any) -> dict[str, Any]:
    from sitesurvey.errors import SurveyFileError
    from sitesurvey.rules import check_survey

    _, survey = _parse(store, order_id, data)
    try:
        return check_survey(survey).to_dict()
    except SurveyFileError as exc:
        raise _survey_error(exc, str(store.files_dir / "survey.json")) from None


def order_survey(
    number: str,
    customer: Mapping[str, Any],
    heater: Mapping[str, Any],
    installer: str | None,
    *,
    date: str | None = None,
    appointment: str | None = None,
    network: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The survey of a new work order (format 2): the order's customer, job and heater,
    nothing measured and no confirmation given (all "not yet").

    Parameters
    ----------
    number : str
        The work-order number.
    customer, heater : mapping
        ``name``, ``phone``, ``address``; ``model``, ``power``, ``supply_voltage``.
    installer : str or None
        The installer's name.
    date, appointment : str, optional
        The survey's date (ISO; today when absent) and the appointment window (when
        absent, the placeholder of one not agreed yet, which leaves the survey unfilled).
    network : mapping, optional
        The service network's ``name`` and ``phone`` (``serve --network``): printed on
        the customer's copy as the number to call.
    """
    from sitesurvey.survey.record import APPOINTMENT_NOT_AGREED

    job: dict[str, Any] = {
        "work_order": number,
        "date": date or dt.date.today().isoformat(),
        # none given: `init`'s placeholder (not agreed yet), never an invented time
        "appointment": appointment or APPOINTMENT_NOT_AGREED,
    }
    if installer:
        job["installer"] = {"name": installer}
    survey: dict[str, Any] = {
        "format": 2,
        "customer": dict(customer),
        "job": job,
        "heater": dict(heater),
    }
    given = {k: v for k, v in (network or {}).items() if v}
    if given:
        survey["network"] = given
    return survey


# ------------------------------------------------------------------------ endpoints


async def login(request: Request) -> Response:
    """``POST /api/login {username, password}`` → ``{"csrf_token", "user"}`` + cookie."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise ApiError(415, "send the login as JSON (Content-Type: application/json)")
    origin = request.headers.get("origin")
    if origin is not None and origin != f"{request.url.scheme}://{request.url.netloc}":
        raise ApiError(403, "a login from another site's page is refused")
    body = _object(await _json(request), "body")
    name = _text(body, "username", limit=100)
    password = body.get("password")
    if not isinstance(password, str) or not password or len(password) > 1024:
        raise ApiError(400, "password: expected text", field="password")
    store = _store(request)
    client = request.client.host if request.client else "-"
    key = f"{name.casefold()}\x00{client}"
    count, oldest = await run_in_threadpool(store.login_failures, key, security.WINDOW)
    if count >= security.MAX_FAILURES:
        wait = max(1, int((oldest or 0) + security.WINDOW - store.clock()) + 1)
        raise ApiError(
            429,
            f"too many failed logins — try again in {(wait + 59) // 60} minutes",
            headers={"Retry-After": str(wait)},
        )
    record = await run_in_threadpool(store.authenticate, name, password)
    if record is None:
        await run_in_threadpool(store.record_login_failure, key, security.WINDOW)
        raise ApiError(401, "wrong user name or password")
    await run_in_threadpool(store.clear_login_failures, key)
    user = User(record.id, record.name, record.role)  # type: ignore[arg-type]
    token = security.log_in(request, user)
    return JSONResponse({"csrf_token": token, "user": {"name": user.name, "role": user.role}})


async def logout(request: Request) -> Response:
    """``POST /api/logout`` → 204."""
    _user(request, write=True)
    security.log_out(request)
    return Response(status_code=204)


async def me(request: Request) -> Response:
    """``GET /api/me`` → ``{"user": {"name", "role"}, "csrf_token"}``."""
    user = _user(request)
    return JSONResponse(
        {"user": {"name": user.name, "role": user.role}, "csrf_token": security.csrf_token(request)}
    )


def _order_json(order: storage.Order) -> dict[str, Any]:
    status = "signed" if order.signed else "new" if order.version == 1 else "in_progress"
    return {
        "id": order.id,
        "order": order.number,
        "customer": order.customer,
        "heater": order.heater,
        "installer": order.installer,
        "status": status,
        "version": order.version,
        "updated_at": _iso(order.updated_at),
    }


async def list_orders(request: Request) -> Response:
    """``GET /api/orders`` → the orders the user may see."""
    user = _user(request)
    store = _store(request)
    orders = store.orders(None if user.role == "office" else user.id)
    return JSONResponse({"orders": [_order_json(o) for o in orders]})


def _installer_id(store: storage.Store, name: Any, field: str = "installer") -> int:
    if not isinstance(name, str) or not name.strip():
        raise ApiError(400, f"{field}: expected an installer's user name", field=field)
    record = store.user_by_name(name.strip())
    if record is None or record.role != "installer":
        names = [u.name for u in store.users() if u.role == "installer"]
        choice = f"pick one of: {', '.join(names)}" if names else "there is no installer yet"
        raise ApiError(400, f'{field}: no installer named "{name}" — {choice}', field=field)
    return record.id


async def list_users(request: Request) -> Response:
    """``GET /api/users[?role=installer|office]`` (office) → ``{"users": [{"name",
    "role"}]}`` by name: the installers an order can be given to."""
    _user(request, office=True)
    role = request.query_params.get("role")
    if role is not None and role not in ("installer", "office"):
        raise ApiError(400, f'role: expected "installer" or "office", got "{role[:40]}"')
    users = await run_in_threadpool(_store(request).users)
    return JSONResponse(
        {
            "users": [
                {"name": u.name, "role": u.role} for u in users if role is None or u.role == role
            ]
        }
    )


async def create_order(request: Request) -> Response:
    """``POST /api/orders`` (office) → 201 ``{"id"}``; version 1 of its survey made."""
    user = _user(request, write=True, office=True)
    body = _object(await _json(request), "body")
    store = _store(request)
    number = _text(body, "order", limit=100)
    customer = _object(body.get("customer"), "customer")
    heater = _object(body.get("heater"), "heater")
    installer_id = _installer_id(store, body.get("installer"))
    for key in ("date", "appointment"):
        if body.get(key) is not None and not isinstance(body[key], str):
            raise ApiError(400, f"{key}: expected text", field=key)
    survey = order_survey(
        number,
        customer,
        heater,
        body["installer"].strip(),
        date=body.get("date"),
        appointment=body.get("appointment"),
        network=request.app.state.network,
    )

    def create() -> int:
        data, _ = _parse(store, 0, survey)
        try:
            return store.create_order(number, customer, heater, installer_id, user.id, data)
        except storage.DuplicateError as exc:
            raise ApiError(409, str(exc), field="order") from None

    order_id = await run_in_threadpool(create)
    return JSONResponse({"id": order_id}, status_code=201)


async def import_orders(request: Request) -> Response:
    """``POST /api/orders/import`` (office; multipart ``file`` = the orders of
    ``sitesurvey batch``, optional ``installer``) → 201 ``{"ids", "lacking_customer"}``;
    all or none. The customer's name, phone and address, the date and the appointment
    come from the file's columns where it has them; ``lacking_customer`` lists the
    orders (``{"id", "order", "missing"}``) that still hold a placeholder for one."""
    import tempfile

    from sitesurvey.batch import order_details, read_orders
    from sitesurvey.survey.template import PLACEHOLDERS

    user = _user(request, write=True, office=True)
    store = _store(request)
    raw, fields = await _upload(request, "the orders file (CSV or XLSX)", max_fields=2)
    installer = fields.get("installer")
    installer_id = None if not installer else _installer_id(store, installer)

    def placeholder(key: str) -> str:
        return json.loads(PLACEHOLDERS[key])

    def work() -> dict[str, Any]:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "orders"
            path.write_bytes(raw)
            try:
                orders = read_orders(path)
            except SiteSurveyError as exc:
                raise ApiError(400, str(exc).replace(str(path), "file"), field="file") from None
        new = []
        problems = []
        lacking: list[tuple[int, str, list[str]]] = []
        for row in orders.rows:
            cells = row.cells
            number = str(cells.get("order") or "").strip()
            details = order_details(row)
            customer = {
                key: details.get(column) or placeholder(f"customer.{key}")
                for key, column in _CUSTOMER_COLUMNS.items()
            }
            missing = [f"customer.{k}" for k, c in _CUSTOMER_COLUMNS.items() if c not in details]
            heater = {
                "model": placeholder("heater.model"),
                "power": cells.get("power"),
                "supply_voltage": cells.get("voltage"),
            }
            # the file's route columns (length, method, ...) are the dispatcher's guess,
            # not the installer's design: they are not put into the survey, where a rule
            # could pass on a value nobody measured
            survey = order_survey(
                number,
                customer,
                heater,
                installer,
                date=details.get("date"),
                appointment=details.get("appointment"),
                network=request.app.state.network,
            )
            try:
                data, _ = _parse(store, 0, survey)
            except ApiError as exc:
                problems += [f"row {row.row}: {p}" for p in exc.problems or [exc.message]]
                continue
            if missing:
                lacking.append((len(new), number, missing))
            new.append((number, customer, heater, installer_id, data))
        if problems:
            raise ApiError(
                400,
                f"{len(problems)} problems, nothing imported: " + "; ".join(problems[:20]),
                field="file",
            )
        try:
            ids = store.create_orders(new, user.id)
        except storage.DuplicateError as exc:
            raise ApiError(409, f"{exc} — nothing imported", field="file") from None
        return {
            "ids": ids,
            "lacking_customer": [
                {"id": ids[at], "order": number, "missing": missing}
                for at, number, missing in lacking
            ],
        }

    answer = await run_in_threadpool(work)
    return JSONResponse(answer, status_code=201)


async def get_survey(request: Request) -> Response:
    """``GET /api/surveys/{id}`` → ``{"version", "survey"}`` (the latest)."""
    user = _user(request)
    order = _order(request, user)
    latest = _store(request).latest_survey(order.id)
    return JSONResponse({"version": latest.version, "survey": latest.data})


async def put_survey(request: Request) -> Response:
    """``PUT /api/surveys/{id} {"base_version", "survey"}`` → ``{"version"}``; 409 with
    the latest when ``base_version`` is not the latest; 400 with problems, nothing saved."""
    user = _user(request, write=True)
    order = _order(request, user)
    body = _object(await _json(request), "body")
    base = body.get("base_version")
    if isinstance(base, bool) or not isinstance(base, int):
        raise ApiError(
            400, "base_version: expected the version the edit started from", field="base_version"
        )
    store = _store(request)

    def save() -> int:
        data, _ = _parse(store, order.id, body.get("survey"))
        try:
            return store.save_survey(order.id, user.id, base, data)
        except storage.Conflict as exc:
            latest = exc.latest
            raise ApiError(
                409,
                f"the survey was saved meanwhile (version {latest.version}, by "
                f"{latest.saved_by}); yours starts from version {base} — merge and save again",
                field="base_version",
                extra={"version": latest.version, "survey": latest.data},
            ) from None

    version = await run_in_threadpool(save)
    return JSONResponse({"version": version})


async def check(request: Request) -> Response:
    """``POST /api/surveys/{id}/check [{"survey"}]`` → ``check --json``'s JSON; never saves."""
    user = _user(request, write=True)
    order = _order(request, user)
    body = await _json(request, required=False)
    store = _store(request)
    if body is not None and "survey" in _object(body, "body"):
        data = body["survey"]
    else:
        data = store.latest_survey(order.id).data
    return JSONResponse(await run_in_threadpool(_check, store, order.id, data))


async def _form(request: Request, *, max_fields: int) -> Any:
    from starlette.datastructures import FormData

    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise ApiError(415, "send the file as multipart/form-data (field: file)", field="file")
    try:
        form: FormData = await request.form(
            max_files=1, max_fields=max_fields, max_part_size=64_000
        )
    except security.TooLarge:
        raise
    except Exception as exc:  # starlette's MultiPartException, HTTPException: bad form
        raise ApiError(400, f"the form cannot be read: {exc}", field="file") from None
    return form


async def _upload(
    request: Request, what: str = 'an image file in the field "file"', *, max_fields: int = 3
) -> tuple[bytes, dict[str, str]]:
    """The multipart body's ``file`` (its bytes; ``what`` names it in the 400 when it is
    missing) and its text fields."""
    form = await _form(request, max_fields=max_fields)
    try:
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise ApiError(400, f"file: expected {what}", field="file")
        raw = await upload.read()
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
    finally:
        await form.close()
    return raw, fields


async def _keep_image(
    request: Request, order_id: int, kind: Literal["photo", "signature"], raw: bytes
) -> images.StoredImage:
    """Re-encode an uploaded photo or signature (:mod:`.images`) and store it with the
    order, in a thread; a file that is no such image is a 400 at ``file``."""
    store = _store(request)
    encode = images.photo if kind == "photo" else images.signature

    def keep() -> images.StoredImage:
        try:
            image = encode(raw)
        except images.ImageError as exc:
            raise ApiError(400, str(exc), field="file") from None
        store.add_file(order_id, kind, image.media_type, image.content)
        return image

    return await run_in_threadpool(keep)


async def add_photo(request: Request) -> Response:
    """``POST /api/surveys/{id}/photos`` (multipart ``file``, ``subject``) → 201."""
    user = _user(request, write=True)
    order = _order(request, user)
    raw, fields = await _upload(request)
    from sitesurvey.survey.record import PHOTO_SUBJECTS

    subject = fields.get("subject", "other") or "other"
    if subject not in PHOTO_SUBJECTS:
        raise ApiError(
            400,
            f'subject: expected one of {", ".join(PHOTO_SUBJECTS)}, got "{subject[:100]}"',
            field="subject",
        )
    image = await _keep_image(request, order.id, "photo", raw)
    return JSONResponse(
        {
            "sha256": image.sha256,
            "image": image.name,
            "subject": subject,
            "media_type": image.media_type,
            "width": image.width,
            "height": image.height,
        },
        status_code=201,
    )


async def add_signature(request: Request) -> Response:
    """``POST /api/surveys/{id}/signatures/{point}`` (multipart ``file``, a PNG) → 201."""
    user = _user(request, write=True)
    order = _order(request, user)
    point = request.path_params["point"]
    if point not in SIGNATURE_POINTS:
        raise ApiError(
            404, f"no signature point {point!r}; the points: {', '.join(SIGNATURE_POINTS)}"
        )
    raw, _ = await _upload(request)
    image = await _keep_image(request, order.id, "signature", raw)
    return JSONResponse(
        {"sha256": image.sha256, "image": image.name, "point": point}, status_code=201
    )


async def get_file(request: Request) -> Response:
    """``GET /api/surveys/{id}/files/{sha256}`` → the stored image."""
    user = _user(request)
    order = _order(request, user)
    sha = request.path_params["sha256"].split(".")[0]
    record = _store(request).file(order.id, sha) if _SHA_RE.match(sha) else None
    if record is None:
        raise ApiError(404, "no such file in this survey")
    content = await run_in_threadpool(record.path.read_bytes)
    return Response(
        content,
        media_type=record.media_type,
        headers={"Cache-Control": "private, max-age=31536000, immutable"},
    )


@dataclass(frozen=True)
class Seal:
    """The network's key for sealing complete sheets (``serve --seal-key``)."""

    key: Path
    passphrase: bytes | None


class _SheetCache:
    """The last sheets rendered by this process, by (order, version, language, part).

    A saved version never changes and the same survey gives the same bytes, so a sheet
    asked for again (a second download, the share link) is not rendered again. Kept
    in memory only: a restart (a new sitesurvey, new templates) starts empty.
    """

    def __init__(self, size: int = 16):
        import collections
        import threading

        self.size = size
        self._items: collections.OrderedDict[tuple, bytes] = collections.OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> bytes | None:
        with self._lock:
            pdf = self._items.get(key)
            if pdf is not None:
                self._items.move_to_end(key)
            return pdf

    def put(self, key: tuple, pdf: bytes) -> None:
        with self._lock:
            self._items[key] = pdf
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


_SHEETS = _SheetCache()
#: The renders under way, by the cache's key: a second request for the same sheet waits
#: for the first one's render instead of queuing another.
_RENDERING: dict[tuple, Any] = {}
_RENDERING_LOCK = threading.Lock()


def _renderer(app_state: Any) -> Any:
    """The app's :class:`~sitesurvey.server.renderer.Renderer` (one render thread, made
    on first use, when the app was made without one)."""
    renderer = getattr(app_state, "renderer", None)
    if renderer is None:
        from sitesurvey.server.renderer import ThreadRenderer

        with _RENDERING_LOCK:
            renderer = getattr(app_state, "renderer", None)
            if renderer is None:
                renderer = app_state.renderer = ThreadRenderer(warm=False)
    return renderer


def _sheet(app_state: Any, order_id: int, lang: str, customer_only: bool) -> bytes:
    """The sheet of the order's latest survey, sealed when a key is set and it is complete.

    Renders run on the app's renderer (warm render processes under ``sitesurvey serve``:
    :mod:`sitesurvey.server.renderer`), never on the request's thread.
    """
    import concurrent.futures as cf

    store: storage.Store = app_state.store
    latest = store.latest_survey(order_id)
    sealed = getattr(app_state, "seal", None) is not None
    key = (str(store.path), sealed, order_id, latest.version, lang, customer_only)
    pdf = _SHEETS.get(key)
    if pdf is not None:
        return pdf
    with _RENDERING_LOCK:
        pdf = _SHEETS.get(key)  # rendered meanwhile
        if pdf is not None:
            return pdf
        pending = _RENDERING.get(key)
        mine = pending is None
        if mine:
            pending = _RENDERING[key] = cf.Future()
    if not mine:
        return pending.result()
    try:
        pdf = _render_sheet(app_state, latest, lang, customer_only)
    except BaseException as exc:
        pending.set_exception(exc)
        raise
    else:
        _SHEETS.put(key, pdf)
        pending.set_result(pdf)
        return pdf
    finally:
        with _RENDERING_LOCK:
            _RENDERING.pop(key, None)


def _render_sheet(
    app_state: Any, latest: storage.SurveyVersion, lang: str, customer_only: bool
) -> bytes:
    from sitesurvey.rules import check_survey
    from sitesurvey.server.renderer import RendererStoppedError

    store: storage.Store = app_state.store
    _, survey = _parse(store, latest.order_id, latest.data)
    try:
        pdf = _renderer(app_state).render(survey, lang, customer_only)
    except SiteSurveyError as exc:
        raise _survey_error(exc, str(store.files_dir / "survey.json")) from None
    except RendererStoppedError as exc:
        raise ApiError(503, str(exc)) from None
    seal: Seal | None = getattr(app_state, "seal", None)
    if seal is not None and not check_survey(survey).draft:
        from sitesurvey.sheet.seal import SealError, sign_sheet

        try:
            pdf = sign_sheet(pdf, seal.key, passphrase=seal.passphrase, name="sheet.pdf")
        except SealError as exc:
            raise ApiError(503, f"the sheet cannot be sealed now: {exc}") from None
    return pdf


def _pdf_response(pdf: bytes, name: str) -> Response:
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{name}"',
            "Cache-Control": "private, no-store",
        },
    )


def _safe_name(number: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", number)[:80] or "sheet"


async def sheet(request: Request) -> Response:
    """``GET /api/surveys/{id}/sheet.pdf?lang=zh|en[&customer_only=1]`` → the PDF."""
    user = _user(request)
    order = _order(request, user)
    lang = _lang(request.query_params.get("lang"))
    customer_only = request.query_params.get("customer_only") in ("1", "true", "yes")
    pdf = await run_in_threadpool(_sheet, request.app.state, order.id, lang, customer_only)
    return _pdf_response(pdf, f"{_safe_name(order.number)}-{lang}.pdf")


async def share(request: Request) -> Response:
    """``POST /api/surveys/{id}/share {"lang"}`` → 201 ``{"url": "/s/<token>", "expires_at"}``."""
    user = _user(request, write=True)
    order = _order(request, user)
    body = await _json(request, required=False)
    lang = _lang(_object(body, "body").get("lang") if body is not None else None)
    store = _store(request)
    token, expires = await run_in_threadpool(store.create_share, order.id, lang, SHARE_TTL)
    return JSONResponse({"url": f"/s/{token}", "expires_at": _iso(expires)}, status_code=201)


async def shared_sheet(request: Request) -> Response:
    """``GET /s/<token>`` (no session) → the customer's copy; 404 unknown or expired."""
    store: storage.Store = request.app.state.store
    found = store.share(request.path_params["token"])
    if found is None:
        raise ApiError(404, "this link is unknown or has expired — ask for a new one")
    order_id, lang = found
    pdf = await run_in_threadpool(_sheet, request.app.state, order_id, lang, True)
    return _pdf_response(pdf, f"sheet-{lang}.pdf")


async def export(request: Request) -> Response:
    """``GET /api/surveys/{id}/export`` → a zip: ``survey.json`` and its images."""
    user = _user(request)
    order = _order(request, user)
    store = _store(request)
    latest = store.latest_survey(order.id)

    def pack() -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            text = json.dumps(latest.data, ensure_ascii=False, indent=2)
            archive.writestr("survey.json", text + "\n")
            seen = set()
            for _, name in _image_references(latest.data):
                match = _FILE_NAME_RE.match(name) if isinstance(name, str) else None
                if match is None or name in seen:
                    continue
                record = store.file(order.id, match[1])
                if record is not None:
                    seen.add(name)
                    archive.writestr(name, record.path.read_bytes())
        return out.getvalue()

    content = await run_in_threadpool(pack)
    name = f"{_safe_name(order.number)}-v{latest.version}.zip"
    return Response(
        content,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


async def versions(request: Request) -> Response:
    """``GET /api/surveys/{id}/versions`` → every version (number, when, by whom)."""
    user = _user(request)
    order = _order(request, user)
    rows = _store(request).versions(order.id)
    return JSONResponse(
        {
            "versions": [
                {"version": v.version, "saved_at": _iso(v.saved_at), "saved_by": v.saved_by}
                for v in rows
            ]
        }
    )


async def not_found(request: Request) -> Response:
    """Any other ``/api`` path: a JSON 404."""
    raise ApiError(404, f"no API endpoint {request.method} {request.url.path}")


#: Starlette routes of the JSON API, mounted by :func:`sitesurvey.server.app.create_app`.
routes: list = [
    Route("/api/login", login, methods=["POST"]),
    Route("/api/logout", logout, methods=["POST"]),
    Route("/api/me", me, methods=["GET"]),
    Route("/api/orders", list_orders, methods=["GET"]),
    Route("/api/orders", create_order, methods=["POST"]),
    Route("/api/orders/import", import_orders, methods=["POST"]),
    Route("/api/users", list_users, methods=["GET"]),
    Route("/api/surveys/{id:int}", get_survey, methods=["GET"]),
    Route("/api/surveys/{id:int}", put_survey, methods=["PUT"]),
    Route("/api/surveys/{id:int}/check", check, methods=["POST"]),
    Route("/api/surveys/{id:int}/photos", add_photo, methods=["POST"]),
    Route("/api/surveys/{id:int}/signatures/{point}", add_signature, methods=["POST"]),
    Route("/api/surveys/{id:int}/files/{sha256}", get_file, methods=["GET"]),
    Route("/api/surveys/{id:int}/sheet.pdf", sheet, methods=["GET"]),
    Route("/api/surveys/{id:int}/share", share, methods=["POST"]),
    Route("/api/surveys/{id:int}/export", export, methods=["GET"]),
    Route("/api/surveys/{id:int}/versions", versions, methods=["GET"]),
    Route("/s/{token}", shared_sheet, methods=["GET"]),
    Route("/api/{rest:path}", not_found, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
]
