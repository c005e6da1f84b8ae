"""Voltage drop and the voltage left at the heater, IEC 60364-5-52 Annex G."""

from __future__ import annotations

from typing import Any

from sitesurvey.engineering._inputs import _input, _number, _phases
from sitesurvey.engineering.reference import ReferenceData, reference_data
from sitesurvey.sizing import SQRT3

__all__ = ["terminal_voltage", "voltage_drop", "voltage_drop_percent"]


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
