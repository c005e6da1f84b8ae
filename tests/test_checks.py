"""Site checks (checks.py): every rule of spec §2 at, just inside and just outside its
boundary; missing data; installer confirmations; modifications; the engineering
cross-check; hypothesis properties over conforming surveys."""

from __future__ import annotations

import copy
import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitesurvey.errors import SurveyFileError
from sitesurvey.results import FAIL, NOT_CHECKED, PASS, WARN
from sitesurvey.rules import RULES, SurveyResult, check_survey
from sitesurvey.sizing import size
from sitesurvey.survey import CONFIRMATION_RULES, parse_survey

MEASURED_RULES = [r.id for r in RULES if r.basis == "measurement"]


def conforming() -> dict:
    """A 5500 W site that passes every rule (5500 W: 4 mm², 32 A 2-pole, 10(40)A,
    Ib = 25 A). Engineering is not run (no route conditions)."""
    return {
        "format": 1,
        "customer": {"name": "王丽", "phone": "13800138000", "address": "广州"},
        "job": {"work_order": "W-1", "date": "2024-05-18", "appointment": "14:00-15:00"},
        "heater": {"model": "QX-55A", "power": "5500 W", "supply_voltage": "220 V"},
        "site": {
            "supply_voltage": "223 V",
            "water_pressure": "0.3 MPa",
            "ceiling_height": "2.6 m",
            "rcd": True,
            "earth": "good",
            "dedicated_line": {"present": True, "wire": "4 mm2"},
            "breaker": {"rating": "32 A", "poles": 2},
            "meter": {"kind": "electronic", "marking": "10(40)A"},
            "main_switch": {"rating": "63 A"},
            "appliances": [{"name": "air conditioner", "power": "1.1 kW"}],
            "wiring": {
                "runs": [
                    {"orientation": "vertical", "length": "1 m", "damp": False},
                    {
                        "orientation": "horizontal",
                        "length": "5 m",
                        "height": "2.55 m",
                        "damp": False,
                    },
                ]
            },
            "socket": {"height": "2.4 m", "distance_to_opening": "18 cm"},
            "heater": {"display_height": "1.6 m"},
            "shower": {"head_height": "2.1 m", "offset_from_axis": "2 cm"},
        },
        "usage": {"user_heights": ["1.75 m", "1.62 m"], "bathtub": False, "mixing_valve": True},
        "confirmations": {rule: "yes" for rule in CONFIRMATION_RULES},
        "drilling": {
            "points": [
                {"x": "-12 cm", "y": "1.85 m"},
                {"x": "12 cm", "y": "1.85 m"},
                {"x": "0 cm", "y": "1.35 m"},
            ]
        },
    }


def put(data: dict, path: str, value) -> dict:
    *parents, last = path.split(".")
    node = data
    for key in parents:
        node = node.setdefault(key, {})
    if value is _DELETE:
        node.pop(last, None)
    else:
        node[last] = value
    return data


_DELETE = object()


def verdict_of(data: dict) -> SurveyResult:
    return check_survey(parse_survey(data))


def status(data: dict, rule: str) -> str:
    return verdict_of(data).result(rule).status


def with_(path: str, value, data: dict | None = None) -> dict:
    return put(copy.deepcopy(data or conforming()), path, value)


# -------------------------------------------------------------------------- baseline


def test_conforming_site_passes_every_rule():
    verdict = verdict_of(conforming())
    assert [r.rule for r in verdict.results] == [r.id for r in RULES]
    assert {r.rule: r.status for r in verdict.results} == {r.id: PASS for r in RULES}
    assert verdict.modifications == ()
    assert not verdict.failed and verdict.engineering is None
    assert [n.code for n in verdict.notes] == ["ENG-NOT-RUN"]


def test_every_result_carries_both_languages_and_a_source():
    for data in (conforming(), {k: v for k, v in conforming().items() if k != "site"}):
        for result in verdict_of(data).results:
            assert result.message and result.message_zh and result.source
            assert any("\u4e00" <= c <= "\u9fff" for c in result.message_zh), result.rule


def test_rules_cover_the_spec_and_the_confirmation_list():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids)) == 31
    assert {r.id for r in RULES if r.basis == "installer_confirmation"} == set(CONFIRMATION_RULES)


# -------------------------------------------------------------- boundaries, rule by rule

