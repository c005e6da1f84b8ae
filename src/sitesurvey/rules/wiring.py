"""Rules W-*: the dedicated line's route and socket (spec §2; 004 ch.5 §3 A–E).

Tolerances the manual does not give are the project's choice:
``W-SOCKET-CEILING`` reads "close to the ceiling" as at most
:data:`SOCKET_CEILING_DISTANCE` (0.30 m) below it.
"""

from __future__ import annotations

from sitesurvey import fmt
from sitesurvey.results import FAIL, PASS, WARN, CheckResult, Text, Value
from sitesurvey.rules.registry import RuleContext, join, rule

__all__ = [
    "SOCKET_CEILING_DISTANCE",
    "SOCKET_OPENING",
    "WIRING_MIN_HEIGHT",
    "flush",
    "height",
    "route_axes",
    "route_dry",
    "socket_above_shower",
    "socket_ceiling",
    "socket_opening",
]

#: W-HEIGHT: horizontal runs strictly above this height [m] (manual: 大于2.5m).
WIRING_MIN_HEIGHT = 2.5
#: W-SOCKET-CEILING: "close to the ceiling" = at most this far below it [m] (project's choice).
SOCKET_CEILING_DISTANCE = 0.30
#: W-SOCKET-OPENING: socket distance to a door frame or window edge [m] (manual: 15-20cm).
SOCKET_OPENING = (0.15, 0.20)


def _run_numbers(indices: list[int]) -> Text:
    """``run 1, run 3`` / ``1、3``: the runs a message names."""
    return Text(", ".join(f"run {i}" for i in indices), "、".join(map(str, indices)))


@rule(
    "W-HEIGHT",
    order=10,
    title="Horizontal wiring more than 2.5 m above the floor",
    source="004 ch.5 §3 A: 布线水平高度距地面大于2.5m",
    scope="design",
)
def height(ctx: RuleContext) -> CheckResult:
    """Every horizontal run is strictly above :data:`WIRING_MIN_HEIGHT` [m]."""
    required = ctx.bound("m", low=WIRING_MIN_HEIGHT, low_inclusive=False)
    runs = ctx.site.wiring.runs
    if not runs:
        return ctx.missing("site.wiring.runs", required=required)
    horizontal = [(i, r) for i, r in enumerate(runs, 1) if r.orientation == "horizontal"]
    unknown_orientation = [i for i, r in enumerate(runs, 1) if r.orientation is None]
    low = [
        (i, r.height)
        for i, r in horizontal
        if r.height is not None and not required.contains(r.height)
    ]
    no_height = [i for i, r in horizontal if r.height is None]
    heights = [r.height for _, r in horizontal if r.height is not None]
    measured = Value(min(heights), "m") if heights else None
    if low:
        where = join(
            (ctx.say("run {run} at {height} m", run=i, height=fmt.number(h)) for i, h in low),
            ", ",
            "、",
        )
        message = ctx.say(
            "Horizontal wiring must run more than 2.5 m above the floor; {where}.", where=where
        )
        return ctx.result(FAIL, message, measured, required)
    if no_height or unknown_orientation:
        keys = [f"site.wiring.runs[{i}].height" for i in no_height]
        keys += [f"site.wiring.runs[{i}].orientation" for i in unknown_orientation]
        return ctx.missing(*keys, required=required, measured=measured)
    if not horizontal:
        message = ctx.say("The route has no horizontal runs.")
        return ctx.result(PASS, message, ctx.say("no horizontal runs"), required)
    message = ctx.say(
        "Every horizontal run is more than 2.5 m above the floor (lowest {lowest} m).",
        lowest=fmt.number(min(heights)),
    )
    return ctx.result(PASS, message, measured, required)


@rule(
    "W-SOCKET-ABOVE-SHOWER",
    order=11,
    title="Socket higher than the shower head",
    source="004 ch.5 §3 A: 插座高于花洒",
    scope="design",
)
def socket_above_shower(ctx: RuleContext) -> CheckResult:
    """The socket is strictly higher than the shower head [m]."""
    socket = ctx.site.socket.height
    head = ctx.site.shower.head_height
    if head is None:
        return ctx.missing(
            "site.shower.head_height", *(["site.socket.height"] if socket is None else [])
        )
    required = ctx.bound("m", low=head, low_inclusive=False)
    if socket is None:
        return ctx.missing("site.socket.height", required=required)
    f = {"socket": fmt.number(socket), "head": fmt.number(head)}
    return ctx.judge(
        Value(socket, "m"),
        required,
        ctx.say("Socket at {socket} m is higher than the shower head at {head} m.", **f),
        ctx.say(
            "Socket at {socket} m must be higher than the shower head at {head} m; "
            "move the socket up.",
            **f,
        ),
    )


@rule(
    "W-SOCKET-CEILING",
    order=12,
    title="Socket preferably close to the ceiling (advice)",
    source="004 ch.5 §3 A: 贴近天花板为宜 — 'close' = within 0.30 m, the project's choice",
    scope="design",
)
def socket_ceiling(ctx: RuleContext) -> CheckResult:
    """Advice: the socket at most :data:`SOCKET_CEILING_DISTANCE` below the ceiling [m]."""
    socket = ctx.site.socket.height
    ceiling = ctx.site.ceiling_height
    missing = ctx.absent({"site.socket.height": socket, "site.ceiling_height": ceiling})
    if socket is None or ceiling is None:
        return ctx.missing(*missing)
    f = {"gap": fmt.cm(ceiling - socket), "limit": fmt.cm(SOCKET_CEILING_DISTANCE)}
    return ctx.judge(
        Value(socket, "m"),
        ctx.bound("m", low=ceiling - SOCKET_CEILING_DISTANCE),
        ctx.say(
            "Socket {gap} cm below the ceiling: close to it, as advised "
            "(within {limit} cm, the project's reading of 贴近).",
            **f,
        ),
        ctx.say(
            "Socket {gap} cm below the ceiling: the manual advises close to the ceiling "
            "(within {limit} cm, the project's reading). Advice only.",
            **f,
        ),
        broken=WARN,
    )


