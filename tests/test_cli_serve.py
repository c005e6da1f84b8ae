"""``sitesurvey serve`` and ``sitesurvey user``."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from sitesurvey.server.storage import Store, default_data_dir


def test_user_add_reads_the_password_from_stdin_and_list_shows_it(runner, tmp_path):
    from sitesurvey.cli import main

    data = str(tmp_path / "d")
    r = runner.invoke(
        main, ["user", "add", "li", "--role", "installer", "--data", data], input="long enough\n"
    )
    assert r.exit_code == 0, r.stderr
    assert "added installer li" in r.stderr
    assert Store(data).authenticate("li", "long enough") is not None
    r = runner.invoke(main, ["user", "list", "--data", data])
    assert r.stdout == "li\tinstaller\n"


@pytest.mark.parametrize("password", ["", "short7!"])
def test_user_add_refuses_an_empty_or_short_password(
    runner, tmp_path, password, assert_clean_error
):
    from sitesurvey.cli import main

    data = tmp_path / "d"
    r = runner.invoke(
        main, ["user", "add", "li", "--role", "office", "--data", str(data)], input=password + "\n"
    )
    assert_clean_error(r, "at least 8 characters")
    assert Store(data).users() == []


def test_user_add_twice_is_refused(runner, tmp_path, assert_clean_error):
    from sitesurvey.cli import main

    args = ["user", "add", "li", "--role", "office", "--data", str(tmp_path)]
    assert runner.invoke(main, args, input="password1\n").exit_code == 0
    assert_clean_error(runner.invoke(main, args, input="password2\n"), "exists already")


def test_user_add_refuses_a_name_with_control_characters(runner, tmp_path, assert_clean_error):
    from sitesurvey.cli import main

    args = ["user", "add", "li\x1b[8m", "--role", "office", "--data", str(tmp_path)]
    assert_clean_error(runner.invoke(main, args, input="password1\n"), "NAME")


def test_serve_help_names_its_options(run):
    r = run("serve", "--help")
    for option in (
        "--host",
        "--port",
        "--data",
        "--workers",
        "--render-processes",
        "--seal-key",
        "--passphrase-file",
    ):
        assert option in r.stdout


@pytest.mark.parametrize(
    ("cpus", "args", "expected"),
    [(2, [], 2), (64, [], 4), (None, [], 1), (2, ["--render-processes", "0"], 0)],
)
def test_serve_starts_warm_render_processes_one_per_cpu_at_most_4(
    run, monkeypatch, tmp_path, cpus, args, expected
):
    import uvicorn

    from sitesurvey.server.renderer import ProcessRenderer, ThreadRenderer

    served = []
    monkeypatch.setattr(os, "cpu_count", lambda: cpus)
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.append(app))
    run("serve", "--data", str(tmp_path / "d"), *args)
    (app,) = served
    renderer = app.state.renderer
    assert renderer.warm
    if expected:
        assert isinstance(renderer, ProcessRenderer) and renderer.processes == expected
    else:
        assert isinstance(renderer, ThreadRenderer)


def test_serve_without_the_extra_exits_2_saying_how_to_install(
    run, monkeypatch, assert_clean_error
):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a)
    )
    from click.testing import CliRunner

    from sitesurvey.cli import main

    r = CliRunner().invoke(main, ["serve"])
    assert_clean_error(r, 'pip install "sitesurvey[serve]"', "uvicorn")


def test_default_data_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_data_dir() == tmp_path / "sitesurvey"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")
    assert default_data_dir() == Path.home() / ".local" / "share" / "sitesurvey"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen, str, float]:
    port = _free_port()
    exe = shutil.which("sitesurvey", path=os.path.dirname(sys.executable))
    start = time.perf_counter()
    proc = subprocess.Popen(
        [exe, "serve", "--port", str(port), "--data", str(tmp_path / "d"), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/api/me", timeout=2)
        except urllib.error.HTTPError as exc:
            if exc.code == 401:
                return proc, url, time.perf_counter() - start
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise AssertionError(proc.stderr.read().decode() if proc.stderr else "no answer")


def _stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    proc.stderr.close()


def _login(url: str, name: str, password: str) -> dict:
    request = urllib.request.Request(
        url + "/api/login",
        data=json.dumps({"username": name, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


@pytest.mark.parametrize("workers", ["1", pytest.param("2", marks=pytest.mark.slow)])
def test_serve_answers_over_http(tmp_path, workers):
    Store(tmp_path / "d").add_user("li", "installer", "password1")
    proc, url, _ = _serve(tmp_path, "--workers", workers)
    try:
        assert _login(url, "li", "password1")["user"] == {"name": "li", "role": "installer"}
        assert (tmp_path / "d" / "secret").exists()
    finally:
        _stop(proc)


def test_serve_refuses_a_seal_key_that_cannot_sign(run, tmp_path, assert_clean_error):
    from click.testing import CliRunner

    from sitesurvey.cli import main

    key = tmp_path / "network.p12"
    key.write_bytes(b"-----BEGIN CERTIFICATE-----\nnot a key\n")
    r = CliRunner().invoke(main, ["serve", "--data", str(tmp_path / "d"), "--seal-key", str(key)])
    assert_clean_error(r, "--seal-key:", ".p12")


def test_serve_refuses_a_network_profile_it_cannot_read(tmp_path, assert_clean_error):
    from click.testing import CliRunner

    from sitesurvey.cli import main

    profile = tmp_path / "network.toml"
    profile.write_text('name = "网点"\nphone = 20\n', encoding="utf-8")
    r = CliRunner().invoke(
        main, ["serve", "--data", str(tmp_path / "d"), "--network", str(profile)]
    )
    assert r.exit_code == 2
    assert "phone" in r.output


def test_kill_9_of_the_server_during_saves_loses_no_acknowledged_save(tmp_path):
    import http.cookiejar
    import sqlite3

    store = Store(tmp_path / "d")
    store.add_user("office", "office", "password1")
    store.add_user("li", "installer", "password1")
    store.close()
    proc, url, _ = _serve(tmp_path)
    acknowledged = []
    try:
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

        def call(method, path, body=None, token=""):
            request = urllib.request.Request(
                url + path,
                data=None if body is None else json.dumps(body).encode(),
                method=method,
                headers={"Content-Type": "application/json", "X-CSRF-Token": token},
            )
            with opener.open(request, timeout=10) as response:
                return json.loads(response.read() or b"null")

        token = call("POST", "/api/login", {"username": "office", "password": "password1"})
        token = token["csrf_token"]
        order = {
            "order": "K-1",
            "customer": {"name": "x", "phone": "1", "address": "y"},
            "heater": {"model": "m", "power": "5.5 kW", "supply_voltage": "220 V"},
            "installer": "li",
        }
        order_id = call("POST", "/api/orders", order, token)["id"]
        latest = call("GET", f"/api/surveys/{order_id}")
        survey = latest["survey"]

        def save_forever(version: int) -> None:
            for i in range(10_000):
                survey["customer"]["address"] = f"y {i}"
                body = {"base_version": version, "survey": survey}
                try:
                    version = call("PUT", f"/api/surveys/{order_id}", body, token)["version"]
                except OSError:
                    return  # the server is gone
                acknowledged.append(version)

        saver = threading.Thread(target=save_forever, args=(latest["version"],))
        saver.start()
        deadline = time.monotonic() + 30
        while len(acknowledged) < 20 and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # while the saver is saving
        proc.wait()
        proc.stderr.close()
    saver.join(timeout=30)
    assert len(acknowledged) >= 20
    db = sqlite3.connect(tmp_path / "d" / "sitesurvey.db")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    saved = {v.version for v in Store(tmp_path / "d").versions(order_id)}
    assert acknowledged == list(range(2, 2 + len(acknowledged)))
    assert set(acknowledged) <= saved
