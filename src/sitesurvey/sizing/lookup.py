"""Size the circuit of an instant electric water heater from the manufacturer's table.

:func:`size` takes a heater power and supply voltage and returns the table's answer
(wire, meters, breaker, water pressure) with the design current and notes;
:func:`size_many` does the same for a numpy array of powers.

Rules (``installation-spec.md`` §1):

* between rows take the next row up, never down;
* below the first row of a supply take the first row;
* above the last row of a supply there is no answer: an error names the largest row
  and, for single-phase, points to the three-phase rows;
* a voltage that is no nominal supply but lies in a supply's normal range (230 V → the
  220 V supply, 198–242 V) is sized on that supply with a note; any other voltage is an
  error that lists the supplies.

The table answer is *the* answer. Where it disagrees with the design current (the 25 A
breaker of the 18000 W row carries less than its 27.3 A), a note says so; nothing is
silently corrected.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sitesurvey import fmt
from sitesurvey.bands import FAR_BELOW
from sitesurvey.errors import InputError, OutOfRangeError
from sitesurvey.i18n import N_
from sitesurvey.results import Text
from sitesurvey.sizing.table import (
    Breaker,
    Meter,
    PressureRange,
    Row,
    SpecTable,
    Supply,
    TableRef,
    default_table,
    load_table,
)
from sitesurvey.units import parse, to_quantity
from sitesurvey.units import quantity_json as q

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path
    from typing import NamedTuple

    import numpy as np
    import pint
else:  # typing.NamedTuple's classes, made without evaluating annotations (start-up)
    from sitesurvey._tuples import NamedTuple

__all__ = [
    "Note",
    "SizingBatch",
    "SizingResult",
    "TableRef",
    "design_current",
    "rated_current",
    "resolve_supply",
    "size",
    "size_many",
]

SQRT3 = math.sqrt(3.0)


class _Word(str):
    """A placeholder value that is itself a message id (``_Word(N_("mechanical meter"))``):
    a :class:`Note` translates it only when its Chinese is asked for."""

    __slots__ = ()


def _g(x: float) -> str:
    """A table figure in a note, as the table writes it (``5500``, ``2.5``)."""
    return fmt.number(x, 6)


class Note:
    """A remark attached to a result, in English and (looked up on first use) Chinese.

    Parameters
    ----------
    code : str
        Stable identifier, e.g. ``"ROW-ASSUMED"`` or ``"TABLE-BREAKER-BELOW-IB"``.
    message : str
        The English message id, marked for the catalog (``N_("...{power} W ...")``),
        with ``{name}`` placeholders filled from ``fields``.
    message_zh : str, optional
        The Chinese, when the caller already has it; otherwise it is the catalog's
        translation of ``message``, looked up only when asked for, so that English
        output never opens the catalog (``size`` start-up).
    **fields
        Placeholder values: numbers already formatted (:mod:`sitesurvey.fmt`), or
        :class:`~sitesurvey.results.Text` for words.

    Attributes
    ----------
    code, message, message_zh : str
        The identifier and the filled-in message in each language.

    Examples
    --------
    >>> from sitesurvey.i18n import N_
    >>> note = Note("ROW-BELOW-FIRST", N_("{power} W is below the first row; the first "
    ...     "row ({row} W) is used."), power="2000", row="2500")
    >>> note.message
    '2000 W is below the first row; the first row (2500 W) is used.'
    """

    __slots__ = ("_fields", "_msgid", "_zh", "code")

    def __init__(
        self, code: str, message: str, message_zh: str | None = None, /, **fields: Any
    ) -> None:
        self.code = code
        self._msgid = message
        self._zh = message_zh
        self._fields = fields

    @property
    def message(self) -> str:
        """The English message."""
        if not self._fields:
            return self._msgid
        return self._msgid.format(**{k: str(v) for k, v in self._fields.items()})

    @property
    def message_zh(self) -> str:
        """The Chinese message (opens the catalog on first use)."""
        if self._zh is None:
            from sitesurvey.i18n import bi, zh

            fields = {
                k: Text(v, zh(v, None)) if isinstance(v, _Word) else v
                for k, v in self._fields.items()
            }
            self._zh = bi(self._msgid, None, **fields).zh
        return self._zh

    def __iter__(self) -> Iterator[str]:
        return iter((self.code, self.message, self.message_zh))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Note):
            return NotImplemented
        return tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash((self.code, self.message))

    def __repr__(self) -> str:
        return f"Note({self.code!r}, {self.message!r})"

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "message_zh": self.message_zh}


def design_current(power: float, voltage: float, phases: int) -> float:
    """Design current Ib of a resistive heater [A].

    Parameters
    ----------
    power : float
        Heater power [W].
    voltage : float
        Supply voltage [V]: line-to-neutral for single-phase, line-to-line for
        three-phase.
    phases : int
        1 or 3.

    Returns
    -------
    float
        ``P / U`` (single-phase) or ``P / (√3 · U)`` (three-phase, balanced, cos φ = 1).

    References
    ----------
    installation-spec.md §3; IEC 60364-5-52 Annex G (design current).

    Examples
    --------
    >>> round(design_current(5500, 220, 1), 1)
    25.0
    >>> round(design_current(18000, 380, 3), 1)
    27.3
    """
    if phases == 3:
        return power / (SQRT3 * voltage)
    return power / voltage


def rated_current(power: float, rated_voltage: float, supply_voltage: float, phases: int) -> float:
    """Current of a resistive heater rated ``power`` at ``rated_voltage``, on another voltage.

    Parameters
    ----------
    power : float
        Rated power of the heater [W].
    rated_voltage : float
        The voltage the power is rated at [V] (line-to-line for three-phase).
    supply_voltage : float
        The voltage it is connected to [V] (line-to-line for three-phase).
    phases : int
        1 or 3.

    Returns
    -------
    float
        ``U / R`` with ``R = U_rated² / P`` (per phase for three-phase: the heater is a
        balanced resistance, so the current scales with U / U_rated).

    Notes
    -----
    A heater rated 5500 W at 230 V is R = 230² / 5500 = 9.62 Ω; on 220 V it draws
    220 / 9.62 = 22.9 A, not 5500 / 220 = 25.0 A. Equal voltages give
    :func:`design_current`.

    References
    ----------
    installation-spec.md §3 (a heater rated for another voltage is a resistance).

    Examples
    --------
    >>> round(rated_current(5500, 230, 220, 1), 2)
    22.87
    >>> rated_current(5500, 220, 220, 1) == design_current(5500, 220, 1)
    True
    """
    return design_current(power, rated_voltage, phases) * supply_voltage / rated_voltage


class SizingResult(NamedTuple):
    """The table's answer for one heater, immutable.

    A named tuple, because a lookup should cost less than its answer: creating it is
    several times cheaper than a frozen dataclass, and it is just as immutable.

    Attributes
    ----------
    power : float
        Heater power asked for [W].
    voltage : float
        Supply voltage asked for [V].
    supply : Supply
        The table supply used (nominal voltage, phases, normal range).
    row : Row
        The table row used: the first row whose power is at least ``power``.
    design_current : float
        Ib at the supply's nominal voltage [A].
    design_current_max_voltage : float
        Ib at the top of the supply's normal range [A]: a heater is a resistance and
        draws ``U / R``, so ``Ib × U_max / U_nom``.
    notes : tuple of Note
    table : TableRef
    """

    power: float
    voltage: float
    supply: Supply
    row: Row
    design_current: float
    design_current_max_voltage: float
    notes: tuple[Note, ...]
    table: TableRef

    # Convenience views of the row -------------------------------------------------
    @property
    def wire(self) -> float:
        """Copper conductor cross-section of the table [mm²]."""
        return self.row.wire

    @property
    def breaker(self) -> Breaker:
        """Air switch of the table (rating [A], poles)."""
        return self.row.breaker

    @property
    def electronic_meter(self) -> Meter:
        """IC-card electronic meter of the table."""
        return self.row.electronic_meter

    @property
    def mechanical_meter(self) -> Meter:
        """Mechanical meter of the table."""
        return self.row.mechanical_meter

    @property
    def water_pressure(self) -> PressureRange:
        """Water-pressure range of the table [MPa]."""
        return self.row.water_pressure

    def quantity(self, name: str) -> pint.Quantity:
        """One value as a pint Quantity, e.g. ``result.quantity("wire")``.

        Names: ``power``, ``voltage``, ``wire``, ``breaker``, ``design_current``,
        ``design_current_max_voltage``, ``water_pressure_min``, ``water_pressure_max``.
        """
        values = {
            "power": (self.power, "W"),
            "voltage": (self.voltage, "V"),
            "wire": (self.row.wire, "mm²"),
            "breaker": (self.row.breaker.rating, "A"),
            "design_current": (self.design_current, "A"),
            "design_current_max_voltage": (self.design_current_max_voltage, "A"),
            "water_pressure_min": (self.row.water_pressure.min, "MPa"),
            "water_pressure_max": (self.row.water_pressure.max, "MPa"),
        }
        if name not in values:
            raise KeyError(f"{name!r}: expected one of {', '.join(values)}")
        return to_quantity(*values[name])

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data; quantities as ``{"value", "unit"}``."""
        row = self.row

        return {
            "input": {"power": q(self.power, "W"), "voltage": q(self.voltage, "V")},
            "supply": {
                "voltage": q(self.supply.voltage, "V"),
                "frequency": q(self.supply.frequency, "Hz"),
                "phases": self.supply.phases,
                "conductors": self.supply.conductors,
                "normal_range": {
                    "min": q(self.supply.min_voltage, "V"),
                    "max": q(self.supply.max_voltage, "V"),
                },
            },
            "row": {
                "number": row.number,
                "power": q(row.power, "W"),
                "assumed": row.assumed,
                "assumed_reason": row.assumed_reason,
            },
            "wire": q(row.wire, "mm²"),
            "meter": {
                "electronic": row.electronic_meter.to_dict(),
                "mechanical": row.mechanical_meter.to_dict(),
            },
            "breaker": row.breaker.to_dict(),
            "water_pressure": row.water_pressure.to_dict(),
            "design_current": q(self.design_current, "A"),
            "design_current_max_voltage": q(self.design_current_max_voltage, "A"),
            "notes": [n.to_dict() for n in self.notes],
            "table": self.table.to_dict(),
        }


