"""Rule P-PRESSURE: the water pressure against the table's range (spec §2; 004 ch.5 §2 A)."""

from __future__ import annotations

from sitesurvey.results import CheckResult, Value
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
    # three significant digits as a gauge reads: 2.5 公斤 is 0.245 MPa, not 0.245166
    f = {"pressure": float(f"{measured:.3g}"), "range": required.text}
    if measured < rng.min:
        off = ctx.say("Water pressure {pressure:g} MPa is below the heater's range {range}.", **f)
    else:
        off = ctx.say("Water pressure {pressure:g} MPa is above the heater's range {range}.", **f)
    passed = ctx.say("Water pressure {pressure:g} MPa is within {range}.", **f)
    return ctx.judge(Value(measured, "MPa"), required, passed, off)
