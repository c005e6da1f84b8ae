"""Fee settings (tables/tariff.toml) and the fee summary (spec §4, 004 ch.2 §2)."""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib

import pytest

from sitesurvey.errors import TableError
from sitesurvey.fees import compute_fees, load_tariff
from sitesurvey.sizing.table import data_dir
from sitesurvey.survey import load_survey


@pytest.fixture(scope="module")
def survey():
    return load_survey(data_dir("templates") / "survey-example.toml")


def _with(survey, *, length=None, distance=None):
    site = dataclasses.replace(
        survey.site, wiring=dataclasses.replace(survey.site.wiring, length=length)
    )
    job = dataclasses.replace(survey.job, distance_from_urban_area=distance)
    return dataclasses.replace(survey, site=site, job=job)


def test_shipped_tariff_has_the_manuals_settings_with_sources():
    tariff = load_tariff()
    assert tariff.labour_rate == 5.0
    assert tariff.currency == "CNY"
    assert tariff.free_length is None  # the run from the indoor main switch is free
    assert tariff.materials_apart
    assert tariff.free_radius == 30_000.0
    assert tariff.remote_fee is None  # the manual gives no amount: not invented
    assert "ch.2 §2" in tariff.line_source and "超出部分按1米伍元" in tariff.line_source
    assert "30" in tariff.remote_source and "no amount" in tariff.remote_source
    raw = tomllib.loads((data_dir() / "tariff.toml").read_text(encoding="utf-8"))
    assert "fee" not in raw["remote_service"]


def test_example_fees(survey):
    fees = compute_fees(survey)
    by_item = {line.item: line for line in fees.lines}
    assert by_item["design"].amount == 0.0
    assert by_item["dedicated_line_labour"].amount == 0.0
    assert by_item["materials"].amount is None  # charged apart
    assert by_item["remote_service"].amount == 0.0  # 12 km
    assert fees.total == 0.0
    assert not fees.complete


def test_beyond_30_km_fee_is_unset_not_invented(survey):
    fees = compute_fees(_with(survey, length=8.0, distance=45_000.0))
    remote = next(line for line in fees.lines if line.item == "remote_service")
    assert remote.amount is None
    assert "manual gives none" in remote.note
    assert "未给出金额" in remote.note_zh


def test_fixed_free_length_and_rate(tmp_path, survey):
    text = (data_dir() / "tariff.toml").read_text(encoding="utf-8")
    text = text.replace('free_allowance = "main_switch_run"', 'free_allowance = "10 m"')
    text = text.replace("# fee = \n", "fee = 50.0\n")
    path = tmp_path / "network.toml"
    path.write_text(text, encoding="utf-8")
    tariff = load_tariff(path)
    assert tariff.free_length == 10.0 and tariff.remote_fee == 50.0
    fees = compute_fees(_with(survey, length=14.5, distance=40_000.0), tariff)
    by_item = {line.item: line for line in fees.lines}
    assert by_item["dedicated_line_labour"].amount == pytest.approx(22.5)  # 4.5 m × 5
    assert by_item["remote_service"].amount == 50.0
    assert fees.total == pytest.approx(72.5)
    short = compute_fees(_with(survey, length=6.0, distance=None), tariff)
    assert {ln.item: ln.amount for ln in short.lines}["dedicated_line_labour"] == 0.0
    assert {ln.item: ln.amount for ln in short.lines}["remote_service"] is None


