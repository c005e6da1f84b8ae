"""The rule registry: one decorated function per rule of spec §2.

A rule is written once, where it is decided::

    @rule(<rule ID>, order=13, title="Socket 15–20 cm from a door frame or window edge",
          source="004 ch.5 §3 A: 插座距门框、窗边1520cm (read as 15–20 cm)", scope="design")
    def socket_opening(ctx: RuleContext) -> CheckResult: ...

The decorator records a :class:`Rule` (ID, title, source clause, basis, scope, family and
the function) and returns it, so other modules name a rule by its Python name
(``dedicated_line.id``), never by a second copy of the ID. :data:`RULES` lists every rule in
the order of spec §2 once the family modules are imported (``sitesurvey.rules`` does).

Titles and rule-specific messages are English message ids whose ``msgctxt`` is the rule
ID: :meth:`RuleContext.say` takes the context from the rule it runs, and the Babel
extractor of this package (:mod:`sitesurvey.rules._extract`) from the decorator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Literal

from sitesurvey._dataclasses import dataclass
from sitesurvey.i18n import N_, bi, english_only_active, zh
from sitesurvey.results import FAIL, NOT_CHECKED, PASS, Bound, CheckResult, Text, Value

if TYPE_CHECKING:
    from sitesurvey.sizing import SizingResult
    from sitesurvey.survey import Site, Survey

__all__ = [
    "FAMILIES",
    "NO",
    "NOT_YET",
    "YES",
    "Basis",
    "Rule",
    "RuleContext",
    "Scope",
    "by_id",
    "join",
    "not_recorded",
    "rule",
    "rules",
]

#: How a rule is decided.
Basis = Literal["measurement", "installer_confirmation"]
#: What a rule judges: what is on site, the installer's design, or a confirmation.
Scope = Literal["existing", "design", "confirmation"]

#: Rule families, in the spec's order, with their names in both languages
#: (``FAMILIES["E"].en``, ``FAMILIES["E"].zh``); made on first use (see :func:`__getattr__`).
FAMILIES: dict[str, Text]
_FAMILY_NAMES = {
    "E": N_("Electrical supply"),
    "W": N_("Dedicated-line wiring"),
    "H": N_("Heater, shower and pipes"),
    "P": N_("Water pressure"),
    "U": N_("Use"),
    "C": N_("Commissioning and handover"),
    "ENG": N_("Engineering cross-check"),
}

#: The words of a yes / no / not yet answer, as measured or required values (made on
#: first use, as :data:`FAMILIES`).
YES: Text
NO: Text
NOT_YET: Text
_WORDS = {"YES": N_("yes"), "NO": N_("no"), "NOT_YET": N_("not yet")}
_ANSWERS = {"yes": (PASS, "YES"), "no": (FAIL, "NO"), "not_yet": (NOT_CHECKED, "NOT_YET")}


def __getattr__(name: str) -> Any:
    """:data:`FAMILIES`, :data:`YES`, :data:`NO` and :data:`NOT_YET`, made on first use.

    Made at import they opened the Chinese catalog on every command, also for English
    text that never shows the Chinese (``check``: see :func:`sitesurvey.i18n.english_only`).
    Made outside :func:`~sitesurvey.i18n.english_only` they are kept, as a module's
    constants; inside it (English only) they are made again on each use, so that
    the English-only words are never kept for a later use in Chinese.
    """
    if name == "FAMILIES":
        value: Any = {family: bi(words, None) for family, words in _FAMILY_NAMES.items()}
    elif name in _WORDS:
        value = bi(_WORDS[name], None)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if not english_only_active():
        globals()[name] = value
    return value


def _word(name: str) -> Text:
    """:data:`YES`, :data:`NO` or :data:`NOT_YET` (made by :func:`__getattr__` if needed)."""
    made: Text | None = globals().get(name)
    return __getattr__(name) if made is None else made


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of spec §2.

    Attributes
    ----------
    id : str
        The rule ID (W-HEIGHT).
    order : int
        Its position in spec §2 (1 for the first rule).
    title : str
        What the rule asks, in English (the message id; msgctxt the rule ID).
    source : str
        Source clause and words (a citation: kept verbatim).
    basis : {"measurement", "installer_confirmation"}
        Whether a measurement or the installer's confirmation decides it.
    scope : {"existing", "design", "confirmation"}
        What it judges: the circuit and supply on site, the installer's design, or a
        confirmation.
    function : callable
        ``function(ctx) -> CheckResult``.
    """

    id: str
    order: int
    title: str
    source: str
    basis: Basis
    scope: Scope
    function: Callable[[RuleContext], CheckResult]

    @property
    def family(self) -> str:
        """The ID's prefix (``"E"``, ``"W"``, ...)."""
        return self.id.split("-", 1)[0]

    @property
    def title_zh(self) -> str:
        """The title in Chinese (from the catalog)."""
        return zh(self.title, self.id)

    def title_in(self, lang: str) -> str:
        """The title in ``lang`` (``"en"`` or ``"zh"``)."""
        return self.title_zh if lang == "zh" else self.title

    def __call__(self, ctx: RuleContext) -> CheckResult:
        return self.function(ctx)


_REGISTRY: dict[str, Rule] = {}


