"""Rule P-PRESSURE: the water pressure against the table's range (spec §2; 004 ch.5 §2 A)."""

from __future__ import annotations

from sitesurvey.results import FAIL, PASS, CheckResult, Value
from sitesurvey.rules.registry import RuleContext, rule

__all__ = ["pressure"]


@rule(
    "P-PRESSURE",
    order=25,
    title="Water pressure within the table's range",
    source="004 ch.5 §2 A 安装电路条件 (适用水压 0.05MPa 0.75MPa, read as inclusive)",
    scope="existing",
)
def pressure(ctx: RuleContext) -> CheckResult:
    """The water pressure within the heater's range [MPa] (inclusive)."""
    rng = ctx.sizing.row.water_pressure
    required = ctx.bound("MPa", rng.min, rng.max)
    measured = ctx.site.water_pressure
    if measured is None:
        return ctx.missing("site.water_pressure", required=required)
    ok = required.contains(measured)
    f = {"pressure": measured, "range": required.text}
    if ok:
        message = ctx.say("Water pressure {pressure:g} MPa is within {range}.", **f)
    elif measured < rng.min:
        message = ctx.say(
            "Water pressure {pressure:g} MPa is below the heater's range {range}.", **f
        )
    else:
        message = ctx.say(
            "Water pressure {pressure:g} MPa is above the heater's range {range}.", **f
        )
    return ctx.result(PASS if ok else FAIL, message, Value(measured, "MPa"), required)
