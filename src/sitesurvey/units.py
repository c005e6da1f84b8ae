"""Units at the boundary: the one pint registry, input parsing and dimension checks.

Inputs arrive as plain numbers, strings an installer types (``"5.5 kW"``, ``"5500W"``,
``"2.6 m"``, ``"4 mm2"``, ``"0.3 MPa"``, ``"35 °C"``) or pint Quantities (from this
package's registry or the caller's own). :func:`parse` checks each one once, for its
dimension and its value, and returns a plain float in the *canonical unit* of its kind.
The core computes on those floats; results carry the unit symbol again and give pint
Quantities on request (:func:`to_quantity`).

Canonical units (the units of the source tables): power [W], voltage [V], current [A],
length [m], conductor cross-section [mm²], pressure [MPa], temperature [°C],
ratio [%]. Cross-sections stay in mm² because every standard tabulates them so.

pint alone is not enough at this boundary: it reads ``"5,5 kW"`` as 55 kW and ``"2,6m"``
as 26 m without a word, knows neither ``kw`` nor ``mm2``, and lets NaN and negatives
through. So decimal commas are refused with a hint, the spellings installers type are
read by a small alias table (each alias is checked against pint in the tests), and every
value is checked. Anything else falls back to pint, so ``"5500 J/s"`` works too.

The registry is created lazily (pint costs ~100 ms to import and build), so the sizing
command line never pays for it when the input is a plain number or a common spelling.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any, NamedTuple

from sitesurvey.errors import InputError

if TYPE_CHECKING:
    import pint

__all__ = [
    "KINDS",
    "Kind",
    "parse",
    "quantity_json",
    "registry",
    "to_quantity",
    "unit_for_pint",
]


class Kind(NamedTuple):
    """One kind of quantity accepted at the boundary.

    Attributes
    ----------
    name : str
        ``"power"``, ``"voltage"`` ...
    dimension : str
        pint dimensionality, e.g. ``"[power]"``.
    unit : str
        Canonical unit symbol the core computes in.
    pint_unit : str
        The canonical unit spelled for pint.
    example : str
        What a valid value looks like, for error messages.
    aliases : dict
        Spellings installers type, mapped to the factor that converts them to ``unit``.
    bare : bool
        Whether a plain number is accepted (and read in ``unit``).
    minimum : str
        ``"positive"``, ``"nonnegative"`` or ``"any"``.
    """

    name: str
    dimension: str
    unit: str
    pint_unit: str
    example: str
    aliases: dict[str, float]
    bare: bool = True
    minimum: str = "positive"


def _aliases(*groups: tuple[tuple[str, ...], float]) -> dict[str, float]:
    table: dict[str, float] = {}
    for spellings, factor in groups:
        for spelling in spellings:
            table[spelling] = factor
    return table


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "power",
            "[power]",
            "W",
            "W",
            'a power like "5500 W" or "5.5 kW"',
            _aliases(
                (("W", "w", "watt", "watts", "瓦"), 1.0),
                (("kW", "kw", "KW", "Kw", "kilowatt", "kilowatts", "千瓦"), 1e3),
            ),
        ),
        Kind(
            "voltage",
            "[electric_potential]",
            "V",
            "V",
            'a voltage like "220 V"',
            _aliases(
                (("V", "v", "volt", "volts", "伏"), 1.0),
                (("kV", "kv", "KV"), 1e3),
            ),
        ),
        Kind(
            "current",
            "[current]",
            "A",
            "A",
            'a current like "32 A"',
            _aliases(
                (("A", "a", "amp", "amps", "ampere", "amperes", "安"), 1.0),
            ),
        ),
        Kind(
            "length",
            "[length]",
            "m",
            "m",
            'a length like "2.6 m" or "260 cm"',
            _aliases(
                (("m", "M", "metre", "metres", "meter", "meters", "米"), 1.0),
                (("cm", "CM", "Cm", "厘米", "公分"), 1e-2),
                (("mm", "MM", "毫米"), 1e-3),
                (("km", "KM", "公里", "千米"), 1e3),
            ),
            bare=False,
            minimum="nonnegative",
        ),
        Kind(
            "area",
            "[area]",
            "mm²",
            "mm**2",
            'a cross-section like "4 mm²" or "4 mm2"',
            _aliases(
                (
                    ("mm²", "mm2", "mm^2", "mm**2", "sqmm", "sq mm", "MM2", "平方", "平方毫米"),
                    1.0,
                ),
            ),
        ),
        Kind(
            "pressure",
            "[pressure]",
            "MPa",
            "MPa",
            'a pressure like "0.3 MPa" or "3 bar"',
            _aliases(
                (("MPa", "mpa", "Mpa", "MPA"), 1.0),
                (("kPa", "kpa", "KPa", "KPA"), 1e-3),
                (("Pa", "pa"), 1e-6),
                (("bar", "Bar", "BAR"), 0.1),
            ),
            bare=False,
            minimum="nonnegative",
        ),
        Kind(
            "temperature",
            "[temperature]",
            "°C",
            "degC",
            'a temperature like "35 °C" or "35degC"',
            _aliases(
                (("°C", "degC", "℃", "° C", "deg C", "celsius", "Celsius"), 1.0),
            ),
            bare=False,
            minimum="any",
        ),
        Kind(
            "ratio",
            "[]",
            "%",
            "percent",
            'a percentage like "5%"',
            _aliases(
                (("%", "percent", "pct"), 1.0),
            ),
            bare=True,
            minimum="nonnegative",
        ),
    )
}

#: Words for pint dimensionalities, to say what a wrong value *is*.
_DIMENSION_WORDS = {
    "[power]": "a power",
    "[electric_potential]": "a voltage",
    "[current]": "a current",
    "[length]": "a length",
    "[area]": "an area",
    "[pressure]": "a pressure",
    "[temperature]": "a temperature",
    "[]": "a plain number",
    "[time]": "a time",
    "[energy]": "an energy",
    "[mass]": "a mass",
}

_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_VALUE_RE = re.compile(rf"^\s*({_NUMBER})\s*(.*?)\s*$")
_DECIMAL_COMMA_RE = re.compile(r"\d,\d")

#: Unit spellings rewritten before a string reaches pint (for the fallback path).
_PINT_REWRITES = (("²", "**2"), ("³", "**3"), ("℃", "degC"), ("°C", "degC"), ("×", "*"))

_registry: pint.UnitRegistry | None = None


def registry() -> pint.UnitRegistry:
    """Return the package's one pint registry, creating it on first use.

    Returns
    -------
    pint.UnitRegistry
        The registry; ``Quantity`` objects of sitesurvey come from it.
    """
    global _registry
    if _registry is None:
        import pint

        try:
            reg = pint.UnitRegistry(cache_folder=":auto:")
        except Exception:  # pragma: no cover - cache folder unusable (read-only home)
            reg = pint.UnitRegistry()
        reg.formatter.default_format = "~P"
        _registry = reg
    return _registry


def quantity_json(value: float, unit: str) -> dict[str, Any]:
    """A quantity as JSON data: ``{"value": 25.0, "unit": "A"}``."""
    return {"value": value, "unit": unit}


def unit_for_pint(symbol: str) -> str:
    """Spell a canonical unit symbol the way pint parses it (``"mm²"`` → ``"mm**2"``)."""
    for old, new in _PINT_REWRITES:
        symbol = symbol.replace(old, new)
    if symbol == "%":
        return "percent"
    return symbol


def to_quantity(value: Any, unit: str) -> pint.Quantity:
    """Attach a unit to a float (or numpy array) with the package registry.

    Parameters
    ----------
    value : float or numpy.ndarray
        Magnitude(s) in ``unit``.
    unit : str
        Unit symbol as the results carry it (``"W"``, ``"mm²"``, ``"°C"``).

    Examples
    --------
    >>> to_quantity(4.0, "mm²").to("m**2").magnitude
    4e-06
    """
    reg = registry()
    return reg.Quantity(value, unit_for_pint(unit))


def _what_it_is(text: str) -> str | None:
    """Name the kind a unit spelling belongs to, if it is one of ours."""
    for kind in KINDS.values():
        if text in kind.aliases:
            return _DIMENSION_WORDS.get(kind.dimension)
    return None


def _check_value(number: float, kind: Kind, field: str, raw: object) -> float:
    if not math.isfinite(number):
        raise InputError(field, raw, kind.example, "the value must be a finite number")
    if kind.minimum == "positive" and number <= 0:
        raise InputError(field, raw, kind.example, "the value must be greater than zero")
    if kind.minimum == "nonnegative" and number < 0:
        raise InputError(field, raw, kind.example, "the value must not be negative")
    return number


def _bare(number: float, kind: Kind, field: str, raw: object) -> float:
    if not kind.bare:
        unit = kind.unit
        if kind.name == "length" and abs(number) >= 10:
            unit = "cm"  # 260 is a height in centimetres, not 260 m
        raise InputError(field, raw, kind.example, f'give a unit, e.g. "{_fmt(number)} {unit}"')
    _check_value(number, kind, field, raw)
    if kind.name == "power" and number < 100:
        hint = f"a bare number is read in watts, and {_fmt(number)} W is no water heater; "
        if number <= 30:
            hint += f'if you meant kilowatts write "{_fmt(number)} kW"'
        else:
            hint += 'write the unit, e.g. "5500 W" or "5.5 kW"'
        raise InputError(field, raw, kind.example, hint)
    return number


def _fmt(number: float) -> str:
    return f"{number:g}"


def _from_quantity(value: Any, kind: Kind, field: str) -> float:
    """Convert a pint Quantity (of any registry) to the canonical unit."""
    try:
        wanted = value._REGISTRY.get_dimensionality(kind.dimension)
        ok = value.dimensionality == wanted
    except Exception:  # pragma: no cover - an object that only looks like a Quantity
        ok = False
    shown = f"{value:~P}"
    if not ok:
        raise InputError(field, shown, kind.example, f"that is {_describe(value)}")
    magnitude = value.m_as(kind.pint_unit)
    if hasattr(magnitude, "shape") and getattr(magnitude, "shape", ()) != ():
        raise InputError(field, shown, f"one value, {kind.example}", "got an array")
    return _check_value(float(magnitude), kind, field, shown)


def _describe(value: Any) -> str:
    """Say what a Quantity's dimension is, in words where we have them."""
    reg = value._REGISTRY
    for dimension, word in _DIMENSION_WORDS.items():
        try:
            if reg.get_dimensionality(dimension) == value.dimensionality:
                return word
        except Exception:  # pragma: no cover - a registry without this dimension
            continue
    return f"of dimension {value.dimensionality}"


