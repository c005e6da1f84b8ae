"""The units boundary: parsing, dimension checks and value checks (units.py)."""

from __future__ import annotations

import math
import subprocess
import sys
import time

import pint
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitesurvey.errors import InputError
from sitesurvey.units import (
    KINDS,
    MAX_COUNT_DIGITS,
    MAX_TEXT,
    parse,
    parse_count,
    registry,
    to_quantity,
    unit_for_pint,
)


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
        "公斤": "kgf/cm**2",
        "kgf/cm2": "kgf/cm**2",
        "kg/cm2": "kgf/cm**2",
        "kg/cm²": "kgf/cm**2",
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
        ("260", "length", 'in metres ("2.6 m") or "cm" or "mm"'),
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
        ("2.6", "length", 'in metres ("2.6 m")'),
        ("-1 m", "length", "not be negative"),
        ("3 bar/s", "pressure", "expected a pressure"),
        ("5500 J/s", "power", "not a number with a unit"),
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


# ------------------------------------------------------------ the grammar (issue 8)

#: The separators people put between digit groups: space, no-break space, thin space,
#: narrow no-break space, apostrophes, comma, underscore.
GROUP_SEPARATORS = [" ", "\u00a0", "\u2009", "\u202f", "'", "\u2019", ",", "_"]


@pytest.mark.parametrize(
    ("text", "kind", "joined"),
    [
        ("5 500 W", "power", "5500 W"),
        ("5\u00a0500 W", "power", "5500 W"),
        ("5\u2009500 W", "power", "5500 W"),
        ("5\u202f500 W", "power", "5500 W"),
        ("5'500 W", "power", "5500 W"),
        ("7 500 W", "power", "7500 W"),
        ("8 500 W", "power", "8500 W"),
        ("1,234,567 W", "power", "1234567 W"),
        ("2 000 cm", "length", "2000 cm"),
        ("2 400 mm", "length", "2400 mm"),
        ("1 500 000 mm", "length", "1500000 mm"),
    ],
)
def test_digit_groups_are_refused_with_the_number_written_together(text, kind, joined):
    """pint read the space as a product: "5 500 W" was 2500 W, "2 000 cm" 0 m."""
    with pytest.raises(InputError) as info:
        parse(text, kind, "power")
    assert f'write "{joined}" without spaces' in str(info.value)


def test_a_comma_between_digit_groups_offers_both_readings():
    with pytest.raises(InputError) as info:
        parse("5,500 W", "power", "power")
    assert '"5.500 W" if you mean a decimal, or "5500 W"' in str(info.value)


@given(
    st.integers(min_value=1000, max_value=10**12),
    st.sampled_from(GROUP_SEPARATORS),
    st.sampled_from(["W", " W", " kW", "", " mm"]),
)
def test_no_grouped_number_is_ever_read(number, separator, unit):
    grouped = f"{number:,}".replace(",", separator) + unit
    with pytest.raises(InputError, match="separators"):
        parse(grouped, "power", "power")


@pytest.mark.parametrize(
    ("text", "kind"),
    [("kW", "power"), ("W", "power"), (" kw ", "power"), ("mm2", "area"), ("°C", "temperature")],
)
def test_a_unit_without_a_number_says_the_number_is_missing(text, kind):
    """--power "$P kW" with $P empty became "kW", read by pint as 1 kW."""
    with pytest.raises(InputError, match="the number is missing"):
        parse(text, kind, "power")


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("5500 W/0", '"/" (U+002F SOLIDUS)'),
        ("10**400 W", '"*" (U+002A ASTERISK)'),
        ("9**9**9 W", '"*" (U+002A ASTERISK)'),
        ("5500 W; rm -rf /", '";" (U+003B SEMICOLON)'),
        ("5500 J/s", '"/" (U+002F SOLIDUS)'),
        ("(5500) W", '"(" (U+0028 LEFT PARENTHESIS)'),
        ("５５００ Ｗ／０", '"/" (U+002F SOLIDUS)'),
        ("\u22125500 W", "U+2212 MINUS SIGN"),
        ("5500 W\u0000", "(U+0000)"),
    ],
)
def test_expressions_are_never_evaluated_and_the_character_is_named(text, named):
    """pint evaluated these: ZeroDivisionError, OverflowError, AssertionError, a hang."""
    with pytest.raises(InputError) as info:
        parse(text, "power", "power")
    assert named in str(info.value)
    assert "not a number with a unit" in str(info.value)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("1e400 W", "exponent must be between -99 and 99"),
        ("1e-400 W", "exponent must be between -99 and 99"),
        ("123456789012345678 W", "at most 17 digits"),
        ("inf W", "finite"),
        ("-Infinity W", "finite"),
        ("5500  W", "at most one space"),
        ("5 5 W", "without spaces between the digits"),
        ("5.5.5 kW", '"." (U+002E FULL STOP)'),
        ("5500 watt hours", "a space (U+0020) is not allowed here"),
        ("5500 WATTS", '"WATTS" is not a unit of power'),
        ("abc", "write the number first"),
    ],
)
def test_what_the_grammar_refuses(text, fragment):
    with pytest.raises(InputError) as info:
        parse(text, "power", "power")
    assert fragment in str(info.value)


