"""The site's circuit against the engineering recommendation (``ENG-SITE-*``, spec §3).

Where the survey records route conditions (:data:`WIRING_CONDITION_KEYS`),
:func:`engineering_check` runs the engineering cross-check of the table answer on this
site; the plan (:func:`sitesurvey.plan.build_plan`) decides the circuit the site
must end up with, and :func:`site_results` judges the existing wire, air switch and meter
against it
(``ENG-SITE-WIRE``, ``ENG-SITE-BREAKER``, ``ENG-SITE-METER``, basis ``calculation``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sitesurvey.errors import SurveyFileError
from sitesurvey.i18n import bi
from sitesurvey.results import (
    FAIL,
    NOT_APPLICABLE,
    NOT_CHECKED,
    PASS,
    Bound,
    CheckResult,
    Text,
    Value,
)
from sitesurvey.rules.electrical import dedicated_line
from sitesurvey.rules.registry import RuleContext, join, not_recorded
from sitesurvey.survey.reader import format_2_path

if TYPE_CHECKING:
    from sitesurvey.plan import Plan
    from sitesurvey.sizing import Note, SizingResult
    from sitesurvey.survey import Survey

__all__ = [
    "ENG_SOURCE",
    "SITE_BREAKER",
    "SITE_METER",
    "SITE_WIRE",
    "WIRING_CONDITION_KEYS",
    "condition_path",
    "engineering_check",
    "site_breaker",
    "site_results",
    "where",
]

#: The codes of the existing circuit's checks against the recommendation.
SITE_WIRE = "ENG-SITE-WIRE"
SITE_BREAKER = "ENG-SITE-BREAKER"
SITE_METER = "ENG-SITE-METER"

ENG_SOURCE = (
    "installation-spec.md §3; IEC 60364-4-43:2008 433.1 (Ib ≤ In ≤ Iz); IEC 60364-5-52 "
    "Annex B and G — the engineering recommendation of sitesurvey.engineering"
)
#: Survey keys that make :func:`~sitesurvey.rules.check_survey` run the engineering check.
WIRING_CONDITION_KEYS = (
    "site.wiring.length",
    "site.wiring.method",
    "site.wiring.ambient_temperature",
    "site.wiring.grouping",
)
#: ``SiteConditions`` field -> survey key, to name the key of a rejected condition.
_CONDITION_PATHS = {
    "length": "site.wiring.length",
    "method": "site.wiring.method",
    "ambient": "site.wiring.ambient_temperature",
    "grouping": "site.wiring.grouping",
    "arrangement": "site.wiring.arrangement",
    "supply_voltage": "site.supply_voltage",
}


def condition_path(field: str, survey_format: int = 2) -> str:
    """The survey key of a rejected :class:`~sitesurvey.engineering.SiteConditions` field,
    as a survey file of ``survey_format`` spells it (``design.route.length``; format 1:
    ``site.wiring.length``)."""
    path = _CONDITION_PATHS.get(field, field)
    return path if survey_format == 1 else format_2_path(path)


def where(survey: Survey) -> str:
    """The survey's file name, to start an error message (``"survey"`` without one)."""
    return survey.source or "survey"


def _result(
    code: str,
    status: str,
    message: Text,
    measured: Value | Text | None = None,
    required: Bound | Text | None = None,
) -> CheckResult:
    return CheckResult.calculated(code, status, message, ENG_SOURCE, measured, required)


