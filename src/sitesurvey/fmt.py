"""Numbers as people read them: the one set of formatters for messages, working and sheets.

- :func:`number` — four significant digits by default, never an exponent
  (``38.64``, ``40``, ``0.0225``, ``18000``);
- :func:`quantity` — a number and its unit with one space (``"20 A"``, ``"4 mm²"``);
- :func:`limit` — a requirement's limit, never shown looser than it is (a lower limit
  rounds up, an upper limit rounds down: "never round toward danger");
- :func:`cm` — a length in metres shown in centimetres, at most one decimal.

Examples
--------
>>> number(38.6364), number(18000.0), number(0.0225)
('38.64', '18000', '0.0225')
>>> quantity(20.0, "A")
'20 A'
>>> limit(35.6818, "up"), limit(35.6818, "down")
('35.69', '35.68')
>>> cm(1.855)
'185.5'
"""

from __future__ import annotations

import math

__all__ = ["cm", "limit", "number", "quantity"]


def number(x: float, digits: int = 4) -> str:
    """``x`` with ``digits`` significant digits and no exponent.

    Parameters
    ----------
    x : float
        The number.
    digits : int
        Significant digits (trailing zeros dropped).
    """
    text = f"{x:.{digits}g}"
    if "e" in text:  # large or small numbers: no exponent, no more digits than asked
        if x != 0 and abs(x) >= 1:
            text = f"{round(x, digits - 1 - math.floor(math.log10(abs(x)))):.0f}"
        else:
            text = f"{x:.{digits + max(0, -math.floor(math.log10(abs(x))))}f}".rstrip("0")
    return text


def quantity(x: float | None, unit: str = "", digits: int = 4) -> str:
    """``"20 A"``: :func:`number` and the unit symbol, one space between; ``""`` for None."""
    if x is None:
        return ""
    return f"{number(x, digits)} {unit}".strip()


def limit(x: float, toward: str = "nearest") -> str:
    """Four significant digits; a limit is never shown looser than it is.

    A lower limit rounds up and an upper limit rounds down: ≥ 35.6818 A prints as
    "≥ 35.69 A", not "≥ 35.68 A", which a 35.68 A main switch would seem to meet.
    Float noise (41 × 0.94 = 38.539999…) is not rounding.

    Parameters
    ----------
    x : float
        The limit.
    toward : {"nearest", "up", "down"}
        Which way the shown value may differ from ``x``.
    """
    shown = f"{x:.4g}"
    nearest = float(shown)
    if toward == "nearest" or math.isclose(nearest, x, rel_tol=1e-9, abs_tol=1e-12):
        return shown
    if x == 0 or not math.isfinite(x):
        return shown
    step = 10 ** (math.floor(math.log10(abs(x))) - 3)
    value = math.ceil(x / step) * step if toward == "up" else math.floor(x / step) * step
    return f"{value:.4g}"


def cm(metres: float) -> str:
    """A length [m] in centimetres, at most one decimal: ``1.855`` → ``"185.5"``."""
    return f"{round(metres * 100.0, 1):g}"
