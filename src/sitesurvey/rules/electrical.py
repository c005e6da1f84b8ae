"""Rules E-*: the electrical supply at the site (spec §2; 004 ch.5 §1–§3, ch.2).

The existing dedicated line, air switch, meter, earth, RCD and main switch against the
manufacturer's table, and the supply voltage against the supply's normal range
(the table's ``normal_range`` of each supply, 198–242 V for 220 V).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitesurvey.i18n import bi
from sitesurvey.results import (
    FAIL,
    NOT_APPLICABLE,
    NOT_CHECKED,
    PASS,
    WARN,
    Bound,
    CheckResult,
    Text,
    Value,
)
from sitesurvey.rules import registry
from sitesurvey.rules.registry import RuleContext, join, rule

if TYPE_CHECKING:
    from sitesurvey.sizing import SizingResult
    from sitesurvey.sizing.table import Meter

__all__ = [
    "breaker",
    "dedicated_line",
    "earth",
    "main_switch",
    "meter",
    "meter_kind",
    "polarity",
    "rcd",
    "table_meter",
    "voltage",
    "wire",
]

_CONFIRMATION = "installer_confirmation"


def table_meter(sizing: SizingResult, kind: str) -> Meter:
    """The table's meter of this kind (``"electronic"`` or ``"mechanical"``)."""
    row = sizing.row
    return row.electronic_meter if kind == "electronic" else row.mechanical_meter


def meter_kind(kind: str) -> Text:
    """The words for a kind of meter (``"mechanical"`` → mechanical / 机械表)."""
    if kind == "electronic":
        return bi("IC-card electronic", None)
    return bi("mechanical", None)


@rule(
    "E-WIRE",
    order=1,
    title="Dedicated-line wire at least the table's cross-section",
    source="004 ch.5 §2 A 安装电路条件 (电线要求)",
    scope="existing",
)
def wire(ctx: RuleContext) -> CheckResult:
    """The existing dedicated-line wire is at least the table's cross-section [mm²]."""
    table = ctx.sizing.row.wire
    required = ctx.bound("mm²", low=table)
    line = ctx.site.dedicated_line
    if line.present is False:
        message = ctx.say(
            "No existing dedicated line to check (see E-DEDICATED); the new line's wire is "
            "the plan's."
        )
        return ctx.result(NOT_APPLICABLE, message)
    if line.wire is None:
        return ctx.missing("site.dedicated_line.wire", required=required)
    fields = {"wire": line.wire, "table": table, "power": ctx.sizing.row.power}
    return ctx.judge(
        Value(line.wire, "mm²"),
        required,
        ctx.say(
            "Dedicated-line wire {wire:g} mm² ≥ {table:g} mm², the table's wire for {power:g} W.",
            **fields,
        ),
        ctx.say(
            "Dedicated-line wire {wire:g} mm² is thinner than the table's {table:g} mm² "
            "for {power:g} W: the line must be replaced.",
            **fields,
        ),
    )


