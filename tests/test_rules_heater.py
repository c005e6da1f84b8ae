"""Rules H-* (rules/heater.py): display height, shower head and alignment at, just inside and just
outside each boundary; drilling points."""

from __future__ import annotations

import pytest

from rules_site import DELETE, check_boundary, put, verdict_of, with_
from sitesurvey.results import FAIL, NOT_CHECKED, PASS, WARN

BOUNDARIES = [
    # H-HEIGHT: main user 1.75 m → eye 1.63 m ± 0.10 m
    ("H-HEIGHT", "site.heater.display_height", "1.53 m", PASS),
    ("H-HEIGHT", "site.heater.display_height", "1.73 m", PASS),
    ("H-HEIGHT", "site.heater.display_height", "1.531 m", PASS),
    ("H-HEIGHT", "site.heater.display_height", "1.529 m", FAIL),
    ("H-HEIGHT", "site.heater.display_height", "1.731 m", FAIL),
    # H-SHOWER-HEAD: 10–50 cm above the tallest head (1.75 m), warn only
    ("H-SHOWER-HEAD", "site.shower.head_height", "1.85 m", PASS),
    ("H-SHOWER-HEAD", "site.shower.head_height", "2.25 m", PASS),
    ("H-SHOWER-HEAD", "site.shower.head_height", "1.851 m", PASS),
    ("H-SHOWER-HEAD", "site.shower.head_height", "1.849 m", WARN),
    ("H-SHOWER-HEAD", "site.shower.head_height", "2.251 m", WARN),
    # H-SHOWER-ALIGN: at most 5 cm from the axis
    ("H-SHOWER-ALIGN", "site.shower.offset_from_axis", "5 cm", PASS),
    ("H-SHOWER-ALIGN", "site.shower.offset_from_axis", "0 cm", PASS),
    ("H-SHOWER-ALIGN", "site.shower.offset_from_axis", "4.9 cm", PASS),
    ("H-SHOWER-ALIGN", "site.shower.offset_from_axis", "5.1 cm", FAIL),
]


@pytest.mark.parametrize(("rule", "path", "value", "expected"), BOUNDARIES)
def test_boundary(rule, path, value, expected):
    check_boundary(rule, path, value, expected)


def test_shower_head_uses_the_tallest_user_and_display_the_first():
    data = with_("usage.user_heights", ["1.62 m", "1.85 m"])
    put(data, "site.shower.head_height", "1.94 m")  # 9 cm above the tallest
    put(data, "site.heater.display_height", "1.5 m")  # main user 1.62 → eye 1.50
    verdict = verdict_of(data)
    assert verdict.result("H-SHOWER-HEAD").status == WARN
    assert verdict.result("H-HEIGHT").status == PASS


@pytest.mark.parametrize(
    ("display", "expected"), [("1.4 m", PASS), ("1.6 m", PASS), ("1.39 m", FAIL), ("1.61 m", FAIL)]
)
def test_display_height_without_users_is_the_manuals_1_5_m(display, expected):
    data = with_("usage.user_heights", [])
    put(data, "site.heater.display_height", display)
    result = verdict_of(data).result("H-HEIGHT")
    assert result.status == expected and "1.5 m" in result.message


def test_drill_confirmed_without_points_is_not_checked():
    result = verdict_of(with_("drilling", DELETE)).result("H-DRILL")
    assert result.status == NOT_CHECKED and "drilling.points" in result.message
