"""The IEC reference data: the four data files in ``tables/``, read and validated once.

:class:`ReferenceData` holds the figures (capacities per installation method, the
ambient and grouping factors, the standard wire, breaker and meter ratings, the
resistivity); :func:`reference_data` is the shipped set, cached. Every failure names the
file, the column and the entry.
"""

from __future__ import annotations

import math
import os
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NoReturn

from sitesurvey._dataclasses import dataclass
from sitesurvey._files import _resolve_data_file, read_data_file
from sitesurvey.errors import InputError, TableError
from sitesurvey.sizing.table import Meter
from sitesurvey.units import KINDS, parse

if TYPE_CHECKING:
    from pathlib import Path
    from typing import NamedTuple
else:  # typing.NamedTuple's classes, made without evaluating annotations (start-up)
    from sitesurvey._tuples import NamedTuple

__all__ = [
    "AMBIENT_FILE",
    "CAPACITY_FILE",
    "GROUPING_FILE",
    "RATINGS_FILE",
    "DataSource",
    "InstallationMethod",
    "ReferenceData",
    "StandardMeter",
    "reference_data",
]

#: Data files in ``tables/`` (one per source table).
CAPACITY_FILE = "iec60364-5-52_current_carrying_capacity.toml"
AMBIENT_FILE = "iec60364-5-52_ambient_temperature_factors.toml"
GROUPING_FILE = "iec60364-5-52_grouping_factors.toml"
RATINGS_FILE = "standard_ratings.toml"


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
        One per circuit count: the "bunched" row (item 1).
    arrangements : mapping of str to tuple of float
        The rows of Table B.52.17 by arrangement (``"bunched"``, ``"wall"``,
        ``"tray"``), one factor per circuit count.
    arrangement_names : mapping of str to str
        What each arrangement is, as the data file names it (``"Item 2: ..."``).
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
    arrangements: MappingProxyType[str, tuple[float, ...]]
    arrangement_names: MappingProxyType[str, str]
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
            arrangements=grp["arrangements"],
            arrangement_names=grp["arrangement_names"],
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
    names = f.content.get("arrangements", {"bunched": "bunched"})
    if not isinstance(names, dict) or "bunched" not in names:
        f.fail("expected an [arrangements] table naming at least 'bunched'", column="arrangements")
    rows: dict[str, tuple[float, ...]] = {}
    for name in names:
        factors = f.numbers(name)
        f.same_length(factors, name, circuits, "circuits")
        f.monotone(factors, name, "the number of circuits", rising=False)
        if factors[0] != 1.0:
            f.fail(f"one circuit alone must have factor 1, has {factors[0]:g}", row=1, column=name)
        rows[name] = factors
    return {
        "circuits": tuple(int(n) for n in circuits),
        "factors": rows["bunched"],
        "arrangements": MappingProxyType(rows),
        "arrangement_names": MappingProxyType({k: str(v) for k, v in names.items()}),
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
