"""Engineering cross-check of the circuit, beside the manufacturer's table (spec §3).

The table answer of :func:`sitesurvey.size` stays the answer. This module reports, next
to it, what a careful electrical engineer would check for the actual site: a long run,
wire in conduit in a hot wall, several circuits bunched together, a weak supply.

Plain functions first (vectorised over numpy arrays where natural; numpy is imported
only when an array comes in, so the scalar path of ``sitesurvey size`` stays light):

* :func:`ampacity` — current-carrying capacity Iz with the ambient and grouping factors
  (:func:`ambient_factor`, :func:`grouping_factor`), IEC 60364-5-52 Annex B;
* :func:`voltage_drop`, :func:`voltage_drop_percent`, :func:`terminal_voltage` —
  IEC 60364-5-52 Annex G;
* :func:`coordination` — Ib ≤ In ≤ Iz and I2 ≤ 1.45·Iz, IEC 60364-4-43 433.1;
* :func:`meter_sufficient` — meter Imax ≥ Ib;
* :func:`main_switch_check` — spec rule ``E-MAIN``.

A thin layer on top: :class:`SiteConditions` (route length, installation method, ambient
temperature, grouping, measured supply voltage, voltage-drop limit, worst-case voltage)
and :func:`check_engineering`, which returns an :class:`EngineeringResult` with the
checks (:class:`~sitesurvey.results.CheckResult`, codes ``ENG-…``), the verdict, the
recommendation by the fixed algorithm of issue 3 and the working, formula by formula.

Every figure comes from a data file in ``tables/`` (with its provenance), read and
validated on first use by :func:`reference_data`; nothing here holds a copy of a
standard's numbers. The design current is :func:`sitesurvey.sizing.design_current`.
"""

from __future__ import annotations

import math
import os
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, NoReturn

from sitesurvey._files import _resolve_data_file, read_data_file
from sitesurvey.bands import plausible_supply_voltage
from sitesurvey.errors import InputError, TableError
from sitesurvey.results import FAIL, NOT_CHECKED, PASS, Bound, CheckResult, Value
from sitesurvey.sizing import SQRT3, SizingResult, design_current
from sitesurvey.sizing.table import Breaker, Meter, Supply
from sitesurvey.units import KINDS, parse, parse_count
from sitesurvey.units import quantity_json as q

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "AMBIENT_FILE",
    "CAPACITY_FILE",
    "GROUPING_FILE",
    "RATINGS_FILE",
    "DataSource",
    "EngineeringResult",
    "InstallationMethod",
    "Recommendation",
    "RecommendationStep",
    "ReferenceData",
    "SiteConditions",
    "StandardMeter",
    "WorkingLine",
    "ambient_factor",
    "ampacity",
    "check_engineering",
    "coordination",
    "grouping_factor",
    "main_switch_check",
    "meter_sufficient",
    "reference_data",
    "terminal_voltage",
    "voltage_drop",
    "voltage_drop_percent",
]

#: Data files in ``tables/`` (one per source table).
CAPACITY_FILE = "iec60364-5-52_current_carrying_capacity.toml"
AMBIENT_FILE = "iec60364-5-52_ambient_temperature_factors.toml"
GROUPING_FILE = "iec60364-5-52_grouping_factors.toml"
RATINGS_FILE = "standard_ratings.toml"

#: Below this an ambient temperature is not physical [°C].
_ABSOLUTE_ZERO_C = -273.15
#: Guards against unit slips, not limits of a standard: the longest route of one
#: dedicated line in a home [m], and the range of a sensible voltage-drop limit [%]
#: (IEC 60364-5-52 Annex G uses 3-8 %).
_LONGEST_ROUTE = 500.0
_DROP_LIMITS = (0.5, 20.0)
#: Round-off of a unit conversion, ignored when a temperature is looked up [°C].
_TEMPERATURE_ROUNDOFF = 1e-9


def _fmt(x: float, digits: int = 4) -> str:
    """A number for messages and working: ``38.64``, ``40``, ``0.0225``, ``10000``."""
    text = f"{x:.{digits}g}"
    if "e" in text:  # large numbers: no exponent, but no more than the digits asked for
        text = f"{round(x, digits - 1 - math.floor(math.log10(abs(x)))):.0f}"
    return text


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


# ------------------------------------------------------------------ reference data


class DataSource(NamedTuple):
    """Where a set of figures comes from: the data file, its SHA-256 and the tables.

    Attributes
    ----------
    file : str
        File name in ``tables/``.
    path : str
        Path it was read from.
    sha256 : str
        SHA-256 of the file's bytes.
    standard : str
        e.g. ``"IEC 60364-5-52"``.
    edition : str
    tables : tuple of str
        Table numbers of the standard, e.g. ``("B.52.2", "B.52.4", "B.52.10")``.
    """

    file: str
    path: str
    sha256: str
    standard: str
    edition: str
    tables: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sha256": self.sha256,
            "standard": self.standard,
            "edition": self.edition,
            "tables": list(self.tables),
        }


class InstallationMethod(NamedTuple):
    """One reference installation method of IEC 60364-5-52 with its capacities.

    Attributes
    ----------
    name : str
        ``"A1"``, ``"B1"``, ``"C"``, ``"E"`` ...
    description, description_zh : str
    table_two_loaded, table_three_loaded : str
        Table numbers of the standard (``"B.52.2"``, ``"B.52.4"``).
    two_loaded, three_loaded : tuple of float
        Iz at 30 °C, one per cross-section of the capacity file [A].
    """

    name: str
    description: str
    description_zh: str
    table_two_loaded: str
    table_three_loaded: str
    two_loaded: tuple[float, ...]
    three_loaded: tuple[float, ...]

    def capacities(self, loaded_conductors: int) -> tuple[float, ...]:
        return self.two_loaded if loaded_conductors == 2 else self.three_loaded

    def table(self, loaded_conductors: int) -> str:
        return self.table_two_loaded if loaded_conductors == 2 else self.table_three_loaded


class StandardMeter(NamedTuple):
    """A standard meter rating ``Ib(Imax)`` and how it is connected.

    Attributes
    ----------
    meter : Meter
        Basic current, maximum current [A] and phases.
    connection : {"direct", "transformer"}
        A transformer-operated meter's currents are CT secondary currents; it is never
        a candidate for a direct meter.
    """

    meter: Meter
    connection: str


@dataclass(frozen=True, eq=False)
class ReferenceData:
    """The validated figures of the four engineering data files.

    Build it with :func:`reference_data` (the shipped files, cached) or
    :meth:`ReferenceData.load` (other files, e.g. to test a correction).

    Attributes
    ----------
    cross_sections : tuple of float
        Cross-sections of the capacity table [mm²], increasing.
    methods : mapping of str to InstallationMethod
    temperatures : tuple of float
        Ambient temperatures of Table B.52.14 [°C], increasing.
    temperature_factors : tuple of float
        PVC factors, one per temperature.
    circuits : tuple of int
        Circuit counts of Table B.52.17, increasing.
    grouping_factors : tuple of float
        One per circuit count.
    wire_sizes : tuple of float
        Standard cross-sections the recommendation may use [mm²].
    breaker_ratings : tuple of float
        Standard MCB ratings In [A].
    tripping_factor : float
        Conventional tripping current I2 / In of an MCB (1.45).
    meters : tuple of StandardMeter
    resistivity : float
        ρ1 of copper for the voltage drop [Ω·mm²/m].
    max_drop_default : float
        Default voltage-drop limit [%].
    sources : mapping of str to DataSource
        ``"capacity"``, ``"ambient"``, ``"grouping"``, ``"ratings"``.
    """

    cross_sections: tuple[float, ...]
    methods: MappingProxyType[str, InstallationMethod]
    temperatures: tuple[float, ...]
    temperature_factors: tuple[float, ...]
    circuits: tuple[int, ...]
    grouping_factors: tuple[float, ...]
    wire_sizes: tuple[float, ...]
    breaker_ratings: tuple[float, ...]
    tripping_factor: float
    meters: tuple[StandardMeter, ...]
    resistivity: float
    max_drop_default: float
    sources: MappingProxyType[str, DataSource]

    @classmethod
    def load(
        cls,
        capacity: str | Path = CAPACITY_FILE,
        ambient: str | Path = AMBIENT_FILE,
        grouping: str | Path = GROUPING_FILE,
        ratings: str | Path = RATINGS_FILE,
    ) -> ReferenceData:
        """Read and validate the four data files.

        Parameters
        ----------
        capacity, ambient, grouping, ratings : str or pathlib.Path
            File paths; a bare file name is looked up in the package's ``tables/``.

        Raises
        ------
        TableError
            A file is missing, not TOML, or fails validation (lengths differ, a number
            is not positive, capacities decrease with cross-section, factors rise with
            temperature or circuit count, a unit is wrong ...); the message names the
            file, the column, the entry and the reason.
        """
        try:
            return cls._read(capacity, ambient, grouping, ratings, fresh=False)
        except TableError:  # from the files themselves, never from a bad cache entry
            return cls._read(capacity, ambient, grouping, ratings, fresh=True)

    @classmethod
    def _read(
        cls,
        capacity: str | Path,
        ambient: str | Path,
        grouping: str | Path,
        ratings: str | Path,
        *,
        fresh: bool,
    ) -> ReferenceData:
        cap = _read_capacity(capacity, fresh)
        amb = _read_ambient(ambient, fresh)
        grp = _read_grouping(grouping, fresh)
        rat = _read_ratings(ratings, fresh)
        missing = [s for s in rat["wire_sizes"] if s not in cap["cross_sections"]]
        if missing:
            raise TableError(
                rat["source"].path,
                f"standard wire sizes {', '.join(f'{s:g}' for s in missing)} mm² have no "
                f"current-carrying capacity in {cap['source'].file}",
                column="wire.cross_sections",
            )
        return cls(
            cross_sections=cap["cross_sections"],
            methods=MappingProxyType(cap["methods"]),
            temperatures=amb["temperatures"],
            temperature_factors=amb["factors"],
            circuits=grp["circuits"],
            grouping_factors=grp["factors"],
            wire_sizes=rat["wire_sizes"],
            breaker_ratings=rat["breaker_ratings"],
            tripping_factor=rat["tripping_factor"],
            meters=rat["meters"],
            resistivity=rat["resistivity"],
            max_drop_default=rat["max_drop_default"],
            sources=MappingProxyType(
                {
                    "capacity": cap["source"],
                    "ambient": amb["source"],
                    "grouping": grp["source"],
                    "ratings": rat["source"],
                }
            ),
        )


@lru_cache(maxsize=1)
def reference_data() -> ReferenceData:
    """The shipped engineering data files, read and validated once.

    Returns
    -------
    ReferenceData

    Raises
    ------
    TableError
        A shipped file fails validation.

    Examples
    --------
    >>> data = reference_data()
    >>> data.cross_sections[:3], data.breaker_ratings[-1]
    ((1.5, 2.5, 4.0), 63.0)
    """
    return ReferenceData.load()


