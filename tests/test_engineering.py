"""Engineering cross-check (spec §3) and the main-switch rule E-MAIN (spec §2)."""

from __future__ import annotations

import pytest

from sitesurvey.engineering import main_switch_check
from sitesurvey.errors import InputError
from sitesurvey.results import FAIL, PASS

# ------------------------------------------------------------------------ E-MAIN


def test_main_switch_fails_below_total_current():
    # (8500 + 1000 + 500) W / 220 V = 10000 / 220 = 45.45 A > 40 A
    r = main_switch_check(40.0, 8500.0, [1000.0, 500.0], 220.0, 1)
    assert r.rule == "E-MAIN"
    assert r.status == FAIL
    assert r.required.low == pytest.approx(45.4545, abs=1e-4)
    assert r.measured.value == 40.0
    assert "equal to" in r.message and "at least" in r.message
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