def test_bad_tariff_is_refused(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('name = "x"\nsource = "y"\n[dedicated_line]\nsource = "z"\n')
    with pytest.raises(TableError, match=r"remote_service: missing section"):
        load_tariff(path)
    path.write_text(
        (data_dir() / "tariff.toml")
        .read_text(encoding="utf-8")
        .replace("free_radius_km =", "free_radius_kms ="),
        encoding="utf-8",
    )
    with pytest.raises(
        TableError, match='free_radius_kms: unknown key — did you mean "free_radius_km"'
    ):
        load_tariff(path)


def _tariff_text() -> str:
    return (data_dir() / "tariff.toml").read_text(encoding="utf-8")


def test_tariff_with_a_bom_loads_like_the_shipped_one(tmp_path):
    path = tmp_path / "t.toml"
    path.write_bytes(b"\xef\xbb\xbf" + _tariff_text().encode("utf-8"))
    assert load_tariff(path).labour_rate == load_tariff().labour_rate


def test_empty_tariff_says_so(tmp_path):
    path = tmp_path / "t.toml"
    path.write_bytes(b"")
    with pytest.raises(TableError, match="the file is empty — copy the shipped tariff"):
        load_tariff(path)


def test_tariff_that_is_a_device_or_fifo_is_refused(tmp_path):
    with pytest.raises(TableError, match="character device"):
        load_tariff("/dev/zero")
    fifo = tmp_path / "t.toml"
    os.mkfifo(fifo)
    with pytest.raises(TableError, match="FIFO"):
        load_tariff(fifo)


@pytest.mark.parametrize("number", ["9" * 400, "1e400", "-1"])
def test_tariff_amount_out_of_range_gets_the_fix(tmp_path, number):
    text = _tariff_text()
    old = re.search(r"labour_rate_per_m = \S+", text)[0]
    path = tmp_path / "t.toml"
    path.write_text(text.replace(old, f"labour_rate_per_m = {number}"), encoding="utf-8")
    with pytest.raises(TableError, match="expected a number of at least 0") as info:
        load_tariff(path)
    assert "write the figure of your tariff, e.g. labour_rate_per_m = 5" in str(info.value)
    assert len(str(info.value)) < 300


@pytest.mark.parametrize(
    ("old", "new", "fix"),
    [
        ("[design]", "[design]\nmystery = 1", "remove it; the keys here are"),
        ('name = "', "name = 7\nxname = ", None),
        ("free_radius_km =", "free_radius_kms =", 'did you mean "free_radius_km"'),
    ],
)
def test_every_tariff_message_says_what_to_write(tmp_path, old, new, fix):
    text = _tariff_text()
    assert old in text
    path = tmp_path / "t.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(TableError) as info:
        load_tariff(path)
    assert " — " in str(info.value)
    if fix:
        assert fix in str(info.value)


def test_fee_notes_in_both_languages_from_the_catalog(survey):
    """The labour line with a free length: numbers and units in each language's way."""
    tariff = dataclasses.replace(load_tariff(), free_length=10.0, remote_fee=80.0)
    fees = compute_fees(_with(survey, length=12.5, distance=45_000.0), tariff)
    by_item = {line.item: line for line in fees.lines}
    labour = by_item["dedicated_line_labour"]
    assert labour.note == "12.5 m − 10 m free = 2.5 m × 5 CNY/m"
    assert labour.note_zh == "12.5 米 − 免费 10 米 = 2.5 米 × 5 元/米"
    remote = by_item["remote_service"]
    assert remote.note_zh == "距市区 45 公里：超出 30 公里；80.00 元（网点规定）"


def test_a_currency_without_a_chinese_word_is_shown_as_its_code(survey):
    """Before, every tariff's Chinese said 元， whatever its currency."""
    tariff = dataclasses.replace(load_tariff(), currency="EUR", free_length=10.0)
    labour = compute_fees(_with(survey, length=12.5), tariff).lines[1]
    assert labour.note.endswith("5 EUR/m") and labour.note_zh.endswith("5 EUR/米")


# ------------------------------------------------------------------ issue 11 S


def test_the_shipped_price_list_is_marked_as_example_prices():
    prices = load_tariff().prices
    assert prices.example and "gives none" in prices.source
    assert prices.find("Conduit ") is prices.find("线管") is not None


def test_materials_priced_only_in_the_price_lists_unit(survey):
    import dataclasses

    from sitesurvey.fees import price_materials
    from sitesurvey.survey import Material

    tariff = load_tariff()
    used = dataclasses.replace(
        survey, materials=(Material("conduit", 2.5, "m"), Material("conduit", 3, "pc"))
    )
    per_metre, wrong_unit = price_materials(used, tariff)
    assert per_metre.amount == 7.5 and per_metre.unit_zh == "米"
    assert wrong_unit.price is None and wrong_unit.amount is None


@pytest.mark.parametrize(
    ("prices", "words"),
    [
        ('[prices]\nexample = true\n[[prices.items]]\nname = "x"\nunit = "m"\nprice = 1', "source"),
        ('[prices]\nsource = "s"\n[[prices.items]]\nname = "x"\nunit = "m"\nprice = "1"', "number"),
        ('[prices]\nsource = "s"\n[[prices.items]]\nnme = "x"', "did you mean"),
        ('[prices]\nsource = "s"\nexample = "yes"', "true or false"),
    ],
)
def test_a_bad_price_list_names_its_key(tmp_path, prices, words):
    shipped = (data_dir() / "tariff.toml").read_text(encoding="utf-8")
    shipped = shipped[: shipped.index("[prices]")]
    path = tmp_path / "t.toml"
    path.write_text(shipped + prices, encoding="utf-8")
    with pytest.raises(TableError, match="prices") as info:
        load_tariff(path)
    assert words in str(info.value)