def engineering_check(survey: Survey, sizing: SizingResult) -> tuple[Any | None, tuple[Note, ...]]:
    """The engineering cross-check (spec §3) of the table answer on this site.

    Runs when the survey records at least one route condition
    (:data:`WIRING_CONDITION_KEYS`); the others take the documented defaults, which the
    result lists. A measured supply voltage that cannot belong to the table's supply
    (outside :func:`sitesurvey.bands.supply_voltage_band`; the survey reader refuses one
    outside the band of ``heater.supply_voltage``) is left out, with a note; E-VOLTAGE
    fails for it anyway.
    """
    from sitesurvey.bands import plausible_supply_voltage
    from sitesurvey.engineering import SiteConditions, check_engineering
    from sitesurvey.errors import InputError
    from sitesurvey.sizing import Note

    wiring = survey.site.wiring
    conditions = (
        wiring.length,
        wiring.method,
        wiring.ambient_temperature,
        wiring.grouping,
        wiring.arrangement,
    )
    if all(value is None for value in conditions):
        text = bi(
            "Engineering cross-check not run: no route conditions recorded ({keys}).",
            None,
            keys=", ".join(format_2_path(k) for k in WIRING_CONDITION_KEYS),
        )
        return None, (Note("ENG-NOT-RUN", text.en, text.zh),)
    notes: list[Note] = []
    voltage = survey.site.supply_voltage
    nominal = sizing.supply.voltage
    if voltage is not None and not plausible_supply_voltage(voltage, nominal):
        text = bi(
            "The measured {voltage:g} V cannot be the {nominal:g} V supply; the engineering "
            "check uses the nominal {nominal:g} V (see E-VOLTAGE).",
            None,
            voltage=voltage,
            nominal=nominal,
        )
        notes.append(Note("ENG-VOLTAGE-IGNORED", text.en, text.zh))
        voltage = None
    try:
        site = SiteConditions(
            length=wiring.length,
            method=wiring.method,
            ambient=wiring.ambient_temperature,
            grouping=wiring.grouping,
            arrangement=wiring.arrangement,
            supply_voltage=voltage,
        )
        return check_engineering(sizing, site), tuple(notes)
    except InputError as exc:
        path = condition_path(exc.field, survey.format)
        again = InputError(path, exc.value, exc.expected, exc.hint)
        raise SurveyFileError(f"{where(survey)}: {again}") from None


def _conditions(engineering: Any) -> Text:
    c = engineering.conditions
    return bi(
        "method {method}, {ambient:g} °C, grouping {grouping}, {length:g} m",
        None,
        method=c.method,
        ambient=c.ambient,
        grouping=c.grouping,
        length=c.length,
    )


def _site_wire(survey: Survey, engineering: Any, new_line: bool) -> CheckResult:
    """ENG-SITE-WIRE: the existing wire is at least the recommended one [mm²]."""
    existing = survey.site.dedicated_line.wire
    rec = engineering.recommendation
    steps = [s for s in rec.steps if s.item == "wire"]
    why = join(Text(s.message, s.message_zh) for s in steps)
    conditions = _conditions(engineering)
    if new_line:
        message = bi("No existing dedicated line (see E-DEDICATED).", None)
        return _result(SITE_WIRE, NOT_APPLICABLE, message)
    if rec.wire is None:
        message = bi(
            "No standard wire size meets the checks on this site ({where}): {why}",
            SITE_WIRE,
            where=conditions,
            why=why,
        )
        measured = None if existing is None else Value(existing, "mm²")
        required = bi("a standard wire size that passes", SITE_WIRE)
        return _result(SITE_WIRE, FAIL, message, measured, required)
    required_bound = RuleContext.bound("mm²", low=rec.wire)
    if existing is None:
        message = not_recorded("site.dedicated_line.wire")
        return _result(SITE_WIRE, NOT_CHECKED, message, required=required_bound)
    ok = required_bound.contains(existing)
    message = bi(
        "Existing wire {existing:g} mm² {sign} {wire:g} mm², the engineering recommendation "
        "on this site ({where}).{because}",
        SITE_WIRE,
        existing=existing,
        sign="≥" if ok else "<",
        wire=rec.wire,
        where=conditions,
        because=Text(f" {why.en}" if why.en else "", why.zh),
    )
    return _result(SITE_WIRE, PASS if ok else FAIL, message, Value(existing, "mm²"), required_bound)


