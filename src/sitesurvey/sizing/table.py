"""Load and validate the data files in ``tables/``.

The manufacturer's spec table (source: 004 ch.5 §2 A, see ``installation-spec.md`` §1)
is a TOML file; :func:`load_table` reads any file of that format, validates it and
returns an immutable :class:`SpecTable`. Nothing in the code holds a copy of its numbers.

Validation on load: every unit parses and has the right dimension; no blanks; numbers
finite and positive; power strictly increases within a supply; wire, breaker rating and
meter currents never decrease as power rises; meter phases match the supply's phases.
A bad file raises :class:`~sitesurvey.errors.TableError` naming file, row, column and
reason.
"""

from __future__ import annotations

import math
import os
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from sitesurvey import fmt
from sitesurvey._dataclasses import dataclass, field

# data_dir: for the doctest of load_table, and for code that imported it from here
from sitesurvey._files import _data_path, data_dir, read_data_file  # noqa: F401
from sitesurvey.errors import InputError, TableError
from sitesurvey.i18n import N_
from sitesurvey.units import quantity_json as q

if TYPE_CHECKING:
    from typing import NamedTuple
else:  # typing.NamedTuple's classes, made without evaluating annotations (start-up)
    from sitesurvey._tuples import NamedTuple

__all__ = [
    "DEFAULT_TABLE",
    "Breaker",
    "Meter",
    "PressureRange",
    "Row",
    "SpecTable",
    "Supply",
    "TableRef",
    "default_table",
    "load_table",
]

#: File name of the manufacturer's table in ``tables/``.
DEFAULT_TABLE = "ot-h3002_ch5_circuit_conditions.toml"

SUPPORTED_FORMATS = (1,)
#: Bump when the cached form of a data file changes.


class Meter(NamedTuple):
    """An electricity meter rating, marked ``Ib(Imax)`` (e.g. ``5(30)A``).

    Attributes
    ----------
    basic : float
        Basic current Ib [A].
    max : float
        Maximum current Imax [A].
    phases : int
        1 or 3; a three-phase meter is marked ``3×``.
    """

    basic: float
    max: float
    phases: int

    @property
    def marking(self) -> str:
        """The marking as printed on the meter, e.g. ``"5(30)A"`` or ``"3×10(40)A"``."""
        text = f"{self.basic:g}({self.max:g})A"
        return f"{self.phases}×{text}" if self.phases > 1 else text

    def to_dict(self) -> dict[str, Any]:
        return {
            "basic": q(self.basic, "A"),
            "max": q(self.max, "A"),
            "phases": self.phases,
            "marking": self.marking,
        }


class Breaker(NamedTuple):
    """An air switch (miniature circuit breaker).

    Attributes
    ----------
    rating : float
        Rated current In [A].
    poles : int
        Number of poles (2 for single-phase L+N, 4 for three-phase 3L+N).
    """

    rating: float
    poles: int

    def to_dict(self) -> dict[str, Any]:
        return {"rating": q(self.rating, "A"), "poles": self.poles}


class PressureRange(NamedTuple):
    """An inclusive water-pressure range [MPa]."""

    min: float
    max: float

    def to_dict(self) -> dict[str, Any]:
        return {"min": q(self.min, "MPa"), "max": q(self.max, "MPa")}


class Supply(NamedTuple):
    """A rated supply of the table.

    Attributes
    ----------
    voltage : float
        Nominal voltage [V] (line-to-neutral for single-phase, line-to-line for three-phase).
    frequency : float
        [Hz].
    phases : int
        1 or 3.
    min_voltage, max_voltage : float
        The normal supply range [V].
    conductors : str
        e.g. ``"L+N+PE"``.
    range_source : str
        Where the normal range comes from.
    """

    voltage: float
    frequency: float
    phases: int
    min_voltage: float
    max_voltage: float
    conductors: str
    range_source: str

    def _label(self) -> tuple[str, dict[str, str]]:
        if self.phases == 1:
            msgid = N_("{voltage} V {frequency} Hz single-phase")
        else:
            msgid = N_("{voltage} V {frequency} Hz three-phase")
        return msgid, {
            "voltage": fmt.number(self.voltage, 6),
            "frequency": fmt.number(self.frequency, 6),
        }

    @property
    def label(self) -> str:
        """``"220 V 50 Hz single-phase"`` (never opens the catalog: ``size`` start-up)."""
        msgid, fields = self._label()
        return msgid.format(**fields)

    @property
    def label_zh(self) -> str:
        """``"220V 50Hz 单相"``."""
        from sitesurvey.i18n import zh

        msgid, fields = self._label()
        return zh(msgid, None).format(**fields)