def test_the_limits_of_the_grammar_are_accepted():
    assert parse("12345678901234567 W", "power", "p") == 12345678901234567.0
    assert parse("1e99 W", "power", "p") == 1e99
    assert parse("5.5e3 W", "power", "p") == 5500.0
    assert parse("0" * 50 + "5500 W", "power", "p") == 5500.0  # leading zeros: not significant


@pytest.mark.parametrize("length", [65, 1_000, 100_000])
def test_long_text_is_refused_before_parsing_and_shown_clipped(length):
    """A 100 000-character argument took 72 s to refuse."""
    text = ("5" * length)[: length - 2] + " W"
    with pytest.raises(InputError) as info:
        parse(text, "power", "power")
    message = str(info.value)
    assert f"the text is {length} characters long" in message
    assert "at most 64 characters" in message
    assert len(message) < 300


def test_64_characters_are_still_read():
    text = " " * 30 + "5500 W" + " " * 28
    assert len(text) == MAX_TEXT
    assert parse(text, "power", "p") == 5500.0


@pytest.mark.parametrize("separator", [" ", "", "\u00a0", "\u2009", "\u202f", "\t"])
def test_one_space_of_any_kind_between_number_and_unit(separator):
    assert parse(f"5.5{separator}kW", "power", "p") == 5500.0


@pytest.mark.parametrize(
    ("text", "pint_spelling"),
    [
        ("308.15 K", "kelvin"),
        ("300 kelvin", "kelvin"),
        ("95 degF", "degF"),
        ("95 °F", "degF"),
        ("95℉", "degF"),
        ("-40 degF", "degF"),
    ],
)
def test_offset_temperatures_agree_with_pint(text, pint_spelling):
    """Kelvin and Fahrenheit were reachable only through pint; the docs name "95 degF"."""
    number = float(text.split()[0].rstrip("℉"))
    expected = registry().Quantity(number, pint_spelling).m_as("degC")
    assert parse(text, "temperature", "ambient") == expected


def test_text_never_imports_pint():
    """pint sees no text: parsing every kind of spelling, good or bad, leaves pint unloaded."""
    code = (
        "import sys\n"
        "from sitesurvey.units import KINDS, parse\n"
        "from sitesurvey.errors import InputError\n"
        "texts = ['5.5 kW', '5500', '95 degF', '308.15 K', '5500 J/s', 'kW', '9**9**9 W',\n"
        "         '5 500 W', '3 bar/s', '5500 apples', 'nan W']\n"
        "texts += [f'3 {a}' for k in KINDS.values() for a in k.aliases]\n"
        "for text in texts:\n"
        "    for kind in KINDS:\n"
        "        try:\n"
        "            parse(text, kind, 'x')\n"
        "        except InputError:\n"
        "            pass\n"
        "print('pint' in sys.modules)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert proc.stdout.strip() == "False"


#: Characters the grammar is made of, and its near misses, to aim random text at it.
GRAMMAR_ALPHABET = "0123456789 .,eE+-*/^()'_kKWwmMcC°²℃%\u00a0\u2009\u202f\uff15\u00b2\u2460"


@settings(max_examples=400, deadline=200)
@given(
    st.one_of(st.text(max_size=80), st.text(alphabet=GRAMMAR_ALPHABET, max_size=80)),
    st.sampled_from(sorted(KINDS)),
)
def test_any_text_parses_to_a_finite_value_or_is_refused_quickly(text, kind):
    """The property of the boundary: a finite float or an InputError, in bounded time."""
    started = time.perf_counter()
    try:
        value = parse(text, kind, "x")
    except InputError as exc:
        assert str(exc).startswith("x: expected")
    else:
        assert isinstance(value, float)
        assert math.isfinite(value)
        assert len(text) <= MAX_TEXT
    assert time.perf_counter() - started < 0.1


# ------------------------------------------------------------------ parse_count


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("²", '"²" (U+00B2 SUPERSCRIPT TWO) is not a digit 0-9; write "2"'),
        ("①", '"①" (U+2460 CIRCLED DIGIT ONE) is not a digit 0-9; write "1"'),
        ("٣", 'ARABIC-INDIC DIGIT THREE) is not a digit 0-9; write "3"'),
        ("1_000", '"_" (U+005F LOW LINE) is not a digit 0-9'),
        ("-1", '"-" (U+002D HYPHEN-MINUS)'),
        ("2.0", '"." (U+002E FULL STOP)'),
        ("", "the value is empty"),
        ("9" * 7, f"at most {MAX_COUNT_DIGITS} digits"),
        ("9" * 100_000, f"at most {MAX_COUNT_DIGITS} digits"),
        ("5", "expected a whole number from 1 to 4"),
        (0, "expected a whole number from 1 to 4"),
        (True, "expected a whole number from 1 to 4"),
        (2.0, "expected a whole number from 1 to 4"),
    ],
)
def test_parse_count_reads_ascii_digits_only(value, fragment):
    """str.isdigit() is true for "²" and "①", and int() then raised a ValueError."""
    with pytest.raises(InputError) as info:
        parse_count(value, "site.breaker.poles", minimum=1, maximum=4)
    message = str(info.value)
    assert message.startswith("site.breaker.poles: expected")
    assert fragment in message
    assert len(message) < 300


