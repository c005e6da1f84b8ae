"""The JSON API: access rules, versions and conflicts, checks, photos, sheets, shares."""

from __future__ import annotations

import io
import json
import tomllib
import zipfile

import pytest

from server_site import ORDER, make_site, new_order
from sitesurvey.sizing.table import data_dir


@pytest.fixture
def site(tmp_path):
    return make_site(tmp_path)


@pytest.fixture
def office(site):
    return site.client("office")


@pytest.fixture
def li(site):
    return site.client("li")


@pytest.fixture
def wang(site):
    return site.client("wang")


def example_survey(work_order: str = ORDER["order"]) -> dict:
    """The shipped example as JSON data (a complete survey), not marked as an example."""
    data = tomllib.loads((data_dir("templates") / "survey-example.toml").read_text("utf-8"))
    data.pop("example")
    data["job"]["work_order"] = work_order
    return json.loads(json.dumps(data, default=str))


def png(width: int = 60, height: int = 30) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    ImageDraw.Draw(image).line((2, 2, width - 3, height - 3), fill=(0, 0, 0, 255), width=2)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


# ----------------------------------------------------------------------------- login


def test_login_sets_an_httponly_samesite_cookie_and_returns_the_token(site):
    client = site.client()
    r = client.post("/api/login", json={"username": "li", "password": "correct horse"})
    assert r.status_code == 200
    assert r.json()["user"] == {"name": "li", "role": "installer"}
    assert len(r.json()["csrf_token"]) >= 32
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "max-age=43200" in cookie
    me = client.get("/api/me").json()
    assert me == {"user": {"name": "li", "role": "installer"}, "csrf_token": r.json()["csrf_token"]}


def test_wrong_password_is_401_and_no_session(site):
    client = site.client()
    r = client.post("/api/login", json={"username": "li", "password": "wrong password"})
    assert r.status_code == 401
    assert r.json()["error"]["message"] == "wrong user name or password"
    assert client.get("/api/me").status_code == 401


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(site):
    r = site.client().post("/api/login", json={"username": "nobody", "password": "whatever1"})
    assert r.status_code == 401
    assert r.json()["error"]["message"] == "wrong user name or password"


def test_login_is_rate_limited_per_name_and_address_and_expires(site):
    client = site.client()
    for _ in range(5):
        r = client.post("/api/login", json={"username": "li", "password": "wrong password"})
        assert r.status_code == 401
    r = client.post("/api/login", json={"username": "li", "password": "correct horse"})
    assert r.status_code == 429
    assert 1 <= int(r.headers["retry-after"]) <= 15 * 60 + 1
    # another user from the same address is not locked out
    other = client.post("/api/login", json={"username": "wang", "password": "correct horse"})
    assert other.status_code == 200
    site.clock.now += 15 * 60 + 1
    r = client.post("/api/login", json={"username": "li", "password": "correct horse"})
    assert r.status_code == 200


def test_login_takes_json_only(site):
    r = site.client().post("/api/login", data={"username": "li", "password": "correct horse"})
    assert r.status_code == 415


def test_login_from_another_sites_page_is_refused(site):
    client = site.client()
    body = {"username": "li", "password": "correct horse"}
    r = client.post("/api/login", json=body, headers={"Origin": "https://evil.example"})
    assert r.status_code == 403
    r = client.post("/api/login", json=body, headers={"Origin": "http://testserver"})
    assert r.status_code == 200


def test_logout_ends_the_session(li):
    assert li.post("/api/logout").status_code == 204
    assert li.get("/api/me").status_code == 401


# ------------------------------------------------------------------- access rules


def test_no_session_is_401_everywhere(site, office):
    order_id = new_order(office)
    client = site.client()
    for method, url in (
        ("GET", "/api/orders"),
        ("POST", "/api/orders"),
        ("GET", f"/api/surveys/{order_id}"),
        ("PUT", f"/api/surveys/{order_id}"),
        ("POST", f"/api/surveys/{order_id}/check"),
        ("GET", f"/api/surveys/{order_id}/sheet.pdf"),
        ("GET", f"/api/surveys/{order_id}/export"),
    ):
        r = client.request(method, url, json={})
        assert r.status_code == 401, (method, url)
        assert r.json()["error"]["status"] == 401


