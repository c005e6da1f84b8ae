"""The one storage module of ``sitesurvey serve``: users, work orders, survey versions,
files, share links and login attempts, in SQLite.

Everything the server keeps goes through :class:`Store`; no SQL is written anywhere
else, and the SQL here is plain (no SQLite-only syntax beyond the pragmas), so that a
PostgreSQL store with the same methods can follow.

The database is ``DATA/sitesurvey.db``, in WAL mode with foreign keys on and a busy
timeout; every write is one ``BEGIN IMMEDIATE`` transaction. Each thread gets its own
connection (:mod:`sqlite3` objects are not shared between threads). The schema is
versioned: :data:`MIGRATIONS` are applied in order and recorded in ``schema_version``,
so opening a store twice applies nothing the second time.

Every save of a survey is a new row of ``survey_versions``; nothing is ever updated or
deleted there. :meth:`Store.save_survey` compares the client's base version with the
latest and inserts in the same transaction, so two clients saving from the same base
cannot both win: the second gets :class:`Conflict` with the latest version.

Photos and signatures are files ``DATA/files/<sha256>.<ext>``, written atomically and
flushed to disk before their row is committed.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "MIGRATIONS",
    "ROLES",
    "Conflict",
    "DuplicateError",
    "FileRecord",
    "Order",
    "Store",
    "SurveyVersion",
    "UserRecord",
    "default_data_dir",
    "hash_password",
    "verify_password",
]

#: The roles a user can have.
ROLES = ("installer", "office")

#: scrypt's cost parameters (n, r, p) for new password hashes.
SCRYPT_PARAMS = (2**14, 8, 1)

#: The schema, one migration per version, applied in order (never edit one that shipped:
#: add the next).
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('installer', 'office')),
        password_hash TEXT NOT NULL,
        created_at REAL NOT NULL
    );
    CREATE TABLE orders (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,
        customer TEXT NOT NULL,
        heater TEXT NOT NULL,
        installer_id INTEGER REFERENCES users(id),
        created_by INTEGER NOT NULL REFERENCES users(id),
        created_at REAL NOT NULL
    );
    CREATE INDEX orders_installer ON orders(installer_id);
    CREATE TABLE survey_versions (
        id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES orders(id),
        version INTEGER NOT NULL,
        data TEXT NOT NULL,
        saved_by INTEGER NOT NULL REFERENCES users(id),
        saved_at REAL NOT NULL,
        UNIQUE (order_id, version)
    );
    CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL,
        order_id INTEGER NOT NULL REFERENCES orders(id),
        kind TEXT NOT NULL CHECK (kind IN ('photo', 'signature')),
        media_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        created_at REAL NOT NULL,
        UNIQUE (order_id, sha256)
    );
    CREATE TABLE shares (
        token_hash TEXT PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES orders(id),
        lang TEXT NOT NULL,
        created_at REAL NOT NULL,
        expires_at REAL NOT NULL
    );
    CREATE TABLE login_attempts (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL,
        at REAL NOT NULL
    );
    CREATE INDEX login_attempts_key ON login_attempts(key, at);
    """,
)

_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png"}


class Conflict(Exception):  # noqa: N818 (the name says what happened, like KeyError)
    """A save whose base version is not the latest; ``latest`` is the latest version."""

    def __init__(self, latest: SurveyVersion):
        self.latest = latest
        super().__init__(f"the survey was saved meanwhile: the latest version is {latest.version}")


class DuplicateError(Exception):
    """A user name or work-order number that exists already."""


@dataclass(frozen=True, slots=True)
class UserRecord:
    """A user as stored: ``id``, ``name``, ``role`` (``installer`` or ``office``)."""

    id: int
    name: str
    role: str


