"""Reading a survey (survey/reader.py): files, format versions, sections, every problem at once."""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
from pathlib import Path

import pytest

from sitesurvey._files import CAPS
from sitesurvey.errors import SurveyFileError
from sitesurvey.sizing.table import data_dir
from sitesurvey.survey import (
    CURRENT_FORMAT,
    load_survey,
    parse_survey,
)
from sitesurvey.survey.reader import upgrade_data

EXAMPLE = data_dir("templates") / "survey-example.toml"


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


def test_format_missing(minimal, problems):
    data = minimal()
    del data["format"]
    assert "format: missing" in problems(data)


def test_future_format_is_refused_with_upgrade_advice(minimal, put, problems):
    message = problems(put(minimal(), "format", CURRENT_FORMAT + 1))
    assert f"format {CURRENT_FORMAT + 1}" in message and "upgrade sitesurvey" in message


@pytest.mark.parametrize("value", [0, "1", 1.0, True])
def test_bad_format_value(value, minimal, put, problems):
    assert "format:" in problems(put(minimal(), "format", value))


def test_older_formats_are_upgraded_in_turn(monkeypatch, minimal):
    """A reader of version n reads version n-1 through UPGRADES (simulated here)."""
    import sitesurvey.survey.reader as survey_module

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


def test_missing_required_section(minimal, problems):
    data = minimal()
    del data["customer"]
    message = problems(data)
    assert "customer: missing required section [customer]" in message
    assert message.startswith("s.toml: ")


def test_every_problem_is_reported_at_once(minimal, put, problems):
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


def test_heights_above_the_ceiling_are_refused(minimal, put, problems):
    data = put(minimal(), "site.ceiling_height", "2.6 m")
    put(data, "site.socket.height", "2.7 m")
    assert "site.socket.height: 2.7 m is above the ceiling" in problems(data)


def test_implausible_user_height_suggests_the_unit(minimal, put, problems):
    message = problems(put(minimal(), "usage.user_heights", ["175 m"]))
    assert "usage.user_heights[1]" in message and "175 cm" in message


@pytest.mark.parametrize("window", ["15:00-14:00", "14-15", "25:00-26:00", 1400])
def test_bad_appointment_window(window, minimal, put, problems):
    assert "job.appointment" in problems(put(minimal(), "job.appointment", window))


def test_meter_kind_words(minimal, put, problems):
    survey = parse_survey(put(minimal(), "site.meter.kind", "机械表"))
    assert survey.site.meter.kind == "mechanical"
    assert "site.meter.kind: expected one of electronic, mechanical" in problems(
        put(minimal(), "site.meter.kind", "smart")
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [("yes", "yes"), ("no", "no"), ("not yet", "not_yet"), ("not_yet", "not_yet"), (True, "yes")],
)
def test_confirmation_values(value, expected, minimal, put):
    survey = parse_survey(put(minimal(), "confirmations.W-FLUSH", value))
    assert survey.confirmations.get("W-FLUSH") == expected
    assert survey.confirmations.get("C-TRIAL") == "not_yet"  # missing = not yet


def test_bad_confirmation_value(minimal, put, problems):
    message = problems(put(minimal(), "confirmations.W-FLUSH", "done"))
    assert 'confirmations.W-FLUSH: expected "yes", "no" or "not yet"' in message


def test_appliances_empty_list_means_none(minimal, put):
    assert parse_survey(put(minimal(), "site.appliances", [])).site.appliances == ()
    assert parse_survey(minimal()).site.appliances is None


def test_drilling_needs_three_points(minimal, put, problems):
    points = [{"x": "-12 cm", "y": "1.85 m"}, {"x": "12 cm", "y": "1.85 m"}]
    assert "expected the three fixing points" in problems(put(minimal(), "drilling.points", points))
    points.append({"x": "−0.05 m", "y": "135 cm"})  # a typographic minus
    survey = parse_survey(put(minimal(), "drilling.points", points))
    assert [p.x for p in survey.drilling] == [-0.12, 0.12, -0.05]


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