# ------------------------------------------------------------------ table resolution


def _resolve_table(table: SpecTable | str | Path | None) -> SpecTable:
    if table is None:
        return default_table()
    if isinstance(table, SpecTable):
        return table
    return load_table(table)


def _supply_list(table: SpecTable) -> str:
    return "; ".join(
        f"{s.voltage:g} V ({s.min_voltage:g}-{s.max_voltage:g} V)" for s in table.supplies
    )


def resolve_supply(table: SpecTable, voltage: float) -> tuple[Supply, Note | None]:
    """Find the table supply for a voltage [V].

    A nominal voltage of the table names its supply; a voltage inside one supply's
    normal range is sized on that supply with a ``VOLTAGE-NOT-NOMINAL`` note.

    Raises
    ------
    OutOfRangeError
        The voltage is neither nominal nor inside any supply's normal range.
    """
    supply = table.supply_for(voltage)
    if supply is not None:
        return supply, None
    for supply in table.supplies:
        if supply.min_voltage <= voltage <= supply.max_voltage:
            note = Note(
                "VOLTAGE-NOT-NOMINAL",
                N_(
                    "{voltage} V is not a rated supply of the table; it lies in the normal "
                    "range of the {nominal} V supply ({low}-{high} V), so the {nominal} V "
                    "rows are used."
                ),
                voltage=_g(voltage),
                nominal=_g(supply.voltage),
                low=_g(supply.min_voltage),
                high=_g(supply.max_voltage),
            )
            return supply, note
    raise OutOfRangeError(
        f'voltage: {voltage:g} V is not a supply of the table "{table.id}". '
        f"Supplies (normal range): {_supply_list(table)}. "
        "Give the rated supply of the heater, e.g. --voltage 220V or --voltage 380V."
    )


