"""fmt.py: the one set of number formatters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitesurvey import fmt


@pytest.mark.parametrize(
    ("x", "shown"),
    [
        (38.6364, "38.64"),
        (40.0, "40"),
        (0.0225, "0.0225"),
        (18000.0, "18000"),
        (123456.0, "123500"),
    ],
)
def test_number_has_no_exponent(x: float, shown: str) -> None:
    assert fmt.number(x) == shown


def test_quantity_spaces_the_unit_once() -> None:
    assert fmt.quantity(20.0, "A") == "20 A"
    assert fmt.quantity(None, "A") == ""
    assert fmt.quantity(0.5) == "0.5"


@given(st.floats(min_value=1e-3, max_value=1e6))
def test_limits_never_look_looser(x: float) -> None:
    assert float(fmt.limit(x, "up")) >= x * (1 - 1e-9)
    assert float(fmt.limit(x, "down")) <= x * (1 + 1e-9)


def test_cm_one_decimal() -> None:
    assert fmt.cm(1.855) == "185.5"
    assert fmt.cm(2.4) == "240"
