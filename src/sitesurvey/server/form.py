"""The on-site form's sections and fields, derived from the survey format 2.

Each :class:`Field` names its path in the survey (``"existing.breaker.rating"``; a
repeatable list's items are ``"design.route.runs[].length"``), its kind, its units (the
default shown first, then the common alternatives; :attr:`Field.canonical` is the unit
the checks use), its choices, the rule IDs it feeds and its label — an English message
id whose Chinese is in the package's catalog (:mod:`sitesurvey.i18n`), as every other
word a user reads. The vocabularies come from :mod:`sitesurvey.survey.record` and the
signature points from :mod:`sitesurvey.survey.fields` (spec §6), so the form cannot
offer a value the reader refuses.

The page receives :func:`schema` as JSON (cached per language: the page renders in
well under the 100 ms budget). A measurement is sent to the API as the text
``"<number> <unit>"`` (``"2.6 m"``, ``"3 公斤"``), exactly as the survey grammar reads it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Literal

from sitesurvey.i18n import N_, tr
from sitesurvey.survey import record
from sitesurvey.survey.fields import CONSENT_ITEMS
from sitesurvey.survey.record import (
    ARRANGEMENTS,
    CONFIRMATION_RULES,
    HIDDEN_KINDS,
    INSTALLATION_METHODS,
)

__all__ = [
    "KINDS",
    "PHOTO_SUBJECTS",
    "SIGNATURE_POINTS",
    "UNITS",
    "UNTIL_CHECKED",
    "Field",
    "Section",
    "fed_rules",
    "labels",
    "placeholders",
    "rule_sections",
    "schema",
    "sections",
]

Kind = Literal["quantity", "count", "choice", "yesno", "confirmation", "text", "list"]
#: The kinds of field the page knows how to draw.
KINDS: tuple[str, ...] = ("quantity", "count", "choice", "yesno", "confirmation", "text", "list")

#: Units by quantity kind: the canonical unit first, then the common alternatives. Each
#: spelling is one the survey grammar reads (``sitesurvey.units``).
UNITS: dict[str, tuple[str, ...]] = {
    "length": ("m", "cm"),
    "short_length": ("cm", "m"),
    "distance": ("km",),
    "pressure": ("MPa", "bar", "公斤"),
    "current": ("A",),
    "voltage": ("V",),
    "area": ("mm²",),
    "power": ("kW", "W"),
    # a household appliance is labelled in watts ("150 W" fridge): W first
    "appliance_power": ("W", "kW"),
    "temperature": ("°C",),
}
_CANONICAL = {"short_length": "m", "distance": "m", "power": "W", "appliance_power": "W"}

#: What a photo shows (``survey.photos[].subject``, the reader's vocabulary), with its
#: label (the words of the sheet's annex).
PHOTO_SUBJECTS: tuple[tuple[str, str], ...] = tuple(
    zip(
        record.PHOTO_SUBJECTS,
        (
            N_("Meter nameplate"),
            N_("Air switch"),
            N_("Main switch"),
            N_("Water pressure gauge"),
            N_("Installation wall"),
            N_("Other"),
        ),
        strict=True,
    )
)

#: The signature points of spec §6 with their label and when the form shows them:
#: ``always``, ``planned`` (the change is among the required modifications),
#: ``consent`` (a consent yes/no for a required modification, with a pad) or ``checked``
#: (only once the latest check says the survey is no draft; :data:`UNTIL_CHECKED` before).
SIGNATURE_POINTS: tuple[tuple[str, str, str], ...] = (
    ("drilling", N_("Drilling points on the wall"), "always"),
    ("meter", N_("Change of the meter"), "planned"),
    ("main_switch", N_("Change of the main switch"), "planned"),
    *(
        (f"consent.{item}", label, "consent")
        for item, label in zip(
            CONSENT_ITEMS,
            (
                N_("Consent: the wire"),
                N_("Consent: the air switch"),
                N_("Consent: a dedicated line"),
                N_("Consent: an RCD"),
                N_("Consent: the earth"),
                N_("Consent: the water pressure"),
            ),
            strict=True,
        )
    ),
    ("final", N_("Customer's acceptance"), "checked"),
)
#: What the form shows in place of a ``checked`` point's pad while the latest check says
#: the survey is a draft (incomplete, or the design fails).
UNTIL_CHECKED = N_("The customer signs the acceptance once every item is done and checked.")


@dataclass(frozen=True, slots=True)
class Field:
    """One input of the form.

    Attributes
    ----------
    path : str
        Where the value goes in the survey (``"existing.breaker.rating"``); inside a
        list, relative to the list's item (``"length"`` of ``design.route.runs``).
    kind : str
        One of :data:`KINDS`.
    label : str
        The English message id; :meth:`to_json` gives it in the page's language.
    quantity : str
        For a quantity: its key in :data:`UNITS` (``"length"``, ``"pressure"``...).
    choices : tuple of (value, label)
        For a choice: the values the reader accepts and their labels (message ids).
    readonly : bool
        Pre-filled from the work order and not changed on site.
    items : tuple of Field
        For a list: the fields of one item (a list of bare quantities has one field
        with the path ``""``).
    """

    path: str
    kind: Kind
    label: str
    quantity: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    readonly: bool = False
    items: tuple[Field, ...] = ()

    @property
    def rules(self) -> tuple[str, ...]:
        """The rule IDs (spec §2, and the engineering check's) the value feeds: a
        confirmation its rule, a measurement what :func:`fed_rules` finds."""
        if self.kind == "confirmation":
            return (self.path.split(".", 1)[1],)
        return fed_rules().get(self.path, ())

    @property
    def units(self) -> tuple[str, ...]:
        """The units offered, the default first (empty unless a quantity)."""
        return UNITS.get(self.quantity, ())

    @property
    def canonical(self) -> str:
        """The unit the checks use for this quantity ("" unless a quantity)."""
        if not self.quantity:
            return ""
        return _CANONICAL.get(self.quantity, self.units[0])

    def to_json(self, lang: str) -> dict[str, Any]:
        """The field for the page, its words in ``lang`` (``"zh"`` or ``"en"``)."""
        out: dict[str, Any] = {
            "path": self.path,
            "kind": self.kind,
            "label": tr(self.label, lang),
            "rules": list(self.rules),
        }
        if self.quantity:
            out["units"] = list(self.units)
            out["canonical"] = self.canonical
        if self.choices:
            out["choices"] = [{"value": v, "label": tr(lab, lang)} for v, lab in self.choices]
        if self.readonly:
            out["readonly"] = True
        if self.items:
            out["items"] = [item.to_json(lang) for item in self.items]
        return out


@dataclass(frozen=True, slots=True)
class Section:
    """A section of the form: a heading, its fields and the rules shown beside it."""

    key: str
    label: str
    fields: tuple[Field, ...] = field(default=())

    @property
    def rules(self) -> tuple[str, ...]:
        """Every rule ID a field of this section feeds, in order, once each."""
        seen: dict[str, None] = {}
        for f in self.fields:
            for r in (*f.rules, *(r for item in f.items for r in item.rules)):
                seen.setdefault(r, None)
        return tuple(seen)

    def to_json(self, lang: str) -> dict[str, Any]:
        """The section for the page, its words in ``lang``."""
        return {
            "key": self.key,
            "label": tr(self.label, lang),
            "rules": list(self.rules),
            "fields": [f.to_json(lang) for f in self.fields],
        }


def _q(path: str, label: str, quantity: str, *, readonly: bool = False) -> Field:
    return Field(path, "quantity", label, quantity=quantity, readonly=readonly)


def _choice(path: str, label: str, choices: tuple[tuple[str, str], ...]) -> Field:
    return Field(path, "choice", label, choices=choices)


def _yesno(path: str, label: str) -> Field:
    return Field(path, "yesno", label)


def _text(path: str, label: str, *, readonly: bool = False) -> Field:
    return Field(path, "text", label, readonly=readonly)


_ARRANGEMENT_LABELS = dict(
    zip(
        ARRANGEMENTS,
        (N_("bunched"), N_("single layer on a wall"), N_("single layer on a tray")),
        strict=True,
    )
)
_HIDDEN_LABELS = dict(
    zip(HIDDEN_KINDS, (N_("water pipe"), N_("cable"), N_("gas pipe")), strict=True)
)
_DONE = (("done", N_("done")), ("not yet", N_("not yet")))
_DONE_YES = (("yes", N_("yes")), ("not yet", N_("not yet")))


@functools.cache
def sections() -> tuple[Section, ...]:
    """The form's sections in order (format 2: the job, existing vs design, usage...)."""
    return (
        Section(
            "job",
            N_("The work order"),
            (
                _text("job.work_order", N_("Work order"), readonly=True),
                _text("customer.name", N_("Customer")),
                _text("customer.phone", N_("Phone")),
                _text("customer.address", N_("Address")),
                _text("job.date", N_("Date"), readonly=True),
                _text("job.appointment", N_("appointment")),
                _text("job.installer.name", N_("Installer")),
                _text("job.installer.employee_number", N_("no.")),
                _text("network.name", N_("Service network")),
                _text("network.phone", N_("Network phone")),
                _q("job.distance_from_urban_area", N_("Distance from the urban area"), "distance"),
            ),
        ),
        Section(
            "heater",
            N_("Heater"),
            (
                _text("heater.model", N_("Model")),
                _q("heater.power", N_("Rated power"), "power"),
                _choice(
                    "heater.supply_voltage",
                    N_("supply voltage"),
                    (("220 V", N_("220 V single-phase")), ("380 V", N_("380 V three-phase"))),
                ),
            ),
        ),
        Section(
            "existing",
            N_("What is there"),
            (
                _q("existing.supply_voltage", N_("Measured supply voltage"), "voltage"),
                _q("existing.water_pressure", N_("Water pressure"), "pressure"),
                _q("existing.ceiling_height", N_("Ceiling height"), "length"),
                _yesno("existing.line.present", N_("A dedicated line exists")),
                _q("existing.line.wire", N_("Its wire"), "area"),
                _q("existing.breaker.rating", N_("Air switch rating"), "current"),
                _choice(
                    "existing.breaker.poles",
                    N_("Air switch poles"),
                    (("2", N_("2-pole")), ("4", N_("4-pole"))),
                ),
                _choice(
                    "existing.breaker.curve",
                    N_("Air switch curve"),
                    (("B", "B"), ("C", "C"), ("D", "D")),
                ),
                _choice(
                    "existing.meter.kind",
                    N_("Meter"),
                    (
                        ("electronic", N_("IC-card electronic meter")),
                        ("mechanical", N_("mechanical meter")),
                    ),
                ),
                _text("existing.meter.marking", N_("Meter marking, e.g. 10(40)A")),
                _q("existing.main_switch.rating", N_("Main switch rating"), "current"),
                _yesno("existing.rcd", N_("RCD on the heater circuit")),
                _choice(
                    "existing.earth",
                    N_("Earth"),
                    (("good", N_("good")), ("poor", N_("poor")), ("absent", N_("absent"))),
                ),
                Field(
                    "existing.appliances",
                    "list",
                    N_("Appliances on at the same time"),
                    items=(
                        _text("name", N_("Name")),
                        _q("power", N_("Rated power"), "appliance_power"),
                        _choice("phase", N_("Phase"), (("L1", "L1"), ("L2", "L2"), ("L3", "L3"))),
                    ),
                ),
                Field(
                    "existing.hidden",
                    "list",
                    N_("Pipes and cables behind the wall"),
                    items=(
                        _choice("kind", N_("Kind"), tuple(_HIDDEN_LABELS.items())),
                        _q("x", N_("x from the wall reference"), "short_length"),
                        _q("from_height", N_("From height"), "length"),
                        _q("to_height", N_("To height"), "length"),
                    ),
                ),
            ),
        ),
        Section(
            "design",
            N_("Design"),
            (
                _q("design.route.length", N_("route length"), "length"),
                _choice(
                    "design.route.method",
                    N_("Installation method"),
                    tuple((m, m) for m in INSTALLATION_METHODS),
                ),
                _q(
                    "design.route.ambient_temperature",
                    N_("Ambient temperature"),
                    "temperature",
                ),
                Field(
                    "design.route.grouping",
                    "count",
                    N_("Circuits grouped together"),
                ),
                _choice(
                    "design.route.arrangement",
                    N_("Arrangement"),
                    tuple(_ARRANGEMENT_LABELS.items()),
                ),
                Field(
                    "design.route.runs",
                    "list",
                    N_("Runs of the route"),
                    items=(
                        _choice(
                            "orientation",
                            N_("Orientation"),
                            (
                                ("horizontal", N_("horizontal")),
                                ("vertical", N_("vertical")),
                                ("other", N_("sloping")),
                            ),
                        ),
                        _q("length", N_("Length"), "length"),
                        _q("height", N_("Height above the floor"), "length"),
                        _q("ceiling_height", N_("Ceiling height"), "length"),
                        _yesno("damp", N_("Through a damp place")),
                        _text("place", N_("Place")),
                    ),
                ),
                _q(
                    "design.socket.height",
                    N_("Socket height"),
                    "length",
                ),
                _q(
                    "design.socket.distance_to_opening",
                    N_("Socket to the door or window edge"),
                    "short_length",
                ),
                _q("design.heater.display_height", N_("Display height"), "length"),
                _q("design.shower.head_height", N_("Shower head height"), "length"),
                _q(
                    "design.shower.offset_from_axis",
                    N_("Shower head off the heater's axis"),
                    "short_length",
                ),
                _text("design.wall.reference", N_("Wall reference")),
                _q(
                    "design.wall.heater_axis",
                    N_("Heater axis from the reference"),
                    "short_length",
                ),
                _q(
                    "design.water.inlet_x",
                    N_("Cold water inlet from the reference"),
                    "short_length",
                ),
                _q(
                    "design.water.outlet_x",
                    N_("Hot water outlet from the reference"),
                    "short_length",
                ),
                _q("design.water.height", N_("Water connections height"), "length"),
                Field(
                    "design.drilling",
                    "list",
                    N_("Drilling points"),
                    items=(
                        _q("x", N_("x from the heater's axis"), "short_length"),
                        _q("y", N_("Height above the floor"), "length"),
                    ),
                ),
            ),
        ),
        Section(
            "usage",
            N_("Usage"),
            (
                Field(
                    "usage.user_heights",
                    "list",
                    N_("Users' heights (the main user first)"),
                    items=(_q("", N_("Height"), "length"),),
                ),
                _yesno("usage.bathtub", N_("bathtub used")),
                _text("usage.special_needs", N_("Special needs")),
                _yesno("usage.mixing_valve", N_("Mixing valve fitted")),
            ),
        ),
        Section(
            "confirmations",
            N_("Confirmations"),
            (
                *(
                    Field(f"confirmations.{rule}", "confirmation", "")
                    for rule in CONFIRMATION_RULES
                ),
                _choice(
                    "actions.report_to_company",
                    N_("Reported to the company"),
                    _DONE,
                ),
                _choice(
                    "handover.protected_belongings",
                    N_("Customer's belongings protected"),
                    _DONE_YES,
                ),
                _choice("handover.site_cleaned", N_("Site cleaned"), _DONE_YES),
            ),
        ),
    )


def placeholders() -> dict[str, str]:
    """The texts a blank survey holds for a required key (``"（客户姓名 customer name）"``):
    not information, so the form shows the field empty with a hint, and an emptied field
    goes back to its placeholder (the reader requires the key)."""
    from sitesurvey.survey.template import PLACEHOLDERS

    out = {}
    for path, toml_value in PLACEHOLDERS.items():
        text = toml_value.strip('"')
        if text.startswith("（"):
            out[path] = text
    return out


@functools.cache
def labels(lang: str) -> dict[str, str]:
    """Every key path the form has → its label in ``lang``, for messages that name a
    field by its path (``existing.breaker.rating`` → 空气开关额定电流): a field,
    a list's item field as ``"design.route.runs[].length"`` (the list's label and the
    item's), a confirmation (``confirmations.H-DRILL`` → the rule's title) and each
    section's parent keys the fields share (``design.wall``: the first field's label),
    and each of these as format 1 spells it (``site.breaker.poles``).

    Longest paths first, so a message is rewritten from its most precise key.
    """
    out: dict[str, str] = {}
    for section in sections():
        for f in section.fields:
            label = (
                _rule_title(f.path.split(".", 1)[1], lang)
                if f.kind == "confirmation"
                else tr(f.label, lang)
            )
            out[f.path] = label
            for item in f.items:
                if item.path:
                    out[f"{f.path}[].{item.path}"] = f"{label} · {tr(item.label, lang)}"
            parent = f.path.rsplit(".", 1)[0]
            if "." in parent and parent not in out:
                out[parent] = label
    from sitesurvey.survey.reader import format_1_path

    for path, label in list(out.items()):  # a message may spell a key as format 1 does
        out.setdefault(format_1_path(path), label)
    return dict(sorted(out.items(), key=lambda kv: -len(kv[0])))


def _rule_title(rule: str, lang: str) -> str:
    from sitesurvey.rules.registry import by_id

    return by_id(rule).title_in(lang)


@functools.cache
def rule_sections() -> dict[str, str]:
    """Which section shows each rule's result: the first section whose fields feed it,
    else the section of the rule's scope (what is there, the design, a confirmation)."""
    from sitesurvey.rules.registry import rules

    out: dict[str, str] = {}
    for section in sections():
        for rule in section.rules:
            out.setdefault(rule, section.key)
    by_scope = {"existing": "existing", "design": "design", "confirmation": "confirmations"}
    for rule in rules():
        out.setdefault(rule.id, by_scope[rule.scope])
    return out


def _without(data: dict[str, Any], path: str) -> bool:
    """Remove ``path`` from ``data``; whether it was there."""
    *parents, last = path.split(".")
    node: Any = data
    for key in parents:
        node = node.get(key) if isinstance(node, dict) else None
    if not isinstance(node, dict) or last not in node:
        return False
    del node[last]
    return True


@functools.cache
def fed_rules() -> dict[str, tuple[str, ...]]:
    """The rules each field feeds, found by the checks themselves (a rule ID is written
    once, in its rule): from the shipped example with every confirmation given, each
    field in turn is left out, and the rules whose status or message change are the
    ones it feeds. About 50 checks of a few ms, once per process.

    Returns
    -------
    dict
        Field path → rule IDs, in the order of the results; fields that feed none
        (the work order's details) are not listed.
    """
    import copy
    import tomllib

    from sitesurvey.errors import SiteSurveyError
    from sitesurvey.rules import check_survey
    from sitesurvey.survey import parse_survey
    from sitesurvey.survey.template import example_text

    base = tomllib.loads(example_text())
    base["confirmations"] = dict.fromkeys(CONFIRMATION_RULES, "yes")

    def outcome(data: dict[str, Any]) -> dict[str, tuple[str, str]]:
        results = check_survey(parse_survey(data)).results
        return {r.rule: (r.status, r.message) for r in results}

    before = outcome(base)
    out: dict[str, tuple[str, ...]] = {}
    for section in sections():
        for f in section.fields:
            data = copy.deepcopy(base)
            if f.kind == "confirmation" or not _without(data, f.path):
                continue
            try:
                after = outcome(data)
            except SiteSurveyError:  # a required key: it feeds every rule
                continue
            fed = tuple(rule for rule in before if after.get(rule) != before[rule])
            if fed:
                out[f.path] = fed
    return out


@functools.cache
def schema(lang: str) -> dict[str, Any]:
    """The whole form for the page, in ``lang`` (cached: built once per language).

    Parameters
    ----------
    lang : {"zh", "en"}
        The page's language.

    Returns
    -------
    dict
        ``placeholders`` (path → the text a blank survey holds there, shown as an
        empty input), ``labels`` (key path → label, see :func:`labels`), ``sections``
        (each with its fields), ``rule_sections`` (rule → section key), ``rule_titles``,
        ``photo_subjects`` and ``signature_points`` (a ``checked`` one with ``until``, the
        line shown in place of its pad while the survey is a draft).
    """
    out_sections = []
    for section in sections():
        data = section.to_json(lang)
        for f in data["fields"]:
            if f["kind"] == "confirmation":
                f["label"] = _rule_title(f["rules"][0], lang)
        out_sections.append(data)
    rules = rule_sections()
    from sitesurvey.rules.registry import rules as all_rules

    return {
        "lang": lang,
        "placeholders": placeholders(),
        "labels": labels(lang),
        "sections": out_sections,
        "rule_sections": rules,
        "rule_titles": {r.id: r.title_in(lang) for r in all_rules()},
        "photo_subjects": [{"value": v, "label": tr(lab, lang)} for v, lab in PHOTO_SUBJECTS],
        "signature_points": [
            {"point": p, "label": tr(lab, lang), "when": when}
            | ({"until": tr(UNTIL_CHECKED, lang)} if when == "checked" else {})
            for p, lab, when in SIGNATURE_POINTS
        ],
    }
