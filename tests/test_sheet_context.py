"""The sheet's template context (sheet/context.py): redaction, the embedded data, and the
words and numbers each language shows."""

from __future__ import annotations

import json
import re

import pytest

from sitesurvey.rules import check_survey
from sitesurvey.sheet import context, render
from sitesurvey.sheet.integrity import canonical_json
from sitesurvey.sizing.table import data_dir
from sitesurvey.survey import load_survey

EXAMPLE = data_dir("templates") / "survey-example.toml"


@pytest.fixture(scope="module")
def survey():
    return load_survey(EXAMPLE)


def test_redact_masks_personal_data(survey):
    for lang in ("zh", "en"):
        html = render.render_html(survey, lang=lang, redact=True)
        assert "王丽" not in html and "0013" not in html and "天河路" not in html
        assert "王*" in html and "+** *** ****8 *000" not in html
    redacted = context.redact_survey(survey)
    assert redacted.customer.phone.endswith("00") and "138" not in redacted.customer.phone


def test_results_name_the_table_by_file_name_not_folder(survey):
    """The embedded, hashed data must not hold the installation's folder (cause 14)."""
    data = canonical_json(context.sheet_data(survey, check_survey(survey))).decode()
    table = json.loads(data)["results"]["sizing"]["table"]
    assert table["path"] == "ot-h3002_ch5_circuit_conditions.toml"
    assert set(table) == {"id", "path", "sha256"}
    assert str(data_dir()) not in data and str(data_dir().parent) not in data


def _template_messages() -> list[str]:
    text = (data_dir("templates") / "sheet.html.j2").read_text(encoding="utf-8")
    return re.findall(r'_\("((?:[^"\\]|\\.)*)"\)', text)


def test_the_chinese_sheet_has_every_template_word_translated(survey):
    """The template's English message ids never reach the Chinese sheet."""
    html = render.render_html(survey, lang="zh")
    messages = _template_messages()
    assert len(messages) > 80
    # (a message of a few characters, ": " or "no", occurs in any text)
    left = [m for m in messages if len(m) > 3 and m in html]
    assert not left


def test_the_english_sheet_prints_the_message_ids_escaped(survey):
    html = render.render_html(survey, lang="en")
    assert "Instant electric water heater — installation sheet" in html
    # translations are escaped like every other value (old-style gettext, not Markup)
    assert "Customer&#39;s signature" in html and "Customer's signature" not in html


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", {"合格", "注意", "不合格", "未检查"}), ("en", {"pass", "warn", "FAIL", "not checked"})],
)
def test_status_words_are_the_catalog_words(survey, lang, words):
    result = check_survey(survey)
    rows = context.build_context(survey, result, lang=lang)["checks"]
    assert {row["status_text"] for row in rows} <= words


def test_defaults_and_breaker_in_chinese_come_from_the_catalog(survey):
    result = check_survey(survey)
    ctx = context.build_context(survey, result, lang="zh")
    assert ctx["sizing"]["breaker"].endswith(" 极") and "，2 极" in ctx["sizing"]["breaker"]
    en = context.build_context(survey, result, lang="en")
    assert en["sizing"]["breaker"].endswith(", 2-pole")
    from sitesurvey.sheet.drawing import wall_elevation

    scale = f"1:{wall_elevation(survey, 'zh').scale}"  # the scale the drawing fits at
    assert "{" not in ctx["drawing"]["caption"] and scale in ctx["drawing"]["caption"]


# ------------------------------------------------------------------ issue 11 S

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@pytest.mark.parametrize(
    ("text", "zh", "en"),
    [
        ("空气开关 32A,二极", "空气开关 32 A，二极", "空气开关 32 A,二极"),
        ("现有总开关 63A(保留)", "现有总开关 63 A（保留）", "现有总开关 63 A(保留)"),
        ("铜线(从屋内总开关新拉专线)", "铜线（从屋内总开关新拉专线）", None),
        ("免费:屋内总开关;超出 5 元/米", "免费：屋内总开关；超出 5 元/米", None),
        ("meter 10(40)A or larger", "meter 10(40)A or larger", "meter 10(40)A or larger"),
        ("10mm² copper, 25m", "10 mm² copper, 25 m", "10 mm² copper, 25 m"),
    ],
)
def test_typeset_one_rule_for_punctuation_and_units(text, zh, en):
    assert context.typeset(text, "zh") == zh
    assert context.typeset(text, "en") == (en if en is not None else text)


