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
from sitesurvey.engineering.protection import choose_breaker
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


def test_choose_breaker_takes_the_smallest_coordinated_standard_rating():
    # In 32 A < Ib 33 A fails ENG-IB-IN; of the standard ratings 40 A is the first with
    # 33 ≤ In ≤ 41 A (and I2 = 1.45 × 40 = 58 ≤ 1.45 × 41)
    rating, why = choose_breaker(33.0, 32.0, 41.0)
    assert rating == 40.0
    assert why.rule == "ENG-IB-IN" and why.status == FAIL


def test_choose_breaker_gives_none_when_no_rating_fits_between_ib_and_iz():
    # no standard rating lies in 38.64 A ≤ In ≤ 38.54 A
    rating, why = choose_breaker(38.64, 40.0, 38.54)
    assert rating is None
    assert why.rule == "ENG-IN-IZ"


@settings(max_examples=200, deadline=None)
@given(
    st.floats(0.5, 100.0),
    st.sampled_from(DATA.breaker_ratings),
    st.floats(0.5, 150.0),
)
def test_choose_breaker_is_coordinated_and_minimal(ib, table_in, iz):
    rating, why = choose_breaker(ib, table_in, iz)
    ok = [r for r in DATA.breaker_ratings if all(c.status == PASS for c in coordination(ib, r, iz))]
    if why is None:
        assert rating == table_in and table_in in ok
    elif ok:
        assert rating == ok[0]
    else:
        assert rating is None


def test_the_plan_has_no_breaker_choice_of_its_own():
    """sitesurvey.plan takes the breaker of a new line from the recommendation (which asks
    protection.choose_breaker); it has no choice of its own."""
    from sitesurvey import plan as plan_module
    from sitesurvey.plan import build_plan

    sizing = size(8500)
    eng = check_engineering(sizing, SiteConditions(length=20.0, ambient=35.0))
    assert "choose_breaker" not in vars(plan_module)
    assert build_plan(None, sizing, {}, eng).breaker == eng.recommendation.breaker.rating