def _far_below(table: SpecTable, supply: Supply, power: float, field: str) -> InputError:
    """The error for a power far below a supply's rows, with a did-you-mean."""
    first, last = table.powers_of(supply)[0], table.powers_of(supply)[-1]
    hint = (
        f"the smallest row of the {supply.voltage:g} V supply is {first:g} W, and a heater "
        f"below {first * FAR_BELOW:g} W is no instant water heater of this table"
    )
    for factor in (10, 100):
        if first <= power * factor <= last:
            hint = f"did you mean {power * factor:g} W? ({hint})"
            break
    else:
        other = next(
            (
                s
                for s in table.supplies
                if s is not supply
                and table.powers_of(s)[0] * FAR_BELOW <= power <= table.powers_of(s)[-1]
            ),
            None,
        )
        if other is not None:  # 5500 W given --voltage 380: a single-phase heater?
            hint = (
                f"a {power:g} W heater is on the {other.voltage:g} V rows: check the "
                f"heater's rated voltage (--voltage {other.voltage:g}V, heater.supply_voltage)"
                f"; {hint}"
            )
    return InputError(
        field, f"{power:g} W", f"the rated power of the heater on {supply.label}", hint
    )


def _above_table(table: SpecTable, supply: Supply, power: float) -> OutOfRangeError:
    largest = table.powers_of(supply)[-1]
    message = (
        f"power: {power:g} W is above the largest row of the {supply.voltage:g} V supply "
        f"({largest:g} W); the table has no answer for it."
    )
    higher = [
        s
        for s in table.supplies
        if (s.phases > supply.phases or s.voltage > supply.voltage)
        and power <= table.powers_of(s)[-1]
    ]
    if higher:
        other = higher[0]
        message += (
            f" A heater this large needs the {other.label} rows "
            f"(up to {table.powers_of(other)[-1]:g} W): size it on the {other.voltage:g} V "
            f"supply (--voltage {other.voltage:g}V)."
        )
    else:
        message += (
            " No supply of the table goes that high: check the power (a bare number is "
            "watts), or ask the manufacturer for the installation conditions of this model."
        )
    return OutOfRangeError(message)