class _File:
    """One data file being read; every failure names the file, column and entry."""

    def __init__(self, name: str | Path, *, fresh: bool = False):
        file = _resolve_data_file(name)
        self.name = os.path.basename(file)
        self.path = file
        self.content, self.sha256 = read_data_file(file, what="data", fresh=fresh)

    def fail(self, reason: str, *, row: int | None = None, column: str | None = None) -> NoReturn:
        raise TableError(self.path, reason, row=row, column=column)

    def get(self, mapping: Any, dotted: str) -> Any:
        value = mapping
        for part in dotted.split("."):
            if not isinstance(value, dict) or part not in value:
                self.fail("missing", column=dotted)
            value = value[part]
        if value is None or value == "" or value == [] or value == {}:
            self.fail("blank (no blanks allowed)", column=dotted)
        return value

    def number(self, value: Any, column: str, *, row: int | None = None) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(f"expected a number, got {value!r}", row=row, column=column)
        try:
            number = float(value)
        except OverflowError:  # an integer of hundreds of digits
            number = math.inf
        if not math.isfinite(number) or number <= 0:
            shown = repr(value) if len(repr(value)) <= 60 else f"{repr(value)[:40]}…"
            self.fail(
                f"expected a finite number above zero, got {shown} — write the figure of "
                "the standard's table",
                row=row,
                column=column,
            )
        return number

    def numbers(self, dotted: str, scale: float = 1.0) -> tuple[float, ...]:
        values = self.get(self.content, dotted)
        if not isinstance(values, list):
            self.fail(f"expected a list of numbers, got {values!r}", column=dotted)
        return tuple(self.number(v, dotted, row=i) * scale for i, v in enumerate(values, 1))

    def same_length(self, values: tuple, column: str, reference: tuple, ref_column: str):
        if len(values) != len(reference):
            self.fail(
                f"has {len(values)} entries but {ref_column} has {len(reference)}; "
                f"each entry belongs to the {ref_column} entry in the same place",
                column=column,
            )

    def increasing(self, values: tuple, column: str) -> None:
        for i in range(1, len(values)):
            if values[i] <= values[i - 1]:
                self.fail(
                    f"must strictly increase ({values[i]:g} after {values[i - 1]:g})",
                    row=i + 1,
                    column=column,
                )

    def monotone(self, values: tuple, column: str, along: str, *, rising: bool) -> None:
        for i in range(1, len(values)):
            if (values[i] < values[i - 1]) if rising else (values[i] > values[i - 1]):
                word = "decrease" if rising else "increase"
                self.fail(
                    f"must not {word} as {along} rises ({values[i]:g} after {values[i - 1]:g})",
                    row=i + 1,
                    column=column,
                )

    def unit_scale(self, dotted: str, kind: str) -> float:
        symbol = self.get(self.content, dotted)
        if not isinstance(symbol, str):
            self.fail(f"expected a unit symbol, got {symbol!r}", column=dotted)
        if kind == "temperature":
            if symbol not in KINDS["temperature"].aliases:
                self.fail(
                    f"expected degrees Celsius ('degC' or '°C'), got {symbol!r}", column=dotted
                )
            return 1.0
        try:
            return parse(f"1 {symbol}", kind, dotted)
        except InputError as exc:
            hint = exc.hint
        return self.fail(f"unit {symbol!r} is not {KINDS[kind].example} ({hint})", column=dotted)

    def source(self, tables: tuple[str, ...] | None = None) -> DataSource:
        prov = self.content.get("provenance", {})
        if tables is None:
            tables = tuple(str(t) for t in self.get(self.content, "provenance.tables"))
        return DataSource(
            file=self.name,
            path=self.path,
            sha256=self.sha256,
            standard=str(prov.get("standard", "")),
            edition=str(prov.get("edition", "")),
            tables=tables,
        )


def _read_capacity(name: str | Path, fresh: bool = False) -> dict[str, Any]:
    f = _File(name, fresh=fresh)
    f.get(f.content, "provenance.standard")
    area = f.unit_scale("units.cross_section", "area")
    amps = f.unit_scale("units.current", "current")
    sections = f.numbers("cross_sections", area)
    f.increasing(sections, "cross_sections")
    entries = f.get(f.content, "methods")
    if not isinstance(entries, dict):
        f.fail("expected [methods.<name>] tables", column="methods")
    methods: dict[str, InstallationMethod] = {}
    for key in entries:
        where = f"methods.{key}"
        columns = {}
        for loaded in ("two_loaded", "three_loaded"):
            values = f.numbers(f"{where}.{loaded}", amps)
            f.same_length(values, f"{where}.{loaded}", sections, "cross_sections")
            f.monotone(values, f"{where}.{loaded}", "the cross-section", rising=True)
            columns[loaded] = values
        for i, (two, three) in enumerate(zip(*columns.values(), strict=True), 1):
            if three > two:
                f.fail(
                    f"three loaded conductors carry {three:g} A, more than two "
                    f"({two:g} A); the columns look swapped",
                    row=i,
                    column=f"{where}.three_loaded",
                )
        methods[key.upper()] = InstallationMethod(
            name=key.upper(),
            description=str(f.get(f.content, f"{where}.description")),
            description_zh=str(f.get(f.content, f"{where}.description_zh")),
            table_two_loaded=str(f.get(f.content, f"{where}.table_two_loaded")),
            table_three_loaded=str(f.get(f.content, f"{where}.table_three_loaded")),
            two_loaded=columns["two_loaded"],
            three_loaded=columns["three_loaded"],
        )
    return {"cross_sections": sections, "methods": methods, "source": f.source()}


def _read_ambient(name: str | Path, fresh: bool = False) -> dict[str, Any]:
    f = _File(name, fresh=fresh)
    f.get(f.content, "provenance.standard")
    f.unit_scale("units.temperature", "temperature")
    raw = f.get(f.content, "temperatures")
    if not isinstance(raw, list):
        f.fail("expected a list of temperatures", column="temperatures")
    temperatures = []
    for i, t in enumerate(raw, 1):
        if isinstance(t, bool) or not isinstance(t, (int, float)) or not math.isfinite(t):
            f.fail(f"expected a finite number, got {t!r}", row=i, column="temperatures")
        temperatures.append(float(t))
    f.increasing(tuple(temperatures), "temperatures")
    factors = f.numbers("pvc")
    f.same_length(factors, "pvc", tuple(temperatures), "temperatures")
    f.monotone(factors, "pvc", "the temperature", rising=False)
    return {"temperatures": tuple(temperatures), "factors": factors, "source": f.source()}


def _read_grouping(name: str | Path, fresh: bool = False) -> dict[str, Any]:
    f = _File(name, fresh=fresh)
    f.get(f.content, "provenance.standard")
    circuits = f.numbers("circuits")
    for i, n in enumerate(circuits, 1):
        if n != int(n):
            f.fail(f"expected a whole number of circuits, got {n:g}", row=i, column="circuits")
    f.increasing(circuits, "circuits")
    if circuits[0] != 1:
        f.fail(f"must start at 1 circuit, starts at {circuits[0]:g}", row=1, column="circuits")
    factors = f.numbers("bunched")
    f.same_length(factors, "bunched", circuits, "circuits")
    f.monotone(factors, "bunched", "the number of circuits", rising=False)
    if factors[0] != 1.0:
        f.fail(f"one circuit alone must have factor 1, has {factors[0]:g}", row=1, column="bunched")
    return {
        "circuits": tuple(int(n) for n in circuits),
        "factors": factors,
        "source": f.source(),
    }


_RESISTIVITY_UNITS = ("Ω·mm²/m", "ohm·mm²/m", "Ω mm²/m", "ohm*mm**2/m", "ohm mm2/m")


def _read_ratings(name: str | Path, fresh: bool = False) -> dict[str, Any]:
    f = _File(name, fresh=fresh)
    wires = f.numbers("wire.cross_sections", f.unit_scale("wire.units.cross_sections", "area"))
    f.increasing(wires, "wire.cross_sections")
    breakers = f.numbers("breaker.ratings", f.unit_scale("breaker.units.ratings", "current"))
    f.increasing(breakers, "breaker.ratings")
    factor = f.number(
        f.get(f.content, "breaker.conventional_tripping_factor"),
        "breaker.conventional_tripping_factor",
    )
    if factor < 1:
        f.fail(
            f"I2 / In below 1 ({factor:g}) is no tripping factor",
            column="breaker.conventional_tripping_factor",
        )
    if f.get(f.content, "breaker.units.conventional_tripping_factor") not in ("1", ""):
        f.fail("expected '1' (a ratio)", column="breaker.units.conventional_tripping_factor")
    amps = f.unit_scale("meter.units.max", "current")
    basic_amps = f.unit_scale("meter.units.basic", "current")
    entries = f.get(f.content, "meter.ratings")
    if not isinstance(entries, list):
        f.fail("expected [[meter.ratings]] entries", column="meter.ratings")
    meters = []
    for i, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            f.fail("expected a table", row=i, column="meter.ratings")
        for key in ("basic", "max", "phases", "connection"):
            if key not in entry:
                f.fail("missing", row=i, column=f"meter.ratings.{key}")
        basic = f.number(entry["basic"], "meter.ratings.basic", row=i) * basic_amps
        top = f.number(entry["max"], "meter.ratings.max", row=i) * amps
        if basic >= top:
            f.fail(
                f"basic current {basic:g} A must be below the maximum {top:g} A",
                row=i,
                column="meter.ratings",
            )
        phases = entry["phases"]
        if isinstance(phases, bool) or phases not in (1, 3):
            f.fail(f"expected 1 or 3, got {phases!r}", row=i, column="meter.ratings.phases")
        connection = entry["connection"]
        if connection not in ("direct", "transformer"):
            f.fail(
                f"expected 'direct' or 'transformer', got {connection!r}",
                row=i,
                column="meter.ratings.connection",
            )
        meters.append(StandardMeter(Meter(basic, top, int(phases)), connection))
    rho = f.number(f.get(f.content, "resistivity.copper"), "resistivity.copper")
    rho_unit = f.get(f.content, "resistivity.units.copper")
    if rho_unit not in _RESISTIVITY_UNITS:
        f.fail(
            f"expected a resistivity in Ω·mm²/m, got {rho_unit!r}",
            column="resistivity.units.copper",
        )
    drop = f.number(
        f.get(f.content, "resistivity.max_drop_percent_default"),
        "resistivity.max_drop_percent_default",
    ) * f.unit_scale("resistivity.units.max_drop_percent_default", "ratio")
    if drop >= 100:
        f.fail(
            f"a voltage-drop limit of {drop:g} % is no limit",
            column="resistivity.max_drop_percent_default",
        )
    return {
        "wire_sizes": wires,
        "breaker_ratings": breakers,
        "tripping_factor": factor,
        "meters": tuple(meters),
        "resistivity": rho,
        "max_drop_default": drop,
        "source": f.source(
            tables=("IEC 60228", "IEC 60898-1", "IEC 62052-11", "IEC 60364-5-52 Annex G")
        ),
    }


# ------------------------------------------------------------------ plain functions


