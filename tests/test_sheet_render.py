"""The installation design sheet: HTML content (no WeasyPrint), PDF/A-3b, integrity, security.

PDF tests render with WeasyPrint (about 1-2 s each with libharfbuzz-subset0).
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import datetime as dt
import io
import json
import logging
import os
import re
import shutil
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from sitesurvey import errors
from sitesurvey.cli import main
from sitesurvey.errors import SiteSurveyError
from sitesurvey.rules import check_survey
from sitesurvey.sheet import context, render
from sitesurvey.sheet.integrity import ATTACHMENT_NAME, canonical_json, verify_pdf
from sitesurvey.sizing.table import data_dir
from sitesurvey.survey import CONFIRMATION_RULES, Signature, load_survey, parse_survey

EXAMPLE = data_dir("templates") / "survey-example.toml"
NOTDEF = ".notdef glyph rendered for Unicode string unsupported by fonts"
#: The customer's part (spec §6), then the technical annex.
SECTIONS = (
    "customer-part",
    "header",
    "plan",
    "modifications",
    "fees",
    "warranty",
    "drawing",
    "handover",
    "closing",
    "annex",
)


def _plain(html: str) -> str:
    """The HTML without the no-break spans around numbers with units."""
    return re.sub(r'<span class="nb">(.*?)</span>', r"\1", html)


HOSTILE = {
    "name": '<a rel="attachment" href="file:///etc/passwd">x</a>',
    "phone": "<img src=file:///etc/passwd>",
    "address": '</style><style>body{background:url("file:///etc/passwd")}</style>',
    "special_needs": 'url(file:///etc/passwd) <link rel="stylesheet" href="file:///etc/passwd">',
}
# a tiny valid PNG (1×1, grey)
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=="
)


def _raw():
    """The example as format-1 data (tests/golden/surveys/example.toml: [site]), to edit."""
    golden = Path(__file__).resolve().parent / "golden" / "surveys" / "example.toml"
    return tomllib.loads(golden.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def survey():
    return load_survey(EXAMPLE)


@pytest.fixture(scope="module")
def failing_survey():
    """W-HEIGHT fails (wiring at 2.4 m) and the meter is too small (meter change)."""
    raw = _raw()
    raw["site"]["wiring"]["runs"][1]["height"] = "2.4 m"
    raw["site"]["meter"]["marking"] = "5(20)A"
    raw["usage"]["mixing_valve"] = False
    return parse_survey(raw, source=EXAMPLE)


@pytest.fixture(scope="module")
def hostile_survey():
    raw = _raw()
    raw["customer"]["name"] = HOSTILE["name"]
    raw["customer"]["phone"] = HOSTILE["phone"]
    raw["customer"]["address"] = HOSTILE["address"]
    raw["usage"]["special_needs"] = HOSTILE["special_needs"]
    raw["job"]["service_network"] = "网点 <script>x</script> & co"
    return parse_survey(raw, source=EXAMPLE)


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def _render(survey, **kw):
    """Render and collect WeasyPrint's log records."""
    handler = _Records()
    log = logging.getLogger("weasyprint")
    log.addHandler(handler)
    old = log.level
    log.setLevel(logging.WARNING)
    try:
        pdf = render.render_pdf(survey, **kw)
    finally:
        log.removeHandler(handler)
        log.setLevel(old)
    return pdf, handler.records


@pytest.fixture(scope="module")
def zh_pdf(survey):
    return _render(survey, lang="zh")


@pytest.fixture(scope="module")
def en_pdf(survey):
    return _render(survey, lang="en")


def _reader(pdf: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf))


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in _reader(pdf).pages)


# ------------------------------------------------------------------ HTML, no WeasyPrint


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_section_present(survey, lang):
    html = render.render_html(survey, lang=lang)
    for section in SECTIONS:
        assert f'id="{section}"' in html
    assert '<html lang="zh-CN">' in html if lang == "zh" else '<html lang="en">' in html


def test_header_values(survey):
    html = render.render_html(survey)
    assert "广州天河特约服务网点" in html and "020-8888 0187" in html  # network and phone
    assert "GZ-2024-05-0187" in html and "2024年5月18日" in html and "14:00-15:00" in html
    data = canonical_json(context.sheet_data(survey, check_survey(survey)))
    import hashlib

    digest = hashlib.sha256(data).hexdigest()
    assert context.document_id(survey) in html  # document ID
    assert f'<footer class="run">数据校验 sha256：<span class="hash">{digest}</span>' in html
    assert f'content="sha256:{digest}"' in html


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh",
            [
                "4 mm² 铜线",
                "32 A，二极",
                "10(40)A",
                "0.05–0.75 MPa",
                "25 A",
                "5.5 kW",
                "220 V 单相",
            ],
        ),
        (
            "en",
            [
                "4 mm² copper",
                "32 A, 2-pole",
                "10(40)A",
                "0.05–0.75 MPa",
                "25 A",
                "5.5 kW",
                "single-phase",
            ],
        ),
    ],
)
def test_sizing_values_with_units(survey, lang, expected):
    html = _plain(render.render_html(survey, lang=lang))
    for text in expected:
        assert text in html, text


def test_every_check_with_status_values_and_rule(survey):
    html = _plain(render.render_html(survey, lang="en"))
    verdict = check_survey(survey)
    for result in (*verdict.results, *verdict.engineering_results):
        assert f'<td class="rule nb">{result.rule}</td>' in html
    assert "2.55 m" in html and "&gt; 2.5 m" in html  # W-HEIGHT measured and required
    assert "1.53–1.73 m" in html or "H-HEIGHT" in html


def test_failures_stand_out(failing_survey):
    html = _plain(render.render_html(failing_survey, lang="en"))
    verdict = check_survey(failing_survey)
    failed = [r.rule for r in verdict.results if r.status == "fail"]
    design = {r.rule for r in verdict.design_issues}
    facing = [rule for rule in failed if rule not in design]
    assert facing, "the fixture has a customer-facing failure"
    for rule in facing:
        row = re.search(rf'<tr class="st-fail">\s*<td class="rule nb">{rule}</td>', html)
        assert row, f"{rule} should be a highlighted failure"
    assert '<span class="badge fail">FAIL</span>' in html
    assert '<span class="badge fail">不合格</span>' in render.render_html(failing_survey)


