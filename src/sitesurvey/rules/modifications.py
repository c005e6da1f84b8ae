"""What must change before installation, and the consent each change needs.

Modifications say what to change to what. Without the engineering check the targets are
the table's; with it, the wire is the larger of the table's and the recommended, and the
breaker the one coordinated (Ib ≤ In ≤ Iz) with the wire the circuit will have
(:class:`~sitesurvey.rules.site_circuit.Plan`). Meter and main switch changes need the
customer's consent and signature, all others their consent (004 ch.5 §3 note).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sitesurvey.i18n import bi
from sitesurvey.results import FAIL, Bound, CheckResult, Modification, Text
from sitesurvey.rules.electrical import (
    breaker,
    dedicated_line,
    earth,
    main_switch,
    meter,
    meter_kind,
    rcd,
    table_meter,
    wire,
)
from sitesurvey.rules.site_circuit import SITE_BREAKER, SITE_METER, SITE_WIRE, Plan
from sitesurvey.rules.water import pressure

if TYPE_CHECKING:
    from sitesurvey.sizing import SizingResult
    from sitesurvey.survey import Survey

__all__ = ["modifications"]

Results = dict[str, CheckResult]


def _modification(rule: str, item: str, change: Text, consent: str) -> Modification:
    return Modification(rule, item, change.en, change.zh, consent)  # type: ignore[arg-type]


def _failed(results: Results, rule: str) -> bool:
    found = results.get(rule)
    return found is not None and found.status == FAIL


def _breaker_text(sizing: SizingResult, plan: Plan) -> Text:
    if plan.breaker is not None:
        return bi("{rating:g} A, {poles}-pole", None, rating=plan.breaker, poles=plan.poles)
    f = {"ib": plan.ib, "iz": plan.iz_after, "table": sizing.row.breaker.rating}
    if plan.iz_after is not None:
        return bi(
            "no standard rating meets Ib {ib:.1f} A ≤ In ≤ Iz {iz:.1f} A and the table's "
            "{table:g} A: report to the company (004 ch.5 §3)",
            None,
            **f,
        )
    return bi(
        "no standard rating meets Ib {ib:.1f} A ≤ In and the table's {table:g} A: report to "
        "the company (004 ch.5 §3)",
        None,
        **f,
    )


def _wire_text(plan: Plan) -> Text:
    if plan.wire is not None:
        return bi("{wire:g} mm² copper", None, wire=plan.wire)
    return bi("no standard wire size suffices: report to the company (004 ch.5 §3)", None)


def _line(survey: Survey, sizing: SizingResult, results: Results, plan: Plan) -> list:
    """A new dedicated line, or the existing line's wire replaced."""
    existing = survey.site.dedicated_line.wire
    if results[dedicated_line.id].status == FAIL:
        change = bi(
            "no dedicated line → a new dedicated line from the indoor main switch: {wire}, "
            "air switch {breaker} ({basis})",
            None,
            wire=_wire_text(plan),
            breaker=_breaker_text(sizing, plan),
            basis=plan.basis,
        )
        return [_modification(dedicated_line.id, "dedicated_line", change, "consent")]
    if plan.replace_wire and plan.wire is not None and existing is not None:
        rule = wire.id if _failed(results, wire.id) else SITE_WIRE
        change = bi(
            "dedicated-line wire {existing:g} mm² → {wire} (re-run the line; {basis})",
            None,
            existing=existing,
            wire=_wire_text(plan),
            basis=plan.basis,
        )
        return [_modification(rule, "wire", change, "consent")]
    return []


def _breaker(survey: Survey, sizing: SizingResult, results: Results, plan: Plan) -> list:
    """The existing air switch replaced by the plan's."""
    reading = survey.site.breaker
    if results[dedicated_line.id].status == FAIL or reading.rating is None:
        return []
    if not (_failed(results, breaker.id) or _failed(results, SITE_BREAKER)):
        return []
    wrong_poles = reading.poles is not None and reading.poles != plan.poles
    if not (plan.breaker is None or reading.rating != plan.breaker or wrong_poles):
        return []
    rule = breaker.id if _failed(results, breaker.id) else SITE_BREAKER
    if reading.poles:
        now = bi("{rating:g} A, {poles}-pole", None, rating=reading.rating, poles=reading.poles)
    else:
        now = bi("{rating:g} A", None, rating=reading.rating)
    change = bi(
        "air switch {now} → {breaker} ({basis})",
        None,
        now=now,
        breaker=_breaker_text(sizing, plan),
        basis=plan.basis,
    )
    return [_modification(rule, "breaker", change, "consent")]


