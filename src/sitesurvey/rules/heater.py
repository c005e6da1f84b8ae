"""Rules H-*: the heater's position, the shower head and the pipes (spec §2; 004 ch.5 §5).

Tolerances the manual does not give are the project's choice, repeated in each message:

* ``H-HEIGHT``: the display within ±:data:`DISPLAY_TOLERANCE` (0.10 m) of the main
  user's eye height, taken as body height − :data:`EYE_BELOW_HEAD_TOP` (0.12 m); without
  a user height, :data:`DEFAULT_DISPLAY_HEIGHT` (1.5 m, the manual's "通常高度以1.5米为准").
* ``H-SHOWER-ALIGN``: the shower head at most :data:`SHOWER_ALIGN_TOLERANCE` (0.05 m)
  from the heater's vertical axis.
* ``H-SHOWER-HEAD``: 10–50 cm above the head of the *tallest* user (advice).
"""

from __future__ import annotations

from sitesurvey import fmt
from sitesurvey.results import NOT_CHECKED, PASS, WARN, CheckResult, Value
from sitesurvey.rules import registry
from sitesurvey.rules.registry import RuleContext, rule

__all__ = [
    "DEFAULT_DISPLAY_HEIGHT",
    "DISPLAY_TOLERANCE",
    "EYE_BELOW_HEAD_TOP",
    "SHOWER_ABOVE_HEAD",
    "SHOWER_ALIGN_TOLERANCE",
    "display_height",
    "drilling",
    "level",
    "pipes",
    "shower_align",
    "shower_head",
]

#: H-HEIGHT: eye height = body height − this [m] (project's choice).
EYE_BELOW_HEAD_TOP = 0.12
#: H-HEIGHT: allowed distance of the display from the eye height [m] (project's choice).
DISPLAY_TOLERANCE = 0.10
#: H-HEIGHT: the manual's general display height when no user height is known [m].
DEFAULT_DISPLAY_HEIGHT = 1.5
#: H-SHOWER-ALIGN: allowed horizontal offset of the shower head from the axis [m].
SHOWER_ALIGN_TOLERANCE = 0.05
#: H-SHOWER-HEAD: shower head this far above the tallest user's head [m] (manual).
SHOWER_ABOVE_HEAD = (0.10, 0.50)

_CONFIRMATION = "installer_confirmation"


@rule(
    "H-HEIGHT",
    order=18,
    title="Display at the user's eye level (generally 1.5 m)",
    source="004 ch.5 §5 A: 高度为使用者眼睛平视显示器为标准,通常高度以1.5米为准 — "
    "tolerance ±0.10 m and eye height = body height − 0.12 m are the project's choice",
    scope="design",
)
def display_height(ctx: RuleContext) -> CheckResult:
    """The display within :data:`DISPLAY_TOLERANCE` of the main user's eye height [m]."""
    user = ctx.survey.usage.main_user_height
    if user is None:
        target = DEFAULT_DISPLAY_HEIGHT
        basis = ctx.say(
            "no user height recorded: the manual's general {target} m", target=fmt.number(target)
        )
    else:
        target = user - EYE_BELOW_HEAD_TOP
        basis = ctx.say(
            "the main user's eye height ≈ {user} m − {below} m = {target} m",
            user=fmt.number(user),
            below=fmt.number(EYE_BELOW_HEAD_TOP),
            target=fmt.number(target),
        )
    required = ctx.bound("m", target - DISPLAY_TOLERANCE, target + DISPLAY_TOLERANCE)
    display = ctx.site.display_height
    if display is None:
        return ctx.missing("site.heater.display_height", required=required)
    f = {
        "display": fmt.number(display),
        "basis": basis,
        "tolerance": fmt.cm(DISPLAY_TOLERANCE),
        "range": required.text,
    }
    return ctx.judge(
        Value(display, "m"),
        required,
        ctx.say(
            "Display at {display} m, at eye level: {basis} (±{tolerance} cm, the project's "
            "tolerance).",
            **f,
        ),
        ctx.say(
            "Display at {display} m is not at eye level: {basis}; required {range} "
            "(±{tolerance} cm, the project's tolerance).",
            **f,
        ),
    )