# -------------------------------------------------------------- supply voltage band


@pytest.mark.parametrize(
    ("rated", "measured", "band"),
    [
        ("220 V", "380 V", "154-286 V"),  # a line-to-line reading for a 220 V heater
        ("380 V", "220 V", "266-494 V"),  # a line-to-neutral reading for a 380 V heater
        ("220 V", "22.3 V", "154-286 V"),  # a decimal slip
        ("220 V", "300 V", "154-286 V"),  # issue 9: was bad input only with a route
    ],
)
def test_supply_voltage_outside_the_band_of_the_rated_supply_is_a_slip(
    rated, measured, band, minimal, put, problems
):
    data = put(put(minimal(), "heater.supply_voltage", rated), "site.supply_voltage", measured)
    if rated == "380 V":
        put(data, "heater.power", "18 kW")  # a 380 V row: the measurement is the slip
    message = problems(data)
    assert f"site.supply_voltage: {measured} is not a plausible measured voltage" in message
    assert f"of the {rated} supply" in message and f"expected {band}" in message
    assert "line-to-line for a three-phase supply" in message


@pytest.mark.parametrize(
    ("rated", "measured"),
    [("220 V", "154 V"), ("220 V", "286 V"), ("380 V", "266 V"), ("380 V", "494 V")],
)
def test_supply_voltage_at_the_ends_of_the_band_is_read(rated, measured, minimal, put):
    data = put(put(minimal(), "heater.supply_voltage", rated), "site.supply_voltage", measured)
    assert parse_survey(data).site.supply_voltage == float(measured.split()[0])


@pytest.mark.parametrize(
    ("power", "rated", "measured", "other"),
    [
        ("5.5 kW", "380 V", "204 V", "220 V"),  # issue 10, point 8: the flat's 220 V heater
        ("18 kW", "220 V", "392 V", "380 V"),  # the house's 380 V heater written 220 V
    ],
)
def test_wrong_rated_voltage_is_blamed_on_the_heater(
    power, rated, measured, other, minimal, put, problems
):
    """Issue 10, point 8: the measured voltage is right; the heater's rating names it."""
    data = put(minimal(), "heater.power", power)
    put(put(data, "heater.supply_voltage", rated), "site.supply_voltage", measured)
    message = problems(data)
    assert f"heater.supply_voltage: {rated} does not fit the measured supply" in message
    assert f"{measured} looks like a {other} supply" in message
    assert "check the heater's nameplate" in message
    assert "site.supply_voltage:" not in message  # the measurement is not blamed
    # the value the hint suggests is read without a problem
    put(data, "heater.supply_voltage", other)
    parse_survey(data)


# ------------------------------------------------- phone keyboards (issue 10, point 9)


@pytest.mark.parametrize(
    ("rating", "poles", "expected"),
    [
        ("C32", "2P", (32.0, 2, "C")),
        ("Ｃ３２", "２Ｐ", (32.0, 2, "C")),
        ("b16 A", "二极", (16.0, 2, "B")),
        ("D40", "4p", (40.0, 4, "D")),
        ("32 A", 4, (32.0, 4, None)),
    ],
)
def test_breaker_as_marked_on_the_switch(rating, poles, expected, minimal, put):
    data = put(put(minimal(), "site.breaker.rating", rating), "site.breaker.poles", poles)
    breaker = parse_survey(data).site.breaker
    assert (breaker.rating, breaker.poles, breaker.curve) == expected


def test_breaker_curve_given_twice_must_agree(minimal, put, problems):
    data = put(put(minimal(), "site.breaker.rating", "C32"), "site.breaker.curve", "B")
    assert "site.breaker.curve: B disagrees with the rating" in problems(data)
    put(data, "site.breaker.curve", "c")
    assert parse_survey(data).site.breaker.curve == "C"


@pytest.mark.parametrize(
    ("marking", "expected"),
    [("5（20）A", "5(20)A"), ("３×１０（４０）Ａ", "3×10(40)A"), ("10(40)安", "10(40)A")],
)
def test_meter_marking_typed_on_a_phone(marking, expected, minimal, put):
    assert parse_survey(put(minimal(), "site.meter.marking", marking)).site.meter.marking == (
        expected
    )