def test_design_failures_are_the_installers_to_fix_and_make_a_draft(failing_survey):
    """A failing design rule is never shown to the customer as a failure; the sheet is a
    draft on every page (spec §6)."""
    html = render.render_html(failing_survey, lang="en")
    row = re.search(r'<tr class="st-design">\s*<td class="rule nb">W-HEIGHT</td>', html)
    assert row, "W-HEIGHT is the installer's to fix"
    assert "installer fixes the plan" in html
    head = html[html.index('<header class="run">') : html.index("</header>")]
    assert "DRAFT — not for signature" in head  # the running header: every page
    zh = render.render_html(failing_survey)
    zh_head = zh[zh.index('<header class="run">') : zh.index("</header>")]
    assert "草稿，不可签署" in zh_head


def test_modifications_with_consent_and_signature(failing_survey, survey):
    html = render.render_html(failing_survey, lang="en")
    mods = html[html.index('id="modifications"') : html.index('id="fees"')]
    verdict = check_survey(failing_survey)
    assert verdict.modifications
    # consent is a yes/no, each box empty until the customer's answer is recorded
    assert mods.count('<span class="box ">') == 2 * len(verdict.modifications)
    signing = [m for m in verdict.modifications if m.needs_signature]
    assert signing, "a meter change needs the customer's signature"
    assert mods.count('<span class="line">') == len(signing)
    assert "No changes are needed." in render.render_html(survey, lang="en")


def test_fees_print_settings_and_source(survey):
    html = render.render_html(survey, lang="en")
    fees = _plain(html[html.index('id="fees"') : html.index('id="warranty"')])
    assert "5 CNY/m" in fees and "charged apart" in fees
    # the settings' sources and the file are for the network: in the annex
    assert "tariff.toml" not in fees
    annex = html[html.index('id="annex"') :]
    assert "004 ch.2 §2 item 3" in annex and "tariff.toml" in annex
    assert "the manual gives no amount" in annex


def test_commissioning_confirmations_warranty(survey, failing_survey):
    html = _plain(render.render_html(survey, lang="en"))
    assert "at least 10 minutes" in html and "power off first" in html
    assert "Mixing valve made ineffective" in html
    other = render.render_html(failing_survey, lang="en")
    handover = other[other.index('id="handover"') : other.index('id="closing"')]
    assert "Mixing valve made ineffective" not in handover
    assert "warranty card filled in" in html
    for rule in CONFIRMATION_RULES:
        assert f'<td class="rule nb">{rule}</td>' in html  # the annex
    assert "Whole unit 12 months; heating element 3 years." in html
    assert "198–242 V" in html
    zh = _plain(render.render_html(survey))
    assert "整机保修 12 个月，发热体 3 年。" in zh and "先关电" in zh


def test_confirmation_ticks_follow_the_survey():
    raw = _raw()
    raw["confirmations"]["C-MODEL"] = "yes"
    html = render.render_html(parse_survey(raw, source=EXAMPLE), lang="en")
    handover = html[html.index('id="handover"') : html.index('id="closing"')]
    assert handover.count('<span class="box on">√</span>') == 1


def test_customer_blocks_never_prefilled(survey):
    html = render.render_html(survey, lang="en")
    closing = html[html.index('id="closing"') : html.index('id="annex"')]
    assert closing.count('<span class="box"></span>') == 3  # satisfied/ordinary/unsatisfied
    assert "box on" not in closing
    assert '<div class="comments"><span class="small muted">Comments</span></div>' in closing
    assert "<img" not in closing  # no signature image in the example
    assert "Only the customer signs" in closing
    assert "李明" in closing


def test_personal_data_notice_and_integrity_sentence(survey):
    en = render.render_html(survey, lang="en")
    assert "name, phone number and address" in en and "--redact" in en
    assert "integrity check" in en and "not a signature" in en
    zh = render.render_html(survey)
    assert "不是数字签名" in zh and "脱敏" in zh


def test_drawing_and_drilling_caption(survey):
    html = render.render_html(survey, lang="en")
    drawing = _plain(html[html.index('id="drawing"') : html.index('id="handover"')])
    from sitesurvey.sheet.drawing import wall_elevation

    scale = wall_elevation(survey, "en").scale  # the scale the drawing fits at, printed
    assert "<svg" in drawing and f"Scale 1:{scale}" in drawing
    for text in ("-12 cm", "12 cm", "185 cm", "135 cm"):
        assert text in drawing
    assert "I agree to drilling there." in drawing and 'id="sig-drilling"' in drawing


def test_hostile_fields_print_literally_in_html(hostile_survey):
    html = render.render_html(hostile_survey, lang="en")
    assert "&lt;a rel=&#34;attachment&#34; href=&#34;file:///etc/passwd&#34;&gt;" in html
    assert "&lt;img src=file:///etc/passwd&gt;" in html
    assert "&lt;/style&gt;" in html
    assert "&lt;script&gt;" in html
    assert '<a rel="attachment"' not in html and "<img src=file" not in html
    assert html.count("</style>") == 2  # the page-number rule and the drawing's own


def test_environment_is_strict_and_autoescaped():
    import jinja2

    env = render._env()
    assert env.autoescape is True
    assert env.undefined is jinja2.StrictUndefined
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ nothing }}").render()


def test_svg_signature_refused(survey, tmp_path):
    svg = tmp_path / "sig.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    signed = dataclasses.replace(survey, signature=Signature("sig.svg", None, svg))
    with pytest.raises(render.SheetError, match="SVG is markup and is refused"):
        render.render_html(signed)
    disguised = tmp_path / "sig.png"
    disguised.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    signed = dataclasses.replace(survey, signature=Signature("sig.png", None, disguised))
    with pytest.raises(render.SheetError, match="SVG markup"):
        render.render_html(signed)