def test_csrf_token_missing_or_wrong_is_403(site, office):
    order_id = new_order(office)
    client = site.client("li")
    del client.headers["X-CSRF-Token"]
    survey = client.get(f"/api/surveys/{order_id}").json()["survey"]
    body = {"base_version": 1, "survey": survey}
    assert client.put(f"/api/surveys/{order_id}", json=body).status_code == 403
    r = client.put(f"/api/surveys/{order_id}", json=body, headers={"X-CSRF-Token": "x" * 43})
    assert r.status_code == 403
    assert "X-CSRF-Token" in r.json()["error"]["message"]
    assert client.post("/api/logout").status_code == 403
    assert client.get(f"/api/surveys/{order_id}").json()["version"] == 1


def test_installer_cannot_create_orders(li):
    r = li.post("/api/orders", json=ORDER)
    assert r.status_code == 403
    r = li.post(
        "/api/orders/import", files={"file": ("o.csv", b"order,power,voltage\n1,5500,220\n")}
    )
    assert r.status_code == 403


def test_installer_sees_only_their_orders_and_office_sees_all(office, li, wang):
    mine = new_order(office)
    theirs = new_order(office, order="GZ-2", installer="wang")
    assert [o["id"] for o in li.get("/api/orders").json()["orders"]] == [mine]
    assert [o["id"] for o in wang.get("/api/orders").json()["orders"]] == [theirs]
    everything = office.get("/api/orders").json()["orders"]
    assert {o["id"] for o in everything} == {mine, theirs}
    first = next(o for o in everything if o["id"] == mine)
    assert first["order"] == ORDER["order"] and first["installer"] == "li"
    assert first["customer"] == ORDER["customer"]
    assert first["status"] == "new" and first["version"] == 1


def test_another_installers_survey_is_404_for_every_endpoint(office, li, wang):
    order_id = new_order(office)
    survey = li.get(f"/api/surveys/{order_id}").json()["survey"]
    upload = {"file": ("s.png", png(), "image/png")}
    for method, url, kwargs in (
        ("GET", f"/api/surveys/{order_id}", {}),
        ("PUT", f"/api/surveys/{order_id}", {"json": {"base_version": 1, "survey": survey}}),
        ("POST", f"/api/surveys/{order_id}/check", {"json": {}}),
        ("POST", f"/api/surveys/{order_id}/photos", {"files": upload}),
        ("POST", f"/api/surveys/{order_id}/signatures/final", {"files": upload}),
        ("GET", f"/api/surveys/{order_id}/sheet.pdf", {}),
        ("GET", f"/api/surveys/{order_id}/export", {}),
        ("GET", f"/api/surveys/{order_id}/versions", {}),
        ("POST", f"/api/surveys/{order_id}/share", {"json": {}}),
    ):
        r = wang.request(method, url, **kwargs)
        assert r.status_code == 404, (method, url, r.text)
    # the same as an order that does not exist
    assert wang.get("/api/surveys/999").status_code == 404
    assert li.get(f"/api/surveys/{order_id}/versions").json()["versions"][0]["version"] == 1


# --------------------------------------------------------------------------- orders


def test_new_order_has_a_prefilled_format_2_survey_with_nothing_measured(office, li):
    order_id = new_order(office)
    got = li.get(f"/api/surveys/{order_id}").json()
    assert got["version"] == 1
    survey = got["survey"]
    assert survey["format"] == 2
    assert survey["customer"] == ORDER["customer"]
    assert survey["job"] == {
        "work_order": ORDER["order"],
        "date": "2024-05-18",
        "appointment": "14:00-15:00",
        "installer": {"name": "li"},
    }
    assert survey["heater"] == ORDER["heater"]
    assert "existing" not in survey and "confirmations" not in survey
    verdict = li.post(f"/api/surveys/{order_id}/check").json()
    assert verdict["verdict"] == "incomplete"


def test_order_with_a_bad_value_names_the_field_and_creates_nothing(office):
    r = office.post("/api/orders", json={**ORDER, "heater": {**ORDER["heater"], "power": "5,5kW"}})
    assert r.status_code == 400
    assert r.json()["error"]["field"] == "heater.power"
    assert office.get("/api/orders").json()["orders"] == []


def test_order_for_an_unknown_installer_is_refused(office):
    r = office.post("/api/orders", json={**ORDER, "installer": "office"})
    assert r.status_code == 400
    assert r.json()["error"]["field"] == "installer"


def test_unknown_installer_error_lists_the_installers_and_names_no_command(office):
    r = office.post("/api/orders", json={**ORDER, "installer": "zhao"})
    message = r.json()["error"]["message"]
    assert 'no installer named "zhao" — pick one of: li, wang' in message
    assert "sitesurvey" not in message and "`" not in message