def _from_string(text: str, kind: Kind, field: str) -> float:
    stripped = text.strip()
    if not stripped:
        raise InputError(field, text, kind.example, "the value is empty")
    if _DECIMAL_COMMA_RE.search(stripped):
        fixed = stripped.replace(",", ".")
        raise InputError(
            field,
            text,
            kind.example,
            f'use a decimal point, not a comma: write "{fixed}" (and no thousands separators)',
        )
    match = _VALUE_RE.match(stripped)
    if match is not None:
        number = float(match.group(1))
        unit = match.group(2)
        if not unit:
            return _bare(number, kind, field, text)
        factor = kind.aliases.get(unit)
        if factor is not None:
            if kind.name == "temperature":
                return _check_value(number, kind, field, text)
            return _check_value(number * factor, kind, field, text)
        if kind.name == "temperature" and unit in ("C", "c", "deg", "度"):
            raise InputError(
                field, text, kind.example, f'write "{_fmt(number)} °C" or "{_fmt(number)}degC"'
            )
        other = _what_it_is(unit)
        if other is not None:
            raise InputError(field, text, kind.example, f"that is {other}")
    return _from_pint_string(stripped, kind, field, text)


def _from_pint_string(stripped: str, kind: Kind, field: str, raw: str) -> float:
    """Fallback: let pint read a spelling the alias table does not know."""
    import pint

    reg = registry()
    spelled = stripped
    for old, new in _PINT_REWRITES:
        spelled = spelled.replace(old, new)
    try:
        quantity = reg.Quantity(spelled)
    except (pint.errors.PintError, ValueError, TypeError, AttributeError, SyntaxError):
        raise InputError(field, raw, kind.example, "that is not a number with a unit") from None
    if not isinstance(quantity, reg.Quantity):  # pragma: no cover - pint returned a number
        raise InputError(field, raw, kind.example, "that is not a number with a unit")
    if quantity.dimensionless and kind.dimension != "[]":
        raise InputError(field, raw, kind.example, "that is not a number with a unit")
    return _from_quantity(quantity, kind, field)


