"""Rule P-PRESSURE (rules/water.py): the water pressure at, just inside and just outside the
table's range."""

from __future__ import annotations

import pytest

from rules_site import check_boundary
from sitesurvey.results import FAIL, PASS

BOUNDARIES = [
    # P-PRESSURE: 0.05–0.75 MPa inclusive
    ("P-PRESSURE", "site.water_pressure", "0.05 MPa", PASS),
    ("P-PRESSURE", "site.water_pressure", "0.5 bar", PASS),
    ("P-PRESSURE", "site.water_pressure", "0.75 MPa", PASS),
    ("P-PRESSURE", "site.water_pressure", "7.5 bar", PASS),
    ("P-PRESSURE", "site.water_pressure", "0.051 MPa", PASS),
    ("P-PRESSURE", "site.water_pressure", "0.049 MPa", FAIL),
    ("P-PRESSURE", "site.water_pressure", "751 kPa", FAIL),
]


@pytest.mark.parametrize(("rule", "path", "value", "expected"), BOUNDARIES)
def test_boundary(rule, path, value, expected):
    check_boundary(rule, path, value, expected)