# (rule, path, value, expected status). "at" the boundary, "just inside", "just outside".
BOUNDARIES = [
    # W-HEIGHT: 大于2.5m — strictly above
    ("W-HEIGHT", "site.wiring.runs", "2.5 m", FAIL),
    ("W-HEIGHT", "site.wiring.runs", "2.501 m", PASS),
    ("W-HEIGHT", "site.wiring.runs", "2.499 m", FAIL),
    ("W-HEIGHT", "site.wiring.runs", "250 cm", FAIL),
    # W-SOCKET-OPENING: 15–20 cm, both ends conform
    ("W-SOCKET-OPENING", "site.socket.distance_to_opening", "15 cm", PASS),
    ("W-SOCKET-OPENING", "site.socket.distance_to_opening", "0.2 m", PASS),
    ("W-SOCKET-OPENING", "site.socket.distance_to_opening", "15.1 cm", PASS),
    ("W-SOCKET-OPENING", "site.socket.distance_to_opening", "19.9 cm", PASS),
    ("W-SOCKET-OPENING", "site.socket.distance_to_opening", "14.9 cm", FAIL),
    ("W-SOCKET-OPENING", "site.socket.distance_to_opening", "201 mm", FAIL),
    # W-SOCKET-ABOVE-SHOWER: 插座高于花洒 — strictly (socket at 2.4 m; a 1.95 m user is
    # added so that these shower-head heights stay within H-SHOWER-HEAD's range)
    ("W-SOCKET-ABOVE-SHOWER", "site.shower.head_height", "2.4 m", FAIL),
    ("W-SOCKET-ABOVE-SHOWER", "site.shower.head_height", "240 cm", FAIL),
    ("W-SOCKET-ABOVE-SHOWER", "site.shower.head_height", "2.399 m", PASS),
    ("W-SOCKET-ABOVE-SHOWER", "site.shower.head_height", "2.401 m", FAIL),
    # W-SOCKET-CEILING: within 0.30 m of the 2.6 m ceiling, warn only
    ("W-SOCKET-CEILING", "site.socket.height", "2.3 m", PASS),
    ("W-SOCKET-CEILING", "site.socket.height", "2.301 m", PASS),
    ("W-SOCKET-CEILING", "site.socket.height", "2.299 m", WARN),
    # H-HEIGHT: main user 1.75 m → eye 1.63 m ± 0.10 m
    ("H-HEIGHT", "site.heater.display_height", "1.53 m", PASS),
    ("H-HEIGHT", "site.heater.display_height", "1.73 m", PASS),
    ("H-HEIGHT", "site.heater.display_height", "1.531 m", PASS),
    ("H-HEIGHT", "site.heater.display_height", "1.529 m", FAIL),
    ("H-HEIGHT", "site.heater.display_height", "1.731 m", FAIL),
    # H-SHOWER-HEAD: 10–50 cm above the tallest head (1.75 m), warn only
    ("H-SHOWER-HEAD", "site.shower.head_height", "1.85 m", PASS),
    ("H-SHOWER-HEAD", "site.shower.head_height", "2.25 m", PASS),
    ("H-SHOWER-HEAD", "site.shower.head_height", "1.851 m", PASS),
    ("H-SHOWER-HEAD", "site.shower.head_height", "1.849 m", WARN),
    ("H-SHOWER-HEAD", "site.shower.head_height", "2.251 m", WARN),
    # H-SHOWER-ALIGN: at most 5 cm from the axis
    ("H-SHOWER-ALIGN", "site.shower.offset_from_axis", "5 cm", PASS),
    ("H-SHOWER-ALIGN", "site.shower.offset_from_axis", "0 cm", PASS),
    ("H-SHOWER-ALIGN", "site.shower.offset_from_axis", "4.9 cm", PASS),
    ("H-SHOWER-ALIGN", "site.shower.offset_from_axis", "5.1 cm", FAIL),
    # P-PRESSURE: 0.05–0.75 MPa inclusive
    ("P-PRESSURE", "site.water_pressure", "0.05 MPa", PASS),
    ("P-PRESSURE", "site.water_pressure", "0.5 bar", PASS),
    ("P-PRESSURE", "site.water_pressure", "0.75 MPa", PASS),
    ("P-PRESSURE", "site.water_pressure", "7.5 bar", PASS),
    ("P-PRESSURE", "site.water_pressure", "0.051 MPa", PASS),
    ("P-PRESSURE", "site.water_pressure", "0.049 MPa", FAIL),
    ("P-PRESSURE", "site.water_pressure", "751 kPa", FAIL),
    # E-VOLTAGE: 198–242 V inclusive
    ("E-VOLTAGE", "site.supply_voltage", "198 V", PASS),
    ("E-VOLTAGE", "site.supply_voltage", "242 V", PASS),
    ("E-VOLTAGE", "site.supply_voltage", "198.1 V", PASS),
    ("E-VOLTAGE", "site.supply_voltage", "197.9 V", FAIL),
    ("E-VOLTAGE", "site.supply_voltage", "242.1 V", FAIL),
    # E-WIRE: at least 4 mm² for 5500 W
    ("E-WIRE", "site.dedicated_line.wire", "4 mm²", PASS),
    ("E-WIRE", "site.dedicated_line.wire", "6 mm2", PASS),
    ("E-WIRE", "site.dedicated_line.wire", "3.9 mm2", FAIL),
    ("E-WIRE", "site.dedicated_line.wire", "2.5平方", FAIL),
    # E-BREAKER: table 32 A; Ib = 25 A
    ("E-BREAKER", "site.breaker.rating", "32 A", PASS),
    ("E-BREAKER", "site.breaker.rating", "32.1 A", FAIL),
    ("E-BREAKER", "site.breaker.rating", "40 A", FAIL),
    ("E-BREAKER", "site.breaker.rating", "31.9 A", WARN),
    ("E-BREAKER", "site.breaker.rating", "25 A", WARN),
    ("E-BREAKER", "site.breaker.rating", "24.9 A", FAIL),
    ("E-BREAKER", "site.breaker.rating", "20 A", FAIL),
    ("E-BREAKER", "site.breaker.poles", 1, FAIL),
    ("E-BREAKER", "site.breaker.poles", 4, FAIL),
    # E-METER: Imax at least 40 A (10(40)A) for the electronic meter of 5500 W
    ("E-METER", "site.meter.marking", "10(40)A", PASS),
    ("E-METER", "site.meter.marking", "10(60)A", PASS),
    ("E-METER", "site.meter.marking", "10(39.9)A", FAIL),
    ("E-METER", "site.meter.marking", "5(30)A", FAIL),
    # E-MAIN: heater 5500 W + 1100 W = 6600 W → 30 A at 220 V
    ("E-MAIN", "site.main_switch.rating", "30 A", PASS),
    ("E-MAIN", "site.main_switch.rating", "30.1 A", PASS),
    ("E-MAIN", "site.main_switch.rating", "29.9 A", FAIL),
    # yes/no observations
    ("E-DEDICATED", "site.dedicated_line.present", False, FAIL),
    ("E-RCD", "site.rcd", "no", FAIL),
    ("E-EARTH", "site.earth", "poor", FAIL),
    ("E-EARTH", "site.earth", "absent", FAIL),
]