def test_png_signature_embedded_with_capture_time(survey, tmp_path):
    png = tmp_path / "sig.png"
    png.write_bytes(PNG)
    when = dt.datetime(2024, 5, 18, 15, 20, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    signed = dataclasses.replace(survey, signature=Signature("sig.png", when, png))
    html = render.render_html(signed, lang="en")
    uri = "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert f'src="{uri}"' in html
    assert "2024-05-18T15:20:00+08:00" in html


def test_bad_language_refused(survey):
    with pytest.raises(render.SheetError, match="lang"):
        render.render_html(survey, lang="fr")


# --------------------------------------------------------------------------- PDF


@pytest.mark.parametrize("which", ["zh_pdf", "en_pdf"])
def test_no_missing_glyphs(which, request):
    _, records = request.getfixturevalue(which)
    notdef = [r.getMessage() for r in records if str(r.msg).startswith(NOTDEF)]
    assert notdef == []
    assert not [r for r in records if "cannot be loaded" in str(r.msg)]


def test_missing_glyphs_are_detected(survey):
    """Positive control: a private-use code point no font has must be reported."""
    html = render.render_html(survey, lang="en").replace("</body>", "<p>\U0010fffd</p></body>")
    handler = _Records()
    log = logging.getLogger("weasyprint")
    log.addHandler(handler)
    try:
        render._pdf_from_html(html, b"{}", "0" * 64, survey.job.date)
    finally:
        log.removeHandler(handler)
    assert any(str(r.msg).startswith(NOTDEF) for r in handler.records)


def _fonts(pdf: bytes) -> dict[str, bool]:
    out = {}
    for page in _reader(pdf).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            desc = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            fd = desc.get("/FontDescriptor")
            fd = fd.get_object() if fd else {}
            out[str(font["/BaseFont"])] = any(
                k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    return out


@pytest.mark.parametrize("which", ["zh_pdf", "en_pdf"])
def test_cjk_font_embedded_and_only_it(which, request):
    pdf, _ = request.getfixturevalue(which)
    fonts = _fonts(pdf)
    assert fonts and all(fonts.values()), fonts
    assert all(name.split("+", 1)[1].startswith("SheetCJK") for name in fonts), fonts


@pytest.mark.parametrize("which", ["zh_pdf", "en_pdf"])
def test_one_font_subset_only(which, request):
    """One weight: no second copy of the 8 MB font as "SheetCJK-Bold" (speed, see CSS)."""
    fonts = _fonts(request.getfixturevalue(which)[0])
    assert len(fonts) == 1, fonts


def test_streams_compressed_once_give_the_same_bytes(survey, monkeypatch):
    """At pydyf's level the bytes are pydyf's; at level 6 the same content, decoded."""
    html = "<html><body><h1>安装设计单</h1><p>sheet <b>bold</b> 数据</p></body></html>"
    level_6 = render._pdf_from_html(html, b"{}", "0" * 64, survey.job.date)
    monkeypatch.setattr(render, "_DEFLATE_LEVEL", 9)
    once = render._pdf_from_html(html, b"{}", "0" * 64, survey.job.date)
    monkeypatch.setattr(render, "_COMPRESS_ONCE", False)
    assert render._pdf_from_html(html, b"{}", "0" * 64, survey.job.date) == once
    pages = [_reader(pdf).pages[0].get_contents().get_data() for pdf in (once, level_6)]
    assert pages[0] == pages[1] and level_6 != once


def test_chinese_text_in_pdf(zh_pdf):
    text = _text(zh_pdf[0])
    assert "即热式电热水器安装单" in text and "技术附页" in text
    assert "第 1 页" in text and "GZ-2024-05-0187" in text


def test_pdfa3b_and_single_attachment(zh_pdf):
    reader = _reader(zh_pdf[0])
    assert zh_pdf[0].startswith(b"%PDF-1.7")
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert len(reader.trailer["/Root"]["/AF"]) == 1
    assert list(reader.attachments) == [ATTACHMENT_NAME]


def test_attachment_is_survey_and_results(zh_pdf, survey):
    data = _reader(zh_pdf[0]).attachments[ATTACHMENT_NAME][0]
    expected = {"survey": survey.to_dict(), "results": check_survey(survey).to_dict()}
    assert data == canonical_json(expected)
    assert json.loads(data) == json.loads(json.dumps(expected))
    assert json.loads(data)["survey"]["customer"]["name"] == "王丽"


def test_hash_printed_on_every_page(zh_pdf):
    outcome = verify_pdf(zh_pdf[0])
    assert outcome.ok, outcome.problems
    assert len(outcome.printed) == len(_reader(zh_pdf[0]).pages) > 1
    assert set(outcome.printed) == {outcome.computed} and outcome.metadata == outcome.computed


def test_same_input_same_bytes(survey, zh_pdf):
    assert render.render_pdf(survey, lang="zh") == zh_pdf[0]


def test_dates_come_from_the_survey(zh_pdf):
    info = _reader(zh_pdf[0]).metadata
    assert str(info["/CreationDate"]).startswith("D:20240518")
    assert b"/CreationDate (D:20240518000000Z)" in zh_pdf[0] or "2024" in str(info)


@pytest.mark.slow  # > 2 s: renders a PDF and reads it back
def test_hostile_fields_embed_nothing(hostile_survey):
    pdf, _ = _render(hostile_survey, lang="en")
    reader = _reader(pdf)
    assert list(reader.attachments) == [ATTACHMENT_NAME]
    text = re.sub(r"\s+", "", _text(pdf))
    assert re.sub(r"\s+", "", HOSTILE["name"]) in text
    assert "<imgsrc=file:///etc/passwd>" in text
    assert "</style>" in text
    assert b"root:x:0:0" not in pdf
    from pypdf.generic import IndirectObject

    streams = 0
    for number in range(1, int(reader.trailer["/Size"])):
        item = IndirectObject(number, 0, reader).get_object()
        if hasattr(item, "get_data"):
            streams += 1
            assert b"root:x:0:0" not in item.get_data()  # no stream holds /etc/passwd
    assert streams > 5
    assert verify_pdf(pdf).ok


@pytest.mark.parametrize(
    "snippet",
    [
        '<a rel="attachment" href="file:///etc/passwd">x</a>',
        '<link rel="stylesheet" href="file:///etc/passwd">',
        "<img src=file:///etc/passwd>",
        '<div style="background:url(file:///etc/passwd)">x</div>',
        '<svg width="9" height="9"><image href="file:///etc/passwd" width="9" height="9"/></svg>',
    ],
)
def test_fetcher_refuses_foreign_urls(survey, snippet):
    """If markup ever got through, the fetcher would still fail the render."""
    html = render.render_html(survey, lang="en").replace("</body>", snippet + "</body>")
    with pytest.raises(render.SheetError, match="refused"):
        render._pdf_from_html(html, b"{}", "0" * 64, survey.job.date)


@pytest.mark.slow  # > 2 s: renders a PDF and reads it back
def test_redacted_pdf_and_attachment(survey):
    pdf, _ = _render(survey, lang="zh", redact=True)
    data = json.loads(_reader(pdf).attachments[ATTACHMENT_NAME][0])
    customer = data["survey"]["customer"]
    assert customer["name"] == "王*" and "天河" not in customer["address"]
    assert "0013" not in customer["phone"]
    text = _text(pdf)
    assert "王丽" not in text and "天河路" not in text
    assert verify_pdf(pdf).ok


# ------------------------------------------------------------------ verify and tamper


def _rewrite_attachment(pdf: bytes, new: bytes) -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, NumberObject

    writer = PdfWriter(clone_from=_reader(pdf))
    names = writer.root_object["/Names"]["/EmbeddedFiles"]["/Names"]
    stream = names[1].get_object()["/EF"]["/F"].get_object()
    stream.set_data(new)
    params = stream.get("/Params")
    if params is not None:
        params.get_object()[NameObject("/Size")] = NumberObject(len(new))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_verify_fails_after_attachment_changed(zh_pdf, tmp_path):
    original = _reader(zh_pdf[0]).attachments[ATTACHMENT_NAME][0]
    tampered = _rewrite_attachment(zh_pdf[0], original.replace("王丽".encode(), "王五".encode()))
    assert _reader(tampered).attachments[ATTACHMENT_NAME][0] != original
    outcome = verify_pdf(tampered)
    assert outcome.status == "mismatch" and outcome.problems
    path = tmp_path / "tampered.pdf"
    path.write_bytes(tampered)
    result = CliRunner().invoke(main, ["verify", str(path)])
    assert result.exit_code == 1, result.output
    assert "MISMATCH" in result.output


@pytest.mark.slow  # > 2 s: renders a PDF and reads it back
def test_verify_fails_after_printed_hash_changed(survey, zh_pdf):
    # the same data, but another hash printed on the pages and in the metadata
    context, payload, digest = render._prepare(survey, lang="zh", redact=False, tariff=None)
    html = render._env().get_template("sheet.html.j2").render(**context)
    forged = html.replace(digest, "f" * 64)
    pdf = render._pdf_from_html(forged, payload, digest, survey.job.date)
    outcome = verify_pdf(pdf)
    assert outcome.status == "mismatch"
    assert any(p.startswith("page 1:") for p in outcome.problems)
    # only the metadata changed (a pypdf rebuild)
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=_reader(zh_pdf[0]))
    writer.add_metadata({"/Keywords": "sha256:" + "0" * 64})
    out = io.BytesIO()
    writer.write(out)
    outcome = verify_pdf(out.getvalue())
    assert outcome.status == "mismatch" and any("metadata" in p for p in outcome.problems)


def test_verify_cli(zh_pdf, tmp_path):
    good = tmp_path / "sheet.pdf"
    good.write_bytes(zh_pdf[0])
    runner = CliRunner()
    result = runner.invoke(main, ["verify", str(good)])
    assert result.exit_code == 0, result.output
    assert "OK" in result.output and "not a signature" in result.output
    result = runner.invoke(main, ["verify", str(good), "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["status"] == "unsigned"
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"hello")
    assert runner.invoke(main, ["verify", str(junk)]).exit_code == 2
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(zh_pdf[0][:2000])
    assert runner.invoke(main, ["verify", str(cut)]).exit_code == 2
    assert runner.invoke(main, ["verify", str(tmp_path / "nope.pdf")]).exit_code == 2


# ---------------------------------------------------------------- writing and the CLI


def test_atomic_write_keeps_old_file_when_render_fails(survey, tmp_path, monkeypatch):
    target = tmp_path / "sheet.pdf"
    target.write_bytes(b"old sheet")

    def broken(*args, **kwargs):
        raise render.SheetError("render failed")

    monkeypatch.setattr(render, "render_pdf", broken)
    with pytest.raises(render.SheetError):
        render.write_sheet(survey, target)
    assert target.read_bytes() == b"old sheet"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sheet.pdf"]


def test_atomic_write_keeps_old_file_when_write_fails(survey, tmp_path, monkeypatch):
    target = tmp_path / "sheet.html"
    target.write_bytes(b"old sheet")

    def broken(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(render.os, "replace", broken)
    with pytest.raises(render.SheetError, match=r"cannot write .*disk full"):
        render.write_sheet(survey, target, html=True)
    assert target.read_bytes() == b"old sheet"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sheet.html"]


def test_refused_signature_leaves_old_file(survey, tmp_path):
    svg = tmp_path / "sig.svg"
    svg.write_text("<svg/>")
    target = tmp_path / "sheet.pdf"
    target.write_bytes(b"old sheet")
    signed = dataclasses.replace(survey, signature=Signature("sig.svg", None, svg))
    with pytest.raises(render.SheetError):
        render.write_sheet(signed, target)
    assert target.read_bytes() == b"old sheet"


@pytest.mark.slow  # > 2 s: renders a PDF and reads it back
def test_cli_sheet_pdf_and_html(tmp_path):
    runner = CliRunner()
    survey_file = tmp_path / "s.toml"
    assert runner.invoke(main, ["init", str(survey_file)]).exit_code == 0
    out = tmp_path / "s.pdf"
    result = runner.invoke(main, ["sheet", str(survey_file), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert verify_pdf(out).ok
    html = tmp_path / "s.html"
    result = runner.invoke(main, ["sheet", str(survey_file), "-o", str(html), "--html"])
    assert result.exit_code == 0, result.output
    text = html.read_text(encoding="utf-8")
    assert "<style>" in text and 'href="sheet.css"' not in text and 'id="drawing"' in text


def test_cli_sheet_bad_input_exit_2(tmp_path):
    runner = CliRunner()
    bad = tmp_path / "bad.toml"
    bad.write_text("format = 1\n")
    result = runner.invoke(main, ["sheet", str(bad), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    assert not (tmp_path / "x.pdf").exists()


def test_verify_on_damaged_bytes_never_crashes(zh_pdf):
    """Flipped bytes give ok, mismatch or unreadable — never another exception."""
    import random

    from sitesurvey.sheet.integrity import UnreadableSheetError

    rng = random.Random(5)
    pdf = bytearray(zh_pdf[0])
    for _ in range(4):
        damaged = bytearray(pdf)
        for _ in range(200):
            damaged[rng.randrange(9, len(damaged))] = rng.randrange(256)
        try:
            outcome = verify_pdf(bytes(damaged))
        except UnreadableSheetError:
            continue
        assert outcome.status in ("ok", "mismatch")


def test_html_needs_no_weasyprint():
    """render_html works without importing WeasyPrint (cheap previews, light CLI)."""
    import subprocess
    import sys

    code = (
        "import sys; from sitesurvey.survey import load_survey; from sitesurvey import sheet; "
        "from sitesurvey.sheet import render; "
        f"render.render_html(load_survey({str(EXAMPLE)!r})); "
        "print('weasyprint' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ------------------------------------------------------------------ page layout


def _newcomer_failing_survey():
    """The review's failing survey: seven modifications, two needing a signature; in
    English the E-WIRE row used to split across pages 5 and 6."""
    raw = _raw()
    site = raw["site"]
    site.update(
        supply_voltage="250 V",
        water_pressure="0.9 MPa",
        ceiling_height="3.2 m",
        rcd=False,
        earth="poor",
    )
    site["heater"]["display_height"] = "1.2 m"
    site["dedicated_line"]["wire"] = "2.5 mm2"
    site["breaker"]["rating"] = "40 A"
    site["meter"]["marking"] = "5(20)A"
    site["main_switch"]["rating"] = "25 A"
    site["wiring"]["runs"][1].update(length="5.8 m", height="2.5 m")
    site["wiring"]["runs"][2].update(orientation="other", length="0.8 m", damp=True)
    site["socket"]["distance_to_opening"] = "25 cm"
    site["shower"]["offset_from_axis"] = "8 cm"
    raw["confirmations"]["E-POLARITY"] = "no"
    raw["confirmations"]["C-TRIAL"] = "yes"
    return parse_survey(raw, source=EXAMPLE)


def _layout(survey, lang):
    """The sheet laid out by WeasyPrint as the PDF is (same stylesheet, fonts, fetcher)."""
    html = render.render_html(survey, lang=lang)
    font_config, stylesheet = render._style(render._cut_covers(html))
    fetcher_cls, _ = render._fetcher_class()
    document = render._html_document(html, fetcher_cls(render._assets()))
    return document.render(stylesheets=[stylesheet], font_config=font_config)


def _boxes(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _classes(box) -> set[str]:
    element = getattr(box, "element", None)
    return set((element.get("class") or "").split()) if element is not None else set()


@pytest.mark.slow  # > 2 s: lays out two sheets
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_modification_rows_never_split_and_date_blank_on_the_line(lang):
    """Each modification — its change, consent boxes and signature — lies on one row of
    one page, and every signature line keeps the "date and time" blank on its line."""
    survey = _newcomer_failing_survey()
    mods = check_survey(survey).modifications
    document = _layout(survey, lang)
    pages_of: dict[int, set[int]] = {}  # table row element -> pages it is drawn on
    for number, page in enumerate(document.pages):
        for box in _boxes(page._page_box):
            if getattr(box, "element_tag", None) == "tr":
                pages_of.setdefault(id(box.element), set()).add(number)
    table = next(
        b.element
        for page in document.pages
        for b in _boxes(page._page_box)
        if getattr(b, "element_tag", None) == "table" and "mods" in _classes(b)
    )
    mod_rows = list(table.iter("tr"))
    signing = sum(m.needs_signature for m in mods)
    assert len(mods) == 7 and signing == 2
    assert len(mod_rows) == len(mods)  # the signature stands in its modification's row
    for tr in mod_rows:
        pages = pages_of[id(tr)]
        label = "".join(tr.itertext()).split()[:2]
        assert len(pages) == 1, f"row {label} split across pages {sorted(pages)}"
    siglines = [
        b
        for page in document.pages
        for b in _boxes(page._page_box)
        if type(b).__name__ == "BlockBox" and "sigline" in _classes(b)
    ]
    assert len(siglines) == 3  # the drilling confirmation, the acceptance, the installer
    for box in siglines:
        lines = [c for c in box.children if type(c).__name__ == "LineBox"]
        assert len(lines) == 1, "the date-and-time blank wrapped onto a new line"


def _flip_attachment_stream(pdf: bytes, count: int = 2) -> bytes:
    """The PDF with the first ``count`` bytes of the attachment's stored stream flipped."""
    reader = _reader(pdf)
    names = reader.trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"]
    number = names[1].get_object()["/EF"]["/F"].indirect_reference.idnum
    raw = bytearray(pdf)
    start = re.search(rb"(?<![0-9])%d 0 obj" % number, raw).start()
    at = raw.index(b"stream", start) + len(b"stream")
    while raw[at : at + 1] in (b"\r", b"\n"):
        at += 1
    for i in range(count):
        raw[at + i] ^= 0xFF
    return bytes(raw)


def test_verify_damaged_attachment_is_unreadable_not_mismatch(zh_pdf, tmp_path):
    """A compressed stream that cannot be inflated is a damaged file (exit 2), not a
    mismatch with the hash of empty input (exit 1)."""
    from sitesurvey.sheet.integrity import UnreadableSheetError

    damaged = _flip_attachment_stream(zh_pdf[0])
    with pytest.raises(UnreadableSheetError, match="attachment is damaged"):
        verify_pdf(damaged)
    path = tmp_path / "damaged.pdf"
    path.write_bytes(damaged)
    result = CliRunner().invoke(main, ["verify", str(path)])
    assert result.exit_code == 2, result.output
    assert "MISMATCH" not in result.output and "e3b0c442" not in result.output
    assert "damaged" in result.output
    result = CliRunner().invoke(main, ["verify", str(path), "--json"])
    assert result.exit_code == 2
    assert json.loads(result.stdout)["status"] == "unreadable"


def test_verify_empty_attachment_is_unreadable(zh_pdf):
    from sitesurvey.sheet.integrity import UnreadableSheetError

    with pytest.raises(UnreadableSheetError, match="empty"):
        verify_pdf(_rewrite_attachment(zh_pdf[0], b""))


# ------------------------------------------------------ the signature image (cause 8)


def _chunk(kind: bytes, data: bytes) -> bytes:
    import struct
    import zlib

    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(width: int, height: int, idat: bytes | None = None, extra: bytes = b"") -> bytes:
    """A greyscale 8-bit PNG; ``idat`` replaces the (correct) compressed pixel data."""
    import struct
    import zlib

    if idat is None:
        idat = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)), 9)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + extra
        + _chunk(b"IDAT", idat)
        + _chunk(b"IEND", b"")
    )


def _signed(survey, tmp_path, data: bytes):
    png = tmp_path / "sig.png"
    png.write_bytes(data)
    return dataclasses.replace(survey, signature=Signature("sig.png", None, png))


def _bomb() -> bytes:
    """10 000 × 10 000 px of zeros: 100 MB of pixels in about 100 kB."""
    import zlib

    row = b"\x00" * 10_001
    deflate = zlib.compressobj(9)
    idat = b"".join(deflate.compress(row) for _ in range(10_000)) + deflate.flush()
    return _png(10_000, 10_000, idat)


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda: _png(40, 20, b"this is not deflate data"), "cannot be decoded"),
        (lambda: _png(40, 20)[:-30], "cannot be decoded"),  # truncated
        (lambda: _png(20_000, 20_000, b"x"), "declares 20000 × 20000 pixels"),
        (_bomb, "declares 10000 × 10000 pixels"),
        (lambda: _png(0, 0, b""), "0 × 0 pixels, empty"),
        (lambda: _png(5000, 1, None), "declares 5000 × 1 pixels"),
        (lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "no image header"),
        # a text chunk that inflates to 50 MB (Pillow stops it)
        (
            lambda: _png(4, 4, extra=_chunk(b"zTXt", b"k\x00\x00" + _zeros(50_000_000))),
            "cannot be decoded",
        ),
    ],
    ids=["bad-data", "truncated", "20000px", "bomb", "0x0", "too-wide", "no-ihdr", "ztxt-bomb"],
)
def test_a_signature_that_would_vanish_is_refused(survey, tmp_path, make, fragment):
    """WeasyPrint drops an image it cannot decode and renders the page without it."""
    signed = _signed(survey, tmp_path, make())
    with pytest.raises(render.SignatureError) as info:
        render.render_html(signed)
    message = str(info.value)
    assert message.startswith("signature.image: expected a PNG image that decodes fully")
    assert 'got "sig.png"' in message and fragment in message
    assert "again as a PNG" in message or "smaller size" in message
    assert isinstance(info.value, render.SheetError)  # exit 2 like every sheet refusal


def _zeros(n: int) -> bytes:
    import zlib

    return zlib.compress(b"\x00" * n, 9)


def test_the_largest_signature_accepted_decodes(survey, tmp_path):
    side = render.MAX_SIGNATURE_SIDE
    html = render.render_html(_signed(survey, tmp_path, _png(side, 2)), lang="en")
    assert "data:image/png;base64," in html


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(8, 200), st.integers(0, 255)), min_size=1, max_size=6))
def test_damaged_signatures_are_accepted_whole_or_refused_clearly(tmp_path_factory, flips):
    """Any byte flipped in a signature: it decodes, or a clear refusal — nothing else."""
    from PIL import Image

    data = bytearray(_png(30, 12))
    for index, value in flips:
        data[index % len(data)] = value
    survey = load_survey(EXAMPLE)
    signed = _signed(survey, tmp_path_factory.mktemp("sig"), bytes(data))
    try:
        render.render_html(signed)
    except render.SheetError as exc:  # SignatureError, or "not PNG" for a damaged magic
        assert str(exc).startswith("signature.image: ")
        return
    from PIL import ImageFile

    lenient = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False  # as strict as the check (WeasyPrint relaxes it)
    try:
        with Image.open(io.BytesIO(bytes(data))) as image:
            image.load()  # accepted: it really decodes
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient


def test_the_sheet_cli_refuses_a_bad_signature_and_writes_nothing(tmp_path):
    survey_file = tmp_path / "s.toml"
    # the complete example: `init` writes a draft, and nothing signs a draft
    assert CliRunner().invoke(main, ["init", str(survey_file), "--example"]).exit_code == 0
    (tmp_path / "sig.png").write_bytes(_png(20_000, 20_000, b"x"))
    text = survey_file.read_text(encoding="utf-8").replace(
        '# [signatures.final]\n# image = "signature.png"\n# captured_at',
        '[signature]\nimage = "sig.png"\ncaptured_at',
    )
    survey_file.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["sheet", str(survey_file), "-o", str(tmp_path / "s.pdf")])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: signature.image: ") and "Traceback" not in result.stderr
    assert not (tmp_path / "s.pdf").exists()


def test_a_render_that_drops_an_image_fails(survey):
    """Positive control for the render's own check: an image WeasyPrint cannot load."""
    garbage = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64).decode()
    html = f'<html><body><p>x</p><img src="data:image/png;base64,{garbage}"></body></html>'
    with pytest.raises(render.SheetError, match="Failed to load image"):
        render._pdf_from_html(html, b"{}", "0" * 64, survey.job.date)


# ------------------------------------------------------ the same bytes everywhere


