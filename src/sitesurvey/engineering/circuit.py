"""One wire with one breaker on the site: the figures and the checks of the cross-check."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitesurvey.engineering.ampacity import ampacity
from sitesurvey.engineering.drop import terminal_voltage, voltage_drop, voltage_drop_percent
from sitesurvey.engineering.protection import coordination, meter_sufficient
from sitesurvey.engineering.reference import InstallationMethod, ReferenceData
from sitesurvey.fmt import number
from sitesurvey.i18n import N_, bi
from sitesurvey.results import FAIL, NOT_CHECKED, PASS, Bound, CheckResult, Text, Value
from sitesurvey.sizing import SQRT3
from sitesurvey.sizing.table import Meter, Supply

if TYPE_CHECKING:
    from typing import NamedTuple
else:  # typing.NamedTuple's classes, made without evaluating annotations (start-up)
    from sitesurvey._tuples import NamedTuple

__all__ = []

_DROP_SOURCE = "IEC 60364-5-52:2009 Annex G, Table G.52.1 (public LV supply, other uses)"
_TERMINAL_SOURCE = (
    "installation-spec.md §3; normal supply range per §1 (004 ch.2 §1 item 9(7): 198-242 V)"
)
_METER_SOURCE = "installation-spec.md §3 (meter Imax ≥ Ib); Ib(Imax) marking per IEC 62052-11"
#: The two meters of the table, by kind (the name begins a sentence).
_METER_KINDS = {
    "electronic": N_("IC-card electronic meter"),
    "mechanical": N_("Mechanical meter"),
}


class _Site(NamedTuple):
    """Everything the per-wire assessment needs, fixed for one cross-check."""

    data: ReferenceData
    supply: Supply
    phases: int
    loaded: int
    method: InstallationMethod
    ib: float
    k_theta: float
    k_group: float
    length: float
    length_given: bool
    origin: float
    origin_measured: bool
    max_drop: float


class _Circuit(NamedTuple):
    """One wire size with one breaker on the site."""

    wire: float
    breaker: float
    tabulated: float
    iz: float
    u: float  # Annex G u (per line for three-phase)
    drop: float  # on the supply's basis
    percent: float
    terminal: float
    coordination: tuple[CheckResult, CheckResult, CheckResult]
    drop_check: CheckResult
    terminal_check: CheckResult

    @property
    def checks(self) -> tuple[CheckResult, ...]:
        return (*self.coordination, self.drop_check, self.terminal_check)


def _tabulated(site: _Site, wire: float) -> float:
    return float(ampacity(wire, site.method.name, site.loaded, data=site.data))


def _assess(site: _Site, wire: float, breaker: float) -> _Circuit:
    tabulated = _tabulated(site, wire)
    iz = tabulated * site.k_theta * site.k_group
    u = float(voltage_drop(site.ib, site.length, wire, site.phases, data=site.data))
    line = SQRT3 if site.phases == 3 else 1.0
    drop = line * u
    percent = float(
        voltage_drop_percent(
            site.ib, site.length, wire, site.supply.voltage, site.phases, data=site.data
        )
    )
    terminal = float(terminal_voltage(site.origin, u, site.phases))
    return _Circuit(
        wire=wire,
        breaker=breaker,
        tabulated=tabulated,
        iz=iz,
        u=u,
        drop=drop,
        percent=percent,
        terminal=terminal,
        coordination=coordination(site.ib, breaker, iz, data=site.data),
        drop_check=_drop_check(site, wire, drop, percent),
        terminal_check=_terminal_check(site, terminal),
    )


def _said(check: CheckResult) -> Text:
    """A check's message in both languages, to quote in another message."""
    return Text(check.message, check.message_zh)


def _percent(value: float) -> Text:
    """``"2.63 %"``: a percentage, spaced as each language spaces it."""
    return bi("{value} %", value=number(value))