@pytest.mark.parametrize(("rule", "path", "value", "expected"), BOUNDARIES)
def test_boundary(rule, path, value, expected):
    data = conforming()
    if rule == "W-SOCKET-ABOVE-SHOWER":
        data["usage"]["user_heights"] = ["1.75 m", "1.95 m"]
    if path == "site.wiring.runs":
        data["site"]["wiring"]["runs"][1]["height"] = value
    else:
        put(data, path, value)
    verdict = verdict_of(data)
    assert verdict.result(rule).status == expected, verdict.result(rule).message
    others = {r.rule: r.status for r in verdict.results if r.rule != rule}
    allowed = {PASS, NOT_CHECKED} if rule == "E-DEDICATED" else {PASS}
    assert set(others.values()) <= allowed, others


def test_mechanical_meter_uses_its_own_column():
    # 3500 W: electronic 5(30)A, mechanical 5(20)A
    data = with_("heater.power", "3.5 kW")
    put(data, "site.breaker.rating", "25 A")
    put(data, "site.meter", {"kind": "mechanical", "marking": "5(20)A"})
    assert status(data, "E-METER") == PASS
    put(data, "site.meter.kind", "electronic")
    assert status(data, "E-METER") == FAIL


def test_single_phase_meter_on_a_three_phase_heater_fails():
    data = with_("heater.power", "15 kW")
    put(data, "heater.supply_voltage", "380 V")
    put(data, "site.supply_voltage", "380 V")
    put(data, "site.breaker", {"rating": "25 A", "poles": 4})
    put(data, "site.dedicated_line.wire", "2.5 mm2")
    put(data, "site.meter.marking", "3×10(40)A")
    verdict = verdict_of(data)
    assert verdict.result("E-METER").status == PASS
    assert verdict.result("E-BREAKER").status == PASS
    put(data, "site.meter.marking", "10(40)A")
    assert status(data, "E-METER") == FAIL


@pytest.mark.parametrize(
    ("voltage", "expected"),
    [("342 V", PASS), ("418 V", PASS), ("341.9 V", FAIL), ("418.1 V", FAIL)],
)
def test_three_phase_voltage_range(voltage, expected):
    data = with_("heater.power", "12 kW")
    put(data, "heater.supply_voltage", "380 V")
    put(data, "site.supply_voltage", voltage)
    assert status(data, "E-VOLTAGE") == expected


def test_breaker_of_the_18kw_row_cannot_pass():
    """The table's 25 A four-pole breaker is below the 27.3 A design current (spec §1)."""
    data = with_("heater.power", "18 kW")
    put(data, "heater.supply_voltage", "380 V")
    put(data, "site.supply_voltage", "380 V")
    put(data, "site.breaker", {"rating": "25 A", "poles": 4})
    verdict = verdict_of(data)
    result = verdict.result("E-BREAKER")
    assert result.status == FAIL and "report to the company" in result.message
    mod = next(m for m in verdict.modifications if m.item == "breaker")
    assert "report to the company" in mod.change