def _site_breaker(survey: Survey, engineering: Any, plan: Plan, new_line: bool) -> CheckResult:
    """ENG-SITE-BREAKER: the existing breaker is coordinated with the wire the circuit will
    have: Ib ≤ In ≤ Iz [A]."""
    rating = survey.site.breaker.rating
    if new_line:
        message = bi("No existing dedicated line (see E-DEDICATED).", None)
        return _result(SITE_BREAKER, NOT_APPLICABLE, message)
    if rating is not None and plan.wire is None:
        message = bi(
            "Not checked: there is no wire to coordinate the air switch with (see ENG-SITE-WIRE).",
            SITE_BREAKER,
        )
        return _result(SITE_BREAKER, NOT_CHECKED, message, Value(rating, "A"))
    if rating is None:
        return _result(SITE_BREAKER, NOT_CHECKED, not_recorded("site.breaker.rating"))
    if plan.iz is None:
        message = bi(
            "Not checked: {wire:g} mm² is not a size of the capacity table.",
            SITE_BREAKER,
            wire=plan.wire,
        )
        return _result(SITE_BREAKER, NOT_CHECKED, message, Value(rating, "A"))
    from sitesurvey.engineering import coordination

    ib = engineering.design_current
    checks = coordination(ib, rating, plan.iz)
    failed = [ch for ch in checks if ch.status == FAIL]
    which = bi("the new", SITE_BREAKER) if plan.new_line else bi("the existing", SITE_BREAKER)
    head = bi(
        "Air switch {rating:g} A on {which} {wire:g} mm² wire: Ib {ib:.1f} A, Iz {iz:.1f} A "
        "({where}).",
        SITE_BREAKER,
        rating=rating,
        which=which,
        wire=plan.wire,
        ib=ib,
        iz=plan.iz,
        where=_conditions(engineering),
    )
    told = [Text(ch.message, ch.message_zh) for ch in (failed or checks[:2])]
    required: Bound | Text = RuleContext.bound("A", low=ib, high=plan.iz)
    if ib > plan.iz:
        required = bi("none: Iz is below Ib", SITE_BREAKER)
    return _result(
        SITE_BREAKER,
        FAIL if failed else PASS,
        join([head, *told]),
        Value(rating, "A"),
        required,
    )


def _site_meter(survey: Survey, engineering: Any) -> CheckResult:
    """ENG-SITE-METER: the existing meter carries the design current [A]."""
    from sitesurvey.engineering import meter_sufficient

    ib = engineering.design_current
    meter = survey.site.meter
    required = RuleContext.bound("A", low=ib)
    if meter.max is None:
        message = not_recorded("site.meter.marking")
        return _result(SITE_METER, NOT_CHECKED, message, required=required)
    ok = meter_sufficient(meter.max, ib)
    message = bi(
        "Meter {marking}: Imax {imax:g} A {sign} Ib {ib:.1f} A.",
        SITE_METER,
        marking=meter.marking,
        imax=meter.max,
        sign="≥" if ok else "<",
        ib=ib,
    )
    return _result(SITE_METER, PASS if ok else FAIL, message, Value(meter.max, "A"), required)


def site_results(
    survey: Survey, results: dict[str, CheckResult], engineering: Any
) -> tuple[CheckResult, CheckResult]:
    """The existing wire and meter against the engineering recommendation
    (``ENG-SITE-WIRE``, ``ENG-SITE-METER``)."""
    new_line = results[dedicated_line.id].status == FAIL
    return _site_wire(survey, engineering, new_line), _site_meter(survey, engineering)


def site_breaker(
    survey: Survey, results: dict[str, CheckResult], engineering: Any, plan: Plan
) -> CheckResult:
    """The existing air switch against the wire of the plan (``ENG-SITE-BREAKER``)."""
    new_line = results[dedicated_line.id].status == FAIL
    return _site_breaker(survey, engineering, plan, new_line)
