"""Figures of ``sitesurvey serve`` (issue 13), printed, never asserted.

Starts ``sitesurvey serve --workers 2`` (``--workers N``; ``--render-processes N`` is
passed on when given) on a fresh data folder and measures, from a
client on the same machine (so the figures include the HTTP round trip):

- the first response after start;
- ``GET /api/surveys/{id}`` and the form page ``/surveys/{id}`` (when the pages exist);
- the live check (``POST /api/surveys/{id}/check`` with a complete draft), p95;
- the sheet at 2 concurrent users with warm workers, p95;
- 20 concurrent clients saving for ``--duration`` seconds: saves, conflicts, server
  errors, and whether every acknowledged save is in the history under its author.

Usage: ``python benchmarks/bench_serve.py [--duration 60] [--quick] [--workers N]
[--render-processes N]``. The load average is printed at the start, before the sheets
and at the end: figures taken at different loads are not comparable.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

PASSWORD = "benchmark password"


class Client:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.token = ""

    def call(self, method: str, path: str, body=None) -> tuple[int, bytes]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("X-CSRF-Token", self.token)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def login(self, name: str) -> None:
        status, body = self.call("POST", "/api/login", {"username": name, "password": PASSWORD})
        assert status == 200, body
        self.token = json.loads(body)["csrf_token"]


def timed(client: Client, method: str, path: str, body=None, runs: int = 50) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        status, _ = client.call(method, path, body)
        times.append(time.perf_counter() - start)
        assert status < 500, status
    return times


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def show(name: str, values: list[float], target: float | None = None) -> None:
    line = (
        f"{name:<44} p50 {statistics.median(values) * 1000:7.1f} ms  "
        f"p95 {p95(values) * 1000:7.1f} ms  (n={len(values)})"
    )
    if target is not None:
        line += (
            f"  target p95 ≤ {target * 1000:.0f} ms  {'met' if p95(values) <= target else 'MISSED'}"
        )
    print(line, flush=True)


def example_survey(work_order: str) -> dict:
    from sitesurvey.sizing.table import data_dir

    data = tomllib.loads((data_dir("templates") / "survey-example.toml").read_text("utf-8"))
    data.pop("example")
    data["job"]["work_order"] = work_order
    return json.loads(json.dumps(data, default=str))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--quick", action="store_true", help="fewer runs, 10 s of saving")
    parser.add_argument("--workers", type=int, default=2, help="serve --workers (default 2)")
    parser.add_argument(
        "--render-processes", type=int, default=None, help="serve --render-processes"
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=15.0,
        help="seconds to wait after the first response, for the workers to warm (default 15)",
    )
    parser.add_argument(
        "--sheets", type=int, default=None, help="sheets per user at 2 users (default 17, 5 quick)"
    )
    args = parser.parse_args()
    runs = 10 if args.quick else 50
    duration = 10.0 if args.quick else args.duration

    from sitesurvey.server.storage import Store

    folder = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    store = Store(folder)
    store.add_user("office", "office", PASSWORD)
    store.add_user("li", "installer", PASSWORD)
    for i in range(20):
        store.add_user(f"office{i}", "office", PASSWORD)
    store.close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = shutil.which("sitesurvey", path=os.path.dirname(sys.executable)) or "sitesurvey"
    print(f"load average at start: {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores", flush=True)
    command = [exe, "serve", "--port", str(port), "--data", str(folder)]
    command += ["--workers", str(args.workers)]
    if args.render_processes is not None:
        command += ["--render-processes", str(args.render_processes)]
    print(" ".join(["sitesurvey", *command[1:]]), flush=True)
    start = time.perf_counter()
    server = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                urllib.request.urlopen(base + "/api/me", timeout=1)
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.02)
            if time.perf_counter() - start > 60:
                raise SystemExit("the server did not answer within 60 s")
        print(f"{'first response after start':<44} {time.perf_counter() - start:.2f} s")
        time.sleep(args.settle)  # "warm workers": what warms at start is done

        office = Client(base)
        office.login("office")
        order = {
            "order": "BENCH-1",
            "customer": {"name": "王丽", "phone": "138", "address": "广州"},
            "heater": {"model": "QX-55A", "power": "5.5 kW", "supply_voltage": "220 V"},
            "installer": "li",
        }
        status, body = office.call("POST", "/api/orders", order)
        assert status == 201, body
        order_id = json.loads(body)["id"]
        li = Client(base)
        li.login("li")
        show("GET /api/surveys/{id}", timed(li, "GET", f"/api/surveys/{order_id}", runs=runs))
        status, _ = li.call("GET", f"/surveys/{order_id}")
        if status == 200:
            show(
                "GET /surveys/{id} (the form page)",
                timed(li, "GET", f"/surveys/{order_id}", runs=runs),
                0.100,
            )
        else:
            print(f"{'GET /surveys/{id} (the form page)':<44} not there ({status})")
        draft = {"survey": example_survey("BENCH-1")}
        li.call("POST", f"/api/surveys/{order_id}/check", draft)  # warm
        show(
            "POST check (complete draft)",
            timed(li, "POST", f"/api/surveys/{order_id}/check", draft, runs=runs * 2),
            0.030,
        )

        status, body = li.call("GET", f"/api/surveys/{order_id}")
        version = json.loads(body)["version"]
        status, body = li.call(
            "PUT", f"/api/surveys/{order_id}", {"base_version": version, **draft}
        )
        assert status == 200, body
        sheet_path = f"/api/surveys/{order_id}/sheet.pdf?lang=zh"
        for _ in range(4):  # warm both workers
            li.call("GET", sheet_path)
        show("GET sheet.pdf again (same version: cached)", timed(li, "GET", sheet_path, runs=runs))
        status, body = office.call("POST", "/api/orders", {**order, "order": "BENCH-2"})
        second = json.loads(body)["id"]
        status, body = li.call("PUT", f"/api/surveys/{second}", {"base_version": 1, **draft})
        assert status == 200, body
        sheet_times: list[float] = []

        def sheets(order_id: int) -> None:
            client = Client(base)
            client.login("li")
            path = f"/api/surveys/{order_id}"
            for i in range(args.sheets or max(5, runs // 3)):
                latest = json.loads(client.call("GET", path)[1])
                survey = latest["survey"]
                survey["customer"]["address"] = f"广州 {i}"  # a new version: a fresh render
                status, body = client.call(
                    "PUT", path, {"base_version": latest["version"], "survey": survey}
                )
                assert status == 200, body
                sheet_times.extend(timed(client, "GET", path + "/sheet.pdf?lang=zh", runs=1))

        print(f"load average before the sheets: {os.getloadavg()[0]:.2f}", flush=True)
        pair = [threading.Thread(target=sheets, args=(o,)) for o in (order_id, second)]
        for t in pair:
            t.start()
        for t in pair:
            t.join()
        show("GET sheet.pdf of a new version, 2 users at once", sheet_times, 0.6)

        acknowledged: list[tuple[int, str]] = []
        counts = {"saves": 0, "conflicts": 0, "5xx": 0, "other": 0}
        lock = threading.Lock()
        stop = time.monotonic() + duration

        def saver(index: int) -> None:
            client = Client(base)
            client.login(f"office{index}")
            while time.monotonic() < stop:
                status, body = client.call("GET", f"/api/surveys/{order_id}")
                latest = json.loads(body)
                survey = latest["survey"]
                survey["customer"]["address"] = f"广州 {index} {time.monotonic():.6f}"
                status, body = client.call(
                    "PUT",
                    f"/api/surveys/{order_id}",
                    {"base_version": latest["version"], "survey": survey},
                )
                with lock:
                    if status == 200:
                        counts["saves"] += 1
                        acknowledged.append((json.loads(body)["version"], f"office{index}"))
                    elif status == 409:
                        counts["conflicts"] += 1
                    elif status >= 500:
                        counts["5xx"] += 1
                    else:
                        counts["other"] += 1

        crowd = [threading.Thread(target=saver, args=(i,)) for i in range(20)]
        for t in crowd:
            t.start()
        for t in crowd:
            t.join()
        status, body = office.call("GET", f"/api/surveys/{order_id}/versions")
        history = {v["version"]: v["saved_by"] for v in json.loads(body)["versions"]}
        lost = [v for v, who in acknowledged if history.get(v) != who]
        print(
            f"{'20 clients saving for ' + format(duration, '.0f') + ' s':<44} "
            f"{counts['saves']} saves, {counts['conflicts']} conflicts (409), "
            f"{counts['5xx']} server errors, {counts['other']} other; "
            f"{len(lost)} acknowledged saves missing from the history"
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        shutil.rmtree(folder, ignore_errors=True)
    print(f"load average at end: {os.getloadavg()[0]:.2f}", flush=True)


if __name__ == "__main__":
    main()
