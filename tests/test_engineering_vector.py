"""The vectorised cross-check (engineering/vector.py) equals the one-by-one results."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitesurvey.engineering import SiteConditions, check_engineering, reference_data
from sitesurvey.engineering.vector import CHECK_CODES, check_many
from sitesurvey.errors import InputError
from sitesurvey.plan import build_plan
from sitesurvey.sizing import size_many
from sitesurvey.sizing.table import default_table

DATA = reference_data()
TABLE = default_table()
SUPPLIES = {s.voltage: TABLE.powers_of(s) for s in TABLE.supplies}


def _nan_to_none(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


@st.composite
def orders(draw):
    """Orders on one supply: powers across (and between) the table's rows, and conditions
    (each one given or not)."""
    voltage = draw(st.sampled_from(sorted(SUPPLIES)))
    powers = SUPPLIES[voltage]
    n = draw(st.integers(1, 12))
    power = st.one_of(
        st.sampled_from(powers), st.floats(powers[0] * 0.5, powers[-1], allow_nan=False)
    )
    maybe = st.none().__or__
    # Lengths up to the 500 m guard; ambients down to well below the table's 10 °C,
    # on and between its listed temperatures.
    length = maybe(st.one_of(st.floats(0.0, 500.0), st.sampled_from([0.0, 5.0, 20.0, 60.0])))
    ambient = maybe(
        st.one_of(st.floats(-30.0, DATA.temperatures[-1]), st.sampled_from(DATA.temperatures))
    )
    rows = draw(
        st.lists(
            st.tuples(
                power,
                length,
                maybe(st.sampled_from(sorted(DATA.methods))),
                ambient,
                maybe(st.integers(1, DATA.circuits[-1])),
                maybe(st.sampled_from(sorted(DATA.arrangements))),
            ),
            min_size=n,
            max_size=n,
        )
    )
    worst = draw(st.booleans())
    return voltage, rows, worst


@settings(max_examples=150, deadline=None)
@given(orders())
def test_check_many_equals_check_engineering_and_the_plan(case):
    voltage, rows, worst = case
    powers, lengths, methods, ambients, groupings, arrangements = zip(*rows, strict=True)
    batch = size_many(np.array(powers), voltage)
    vec = check_many(
        batch,
        lengths,
        methods,
        ambients,
        groupings,
        arrangements,
        worst_case_voltage=worst,
    )
    for i, (_, length, method, ambient, grouping, arrangement) in enumerate(rows):
        sizing = batch[i]
        conditions = SiteConditions(
            length=length,
            method=method,
            ambient=ambient,
            grouping=grouping,
            arrangement=arrangement,
            worst_case_voltage=worst,
        )
        one = check_engineering(sizing, conditions)
        plan = build_plan(None, sizing, {}, one)
        rec = one.recommendation
        assert vec.verdict[i] == one.verdict
        assert vec.failed_codes(i) == tuple(c.rule for c in one.failed)
        assert vec.design_current[i] == one.design_current
        assert vec.ampacity[i] == one.ampacity
        assert vec.voltage_drop[i] == one.voltage_drop
        assert vec.voltage_drop_percent[i] == one.voltage_drop_percent
        assert vec.terminal_voltage[i] == one.terminal_voltage
        assert _nan_to_none(vec.wire[i]) == plan.wire == rec.wire
        assert _nan_to_none(vec.breaker[i]) == plan.breaker
        assert vec.poles[i] == plan.poles
        expected_alternative = None if rec.alternative is None else rec.alternative.rating
        assert _nan_to_none(vec.alternative[i]) == expected_alternative
        line = plan.item("dedicated_line")
        if plan.wire is not None and line.departs_from_table:
            assert vec.wire_rule[i] == line.origin
        elif plan.wire is not None:
            assert vec.wire_rule[i] == ""


def test_worked_example_the_8500_w_heater_in_a_hot_wall():
    # Same as check_engineering's docstring: 6 mm² at 35 °C has Iz 38.54 A < In 40 A.
    r = check_many(size_many([8500.0]), [20.0], "B1", [35.0])
    assert r.verdict.tolist() == ["insufficient"]
    assert r.failed_codes(0) == ("ENG-IN-IZ", "ENG-I2")
    assert (r.wire[0], r.breaker[0], r.wire_rule[0]) == (10.0, 40.0, "ENG-IN-IZ")
    assert round(float(r.ampacity[0]), 2) == 38.54


def test_no_conditions_take_the_documented_defaults():
    batch = size_many([2500.0, 5500.0, 8500.0])
    r = check_many(batch)
    assert not r.length_given.any()
    for i in range(3):
        one = check_engineering(batch[i])
        assert r.verdict[i] == one.verdict
        assert r.ampacity[i] == one.ampacity


def test_a_condition_out_of_range_names_the_order():
    batch = size_many([2500.0, 5500.0])
    with pytest.raises(InputError, match="ambient"):
        check_many(batch, ambient=[30.0, 75.0])
    with pytest.raises(InputError, match="grouping"):
        check_many(batch, grouping=[1, 0])
    with pytest.raises(InputError, match=r"length\[1\]"):
        check_many(batch, length=[1.0, -2.0])
    with pytest.raises(InputError, match="one value per order"):
        check_many(batch, method=["B1"])


def test_the_check_codes_are_check_engineerings():
    one = check_engineering(size_many([5500.0])[0])
    assert tuple(c.rule for c in one.checks) == CHECK_CODES


def test_an_empty_batch_gives_empty_arrays():
    empty = size_many(np.array([], dtype=float))
    r = check_many(empty)
    assert r.wire.shape == (0,) and r.failed.shape == (0, len(CHECK_CODES))
