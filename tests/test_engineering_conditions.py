"""Site conditions and their defaults (engineering/conditions.py)."""

from __future__ import annotations

import pytest

from sitesurvey import size
from sitesurvey.engineering import (
    SiteConditions,
    check_engineering,
)
from sitesurvey.errors import InputError
from sitesurvey.results import NOT_CHECKED


def test_no_conditions_lists_every_default():
    r = check_engineering(size(5500))
    assert r.defaults_used == (
        "length",
        "method",
        "ambient",
        "grouping",
        "arrangement",
        "max_drop",
        "supply_voltage",
    )
    assert r.defaults_dict() == {
        "length": {"value": 0.0, "unit": "m"},
        "method": "B1",
        "ambient": {"value": 30.0, "unit": "°C"},
        "grouping": 1,
        "arrangement": "bunched",
        "max_drop": {"value": 5.0, "unit": "%"},
        "supply_voltage": {"value": 220.0, "unit": "V"},
    }
    # a 0 m route proves nothing: the drop and the voltage at the heater are not checked
    status = {c.rule: c.status for c in r.checks}
    assert status["ENG-DROP"] == NOT_CHECKED
    assert status["ENG-TERMINAL-VOLTAGE"] == NOT_CHECKED
    assert r.verdict == "ok"


def test_given_conditions_are_not_listed_as_defaults():
    c = SiteConditions.from_inputs(
        length="20 m",
        method="c",
        ambient="35 °C",
        grouping="3",
        supply_voltage="215V",
        max_drop="4%",
        arrangement="tray",
    )
    assert c.defaults_used == ()
    assert c.arrangement == "tray"
    assert (c.length, c.method, c.ambient, c.grouping, c.supply_voltage, c.max_drop) == (
        20.0,
        "C",
        35.0,
        3,
        215.0,
        4.0,
    )
    assert SiteConditions.from_inputs(length="2000cm").length == 20.0
    assert SiteConditions.from_inputs(ambient="35degC").ambient == 35.0


def test_site_conditions_are_frozen():
    c = SiteConditions()
    with pytest.raises(AttributeError):
        c.length = 3.0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"ambient": "61 °C"}, "ambient"),
        ({"ambient": "100degC"}, "ambient"),
        ({"ambient": "-300 degC"}, "ambient"),
        ({"ambient": "35 V"}, "ambient"),
        ({"method": "Z9"}, "method"),
        ({"method": 1}, "method"),
        ({"grouping": 0}, "grouping"),
        ({"grouping": 25}, "grouping"),
        ({"grouping": 2.5}, "grouping"),
        ({"grouping": "three"}, "grouping"),
        ({"grouping": "²"}, "grouping"),
        ({"grouping": "①"}, "grouping"),
        ({"grouping": float("inf")}, "grouping"),
        ({"grouping": float("nan")}, "grouping"),
        ({"grouping": "9" * 5001}, "grouping"),
        ({"length": "2 000 cm"}, "length"),
        ({"length": "20 V"}, "length"),
        ({"length": "-3 m"}, "length"),
        ({"length": "2,5m"}, "length"),
        ({"supply_voltage": "220 W"}, "supply_voltage"),
        ({"max_drop": "0%"}, "max_drop"),
        ({"max_drop": "150%"}, "max_drop"),
    ],
)
def test_bad_site_conditions_raise_input_error(kwargs, field):
    with pytest.raises(InputError) as exc:
        SiteConditions.from_inputs(**kwargs)
    assert exc.value.field == field


def test_a_grouping_in_unicode_digits_names_the_character():
    """ "²" passed str.isdigit() and int() raised a ValueError (issue 8, cause 5)."""
    with pytest.raises(InputError, match=r'"²" \(U\+00B2 SUPERSCRIPT TWO\) is not a digit 0-9'):
        SiteConditions.from_inputs(grouping="²")
    assert SiteConditions.from_inputs(grouping=" 3 ").grouping == 3


def test_supply_voltage_must_belong_to_the_supply():
    with pytest.raises(InputError, match="line-to-line"):
        check_engineering(size(18000, 380), SiteConditions.from_inputs(supply_voltage="220V"))


def test_the_arrangement_reaches_the_factor_and_the_working():
    c = SiteConditions(method="C", grouping=3, arrangement="wall")
    r = check_engineering(size(5500), c)
    assert r.grouping_factor == 0.79
    assert r.to_dict()["ampacity"]["arrangement"] == "wall"
    assert any("Table B.52.17, item 2, single layer on a wall" in line.text for line in r.working)
    bunched = check_engineering(size(5500), SiteConditions(method="C", grouping=3))
    assert bunched.grouping_factor == 0.70 and "arrangement" in bunched.defaults_used
    assert any("item 1, bunched" in line.text for line in bunched.working)
    with pytest.raises(InputError) as exc:
        SiteConditions(arrangement="ceiling")
    assert exc.value.field == "arrangement"


def test_size_takes_the_arrangement_option(run):
    out = run(
        "size", "--power", "5500", "--method", "C", "--grouping", "3", "--arrangement", "tray"
    )
    assert out.exit_code == 0
    assert "3 circuit(s) in the group (single layer on a perforated tray)" in out.stdout
    bad = run("size", "--power", "5500", "--arrangement", "ceiling")
    assert bad.exit_code == 2
