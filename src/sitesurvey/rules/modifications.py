"""What must change before installation, and the consent each change needs.

Modifications say what to change to what: ``from`` what is there ``to`` the plan's value
(:class:`~sitesurvey.plan.Plan` — one answer, the same everywhere). Meter and main
switch changes need the customer's consent and signature, all others their consent
(004 ch.5 §3 note).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sitesurvey.i18n import bi
from sitesurvey.plan import Plan, pole_words
from sitesurvey.results import FAIL, CheckResult, Modification, Text, Value
from sitesurvey.rules import registry
from sitesurvey.rules.electrical import (
    breaker,
    dedicated_line,
    earth,
    main_switch,
    meter,
    meter_kind,
    rcd,
    wire,
)
from sitesurvey.rules.site_circuit import SITE_BREAKER, SITE_METER, SITE_WIRE
from sitesurvey.rules.water import pressure

if TYPE_CHECKING:
    from sitesurvey.sizing import SizingResult
    from sitesurvey.survey import Survey

__all__ = ["DECIDING_RULES", "modifications", "pending_text"]

Results = dict[str, CheckResult]

#: The rules whose failure makes a modification (:func:`modifications`). While one of
#: them is ``not_checked`` for a missing measurement, which changes the site needs is
#: not known: no output may say that none is needed (:func:`pending_text` instead).
DECIDING_RULES = (
    dedicated_line.id,
    wire.id,
    breaker.id,
    meter.id,
    main_switch.id,
    rcd.id,
    earth.id,
    pressure.id,
)


def pending_text() -> Text:
    """What every output says of the changes while a deciding rule is not measured
    (instead of "no changes are needed"), in both languages."""
    return bi("Changes needing your consent are known once the site is measured.", None)


def _modification(
    rule: str,
    item: str,
    change: Text,
    consent: str,
    from_: Value | Text | None = None,
    to: Value | Text | None = None,
) -> Modification:
    return Modification(rule, item, change.en, change.zh, consent, from_, to)  # type: ignore[arg-type]


def _failed(results: Results, rule: str) -> bool:
    found = results.get(rule)
    return found is not None and found.status == FAIL


def _first_failed(results: Results, *rules: str) -> str:
    return next((r for r in rules if _failed(results, r)), rules[-1])


def _line(survey: Survey, results: Results, plan: Plan) -> list:
    """A new dedicated line (the plan's wire and air switch), or the existing line re-run."""
    if not plan.new_line:
        return []
    line_item = plan.item("dedicated_line")
    breaker_item = plan.item("breaker")
    assert line_item is not None and breaker_item is not None
    to = Value(plan.wire, "mm²") if plan.wire is not None else line_item.value
    fields = {"line": line_item.value, "breaker": breaker_item.value}
    if results[dedicated_line.id].status == FAIL:
        change = bi("no dedicated line → {line}, {breaker}", None, **fields)
        return [
            _modification(
                dedicated_line.id, "dedicated_line", change, "consent", bi("no", None), to
            )
        ]
    existing = survey.site.dedicated_line.wire
    if existing is None:
        return []
    rule = _first_failed(results, wire.id, SITE_WIRE)
    if plan.wire is not None:
        change = bi(
            "dedicated-line wire {existing:g} mm² → {wire:g} mm² copper (a new line from the "
            "indoor main switch)",
            None,
            existing=existing,
            wire=plan.wire,
        )
    else:
        change = bi(
            "dedicated-line wire {existing:g} mm² → {line}", None, existing=existing, **fields
        )
    return [_modification(rule, "wire", change, "consent", Value(existing, "mm²"), to)]


def _breaker(survey: Survey, results: Results, plan: Plan) -> list:
    """The existing air switch replaced by the plan's."""
    reading = survey.site.breaker
    if plan.breaker_kept or reading.rating is None:
        return []
    if results[dedicated_line.id].status == FAIL:
        return []  # the new line's air switch is part of the line's modification
    item = plan.item("breaker")
    assert item is not None
    rule = _first_failed(results, breaker.id, SITE_BREAKER, wire.id, SITE_WIRE)
    if reading.poles:
        now = bi("{rating:g} A, {poles}-pole", None, rating=reading.rating, poles=reading.poles)
    else:
        now = bi("{rating:g} A", None, rating=reading.rating)
    if plan.breaker is not None:
        change = bi(
            "air switch {now} → {rating:g} A, {poles}",
            None,
            now=now,
            rating=plan.breaker,
            poles=pole_words(plan.poles),
        )
    else:
        change = bi("air switch {now} → {breaker}", None, now=now, breaker=item.value)
    to = Value(plan.breaker, "A") if plan.breaker is not None else item.value
    return [_modification(rule, "breaker", change, "consent", Value(reading.rating, "A"), to)]


def _meter(survey: Survey, results: Results, plan: Plan) -> list:
    """The meter replaced by the plan's (advice: the customer's supply)."""
    reading = survey.site.meter
    item = plan.item("meter")
    if item is None or item.origin == "existing" or reading.marking is None:
        return []
    if not (_failed(results, meter.id) or _failed(results, SITE_METER)):
        return []
    kind = reading.kind
    target = item.value
    if plan.meter_marking is not None:
        target = bi("{marking} or larger", None, marking=plan.meter_marking)
    if kind:
        change = bi(
            "{kind} meter {marking} → {to}",
            None,
            kind=meter_kind(kind),
            marking=reading.marking,
            to=target,
        )
    else:
        change = bi("meter {marking} → {to}", None, marking=reading.marking, to=target)
    rule = _first_failed(results, meter.id, SITE_METER)
    to = item.quantity if item.quantity is not None else item.value
    return [
        _modification(
            rule,
            "meter",
            change,
            "consent_and_signature",
            Value(reading.max, "A") if reading.max is not None else None,
            to,
        )
    ]


def _main_switch(survey: Survey, results: Results, plan: Plan) -> list:
    """The main switch replaced by the plan's (the next standard rating above the total)."""
    main = results[main_switch.id]
    item = plan.item("main_switch")
    if main.status != FAIL or item is None:
        return []
    rating = survey.site.main_switch.rating
    if item.quantity is not None:
        change = bi(
            "main switch {rating:g} A → {to:g} A ({why})",
            None,
            rating=rating,
            to=item.quantity.value,
            why=item.reason,
        )
    else:
        change = bi(
            "main switch {rating:g} A → {to} ({why})",
            None,
            rating=rating,
            to=item.value,
            why=item.reason,
        )
    to = item.quantity if item.quantity is not None else item.value
    return [
        _modification(
            main.rule,
            "main_switch",
            change,
            "consent_and_signature",
            Value(rating, "A") if rating is not None else None,
            to,
        )
    ]


def _protection(survey: Survey, results: Results) -> list:
    """An RCD added; the earth connected."""
    found = []
    if results[rcd.id].status == FAIL:
        change = bi("no RCD → an RCD (漏电开关) on the heater circuit", None)
        found.append(_modification(rcd.id, "rcd", change, "consent", registry.NO, registry.YES))
    if results[earth.id].status == FAIL:
        poor = survey.site.earth == "poor"
        state = bi("poorly earthed", None) if poor else bi("no earth", None)
        change = bi("{state} → earth conductor connected and well earthed", None, state=state)
        good = results[earth.id].required  # "good", in both languages
        found.append(_modification(earth.id, "earth", change, "consent", state, good))  # type: ignore[arg-type]
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
    to = Value(rng.max if measured is not None and measured > rng.max else rng.min, "MPa")
    now = None if measured is None else Value(measured, "MPa")
    return [_modification(pressure.id, "water_pressure", change, "consent", now, to)]


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
        *_line(survey, results, plan),
        *_breaker(survey, results, plan),
        *_meter(survey, results, plan),
        *_main_switch(survey, results, plan),
        *_protection(survey, results),
        *_water(survey, sizing, results),
    )
