"""Voltage drop and terminal voltage (engineering/drop.py): by hand and properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitesurvey import size
from sitesurvey.engineering import (
    SiteConditions,
    check_engineering,
    reference_data,
    terminal_voltage,
    voltage_drop,
    voltage_drop_percent,
)

DATA = reference_data()


def test_three_phase_voltage_drop_is_per_line_and_line_to_line():
    # 18000 W at 380 V, 25 m of 4 mm²: u = 1 × 0.0225 × 25 × 27.35 / 4 = 3.846 V per line,
    # √3 × 3.846 = 6.661 V line-to-line; Δu = 3.846 / (380 / √3) = 1.753 %.
    r = check_engineering(size(18000, 380), SiteConditions.from_inputs(length="25m"))
    assert r.voltage_drop == pytest.approx(6.661, abs=1e-3)
    assert r.voltage_drop_percent == pytest.approx(1.753, abs=1e-3)
    assert r.terminal_voltage == pytest.approx(380 - 6.661, abs=1e-3)
    assert voltage_drop_percent(27.35, 25.0, 4.0, 380.0, 3) == pytest.approx(1.753, abs=1e-3)


def test_terminal_voltage_by_hand():
    assert terminal_voltage(215.0, 5.8) == pytest.approx(209.2)
    assert terminal_voltage(380.0, 3.846, 3) == pytest.approx(380 - math.sqrt(3) * 3.846)


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
