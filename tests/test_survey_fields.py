"""The validating reader of values (survey/fields.py): structure, quantities, bands, text."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sitesurvey.errors import SurveyFileError
from sitesurvey.sizing.table import data_dir
from sitesurvey.survey import (
    TEXT_FIELDS,
    load_survey,
    parse_survey,
)
from sitesurvey.survey.reader import upgrade_data

EXAMPLE = data_dir("templates") / "survey-example.toml"


def test_example_documents_every_key(example):
    """Every key the reader knows appears in the example, so the template documents it."""
    from sitesurvey.survey.fields import _SECTION_KEYS

    text = EXAMPLE.read_text(encoding="utf-8")
    canonical_only = {"basic", "max", "phases"}  # the meter's numbers, derived from marking
    for section, keys in _SECTION_KEYS.items():
        for key in keys:
            if section == "existing.meter" and key in canonical_only:
                continue
            assert f"{key} =" in text or f"[{section}.{key}]" in text or f".{key}]]" in text, (
                f"{section}.{key} is not documented in the example"
            )


def test_missing_required_key(minimal, problems):
    data = minimal()
    del data["heater"]["power"]
    assert "heater.power: missing" in problems(data)


@pytest.mark.parametrize(
    ("path", "typo", "guess"),
    [
        ("site.socket", "heigth", "height"),
        ("site", "ceiling_hieght", "ceiling_height"),
        ("", "costumer", "customer"),
        ("confirmations", "E-POLARTY", "E-POLARITY"),
        ("site.shower", "Head_Height", "head_height"),
    ],
)
def test_unknown_key_with_did_you_mean(path, typo, guess, minimal, put, problems):
    data = minimal()
    full = f"{path}.{typo}" if path else typo
    put(data, full, "1 m")
    if typo == "costumer":
        data["costumer"] = {}
    assert f'{full}: unknown key — did you mean "{guess}"?' in problems(data)


def test_unknown_key_without_a_close_match_lists_the_keys(minimal, put, problems):
    message = problems(put(minimal(), "site.socket.colour", "white"))
    assert "site.socket.colour: unknown key; the keys of [site.socket] are: height" in message


def test_decimal_comma_names_the_path(minimal, put, problems):
    message = problems(put(minimal(), "site.socket.height", "2,6m"))
    assert "site.socket.height" in message and '"2,6m"' in message and '"2.6m"' in message


@pytest.mark.parametrize(
    ("path", "value", "words"),
    [
        ("site.socket.height", "220 V", "a voltage"),
        ("site.water_pressure", "3 m", "a length"),
        ("site.supply_voltage", "32 A", "a current"),
        ("site.socket.height", 2.6, 'give the unit: "2.6 m" if you measured 2.6 m'),
        ("site.dedicated_line.wire", "4 m", "cross-section"),
        ("heater.power", "5.5", "kilowatts"),
    ],
)
def test_wrong_dimension_names_the_path(path, value, words, minimal, put, problems):
    message = problems(put(minimal(), path, value))
    assert path in message and words in message


@pytest.mark.parametrize(
    ("path", "value", "fragment"),
    [
        ("heater.power", "8 500 W", 'write "8500 W" without spaces'),
        ("heater.power", "5\u202f500 W", 'write "5500 W" without spaces'),
        ("heater.power", "kW", "the number is missing"),
        ("heater.power", "5500 W/0", '"/" (U+002F SOLIDUS) is not allowed'),
        ("site.socket.height", "2 400 mm", 'write "2400 mm" without spaces'),
        ("site.wiring.length", "2 000 cm", 'write "2000 cm" without spaces'),
        ("site.breaker.poles", "²", '"²" (U+00B2 SUPERSCRIPT TWO) is not a digit 0-9; write "2"'),
        ("site.breaker.poles", "①", '"①" (U+2460 CIRCLED DIGIT ONE) is not a digit 0-9'),
        ("site.meter.phases", "³", '"³" (U+00B3 SUPERSCRIPT THREE)'),
        ("site.wiring.grouping", "²", '"²" (U+00B2 SUPERSCRIPT TWO) is not a digit 0-9'),
        ("site.wiring.grouping", "9" * 5001, "at most 6 digits"),
    ],
)
def test_digit_groups_bare_units_and_unicode_digits_are_problems(
    path, value, fragment, minimal, put, problems
):
    """Issue 8, causes 1, 2 and 5: never a wrong number, never a traceback."""
    message = problems(put(minimal(), path, value))
    assert path in message and fragment in message


def test_counts_as_text_of_ascii_digits_still_read(minimal, put):
    data = put(minimal(), "site.breaker.poles", " 2 ")
    put(data, "site.wiring.grouping", "3")
    survey = parse_survey(data, source="s.toml")
    assert survey.site.breaker.poles == 2
    assert survey.site.wiring.grouping == 3


@pytest.mark.parametrize("date", ["18.05.2024", "2024-13-01", dt.datetime(2024, 5, 18, 14)])
def test_bad_date(date, minimal, put, problems):
    assert "job.date" in problems(put(minimal(), "job.date", date))


def test_phone_must_be_text(minimal, put, problems):
    assert "customer.phone: expected text in quotes" in problems(
        put(minimal(), "customer.phone", 13800138000)
    )


@pytest.mark.parametrize(("value", "expected"), [(True, True), ("yes", True), ("no", False)])
def test_yes_no(value, expected, minimal, put):
    assert parse_survey(put(minimal(), "site.rcd", value)).site.rcd is expected


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ('ceiling_height = "2.6 m"', 'ceiling_height = "260 m"', "existing.ceiling_height"),
        ('supply_voltage = "223 V"', 'supply_voltage = "22.3 V"', "existing.supply_voltage"),
        ('water_pressure = "0.3 MPa"', 'water_pressure = "300 MPa"', "existing.water_pressure"),
        ('rating = "63 A"', 'rating = "6300 A"', "existing.main_switch.rating"),
        ('rating = "32 A"', 'rating = "C320"', "existing.breaker.rating"),
        ('x = "-12 cm"', 'x = "-300 cm"', "design.drilling[1].x"),
    ],
)
def test_implausible_measurement_is_a_unit_slip_error(tmp_path, old, new, path, example):
    """A slipped unit or decimal point is an error to correct, never a failed check."""
    from sitesurvey.errors import SurveyFileError
    from sitesurvey.sizing.table import data_dir
    from sitesurvey.survey import load_survey

    text = (data_dir("templates") / "survey-example.toml").read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(SurveyFileError) as info:
        load_survey(bad)
    assert f"{path}: " in str(info.value) and "check the unit" in str(info.value)


@pytest.fixture
def with_text(minimal, put, tmp_path):
    """Survey data with one free-text field set (lists made here)."""

    def make(path: str, value: str) -> dict:
        data = minimal()
        if path == "photos[].note":
            photo = tmp_path / "meter.jpg"
            photo.write_bytes(b"\xff\xd8\xff\xe0 a JPEG's first bytes")
            return put(data, "photos", [{"subject": "meter", "image": str(photo), "note": value}])
        if path == "existing.appliances[].name":
            data = upgrade_data(data)  # format 2: the message names the format-2 path
            return put(data, "existing.appliances", [{"name": value, "power": "1 kW"}])
        if path == "design.route.runs[].place":
            data = upgrade_data(data)
            return put(data, "design.route.runs", [{"orientation": "vertical", "place": value}])
        if path == "materials[].item":
            return put(data, "materials", [{"item": value, "quantity": 1}])
        if path == "materials[].unit":
            return put(data, "materials", [{"item": "conduit", "quantity": 1, "unit": value}])
        return put(data, path, value)

    return make


def test_every_text_field_has_a_documented_limit():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    readme = " ".join(readme.split())
    for path, (limit, _) in TEXT_FIELDS.items():
        assert f"`{path}` {limit}" in readme, path


@pytest.mark.parametrize("path", [p for p in TEXT_FIELDS if p != "signature.image"])
def test_text_field_at_its_limit_is_read(path, with_text):
    limit = TEXT_FIELDS[path][0]
    parse_survey(with_text(path, "王" * limit))


@pytest.mark.parametrize("path", list(TEXT_FIELDS))
def test_text_field_over_its_limit_is_refused(path, problems, with_text):
    limit = TEXT_FIELDS[path][0]
    shown = path.replace("[]", "[1]")
    message = problems(with_text(path, "A" * (limit + 1)))
    assert f"{shown}: expected at most {limit} characters" in message
    assert f"it has {limit + 1}; shorten it" in message


@pytest.mark.parametrize("path", list(TEXT_FIELDS))
@pytest.mark.parametrize("char", ["\x1b", "\x00", "\u2028", "\u202e", "\x85"])
def test_control_characters_refused_in_every_text_field(path, char, problems, with_text):
    message = problems(with_text(path, f"Wang{char}Li"))
    shown = path.replace("[]", "[1]")
    assert f"{shown}: expected text without control characters" in message
    assert f"U+{ord(char):04X}" in message and "at character 5" in message


def test_issue_8_escape_sequence_in_the_name_is_refused(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8").replace('"王丽"', '"Wang\\u001b[8mLi"', 1)
    (tmp_path / "s.toml").write_text(text, encoding="utf-8")
    with pytest.raises(SurveyFileError) as info:
        load_survey(tmp_path / "s.toml")
    assert "customer.name" in str(info.value) and "U+001B" in str(info.value)
    assert "\x1b" not in str(info.value)


def test_lone_surrogate_from_json_is_refused(tmp_path, minimal):
    data = minimal()
    (tmp_path / "s.json").write_text(
        json.dumps(data).replace("W-1", "W-1\\ud800"), encoding="utf-8"
    )
    with pytest.raises(SurveyFileError, match=r"job\.work_order: .*U\+D800"):
        load_survey(tmp_path / "s.json")


def test_emoji_nickname_and_nfc_round_trip(with_text):
    survey = parse_survey(with_text("customer.name", "  小丽🌸\tZoe\u0301 "))
    assert survey.customer.name == "小丽🌸 Zoé"
    assert parse_survey(survey.to_dict()) == survey


def test_special_needs_keeps_its_lines(with_text):
    survey = parse_survey(with_text("usage.special_needs", "low flow\r\nquiet\rnight"))
    assert survey.usage.special_needs == "low flow\nquiet\nnight"