@dataclass(frozen=True, slots=True)
class Order:
    """A work order and the latest version of its survey.

    Attributes
    ----------
    id, number : int, str
        The row's id (in URLs) and the work-order number.
    customer, heater : dict
        As the latest version of the survey has them (corrected on site), else as
        given when the order was created.
    installer_id, installer : int or None, str or None
        The installer the order is assigned to.
    created_by, created_at : int, float
    version, updated_at : int, float
        The latest version of the survey and when it was saved.
    signed : bool
        Whether the latest version holds the customer's final signature.
    """

    id: int
    number: str
    customer: dict[str, Any]
    heater: dict[str, Any]
    installer_id: int | None
    installer: str | None
    created_by: int
    created_at: float
    version: int
    updated_at: float
    signed: bool


@dataclass(frozen=True, slots=True)
class SurveyVersion:
    """One saved version of an order's survey (the survey data as JSON-ready dict)."""

    order_id: int
    version: int
    data: dict[str, Any]
    saved_by: str
    saved_at: float


@dataclass(frozen=True, slots=True)
class FileRecord:
    """A stored photo or signature of an order; the bytes are at ``path``."""

    sha256: str
    order_id: int
    kind: str
    media_type: str
    size: int
    path: Path

    @property
    def name(self) -> str:
        """The file name the survey refers to: ``<sha256>.<ext>``."""
        return self.path.name