def test_office_lists_the_installers_to_pick_from(office, li):
    r = office.get("/api/users", params={"role": "installer"})
    assert r.status_code == 200
    assert r.json() == {
        "users": [{"name": "li", "role": "installer"}, {"name": "wang", "role": "installer"}]
    }
    everyone = office.get("/api/users").json()["users"]
    assert {u["name"] for u in everyone} == {"li", "office", "wang"}
    assert office.get("/api/users", params={"role": "boss"}).status_code == 400
    assert li.get("/api/users", params={"role": "installer"}).status_code == 403


def test_order_without_appointment_is_not_agreed_and_stays_unfilled(office, li):
    body = {k: v for k, v in ORDER.items() if k != "appointment"}
    r = office.post("/api/orders", json=body)
    assert r.status_code == 201, r.text
    order_id = r.json()["id"]
    survey = li.get(f"/api/surveys/{order_id}").json()["survey"]
    assert survey["job"]["appointment"] == "（未约定 not agreed yet）"
    verdict = li.post(f"/api/surveys/{order_id}/check").json()
    assert "job.appointment" in verdict["unfilled"] and verdict["draft"]
    # the installer fills it in: a real window, no longer unfilled
    survey["job"]["appointment"] = "10:00-11:00"
    verdict = li.post(f"/api/surveys/{order_id}/check", json={"survey": survey}).json()
    assert "job.appointment" not in verdict["unfilled"]


def test_order_number_twice_is_a_conflict(office):
    new_order(office)
    assert office.post("/api/orders", json=ORDER).status_code == 409


def test_csv_import_creates_every_order_or_none(office, li):
    csv = "order,power,voltage,length\nA-1,5500,220V,12 m\nA-2,7.5 kW,220 V,\n"
    r = office.post(
        "/api/orders/import",
        files={"file": ("orders.csv", csv.encode())},
        data={"installer": "li"},
    )
    assert r.status_code == 201, r.text
    ids = r.json()["ids"]
    assert len(ids) == 2
    first = li.get(f"/api/surveys/{ids[0]}").json()["survey"]
    assert first["heater"]["power"] == "5500"
    # the dispatcher's route length is no design of the installer's: nothing pre-filled
    # can make a rule pass
    assert "design" not in first
    bad = "order,power,voltage\nB-1,5500,220\nB-2,5,5kW,220\n"
    r = office.post("/api/orders/import", files={"file": ("o.csv", bad.encode())})
    assert r.status_code == 400
    assert len(office.get("/api/orders").json()["orders"]) == 2


def test_csv_import_takes_the_customer_from_the_file_and_says_who_lacks_one(office, li):
    csv = (
        "工单号,功率,电压,用户姓名,电话,地址,上门时间\n"
        "C-1,5500,220V,王丽,138 0013 8000,广州市天河路 100 号,14:00-15:00\n"
        "C-2,5500,220V,张伟,,,\n"
    )
    r = office.post(
        "/api/orders/import", files={"file": ("o.csv", csv.encode())}, data={"installer": "li"}
    )
    assert r.status_code == 201, r.text
    answer = r.json()
    first, second = answer["ids"]
    survey = li.get(f"/api/surveys/{first}").json()["survey"]
    assert survey["customer"] == {
        "name": "王丽",
        "phone": "138 0013 8000",
        "address": "广州市天河路 100 号",
    }
    assert survey["job"]["appointment"] == "14:00-15:00"
    listed = {o["id"]: o for o in office.get("/api/orders").json()["orders"]}
    assert listed[first]["customer"]["name"] == "王丽"
    other = li.get(f"/api/surveys/{second}").json()["survey"]
    assert other["customer"]["name"] == "张伟"
    assert other["customer"]["phone"] == "（电话 phone）"
    assert other["job"]["appointment"] == "（未约定 not agreed yet）"
    assert answer["lacking_customer"] == [
        {"id": second, "order": "C-2", "missing": ["customer.phone", "customer.address"]}
    ]
    # a bad appointment in the file names its row and field, and nothing is imported
    bad = "order,power,voltage,appointment\nD-1,5500,220V,2pm\n"
    r = office.post("/api/orders/import", files={"file": ("o.csv", bad.encode())})
    assert r.status_code == 400
    assert "row 2: job.appointment" in r.json()["error"]["message"]
    assert len(office.get("/api/orders").json()["orders"]) == 2