def test_shower_head_uses_the_tallest_user_and_display_the_first():
    data = with_("usage.user_heights", ["1.62 m", "1.85 m"])
    put(data, "site.shower.head_height", "1.94 m")  # 9 cm above the tallest
    put(data, "site.heater.display_height", "1.5 m")  # main user 1.62 → eye 1.50
    verdict = verdict_of(data)
    assert verdict.result("H-SHOWER-HEAD").status == WARN
    assert verdict.result("H-HEIGHT").status == PASS


@pytest.mark.parametrize(
    ("display", "expected"), [("1.4 m", PASS), ("1.6 m", PASS), ("1.39 m", FAIL), ("1.61 m", FAIL)]
)
def test_display_height_without_users_is_the_manuals_1_5_m(display, expected):
    data = with_("usage.user_heights", [])
    put(data, "site.heater.display_height", display)
    result = verdict_of(data).result("H-HEIGHT")
    assert result.status == expected and "1.5 m" in result.message


def test_route_rules():
    data = conforming()
    data["site"]["wiring"]["runs"][0]["orientation"] = "other"
    assert status(data, "W-ROUTE-AXES") == FAIL
    data = conforming()
    data["site"]["wiring"]["runs"][0]["damp"] = True
    assert status(data, "W-ROUTE-DRY") == FAIL
    data = conforming()
    data["site"]["wiring"]["runs"] = [{"orientation": "vertical", "damp": False}]
    result = verdict_of(data).result("W-HEIGHT")
    assert result.status == PASS and result.measured_text == "no horizontal runs"


def test_heights_given_as_text_and_quantity_forms_agree():
    """Every spelling of the same measurements gives identical results."""
    spellings = [
        {
            "site.socket.height": "2.4 m",
            "site.water_pressure": "0.3 MPa",
            "site.ceiling_height": "2.6 m",
        },
        {
            "site.socket.height": "240 cm",
            "site.water_pressure": "3 bar",
            "site.ceiling_height": "260 cm",
        },
        {
            "site.socket.height": "2400 mm",
            "site.water_pressure": "300 kPa",
            "site.ceiling_height": "2.6米",
        },
        {
            "site.socket.height": {"value": 2.4, "unit": "m"},
            "site.water_pressure": {"value": 0.3, "unit": "MPa"},
            "site.ceiling_height": "2600毫米",
        },
    ]
    verdicts = []
    for values in spellings:
        data = conforming()
        for path, value in values.items():
            put(data, path, value)
        verdicts.append(verdict_of(data).to_dict())
    assert all(v == verdicts[0] for v in verdicts)


# --------------------------------------------------------------------- missing data


def test_missing_data_is_never_a_pass():
    data = conforming()
    for key in ("site", "usage", "confirmations", "drilling"):
        del data[key]
    verdict = verdict_of(data)
    assert {r.status for r in verdict.results} == {NOT_CHECKED}
    assert verdict.modifications == () and not verdict.failed
    for result in verdict.results:
        if result.basis == "measurement":
            assert "not recorded" in result.message, result.message
            assert "site." in result.message or "usage." in result.message, result.message


@pytest.mark.parametrize(
    ("path", "rule"),
    [
        ("site.supply_voltage", "E-VOLTAGE"),
        ("site.water_pressure", "P-PRESSURE"),
        ("site.dedicated_line.wire", "E-WIRE"),
        ("site.breaker.rating", "E-BREAKER"),
        ("site.breaker.poles", "E-BREAKER"),
        ("site.meter.kind", "E-METER"),
        ("site.meter.marking", "E-METER"),
        ("site.main_switch.rating", "E-MAIN"),
        ("site.appliances", "E-MAIN"),
        ("site.rcd", "E-RCD"),
        ("site.earth", "E-EARTH"),
        ("site.dedicated_line.present", "E-DEDICATED"),
        ("site.ceiling_height", "W-SOCKET-CEILING"),
        ("site.socket.distance_to_opening", "W-SOCKET-OPENING"),
        ("site.shower.head_height", "W-SOCKET-ABOVE-SHOWER"),
        ("site.heater.display_height", "H-HEIGHT"),
        ("site.shower.offset_from_axis", "H-SHOWER-ALIGN"),
        ("usage.user_heights", "H-SHOWER-HEAD"),
        ("usage.bathtub", "U-BATH"),
        ("drilling", "H-DRILL"),
    ],
)
def test_one_missing_measurement_is_not_checked(path, rule):
    data = with_(path, _DELETE)
    verdict = verdict_of(data)
    assert verdict.result(rule).status == NOT_CHECKED
    assert {r.status for r in verdict.results} <= {PASS, NOT_CHECKED}