@pytest.mark.parametrize(
    ("path", "value", "named"),
    [
        ("site.meter.marking", "5〔20〕A", '"〔" (U+3014'),
        ("site.meter.marking", "5(20)Å", '"Å" (U+00C5'),
        ("job.appointment", "14：00—15：00", None),  # read: an em dash joins the times
        ("job.appointment", "14.00-15.00", '"." (U+002E'),
        ("site.breaker.poles", "2Q", '"Q" (U+0051'),
    ],
)
def test_what_is_still_refused_names_the_character(path, value, named, minimal, put, problems):
    data = put(minimal(), path, value)
    if named is None:
        parse_survey(data)
        return
    message = problems(data)
    assert path in message and named in message, message


def test_appointment_with_full_width_digits_and_colons(minimal, put):
    data = put(minimal(), "job.appointment", "１４：００-１５：００")
    assert parse_survey(data).job.appointment.text == "14:00-15:00"


@pytest.mark.parametrize(
    ("answer", "expected"),
    [("是", "yes"), ("否", "no"), ("未", "not_yet"), ("ＹＥＳ", "yes"), (" 是 ", "yes")],
)
def test_confirmations_in_chinese_and_full_width(answer, expected, minimal, put):
    data = put(minimal(), "confirmations.C-MODEL", answer)
    assert parse_survey(data).confirmations.get("C-MODEL") == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("done", "done"), ("not yet", "not_yet"), ("已完成", "done")]
)
def test_report_to_company_is_a_recorded_action(value, expected, minimal, put, problems):
    data = put(minimal(), "actions.report_to_company", value)
    assert parse_survey(data).actions.report_to_company == expected
    put(data, "actions.report_to_company", "maybe")
    assert 'actions.report_to_company: expected "done" or "not yet"' in problems(data)


def test_appliance_phase_on_three_phase(minimal, put, problems):
    data = put(minimal(), "site.appliances", [{"name": "oven", "power": "2.5 kW", "phase": "l2"}])
    assert parse_survey(data).site.appliances[0].phase == "L2"
    data["site"]["appliances"][0]["phase"] = "L4"
    assert "site.appliances[1].phase: expected one of L1, L2, L3" in problems(data)


# ------------------------------------------------- existing vs design, format 1 and 2


def test_a_run_is_judged_against_its_own_ceiling(minimal, put, problems):
    """Issue 10, point 5: a hallway run at 2.7 m above a 2.4 m suspended bathroom ceiling."""
    data = upgrade_data(put(minimal(), "site.ceiling_height", "2.4 m"))
    run = {"orientation": "horizontal", "length": "5 m", "height": "2.7 m"}
    put(data, "design.route.runs", [dict(run)])
    message = problems(data)
    assert "design.route.runs[1].height: 2.7 m is above the ceiling" in message
    assert "(existing.ceiling_height = 2.4 m)" in message
    data["design"]["route"]["runs"][0]["ceiling_height"] = "2.8 m"
    data["design"]["route"]["runs"][0]["place"] = "hallway"
    run_read = parse_survey(data).site.wiring.runs[0]
    assert (run_read.height, run_read.ceiling_height, run_read.place) == (2.7, 2.8, "hallway")
    data["design"]["route"]["runs"][0]["ceiling_height"] = "2.6 m"
    assert "(design.route.runs[1].ceiling_height = 2.6 m)" in problems(data)


def test_format_1_problems_name_the_format_1_keys(minimal, put, problems):
    data = put(minimal(), "site.dedicated_line.wire", "4 m")
    put(data, "drilling.points", [{"x": "0 cm"}])
    put(data, "site.wiring.runs", [{"height": "9 m"}])
    put(data, "site.colour", "red")
    message = problems(data)
    assert "site.dedicated_line.wire: expected" in message
    assert "drilling.points[1].y: missing" in message
    assert "site.wiring.runs[1].height" in message and "site.colour: unknown key" in message
    assert "existing." not in message and "design." not in message