@rule(
    "E-BREAKER",
    order=2,
    title="Air switch protects the existing wire and carries the heater",
    source="004 ch.5 §2 A 安装电路条件 (空气开关); installation-spec.md §2 E-BREAKER; "
    "IEC 60364-4-43:2008 433.1 (Ib ≤ In ≤ Iz)",
    scope="existing",
)
def breaker(ctx: RuleContext) -> CheckResult:
    """The existing air switch against the existing wire on this site (spec §2).

    Fail when it does not protect the wire (In > Iz, Iz with the site's derating where
    route conditions are recorded, else for the default method B1 at 30 °C), when it
    trips in normal use (In < Ib) or when its poles are not the table's; warn when it is
    safe by those tests but below the maker's rating; pass when In ≥ the maker's rating
    and In ≤ Iz. The requirement is the safe range Ib–Iz (from the maker's rating where
    that is inside it), never an empty or inverted range.
    """
    from sitesurvey.plan import conditions_text, site_conditions, wire_iz

    sizing = ctx.sizing
    table = sizing.row.breaker
    ib = sizing.design_current
    line = ctx.site.dedicated_line
    reading = ctx.site.breaker
    if line.present is False:
        message = ctx.say(
            "No existing dedicated line: the new line gets the plan's air switch (see the plan)."
        )
        return ctx.result(NOT_APPLICABLE, message)
    if reading.rating is None:
        return ctx.missing("site.breaker.rating")
    rating = reading.rating
    if line.wire is None:
        return ctx.missing("site.dedicated_line.wire", measured=Value(rating, "A"))
    conditions, recorded = site_conditions(ctx.survey)
    iz = wire_iz(line.wire, conditions, sizing.supply.phases)
    where = conditions_text(conditions, recorded)
    f = {
        "rating": rating,
        "table": table.rating,
        "ib": ib,
        "iz": iz,
        "wire": line.wire,
        "where": where,
    }
    if iz is None:
        message = ctx.say(
            "Not checked: {wire:g} mm² is not a size of the capacity table.", wire=line.wire
        )
        return ctx.result(NOT_CHECKED, message, Value(rating, "A"))
    required: Bound | Text
    if ib > iz:
        required = ctx.say(
            "none: the {wire:g} mm² wire carries {iz:.1f} A, less than the design current "
            "{ib:.1f} A",
            **f,
        )
    else:
        low = table.rating if ib <= table.rating <= iz else ib
        required = ctx.bound("A", low=low, high=iz)
    parts: list[Text] = [
        ctx.say(
            "Air switch {rating:g} A on the existing {wire:g} mm² wire: Iz {iz:.1f} A "
            "({where}), design current Ib {ib:.1f} A, the maker's rating {table:g} A.",
            **f,
        )
    ]
    status = PASS
    if rating > iz:
        status = FAIL
        parts.append(ctx.say("In {rating:g} A > Iz {iz:.1f} A: it does not protect the wire.", **f))
    if rating < ib:
        status = FAIL
        parts.append(ctx.say("In {rating:g} A < Ib {ib:.1f} A: it trips in normal use.", **f))
    if status == PASS and rating < table.rating:
        status = WARN
        parts.append(
            ctx.say(
                "Safe for the wire, but below the maker's {table:g} A: it may trip at the top "
                "of the supply range.",
                **f,
            )
        )
    if reading.poles is None:
        if status != FAIL:
            status = NOT_CHECKED
        from sitesurvey.survey.reader import format_2_path

        parts.append(
            ctx.say("Poles not recorded ({key}).", key=format_2_path("site.breaker.poles"))
        )
    elif reading.poles != table.poles:
        status = FAIL
        parts.append(
            ctx.say(
                "It is {poles}-pole; the table asks for {table_poles}-pole.",
                poles=reading.poles,
                table_poles=table.poles,
            )
        )
    else:
        parts.append(ctx.say("{poles}-pole as the table asks.", poles=reading.poles))
    if status == FAIL:
        parts.append(ctx.say("It is replaced by the plan's air switch."))
    return ctx.result(status, join(parts), Value(rating, "A"), required)


@rule(
    "E-METER",
    order=3,
    title="Meter Imax at least the table's, for its kind",
    source="004 ch.5 §2 A 安装电路条件 (电表要求: 磁卡电子表 / 机械表)",
    scope="existing",
)
def meter(ctx: RuleContext) -> CheckResult:
    """The existing meter's Imax is at least the table's for its kind [A]; a single-phase
    meter cannot supply a three-phase heater."""
    reading = ctx.site.meter
    if reading.max is None:
        return ctx.missing("site.meter.marking")
    if reading.kind is None:
        return ctx.missing("site.meter.kind")
    table = table_meter(ctx.sizing, reading.kind)
    word = meter_kind(reading.kind)
    required = ctx.bound("A", low=table.max)
    ok = required.contains(reading.max)
    phases_ok = (reading.phases or 1) >= ctx.sizing.supply.phases
    f = {
        "kind": Text(word.en[0].upper() + word.en[1:], word.zh),
        "marking": reading.marking,
        "imax": reading.max,
        "table": table.max,
        "table_marking": table.marking,
    }
    if ok and phases_ok:
        message = ctx.say(
            "{kind} meter {marking}: Imax {imax:g} A ≥ {table:g} A of the table's {table_marking}.",
            **f,
        )
    else:
        parts = []
        if not ok:
            parts.append(
                ctx.say(
                    "{kind} meter {marking}: Imax {imax:g} A is below {table:g} A of the "
                    "table's {table_marking}.",
                    **f,
                )
            )
        if not phases_ok:
            parts.append(
                ctx.say(
                    "A single-phase meter cannot supply the three-phase heater ({table_marking}).",
                    **f,
                )
            )
        parts.append(ctx.say("Changing the meter needs the customer's consent and signature."))
        message = join(parts)
    return ctx.result(
        PASS if ok and phases_ok else FAIL, message, Value(reading.max, "A"), required
    )


@rule(
    "E-DEDICATED",
    order=4,
    title="Dedicated line from the indoor main switch",
    source="004 ch.5 §1 联络用户 (是否拉好专线); ch.2 §2 item 3 (屋内总开关处到热水器安装距离)",
    scope="existing",
)
def dedicated_line(ctx: RuleContext) -> CheckResult:
    """The heater has its own line from the indoor main switch."""
    present = ctx.site.dedicated_line.present
    if present is None:
        return ctx.missing("site.dedicated_line.present", required=registry.YES)
    if present:
        message = ctx.say("The heater has its own dedicated line from the indoor main switch.")
        return ctx.result(PASS, message, registry.YES, registry.YES)
    message = ctx.say(
        "No dedicated line from the indoor main switch: one must be run (see the plan)."
    )
    return ctx.result(FAIL, message, registry.NO, registry.YES)


