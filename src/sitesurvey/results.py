"""One vocabulary for every check, electrical or on site.

Every check — the engineering cross-check (§3) and the site rules (§2) — returns a
:class:`CheckResult`: the rule ID (or engineering code), a status (``pass`` / ``warn`` /
``fail`` / ``not_checked``), the measured value and the requirement with units, a message
in English and Chinese, and the source clause. A :class:`Bound` holds a requirement and
decides, in one place, whether a value meets it (inclusive or strict at each end, as
the source's words say: "大于2.5m" is strictly above 2.5 m).

Required changes found by the checks are :class:`Modification` objects that say what to
change to what and what consent the customer must give.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from sitesurvey.fmt import limit as _num
from sitesurvey.units import quantity_json

if TYPE_CHECKING:
    from typing import NamedTuple
else:  # typing.NamedTuple's classes, made without evaluating annotations (start-up)
    from sitesurvey._tuples import NamedTuple

__all__ = [
    "FAIL",
    "NOT_APPLICABLE",
    "NOT_CHECKED",
    "PASS",
    "STATUSES",
    "WARN",
    "Bound",
    "CheckResult",
    "Modification",
    "Text",
    "Value",
    "worst_status",
]

PASS = "pass"
WARN = "warn"
FAIL = "fail"
NOT_CHECKED = "not_checked"
#: The rule does not apply to this site (e.g. no existing line to judge because a new one
#: will be run); it never makes a survey incomplete.
NOT_APPLICABLE = "not_applicable"
#: All statuses, from worst to best (the order results are listed in).
STATUSES = (FAIL, WARN, NOT_CHECKED, NOT_APPLICABLE, PASS)

Status = Literal["pass", "warn", "fail", "not_checked", "not_applicable"]
#: How a result was decided.
Basis = Literal["measurement", "installer_confirmation", "calculation"]


class Value(NamedTuple):
    """A number with its unit symbol (``Value(2.6, "m")``)."""

    value: float
    unit: str

    def to_dict(self) -> dict[str, Any]:
        return quantity_json(self.value, self.unit)

    def __str__(self) -> str:
        return f"{self.value:g} {self.unit}".rstrip()


class Text(NamedTuple):
    """A measured or required value that is words, not a number, in both languages
    (``Text("no damp run", "无潮湿段")``). Printed, it is the English."""

    en: str
    zh: str

    def __str__(self) -> str:
        return self.en

    def in_lang(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Bound(NamedTuple):
    """A requirement on one value: a lower and/or an upper limit, each inclusive or strict.

    Attributes
    ----------
    unit : str
        Unit symbol of the limits.
    low, high : float or None
        The limits; ``None`` where there is none.
    low_inclusive, high_inclusive : bool
        Whether a value equal to the limit conforms.

    Examples
    --------
    >>> above = Bound("m", low=2.5, low_inclusive=False)   # "大于2.5m"
    >>> above.contains(2.5), above.contains(2.51), above.text
    (False, True, '> 2.5 m')
    >>> Bound("m", low=0.15, high=0.20).contains(0.20)
    True
    """

    unit: str
    low: float | None = None
    high: float | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True

    def contains(self, value: float) -> bool:
        """Whether ``value`` (in ``unit``) meets the requirement."""
        if self.low is not None and (
            value < self.low or (not self.low_inclusive and value == self.low)
        ):
            return False
        return not (
            self.high is not None
            and (value > self.high or (not self.high_inclusive and value == self.high))
        )

    @property
    def text(self) -> str:
        """``"> 2.5 m"``, ``"≥ 4 mm²"``, ``"0.15–0.2 m"``, ``"≤ 32 A"``."""
        unit = f" {self.unit}" if self.unit else ""
        if self.low is not None and self.high is not None:
            if self.low_inclusive and self.high_inclusive:
                return f"{_num(self.low, 'up')}–{_num(self.high, 'down')}{unit}"
            left = "≥" if self.low_inclusive else ">"
            right = "≤" if self.high_inclusive else "<"
            return f"{left} {_num(self.low, 'up')} and {right} {_num(self.high, 'down')}{unit}"
        if self.low is not None:
            return f"{'≥' if self.low_inclusive else '>'} {_num(self.low, 'up')}{unit}"
        if self.high is not None:
            return f"{'≤' if self.high_inclusive else '<'} {_num(self.high, 'down')}{unit}"
        return "—"

    def to_dict(self) -> dict[str, Any]:
        return {
            "min": None if self.low is None else quantity_json(self.low, self.unit),
            "max": None if self.high is None else quantity_json(self.high, self.unit),
            "min_inclusive": self.low_inclusive,
            "max_inclusive": self.high_inclusive,
            "text": self.text,
        }


def _text_in(value: Value | Bound | Text | str | None, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, Text):
        return value.in_lang(lang)
    if isinstance(value, Bound):
        return value.text
    return str(value)


class CheckResult(NamedTuple):
    """The result of one rule or engineering check.

    Attributes
    ----------
    rule : str
        Rule ID of ``installation-spec.md`` §2 (W-HEIGHT) or engineering code (§3,
        e.g. ``"ENG-COORDINATION"``).
    status : {"pass", "warn", "fail", "not_checked", "not_applicable"}
        ``not_checked`` when the data to decide is missing — never ``pass``;
        ``not_applicable`` when the rule has nothing to judge on this site.
    message, message_zh : str
        What was found, in English and Chinese.
    source : str
        The source clause (``"004 ch.5 §3 A"``, ``"IEC 60364-4-43 433.1"``).
    measured : Value, str or None
        The measured (or computed) value; a string for yes/no items.
    required : Bound, str or None
        The requirement; a string where it is not numeric.
    basis : {"measurement", "installer_confirmation", "calculation"}
        How the status was decided: an installer's confirmation is never shown as a
        measured pass.
    """

    rule: str
    status: Status
    message: str
    message_zh: str
    source: str
    measured: Value | Text | str | None = None
    required: Bound | Text | str | None = None
    basis: Basis = "measurement"

    @classmethod
    def calculated(
        cls,
        rule: str,
        status: str,
        text: Text,
        source: str,
        measured: Value | Text | None = None,
        required: Bound | Text | None = None,
    ) -> CheckResult:
        """A result the engineering decides by calculation (basis ``calculation``), its
        message in both languages from ``text``."""
        return cls(
            rule=rule,
            status=status,  # type: ignore[arg-type]
            message=text.en,
            message_zh=text.zh,
            source=source,
            measured=measured,
            required=required,
            basis="calculation",
        )

    @property
    def family(self) -> str:
        """Rule family: the ID's prefix (``"E"``, ``"W"``, ``"H"``, ``"P"``, ``"U"``,
        ``"C"``, ``"ENG"``)."""
        return self.rule.split("-", 1)[0]

    @property
    def required_text(self) -> str:
        return self.required_in("en")

    @property
    def measured_text(self) -> str:
        return self.measured_in("en")

    def measured_in(self, lang: str) -> str:
        """The measured value as text in ``lang`` (``"en"`` or ``"zh"``)."""
        return _text_in(self.measured, lang)

    def required_in(self, lang: str) -> str:
        """The requirement as text in ``lang`` (``"en"`` or ``"zh"``)."""
        return _text_in(self.required, lang)

    def to_dict(self) -> dict[str, Any]:
        """JSON data. ``rule``/``code`` and ``measured``/``actual`` are the same value
        under the two names the site checks and the engineering check use."""
        measured: Any = self.measured
        if isinstance(measured, Value):
            measured = measured.to_dict()
        elif isinstance(measured, Text):
            measured = measured.en
        required: Any = self.required
        if isinstance(required, Bound):
            required = required.to_dict()
        elif isinstance(required, Text):
            required = required.en
        return {
            "rule": self.rule,
            "code": self.rule,
            "family": self.family,
            "status": self.status,
            "measured": measured,
            "actual": measured,
            "required": required,
            "measured_zh": self.measured_in("zh") or None,
            "required_zh": self.required_in("zh") or None,
            "message": self.message,
            "message_zh": self.message_zh,
            "source": self.source,
            "basis": self.basis,
        }


class Modification(NamedTuple):
    """A change the site needs before installation.

    Attributes
    ----------
    rule : str
        The rule that requires it.
    item : str
        What changes: ``"wire"``, ``"breaker"``, ``"meter"``, ``"main_switch"``,
        ``"rcd"``, ``"earth"``, ``"dedicated_line"``, ``"socket"``, ...
    change, change_zh : str
        What to change to what, in English and Chinese.
    consent : {"consent", "consent_and_signature"}
        Meter and main switch changes need the customer's signature (004 ch.5 §1:
        "在更换电表总空开时必需有用户署名,同意后才可更换"); others their consent.
    from_, to : Value, Text or None
        What is there and what it becomes (``to`` is the plan's value, see
        :class:`sitesurvey.plan.Plan`); ``None`` where nothing was there.
    """

    rule: str
    item: str
    change: str
    change_zh: str
    consent: Literal["consent", "consent_and_signature"]
    from_: Value | Text | None = None
    to: Value | Text | None = None

    @property
    def needs_signature(self) -> bool:
        return self.consent == "consent_and_signature"

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "item": self.item,
            "change": self.change,
            "change_zh": self.change_zh,
            "consent": self.consent,
            "needs_signature": self.needs_signature,
            "from": _json_value(self.from_),
            "to": _json_value(self.to),
        }


def _json_value(value: Value | Text | None) -> Any:
    """A quantity as ``{"value", "unit"}``, words as ``{"en", "zh"}``, nothing as None."""
    if isinstance(value, Value):
        return value.to_dict()
    if isinstance(value, Text):
        return {"en": value.en, "zh": value.zh}
    return None


def worst_status(results: list[CheckResult] | tuple[CheckResult, ...]) -> str:
    """The worst status among results (``fail`` > ``warn`` > ``not_checked`` >
    ``not_applicable`` > ``pass``)."""
    present = {r.status for r in results}
    for status in STATUSES:
        if status in present:
            return status
    return PASS
