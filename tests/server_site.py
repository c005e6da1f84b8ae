"""What the server's tests share: an app over a fresh data folder, users, logins."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from sitesurvey.server.app import create_app

PASSWORD = "correct horse"

ORDER: dict[str, Any] = {
    "order": "GZ-2024-05-0187",
    "customer": {
        "name": "王丽",
        "phone": "+86 138 0013 8000",
        "address": "广州市天河区天河路 100 号",
    },
    "heater": {"model": "QX-55A", "power": "5.5 kW", "supply_voltage": "220 V"},
    "installer": "li",
    "date": "2024-05-18",
    "appointment": "14:00-15:00",
}


@dataclass
class Clock:
    """A clock the tests move by hand."""

    now: float = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Site:
    """An app with users ``office``, ``li`` and ``wang`` (installers)."""

    app: Any
    data: Path
    clock: Clock = field(default_factory=Clock)

    def client(self, name: str | None = None) -> TestClient:
        """A client, logged in as ``name`` when given; ``client.csrf`` is its token."""
        client = TestClient(self.app, raise_server_exceptions=True)
        client.csrf = ""  # type: ignore[attr-defined]
        if name is not None:
            r = client.post("/api/login", json={"username": name, "password": PASSWORD})
            assert r.status_code == 200, r.text
            client.csrf = r.json()["csrf_token"]  # type: ignore[attr-defined]
            client.headers["X-CSRF-Token"] = client.csrf  # type: ignore[attr-defined]
        return client


def make_site(tmp_path: Path) -> Site:
    """A fresh app (session secret given) with its users."""
    data = tmp_path / "data"
    app = create_app(data, secret=b"test secret " * 4, testing=True)
    clock = Clock()
    app.state.store.clock = clock
    for name, role in (("office", "office"), ("li", "installer"), ("wang", "installer")):
        app.state.store.add_user(name, role, PASSWORD)
    return Site(app, data, clock)


def new_order(office: TestClient, **changes: Any) -> int:
    """Create an order (as the office) and return its id."""
    body = {**ORDER, **changes}
    r = office.post("/api/orders", json=body)
    assert r.status_code == 201, r.text
    return r.json()["id"]
