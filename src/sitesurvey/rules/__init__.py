"""Site checks: every rule of spec §2, decided from a :class:`~sitesurvey.survey.Survey`.

:func:`check_survey` sizes the heater from the manufacturer's table
(:func:`sitesurvey.size`), evaluates each rule of ``installation-spec.md`` §2 and
returns a :class:`SurveyResult`: one :class:`~sitesurvey.results.CheckResult` per rule,
in the order of the spec, and the :class:`~sitesurvey.results.Modification` objects the
failures require.

Each rule is one decorated function (:func:`~sitesurvey.rules.registry.rule`) in the
module of its family — :mod:`~sitesurvey.rules.electrical` (E-*),
:mod:`~sitesurvey.rules.wiring` (W-*), :mod:`~sitesurvey.rules.heater` (H-*),
:mod:`~sitesurvey.rules.water` (P-*), :mod:`~sitesurvey.rules.use` (U-*),
:mod:`~sitesurvey.rules.commissioning` (C-*); :mod:`~sitesurvey.rules.site_circuit`
checks the existing circuit against the engineering recommendation (``ENG-SITE-*``) and
:mod:`~sitesurvey.rules.modifications` says what must change.

* A rule a measurement decides has basis ``"measurement"``; a missing measurement makes
  it ``not_checked`` (never ``pass``), and the message names the key to fill in.
* "Must" items (必需) fail when broken; "preferably" items (为宜 / 为佳: ``W-SOCKET-CEILING``,
  ``H-SHOWER-HEAD``) only warn.
* Items no measurement decides have basis ``"installer_confirmation"``: yes → pass,
  no → fail, not yet → not_checked.
* Every boundary is a :class:`~sitesurvey.results.Bound`, inclusive or strict as the
  source's words say ("大于2.5m" is strictly above 2.5 m; 15–20 cm includes both ends).

Tolerances the manual does not give are the project's choice, named in the family
modules and repeated in each result's message and source.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sitesurvey.rules import commissioning, electrical, heater, use, water, wiring  # noqa: F401
from sitesurvey.rules.check import SurveyResult, check_survey
from sitesurvey.rules.heater import (
    DISPLAY_TOLERANCE,
    EYE_BELOW_HEAD_TOP,
    SHOWER_ALIGN_TOLERANCE,
)
from sitesurvey.rules.registry import Rule, RuleContext, rule, rules
from sitesurvey.rules.site_circuit import WIRING_CONDITION_KEYS
from sitesurvey.rules.wiring import SOCKET_CEILING_DISTANCE

if TYPE_CHECKING:
    from sitesurvey.rules.registry import FAMILIES

__all__ = [
    "DISPLAY_TOLERANCE",
    "EYE_BELOW_HEAD_TOP",
    "FAMILIES",
    "RULES",
    "SHOWER_ALIGN_TOLERANCE",
    "SOCKET_CEILING_DISTANCE",
    "WIRING_CONDITION_KEYS",
    "Rule",
    "RuleContext",
    "SurveyResult",
    "check_survey",
    "rule",
    "rules",
]

#: Every rule of spec §2, in the spec's order.
RULES: tuple[Rule, ...] = rules()


def __getattr__(name: str) -> Any:
    """:data:`FAMILIES`: the registry's, made there on first use (not at import)."""
    if name == "FAMILIES":
        from sitesurvey.rules import registry

        return registry.FAMILIES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
