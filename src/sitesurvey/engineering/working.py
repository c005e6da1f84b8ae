"""The working of the cross-check: each formula with the numbers substituted, in order."""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from sitesurvey.engineering.ampacity import _TEMPERATURE_ROUNDOFF
from sitesurvey.engineering.circuit import _Circuit, _said, _Site
from sitesurvey.engineering.conditions import SiteConditions
from sitesurvey.engineering.protection import _IZ_FACTOR_433
from sitesurvey.fmt import number
from sitesurvey.i18n import N_, STATUS_WORDS, bi
from sitesurvey.results import FAIL, PASS, CheckResult, Text
from sitesurvey.sizing import SQRT3, SizingResult
from sitesurvey.sizing.table import Breaker

if TYPE_CHECKING:
    from typing import NamedTuple
else:  # typing.NamedTuple's classes, made without evaluating annotations (start-up)
    from sitesurvey._tuples import NamedTuple

__all__ = ["WorkingLine"]


class WorkingLine(NamedTuple):
    """One line of the working: a formula with the numbers substituted (en, zh)."""

    text: str
    text_zh: str

    def to_dict(self) -> dict[str, str]:
        return {"en": self.text, "zh": self.text_zh}


# -------------------------------------------------------------------- the working

#: How a condition of the working came out (a check's status, or whether it holds).
_HOLDS = N_("holds")
_FAILS = N_("FAILS")


def _word(check: CheckResult) -> Text:
    if check.status == PASS:
        return bi(_HOLDS)
    if check.status == FAIL:
        return bi(_FAILS)
    return bi(STATUS_WORDS[check.status])


def _working(
    sizing: SizingResult,
    conditions: SiteConditions,
    site: _Site,
    table: _Circuit,
    meter_checks: tuple[CheckResult, ...],
    chosen: tuple[_Circuit, Breaker] | None,
    alternative: Breaker | None = None,
) -> tuple[WorkingLine, ...]:
    lines: list[WorkingLine] = []

    def add(text: Text) -> None:
        lines.append(WorkingLine(text.en, text.zh))

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
    if sizing.voltage != u_nom:  # a heater rated for another voltage is a resistance
        r = sizing.voltage**2 / p
        formula = (
            f"R = U_rated² / P = ({number(sizing.voltage)} V)² / {number(p, 6)} W = "
            f"{number(r)} Ω; Ib = {'U / (√3 · R)' if site.phases == 3 else 'U / R'} at "
            f"{number(u_nom)} V = {number(sizing.design_current)} A"
        )
    add(bi("Design current: {formula}", formula=formula))
    if conditions.worst_case_voltage:
        formula = (
            f"Ib,max = Ib × U_max / U_nom = {number(sizing.design_current)} A × "
            f"{number(supply.max_voltage)} V / {number(u_nom)} V = {number(site.ib)} A"
        )
        add(
            bi(
                "Worst case (top of the normal range): {formula}; the checks use this Ib",
                formula=formula,
            )
        )
    add(_ampacity_line(site, table))
    for note in _factor_notes(site, conditions):
        add(note)
    _circuit_lines(add, site, table)
    for check in meter_checks:
        add(bi("Meter: {message} ({word})", message=_said(check), word=_word(check)))
    if chosen is not None and (chosen[0].wire != table.wire or chosen[1].rating != table.breaker):
        circuit = chosen[0]
        add(bi("Recommended circuit: {line}", line=_ampacity_line(site, circuit)))
        _circuit_lines(add, site, circuit)
    if alternative is not None:
        add(
            bi(
                "Alternative, not chosen: a {in_} A breaker on the table's {wire} mm² would also "
                "meet IEC 60364-4-43 433.1 ({ib} A ≤ {in_} A ≤ {iz} A), but it is below the "
                "maker's rating; the recommendation never goes below the maker's.",
                in_=number(alternative.rating),
                wire=number(table.wire),
                ib=number(site.ib),
                iz=number(table.iz),
            )
        )
    return tuple(lines)


def _ampacity_line(site: _Site, c: _Circuit) -> Text:
    formula = (
        f"Iz = Iz,30 × kθ × kg = {number(c.tabulated)} A × {number(site.k_theta)} × "
        f"{number(site.k_group)} = {number(c.iz)} A"
    )
    return bi(
        "Ampacity ({wire} mm² copper PVC, method {method}, {loaded} loaded conductors; "
        "IEC 60364-5-52 Tables {table}, B.52.14, B.52.17): {formula}",
        wire=number(c.wire),
        method=site.method.name,
        loaded=site.loaded,
        table=site.method.table(site.loaded),
        formula=formula,
    )


#: The rows of Table B.52.17, as the working names them.
_ARRANGEMENTS = {
    "bunched": N_("item 1, bunched (in conduit or trunking, on a surface, embedded or enclosed)"),
    "wall": N_("item 2, single layer on a wall, floor or unperforated tray"),
    "tray": N_("item 4, single layer on a perforated tray"),
}


