"""Rules U-* (rules/use.py): the mixing valve, the bathtub."""

from __future__ import annotations

from rules_site import put, status, with_
from sitesurvey.results import PASS


def test_no_mixing_valve_needs_nothing():
    data = with_("usage.mixing_valve", False)
    put(data, "confirmations.U-MIXER", "not yet")
    assert status(data, "U-MIXER") == PASS
