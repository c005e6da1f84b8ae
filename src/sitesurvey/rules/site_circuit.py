"""The site's circuit against the engineering recommendation (``ENG-SITE-*``, spec §3).

Where the survey records route conditions (:data:`WIRING_CONDITION_KEYS`),
:func:`engineering_check` runs the engineering cross-check of the table answer on this
site; :func:`plan` decides the circuit the site must end up with (:class:`Plan`), and
:func:`site_results` judges the existing wire, air switch and meter against it
(``ENG-SITE-WIRE``, ``ENG-SITE-BREAKER``, ``ENG-SITE-METER``, basis ``calculation``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sitesurvey.errors import SurveyFileError
from sitesurvey.i18n import bi
from sitesurvey.results import FAIL, NOT_CHECKED, PASS, Bound, CheckResult, Text, Value
from sitesurvey.rules.electrical import dedicated_line, wire
from sitesurvey.rules.registry import RuleContext, join, not_recorded
from sitesurvey.survey.reader import format_2_path

if TYPE_CHECKING:
    from sitesurvey.sizing import Note, SizingResult
    from sitesurvey.survey import Survey

__all__ = [
    "ENG_SOURCE",
    "SITE_BREAKER",
    "SITE_METER",
    "SITE_WIRE",
    "WIRING_CONDITION_KEYS",
    "Plan",
    "engineering_check",
    "plan",
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
    "supply_voltage": "site.supply_voltage",
}


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
    return CheckResult(
        rule=code,
        status=status,  # type: ignore[arg-type]
        message=message.en,
        message_zh=message.zh,
        source=ENG_SOURCE,
        measured=measured,
        required=required,
        basis="calculation",
    )


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
    conditions = (wiring.length, wiring.method, wiring.ambient_temperature, wiring.grouping)
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
            supply_voltage=voltage,
        )
        return check_engineering(sizing, site), tuple(notes)
    except InputError as exc:
        path = _CONDITION_PATHS.get(exc.field, exc.field)
        if survey.format != 1:  # name the key as the survey's own file spells it
            path = format_2_path(path)
        again = InputError(path, exc.value, exc.expected, exc.hint)
        raise SurveyFileError(f"{where(survey)}: {again}") from None


@dataclass(frozen=True, slots=True)
class Plan:
    """The circuit the site must end up with, and what the existing one lacks.

    Without the engineering check: the table's wire and breaker. With it: the wire is
    the larger of the table's and the recommended; the breaker is the one coordinated
    (Ib ≤ In ≤ Iz) with the wire the circuit will have — the recommendation's when that
    wire is the recommended one, else the table's rating if it is coordinated, else the
    smallest standard rating that is.

    Attributes
    ----------
    wire : float or None
        The wire to have [mm²]; None when no standard wire satisfies the checks.
    wire_after : float or None
        The wire the circuit has after the modifications [mm²].
    replace_wire : bool
        Whether the wire is replaced (or a new line run).
    breaker : float or None
        The air switch to have [A]; None when no rating satisfies both (report to the
        company).
    poles : int
        Its poles.
    iz_after : float or None
        Iz of ``wire_after`` on this site [A].
    ib : float
        The design current [A].
    basis : Text
        What the targets follow (the table or the engineering recommendation).
    """

    wire: float | None
    wire_after: float | None
    replace_wire: bool
    breaker: float | None
    poles: int
    iz_after: float | None
    ib: float
    basis: Text


def _coordinated_breaker(engineering: Any, wire: float, table_in: float) -> tuple[Any, Any]:
    """(rating or None, Iz or None) for a wire on this site, by the recommendation's rule."""
    from sitesurvey.engineering import ampacity
    from sitesurvey.engineering.protection import choose_breaker
    from sitesurvey.errors import InputError

    c = engineering.conditions
    try:
        iz = float(ampacity(wire, c.method, engineering.loaded_conductors, c.ambient, c.grouping))
    except InputError:  # not a size of the capacity table
        return None, None
    return choose_breaker(engineering.design_current, table_in, iz)[0], iz


