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

Text is read by a strict grammar of this module, never by pint: pint's string parser
evaluates expressions, so it reads ``"5 500 W"`` as 2500 W (a space multiplies),
``"kW"`` as 1 kW, ``"5,5 kW"`` as 55 kW, and runs ``"9**9**9 W"`` for ever. The grammar:
at most :data:`MAX_TEXT` characters; one decimal number in the digits 0-9 (at most
:data:`MAX_DIGITS` significant digits, an exponent below 100, so it cannot overflow);
an optional single space; one unit spelling from the alias tables of :data:`KINDS` (each
alias is checked against pint in the tests). Digit groups (``"5 500 W"``, ``"5'500 W"``)
and decimal commas are refused with a hint; every value is checked (finite, sign).
Whole numbers typed as text (counts: poles, circuits) are read by :func:`parse_count`.

The registry is created lazily (pint costs ~100 ms to import and build), so the sizing
command line never pays for it when the input is a plain number or a common spelling.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import TYPE_CHECKING, Any, NoReturn

from sitesurvey._dataclasses import compile_pattern
from sitesurvey.errors import InputError

if TYPE_CHECKING:
    from typing import NamedTuple

    import pint
else:  # typing.NamedTuple's classes, made without evaluating annotations (start-up)
    from sitesurvey._tuples import NamedTuple

