"""Current-carrying capacity Iz and its correction factors, IEC 60364-5-52 Annex B.

:func:`ampacity` (Tables B.52.2, B.52.4, B.52.10), :func:`ambient_factor` (Table
B.52.14, PVC) and :func:`grouping_factor` (Table B.52.17), vectorised over numpy arrays.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from typing import Any, NoReturn

from sitesurvey.engineering._inputs import (
    _any,
    _first,
    _input,
    _is_arraylike,
    _is_plain_number,
    _numpy,
    _temperature,
)
from sitesurvey.engineering.reference import ReferenceData, _method, reference_data
from sitesurvey.errors import InputError

__all__ = ["ambient_factor", "ampacity", "grouping_factor"]

#: Below this an ambient temperature is not physical [°C].
_ABSOLUTE_ZERO_C = -273.15


#: Round-off of a unit conversion, ignored when a temperature is looked up [°C].
_TEMPERATURE_ROUNDOFF = 1e-9


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


def _arrangement(value: Any, data: ReferenceData) -> str:
    """The arrangement row of Table B.52.17, by name (case-insensitive)."""
    key = value.strip().lower() if isinstance(value, str) else value
    if key not in data.arrangements:
        names = "; ".join(f"{k} = {v}" for k, v in data.arrangement_names.items())
        raise InputError(
            "arrangement",
            value,
            "one of " + ", ".join(data.arrangements),
            f"IEC 60364-5-52 Table B.52.17 rows: {names}",
        )
    return key


def grouping_factor(
    n: Any, arrangement: str = "bunched", *, data: ReferenceData | None = None
) -> Any:
    """Reduction factor for a group of circuits, by their arrangement.

    Parameters
    ----------
    n : int or array_like of int
        Number of circuits (or multicore cables) in the group [-], 1 for a circuit
        alone. Count circuits, not conductors.
    arrangement : {"bunched", "wall", "tray"}, default "bunched"
        The row of Table B.52.17: ``"bunched"`` (item 1: bunched in air, on a surface,
        embedded or enclosed — the lowest factors, the safe side), ``"wall"`` (item 2:
        single layer on wall, floor or unperforated tray) or ``"tray"`` (item 4: single
        layer on a perforated tray).
    data : ReferenceData, optional
        Reference figures; by default the shipped files.

    Returns
    -------
    float or numpy.ndarray
        The factor [-]; a float for scalar input.

    Raises
    ------
    InputError
        Not a whole number, below 1 or above the table's largest count (20), or an
        unknown arrangement.

    Notes
    -----
    A count between two listed ones takes the factor of the next listed count up
    (the lower, safer factor): 10 or 11 circuits → the 12-circuit factor.

    References
    ----------
    IEC 60364-5-52:2009 Table B.52.17, items 1, 2 and 4, via
    ``tables/iec60364-5-52_grouping_factors.toml``. Items 2 and 4 give no further
    reduction beyond nine circuits.

    Examples
    --------
    >>> grouping_factor(1), grouping_factor(3), grouping_factor(10)
    (1.0, 0.7, 0.45)
    >>> grouping_factor(3, "wall"), grouping_factor(3, "tray"), grouping_factor(12, "wall")
    (0.79, 0.82, 0.7)
    """
    data = data or reference_data()
    factors = data.arrangements[_arrangement(arrangement, data)]
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
        return factors[bisect_left(data.circuits, count)]
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
    return np.asarray(factors)[index]


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
    arrangement: str = "bunched",
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
    arrangement : {"bunched", "wall", "tray"}, default "bunched"
        The group's arrangement, see :func:`grouping_factor`.
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
    k_group = grouping_factor(grouping, arrangement, data=data)
    return tabulated * k_theta * k_group
