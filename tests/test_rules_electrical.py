"""Rules E-* (rules/electrical.py): the electrical supply at, just inside and just outside each
boundary; meters by kind and phases; the three-phase range."""

from __future__ import annotations

import math

import pytest

from rules_site import check_boundary, conforming, put, status, verdict_of, with_
from sitesurvey.results import FAIL, NOT_APPLICABLE, PASS, WARN, Value

# (rule, path, value, expected status). "at" the boundary, "just inside", "just outside".
BOUNDARIES = [
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
    check_boundary(rule, path, value, expected)


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
    put(data, "site.dedicated_line.wire", "4 mm2")  # 2.5 mm² carries 21 A < Ib on B1
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


def test_18kw_breaker_of_the_table_fails_by_its_current_and_is_replaced_by_the_plans():
    """The table's 25 A four-pole breaker is below the 27.3 A design current (spec §1):
    it trips in normal use; the modification replaces it by the plan's breaker, which
    passes E-BREAKER — the tool's own answer never leads back to a failure."""
    data = with_("heater.power", "18 kW")
    put(data, "heater.supply_voltage", "380 V")
    put(data, "site.supply_voltage", "380 V")
    put(data, "site.dedicated_line.wire", "6 mm2")
    put(data, "site.meter.marking", "3×10(40)A")
    put(data, "site.main_switch.rating", "63 A")
    put(data, "site.breaker", {"rating": "25 A", "poles": 4})
    verdict = verdict_of(data)
    result = verdict.result("E-BREAKER")
    assert result.status == FAIL and "trips in normal use" in result.message
    mod = next(m for m in verdict.modifications if m.item == "breaker")
    assert mod.to == Value(verdict.plan.breaker, "A") and verdict.plan.breaker == 32
    put(data, "site.breaker.rating", f"{mod.to.value:g} A")
    assert verdict_of(data).result("E-BREAKER").status == PASS


@pytest.mark.parametrize(
    ("rating", "expected"),
    [("25 A", FAIL), ("32 A", PASS), ("36 A", PASS), ("40 A", FAIL)],
)
def test_house_18kw_on_6mm2_b1_breaker(rating, expected):
    """Issue 10 "Done when": 32 A 4-pole on 6 mm², B1, conforms on E-BREAKER (Iz 36 A of
    IEC 60364-5-52 Table B.52.4, B1, 3 loaded conductors; Ib 27.35 A)."""
    data = with_("heater.power", "18 kW")
    put(data, "heater.supply_voltage", "380 V")
    put(data, "site.supply_voltage", "380 V")
    put(data, "site.dedicated_line.wire", "6 mm2")
    put(data, "site.breaker", {"rating": rating, "poles": 4})
    put(data, "site.wiring.method", "B1")
    result = verdict_of(data).result("E-BREAKER")
    assert result.status == expected, result.message
    assert result.required.low == pytest.approx(18000 / (math.sqrt(3) * 380), abs=1e-9)
    assert result.required.high == 36


def test_e_breaker_warns_when_safe_but_below_the_makers_rating():
    # 5500 W: Ib 25 A, the maker's 32 A; 25 A on 4 mm² (Iz 32 A, B1 30 °C) is safe
    result = verdict_of(with_("site.breaker.rating", "25 A")).result("E-BREAKER")
    assert result.status == WARN
    assert "below the maker's 32 A" in result.message


def test_e_breaker_says_which_conditions_its_iz_is_for():
    default = verdict_of(conforming()).result("E-BREAKER")
    assert "default method B1 at 30 °C" in default.message
    data = conforming()
    data["site"]["wiring"].update(method="B1", ambient_temperature="35 °C", grouping=2)
    site = verdict_of(data).result("E-BREAKER")
    assert "method B1, 35 °C, grouping 2" in site.message
    # 4 mm² at 35 °C in a group of two: 32 × 0.94 × 0.8 = 24.06 A < 32 A
    assert site.status == FAIL and "does not protect the wire" in site.message


def test_e_breaker_does_not_apply_without_an_existing_line():
    result = verdict_of(with_("site.dedicated_line.present", False)).result("E-BREAKER")
    assert result.status == NOT_APPLICABLE


def test_empty_appliance_list_means_the_heater_alone():
    data = with_("site.appliances", [])
    put(data, "site.main_switch.rating", "25 A")  # 5500 W / 220 V = 25 A
    assert status(data, "E-MAIN") == PASS
    put(data, "site.main_switch.rating", "24.9 A")
    assert status(data, "E-MAIN") == FAIL


def test_breaker_below_the_design_current_in_both_languages():
    result = verdict_of(with_("site.breaker.rating", "20 A")).result("E-BREAKER")
    assert result.message.startswith("Air switch 20 A on the existing 4 mm² wire: Iz 32.0 A")
    assert "In 20 A < Ib 25.0 A: it trips in normal use." in result.message
    # the glossary's word for air switch, and the same facts as the English
    assert result.message_zh.startswith("现有 4mm² 电线上的空气开关 20A：电线载流量 Iz 32.0A")
    assert "In 20A < Ib 25.0A：正常使用时会跳闸。" in result.message_zh