@pytest.mark.parametrize(("value", "expected"), [(" 2 ", 2), ("4", 4), (3, 3), ("0001", 1)])
def test_parse_count_accepts(value, expected):
    assert parse_count(value, "poles", maximum=4) == expected


@given(st.text(max_size=80))
def test_parse_count_is_an_int_in_range_or_an_input_error(text):
    try:
        number = parse_count(text, "n", minimum=0)
    except InputError:
        return
    assert isinstance(number, int)
    assert set(text.strip()) <= set("0123456789")
    assert number == int(text.strip())


# ------------------------------------------------------------ phone keyboards (issue 10)


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("５５００Ｗ", "power", 5500.0),
        ("５．５ ｋＷ", "power", 5500.0),
        ("２２０\u3000Ｖ", "voltage", 220.0),
        ("2米6", "length", 2.6),
        ("1米75", "length", 1.75),
        ("２米６", "length", 2.6),
        ("18公分", "length", 0.18),
        ("3.5公斤", "pressure", 3.5 * 0.0980665),
        ("3 kgf/cm2", "pressure", 3 * 0.0980665),
    ],
)
def test_phone_keyboard_spellings(text: str, kind: str, value: float) -> None:
    assert parse(text, kind, "x") == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize(
    ("text", "rating", "curve"),
    [
        ("C32", 32.0, "C"),
        ("b16", 16.0, "B"),
        ("D40 A", 40.0, "D"),
        ("Ｃ３２", 32.0, "C"),
        ("32 A", 32.0, None),
        (25, 25.0, None),
    ],
)
def test_breaker_marking_gives_rating_and_curve(text, rating, curve) -> None:
    from sitesurvey.units import parse_breaker_rating

    assert parse_breaker_rating(text, "site.breaker.rating") == (rating, curve)


@pytest.mark.parametrize("text", ["E32", "C", "C-32", "C32 V", "C 3 2"])
def test_breaker_marking_refuses_other_text(text) -> None:
    from sitesurvey.units import parse_breaker_rating

    with pytest.raises(InputError, match=r"site\.breaker\.rating"):
        parse_breaker_rating(text, "site.breaker.rating")


@pytest.mark.parametrize(
    ("text", "poles"),
    [(2, 2), ("2P", 2), ("4p", 4), ("２Ｐ", 2), ("2极", 2), ("二极", 2), ("四极", 4), (" 4 ", 4)],
)
def test_poles_as_printed_or_said(text, poles) -> None:
    from sitesurvey.units import parse_poles

    assert parse_poles(text, "site.breaker.poles") == poles


@pytest.mark.parametrize("text", ["2PP", "P2", "²", "5P", "0", "二"])
def test_poles_refused_name_the_field(text) -> None:
    from sitesurvey.units import parse_poles

    with pytest.raises(InputError, match=r"site\.breaker\.poles"):
        parse_poles(text, "site.breaker.poles")


def test_superscripts_and_circled_digits_stay_refused() -> None:
    for text in ("5²00 W", "①500 W", "٥٥٠٠ W"):
        with pytest.raises(InputError):
            parse(text, "power", "power")