@pytest.mark.slow  # subsets the 8 MB font with fontTools twice
def test_fonttools_subsetting_gives_the_same_bytes_at_any_time(survey, monkeypatch):
    """Without libharfbuzz-subset WeasyPrint uses fontTools, which stamps the current time
    into the font unless SOURCE_DATE_EPOCH is set: the survey date is used."""
    import os

    import weasyprint.pdf.fonts
    from fontTools.misc import timeTools

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    html = "<html><body><h1>安装设计单</h1><p>sheet 数据</p></body></html>"

    class Clock:
        def __init__(self, now):
            self.now = now

        def time(self):
            return self.now

    pdfs = []
    for now in (1.7e9, 1.8e9):
        monkeypatch.setattr(timeTools, "time", Clock(now))
        pdfs.append(render._pdf_from_html(html, b"{}", "0" * 64, survey.job.date))
    assert pdfs[0] == pdfs[1]
    assert "SOURCE_DATE_EPOCH" not in os.environ  # restored
    # positive control: without the variable the two clocks give different fonts
    monkeypatch.setattr(render, "_source_date_epoch", lambda date: contextlib.nullcontext())
    monkeypatch.setattr(timeTools, "time", Clock(1.9e9))
    assert render._pdf_from_html(html, b"{}", "0" * 64, survey.job.date) != pdfs[0]


