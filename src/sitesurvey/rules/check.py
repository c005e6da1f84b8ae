"""The verdict for one survey: every rule of spec §2, the engineering cross-check of the
site's circuit, and the modifications (:func:`check_survey`, :class:`SurveyResult`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sitesurvey._dataclasses import dataclass
from sitesurvey.errors import OutOfRangeError, SurveyFileError
from sitesurvey.plan import Plan, build_plan
from sitesurvey.results import (
    FAIL,
    NOT_CHECKED,
    STATUSES,
    WARN,
    CheckResult,
    Modification,
    worst_status,
)
from sitesurvey.rules.modifications import DECIDING_RULES, modifications, pending_text
from sitesurvey.rules.registry import RuleContext, by_id, rules
from sitesurvey.rules.site_circuit import engineering_check, site_breaker, site_results, where

if TYPE_CHECKING:
    from pathlib import Path

    from sitesurvey.engineering import EngineeringResult
    from sitesurvey.sizing import Note, SizingResult
    from sitesurvey.sizing.table import SpecTable
    from sitesurvey.survey import Survey

__all__ = ["CONFORMS", "DOES_NOT_CONFORM", "INCOMPLETE", "VERDICTS", "SurveyResult", "check_survey"]

#: The survey's verdicts (spec §6).
CONFORMS = "conforms"
DOES_NOT_CONFORM = "does_not_conform"
INCOMPLETE = "incomplete"
VERDICTS = (CONFORMS, DOES_NOT_CONFORM, INCOMPLETE)


def _scope(result: CheckResult) -> str:
    """The scope of a rule's result; ``"calculation"`` for an ``ENG-SITE-*`` check."""
    try:
        return by_id(result.rule).scope
    except KeyError:
        return "calculation"


@dataclass(frozen=True)
class SurveyResult:
    """The verdict for one survey.

    Attributes
    ----------
    results : tuple of CheckResult
        One per rule of spec §2 (:data:`~sitesurvey.rules.RULES`), in the spec's order.
    modifications : tuple of Modification
        What must change before installation, each with the consent it needs.
    sizing : SizingResult
        The table's answer for the heater (:func:`sitesurvey.size`).
    engineering : EngineeringResult or None
        The engineering cross-check (spec §3) of the table answer on this site; ``None``
        when the survey records no route condition (see ``notes``).
    engineering_results : tuple of CheckResult
        The existing circuit against the engineering recommendation: ``ENG-SITE-WIRE``,
        ``ENG-SITE-BREAKER``, ``ENG-SITE-METER`` (basis ``calculation``). A failure
        among them fails the survey, like a failing rule.
    notes : tuple of Note
        Remarks on how the check ran (``ENG-NOT-RUN``, ``ENG-VOLTAGE-IGNORED``).
    plan : Plan or None
        The one plan (:func:`sitesurvey.plan.build_plan`) every output quotes.
    """

    results: tuple[CheckResult, ...]
    modifications: tuple[Modification, ...]
    sizing: SizingResult
    engineering: EngineeringResult | None = None
    engineering_results: tuple[CheckResult, ...] = ()
    notes: tuple[Note, ...] = ()
    plan: Plan | None = None
    unfilled: tuple[str, ...] = ()

    def result(self, rule: str) -> CheckResult:
        """The result of one rule or ``ENG-SITE-*`` check, by its ID."""
        for item in (*self.results, *self.engineering_results):
            if item.rule == rule:
                return item
        raise KeyError(rule)

    @property
    def status(self) -> str:
        """The worst status of all results (``fail`` > ``warn`` > ``not_checked`` > ``pass``)."""
        return worst_status((*self.results, *self.engineering_results))

    @property
    def failed(self) -> bool:
        """Whether any rule or engineering check fails (design rules included)."""
        return self.status == FAIL

    @property
    def design_issues(self) -> tuple[CheckResult, ...]:
        """Rules on the installer's design (scope ``design``) that fail or warn: the
        installer fixes the plan; they are never customer-facing failures (spec §6)."""
        return tuple(r for r in self.results if _scope(r) == "design" and r.status in (FAIL, WARN))

    @property
    def missing(self) -> tuple[CheckResult, ...]:
        """Measured rules (on what is there or on the design) left ``not_checked``."""
        return tuple(
            r
            for r in self.results
            if r.basis == "measurement"
            and _scope(r) in ("existing", "design")
            and r.status == NOT_CHECKED
        )

    @property
    def modifications_pending(self) -> tuple[str, ...]:
        """The rules that decide a modification (:data:`~sitesurvey.rules.modifications.
        DECIDING_RULES`) still missing a measurement: while any is left, the
        modifications are not all known, and no output says that none is needed."""
        return tuple(r.rule for r in self.missing if r.rule in DECIDING_RULES)

    @property
    def verdict(self) -> str:
        """``does_not_conform`` when a customer-facing rule or check fails (design rules
        are the installer's, see :attr:`design_issues`); else ``incomplete`` when a
        measured rule is ``not_checked`` (:attr:`missing`); else ``conforms``.
        Confirmations of later steps still "not yet" and rules that do not apply leave
        the verdict alone."""
        facing = (*self.results, *self.engineering_results)
        if any(r.status == FAIL and _scope(r) != "design" for r in facing):
            return DOES_NOT_CONFORM
        if self.missing or self.unfilled:
            return INCOMPLETE
        return CONFORMS

    @property
    def draft(self) -> bool:
        """Whether a sheet of this survey is a draft: a measured rule is not checked or a
        value not filled in (also when another rule fails: the verdict then says
        ``does_not_conform``, yet the survey is still incomplete), or the design fails."""
        return (
            bool(self.missing)
            or bool(self.unfilled)
            or any(r.status == FAIL for r in self.design_issues)
        )

    @property
    def exit_code(self) -> int:
        """``sitesurvey check``'s exit code: 0 when the survey conforms and the design
        holds, else 1."""
        design_fails = any(r.status == FAIL for r in self.design_issues)
        return 0 if self.verdict == CONFORMS and not design_fails else 1

    def counts(self) -> dict[str, int]:
        """Number of results per status."""
        everything = (*self.results, *self.engineering_results)
        return {s: sum(1 for r in everything if r.status == s) for s in STATUSES}

    def _pending_dict(self) -> dict[str, Any] | None:
        pending = self.modifications_pending
        if not pending:
            return None
        text = pending_text()
        return {"rules": list(pending), "message": text.en, "message_zh": text.zh}

    def to_dict(self) -> dict[str, Any]:
        """JSON data: ``{"status", "verdict", "draft", "missing", "counts", "plan", "results",
        "design_issues", "modifications", "modifications_pending", "sizing", "engineering",
        "notes"}``; ``modifications_pending`` is ``None``, or while a rule deciding a change
        is not measured ``{"rules", "message", "message_zh"}`` (the words to show instead
        of "no changes are needed");
        quantities as ``{"value", "unit"}``. ``results`` holds the rules of spec §2, then
        the ``ENG-SITE-*`` results; ``design_issues`` the rule IDs of the installer's
        design to fix."""
        engineering = None if self.engineering is None else self.engineering.to_dict()
        return {
            "status": self.status,
            "verdict": self.verdict,
            "draft": self.draft,
            "missing": [r.rule for r in self.missing],
            "unfilled": list(self.unfilled),
            "counts": self.counts(),
            "plan": None if self.plan is None else self.plan.to_dict(),
            "design_issues": [r.to_dict() for r in self.design_issues],
            "results": [r.to_dict() for r in (*self.results, *self.engineering_results)],
            "modifications": [m.to_dict() for m in self.modifications],
            "modifications_pending": self._pending_dict(),
            "sizing": self.sizing.to_dict(),
            "engineering": engineering,
            "notes": [n.to_dict() for n in self.notes],
        }


