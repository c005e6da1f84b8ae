"""Meter markings: ``"10(40)A"`` read into basic current, maximum current and phases."""

from __future__ import annotations

from sitesurvey._dataclasses import compile_pattern
from sitesurvey.errors import InputError
from sitesurvey.units import fold_keyboard

__all__ = ["format_marking", "parse_meter_marking"]

_MARKING_RE = compile_pattern(
    __name__,
    r"^\s*(?:(?P<phases>[0-9])\s*[×xX*]\s*)?(?P<basic>[0-9]+(?:\.[0-9]+)?)\s*"
    r"\(\s*(?P<max>[0-9]+(?:\.[0-9]+)?)\s*\)\s*(?:A|a|安)?\s*$",
)
#: The characters a marking is written with (after :func:`fold_keyboard`).
_MARKING_CHARS = frozenset("0123456789.()×xX*Aa安 ")
_MAX_MARKING = 40


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
    >>> parse_meter_marking("5（20）A")
    (5.0, 20.0, 1)
    """
    expected = 'a meter marking like "10(40)A" or "3×10(40)A"'
    if not isinstance(text, str) or len(text) > _MAX_MARKING:
        raise InputError(field_name, text, expected, "write the basic and maximum current")
    folded = fold_keyboard(text)  # 5（20）A, １０(４０)A typed on a phone keyboard
    match = _MARKING_RE.match(folded)
    if match is None:
        from sitesurvey.units import _char_name

        odd = next((c for c in folded if c not in _MARKING_CHARS), None)
        hint = "write the basic and maximum current"
        if odd is not None:
            hint = f"{_char_name(odd)} is not accepted in a marking; {hint} with the digits 0-9"
        raise InputError(field_name, text, expected, hint)
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
