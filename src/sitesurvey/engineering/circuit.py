"""One wire with one breaker on the site: the figures and the checks of the cross-check."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from sitesurvey.engineering.ampacity import ampacity
from sitesurvey.engineering.drop import terminal_voltage, voltage_drop, voltage_drop_percent
from sitesurvey.engineering.protection import coordination, meter_sufficient
from sitesurvey.engineering.reference import InstallationMethod, ReferenceData
from sitesurvey.fmt import number
from sitesurvey.results import FAIL, NOT_CHECKED, PASS, Bound, CheckResult, Value
from sitesurvey.sizing import SQRT3
from sitesurvey.sizing.table import Meter, Supply

if TYPE_CHECKING:
    pass

__all__ = []

_DROP_SOURCE = "IEC 60364-5-52:2009 Annex G, Table G.52.1 (public LV supply, other uses)"
_TERMINAL_SOURCE = (
    "installation-spec.md §3; normal supply range per §1 (004 ch.2 §1 item 9(7): 198-242 V)"
)
_METER_SOURCE = "installation-spec.md §3 (meter Imax ≥ Ib); Ib(Imax) marking per IEC 62052-11"
_METER_KINDS = {
    "electronic": ("IC-card electronic", "磁卡电子表"),
    "mechanical": ("mechanical", "机械表"),
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


def _drop_check(site: _Site, wire: float, drop: float, percent: float) -> CheckResult:
    limit = Bound("%", high=site.max_drop)
    if not site.length_given:
        status = NOT_CHECKED
        message = (
            "Voltage drop not checked: the route length was not given (default 0 m). "
            "Give --length to check it."
        )
        message_zh = "未校核电压降:未给出线路长度(默认 0 m)。请给出 --length。"
    else:
        ok = limit.contains(percent)
        status = PASS if ok else FAIL
        what = (
            f"{number(drop)} V = {number(percent)} % over {number(site.length)} m of "
            f"{number(wire)} mm²"
        )
        what_zh = (
            f"{number(site.length)} m {number(wire)}mm² 线路压降 {number(drop)}V = "
            f"{number(percent)}%"
        )
        if ok:
            message = f"Voltage drop {what} ≤ {number(site.max_drop)} %."
            message_zh = f"{what_zh} ≤ {number(site.max_drop)}%。"
        else:
            message = (
                f"Voltage drop {what} exceeds the {number(site.max_drop)} % limit by "
                f"{number(percent - site.max_drop, 3)} percentage points."
            )
            message_zh = (
                f"{what_zh},超过 {number(site.max_drop)}% 限值 "
                f"{number(percent - site.max_drop, 3)} 个百分点。"
            )
    return CheckResult(
        rule="ENG-DROP",
        status=status,
        message=message,
        message_zh=message_zh,
        source=_DROP_SOURCE,
        measured=Value(percent, "%"),
        required=limit,
        basis="calculation",
    )


def _terminal_check(site: _Site, terminal: float) -> CheckResult:
    floor = site.supply.min_voltage
    need = Bound("V", low=floor)
    origin = (
        f"measured {number(site.origin)} V"
        if site.origin_measured
        else f"the nominal {number(site.origin)} V; supply voltage not measured"
    )
    origin_zh = (
        f"实测 {number(site.origin)}V"
        if site.origin_measured
        else f"额定 {number(site.origin)}V;未实测电源电压"
    )
    if not site.length_given and need.contains(site.origin):
        status = NOT_CHECKED
        message = (
            "Voltage at the heater not checked: the route length was not given, so the drop "
            f"is unknown (supply: {origin})."
        )
        message_zh = f"未校核热水器端电压:未给出线路长度,压降未知(电源:{origin_zh})。"
    elif need.contains(terminal):
        status = PASS
        message = f"Voltage at the heater {number(terminal)} V ≥ {number(floor)} V (from {origin})."
        message_zh = f"热水器端电压 {number(terminal)}V ≥ {number(floor)}V(自{origin_zh})。"
    else:
        status = FAIL
        message = (
            f"Voltage at the heater {number(terminal)} V is {number(floor - terminal, 3)} V below "
            f"the {number(floor)} V floor of the normal range (from {origin})."
        )
        message_zh = (
            f"热水器端电压 {number(terminal)}V 低于正常范围下限 {number(floor)}V "
            f"{number(floor - terminal, 3)}V(自{origin_zh})。"
        )
        if not need.contains(site.origin):
            message += " The supply itself is below the floor; no wire size can fix that."
            message_zh += "电源电压本身已低于下限,加粗电线无法解决。"
    return CheckResult(
        rule="ENG-TERMINAL-VOLTAGE",
        status=status,
        message=message,
        message_zh=message_zh,
        source=_TERMINAL_SOURCE,
        measured=Value(terminal, "V"),
        required=need,
        basis="calculation",
    )


def _capital(text: str) -> str:
    """First letter upper case, the rest as written ("IC-card", not "Ic-card")."""
    return text[:1].upper() + text[1:]


def _meter_check(kind: str, meter: Meter, ib: float) -> CheckResult:
    name, name_zh = _METER_KINDS[kind]
    ok = meter_sufficient(meter.max, ib)
    if ok:
        message = (
            f"{_capital(name)} meter {meter.marking}: Imax {number(meter.max)} A ≥ "
            f"Ib {number(ib)} A."
        )
        message_zh = f"{name_zh} {meter.marking}:最大电流 {number(meter.max)}A ≥ Ib {number(ib)}A。"
    else:
        message = (
            f"{_capital(name)} meter {meter.marking}: Imax {number(meter.max)} A is "
            f"{number(ib - meter.max, 3)} A below Ib {number(ib)} A."
        )
        message_zh = (
            f"{name_zh} {meter.marking}:最大电流 {number(meter.max)}A 比 Ib {number(ib)}A 小 "
            f"{number(ib - meter.max, 3)}A。"
        )
    return CheckResult(
        rule=f"ENG-METER-{kind.upper()}",
        status=PASS if ok else FAIL,
        message=message,
        message_zh=message_zh,
        source=_METER_SOURCE,
        measured=Value(meter.max, "A"),
        required=Bound("A", low=ib),
        basis="calculation",
    )


def _passes(checks: Iterable[CheckResult]) -> bool:
    return all(c.status != FAIL for c in checks)


def _first_failure(checks: Iterable[CheckResult]) -> CheckResult:
    return next(c for c in checks if c.status == FAIL)
