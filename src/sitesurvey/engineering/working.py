"""The working of the cross-check: each formula with the numbers substituted, in order."""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING, NamedTuple

from sitesurvey.engineering.ampacity import _TEMPERATURE_ROUNDOFF
from sitesurvey.engineering.circuit import _Circuit, _Site
from sitesurvey.engineering.conditions import SiteConditions
from sitesurvey.engineering.protection import _IZ_FACTOR_433
from sitesurvey.fmt import number
from sitesurvey.results import FAIL, NOT_CHECKED, PASS, CheckResult
from sitesurvey.sizing import SQRT3, SizingResult
from sitesurvey.sizing.table import Breaker

if TYPE_CHECKING:
    pass

__all__ = ["WorkingLine"]


class WorkingLine(NamedTuple):
    """One line of the working: a formula with the numbers substituted (en, zh)."""

    text: str
    text_zh: str

    def to_dict(self) -> dict[str, str]:
        return {"en": self.text, "zh": self.text_zh}


# -------------------------------------------------------------------- the working


def _status_word(check: CheckResult) -> tuple[str, str]:
    return {
        PASS: ("holds", "满足"),
        FAIL: ("FAILS", "不满足"),
        NOT_CHECKED: ("not checked", "未校核"),
    }.get(check.status, (check.status, check.status))


def _working(
    sizing: SizingResult,
    conditions: SiteConditions,
    site: _Site,
    table: _Circuit,
    meter_checks: tuple[CheckResult, ...],
    chosen: tuple[_Circuit, Breaker] | None,
) -> tuple[WorkingLine, ...]:
    lines: list[WorkingLine] = []

    def add(en: str, zh: str | None = None) -> None:
        lines.append(WorkingLine(en, en if zh is None else zh))

    supply = site.supply
    p, u_nom = sizing.power, supply.voltage
    if site.phases == 1:
        formula = (
            f"Ib = P / U = {number(p, 6)} W / {number(u_nom)} V = {number(sizing.design_current)} A"
        )
    else:
        formula = (
            f"Ib = P / (√3 · U) = {number(p, 6)} W / (1.732 × {number(u_nom)} V) = "
            f"{number(sizing.design_current)} A"
        )
    add(f"Design current: {formula}", f"设计电流:{formula}")
    if conditions.worst_case_voltage:
        formula = (
            f"Ib,max = Ib × U_max / U_nom = {number(sizing.design_current)} A × "
            f"{number(supply.max_voltage)} V / {number(u_nom)} V = {number(site.ib)} A"
        )
        add(
            f"Worst case (top of the normal range): {formula}; the checks use this Ib",
            f"最不利情况(正常电压上限):{formula};以下校核用此 Ib",
        )

    ds = site.data.sources
    add(
        _ampacity_line(site, table, "en", ds),
        _ampacity_line(site, table, "zh", ds),
    )
    for note_en, note_zh in _factor_notes(site, conditions):
        add(note_en, note_zh)
    _coordination_lines(add, site, table)
    _drop_lines(add, site, table)
    for check in meter_checks:
        word, word_zh = _status_word(check)
        add(f"Meter: {check.message} ({word})", f"电表:{check.message_zh}({word_zh})")
    if chosen is not None and (chosen[0].wire != table.wire or chosen[1].rating != table.breaker):
        circuit = chosen[0]
        add(
            "Recommended circuit: " + _ampacity_line(site, circuit, "en", ds),
            "推荐线路:" + _ampacity_line(site, circuit, "zh", ds),
        )
        _coordination_lines(add, site, circuit)
        _drop_lines(add, site, circuit)
    return tuple(lines)


def _ampacity_line(site: _Site, c: _Circuit, lang: str, sources) -> str:
    table_no = site.method.table(site.loaded)
    formula = (
        f"Iz = Iz,30 × kθ × kg = {number(c.tabulated)} A × {number(site.k_theta)} × "
        f"{number(site.k_group)} = {number(c.iz)} A"
    )
    if lang == "zh":
        return (
            f"载流量({number(c.wire)}mm² 铜芯 PVC,敷设方式 {site.method.name},{site.loaded} 根"
            f"载流导体;IEC 60364-5-52 表 {table_no}、B.52.14、B.52.17):{formula}"
        )
    return (
        f"Ampacity ({number(c.wire)} mm² copper PVC, method {site.method.name}, {site.loaded} "
        f"loaded conductors; IEC 60364-5-52 Tables {table_no}, B.52.14, B.52.17): {formula}"
    )


