"""What would be sufficient on this site: the recommendation algorithm of issue 3."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sitesurvey.engineering.circuit import (
    _METER_KINDS,
    _assess,
    _Circuit,
    _said,
    _Site,
    _tabulated,
)
from sitesurvey.engineering.protection import (
    alternative_breaker,
    breaker_at_least,
    choose_breaker,
    meter_sufficient,
)
from sitesurvey.fmt import number
from sitesurvey.i18n import bi
from sitesurvey.results import FAIL, Bound, CheckResult, Text
from sitesurvey.sizing.table import Breaker, Meter
from sitesurvey.units import quantity_json as q

if TYPE_CHECKING:
    from typing import NamedTuple
else:  # typing.NamedTuple's classes, made without evaluating annotations (start-up)
    from sitesurvey._tuples import NamedTuple

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
    """What would be sufficient on this site: it starts from the table and only goes up.

    Breaker: the smallest standard rating ≥ max(the table's rating, Ib) — never below
    the maker's. Wire: the first standard size from the table's upwards on which that
    breaker protects the wire (In ≤ Iz, I2 ≤ 1.45·Iz) and the voltage-drop and
    terminal-voltage limits hold. Where a smaller breaker would also meet IEC on the
    table's wire, it is :attr:`alternative` — named, never chosen (spec §3).
    Meter (each kind): the table's if its Imax ≥ Ib, otherwise the smallest standard
    direct-connected meter of the supply's phases with Imax ≥ Ib
    (the smaller basic current on a tie).

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
    alternative : Breaker or None
        A smaller standard breaker with Ib ≤ In ≤ Iz on the table's wire (drop and
        terminal voltage holding too), when the recommendation went to a larger wire;
        the largest such rating. Never chosen.
    alternative_wire : float or None
        The wire the alternative applies to: the table's [mm²].
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
    alternative: Breaker | None = None
    alternative_wire: float | None = None

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
            "alternative": (
                None
                if self.alternative is None or self.alternative_wire is None
                else {
                    "breaker": self.alternative.to_dict(),
                    "wire": q(self.alternative_wire, "mm²"),
                    "chosen": False,
                }
            ),
        }


def _step(item: str, criterion: str, before: float, after: float | None, text: Text):
    return RecommendationStep(item, criterion, before, after, text.en, text.zh)


def _no_breaker(site: _Site, wire: float, iz: float, rating: float | None) -> RecommendationStep:
    """A wire size skipped: the breaker the recommendation needs does not protect it."""
    if rating is None:
        text = bi(
            "No standard breaker rating is at least Ib {ib} A and the maker's rating; "
            "this circuit needs an engineer's own design.",
            "ENG-IB-IN",
            ib=number(site.ib),
        )
        return _step("breaker", "ENG-IB-IN", wire, None, text)
    text = bi(
        "{wire} mm²: Iz {iz} A < In {in_} A, so the {in_} A breaker would not protect it "
        "(In ≤ Iz); next size up.",
        "ENG-IN-IZ",
        wire=number(wire),
        iz=number(iz),
        in_=number(rating),
    )
    return _step("wire", "ENG-IN-IZ", wire, None, text)


def _failing_limit(wire: float, circuit: _Circuit) -> RecommendationStep | None:
    """A wire size skipped for its voltage drop or terminal voltage, or None."""
    for check in (circuit.drop_check, circuit.terminal_check):
        if check.status == FAIL:
            text = bi("{wire} mm²: {reason} Next size up.", wire=number(wire), reason=_said(check))
            return _step("wire", check.rule, wire, None, text)
    return None


