"""The survey record (survey.py): format, validation, errors that name the path, round trip."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from sitesurvey._files import CAPS
from sitesurvey.errors import SurveyFileError
from sitesurvey.sizing.table import data_dir
from sitesurvey.survey import (
    CONFIRMATION_RULES,
    CURRENT_FORMAT,
    TEXT_FIELDS,
    Survey,
    load_survey,
    parse_meter_marking,
    parse_survey,
)

EXAMPLE = data_dir("templates") / "survey-example.toml"


@pytest.fixture
def example() -> dict:
    """The shipped example as plain data (a fresh copy per test)."""
    return tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))


def minimal() -> dict:
    """Only what the format requires: identity of customer, job and heater."""
    return {
        "format": 1,
        "customer": {"name": "王丽", "phone": "13800138000", "address": "广州"},
        "job": {"work_order": "W-1", "date": "2024-05-18", "appointment": "14:00-15:00"},
        "heater": {"model": "QX-55A", "power": "5.5 kW", "supply_voltage": "220 V"},
    }


def put(data: dict, path: str, value) -> dict:
    """Set ``a.b.c`` in nested data (creating tables) and return the data."""
    *parents, last = path.split(".")
    node = data
    for key in parents:
        node = node.setdefault(key, {})
    node[last] = value
    return data


def problems(data: dict) -> str:
    with pytest.raises(SurveyFileError) as info:
        parse_survey(data, source="s.toml")
    return str(info.value)


# ------------------------------------------------------------------ the example file


def test_example_loads_with_every_section():
    survey = load_survey(EXAMPLE)
    assert survey.format == CURRENT_FORMAT
    assert survey.heater.power == 5500.0
    assert survey.job.date == dt.date(2024, 5, 18)
    assert survey.job.appointment.text == "14:00-15:00"
    assert survey.job.distance_from_urban_area == 12000.0
    assert survey.job.installer.employee_number == "GZ-0421"
    assert survey.site.meter.max == 40.0 and survey.site.meter.phases == 1
    assert len(survey.site.appliances) == 4
    assert [r.orientation for r in survey.site.wiring.runs] == [
        "vertical",
        "horizontal",
        "vertical",
    ]
    assert survey.site.wiring.ambient_temperature == 30.0
    assert survey.usage.user_heights == (1.75, 1.62)
    assert len(survey.drilling) == 3 and survey.drilling[0].x == -0.12
    assert survey.signature is None


def test_example_documents_every_key(example):
    """Every key the reader knows appears in the example, so the template documents it."""
    from sitesurvey.survey import _SECTION_KEYS

    text = EXAMPLE.read_text(encoding="utf-8")
    canonical_only = {"basic", "max", "phases"}  # the meter's numbers, derived from marking
    for section, keys in _SECTION_KEYS.items():
        for key in keys:
            if section == "site.meter" and key in canonical_only:
                continue
            assert f"{key} =" in text or f"[{section}.{key}]" in text or f".{key}]]" in text, (
                f"{section}.{key} is not documented in the example"
            )


def test_to_dict_round_trips(example):
    survey = parse_survey(example)
    data = survey.to_dict()
    assert parse_survey(data) == survey
    # canonical quantities carry their unit
    assert data["site"]["socket"]["height"] == {"value": 2.4, "unit": "m"}
    assert data["site"]["water_pressure"] == {"value": 0.3, "unit": "MPa"}
    assert data["job"]["distance_from_urban_area"] == {"value": 12000.0, "unit": "m"}
    assert data["confirmations"] == {rule: "not_yet" for rule in CONFIRMATION_RULES}
    json.dumps(data)  # JSON-ready


def test_to_dict_of_minimal_survey_has_every_key():
    data = parse_survey(minimal()).to_dict()
    assert data["site"]["socket"] == {"height": None, "distance_to_opening": None}
    assert data["site"]["appliances"] is None
    assert data["drilling"] is None and data["signature"] is None
    assert parse_survey(data) == parse_survey(minimal())


def test_json_file_reads_like_toml(example, tmp_path):
    example["job"]["date"] = "2024-05-18"
    path = tmp_path / "s.json"
    path.write_text(json.dumps(example, ensure_ascii=False), encoding="utf-8")
    assert load_survey(path) == load_survey(EXAMPLE)


# --------------------------------------------------------------------------- format


def test_format_missing():
    data = minimal()
    del data["format"]
    assert "format: missing" in problems(data)


def test_future_format_is_refused_with_upgrade_advice():
    message = problems(put(minimal(), "format", CURRENT_FORMAT + 1))
    assert f"format {CURRENT_FORMAT + 1}" in message and "upgrade sitesurvey" in message


@pytest.mark.parametrize("value", [0, "1", 1.0, True])
def test_bad_format_value(value):
    assert "format:" in problems(put(minimal(), "format", value))


def test_older_formats_are_upgraded_in_turn(monkeypatch):
    """A reader of version n reads version n-1 through UPGRADES (simulated here)."""
    import sitesurvey.survey as survey_module

    def rename(data):
        data = copy.deepcopy(data)
        data["customer"]["name"] = data["customer"].pop("fullname")
        return data

    monkeypatch.setattr(survey_module, "CURRENT_FORMAT", 2)
    monkeypatch.setattr(survey_module, "SUPPORTED_FORMATS", (1, 2))
    monkeypatch.setattr(survey_module, "UPGRADES", {1: rename})
    old = minimal()
    old["customer"]["fullname"] = old["customer"].pop("name")
    assert parse_survey(old).customer.name == "王丽"


# ----------------------------------------------------------------- errors name paths


def test_missing_required_section():
    data = minimal()
    del data["customer"]
    message = problems(data)
    assert "customer: missing required section [customer]" in message
    assert message.startswith("s.toml: ")


def test_missing_required_key():
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
def test_unknown_key_with_did_you_mean(path, typo, guess):
    data = minimal()
    full = f"{path}.{typo}" if path else typo
    put(data, full, "1 m")
    if typo == "costumer":
        data["costumer"] = {}
    assert f'{full}: unknown key — did you mean "{guess}"?' in problems(data)


def test_unknown_key_without_a_close_match_lists_the_keys():
    message = problems(put(minimal(), "site.socket.colour", "white"))
    assert "site.socket.colour: unknown key; the keys of [site.socket] are: height" in message


def test_decimal_comma_names_the_path():
    message = problems(put(minimal(), "site.socket.height", "2,6m"))
    assert "site.socket.height" in message and '"2,6m"' in message and '"2.6m"' in message


@pytest.mark.parametrize(
    ("path", "value", "words"),
    [
        ("site.socket.height", "220 V", "a voltage"),
        ("site.water_pressure", "3 m", "a length"),
        ("site.supply_voltage", "32 A", "a current"),
        ("site.socket.height", 2.6, 'in metres ("2.6 m")'),
        ("site.dedicated_line.wire", "4 m", "cross-section"),
        ("heater.power", "5.5", "kilowatts"),
    ],
)
def test_wrong_dimension_names_the_path(path, value, words):
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
def test_digit_groups_bare_units_and_unicode_digits_are_problems(path, value, fragment):
    """Issue 8, causes 1, 2 and 5: never a wrong number, never a traceback."""
    message = problems(put(minimal(), path, value))
    assert path in message and fragment in message


def test_counts_as_text_of_ascii_digits_still_read():
    data = put(minimal(), "site.breaker.poles", " 2 ")
    put(data, "site.wiring.grouping", "3")
    survey = parse_survey(data, source="s.toml")
    assert survey.site.breaker.poles == 2
    assert survey.site.wiring.grouping == 3


def test_every_problem_is_reported_at_once():
    data = put(minimal(), "site.socket.height", "2,6m")
    put(data, "site.rcd", "maybe")
    put(data, "site.socket.colour", "white")
    with pytest.raises(SurveyFileError) as info:
        parse_survey(data, source="s.toml")
    assert len(info.value.problems) == 3
    assert "3 problems" in str(info.value)


def test_toml_syntax_error_gives_the_line(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('format = 1\n[customer]\nname = "王丽\n', encoding="utf-8")
    with pytest.raises(SurveyFileError) as info:
        load_survey(path)
    assert "not valid TOML" in str(info.value) and "line 3" in str(info.value)


def test_json_syntax_error_gives_the_line(tmp_path):
    path = tmp_path / "s.json"
    path.write_text('{"format": 1,\n "customer": }', encoding="utf-8")
    with pytest.raises(SurveyFileError) as info:
        load_survey(path)
    assert "not valid JSON" in str(info.value) and "line 2" in str(info.value)


def test_unreadable_file(tmp_path):
    with pytest.raises(SurveyFileError, match="cannot read the file"):
        load_survey(tmp_path / "nothing.toml")


def test_heights_above_the_ceiling_are_refused():
    data = put(minimal(), "site.ceiling_height", "2.6 m")
    put(data, "site.socket.height", "2.7 m")
    assert "site.socket.height: 2.7 m is above the ceiling" in problems(data)


def test_implausible_user_height_suggests_the_unit():
    message = problems(put(minimal(), "usage.user_heights", ["175 m"]))
    assert "usage.user_heights[1]" in message and "175 cm" in message


@pytest.mark.parametrize("window", ["15:00-14:00", "14-15", "25:00-26:00", 1400])
def test_bad_appointment_window(window):
    assert "job.appointment" in problems(put(minimal(), "job.appointment", window))


@pytest.mark.parametrize("date", ["18.05.2024", "2024-13-01", dt.datetime(2024, 5, 18, 14)])
def test_bad_date(date):
    assert "job.date" in problems(put(minimal(), "job.date", date))


def test_phone_must_be_text():
    assert "customer.phone: expected text in quotes" in problems(
        put(minimal(), "customer.phone", 13800138000)
    )


# ---------------------------------------------------------------------- value reading


@pytest.mark.parametrize("spelling", ["1.15 m", "115 cm", "1150 mm", "1.15米", "115厘米"])
def test_spellings_of_one_length_are_equal(spelling):
    survey = parse_survey(put(minimal(), "site.socket.height", spelling))
    assert survey.site.socket.height == 1.15


@pytest.mark.parametrize("spelling", ["0.3 MPa", "3 bar", "300 kPa", "300000 Pa"])
def test_spellings_of_one_pressure_are_equal(spelling):
    assert parse_survey(put(minimal(), "site.water_pressure", spelling)).site.water_pressure == 0.3


@pytest.mark.parametrize(
    ("marking", "expected", "normalised"),
    [
        ("10(40)A", (10.0, 40.0, 1), "10(40)A"),
        ("5(20)", (5.0, 20.0, 1), "5(20)A"),
        ("3×10(40)A", (10.0, 40.0, 3), "3×10(40)A"),
        ("3*5(30)A", (5.0, 30.0, 3), "3×5(30)A"),
        ("3x10(40)A", (10.0, 40.0, 3), "3×10(40)A"),
        ("2.5(10)A", (2.5, 10.0, 1), "2.5(10)A"),
    ],
)
def test_meter_marking(marking, expected, normalised):
    assert parse_meter_marking(marking) == expected
    survey = parse_survey(put(minimal(), "site.meter.marking", marking))
    assert survey.site.meter.marking == normalised


@pytest.mark.parametrize("marking", ["40A", "40(10)A", "2×10(40)A", "10-40A", ""])
def test_bad_meter_marking(marking):
    assert "site.meter.marking" in problems(put(minimal(), "site.meter.marking", marking))


def test_meter_kind_words():
    survey = parse_survey(put(minimal(), "site.meter.kind", "机械表"))
    assert survey.site.meter.kind == "mechanical"
    assert "site.meter.kind: expected one of electronic, mechanical" in problems(
        put(minimal(), "site.meter.kind", "smart")
    )


@pytest.mark.parametrize(("value", "expected"), [(True, True), ("yes", True), ("no", False)])
def test_yes_no(value, expected):
    assert parse_survey(put(minimal(), "site.rcd", value)).site.rcd is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("yes", "yes"), ("no", "no"), ("not yet", "not_yet"), ("not_yet", "not_yet"), (True, "yes")],
)
def test_confirmation_values(value, expected):
    survey = parse_survey(put(minimal(), "confirmations.W-FLUSH", value))
    assert survey.confirmations.get("W-FLUSH") == expected
    assert survey.confirmations.get("C-TRIAL") == "not_yet"  # missing = not yet


def test_bad_confirmation_value():
    message = problems(put(minimal(), "confirmations.W-FLUSH", "done"))
    assert 'confirmations.W-FLUSH: expected "yes", "no" or "not yet"' in message


def test_appliances_empty_list_means_none():
    assert parse_survey(put(minimal(), "site.appliances", [])).site.appliances == ()
    assert parse_survey(minimal()).site.appliances is None


def test_drilling_needs_three_points():
    points = [{"x": "-12 cm", "y": "1.85 m"}, {"x": "12 cm", "y": "1.85 m"}]
    assert "expected the three fixing points" in problems(put(minimal(), "drilling.points", points))
    points.append({"x": "−0.05 m", "y": "135 cm"})  # a typographic minus
    survey = parse_survey(put(minimal(), "drilling.points", points))
    assert [p.x for p in survey.drilling] == [-0.12, 0.12, -0.05]


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def test_signature_png_only(tmp_path):
    (tmp_path / "sig.png").write_bytes(PNG)
    (tmp_path / "sig.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "fake.png").write_text("<svg/>", encoding="utf-8")
    source = tmp_path / "s.toml"
    data = put(minimal(), "signature", {"image": "sig.png", "captured_at": "2024-05-18T15:20"})
    survey = parse_survey(data, source=source)
    assert survey.signature.path == tmp_path / "sig.png"
    assert survey.signature.captured_at == dt.datetime(2024, 5, 18, 15, 20)
    digest = hashlib.sha256(PNG).hexdigest()
    assert survey.to_dict()["signature"] == {
        "image": "sig.png",
        "captured_at": "2024-05-18T15:20:00",
        "sha256": digest,  # the sheet's integrity hash covers the image, not just its name
    }
    # A survey that recorded the image's hash notices when the image is swapped.
    (tmp_path / "sig.png").write_bytes(PNG + b"\x00")
    recorded = put(data, "signature.sha256", digest)
    with pytest.raises(SurveyFileError, match=r"signature\.sha256: .* has changed"):
        parse_survey(recorded, source=source)
    (tmp_path / "sig.png").write_bytes(PNG)
    no_time = put(minimal(), "signature", {"image": "sig.png"})
    with pytest.raises(SurveyFileError, match=r"signature\.captured_at: missing"):
        parse_survey(no_time, source=source)
    for name, words in (
        ("sig.svg", "SVG is markup"),
        ("fake.png", "not a PNG"),
        ("no.png", "cannot"),
    ):
        with pytest.raises(SurveyFileError, match=r"signature\.image") as info:
            parse_survey(put(minimal(), "signature.image", name), source=source)
        assert words in str(info.value)


def test_survey_is_frozen():
    survey = parse_survey(minimal())
    assert isinstance(survey, Survey)
    with pytest.raises(AttributeError):
        survey.heater = None  # type: ignore[misc]


# --------------------------------------------------------------------- public names


def test_import_stays_light_and_lazy_names_resolve():
    code = (
        "import sys, sitesurvey\n"
        "heavy = [m for m in ('sitesurvey.survey', 'sitesurvey.rules', 'pint', 'weasyprint')"
        " if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "from sitesurvey import survey, rules as checks\n"
        "assert sitesurvey.load_survey is survey.load_survey\n"
        "assert sitesurvey.check_survey is checks.check_survey\n"
        "assert sitesurvey.Survey is survey.Survey\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ('ceiling_height = "2.6 m"', 'ceiling_height = "260 m"', "site.ceiling_height"),
        ('supply_voltage = "223 V"', 'supply_voltage = "22.3 V"', "site.supply_voltage"),
        ('water_pressure = "0.3 MPa"', 'water_pressure = "300 MPa"', "site.water_pressure"),
        ('rating = "63 A"', 'rating = "6300 A"', "site.main_switch.rating"),
        ('x = "-12 cm"', 'x = "-300 cm"', "drilling.points[1].x"),
    ],
)
def test_implausible_measurement_is_a_unit_slip_error(tmp_path, old, new, path):
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


# ------------------------------------------------------------------------ free text


#: A value for each free-text field, by path: set with ``put`` (lists made here).
def with_text(path: str, value: str) -> dict:
    data = minimal()
    if path == "site.appliances[].name":
        return put(data, "site.appliances", [{"name": value, "power": "1 kW"}])
    return put(data, path, value)


def test_every_text_field_has_a_documented_limit():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    readme = " ".join(readme.split())
    for path, (limit, _) in TEXT_FIELDS.items():
        assert f"`{path}` {limit}" in readme, path


@pytest.mark.parametrize("path", [p for p in TEXT_FIELDS if p != "signature.image"])
def test_text_field_at_its_limit_is_read(path):
    limit = TEXT_FIELDS[path][0]
    parse_survey(with_text(path, "王" * limit))


@pytest.mark.parametrize("path", list(TEXT_FIELDS))
def test_text_field_over_its_limit_is_refused(path):
    limit = TEXT_FIELDS[path][0]
    shown = path.replace("[]", "[1]")
    message = problems(with_text(path, "A" * (limit + 1)))
    assert f"{shown}: expected at most {limit} characters" in message
    assert f"it has {limit + 1}; shorten it" in message


@pytest.mark.parametrize("path", list(TEXT_FIELDS))
@pytest.mark.parametrize("char", ["\x1b", "\x00", "\u2028", "\u202e", "\x85"])
def test_control_characters_refused_in_every_text_field(path, char):
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


def test_lone_surrogate_from_json_is_refused(tmp_path):
    data = minimal()
    (tmp_path / "s.json").write_text(
        json.dumps(data).replace("W-1", "W-1\\ud800"), encoding="utf-8"
    )
    with pytest.raises(SurveyFileError, match=r"job\.work_order: .*U\+D800"):
        load_survey(tmp_path / "s.json")


def test_emoji_nickname_and_nfc_round_trip():
    survey = parse_survey(with_text("customer.name", "  小丽🌸\tZoe\u0301 "))
    assert survey.customer.name == "小丽🌸 Zoé"
    assert parse_survey(survey.to_dict()) == survey


def test_special_needs_keeps_its_lines():
    survey = parse_survey(with_text("usage.special_needs", "low flow\r\nquiet\rnight"))
    assert survey.usage.special_needs == "low flow\nquiet\nnight"


# ----------------------------------------------------------------- bounded reads


def test_dev_zero_and_a_directory_are_refused():
    with pytest.raises(SurveyFileError, match="/dev/zero: is a character device"):
        load_survey("/dev/zero")
    with pytest.raises(SurveyFileError, match="is a directory, not a regular file"):
        load_survey(EXAMPLE.parent)


def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "s.toml"
    os.mkfifo(fifo)
    with pytest.raises(SurveyFileError, match=r"is a FIFO \(named pipe\), not a regular file"):
        load_survey(fifo)


def test_oversize_survey_is_refused_before_reading(tmp_path):
    path = tmp_path / "s.toml"
    with open(path, "wb") as handle:
        handle.truncate(CAPS["survey"] + 1)
    with pytest.raises(SurveyFileError, match="larger than the 1 MB accepted for a survey"):
        load_survey(path)


@pytest.mark.parametrize("raw", [b"", b"\xef\xbb\xbf\n"])
def test_empty_survey_says_start_with_init(tmp_path, raw):
    path = tmp_path / "s.toml"
    path.write_bytes(raw)
    with pytest.raises(SurveyFileError, match="the file is empty — start with `sitesurvey init"):
        load_survey(path)


def test_gbk_survey_says_save_as_utf8(tmp_path):
    path = tmp_path / "s.toml"
    path.write_bytes(EXAMPLE.read_text(encoding="utf-8").encode("gbk"))
    with pytest.raises(SurveyFileError, match="looks like GBK") as info:
        load_survey(path)
    assert "save it as UTF-8" in str(info.value)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("s.toml", "format = 1\nx = " + "[" * 100_000 + "]" * 100_000),
        ("s.toml", "format = 1\nx = " + "{a = " * 5_000 + "1" + "}" * 5_000),
        ("s.json", "[" * 100_000 + "]" * 100_000),
    ],
)
def test_deep_nesting_is_refused(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SurveyFileError, match="nested more than 32 levels deep"):
        load_survey(path)


@pytest.mark.parametrize("name", ["s.toml", "s.json"])
def test_integer_of_5001_digits_is_refused(tmp_path, name):
    path = tmp_path / name
    digits = "9" * 5_001
    text = f"format = {digits}\n" if name == "s.toml" else f'{{"format": {digits}}}'
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SurveyFileError, match="a number with thousands of digits"):
        load_survey(path)


def test_signature_symlink_to_dev_zero_is_refused(tmp_path):
    (tmp_path / "sig.png").symlink_to("/dev/zero")
    data = put(minimal(), "signature", {"image": "sig.png", "captured_at": "2024-05-18T15:20"})
    with pytest.raises(SurveyFileError, match=r'signature\.image: "sig\.png" is a character'):
        parse_survey(data, source=tmp_path / "s.toml")


def test_signature_size_is_checked_before_reading(tmp_path):
    with open(tmp_path / "sig.png", "wb") as handle:
        handle.write(PNG)
        handle.truncate(CAPS["signature"] + 1)
    data = put(minimal(), "signature", {"image": "sig.png", "captured_at": "2024-05-18T15:20"})
    with pytest.raises(SurveyFileError, match=r'"sig\.png" is larger than the 2 MB accepted'):
        parse_survey(data, source=tmp_path / "s.toml")