def test_format_2_sections_and_unknown_keys(minimal, put, problems):
    data = upgrade_data(minimal())
    put(data, "design.route.arrangement", "tray")
    assert parse_survey(data).site.wiring.arrangement == "tray"
    put(data, "design.route.arrangment", "wall")
    assert 'design.route.arrangment: unknown key — did you mean "arrangement"?' in problems(data)
    data = upgrade_data(minimal())
    put(data, "site.rcd", True)  # a format-1 section in a format-2 file
    assert "site: unknown key" in problems(data)


@pytest.mark.parametrize(
    ("path", "value", "hint"),
    [
        ("design.route.length", "2900", '"29 m" if you measured 2900 cm'),
        ("design.route.length", 13, '"13 m" if you measured 13 m'),
        ("existing.water_pressure", "3", '"0.3 MPa" if you measured 3 bar'),
    ],
)
def test_a_hint_suggests_only_values_that_are_read(path, value, hint, minimal, put, problems):
    """Issue 10, point 8: no hint leads to a second refusal; lengths are said in metres."""
    data = put(upgrade_data(minimal()), path, value)
    message = problems(data)
    assert hint in message, message
    for suggested in re.findall(r'"([^"]+)" if you measured', message):
        parse_survey(put(copy.deepcopy(data), path, suggested))


# --------------------------------------------- issue 11: the wall reference, water, hidden


def test_wall_reference_water_and_hidden_runs_are_read(minimal, put):
    data = put(minimal(), "design.wall", {"reference": "左墙角", "heater_axis": "62 cm"})
    put(data, "design.water", {"inlet_x": "55 cm", "outlet_x": "0.69 m", "height": "125 cm"})
    hidden = [{"kind": "电线", "x": "-20 cm", "from_height": "1 m", "to_height": "2.2 m"}]
    put(data, "existing.hidden", hidden)
    survey = parse_survey(data)
    assert (survey.wall.reference, survey.wall.heater_axis) == ("左墙角", 0.62)
    assert (survey.water.inlet_x, survey.water.outlet_x, survey.water.height) == (
        0.55,
        0.69,
        1.25,
    )
    (run,) = survey.hidden
    assert (run.kind, run.x, run.from_height, run.to_height) == ("cable", -0.2, 1.0, 2.2)
    assert parse_survey(survey.to_dict()) == survey  # the canonical form reads back
    assert parse_survey(minimal()).hidden is None


def test_positions_from_an_unrecorded_reference_are_refused(minimal, put, problems):
    data = put(minimal(), "design.water.inlet_x", "55 cm")
    put(data, "existing.hidden", [{"kind": "cable", "x": "1 m", "from_height": "0 m",
                                   "to_height": "1 m"}])  # fmt: skip
    message = problems(data)
    assert "design.water.inlet_x: measured from the wall reference, which is not recorded" in (
        message
    )
    assert "existing.hidden[1].x: measured from the wall reference" in message
    message = problems(put(minimal(), "design.wall.heater_axis", "62 cm"))
    assert "design.wall.reference: missing — design.wall.heater_axis is measured from it" in (
        message
    )


def test_hidden_run_ends_in_order_and_kind_known(minimal, put, problems):
    data = put(minimal(), "design.wall", {"reference": "door frame", "heater_axis": "-40 cm"})
    put(data, "existing.hidden", [{"kind": "drain", "x": "1 m", "from_height": "2 m",
                                   "to_height": "1 m"}])  # fmt: skip
    message = problems(data)
    assert "existing.hidden[1].kind: expected one of water pipe, cable, gas pipe" in message
    assert "existing.hidden[1].to_height: 1 m is below from_height (2 m)" in message


# ------------------------------------------------------------------ issue 11 S


