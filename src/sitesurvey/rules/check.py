"""The verdict for one survey: every rule of spec §2, the engineering cross-check of the
site's circuit, and the modifications (:func:`check_survey`, :class:`SurveyResult`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitesurvey.errors import OutOfRangeError, SurveyFileError
from sitesurvey.results import FAIL, STATUSES, CheckResult, Modification, worst_status
from sitesurvey.rules.modifications import modifications
from sitesurvey.rules.registry import RuleContext, rules
from sitesurvey.rules.site_circuit import engineering_check, plan, site_results, where

if TYPE_CHECKING:
    from sitesurvey.engineering import EngineeringResult
    from sitesurvey.sizing import Note, SizingResult
    from sitesurvey.sizing.table import SpecTable
    from sitesurvey.survey import Survey

__all__ = ["SurveyResult", "check_survey"]


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
    """

    results: tuple[CheckResult, ...]
    modifications: tuple[Modification, ...]
    sizing: SizingResult
    engineering: EngineeringResult | None = None
    engineering_results: tuple[CheckResult, ...] = ()
    notes: tuple[Note, ...] = ()

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
        """Whether any rule or engineering check fails (``sitesurvey check`` exits 1)."""
        return self.status == FAIL

    def counts(self) -> dict[str, int]:
        """Number of results per status."""
        everything = (*self.results, *self.engineering_results)
        return {s: sum(1 for r in everything if r.status == s) for s in STATUSES}

    def to_dict(self) -> dict[str, Any]:
        """JSON data: ``{"status", "counts", "results", "modifications", "sizing",
        "engineering", "notes"}``; quantities as ``{"value", "unit"}``. ``results``
        holds the rules of spec §2, then the ``ENG-SITE-*`` results."""
        engineering = None if self.engineering is None else self.engineering.to_dict()
        return {
            "status": self.status,
            "counts": self.counts(),
            "results": [r.to_dict() for r in (*self.results, *self.engineering_results)],
            "modifications": [m.to_dict() for m in self.modifications],
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
    sizing = _size(survey, table)
    results = tuple(rule(RuleContext(rule, survey, sizing)) for rule in rules())
    by_rule = {r.rule: r for r in results}
    engineering, notes = engineering_check(survey, sizing)
    the_plan = plan(survey, sizing, by_rule, engineering)
    eng_results: tuple[CheckResult, ...] = ()
    if engineering is not None:
        eng_results = site_results(survey, by_rule, engineering, the_plan)
        by_rule.update({r.rule: r for r in eng_results})
    return SurveyResult(
        results=results,
        modifications=modifications(survey, sizing, by_rule, engineering, the_plan),
        sizing=sizing,
        engineering=engineering,
        engineering_results=eng_results,
        notes=notes,
    )