def test_signature_that_became_a_device_is_refused(survey, tmp_path):
    link = tmp_path / "sig.png"
    link.symlink_to("/dev/zero")
    signed = dataclasses.replace(survey, signature=Signature("sig.png", None, link))
    with pytest.raises(errors.SurveyFileError, match=r'"sig\.png" is a character device'):
        render.render_html(signed)


# ------------------------------------------------------------- where the sheet is written
# Nothing is lost to a bad -o, the HTML is portable, and a redacted copy carries no personal
# data (write_sheet, cli/sheet.py).

# A 1×1 RGB PNG.
PNG_RGB = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@pytest.fixture
def survey_file(tmp_path):
    path = tmp_path / "survey.toml"
    shutil.copy(data_dir("templates") / "survey-example.toml", path)
    return path


@pytest.mark.parametrize(
    ("target", "fragment"),
    [
        ("{tmp}", "is a directory"),
        ("{tmp}/missing/sheet.pdf", "does not exist"),
        ("{survey}", "is the survey itself"),
    ],
)
def test_an_output_that_would_lose_something_is_refused_before_rendering(
    survey_file, tmp_path, target, fragment
):
    target = target.format(tmp=tmp_path, survey=survey_file)
    before = survey_file.read_bytes()
    result = CliRunner().invoke(main, ["sheet", str(survey_file), "-o", target, "--html"])
    assert result.exit_code == 2
    assert fragment in result.stderr and "Traceback" not in result.stderr
    assert survey_file.read_bytes() == before