def _meter(survey: Survey, sizing: SizingResult, results: Results, engineering: Any) -> list:
    """The meter replaced by one that carries the table's (or the design) current."""
    reading = survey.site.meter
    eng_fails = _failed(results, SITE_METER)
    if not (_failed(results, meter.id) or eng_fails) or reading.marking is None:
        return []
    kind = reading.kind or "electronic"
    table = table_meter(sizing, kind)
    target = table
    if engineering is not None:
        recommended = getattr(engineering.recommendation, f"{kind}_meter")
        if recommended is not None and recommended.max > table.max:
            target = recommended
        if eng_fails and recommended is None:
            target = None
    if target is not None:
        to = bi("{marking} or larger", None, marking=target.marking)
    else:
        to = bi("no standard meter carries the design current: report to the company", None)
    if reading.kind:
        change = bi(
            "{kind} meter {marking} → {to}",
            None,
            kind=meter_kind(kind),
            marking=reading.marking,
            to=to,
        )
    else:
        change = bi("meter {marking} → {to}", None, marking=reading.marking, to=to)
    rule = meter.id if _failed(results, meter.id) else SITE_METER
    return [_modification(rule, "meter", change, "consent_and_signature")]


def _main_switch(survey: Survey, results: Results) -> list:
    """The main switch replaced by the next standard rating above the total current."""
    main = results[main_switch.id]
    if main.status != FAIL:
        return []
    from sitesurvey.engineering import reference_data

    total = main.required.low if isinstance(main.required, Bound) else None
    if total is not None:
        bigger = [r for r in reference_data().breaker_ratings if r >= total]
        if bigger:
            to = bi("{rating:g} A", None, rating=bigger[0])
        else:
            to = bi(
                "at least {total:.1f} A (above the largest standard rating: report to the company)",
                None,
                total=total,
            )
        load = bi(" (all appliances on together: {total:.1f} A)", None, total=total)
    else:  # pragma: no cover - main_switch_check always gives the bound
        to, load = bi("the total current", None), Text("", "")
    change = bi(
        "main switch {rating:g} A → {to}{load}",
        None,
        rating=survey.site.main_switch.rating,
        to=to,
        load=load,
    )
    return [_modification(main.rule, "main_switch", change, "consent_and_signature")]


def _protection(survey: Survey, results: Results) -> list:
    """An RCD added; the earth connected."""
    found = []
    if results[rcd.id].status == FAIL:
        change = bi("no RCD → an RCD (漏电开关) on the heater circuit", None)
        found.append(_modification(rcd.id, "rcd", change, "consent"))
    if results[earth.id].status == FAIL:
        poor = survey.site.earth == "poor"
        state = bi("poorly earthed", None) if poor else bi("no earth", None)
        change = bi("{state} → earth conductor connected and well earthed", None, state=state)
        found.append(_modification(earth.id, "earth", change, "consent"))
    return found


def _water(survey: Survey, sizing: SizingResult, results: Results) -> list:
    """A pressure-reducing valve, or a booster pump / another supply."""
    if results[pressure.id].status != FAIL:
        return []
    measured = survey.site.water_pressure
    rng = sizing.row.water_pressure
    if measured is not None and measured > rng.max:
        change = bi(
            "water pressure {pressure:g} MPa → at most {max:g} MPa: fit a pressure-reducing "
            "valve before the heater",
            None,
            pressure=measured,
            max=rng.max,
        )
    else:
        change = bi(
            "water pressure {pressure:g} MPa → at least {min:g} MPa: a booster pump or another "
            "supply is needed",
            None,
            pressure=measured,
            min=rng.min,
        )
    return [_modification(pressure.id, "water_pressure", change, "consent")]


def modifications(
    survey: Survey,
    sizing: SizingResult,
    results: Results,
    engineering: Any | None,
    plan: Plan,
) -> tuple[Modification, ...]:
    """What must change, in a fixed order: line or wire, air switch, meter, main switch,
    RCD, earth, water pressure.

    Parameters
    ----------
    survey : Survey
        The site record.
    sizing : SizingResult
        The table's answer.
    results : dict of str to CheckResult
        Every rule's and ``ENG-SITE-*`` check's result, by ID.
    engineering : EngineeringResult or None
        The engineering cross-check, where it ran.
    plan : Plan
        The circuit the site must end up with.
    """
    return (
        *_line(survey, sizing, results, plan),
        *_breaker(survey, sizing, results, plan),
        *_meter(survey, sizing, results, engineering),
        *_main_switch(survey, results),
        *_protection(survey, results),
        *_water(survey, sizing, results),
    )