def _method(method: Any, data: ReferenceData) -> InstallationMethod:
    names = ", ".join(data.methods)
    if not isinstance(method, str) or method.strip().upper() not in data.methods:
        raise InputError(
            "method",
            method,
            f"an installation reference method of IEC 60364-5-52: {names}",
            f"see {CAPACITY_FILE} for what each method means",
        )
    return data.methods[method.strip().upper()]


def _loaded_conductors(n: Any) -> int:
    if isinstance(n, bool) or n not in (2, 3):
        raise InputError(
            "loaded_conductors",
            n,
            "2 or 3",
            "a single-phase circuit (L+N) has 2 loaded conductors, a balanced three-phase "
            "circuit 3",
        )
    return int(n)


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


def ambient_factor(temp_c: Any, *, data: ReferenceData | None = None) -> Any:
    """Correction factor for the ambient air temperature, PVC insulation.

    Parameters
    ----------
    temp_c : float, array_like, str or pint.Quantity
        Ambient air temperature [°C]; a string such as ``"35 °C"`` or ``"35degC"``, or
        a Quantity in any temperature unit, is converted (never by arithmetic on the
        offset unit).
    data : ReferenceData, optional
        Reference figures; by default the shipped files (:func:`reference_data`).

    Returns
    -------
    float or numpy.ndarray
        The factor [-] to multiply the 30 °C capacity by; a float for scalar input.

    Raises
    ------
    InputError
        Above the table's highest temperature (60 °C for PVC), below absolute zero, or
        not a temperature.

    Notes
    -----
    A temperature between two listed ones takes the factor of the next listed
    temperature *up* (the lower, safer factor): 32 °C → the 35 °C factor. Below the
    lowest listed temperature (10 °C) the 10 °C factor is used; the true factor is
    higher, so this is on the safe side (:func:`check_engineering` says so in its
    working). The table gives no factor above its highest temperature; that is an
    error, never an extrapolation.

    References
    ----------
    IEC 60364-5-52:2009 Table B.52.14 (PVC column), via
    ``tables/iec60364-5-52_ambient_temperature_factors.toml``.

    Examples
    --------
    >>> ambient_factor(35.0), ambient_factor("32 °C"), ambient_factor(5.0)
    (0.94, 0.94, 1.22)
    """
    data = data or reference_data()
    temps = _temperature(temp_c)
    highest = data.temperatures[-1]
    outside = (temps > highest) | (temps < _ABSOLUTE_ZERO_C)
    if _any(outside):
        bad = _first(temps, outside)
        expected = (
            f"an ambient temperature from {_ABSOLUTE_ZERO_C:g} °C (absolute zero) "
            f"up to {highest:g} °C"
        )
        if bad < _ABSOLUTE_ZERO_C:
            hint = (
                f"{bad:g} °C is below absolute zero ({_ABSOLUTE_ZERO_C:g} °C), so no air "
                "can have it: check the sign and the unit"
            )
        else:
            hint = (
                f"IEC 60364-5-52 Table B.52.14 gives no factor for PVC above {highest:g} °C "
                "(PVC cable is not used there); below "
                f"{data.temperatures[0]:g} °C its {data.temperatures[0]:g} °C factor is used"
            )
        raise InputError("ambient", f"{bad:g} °C", expected, hint)
    # A unit conversion may land a hair above a listed value (95 °F -> 35.000000000000014
    # °C); that is the listed temperature, not "between" it and the next.
    if isinstance(temps, float):
        return data.temperature_factors[
            bisect_left(data.temperatures, temps - _TEMPERATURE_ROUNDOFF)
        ]
    np = _numpy()
    index = np.searchsorted(
        np.asarray(data.temperatures), temps - _TEMPERATURE_ROUNDOFF, side="left"
    )
    return np.asarray(data.temperature_factors)[index]


def grouping_factor(n: Any, *, data: ReferenceData | None = None) -> Any:
    """Reduction factor for circuits bunched together (in conduit, on a surface, enclosed).

    Parameters
    ----------
    n : int or array_like of int
        Number of circuits (or multicore cables) in the group [-], 1 for a circuit
        alone. Count circuits, not conductors.
    data : ReferenceData, optional
        Reference figures; by default the shipped files.

    Returns
    -------
    float or numpy.ndarray
        The factor [-]; a float for scalar input.

    Raises
    ------
    InputError
        Not a whole number, below 1 or above the table's largest count (20).

    Notes
    -----
    A count between two listed ones takes the factor of the next listed count up
    (the lower, safer factor): 10 or 11 circuits → the 12-circuit factor.

    References
    ----------
    IEC 60364-5-52:2009 Table B.52.17, item 1 (bunched in air, on a surface, embedded
    or enclosed), via ``tables/iec60364-5-52_grouping_factors.toml``.

    Examples
    --------
    >>> grouping_factor(1), grouping_factor(3), grouping_factor(10)
    (1.0, 0.7, 0.45)
    """
    data = data or reference_data()
    largest = data.circuits[-1]
    expected = f"a whole number of circuits from 1 to {largest}"

    def refuse(value: Any, shown: Any) -> NoReturn:
        hint = None
        if isinstance(value, float) and math.isfinite(value) and value > largest:
            hint = (
                f"IEC 60364-5-52 Table B.52.17 ends at {largest} circuits; a larger group "
                "needs its own assessment"
            )
        elif isinstance(value, float) and math.isfinite(value) and value < 1:
            hint = "a circuit alone is a group of 1"
        raise InputError("grouping", shown, expected, hint)

    if not _is_arraylike(n):
        if not _is_plain_number(n):
            raise InputError("grouping", n, expected)
        count = float(n)
        if not (math.isfinite(count) and count == round(count) and 1 <= count <= largest):
            refuse(count, n)
        return data.grouping_factors[bisect_left(data.circuits, count)]
    np = _numpy()
    try:
        counts = np.asarray(n, dtype=float)
    except (TypeError, ValueError):
        raise InputError("grouping", n, expected) from None
    bad = ~np.isfinite(counts) | (counts != np.round(counts)) | (counts < 1) | (counts > largest)
    if bad.any():
        value = float(counts[bad].flat[0])
        refuse(value, f"{value:g} in an array")
    index = np.searchsorted(np.asarray(data.circuits), counts, side="left")
    return np.asarray(data.grouping_factors)[index]


def _section_index(cross_section: Any, data: ReferenceData) -> Any:
    """Index (or index array) of cross-section(s) in the capacity table."""
    sections = _input(cross_section, "area", "cross_section")
    grid = data.cross_sections
    if isinstance(sections, float):
        index = min(range(len(grid)), key=lambda i: abs(grid[i] - sections))
        found = abs(grid[index] - sections) <= 1e-9 * sections
        bad = not found
    else:
        np = _numpy()
        table = np.asarray(grid)
        index = np.abs(np.subtract.outer(sections, table)).argmin(axis=-1)
        bad = ~np.isclose(table[index], sections, rtol=1e-9, atol=0.0)
    if _any(bad):
        raise InputError(
            "cross_section",
            f"{_first(sections, bad):g} mm²",
            "a cross-section of the capacity table: "
            + ", ".join(f"{s:g}" for s in data.cross_sections)
            + " mm²",
        )
    return index


def ampacity(
    cross_section: Any,
    method: str = "B1",
    loaded_conductors: int = 2,
    ambient: Any = 30.0,
    grouping: Any = 1,
    *,
    data: ReferenceData | None = None,
) -> Any:
    """Current-carrying capacity Iz of a copper PVC conductor on a site.

    Parameters
    ----------
    cross_section : float, array_like, str or pint.Quantity
        Conductor cross-section [mm²]: one of the capacity table's sizes
        (1.5, 2.5, 4, 6, 10, 16, 25).
    method : str, default "B1"
        Installation reference method of IEC 60364-5-52 (``"A1"``, ``"A2"``, ``"B1"``,
        ``"B2"``, ``"C"``, ``"E"``; case does not matter).
    loaded_conductors : {2, 3}, default 2
        2 for a single-phase circuit (L+N), 3 for a balanced three-phase circuit.
    ambient : float, array_like, str or pint.Quantity, default 30
        Ambient air temperature [°C], see :func:`ambient_factor`.
    grouping : int or array_like of int, default 1
        Circuits in the group [-], see :func:`grouping_factor`.
    data : ReferenceData, optional
        Reference figures; by default the shipped files.

    Returns
    -------
    float or numpy.ndarray
        Iz [A]; arrays broadcast, a float when every input is scalar.

    Raises
    ------
    InputError
        A cross-section not in the table (the message lists the sizes), an unknown
        method, loaded conductors other than 2 or 3, or an ambient temperature or
        grouping out of range.

    Notes
    -----
    :math:`I_z = I_{z,30} \\cdot k_\\theta \\cdot k_g`, with :math:`I_{z,30}` the
    tabulated capacity at 30 °C, :math:`k_\\theta` from :func:`ambient_factor` and
    :math:`k_g` from :func:`grouping_factor`.

    References
    ----------
    IEC 60364-5-52:2009 Tables B.52.2 (two loaded conductors), B.52.4 (three loaded),
    B.52.10 (method E), B.52.14 and B.52.17, via the files in ``tables/``.

    Examples
    --------
    >>> ampacity(6.0, "B1")
    41.0
    >>> round(ampacity(6.0, "B1", ambient=35.0), 2)
    38.54
    >>> ampacity([1.5, 2.5, 4.0], "C").tolist()
    [19.5, 27.0, 36.0]
    """
    data = data or reference_data()
    spec = _method(method, data)
    n = _loaded_conductors(loaded_conductors)
    index = _section_index(cross_section, data)
    if isinstance(index, int):
        tabulated = spec.capacities(n)[index]
    else:
        tabulated = _numpy().asarray(spec.capacities(n))[index]
    k_theta = ambient_factor(_temperature(ambient), data=data)
    k_group = grouping_factor(grouping, data=data)
    return tabulated * k_theta * k_group


def voltage_drop(
    current: Any,
    length: Any,
    cross_section: Any,
    phases: int,
    *,
    data: ReferenceData | None = None,
) -> Any:
    """Voltage drop u of a copper circuit feeding a resistive load (cos φ = 1).

    Parameters
    ----------
    current : float or array_like
        Design current Ib [A].
    length : float or array_like
        Route length L, one way [m].
    cross_section : float or array_like
        Conductor cross-section S [mm²] (any positive value).
    phases : {1, 3}
        1: single-phase (b = 2, the drop of the line-and-neutral loop);
        3: balanced three-phase (b = 1, the drop of one line, line-to-neutral).
    data : ReferenceData, optional
        Reference figures (the resistivity ρ1); by default the shipped files.

    Returns
    -------
    float or numpy.ndarray
        u [V]; a float when every input is scalar.

    Notes
    -----
    :math:`u = b \\, \\rho_1 \\, L \\, I_b / S` with :math:`\\rho_1 = 0.0225`
    Ω·mm²/m for copper (1.25 × the 20 °C value). The reactance term
    :math:`\\lambda L \\sin\\varphi` vanishes for a heater. For three-phase the line-to-line
    drop is :math:`\\sqrt{3}\\,u` (see :func:`terminal_voltage`).

    References
    ----------
    IEC 60364-5-52:2009 Annex G (formula G.52.1), via ``tables/standard_ratings.toml``.

    Examples
    --------
    >>> round(voltage_drop(38.64, 20.0, 6.0, 1), 2)   # 2 × 0.0225 × 20 / 6 × 38.64
    5.8
    """
    data = data or reference_data()
    b = 2.0 if _phases(phases) == 1 else 1.0
    ib = _input(current, "current", "current", allow_zero=True)
    route = _input(length, "length", "length", allow_zero=True)
    section = _input(cross_section, "area", "cross_section")
    return b * data.resistivity * route * ib / section