def _drop_check(site: _Site, wire: float, drop: float, percent: float) -> CheckResult:
    limit = Bound("%", high=site.max_drop)
    if not site.length_given:
        status = NOT_CHECKED
        text = bi(
            "Voltage drop not checked: the route length was not given (default 0 m). "
            "Give --length to check it.",
            "ENG-DROP",
        )
    else:
        ok = limit.contains(percent)
        status = PASS if ok else FAIL
        what = bi(
            "{drop} V = {percent} over {length} m of {wire} mm²",
            "ENG-DROP",
            drop=number(drop),
            percent=_percent(percent),
            length=number(site.length),
            wire=number(wire),
        )
        if ok:
            text = bi(
                "Voltage drop {what} ≤ {limit}.",
                "ENG-DROP",
                what=what,
                limit=_percent(site.max_drop),
            )
        else:
            text = bi(
                "Voltage drop {what} exceeds the {limit} limit by {excess} percentage points.",
                "ENG-DROP",
                what=what,
                limit=_percent(site.max_drop),
                excess=number(percent - site.max_drop, 3),
            )
    return CheckResult.calculated(
        "ENG-DROP", status, text, _DROP_SOURCE, Value(percent, "%"), limit
    )


def _terminal_text(site: _Site, terminal: float, floor: float) -> tuple[str, Text]:
    """The status and the message of ``ENG-TERMINAL-VOLTAGE``."""
    need = Bound("V", low=floor)
    u = number(site.origin)
    if site.origin_measured:
        origin = bi("measured {u} V", "ENG-TERMINAL-VOLTAGE", u=u)
    else:
        origin = bi("the nominal {u} V; supply voltage not measured", "ENG-TERMINAL-VOLTAGE", u=u)
    if not site.length_given and need.contains(site.origin):
        return NOT_CHECKED, bi(
            "Voltage at the heater not checked: the route length was not given, so the drop "
            "is unknown (supply: {origin}).",
            "ENG-TERMINAL-VOLTAGE",
            origin=origin,
        )
    fields = {"terminal": number(terminal), "floor": number(floor), "origin": origin}
    if need.contains(terminal):
        return PASS, bi(
            "Voltage at the heater {terminal} V ≥ {floor} V (from {origin}).",
            "ENG-TERMINAL-VOLTAGE",
            **fields,
        )
    short = number(floor - terminal, 3)
    if need.contains(site.origin):
        return FAIL, bi(
            "Voltage at the heater {terminal} V is {short} V below the {floor} V floor of the "
            "normal range (from {origin}).",
            "ENG-TERMINAL-VOLTAGE",
            **fields,
            short=short,
        )
    return FAIL, bi(
        "Voltage at the heater {terminal} V is {short} V below the {floor} V floor of the "
        "normal range (from {origin}). The supply itself is below the floor; no wire size "
        "can fix that.",
        "ENG-TERMINAL-VOLTAGE",
        **fields,
        short=short,
    )


def _terminal_check(site: _Site, terminal: float) -> CheckResult:
    floor = site.supply.min_voltage
    status, text = _terminal_text(site, terminal, floor)
    return CheckResult.calculated(
        "ENG-TERMINAL-VOLTAGE",
        status,
        text,
        _TERMINAL_SOURCE,
        Value(terminal, "V"),
        Bound("V", low=floor),
    )


def _meter_check(kind: str, meter: Meter, ib: float) -> CheckResult:
    ok = meter_sufficient(meter.max, ib)
    fields = {
        "meter": bi(_METER_KINDS[kind]),
        "marking": meter.marking,
        "imax": number(meter.max),
        "ib": number(ib),
    }
    if ok:
        text = bi("{meter} {marking}: Imax {imax} A ≥ Ib {ib} A.", None, **fields)
    else:
        text = bi(
            "{meter} {marking}: Imax {imax} A is {short} A below Ib {ib} A.",
            None,
            **fields,
            short=number(ib - meter.max, 3),
        )
    return CheckResult.calculated(
        f"ENG-METER-{kind.upper()}",
        PASS if ok else FAIL,
        text,
        _METER_SOURCE,
        Value(meter.max, "A"),
        Bound("A", low=ib),
    )