def test_device_is_never_replaced(survey_file):
    if not os.path.exists("/dev/null"):
        pytest.skip("no /dev/null")
    with pytest.raises(SiteSurveyError, match="not a regular file"):
        render.write_sheet(load_survey(survey_file), "/dev/null", html=True)
    assert not os.path.isfile("/dev/null")


def test_unwritable_folder_is_a_clear_error(survey_file, tmp_path, monkeypatch):
    """A read-only or full folder: an error naming it, exit 2, no traceback."""
    import errno

    from sitesurvey import _files

    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith(".tmp"):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(_files.os, "open", refuse)
    result = CliRunner().invoke(
        main, ["sheet", str(survey_file), "-o", str(tmp_path / "s.html"), "--html"]
    )
    assert result.exit_code == 2
    assert "cannot write in" in result.stderr and "Read-only file system" in result.stderr
    assert "Traceback" not in result.stderr


def _sheet(*args, cwd, stdout=None):
    """Run the installed command line as a user would (real file descriptors)."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "sitesurvey", "sheet", *args],
        cwd=cwd,
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(not os.path.islink("/dev/stdout"), reason="no /dev/stdout link")
def test_dev_stdout_is_refused_and_never_replaced(survey_file, tmp_path):
    """`sheet s.toml -o /dev/stdout > x.pdf` said "wrote", left x.pdf empty and, as
    root, replaced /dev/stdout by a regular file."""
    out = tmp_path / "x.html"
    with out.open("wb") as handle:
        result = _sheet(
            str(survey_file), "-o", "/dev/stdout", "--html", cwd=tmp_path, stdout=handle
        )
    stderr = result.stderr.decode()
    assert result.returncode == 2
    assert "wrote" not in stderr and "Traceback" not in stderr
    assert "/dev/stdout is a symbolic link" in stderr and "(-o -)" in stderr
    assert os.path.islink("/dev/stdout")
    assert out.read_bytes() == b""


def test_dash_writes_the_sheet_to_stdout_and_nothing_else(survey_file, tmp_path):
    result = _sheet(str(survey_file), "-o", "-", "--html", "--lang", "en", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"<!DOCTYPE html>") and b"wrote" not in result.stdout
    assert b"wrote" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["survey.toml"]
    expected = render.write_sheet(
        load_survey(survey_file), tmp_path / "s.html", html=True, lang="en"
    )
    assert result.stdout == expected.read_bytes()


def test_a_link_as_output_is_refused_and_left_alone(survey_file, tmp_path):
    theirs = tmp_path / "theirs.pdf"
    theirs.write_bytes(b"not mine")
    link = tmp_path / "sheet.html"
    link.symlink_to(theirs)
    result = CliRunner().invoke(main, ["sheet", str(survey_file), "-o", str(link), "--html"])
    assert result.exit_code == 2
    assert "is a symbolic link" in result.stderr and "-o -" in result.stderr
    assert "wrote" not in result.stderr
    assert link.is_symlink() and theirs.read_bytes() == b"not mine"


@pytest.mark.slow  # renders a PDF
def test_dash_writes_a_verifiable_pdf(survey_file, tmp_path):
    from sitesurvey.sheet.integrity import verify_pdf

    result = _sheet(str(survey_file), "-o", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    assert result.stdout.startswith(b"%PDF-") and verify_pdf(result.stdout).ok


_NO_PANGO = """
import sys

