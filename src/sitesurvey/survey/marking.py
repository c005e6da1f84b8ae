"""Meter markings: ``"10(40)A"`` read into basic current, maximum current and phases."""

from __future__ import annotations

import re

from sitesurvey.errors import InputError

__all__ = ["format_marking", "parse_meter_marking"]

_MARKING_RE = re.compile(
    r"^\s*(?:(?P<phases>\d)\s*[×xX*]\s*)?(?P<basic>\d+(?:\.\d+)?)\s*"
    r"[((]\s*(?P<max>\d+(?:\.\d+)?)\s*[))]\s*(?:A|a|安)?\s*$"
)


def parse_meter_marking(text: str, field_name: str = "marking") -> tuple[float, float, int]:
    """Read a meter marking ``Ib(Imax)`` into basic current, maximum current, phases.

    Parameters
    ----------
    text : str
        ``"10(40)A"``, ``"5(20)"``, ``"3×10(40)A"``, ``"3*5(30)A"`` or ``"3x10(40)A"``.
    field_name : str
        Name of the input for error messages.

    Returns
    -------
    tuple
        ``(basic [A], max [A], phases)``.

    Raises
    ------
    InputError
        Not a marking, Imax not above Ib, or a phase count other than 1 or 3.

    Examples
    --------
    >>> parse_meter_marking("3×10(40)A")
    (10.0, 40.0, 3)
    """
    match = _MARKING_RE.match(text) if isinstance(text, str) else None
    expected = 'a meter marking like "10(40)A" or "3×10(40)A"'
    if match is None:
        raise InputError(field_name, text, expected, "write the basic and maximum current")
    basic = float(match.group("basic"))
    imax = float(match.group("max"))
    phases = int(match.group("phases") or 1)
    if phases not in (1, 3):
        raise InputError(field_name, text, expected, "a meter is single-phase or 3× (three-phase)")
    if not 0 < basic < imax:
        raise InputError(
            field_name, text, expected, "the maximum current (in brackets) is above the basic"
        )
    return basic, imax, phases


def format_marking(basic: float, imax: float, phases: int) -> str:
    text = f"{basic:g}({imax:g})A"
    return f"{phases}×{text}" if phases > 1 else text