@rule(
    "W-SOCKET-OPENING",
    order=13,
    title="Socket 15–20 cm from a door frame or window edge",
    source="004 ch.5 §3 A: 插座距门框、窗边1520cm (read as 15–20 cm)",
    scope="design",
)
def socket_opening(ctx: RuleContext) -> CheckResult:
    """The socket is :data:`SOCKET_OPENING` from a door frame or window edge [m]."""
    required = ctx.bound("m", *SOCKET_OPENING)
    distance = ctx.site.socket.distance_to_opening
    if distance is None:
        return ctx.missing("site.socket.distance_to_opening", required=required)
    cm = fmt.cm(distance)
    if distance < SOCKET_OPENING[0]:
        off = ctx.say(
            "Socket {cm} cm from the nearest door frame or window edge: too close — it must "
            "be 15–20 cm.",
            cm=cm,
        )
    else:
        off = ctx.say(
            "Socket {cm} cm from the nearest door frame or window edge: too far — it must "
            "be 15–20 cm.",
            cm=cm,
        )
    passed = ctx.say("Socket {cm} cm from the nearest door frame or window edge (15–20 cm).", cm=cm)
    return ctx.judge(Value(distance, "m"), required, passed, off)


@rule(
    "W-ROUTE-AXES",
    order=14,
    title="Runs horizontal or vertical",
    source="004 ch.5 §3 B: 线路走向必需横平竖直,和室内标准参考物成平行线",
    scope="design",
)
def route_axes(ctx: RuleContext) -> CheckResult:
    """Every run is horizontal or vertical."""
    required = ctx.say("every run horizontal or vertical")
    runs = ctx.site.wiring.runs
    if not runs:
        return ctx.missing("site.wiring.runs", required=required)
    slanted = [i for i, r in enumerate(runs, 1) if r.orientation == "other"]
    unknown = [i for i, r in enumerate(runs, 1) if r.orientation is None]

    def count(orientation: str) -> int:
        return sum(1 for r in runs if r.orientation == orientation)

    parts = []
    if n := count("horizontal"):
        parts.append(ctx.say("{n} horizontal", n=n))
    if n := count("vertical"):
        parts.append(ctx.say("{n} vertical", n=n))
    if n := count("other"):
        parts.append(ctx.say("{n} other", n=n))
    measured = join(parts, ", ", "，") if parts else None
    if slanted:
        runs_text = _run_numbers(slanted)
        if len(slanted) == 1:
            message = ctx.say(
                "Runs must be horizontal or vertical, parallel to the room's lines; "
                "{runs} is neither.",
                runs=runs_text,
            )
        else:
            message = ctx.say(
                "Runs must be horizontal or vertical, parallel to the room's lines; "
                "{runs} are neither.",
                runs=runs_text,
            )
        return ctx.result(FAIL, message, measured, required)
    if unknown:
        keys = (f"site.wiring.runs[{i}].orientation" for i in unknown)
        return ctx.missing(*keys, required=required, measured=measured)
    message = ctx.say("Every run is horizontal or vertical ({counts}).", counts=measured)
    return ctx.result(PASS, message, measured, required)


@rule(
    "W-ROUTE-DRY",
    order=15,
    title="Route avoids damp places",
    source="004 ch.5 §3 C: 布线路径避开潮湿地方",
    scope="design",
)
def route_dry(ctx: RuleContext) -> CheckResult:
    """No run passes a damp place."""
    required = ctx.say("no run through a damp place")
    runs = ctx.site.wiring.runs
    if not runs:
        return ctx.missing("site.wiring.runs", required=required)
    damp = [i for i, r in enumerate(runs, 1) if r.damp is True]
    unknown = [i for i, r in enumerate(runs, 1) if r.damp is None]
    if damp:
        if len(damp) == 1:
            message = ctx.say(
                "The route must avoid damp places; {runs} passes one.", runs=_run_numbers(damp)
            )
        else:
            message = ctx.say(
                "The route must avoid damp places; {runs} pass one.", runs=_run_numbers(damp)
            )
        measured = ctx.say("{n} damp run(s)", n=len(damp))
        return ctx.result(FAIL, message, measured, required)
    if unknown:
        keys = (f"site.wiring.runs[{i}].damp" for i in unknown)
        return ctx.missing(*keys, required=required)
    message = ctx.say("No run passes a damp place.")
    return ctx.result(PASS, message, ctx.say("no damp run"), required)


@rule(
    "W-FLUSH",
    order=16,
    title="Lines and sockets flush; joints tight; insulation intact; crossings safe",
    source="004 ch.5 §3 C–E",
    basis="installer_confirmation",
    scope="confirmation",
)
def flush(ctx: RuleContext) -> CheckResult:
    """The installer's confirmation."""
    return ctx.confirmation()
