"""The engineering cross-check of a table answer on one site: :func:`check_engineering`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from sitesurvey import i18n
from sitesurvey.engineering.ampacity import ambient_factor, grouping_factor
from sitesurvey.engineering.circuit import _assess, _meter_check, _Site
from sitesurvey.engineering.conditions import SiteConditions, check_supply_voltage
from sitesurvey.engineering.protection import _passes
from sitesurvey.engineering.recommend import (
    Recommendation,
    _alternative,
    _recommend_meter,
    _recommend_wire,
)
from sitesurvey.engineering.reference import DataSource, ReferenceData, _method, reference_data
from sitesurvey.engineering.working import WorkingLine, _working
from sitesurvey.results import FAIL, CheckResult
from sitesurvey.sizing import SizingResult
from sitesurvey.sizing.table import Row
from sitesurvey.units import quantity_json as q

if TYPE_CHECKING:
    from typing import NamedTuple
else:  # typing.NamedTuple's classes, made without evaluating annotations (start-up)
    from sitesurvey._tuples import NamedTuple

__all__ = ["EngineeringResult", "Verdict", "check_engineering"]

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
            "arrangement": c.arrangement,
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
                "arrangement": c.arrangement,
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


def _site(
    sizing: SizingResult, conditions: SiteConditions, data: ReferenceData
) -> tuple[_Site, int]:
    """The fixed facts of one cross-check, and the loaded conductors."""
    supply = sizing.supply
    loaded = 2 if supply.phases == 1 else 3
    method = _method(conditions.method, data)
    check_supply_voltage(conditions.supply_voltage, supply)
    ib = (
        sizing.design_current_max_voltage
        if conditions.worst_case_voltage
        else sizing.design_current
    )
    site = _Site(
        data=data,
        supply=supply,
        phases=supply.phases,
        loaded=loaded,
        method=method,
        ib=ib,
        k_theta=float(ambient_factor(conditions.ambient, data=data)),
        k_group=float(grouping_factor(conditions.grouping, conditions.arrangement, data=data)),
        length=conditions.length,
        length_given="length" not in conditions.defaults_used,
        origin=supply.voltage if conditions.supply_voltage is None else conditions.supply_voltage,
        origin_measured=conditions.supply_voltage is not None,
        max_drop=conditions.max_drop,
    )
    return site, loaded


def _recommendation(site: _Site, row: Row) -> tuple[Recommendation, Any]:
    """The recommendation, and the chosen (circuit, breaker) or None."""
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
    rec_checks += [_meter_check(k, m, site.ib) for k, m in meters.items() if m is not None]
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
        alternative=(
            None if chosen is None else _alternative(site, row.wire, chosen[0], row.breaker.poles)
        ),
        alternative_wire=None if chosen is None else row.wire,
    )
    return recommendation, chosen


def check_engineering(
    sizing: SizingResult,
    conditions: SiteConditions | None = None,
    *,
    data: ReferenceData | None = None,
    english_only: bool = False,
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
    english_only : bool, default False
        Write the messages and the working in English only (the Chinese fields repeat
        the English) without opening the Chinese catalog: for output that shows only
        English, such as ``sitesurvey size`` in English (see
        :func:`sitesurvey.i18n.english_only`).

    Returns
    -------
    EngineeringResult
        The figures, the checks (codes ``ENG-…``, basis ``calculation``), the verdict
        ``"ok"`` or ``"insufficient"``, the recommendation and the working.

    Raises
    ------
    InputError
        A measured supply voltage that cannot belong to the table's supply (outside
        0.7 to 1.3 times the nominal voltage), or a table wire that is not in the
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
    if english_only:
        with i18n.english_only():
            return check_engineering(sizing, conditions, data=data)
    data = data or reference_data()
    conditions = conditions or SiteConditions()
    site, loaded = _site(sizing, conditions, data)
    row = sizing.row
    table = _assess(site, row.wire, row.breaker.rating)
    meter_checks = (
        _meter_check("electronic", row.electronic_meter, site.ib),
        _meter_check("mechanical", row.mechanical_meter, site.ib),
    )
    checks = (*table.coordination, *meter_checks, table.drop_check, table.terminal_check)
    verdict: Verdict = "ok" if _passes(checks) else "insufficient"
    recommendation, chosen = _recommendation(site, row)
    return EngineeringResult(
        sizing=sizing,
        conditions=conditions,
        loaded_conductors=loaded,
        design_current=site.ib,
        supply_voltage=site.origin,
        tabulated_ampacity=table.tabulated,
        ambient_factor=site.k_theta,
        grouping_factor=site.k_group,
        ampacity=table.iz,
        voltage_drop=table.drop,
        voltage_drop_percent=table.percent,
        terminal_voltage=table.terminal,
        terminal_voltage_min=site.supply.min_voltage,
        checks=checks,
        verdict=verdict,
        recommendation=recommendation,
        working=_working(
            sizing, conditions, site, table, meter_checks, chosen, recommendation.alternative
        ),
        sources=tuple(data.sources.values()),
    )