def test_missing_run_details_are_not_checked():
    data = conforming()
    del data["site"]["wiring"]["runs"][1]["height"]
    del data["site"]["wiring"]["runs"][0]["damp"]
    verdict = verdict_of(data)
    assert verdict.result("W-HEIGHT").status == NOT_CHECKED
    assert "site.wiring.runs[2].height" in verdict.result("W-HEIGHT").message
    assert verdict.result("W-ROUTE-DRY").status == NOT_CHECKED
    assert verdict.result("W-ROUTE-AXES").status == PASS


def test_empty_appliance_list_means_the_heater_alone():
    data = with_("site.appliances", [])
    put(data, "site.main_switch.rating", "25 A")  # 5500 W / 220 V = 25 A
    assert status(data, "E-MAIN") == PASS
    put(data, "site.main_switch.rating", "24.9 A")
    assert status(data, "E-MAIN") == FAIL


# ------------------------------------------------------------ installer confirmations


@pytest.mark.parametrize("rule", CONFIRMATION_RULES)
@pytest.mark.parametrize(
    ("answer", "expected"), [("yes", PASS), ("no", FAIL), ("not yet", NOT_CHECKED)]
)
def test_confirmations(rule, answer, expected):
    data = with_(f"confirmations.{rule}", answer)
    verdict = verdict_of(data)
    result = verdict.result(rule)
    assert result.basis == "installer_confirmation"
    assert result.status == expected
    assert [r.rule for r in verdict.results if r.status != PASS] == (
        [] if expected == PASS else [rule]
    )


def test_confirmations_are_never_measured_passes():
    for result in verdict_of(conforming()).results:
        if result.rule in CONFIRMATION_RULES:
            assert result.basis == "installer_confirmation"
            assert "Installer confirms" in result.message or "No mixing valve" in result.message


def test_no_mixing_valve_needs_nothing():
    data = with_("usage.mixing_valve", False)
    put(data, "confirmations.U-MIXER", "not yet")
    assert status(data, "U-MIXER") == PASS


def test_drill_confirmed_without_points_is_not_checked():
    result = verdict_of(with_("drilling", _DELETE)).result("H-DRILL")
    assert result.status == NOT_CHECKED and "drilling.points" in result.message


# ------------------------------------------------------------------- modifications


def test_failing_electrical_items_become_modifications():
    data = conforming()
    put(data, "site.dedicated_line.wire", "2.5 mm2")
    put(data, "site.breaker.rating", "40 A")
    put(data, "site.meter", {"kind": "mechanical", "marking": "5(20)A"})
    put(data, "site.main_switch.rating", "25 A")
    put(data, "site.rcd", False)
    put(data, "site.earth", "absent")
    put(data, "site.water_pressure", "0.8 MPa")
    verdict = verdict_of(data)
    mods = {m.item: m for m in verdict.modifications}
    assert list(mods) == [
        "wire",
        "breaker",
        "meter",
        "main_switch",
        "rcd",
        "earth",
        "water_pressure",
    ]
    assert mods["wire"].change.startswith("dedicated-line wire 2.5 mm² → 4 mm² copper")
    assert mods["breaker"].change.startswith("air switch 40 A, 2-pole → 32 A, 2-pole")
    assert mods["meter"].change == "mechanical meter 5(20)A → 10(40)A or larger"
    assert mods["main_switch"].change.startswith("main switch 25 A → 32 A")  # 30 A → 32 A
    assert "pressure-reducing valve" in mods["water_pressure"].change
    signature = {m.item for m in verdict.modifications if m.needs_signature}
    assert signature == {"meter", "main_switch"}
    assert all(m.consent == "consent" for m in verdict.modifications if m.item not in signature)
    assert all(m.change_zh for m in verdict.modifications)
    assert verdict.failed


def test_a_warned_breaker_needs_no_modification():
    verdict = verdict_of(with_("site.breaker.rating", "25 A"))
    assert verdict.result("E-BREAKER").status == WARN
    assert verdict.modifications == () and not verdict.failed


def test_no_dedicated_line_gives_a_new_line_with_the_tables_wire_and_breaker():
    verdict = verdict_of(with_("site.dedicated_line.present", False))
    assert verdict.result("E-WIRE").status == NOT_CHECKED
    (mod,) = verdict.modifications
    assert mod.item == "dedicated_line" and mod.consent == "consent"
    assert "4 mm² copper, air switch 32 A, 2-pole" in mod.change


def test_low_water_pressure():
    verdict = verdict_of(with_("site.water_pressure", "0.03 MPa"))
    (mod,) = verdict.modifications
    assert "booster pump" in mod.change


def test_heater_outside_the_table_names_the_key():
    with pytest.raises(SurveyFileError, match=r"heater\.power: 20000 W is above"):
        verdict_of(with_("heater.power", "20 kW"))
    with pytest.raises(SurveyFileError, match=r"heater\.supply_voltage"):
        verdict_of(with_("heater.supply_voltage", "110 V"))


# --------------------------------------------------------------------- engineering