class Row(NamedTuple):
    """One row of the spec table.

    Attributes
    ----------
    number : int
        1-based position in the file.
    power : float
        Heater power of the row [W].
    supply : Supply
    wire : float
        Copper conductor cross-section [mm²].
    electronic_meter, mechanical_meter : Meter
        IC-card electronic and mechanical meter.
    breaker : Breaker
    water_pressure : PressureRange
    assumed : bool
        Whether a value of the row is assumed (e.g. an illegible power).
    assumed_reason, assumed_reason_zh : str
        Why, when ``assumed`` (English, Chinese).
    """

    number: int
    power: float
    supply: Supply
    wire: float
    electronic_meter: Meter
    mechanical_meter: Meter
    breaker: Breaker
    water_pressure: PressureRange
    assumed: bool = False
    assumed_reason: str = ""
    assumed_reason_zh: str = ""


class TableRef(NamedTuple):
    """Which table a result came from: its id, file name and SHA-256.

    ``path`` is the file's name only (key kept for compatibility): results are embedded
    in the sheet and hashed, so they must not depend on the folder the table was read
    from (an installation path, the installer's home folder).
    """

    id: str
    path: str
    sha256: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "path": self.path, "sha256": self.sha256}


@dataclass(frozen=True)
class SpecTable:
    """The manufacturer's spec table, validated.

    Attributes
    ----------
    id : str
        Identifier of the table (e.g. ``"OT-H3002-A3/ch5-2A"``).
    title : str
    path : str
        The file it was loaded from.
    sha256 : str
        SHA-256 of the file's bytes; every result names it.
    provenance : dict
        The file's ``[provenance]`` table, as written.
    supplies : tuple of Supply
    rows : tuple of Row
        In file order; within a supply, power strictly increases.
    """

    id: str
    title: str
    path: str
    sha256: str
    provenance: dict[str, Any]
    supplies: tuple[Supply, ...]
    rows: tuple[Row, ...]
    ref: TableRef = field(init=False, repr=False, compare=False)
    _by_voltage: dict[float, tuple[tuple[float, ...], tuple[Row, ...]]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        by_voltage: dict[float, tuple[tuple[float, ...], tuple[Row, ...]]] = {}
        for supply in self.supplies:
            rows = tuple(r for r in self.rows if r.supply is supply)
            by_voltage[supply.voltage] = (tuple(r.power for r in rows), rows)
        object.__setattr__(self, "_by_voltage", by_voltage)
        name = os.path.basename(self.path)  # never the folder: see TableRef
        object.__setattr__(self, "ref", TableRef(self.id, name, self.sha256))

    def rows_of(self, supply: Supply) -> tuple[Row, ...]:
        """The rows of one supply, in increasing power."""
        return self._by_voltage[supply.voltage][1]

    def powers_of(self, supply: Supply) -> tuple[float, ...]:
        """The row powers [W] of one supply, increasing."""
        return self._by_voltage[supply.voltage][0]

    def to_dict(self) -> dict[str, Any]:
        """The table as JSON-ready data; quantities as ``{"value", "unit"}``."""
        return {
            "id": self.id,
            "title": self.title,
            "path": self.path,
            "sha256": self.sha256,
            "provenance": self.provenance,
            "supplies": [
                {
                    "voltage": q(s.voltage, "V"),
                    "frequency": q(s.frequency, "Hz"),
                    "phases": s.phases,
                    "conductors": s.conductors,
                    "normal_range": {"min": q(s.min_voltage, "V"), "max": q(s.max_voltage, "V")},
                    "normal_range_source": s.range_source,
                }
                for s in self.supplies
            ],
            "rows": [
                {
                    "number": r.number,
                    "power": q(r.power, "W"),
                    "supply": q(r.supply.voltage, "V"),
                    "wire": q(r.wire, "mm²"),
                    "meter": {
                        "electronic": r.electronic_meter.to_dict(),
                        "mechanical": r.mechanical_meter.to_dict(),
                    },
                    "breaker": r.breaker.to_dict(),
                    "water_pressure": r.water_pressure.to_dict(),
                    "assumed": r.assumed,
                    "assumed_reason": r.assumed_reason,
                }
                for r in self.rows
            ],
        }

    def supply_for(self, nominal_voltage: float) -> Supply | None:
        """The supply whose nominal voltage is ``nominal_voltage`` [V], if any."""
        for supply in self.supplies:
            if supply.voltage == nominal_voltage:
                return supply
        return None


# --------------------------------------------------------------------------- loading

_UNIT_KINDS = {
    "power": "power",
    "voltage": "voltage",
    "wire": "area",
    "current": "current",
    "pressure": "pressure",
}


#: Example unit symbols per ``[units]`` key, for the fix in an error message.
_EXAMPLE_UNITS = {"power": "W", "voltage": "V", "wire": "mm²", "current": "A", "pressure": "MPa"}


def _shown(value: Any) -> str:
    """A value for a message, bounded: a 400-digit number or a long list is cut."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:40]}… ({len(text)} characters)"


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except (ValueError, OverflowError):
        return False


def _finite(value: int | float) -> float | None:
    """``value`` as a finite float, or ``None`` (inf, nan, or an int too large for a float)."""
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


class _Reader:
    """Reads one table file, remembering where it is so errors can say so."""

    def __init__(self, path: str):
        self.path = path

    def fail(self, reason: str, *, row: int | None = None, column: str | None = None) -> None:
        raise TableError(self.path, reason, row=row, column=column)

    def require(
        self, mapping: dict[str, Any], key: str, *, row: int | None = None, where: str = ""
    ) -> Any:
        column = f"{where}{key}"
        if not isinstance(mapping, dict):
            self.fail(
                f"expected a table of keys, got {_shown(mapping)} — write it as in the "
                "shipped table, e.g. [[supplies]] followed by voltage = 220",
                row=row,
                column=where.rstrip(".") or None,
            )
        if key not in mapping:
            self.fail(
                f"missing (no blanks allowed) — add {key} = … as in the shipped table",
                row=row,
                column=column,
            )
        value = mapping[key]
        if value is None or value == "" or value == [] or value == {}:
            self.fail(
                "blank (no blanks allowed) — write the value from the source document",
                row=row,
                column=column,
            )
        return value

    def number(
        self,
        mapping: dict[str, Any],
        key: str,
        scale: float = 1.0,
        *,
        row: int | None = None,
        where: str = "",
    ) -> float:
        value = self.require(mapping, key, row=row, where=where)
        column = f"{where}{key}"
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            fixed = str(value).replace(",", ".").strip()
            self.fail(
                f"expected a number, got {_shown(value)} — write a bare number such as "
                f"{fixed if _is_number(fixed) else '5500'} (no quotes, no unit: the unit "
                "is set in [units])",
                row=row,
                column=column,
            )
        number = _finite(value)
        if number is None or number <= 0:
            self.fail(
                f"expected a finite number above zero, got {_shown(value)} — write the "
                "value from the source document, in the unit of [units]",
                row=row,
                column=column,
            )
        return number * scale

    def integer(
        self, mapping: dict[str, Any], key: str, allowed: tuple[int, ...], *, row=None, where=""
    ) -> int:
        value = self.require(mapping, key, row=row, where=where)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value not in allowed:
            self.fail(
                f"expected one of {', '.join(map(str, allowed))}, got {_shown(value)} — "
                f"write e.g. {key} = {allowed[-1]}",
                row=row,
                column=f"{where}{key}",
            )
        return int(value)

    def table(self, mapping: dict[str, Any], key: str, *, row=None) -> dict[str, Any]:
        value = self.require(mapping, key, row=row)
        if not isinstance(value, dict):
            self.fail(
                f"expected a table, got {_shown(value)} — write it as [{key}] or "
                f"{key} = {{ … }} with its keys",
                row=row,
                column=key,
            )
        return value


def _unit_scales(reader: _Reader, content: dict[str, Any]) -> dict[str, float]:
    from sitesurvey.units import KINDS, parse

    units = reader.table(content, "units")
    scales = {}
    for column, kind in _UNIT_KINDS.items():
        symbol = reader.require(units, column, where="units.")
        if not isinstance(symbol, str):
            reader.fail(
                f"expected a unit symbol, got {_shown(symbol)} — write it in quotes, "
                f'e.g. {column} = "{_EXAMPLE_UNITS[column]}"',
                column=f"units.{column}",
            )
        try:
            scales[column] = parse(f"1 {symbol}", kind, f"units.{column}")
        except InputError as exc:
            reader.fail(
                f"unit {symbol!r} is not {KINDS[kind].example.split(' like')[0]} ({exc.hint}) "
                f'— write e.g. {column} = "{_EXAMPLE_UNITS[column]}"',
                column=f"units.{column}",
            )
    frequency = units.get("frequency", "Hz")
    if frequency not in ("Hz", "hertz"):
        reader.fail(
            f'expected "Hz", got {_shown(frequency)} — write frequency = "Hz" or leave it out',
            column="units.frequency",
        )
    return scales


def _supplies(reader: _Reader, content: dict[str, Any], scales: dict[str, float]):
    entries = reader.require(content, "supplies")
    if not isinstance(entries, list):
        reader.fail(
            "expected an array of [[supplies]] — write one [[supplies]] section per "
            "supply, as in the shipped table",
            column="supplies",
        )
    supplies: dict[float, Supply] = {}
    v = scales["voltage"]
    for i, entry in enumerate(entries, 1):
        where = f"supplies[{i}]."
        voltage = reader.number(entry, "voltage", v, where=where)
        phases = reader.integer(entry, "phases", (1, 3), where=where)
        rng = reader.require(entry, "normal_range", where=where)
        if not (isinstance(rng, list) and len(rng) == 2):
            reader.fail(
                f"expected [min, max], got {_shown(rng)} — write e.g. normal_range = [198, 242]",
                column=f"{where}normal_range",
            )
        low = reader.number({"min": rng[0]}, "min", v, where=f"{where}normal_range.")
        high = reader.number({"max": rng[1]}, "max", v, where=f"{where}normal_range.")
        if not low < voltage < high:
            reader.fail(
                f"normal range {rng} must contain the nominal voltage {entry['voltage']} "
                "— write [min, max] with min below and max above the nominal voltage",
                column=f"{where}normal_range",
            )
        if voltage in supplies:
            reader.fail(
                f"supply {entry['voltage']} listed twice — remove or merge the second "
                "[[supplies]] entry",
                column=f"{where}voltage",
            )
        supplies[voltage] = Supply(
            voltage=voltage,
            frequency=reader.number(entry, "frequency", where=where),
            phases=phases,
            min_voltage=low,
            max_voltage=high,
            conductors=str(reader.require(entry, "conductors", where=where)),
            range_source=str(reader.require(entry, "normal_range_source", where=where)),
        )
    ordered = sorted(supplies.values(), key=lambda s: s.voltage)
    for lower, upper in pairwise(ordered):
        if lower.max_voltage >= upper.min_voltage:
            reader.fail(
                f"the normal ranges of the {lower.voltage:g} V and {upper.voltage:g} V "
                "supplies overlap, so a measured voltage could not name its supply — "
                "narrow the normal_range of one of them",
                column="supplies",
            )
    return supplies


def _meter(reader: _Reader, entry, key: str, phases: int, amps: float, row: int) -> Meter:
    spec = reader.table(entry, key, row=row)
    where = f"{key}."
    meter = Meter(
        basic=reader.number(spec, "basic", amps, row=row, where=where),
        max=reader.number(spec, "max", amps, row=row, where=where),
        phases=reader.integer(spec, "phases", (1, 3), row=row, where=where),
    )
    if meter.basic >= meter.max:
        reader.fail(
            f"basic current must be below maximum current — e.g. a 5(30)A meter is "
            f"{key} = {{ basic = 5, max = 30, phases = {phases} }}",
            row=row,
            column=key,
        )
    if meter.phases != phases:
        reader.fail(
            f"a {meter.phases}-phase meter on a {phases}-phase supply — write "
            f"phases = {phases}, or put the row under the matching supply",
            row=row,
            column=f"{key}.phases",
        )
    return meter


def _row(reader: _Reader, entry: Any, number: int, supplies, scales) -> Row:
    if not isinstance(entry, dict):
        reader.fail(
            f"expected a table [[rows]], got {_shown(entry)} — write each row as a "
            "[[rows]] section with its keys, as in the shipped table",
            row=number,
        )
    voltage = reader.number(entry, "supply", scales["voltage"], row=number)
    supply = supplies.get(voltage)
    if supply is None:
        listed = ", ".join(f"{s:g}" for s in supplies)
        reader.fail(
            f"no [[supplies]] entry for {entry['supply']} (have {listed}) — write one of "
            f"those voltages, or add a [[supplies]] entry for {entry['supply']}",
            row=number,
        )
    amps = scales["current"]
    breaker = reader.table(entry, "breaker", row=number)
    pressure = reader.table(entry, "water_pressure", row=number)
    water = PressureRange(
        min=reader.number(pressure, "min", scales["pressure"], row=number, where="water_pressure."),
        max=reader.number(pressure, "max", scales["pressure"], row=number, where="water_pressure."),
    )
    if water.min >= water.max:
        reader.fail(
            "min must be below max — write e.g. water_pressure = { min = 0.1, max = 0.6 }",
            row=number,
            column="water_pressure",
        )
    assumed = entry.get("assumed", False)
    if not isinstance(assumed, bool):
        reader.fail(
            f"expected true or false, got {_shown(assumed)} — write assumed = true or "
            "assumed = false (no quotes)",
            row=number,
            column="assumed",
        )
    reason = reason_zh = ""
    if assumed:
        reason = str(reader.require(entry, "assumed_reason", row=number))
        reason_zh = str(entry.get("assumed_reason_zh", reason))
    return Row(
        number=number,
        power=reader.number(entry, "power", scales["power"], row=number),
        supply=supply,
        wire=reader.number(entry, "wire", scales["wire"], row=number),
        electronic_meter=_meter(reader, entry, "electronic_meter", supply.phases, amps, number),
        mechanical_meter=_meter(reader, entry, "mechanical_meter", supply.phases, amps, number),
        breaker=Breaker(
            rating=reader.number(breaker, "rating", amps, row=number, where="breaker."),
            poles=reader.integer(breaker, "poles", (1, 2, 3, 4), row=number, where="breaker."),
        ),
        water_pressure=water,
        assumed=assumed,
        assumed_reason=reason,
        assumed_reason_zh=reason_zh,
    )


_MONOTONE = (
    ("wire", lambda r: r.wire, "mm²"),
    ("breaker.rating", lambda r: r.breaker.rating, "A"),
    ("electronic_meter.max", lambda r: r.electronic_meter.max, "A"),
    ("electronic_meter.basic", lambda r: r.electronic_meter.basic, "A"),
    ("mechanical_meter.max", lambda r: r.mechanical_meter.max, "A"),
    ("mechanical_meter.basic", lambda r: r.mechanical_meter.basic, "A"),
)


def _check_order(reader: _Reader, rows: list[Row]) -> None:
    last: dict[float, Row] = {}
    for row in rows:
        previous = last.get(row.supply.voltage)
        last[row.supply.voltage] = row
        if previous is None:
            continue
        if row.power <= previous.power:
            reader.fail(
                f"power must strictly increase within the {row.supply.voltage:g} V supply "
                f"({row.power:g} W after {previous.power:g} W) — list the rows of a "
                "supply from the lowest power up, each power once",
                row=row.number,
                column="power",
            )
        for column, get, unit in _MONOTONE:
            if get(row) < get(previous):
                reader.fail(
                    f"must not decrease as power rises ({get(row):g} {unit} at "
                    f"{row.power:g} W after {get(previous):g} {unit} at {previous.power:g} W)"
                    " — check both rows against the source document",
                    row=row.number,
                    column=column,
                )


def _parse_table(path: str, content: dict[str, Any], sha256: str) -> SpecTable:
    reader = _Reader(path)
    fmt = content.get("format")
    if fmt not in SUPPORTED_FORMATS:
        reader.fail(
            f"unknown table format {fmt!r}; this version of sitesurvey reads format "
            f"{', '.join(map(str, SUPPORTED_FORMATS))} — write format = "
            f"{SUPPORTED_FORMATS[-1]} at the top of the file",
            column="format",
        )
    provenance = reader.table(content, "provenance")
    for key in ("source", "document", "chapter"):
        reader.require(provenance, key, where="provenance.")
    scales = _unit_scales(reader, content)
    supplies = _supplies(reader, content, scales)
    entries = reader.require(content, "rows")
    if not isinstance(entries, list):
        reader.fail(
            "expected an array of [[rows]] — write one [[rows]] section per row, as in "
            "the shipped table",
            column="rows",
        )
    rows = [_row(reader, entry, i, supplies, scales) for i, entry in enumerate(entries, 1)]
    _check_order(reader, rows)
    for supply in supplies.values():
        if not any(r.supply is supply for r in rows):
            reader.fail(
                f"the {supply.voltage:g} V supply has no rows — add its [[rows]] with "
                f"supply = {supply.voltage:g}, or remove the supply",
                column="rows",
            )
    return SpecTable(
        id=str(reader.require(content, "id")),
        title=str(content.get("title", "")),
        path=path,
        sha256=sha256,
        provenance=provenance,
        supplies=tuple(sorted(supplies.values(), key=lambda s: s.voltage)),
        rows=tuple(sorted(rows, key=lambda r: (r.supply.voltage, r.power))),
    )


#: Tables parsed in this process, by file and SHA-256 of its bytes (at most 16).
_PARSED: dict[tuple[str, str], SpecTable] = {}


def load_table(path: str | os.PathLike[str]) -> SpecTable:
    """Load and validate a spec-table file.

    Parameters
    ----------
    path : str or pathlib.Path
        A TOML file in the format of ``tables/ot-h3002_ch5_circuit_conditions.toml``.

    Returns
    -------
    SpecTable
        Cached per file path and SHA-256 of the file's bytes.

    Raises
    ------
    TableError
        The file is missing, not a regular file, too large, empty, not UTF-8, not
        TOML, or fails validation; the message names the file, row, column, reason and
        fix.

    Examples
    --------
    >>> table = load_table(data_dir() / DEFAULT_TABLE)
    >>> [row.power for row in table.rows][:3]
    [2500.0, 3500.0, 4500.0]
    """
    file = os.fspath(path)
    content, sha256 = read_data_file(file)
    table = _PARSED.get((file, sha256))
    if table is None:
        try:
            table = _parse_table(file, content, sha256)
        except TableError:  # from the file itself, never from a bad cache entry
            content, sha256 = read_data_file(file, fresh=True)
            table = _parse_table(file, content, sha256)
        if len(_PARSED) >= 16:
            del _PARSED[next(iter(_PARSED))]
        _PARSED[(file, sha256)] = table
    return table


@cache
def default_table() -> SpecTable:
    """The manufacturer's table shipped with the package (spec §1), loaded once."""
    return load_table(os.path.join(_data_path(), DEFAULT_TABLE))