def test_csv_import_without_the_required_columns_says_so(office):
    r = office.post("/api/orders/import", files={"file": ("o.csv", b"name,phone\nx,y\n")})
    assert r.status_code == 400
    assert "order" in r.json()["error"]["message"]


# -------------------------------------------------------------------------- surveys


def test_a_new_order_carries_the_network_given_to_serve(site, office, li):
    site.app.state.network = {"name": "广州天河特约服务网点", "phone": "020-8888 0187"}
    order_id = new_order(office)
    survey = li.get(f"/api/surveys/{order_id}").json()["survey"]
    assert survey["network"] == {"name": "广州天河特约服务网点", "phone": "020-8888 0187"}


def test_the_order_list_shows_the_customer_as_corrected_on_site(office, li):
    order_id = new_order(office)
    survey = li.get(f"/api/surveys/{order_id}").json()["survey"]
    survey["customer"] = {**survey["customer"], "name": "王堃喆"}
    r = li.put(f"/api/surveys/{order_id}", json={"base_version": 1, "survey": survey})
    assert r.status_code == 200, r.text
    for client in (office, li):
        (row,) = [o for o in client.get("/api/orders").json()["orders"] if o["id"] == order_id]
        assert row["customer"]["name"] == "王堃喆"


def test_every_save_is_a_new_version_and_history_is_kept(office, li):
    order_id = new_order(office)
    survey = li.get(f"/api/surveys/{order_id}").json()["survey"]
    survey["existing"] = {"supply_voltage": "223 V"}
    assert li.put(
        f"/api/surveys/{order_id}", json={"base_version": 1, "survey": survey}
    ).json() == {"version": 2}
    survey["existing"]["water_pressure"] = "3 bar"
    r = li.put(f"/api/surveys/{order_id}", json={"base_version": 2, "survey": survey})
    assert r.json() == {"version": 3}
    history = li.get(f"/api/surveys/{order_id}/versions").json()["versions"]
    assert [v["version"] for v in history] == [1, 2, 3]
    assert [v["saved_by"] for v in history] == ["office", "li", "li"]
    assert li.get(f"/api/surveys/{order_id}").json()["survey"]["existing"]["water_pressure"] == (
        "3 bar"
    )
    assert office.get("/api/orders").json()["orders"][0]["status"] == "in_progress"
    assert site_versions(office, order_id) == 3


def site_versions(client, order_id):
    return client.get(f"/api/surveys/{order_id}").json()["version"]


def test_stale_base_version_is_409_with_the_latest_and_changes_nothing(office, li):
    order_id = new_order(office)
    survey = li.get(f"/api/surveys/{order_id}").json()["survey"]
    first = {**survey, "existing": {"supply_voltage": "223 V"}}
    assert (
        li.put(f"/api/surveys/{order_id}", json={"base_version": 1, "survey": first}).status_code
        == 200
    )
    stale = {**survey, "existing": {"supply_voltage": "180 V"}}
    r = office.put(f"/api/surveys/{order_id}", json={"base_version": 1, "survey": stale})
    assert r.status_code == 409
    assert r.json()["version"] == 2
    assert r.json()["survey"]["existing"] == {"supply_voltage": "223 V"}
    assert r.json()["error"]["field"] == "base_version"
    latest = li.get(f"/api/surveys/{order_id}").json()
    assert latest["version"] == 2 and latest["survey"]["existing"] == {"supply_voltage": "223 V"}


def test_a_bad_value_is_400_naming_the_field_with_the_clis_message_and_nothing_saved(
    office, li, tmp_path, run
):
    order_id = new_order(office)
    survey = li.get(f"/api/surveys/{order_id}").json()["survey"]
    survey["design"] = {"socket": {"height": "2,6m"}}
    r = li.put(f"/api/surveys/{order_id}", json={"base_version": 1, "survey": survey})
    assert r.status_code == 400
    error = r.json()["error"]
    assert error["field"] == "design.socket.height"
    # the message the command line prints for the same file
    path = tmp_path / "survey.json"
    path.write_text(json.dumps(survey), encoding="utf-8")
    from click.testing import CliRunner

    from sitesurvey.cli import main

    cli = CliRunner().invoke(main, ["check", str(path)])
    assert cli.exit_code == 2
    assert error["problems"][0]["message"] in cli.stderr
    assert error["message"] in cli.stderr
    assert li.get(f"/api/surveys/{order_id}").json()["version"] == 1


