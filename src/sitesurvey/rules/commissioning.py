"""Rules C-*: the visit's checks and the handover (spec §2; 004 ch.4 §4, ch.5 §1, §5 G–H).

All are the installer's confirmations.
"""

from __future__ import annotations

from sitesurvey.results import CheckResult
from sitesurvey.rules.registry import RuleContext, rule

__all__ = ["model", "plan", "sign", "trial"]

_CONFIRMATION = "installer_confirmation"


@rule(
    "C-MODEL",
    order=17,
    title="Heater model checked against the purchase proof",
    source="004 ch.5 §1 上门时: 查对型号方可安装",
    basis=_CONFIRMATION,
    scope="confirmation",
)
def model(ctx: RuleContext) -> CheckResult:
    """The installer's confirmation, naming the model."""
    return ctx.confirmation(ctx.say(" (model {model})", model=ctx.survey.heater.model))


@rule(
    "C-PLAN",
    order=29,
    title="Fee schedule shown, work plan agreed, packing list checked with the customer",
    source="004 ch.4 §4 (4); ch.5 §5 A; seed 002",
    basis=_CONFIRMATION,
    scope="confirmation",
)
def plan(ctx: RuleContext) -> CheckResult:
    """The installer's confirmation."""
    return ctx.confirmation()


@rule(
    "C-TRIAL",
    order=30,
    title="Trial run of at least 10 minutes; customer can operate the heater",
    source="004 ch.5 §5 G: 通电通水试机十分钟,并向用户讲解使用方法",
    basis=_CONFIRMATION,
    scope="confirmation",
)
def trial(ctx: RuleContext) -> CheckResult:
    """The installer's confirmation."""
    return ctx.confirmation()


@rule(
    "C-SIGN",
    order=31,
    title="Work order filled in and signed by the customer; warranty card filled in",
    source="004 ch.5 §5 H; seed 000 (不准代替客户签名); seed 001 5.2.3.1.5",
    basis=_CONFIRMATION,
    scope="confirmation",
)
def sign(ctx: RuleContext) -> CheckResult:
    """The installer's confirmation."""
    return ctx.confirmation()