def _notes(
    table: SpecTable,
    supply: Supply,
    row: Row,
    index: int,
    power: float,
    ib: float,
    ib_max: float,
    voltage_note: Note | None,
) -> tuple[Note, ...]:
    if (
        voltage_note is None
        and power == row.power
        and not row.assumed
        and row.breaker.rating >= ib_max
        and row.electronic_meter.max >= ib_max
        and row.mechanical_meter.max >= ib_max
    ):
        return ()  # the common case: a rated heater on a row with room to spare
    notes: list[Note] = [] if voltage_note is None else [voltage_note]
    notes += _row_notes(table, supply, row, index, power)
    notes += _breaker_notes(supply, row, ib, ib_max)
    notes += _meter_notes(supply, row, ib, ib_max)
    return tuple(notes)


def _row_notes(table: SpecTable, supply: Supply, row: Row, index: int, power: float) -> list[Note]:
    """Which row was used for a power between rows, and an assumed row."""
    notes: list[Note] = []
    if power != row.power:
        if index == 0 and power < row.power:
            notes.append(
                Note(
                    "ROW-BELOW-FIRST",
                    N_("{power} W is below the first row; the first row ({row} W) is used."),
                    power=_g(power),
                    row=_g(row.power),
                )
            )
        else:
            below = table.powers_of(supply)[index - 1]
            notes.append(
                Note(
                    "ROW-NEXT-UP",
                    N_(
                        "{power} W lies between the {below} W and {row} W rows; the next row "
                        "up ({row} W) is used, never the one below."
                    ),
                    power=_g(power),
                    below=_g(below),
                    row=_g(row.power),
                )
            )
    if row.assumed:
        notes.append(
            Note(
                "ROW-ASSUMED",
                N_("The {row} W row is assumed: {reason}"),
                row=_g(row.power),
                reason=Text(row.assumed_reason, row.assumed_reason_zh),  # the table's words
            )
        )
    return notes