def test_format_1_survey_is_upgraded_when_saved(office, li):
    order_id = new_order(office)
    survey = li.get(f"/api/surveys/{order_id}").json()["survey"]
    old = {**survey, "format": 1, "site": {"supply_voltage": "223 V"}}
    r = li.put(f"/api/surveys/{order_id}", json={"base_version": 1, "survey": old})
    assert r.status_code == 200, r.text
    saved = li.get(f"/api/surveys/{order_id}").json()["survey"]
    assert saved["format"] == 2 and saved["existing"]["supply_voltage"] == "223 V"


def test_check_of_a_draft_is_the_check_json_and_never_saves(office, li):
    order_id = new_order(office)
    survey = example_survey()
    r = li.post(f"/api/surveys/{order_id}/check", json={"survey": survey})
    assert r.status_code == 200
    assert r.json()["verdict"] == "conforms"
    survey["design"]["socket"]["height"] = "1.2 m"
    assert li.post(f"/api/surveys/{order_id}/check", json={"survey": survey}).json()["status"] != (
        "pass"
    )
    assert li.get(f"/api/surveys/{order_id}").json()["version"] == 1


def test_image_references_must_be_files_of_this_survey(office, li, wang):
    mine = new_order(office)
    theirs = new_order(office, order="GZ-2", installer="wang")
    up = wang.post(
        f"/api/surveys/{theirs}/signatures/final", files={"file": ("s.png", png(), "image/png")}
    ).json()
    survey = li.get(f"/api/surveys/{mine}").json()["survey"]
    survey["signatures"] = {
        "final": {"image": up["image"], "captured_at": "2024-05-18T15:20:00+08:00"}
    }
    r = li.put(f"/api/surveys/{mine}", json={"base_version": 1, "survey": survey})
    assert r.status_code == 400
    assert r.json()["error"]["field"] == "signatures.final.image"
    survey["signatures"]["final"]["image"] = "../../secret"
    r = li.put(f"/api/surveys/{mine}", json={"base_version": 1, "survey": survey})
    assert r.status_code == 400


def test_signature_is_stored_and_a_survey_naming_it_is_signed(office, li):
    order_id = new_order(office)
    r = li.post(
        f"/api/surveys/{order_id}/signatures/final", files={"file": ("s.png", png(), "image/png")}
    )
    assert r.status_code == 201, r.text
    up = r.json()
    assert up["point"] == "final" and up["image"] == f"{up['sha256']}.png"
    assert li.get(f"/api/surveys/{order_id}").json()["version"] == 1  # stores only
    got = li.get(f"/api/surveys/{order_id}/files/{up['sha256']}")
    assert got.status_code == 200 and got.headers["content-type"] == "image/png"
    import hashlib

    assert hashlib.sha256(got.content).hexdigest() == up["sha256"]
    survey = li.get(f"/api/surveys/{order_id}").json()["survey"]
    survey["signatures"] = {
        "final": {
            "image": up["image"],
            "sha256": up["sha256"],
            "captured_at": "2024-05-18T15:20:00+08:00",
        }
    }
    r = li.put(f"/api/surveys/{order_id}", json={"base_version": 1, "survey": survey})
    assert r.status_code == 200, r.text
    assert li.get("/api/orders").json()["orders"][0]["status"] == "signed"


def test_unknown_signature_point_is_404(office, li):
    order_id = new_order(office)
    r = li.post(
        f"/api/surveys/{order_id}/signatures/elsewhere",
        files={"file": ("s.png", png(), "image/png")},
    )
    assert r.status_code == 404


def test_signature_that_is_not_a_png_is_refused(office, li):
    order_id = new_order(office)
    r = li.post(
        f"/api/surveys/{order_id}/signatures/final",
        files={"file": ("s.svg", b"<svg/>", "image/svg+xml")},
    )
    assert r.status_code == 400
    assert r.json()["error"]["field"] == "file"


def test_unknown_api_path_is_a_json_404(li):
    r = li.get("/api/nothing/here")
    assert r.status_code == 404 and r.json()["error"]["status"] == 404


def test_security_headers_on_every_response(site, li):
    for r in (site.client().get("/api/me"), li.get("/api/orders")):
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
        assert r.headers["x-frame-options"] == "DENY"
        assert "camera=(self)" in r.headers["permissions-policy"]


def test_api_answers_are_never_cached(li):
    assert li.get("/api/orders").headers["cache-control"] == "no-store"
    assert li.get("/api/me").headers["cache-control"] == "no-store"


