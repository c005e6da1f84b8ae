"""Surveys for the rule tests: a conforming site, and ways to change one value of it."""

from __future__ import annotations

import copy

from sitesurvey.results import NOT_APPLICABLE, PASS
from sitesurvey.rules import RULES, SurveyResult, check_survey
from sitesurvey.survey import CONFIRMATION_RULES, parse_survey

__all__ = [
    "DELETE",
    "MEASURED_RULES",
    "check_boundary",
    "conforming",
    "engineering_site",
    "put",
    "status",
    "verdict_of",
    "with_",
]

MEASURED_RULES = [r.id for r in RULES if r.basis == "measurement"]


def conforming() -> dict:
    """A 5500 W site that passes every rule (5500 W: 4 mm², 32 A 2-pole, 10(40)A,
    Ib = 25 A). Engineering is not run (no route conditions)."""
    return {
        "format": 1,
        "customer": {"name": "王丽", "phone": "13800138000", "address": "广州"},
        "job": {"work_order": "W-1", "date": "2024-05-18", "appointment": "14:00-15:00"},
        "heater": {"model": "QX-55A", "power": "5500 W", "supply_voltage": "220 V"},
        "site": {
            "supply_voltage": "223 V",
            "water_pressure": "0.3 MPa",
            "ceiling_height": "2.6 m",
            "rcd": True,
            "earth": "good",
            "dedicated_line": {"present": True, "wire": "4 mm2"},
            "breaker": {"rating": "32 A", "poles": 2},
            "meter": {"kind": "electronic", "marking": "10(40)A"},
            "main_switch": {"rating": "63 A"},
            "appliances": [{"name": "air conditioner", "power": "1.1 kW"}],
            "wiring": {
                "runs": [
                    {"orientation": "vertical", "length": "1 m", "damp": False},
                    {
                        "orientation": "horizontal",
                        "length": "5 m",
                        "height": "2.55 m",
                        "damp": False,
                    },
                ]
            },
            "socket": {"height": "2.4 m", "distance_to_opening": "18 cm"},
            "heater": {"display_height": "1.6 m"},
            "shower": {"head_height": "2.1 m", "offset_from_axis": "2 cm"},
        },
        "usage": {"user_heights": ["1.75 m", "1.62 m"], "bathtub": False, "mixing_valve": True},
        "confirmations": {rule: "yes" for rule in CONFIRMATION_RULES},
        "drilling": {
            "points": [
                {"x": "-12 cm", "y": "1.85 m"},
                {"x": "12 cm", "y": "1.85 m"},
                {"x": "0 cm", "y": "1.35 m"},
            ]
        },
    }


def put(data: dict, path: str, value) -> dict:
    *parents, last = path.split(".")
    node = data
    for key in parents:
        node = node.setdefault(key, {})
    if value is DELETE:
        node.pop(last, None)
    else:
        node[last] = value
    return data


DELETE = object()


def verdict_of(data: dict) -> SurveyResult:
    return check_survey(parse_survey(data))


def status(data: dict, rule: str) -> str:
    return verdict_of(data).result(rule).status


def with_(path: str, value, data: dict | None = None) -> dict:
    return put(copy.deepcopy(data or conforming()), path, value)


def check_boundary(rule: str, path: str, value, expected: str) -> None:
    """The conforming site with one value changed: ``rule`` gives ``expected``, every other
    rule still passes."""
    data = conforming()
    if rule == "W-SOCKET-ABOVE-SHOWER":
        data["usage"]["user_heights"] = ["1.75 m", "1.95 m"]
    if path == "site.wiring.runs":
        data["site"]["wiring"]["runs"][1]["height"] = value
    else:
        put(data, path, value)
    verdict = verdict_of(data)
    assert verdict.result(rule).status == expected, verdict.result(rule).message
    others = {r.rule: r.status for r in verdict.results if r.rule != rule}
    if rule == "E-WIRE":
        # E-BREAKER judges the breaker on the existing wire: a thinner wire may not be
        # protected by it any more (or is not a size of the capacity table)
        others.pop("E-BREAKER")
    allowed = {PASS, NOT_APPLICABLE} if rule == "E-DEDICATED" else {PASS}
    assert set(others.values()) <= allowed, others


def engineering_site(power: str, wire: str, breaker: str, **wiring) -> dict:
    data = with_("heater.power", power)
    put(data, "site.dedicated_line.wire", wire)
    put(data, "site.breaker.rating", breaker)
    put(data, "site.main_switch.rating", "63 A")
    data["site"]["wiring"].update(wiring)
    return data
