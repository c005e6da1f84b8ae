"""Inputs of the engineering functions: numbers, arrays and temperatures in canonical units.

Scalars never import numpy (the ``size`` path stays light); arrays and Quantities with an
array magnitude are converted to float arrays. Every refusal is an
:class:`~sitesurvey.errors.InputError` naming the argument.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from sitesurvey.errors import InputError
from sitesurvey.units import KINDS, parse

__all__ = []


def _is_plain_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return hasattr(value, "dtype") and getattr(value, "shape", None) == ()


def _number(value: Any, kind: str, field: str, *, allow_zero: bool = False) -> float:
    """A scalar input in the canonical unit of ``kind``.

    Plain numbers are taken in the canonical unit (the function's documented unit) and
    only checked (finite, positive or, with ``allow_zero``, not negative); strings and
    Quantities go through :func:`sitesurvey.units.parse`.
    """
    if isinstance(value, bool):
        raise InputError(field, value, f"a number in {KINDS[kind].unit}")
    if _is_plain_number(value):
        number = float(value)
        if not math.isfinite(number):
            raise InputError(field, value, f"a number in {KINDS[kind].unit}", "not finite")
        if number < 0 or (number == 0 and not allow_zero):
            raise InputError(
                field,
                value,
                f"a number in {KINDS[kind].unit}",
                "the value must not be negative" if allow_zero else "the value must be above zero",
            )
        return number
    return parse(value, kind, field)


def _numpy():
    import numpy

    return numpy


def _is_arraylike(value: Any) -> bool:
    """Lists, tuples, numpy arrays and Quantities with an array magnitude."""
    if isinstance(value, (str, bytes, bool, int, float)):
        return False
    if hasattr(value, "magnitude") and hasattr(value, "dimensionality"):
        return getattr(value.magnitude, "ndim", 0) != 0
    if hasattr(value, "dtype"):
        return getattr(value, "shape", ()) != ()
    return isinstance(value, Iterable)


def _any(mask: Any) -> bool:
    """``mask`` is a bool (scalar input) or a boolean array."""
    return bool(mask.any()) if hasattr(mask, "any") else bool(mask)


def _first(values: Any, mask: Any) -> float:
    """The first value where ``mask`` holds (the value itself for a scalar)."""
    return float(values[mask].flat[0]) if hasattr(mask, "any") else float(values)


def _input(value: Any, kind: str, field: str, *, allow_zero: bool = False) -> Any:
    """A float (scalar input) or a float numpy array, in the canonical unit of ``kind``.

    Scalars — numbers, strings, Quantities with a scalar magnitude — go through
    :func:`_number` and never import numpy. Quantities with an array magnitude are
    converted to the canonical unit.
    """
    if not _is_arraylike(value):
        return _number(value, kind, field, allow_zero=allow_zero)
    np = _numpy()
    if hasattr(value, "magnitude") and hasattr(value, "dimensionality"):
        spec = KINDS[kind]
        if value.dimensionality != value._REGISTRY.get_dimensionality(spec.dimension):
            raise InputError(field, f"{value}", f"values of {spec.example}")
        array = np.asarray(value.m_as(spec.pint_unit), dtype=float)
    else:
        try:
            array = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise InputError(
                field, value, f"a number or an array of numbers in {KINDS[kind].unit}"
            ) from None
    bad = ~np.isfinite(array) | (array < 0) | ((array == 0) & (not allow_zero))
    if bad.any():
        raise InputError(
            field,
            f"an array with {array[bad].flat[0]!r} at index {np.argwhere(bad)[0].tolist()}",
            f"finite values {'of at least 0' if allow_zero else 'above 0'} {KINDS[kind].unit}",
        )
    return array


def _phases(phases: Any, field: str = "phases") -> int:
    if isinstance(phases, bool) or phases not in (1, 3):
        raise InputError(field, phases, "1 (single-phase) or 3 (three-phase)")
    return int(phases)


def _temperature(value: Any, field: str = "ambient") -> Any:
    """Ambient temperature(s) as °C: a float, or a float array for array input.

    Strings and Quantities are converted by pint or the alias table; no arithmetic is
    ever done on a pint temperature (an offset unit).
    """
    if not _is_arraylike(value):
        if _is_plain_number(value):
            number = float(value)
            if not math.isfinite(number):
                raise InputError(field, value, "a finite temperature in °C")
            return number
        return parse(value, "temperature", field)
    np = _numpy()
    if hasattr(value, "magnitude") and hasattr(value, "dimensionality"):
        spec = KINDS["temperature"]
        if value.dimensionality != value._REGISTRY.get_dimensionality(spec.dimension):
            raise InputError(field, f"{value}", spec.example)
        array = np.asarray(value.m_as(spec.pint_unit), dtype=float)
    else:
        try:
            array = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise InputError(field, value, 'temperatures in °C, e.g. 35.0 or "35 °C"') from None
    if not np.all(np.isfinite(array)):
        raise InputError(
            field,
            f"an array with {array[~np.isfinite(array)].flat[0]!r}",
            "finite temperatures in °C",
        )
    return array