def test_network_materials_and_handover_are_read(minimal, put, problems, tmp_path):
    from sitesurvey.survey import Handover, Material, Network, load_network, parse_survey

    data = put(minimal(), "network", {"name": "网点", "phone": "020-1"})
    data = put(data, "materials", [{"item": "conduit", "quantity": 8, "unit": "m"}])
    data = put(data, "handover", {"protected_belongings": "yes", "site_cleaned": "尚未"})
    survey = parse_survey(data)
    assert survey.network == Network("网点", "020-1")
    assert survey.materials == (Material("conduit", 8.0, "m"),)
    assert survey.handover == Handover("yes", "not_yet")
    assert parse_survey(survey.to_dict()) == survey
    bad = put(minimal(), "materials", [{"item": "conduit", "quantity": "lots"}])
    assert "materials[1].quantity: expected a number above 0" in problems(bad)
    bad = put(minimal(), "handover", {"site_cleaned": "maybe"})
    assert 'handover.site_cleaned: expected "yes" or "not yet"' in problems(bad)
    profile = tmp_path / "network.toml"
    profile.write_text('name = "网点"\nphone = "400"\n', encoding="utf-8")
    assert load_network(profile) == Network("网点", "400")
    profile.write_text('name = "网点"\nfax = "400"\n', encoding="utf-8")
    with pytest.raises(SurveyFileError, match="fax: unknown key"):
        load_network(profile)


# ------------------------------------------------------------------ issue 13: photos

#: The first bytes of each kind of image the survey accepts as a photo.
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00 a JPEG's first bytes"
PNG = b"\x89PNG\r\n\x1a\n a PNG's first bytes"


@pytest.fixture
def with_photos(minimal, put, tmp_path):
    """Survey data with ``[[photos]]`` (images written beside ``tmp_path / "s.toml"``)
    and the source to read it as."""

    def make(*photos: dict) -> tuple[dict, Path]:
        (tmp_path / "meter.jpg").write_bytes(JPEG)
        (tmp_path / "wall.png").write_bytes(PNG)
        return put(minimal(), "photos", list(photos)), tmp_path / "s.toml"

    return make


def _photo_problems(data: dict, source: Path) -> str:
    from sitesurvey.errors import SurveyFileError
    from sitesurvey.survey import parse_survey

    with pytest.raises(SurveyFileError) as info:
        parse_survey(data, source=source)
    return str(info.value)


