"""The on-site form in a real browser: Debian's Chromium driven by Playwright.

The real server (``sitesurvey serve`` in a subprocess, on 127.0.0.1 and a free port,
over a fresh data folder with two installers and an office user made by ``sitesurvey
user add``) and a phone-sized page (390×844, touch). One visit, as an installer does it:
log in, fill in the job, see a failing check pass after a correction, take a photo, go
offline, type, reload (nothing lost), come back online (the save arrives), sign at every
point, get the PDF and ``verify`` it; another installer gets a 404.

The browser is Debian's ``/usr/bin/chromium`` through ``executable_path`` (never
``playwright install``), from a fixture of this file (the pytest-playwright plugin's
warning would fail the suite under ``filterwarnings = error``). The README's test command
installs Chromium, so CI runs these tests; they are skipped only where it is missing.
Screenshots go to ``/tmp/shots/``.
"""

from __future__ import annotations

import http.cookiejar
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        "Debian's chromium is not installed (/usr/bin/chromium): apt-get install chromium "
        "(the README's test command does)",
        allow_module_level=True,
    )
pytest.importorskip("starlette")
sync_api = pytest.importorskip("playwright.sync_api")
from PIL import Image  # noqa: E402
from pypdf import PdfReader  # noqa: E402

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PASSWORD = "correct horse battery"
SHOTS = Path("/tmp/shots")
TIMEOUT = 15_000  # ms, for any one wait


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sitesurvey", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


class Client:
    """A tiny JSON client with a cookie jar: the API as another app uses it."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.csrf = ""

    def call(self, method: str, path: str, body: object = None) -> tuple[int, object]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.csrf:
            request.add_header("X-CSRF-Token", self.csrf)
        try:
            with self.opener.open(request, timeout=30) as response:
                raw = response.read()
                status = response.status
        except urllib.error.HTTPError as exc:
            raw, status = exc.read(), exc.code
        try:
            return status, json.loads(raw)
        except ValueError:
            return status, raw

    def new_order(self, number: str, name: str, phone: str, address: str, **extra: object) -> int:
        """Create an order for installer li, the example heater (as the office); its id."""
        status, made = self.call(
            "POST",
            "/api/orders",
            {
                "order": number,
                "customer": {"name": name, "phone": phone, "address": address},
                "heater": {"model": "QX-55A", "power": "5.5 kW", "supply_voltage": "220 V"},
                "installer": "li",
                **extra,
            },
        )
        assert status == 201, made
        return made["id"]

    def login(self, name: str) -> Client:
        status, body = self.call("POST", "/api/login", {"username": name, "password": PASSWORD})
        assert status == 200, body
        self.csrf = body["csrf_token"]
        return self


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("serve-data")
    for name, role in (("li", "installer"), ("wang", "installer"), ("desk", "office")):
        done = _cli("user", "add", name, "--role", role, "--data", str(data), stdin=PASSWORD)
        assert done.returncode == 0, done.stderr
    port = _free_port()
    log = (data / "server.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "sitesurvey", "serve", "--port", str(port), "--data", str(data)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(base + "/login", timeout=2):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                log.close()
                pytest.fail("the server did not start:\n" + (data / "server.log").read_text())
            time.sleep(0.1)
    office = Client(base).login("desk")
    order = office.new_order(
        "GZ-2026-12-0001",
        "王丽",
        "+86 138 0013 8000",
        "广州市天河路 100 号",
        appointment="14:00-15:00",
    )
    try:
        yield SimpleNamespace(base=base, data=data, order=order, office=office)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def phone(browser, server):
    context = browser.new_context(
        base_url=server.base,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        accept_downloads=True,
    )
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    try:
        yield page
    finally:
        context.close()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def _fonts_of(page, selector: str) -> set[str]:
    """The fonts Chromium drew the element's text with (DevTools' "rendered fonts")."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return {f["familyName"] for f in fonts}


