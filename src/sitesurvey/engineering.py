"""Engineering cross-check of the circuit, beside the manufacturer's table (spec §3).

The table answer of :func:`sitesurvey.size` stays the answer. This module reports, next
to it, what a careful electrical engineer would check for the actual site.

Functions (plain, and vectorised where natural):

* :func:`main_switch_check` — spec rule ``E-MAIN``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from sitesurvey.errors import InputError
from sitesurvey.results import FAIL, PASS, Bound, CheckResult, Value
from sitesurvey.sizing import design_current
from sitesurvey.units import parse

__all__ = [
    "main_switch_check",
]


def _fmt(x: float, digits: int = 4) -> str:
    """A number for messages and working: ``38.64``, ``40``, ``0.0225``, ``10000``."""
    text = f"{x:.{digits}g}"
    if "e" in text:  # large numbers: no exponent, but no more than the digits asked for
        text = f"{round(x, digits - 1 - math.floor(math.log10(abs(x)))):.0f}"
    return text


def _number(value: Any, kind: str, field: str, *, allow_zero: bool = False) -> float:
    """A scalar input in the canonical unit of ``kind``.

    Plain numbers are taken in the canonical unit (the function's documented unit) and
    only checked (finite, positive or, with ``allow_zero``, not negative); strings and
    Quantities go through :func:`sitesurvey.units.parse`.
    """
    if isinstance(value, bool):
        raise InputError(field, value, f"a number in {_UNIT_OF_KIND[kind]}")
    if isinstance(value, (int, float)) or (
        hasattr(value, "dtype") and getattr(value, "shape", None) == ()
    ):
        number = float(value)
        if not math.isfinite(number):
            raise InputError(field, value, f"a number in {_UNIT_OF_KIND[kind]}", "not finite")
        if number < 0 or (number == 0 and not allow_zero):
            raise InputError(
                field,
                value,
                f"a number in {_UNIT_OF_KIND[kind]}",
                "the value must not be negative" if allow_zero else "the value must be above zero",
            )
        return number
    return parse(value, kind, field)


_UNIT_OF_KIND = {
    "power": "W",
    "voltage": "V",
    "current": "A",
    "length": "m",
    "area": "mm²",
    "temperature": "°C",
    "ratio": "%",
}


def _phases(phases: Any, field: str = "phases") -> int:
    if isinstance(phases, bool) or phases not in (1, 3):
        raise InputError(field, phases, "1 (single-phase) or 3 (three-phase)")
    return int(phases)


# ------------------------------------------------------------------------ E-MAIN

_MAIN_SOURCE = (
    "004 ch.5 §3 note: 总开关电流应等于用户家中全部电器一起开电流总数 (the manual says "
    "'equal to'; 'at least' is the project's interpretation, installation-spec.md §2 E-MAIN)"
)


def main_switch_check(
    main_switch_rating: float,
    heater_power: float,
    appliance_powers: Iterable[float],
    voltage: float = 220.0,
    phases: int = 1,
) -> CheckResult:
    """Spec rule ``E-MAIN``: the main switch carries all appliances switched on together.

    Parameters
    ----------
    main_switch_rating : float
        Rated current of the household's main switch (总开关) [A].
    heater_power : float
        Power of the instant water heater [W].
    appliance_powers : iterable of float
        Powers of the other household appliances that may run at the same time [W]
        (the heater is *not* in this list; it is added here). May be empty.
    voltage : float, default 220
        Supply voltage [V]: line-to-neutral for single-phase, line-to-line for
        three-phase.
    phases : {1, 3}, default 1
        Phases of the household supply.

    Returns
    -------
    CheckResult
        Rule ``E-MAIN``; ``pass`` when the rating is at least the total current,
        ``fail`` otherwise. ``measured`` is the main switch rating, ``required`` the
        lower bound (the total current).

    Raises
    ------
    InputError
        A rating, power or voltage that is not a finite positive number (appliance
        powers may be zero), or phases other than 1 or 3.

    Notes
    -----
    Total current :math:`I = (P_{heater} + \\sum P_i) / U` (single-phase) or
    :math:`I = (P_{heater} + \\sum P_i) / (\\sqrt{3} U)` (three-phase, taken as
    balanced), with cos φ = 1 as for the heater. Motors and other inductive loads draw
    more than P / U, and single-phase appliances on a three-phase supply load one phase
    more than the balanced figure; both make this an optimistic estimate.

    The manual asks for a main switch current *equal to* the total
    ("总开关电流应等于用户家中全部电器一起开电流总数"); the project reads it as *at
    least* the total (installation-spec.md §2 ``E-MAIN``), and the message says so.

    References
    ----------
    installation-spec.md §2 ``E-MAIN`` (source: 004 ch.5 §3 note).

    Examples
    --------
    >>> r = main_switch_check(40, 8500, [1000, 500])
    >>> r.rule, r.status, round(r.required.low, 1)
    ('E-MAIN', 'fail', 45.5)
    >>> main_switch_check(63, 8500, [1000, 500]).status
    'pass'
    """
    rating = _number(main_switch_rating, "current", "main_switch_rating")
    heater = _number(heater_power, "power", "heater_power")
    if isinstance(appliance_powers, (str, bytes)) or not isinstance(appliance_powers, Iterable):
        raise InputError(
            "appliance_powers", appliance_powers, "a list of powers in W (may be empty)"
        )
    others = [
        _number(p, "power", f"appliance_powers[{i}]", allow_zero=True)
        for i, p in enumerate(appliance_powers)
    ]
    u = _number(voltage, "voltage", "voltage")
    n = _phases(phases)
    total_power = heater + math.fsum(others)
    total = design_current(total_power, u, n)
    required = Bound("A", low=total)
    ok = required.contains(rating)
    formula = "P / U" if n == 1 else "P / (√3 · U)"
    what = (
        f"heater {heater:g} W + {math.fsum(others):g} W of other appliances = "
        f"{total_power:g} W; I = {formula} at {u:g} V = {total:.1f} A"
    )
    what_zh = (
        f"热水器 {heater:g}W + 其他电器 {math.fsum(others):g}W = {total_power:g}W;"
        f"{u:g}V 时 I = {formula} = {total:.1f}A"
    )
    if ok:
        message = (
            f"Main switch {_fmt(rating)} A ≥ {total:.1f} A, the total current of all "
            f"appliances switched on together ({what}). The manual says 'equal to'; the "
            "project requires at least the total."
        )
        message_zh = (
            f"总开关 {_fmt(rating)}A ≥ 全部电器同时开启的总电流 {total:.1f}A({what_zh})。"
            "手册原文为“等于”,本项目按“不小于”执行。"
        )
    else:
        message = (
            f"Main switch {_fmt(rating)} A is {total - rating:.1f} A below {total:.1f} A, the "
            f"total current of all appliances switched on together ({what}). The manual says "
            "'equal to'; the project requires at least the total. Changing the main switch "
            "needs the customer's consent and signature."
        )
        message_zh = (
            f"总开关 {_fmt(rating)}A 比全部电器同时开启的总电流 {total:.1f}A 小 "
            f"{total - rating:.1f}A({what_zh})。手册原文为“等于”,本项目按“不小于”执行。"
            "更换总开关须征得用户同意并签名。"
        )
    return CheckResult(
        rule="E-MAIN",
        status=PASS if ok else FAIL,
        message=message,
        message_zh=message_zh,
        source=_MAIN_SOURCE,
        measured=Value(rating, "A"),
        required=required,
        basis="measurement",
    )
