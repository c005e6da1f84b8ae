"""Coordination, the one breaker choice and E-MAIN (engineering/protection.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitesurvey import size
from sitesurvey.engineering import (
    SiteConditions,
    check_engineering,
    coordination,
    main_switch_check,
    reference_data,
)
from sitesurvey.engineering.protection import (
    alternative_breaker,
    breaker_at_least,
    choose_breaker,
    phase_currents,
)
from sitesurvey.errors import InputError
from sitesurvey.results import FAIL, PASS

DATA = reference_data()


def test_coordination_boundaries_are_inclusive():
    assert [c.status for c in coordination(32.0, 32.0, 32.0)] == [PASS, PASS, PASS]
    checks = coordination(10.0, 16.0, 17.5)
    assert [c.rule for c in checks] == ["ENG-IB-IN", "ENG-IN-IZ", "ENG-I2"]
    assert all(c.basis == "calculation" for c in checks)


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


# ------------------------------------------------------------- the one breaker choice


def test_choose_breaker_keeps_the_table_breaker_when_it_is_coordinated():
    # Ib 38.64 A ≤ In 40 A ≤ Iz 52 A: the table's breaker stays, nothing failed
    assert choose_breaker(38.64, 40.0, 52.0) == (40.0, None)


def test_choose_breaker_goes_up_to_the_smallest_standard_rating_above_ib():
    # In 32 A < Ib 33 A fails ENG-IB-IN; 40 A is the smallest standard rating ≥ 33 A
    rating, why = choose_breaker(33.0, 32.0, 41.0)
    assert rating == 40.0
    assert why.rule == "ENG-IB-IN" and why.status == FAIL


def test_choose_breaker_never_cuts_the_makers_rating():
    # issue 10: 5500 W (Ib 25 A) on 4 mm² B1 at 35 °C (Iz 30.08 A). The maker's 32 A does
    # not protect that wire; 25 A would, but the answer is "no breaker on this wire"
    # (the wire goes up), never 25 A.
    rating, why = choose_breaker(25.0, 32.0, 30.08)
    assert rating is None
    assert why.rule == "ENG-IN-IZ"
    assert alternative_breaker(25.0, 32.0, 30.08) == 25.0


def test_choose_breaker_gives_none_when_no_rating_fits_between_ib_and_iz():
    rating, why = choose_breaker(38.64, 40.0, 38.54)
    assert rating is None
    assert why.rule == "ENG-IN-IZ"


def test_breaker_at_least_is_above_the_table_and_ib():
    assert breaker_at_least(25.0, 32.0) == 32.0  # never below the maker's
    assert breaker_at_least(27.35, 25.0) == 32.0  # 18 kW: above Ib
    assert breaker_at_least(25.0, 25.0) == 25.0
    assert breaker_at_least(70.0, 25.0) is None  # above the largest standard rating


@settings(max_examples=200, deadline=None)
@given(
    st.floats(0.5, 100.0),
    st.sampled_from(DATA.breaker_ratings),
    st.floats(0.5, 150.0),
)
def test_choose_breaker_only_goes_up_and_is_coordinated(ib, table_in, iz):
    rating, why = choose_breaker(ib, table_in, iz)
    up = [r for r in DATA.breaker_ratings if r >= max(ib, table_in)]
    if rating is None:
        assert not up or any(c.status == FAIL for c in coordination(ib, up[0], iz))
        return
    assert rating == up[0] and rating >= table_in and rating >= ib
    assert all(c.status == PASS for c in coordination(ib, rating, iz))
    assert (why is None) == (rating == table_in)
    alt = alternative_breaker(ib, rating, iz)
    assert alt is None or (
        alt < rating and all(c.status == PASS for c in coordination(ib, alt, iz))
    )


def test_the_plan_has_no_breaker_choice_of_its_own():
    """sitesurvey.plan takes the breaker of a new line from the recommendation (which asks
    protection.choose_breaker); it has no choice of its own."""
    from sitesurvey import plan as plan_module
    from sitesurvey.plan import build_plan

    sizing = size(8500)
    eng = check_engineering(sizing, SiteConditions(length=20.0, ambient=35.0))
    assert "choose_breaker" not in vars(plan_module)
    assert build_plan(None, sizing, {}, eng).breaker == eng.recommendation.breaker.rating


# ------------------------------------------------ issue 10: E-MAIN per phase


def test_e_main_on_three_phase_puts_unrecorded_appliances_on_one_phase():
    # 18 kW at 380 V: 27.35 A per phase; 7.45 kW of single-phase appliances on one phase:
    # 7450 / 219.4 = 33.96 A; that phase carries about 61.3 A; a 40 A main switch fails
    # (the balanced estimate, 38.8 A, would pass it).
    r = main_switch_check(40, 18000, [2000, 3000, 2450], voltage=380, phases=3)
    assert r.status == FAIL
    assert r.required.low == pytest.approx(61.305, abs=1e-3)
    assert "L1" in r.message and "all on one phase" in r.message
    assert main_switch_check(63, 18000, [7450], voltage=380, phases=3).status == PASS


def test_e_main_uses_the_recorded_phases_and_the_most_loaded_one():
    powers = [2000, 3000, 2450]
    r = main_switch_check(40, 18000, powers, 380, 3, appliance_phases=["L1", "L2", "L3"])
    # L2: 27.35 + 3000 / 219.39 = 41.02 A
    assert r.required.low == pytest.approx(41.022, abs=1e-3) and "L2" in r.message
    assert r.status == FAIL
    # an appliance without a phase goes on the most loaded phase (the safe side)
    r = main_switch_check(63, 18000, powers, 380, 3, appliance_phases=["L1", "L2", None])
    assert r.required.low == pytest.approx(27.348 + 5450 / (380 / 3**0.5), abs=1e-3)
    currents = phase_currents(18000, powers, 380, ["l1", "L2", "L3"])
    assert max(currents.values()) == pytest.approx(41.022, abs=1e-3)


@pytest.mark.parametrize(
    ("phases", "field"),
    [
        (["L4"], "appliance_phases[0]"),
        (["L1", "L2"], "appliance_phases"),
        ("L1", "appliance_phases"),
    ],
)
def test_e_main_refuses_bad_phases(phases, field):
    with pytest.raises(InputError) as exc:
        main_switch_check(63, 18000, [1000], 380, 3, appliance_phases=phases)
    assert exc.value.field == field