def hash_password(password: str, *, params: tuple[int, int, int] = SCRYPT_PARAMS) -> str:
    """The stored form of a password: ``scrypt$n$r$p$salt_b64$hash_b64``.

    Parameters
    ----------
    password : str
        The password as typed.
    params : tuple of int
        scrypt's ``n``, ``r``, ``p``.
    """
    n, r, p = params
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)
    encode = base64.b64encode
    return f"scrypt${n}${r}${p}${encode(salt).decode()}${encode(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches the stored hash (compared in constant time).

    Parameters
    ----------
    password : str
        The password as typed.
    stored : str
        As :func:`hash_password` made it; anything else never matches.
    """
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest, validate=True)
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt, validate=True),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


#: A hash to compare against for an unknown user name, so that a login takes as long
#: whether or not the name exists.
_DUMMY_HASH = hash_password("not a password: no user has this hash")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _signed(data: dict[str, Any]) -> bool:
    signatures = data.get("signatures")
    if isinstance(signatures, dict) and isinstance(signatures.get("final"), dict):
        return True
    return isinstance(data.get("signature"), dict)


class Store:
    """SQLite storage in a data folder (``sitesurvey.db`` and ``files/``).

    Parameters
    ----------
    data_dir : pathlib.Path
        The folder; made (mode 0700) when missing.
    clock : callable, optional
        Returns the time in seconds since the epoch (tests inject their own).
    busy_timeout : float
        Seconds a write waits for another process's transaction before failing.
    """

    def __init__(
        self,
        data_dir: str | os.PathLike[str],
        *,
        clock: Callable[[], float] = time.time,
        busy_timeout: float = 10.0,
    ):
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.files_dir = self.data_dir / "files"
        self.files_dir.mkdir(exist_ok=True, mode=0o700)
        self.path = self.data_dir / "sitesurvey.db"
        self.clock = clock
        self.busy_timeout = busy_timeout
        self._local = threading.local()
        self.migrate()

    # ------------------------------------------------------------------ connections

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                self.path, timeout=self.busy_timeout, isolation_level=None, check_same_thread=True
            )
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            self._local.conn = conn
        return conn

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``): committed, or rolled back."""
        conn = self._connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        """Close this thread's connection (others close when their thread ends)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def migrate(self) -> int:
        """Apply the migrations not applied yet, in order; return how many were applied."""
        conn = self._connection()
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)")
        applied = 0
        for version, script in enumerate(MIGRATIONS, start=1):
            with self._write() as db:
                done = db.execute(
                    "SELECT 1 FROM schema_version WHERE version = ?", (version,)
                ).fetchone()
                if done is not None:
                    continue
                for statement in script.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
                applied += 1
        return applied

    def schema_version(self) -> int:
        """The highest migration applied."""
        row = self._connection().execute("SELECT MAX(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    # ------------------------------------------------------------------------ users

    def add_user(self, name: str, role: str, password: str) -> UserRecord:
        """Add a user; :class:`DuplicateError` when the name is taken."""
        if role not in ROLES:
            raise ValueError(f"role: expected one of {', '.join(ROLES)}, got {role!r}")
        hashed = hash_password(password)
        try:
            with self._write() as db:
                cursor = db.execute(
                    "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                    (name, role, hashed, self.clock()),
                )
        except sqlite3.IntegrityError:
            raise DuplicateError(f'a user named "{name}" exists already') from None
        return UserRecord(int(cursor.lastrowid or 0), name, role)

    def users(self) -> list[UserRecord]:
        """Every user, by name."""
        rows = self._connection().execute("SELECT id, name, role FROM users ORDER BY name")
        return [UserRecord(r["id"], r["name"], r["role"]) for r in rows]

    def _user_where(self, column: Literal["id", "name"], value: int | str) -> UserRecord | None:
        sql = f"SELECT id, name, role FROM users WHERE {column} = ?"  # column: id or name
        r = self._connection().execute(sql, (value,)).fetchone()
        return None if r is None else UserRecord(r["id"], r["name"], r["role"])

    def user(self, user_id: int) -> UserRecord | None:
        """The user with this id, or None."""
        return self._user_where("id", user_id)

    def user_by_name(self, name: str) -> UserRecord | None:
        """The user with this name, or None."""
        return self._user_where("name", name)

    def authenticate(self, name: str, password: str) -> UserRecord | None:
        """The user when the password is theirs, else None (same time either way)."""
        r = (
            self._connection()
            .execute("SELECT id, name, role, password_hash FROM users WHERE name = ?", (name,))
            .fetchone()
        )
        if r is None:
            verify_password(password, _DUMMY_HASH)
            return None
        if not verify_password(password, r["password_hash"]):
            return None
        return UserRecord(r["id"], r["name"], r["role"])

    # --------------------------------------------------------------- login attempts

    def login_failures(self, key: str, window: float) -> tuple[int, float | None]:
        """How many failed logins ``key`` had within ``window`` seconds, and the oldest."""
        since = self.clock() - window
        r = (
            self._connection()
            .execute(
                "SELECT COUNT(*), MIN(at) FROM login_attempts WHERE key = ? AND at > ?",
                (key, since),
            )
            .fetchone()
        )
        return int(r[0]), r[1]

    def record_login_failure(self, key: str, window: float) -> None:
        """Record a failed login (and forget those older than ``window`` seconds)."""
        now = self.clock()
        with self._write() as db:
            db.execute("DELETE FROM login_attempts WHERE at <= ?", (now - window,))
            db.execute("INSERT INTO login_attempts (key, at) VALUES (?, ?)", (key, now))

    def clear_login_failures(self, key: str) -> None:
        """Forget the failed logins of ``key`` (after a successful one)."""
        with self._write() as db:
            db.execute("DELETE FROM login_attempts WHERE key = ?", (key,))

    # ----------------------------------------------------------------------- orders

    def create_order(
        self,
        number: str,
        customer: dict[str, Any],
        heater: dict[str, Any],
        installer_id: int | None,
        created_by: int,
        survey: dict[str, Any],
    ) -> int:
        """Create a work order and version 1 of its survey; return the order's id.

        Raises
        ------
        DuplicateError
            An order with this number exists already.
        """
        return self.create_orders([(number, customer, heater, installer_id, survey)], created_by)[0]

    def create_orders(
        self,
        orders: list[tuple[str, dict[str, Any], dict[str, Any], int | None, dict[str, Any]]],
        created_by: int,
    ) -> list[int]:
        """Create several orders (number, customer, heater, installer id, survey) in one
        transaction: all or none. Raises :class:`DuplicateError` for a number that exists."""
        now = self.clock()
        ids: list[int] = []
        with self._write() as db:
            for number, customer, heater, installer_id, survey in orders:
                try:
                    cursor = db.execute(
                        "INSERT INTO orders (number, customer, heater, installer_id, created_by,"
                        " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                        (
                            number,
                            json.dumps(customer, ensure_ascii=False),
                            json.dumps(heater, ensure_ascii=False),
                            installer_id,
                            created_by,
                            now,
                        ),
                    )
                except sqlite3.IntegrityError:
                    raise DuplicateError(
                        f'a work order numbered "{number}" exists already'
                    ) from None
                order_id = int(cursor.lastrowid or 0)
                db.execute(
                    "INSERT INTO survey_versions (order_id, version, data, saved_by, saved_at)"
                    " VALUES (?, 1, ?, ?, ?)",
                    (order_id, json.dumps(survey, ensure_ascii=False), created_by, now),
                )
                ids.append(order_id)
        return ids

    _ORDER_SQL = """
        SELECT o.id, o.number, o.customer, o.heater, o.installer_id, u.name AS installer,
               o.created_by, o.created_at, v.version, v.saved_at, v.data
        FROM orders o
        LEFT JOIN users u ON u.id = o.installer_id
        JOIN survey_versions v ON v.order_id = o.id
        WHERE v.version = (SELECT MAX(version) FROM survey_versions WHERE order_id = o.id)
    """

    @staticmethod
    def _order(r: sqlite3.Row) -> Order:
        latest = json.loads(r["data"])
        # the customer and heater as the latest survey has them: the installer corrects
        # them on site, and the list must say what the sheet says
        customer, heater = latest.get("customer"), latest.get("heater")
        return Order(
            id=r["id"],
            number=r["number"],
            customer=customer if isinstance(customer, dict) else json.loads(r["customer"]),
            heater=heater if isinstance(heater, dict) else json.loads(r["heater"]),
            installer_id=r["installer_id"],
            installer=r["installer"],
            created_by=r["created_by"],
            created_at=r["created_at"],
            version=r["version"],
            updated_at=r["saved_at"],
            signed=_signed(latest),
        )

    def orders(self, installer_id: int | None = None) -> list[Order]:
        """Every order, newest first; only the installer's when ``installer_id`` is given."""
        sql = self._ORDER_SQL
        params: tuple[Any, ...] = ()
        if installer_id is not None:
            sql += " AND o.installer_id = ?"
            params = (installer_id,)
        rows = self._connection().execute(sql + " ORDER BY o.id DESC", params)
        return [self._order(r) for r in rows]

    def order(self, order_id: int) -> Order | None:
        """The order with this id, or None."""
        r = self._connection().execute(self._ORDER_SQL + " AND o.id = ?", (order_id,)).fetchone()
        return None if r is None else self._order(r)

    # ---------------------------------------------------------------------- surveys

    @staticmethod
    def _version(r: sqlite3.Row) -> SurveyVersion:
        return SurveyVersion(
            r["order_id"], r["version"], json.loads(r["data"]), r["name"], r["saved_at"]
        )

    _VERSION_SQL = """
        SELECT v.order_id, v.version, v.data, u.name, v.saved_at
        FROM survey_versions v JOIN users u ON u.id = v.saved_by
        WHERE v.order_id = ?
    """

    def latest_survey(self, order_id: int, db: sqlite3.Connection | None = None) -> SurveyVersion:
        """The latest version of the order's survey (KeyError when there is no order)."""
        conn = db or self._connection()
        r = conn.execute(self._VERSION_SQL + " ORDER BY v.version DESC LIMIT 1", (order_id,))
        row = r.fetchone()
        if row is None:
            raise KeyError(order_id)
        return self._version(row)

    def survey_version(self, order_id: int, version: int) -> SurveyVersion | None:
        """One version of the order's survey, or None."""
        r = self._connection().execute(
            self._VERSION_SQL + " AND v.version = ?", (order_id, version)
        )
        row = r.fetchone()
        return None if row is None else self._version(row)

    def versions(self, order_id: int) -> list[SurveyVersion]:
        """Every version of the order's survey, oldest first."""
        rows = self._connection().execute(self._VERSION_SQL + " ORDER BY v.version", (order_id,))
        return [self._version(r) for r in rows]

    def save_survey(
        self, order_id: int, user_id: int, base_version: int, data: dict[str, Any]
    ) -> int:
        """Save ``data`` as the next version of the order's survey; return its number.

        The latest version is read and the new one inserted in one ``BEGIN IMMEDIATE``
        transaction, so no concurrent save is lost.

        Raises
        ------
        Conflict
            ``base_version`` is not the latest version (someone saved meanwhile).
        KeyError
            No such order.
        """
        text = json.dumps(data, ensure_ascii=False)
        with self._write() as db:
            latest = self.latest_survey(order_id, db)
            if latest.version != base_version:
                raise Conflict(latest)
            version = latest.version + 1
            db.execute(
                "INSERT INTO survey_versions (order_id, version, data, saved_by, saved_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (order_id, version, text, user_id, self.clock()),
            )
        return version

    # ------------------------------------------------------------------------ files

    def file_path(self, sha256: str, media_type: str) -> Path:
        """Where the bytes of a file with this hash and media type are kept."""
        return self.files_dir / f"{sha256}.{_EXTENSIONS[media_type]}"

    def add_file(self, order_id: int, kind: str, media_type: str, content: bytes) -> FileRecord:
        """Keep a photo or signature of an order: the file first (atomically, flushed to
        disk), then its row. The same bytes twice are kept once."""
        sha256 = hashlib.sha256(content).hexdigest()
        path = self.file_path(sha256, media_type)
        if not path.exists():
            _write_durably(path, content)
        with self._write() as db:
            db.execute(
                "INSERT INTO files (sha256, order_id, kind, media_type, size, created_at)"
                " SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS"
                " (SELECT 1 FROM files WHERE order_id = ? AND sha256 = ?)",
                (sha256, order_id, kind, media_type, len(content), self.clock(), order_id, sha256),
            )
        return FileRecord(sha256, order_id, kind, media_type, len(content), path)

    def file(self, order_id: int, sha256: str) -> FileRecord | None:
        """The order's file with this hash, or None."""
        r = (
            self._connection()
            .execute(
                "SELECT sha256, order_id, kind, media_type, size FROM files"
                " WHERE order_id = ? AND sha256 = ?",
                (order_id, sha256),
            )
            .fetchone()
        )
        if r is None:
            return None
        path = self.file_path(r["sha256"], r["media_type"])
        return FileRecord(r["sha256"], r["order_id"], r["kind"], r["media_type"], r["size"], path)

    # ----------------------------------------------------------------------- shares

    def create_share(self, order_id: int, lang: str, ttl: float) -> tuple[str, float]:
        """A new share link's token (only its SHA-256 is stored) and when it expires."""
        token = secrets.token_urlsafe(32)
        now = self.clock()
        expires = now + ttl
        with self._write() as db:
            db.execute(
                "INSERT INTO shares (token_hash, order_id, lang, created_at, expires_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (_token_hash(token), order_id, lang, now, expires),
            )
        return token, expires

    def share(self, token: str) -> tuple[int, str] | None:
        """The order and language of a share link that has not expired, or None."""
        r = (
            self._connection()
            .execute(
                "SELECT order_id, lang, expires_at FROM shares WHERE token_hash = ?",
                (_token_hash(token),),
            )
            .fetchone()
        )
        if r is None or r["expires_at"] <= self.clock():
            return None
        return r["order_id"], r["lang"]


def _write_durably(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` atomically and flush it (and the folder) to disk."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def default_data_dir() -> Path:
    """The per-user data folder of ``sitesurvey serve``: ``$XDG_DATA_HOME/sitesurvey``,
    or ``~/.local/share/sitesurvey``."""
    base = os.environ.get("XDG_DATA_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".local" / "share"
    return root / "sitesurvey"