def _login(page, name: str) -> None:
    page.goto("/login")
    page.evaluate("document.fonts.ready")
    # every Chinese line in the bundled font (not a system font's empty boxes)
    for selector in ("h1", ".brand", "button[type=submit]", "label"):
        assert _fonts_of(page, selector) == {"Noto Sans SC"}, selector
    page.fill("#username", name)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def _field(page, path: str):
    return page.locator(f'[data-input="{path}"]')


def _pick(page, path: str, value: str) -> None:
    page.locator(f'[data-input="{path}"] [data-value="{value}"]').click()


def _check(page, rule: str):
    return page.locator(f'li.check[data-rule="{rule}"]').first


def _saved_on_server(server, order: int) -> dict:
    client = Client(server.base).login("li")
    status, body = client.call("GET", f"/api/surveys/{order}")
    assert status == 200
    return body


def _draw(page, canvas) -> None:
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    page.mouse.move(x + w * 0.1, y + h * 0.6)
    page.mouse.down()
    for i in range(1, 16):
        page.mouse.move(x + w * (0.1 + 0.05 * i), y + h * (0.6 - 0.3 * ((i % 4) / 3)))
    page.mouse.up()


def _jpeg() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 120, 40))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def test_an_installers_whole_visit_on_a_phone(server, phone, tmp_path) -> None:
    page = phone
    order = server.order
    _login(page, "li")
    card = page.locator(f'a[href="/surveys/{order}"]')
    assert "GZ-2026-12-0001" in card.inner_text()
    _shot(page, "01-orders")
    card.click()
    page.wait_for_selector("body[data-ready=true]")
    # pre-filled from the work order, in Chinese
    assert _field(page, "customer.name").input_value() == "王丽"
    assert "现场现状" in page.locator("#sec-existing h2").inner_text()
    _shot(page, "02-form-top")

    # fill in the job; a failing design rule turns to pass after a correction
    _field(page, "existing.supply_voltage").fill("223")
    _field(page, "existing.water_pressure").fill("3")
    page.select_option('[data-path="existing.water_pressure"] select.unit', "公斤")
    _pick(page, "existing.line.present", "yes")
    _field(page, "existing.line.wire").fill("4")
    _field(page, "existing.breaker.rating").fill("32")
    _field(page, "design.socket.distance_to_opening").fill("30")
    fail = _check(page, "W-SOCKET-OPENING")
    sync_api.expect(fail).to_have_attribute("data-status", "fail")
    sync_api.expect(
        page.locator('[data-path="design.socket.distance_to_opening"]')
    ).to_have_attribute("data-status", "fail")
    page.locator("#sec-design").scroll_into_view_if_needed()
    _field(page, "design.socket.distance_to_opening").scroll_into_view_if_needed()
    _shot(page, "03-failing-check")
    _field(page, "design.socket.distance_to_opening").fill("18")
    sync_api.expect(_check(page, "W-SOCKET-OPENING")).to_have_attribute("data-status", "pass")
    sync_api.expect(_check(page, "E-WIRE")).to_have_attribute("data-status", "pass")
    page.locator("#checks-existing").scroll_into_view_if_needed()
    _shot(page, "03b-checks-existing")
    # a value the grammar refuses gets its message at the field
    _field(page, "existing.ceiling_height").fill("2,6")
    error = page.locator('[data-path="existing.ceiling_height"] .field-error')
    sync_api.expect(error).not_to_be_empty()
    _field(page, "existing.ceiling_height").fill("2.6")
    sync_api.expect(error).to_be_empty()
    sync_api.expect(page.locator("#save-state")).to_have_attribute("data-state", "saved")
    saved = _saved_on_server(server, order)
    assert saved["survey"]["existing"]["water_pressure"] == "3 公斤"

    # appliances in watts; one refused leaves E-MAIN unchecked, never passed on the rest
    _field(page, "existing.main_switch.rating").fill("63")
    appliances = page.locator('[data-path="existing.appliances"]')
    appliances.locator("button.add").click()
    _field(page, "existing.appliances[1].name").fill("冰箱")
    _field(page, "existing.appliances[1].power").fill("150")
    power_unit = page.locator('[data-path="existing.appliances[1].power"] select.unit')
    assert power_unit.input_value() == "W"
    sync_api.expect(_check(page, "E-MAIN")).to_have_attribute("data-status", "pass")
    appliances.locator("button.add").click()
    _field(page, "existing.appliances[2].name").fill("空调")
    _field(page, "existing.appliances[2].power").fill("999")
    page.select_option('[data-path="existing.appliances[2].power"] select.unit', "kW")
    refused = page.locator('[data-path="existing.appliances[2].power"] .field-error')
    sync_api.expect(refused).to_contain_text("not a plausible value")
    sync_api.expect(_check(page, "E-MAIN")).to_have_attribute("data-status", "not_checked")
    sync_api.expect(page.locator("#save-state")).to_have_attribute("data-state", "partly")
    assert "appliances" not in _saved_on_server(server, order)["survey"]["existing"]
    assert _field(page, "existing.appliances[1].power").input_value() == "150"
    _field(page, "existing.appliances[2].power").fill("2")
    sync_api.expect(refused).to_be_empty()
    sync_api.expect(_check(page, "E-MAIN")).to_have_attribute("data-status", "pass")
    sync_api.expect(page.locator("#save-state")).to_have_attribute("data-state", "saved")
    powers = [
        a["power"] for a in _saved_on_server(server, order)["survey"]["existing"]["appliances"]
    ]
    assert powers == ["150 W", "2 kW"]
    assert saved["survey"]["design"]["socket"]["distance_to_opening"] == "18 cm"

    # a photo of the meter's nameplate, from the "camera"
    photo = tmp_path / "meter.jpg"
    photo.write_bytes(_jpeg())
    page.set_input_files('input.photo-input[data-subject="meter"]', str(photo))
    sync_api.expect(
        page.locator('.photo-row[data-subject="meter"] img[data-sha256]')
    ).to_have_count(1)
    sync_api.expect(page.locator("#save-state")).to_have_attribute("data-state", "saved")
    photos = _saved_on_server(server, order)["survey"]["photos"]
    assert [p["subject"] for p in photos] == ["meter"]
    assert photos[0]["image"] == photos[0]["sha256"] + ".jpg"

    # offline in the middle of the form: type, reload, nothing lost
    page.context.set_offline(True)
    sync_api.expect(page.locator("#net")).to_have_attribute("data-state", "offline")
    before = page.locator("body").get_attribute("data-persisted")
    _field(page, "design.heater.display_height").fill("1.6")
    # kept in IndexedDB (a string predicate would need eval, which the CSP forbids)
    sync_api.expect(page.locator("body")).not_to_have_attribute("data-persisted", before)
    # a photo taken offline waits on the phone
    page.set_input_files('input.photo-input[data-subject="breaker"]', str(photo))
    sync_api.expect(page.locator('.photo-row[data-subject="breaker"] .pending')).to_have_count(1)
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    assert _field(page, "design.heater.display_height").input_value() == "1.6"
    assert _field(page, "existing.water_pressure").input_value() == "3"
    sync_api.expect(page.locator('.photo-row[data-subject="breaker"] .pending')).to_have_count(1)
    sync_api.expect(page.locator("#save-state")).to_have_attribute("data-state", "offline")
    page.locator("#photos-box").scroll_into_view_if_needed()
    _shot(page, "04-offline-after-reload")
    page.context.set_offline(False)
    sync_api.expect(page.locator("#save-state")).to_have_attribute("data-state", "saved")
    saved = _saved_on_server(server, order)
    assert saved["survey"]["design"]["heater"]["display_height"] == "1.6 m"
    assert [p["subject"] for p in saved["survey"]["photos"]] == ["meter", "breaker"]

    # no RCD: a change that needs the customer's consent, with its own pad
    _pick(page, "existing.rcd", "no")
    consent = page.locator('.sig-point[data-point="consent.rcd"]')
    sync_api.expect(consent).to_have_count(1)
    sync_api.expect(page.locator('#modifications li[data-item="rcd"]')).to_have_count(1)
    page.locator("#plan-box").scroll_into_view_if_needed()
    _shot(page, "05a-plan-and-changes")
    consent.locator('[data-value="yes"]').click()
    consent.scroll_into_view_if_needed()
    _shot(page, "05b-consent")
    sync_api.expect(page.locator("#save-state")).to_have_attribute("data-state", "saved")

    # every signature point that applies: drilling, the consent; the survey is incomplete,
    # so in place of the final acceptance's pad the line saying when the customer signs
    pads = page.locator("canvas.pad")
    points = [pads.nth(i).get_attribute("data-point") for i in range(pads.count())]
    assert points == ["drilling", "consent.rcd"]
    sync_api.expect(page.locator('.sig-point[data-until="final"] p.until')).to_have_text(
        "所有项目完成并检查合格后，用户才能验收签名。"
    )
    for point in points:
        row = page.locator(f'.sig-point[data-point="{point}"]')
        _draw(page, row.locator("canvas"))
        row.locator("button.primary").click()
        sync_api.expect(page.locator(f'.sig-point[data-point="{point}"] p.signed')).to_have_count(1)
    page.locator("#signatures-box").scroll_into_view_if_needed()
    _shot(page, "05-signed")
    sync_api.expect(page.locator("#save-state")).to_have_attribute("data-state", "saved")
    signatures = _saved_on_server(server, order)["survey"]["signatures"]
    assert set(signatures) == {"drilling", "consent"}
    assert signatures["drilling"]["image"].endswith(".png")
    assert signatures["consent"]["rcd"]["consent"] == "yes"
    assert signatures["consent"]["rcd"]["image"].endswith(".png")

    # the signature pads close once signed, the time in local words
    row = page.locator('.sig-point[data-point="drilling"]')
    sync_api.expect(row.locator(".pad-box")).to_be_hidden()
    sync_api.expect(row.locator("button.sign-again")).to_have_text("重新签名")
    assert "T" not in row.locator("p.signed").inner_text()
    sync_api.expect(row.locator("p.signed")).to_contain_text("年")

    # the customer's copy: the download is the customer's (as the share link), the full
    # sheet with its technical annex a separate link
    with page.expect_download() as info:
        page.click("#pdf-link")
    pdf = tmp_path / "sheet.pdf"
    info.value.save_as(pdf)
    assert "customer_only=1" in info.value.url
    assert pdf.read_bytes().startswith(b"%PDF")
    verified = _cli("verify", str(pdf))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    with page.expect_download() as info:
        page.click("#full-pdf-link")
    full = tmp_path / "full.pdf"
    info.value.save_as(full)
    assert "customer_only" not in info.value.url
    assert len(PdfReader(pdf).pages) < len(PdfReader(full).pages)
    # or a link to share, which opens without a session
    page.click("#share")
    sync_api.expect(page.locator("#share-url")).to_contain_text("/s/")
    link = page.locator("#share-url").inner_text().split()[0]
    shared = urllib.request.urlopen(link, timeout=30).read()
    assert shared.startswith(b"%PDF")
    assert page.errors == []


