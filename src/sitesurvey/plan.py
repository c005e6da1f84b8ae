"""The one plan of a survey (spec §6): what will be installed or changed, and why.

:func:`build_plan` resolves a survey — or, for ``sitesurvey size``, a heater alone — to a
:class:`Plan`: the dedicated line (wire; a new line or the existing one), the air switch
(rating, poles), the RCD, and advice for the meter and the main switch. It starts from the
maker's table row and the engineering recommendation (spec §3, which only goes up) and
keeps what is there where what is there passes its rules — no new line for a circuit that
is already safe. Each :class:`PlanItem` says where its value comes from (``"table"``,
``"existing"`` or the check code that forced a change) and, where it departs from the
maker's table, why — said once, here. Every output (``check``, ``size``, the sheet)
quotes this plan and nothing else.

Where the recommendation departs from the maker's table (a table-vs-physics disagreement),
004 ch.5 §3 asks the installer to report to the company ("特殊情况则打电话回企业汇报情况"):
the plan lists that as an action (:attr:`Plan.report_to_company`), recorded in
``Survey.actions.report_to_company`` ("done" / "not_yet"), never as a rule that fails.

This module imports no engineering code at import time (``size`` stays light).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sitesurvey._dataclasses import dataclass
from sitesurvey.i18n import bi
from sitesurvey.results import FAIL, NOT_APPLICABLE, PASS, WARN, CheckResult, Text, Value
from sitesurvey.units import quantity_json

if TYPE_CHECKING:
    from sitesurvey.sizing import SizingResult
    from sitesurvey.survey import Survey

__all__ = [
    "ORIGIN_EXISTING",
    "ORIGIN_TABLE",
    "Plan",
    "PlanItem",
    "build_plan",
    "conditions_text",
    "pole_words",
    "site_conditions",
    "wire_iz",
]

#: Origins of a plan item that are not a check code.
ORIGIN_TABLE = "table"
ORIGIN_EXISTING = "existing"

Results = dict[str, CheckResult]


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One item of the plan.

    Attributes
    ----------
    item : {"dedicated_line", "breaker", "rcd", "meter", "main_switch"}
        What it is.
    value : Text
        The plan's value in plain words, in both languages ("6 mm² copper, new line").
    origin : str
        ``"table"``, ``"existing"``, or the check code that forced the change
        (``"ENG-IN-IZ"`` …, or a rule ID).
    departs_from_table : bool
        Whether the value differs from the maker's table row.
    reason : Text
        Why the value is what it is (empty where it is the table's and nothing forced it).
    quantity : Value or None
        The value as a number with its unit (wire [mm²], rating [A], Imax [A]).
    advice : bool
        Meter and main switch are advice: they belong to the customer's supply.
    """

    item: str
    value: Text
    origin: str
    departs_from_table: bool
    reason: Text
    quantity: Value | None = None
    advice: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON: ``item``, ``value`` (English), ``value_zh``, ``quantity``, ``origin``,
        ``departs_from_table``, ``reason``, ``reason_zh``, ``advice``."""
        return {
            "item": self.item,
            "value": self.value.en,
            "value_zh": self.value.zh,
            "quantity": None if self.quantity is None else self.quantity.to_dict(),
            "origin": self.origin,
            "departs_from_table": self.departs_from_table,
            "reason": self.reason.en,
            "reason_zh": self.reason.zh,
            "advice": self.advice,
        }


@dataclass(frozen=True, slots=True)
class Plan:
    """What will be installed or changed (spec §6).

    Attributes
    ----------
    wire : float or None
        The dedicated line's wire after the work [mm²]; None when no standard wire meets
        the checks (report to the company).
    line : {"new", "existing"}
        Whether a new dedicated line is run or the existing one is kept.
    breaker : float or None
        The air switch's rating after the work [A]; None when no standard rating does.
    poles : int
        Its poles (the table's).
    breaker_kept : bool
        Whether the existing air switch stays.
    rcd : bool
        An RCD on the heater circuit (always: the project requires one).
    meter_max : float or None
        Advice: the meter's Imax after the work [A].
    meter_marking : str or None
        Advice: that meter's marking.
    main_switch : float or None
        Advice: the main switch's rating after the work [A] (None: not recorded).
    ib : float
        The design current [A].
    iz : float or None
        Iz of the plan's wire on this site [A] (``conditions`` says on which).
    conditions : Text
        The conditions of ``iz``: the site's recorded route, or the default method B1 at
        30 °C.
    report_to_company : Text or None
        Why the table-vs-physics disagreement is to be reported (004 ch.5 §3); None when
        the plan follows the maker's table.
    report_status : {"done", "not_yet"} or None
        The recorded action (``Survey.actions.report_to_company``).
    items : tuple of PlanItem
        Line, air switch, RCD, meter, main switch.
    """

    wire: float | None
    line: str
    breaker: float | None
    poles: int
    breaker_kept: bool
    rcd: bool
    meter_max: float | None
    meter_marking: str | None
    main_switch: float | None
    ib: float
    iz: float | None
    conditions: Text
    report_to_company: Text | None
    report_status: str | None
    items: tuple[PlanItem, ...]

    @property
    def new_line(self) -> bool:
        """Whether a new dedicated line is run."""
        return self.line == "new"

    def item(self, name: str) -> PlanItem | None:
        """The item called ``name`` (None when the plan has none)."""
        return next((i for i in self.items if i.item == name), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON: ``wire``, ``line``, ``breaker.rating``, ``breaker.poles``, ``rcd``,
        ``meter.max`` (advice), ``main_switch.rating`` (advice), ``design_current``,
        ``ampacity``, ``report_to_company`` and ``items[]``."""

        def q(value: float | None, unit: str) -> dict[str, Any] | None:
            return None if value is None else quantity_json(value, unit)

        report = None
        if self.report_to_company is not None:
            report = {
                "reason": self.report_to_company.en,
                "reason_zh": self.report_to_company.zh,
                "status": self.report_status,
            }
        return {
            "wire": q(self.wire, "mm²"),
            "line": self.line,
            "breaker": {
                "rating": q(self.breaker, "A"),
                "poles": self.poles,
                "kept": self.breaker_kept,
            },
            "rcd": self.rcd,
            "meter": {"max": q(self.meter_max, "A"), "marking": self.meter_marking},
            "main_switch": {"rating": q(self.main_switch, "A")},
            "design_current": q(self.ib, "A"),
            "ampacity": q(self.iz, "A"),
            "conditions": self.conditions.en,
            "conditions_zh": self.conditions.zh,
            "report_to_company": report,
            "items": [i.to_dict() for i in self.items],
        }


# ----------------------------------------------------------------- site conditions


def site_conditions(survey: Survey | None) -> tuple[Any, bool]:
    """The engineering :class:`~sitesurvey.engineering.SiteConditions` of a survey's route.

    Raises
    ------
    SurveyFileError
        A recorded condition outside the reference data; the message names its key.

    Returns
    -------
    conditions : SiteConditions
        The recorded route conditions, the rest at their documented defaults.
    recorded : bool
        Whether the survey records any route condition (else all are defaults: method
        B1 at 30 °C).
    """
    from sitesurvey.engineering import SiteConditions
    from sitesurvey.errors import InputError, SurveyFileError

    if survey is None:
        return SiteConditions(), False
    from sitesurvey.rules.site_circuit import condition_path, where

    w = survey.site.wiring
    values = (w.length, w.method, w.ambient_temperature, w.grouping, w.arrangement)
    recorded = any(v is not None for v in values)
    try:
        conditions = SiteConditions(
            length=w.length,
            method=w.method,
            ambient=w.ambient_temperature,
            grouping=w.grouping,
            arrangement=w.arrangement,
        )
    except InputError as exc:
        path = condition_path(exc.field, survey.format)
        again = InputError(path, exc.value, exc.expected, exc.hint)
        raise SurveyFileError(f"{where(survey)}: {again}") from None
    return conditions, recorded


def conditions_text(conditions: Any, recorded: bool) -> Text:
    """Which conditions an Iz is for, in words."""
    if not recorded:
        return bi(
            "default method B1 at 30 °C: no route conditions recorded",
            None,
        )
    return bi(
        "method {method}, {ambient:g} °C, grouping {grouping}",
        None,
        method=conditions.method,
        ambient=conditions.ambient,
        grouping=conditions.grouping,
    )


def wire_iz(wire: float, conditions: Any, phases: int) -> float | None:
    """Iz of a copper wire on a site [A]; None for a size the capacity table lacks."""
    from sitesurvey.engineering import ampacity
    from sitesurvey.errors import InputError

    loaded = 2 if phases == 1 else 3
    try:
        return float(
            ampacity(
                wire,
                conditions.method,
                loaded,
                conditions.ambient,
                conditions.grouping,
                getattr(conditions, "arrangement", "bunched"),
            )
        )
    except InputError:
        return None


# ---------------------------------------------------------------------- the plan


#: The rule that requires an RCD (spec §2 E-RCD), named without importing the rules so
#: ``size`` stays light (the rules package opens the catalog at import).
RCD_RULE = "E-RCD"


def _rule_id(name: str) -> str:
    """The ID of an electrical rule or ``ENG-SITE-*`` check by its Python name (lazy: only
    a survey's plan looks rules up; ``size`` has no results)."""
    from sitesurvey.rules import electrical, site_circuit

    if name == "site_meter":
        return site_circuit.SITE_METER
    return getattr(electrical, name).id


def pole_words(poles: int) -> Text:
    """``2`` → "2-pole" / "二极" (the words of spec §5)."""
    words = {1: bi("1-pole", None), 2: bi("2-pole", None), 3: bi("3-pole", None)}
    words[4] = bi("4-pole", None)
    return words.get(poles) or Text(f"{poles}-pole", f"{poles}极")


def _result(results: Results, name: str) -> CheckResult | None:
    return results.get(_rule_id(name)) if results else None


def _status(results: Results, name: str) -> str | None:
    found = _result(results, name)
    return None if found is None else found.status


def _steps(rec: Any, *items: str) -> list[Any]:
    return [s for s in rec.steps if s.item in items]


def _why(steps: list[Any]) -> Text:
    return Text(" ".join(s.message for s in steps), "".join(s.message_zh for s in steps))


def _origin(steps: list[Any], fallback: str) -> str:
    changed = [s for s in steps if s.after is not None]
    return (changed or steps)[-1].criterion if steps else fallback


def _line_item(
    survey: Survey | None, sizing: SizingResult, results: Results, rec: Any, phases: int
) -> tuple[PlanItem, float | None, str]:
    table = sizing.row.wire
    target = None if rec.wire is None else max(table, rec.wire)
    line = None if survey is None else survey.site.dedicated_line
    existing = None if line is None or line.present is not True else line.wire
    keep = (
        existing is not None
        and target is not None
        and existing >= target
        and _status(results, "wire") != FAIL
    )
    if keep:
        departs = existing != table
        reason = Text("", "")
        if departs:
            reason = bi(
                "The existing {wire:g} mm² line is at least the {target:g} mm² this site "
                "needs: it is kept.",
                None,
                wire=existing,
                target=target,
            )
        value = bi("existing dedicated line, {wire:g} mm² copper (kept)", None, wire=existing)
        item = PlanItem(
            "dedicated_line",
            value,
            ORIGIN_EXISTING,
            departs,
            reason,
            Value(existing, "mm²"),  # type: ignore[arg-type]
        )
        return item, existing, "existing"
    steps = _steps(rec, "wire")
    if target is None:
        value = bi("no standard wire size meets the checks on this site", None)
        origin = _origin(steps, "ENG-IN-IZ")
        return PlanItem("dedicated_line", value, origin, True, _why(steps)), None, "new"
    value = bi(
        "new dedicated line from the indoor main switch, {wire:g} mm² copper", None, wire=target
    )
    departs = target != table
    origin = _origin(steps, ORIGIN_TABLE) if departs else ORIGIN_TABLE
    reason = _why(steps) if departs else Text("", "")
    item = PlanItem("dedicated_line", value, origin, departs, reason, Value(target, "mm²"))
    return item, target, "new"


def _breaker_item(
    survey: Survey | None,
    sizing: SizingResult,
    results: Results,
    rec: Any,
    line: str,
    wire: float | None,
    iz: float | None,
) -> tuple[PlanItem, float | None, bool]:
    table = sizing.row.breaker
    reading = None if survey is None else survey.site.breaker
    if (
        line == "existing"
        and reading is not None
        and reading.rating is not None
        and _status(results, "breaker") in (PASS, WARN)
    ):
        departs = reading.rating != table.rating
        reason = Text("", "")
        if departs:
            reason = bi(
                "The existing {rating:g} A protects the existing {wire:g} mm² wire (Iz "
                "{iz:.1f} A) and carries the design current {ib:.1f} A: it is kept; the "
                "table says {table:g} A.",
                None,
                rating=reading.rating,
                wire=wire,
                iz=iz if iz is not None else float("nan"),
                ib=sizing.design_current,
                table=table.rating,
            )
        value = bi(
            "existing air switch, {rating:g} A, {poles} (kept)",
            None,
            rating=reading.rating,
            poles=pole_words(table.poles),
        )
        item = PlanItem(
            "breaker", value, ORIGIN_EXISTING, departs, reason, Value(reading.rating, "A")
        )
        return item, reading.rating, True
    steps = _steps(rec, "breaker")
    if rec.breaker is None:
        value = bi("no standard rating meets Ib ≤ In ≤ Iz on this site", None)
        return (
            PlanItem("breaker", value, _origin(steps, "ENG-IB-IN"), True, _why(steps)),
            None,
            False,
        )
    rating = rec.breaker.rating
    departs = rating != table.rating
    origin = _origin(steps, ORIGIN_TABLE) if departs else ORIGIN_TABLE
    reason = _why(steps) if departs else Text("", "")
    if departs and not reason.en:
        reason = bi(
            "The table's {table:g} A does not suit the {wire:g} mm² line on this site.",
            None,
            table=table.rating,
            wire=wire if wire is not None else float("nan"),
        )
    kept = (
        reading is not None
        and reading.rating == rating
        and reading.poles in (None, table.poles)
        and _status(results, "breaker") != NOT_APPLICABLE
    )
    value = bi(
        "air switch {rating:g} A, {poles}", None, rating=rating, poles=pole_words(table.poles)
    )
    return PlanItem("breaker", value, origin, departs, reason, Value(rating, "A")), rating, kept


def _meter_item(survey: Survey | None, sizing: SizingResult, results: Results, rec: Any):
    reading = None if survey is None else survey.site.meter
    kind = (reading.kind if reading is not None else None) or "electronic"
    table = sizing.row.electronic_meter if kind == "electronic" else sizing.row.mechanical_meter
    if (
        reading is not None
        and reading.max is not None
        and _status(results, "meter") == PASS
        and _status(results, "site_meter") in (None, PASS)
    ):
        value = bi("existing meter {marking} (kept)", None, marking=reading.marking)
        item = PlanItem(
            "meter", value, ORIGIN_EXISTING, False, Text("", ""), Value(reading.max, "A"), True
        )
        return item, reading.max, reading.marking
    recommended = getattr(rec, f"{kind}_meter")
    steps = _steps(rec, f"{kind}_meter")
    if recommended is None:
        value = bi("no standard direct-connected meter carries the design current", None)
        return (
            PlanItem("meter", value, _origin(steps, "ENG-METER"), True, _why(steps), None, True),
            None,
            None,
        )
    departs = recommended.max != table.max
    origin = _origin(steps, ORIGIN_TABLE) if departs else ORIGIN_TABLE
    value = bi("meter {marking} or larger", None, marking=recommended.marking)
    reason = _why(steps) if departs else Text("", "")
    item = PlanItem("meter", value, origin, departs, reason, Value(recommended.max, "A"), True)
    return item, recommended.max, recommended.marking


def _main_item(survey: Survey | None, results: Results) -> tuple[PlanItem | None, float | None]:
    if survey is None:
        return None, None
    main = _result(results, "main_switch")
    rating = survey.site.main_switch.rating
    if main is None or rating is None:
        return None, None
    if main.status != FAIL:
        value = bi("existing main switch {rating:g} A (kept)", None, rating=rating)
        item = PlanItem(
            "main_switch", value, ORIGIN_EXISTING, False, Text("", ""), Value(rating, "A"), True
        )
        return item, rating
    from sitesurvey.engineering import reference_data

    total = getattr(main.required, "low", None)
    bigger = [r for r in reference_data().breaker_ratings if total is not None and r >= total]
    reason = bi(
        "All appliances on together draw {total:.1f} A.",
        None,
        total=total if total is not None else float("nan"),
    )
    if not bigger:
        value = bi("a main switch above the largest standard rating", None)
        return PlanItem("main_switch", value, main.rule, False, reason, None, True), None
    value = bi("main switch {rating:g} A", None, rating=bigger[0])
    item = PlanItem("main_switch", value, main.rule, False, reason, Value(bigger[0], "A"), True)
    return item, bigger[0]


def _rcd_item(survey: Survey | None) -> PlanItem:
    present = None if survey is None else survey.site.rcd
    reason = bi("The project requires an RCD (an interpretation of the manual).", None)
    if present:
        return PlanItem(
            "rcd", bi("existing RCD (kept)", None), ORIGIN_EXISTING, False, Text("", "")
        )
    return PlanItem(
        "rcd",
        bi("an RCD (漏电开关) on the heater circuit", None),
        RCD_RULE,
        False,
        reason,
    )


def _report(sizing: SizingResult, rec: Any) -> Text | None:
    """Why the plan's departure from the maker's table is to be reported, or None."""
    table = sizing.row
    parts = []
    if table.breaker.rating < sizing.design_current:
        parts.append(
            bi(
                "The table's {table:g} A air switch is below the design current {ib:.1f} A.",
                None,
                table=table.breaker.rating,
                ib=sizing.design_current,
            )
        )
    if rec.wire is None or rec.wire > table.wire:
        parts.append(bi("The table's wire is not enough on this site.", None))
    if not parts:
        return None
    return Text(" ".join(p.en for p in parts), "".join(p.zh for p in parts))


def build_plan(
    survey: Survey | None,
    sizing: SizingResult,
    results: Results,
    engineering: Any | None,
) -> Plan:
    """The one plan of a survey (or, with ``survey`` None, of a heater alone).

    Parameters
    ----------
    survey : Survey or None
        The site record; None for ``sitesurvey size`` (nothing is there: a new line).
    sizing : SizingResult
        The table's answer.
    results : dict of str to CheckResult
        The rules' results by ID (what is there and whether it passes).
    engineering : EngineeringResult or None
        The cross-check on the recorded route; None when no route condition is recorded —
        the plan then takes the recommendation for the default conditions (method B1 at
        30 °C), so the breaker is never below the design current.

    Returns
    -------
    Plan
    """
    from sitesurvey.engineering import check_engineering

    conditions, recorded = site_conditions(survey)
    if engineering is None:
        engineering = check_engineering(sizing, conditions)
        recorded = False
    else:
        conditions, recorded = engineering.conditions, True
    rec = engineering.recommendation
    phases = sizing.supply.phases
    line_item, wire, line = _line_item(survey, sizing, results, rec, phases)
    iz = None if wire is None else wire_iz(wire, conditions, phases)
    breaker_item, rating, kept = _breaker_item(survey, sizing, results, rec, line, wire, iz)
    meter_item, meter_max, marking = _meter_item(survey, sizing, results, rec)
    main_item, main_rating = _main_item(survey, results)
    items = [line_item, breaker_item, _rcd_item(survey), meter_item]
    if main_item is not None:
        items.append(main_item)
    return Plan(
        wire=wire,
        line=line,
        breaker=rating,
        poles=sizing.row.breaker.poles,
        breaker_kept=kept,
        rcd=True,
        meter_max=meter_max,
        meter_marking=marking,
        main_switch=main_rating,
        ib=sizing.design_current,
        iz=iz,
        conditions=conditions_text(conditions, recorded),
        report_to_company=_report(sizing, rec),
        report_status=None if survey is None else survey.actions.report_to_company,
        items=tuple(items),
    )
