"""The HTML pages (server/pages.py): sessions, 404 for another's survey, the language,
escaping, no inline script, the service worker, the static files and their licences."""

from __future__ import annotations

import hashlib
import html.parser
import json
import re

import pytest

pytest.importorskip("starlette")

from server_site import make_site, new_order
from sitesurvey._files import data_dir
from sitesurvey.server import pages

STATIC = data_dir("templates") / "serve" / "static"


@pytest.fixture
def site(tmp_path):
    return make_site(tmp_path)


@pytest.fixture
def order(site):
    return new_order(site.client("office"))


class _Scripts(html.parser.HTMLParser):
    """Every <script> of a page: its attributes and its text."""

    def __init__(self):
        super().__init__()
        self.scripts: list[tuple[dict, str]] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._open = dict(attrs)
            self.scripts.append((self._open, ""))

    def handle_data(self, data):
        if self._open is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = None


def _scripts(text: str) -> list[tuple[dict, str]]:
    parser = _Scripts()
    parser.feed(text)
    return parser.scripts


def _json_block(text: str, block: str) -> object:
    for attrs, body in _scripts(text):
        if attrs.get("id") == block:
            assert attrs.get("type") == "application/json"
            return json.loads(body)
    raise AssertionError(f"no <script id={block}>")


@pytest.mark.parametrize("path", ["/", "/surveys/1"])
def test_pages_without_a_session_go_to_the_login(site, path) -> None:
    r = site.client().get(path, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/login"


def test_login_page_is_chinese_first_and_switches_to_english(site) -> None:
    client = site.client()
    r = client.get("/login")
    assert r.status_code == 200
    assert '<html lang="zh-Hans">' in r.text
    assert "登录" in r.text
    r = client.get("/login?lang=en")
    assert "Log in" in r.text and "登录" not in r.text.split("<main>", 1)[1]
    # remembered in a cookie
    assert "Log in" in client.get("/login").text


def test_installer_sees_only_own_orders(site, order) -> None:
    other = new_order(site.client("office"), order="GZ-OTHER", installer="wang")
    r = site.client("li").get("/")
    rows = _json_block(r.text, "page-data")["orders"]
    assert [o["id"] for o in rows] == [order]
    assert rows[0]["status"] == "new"
    office = _json_block(site.client("office").get("/").text, "page-data")["orders"]
    assert {o["id"] for o in office} == {order, other}
    assert 'id="new-order"' in site.client("office").get("/").text
    assert 'id="new-order"' not in r.text


def test_another_installers_survey_is_a_404_page(site, order) -> None:
    r = site.client("wang").get(f"/surveys/{order}")
    assert r.status_code == 404
    assert "未找到" in r.text
    assert site.client("li").get("/surveys/999").status_code == 404
    assert site.client("li").get("/surveys/x").status_code == 404


def test_survey_page_carries_schema_and_token_in_json_blocks_only(site, order) -> None:
    li = site.client("li")
    r = li.get(f"/surveys/{order}")
    assert r.status_code == 200
    for attrs, body in _scripts(r.text):
        # no inline script: either a file of this origin or a JSON data block
        assert attrs.get("src", "").startswith("/static/") or attrs.get("type") == (
            "application/json"
        ), (attrs, body[:80])
    page = _json_block(r.text, "page-data")
    assert page["survey_id"] == order
    assert page["csrf_token"] == li.csrf
    schema = _json_block(r.text, "form-schema")
    assert schema["sections"][0]["key"] == "job"
    words = _json_block(r.text, "ui-words")
    assert words["saved"] == "已保存"
    assert "script-src 'self'" in r.headers["content-security-policy"]


def test_user_text_is_escaped(site) -> None:
    office = site.client("office")
    evil = "</script><script>alert(1)</script>"
    new_order(office, order="GZ-X", customer={"name": evil, "phone": "1", "address": "a"})
    r = office.get("/")
    assert "<script>alert(1)" not in r.text
    rows = _json_block(r.text, "page-data")["orders"]
    assert rows[0]["customer"] == evil


def test_service_worker_scope_cache_and_version(site) -> None:
    r = site.client().get("/sw.js")
    assert r.status_code == 200
    assert r.headers["service-worker-allowed"] == "/"
    assert r.headers["cache-control"] == "no-cache"
    assert r.headers["content-type"].startswith("text/javascript")
    version = pages.asset_version()
    assert f'const VERSION = "{version}"' in r.text
    shell = json.loads(re.search(r"const SHELL = (\[.*?\]);", r.text)[1])
    client = site.client()
    for url in shell:  # everything the worker caches exists
        assert client.get(url).status_code == 200, url


def test_the_cjk_font_is_served_and_nothing_else_of_its_folder(site) -> None:
    client = site.client()
    r = client.get("/static/fonts/NotoSansSC-Sheet.otf")
    assert r.status_code == 200
    assert r.headers["content-type"] == "font/otf"
    assert r.content[:4] == b"OTTO"
    assert client.get("/static/fonts/cut_font.py").status_code == 404
    assert client.get("/static/fonts/..%2Fsheet.html.j2").status_code == 404
    css = client.get("/static/app.css").text
    assert 'url("/static/fonts/NotoSansSC-Sheet.otf")' in css


def test_vendored_signature_pad_matches_its_provenance_note() -> None:
    note = (STATIC / "vendor" / "PROVENANCE.md").read_text("utf-8")
    code = (STATIC / "vendor" / "signature_pad.umd.min.js").read_bytes()
    assert hashlib.sha256(code).hexdigest() in note
    assert b"Signature Pad v5.1.4" in code and "5.1.4" in note
    licence = (STATIC / "vendor" / "signature_pad.LICENSE").read_text("utf-8")
    assert "MIT" in licence or "Permission is hereby granted" in licence


def test_no_script_sets_user_text_as_html() -> None:
    for path in STATIC.glob("*.js"):
        source = path.read_text("utf-8")
        assert "innerHTML" not in source, path.name
        assert "insertAdjacentHTML" not in source, path.name
        assert "document.write" not in source, path.name


def test_the_icon_is_linked_and_favicon_ico_answers(site) -> None:
    client = site.client()
    page = client.get("/login")
    assert '<link rel="icon" href="/static/favicon.svg' in page.text
    r = client.get("/favicon.ico")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("image/svg+xml")
    assert r.content == (STATIC / "favicon.svg").read_bytes()
    assert "/static/favicon.svg" in pages.SHELL


def test_the_login_asks_for_the_username(site) -> None:
    text = site.client().get("/login").text
    assert "用户名" in text
    assert ">名称<" not in text


def test_the_customers_copy_is_the_download_the_full_sheet_a_separate_link(site, order) -> None:
    text = site.client("li").get(f"/surveys/{order}").text
    download = re.search(r'<a [^>]*id="pdf-link"[^>]*>', text)[0]
    assert f"/api/surveys/{order}/sheet.pdf?lang=zh&amp;customer_only=1" in download
    full = re.search(r'<a [^>]*id="full-pdf-link"[^>]*>([^<]*)', text)
    assert "customer_only" not in full[0]
    assert full[1] == "完整设计单（含技术附件）"


def test_order_statuses_are_words_of_their_own(site, order) -> None:
    words = _json_block(site.client("li").get("/").text, "ui-words")
    assert (words["status_new"], words["status_in_progress"], words["status_signed"]) == (
        "新工单",
        "进行中",
        "已签署",
    )
    # not the signature line's "签于"
    assert words["status_signed"] != words["signed"]


def test_an_empty_orders_list_says_so(site) -> None:
    text = site.client("li").get("/").text
    assert _json_block(text, "page-data")["orders"] == []
    assert '<p class="muted" id="no-orders" hidden>您还没有工单。</p>' in text
