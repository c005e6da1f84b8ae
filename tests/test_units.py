"""The units boundary: parsing, dimension checks and value checks (units.py)."""

from __future__ import annotations

import math

import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitesurvey.errors import InputError
from sitesurvey.units import KINDS, parse, registry, to_quantity, unit_for_pint


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("5.5 kW", "power", 5500.0),
        ("5500W", "power", 5500.0),
        ("5500 W", "power", 5500.0),
        ("5.5kw", "power", 5500.0),
        ("5.5 KW", "power", 5500.0),
        ("5500", "power", 5500.0),
        ("220V", "voltage", 220.0),
        ("0.38 kV", "voltage", 380.0),
        ("260 cm", "length", 2.6),
        ("2.6 m", "length", 2.6),
        ("2600mm", "length", 2.6),
        ("2.6米", "length", 2.6),
        ("4 mm2", "area", 4.0),
        ("4 mm²", "area", 4.0),
        ("4mm^2", "area", 4.0),
        ("4平方", "area", 4.0),
        ("0.3 MPa", "pressure", 0.3),
        ("3 bar", "pressure", 0.3),
        ("300 kPa", "pressure", 0.3),
        ("35degC", "temperature", 35.0),
        ("35 °C", "temperature", 35.0),
        ("35℃", "temperature", 35.0),
        ("308.15 K", "temperature", 35.0),
        ("5%", "ratio", 5.0),
        ("5 percent", "ratio", 5.0),
    ],
)
def test_spellings_installers_type(text, kind, expected):
    assert parse(text, kind, "x") == pytest.approx(expected)


@pytest.mark.parametrize(
    ("kind", "alias"), [(k.name, a) for k in KINDS.values() for a in k.aliases]
)
def test_every_alias_agrees_with_pint(kind, alias):
    """The fast alias table is a shortcut, never a second truth: pint must agree."""
    spec = KINDS[kind]
    pint_spelling = {
        "瓦": "W",
        "千瓦": "kW",
        "伏": "V",
        "安": "A",
        "米": "m",
        "厘米": "cm",
        "公分": "cm",
        "毫米": "mm",
        "公里": "km",
        "千米": "km",
        "平方": "mm**2",
        "平方毫米": "mm**2",
        "sqmm": "mm**2",
        "sq mm": "mm**2",
        "MM2": "mm**2",
        "mm2": "mm**2",
        "mm^2": "mm**2",
        "kw": "kW",
        "KW": "kW",
        "Kw": "kW",
        "w": "W",
        "v": "V",
        "kv": "kV",
        "KV": "kV",
        "a": "A",
        "amp": "A",
        "amps": "A",
        "M": "m",
        "CM": "cm",
        "Cm": "cm",
        "MM": "mm",
        "KM": "km",
        "mpa": "MPa",
        "Mpa": "MPa",
        "MPA": "MPa",
        "kpa": "kPa",
        "KPa": "kPa",
        "KPA": "kPa",
        "pa": "Pa",
        "Bar": "bar",
        "BAR": "bar",
        "℃": "degC",
        "° C": "degC",
        "deg C": "degC",
        "°C": "degC",
        "Celsius": "degC",
        "%": "percent",
        "pct": "percent",
    }.get(alias, alias)
    reg = registry()
    expected = reg.Quantity(3.0, unit_for_pint(pint_spelling)).m_as(spec.pint_unit)
    assert parse(f"3 {alias}", kind, "x") == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("value", "kind", "fragment"),
    [
        ("220 V", "power", "that is a voltage"),
        ("220V", "power", "that is a voltage"),
        ("5,5 kW", "power", 'write "5.5 kW"'),
        ("2,6m", "length", 'write "2.6m"'),
        ("5,500 W", "power", "decimal point"),
        (5.5, "power", '"5.5 kW"'),
        ("5.5", "power", '"5.5 kW"'),
        (99, "power", "write the unit"),
        (30, "power", "kilowatts"),
        ("35C", "temperature", 'write "35 °C"'),
        ("260", "length", 'give a unit, e.g. "260 cm"'),
        (0, "power", "greater than zero"),
        (-5500, "power", "greater than zero"),
        ("-5500 W", "power", "greater than zero"),
        (float("nan"), "power", "finite"),
        (float("inf"), "power", "finite"),
        ("nan W", "power", "finite"),
        ("", "power", "empty"),
        ("abc", "power", "not a number with a unit"),
        ("5500 apples", "power", "not a number with a unit"),
        (True, "power", "expected a power"),
        (None, "power", "NoneType"),
        ([5500], "power", "list"),
        ("2.6", "length", 'give a unit, e.g. "2.6 m"'),
        ("-1 m", "length", "not be negative"),
        ("3 bar/s", "pressure", "expected a pressure"),
        ("5500 W", "voltage", "that is a power"),
    ],
)
def test_bad_input_names_field_value_and_fix(value, kind, fragment):
    with pytest.raises(InputError) as info:
        parse(value, kind, "site.field")
    message = str(info.value)
    assert message.startswith("site.field: expected")
    assert fragment in message


def test_quantity_from_the_callers_own_registry():
    own = pint.UnitRegistry()
    assert own is not registry()
    assert parse(own.Quantity(5.5, "kW"), "power", "power") == 5500.0
    assert parse(own.Quantity(308.15, "K"), "temperature", "t") == pytest.approx(35.0)
    with pytest.raises(InputError, match="that is a voltage"):
        parse(own.Quantity(220, "V"), "power", "power")


def test_quantity_of_the_package_registry_round_trips():
    q = to_quantity(4.0, "mm²")
    assert q.m_as("m**2") == pytest.approx(4e-6)
    assert parse(q, "area", "wire") == 4.0
    assert to_quantity(35.0, "°C").m_as("K") == pytest.approx(308.15)


def test_registry_is_one_and_lazy():
    assert registry() is registry()


@given(st.floats(min_value=100, max_value=1e6, allow_nan=False))
def test_a_number_and_its_watt_string_agree(p):
    assert parse(p, "power", "power") == parse(f"{p!r} W", "power", "power")


@given(st.integers(min_value=1, max_value=10**6))
def test_centimetres_and_metres_agree(cm):
    assert math.isclose(parse(f"{cm} cm", "length", "h"), parse(f"{cm / 100!r} m", "length", "h"))