def parse(value: object, kind: str, field: str) -> float:
    """Parse one input value and return it as a float in the canonical unit of its kind.

    Parameters
    ----------
    value : float, int, str or pint.Quantity
        A plain number (read in the canonical unit where the kind allows it: power in W,
        voltage in V), a string with a unit, or a Quantity of any pint registry.
    kind : str
        A key of :data:`KINDS`: ``"power"``, ``"voltage"``, ``"current"``, ``"length"``,
        ``"area"``, ``"pressure"``, ``"temperature"``, ``"ratio"``.
    field : str
        The input's name for error messages (``"power"``, ``"site.socket.height"``).

    Returns
    -------
    float
        The value in the canonical unit (``KINDS[kind].unit``).

    Raises
    ------
    InputError
        Wrong dimension, not a number, decimal comma, zero, negative, NaN or infinity,
        or a bare power below 100 (probably kilowatts).

    Examples
    --------
    >>> parse("5.5 kW", "power", "power")
    5500.0
    >>> parse(5500, "power", "power")
    5500.0
    >>> parse("260 cm", "length", "height")
    2.6
    """
    spec = KINDS[kind]
    if isinstance(value, bool):
        raise InputError(field, value, spec.example)
    if isinstance(value, (int, float)):
        return _bare(float(value), spec, field, value)
    if isinstance(value, str):
        return _from_string(value, spec, field)
    if hasattr(value, "magnitude") and hasattr(value, "dimensionality"):
        return _from_quantity(value, spec, field)
    if hasattr(value, "dtype") and getattr(value, "shape", None) == ():  # numpy scalar
        return _bare(float(value), spec, field, value.item())  # type: ignore[attr-defined]
    raise InputError(field, value, spec.example, f"a {type(value).__name__} is not a value")