def _breaker_notes(supply: Supply, row: Row, ib: float, ib_max: float) -> list[Note]:
    """The table's breaker against the design current, nominal and at the top of the range."""
    notes: list[Note] = []
    breaker = row.breaker.rating
    if breaker < ib:
        notes.append(
            Note(
                "TABLE-BREAKER-BELOW-IB",
                N_(
                    "The table's {breaker} A breaker is below the design current {ib} A: it "
                    "may trip in normal use. The table answer is shown as written; see the "
                    "engineering check for what is sufficient."
                ),
                breaker=_g(breaker),
                ib=f"{ib:.1f}",  # the design current to 0.1 A, as the size output shows it
            )
        )
    elif breaker < ib_max:
        notes.append(
            Note(
                "TABLE-BREAKER-BELOW-IB-MAX",
                N_(
                    "At the top of the normal range ({high} V) the heater draws {ib_max} A, "
                    "more than the table's {breaker} A breaker."
                ),
                high=_g(supply.max_voltage),
                ib_max=f"{ib_max:.1f}",
                breaker=_g(breaker),
            )
        )
    return notes


def _meter_notes(supply: Supply, row: Row, ib: float, ib_max: float) -> list[Note]:
    """The table's meters against the design current, nominal and at the top of the range."""
    notes: list[Note] = []
    for kind, meter in (
        (_Word(N_("IC-card electronic meter")), row.electronic_meter),
        (_Word(N_("mechanical meter")), row.mechanical_meter),
    ):
        code = "ELECTRONIC" if meter is row.electronic_meter else "MECHANICAL"
        if meter.max < ib:
            notes.append(
                Note(
                    f"TABLE-{code}-METER-BELOW-IB",
                    N_(
                        "The table's {meter} {marking} carries at most {imax} A, below the "
                        "design current {ib} A."
                    ),
                    meter=kind,
                    marking=meter.marking,
                    imax=_g(meter.max),
                    ib=f"{ib:.1f}",
                )
            )
        elif meter.max < ib_max:
            notes.append(
                Note(
                    f"TABLE-{code}-METER-BELOW-IB-MAX",
                    N_(
                        "At {high} V the heater draws {ib_max} A, more than the {imax} A "
                        "maximum of the table's {meter} {marking}."
                    ),
                    high=_g(supply.max_voltage),
                    ib_max=f"{ib_max:.1f}",
                    imax=_g(meter.max),
                    meter=kind,
                    marking=meter.marking,
                )
            )
    return notes


def _result(
    table: SpecTable,
    supply: Supply,
    power: float,
    voltage: float,
    index: int,
    voltage_note: Note | None,
) -> SizingResult:
    row = table.rows_of(supply)[index]
    # ``voltage`` is the heater's rated voltage; on the supply it is a resistance.
    ib = rated_current(power, voltage, supply.voltage, supply.phases)
    ib_max = ib * supply.max_voltage / supply.voltage
    return SizingResult(
        power=power,
        voltage=voltage,
        supply=supply,
        row=row,
        design_current=ib,
        design_current_max_voltage=ib_max,
        notes=_notes(table, supply, row, index, power, ib, ib_max, voltage_note),
        table=table.ref,
    )


