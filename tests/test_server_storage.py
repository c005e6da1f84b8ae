"""The storage module: migrations, versions under concurrency, durability under kill -9."""

from __future__ import annotations

import base64
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading

import pytest

from sitesurvey.server import storage
from sitesurvey.server.storage import Conflict, Store

SURVEY = {"format": 2, "marks": []}


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "data")
    office = s.add_user("office", "office", "password1")
    s.create_order("GZ-1", {"name": "x"}, {"model": "m"}, None, office.id, SURVEY)
    return s


def test_database_settings(store):
    conn = store._connection()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 10_000


def test_migrations_run_twice_are_a_no_op(tmp_path):
    first = Store(tmp_path)
    assert first.schema_version() == len(storage.MIGRATIONS)
    assert first.migrate() == 0
    second = Store(tmp_path)  # a second process opening the same folder
    assert second.migrate() == 0
    rows = second._connection().execute("SELECT version FROM schema_version").fetchall()
    assert [r[0] for r in rows] == list(range(1, len(storage.MIGRATIONS) + 1))


def test_password_hash_format_and_check():
    stored = storage.hash_password("s3cret pass")
    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(base64.b64decode(salt)) == 16 and len(base64.b64decode(digest)) == 32
    assert storage.verify_password("s3cret pass", stored)
    assert not storage.verify_password("s3cret pasS", stored)
    assert not storage.verify_password("x", "garbage")
    assert storage.hash_password("s3cret pass") != stored  # a new salt each time


def test_user_names_are_unique(store):
    with pytest.raises(storage.DuplicateError):
        store.add_user("office", "installer", "password2")


def test_save_is_a_new_version_and_a_stale_base_is_a_conflict(store):
    assert store.save_survey(1, 1, 1, {**SURVEY, "marks": ["a"]}) == 2
    with pytest.raises(Conflict) as caught:
        store.save_survey(1, 1, 1, {**SURVEY, "marks": ["b"]})
    assert caught.value.latest.version == 2 and caught.value.latest.data["marks"] == ["a"]
    assert [v.version for v in store.versions(1)] == [1, 2]
    assert store.survey_version(1, 1).data == SURVEY  # nothing is overwritten


def test_foreign_keys_hold(store):
    with pytest.raises(sqlite3.IntegrityError):
        store.save_survey(1, 999, 1, SURVEY)  # no user 999


def test_concurrent_saves_lose_no_update(store):
    """Threads save at once, each adding its own marks; on a conflict a thread reloads
    the latest and adds its mark again, as the form does. Every mark must be there."""
    threads, rounds = 8, 10
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            for round_ in range(rounds):
                mark = f"{index}-{round_}"
                while True:
                    latest = store.latest_survey(1)
                    data = {**latest.data, "marks": [*latest.data["marks"], mark]}
                    try:
                        store.save_survey(1, 1, latest.version, data)
                        break
                    except Conflict:
                        continue
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert errors == []
    latest = store.latest_survey(1)
    assert latest.version == 1 + threads * rounds
    assert sorted(latest.data["marks"]) == sorted(
        f"{i}-{r}" for i in range(threads) for r in range(rounds)
    )
    assert [v.version for v in store.versions(1)] == list(range(1, latest.version + 1))


def test_files_are_kept_once_by_hash_and_per_order(store, tmp_path):
    record = store.add_file(1, "photo", "image/jpeg", b"\xff\xd8 bytes")
    again = store.add_file(1, "photo", "image/jpeg", b"\xff\xd8 bytes")
    assert record == again and record.path.read_bytes() == b"\xff\xd8 bytes"
    assert record.path.name == f"{record.sha256}.jpg"
    assert store.file(1, record.sha256) is not None
    assert store.file(2, record.sha256) is None
    assert [p.name for p in record.path.parent.iterdir()] == [record.path.name]  # no temp left


def test_share_tokens_are_stored_hashed_and_expire(store):
    now = [1000.0]
    store.clock = lambda: now[0]
    token, expires = store.create_share(1, "zh", 60)
    assert expires == 1060.0
    stored = store._connection().execute("SELECT token_hash FROM shares").fetchone()[0]
    assert token not in stored
    assert store.share(token) == (1, "zh")
    now[0] = 1060.0
    assert store.share(token) is None


_CHILD = textwrap.dedent(
    """
    import sys
    from sitesurvey.server.storage import Store, Conflict
    store = Store(sys.argv[1])
    version = store.latest_survey(1).version
    while True:
        data = {"format": 2, "marks": [version]}
        version = store.save_survey(1, 1, version, data)
        print(version, flush=True)  # only after the commit
    """
)


def test_kill_9_during_saves_loses_no_committed_version(store, tmp_path):
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(store.data_dir)],
        stdout=subprocess.PIPE,
        text=True,
    )
    reported = []
    try:
        for line in child.stdout:
            reported.append(int(line))
            if len(reported) >= 40:
                break
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    store.close()
    reopened = Store(store.data_dir)
    conn = reopened._connection()
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    versions = {v.version for v in reopened.versions(1)}
    assert set(reported) <= versions
    assert versions == set(range(1, max(versions) + 1))