def rule(
    id_: str,
    *,
    order: int,
    title: str,
    source: str,
    scope: Scope,
    basis: Basis = "measurement",
) -> Callable[[Callable[[RuleContext], CheckResult]], Rule]:
    """Register the decorated function as the rule ``id_``; the name becomes the :class:`Rule`.

    Raises
    ------
    ValueError
        If the ID or the order is registered already (each rule has one home).
    """

    def register(function: Callable[[RuleContext], CheckResult]) -> Rule:
        if id_ in _REGISTRY or any(r.order == order for r in _REGISTRY.values()):
            raise ValueError(f"rule {id_} (order {order}) is registered twice")
        entry = Rule(id_, order, title, source, basis, scope, function)
        _REGISTRY[id_] = entry
        return entry

    return register


def rules() -> tuple[Rule, ...]:
    """Every registered rule, in the order of spec §2."""
    return tuple(sorted(_REGISTRY.values(), key=lambda r: r.order))


def by_id(id_: str) -> Rule:
    """The rule with this ID (``KeyError`` for an unknown one)."""
    return _REGISTRY[id_]


def join(parts: Iterable[Text], en_sep: str = " ", zh_sep: str = "") -> Text:
    """Texts in both languages as one: by default sentences, English with spaces between
    them and Chinese without; a list is ``join(items, ", ", "、")``."""
    parts = list(parts)
    return Text(en_sep.join(p.en for p in parts), zh_sep.join(p.zh for p in parts))


def _rounded(v: float | None) -> float | None:
    return None if v is None else float(f"{v:.12g}")


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What a rule function reads (the survey, the table's answer) and its result makers.

    Attributes
    ----------
    rule : Rule
        The rule being evaluated.
    survey : Survey
        The site record.
    sizing : SizingResult
        The table's answer for the heater.
    """

    rule: Rule
    survey: Survey
    sizing: SizingResult

    @property
    def site(self) -> Site:
        """``survey.site``."""
        return self.survey.site

    @staticmethod
    def bound(unit: str, low: float | None = None, high: float | None = None, **kw: Any) -> Bound:
        """A Bound whose computed limits are rounded like the survey's values (12 digits)."""
        return Bound(unit, _rounded(low), _rounded(high), **kw)

    def say(self, msgid: str, /, **fields: Any) -> Text:
        """The rule's message ``msgid`` in both languages (msgctxt: the rule ID)."""
        return bi(msgid, self.rule.id, **fields)

    def result(
        self,
        status: str,
        message: Text,
        measured: Value | Text | None = None,
        required: Bound | Text | None = None,
        *,
        source: str | None = None,
    ) -> CheckResult:
        """The rule's :class:`CheckResult` (its source and basis from the registry)."""
        return CheckResult(
            rule=self.rule.id,
            status=status,  # type: ignore[arg-type]
            message=message.en,
            message_zh=message.zh,
            source=source or self.rule.source,
            measured=measured,
            required=required,
            basis=self.rule.basis,
        )

    def judge(
        self,
        measured: Value,
        required: Bound,
        passed: Text,
        failed: Text,
        *,
        broken: str = FAIL,
        source: str | None = None,
    ) -> CheckResult:
        """The result of a measurement against its bound: ``pass`` with ``passed`` when
        ``required`` contains it, else ``broken`` (``fail``, or ``warn`` for advice) with
        ``failed``."""
        ok = required.contains(measured.value)
        return self.result(
            PASS if ok else broken, passed if ok else failed, measured, required, source=source
        )

    @staticmethod
    def absent(values: dict[str, Any]) -> list[str]:
        """The survey keys among ``{key: value}`` whose value is not recorded (None)."""
        return [key for key, value in values.items() if value is None]

    def missing(
        self,
        *paths: str,
        required: Bound | Text | None = None,
        measured: Value | Text | None = None,
        source: str | None = None,
    ) -> CheckResult:
        """``not_checked``: the message names the survey keys to fill in."""
        message = not_recorded(*paths)
        return self.result(NOT_CHECKED, message, measured, required, source=source)

    def confirmation(self, extra: Text | None = None) -> CheckResult:
        """The installer's answer: yes → pass, no → fail, not yet → not_checked.

        Parameters
        ----------
        extra : Text, optional
            Words added after the title (``" (model QX-55A)"``).
        """
        answer = self.survey.confirmations.get(self.rule.id)
        status, word = _ANSWERS[answer]
        answer_text = _word(word)
        fields = {
            "title": Text(self.rule.title, self.rule.title_zh),
            "extra": extra or Text("", ""),
        }
        if answer == "yes":
            message = bi("Installer confirms: {title}{extra}.", None, **fields)
        elif answer == "no":
            message = bi("Installer reports NOT done: {title}{extra}.", None, **fields)
        else:
            message = bi(
                "Not confirmed yet (confirmations.{rule}): {title}{extra}.",
                None,
                rule=self.rule.id,
                **fields,
            )
        return self.result(status, message, answer_text, _word("YES"))


def not_recorded(*paths: str) -> Text:
    """ "Not checked: <keys> not recorded in the survey." in both languages; the keys
    as the survey file spells them (format 2: ``existing.line.wire``)."""
    from sitesurvey.survey.reader import format_2_path

    keys = [format_2_path(p) for p in paths]
    return bi(
        "Not checked: {keys} not recorded in the survey.",
        keys=Text(", ".join(keys), "、".join(keys)),
    )