def _changes(
    site: _Site,
    steps: list[RecommendationStep],
    row_wire: float,
    table_in: float,
    circuit: _Circuit,
    why: CheckResult | None,
) -> None:
    """The steps from the table's wire and breaker to the chosen ones."""
    wire, breaker = circuit.wire, circuit.breaker
    if wire != row_wire:
        rule = steps[-1].criterion
        text = bi(
            "Wire {before} → {after} mm², decided by {rule}: the first standard size for "
            "which every check holds.",
            before=number(row_wire),
            after=number(wire),
            rule=rule,
        )
        steps.append(_step("wire", rule, row_wire, wire, text))
    if why is not None:
        text = bi(
            "Breaker {before} → {after} A, decided by {rule}: {reason} {after} A is the "
            "smallest standard rating at or above both the maker's {before} A and Ib {ib} A "
            "(never below the maker's).",
            before=number(table_in),
            after=number(breaker),
            rule=why.rule,
            reason=_said(why),
            ib=number(site.ib),
        )
        steps.append(_step("breaker", why.rule, table_in, breaker, text))


def _recommend_wire(site: _Site, row_wire: float, table_in: float, poles: int):
    steps: list[RecommendationStep] = []
    floor = site.supply.min_voltage
    if not Bound("V", low=floor).contains(site.origin):
        text = bi(
            "The supply at the origin, {u} V, is itself below the {floor} V floor: no wire "
            "size can give the heater its voltage. The supply must be put right first "
            "(report it to the company).",
            "ENG-TERMINAL-VOLTAGE",
            u=number(site.origin),
            floor=number(floor),
        )
        steps.append(_step("wire", "ENG-TERMINAL-VOLTAGE", row_wire, None, text))
        return None, steps
    target = breaker_at_least(site.ib, table_in, data=site.data)
    for wire in (s for s in site.data.wire_sizes if s >= row_wire):
        iz = _tabulated(site, wire) * site.k_theta * site.k_group
        breaker, why = choose_breaker(site.ib, table_in, iz, data=site.data)
        if breaker is None:
            steps.append(_no_breaker(site, wire, iz, target))
            if target is None:
                return None, steps
            continue
        circuit = _assess(site, wire, breaker)
        skipped = _failing_limit(wire, circuit)
        if skipped is not None:
            steps.append(skipped)
            continue
        _changes(site, steps, row_wire, table_in, circuit, why)
        return (circuit, Breaker(breaker, poles)), steps
    text = bi(
        "No standard wire size up to {largest} mm² passes every check; this site needs an "
        "engineer's own design (report it to the company).",
        largest=number(site.data.wire_sizes[-1]),
    )
    steps.append(_step("wire", steps[-1].criterion if steps else "ENG-IN-IZ", row_wire, None, text))
    return None, steps


def _recommend_meter(site: _Site, kind: str, table_meter: Meter):
    if meter_sufficient(table_meter.max, site.ib):
        return table_meter, None
    name = bi(_METER_KINDS[kind])
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
        text = bi(
            "{meter}: no standard direct-connected meter carries Ib {ib} A; a "
            "transformer-operated meter needs its own design.",
            meter=name,
            ib=number(site.ib),
        )
        return None, _step(f"{kind}_meter", code, table_meter.max, None, text)
    chosen = candidates[0]
    text = bi(
        "{meter} {before} → {after}, decided by {rule}: Imax {imax} A < Ib {ib} A; {after} is "
        "the smallest standard meter with Imax ≥ Ib.",
        meter=name,
        before=table_meter.marking,
        after=chosen.marking,
        rule=code,
        imax=number(table_meter.max),
        ib=number(site.ib),
    )
    return chosen, _step(f"{kind}_meter", code, table_meter.max, chosen.max, text)


def _alternative(site: _Site, row_wire: float, chosen: _Circuit, poles: int) -> Breaker | None:
    """A smaller breaker that meets IEC on the table's wire, when the wire went up."""
    if chosen.wire == row_wire:
        return None
    iz = _tabulated(site, row_wire) * site.k_theta * site.k_group
    rating = alternative_breaker(site.ib, chosen.breaker, iz, data=site.data)
    if rating is None or _failing_limit(row_wire, _assess(site, row_wire, rating)) is not None:
        return None
    return Breaker(rating, poles)