def _arrangement_line(site: _Site, conditions: SiteConditions) -> Text:
    key = conditions.arrangement
    row = bi(_ARRANGEMENTS[key]) if key in _ARRANGEMENTS else site.data.arrangement_names[key]
    return bi(
        "kg = {k}: IEC 60364-5-52 Table B.52.17, {row}; {n} circuit(s) in the group",
        k=number(site.k_group),
        row=row,
        n=conditions.grouping,
    )


def _factor_notes(site: _Site, conditions: SiteConditions) -> list[Text]:
    data = site.data
    t = conditions.ambient
    notes = [_arrangement_line(site, conditions)]
    if t < data.temperatures[0]:
        notes.append(
            bi(
                "kθ: {t} °C is below the table's lowest temperature; the {lowest} °C factor "
                "{k} is used (the true factor is higher, so this is on the safe side)",
                t=number(t),
                lowest=number(data.temperatures[0]),
                k=number(site.k_theta),
            )
        )
    elif not any(abs(t - listed) <= _TEMPERATURE_ROUNDOFF for listed in data.temperatures):
        notes.append(
            bi(
                "kθ: {t} °C lies between listed temperatures; the next listed up, {up} °C, "
                "gives {k} (the safer factor)",
                t=number(t),
                up=number(data.temperatures[bisect_left(data.temperatures, t)]),
                k=number(site.k_theta),
            )
        )
    n = conditions.grouping
    if n not in data.circuits:
        notes.append(
            bi(
                "kg: {n} circuits lie between listed counts; the next listed up, {up}, gives "
                "{k} (the safer factor)",
                n=n,
                up=data.circuits[bisect_left(data.circuits, n)],
                k=number(site.k_group),
            )
        )
    return notes


def _circuit_lines(add, site: _Site, c: _Circuit) -> None:
    _coordination_lines(add, site, c)
    _drop_lines(add, site, c)
    _terminal_line(add, site, c)


def _coordination_lines(add, site: _Site, c: _Circuit) -> None:
    ib_in, in_iz, i2 = c.coordination
    ok = ib_in.status == PASS and in_iz.status == PASS
    formula = f"{number(site.ib)} A ≤ {number(c.breaker)} A ≤ {number(c.iz)} A"
    add(
        bi(
            "Coordination Ib ≤ In ≤ Iz (IEC 60364-4-43 433.1): {formula} — {word}",
            formula=formula,
            word=bi(_HOLDS) if ok else bi(_FAILS),
        )
    )
    k2 = site.data.tripping_factor
    formula = (
        f"I2 = {number(k2)} × In = {number(k2)} × {number(c.breaker)} A = "
        f"{number(k2 * c.breaker)} A ≤ "
        f"1.45 × Iz = 1.45 × {number(c.iz)} A = {number(_IZ_FACTOR_433 * c.iz)} A"
    )
    add(bi("{formula} — {word}", formula=formula, word=_word(i2)))


def _drop_lines(add, site: _Site, c: _Circuit) -> None:
    b = 2 if site.phases == 1 else 1
    formula: str | Text = (
        f"u = b · ρ · L · Ib / S = {b} × {number(site.data.resistivity)} Ω·mm²/m × "
        f"{number(site.length)} m × {number(site.ib)} A / {number(c.wire)} mm² = {number(c.u)} V"
    )
    if site.phases == 3:
        formula = bi(
            "{formula} per line; line-to-line √3 × u = {drop} V",
            formula=formula,
            drop=number(c.drop),
        )
        u0 = f"{number(site.supply.voltage / SQRT3)} V (= {number(site.supply.voltage)} V / √3)"
    else:
        u0 = f"{number(site.supply.voltage)} V"
    if site.length_given:
        add(bi("Voltage drop (IEC 60364-5-52 Annex G): {formula}", formula=formula))
    else:
        add(
            bi(
                "Voltage drop (IEC 60364-5-52 Annex G) (length not given: default 0 m): {formula}",
                formula=formula,
            )
        )
    formula = (
        f"Δu = 100 × u / U0 = 100 × {number(c.u)} V / {u0} = {number(c.percent)} % ≤ "
        f"{number(site.max_drop)} %"
    )
    add(bi("{formula} — {word}", formula=formula, word=_word(c.drop_check)))


def _terminal_line(add, site: _Site, c: _Circuit) -> None:
    minus = "U − √3 · u" if site.phases == 3 else "U − u"
    formula = (
        f"U_heater = {minus} = {number(site.origin)} V − {number(c.drop)} V = "
        f"{number(c.terminal)} V ≥ {number(site.supply.min_voltage)} V"
    )
    word = _word(c.terminal_check)
    if site.origin_measured:
        add(
            bi("Voltage at the heater (U measured): {formula} — {word}", formula=formula, word=word)
        )
    else:
        add(
            bi(
                "Voltage at the heater (U nominal, not measured): {formula} — {word}",
                formula=formula,
                word=word,
            )
        )
