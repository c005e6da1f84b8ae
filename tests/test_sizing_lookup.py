"""Sizing from the spec table (sizing/lookup.py): every cell, between rows, notes, size_many."""

from __future__ import annotations

import math

import numpy as np
import pint
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitesurvey import size, size_many
from sitesurvey.bands import FAR_BELOW
from sitesurvey.errors import InputError, OutOfRangeError
from sitesurvey.sizing.lookup import rated_current
from sitesurvey.sizing.table import default_table

TABLE = default_table()
OWN = pint.UnitRegistry()  # a caller's own registry, not the package's


def rows_of(voltage: float):
    return [r for r in TABLE.rows if r.supply.voltage == voltage]


# ---------------------------------------------------------------- published cells


def test_every_table_cell_reads_back_through_size(raw_table):
    """Each row of the file (read as plain TOML) is the answer of size() at its power."""
    for raw in raw_table["rows"]:
        result = size(raw["power"], raw["supply"])
        assert result.row.power == raw["power"]
        assert result.supply.voltage == raw["supply"]
        assert result.wire == raw["wire"]
        for kind in ("electronic", "mechanical"):
            meter = getattr(result, f"{kind}_meter")
            assert meter.basic == raw[f"{kind}_meter"]["basic"]
            assert meter.max == raw[f"{kind}_meter"]["max"]
            assert meter.phases == raw[f"{kind}_meter"]["phases"]
        assert result.breaker.rating == raw["breaker"]["rating"]
        assert result.breaker.poles == raw["breaker"]["poles"]
        assert result.water_pressure.min == raw["water_pressure"]["min"]
        assert result.water_pressure.max == raw["water_pressure"]["max"]
        assert result.row.assumed == raw.get("assumed", False)


def test_5500_w_answer_as_the_spec_reads_it():
    # spec §1: 4500/5500/6500 share one cell: 4 mm², 10(40)A both meters, 32 A 2-pole.
    r = size(5500)
    assert (r.wire, r.breaker.rating, r.breaker.poles) == (4.0, 32.0, 2)
    assert r.electronic_meter.marking == r.mechanical_meter.marking == "10(40)A"
    assert r.design_current == pytest.approx(25.0)  # 5500 / 220
    assert r.design_current_max_voltage == pytest.approx(27.5)  # 25 × 242 / 220


def test_8500_w_draws_42_5_a_at_242_v():
    r = size(8500)
    assert r.design_current == pytest.approx(8500 / 220)
    assert r.design_current_max_voltage == pytest.approx(42.5)
    codes = {n.code for n in r.notes}
    assert "TABLE-BREAKER-BELOW-IB-MAX" in codes  # 42.5 A > 40 A at 242 V


def test_18000_w_breaker_below_design_current_is_reported_not_fixed():
    r = size(18000, 380)
    assert r.design_current == pytest.approx(18000 / (math.sqrt(3) * 380))  # 27.3 A
    assert r.breaker.rating == 25.0  # the table answer stays the answer
    note = next(n for n in r.notes if n.code == "TABLE-BREAKER-BELOW-IB")
    assert "25 A" in note.message and "27.3 A" in note.message
    assert "25A" in note.message_zh


def test_assumed_row_says_so():
    r = size(11000, 380)
    assert r.row.power == 12000.0 and r.row.assumed
    assert "ROW-ASSUMED" in {n.code for n in r.notes}


def test_nominal_row_has_no_row_notes():
    assert size(5500).notes == ()


# ---------------------------------------------------------------- between rows


def test_between_rows_takes_next_row_up():
    r = size(5000)
    assert r.row.power == 5500.0
    assert [n.code for n in r.notes] == ["ROW-NEXT-UP"]
    assert size(2501).row.power == 3500.0


def test_below_first_row_takes_first_row():
    r = size(1500)
    assert r.row.power == 2500.0
    assert "ROW-BELOW-FIRST" in {n.code for n in r.notes}
    assert size(1250).row.power == 2500.0  # half the first row is still the first row


def test_above_last_row_single_phase_points_to_three_phase():
    with pytest.raises(OutOfRangeError) as info:
        size(8501)
    message = str(info.value)
    assert "8500 W" in message and "380" in message


def test_above_last_row_three_phase():
    with pytest.raises(OutOfRangeError, match="18000 W"):
        size(18001, 380)


def _supply_power_pairs():
    for voltage in (220.0, 380.0):
        powers = [r.power for r in rows_of(voltage)]
        lows = [powers[0] * FAR_BELOW, *powers[:-1]]
        for k, (low, high) in enumerate(zip(lows, powers, strict=True)):
            yield voltage, k, low, high


@pytest.mark.parametrize(("voltage", "k", "low", "high"), list(_supply_power_pairs()))
@settings(max_examples=40, deadline=None)
@given(fraction=st.floats(min_value=0, max_value=1, exclude_min=True))
def test_any_power_in_the_interval_gives_row_k(voltage, k, low, high, fraction):
    power = low + (high - low) * fraction
    if power <= low:  # float rounding at the left end
        return
    assert size(power, voltage).row is rows_of(voltage)[k]