def plan(
    survey: Survey, sizing: SizingResult, results: dict[str, CheckResult], engineering: Any
) -> Plan:
    """The circuit the site must end up with (see :class:`Plan`)."""
    row = sizing.row
    line = survey.site.dedicated_line
    new_line = results[dedicated_line.id].status == FAIL
    existing = line.wire if line.present is not False else None
    if engineering is None:
        replace = new_line or results[wire.id].status == FAIL
        rating = row.breaker.rating if row.breaker.rating >= sizing.design_current else None
        return Plan(
            wire=row.wire,
            wire_after=row.wire if replace else existing,
            replace_wire=replace,
            breaker=rating,
            poles=row.breaker.poles,
            iz_after=None,
            ib=sizing.design_current,
            basis=bi("per the table", None),
        )
    rec = engineering.recommendation
    target = None if rec.wire is None else max(row.wire, rec.wire)
    replace = (
        new_line
        or results[wire.id].status == FAIL
        or (existing is not None and (target is None or existing < target))
    )
    after = target if replace else existing
    breaker, iz = (None, None)
    if after is not None:
        breaker, iz = _coordinated_breaker(engineering, after, row.breaker.rating)
    return Plan(
        wire=target,
        wire_after=after,
        replace_wire=replace,
        breaker=breaker,
        poles=row.breaker.poles,
        iz_after=iz,
        ib=engineering.design_current,
        basis=bi("per the engineering recommendation", None),
    )


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
        return _result(SITE_WIRE, NOT_CHECKED, message)
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
        return _result(SITE_BREAKER, NOT_CHECKED, message)
    if rating is not None and plan.wire_after is None and plan.replace_wire:
        message = bi(
            "Not checked: there is no wire to coordinate the air switch with (see ENG-SITE-WIRE).",
            SITE_BREAKER,
        )
        return _result(SITE_BREAKER, NOT_CHECKED, message, Value(rating, "A"))
    if rating is None or plan.wire_after is None:
        key = "site.breaker.rating" if rating is None else "site.dedicated_line.wire"
        return _result(SITE_BREAKER, NOT_CHECKED, not_recorded(key))
    if plan.iz_after is None:
        message = bi(
            "Not checked: {wire:g} mm² is not a size of the capacity table.",
            SITE_BREAKER,
            wire=plan.wire_after,
        )
        return _result(SITE_BREAKER, NOT_CHECKED, message, Value(rating, "A"))
    from sitesurvey.engineering import coordination

    checks = coordination(plan.ib, rating, plan.iz_after)
    failed = [ch for ch in checks if ch.status == FAIL]
    which = bi("the new", SITE_BREAKER) if plan.replace_wire else bi("the existing", SITE_BREAKER)
    head = bi(
        "Air switch {rating:g} A on {which} {wire:g} mm² wire: Ib {ib:.1f} A, Iz {iz:.1f} A "
        "({where}).",
        SITE_BREAKER,
        rating=rating,
        which=which,
        wire=plan.wire_after,
        ib=plan.ib,
        iz=plan.iz_after,
        where=_conditions(engineering),
    )
    told = [Text(ch.message, ch.message_zh) for ch in (failed or checks[:2])]
    return _result(
        SITE_BREAKER,
        FAIL if failed else PASS,
        join([head, *told]),
        Value(rating, "A"),
        RuleContext.bound("A", low=plan.ib, high=plan.iz_after),
    )


def _site_meter(survey: Survey, plan: Plan) -> CheckResult:
    """ENG-SITE-METER: the existing meter carries the design current [A]."""
    from sitesurvey.engineering import meter_sufficient

    meter = survey.site.meter
    required = RuleContext.bound("A", low=plan.ib)
    if meter.max is None:
        message = not_recorded("site.meter.marking")
        return _result(SITE_METER, NOT_CHECKED, message, required=required)
    ok = meter_sufficient(meter.max, plan.ib)
    message = bi(
        "Meter {marking}: Imax {imax:g} A {sign} Ib {ib:.1f} A.",
        SITE_METER,
        marking=meter.marking,
        imax=meter.max,
        sign="≥" if ok else "<",
        ib=plan.ib,
    )
    return _result(SITE_METER, PASS if ok else FAIL, message, Value(meter.max, "A"), required)


def site_results(
    survey: Survey, results: dict[str, CheckResult], engineering: Any, plan: Plan
) -> tuple[CheckResult, ...]:
    """The existing circuit against the engineering recommendation (codes ``ENG-SITE-*``)."""
    new_line = results[dedicated_line.id].status == FAIL
    return (
        _site_wire(survey, engineering, new_line),
        _site_breaker(survey, engineering, plan, new_line),
        _site_meter(survey, plan),
    )
