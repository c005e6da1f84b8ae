"""Iz and its correction factors (engineering/ampacity.py): lookups between listed values,
vector equals scalar, refusals, properties.
"""

from __future__ import annotations

import tomllib

import numpy as np
import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitesurvey import size
from sitesurvey.engineering import (
    AMBIENT_FILE,
    GROUPING_FILE,
    SiteConditions,
    ambient_factor,
    ampacity,
    check_engineering,
    grouping_factor,
    reference_data,
    terminal_voltage,
    voltage_drop,
)
from sitesurvey.errors import InputError
from sitesurvey.sizing.table import data_dir

DATA = reference_data()


def _raw(name: str) -> dict:
    """A data file read as plain TOML, independently of the loader."""
    return tomllib.loads((data_dir() / name).read_text(encoding="utf-8"))


AMBIENT = _raw(AMBIENT_FILE)
GROUPING = _raw(GROUPING_FILE)


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


def test_derating_multiplies():
    # C, three loaded, 4 mm²: 32 A × 0.94 (35 °C) × 0.80 (2 circuits) = 24.064 A.
    assert ampacity("4 mm2", "c", 3, "35 °C", 2) == pytest.approx(24.064)
    # A1 two loaded 2.5 mm² at 5 °C (10 °C factor 1.22) and 10 circuits (12-circuit 0.45):
    # 19.5 × 1.22 × 0.45 = 10.7055 A
    assert ampacity(2.5, "A1", 2, 5.0, 10) == pytest.approx(10.7055)


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


METHODS = st.sampled_from(sorted(DATA.methods))
LOADED = st.sampled_from([2, 3])
AMBIENTS = st.floats(-20.0, DATA.temperatures[-1], allow_nan=False)
GROUPS = st.integers(1, DATA.circuits[-1])


@given(METHODS, LOADED, AMBIENTS, GROUPS)
def test_more_copper_never_lowers_iz(method, loaded, ambient, grouping):
    iz = ampacity(np.array(DATA.cross_sections), method, loaded, ambient, grouping)
    assert np.all(np.isfinite(iz)) and np.all(iz > 0)
    assert np.all(np.diff(iz) >= 0)


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


# ------------------------------------------------ issue 10: grouping by arrangement


def test_grouping_factor_takes_the_row_of_the_arrangement():
    # IEC 60364-5-52 Table B.52.17: 3 circuits bunched 0.70, on a wall 0.79, on a tray 0.82
    assert grouping_factor(3) == grouping_factor(3, "bunched") == 0.70
    assert grouping_factor(3, "wall") == 0.79
    assert grouping_factor(3, "TRAY") == 0.82
    # items 2 and 4: no further reduction beyond nine circuits; 10 → the 12 entry
    assert grouping_factor(10, "wall") == grouping_factor(20, "wall") == 0.70
    assert grouping_factor([2, 9], "tray").tolist() == [0.88, 0.72]


def test_bunched_is_never_above_a_single_layer():
    # the default is the safe side: its factor is the lowest for every count
    for n in range(1, 21):
        assert grouping_factor(n) <= min(grouping_factor(n, "wall"), grouping_factor(n, "tray"))


def test_an_unknown_arrangement_names_the_rows():
    with pytest.raises(InputError) as exc:
        grouping_factor(2, "ceiling")
    assert exc.value.field == "arrangement"
    assert "bunched" in str(exc.value) and "Item 2" in str(exc.value)


def test_ampacity_takes_the_arrangement():
    # 4 mm² method C, two loaded: 36 A; two circuits on a wall: × 0.85 = 30.6 A
    assert ampacity(4.0, "C", 2, 30.0, 2, "wall") == pytest.approx(30.6)
    assert ampacity(4.0, "C", 2, 30.0, 2) == pytest.approx(28.8)  # bunched: × 0.80