def engineering_site(power: str, wire: str, breaker: str, **wiring) -> dict:
    data = with_("heater.power", power)
    put(data, "site.dedicated_line.wire", wire)
    put(data, "site.breaker.rating", breaker)
    put(data, "site.main_switch.rating", "63 A")
    data["site"]["wiring"].update(wiring)
    return data


def test_engineering_runs_with_route_conditions_and_upsizes_the_wire():
    # 8500 W on 6 mm², B1, 35 °C: Ib = 38.6 A, Iz = 41 × 0.94 = 38.5 A → 10 mm² (issue 3)
    data = engineering_site(
        "8500 W", "6 mm2", "40 A", length="20 m", method="B1", ambient_temperature="35 °C"
    )
    verdict = verdict_of(data)
    assert verdict.engineering is not None and verdict.engineering.verdict == "insufficient"
    assert verdict.result("E-WIRE").status == PASS  # the table's 6 mm²
    assert verdict.result("ENG-SITE-WIRE").status == FAIL
    wire = next(m for m in verdict.modifications if m.item == "wire")
    assert wire.rule == "ENG-SITE-WIRE"
    assert wire.change.startswith("dedicated-line wire 6 mm² → 10 mm² copper")
    assert not any(m.item == "breaker" for m in verdict.modifications)  # 40 A on 10 mm² is fine
    assert verdict.failed
    data_json = verdict.to_dict()
    assert data_json["engineering"]["recommended"]["wire"] == {"value": 10.0, "unit": "mm²"}
    assert "defaults_used" in data_json["engineering"]


def test_engineering_never_cuts_the_2500w_breaker():
    # 2500 W row: 1.5 mm² with 25 A; B1 at 30 °C carries 17.5 A. Issue 10: the maker's
    # 25 A stays and the wire goes up (4 mm²); 16 A on 1.5 mm² is only an alternative.
    data = engineering_site("2500 W", "1.5 mm2", "25 A", method="B1")
    put(data, "site.meter.marking", "5(30)A")
    verdict = verdict_of(data)
    assert verdict.result("E-BREAKER").status == PASS
    assert verdict.result("ENG-SITE-BREAKER").status == PASS
    assert verdict.result("ENG-SITE-WIRE").status == FAIL
    (mod,) = verdict.modifications
    assert mod.rule == "ENG-SITE-WIRE"
    assert "1.5 mm² → 4 mm²" in mod.change
    rec = verdict.engineering.recommendation
    assert rec.breaker.rating == 25.0 and rec.alternative.rating == 16.0


def test_engineering_conditions_out_of_range_name_the_key():
    data = engineering_site("5500 W", "4 mm2", "32 A", ambient_temperature="75 °C")
    with pytest.raises(SurveyFileError, match=r"site\.wiring\.ambient_temperature"):
        verdict_of(data)


def test_an_impossible_measured_voltage_is_left_out_of_engineering():
    data = engineering_site("5500 W", "4 mm2", "32 A", length="8 m")
    put(data, "site.supply_voltage", "380 V")
    verdict = verdict_of(data)
    assert verdict.result("E-VOLTAGE").status == FAIL
    assert "ENG-VOLTAGE-IGNORED" in [n.code for n in verdict.notes]


def test_example_runs_engineering():
    from sitesurvey.sizing.table import data_dir
    from sitesurvey.survey import load_survey

    verdict = check_survey(load_survey(data_dir("templates") / "survey-example.toml"))
    assert verdict.engineering.verdict == "ok"
    assert [r.status for r in verdict.engineering_results] == [PASS, PASS, PASS]
    assert not verdict.failed


# --------------------------------------------------------------------------- JSON


def test_json_shape():
    data = verdict_of(with_("site.breaker.rating", "40 A")).to_dict()
    text = json.dumps(data, ensure_ascii=False)
    assert json.loads(text) == data
    assert set(data) >= {"results", "modifications", "sizing", "engineering", "status"}
    result = next(r for r in data["results"] if r["rule"] == "E-BREAKER")
    assert result["status"] == FAIL
    assert result["measured"] == {"value": 40.0, "unit": "A"}
    assert result["required"]["max"] == {"value": 32.0, "unit": "A"}
    assert {"rule", "status", "measured", "required", "message", "message_zh", "source"} <= set(
        result
    )
    assert data["modifications"][0]["consent"] == "consent"
    assert data["sizing"]["wire"] == {"value": 4.0, "unit": "mm²"}


# ------------------------------------------------------------------------ hypothesis

# Rows the generator draws from. The 18000 W row is left out: its breaker is below its
# own design current, so no breaker passes E-BREAKER (test_breaker_of_the_18kw_row...).
ROWS = [(2500, 220), (3500, 220), (4500, 220), (5500, 220), (6500, 220), (7500, 220)]
ROWS += [(8500, 220), (12000, 380), (15000, 380)]
WIRES = (1.5, 2.5, 4.0, 6.0, 10.0, 16.0)