@given(st.text(alphabet="热水器电表ab12 ,:;()A.m", max_size=40))
def test_typeset_leaves_no_half_width_mark_after_a_chinese_character(text):
    assert not re.search(r"[\u4e00-\u9fff][,:;()]", context.typeset(text, "zh"))


def test_dates_as_a_reader_writes_them():
    import datetime as dt

    at = dt.datetime(2025, 11, 29, 9, 52)
    assert context.date_text(at, "zh") == "2025年11月29日 09:52"
    assert context.date_text(at.date(), "zh") == "2025年11月29日"
    assert context.date_text(at, "en") == "2025-11-29 09:52"


def test_handover_items_exactly_as_recorded(survey):
    import dataclasses

    from sitesurvey.survey import Confirmations, Handover

    confirmations = Confirmations((("C-TRIAL", "yes"), ("C-SIGN", "not_yet")))
    done = dataclasses.replace(
        survey,
        confirmations=confirmations,
        handover=Handover(protected_belongings="yes", site_cleaned="not_yet"),
    )
    rows = {r["key"]: r for r in context.build_context(done, check_survey(done))["handover"]}
    assert rows["C-TRIAL"]["done"] and rows["C-TRIAL"]["state"] == "已完成"
    assert not rows["C-SIGN"]["done"] and rows["C-SIGN"]["state"] == "待完成"
    assert rows["protected_belongings"]["done"] and not rows["site_cleaned"]["done"]
    assert len(rows) == 10  # each item once (the mixing valve is fitted here)
    no_mixer = dataclasses.replace(done, usage=dataclasses.replace(done.usage, mixing_valve=False))
    keys = [r["key"] for r in context.build_context(no_mixer, check_survey(no_mixer))["handover"]]
    assert "U-MIXER" not in keys and len(keys) == 9


def test_document_id_is_the_survey_without_signatures(survey, tmp_path):
    import dataclasses

    from sitesurvey.survey import Signature, Signatures

    signed = dataclasses.replace(
        survey,
        signature=Signature("a.png", None, None, "0" * 64),
        signatures=Signatures((("consent.rcd", Signature("", None, None, "", "yes")),)),
    )
    assert context.document_id(signed) == context.document_id(survey)
    other = dataclasses.replace(survey, example=not survey.example)
    assert context.document_id(other) != context.document_id(survey)
    # a redacted copy carries the original's ID
    assert context.document_id(survey) in render.render_html(survey, redact=True)


def test_network_from_the_profile_before_the_survey(survey):
    from sitesurvey.survey import Network

    result = check_survey(survey)
    ctx = context.build_context(survey, result)
    assert ctx["network"] == {"name": "广州天河特约服务网点", "phone": "020-8888 0187"}
    ctx = context.build_context(survey, result, network=Network(None, "400-000 0000"))
    assert ctx["network"] == {"name": "广州天河特约服务网点", "phone": "400-000 0000"}


def test_materials_itemised_with_prices_and_total(survey):
    import dataclasses

    from sitesurvey.survey import Material

    used = dataclasses.replace(
        survey,
        materials=(Material("conduit", 8, "m"), Material("二极漏电开关", 1), Material("x", 2)),
    )
    ctx = context.build_context(used, check_survey(used), lang="zh")
    rows = [r for r in ctx["fees"] if r["item"] == "material"]
    assert [(r["label"], r["quantity"], r["price"], r["amount"]) for r in rows] == [
        ("线管", "8 米", "3.00", "24.00"),
        ("二极漏电开关", "1 个", "85.00", "85.00"),
        ("x", "2 ", "", "待定"),
    ]
    assert ctx["fee_total"] == "109.00" and ctx["fee_total_label"] == "已知金额合计"
    assert "示例" in ctx["prices_note"]


# ------------------------------------------------------------------ issue 13: photos