@rule(
    "H-SHOWER-HEAD",
    order=19,
    title="Shower head preferably 10–50 cm above the user's head (advice)",
    source="004 ch.5 §5 A: 花洒高于头顶10-50CM为佳 — the tallest user's head",
    scope="design",
)
def shower_head(ctx: RuleContext) -> CheckResult:
    """Advice: the shower head :data:`SHOWER_ABOVE_HEAD` above the tallest user's head [m]."""
    tallest = ctx.survey.usage.tallest_user_height
    head = ctx.site.shower.head_height
    missing = ctx.absent({"site.shower.head_height": head, "usage.user_heights": tallest})
    if head is None or tallest is None:
        return ctx.missing(*missing)
    low, high = SHOWER_ABOVE_HEAD
    required = ctx.bound("m", tallest + low, tallest + high)
    f = {
        "head": fmt.number(head),
        "above": fmt.cm(head - tallest),
        "tallest": fmt.number(tallest),
        "range": required.text,
    }
    return ctx.judge(
        Value(head, "m"),
        required,
        ctx.say(
            "Shower head at {head} m, {above} cm above the tallest user's head ({tallest} m): "
            "within 10–50 cm.",
            **f,
        ),
        ctx.say(
            "Shower head at {head} m is {above} cm above the tallest user's head "
            "({tallest} m); 10–50 cm is advised ({range}). Advice only.",
            **f,
        ),
        broken=WARN,
    )


@rule(
    "H-SHOWER-ALIGN",
    order=20,
    title="Shower head on the heater's axis",
    source="004 ch.5 §5 A: 花洒定位要和机器对称 — tolerance 0.05 m is the project's choice",
    scope="design",
)
def shower_align(ctx: RuleContext) -> CheckResult:
    """The shower head at most :data:`SHOWER_ALIGN_TOLERANCE` from the heater's axis [m]."""
    required = ctx.bound("m", high=SHOWER_ALIGN_TOLERANCE)
    offset = ctx.site.shower.offset_from_axis
    if offset is None:
        return ctx.missing("site.shower.offset_from_axis", required=required)
    f = {"offset": fmt.cm(offset), "tolerance": fmt.cm(SHOWER_ALIGN_TOLERANCE)}
    return ctx.judge(
        Value(offset, "m"),
        required,
        ctx.say(
            "Shower head {offset} cm from the heater's axis: symmetric (at most {tolerance} cm, "
            "the project's tolerance).",
            **f,
        ),
        ctx.say(
            "Shower head {offset} cm from the heater's axis: not symmetric to the heater "
            "(at most {tolerance} cm, the project's tolerance).",
            **f,
        ),
    )


@rule(
    "H-LEVEL",
    order=21,
    title="Heater level and plumb, fixed at three points",
    source="004 ch.5 §5 A: 确保机器做到横平竖直 … 把机器固定在三个点位置",
    basis=_CONFIRMATION,
    scope="confirmation",
)
def level(ctx: RuleContext) -> CheckResult:
    """The installer's confirmation."""
    return ctx.confirmation()


@rule(
    "H-DRILL",
    order=22,
    title="Drilling points checked and marked with dimensions for the customer to sign",
    source="004 ch.5 §5 A–B: 钻孔位置确定后让用户在安装单上标明尺寸处署名确定",
    basis=_CONFIRMATION,
    scope="confirmation",
)
def drilling(ctx: RuleContext) -> CheckResult:
    """The installer's confirmation; a confirmed rule without the drilling points is not
    checked (the sheet needs them for the customer to sign)."""
    result = ctx.confirmation()
    if result.status == PASS and not ctx.survey.drilling:
        message = ctx.say(
            "Confirmed, but the three drilling points are not recorded (drilling.points): "
            "the sheet needs them for the customer to sign."
        )
        return ctx.result(NOT_CHECKED, message, result.measured, registry.YES)  # type: ignore[arg-type]
    return result


@rule(
    "H-PIPES",
    order=23,
    title="Pipe joints firm and leak-free, clamped flush, parallel, cut to length",
    source="004 ch.5 §5 D",
    basis=_CONFIRMATION,
    scope="confirmation",
)
def pipes(ctx: RuleContext) -> CheckResult:
    """The installer's confirmation."""
    return ctx.confirmation()