def test_an_unexpected_error_is_a_json_500_without_a_traceback(tmp_path, monkeypatch):
    from starlette.testclient import TestClient

    from sitesurvey.server import storage
    from sitesurvey.server.app import create_app

    app = create_app(tmp_path / "d", secret=b"s" * 40)
    app.state.store.add_user("li", "installer", "correct horse")
    client = TestClient(app, raise_server_exceptions=False)
    r = client.post("/api/login", json={"username": "li", "password": "correct horse"})
    client.headers["X-CSRF-Token"] = r.json()["csrf_token"]

    def broken(self, installer_id=None):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(storage.Store, "orders", broken)
    r = client.get("/api/orders")
    assert r.status_code == 500
    assert r.json()["error"]["status"] == 500
    assert "disk on fire" not in r.text and "Traceback" not in r.text


def test_cookie_is_secure_over_https(site):
    from starlette.testclient import TestClient

    client = TestClient(site.app, base_url="https://testserver")
    r = client.post("/api/login", json={"username": "li", "password": "correct horse"})
    assert "; secure" in r.headers["set-cookie"].lower()
    plain = site.client().post("/api/login", json={"username": "li", "password": "correct horse"})
    assert "secure" not in plain.headers["set-cookie"].lower()


# --------------------------------------------------------------- photos and files


def test_photo_upload_comes_back_without_exif(office, li):
    from test_server_images import jpeg_with_gps

    order_id = new_order(office)
    r = li.post(
        f"/api/surveys/{order_id}/photos",
        files={"file": ("IMG_0001.jpg", jpeg_with_gps(), "image/jpeg")},
        data={"subject": "meter"},
    )
    assert r.status_code == 201, r.text
    up = r.json()
    assert up["subject"] == "meter" and up["media_type"] == "image/jpeg"
    assert up["image"] == f"{up['sha256']}.jpg" and (up["width"], up["height"]) == (400, 200)
    got = li.get(f"/api/surveys/{order_id}/files/{up['sha256']}")
    assert got.status_code == 200 and got.headers["content-type"] == "image/jpeg"
    assert b"Exif" not in got.content and b"PhoneMaker" not in got.content
    assert li.get(f"/api/surveys/{order_id}").json()["version"] == 1  # stores only


def test_photo_subject_must_be_one_of_the_surveys(office, li):
    from test_server_images import jpeg_with_gps

    order_id = new_order(office)
    r = li.post(
        f"/api/surveys/{order_id}/photos",
        files={"file": ("a.jpg", jpeg_with_gps(), "image/jpeg")},
        data={"subject": "selfie"},
    )
    assert r.status_code == 400 and r.json()["error"]["field"] == "subject"


def test_photo_in_a_saved_survey_is_exported_and_read_by_the_cli(office, li, tmp_path, run):
    from test_server_images import jpeg_with_gps

    order_id = new_order(office)
    signed_example(li, order_id)
    up = li.post(
        f"/api/surveys/{order_id}/photos",
        files={"file": ("a.jpg", jpeg_with_gps(), "image/jpeg")},
        data={"subject": "meter"},
    ).json()
    latest = li.get(f"/api/surveys/{order_id}").json()
    survey = latest["survey"]
    survey["photos"] = [
        {"subject": up["subject"], "image": up["image"], "sha256": up["sha256"], "note": "10(40)A"}
    ]
    r = li.put(
        f"/api/surveys/{order_id}", json={"base_version": latest["version"], "survey": survey}
    )
    assert r.status_code == 200, r.text
    folder = tmp_path / "export"
    with zipfile.ZipFile(io.BytesIO(li.get(f"/api/surveys/{order_id}/export").content)) as z:
        assert up["image"] in z.namelist()
        z.extractall(folder)
    result = run("check", str(folder / "survey.json"), "--json")
    assert json.loads(result.stdout) == li.post(f"/api/surveys/{order_id}/check").json()


def test_photo_decompression_bomb_is_400(office, li):
    from test_server_images import png_declaring

    order_id = new_order(office)
    r = li.post(
        f"/api/surveys/{order_id}/photos",
        files={"file": ("bomb.png", png_declaring(20000, 20000), "image/png")},
    )
    assert r.status_code == 400
    assert r.json()["error"]["field"] == "file"
    assert "pixels" in r.json()["error"]["message"]