def _size(survey: Survey, table: SpecTable | str | Path | None) -> SizingResult:
    from sitesurvey.sizing import size

    try:
        return size(survey.heater.power, survey.heater.supply_voltage, table=table)
    except OutOfRangeError as exc:
        text = str(exc)
        for old, new in (("power:", "heater.power:"), ("voltage:", "heater.supply_voltage:")):
            if text.startswith(old):
                text = new + text[len(old) :]
        raise SurveyFileError(f"{where(survey)}: {text}") from None


def check_survey(survey: Survey, *, table: SpecTable | str | Path | None = None) -> SurveyResult:
    """Evaluate every rule of spec §2 for a survey, and the engineering cross-check.

    Parameters
    ----------
    survey : Survey
        From :func:`sitesurvey.survey.load_survey` or :func:`~sitesurvey.survey.parse_survey`.
    table : SpecTable, str or pathlib.Path, optional
        The spec table; by default the manufacturer's table shipped with the package.

    Returns
    -------
    SurveyResult
        One result per rule (:data:`~sitesurvey.rules.RULES`, in order); where the survey
        records route conditions
        (:data:`~sitesurvey.rules.site_circuit.WIRING_CONDITION_KEYS`), the engineering
        cross-check of the table answer and the existing circuit checked against its
        recommendation (``ENG-SITE-WIRE``, ``ENG-SITE-BREAKER``, ``ENG-SITE-METER``); the
        modifications; the sizing.

    Raises
    ------
    SurveyFileError
        The heater is outside the table (e.g. above its largest row), or a route
        condition is outside the reference data (e.g. ambient above 60 °C); the message
        names the key in the file.
    TableError
        A ``table`` file that fails validation.

    Notes
    -----
    See :mod:`sitesurvey.rules.modifications` for what the modifications target and the
    consent each needs.

    References
    ----------
    installation-spec.md §2 (source: 004 ch.5 §1–§5) and §3.

    Examples
    --------
    >>> from sitesurvey.survey import load_survey
    >>> from sitesurvey.sizing.table import data_dir
    >>> verdict = check_survey(load_survey(data_dir("templates") / "survey-example.toml"))
    >>> len(verdict.results), verdict.results[0].status, verdict.failed
    (31, 'pass', False)
    """
    from sitesurvey.survey.template import unfilled

    sizing = _size(survey, table)
    results = tuple(rule(RuleContext(rule, survey, sizing)) for rule in rules())
    by_rule = {r.rule: r for r in results}
    engineering, notes = engineering_check(survey, sizing)
    eng_results: tuple[CheckResult, ...] = ()
    if engineering is not None:
        site_wire, site_meter = site_results(survey, by_rule, engineering)
        by_rule.update({r.rule: r for r in (site_wire, site_meter)})
    the_plan = build_plan(survey, sizing, by_rule, engineering)
    if engineering is not None:
        site_breaker_result = site_breaker(survey, by_rule, engineering, the_plan)
        eng_results = (site_wire, site_breaker_result, site_meter)
        by_rule[site_breaker_result.rule] = site_breaker_result
    return SurveyResult(
        results=results,
        modifications=modifications(survey, sizing, by_rule, engineering, the_plan),
        sizing=sizing,
        engineering=engineering,
        engineering_results=eng_results,
        notes=notes,
        plan=the_plan,
        unfilled=unfilled(survey),
    )
