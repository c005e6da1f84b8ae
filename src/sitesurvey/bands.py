"""Plausibility bands: the one table of the values a measurement can plausibly take.

A measurement outside its band is taken for a slip — a wrong unit or decimal point
("260 m" for a ceiling, "22.3 V" for a supply), a line-to-neutral reading given for a
three-phase supply — and is bad input to correct (exit 2), never a failed check. These
are guards of this project, not figures of a standard; the upper ends also keep the 1:25
design drawing on an A4 page (5 m of wall ≈ 200 mm).

A heater's rated power has a floor relative to its supply's first table row,
:data:`FAR_BELOW`. The measured supply voltage has one band per nominal supply,
:func:`supply_voltage_band` (0.7 to 1.3 times nominal: 154-286 V for 220 V, 266-494 V
for 380 V). The survey reader applies it to ``existing.supply_voltage`` (against
``heater.supply_voltage``), the engineering check to ``--supply-voltage`` and the site
checks before the engineering check. Inside the band but outside the supply's normal
range (198-242 V for 220 V) the voltage is a real, weak or high supply: E-VOLTAGE fails.

This module imports nothing: ``size`` starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import NamedTuple
else:  # typing.NamedTuple's classes, made without evaluating annotations (start-up)
    from sitesurvey._tuples import NamedTuple

__all__ = [
    "FAR_BELOW",
    "PERSON_HEIGHT",
    "PLAUSIBLE",
    "SUPPLY_VOLTAGE_FRACTIONS",
    "Band",
    "plausible_supply_voltage",
    "supply_voltage_band",
]


class Band(NamedTuple):
    """The plausible values of one measurement.

    Attributes
    ----------
    low, high : float
        The band, inclusive, in ``unit``.
    unit : str
        The canonical unit of the measurement.
    example : str
        How to write a value right, for the error message (``'"2.6 m" or "260 cm"'``).
    """

    low: float
    high: float
    unit: str
    example: str


#: Plausible measurements, in canonical units, by path in the survey file (``[]`` for
#: any list index). The measured supply voltage is banded by its nominal supply:
#: :func:`supply_voltage_band`.
PLAUSIBLE: dict[str, Band] = {
    "existing.water_pressure": Band(0.0, 5.0, "MPa", '"0.3 MPa" or "3 bar"'),
    "existing.ceiling_height": Band(1.8, 5.0, "m", '"2.6 m" or "260 cm"'),
    "existing.line.wire": Band(0.5, 50.0, "mm²", '"4 mm2"'),
    "existing.breaker.rating": Band(1.0, 250.0, "A", '"32 A" or "C32"'),
    "existing.main_switch.rating": Band(1.0, 1000.0, "A", '"63 A"'),
    "existing.appliances[].power": Band(1.0, 50_000.0, "W", '"1.5 kW"'),
    "design.route.length": Band(0.0, 500.0, "m", '"12 m"'),
    "design.route.runs[].length": Band(0.0, 500.0, "m", '"5.8 m"'),
    "design.route.runs[].height": Band(0.0, 5.0, "m", '"2.55 m"'),
    "design.route.runs[].ceiling_height": Band(1.8, 5.0, "m", '"2.7 m"'),
    "design.socket.height": Band(0.0, 5.0, "m", '"2.4 m"'),
    "design.socket.distance_to_opening": Band(0.0, 2.0, "m", '"18 cm"'),
    "design.heater.display_height": Band(0.3, 3.0, "m", '"1.6 m"'),
    "design.shower.head_height": Band(0.5, 4.0, "m", '"2.1 m"'),
    "design.shower.offset_from_axis": Band(0.0, 2.0, "m", '"2 cm"'),
    "design.drilling[].x": Band(-1.5, 1.5, "m", '"-12 cm"'),
    "design.drilling[].y": Band(0.2, 4.0, "m", '"1.85 m"'),
    "design.wall.heater_axis": Band(-3.0, 3.0, "m", '"62 cm"'),
    "design.water.inlet_x": Band(-3.0, 3.0, "m", '"55 cm"'),
    "design.water.outlet_x": Band(-3.0, 3.0, "m", '"69 cm"'),
    "design.water.height": Band(0.2, 4.0, "m", '"1.25 m"'),
    "existing.hidden[].x": Band(-3.0, 3.0, "m", '"20 cm"'),
    "existing.hidden[].from_height": Band(0.0, 5.0, "m", '"0 m"'),
    "existing.hidden[].to_height": Band(0.0, 5.0, "m", '"1.2 m"'),
}

#: Plausible body heights of the users (``usage.user_heights``).
PERSON_HEIGHT = Band(0.5, 2.5, "m", '"175 cm" or "1.75 m"')

#: A heater power below this fraction of its supply's first row in the maker's table is
#: taken for a slip (a dropped zero, kW read as W), not sized on the first row: 1800 W
#: on 380 V is likelier 18000 W. (``size``, ``size_many`` and ``check``.)
FAR_BELOW = 0.5

#: The measured supply voltage's band, as fractions of the nominal voltage.
SUPPLY_VOLTAGE_FRACTIONS = (0.7, 1.3)


def supply_voltage_band(nominal: float) -> tuple[float, float]:
    """The plausible measured voltages of a supply.

    Parameters
    ----------
    nominal : float
        Nominal supply voltage [V]: line-to-neutral for single-phase, line-to-line for
        three-phase.

    Returns
    -------
    tuple of float
        ``(low, high)`` [V], inclusive, rounded to 0.001 V.

    Examples
    --------
    >>> supply_voltage_band(220)
    (154.0, 286.0)
    """
    low, high = SUPPLY_VOLTAGE_FRACTIONS
    return round(low * nominal, 3), round(high * nominal, 3)


def plausible_supply_voltage(voltage: float, nominal: float) -> bool:
    """Whether a measured voltage [V] can belong to a supply of this nominal voltage [V].

    Examples
    --------
    >>> plausible_supply_voltage(280, 220), plausible_supply_voltage(300, 220)
    (True, False)
    """
    low, high = supply_voltage_band(nominal)
    return low <= voltage <= high