@st.composite
def conforming_sites(draw, tall: bool = False):
    """(survey data, facts) for a site built to pass every rule of §2.

    Heights in whole centimetres. ``tall``: the tallest user is over 1.71 m so the
    socket can sit no higher than 50 cm above the tallest head (needed to move the shower
    head up to the socket without leaving H-SHOWER-HEAD's range)."""
    row_power, volts = draw(st.sampled_from(ROWS))
    power = draw(st.integers(row_power - 900, row_power))
    sizing = size(power, volts)
    row, supply = sizing.row, sizing.supply
    phases = supply.phases
    prefix = "3×" if phases == 3 else ""
    kind = draw(st.sampled_from(["electronic", "mechanical"]))
    meter = row.electronic_meter if kind == "electronic" else row.mechanical_meter
    meter_max = draw(st.sampled_from([meter.max, meter.max + 20]))
    appliances = draw(st.lists(st.integers(100, 2000), max_size=3))
    if phases == 3:  # the most loaded phase: all single-phase appliances on one (issue 10)
        total = power / (math.sqrt(3) * volts) + sum(appliances) / (volts / math.sqrt(3))
    else:
        total = (power + sum(appliances)) / volts
    tallest = draw(st.integers(172 if tall else 150, 185))
    main_user = draw(st.integers(150, tallest))
    eye = main_user - 12
    head = draw(st.integers(tallest + 10, tallest + 49))
    low_socket = max(head + 1, 221)
    socket = draw(st.integers(low_socket, tallest + 50 if tall else low_socket + 40))
    ceiling = draw(st.integers(max(socket, 251), socket + 30))
    runs = [
        {
            "orientation": "horizontal",
            "length": "3 m",
            "height": f"{draw(st.integers(251, ceiling))} cm",
            "damp": False,
        }
    ]
    runs += [
        {"orientation": o, "length": "1 m", "damp": False}
        | ({"height": f"{draw(st.integers(251, ceiling))} cm"} if o == "horizontal" else {})
        for o in draw(st.lists(st.sampled_from(["horizontal", "vertical"]), max_size=3))
    ]
    decivolts = draw(st.integers(int(supply.min_voltage * 10), int(supply.max_voltage * 10)))
    data = conforming()
    data["heater"].update(power=f"{power} W", supply_voltage=f"{volts} V")
    data["site"] = {
        "supply_voltage": f"{decivolts / 10} V",
        "water_pressure": f"{draw(st.integers(50, 750))} kPa",
        "ceiling_height": f"{ceiling} cm",
        "rcd": True,
        "earth": "good",
        "dedicated_line": {
            "present": True,
            "wire": f"{draw(st.sampled_from([w for w in WIRES if w >= row.wire]))} mm2",
        },
        "breaker": {"rating": f"{row.breaker.rating:g} A", "poles": row.breaker.poles},
        "meter": {"kind": kind, "marking": f"{prefix}{meter.basic:g}({meter_max:g})A"},
        "main_switch": {"rating": f"{math.ceil(total) + draw(st.integers(0, 30))} A"},
        "appliances": [{"name": f"a{i}", "power": f"{p} W"} for i, p in enumerate(appliances)],
        "wiring": {"runs": runs},
        "socket": {
            "height": f"{socket} cm",
            "distance_to_opening": f"{draw(st.integers(150, 200))} mm",
        },
        "heater": {"display_height": f"{draw(st.integers(eye - 10, eye + 10))} cm"},
        "shower": {
            "head_height": f"{head} cm",
            "offset_from_axis": f"{draw(st.integers(0, 50))} mm",
        },
    }
    data["usage"]["user_heights"] = [f"{main_user} cm", f"{tallest} cm"]
    facts = {
        "sizing": sizing,
        "total": total,
        "tallest": tallest,
        "eye": eye,
        "head": head,
        "socket": socket,
        "kind": kind,
        "meter": meter,
        "prefix": prefix,
    }
    return data, facts


def _runs(data):
    return data["site"]["wiring"]["runs"]


def _set_run(key, value):
    def move(data, f):
        _runs(data)[0][key] = value

    return move


