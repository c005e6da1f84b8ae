"""Rule P-PRESSURE (rules/water.py): the water pressure at, just inside and just outside the
table's range."""

from __future__ import annotations

import pytest

from rules_site import check_boundary, conforming, put, verdict_of
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


def test_a_pressure_in_kgf_reads_as_a_gauge_shows_it():
    """2.5 公斤 (kgf/cm²) is 0.2452 MPa: the message says 0.245 MPa, not 0.245166."""
    data = conforming()
    put(data, "site.water_pressure", "2.5公斤")
    result = verdict_of(data).result("P-PRESSURE")
    assert result.status == PASS
    assert "0.245 MPa" in result.message and "0.245166" not in result.message
