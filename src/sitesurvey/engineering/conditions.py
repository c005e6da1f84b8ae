"""The site conditions of the heater's circuit, with their documented defaults."""

from __future__ import annotations

import math
from types import MappingProxyType
from typing import Any

from sitesurvey._dataclasses import dataclass, field
from sitesurvey.bands import plausible_supply_voltage
from sitesurvey.engineering._inputs import _is_plain_number, _number, _temperature
from sitesurvey.engineering.ampacity import _arrangement, ambient_factor, grouping_factor
from sitesurvey.engineering.reference import _method, reference_data
from sitesurvey.errors import InputError
from sitesurvey.sizing.table import Supply
from sitesurvey.units import parse_count
from sitesurvey.units import quantity_json as q

__all__ = ["DEFAULTS", "SiteConditions", "check_supply_voltage"]

#: Guards against unit slips, not limits of a standard: the longest route of one
#: dedicated line in a home [m], and the range of a sensible voltage-drop limit [%]
#: (IEC 60364-5-52 Annex G uses 3-8 %).
_LONGEST_ROUTE = 500.0
_DROP_LIMITS = (0.5, 20.0)


# ---------------------------------------------------------------- site conditions

#: Documented defaults for conditions that were not given (issue 3). Every default used
#: is listed in ``SiteConditions.defaults_used``; the voltage-drop limit's default comes
#: from ``tables/standard_ratings.toml`` (IEC 60364-5-52 Table G.52.1, other uses).
DEFAULTS: MappingProxyType[str, Any] = MappingProxyType(
    {"length": 0.0, "method": "B1", "ambient": 30.0, "grouping": 1, "arrangement": "bunched"}
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
    arrangement bunched, length 0 m, the voltage-drop limit of the data file, 5 %) and
    its name is recorded in :attr:`defaults_used`, so a default is never assumed
    silently. Use
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
        Circuits grouped with this one, itself included [-].
    arrangement : {"bunched", "wall", "tray"}
        How the group lies, choosing the row of IEC 60364-5-52 Table B.52.17:
        ``"bunched"`` (item 1, in conduit, trunking, bunched on a surface — the default,
        the safe side), ``"wall"`` (item 2, single layer on a wall, floor or unperforated
        tray) or ``"tray"`` (item 4, single layer on a perforated tray).
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
    (20.0, 'B1', 35.0, ('method', 'grouping', 'arrangement', 'max_drop', 'supply_voltage'))
    """

    length: float | None = None
    method: str | None = None
    ambient: float | None = None
    grouping: int | None = None
    supply_voltage: float | None = None
    max_drop: float | None = None
    worst_case_voltage: bool = False
    arrangement: str | None = None
    defaults_used: tuple[str, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        data = reference_data()
        used = []
        values = {
            "length": self.length,
            "method": self.method,
            "ambient": self.ambient,
            "grouping": self.grouping,
            "arrangement": self.arrangement,
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
        arrangement = _arrangement(values["arrangement"], data)
        grouping_factor(grouping, arrangement, data=data)  # raises for 0 or above the table
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
            ("arrangement", arrangement),
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
        arrangement: str | None = None,
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
        arrangement : {"bunched", "wall", "tray"}, optional
            The group's arrangement (Table B.52.17 row); default ``"bunched"``.

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
            arrangement=arrangement,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON data; quantities as ``{"value", "unit"}``."""
        return {
            "length": q(self.length, "m"),
            "method": self.method,
            "ambient": q(self.ambient, "°C"),
            "grouping": self.grouping,
            "arrangement": self.arrangement,
            "supply_voltage": (
                None if self.supply_voltage is None else q(self.supply_voltage, "V")
            ),
            "max_drop": q(self.max_drop, "%"),
            "worst_case_voltage": self.worst_case_voltage,
            "defaults_used": list(self.defaults_used),
        }


def check_supply_voltage(voltage: float | None, supply: Supply) -> None:
    """Refuse a measured supply voltage that cannot belong to ``supply``.

    Parameters
    ----------
    voltage : float or None
        Measured supply voltage [V] (line-to-line for three-phase); ``None`` when not
        measured, which is always accepted.
    supply : Supply
        The table's supply the heater is sized on.

    Raises
    ------
    InputError
        Outside :func:`sitesurvey.bands.supply_voltage_band` of the nominal voltage: taken
        for a mistake (e.g. a line-to-neutral reading given for a 380 V supply).
    """
    if voltage is None or plausible_supply_voltage(voltage, supply.voltage):
        return
    raise InputError(
        "supply_voltage",
        f"{voltage:g} V",
        f"a measured voltage of the {supply.label} supply (near {supply.voltage:g} V)",
        "for a three-phase supply give the line-to-line voltage"
        if supply.phases == 3
        else "give the line-to-neutral voltage at the main switch",
    )