def voltage_drop_percent(
    current: Any,
    length: Any,
    cross_section: Any,
    voltage: Any,
    phases: int,
    *,
    data: ReferenceData | None = None,
) -> Any:
    """Voltage drop as a percentage of the nominal voltage.

    Parameters
    ----------
    current, length, cross_section : float or array_like
        As for :func:`voltage_drop`: Ib [A], route length [m], cross-section [mm²].
    voltage : float
        Nominal supply voltage [V]: line-to-neutral for single-phase, line-to-line for
        three-phase.
    phases : {1, 3}
        Single-phase or balanced three-phase, as for :func:`voltage_drop`.
    data : ReferenceData, optional
        Reference figures (the resistivity ρ1); by default the shipped files.

    Returns
    -------
    float or numpy.ndarray
        :math:`\\Delta u = 100 \\, u / U_0` [%], with :math:`U_0` the line-to-neutral
        voltage (``voltage`` for single-phase, ``voltage / √3`` for three-phase).

    References
    ----------
    IEC 60364-5-52:2009 Annex G; Table G.52.1 (limits).

    Examples
    --------
    >>> round(voltage_drop_percent(38.64, 20.0, 6.0, 220.0, 1), 2)
    2.63
    """
    n = _phases(phases)
    u0 = _number(voltage, "voltage", "voltage")
    if n == 3:
        u0 = u0 / SQRT3
    return 100.0 * voltage_drop(current, length, cross_section, n, data=data) / u0


def terminal_voltage(supply_voltage: Any, drop: Any, phases: int = 1) -> Any:
    """Voltage left at the heater's terminals.

    Parameters
    ----------
    supply_voltage : float or array_like
        Voltage at the origin of the circuit [V] (measured, or nominal): line-to-neutral
        for single-phase, line-to-line for three-phase.
    drop : float or array_like
        Voltage drop u of :func:`voltage_drop` [V].
    phases : {1, 3}, default 1
        For three-phase the line-to-line drop :math:`\\sqrt{3}\\,u` is subtracted.

    Returns
    -------
    float or numpy.ndarray
        [V], on the same basis as ``supply_voltage``.

    References
    ----------
    installation-spec.md §3; IEC 60364-5-52:2009 Annex G.

    Examples
    --------
    >>> round(terminal_voltage(215.0, 5.8), 1)
    209.2
    """
    factor = 1.0 if _phases(phases) == 1 else SQRT3
    supply = _input(supply_voltage, "voltage", "supply_voltage")
    u = _input(drop, "voltage", "drop", allow_zero=True)
    return supply - factor * u


_COORDINATION_SOURCE = "IEC 60364-4-43:2008 433.1 (Ib ≤ In ≤ Iz; I2 ≤ 1.45·Iz)"
#: The factor of condition (ii) of IEC 60364-4-43 433.1, I2 ≤ 1.45·Iz: part of the
#: clause's wording, not a device figure (the device's I2 / In is in the data file).
_IZ_FACTOR_433 = 1.45


def coordination(
    ib: float,
    in_: float,
    iz: float,
    *,
    tripping_factor: float | None = None,
    data: ReferenceData | None = None,
) -> tuple[CheckResult, CheckResult, CheckResult]:
    """The coordination of conductor and overload protection, as three checks.

    Parameters
    ----------
    ib : float
        Design current of the circuit [A].
    in_ : float
        Rated current of the breaker [A].
    iz : float
        Current-carrying capacity of the conductor on the site [A].
    tripping_factor : float, optional
        Conventional tripping current I2 / In of the device; by default the MCB
        figure of the data file (1.45).
    data : ReferenceData, optional
        Reference figures; by default the shipped files.

    Returns
    -------
    tuple of CheckResult
        ``ENG-IB-IN`` (Ib ≤ In: the breaker carries the heater), ``ENG-IN-IZ``
        (In ≤ Iz: the breaker protects the wire) and ``ENG-I2`` (I2 ≤ 1.45·Iz), each
        ``pass`` or ``fail`` with basis ``calculation``.

    Notes
    -----
    For an MCB to IEC 60898-1, I2 = 1.45·In, so ``ENG-I2`` follows from ``ENG-IN-IZ``;
    it is reported because it is the standard's second condition.

    References
    ----------
    IEC 60364-4-43:2008 433.1; IEC 60898-1 (I2 = 1.45·In), via ``tables/standard_ratings.toml``.

    Examples
    --------
    >>> [c.status for c in coordination(38.64, 40.0, 38.54)]
    ['pass', 'fail', 'fail']
    """
    data = data or reference_data()
    k2 = data.tripping_factor if tripping_factor is None else float(tripping_factor)
    ib = _number(ib, "current", "ib", allow_zero=True)
    in_ = _number(in_, "current", "in_")
    iz = _number(iz, "current", "iz", allow_zero=True)

    need = Bound("A", low=ib)
    ok = need.contains(in_)
    ib_in = CheckResult(
        rule="ENG-IB-IN",
        status=PASS if ok else FAIL,
        message=(
            f"Breaker In {_fmt(in_)} A ≥ design current Ib {_fmt(ib)} A."
            if ok
            else f"Breaker In {_fmt(in_)} A is {_fmt(ib - in_, 3)} A below the design current "
            f"Ib {_fmt(ib)} A: it may trip in normal use."
        ),
        message_zh=(
            f"空开额定电流 In {_fmt(in_)}A ≥ 设计电流 Ib {_fmt(ib)}A。"
            if ok
            else f"空开额定电流 In {_fmt(in_)}A 比设计电流 Ib {_fmt(ib)}A 小 "
            f"{_fmt(ib - in_, 3)}A,正常使用时可能跳闸。"
        ),
        source=_COORDINATION_SOURCE,
        measured=Value(in_, "A"),
        required=need,
        basis="calculation",
    )

    limit = Bound("A", high=iz)
    ok = limit.contains(in_)
    in_iz = CheckResult(
        rule="ENG-IN-IZ",
        status=PASS if ok else FAIL,
        message=(
            f"Breaker In {_fmt(in_)} A ≤ wire capacity Iz {_fmt(iz)} A: the breaker "
            "protects the wire."
            if ok
            else f"Breaker In {_fmt(in_)} A exceeds the wire capacity Iz {_fmt(iz)} A by "
            f"{_fmt(in_ - iz, 3)} A: the breaker does not protect the wire against overload."
        ),
        message_zh=(
            f"空开额定电流 In {_fmt(in_)}A ≤ 电线载流量 Iz {_fmt(iz)}A,空开能保护电线。"
            if ok
            else f"空开额定电流 In {_fmt(in_)}A 超过电线载流量 Iz {_fmt(iz)}A,"
            f"超出 {_fmt(in_ - iz, 3)}A,空开不能保护电线免于过载。"
        ),
        source=_COORDINATION_SOURCE,
        measured=Value(in_, "A"),
        required=limit,
        basis="calculation",
    )

    i2 = k2 * in_
    i2_max = _IZ_FACTOR_433 * iz
    limit2 = Bound("A", high=i2_max)
    ok = limit2.contains(i2)
    i2_iz = CheckResult(
        rule="ENG-I2",
        status=PASS if ok else FAIL,
        message=(
            f"Conventional tripping current I2 = {_fmt(k2)} × {_fmt(in_)} A = {_fmt(i2)} A "
            + (
                f"≤ 1.45 × Iz = {_fmt(i2_max)} A."
                if ok
                else f"exceeds 1.45 × Iz = {_fmt(i2_max)} A by {_fmt(i2 - i2_max, 3)} A."
            )
        ),
        message_zh=(
            f"约定动作电流 I2 = {_fmt(k2)} × {_fmt(in_)}A = {_fmt(i2)}A "
            + (
                f"≤ 1.45 × Iz = {_fmt(i2_max)}A。"
                if ok
                else f"超过 1.45 × Iz = {_fmt(i2_max)}A,超出 {_fmt(i2 - i2_max, 3)}A。"
            )
        ),
        source=_COORDINATION_SOURCE,
        measured=Value(i2, "A"),
        required=limit2,
        basis="calculation",
    )
    return ib_in, in_iz, i2_iz


def meter_sufficient(meter_max: float, ib: float) -> bool:
    """Whether a meter's maximum current Imax carries the design current.

    Parameters
    ----------
    meter_max : float
        Imax of the meter, the bracketed figure of ``Ib(Imax)`` [A].
    ib : float
        Design current [A] (per phase for a three-phase meter).

    Returns
    -------
    bool
        ``Imax ≥ Ib``.

    References
    ----------
    installation-spec.md §3 (meter Imax ≥ Ib); IEC 62052-11 (Imax).

    Examples
    --------
    >>> meter_sufficient(40.0, 38.64), meter_sufficient(40.0, 42.5)
    (True, False)
    """
    top = _number(meter_max, "current", "meter_max")
    need = _number(ib, "current", "ib", allow_zero=True)
    return Bound("A", low=need).contains(top)


# ---------------------------------------------------------------- site conditions

#: Documented defaults for conditions that were not given (issue 3). Every default used
#: is listed in ``SiteConditions.defaults_used``; the voltage-drop limit's default comes
#: from ``tables/standard_ratings.toml`` (IEC 60364-5-52 Table G.52.1, other uses).
DEFAULTS: MappingProxyType[str, Any] = MappingProxyType(
    {"length": 0.0, "method": "B1", "ambient": 30.0, "grouping": 1}
)


def _grouping_count(value: Any) -> int:
    if isinstance(value, str):
        expected = "a whole number of circuits, e.g. 1 or 3"
        return parse_count(value, "grouping", minimum=0, expected=expected)
    if (
        isinstance(value, bool)
        or not _is_plain_number(value)
        or not math.isfinite(float(value))
        or value != int(value)
    ):
        raise InputError("grouping", value, "a whole number of circuits, e.g. 1 or 3")
    return int(value)


