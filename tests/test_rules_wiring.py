"""Rules W-* (rules/wiring.py): heights, socket and route at, just inside and just outside each
boundary; runs."""

from __future__ import annotations

import pytest

from rules_site import check_boundary, conforming, status, verdict_of
from sitesurvey.results import FAIL, NOT_CHECKED, PASS, WARN

BOUNDARIES = [
    # W-HEIGHT: 大于2.5m — strictly above
    ("W-HEIGHT", "site.wiring.runs", "2.5 m", FAIL),
    ("W-HEIGHT", "site.wiring.runs", "2.501 m", PASS),
    ("W-HEIGHT", "site.wiring.runs", "2.499 m", FAIL),
    ("W-HEIGHT", "site.wiring.runs", "250 cm", FAIL),
    # W-SOCKET-OPENING: 15–20 cm, both ends conform
    ("W-SOCKET-OPENING", "site.socket.distance_to_opening", "15 cm", PASS),
    ("W-SOCKET-OPENING", "site.socket.distance_to_opening", "0.2 m", PASS),
    ("W-SOCKET-OPENING", "site.socket.distance_to_opening", "15.1 cm", PASS),
    ("W-SOCKET-OPENING", "site.socket.distance_to_opening", "19.9 cm", PASS),
    ("W-SOCKET-OPENING", "site.socket.distance_to_opening", "14.9 cm", FAIL),
    ("W-SOCKET-OPENING", "site.socket.distance_to_opening", "201 mm", FAIL),
    # W-SOCKET-ABOVE-SHOWER: 插座高于花洒 — strictly (socket at 2.4 m; a 1.95 m user is
    # added so that these shower-head heights stay within H-SHOWER-HEAD's range)
    ("W-SOCKET-ABOVE-SHOWER", "site.shower.head_height", "2.4 m", FAIL),
    ("W-SOCKET-ABOVE-SHOWER", "site.shower.head_height", "240 cm", FAIL),
    ("W-SOCKET-ABOVE-SHOWER", "site.shower.head_height", "2.399 m", PASS),
    ("W-SOCKET-ABOVE-SHOWER", "site.shower.head_height", "2.401 m", FAIL),
    # W-SOCKET-CEILING: within 0.30 m of the 2.6 m ceiling, warn only
    ("W-SOCKET-CEILING", "site.socket.height", "2.3 m", PASS),
    ("W-SOCKET-CEILING", "site.socket.height", "2.301 m", PASS),
    ("W-SOCKET-CEILING", "site.socket.height", "2.299 m", WARN),
]


@pytest.mark.parametrize(("rule", "path", "value", "expected"), BOUNDARIES)
def test_boundary(rule, path, value, expected):
    check_boundary(rule, path, value, expected)


def test_route_rules():
    data = conforming()
    data["site"]["wiring"]["runs"][0]["orientation"] = "other"
    assert status(data, "W-ROUTE-AXES") == FAIL
    data = conforming()
    data["site"]["wiring"]["runs"][0]["damp"] = True
    assert status(data, "W-ROUTE-DRY") == FAIL
    data = conforming()
    data["site"]["wiring"]["runs"] = [{"orientation": "vertical", "damp": False}]
    result = verdict_of(data).result("W-HEIGHT")
    assert result.status == PASS and result.measured_text == "no horizontal runs"


def test_missing_run_details_are_not_checked():
    data = conforming()
    del data["site"]["wiring"]["runs"][1]["height"]
    del data["site"]["wiring"]["runs"][0]["damp"]
    verdict = verdict_of(data)
    assert verdict.result("W-HEIGHT").status == NOT_CHECKED
    assert "design.route.runs[2].height" in verdict.result("W-HEIGHT").message
    assert verdict.result("W-ROUTE-DRY").status == NOT_CHECKED
    assert verdict.result("W-ROUTE-AXES").status == PASS


def test_route_axes_names_the_runs_in_both_languages():
    result = verdict_of(conforming()).result("W-ROUTE-AXES")
    assert result.message == "Every run is horizontal or vertical (1 horizontal, 1 vertical)."
    assert result.message_zh == "全部线路横平竖直（1段水平，1段竖直）。"