# move name -> (mutation, rule that must leave pass, its status)
MOVES = {
    "voltage below range": (
        lambda d, f: put(d, "site.supply_voltage", f"{f['sizing'].supply.min_voltage - 0.1:.1f} V"),
        "E-VOLTAGE",
        FAIL,
    ),
    "voltage above range": (
        lambda d, f: put(d, "site.supply_voltage", f"{f['sizing'].supply.max_voltage + 0.1:.1f} V"),
        "E-VOLTAGE",
        FAIL,
    ),
    "pressure below range": (
        lambda d, f: put(d, "site.water_pressure", "49 kPa"),
        "P-PRESSURE",
        FAIL,
    ),
    "pressure above range": (
        lambda d, f: put(d, "site.water_pressure", "7.51 bar"),
        "P-PRESSURE",
        FAIL,
    ),
    "wire thinner than table": (
        lambda d, f: put(d, "site.dedicated_line.wire", f"{f['sizing'].row.wire - 0.5:g} mm2"),
        "E-WIRE",
        FAIL,
    ),
    "breaker above table": (
        lambda d, f: put(d, "site.breaker.rating", f"{f['sizing'].row.breaker.rating + 0.1:g} A"),
        "E-BREAKER",
        FAIL,
    ),
    "breaker below design current": (
        lambda d, f: put(d, "site.breaker.rating", f"{f['sizing'].design_current - 0.01:.6f} A"),
        "E-BREAKER",
        FAIL,
    ),
    "breaker between design current and table": (
        lambda d, f: put(
            d,
            "site.breaker.rating",
            f"{(f['sizing'].design_current + f['sizing'].row.breaker.rating) / 2:.6f} A",
        ),
        "E-BREAKER",
        WARN,
    ),
    "breaker poles": (lambda d, f: put(d, "site.breaker.poles", 3), "E-BREAKER", FAIL),
    "meter below table": (
        lambda d, f: put(d, "site.meter.marking", f"{f['prefix']}1({f['meter'].max - 0.1:g})A"),
        "E-METER",
        FAIL,
    ),
    "main switch below total": (
        lambda d, f: put(d, "site.main_switch.rating", f"{f['total'] - 0.01:.6f} A"),
        "E-MAIN",
        FAIL,
    ),
    "no dedicated line": (
        lambda d, f: put(d, "site.dedicated_line.present", False),
        "E-DEDICATED",
        FAIL,
    ),
    "poor earth": (lambda d, f: put(d, "site.earth", "poor"), "E-EARTH", FAIL),
    "no rcd": (lambda d, f: put(d, "site.rcd", False), "E-RCD", FAIL),
    "horizontal run at 2.5 m": (_set_run("height", "2.5 m"), "W-HEIGHT", FAIL),
    "slanted run": (_set_run("orientation", "other"), "W-ROUTE-AXES", FAIL),
    "damp run": (_set_run("damp", True), "W-ROUTE-DRY", FAIL),
    "socket near the door": (
        lambda d, f: put(d, "site.socket.distance_to_opening", "149 mm"),
        "W-SOCKET-OPENING",
        FAIL,
    ),
    "socket far from the door": (
        lambda d, f: put(d, "site.socket.distance_to_opening", "201 mm"),
        "W-SOCKET-OPENING",
        FAIL,
    ),
    "ceiling raised": (
        lambda d, f: put(d, "site.ceiling_height", f"{f['socket'] + 30.1} cm"),
        "W-SOCKET-CEILING",
        WARN,
    ),
    "shower head up to the socket": (
        lambda d, f: put(d, "site.shower.head_height", f"{f['socket']} cm"),
        "W-SOCKET-ABOVE-SHOWER",
        FAIL,
    ),
    "shower head too low": (
        lambda d, f: put(d, "site.shower.head_height", f"{f['tallest'] + 9.9} cm"),
        "H-SHOWER-HEAD",
        WARN,
    ),
    "display too low": (
        lambda d, f: put(d, "site.heater.display_height", f"{f['eye'] - 10.1} cm"),
        "H-HEIGHT",
        FAIL,
    ),
    "display too high": (
        lambda d, f: put(d, "site.heater.display_height", f"{f['eye'] + 10.1} cm"),
        "H-HEIGHT",
        FAIL,
    ),
    "shower head off the axis": (
        lambda d, f: put(d, "site.shower.offset_from_axis", "5.1 cm"),
        "H-SHOWER-ALIGN",
        FAIL,
    ),
}


def test_every_measured_rule_has_a_move():
    assert {rule for _, rule, _ in MOVES.values()} == set(MEASURED_RULES)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(site=conforming_sites())
def test_a_site_built_to_conform_passes_every_rule(site):
    data, _ = site
    verdict = verdict_of(data)
    assert {r.rule: r.status for r in verdict.results} == {r.id: PASS for r in RULES}
    assert verdict.modifications == ()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(move=st.sampled_from(sorted(MOVES)), data=st.data())
def test_moving_one_measurement_across_its_boundary_fails_exactly_that_rule(move, data):
    mutate, rule, expected = MOVES[move]
    survey, facts = data.draw(conforming_sites(tall=move == "shower head up to the socket"))
    mutate(survey, facts)
    verdict = verdict_of(survey)
    assert verdict.result(rule).status == expected, verdict.result(rule).message
    others = {r.rule: r.status for r in verdict.results if r.rule != rule}
    assert set(others.values()) <= {PASS, NOT_CHECKED}, {
        k: v for k, v in others.items() if v != PASS
    }
    assert all(v == PASS for k, v in others.items() if k != "E-WIRE"), others