@rule(
    "E-EARTH",
    order=5,
    title="Earth conductor present and well earthed",
    source="004 ch.5 §3 C: 电器地线尤其注意要良好接地",
    scope="existing",
)
def earth(ctx: RuleContext) -> CheckResult:
    """The earth conductor is present and well earthed."""
    good = ctx.say("good")
    state = ctx.site.earth
    if state is None:
        return ctx.missing("site.earth", required=good)
    if state == "good":
        message = ctx.say("The earth conductor is present and well earthed.")
        return ctx.result(PASS, message, good, good)
    if state == "poor":
        measured, what = ctx.say("poor"), ctx.say("is poorly earthed")
    else:
        measured, what = ctx.say("absent"), ctx.say("is missing")
    message = ctx.say(
        "The earth conductor {state}: it must be connected and well earthed before installing.",
        state=what,
    )
    return ctx.result(FAIL, message, measured, good)


@rule(
    "E-POLARITY",
    order=6,
    title="Live, neutral and earth told apart; connected through a terminal block",
    source="004 ch.5 §5 E: 注意零火线接地线区分,通常采取接线柱接线; §3 C: 需用我们专用接线柱",
    basis=_CONFIRMATION,
    scope="confirmation",
)
def polarity(ctx: RuleContext) -> CheckResult:
    """The installer's confirmation."""
    return ctx.confirmation()


@rule(
    "E-RCD",
    order=7,
    title="Leakage protection (RCD) on the circuit",
    source="004 ch.5 §1 (漏电开关 in the materials list); §5 E: 注意防水防漏电保护 — "
    "interpretation: the project requires an RCD",
    scope="existing",
)
def rcd(ctx: RuleContext) -> CheckResult:
    """The heater circuit has an RCD (the project's interpretation of the manual)."""
    present = ctx.site.rcd
    if present is None:
        return ctx.missing("site.rcd", required=registry.YES)
    note = ctx.say("(The project requires an RCD: an interpretation of the manual.)")
    if present:
        message = join([ctx.say("The heater circuit has an RCD."), note])
        return ctx.result(PASS, message, registry.YES, registry.YES)
    message = join([ctx.say("The heater circuit has no RCD: one must be added."), note])
    return ctx.result(FAIL, message, registry.NO, registry.YES)


@rule(
    "E-MAIN",
    order=8,
    title="Main switch at least the total current of all appliances on together",
    source="004 ch.5 §3 note: 总开关电流应等于用户家中全部电器一起开电流总数",
    scope="existing",
)
def main_switch(ctx: RuleContext) -> CheckResult:
    """The main switch carries all appliances on together
    (:func:`sitesurvey.engineering.main_switch_check`)."""
    site = ctx.site
    missing = ctx.absent(
        {"site.main_switch.rating": site.main_switch.rating, "site.appliances": site.appliances}
    )
    if missing:
        return ctx.missing(*missing)
    from sitesurvey.engineering import main_switch_check

    return main_switch_check(
        site.main_switch.rating,  # type: ignore[arg-type]
        ctx.survey.heater.power,
        [a.power for a in site.appliances],  # type: ignore[union-attr]
        appliance_phases=[a.phase for a in site.appliances],  # type: ignore[union-attr]
        voltage=ctx.sizing.supply.voltage,
        phases=ctx.sizing.supply.phases,
    )


@rule(
    "E-VOLTAGE",
    order=9,
    title="Supply voltage within the normal range",
    source="004 ch.2 §1 item 9(7): 超出正常电压范围(198V-242V)",
    scope="existing",
)
def voltage(ctx: RuleContext) -> CheckResult:
    """The measured supply voltage is within the supply's normal range [V] (the table's
    ``normal_range``: 198–242 V for 220 V, ±10 % for 380 V)."""
    supply = ctx.sizing.supply
    required = ctx.bound("V", supply.min_voltage, supply.max_voltage)
    source = f"{supply.range_source} — the {supply.voltage:g} V supply's normal range"
    measured = ctx.site.supply_voltage
    if measured is None:
        return ctx.missing("site.supply_voltage", required=required, source=source)
    f = {"voltage": measured, "range": required.text}
    return ctx.judge(
        Value(measured, "V"),
        required,
        ctx.say("Supply {voltage:g} V is within the normal range {range}.", **f),
        ctx.say(
            "Supply {voltage:g} V is outside the normal range {range}: damage from such a "
            "supply is not covered by the warranty. This is not changed on site: report to "
            "the company (004 ch.5 §3) and ask the power utility before installing.",
            **f,
        ),
        source=source,
    )
