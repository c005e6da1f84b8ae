"""Rules U-*: how the heater will be used, told and recorded (spec §2; 004 ch.2, ch.5 §2 B–C).

All are the installer's confirmations; ``U-BATH`` also needs the bathtub use recorded and
``U-MIXER`` passes without a mixing valve.
"""

from __future__ import annotations

from sitesurvey.results import PASS, CheckResult, Text
from sitesurvey.rules import registry
from sitesurvey.rules.registry import RuleContext, rule

__all__ = ["bath", "mixer", "original_shower", "shutdown"]

_CONFIRMATION = "installer_confirmation"


@rule(
    "U-ORIGINAL-SHOWER",
    order=24,
    title="Customer told the supplied shower head must be used",
    source="004 ch.2 §1 item 6: 必需使用随机原配花洒,不然造成一切问题由使用者自己负担",
    basis=_CONFIRMATION,
    scope="confirmation",
)
def original_shower(ctx: RuleContext) -> CheckResult:
    """The installer's confirmation."""
    return ctx.confirmation()


@rule(
    "U-BATH",
    order=26,
    title="Bathtub use and special needs recorded and explained in advance",
    source="004 ch.5 §2 B: 是否使用浴缸,水量及水温是否有特殊要求,有特殊情况必需事先向用户说明",
    basis=_CONFIRMATION,
    scope="confirmation",
)
def bath(ctx: RuleContext) -> CheckResult:
    """The installer's confirmation, with the bathtub use and special needs recorded."""
    usage = ctx.survey.usage
    if usage.bathtub is None and ctx.survey.confirmations.get(ctx.rule.id) != "no":
        return ctx.missing("usage.bathtub", required=registry.YES)
    if usage.bathtub is None:
        tub = ctx.say("bathtub use not recorded")
    elif usage.bathtub:
        tub = ctx.say("bathtub used")
    else:
        tub = ctx.say("no bathtub")
    needs = Text("", "")
    if usage.special_needs:
        needs = ctx.say("; special needs: {needs}", needs=usage.special_needs)
    return ctx.confirmation(ctx.say(" ({tub}{needs})", tub=tub, needs=needs))


@rule(
    "U-MIXER",
    order=27,
    title="Mixing valve made ineffective where possible; customer told to run it full hot",
    source="004 ch.5 §2 C: 尽可能让混水阀失去作用",
    basis=_CONFIRMATION,
    scope="confirmation",
)
def mixer(ctx: RuleContext) -> CheckResult:
    """The installer's confirmation; passes when no mixing valve is fitted."""
    if ctx.survey.usage.mixing_valve is False:
        message = ctx.say("No mixing valve is fitted: nothing to make ineffective.")
        return ctx.result(PASS, message, ctx.say("no mixing valve"), registry.YES)
    return ctx.confirmation()


@rule(
    "U-SHUTDOWN",
    order=28,
    title="Customer told: power off first, let the hot water run out, then close the water",
    source="004 ch.5 §2 C: 提议使用完后,先关电,等热水排完后再关水",
    basis=_CONFIRMATION,
    scope="confirmation",
)
def shutdown(ctx: RuleContext) -> CheckResult:
    """The installer's confirmation."""
    return ctx.confirmation()
