"""Body-size limits, the session secret, and what the session keeps."""

from __future__ import annotations

import stat

import pytest

from server_site import make_site, new_order
from sitesurvey.server import security


@pytest.fixture
def site(tmp_path):
    return make_site(tmp_path)


def test_twenty_megabytes_are_refused_by_content_length(site):
    office = site.client("office")
    order_id = new_order(office)
    li = site.client("li")
    body = b"x" * 20_000_000
    r = li.post(
        f"/api/surveys/{order_id}/photos",
        content=body,
        headers={"Content-Type": "multipart/form-data; boundary=b"},
    )
    assert r.status_code == 413
    assert "15 MB" in r.json()["error"]["message"]
    r = li.put(f"/api/surveys/{order_id}", content=b"{" + b" " * 2_000_000 + b"}")
    assert r.status_code == 413


def test_a_body_without_a_length_is_counted_as_it_arrives(site):
    office = site.client("office")
    order_id = new_order(office)
    li = site.client("li")
    sent = []

    def chunks():
        for _ in range(30):
            sent.append(1)
            yield b" " * 100_000

    r = li.put(
        f"/api/surveys/{order_id}",
        content=chunks(),
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 413
    assert li.get(f"/api/surveys/{order_id}").json()["version"] == 1


def test_limits_by_route():
    assert security.body_limit("/api/surveys/3/photos") == 15_000_000
    assert security.body_limit("/api/surveys/3/signatures/final") == 1_000_000
    assert security.body_limit("/api/surveys/3") == 1_000_000


def test_secret_is_made_once_with_mode_0600(tmp_path):
    first = security.load_secret(tmp_path)
    assert len(first) >= 48
    mode = stat.S_IMODE((tmp_path / "secret").stat().st_mode)
    assert mode == 0o600
    assert security.load_secret(tmp_path) == first
    assert [p.name for p in tmp_path.iterdir()] == ["secret"]


def test_a_cookie_signed_with_another_secret_is_no_session(tmp_path):
    from starlette.testclient import TestClient

    from server_site import PASSWORD
    from sitesurvey.server.app import create_app

    app = create_app(tmp_path / "d", secret=b"one secret" * 4)
    app.state.store.add_user("li", "installer", PASSWORD)
    client = TestClient(app)
    assert client.post("/api/login", json={"username": "li", "password": PASSWORD}).is_success
    other = TestClient(create_app(tmp_path / "d", secret=b"another secret" * 4))
    other.cookies = client.cookies
    assert other.get("/api/me").status_code == 401
    assert client.get("/api/me").status_code == 200


def test_a_removed_user_is_logged_out(site):
    li = site.client("li")
    store = site.app.state.store
    with store._write() as db:
        db.execute("DELETE FROM login_attempts")
        db.execute("UPDATE users SET name = 'gone', id = 99 WHERE name = 'li'")
    assert li.get("/api/me").status_code == 401


def test_middleware_counts_streamed_bytes_without_content_length():
    import anyio

    received = []

    async def inner(scope, receive, send):
        while True:
            message = await receive()
            received.append(len(message.get("body", b"")))
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    middleware = security.BodyLimitMiddleware(inner, limit_for=lambda path: 1000)
    chunks = [{"type": "http.request", "body": b"x" * 400, "more_body": True}] * 5
    sent = []

    async def receive():
        return chunks.pop(0)

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "path": "/api/x", "headers": []}
    anyio.run(middleware, scope, receive, send)
    assert sent[0]["status"] == 413
    assert received == [400, 400]  # the third chunk went past the limit and was not handed on