#: Two photos of the site: (subject, file, SHA-256 as the reader computes it).
PHOTOS = (
    ("meter", "meter-nameplate.jpg", "a1" * 32),
    ("water_pressure", "gauge.jpg", "b2" * 32),
)


@pytest.fixture(scope="module")
def photographed(survey):
    import dataclasses
    import datetime as dt

    from sitesurvey.survey import Photo

    at = dt.datetime(2025, 11, 29, 9, 40, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    photos = (
        Photo(*PHOTOS[0], taken_at=at, note="铭牌 10(40)A"),
        Photo(*PHOTOS[1]),
    )
    return dataclasses.replace(survey, photos=photos)


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", ("电表铭牌", "水压表", "2025年11月29日 09:40", "未记录")),
     ("en", ("Meter nameplate", "Water pressure gauge", "2025-11-29 09:40", "not recorded"))],
)  # fmt: skip
def test_the_annex_lists_each_photo_with_its_hash(photographed, lang, words):
    ctx = context.build_context(photographed, check_survey(photographed), lang=lang)
    assert [(p["subject"], p["image"], p["sha256"]) for p in ctx["photos"]] == [
        (words[0], PHOTOS[0][1], PHOTOS[0][2]),
        (words[1], PHOTOS[1][1], PHOTOS[1][2]),
    ]
    assert [p["taken_at"] for p in ctx["photos"]] == [words[2], words[3]]
    html = render.render_html(photographed, lang=lang)
    annex = html[html.index('<section class="annex"') :]
    for subject, (_, image, digest) in zip(words[:2], PHOTOS, strict=True):
        assert subject in annex and image in annex and f"sha256: {digest}" in annex
    assert "铭牌 10(40)A" in annex


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("customer_only", [False, True])
def test_the_customer_part_shows_no_photo_hash_or_file_name(photographed, lang, customer_only):
    html = render.render_html(photographed, lang=lang, customer_only=customer_only)
    customer = html[html.index('<section class="customer-part"') :]
    customer = customer[: customer.find('<section class="annex"')]
    assert len(customer) > 5000  # the customer's part is really there
    for _, image, digest in PHOTOS:
        assert image not in customer and digest not in customer
    assert ("sha256: " + PHOTOS[0][2] in html) is not customer_only


def test_no_photos_says_so(survey):
    html = render.render_html(survey, lang="en")
    assert "No photos recorded." in html[html.index('<section class="annex"') :]


def test_photos_are_in_the_hashed_data_but_not_the_document_id(survey, photographed):
    """The embedded data (what verify hashes) carries each photo's SHA-256; the document
    ID, like for signatures, does not change when a photo is added."""
    data = json.loads(canonical_json(context.sheet_data(photographed, check_survey(survey))))
    assert [p["sha256"] for p in data["survey"]["photos"]] == [d for *_, d in PHOTOS]
    assert context.document_id(photographed) == context.document_id(survey)
    assert canonical_json(context.sheet_data(photographed, check_survey(survey))) != (
        canonical_json(context.sheet_data(survey, check_survey(survey)))
    )


@pytest.mark.parametrize(
    ("lang", "pending", "none_needed", "not_agreed"),
    [
        ("zh", "待现场测量完成后才能确定是否需要改动。", "无需改动。", "未约定"),
        (
            "en",
            "Changes needing your consent are known once the site is measured.",
            "No changes are needed.",
            "not agreed yet",
        ),
    ],
)
def test_a_blank_survey_sheet_neither_says_no_changes_nor_prints_an_appointment(
    lang, pending, none_needed, not_agreed
):
    """Found on a visit: a draft said "无需改动" with nothing measured, and an order
    without an appointment printed 09:00-10:00 as agreed."""
    import datetime as dt
    import tomllib

    from sitesurvey.survey import parse_survey
    from sitesurvey.survey.template import blank_survey

    blank = parse_survey(tomllib.loads(blank_survey(today=dt.date(2024, 5, 18))))
    html = render.render_html(blank, lang=lang)
    assert pending in html and none_needed not in html
    assert f'<span class="nb">{not_agreed}</span>' in html and "未约定 not agreed" not in html
    measured = render.render_html(load_survey(EXAMPLE), lang=lang)
    assert pending not in measured and not_agreed not in measured
