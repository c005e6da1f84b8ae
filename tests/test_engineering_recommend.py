"""The recommendation algorithm of issue 3 (engineering/recommend.py): properties over
sampled sites and the worked cases where it upsizes or gives up.
"""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sitesurvey import size
from sitesurvey.engineering import (
    SiteConditions,
    ampacity,
    check_engineering,
    coordination,
    grouping_factor,
    reference_data,
)
from sitesurvey.results import FAIL, PASS
from sitesurvey.sizing.table import default_table

DATA = reference_data()
TABLE = default_table()


METHODS = st.sampled_from(sorted(DATA.methods))
LOADED = st.sampled_from([2, 3])
AMBIENTS = st.floats(-20.0, DATA.temperatures[-1], allow_nan=False)
GROUPS = st.integers(1, DATA.circuits[-1])


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


def test_supply_below_the_floor_cannot_be_fixed_by_wire():
    r = check_engineering(size(5500), SiteConditions.from_inputs(supply_voltage="190 V"))
    terminal = next(c for c in r.checks if c.rule == "ENG-TERMINAL-VOLTAGE")
    assert terminal.status == FAIL and "no wire size can fix" in terminal.message
    rec = r.recommendation
    assert rec.wire is None and rec.breaker is None
    assert rec.steps[0].criterion == "ENG-TERMINAL-VOLTAGE"
    assert r.to_dict()["recommended"]["wire"] is None


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
    # Re-run the algorithm from the public functions on the size below.
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