def test_a_save_meanwhile_is_shown_never_overwritten(server, phone) -> None:
    page = phone
    office = server.office
    order = office.new_order("GZ-2026-12-0002", "张伟", "+86 138 0000 0002", "广州市")
    _login(page, "li")
    page.goto(f"/surveys/{order}")
    page.wait_for_selector("body[data-ready=true]")
    # the office saves a change meanwhile
    status, latest = office.call("GET", f"/api/surveys/{order}")
    survey = latest["survey"]
    survey.setdefault("existing", {})["supply_voltage"] = "230 V"
    status, _ = office.call(
        "PUT", f"/api/surveys/{order}", {"base_version": latest["version"], "survey": survey}
    )
    assert status == 200
    _field(page, "existing.supply_voltage").fill("223")
    sync_api.expect(page.locator("#save-state")).to_have_attribute("data-state", "conflict")
    box = page.locator("#conflict")
    sync_api.expect(box).to_be_visible()
    row = box.locator('tr[data-path="existing.supply_voltage"]')
    assert row.locator("td").all_inner_texts() == ["实测电源电压", "223 V", "230 V"]
    _shot(page, "07-conflict")
    # nothing was overwritten: the server still has the office's save
    assert _saved_on_server(server, order)["survey"]["existing"]["supply_voltage"] == "230 V"
    page.click("#keep-mine")
    sync_api.expect(page.locator("#save-state")).to_have_attribute("data-state", "saved")
    assert _saved_on_server(server, order)["survey"]["existing"]["supply_voltage"] == "223 V"