def size(
    power: Any, voltage: Any = 220.0, *, table: SpecTable | str | Path | None = None
) -> SizingResult:
    """Look up wire, meters, breaker and water pressure for a heater in the spec table.

    Parameters
    ----------
    power : float, str or pint.Quantity
        Heater power [W]: ``5500``, ``"5.5 kW"``, ``"5500W"`` or a Quantity. A bare
        number below 100 is refused (probably kilowatts).
    voltage : float, str or pint.Quantity, default 220
        Supply voltage [V]: a nominal supply of the table, or a voltage inside one
        supply's normal range (sized on that supply, with a note).
    table : SpecTable, str or pathlib.Path, optional
        The table to use; by default the manufacturer's table shipped in ``tables/``.

    Returns
    -------
    SizingResult

    Raises
    ------
    InputError
        A bad power or voltage (wrong dimension, not a number, not positive, ...).
    OutOfRangeError
        Above the largest row of the supply, or a voltage of no supply.

    References
    ----------
    installation-spec.md §1 (source: 004 ch.5 §2 A 安装电路条件).

    Examples
    --------
    >>> r = size("5.5 kW")
    >>> r.wire, r.breaker.rating, r.electronic_meter.marking
    (4.0, 32.0, '10(40)A')
    >>> round(size(8500).design_current_max_voltage, 1)
    42.5
    """
    p = parse(power, "power", "power")
    u = voltage if type(voltage) is float else parse(voltage, "voltage", "voltage")
    if u <= 0 or not math.isfinite(u):
        u = parse(voltage, "voltage", "voltage")  # raises the proper error
    spec = _resolve_table(table)
    supply, voltage_note = resolve_supply(spec, u)
    powers = spec.powers_of(supply)
    if p < powers[0] * FAR_BELOW:
        raise _far_below(spec, supply, p, "power")
    index = bisect_left(powers, p)
    if index == len(powers):
        raise _above_table(spec, supply, p)
    return _result(spec, supply, p, u, index, voltage_note)


# ---------------------------------------------------------------------- vectorised


class SizingBatch:
    """The table's answers for an array of powers, as numpy arrays.

    ``batch[i]`` is a :class:`SizingResult` equal to ``size(powers[i], voltage)``.

    Attributes
    ----------
    power : numpy.ndarray
        Powers asked for [W].
    row_index : numpy.ndarray
        Index of the row used, within the supply's rows.
    design_current, design_current_max_voltage : numpy.ndarray
        [A].
    """

    def __init__(
        self,
        table: SpecTable,
        supply: Supply,
        voltage: float,
        voltage_note: Note | None,
        power: np.ndarray,
        row_index: np.ndarray,
    ):
        import numpy as np

        self.table = table
        self.supply = supply
        self.voltage = voltage
        self._voltage_note = voltage_note
        self.power = power
        self.row_index = row_index
        self._rows = table.rows_of(supply)
        self._np = np

    @cached_property
    def design_current(self) -> np.ndarray:
        """Design current Ib at the nominal voltage [A] (computed on first use)."""
        supply = self.supply
        rated = self.voltage  # the heater's rated voltage: a resistance on the supply
        line = SQRT3 if supply.phases == 3 else 1.0
        return self.power / (line * rated) * supply.voltage / rated

    @cached_property
    def design_current_max_voltage(self) -> np.ndarray:
        """Design current at the top of the normal range [A] (computed on first use)."""
        return self.design_current * self.supply.max_voltage / self.supply.voltage

    def _column(self, get) -> np.ndarray:
        values = self._np.array([get(r) for r in self._rows], dtype=float)
        return values[self.row_index]

    @property
    def row_power(self) -> np.ndarray:
        """Power of the row used [W]."""
        return self._column(lambda r: r.power)

    @property
    def wire(self) -> np.ndarray:
        """Wire cross-section [mm²]."""
        return self._column(lambda r: r.wire)

    @property
    def breaker_rating(self) -> np.ndarray:
        """Breaker rating [A]."""
        return self._column(lambda r: r.breaker.rating)

    @property
    def electronic_meter_max(self) -> np.ndarray:
        """Imax of the IC-card electronic meter [A]."""
        return self._column(lambda r: r.electronic_meter.max)

    @property
    def mechanical_meter_max(self) -> np.ndarray:
        """Imax of the mechanical meter [A]."""
        return self._column(lambda r: r.mechanical_meter.max)

    def __len__(self) -> int:
        return int(self.power.shape[0])

    def __getitem__(self, i: int) -> SizingResult:
        index = int(self.row_index[i])
        return _result(
            self.table, self.supply, float(self.power[i]), self.voltage, index, self._voltage_note
        )

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]