def _factor_notes(site: _Site, conditions: SiteConditions):
    data = site.data
    t = conditions.ambient
    notes = []
    if t < data.temperatures[0]:
        notes.append(
            (
                f"kθ: {number(t)} °C is below the table's lowest temperature; the "
                f"{number(data.temperatures[0])} °C factor {number(site.k_theta)} is used (the "
                "true factor is higher, so this is on the safe side)",
                f"kθ:{number(t)}°C 低于表中最低温度,取 {number(data.temperatures[0])}°C 的系数 "
                f"{number(site.k_theta)}(实际系数更大,偏于安全)",
            )
        )
    elif not any(abs(t - listed) <= _TEMPERATURE_ROUNDOFF for listed in data.temperatures):
        up = data.temperatures[bisect_left(data.temperatures, t)]
        notes.append(
            (
                f"kθ: {number(t)} °C lies between listed temperatures; the next listed up, "
                f"{number(up)} °C, gives {number(site.k_theta)} (the safer factor)",
                f"kθ:{number(t)}°C 介于表列温度之间,取上一档 {number(up)}°C 的系数 "
                f"{number(site.k_theta)}(偏于安全)",
            )
        )
    n = conditions.grouping
    if n not in data.circuits:
        up = data.circuits[bisect_left(data.circuits, n)]
        notes.append(
            (
                f"kg: {n} circuits lie between listed counts; the next listed up, {up}, "
                f"gives {number(site.k_group)} (the safer factor)",
                f"kg:{n} 个回路介于表列数之间,取上一档 {up} 个回路的系数 {number(site.k_group)}"
                "(偏于安全)",
            )
        )
    return notes


def _coordination_lines(add, site: _Site, c: _Circuit) -> None:
    ib_in, in_iz, i2 = c.coordination
    ok = ib_in.status == PASS and in_iz.status == PASS
    word, word_zh = ("holds", "满足") if ok else ("FAILS", "不满足")
    formula = f"{number(site.ib)} A ≤ {number(c.breaker)} A ≤ {number(c.iz)} A"
    add(
        f"Coordination Ib ≤ In ≤ Iz (IEC 60364-4-43 433.1): {formula} — {word}",
        f"配合条件 Ib ≤ In ≤ Iz(IEC 60364-4-43 433.1):{formula} — {word_zh}",
    )
    k2 = site.data.tripping_factor
    formula = (
        f"I2 = {number(k2)} × In = {number(k2)} × {number(c.breaker)} A = "
        f"{number(k2 * c.breaker)} A ≤ "
        f"1.45 × Iz = 1.45 × {number(c.iz)} A = {number(_IZ_FACTOR_433 * c.iz)} A"
    )
    word, word_zh = _status_word(i2)
    add(f"{formula} — {word}", f"{formula} — {word_zh}")


def _drop_lines(add, site: _Site, c: _Circuit) -> None:
    b = 2 if site.phases == 1 else 1
    formula = (
        f"u = b · ρ · L · Ib / S = {b} × {number(site.data.resistivity)} Ω·mm²/m × "
        f"{number(site.length)} m × {number(site.ib)} A / {number(c.wire)} mm² = {number(c.u)} V"
    )
    formula_zh = formula
    if site.phases == 3:
        formula += f" per line; line-to-line √3 × u = {number(c.drop)} V"
        formula_zh += f"(每相);线电压降 √3 × u = {number(c.drop)} V"
        u0 = f"{number(site.supply.voltage / SQRT3)} V (= {number(site.supply.voltage)} V / √3)"
    else:
        u0 = f"{number(site.supply.voltage)} V"
    note = "" if site.length_given else " (length not given: default 0 m)"
    note_zh = "" if site.length_given else "(未给出长度:默认 0 m)"
    add(
        f"Voltage drop (IEC 60364-5-52 Annex G){note}: {formula}",
        f"电压降(IEC 60364-5-52 附录 G){note_zh}:{formula_zh}",
    )
    word, word_zh = _status_word(c.drop_check)
    formula = (
        f"Δu = 100 × u / U0 = 100 × {number(c.u)} V / {u0} = {number(c.percent)} % ≤ "
        f"{number(site.max_drop)} %"
    )
    add(f"{formula} — {word}", f"{formula} — {word_zh}")
    minus = "U − √3 · u" if site.phases == 3 else "U − u"
    origin = "measured" if site.origin_measured else "nominal, not measured"
    origin_zh = "实测" if site.origin_measured else "额定值,未实测"
    formula = (
        f"U_heater = {minus} = {number(site.origin)} V − {number(c.drop)} V = "
        f"{number(c.terminal)} V "
        f"≥ {number(site.supply.min_voltage)} V"
    )
    word, word_zh = _status_word(c.terminal_check)
    add(
        f"Voltage at the heater (U {origin}): {formula} — {word}",
        f"热水器端电压(U {origin_zh}):{formula} — {word_zh}",
    )