class _NoPango:
    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint" or name.startswith("weasyprint."):
            print("WeasyPrint could not import some external libraries", flush=True)
            raise OSError(
                "cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared "
                "object file: No such file or directory"
            )
        return None

sys.meta_path.insert(0, _NoPango())
"""


def test_without_pango_pdf_is_exit_2_naming_packages_and_html_still_works(survey_file, tmp_path):
    """weasyprint's import raises OSError (cffi dlopen) when Pango is missing."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(_NO_PANGO, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(site)}
    import subprocess
    import sys

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "sitesurvey", "sheet", str(survey_file), *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            timeout=120,
            check=False,
        )

    pdf = run("-o", "-")
    stderr = pdf.stderr.decode()
    assert pdf.returncode == 2, stderr
    assert stderr.startswith("Error: ") and stderr.strip().count("\n") == 0
    assert "Traceback" not in stderr
    assert "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0" in stderr
    assert "--html" in stderr
    assert pdf.stdout == b""  # WeasyPrint's own notice never reaches a sheet on stdout
    html = run("-o", "s.html", "--html")
    assert html.returncode == 0, html.stderr
    assert (tmp_path / "s.html").read_bytes().startswith(b"<!DOCTYPE html>")


def test_html_sheet_names_no_local_file(survey_file, tmp_path):
    out = render.write_sheet(load_survey(survey_file), tmp_path / "sheet.html", html=True)
    text = out.read_text(encoding="utf-8")
    assert "file:" not in text and str(data_dir("templates")) not in text
    assert "Noto Sans CJK SC" in text and "@font-face" not in text


def test_redacted_copy_leaves_out_the_signature(survey_file, tmp_path):
    (tmp_path / "sig.png").write_bytes(PNG_RGB)
    text = survey_file.read_text(encoding="utf-8").replace(
        "# [signatures.final]\n"
        '# image = "signature.png"\n# captured_at = 2024-05-18T15:20:00+08:00',
        '[signatures.final]\nimage = "sig.png"\ncaptured_at = 2024-05-18T15:20:00+08:00',
    )
    assert "[signatures.final]\nimage" in text
    survey_file.write_text(text, encoding="utf-8")
    survey = load_survey(survey_file)
    assert "data:image/png;base64," in render.render_html(survey, lang="en")
    redacted = render.render_html(survey, lang="en", redact=True)
    assert "data:image/png;base64," not in redacted
    assert "no signature images" in redacted


# ------------------------------------------------------------ loading WeasyPrint

_COUNT_FIND_LIBRARY = """
import ctypes.util, sys
asked = []
original = ctypes.util.find_library
def find_library(name):
    asked.append(name)
    return original(name)
ctypes.util.find_library = find_library
from sitesurvey.sheet.render import _require_weasyprint
_require_weasyprint()
import weasyprint.text.ffi as ffi
print(asked, ctypes.util.find_library is find_library, ffi.pango is not None)
"""


LINUX_ONLY = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux sonames")


@LINUX_ONLY
def test_weasyprint_loads_its_libraries_by_soname_without_searching():
    """Without the sonames each of WeasyPrint's ~20 names went to find_library, which
    starts ldconfig, gcc and ld (0.2-0.6 s of the import)."""
    import subprocess

    out = subprocess.run(
        [sys.executable, "-c", _COUNT_FIND_LIBRARY],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert out.strip() == "[] True True"  # nothing searched; find_library restored


@LINUX_ONLY
def test_soname_lookup_falls_back_for_a_required_library_and_not_an_optional_one(monkeypatch):
    import ctypes.util

    asked: list[str] = []
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: asked.append(name) or None)
    monkeypatch.setattr(
        render,
        "_SONAMES",
        {
            "nosuch-1": ("libsitesurvey-nosuch.so.1", False),
            "nosuch-2": ("libsitesurvey-nosuch.so.2", True),
            "c-lib": ("libc.so.6", False),
        },
    )
    with render._libraries_by_soname():
        found = [ctypes.util.find_library(n) for n in ("nosuch-1", "nosuch-2", "c-lib", "m")]
    assert found == [None, None, "libc.so.6", None]
    assert ctypes.util.find_library("x") is None and asked == ["nosuch-1", "m", "x"]


# ------------------------------------------------------------ the cut of the CJK font


def _cmap(name: str) -> set[int]:
    from fontTools.ttLib import TTFont

    with TTFont(render._assets() / name, lazy=True) as font:
        return set(font.getBestCmap())


@pytest.mark.parametrize("lang", render.LANGS)
def test_the_sheets_own_text_is_in_the_cut_of_the_font(survey, hostile_survey, lang):
    assert render._cut_covers(render.render_html(survey, lang=lang))
    assert render._cut_covers(render.render_html(hostile_survey, lang=lang))


def test_the_cut_has_gb2312_and_its_listing(survey):
    cut = _cmap(render._CUT_FONT)
    gb2312 = "啊齄王，。、（）ＡＺ①"  # the first and last hanzi of GB2312, and punctuation
    assert {ord(c) for c in gb2312} <= cut
    listing = (render._assets() / render._CUT_LISTING).read_text("utf-8")
    assert {ord(c) for c in listing.removesuffix("\n")} == cut  # what _cut_covers reads
    assert len(cut) > 7000 and cut < _cmap(render._FULL_FONT)


@pytest.mark.slow  # renders two PDFs
def test_a_name_outside_the_cut_prints_with_the_full_font(survey, monkeypatch):
    rare = "王堃喆"
    assert ord("堃") not in _cmap(render._CUT_FONT) and ord("堃") in _cmap(render._FULL_FONT)
    named = dataclasses.replace(survey, customer=dataclasses.replace(survey.customer, name=rare))
    html = render.render_html(named)
    assert rare in html and not render._cut_covers(html)
    pdf, records = _render(named)
    assert [r for r in records if str(r.msg).startswith(NOTDEF)] == []
    assert pdf == render.render_pdf(named)  # the same bytes again
    # positive control: with the cut alone, 堃 would print as a missing glyph
    monkeypatch.setattr(render, "_cut_covers", lambda html: True)
    _, records = _render(named)
    assert [r for r in records if str(r.msg).startswith(NOTDEF)] != []