def _indices(mask: np.ndarray, limit: int = 10) -> str:
    import numpy as np

    found = np.flatnonzero(mask)
    shown = ", ".join(str(i) for i in found[:limit])
    if found.size > limit:
        shown += f", … ({found.size} in all)"
    return shown


def size_many(
    powers: Any, voltage: Any = 220.0, *, table: SpecTable | str | Path | None = None
) -> SizingBatch:
    """Vectorised :func:`size` over an array of powers on one supply.

    Parameters
    ----------
    powers : array_like of float, or pint.Quantity with an array magnitude
        Heater powers [W]; plain numbers are watts.
    voltage : float, str or pint.Quantity, default 220
        Supply voltage [V], as for :func:`size`.
    table : SpecTable, str or pathlib.Path, optional
        The table to use; by default the shipped manufacturer's table.

    Returns
    -------
    SizingBatch
        Arrays of results; ``batch[i] == size(powers[i], voltage)``.

    Raises
    ------
    InputError
        Some powers are not finite, not positive or below 100 W (probably kW); the
        message names their indices.
    OutOfRangeError
        Some powers are above the largest row of the supply; the message names their
        indices.

    Examples
    --------
    >>> import numpy as np
    >>> batch = size_many(np.array([2500.0, 5000.0, 8500.0]))
    >>> batch.wire.tolist()
    [1.5, 4.0, 6.0]
    """
    import numpy as np

    if hasattr(powers, "magnitude") and hasattr(powers, "dimensionality"):
        wanted = powers._REGISTRY.get_dimensionality("[power]")
        if powers.dimensionality != wanted:
            raise InputError("powers", f"{powers}", "powers in W (a power array)")
        array = np.asarray(powers.m_as("W"), dtype=float)
    else:
        try:
            array = np.asarray(powers, dtype=float)
        except (TypeError, ValueError):
            raise InputError(
                "powers",
                type(powers).__name__,
                "an array of numbers in W",
                "convert strings with size() one by one, or give numbers in watts",
            ) from None
    if array.ndim != 1:
        raise InputError("powers", f"an array of shape {array.shape}", "a 1-d array of powers")
    u = parse(voltage, "voltage", "voltage")
    spec = _resolve_table(table)
    supply, note = resolve_supply(spec, u)
    row_powers = np.array(spec.powers_of(supply))
    index = np.searchsorted(row_powers, array, side="left")
    # Two reductions decide the common case (all valid); NaN fails `>= 100` and, like
    # +inf and powers above the table, sorts past the last row.
    floor = row_powers[0] * FAR_BELOW
    if array.size and not (array.min() >= floor and index.max() < row_powers.size):
        bad = ~np.isfinite(array) | (array < 100)
        if bad.any():
            raise InputError(
                f"powers[{_indices(bad)}]",
                "values like " + ", ".join(f"{v:g}" for v in array[bad][:3]),
                "finite powers of at least 100 W",
                "bare numbers are watts; multiply kilowatts by 1000",
            )
        low = array < floor
        if low.any():
            first = int(np.flatnonzero(low)[0])
            raise _far_below(spec, supply, float(array[first]), f"powers[{_indices(low)}]")
        above = index == row_powers.size
        raise OutOfRangeError(
            f"powers[{_indices(above)}]: "
            + str(_above_table(spec, supply, float(array[above][0]))).removeprefix("power: ")
        )
    return SizingBatch(spec, supply, u, note, array, index)