def test_another_installer_gets_404(server, phone) -> None:
    page = phone
    _login(page, "wang")
    assert page.locator(f'a[href="/surveys/{server.order}"]').count() == 0
    response = page.goto(f"/surveys/{server.order}")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "未找到"
    api = page.request.get(f"/api/surveys/{server.order}")
    assert api.status == 404


def test_english_switch_and_the_office_page(server, phone, tmp_path) -> None:
    page = phone
    _login(page, "desk")
    page.goto("/?lang=en")
    assert page.locator("h1").inner_text() == "Work orders"
    assert page.locator("#new-order").count() == 1
    _shot(page, "06-office-en")
    # an import says how many orders it made
    csv = tmp_path / "orders.csv"
    csv.write_text("order,power,voltage,customer\nGZ-IMP-1,5.5 kW,220V,Wang\n", encoding="utf-8")
    page.click("#import-orders >> xpath=..//summary")
    page.set_input_files('#import-orders input[type="file"]', str(csv))
    page.fill('#import-orders [name="installer"]', "wang")
    page.click("#import-orders button[type=submit]")
    sync_api.expect(page.locator("#import-done")).to_contain_text("Orders imported: 1")
    # a new work order from the office's form opens its survey, pre-filled
    page.click("#new-order-box summary")
    form = page.locator("#new-order")
    for name, value in {
        "order": "GZ-2026-12-0099",
        "customer.name": "陈静",
        "customer.phone": "+86 139 0000 0099",
        "customer.address": "广州市越秀区",
        "heater.model": "QX-65A",
        "heater.power": "6.5 kW",
    }.items():
        form.locator(f'[name="{name}"]').fill(value)
    # the installer is picked from the list of installers (GET /api/users)
    picker = form.locator("#installer-list")
    sync_api.expect(picker).to_be_visible()
    assert picker.locator("option").all_inner_texts()[1:] == ["li", "wang"]
    picker.select_option("wang")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/surveys/*")
    page.wait_for_selector("body[data-ready=true]")
    assert _field(page, "customer.name").input_value() == "陈静"
    assert _field(page, "heater.power").input_value() == "6.5"
    page.goto(f"/surveys/{server.order}")  # the cookie keeps English
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator("#sec-existing h2").inner_text() == "What is there"


def test_one_refused_field_never_blocks_the_rest(server, phone, tmp_path) -> None:
    page = phone
    office = server.office
    order = office.new_order("GZ-2026-12-0003", "赵敏", "+86 138 0000 0003", "广州市")
    # as an import leaves it: the customer's name a placeholder of the blank survey
    status, latest = office.call("GET", f"/api/surveys/{order}")
    latest["survey"]["customer"]["name"] = "（客户姓名 customer name）"
    status, _ = office.call(
        "PUT",
        f"/api/surveys/{order}",
        {"base_version": latest["version"], "survey": latest["survey"]},
    )
    assert status == 200
    _login(page, "li")
    page.goto(f"/surveys/{order}")
    page.wait_for_selector("body[data-ready=true]")
    # a placeholder is never shown as if real; the field is the installer's to fill
    name = _field(page, "customer.name")
    assert name.input_value() == ""
    assert name.get_attribute("placeholder") == "请填写"
    assert name.get_attribute("readonly") is None
    name.fill("赵敏")
    _field(page, "network.phone").fill("020-8888 0000")

    # a bad value: its message at the field, in Chinese and by label; the rest is saved
    _field(page, "existing.ceiling_height").fill("2,6")
    error = page.locator('[data-path="existing.ceiling_height"] .field-error')
    sync_api.expect(error).to_contain_text("格式不对：请填写数字和单位，如 2.6 m")
    assert "existing.ceiling_height" not in error.inner_text()
    assert "天花板高度" in error.inner_text()
    _field(page, "existing.supply_voltage").fill("223")
    # a hidden pipe's x before the wall reference: that pipe waits, the rest goes
    page.locator('[data-path="existing.hidden"] button.add').click()
    _pick(page, "existing.hidden[1].kind", "water pipe")
    _field(page, "existing.hidden[1].x").fill("30")
    _field(page, "existing.hidden[1].from_height").fill("0.3")
    _field(page, "existing.hidden[1].to_height").fill("1.2")
    hidden_error = page.locator('[data-path="existing.hidden[1].x"] .field-error')
    sync_api.expect(hidden_error).not_to_be_empty()
    assert "design.wall" not in hidden_error.inner_text()
    sync_api.expect(page.locator("#save-state")).to_have_attribute("data-state", "partly")
    sync_api.expect(page.locator("body")).to_have_attribute("data-checks", "partial")
    saved = _saved_on_server(server, order)["survey"]
    assert saved["existing"]["supply_voltage"] == "223 V"
    assert saved["customer"]["name"] == "赵敏"
    assert saved["network"]["phone"] == "020-8888 0000"
    assert "ceiling_height" not in saved["existing"] and "hidden" not in saved["existing"]
    # the checks name fields by label, never by key path
    sync_api.expect(_check(page, "E-VOLTAGE")).to_have_attribute("data-status", "pass")
    messages = " ".join(page.locator("li.check .msg").all_inner_texts())
    assert "existing.breaker" not in messages and "confirmations." not in messages
    # a confirmation not given yet says its item once, not again as a label in brackets
    drill = _check(page, "H-DRILL").locator(".msg").inner_text()
    assert drill.startswith("尚未确认：") and drill.count("钻孔位置") == 1, drill
    page.locator('[data-path="existing.ceiling_height"]').scroll_into_view_if_needed()
    _shot(page, "08-refused-field")

    # the raw text stays on the phone, with its message, over a reload
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    assert _field(page, "existing.ceiling_height").input_value() == "2,6"
    sync_api.expect(error).to_contain_text("格式不对")
    # corrected, and the reference written: everything reaches the server
    _field(page, "existing.ceiling_height").fill("2.6")
    _field(page, "design.wall.reference").fill("左墙角")
    _field(page, "design.wall.heater_axis").fill("60")
    sync_api.expect(error).to_be_empty()
    sync_api.expect(page.locator("#save-state")).to_have_attribute("data-state", "saved")
    sync_api.expect(page.locator("body")).to_have_attribute("data-checks", "current")
    saved = _saved_on_server(server, order)["survey"]
    assert saved["existing"]["ceiling_height"] == "2.6 m"
    assert saved["existing"]["hidden"][0]["x"] == "30 cm"

    # a photo the server refuses says why, has a remove button, and is not sent again
    junk = tmp_path / "broken.jpg"
    junk.write_bytes(b"not a picture at all")
    page.set_input_files('input.photo-input[data-subject="wall"]', str(junk))
    refused = page.locator('.photo-row[data-subject="wall"] .thumb.refused')
    sync_api.expect(refused).to_have_count(1)
    sync_api.expect(refused.locator("figcaption")).not_to_be_empty()
    page.locator("#photos-box").scroll_into_view_if_needed()
    _shot(page, "09-refused-photo")
    refused.locator("button.remove-photo").click()
    sync_api.expect(refused).to_have_count(0)
    assert page.errors == []