__all__ = [
    "KINDS",
    "MAX_COUNT_DIGITS",
    "MAX_DIGITS",
    "MAX_TEXT",
    "Kind",
    "fold_keyboard",
    "parse",
    "parse_breaker_rating",
    "parse_count",
    "parse_poles",
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
                # 公斤 is what plumbers say for kgf/cm² (1 kgf/cm² = 0.0980665 MPa, exactly)
                (("公斤", "kgf/cm2", "kgf/cm²", "kg/cm2", "kg/cm²"), 0.0980665),
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

#: Characters that occur in the spellings of each kind (other characters are named).
_UNIT_CHARS: dict[str, frozenset[str]] = {
    name: frozenset("".join(kind.aliases)) for name, kind in KINDS.items()
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

#: The longest quantity text read; longer text is refused before any parsing.
MAX_TEXT = 64
#: Significant digits of the number (17 round-trip a float) and digits of its exponent.
MAX_DIGITS = 17
MAX_EXPONENT_DIGITS = 2
#: The longest whole number (count) read from text.
MAX_COUNT_DIGITS = 6

#: One decimal number in ASCII digits; its size is checked after the match.
_NUMBER_RE = compile_pattern(
    __name__, r"[+-]?(?P<mantissa>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE](?P<exponent>[+-]?[0-9]+))?"
)
_NON_FINITE_RE = compile_pattern(__name__, r"[+-]?(?:nan|inf|infinity)\b", re.IGNORECASE)
_DECIMAL_COMMA_RE = compile_pattern(__name__, r"[0-9],[0-9]")
#: Digit groups: "5 500", "5\u00a0500", "5'500", "1,234,567" (space, no-break space, thin
#: space, narrow no-break space, apostrophes, comma, underscore).
_DIGIT_GROUPS_RE = compile_pattern(
    __name__, r"[+-]?[0-9]{1,3}(?:[ \u00a0\u2009\u202f'’,_][0-9]{3})+(?![0-9])"
)
#: The one (optional) space allowed between number and unit.
_UNIT_SEPARATORS = " \t\u00a0\u2009\u202f"
#: Temperature units with an offset: scale and offset to kelvin, as pint defines them.
_OFFSET_UNITS: dict[str, tuple[float, float]] = {
    "K": (1.0, 0.0),
    "kelvin": (1.0, 0.0),
    "degF": (5 / 9, 233.15 + 200 / 9),
    "°F": (5 / 9, 233.15 + 200 / 9),
    "℉": (5 / 9, 233.15 + 200 / 9),
}
_KELVIN_AT_0_C = 273.15

#: Phone keyboards with a Chinese input method type full-width forms: U+FF01–U+FF5E are
#: the shapes of ASCII "!" to "~" (digits, letters, brackets, colon, full stop), and
#: U+3000 is the ideographic space. They are read as the ASCII they stand for, which is
#: unambiguous; nothing else is folded ("²", "①", "٣" stay refused).
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
#: "2米6" is 2.6 m and "1米75" is 1.75 m: the digits after 米 are the decimals.
_METRES_SPOKEN_RE = compile_pattern(__name__, r"^([0-9]{1,3}) ?米 ?([0-9]{1,3})$")
#: An air switch's rating as printed on it: the tripping curve, then the rating ("C32").
_CURVE_RATING_RE = compile_pattern(__name__, r"^([BCDbcd]) ?([0-9]{1,3}(?:\.[0-9]+)?) ?[Aa]?$")
#: Poles as printed on an air switch or said on site: "2P", "4p", "2极", "二极".
_POLES_RE = compile_pattern(__name__, r"^([0-9]{1,2}) ?(?:[Pp]|极)$")
_POLES_WORDS = {"单极": 1, "一极": 1, "二极": 2, "两极": 2, "双极": 2, "三极": 3, "四极": 4}

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
        if kind.name == "length":  # 260 may be cm, 2600 mm: the reader cannot tell
            hint = 'give the unit after the number, in metres ("2.6 m") or "cm" or "mm"'
        else:
            hint = f'give a unit, e.g. "{_fmt(number)} {kind.unit}"'
        raise InputError(field, raw, kind.example, hint)
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


def _char_name(char: str) -> str:
    """Show one character so that it can be told apart: ``"²" (U+00B2 SUPERSCRIPT TWO)``."""
    if char == " ":
        return "a space (U+0020)"
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}{' ' + name if name else ''}"
    shown = char if char.isprintable() and not char.isspace() else ""
    return f'"{shown}" ({code})' if shown else f"({code})"


def _clipped(text: str) -> str:
    """The start of a text too long to show whole in a message."""
    return text if len(text) <= 40 else f"{text[:40]}… ({len(text)} characters)"


def _number_missing(stripped: str) -> bool:
    return any(stripped in spec.aliases for spec in KINDS.values()) or stripped in _OFFSET_UNITS


def _refuse_digit_groups(stripped: str, text: str, kind: Kind, field: str) -> None:
    """Refuse ``"5 500 W"``, ``"5'500 W"``, ``"5,500 W"``: never read a digit group as a factor."""
    group = _DIGIT_GROUPS_RE.match(stripped)
    if group is None:
        return
    joined = re.sub(r"[^0-9+-]", "", group.group()) + stripped[group.end() :]
    separators = {c for c in group.group() if c not in "0123456789+-"}
    if separators == {","} and group.group().count(",") == 1:
        fixed = stripped.replace(",", ".")
        raise InputError(
            field,
            text,
            kind.example,
            f'use a decimal point, not a comma, and no thousands separators: write "{fixed}" '
            f'if you mean a decimal, or "{joined}"',
        )
    shown = ", ".join(_char_name(c) for c in sorted(separators))
    raise InputError(
        field,
        text,
        kind.example,
        f'write "{joined}" without spaces or separators between the digits (found {shown})',
    )


def _unknown(rest: str, number: float, kind: Kind, field: str, raw: str) -> NoReturn:
    """Say why the text after the number is not a unit of ``kind``; always raises."""
    if kind.name == "temperature" and rest in ("C", "c", "deg", "度"):
        raise InputError(
            field, raw, kind.example, f'write "{_fmt(number)} °C" or "{_fmt(number)}degC"'
        )
    other = _what_it_is(rest)
    if other is not None:
        raise InputError(field, raw, kind.example, f"that is {other}")
    if rest[0].isspace():
        raise InputError(
            field,
            raw,
            kind.example,
            f"put at most one space between the number and the unit, found {_char_name(rest[0])}"
            if rest[0] != " "
            else "put at most one space between the number and the unit",
        )
    if rest[0] in "0123456789":
        raise InputError(
            field, raw, kind.example, "write the number without spaces between the digits"
        )
    allowed = _UNIT_CHARS[kind.name]
    for char in rest:
        if char not in allowed and not (char.isascii() and char.isalpha()):
            raise InputError(
                field,
                raw,
                kind.example,
                f"that is not a number with a unit: {_char_name(char)} is not allowed here; "
                "write one number and one unit, without arithmetic",
            )
    raise InputError(
        field,
        raw,
        kind.example,
        f'that is not a number with a unit we know: "{rest}" is not a unit of '
        f"{_DIMENSION_WORDS[kind.dimension].split(' ', 1)[1]}",
    )


def _no_number(stripped: str, text: str, kind: Kind, field: str) -> NoReturn:
    """Say why text that does not start with a number is not a value; always raises."""
    if _NON_FINITE_RE.match(stripped):
        raise InputError(
            field, text, kind.example, "that is not a number: the value must be a finite number"
        )
    if _number_missing(stripped):
        raise InputError(
            field,
            text,
            kind.example,
            f'the number is missing: write it before the unit, e.g. "5 {stripped}"',
        )
    first = stripped[0]
    if first.isascii() and first.isalpha():
        raise InputError(
            field,
            text,
            kind.example,
            "that is not a number with a unit: write the number first, then the unit",
        )
    raise InputError(
        field,
        text,
        kind.example,
        f"that is not a number with a unit: {_char_name(first)} is not accepted; "
        "write the number with the digits 0-9",
    )


def _from_string(text: str, kind: Kind, field: str) -> float:
    """Read ``text`` by the grammar: one decimal number, an optional space, one known unit.

    Nothing here evaluates an expression: the text is bounded in length, the number is
    matched by a regular expression of ASCII digits and converted by ``float``, and the
    unit must be one of the spellings of :data:`KINDS` (looked up in a dict).
    """
    if len(text) > MAX_TEXT:
        raise InputError(
            field,
            _clipped(text),
            kind.example,
            f"the text is {len(text)} characters long; a value has at most {MAX_TEXT} "
            "characters: one number and one unit",
        )
    stripped = fold_keyboard(text).strip()
    if not stripped:
        raise InputError(field, text, kind.example, "the value is empty")
    if kind.name == "length":
        spoken = _METRES_SPOKEN_RE.match(stripped)
        if spoken is not None:
            return _check_value(float(f"{spoken[1]}.{spoken[2]}"), kind, field, text)
    _refuse_digit_groups(stripped, text, kind, field)
    if _DECIMAL_COMMA_RE.search(stripped):
        fixed = stripped.replace(",", ".")
        raise InputError(
            field,
            text,
            kind.example,
            f'use a decimal point, not a comma: write "{fixed}" (and no thousands separators)',
        )
    match = _NUMBER_RE.match(stripped)
    if match is None:
        _no_number(stripped, text, kind, field)
    digits = match.group("mantissa").replace(".", "").lstrip("0")
    if len(digits) > MAX_DIGITS:
        raise InputError(
            field, text, kind.example, f"write the number with at most {MAX_DIGITS} digits"
        )
    exponent = match.group("exponent")
    if exponent is not None and len(exponent.lstrip("+-").lstrip("0")) > MAX_EXPONENT_DIGITS:
        raise InputError(
            field,
            text,
            kind.example,
            f"the exponent must be between -{10**MAX_EXPONENT_DIGITS - 1} and "
            f"{10**MAX_EXPONENT_DIGITS - 1}; write the value in a plain number and unit",
        )
    number = float(match.group())  # at most 64 characters and |exponent| < 100: no overflow
    rest = stripped[match.end() :]
    if rest and rest[0] in _UNIT_SEPARATORS:
        rest = rest[1:]
    if not rest:
        return _bare(number, kind, field, text)
    factor = kind.aliases.get(rest)
    if factor is not None:
        if kind.name == "temperature":
            return _check_value(number, kind, field, text)
        return _check_value(number * factor, kind, field, text)
    if kind.name == "temperature" and rest in _OFFSET_UNITS:
        scale, offset = _OFFSET_UNITS[rest]
        return _check_value(number * scale + offset - _KELVIN_AT_0_C, kind, field, text)
    return _unknown(rest, number, kind, field, text)


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


def parse_count(
    value: object,
    field: str,
    *,
    minimum: int = 1,
    maximum: int | None = None,
    expected: str | None = None,
) -> int:
    """Read a whole number a user gave: an ``int``, or text of the ASCII digits 0-9.

    ``str.isdigit`` and ``int`` accept far more than an installer means (``"²"``, ``"①"``,
    ``"٣"``, ``"1_000"``, thousands of digits); this reads only ``[0-9]`` with at most
    :data:`MAX_COUNT_DIGITS` digits, surrounding spaces allowed.

    Parameters
    ----------
    value : int or str
        The value as given.
    field : str
        The input's name for error messages (``"site.breaker.poles"``).
    minimum, maximum : int, optional
        The allowed range, both ends included; ``maximum`` None for no upper end.
    expected : str, optional
        What a valid value looks like, for the message; by default the range in words.

    Returns
    -------
    int
        The number.

    Raises
    ------
    InputError
        Not an int or a text of digits, or outside the range; the message names the
        first character that is not a digit 0-9.

    Examples
    --------
    >>> parse_count(" 3 ", "grouping")
    3
    """
    if expected is None:
        expected = f"a whole number of at least {minimum}"
        if maximum is not None:
            expected = f"a whole number from {minimum} to {maximum}"
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise InputError(field, value, expected)
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise InputError(
                field, _clipped(value), expected, f"write at most {MAX_COUNT_DIGITS} digits"
            )
        text = fold_keyboard(value).strip()
        if not text:
            raise InputError(field, value, expected, "the value is empty")
        for char in text:
            if char not in "0123456789":
                hint = f"{_char_name(char)} is not a digit 0-9"
                digit = unicodedata.digit(char, None)
                if digit is not None and all(unicodedata.digit(c, None) is not None for c in text):
                    plain = "".join(str(unicodedata.digit(c)) for c in text)
                    hint += f'; write "{plain}"'
                else:
                    hint += "; write the number with the digits 0-9 only"
                raise InputError(field, value, expected, hint)
        if len(text) > MAX_COUNT_DIGITS:
            raise InputError(field, value, expected, f"write at most {MAX_COUNT_DIGITS} digits")
        number = int(text)
    else:
        number = value
    if number < minimum or (maximum is not None and number > maximum):
        raise InputError(field, value, expected)
    return number


def fold_keyboard(text: str) -> str:
    """Read what a phone keyboard types: full-width ASCII forms as ASCII.

    A Chinese input method types ``５５００Ｗ``, ``５（２０）Ａ`` or ``１４：００`` with
    full-width digits, letters, brackets and colons, and U+3000 for a space; they stand
    for ASCII without ambiguity. Nothing else changes: superscripts, circled digits and
    other scripts' digits stay as they are (and are refused where a number is read).

    Examples
    --------
    >>> fold_keyboard("５（２０）Ａ")
    '5(20)A'
    """
    return text.translate(_FULL_WIDTH)


def parse_breaker_rating(value: object, field: str) -> tuple[float, str | None]:
    """Read an air switch's rated current [A], and its tripping curve where printed.

    Accepts what :func:`parse` accepts for a current (``"32 A"``, ``32``), and the marking
    on the switch itself: the curve letter, then the rating (``"C32"``, ``"B16"``,
    ``"D40 A"``).

    Returns
    -------
    rating : float
        Rated current In [A].
    curve : {"B", "C", "D"} or None
        The tripping curve, where the text gives it.

    Examples
    --------
    >>> parse_breaker_rating("C32", "site.breaker.rating")
    (32.0, 'C')
    >>> parse_breaker_rating("25 A", "site.breaker.rating")
    (25.0, None)
    """
    if isinstance(value, str) and len(value) <= MAX_TEXT:
        marking = _CURVE_RATING_RE.match(fold_keyboard(value).strip())
        if marking is not None:
            rating = _check_value(float(marking[2]), KINDS["current"], field, value)
            return rating, marking[1].upper()
    return parse(value, "current", field), None


def parse_poles(value: object, field: str) -> int:
    """Read the number of poles of an air switch: ``2``, ``"2P"``, ``"4p"``, ``"2极"``, ``"二极"``.

    Examples
    --------
    >>> parse_poles("2P", "site.breaker.poles"), parse_poles("四极", "site.breaker.poles")
    (2, 4)
    """
    expected = 'the number of poles: 2 (single-phase) or 4 (three-phase), e.g. 2 or "2P"'
    if isinstance(value, str) and len(value) <= MAX_TEXT:
        text = fold_keyboard(value).strip()
        if text in _POLES_WORDS:
            return _POLES_WORDS[text]
        printed = _POLES_RE.match(text)
        if printed is not None:
            value = printed[1]
    return parse_count(value, field, minimum=1, maximum=4, expected=expected)