@settings(deadline=None)
@given(
    st.sampled_from([220.0, 380.0]),
    st.floats(min_value=100, max_value=18000),
    st.floats(min_value=100, max_value=18000),
)
def test_outputs_never_decrease_as_power_rises(voltage, p1, p2):
    low, high = sorted((p1, p2))
    top = rows_of(voltage)[-1].power
    if high > top or low < rows_of(voltage)[0].power * FAR_BELOW:
        return
    a, b = size(low, voltage), size(high, voltage)
    assert a.wire <= b.wire
    assert a.breaker.rating <= b.breaker.rating
    assert a.electronic_meter.max <= b.electronic_meter.max
    assert a.mechanical_meter.max <= b.mechanical_meter.max
    assert a.design_current <= b.design_current


@settings(deadline=None)
@given(st.integers(min_value=1250, max_value=8500))
def test_unit_spellings_of_the_same_power_give_the_same_answer(watts):
    reference = size(watts)
    own = OWN
    for spelling in (
        f"{watts} W",
        f"{watts}W",
        f"{watts} w",
        str(watts),
        float(watts),
        own.Quantity(watts, "W"),
        f"{watts / 1000!r} kW",
        own.Quantity(watts / 1000, "kW"),
    ):
        result = size(spelling)
        assert result.row is reference.row
        assert result.power == pytest.approx(watts, rel=1e-12)


# ---------------------------------------------------------------- voltage


def test_voltage_inside_normal_range_is_sized_on_that_supply():
    r = size(5500, "230 V")
    assert r.supply.voltage == 220.0 and r.voltage == 230.0
    # issue 10: a heater rated 5500 W at 230 V is R = 230² / 5500 = 9.618 Ω; on the
    # 220 V supply it draws 220 / 9.618 = 22.87 A (not 5500 / 220 = 25 A)
    assert r.design_current == pytest.approx(220 / (230**2 / 5500))
    assert r.design_current_max_voltage == pytest.approx(242 / (230**2 / 5500))
    assert "VOLTAGE-NOT-NOMINAL" in {n.code for n in r.notes}
    assert size(12000, "400V").supply.voltage == 380.0


@pytest.mark.parametrize("voltage", [100, "110 V", 300, "500V", "197.9 V"])
def test_voltage_of_no_supply_lists_the_supplies(voltage):
    with pytest.raises(OutOfRangeError) as info:
        size(5500, voltage)
    assert "220 V (198-242 V)" in str(info.value) and "380 V (342-418 V)" in str(info.value)


@pytest.mark.parametrize("voltage", ["198 V", "242 V"])
def test_normal_range_is_inclusive(voltage):
    assert size(5500, voltage).supply.voltage == 220.0


@pytest.mark.parametrize(
    ("power", "voltage", "field"),
    [
        ("220 V", 220, "power"),
        (5.5, 220, "power"),
        ("5,5 kW", 220, "power"),
        (float("nan"), 220, "power"),
        (0, 220, "power"),
        (-1, 220, "power"),
        (float("inf"), 220, "power"),
        ("five", 220, "power"),
        (5500, "5500 W", "voltage"),
        (5500, float("nan"), "voltage"),
        (5500, 0.0, "voltage"),
        (5500, -220.0, "voltage"),
    ],
)
def test_bad_input_is_an_input_error_naming_the_field(power, voltage, field):
    with pytest.raises(InputError) as info:
        size(power, voltage)
    assert info.value.field == field


def test_result_is_immutable_and_gives_quantities():
    r = size(5500)
    with pytest.raises(AttributeError):
        r.power = 1.0  # type: ignore[misc]
    assert r.quantity("wire").m_as("mm**2") == 4.0
    assert r.quantity("design_current").m_as("A") == pytest.approx(25.0)
    with pytest.raises(KeyError):
        r.quantity("colour")


def test_to_dict_has_the_documented_keys():
    d = size(12000, 380).to_dict()
    assert d["row"]["power"] == {"value": 12000.0, "unit": "W"}
    assert d["row"]["assumed"] is True
    assert d["supply"]["voltage"] == {"value": 380.0, "unit": "V"}
    assert d["supply"]["phases"] == 3
    assert d["wire"] == {"value": 2.5, "unit": "mm²"}
    for kind in ("electronic", "mechanical"):
        assert set(d["meter"][kind]) >= {"basic", "max", "marking"}
    assert d["meter"]["electronic"]["marking"] == "3×5(30)A"
    assert d["breaker"] == {"rating": {"value": 25.0, "unit": "A"}, "poles": 4}
    assert d["water_pressure"]["min"] == {"value": 0.05, "unit": "MPa"}
    assert d["design_current"]["unit"] == "A"
    assert d["design_current_max_voltage"]["unit"] == "A"
    assert all(set(n) >= {"code", "message"} for n in d["notes"])
    assert d["table"]["sha256"] == TABLE.sha256