def test_a_file_of_another_order_is_not_served(office, li):
    mine = new_order(office)
    other = new_order(office, order="GZ-2")
    up = li.post(
        f"/api/surveys/{mine}/signatures/final", files={"file": ("s.png", png(), "image/png")}
    ).json()
    assert li.get(f"/api/surveys/{other}/files/{up['sha256']}").status_code == 404
    assert li.get(f"/api/surveys/{mine}/files/../../secret").status_code == 404


# ------------------------------------------------------------- export, sheet, share


def signed_example(li, order_id: int) -> dict:
    """Save the example survey, signed, as the order's next version; return it."""
    up = li.post(
        f"/api/surveys/{order_id}/signatures/final", files={"file": ("s.png", png(), "image/png")}
    ).json()
    survey = example_survey()
    survey["signatures"] = {
        "final": {
            "image": up["image"],
            "sha256": up["sha256"],
            "captured_at": "2024-05-18T15:20:00+08:00",
        }
    }
    version = li.get(f"/api/surveys/{order_id}").json()["version"]
    r = li.put(f"/api/surveys/{order_id}", json={"base_version": version, "survey": survey})
    assert r.status_code == 200, r.text
    return survey


def test_export_is_read_by_the_cli_with_the_same_check_results(office, li, tmp_path, run):
    order_id = new_order(office)
    signed_example(li, order_id)
    r = li.get(f"/api/surveys/{order_id}/export")
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    folder = tmp_path / "export"
    with zipfile.ZipFile(io.BytesIO(r.content)) as archive:
        names = archive.namelist()
        archive.extractall(folder)
    assert "survey.json" in names and any(n.endswith(".png") for n in names)
    result = run("check", str(folder / "survey.json"), "--json")
    api = li.post(f"/api/surveys/{order_id}/check").json()
    assert json.loads(result.stdout) == api
    assert api["verdict"] == "conforms"


def test_share_link_works_without_a_session_and_expires(site, office, li, monkeypatch):
    from sitesurvey.server import api

    calls = []

    def fake_sheet(app_state, order_id, lang, customer_only):
        calls.append((order_id, lang, customer_only))
        return b"%PDF-1.7 fake"

    monkeypatch.setattr(api, "_sheet", fake_sheet)
    order_id = new_order(office)
    r = li.post(f"/api/surveys/{order_id}/share", json={"lang": "en"})
    assert r.status_code == 201
    url = r.json()["url"]
    assert url.startswith("/s/") and len(url) > 40
    expires = r.json()["expires_at"]
    anonymous = site.client()
    got = anonymous.get(url)
    assert got.status_code == 200 and got.headers["content-type"] == "application/pdf"
    assert calls == [(order_id, "en", True)]
    assert anonymous.get("/s/" + "A" * 43).status_code == 404
    import datetime as dt

    assert dt.datetime.fromisoformat(expires).timestamp() == site.clock.now + 7 * 24 * 3600
    site.clock.now += 7 * 24 * 3600
    assert anonymous.get(url).status_code == 404


def test_a_sheet_is_rendered_once_per_version_and_language(office, li, monkeypatch):
    from sitesurvey.sheet import render

    rendered = []

    def fake_render(survey, *, lang, customer_only):
        rendered.append((survey.job.work_order, lang, customer_only))
        return f"%PDF {len(rendered)}".encode()

    monkeypatch.setattr(render, "render_pdf", fake_render)
    order_id = new_order(office)
    url = f"/api/surveys/{order_id}/sheet.pdf"
    assert li.get(url).content == b"%PDF 1"
    assert li.get(url + "?lang=zh").content == b"%PDF 1"
    assert li.get(url + "?lang=en").content == b"%PDF 2"
    assert li.get(url + "?customer_only=1").content == b"%PDF 3"
    survey = li.get(f"/api/surveys/{order_id}").json()["survey"]
    li.put(f"/api/surveys/{order_id}", json={"base_version": 1, "survey": survey})
    assert li.get(url).content == b"%PDF 4"  # a new version: rendered again
    assert len(rendered) == 4


def test_share_refuses_an_unknown_language(office, li):
    order_id = new_order(office)
    r = li.post(f"/api/surveys/{order_id}/share", json={"lang": "fr"})
    assert r.status_code == 400 and r.json()["error"]["field"] == "lang"


@pytest.mark.slow
def test_sheet_is_a_pdf_of_the_latest_version(office, li):
    from pypdf import PdfReader

    order_id = new_order(office)
    signed_example(li, order_id)
    r = li.get(f"/api/surveys/{order_id}/sheet.pdf?lang=en")
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages)
    assert ORDER["order"] in text
    assert li.get(f"/api/surveys/{order_id}/sheet.pdf?lang=fr").status_code == 400


