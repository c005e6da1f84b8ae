"""Modifications (rules/modifications.py): what must change to what, and the consent each needs."""

from __future__ import annotations

from rules_site import conforming, put, verdict_of, with_
from sitesurvey.results import NOT_APPLICABLE, WARN


def test_failing_electrical_items_become_modifications():
    data = conforming()
    put(data, "site.dedicated_line.wire", "2.5 mm2")
    put(data, "site.breaker.rating", "40 A")
    put(data, "site.meter", {"kind": "mechanical", "marking": "5(20)A"})
    put(data, "site.main_switch.rating", "25 A")
    put(data, "site.rcd", False)
    put(data, "site.earth", "absent")
    put(data, "site.water_pressure", "0.8 MPa")
    verdict = verdict_of(data)
    mods = {m.item: m for m in verdict.modifications}
    assert list(mods) == [
        "wire",
        "breaker",
        "meter",
        "main_switch",
        "rcd",
        "earth",
        "water_pressure",
    ]
    assert mods["wire"].change.startswith("dedicated-line wire 2.5 mm² → 4 mm² copper")
    assert mods["breaker"].change.startswith("air switch 40 A, 2-pole → 32 A, 2-pole")
    assert mods["meter"].change == "mechanical meter 5(20)A → 10(40)A or larger"
    assert mods["main_switch"].change.startswith("main switch 25 A → 32 A")  # 30 A → 32 A
    assert "pressure-reducing valve" in mods["water_pressure"].change
    signature = {m.item for m in verdict.modifications if m.needs_signature}
    assert signature == {"meter", "main_switch"}
    assert all(m.consent == "consent" for m in verdict.modifications if m.item not in signature)
    assert all(m.change_zh for m in verdict.modifications)
    assert verdict.failed


def test_a_warned_breaker_needs_no_modification():
    verdict = verdict_of(with_("site.breaker.rating", "25 A"))
    assert verdict.result("E-BREAKER").status == WARN
    assert verdict.modifications == () and not verdict.failed


def test_no_dedicated_line_gives_a_new_line_with_the_tables_wire_and_breaker():
    verdict = verdict_of(with_("site.dedicated_line.present", False))
    assert verdict.result("E-WIRE").status == NOT_APPLICABLE
    (mod,) = verdict.modifications
    assert mod.item == "dedicated_line" and mod.consent == "consent"
    assert "4 mm² copper, air switch 32 A, 2-pole" in mod.change


def test_low_water_pressure():
    verdict = verdict_of(with_("site.water_pressure", "0.03 MPa"))
    (mod,) = verdict.modifications
    assert "booster pump" in mod.change