def test_own_table_file(table_path, tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        table_path.read_text(encoding="utf-8").replace("wire = 1.5", "wire = 2.5"),
        encoding="utf-8",
    )
    r = size(2500, table=path)
    assert r.wire == 2.5
    assert r.table.path == "mine.toml"  # the name only: results never hold a folder
    assert r.table.sha256 != TABLE.sha256


# ---------------------------------------------------------------- size_many


@settings(deadline=None)
@given(
    st.sampled_from([220.0, 380.0]),
    st.lists(st.floats(min_value=100, max_value=18000), min_size=1, max_size=30),
)
def test_size_many_equals_size_one_by_one(voltage, powers):
    top = rows_of(voltage)[-1].power
    floor = rows_of(voltage)[0].power * FAR_BELOW
    powers = [p for p in powers if floor <= p <= top] or [top]
    batch = size_many(np.array(powers), voltage)
    assert len(batch) == len(powers)
    for i, p in enumerate(powers):
        one = size(p, voltage)
        assert batch[i] == one
        assert batch.wire[i] == one.wire
        assert batch.breaker_rating[i] == one.breaker.rating
        assert batch.design_current[i] == one.design_current
        assert batch.design_current_max_voltage[i] == one.design_current_max_voltage


def test_size_many_accepts_a_quantity_array():
    batch = size_many(OWN.Quantity(np.array([2.5, 5.5]), "kW"))
    assert batch.row_power.tolist() == [2500.0, 5500.0]


def test_size_many_names_bad_indices():
    with pytest.raises(InputError) as info:
        size_many(np.array([5500, np.nan, 2500, 5.5, -1]))
    assert "powers[1, 3, 4]" in str(info.value)
    with pytest.raises(OutOfRangeError) as info:
        size_many(np.array([5500, 9000, 2500, 10000]))
    assert "powers[1, 3]" in str(info.value)
    with pytest.raises(InputError):
        size_many(["5.5 kW"])
    with pytest.raises(InputError):
        size_many(np.ones((2, 2)) * 5000)


# ------------------------------------------------- powers far below the table (issue 10)


@pytest.mark.parametrize(
    ("power", "voltage", "meant"),
    [(1800, "380 V", "18000 W"), (550, "220 V", "5500 W"), (1200, 380, "12000 W")],
)
def test_a_power_far_below_the_rows_is_a_slip_with_a_did_you_mean(power, voltage, meant):
    with pytest.raises(InputError, match=f"did you mean {meant}"):
        size(power, voltage)
    with pytest.raises(InputError, match=f"did you mean {meant}"):
        size_many(
            np.array([5500.0 if voltage != 380 and "380" not in str(voltage) else 15000.0, power]),
            voltage,
        )


def test_between_half_and_the_first_row_takes_the_first_row_with_a_note():
    result = size(1300)
    assert result.row.power == 2500
    assert [n.code for n in result.notes][:1] == ["ROW-BELOW-FIRST"]


@settings(deadline=None)
@given(st.sampled_from([220.0, 380.0]), st.floats(min_value=100, max_value=18000))
def test_below_half_the_first_row_is_always_refused(voltage, power):
    floor = rows_of(voltage)[0].power * FAR_BELOW
    if power >= floor:
        return
    with pytest.raises(InputError, match="the smallest row"):
        size(power, voltage)


def test_note_chinese_comes_from_the_catalog():
    (note,) = size(5000).notes
    assert note.code == "ROW-NEXT-UP"
    assert note.message == (
        "5000 W lies between the 4500 W and 5500 W rows; the next row up (5500 W) is used, "
        "never the one below."
    )
    assert note.message_zh == "5000W 介于 4500W 与 5500W 两行之间，取上一档（5500W），不取下一档。"
    assert tuple(note) == (note.code, note.message, note.message_zh)


@pytest.mark.parametrize(
    ("power", "rated", "supply", "phases"),
    [(5500, 230, 220, 1), (5500, 210, 220, 1), (18000, 400, 380, 3), (8500, 220, 220, 1)],
)
def test_rated_current_is_u_over_r(power, rated, supply, phases):
    # spec §3: R = U_rated² / P; I = U / R (per phase: U / (√3 · R) on three-phase)
    r = rated**2 / power
    expected = supply / r / (math.sqrt(3) if phases == 3 else 1)
    assert rated_current(power, rated, supply, phases) == pytest.approx(expected)
    assert size(power, f"{rated} V").design_current == pytest.approx(expected)


def test_a_single_phase_power_on_the_three_phase_rows_names_the_voltage():
    """Found by a newcomer: 5500 W with --voltage 380 only said 'below 6000 W'."""
    with pytest.raises(InputError, match=r"on the 220 V rows: check the heater's rated voltage"):
        size(5500, 380)