@pytest.mark.slow
def test_sheet_is_sealed_when_a_key_is_given_and_the_survey_is_complete(tmp_path):
    from starlette.testclient import TestClient

    from server_site import PASSWORD
    from sitesurvey.server.app import create_app
    from sitesurvey.sheet.seal import make_key, verify_sheet

    key, cert = make_key(tmp_path / "network.p12", "Test network", b"pass phrase")
    app = create_app(tmp_path / "d", seal_key=key, passphrase=b"pass phrase", secret=b"s" * 40)
    for name, role in (("office", "office"), ("li", "installer")):
        app.state.store.add_user(name, role, PASSWORD)
    clients = {}
    for name in ("office", "li"):
        client = TestClient(app)
        token = client.post("/api/login", json={"username": name, "password": PASSWORD})
        client.headers["X-CSRF-Token"] = token.json()["csrf_token"]
        clients[name] = client
    order_id = new_order(clients["office"])
    draft = clients["li"].get(f"/api/surveys/{order_id}/sheet.pdf")
    assert verify_sheet(draft.content, rerender=False).status == "unsigned"  # a draft
    signed_example(clients["li"], order_id)
    sealed = clients["li"].get(f"/api/surveys/{order_id}/sheet.pdf?customer_only=1")
    assert sealed.status_code == 200
    report = verify_sheet(sealed.content, trust=(str(cert),), rerender=False)
    assert report.status == "authentic", report


def test_concurrent_clients_saving_lose_no_acknowledged_save_and_get_no_500(site, office):
    import threading

    order_id = new_order(office)
    clients = [site.client(n) for n in ("office", "li", "office", "li")]
    acknowledged, statuses, errors = [], [], []

    def worker(client, index):
        try:
            name = client.get("/api/me").json()["user"]["name"]
            saved = 0
            while saved < 5:
                latest = client.get(f"/api/surveys/{order_id}").json()
                survey = latest["survey"]
                survey["customer"]["address"] = f"{index}-{saved}"
                r = client.put(
                    f"/api/surveys/{order_id}",
                    json={"base_version": latest["version"], "survey": survey},
                )
                statuses.append(r.status_code)
                if r.status_code == 200:
                    acknowledged.append((r.json()["version"], name))
                    saved += 1
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    pool = [threading.Thread(target=worker, args=(c, i)) for i, c in enumerate(clients)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert errors == []
    assert set(statuses) <= {200, 409}
    history = office.get(f"/api/surveys/{order_id}/versions").json()["versions"]
    by_version = {v["version"]: v["saved_by"] for v in history}
    assert len(acknowledged) == 20 and len(history) == 21
    assert all(by_version[v] == name for v, name in acknowledged)


def test_two_requests_for_the_same_new_sheet_render_it_once(office, li, monkeypatch):
    import threading

    from sitesurvey.sheet import render

    rendered = []
    started = threading.Event()
    release = threading.Event()

    def slow_render(survey, *, lang, customer_only):
        rendered.append(lang)
        started.set()
        release.wait(10)
        return b"%PDF once"

    monkeypatch.setattr(render, "render_pdf", slow_render)
    order_id = new_order(office)
    url = f"/api/surveys/{order_id}/sheet.pdf"
    answers = []
    first = threading.Thread(target=lambda: answers.append(li.get(url).content))
    first.start()
    assert started.wait(10)
    second = threading.Thread(target=lambda: answers.append(li.get(url).content))
    second.start()
    second.join(0.3)  # the second waits for the first's render
    release.set()
    first.join()
    second.join()
    assert answers == [b"%PDF once", b"%PDF once"]
    assert rendered == ["zh"]


def test_an_app_made_warm_builds_the_form_schema_when_it_starts(tmp_path, monkeypatch):
    import threading

    from starlette.testclient import TestClient

    from sitesurvey.server import form, renderer
    from sitesurvey.server.app import create_app

    warmed = []
    monkeypatch.setattr(renderer, "warm_up", lambda: warmed.append("renderer"))
    form.fed_rules.cache_clear()
    form.schema.cache_clear()
    app = create_app(tmp_path / "d", secret=b"s" * 40, warm=True)
    with TestClient(app):
        for t in threading.enumerate():
            if t.name == "warm-form":
                t.join(30)
        assert form.fed_rules.cache_info().currsize == 1
        assert form.schema.cache_info().currsize == 2
        assert warmed == ["renderer"]
