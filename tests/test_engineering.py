"""Engineering cross-check (spec §3, issue 3) and the main-switch rule E-MAIN (spec §2).

Published cells (every figure of the four data files, read back through the public
functions) are kept apart from the worked examples (computed by hand in the comments)
and from the invented edge cases and properties.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import subprocess
import sys
import tomllib

import numpy as np
import pint
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sitesurvey import size
from sitesurvey.engineering import (
    AMBIENT_FILE,
    CAPACITY_FILE,
    GROUPING_FILE,
    RATINGS_FILE,
    ReferenceData,
    SiteConditions,
    ambient_factor,
    ampacity,
    check_engineering,
    coordination,
    grouping_factor,
    main_switch_check,
    meter_sufficient,
    reference_data,
    terminal_voltage,
    voltage_drop,
    voltage_drop_percent,
)
from sitesurvey.errors import InputError, TableError
from sitesurvey.results import FAIL, NOT_CHECKED, PASS
from sitesurvey.sizing.table import data_dir, default_table

DATA = reference_data()
TABLE = default_table()


def _raw(name: str) -> dict:
    """A data file read as plain TOML, independently of the loader."""
    return tomllib.loads((data_dir() / name).read_text(encoding="utf-8"))


CAPACITY = _raw(CAPACITY_FILE)
AMBIENT = _raw(AMBIENT_FILE)
GROUPING = _raw(GROUPING_FILE)
RATINGS = _raw(RATINGS_FILE)

# ====================================================== published cells (the data files)

CAPACITY_CELLS = [
    pytest.param(method, loaded, section, value, id=f"{method}-{loaded}-{section}")
    for method, spec in CAPACITY["methods"].items()
    for loaded, key in ((2, "two_loaded"), (3, "three_loaded"))
    for section, value in zip(CAPACITY["cross_sections"], spec[key], strict=True)
]


@pytest.mark.parametrize(("method", "loaded", "section", "value"), CAPACITY_CELLS)
def test_every_capacity_cell_reads_back_through_ampacity(method, loaded, section, value):
    # At the reference conditions (30 °C, one circuit) both factors are 1.
    assert ampacity(section, method, loaded, ambient=30.0, grouping=1) == value


@pytest.mark.parametrize(
    ("temperature", "factor"),
    list(zip(AMBIENT["temperatures"], AMBIENT["pvc"], strict=True)),
)
def test_every_ambient_cell_reads_back(temperature, factor):
    assert ambient_factor(temperature) == factor
    assert ambient_factor(f"{temperature} °C") == factor
    assert ambient_factor(f"{temperature}degC") == factor


@pytest.mark.parametrize(
    ("circuits", "factor"),
    list(zip(GROUPING["circuits"], GROUPING["bunched"], strict=True)),
)
def test_every_grouping_cell_reads_back(circuits, factor):
    assert grouping_factor(circuits) == factor


def test_standard_ratings_read_back():
    assert list(DATA.wire_sizes) == RATINGS["wire"]["cross_sections"]
    assert list(DATA.breaker_ratings) == RATINGS["breaker"]["ratings"]
    assert DATA.tripping_factor == RATINGS["breaker"]["conventional_tripping_factor"]
    assert [(m.meter.basic, m.meter.max, m.meter.phases, m.connection) for m in DATA.meters] == [
        (m["basic"], m["max"], m["phases"], m["connection"]) for m in RATINGS["meter"]["ratings"]
    ]
    # ρ1 through the public function: b = 1 (three-phase), 1 A over 1 m of 1 mm².
    assert voltage_drop(1.0, 1.0, 1.0, 3) == RATINGS["resistivity"]["copper"]
    assert SiteConditions().max_drop == RATINGS["resistivity"]["max_drop_percent_default"]


@pytest.mark.parametrize("rating", RATINGS["breaker"]["ratings"])
def test_conventional_tripping_current_reads_back(rating):
    k = RATINGS["breaker"]["conventional_tripping_factor"]
    i2 = coordination(rating, rating, rating)[2]
    assert i2.measured.value == pytest.approx(k * rating)


@pytest.mark.parametrize(
    "meter", RATINGS["meter"]["ratings"], ids=lambda m: f"{m['phases']}x{m['basic']}({m['max']})"
)
def test_meter_imax_is_the_limit(meter):
    assert meter_sufficient(meter["max"], meter["max"]) is True
    assert meter_sufficient(meter["max"], meter["max"] + 0.01) is False


def test_sources_name_the_files_and_their_hashes():
    for source in DATA.sources.values():
        assert source.sha256 == hashlib.sha256((data_dir() / source.file).read_bytes()).hexdigest()
    assert DATA.sources["capacity"].tables == ("B.52.2", "B.52.4", "B.52.10")
    assert reference_data() is DATA  # read once


# ================================================== lookup rules between listed values


def test_ambient_between_listed_takes_the_next_listed_up():
    listed = AMBIENT["temperatures"]
    factors = AMBIENT["pvc"]
    for i in range(1, len(listed)):
        midway = (listed[i - 1] + listed[i]) / 2
        assert ambient_factor(midway) == factors[i]
        assert ambient_factor(listed[i - 1] + 0.001) == factors[i]


def test_ambient_below_the_table_uses_the_lowest_factor_and_says_so():
    lowest = AMBIENT["pvc"][0]
    assert ambient_factor(AMBIENT["temperatures"][0] - 15) == lowest
    assert ambient_factor(-40.0) == lowest
    r = check_engineering(size(5500), SiteConditions.from_inputs(ambient="-5 °C"))
    assert r.ambient_factor == lowest
    assert any("below the table's lowest temperature" in w.text for w in r.working)
    assert any("偏于安全" in w.text_zh for w in r.working)


def test_grouping_between_listed_takes_the_next_count_up():
    listed = GROUPING["circuits"]
    factors = GROUPING["bunched"]
    for n in range(1, listed[-1] + 1):
        up = next(i for i, c in enumerate(listed) if c >= n)
        assert grouping_factor(n) == factors[up]


def test_temperature_conversion_never_does_arithmetic_on_an_offset_unit():
    ureg = pint.UnitRegistry()
    # 95 °F = 35 °C exactly; 308.15 K = 35 °C.
    assert ambient_factor(ureg.Quantity(95, "degF")) == ambient_factor(35.0)
    assert ambient_factor(ureg.Quantity(308.15, "kelvin")) == ambient_factor(35.0)
    c = SiteConditions.from_inputs(ambient=ureg.Quantity(95, "degF"))
    assert c.ambient == pytest.approx(35.0)


# ============================================================ vector equals scalar


def test_vectorised_functions_equal_their_scalar_results():
    sections = np.array(DATA.cross_sections)
    vector = ampacity(sections, "C", 3, ambient=40.0, grouping=3)
    assert vector.tolist() == [ampacity(s, "C", 3, ambient=40.0, grouping=3) for s in sections]
    temps = np.array([-10.0, 10.0, 22.5, 30.0, 59.9, 60.0])
    assert ambient_factor(temps).tolist() == [ambient_factor(float(t)) for t in temps]
    counts = np.arange(1, 21)
    assert grouping_factor(counts).tolist() == [grouping_factor(int(n)) for n in counts]
    currents = np.array([0.0, 11.36, 38.64])
    drops = voltage_drop(currents, 20.0, 6.0, 1)
    assert drops.tolist() == pytest.approx([voltage_drop(float(i), 20.0, 6.0, 1) for i in currents])
    # broadcasting: sections across, temperatures down
    grid = ampacity(sections, "B1", 2, ambient=np.array([[30.0], [40.0]]))
    assert grid.shape == (2, len(sections))
    assert grid[1].tolist() == pytest.approx([ampacity(s, "B1", 2, 40.0) for s in sections])


def test_scalar_inputs_give_plain_floats():
    assert type(ampacity(4.0)) is float
    assert type(ambient_factor(35.0)) is float
    assert type(voltage_drop(25.0, 10.0, 4.0, 1)) is float
    assert type(terminal_voltage(220.0, 5.0)) is float


# ==================================================== worked examples (by hand)


def test_8500_w_on_6_mm2_b1_35_c_needs_10_mm2():
    # Ib = 8500 / 220 = 38.64 A.
    # Iz(6 mm², B1, 2 loaded) = 41 A × kθ(35 °C) 0.94 × kg(1) 1.00 = 38.54 A.
    # 40 A breaker: Ib 38.64 ≤ In 40 holds, In 40 ≤ Iz 38.54 fails (by 1.46 A), and since
    # Iz < Ib no breaker fits on 6 mm² at all.
    # 10 mm²: Iz = 57 × 0.94 = 53.58 A; 38.64 ≤ 40 ≤ 53.58 holds with the table's 40 A.
    # Drop on 6 mm²: u = 2 × 0.0225 × 20 × 38.64 / 6 = 5.795 V = 2.634 % of 220 V.
    site = SiteConditions.from_inputs(length="20m", method="B1", ambient="35degC")
    r = check_engineering(size(8500), site)
    assert r.design_current == pytest.approx(38.636, abs=1e-3)
    assert r.tabulated_ampacity == 41.0
    assert r.ambient_factor == 0.94
    assert r.ampacity == pytest.approx(38.54)
    status = {c.rule: c.status for c in r.checks}
    assert status["ENG-IB-IN"] == PASS
    assert status["ENG-IN-IZ"] == FAIL
    assert status["ENG-I2"] == FAIL  # 1.45 × 40 = 58 A > 1.45 × 38.54 = 55.88 A
    assert status["ENG-DROP"] == PASS
    assert r.verdict == "insufficient"
    in_iz = next(c for c in r.checks if c.rule == "ENG-IN-IZ")
    assert "by 1.46 A" in in_iz.message
    assert r.voltage_drop == pytest.approx(5.795, abs=1e-3)
    assert r.voltage_drop_percent == pytest.approx(2.634, abs=1e-3)
    assert r.terminal_voltage == pytest.approx(214.2, abs=0.05)

    rec = r.recommendation
    assert rec.wire == 10.0
    assert rec.breaker.rating == 40.0 and rec.breaker.poles == 2
    assert rec.ampacity == pytest.approx(53.58)
    assert rec.electronic_meter.marking == rec.mechanical_meter.marking == "10(40)A"
    assert [s.criterion for s in rec.steps] == ["ENG-IN-IZ", "ENG-IN-IZ"]
    assert rec.steps[-1].before == 6.0 and rec.steps[-1].after == 10.0
    # the working lets a reader redo it
    text = "\n".join(w.text for w in r.working)
    assert "Ib = P / U = 8500 W / 220 V = 38.64 A" in text
    assert "41 A × 0.94 × 1 = 38.54 A" in text
    assert "38.64 A ≤ 40 A ≤ 38.54 A — FAILS" in text
    assert "2 × 0.0225 Ω·mm²/m × 20 m × 38.64 A / 6 mm² = 5.795 V" in text
    assert "57 A × 0.94 × 1 = 53.58 A" in text


def test_2500_w_row_b1_30_c_keeps_1_5_mm2_with_a_16_a_breaker():
    # Ib = 2500 / 220 = 11.36 A; Iz(1.5 mm², B1) = 17.5 A < the table's 25 A breaker.
    # Smallest standard In with 11.36 ≤ In ≤ 17.5: 16 A (10 A is below Ib).
    r = check_engineering(size(2500), SiteConditions.from_inputs(method="B1", ambient="30degC"))
    assert r.ampacity == 17.5
    assert r.verdict == "insufficient"
    assert [c.rule for c in r.failed] == ["ENG-IN-IZ", "ENG-I2"]
    rec = r.recommendation
    assert (rec.wire, rec.breaker.rating) == (1.5, 16.0)
    assert [(s.item, s.criterion, s.before, s.after) for s in rec.steps] == [
        ("breaker", "ENG-IN-IZ", 25.0, 16.0)
    ]
    # both meters of the row carry 11.36 A: 5(30) and 5(20) stay
    assert rec.electronic_meter.marking == "5(30)A"
    assert rec.mechanical_meter.marking == "5(20)A"


def test_18000_w_at_380_v_the_25_a_breaker_is_below_ib():
    # Ib = 18000 / (√3 × 380) = 27.35 A > 25 A: ENG-IB-IN fails.
    # 4 mm² B1 three loaded: Iz = 28 A; no standard In in [27.35, 28] (25 < Ib, 32 > Iz).
    # 6 mm²: Iz = 36 A; 32 A is the smallest In in [27.35, 36].
    r = check_engineering(size(18000, 380), SiteConditions())
    assert r.loaded_conductors == 3
    assert r.design_current == pytest.approx(27.348, abs=1e-3)
    assert r.ampacity == 28.0
    ib_in = next(c for c in r.checks if c.rule == "ENG-IB-IN")
    assert ib_in.status == FAIL and "2.35 A below" in ib_in.message
    rec = r.recommendation
    assert (rec.wire, rec.breaker.rating, rec.breaker.poles) == (6.0, 32.0, 4)
    assert [(s.item, s.criterion) for s in rec.steps] == [
        ("wire", "ENG-IN-IZ"),
        ("wire", "ENG-IN-IZ"),
        ("breaker", "ENG-IB-IN"),
    ]


def test_long_run_upsizes_for_the_voltage_drop():
    # 5500 W: Ib = 25 A. 60 m of 4 mm²: u = 2 × 0.0225 × 60 × 25 / 4 = 16.875 V = 7.67 %.
    # 6 mm²: 11.25 V = 5.11 % (still above 5 %). 10 mm²: 6.75 V = 3.07 %.
    r = check_engineering(size(5500), SiteConditions.from_inputs(length="60 m"))
    assert r.voltage_drop == pytest.approx(16.875)
    assert r.voltage_drop_percent == pytest.approx(7.670, abs=1e-3)
    assert {c.rule for c in r.failed} == {"ENG-DROP"}
    rec = r.recommendation
    assert rec.wire == 10.0 and rec.breaker.rating == 32.0
    assert rec.voltage_drop == pytest.approx(6.75)
    assert [s.criterion for s in rec.steps] == ["ENG-DROP"] * 3


def test_measured_low_supply_fails_the_terminal_voltage():
    # 205 V measured, 60 m of 4 mm²: 205 − 16.875 = 188.1 V < 198 V.
    # 10 mm²: 205 − 6.75 = 198.25 V ≥ 198 V, and 3.07 % ≤ 5 %.
    site = SiteConditions.from_inputs(length="60m", supply_voltage="205V")
    r = check_engineering(size(5500), site)
    assert r.terminal_voltage == pytest.approx(188.125)
    terminal = next(c for c in r.checks if c.rule == "ENG-TERMINAL-VOLTAGE")
    assert terminal.status == FAIL and "9.88 V below" in terminal.message
    assert r.recommendation.wire == 10.0
    assert r.recommendation.terminal_voltage == pytest.approx(198.25)


def test_supply_below_the_floor_cannot_be_fixed_by_wire():
    r = check_engineering(size(5500), SiteConditions.from_inputs(supply_voltage="190 V"))
    terminal = next(c for c in r.checks if c.rule == "ENG-TERMINAL-VOLTAGE")
    assert terminal.status == FAIL and "no wire size can fix" in terminal.message
    rec = r.recommendation
    assert rec.wire is None and rec.breaker is None
    assert rec.steps[0].criterion == "ENG-TERMINAL-VOLTAGE"
    assert r.to_dict()["recommended"]["wire"] is None


def test_worst_case_voltage_takes_ib_at_the_top_of_the_range():
    # Ib = 38.64 × 242 / 220 = 42.5 A: the 40 A breaker and the 10(40) A meters fail.
    # 6 mm² B1 Iz = 41 < 42.5 → 10 mm² (57 A) with the smallest In in [42.5, 57]: 50 A.
    # Meters: smallest direct single-phase Imax ≥ 42.5 A is 60 A; of 5(60), 10(60) and
    # 15(60) the smaller basic current wins: 5(60)A.
    site = SiteConditions.from_inputs(worst_case_voltage=True)
    r = check_engineering(size(8500), site)
    assert r.design_current == pytest.approx(42.5)
    assert {c.rule for c in r.failed} == {
        "ENG-IB-IN",
        "ENG-METER-ELECTRONIC",
        "ENG-METER-MECHANICAL",
    }
    rec = r.recommendation
    assert (rec.wire, rec.breaker.rating) == (10.0, 50.0)
    assert rec.electronic_meter.marking == rec.mechanical_meter.marking == "5(60)A"
    assert r.to_dict()["design_current"]["basis"] == "max_voltage"


def test_three_phase_voltage_drop_is_per_line_and_line_to_line():
    # 18000 W at 380 V, 25 m of 4 mm²: u = 1 × 0.0225 × 25 × 27.35 / 4 = 3.846 V per line,
    # √3 × 3.846 = 6.661 V line-to-line; Δu = 3.846 / (380 / √3) = 1.753 %.
    r = check_engineering(size(18000, 380), SiteConditions.from_inputs(length="25m"))
    assert r.voltage_drop == pytest.approx(6.661, abs=1e-3)
    assert r.voltage_drop_percent == pytest.approx(1.753, abs=1e-3)
    assert r.terminal_voltage == pytest.approx(380 - 6.661, abs=1e-3)
    assert voltage_drop_percent(27.35, 25.0, 4.0, 380.0, 3) == pytest.approx(1.753, abs=1e-3)


def test_derating_multiplies():
    # C, three loaded, 4 mm²: 32 A × 0.94 (35 °C) × 0.80 (2 circuits) = 24.064 A.
    assert ampacity("4 mm2", "c", 3, "35 °C", 2) == pytest.approx(24.064)
    # A1 two loaded 2.5 mm² at 5 °C (10 °C factor 1.22) and 10 circuits (12-circuit 0.45):
    # 19.5 × 1.22 × 0.45 = 10.7055 A
    assert ampacity(2.5, "A1", 2, 5.0, 10) == pytest.approx(10.7055)


def test_terminal_voltage_by_hand():
    assert terminal_voltage(215.0, 5.8) == pytest.approx(209.2)
    assert terminal_voltage(380.0, 3.846, 3) == pytest.approx(380 - math.sqrt(3) * 3.846)


def test_coordination_boundaries_are_inclusive():
    assert [c.status for c in coordination(32.0, 32.0, 32.0)] == [PASS, PASS, PASS]
    checks = coordination(10.0, 16.0, 17.5)
    assert [c.rule for c in checks] == ["ENG-IB-IN", "ENG-IN-IZ", "ENG-I2"]
    assert all(c.basis == "calculation" for c in checks)


# ======================================================= defaults and conditions


def test_no_conditions_lists_every_default():
    r = check_engineering(size(5500))
    assert r.defaults_used == (
        "length",
        "method",
        "ambient",
        "grouping",
        "max_drop",
        "supply_voltage",
    )
    assert r.defaults_dict() == {
        "length": {"value": 0.0, "unit": "m"},
        "method": "B1",
        "ambient": {"value": 30.0, "unit": "°C"},
        "grouping": 1,
        "max_drop": {"value": 5.0, "unit": "%"},
        "supply_voltage": {"value": 220.0, "unit": "V"},
    }
    # a 0 m route proves nothing: the drop and the voltage at the heater are not checked
    status = {c.rule: c.status for c in r.checks}
    assert status["ENG-DROP"] == NOT_CHECKED
    assert status["ENG-TERMINAL-VOLTAGE"] == NOT_CHECKED
    assert r.verdict == "ok"


def test_given_conditions_are_not_listed_as_defaults():
    c = SiteConditions.from_inputs(
        length="20 m",
        method="c",
        ambient="35 °C",
        grouping="3",
        supply_voltage="215V",
        max_drop="4%",
    )
    assert c.defaults_used == ()
    assert (c.length, c.method, c.ambient, c.grouping, c.supply_voltage, c.max_drop) == (
        20.0,
        "C",
        35.0,
        3,
        215.0,
        4.0,
    )
    assert SiteConditions.from_inputs(length="2000cm").length == 20.0
    assert SiteConditions.from_inputs(ambient="35degC").ambient == 35.0


def test_site_conditions_are_frozen():
    c = SiteConditions()
    with pytest.raises(AttributeError):
        c.length = 3.0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"ambient": "61 °C"}, "ambient"),
        ({"ambient": "100degC"}, "ambient"),
        ({"ambient": "-300 degC"}, "ambient"),
        ({"ambient": "35 V"}, "ambient"),
        ({"method": "Z9"}, "method"),
        ({"method": 1}, "method"),
        ({"grouping": 0}, "grouping"),
        ({"grouping": 25}, "grouping"),
        ({"grouping": 2.5}, "grouping"),
        ({"grouping": "three"}, "grouping"),
        ({"grouping": "²"}, "grouping"),
        ({"grouping": "①"}, "grouping"),
        ({"grouping": float("inf")}, "grouping"),
        ({"grouping": float("nan")}, "grouping"),
        ({"grouping": "9" * 5001}, "grouping"),
        ({"length": "2 000 cm"}, "length"),
        ({"length": "20 V"}, "length"),
        ({"length": "-3 m"}, "length"),
        ({"length": "2,5m"}, "length"),
        ({"supply_voltage": "220 W"}, "supply_voltage"),
        ({"max_drop": "0%"}, "max_drop"),
        ({"max_drop": "150%"}, "max_drop"),
    ],
)
def test_bad_site_conditions_raise_input_error(kwargs, field):
    with pytest.raises(InputError) as exc:
        SiteConditions.from_inputs(**kwargs)
    assert exc.value.field == field


def test_a_grouping_in_unicode_digits_names_the_character():
    """ "²" passed str.isdigit() and int() raised a ValueError (issue 8, cause 5)."""
    with pytest.raises(InputError, match=r'"²" \(U\+00B2 SUPERSCRIPT TWO\) is not a digit 0-9'):
        SiteConditions.from_inputs(grouping="²")
    assert SiteConditions.from_inputs(grouping=" 3 ").grouping == 3


@pytest.mark.parametrize(
    ("ambient", "fragments"),
    [
        ("-300 degC", ("below absolute zero (-273.15 °C)", "from -273.15 °C", "up to 60 °C")),
        ("61 °C", ("from -273.15 °C", "up to 60 °C", "no factor for PVC above 60 °C")),
    ],
)
def test_an_ambient_out_of_range_gives_both_ends_and_the_reason(ambient, fragments):
    """-300 °C was answered "expected ... up to 60 °C", as if it were too warm."""
    with pytest.raises(InputError) as exc:
        SiteConditions.from_inputs(ambient=ambient)
    for fragment in fragments:
        assert fragment in str(exc.value)


def test_bad_function_inputs_raise_input_error():
    with pytest.raises(InputError, match=r"1\.5, 2\.5, 4, 6, 10, 16, 25 mm²"):
        ampacity(3.0)
    with pytest.raises(InputError, match="A1, A2, B1, B2, C, E"):
        ampacity(4.0, "D")
    with pytest.raises(InputError, match="2 or 3"):
        ampacity(4.0, "B1", 4)
    with pytest.raises(InputError, match="up to 60 °C"):
        ambient_factor(np.array([30.0, 61.0]))
    with pytest.raises(InputError, match="ends at 20 circuits"):
        grouping_factor(np.array([1, 21]))
    with pytest.raises(InputError):
        grouping_factor(True)
    with pytest.raises(InputError):
        voltage_drop(10.0, "20 V", 4.0, 1)
    with pytest.raises(InputError):
        voltage_drop(10.0, 20.0, 4.0, 2)
    with pytest.raises(InputError):
        voltage_drop([10.0, float("nan")], 20.0, 4.0, 1)


def test_supply_voltage_must_belong_to_the_supply():
    with pytest.raises(InputError, match="line-to-line"):
        check_engineering(size(18000, 380), SiteConditions.from_inputs(supply_voltage="220V"))


# ================================================================= properties

METHODS = st.sampled_from(sorted(DATA.methods))
LOADED = st.sampled_from([2, 3])
AMBIENTS = st.floats(-20.0, DATA.temperatures[-1], allow_nan=False)
GROUPS = st.integers(1, DATA.circuits[-1])


@given(METHODS, LOADED, AMBIENTS, GROUPS)
def test_more_copper_never_lowers_iz(method, loaded, ambient, grouping):
    iz = ampacity(np.array(DATA.cross_sections), method, loaded, ambient, grouping)
    assert np.all(np.isfinite(iz)) and np.all(iz > 0)
    assert np.all(np.diff(iz) >= 0)


@given(
    st.floats(0.0, 200.0),
    st.floats(0.0, 500.0),
    st.sampled_from(DATA.cross_sections),
    st.sampled_from(DATA.cross_sections),
    st.sampled_from([1, 3]),
)
def test_more_copper_never_raises_the_drop(current, length, s1, s2, phases):
    small, large = sorted((s1, s2))
    assert voltage_drop(current, length, large, phases) <= voltage_drop(
        current, length, small, phases
    )


@given(METHODS, LOADED, st.sampled_from(DATA.cross_sections), AMBIENTS, AMBIENTS, GROUPS)
def test_hotter_never_raises_iz(method, loaded, section, t1, t2, grouping):
    cool, hot = sorted((t1, t2))
    assert ampacity(section, method, loaded, hot, grouping) <= ampacity(
        section, method, loaded, cool, grouping
    )


@given(GROUPS, GROUPS)
def test_more_circuits_never_raise_the_factor(n1, n2):
    few, many = sorted((n1, n2))
    assert grouping_factor(many) <= grouping_factor(few)


@given(
    st.floats(0.0, 200.0),
    st.floats(0.0, 500.0),
    st.floats(0.0, 500.0),
    st.sampled_from(DATA.cross_sections),
    st.sampled_from([1, 3]),
)
def test_longer_never_lowers_the_drop(current, l1, l2, section, phases):
    short, long = sorted((l1, l2))
    assert voltage_drop(current, long, section, phases) >= voltage_drop(
        current, short, section, phases
    )


@st.composite
def sites(draw):
    row = draw(st.sampled_from(TABLE.rows))
    supply = row.supply
    fraction = draw(st.floats(0.3, 1.0))
    power = max(TABLE.powers_of(supply)[0] * 0.5, row.power * fraction)
    sizing = size(power, supply.voltage)
    supply_voltage = draw(
        st.one_of(st.none(), st.floats(0.85, 1.12).map(lambda f: f * supply.voltage))
    )
    conditions = SiteConditions(
        length=draw(st.one_of(st.none(), st.floats(0.0, 150.0))),
        method=draw(st.one_of(st.none(), METHODS)),
        ambient=draw(st.one_of(st.none(), AMBIENTS)),
        grouping=draw(st.one_of(st.none(), GROUPS)),
        supply_voltage=supply_voltage,
        max_drop=draw(st.one_of(st.none(), st.floats(1.0, 10.0))),
        worst_case_voltage=draw(st.booleans()),
    )
    return sizing, conditions


@settings(max_examples=300, deadline=None)
@given(sites())
def test_the_recommendation_passes_every_check_it_reports(site):
    sizing, conditions = site
    r = check_engineering(sizing, conditions)
    rec = r.recommendation
    assert all(c.status != FAIL for c in rec.checks)
    assert all(c.rule.startswith("ENG-") and c.basis == "calculation" for c in r.checks)
    # never smaller than the table's
    row = sizing.row
    assert rec.wire is None or rec.wire >= row.wire
    assert rec.electronic_meter is None or rec.electronic_meter.max >= row.electronic_meter.max
    assert rec.mechanical_meter is None or rec.mechanical_meter.max >= row.mechanical_meter.max
    # the verdict is the checks, and an ok verdict recommends the table's answer unchanged
    assert (r.verdict == "insufficient") == any(c.status == FAIL for c in r.checks)
    if r.verdict == "ok":
        assert not rec.steps
        assert rec.wire == row.wire and rec.breaker.rating == row.breaker.rating
    else:
        assert rec.steps
    # every change names a check code; every figure is finite
    assert all(s.criterion.startswith("ENG-") for s in rec.steps)
    for value in (r.ampacity, r.voltage_drop, r.voltage_drop_percent, r.terminal_voltage):
        assert math.isfinite(value)
    json.dumps(r.to_dict())


@settings(max_examples=50, deadline=None)
@given(sites())
def test_the_recommendation_is_the_first_wire_that_works(site):
    # Re-run the issue's algorithm from the public functions on the size below.
    sizing, conditions = site
    r = check_engineering(sizing, conditions)
    rec = r.recommendation
    assume(rec.wire is not None and rec.wire != sizing.row.wire)
    below = max(s for s in DATA.wire_sizes if s < rec.wire)
    iz = ampacity(below, conditions.method, r.loaded_conductors, conditions.ambient)
    iz *= grouping_factor(conditions.grouping)
    fits = [
        rating
        for rating in DATA.breaker_ratings
        if all(c.status == PASS for c in coordination(r.design_current, rating, iz))
    ]
    if fits:  # then it must have been the drop or the voltage at the heater
        assert any(s.before == below and s.criterion != "ENG-IN-IZ" for s in rec.steps)


# ================================================================ the data files


def _mutate(text: str, key: str, change, occurrence: int = 0) -> str:
    """Rewrite the ``occurrence``-th list ``key = [...]`` of a TOML text."""
    matches = list(re.finditer(rf"(?m)^{re.escape(key)} = \[([^\]]*)\]", text))
    match = matches[occurrence]
    items = [x.strip() for x in match.group(1).split(",")]
    return text[: match.start(1)] + ", ".join(change(items)) + text[match.end(1) :]


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _text(name: str) -> str:
    return (data_dir() / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "key", "change", "column", "reason"),
    [
        (CAPACITY_FILE, "two_loaded", lambda xs: xs[::-1], "methods.", "must not decrease"),
        (CAPACITY_FILE, "three_loaded", lambda xs: ["-1", *xs[1:]], "methods.", "above zero"),
        (CAPACITY_FILE, "two_loaded", lambda xs: xs[:-1], "methods.", "has 6 entries"),
        (CAPACITY_FILE, "cross_sections", lambda xs: xs[::-1], "cross_sections", "increase"),
        (AMBIENT_FILE, "pvc", lambda xs: xs[::-1], "pvc", "must not increase"),
        (AMBIENT_FILE, "pvc", lambda xs: xs[:-1], "pvc", "entries"),
        (AMBIENT_FILE, "temperatures", lambda xs: ['"x"', *xs[1:]], "temperatures", "number"),
        (
            GROUPING_FILE,
            "bunched",
            lambda xs: [xs[0], xs[2], xs[1], *xs[3:]],
            "bunched",
            "increase",
        ),
        (GROUPING_FILE, "circuits", lambda xs: [xs[0], "2.5", *xs[2:]], "circuits", "whole"),
        (RATINGS_FILE, "ratings", lambda xs: xs[::-1], "breaker.ratings", "increase"),
        (RATINGS_FILE, "cross_sections", lambda xs: [*xs, "35"], "wire.cross_sections", "capacity"),
    ],
)
def test_a_bad_data_file_raises_table_error(tmp_path, file, key, change, column, reason):
    path = _write(tmp_path, file, _mutate(_text(file), key, change))
    kind = {
        CAPACITY_FILE: "capacity",
        AMBIENT_FILE: "ambient",
        GROUPING_FILE: "grouping",
        RATINGS_FILE: "ratings",
    }[file]
    with pytest.raises(TableError) as exc:
        ReferenceData.load(**{kind: path})
    assert str(path) in str(exc.value)
    assert exc.value.column.startswith(column)
    assert reason in exc.value.reason


def test_swapped_capacity_columns_are_caught(tmp_path):
    text = _text(CAPACITY_FILE)
    two = re.search(r"(?m)^two_loaded = (\[.*\])", text).group(1)
    three = re.search(r"(?m)^three_loaded = (\[.*\])", text).group(1)
    swapped = text.replace(f"two_loaded = {two}", "@@", 1)
    swapped = swapped.replace(f"three_loaded = {three}", f"three_loaded = {two}", 1)
    swapped = swapped.replace("@@", f"two_loaded = {three}", 1)
    with pytest.raises(TableError, match="look swapped"):
        ReferenceData.load(capacity=_write(tmp_path, CAPACITY_FILE, swapped))


def test_bad_meter_and_units_raise_table_error(tmp_path):
    ratings = _text(RATINGS_FILE).replace("basic = 1.5\nmax = 6", "basic = 6\nmax = 6", 1)
    with pytest.raises(TableError) as exc:
        ReferenceData.load(ratings=_write(tmp_path, RATINGS_FILE, ratings))
    assert exc.value.row == 1 and exc.value.column == "meter.ratings"
    capacity = _text(CAPACITY_FILE).replace('current = "A"', 'current = "V"')
    with pytest.raises(TableError, match=r"units\.current"):
        ReferenceData.load(capacity=_write(tmp_path, CAPACITY_FILE, capacity))
    ambient = _text(AMBIENT_FILE).replace('temperature = "degC"', 'temperature = "degF"')
    with pytest.raises(TableError, match=r"units\.temperature"):
        ReferenceData.load(ambient=_write(tmp_path, AMBIENT_FILE, ambient))
    with pytest.raises(TableError, match="cannot read"):
        ReferenceData.load(grouping=tmp_path / "missing.toml")


def test_transformer_meters_are_never_recommended(tmp_path):
    # A three-phase 3000 W row (Ib = 3000 / (√3 × 380) = 4.56 A) with a 3×1(2) A meter:
    # the 3×1.5(6) A meter carries 6 A but is transformer-operated, so the smallest
    # direct-connected three-phase meter with Imax ≥ 4.56 A, 3×5(20)A, is recommended.
    text = (data_dir() / "ot-h3002_ch5_circuit_conditions.toml").read_text(encoding="utf-8")
    text = text.replace("power = 12000", "power = 3000", 1)
    text = text.replace(
        "electronic_meter = { basic = 5, max = 30, phases = 3 }\n"
        "mechanical_meter = { basic = 5, max = 30, phases = 3 }",
        "electronic_meter = { basic = 1, max = 2, phases = 3 }\n"
        "mechanical_meter = { basic = 1, max = 2, phases = 3 }",
        1,
    )
    table = _write(tmp_path, "table.toml", text)
    r = check_engineering(size(3000, 380, table=table))
    assert r.recommendation.electronic_meter.marking == "3×5(20)A"
    assert r.recommendation.steps[-1].criterion == "ENG-METER-MECHANICAL"


# ====================================================================== JSON


def test_json_has_the_keys_of_the_issue():
    site = SiteConditions.from_inputs(length="20m", ambient="35degC")
    d = json.loads(json.dumps(check_engineering(size(8500), site).to_dict()))
    assert d["ampacity"]["unit"] == "A" and d["ampacity"]["value"] == pytest.approx(38.54)
    assert d["voltage_drop"]["unit"] == "V"
    assert d["voltage_drop"]["percent"]["unit"] == "%"
    assert d["terminal_voltage"]["unit"] == "V"
    assert d["verdict"] == "insufficient"
    for check in d["checks"]:
        assert {"code", "status", "required", "actual"} <= set(check)
        assert check["status"] in ("pass", "fail", "not_checked")
    assert d["recommended"]["wire"] == {"value": 10.0, "unit": "mm²"}
    assert d["recommended"]["breaker"]["rating"] == {"value": 40.0, "unit": "A"}
    assert d["recommended"]["meter"]["max"] == {"value": 40.0, "unit": "A"}
    assert d["recommended"]["changes"][0]["criterion"] == "ENG-IN-IZ"
    assert set(d["defaults_used"]) == {"method", "grouping", "max_drop", "supply_voltage"}
    assert {s["file"] for s in d["sources"]} == {
        CAPACITY_FILE,
        AMBIENT_FILE,
        GROUPING_FILE,
        RATINGS_FILE,
    }
    assert all({"en", "zh"} == set(line) for line in d["working"])


# ======================================================================== CLI


def test_cli_shows_table_answer_verdict_and_working(run):
    result = run(
        "size", "--power", "8500", "--length", "20m", "--method", "B1", "--ambient", "35degC"
    )
    assert result.exit_code == 0  # whatever the verdict
    out = result.stdout
    assert "6 mm² copper" in out  # the table answer stays
    assert "INSUFFICIENT" in out and "ENG-IN-IZ" in out
    assert "10 mm² copper, 40 A 2-pole air switch" in out
    assert "41 A × 0.94 × 1 = 38.54 A" in out
    assert "Defaults used   grouping 1, drop limit 5 %" in out
    assert result.stderr == ""


def test_cli_lists_the_defaults_when_no_conditions_are_given(run):
    out = run("size", "--power", "5500").stdout
    assert "Engineering cross-check" in out
    assert "length 0 m, method B1, ambient 30 °C, grouping 1, drop limit 5 %" in out
    assert "not checked: ENG-DROP, ENG-TERMINAL-VOLTAGE" in out


def test_cli_all_engineering_options_and_json(run):
    result = run(
        "size",
        "--power",
        "18kW",
        "--voltage",
        "380V",
        "--length",
        "25m",
        "--method",
        "c",
        "--ambient",
        "40 °C",
        "--grouping",
        "2",
        "--supply-voltage",
        "370V",
        "--max-drop",
        "4%",
        "--worst-case-voltage",
        "--json",
    )
    assert result.exit_code == 0
    d = json.loads(result.stdout)
    assert d["wire"] == {"value": 4.0, "unit": "mm²"}  # the table answer, unchanged
    e = d["engineering"]
    for key in ("ampacity", "voltage_drop", "terminal_voltage", "checks", "verdict"):
        assert key in e
    assert e["conditions"]["method"] == "C"
    assert e["conditions"]["ambient"] == {"value": 40.0, "unit": "°C"}
    assert e["conditions"]["grouping"] == 2
    assert e["conditions"]["supply_voltage"] == {"value": 370.0, "unit": "V"}
    assert e["conditions"]["max_drop"] == {"value": 4.0, "unit": "%"}
    assert e["conditions"]["worst_case_voltage"] is True
    assert e["defaults_used"] == {}
    assert e["recommended"]["wire"]["unit"] == "mm²"
    assert e["recommended"]["breaker"]["rating"]["unit"] == "A"
    assert e["recommended"]["meter"]["max"]["unit"] == "A"


def test_cli_chinese(run):
    out = run("size", "--power", "2500", "--lang", "zh").stdout
    for fragment in (
        "工程校核",
        "采用的默认值",
        "结论",
        "校核项",
        "建议",
        "计算过程",
        "16A 二极空气开关",
    ):
        assert fragment in out


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--method", "Z9"], "not a reference method"),
        (["--ambient", "70degC"], "up to 60 °C"),
        (["--ambient", "35"], "give a unit"),
        (["--grouping", "25"], "ends at 20 circuits"),
        (["--grouping", "0"], "grouping"),
        (["--length", "20V"], "that is a voltage"),
        (["--max-drop", "5 m"], "max-drop"),
    ],
)
def test_cli_bad_engineering_options_exit_2(run, args, fragment):
    result = run("size", "--power", "5500", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr


def test_size_with_engineering_loads_neither_numpy_nor_pint(tmp_path):
    code = (
        "import sys;"
        "from sitesurvey.cli import main;"
        "main(['size', '--power', '8500', '--length', '20m', '--ambient', '35degC'],"
        " standalone_mode=False);"
        "print(sorted({'numpy', 'pint', 'weasyprint'} & set(sys.modules)))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip().splitlines()[-1] == "[]"


# ==================================================================== E-MAIN


def test_main_switch_fails_below_total_current():
    # (8500 + 1000 + 500) W / 220 V = 10000 / 220 = 45.45 A > 40 A
    r = main_switch_check(40.0, 8500.0, [1000.0, 500.0], 220.0, 1)
    assert r.rule == "E-MAIN"
    assert r.status == FAIL
    assert r.required.low == pytest.approx(45.4545, abs=1e-4)
    assert r.measured.value == 40.0
    assert "equal to" in r.message and "at least" in r.message
    assert "10000 W" in r.message
    assert "等于" in r.source


def test_main_switch_passes_at_or_above_total_current():
    # exactly equal: 11000 W / 220 V = 50 A, a 50 A switch is enough ("at least")
    assert main_switch_check(50.0, 8500.0, [2500.0]).status == PASS
    assert main_switch_check(63.0, 8500.0, []).status == PASS


def test_main_switch_three_phase_balanced():
    # 18000 W / (√3 · 380 V) = 27.35 A
    r = main_switch_check(25.0, 18000.0, [], voltage=380.0, phases=3)
    assert r.status == FAIL
    assert r.required.low == pytest.approx(27.348, abs=1e-3)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((0.0, 8500.0, []), "main_switch_rating"),
        ((40.0, -1.0, []), "heater_power"),
        ((40.0, 8500.0, [float("nan")]), "appliance_powers[0]"),
        ((40.0, 8500.0, "1000"), "appliance_powers"),
        ((40.0, 8500.0, [], 0.0), "voltage"),
        ((40.0, 8500.0, [], 220.0, 2), "phases"),
    ],
)
def test_main_switch_bad_input(args, field):
    with pytest.raises(InputError) as exc:
        main_switch_check(*args)
    assert exc.value.field == field


@pytest.mark.parametrize("number", ["9" * 400, "1e400"])
def test_number_too_large_for_a_float_is_a_table_error(tmp_path, number):
    text = _text(CAPACITY_FILE).replace("cross_sections = [1.5,", f"cross_sections = [{number},")
    with pytest.raises(TableError, match="expected a finite number above zero") as exc:
        ReferenceData.load(capacity=_write(tmp_path, CAPACITY_FILE, text))
    assert "write the figure" in str(exc.value) and len(str(exc.value)) < 400


def test_data_file_that_is_a_device_is_refused():
    with pytest.raises(TableError, match="character device"):
        ReferenceData.load(grouping="/dev/zero")


def test_crafted_cache_entry_is_not_blamed_on_the_data_file(tmp_path, monkeypatch):
    import marshal

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = _write(tmp_path, CAPACITY_FILE, _text(CAPACITY_FILE))
    expected = ReferenceData.load(capacity=path)
    (entry,) = (tmp_path / "cache" / "sitesurvey").glob("iec60364-5-52_current*.marshal")
    version, sha256, _, payload = marshal.loads(entry.read_bytes())
    content = marshal.loads(payload)
    content["cross_sections"] = [1]  # lengths no longer match
    payload = marshal.dumps(content)
    checksum = hashlib.sha256(payload).hexdigest()
    entry.write_bytes(marshal.dumps((version, sha256, checksum, payload)))
    assert ReferenceData.load(capacity=path).cross_sections == expected.cross_sections