@dataclass(frozen=True, slots=True)
class SiteConditions:
    """The site conditions of the heater's circuit; anything not given takes a default.

    A field left ``None`` takes its documented default (method B1, 30 °C, grouping 1,
    length 0 m, the voltage-drop limit of the data file, 5 %) and its name is recorded
    in :attr:`defaults_used`, so a default is never assumed silently. Use
    :meth:`from_inputs` for values with units (``"20m"``, ``"35degC"``, ``"5%"``).

    Attributes
    ----------
    length : float
        Route length of the dedicated line, one way [m].
    method : str
        Installation reference method of IEC 60364-5-52 (``"B1"`` …), upper case.
    ambient : float
        Ambient air temperature along the route [°C].
    grouping : int
        Circuits bunched together with this one, itself included [-].
    supply_voltage : float or None
        Measured supply voltage at the origin of the circuit [V] (line-to-line for
        three-phase); ``None`` when not measured (the nominal voltage is used and
        ``"supply_voltage"`` is listed in :attr:`defaults_used`).
    max_drop : float
        Voltage-drop limit [%].
    worst_case_voltage : bool
        Take Ib at the top of the supply's normal range (Ib × U_max / U_nom): a heater
        draws more at a higher voltage.
    defaults_used : tuple of str
        Names of the fields that took their default.

    Examples
    --------
    >>> c = SiteConditions.from_inputs(length="20m", ambient="35degC")
    >>> c.length, c.method, c.ambient, c.defaults_used
    (20.0, 'B1', 35.0, ('method', 'grouping', 'max_drop', 'supply_voltage'))
    """

    length: float | None = None
    method: str | None = None
    ambient: float | None = None
    grouping: int | None = None
    supply_voltage: float | None = None
    max_drop: float | None = None
    worst_case_voltage: bool = False
    defaults_used: tuple[str, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        data = reference_data()
        used = []
        values = {
            "length": self.length,
            "method": self.method,
            "ambient": self.ambient,
            "grouping": self.grouping,
            "max_drop": self.max_drop,
        }
        for name, value in values.items():
            if value is None:
                used.append(name)
                values[name] = data.max_drop_default if name == "max_drop" else DEFAULTS[name]
        length = _number(values["length"], "length", "length", allow_zero=True)
        method = _method(values["method"], data).name
        ambient = _temperature(values["ambient"])
        if not isinstance(ambient, float):
            raise InputError("ambient", values["ambient"], "one ambient temperature")
        ambient_factor(ambient, data=data)  # raises for out-of-range temperatures
        grouping = _grouping_count(values["grouping"])
        grouping_factor(grouping, data=data)  # raises for 0 or above the table
        if length > _LONGEST_ROUTE:
            raise InputError(
                "length",
                f"{length:g} m",
                f"the route of one dedicated line in a home, at most {_LONGEST_ROUTE:g} m",
                "check the unit (metres, not centimetres or km)",
            )
        max_drop = _number(values["max_drop"], "ratio", "max_drop")
        if not _DROP_LIMITS[0] <= max_drop <= _DROP_LIMITS[1]:
            raise InputError(
                "max_drop",
                f"{max_drop:g} %",
                f'a voltage-drop limit of {_DROP_LIMITS[0]:g}-{_DROP_LIMITS[1]:g} %, e.g. "5%"',
                'a plain number is read as percent: write "3%" (or 3), not 0.03',
            )
        supply = self.supply_voltage
        if supply is None:
            used.append("supply_voltage")
        else:
            supply = _number(supply, "voltage", "supply_voltage")
        if not isinstance(self.worst_case_voltage, bool):
            raise InputError("worst_case_voltage", self.worst_case_voltage, "true or false")
        for name, value in (
            ("length", length),
            ("method", method),
            ("ambient", ambient),
            ("grouping", grouping),
            ("max_drop", max_drop),
            ("supply_voltage", supply),
            ("defaults_used", tuple(used)),
        ):
            object.__setattr__(self, name, value)

    @classmethod
    def from_inputs(
        cls,
        length: Any = None,
        method: str | None = None,
        ambient: Any = None,
        grouping: Any = None,
        supply_voltage: Any = None,
        max_drop: Any = None,
        worst_case_voltage: bool = False,
    ) -> SiteConditions:
        """Site conditions from user inputs with units.

        Parameters
        ----------
        length : str, float or pint.Quantity, optional
            Route length [m]: ``"20m"``, ``"20 m"``, ``"2000 cm"``; a plain number is
            metres.
        method : str, optional
            Installation reference method (``"B1"``, ``"c"`` …).
        ambient : str, float or pint.Quantity, optional
            Ambient temperature [°C]: ``"35degC"``, ``"35 °C"``, ``"95 degF"``; a plain
            number is °C.
        grouping : int or str, optional
            Circuits in the group [-].
        supply_voltage : str, float or pint.Quantity, optional
            Measured supply voltage [V]: ``"215V"``.
        max_drop : str, float or pint.Quantity, optional
            Voltage-drop limit [%]: ``"5%"``, ``5``.
        worst_case_voltage : bool, default False
            Take Ib at the top of the normal supply range.

        Returns
        -------
        SiteConditions
            With every default that was used listed in ``defaults_used``.

        Raises
        ------
        InputError
            A value of the wrong dimension, out of range (ambient above 60 °C, grouping 0
            or above 20, a negative length …) or an unknown method.
        """

        def canonical(value: Any, kind: str, name: str, zero: bool = False) -> Any:
            if value is None:
                return None
            if kind == "temperature":
                return _temperature(value, name)
            return _number(value, kind, name, allow_zero=zero)

        return cls(
            length=canonical(length, "length", "length", zero=True),
            method=method,
            ambient=canonical(ambient, "temperature", "ambient"),
            grouping=grouping,
            supply_voltage=canonical(supply_voltage, "voltage", "supply_voltage"),
            max_drop=canonical(max_drop, "ratio", "max_drop"),
            worst_case_voltage=worst_case_voltage,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON data; quantities as ``{"value", "unit"}``."""
        return {
            "length": q(self.length, "m"),
            "method": self.method,
            "ambient": q(self.ambient, "°C"),
            "grouping": self.grouping,
            "supply_voltage": (
                None if self.supply_voltage is None else q(self.supply_voltage, "V")
            ),
            "max_drop": q(self.max_drop, "%"),
            "worst_case_voltage": self.worst_case_voltage,
            "defaults_used": list(self.defaults_used),
        }


# ------------------------------------------------------------------------ results


class WorkingLine(NamedTuple):
    """One line of the working: a formula with the numbers substituted (en, zh)."""

    text: str
    text_zh: str

    def to_dict(self) -> dict[str, str]:
        return {"en": self.text, "zh": self.text_zh}


class RecommendationStep(NamedTuple):
    """Why the recommendation differs from the table (or rejected a wire size).

    Attributes
    ----------
    item : {"wire", "breaker", "electronic_meter", "mechanical_meter"}
    criterion : str
        The check code that decided it (``"ENG-IN-IZ"``, ``"ENG-DROP"`` …).
    before : float
        The value that was rejected (a cross-section [mm²] or a current [A]).
    after : float or None
        What it became, or ``None`` when the step only rejects (a wire size skipped).
    message, message_zh : str
    """

    item: str
    criterion: str
    before: float
    after: float | None
    message: str
    message_zh: str

    def to_dict(self) -> dict[str, Any]:
        unit = "mm²" if self.item == "wire" else "A"
        return {
            "item": self.item,
            "criterion": self.criterion,
            "before": q(self.before, unit),
            "after": None if self.after is None else q(self.after, unit),
            "message": self.message,
            "message_zh": self.message_zh,
        }


class Recommendation(NamedTuple):
    """What would be sufficient on this site, by the fixed algorithm of issue 3.

    Wire: the standard sizes from the table's upwards; for each, the table's breaker if
    Ib ≤ In ≤ Iz (and I2 ≤ 1.45·Iz) holds for it, otherwise the smallest standard rating
    for which it holds; the first size for which such a breaker exists and the
    voltage-drop and terminal-voltage limits hold. Meter (each kind): the table's if its
    Imax ≥ Ib, otherwise the smallest standard direct-connected meter of the supply's
    phases with Imax ≥ Ib (the smaller basic current on a tie).

    Attributes
    ----------
    wire : float or None
        [mm²]; ``None`` when no standard size up to the largest satisfies the checks.
    breaker : Breaker or None
        Rating [A] and poles (the table's poles).
    electronic_meter, mechanical_meter : Meter or None
        ``None`` when no standard meter carries Ib.
    ampacity, voltage_drop, voltage_drop_percent, terminal_voltage : float or None
        Of the recommended wire: Iz [A], drop [V] (as in :class:`EngineeringResult`),
        drop [%], voltage at the heater [V].
    checks : tuple of CheckResult
        The checks repeated for the recommendation; none of them fails.
    steps : tuple of RecommendationStep
        Each upsizing or change, with the criterion that decided it.
    """

    wire: float | None
    breaker: Breaker | None
    electronic_meter: Meter | None
    mechanical_meter: Meter | None
    ampacity: float | None
    voltage_drop: float | None
    voltage_drop_percent: float | None
    terminal_voltage: float | None
    checks: tuple[CheckResult, ...]
    steps: tuple[RecommendationStep, ...]

    def to_dict(self) -> dict[str, Any]:
        def meter(m: Meter | None) -> dict[str, Any] | None:
            return None if m is None else m.to_dict()

        electronic = meter(self.electronic_meter)
        return {
            "wire": None if self.wire is None else q(self.wire, "mm²"),
            "breaker": None if self.breaker is None else self.breaker.to_dict(),
            # "meter" is the IC-card electronic meter (the table's first meter column);
            # the mechanical meter is recommended beside it.
            "meter": None if electronic is None else {**electronic, "kind": "electronic"},
            "mechanical_meter": meter(self.mechanical_meter),
            "ampacity": None if self.ampacity is None else q(self.ampacity, "A"),
            "voltage_drop": (
                None
                if self.voltage_drop is None
                else {
                    **q(self.voltage_drop, "V"),
                    "percent": q(self.voltage_drop_percent, "%"),
                }
            ),
            "terminal_voltage": (
                None if self.terminal_voltage is None else q(self.terminal_voltage, "V")
            ),
            "checks": [c.to_dict() for c in self.checks],
            "changes": [s.to_dict() for s in self.steps],
        }


Verdict = Literal["ok", "insufficient"]


class EngineeringResult(NamedTuple):
    """The engineering cross-check of a table answer on one site.

    It stands beside the table answer (:attr:`sizing`) and never replaces it.

    Attributes
    ----------
    sizing : SizingResult
        The table answer that was checked.
    conditions : SiteConditions
    loaded_conductors : int
        2 (single-phase) or 3 (three-phase).
    design_current : float
        Ib used by the checks [A]: at the nominal voltage, or at the top of the normal
        range when ``conditions.worst_case_voltage``.
    supply_voltage : float
        Voltage at the origin of the circuit [V]: measured, or the nominal voltage.
    tabulated_ampacity : float
        Iz of the table's wire at 30 °C, one circuit [A].
    ambient_factor, grouping_factor : float
        The correction factors [-].
    ampacity : float
        Iz of the table's wire on this site [A].
    voltage_drop : float
        Drop over the route [V] on the supply's basis: the line-and-neutral loop for
        single-phase, line-to-line for three-phase.
    voltage_drop_percent : float
        [%] of the nominal voltage.
    terminal_voltage : float
        Voltage left at the heater [V].
    terminal_voltage_min : float
        The floor: the bottom of the supply's normal range [V] (198 V for 220 V).
    checks : tuple of CheckResult
        ``ENG-IB-IN``, ``ENG-IN-IZ``, ``ENG-I2``, ``ENG-METER-ELECTRONIC``,
        ``ENG-METER-MECHANICAL``, ``ENG-DROP``, ``ENG-TERMINAL-VOLTAGE``.
    verdict : {"ok", "insufficient"}
        ``insufficient`` when any check fails.
    recommendation : Recommendation
    working : tuple of WorkingLine
        The formulas with the numbers substituted, in order.
    sources : tuple of DataSource
        The data files every figure came from.
    """

    sizing: SizingResult
    conditions: SiteConditions
    loaded_conductors: int
    design_current: float
    supply_voltage: float
    tabulated_ampacity: float
    ambient_factor: float
    grouping_factor: float
    ampacity: float
    voltage_drop: float
    voltage_drop_percent: float
    terminal_voltage: float
    terminal_voltage_min: float
    checks: tuple[CheckResult, ...]
    verdict: Verdict
    recommendation: Recommendation
    working: tuple[WorkingLine, ...]
    sources: tuple[DataSource, ...]

    @property
    def defaults_used(self) -> tuple[str, ...]:
        """Names of the site conditions that took their default."""
        return self.conditions.defaults_used

    @property
    def failed(self) -> tuple[CheckResult, ...]:
        """The checks that fail."""
        return tuple(c for c in self.checks if c.status == FAIL)

    def defaults_dict(self) -> dict[str, Any]:
        """The defaults used, each with the value it stood for."""
        c = self.conditions
        values: dict[str, Any] = {
            "length": q(c.length, "m"),
            "method": c.method,
            "ambient": q(c.ambient, "°C"),
            "grouping": c.grouping,
            "max_drop": q(c.max_drop, "%"),
            "supply_voltage": q(self.supply_voltage, "V"),
        }
        return {name: values[name] for name in c.defaults_used}

    def to_dict(self) -> dict[str, Any]:
        """JSON data; quantities as ``{"value", "unit"}``."""
        c = self.conditions
        row = self.sizing.row
        method = reference_data().methods.get(c.method)
        return {
            "verdict": self.verdict,
            "checked": {
                "wire": q(row.wire, "mm²"),
                "breaker": row.breaker.to_dict(),
                "meter": {
                    "electronic": row.electronic_meter.to_dict(),
                    "mechanical": row.mechanical_meter.to_dict(),
                },
            },
            "conditions": c.to_dict(),
            "defaults_used": self.defaults_dict(),
            "design_current": {
                **q(self.design_current, "A"),
                "basis": "max_voltage" if c.worst_case_voltage else "nominal",
            },
            "ampacity": {
                **q(self.ampacity, "A"),
                "tabulated": q(self.tabulated_ampacity, "A"),
                "ambient_factor": self.ambient_factor,
                "grouping_factor": self.grouping_factor,
                "method": c.method,
                "method_description": "" if method is None else method.description,
                "loaded_conductors": self.loaded_conductors,
            },
            "voltage_drop": {
                **q(self.voltage_drop, "V"),
                "percent": q(self.voltage_drop_percent, "%"),
                "limit": q(c.max_drop, "%"),
                "basis": "line-to-line" if self.loaded_conductors == 3 else "line and neutral",
            },
            "terminal_voltage": {
                **q(self.terminal_voltage, "V"),
                "supply": q(self.supply_voltage, "V"),
                "supply_measured": c.supply_voltage is not None,
                "min": q(self.terminal_voltage_min, "V"),
            },
            "checks": [check.to_dict() for check in self.checks],
            "recommended": self.recommendation.to_dict(),
            "working": [line.to_dict() for line in self.working],
            "sources": [s.to_dict() for s in self.sources],
        }


# ------------------------------------------------------------------ the cross-check

_DROP_SOURCE = "IEC 60364-5-52:2009 Annex G, Table G.52.1 (public LV supply, other uses)"
_TERMINAL_SOURCE = (
    "installation-spec.md §3; normal supply range per §1 (004 ch.2 §1 item 9(7): 198-242 V)"
)
_METER_SOURCE = "installation-spec.md §3 (meter Imax ≥ Ib); Ib(Imax) marking per IEC 62052-11"
_METER_KINDS = {
    "electronic": ("IC-card electronic", "磁卡电子表"),
    "mechanical": ("mechanical", "机械表"),
}


class _Site(NamedTuple):
    """Everything the per-wire assessment needs, fixed for one cross-check."""

    data: ReferenceData
    supply: Supply
    phases: int
    loaded: int
    method: InstallationMethod
    ib: float
    k_theta: float
    k_group: float
    length: float
    length_given: bool
    origin: float
    origin_measured: bool
    max_drop: float


class _Circuit(NamedTuple):
    """One wire size with one breaker on the site."""

    wire: float
    breaker: float
    tabulated: float
    iz: float
    u: float  # Annex G u (per line for three-phase)
    drop: float  # on the supply's basis
    percent: float
    terminal: float
    coordination: tuple[CheckResult, CheckResult, CheckResult]
    drop_check: CheckResult
    terminal_check: CheckResult

    @property
    def checks(self) -> tuple[CheckResult, ...]:
        return (*self.coordination, self.drop_check, self.terminal_check)


def _tabulated(site: _Site, wire: float) -> float:
    return float(ampacity(wire, site.method.name, site.loaded, data=site.data))


def _assess(site: _Site, wire: float, breaker: float) -> _Circuit:
    tabulated = _tabulated(site, wire)
    iz = tabulated * site.k_theta * site.k_group
    u = float(voltage_drop(site.ib, site.length, wire, site.phases, data=site.data))
    line = SQRT3 if site.phases == 3 else 1.0
    drop = line * u
    percent = float(
        voltage_drop_percent(
            site.ib, site.length, wire, site.supply.voltage, site.phases, data=site.data
        )
    )
    terminal = float(terminal_voltage(site.origin, u, site.phases))
    return _Circuit(
        wire=wire,
        breaker=breaker,
        tabulated=tabulated,
        iz=iz,
        u=u,
        drop=drop,
        percent=percent,
        terminal=terminal,
        coordination=coordination(site.ib, breaker, iz, data=site.data),
        drop_check=_drop_check(site, wire, drop, percent),
        terminal_check=_terminal_check(site, terminal),
    )


def _drop_check(site: _Site, wire: float, drop: float, percent: float) -> CheckResult:
    limit = Bound("%", high=site.max_drop)
    if not site.length_given:
        status = NOT_CHECKED
        message = (
            "Voltage drop not checked: the route length was not given (default 0 m). "
            "Give --length to check it."
        )
        message_zh = "未校核电压降:未给出线路长度(默认 0 m)。请给出 --length。"
    else:
        ok = limit.contains(percent)
        status = PASS if ok else FAIL
        what = f"{_fmt(drop)} V = {_fmt(percent)} % over {_fmt(site.length)} m of {_fmt(wire)} mm²"
        what_zh = f"{_fmt(site.length)} m {_fmt(wire)}mm² 线路压降 {_fmt(drop)}V = {_fmt(percent)}%"
        if ok:
            message = f"Voltage drop {what} ≤ {_fmt(site.max_drop)} %."
            message_zh = f"{what_zh} ≤ {_fmt(site.max_drop)}%。"
        else:
            message = (
                f"Voltage drop {what} exceeds the {_fmt(site.max_drop)} % limit by "
                f"{_fmt(percent - site.max_drop, 3)} percentage points."
            )
            message_zh = (
                f"{what_zh},超过 {_fmt(site.max_drop)}% 限值 {_fmt(percent - site.max_drop, 3)} "
                "个百分点。"
            )
    return CheckResult(
        rule="ENG-DROP",
        status=status,
        message=message,
        message_zh=message_zh,
        source=_DROP_SOURCE,
        measured=Value(percent, "%"),
        required=limit,
        basis="calculation",
    )


def _terminal_check(site: _Site, terminal: float) -> CheckResult:
    floor = site.supply.min_voltage
    need = Bound("V", low=floor)
    origin = (
        f"measured {_fmt(site.origin)} V"
        if site.origin_measured
        else f"the nominal {_fmt(site.origin)} V; supply voltage not measured"
    )
    origin_zh = (
        f"实测 {_fmt(site.origin)}V"
        if site.origin_measured
        else f"额定 {_fmt(site.origin)}V;未实测电源电压"
    )
    if not site.length_given and need.contains(site.origin):
        status = NOT_CHECKED
        message = (
            "Voltage at the heater not checked: the route length was not given, so the drop "
            f"is unknown (supply: {origin})."
        )
        message_zh = f"未校核热水器端电压:未给出线路长度,压降未知(电源:{origin_zh})。"
    elif need.contains(terminal):
        status = PASS
        message = f"Voltage at the heater {_fmt(terminal)} V ≥ {_fmt(floor)} V (from {origin})."
        message_zh = f"热水器端电压 {_fmt(terminal)}V ≥ {_fmt(floor)}V(自{origin_zh})。"
    else:
        status = FAIL
        message = (
            f"Voltage at the heater {_fmt(terminal)} V is {_fmt(floor - terminal, 3)} V below "
            f"the {_fmt(floor)} V floor of the normal range (from {origin})."
        )
        message_zh = (
            f"热水器端电压 {_fmt(terminal)}V 低于正常范围下限 {_fmt(floor)}V "
            f"{_fmt(floor - terminal, 3)}V(自{origin_zh})。"
        )
        if not need.contains(site.origin):
            message += " The supply itself is below the floor; no wire size can fix that."
            message_zh += "电源电压本身已低于下限,加粗电线无法解决。"
    return CheckResult(
        rule="ENG-TERMINAL-VOLTAGE",
        status=status,
        message=message,
        message_zh=message_zh,
        source=_TERMINAL_SOURCE,
        measured=Value(terminal, "V"),
        required=need,
        basis="calculation",
    )


def _capital(text: str) -> str:
    """First letter upper case, the rest as written ("IC-card", not "Ic-card")."""
    return text[:1].upper() + text[1:]


def _meter_check(kind: str, meter: Meter, ib: float) -> CheckResult:
    name, name_zh = _METER_KINDS[kind]
    ok = meter_sufficient(meter.max, ib)
    if ok:
        message = (
            f"{_capital(name)} meter {meter.marking}: Imax {_fmt(meter.max)} A ≥ Ib {_fmt(ib)} A."
        )
        message_zh = f"{name_zh} {meter.marking}:最大电流 {_fmt(meter.max)}A ≥ Ib {_fmt(ib)}A。"
    else:
        message = (
            f"{_capital(name)} meter {meter.marking}: Imax {_fmt(meter.max)} A is "
            f"{_fmt(ib - meter.max, 3)} A below Ib {_fmt(ib)} A."
        )
        message_zh = (
            f"{name_zh} {meter.marking}:最大电流 {_fmt(meter.max)}A 比 Ib {_fmt(ib)}A 小 "
            f"{_fmt(ib - meter.max, 3)}A。"
        )
    return CheckResult(
        rule=f"ENG-METER-{kind.upper()}",
        status=PASS if ok else FAIL,
        message=message,
        message_zh=message_zh,
        source=_METER_SOURCE,
        measured=Value(meter.max, "A"),
        required=Bound("A", low=ib),
        basis="calculation",
    )


def _passes(checks: Iterable[CheckResult]) -> bool:
    return all(c.status != FAIL for c in checks)


def _first_failure(checks: Iterable[CheckResult]) -> CheckResult:
    return next(c for c in checks if c.status == FAIL)


def _choose_breaker(site: _Site, wire: float, table_in: float, iz: float):
    """(rating, failing check of the table's breaker or None) or (None, reason check)."""
    table = coordination(site.ib, table_in, iz, data=site.data)
    if _passes(table):
        return table_in, None
    for rating in site.data.breaker_ratings:
        if _passes(coordination(site.ib, rating, iz, data=site.data)):
            return rating, _first_failure(table)
    return None, _first_failure(table)


def _recommend_wire(site: _Site, row_wire: float, table_in: float, poles: int):
    steps: list[RecommendationStep] = []
    floor = site.supply.min_voltage
    if not Bound("V", low=floor).contains(site.origin):
        steps.append(
            RecommendationStep(
                "wire",
                "ENG-TERMINAL-VOLTAGE",
                row_wire,
                None,
                f"The supply at the origin, {_fmt(site.origin)} V, is itself below the "
                f"{_fmt(floor)} V floor: no wire size can give the heater its voltage. The "
                "supply must be put right first (report it to the company).",
                f"线路起点电源电压 {_fmt(site.origin)}V 已低于下限 {_fmt(floor)}V,加粗电线"
                "无法解决,须先解决供电问题(向企业汇报)。",
            )
        )
        return None, steps
    sizes = [s for s in site.data.wire_sizes if s >= row_wire]
    for wire in sizes:
        iz = _tabulated(site, wire) * site.k_theta * site.k_group
        breaker, why = _choose_breaker(site, wire, table_in, iz)
        if breaker is None:
            if iz < site.ib:
                reason = (
                    f"{_fmt(wire)} mm²: Iz {_fmt(iz)} A < Ib {_fmt(site.ib)} A, so no breaker "
                    "satisfies Ib ≤ In ≤ Iz"
                )
                reason_zh = (
                    f"{_fmt(wire)}mm²:Iz {_fmt(iz)}A < Ib {_fmt(site.ib)}A,"
                    "没有空开能满足 Ib ≤ In ≤ Iz"
                )
            else:
                reason = (
                    f"{_fmt(wire)} mm²: no standard breaker rating lies in "
                    f"{_fmt(site.ib)} A ≤ In ≤ {_fmt(iz)} A (Ib ≤ In ≤ Iz)"
                )
                reason_zh = (
                    f"{_fmt(wire)}mm²:{_fmt(site.ib)}A ≤ In ≤ {_fmt(iz)}A 范围内没有标准空开规格"
                )
            steps.append(
                RecommendationStep(
                    "wire",
                    "ENG-IN-IZ",
                    wire,
                    None,
                    reason + "; next size up.",
                    reason_zh + ",取大一号。",
                )
            )
            continue
        circuit = _assess(site, wire, breaker)
        if circuit.drop_check.status == FAIL:
            steps.append(
                RecommendationStep(
                    "wire",
                    "ENG-DROP",
                    wire,
                    None,
                    f"{_fmt(wire)} mm²: {circuit.drop_check.message} Next size up.",
                    f"{_fmt(wire)}mm²:{circuit.drop_check.message_zh}取大一号。",
                )
            )
            continue
        if circuit.terminal_check.status == FAIL:
            steps.append(
                RecommendationStep(
                    "wire",
                    "ENG-TERMINAL-VOLTAGE",
                    wire,
                    None,
                    f"{_fmt(wire)} mm²: {circuit.terminal_check.message} Next size up.",
                    f"{_fmt(wire)}mm²:{circuit.terminal_check.message_zh}取大一号。",
                )
            )
            continue
        if wire != row_wire:
            last = steps[-1]
            steps.append(
                RecommendationStep(
                    "wire",
                    last.criterion,
                    row_wire,
                    wire,
                    f"Wire {_fmt(row_wire)} → {_fmt(wire)} mm², decided by {last.criterion}: "
                    f"the first standard size for which every check holds.",
                    f"电线 {_fmt(row_wire)} → {_fmt(wire)}mm²,由 {last.criterion} 决定:"
                    "满足全部校核的最小标准规格。",
                )
            )
        if why is not None:
            steps.append(
                RecommendationStep(
                    "breaker",
                    why.rule,
                    table_in,
                    breaker,
                    f"Breaker {_fmt(table_in)} → {_fmt(breaker)} A, decided by {why.rule} "
                    f"on {_fmt(wire)} mm²: {why.message} {_fmt(breaker)} A is the smallest "
                    f"standard rating with {_fmt(site.ib)} A ≤ In ≤ {_fmt(circuit.iz)} A.",
                    f"空开 {_fmt(table_in)} → {_fmt(breaker)}A,由 {why.rule} 决定"
                    f"({_fmt(wire)}mm²):{why.message_zh}{_fmt(breaker)}A 是满足 "
                    f"{_fmt(site.ib)}A ≤ In ≤ {_fmt(circuit.iz)}A 的最小标准规格。",
                )
            )
        return (circuit, Breaker(breaker, poles)), steps
    largest = site.data.wire_sizes[-1]
    steps.append(
        RecommendationStep(
            "wire",
            steps[-1].criterion if steps else "ENG-IN-IZ",
            row_wire,
            None,
            f"No standard wire size up to {_fmt(largest)} mm² passes every check; this site "
            "needs an engineer's own design (report it to the company).",
            f"至 {_fmt(largest)}mm² 的标准线径均不能通过全部校核,须另行设计(向企业汇报)。",
        )
    )
    return None, steps


def _recommend_meter(site: _Site, kind: str, table_meter: Meter):
    if meter_sufficient(table_meter.max, site.ib):
        return table_meter, None
    name, name_zh = _METER_KINDS[kind]
    candidates = sorted(
        (
            m.meter
            for m in site.data.meters
            if m.connection == "direct"
            and m.meter.phases == table_meter.phases
            and meter_sufficient(m.meter.max, site.ib)
        ),
        key=lambda m: (m.max, m.basic),
    )
    code = f"ENG-METER-{kind.upper()}"
    if not candidates:
        return None, RecommendationStep(
            f"{kind}_meter",
            code,
            table_meter.max,
            None,
            f"{_capital(name)} meter: no standard direct-connected meter carries "
            f"Ib {_fmt(site.ib)} A; a transformer-operated meter needs its own design.",
            f"{name_zh}:没有能承载 Ib {_fmt(site.ib)}A 的标准直接接入式电表,"
            "须另行设计(互感器接入)。",
        )
    chosen = candidates[0]
    return chosen, RecommendationStep(
        f"{kind}_meter",
        code,
        table_meter.max,
        chosen.max,
        f"{_capital(name)} meter {table_meter.marking} → {chosen.marking}, decided by {code}: "
        f"Imax {_fmt(table_meter.max)} A < Ib {_fmt(site.ib)} A; {chosen.marking} is the "
        "smallest standard meter with Imax ≥ Ib.",
        f"{name_zh} {table_meter.marking} → {chosen.marking},由 {code} 决定:最大电流 "
        f"{_fmt(table_meter.max)}A < Ib {_fmt(site.ib)}A;{chosen.marking} 是最大电流 ≥ Ib "
        "的最小标准电表。",
    )


def check_engineering(
    sizing: SizingResult,
    conditions: SiteConditions | None = None,
    *,
    data: ReferenceData | None = None,
) -> EngineeringResult:
    """Cross-check a table answer against the site: ampacity, coordination, drop, meter.

    Parameters
    ----------
    sizing : SizingResult
        The table answer of :func:`sitesurvey.size`; it is checked, never changed.
    conditions : SiteConditions, optional
        The site; by default every documented default (method B1, 30 °C, grouping 1,
        length 0 m, the data file's drop limit), each listed in ``defaults_used``.
    data : ReferenceData, optional
        Reference figures; by default the shipped files.

    Returns
    -------
    EngineeringResult
        The figures, the checks (codes ``ENG-…``, basis ``calculation``), the verdict
        ``"ok"`` or ``"insufficient"``, the recommendation and the working.

    Raises
    ------
    InputError
        A measured supply voltage that cannot belong to the table's supply (outside
        :func:`sitesurvey.bands.supply_voltage_band`), or a table wire that is not in the
        capacity table.

    Notes
    -----
    Single-phase circuits have two loaded conductors, three-phase circuits three.
    Ib is :func:`sitesurvey.sizing.design_current` at the nominal voltage, or
    ``Ib × U_max / U_nom`` with ``worst_case_voltage``. The voltage-drop limit is
    relative to the nominal voltage (Annex G); the voltage at the heater is the
    measured (or nominal) supply voltage less the drop, against the bottom of the
    supply's normal range.

    References
    ----------
    installation-spec.md §3; IEC 60364-5-52:2009 Annex B (B.52.2, B.52.4, B.52.10,
    B.52.14, B.52.17) and Annex G; IEC 60364-4-43:2008 433.1; issue 3 (the
    recommendation algorithm).

    Examples
    --------
    >>> from sitesurvey import size
    >>> site = SiteConditions.from_inputs(length="20m", method="B1", ambient="35degC")
    >>> r = check_engineering(size(8500), site)
    >>> r.verdict, round(r.ampacity, 2), r.recommendation.wire
    ('insufficient', 38.54, 10.0)
    """
    data = data or reference_data()
    conditions = conditions or SiteConditions()
    supply = sizing.supply
    phases = supply.phases
    loaded = 2 if phases == 1 else 3
    method = _method(conditions.method, data)
    if conditions.supply_voltage is not None and not plausible_supply_voltage(
        conditions.supply_voltage, supply.voltage
    ):
        raise InputError(
            "supply_voltage",
            f"{conditions.supply_voltage:g} V",
            f"a measured voltage of the {supply.label} supply (near {supply.voltage:g} V)",
            "for a three-phase supply give the line-to-line voltage"
            if phases == 3
            else "give the line-to-neutral voltage at the main switch",
        )
    ib = (
        sizing.design_current_max_voltage
        if conditions.worst_case_voltage
        else sizing.design_current
    )
    site = _Site(
        data=data,
        supply=supply,
        phases=phases,
        loaded=loaded,
        method=method,
        ib=ib,
        k_theta=float(ambient_factor(conditions.ambient, data=data)),
        k_group=float(grouping_factor(conditions.grouping, data=data)),
        length=conditions.length,
        length_given="length" not in conditions.defaults_used,
        origin=supply.voltage if conditions.supply_voltage is None else conditions.supply_voltage,
        origin_measured=conditions.supply_voltage is not None,
        max_drop=conditions.max_drop,
    )
    row = sizing.row
    table = _assess(site, row.wire, row.breaker.rating)
    meter_checks = (
        _meter_check("electronic", row.electronic_meter, ib),
        _meter_check("mechanical", row.mechanical_meter, ib),
    )
    checks = (*table.coordination, *meter_checks, table.drop_check, table.terminal_check)
    verdict: Verdict = "ok" if _passes(checks) else "insufficient"

    chosen, steps = _recommend_wire(site, row.wire, row.breaker.rating, row.breaker.poles)
    meters = {}
    for kind, meter in (("electronic", row.electronic_meter), ("mechanical", row.mechanical_meter)):
        meters[kind], step = _recommend_meter(site, kind, meter)
        if step is not None:
            steps.append(step)
    rec_checks: list[CheckResult] = []
    if chosen is not None:
        circuit, _ = chosen
        rec_checks += circuit.coordination
    rec_checks += [_meter_check(k, m, ib) for k, m in meters.items() if m is not None]
    if chosen is not None:
        rec_checks += [circuit.drop_check, circuit.terminal_check]
    recommendation = Recommendation(
        wire=None if chosen is None else chosen[0].wire,
        breaker=None if chosen is None else chosen[1],
        electronic_meter=meters["electronic"],
        mechanical_meter=meters["mechanical"],
        ampacity=None if chosen is None else chosen[0].iz,
        voltage_drop=None if chosen is None else chosen[0].drop,
        voltage_drop_percent=None if chosen is None else chosen[0].percent,
        terminal_voltage=None if chosen is None else chosen[0].terminal,
        checks=tuple(rec_checks),
        steps=tuple(steps),
    )
    working = _working(sizing, conditions, site, table, meter_checks, chosen)
    return EngineeringResult(
        sizing=sizing,
        conditions=conditions,
        loaded_conductors=loaded,
        design_current=ib,
        supply_voltage=site.origin,
        tabulated_ampacity=table.tabulated,
        ambient_factor=site.k_theta,
        grouping_factor=site.k_group,
        ampacity=table.iz,
        voltage_drop=table.drop,
        voltage_drop_percent=table.percent,
        terminal_voltage=table.terminal,
        terminal_voltage_min=supply.min_voltage,
        checks=checks,
        verdict=verdict,
        recommendation=recommendation,
        working=working,
        sources=tuple(data.sources.values()),
    )


# -------------------------------------------------------------------- the working


def _status_word(check: CheckResult) -> tuple[str, str]:
    return {
        PASS: ("holds", "满足"),
        FAIL: ("FAILS", "不满足"),
        NOT_CHECKED: ("not checked", "未校核"),
    }.get(check.status, (check.status, check.status))


def _working(
    sizing: SizingResult,
    conditions: SiteConditions,
    site: _Site,
    table: _Circuit,
    meter_checks: tuple[CheckResult, ...],
    chosen: tuple[_Circuit, Breaker] | None,
) -> tuple[WorkingLine, ...]:
    lines: list[WorkingLine] = []

    def add(en: str, zh: str | None = None) -> None:
        lines.append(WorkingLine(en, en if zh is None else zh))

    supply = site.supply
    p, u_nom = sizing.power, supply.voltage
    if site.phases == 1:
        formula = f"Ib = P / U = {_fmt(p, 6)} W / {_fmt(u_nom)} V = {_fmt(sizing.design_current)} A"
    else:
        formula = (
            f"Ib = P / (√3 · U) = {_fmt(p, 6)} W / (1.732 × {_fmt(u_nom)} V) = "
            f"{_fmt(sizing.design_current)} A"
        )
    add(f"Design current: {formula}", f"设计电流:{formula}")
    if conditions.worst_case_voltage:
        formula = (
            f"Ib,max = Ib × U_max / U_nom = {_fmt(sizing.design_current)} A × "
            f"{_fmt(supply.max_voltage)} V / {_fmt(u_nom)} V = {_fmt(site.ib)} A"
        )
        add(
            f"Worst case (top of the normal range): {formula}; the checks use this Ib",
            f"最不利情况(正常电压上限):{formula};以下校核用此 Ib",
        )

    ds = site.data.sources
    add(
        _ampacity_line(site, table, "en", ds),
        _ampacity_line(site, table, "zh", ds),
    )
    for note_en, note_zh in _factor_notes(site, conditions):
        add(note_en, note_zh)
    _coordination_lines(add, site, table)
    _drop_lines(add, site, table)
    for check in meter_checks:
        word, word_zh = _status_word(check)
        add(f"Meter: {check.message} ({word})", f"电表:{check.message_zh}({word_zh})")
    if chosen is not None and (chosen[0].wire != table.wire or chosen[1].rating != table.breaker):
        circuit = chosen[0]
        add(
            "Recommended circuit: " + _ampacity_line(site, circuit, "en", ds),
            "推荐线路:" + _ampacity_line(site, circuit, "zh", ds),
        )
        _coordination_lines(add, site, circuit)
        _drop_lines(add, site, circuit)
    return tuple(lines)


def _ampacity_line(site: _Site, c: _Circuit, lang: str, sources) -> str:
    table_no = site.method.table(site.loaded)
    formula = (
        f"Iz = Iz,30 × kθ × kg = {_fmt(c.tabulated)} A × {_fmt(site.k_theta)} × "
        f"{_fmt(site.k_group)} = {_fmt(c.iz)} A"
    )
    if lang == "zh":
        return (
            f"载流量({_fmt(c.wire)}mm² 铜芯 PVC,敷设方式 {site.method.name},{site.loaded} 根"
            f"载流导体;IEC 60364-5-52 表 {table_no}、B.52.14、B.52.17):{formula}"
        )
    return (
        f"Ampacity ({_fmt(c.wire)} mm² copper PVC, method {site.method.name}, {site.loaded} "
        f"loaded conductors; IEC 60364-5-52 Tables {table_no}, B.52.14, B.52.17): {formula}"
    )


def _factor_notes(site: _Site, conditions: SiteConditions):
    data = site.data
    t = conditions.ambient
    notes = []
    if t < data.temperatures[0]:
        notes.append(
            (
                f"kθ: {_fmt(t)} °C is below the table's lowest temperature; the "
                f"{_fmt(data.temperatures[0])} °C factor {_fmt(site.k_theta)} is used (the "
                "true factor is higher, so this is on the safe side)",
                f"kθ:{_fmt(t)}°C 低于表中最低温度,取 {_fmt(data.temperatures[0])}°C 的系数 "
                f"{_fmt(site.k_theta)}(实际系数更大,偏于安全)",
            )
        )
    elif not any(abs(t - listed) <= _TEMPERATURE_ROUNDOFF for listed in data.temperatures):
        up = data.temperatures[bisect_left(data.temperatures, t)]
        notes.append(
            (
                f"kθ: {_fmt(t)} °C lies between listed temperatures; the next listed up, "
                f"{_fmt(up)} °C, gives {_fmt(site.k_theta)} (the safer factor)",
                f"kθ:{_fmt(t)}°C 介于表列温度之间,取上一档 {_fmt(up)}°C 的系数 "
                f"{_fmt(site.k_theta)}(偏于安全)",
            )
        )
    n = conditions.grouping
    if n not in data.circuits:
        up = data.circuits[bisect_left(data.circuits, n)]
        notes.append(
            (
                f"kg: {n} circuits lie between listed counts; the next listed up, {up}, "
                f"gives {_fmt(site.k_group)} (the safer factor)",
                f"kg:{n} 个回路介于表列数之间,取上一档 {up} 个回路的系数 {_fmt(site.k_group)}"
                "(偏于安全)",
            )
        )
    return notes


def _coordination_lines(add, site: _Site, c: _Circuit) -> None:
    ib_in, in_iz, i2 = c.coordination
    ok = ib_in.status == PASS and in_iz.status == PASS
    word, word_zh = ("holds", "满足") if ok else ("FAILS", "不满足")
    formula = f"{_fmt(site.ib)} A ≤ {_fmt(c.breaker)} A ≤ {_fmt(c.iz)} A"
    add(
        f"Coordination Ib ≤ In ≤ Iz (IEC 60364-4-43 433.1): {formula} — {word}",
        f"配合条件 Ib ≤ In ≤ Iz(IEC 60364-4-43 433.1):{formula} — {word_zh}",
    )
    k2 = site.data.tripping_factor
    formula = (
        f"I2 = {_fmt(k2)} × In = {_fmt(k2)} × {_fmt(c.breaker)} A = {_fmt(k2 * c.breaker)} A ≤ "
        f"1.45 × Iz = 1.45 × {_fmt(c.iz)} A = {_fmt(_IZ_FACTOR_433 * c.iz)} A"
    )
    word, word_zh = _status_word(i2)
    add(f"{formula} — {word}", f"{formula} — {word_zh}")


def _drop_lines(add, site: _Site, c: _Circuit) -> None:
    b = 2 if site.phases == 1 else 1
    formula = (
        f"u = b · ρ · L · Ib / S = {b} × {_fmt(site.data.resistivity)} Ω·mm²/m × "
        f"{_fmt(site.length)} m × {_fmt(site.ib)} A / {_fmt(c.wire)} mm² = {_fmt(c.u)} V"
    )
    formula_zh = formula
    if site.phases == 3:
        formula += f" per line; line-to-line √3 × u = {_fmt(c.drop)} V"
        formula_zh += f"(每相);线电压降 √3 × u = {_fmt(c.drop)} V"
        u0 = f"{_fmt(site.supply.voltage / SQRT3)} V (= {_fmt(site.supply.voltage)} V / √3)"
    else:
        u0 = f"{_fmt(site.supply.voltage)} V"
    note = "" if site.length_given else " (length not given: default 0 m)"
    note_zh = "" if site.length_given else "(未给出长度:默认 0 m)"
    add(
        f"Voltage drop (IEC 60364-5-52 Annex G){note}: {formula}",
        f"电压降(IEC 60364-5-52 附录 G){note_zh}:{formula_zh}",
    )
    word, word_zh = _status_word(c.drop_check)
    formula = (
        f"Δu = 100 × u / U0 = 100 × {_fmt(c.u)} V / {u0} = {_fmt(c.percent)} % ≤ "
        f"{_fmt(site.max_drop)} %"
    )
    add(f"{formula} — {word}", f"{formula} — {word_zh}")
    minus = "U − √3 · u" if site.phases == 3 else "U − u"
    origin = "measured" if site.origin_measured else "nominal, not measured"
    origin_zh = "实测" if site.origin_measured else "额定值,未实测"
    formula = (
        f"U_heater = {minus} = {_fmt(site.origin)} V − {_fmt(c.drop)} V = {_fmt(c.terminal)} V "
        f"≥ {_fmt(site.supply.min_voltage)} V"
    )
    word, word_zh = _status_word(c.terminal_check)
    add(
        f"Voltage at the heater (U {origin}): {formula} — {word}",
        f"热水器端电压(U {origin_zh}):{formula} — {word_zh}",
    )


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
