"""What would be sufficient on this site: the recommendation algorithm of issue 3."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from sitesurvey.engineering.circuit import (
    _METER_KINDS,
    _assess,
    _capital,
    _Site,
    _tabulated,
)
from sitesurvey.engineering.protection import choose_breaker, meter_sufficient
from sitesurvey.fmt import number
from sitesurvey.results import FAIL, Bound, CheckResult
from sitesurvey.sizing.table import Breaker, Meter
from sitesurvey.units import quantity_json as q

if TYPE_CHECKING:
    pass

__all__ = ["Recommendation", "RecommendationStep"]


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
                f"The supply at the origin, {number(site.origin)} V, is itself below the "
                f"{number(floor)} V floor: no wire size can give the heater its voltage. The "
                "supply must be put right first (report it to the company).",
                f"线路起点电源电压 {number(site.origin)}V 已低于下限 {number(floor)}V,加粗电线"
                "无法解决,须先解决供电问题(向企业汇报)。",
            )
        )
        return None, steps
    sizes = [s for s in site.data.wire_sizes if s >= row_wire]
    for wire in sizes:
        iz = _tabulated(site, wire) * site.k_theta * site.k_group
        breaker, why = choose_breaker(site.ib, table_in, iz, data=site.data)
        if breaker is None:
            if iz < site.ib:
                reason = (
                    f"{number(wire)} mm²: Iz {number(iz)} A < Ib {number(site.ib)} A, so no "
                    "breaker satisfies Ib ≤ In ≤ Iz"
                )
                reason_zh = (
                    f"{number(wire)}mm²:Iz {number(iz)}A < Ib {number(site.ib)}A,"
                    "没有空开能满足 Ib ≤ In ≤ Iz"
                )
            else:
                reason = (
                    f"{number(wire)} mm²: no standard breaker rating lies in "
                    f"{number(site.ib)} A ≤ In ≤ {number(iz)} A (Ib ≤ In ≤ Iz)"
                )
                reason_zh = (
                    f"{number(wire)}mm²:{number(site.ib)}A ≤ In ≤ {number(iz)}A "
                    "范围内没有标准空开规格"
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
                    f"{number(wire)} mm²: {circuit.drop_check.message} Next size up.",
                    f"{number(wire)}mm²:{circuit.drop_check.message_zh}取大一号。",
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
                    f"{number(wire)} mm²: {circuit.terminal_check.message} Next size up.",
                    f"{number(wire)}mm²:{circuit.terminal_check.message_zh}取大一号。",
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
                    f"Wire {number(row_wire)} → {number(wire)} mm², decided by {last.criterion}: "
                    f"the first standard size for which every check holds.",
                    f"电线 {number(row_wire)} → {number(wire)}mm²,由 {last.criterion} 决定:"
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
                    f"Breaker {number(table_in)} → {number(breaker)} A, decided by {why.rule} "
                    f"on {number(wire)} mm²: {why.message} {number(breaker)} A is the smallest "
                    f"standard rating with {number(site.ib)} A ≤ In ≤ {number(circuit.iz)} A.",
                    f"空开 {number(table_in)} → {number(breaker)}A,由 {why.rule} 决定"
                    f"({number(wire)}mm²):{why.message_zh}{number(breaker)}A 是满足 "
                    f"{number(site.ib)}A ≤ In ≤ {number(circuit.iz)}A 的最小标准规格。",
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
            f"No standard wire size up to {number(largest)} mm² passes every check; this site "
            "needs an engineer's own design (report it to the company).",
            f"至 {number(largest)}mm² 的标准线径均不能通过全部校核,须另行设计(向企业汇报)。",
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
            f"Ib {number(site.ib)} A; a transformer-operated meter needs its own design.",
            f"{name_zh}:没有能承载 Ib {number(site.ib)}A 的标准直接接入式电表,"
            "须另行设计(互感器接入)。",
        )
    chosen = candidates[0]
    return chosen, RecommendationStep(
        f"{kind}_meter",
        code,
        table_meter.max,
        chosen.max,
        f"{_capital(name)} meter {table_meter.marking} → {chosen.marking}, decided by {code}: "
        f"Imax {number(table_meter.max)} A < Ib {number(site.ib)} A; {chosen.marking} is the "
        "smallest standard meter with Imax ≥ Ib.",
        f"{name_zh} {table_meter.marking} → {chosen.marking},由 {code} 决定:最大电流 "
        f"{number(table_meter.max)}A < Ib {number(site.ib)}A;{chosen.marking} 是最大电流 ≥ Ib "
        "的最小标准电表。",
    )