def test_photos_are_read_hashed_and_round_trip(with_photos, tmp_path):
    import hashlib

    from sitesurvey.survey import Photo, parse_survey

    data, source = with_photos(
        {"subject": "meter", "image": "meter.jpg", "taken_at": "2025-11-29T09:40:00+08:00",
         "note": "铭牌 10(40)A"},
        {"subject": "Water Pressure", "image": "wall.png"},
    )  # fmt: skip
    survey = parse_survey(data, source=source)
    at = dt.datetime(2025, 11, 29, 9, 40, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert survey.photos == (
        Photo("meter", "meter.jpg", hashlib.sha256(JPEG).hexdigest(), at, "铭牌 10(40)A"),
        Photo("water_pressure", "wall.png", hashlib.sha256(PNG).hexdigest()),
    )
    assert survey.photos[0].path == tmp_path / "meter.jpg"
    written = survey.to_dict()["photos"]
    assert written[1] == {
        "subject": "water_pressure",
        "image": "wall.png",
        "sha256": hashlib.sha256(PNG).hexdigest(),
        "taken_at": None,
        "note": None,
    }
    assert written[0]["taken_at"] == "2025-11-29T09:40:00+08:00"
    # the canonical form states the hash, and reads back to the same survey
    assert parse_survey(survey.to_dict(), source=source) == survey


def test_photos_decide_no_rule(with_photos, minimal):
    from sitesurvey.rules import check_survey
    from sitesurvey.survey import parse_survey

    data, source = with_photos({"subject": "meter", "image": "meter.jpg"})
    with_photo = check_survey(parse_survey(data, source=source)).to_dict()
    without = check_survey(parse_survey(minimal())).to_dict()
    assert with_photo == without


@pytest.mark.parametrize(
    ("photo", "expected"),
    [
        ({"subject": "kitchen", "image": "meter.jpg"},
         'photos[2].subject: expected one of meter, breaker, main_switch, water_pressure, '
         'wall, other, got "kitchen"'),
        ({"image": "meter.jpg"}, 'photos[2].subject: missing — write subject = "meter"'),
        ({"subject": "wall"}, 'photos[2].image: missing — write image = "…"'),
        ({"subject": "wall", "image": "gone.jpg"},
         'photos[2].image: "gone.jpg" cannot read the file (No such file or directory)'),
        ({"subject": "wall", "image": "notes.txt"},
         'photos[2].image: "notes.txt" is not a JPEG or PNG image'),
        ({"subject": "wall", "image": "empty.jpg"}, 'photos[2].image: "empty.jpg" is empty'),
        ({"subject": "wall", "image": "."}, 'photos[2].image: "." is a directory'),
        ({"subject": "wall", "image": "wall.png", "sha256": "0" * 64},
         'photos[2].sha256: "wall.png" has changed since this survey recorded it'),
        ({"subject": "wall", "image": "wall.png", "taken_at": "yesterday"},
         "photos[2].taken_at: expected an ISO date and time"),
        ({"subject": "wall", "image": "wall.png", "lens": "wide"}, "photos[2].lens: unknown key"),
    ],
)  # fmt: skip
def test_a_bad_photo_names_its_place(with_photos, tmp_path, photo, expected):
    """The second photo is bad, the first good: the message names ``photos[2]…``."""
    data, source = with_photos({"subject": "meter", "image": "meter.jpg"}, photo)
    (tmp_path / "notes.txt").write_text("not an image", encoding="utf-8")
    (tmp_path / "empty.jpg").write_bytes(b"")
    message = _photo_problems(data, source)
    assert expected in message
    assert "photos[1]" not in message


def test_a_swapped_photo_is_refused(with_photos, tmp_path):
    """A survey that recorded a photo's hash refuses another image under its name."""
    from sitesurvey.survey import parse_survey

    data, source = with_photos({"subject": "meter", "image": "meter.jpg"})
    recorded = parse_survey(data, source=source).to_dict()
    (tmp_path / "meter.jpg").write_bytes(JPEG + b" retouched")
    message = _photo_problems(recorded, source)
    assert 'photos[1].sha256: "meter.jpg" has changed since this survey recorded it' in message
    assert recorded["photos"][0]["sha256"] in message  # the survey's, so one can compare


def test_an_oversized_photo_is_refused_without_being_read(with_photos, tmp_path):
    data, source = with_photos({"subject": "wall", "image": "big.jpg"})
    with open(tmp_path / "big.jpg", "wb") as big:
        big.write(JPEG)
        big.truncate(CAPS["photo"] + 1)  # sparse: no 15 MB written
    message = _photo_problems(data, source)
    assert 'photos[1].image: "big.jpg" is larger than the 15 MB accepted for a photo' in message


def test_too_many_photos_are_refused(with_photos):
    from sitesurvey.survey.reader import MAX_PHOTOS

    photo = {"subject": "meter", "image": "meter.jpg"}
    data, source = with_photos(*[photo] * (MAX_PHOTOS + 1))
    assert f"photos: {MAX_PHOTOS + 1} photos listed; at most {MAX_PHOTOS}" in _photo_problems(
        data, source
    )


def test_photos_in_a_toml_file(tmp_path):
    """The example's commented ``[[photos]]`` block, uncommented, reads."""
    from sitesurvey.survey import load_survey

    text = EXAMPLE.read_text(encoding="utf-8")
    block = text[text.index("# [[photos]]") : text.index("# sha256", text.index("# [[photos]]"))]
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "meter.jpg").write_bytes(JPEG)
    uncommented = "\n".join(line.removeprefix("# ") for line in block.splitlines())
    (tmp_path / "s.toml").write_text(text + "\n" + uncommented + "\n", encoding="utf-8")
    survey = load_survey(tmp_path / "s.toml")
    assert [(p.subject, p.image, p.note) for p in survey.photos] == [
        ("meter", "photos/meter.jpg", "nameplate 10(40)A")
    ]
