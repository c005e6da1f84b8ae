"""The installation design drawing: a wall elevation of the shower wall, as SVG text.

Drawn to scale from the survey's numbers (heights above the floor and the drilling
points' offsets from the heater's axis), facing the wall, in centimetres. The SVG is
built as text from numbers; every piece of text in it is XML-escaped, and it contains
no references to anything outside itself (no ``href``, no ``url()``).

Horizontal positions the survey does not record (the socket's, the door or window
edge's and the user's) are placed schematically; their *distances* that the survey
does record (socket to opening) are dimensioned to scale.

Two steps: :func:`elevation_layout` places every mark, dimension and label as plain data
(:class:`ElevationLayout`, wall coordinates in cm), and :func:`paint_elevation` writes
that layout as SVG. :func:`wall_elevation` does both.

Labels are placed clear of the marks (a label that would lie under the display marker
or a drilling point moves beside it), and a display or drilling point outside the heater
body as drawn is named in a note under the floor, never drawn there silently.
"""

from __future__ import annotations

import re
from html import escape
from itertools import pairwise
from typing import Any

from sitesurvey._dataclasses import dataclass
from sitesurvey.fmt import cm as _cm
from sitesurvey.i18n import N_, tr

__all__ = [
    "DRAWING_SCALE",
    "LABELS",
    "MAX_SIZE_MM",
    "NOTES",
    "REFERENCES",
    "SCALES",
    "ElevationLayout",
    "Label",
    "WallElevation",
    "elevation_layout",
    "paint_elevation",
    "wall_elevation",
    "wall_elevation_svg",
]

#: Printed scale of the drawing: 1 cm on the paper is this many cm on the wall, unless
#: the wall drawn needs more room (:data:`SCALES`).
DRAWING_SCALE = 25

#: The scales tried in turn: the first at which the drawing fits :data:`MAX_SIZE_MM`.
SCALES = (25, 30, 40, 50, 60, 75, 100, 125, 150)

#: The largest printed drawing [mm]: the A4 text width (178 mm) and the height that keeps
#: the drawing, its drilling table and the drilling signature on the customer's second
#: page (84 mm). The drawing is printed at this size exactly, so the printed scale holds.
MAX_SIZE_MM = (178.0, 84.0)

_WALL_HALF = 110.0  # half width of the wall drawn at least [cm]
_MARGIN = 4.0  # around everything drawn [cm]
_SOCKET_X = 60.0  # schematic horizontal position of the socket [cm]
_USER_X = -70.0  # schematic horizontal position of the user [cm]
_FONT = 7.0  # text size at 1:25 in drawing units (cm on the wall): about 8 pt
_HEATER_HALF = (12.0, 30.0)  # half width of the heater body drawn [cm]: at least, at most
_HEATER_TALL = 100.0  # tallest heater body drawn [cm]

#: The drawing's labels by key (:attr:`WallElevation.missing` holds these keys).
LABELS = {
    "floor": N_("floor"),
    "ceiling": N_("ceiling"),
    "heater": N_("heater"),
    "display": N_("display"),
    "shower": N_("shower head"),
    "user": N_("main user's head"),
    "socket": N_("socket"),
    "opening": N_("door/window edge"),
    "wiring": N_("wiring"),
    "drill": N_("drill"),
    "axis": N_("heater axis"),
    "run": N_("wiring run {n}"),
    "run_ceiling": N_("ceiling above run {n}"),
    "water": N_("water connections"),
    "inlet": N_("cold water in"),
    "outlet": N_("hot water out"),
    "water pipe": N_("hidden water pipe"),
    "cable": N_("hidden cable"),
    "gas pipe": N_("hidden gas pipe"),
    "from_reference": N_("{what}: {d} cm from the {ref}"),
}

#: References a survey may name (``design.wall.reference``), drawn in the sheet's
#: language; any other words are drawn as written.
REFERENCES = {
    "left corner": N_("left corner"),
    "right corner": N_("right corner"),
    "door frame": N_("door frame"),
    "window edge": N_("window edge"),
}

#: Notes printed under the drawing.
NOTES = {
    "display_outside": N_(
        "the display at {d} cm is outside the heater body drawn from the drilling points "
        "({lo}–{hi} cm): check the measurements."
    ),
    "point_outside": N_(
        "drilling point {n} (x = {x} cm, y = {y} cm) is outside the heater body as drawn: "
        "check the measurements."
    ),
    "no_reference": N_(
        "the heater's place on the wall is not recorded from a corner or door frame: the "
        "drilling points are shown from the heater's axis only, and the drilling data is "
        "incomplete until the installer measures them from the wall."
    ),
}

#: Classes of the text in the drawing and their size relative to the drawing's font.
_SIZES = {"t": 1.0, "d": 0.85, "dn": 1.0}


def _text_width(content: str, size: float = _FONT) -> float:
    """Estimated advance width of ``content`` [drawing units]: CJK a full em, else ~0.6 em."""
    return sum(size if ord(ch) > 0x2E80 else 0.6 * size for ch in content)


def _text_box(x: float, y: float, content: str, anchor: str, size: float = _FONT):
    """Estimated (x0, y0, x1, y1) of a text in wall coordinates (y up; baseline at y)."""
    w = _text_width(content, size)
    x0 = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
    return (x0, y - 0.3 * size, x0 + w, y + 0.9 * size)


def _wrap(text: str, width: float, size: float) -> list[str]:
    """``text`` in lines no wider than ``width`` (estimated): at spaces, or anywhere in CJK."""
    lines: list[str] = []
    line = ""
    for token in re.findall(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+\s*|\s+", text):
        if line and _text_width((line + token).rstrip(), size) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@dataclass(frozen=True, slots=True)
class WallElevation:
    """The drawing and what went into it.

    Attributes
    ----------
    svg : str
        The ``<svg>`` element.
    width_mm, height_mm : float
        Printed size [mm] at :attr:`scale`.
    missing : tuple of str
        Keys of :data:`LABELS` for the features not drawn because not measured.
    dimensions : tuple of tuple of (str, float)
        Every height dimensioned, as (label key, value [cm]) — for tests and captions.
    notes : tuple of str
        Warnings printed under the drawing, in the drawing's language.
    scale : int
        The printed scale 1:``scale`` (:data:`SCALES`).
    """

    svg: str
    width_mm: float
    height_mm: float
    missing: tuple[str, ...]
    dimensions: tuple[tuple[str, float], ...]
    notes: tuple[str, ...] = ()
    scale: int = DRAWING_SCALE


# ------------------------------------------------------------------------ layout
# The layout is plain data: shapes in wall coordinates [cm] (x from the heater's axis,
# + to the right; y above the floor), in painting order.


@dataclass(frozen=True, slots=True)
class Line:
    """A straight line from (x1, y1) to (x2, y2) [cm]."""

    x1: float
    y1: float
    x2: float
    y2: float
    cls: str


@dataclass(frozen=True, slots=True)
class Rect:
    """A rectangle: left edge ``x``, top edge ``top`` [cm], size as written in the SVG."""

    x: float
    top: float
    width: float
    height: float
    cls: str


@dataclass(frozen=True, slots=True)
class Circle:
    """A circle around (x, y) [cm] of radius ``r`` [cm]."""

    x: float
    y: float
    r: float
    cls: str


@dataclass(frozen=True, slots=True)
class Polygon:
    """A closed outline through ``points`` [cm]."""

    points: tuple[tuple[float, float], ...]
    cls: str


@dataclass(frozen=True, slots=True)
class Label:
    """A text with its baseline at (x, y) [cm]; ``rotate`` turns it to read upwards.
    ``size`` is its font size [cm]; :meth:`box` the room it takes."""

    x: float
    y: float
    text: str
    cls: str = "t"
    anchor: str = "start"
    rotate: bool = False
    size: float = _FONT

    def box(self) -> Box:
        """Estimated (x0, y0, x1, y1) of the text in wall coordinates (y up)."""
        if not self.rotate:
            return _text_box(self.x, self.y, self.text, self.anchor, self.size)
        w = _text_width(self.text, self.size)
        y0 = {"start": self.y, "middle": self.y - w / 2, "end": self.y - w}[self.anchor]
        return (self.x - 0.9 * self.size, y0, self.x + 0.3 * self.size, y0 + w)


Shape = Line | Rect | Circle | Polygon | Label
Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class ElevationLayout:
    """Where everything of the drawing goes, before it is painted.

    Attributes
    ----------
    shapes : tuple of Shape
        In painting order, in wall coordinates [cm].
    icons : tuple of Box
        The marks no label or dimension may cover: display, shower head, socket, drilling
        points, water connections, the user's head (x0, y0, x1, y1) [cm].
    x_min, top : float
        Left edge and top of the drawing in wall coordinates [cm].
    width, height : float
        Size of the whole drawing [cm], margins and notes included.
    note_lines : tuple of str
        The notes under the drawing, wrapped; the first baseline at ``note_y`` [cm].
    note_y : float
    font : float
        Text size [cm] (larger at a smaller scale, so the print keeps its size).
    scale : int
        Printed scale 1:``scale``.
    missing, dimensions, notes
        As in :class:`WallElevation`.
    """

    shapes: tuple[Shape, ...]
    icons: tuple[Box, ...]
    x_min: float
    top: float
    width: float
    height: float
    note_lines: tuple[str, ...]
    note_y: float
    font: float
    scale: int
    missing: tuple[str, ...]
    dimensions: tuple[tuple[str, float], ...]
    notes: tuple[str, ...]

    @property
    def labels(self) -> tuple[Label, ...]:
        """Every label, in painting order."""
        return tuple(s for s in self.shapes if isinstance(s, Label))


def _run_geometry(runs, socket_cm, left_cm):
    """The route drawn: (run number, orientation, (x1, y1, x2, y2)) of each run whose
    ends are known, in wall coordinates [cm]. Horizontal runs at their heights; vertical
    and sloping runs between the heights of their neighbours (or their own length from
    one of them); the route comes in from the left of the wall and ends at the socket.
    Horizontal positions are schematic."""
    joints = [i for i, r in enumerate(runs) if r.orientation != "horizontal"]
    last_h = max((i for i, r in enumerate(runs) if r.orientation == "horizontal"), default=-1)
    first_end = -left_cm + 14.0
    step = max(6.0, min(18.0, (_SOCKET_X - 24.0 - first_end) / max(1, len(joints))))
    xs: dict[int, float] = {}
    k = 0
    for i in joints:
        if i > last_h and socket_cm is not None and _SOCKET_X not in xs.values():
            xs[i] = _SOCKET_X
        else:
            xs[i] = min(first_end + step * k, _SOCKET_X - 12.0)
            k += 1
    out = []
    cur_x, cur_y = -left_cm, None
    for i, run in enumerate(runs):
        n = i + 1
        if run.orientation == "horizontal":
            if run.height is None:
                cur_y = None
                continue
            h = run.height * 100.0
            nxt = next((xs[j] for j in joints if j > i), None)
            x2 = nxt if nxt is not None else (_SOCKET_X if socket_cm is not None else cur_x + 60)
            out.append((n, "horizontal", (cur_x, h, max(x2, cur_x + 10.0), h)))
            cur_x, cur_y = max(x2, cur_x + 10.0), h
            continue
        after = runs[i + 1] if i + 1 < len(runs) else None
        if after is not None and after.orientation == "horizontal" and after.height is not None:
            b = after.height * 100.0
        elif after is None and socket_cm is not None:
            b = socket_cm
        else:
            b = None
        a = cur_y
        length = None if run.length is None else run.length * 100.0
        if a is None and b is not None and length is not None:
            a = max(0.0, b - length)
        if b is None and a is not None and length is not None:
            b = max(0.0, a - length)
        x = xs[i]
        if a is None or b is None:
            cur_x, cur_y = x, None
            continue
        x1 = x if run.orientation == "vertical" else max(cur_x, x - 20.0)
        out.append((n, run.orientation, (x1, a, x, b)))
        cur_x, cur_y = x, b
    return out


class _Plan:
    """The survey's measurements and the layout as it grows."""

    def __init__(self, survey: Any, lang: str, scale: int):
        self.lang = lang
        self.scale = scale
        # text keeps its printed size down to 1:40, then shrinks with the drawing (so that
        # a large wall always fits at some scale: the text no longer grows with it)
        self.f = _FONT * min(scale, 40) / DRAWING_SCALE
        self.words = {key: tr(msgid, lang) for key, msgid in LABELS.items()}
        site = survey.site
        self.ceiling = site.ceiling_height
        self.display = site.display_height
        self.shower = site.shower.head_height
        self.shower_x = site.shower.offset_from_axis or 0.0
        self.socket = site.socket.height
        self.opening = site.socket.distance_to_opening
        self.user = survey.usage.main_user_height
        self.runs = tuple(site.wiring.runs or ())
        self.points = tuple(survey.drilling or ())
        self.xs = [p.x * 100.0 for p in self.points]
        self.ys = [p.y * 100.0 for p in self.points]
        wall = getattr(survey, "wall", None)
        axis = None if wall is None else wall.heater_axis
        ref = None if wall is None else wall.reference
        self.reference = None if ref is None or axis is None else ref
        self.x_ref = None if self.reference is None else -axis * 100.0
        water = getattr(survey, "water", None)
        self.water = []
        if water is not None and self.x_ref is not None and water.height is not None:
            for key, value in (("inlet", water.inlet_x), ("outlet", water.outlet_x)):
                if value is not None:
                    self.water.append((key, self.x_ref + value * 100.0, water.height * 100.0))
        hidden = getattr(survey, "hidden", None) or ()
        self.hidden = (
            [(h.kind, self.x_ref + h.x * 100.0, h.from_height, h.to_height) for h in hidden]
            if self.x_ref is not None
            else []
        )
        self.shapes: list[Shape] = []
        self.icons: list[Box] = []
        self.boxes: list[Box] = []  # every label placed
        self.keep_out: list[Box] = []  # marks labels avoid besides the icons
        self.later: list[tuple[str, float, float]] = []  # labels for the free rows
        self.notes: list[str] = []
        self.missing: list[str] = []
        self.dims: list[tuple[str, float]] = []
        self.body: Box | None = None
        self.left = self.right = self.wall_cm = self.top_cm = 0.0
        self.ceiling_cm: float | None = None
        self.bottom = 0.0  # lowest y used under the floor [cm]

    # drawing ------------------------------------------------------------------------
    def line(self, x1: float, y1: float, x2: float, y2: float, cls: str) -> None:
        self.shapes.append(Line(x1, y1, x2, y2, cls))

    def fixed(self, x, y, text, cls="t", anchor="start", rotate=False) -> Box:
        """A label whose place is decided by the geometry (its own column or row)."""
        label = Label(x, y, text, cls, anchor, rotate, round(self.f * _SIZES[cls], 3))
        self.shapes.append(label)
        box = label.box()
        self.boxes.append(box)
        return box

    def free(self, box: Box) -> bool:
        return not any(_overlap(box, o) for o in (*self.boxes, *self.icons, *self.keep_out))

    def place(self, text, places, cls="t", *, rotate=False, row_text=None, at=None) -> bool:
        """``text`` at the first of ``places`` (x, y, anchor) clear of every label, icon
        and kept-out mark; else (``at`` given) in a free row under the drawing, as
        ``row_text``, with a leader from ``at``. Returns whether it was placed here."""
        size = round(self.f * _SIZES[cls], 3)
        for x, y, anchor in places:
            label = Label(x, y, text, cls, anchor, rotate, size)
            box = label.box()
            if self.free(box):
                self.shapes.append(label)
                self.boxes.append(box)
                return True
        if at is not None:
            self.later.append((row_text or text, *at))
        return False


def _frame(plan: _Plan) -> None:
    """The heater body, the wall's extent and the height of the drawing."""
    xs, ys, display = plan.xs, plan.ys, plan.display
    if plan.points:
        hx0 = min(max(min(xs) - 8.0, -_HEATER_HALF[1]), -_HEATER_HALF[0])
        hx1 = max(min(max(xs) + 8.0, _HEATER_HALF[1]), _HEATER_HALF[0])
        hy1 = max(ys) + 8.0
        hy0 = max(min(ys) - 10.0, hy1 - _HEATER_TALL)
        plan.body = (hx0, hy0, hx1, hy1)
    elif display is not None:
        plan.body = (-17.0, display * 100.0 - 30.0, 17.0, display * 100.0 + 25.0)
    across = [*xs, *(x for _, x, _ in plan.water), *(h[1] for h in plan.hidden)]
    if plan.x_ref is not None:
        across.append(plan.x_ref)
    if plan.opening is not None:
        across.append(_SOCKET_X + plan.opening * 100.0)
    plan.left = max(_WALL_HALF, -min(across, default=0.0) + 12.0)
    plan.right = max(_WALL_HALF, max(across, default=0.0) + 16.0)
    heights = [v for v in (plan.ceiling, plan.display, plan.shower, plan.socket, plan.user) if v]
    heights += [p.y for p in plan.points]
    heights += [r.height for r in plan.runs if r.height is not None]
    heights += [r.ceiling_height for r in plan.runs if r.ceiling_height is not None]
    heights += [h for _, _, _, h in plan.hidden] + [h / 100 for _, _, h in plan.water]
    plan.ceiling_cm = plan.ceiling * 100.0 if plan.ceiling is not None else None
    plan.wall_cm = (
        plan.ceiling_cm if plan.ceiling_cm is not None else max([2.6, *heights]) * 100.0 + 10
    )
    plan.top_cm = max(plan.wall_cm, max(heights, default=0.0) * 100.0 + 5)


def _icons(plan: _Plan) -> None:
    """The marks no text may cover, known before any text is placed."""
    if plan.display is not None:
        d = plan.display * 100.0
        plan.icons.append((-6.0, d - 3.0, 6.0, d + 3.0))
    if plan.shower is not None:
        s, sx = plan.shower * 100.0, plan.shower_x * 100.0
        plan.icons.append((sx - 7.0, s, sx + 7.0, s + 5.0))
    if plan.socket is not None:
        so = plan.socket * 100.0
        plan.icons.append((_SOCKET_X - 4.0, so - 4.0, _SOCKET_X + 4.0, so + 4.0))
    if plan.user is not None:
        u = plan.user * 100.0
        plan.icons.append((_USER_X - 11.0, u - 22.0, _USER_X + 11.0, u))
    for x, y in zip(plan.xs, plan.ys, strict=True):
        plan.icons.append((x - 4.0, y - 4.0, x + 4.0, y + 4.0))
    for _, x, h in plan.water:
        plan.icons.append((x - 3.0, h - 3.0, x + 3.0, h + 3.0))


def _marks(plan: _Plan, route) -> None:
    """The wall, floor, ceiling, heater, display, shower head, user, socket, door or
    window edge, the route, the water connections, hidden runs and drilling points."""
    left, right, _w = plan.left, plan.right, plan.words
    plan.shapes.append(Rect(-left, plan.wall_cm, left + right, plan.wall_cm, "wall"))
    plan.line(-left - 4, 0, right + 4, 0, "floor")
    if plan.body is not None:
        hx0, hy0, hx1, hy1 = plan.body
        plan.shapes.append(Rect(hx0, hy1, round(hx1 - hx0, 2), round(hy1 - hy0, 2), "heater"))
        plan.line(0, hy0 - 6, 0, hy1 + 6, "axis")
    if plan.ceiling_cm is not None:  # after the heater: the floor stays a <line> of its own
        plan.line(-left - 4, plan.ceiling_cm, right + 4, plan.ceiling_cm, "floor")
        plan.dims.append(("ceiling", plan.ceiling_cm))
    else:
        plan.missing.append("ceiling")
    if plan.display is not None:
        d = plan.display * 100.0
        plan.shapes.append(Rect(-6, d + 3, 12, 6, "display"))
        plan.dims.append(("display", d))
    else:
        plan.missing.append("display")
    if plan.shower is not None:
        s, sx = plan.shower * 100.0, plan.shower_x * 100.0
        outline = ((sx - 7, s), (sx + 7, s), (sx + 3, s + 5), (sx - 3, s + 5))
        plan.shapes.append(Polygon(outline, "shower"))
        plan.dims.append(("shower", s))
    else:
        plan.missing.append("shower")
    if plan.user is not None:
        u, ux = plan.user * 100.0, _USER_X
        plan.shapes.append(Circle(ux, u - 11, 11, "person"))
        plan.line(ux, u - 22, ux, u * 0.47, "person")
        plan.line(ux, u * 0.47, ux - 12, 0, "person")
        plan.line(ux, u * 0.47, ux + 12, 0, "person")
        plan.line(ux - 20, u * 0.78, ux + 20, u * 0.78, "person")
        plan.line(ux - 20, u, ux + 20, u, "guide")
        plan.dims.append(("user", u))
    else:
        plan.missing.append("user")
    for kind, x, low, high in plan.hidden:
        plan.line(x, low * 100.0, x, high * 100.0, "hidden-" + kind.replace(" ", "-"))
    for n, orientation, (x1, y1, x2, y2) in route:
        plan.line(x1, y1, x2, y2, "wiring")
        if orientation == "horizontal":
            plan.dims.append((f"wiring{n}", y1))
            ceiling = plan.runs[n - 1].ceiling_height
            if ceiling is not None:
                plan.line(x1, ceiling * 100.0, x2, ceiling * 100.0, "ceiling2")
                plan.dims.append((f"run_ceiling{n}", ceiling * 100.0))
    if not any(o == "horizontal" for _, o, _ in route):
        plan.missing.append("wiring")
    if plan.socket is not None:
        so = plan.socket * 100.0
        last = route[-1] if route else None
        if last is not None and last[1] == "horizontal" and last[2][2] == _SOCKET_X:
            plan.line(_SOCKET_X, last[2][3], _SOCKET_X, so + 4, "wiring")
        plan.shapes.append(Rect(_SOCKET_X - 4, so + 4, 8, 8, "socket"))
        plan.dims.append(("socket", so))
    else:
        plan.missing.append("socket")
    if plan.opening is not None:
        ox = _SOCKET_X + plan.opening * 100.0
        top = plan.top_cm
        so = plan.socket
        edge_top = min(top, 210.0) if so is None else max(min(top, 210.0), so * 100.0 + 10)
        plan.line(ox, 0, ox, edge_top, "opening")
    else:
        plan.missing.append("opening")
    for key, x, h in plan.water:
        plan.shapes.append(Circle(x, h, 2.5, "water-" + key))
    if plan.water:
        plan.dims.append(("water", plan.water[0][2]))
    if plan.x_ref is not None:
        plan.line(plan.x_ref, 0, plan.x_ref, plan.wall_cm, "ref")
    if not plan.points:
        plan.missing.append("drill")
        return
    hx0, hy0, hx1, hy1 = plan.body
    for i, (p, px, py) in enumerate(zip(plan.points, plan.xs, plan.ys, strict=True), start=1):
        if not (hx0 <= px <= hx1 and hy0 <= py <= hy1):
            plan.notes.append(
                tr(NOTES["point_outside"], plan.lang).format(n=i, x=_cm(p.x), y=_cm(p.y))
            )
        plan.shapes.append(Circle(px, py, 2.2, "drill"))
        plan.line(px - 4, py, px + 4, py, "drillx")
        plan.line(px, py - 4, px, py + 4, "drillx")
        plan.dims.append((f"drill{i}", py))
    if plan.reference is None:
        plan.notes.append(tr(NOTES["no_reference"], plan.lang))


def _dim_name(plan: _Plan, key: str) -> str:
    w = plan.words
    for prefix, word in (("drill", None), ("wiring", "run"), ("run_ceiling", "run_ceiling")):
        if key.startswith(prefix) and key[len(prefix) :].isdigit():
            n = key[len(prefix) :]
            if word is None:
                return f"{w['drill']} {n}"
            horizontal = sum(r.orientation == "horizontal" for r in plan.runs)
            if word == "run" and horizontal == 1:
                return w["wiring"]
            return w[word].format(n=n)
    return w[key]


def _height_chain(plan: _Plan) -> float:
    """The height dimension chain left of the wall: one column per height (equal heights
    share one), each from the floor; returns the chain's left edge."""
    by_value: dict[float, list[str]] = {}
    for key, value in plan.dims:
        by_value.setdefault(round(value, 1), []).append(key)
    pitch = 1.35 * plan.f
    size = plan.f * _SIZES["d"]
    dx = -plan.left
    for i, (value, keys) in enumerate(sorted(by_value.items())):
        dx = -plan.left - 8.0 - pitch * i
        plan.line(dx - 2.5, value, -plan.left, value, "ext")
        plan.line(dx, 0, dx, value, "dim")
        plan.line(dx - 2.5, 0, dx + 2.5, 0, "dim")
        plan.line(dx - 2.5, value, dx + 2.5, value, "dim")
        names = [_dim_name(plan, k) for k in keys]
        if all(k.startswith("drill") for k in keys) and len(keys) > 1:
            names = [f"{plan.words['drill']} {_sep(plan).join(k[5:] for k in keys)}"]
        label = f"{value:g} {_sep(plan).join(names)}"
        if _text_width(label, size) + 4 <= value:  # along the line, centred
            plan.fixed(dx - 1.2, value / 2, label, "d", "middle", True)
        else:  # a short dimension: the text continues the line upwards
            plan.fixed(dx - 1.2, value + 2, label, "d", "start", True)
    return dx - plan.f


def _reference_lanes(plan: _Plan) -> None:
    """Under the floor, one lane a distance: from the wall reference to the heater's
    axis and to each drilling point (equal distances share a lane), labelled in cm with
    the reference named."""
    if plan.x_ref is None:
        return
    w = plan.words
    ref_word = plan.reference
    known = REFERENCES.get(ref_word.strip().lower())
    ref = tr(known, plan.lang) if known is not None else ref_word
    targets: dict[float, list[str]] = {0.0: [w["axis"]]}
    for i, x in enumerate(plan.xs, start=1):
        targets.setdefault(round(x, 1), []).append(f"{w['drill']} {i}")
    pitch = 1.45 * plan.f
    y = -1.6 * plan.f  # under the floor's label
    x_ref = plan.x_ref
    # the farthest lane nearest the floor, each label beyond its own end: no extension
    # line of a lane further down crosses a label
    for x, names in sorted(targets.items(), key=lambda kv: -abs(kv[0] - x_ref)):
        y -= pitch
        d = round(abs(x - x_ref), 1)
        plan.line(x, 0, x, y - 2, "ext")
        plan.line(x_ref, y, x, y, "dim")
        plan.line(x_ref, y - 2, x_ref, y + 2, "dim")
        plan.line(x, y - 2, x, y + 2, "dim")
        text = w["from_reference"].format(what=_sep(plan).join(names), d=f"{d:g}", ref=ref)
        if x >= x_ref:
            plan.fixed(x + 1.5, y - 0.3 * plan.f, text, "d")
        else:
            plan.fixed(x - 1.5, y - 0.3 * plan.f, text, "d", "end")
    plan.line(x_ref, y - 2, x_ref, 0, "ref")
    plan.bottom = min(plan.bottom, y - 2.5)


def _spacing(plan: _Plan) -> None:
    """The drilling points' spacing: across them in the first free lane above the points
    (else below them), and up the side in the first free column right of them."""
    f = plan.f * _SIZES["d"]
    spaced_x = sorted({round(x, 1) for x in plan.xs})
    spaced_y = sorted({round(y, 1) for y in plan.ys})
    if len(spaced_x) > 1:
        top, low = max(plan.ys), min(plan.ys)
        lanes = [top + 10 + 4 * k for k in range(12)] + [low - 10 - f - 4 * k for k in range(8)]
        for above in lanes:
            labels = [
                Label((a + b) / 2, above + 2, f"{round(b - a, 1):g}", "d", "middle", size=f)
                for a, b in pairwise(spaced_x)
            ]
            band = (spaced_x[0], above - 3, spaced_x[-1], above + 3)
            if (
                plan.free(band)
                and all(plan.free(lb.box()) for lb in labels)
                and not any(_overlap(a.box(), b.box()) for a, b in pairwise(labels))
            ):
                plan.line(spaced_x[0], above, spaced_x[-1], above, "dim")
                for xv in spaced_x:
                    plan.line(xv, above - 3, xv, above + 3, "dim")
                for lb in labels:
                    plan.shapes.append(lb)
                    plan.boxes.append(lb.box())
                plan.keep_out.append(band)
                break
    if len(spaced_y) > 1:
        for side in [max(plan.xs) + 12 + 5 * k for k in range(12)]:
            labels = [
                Label(side + 2, (a + b) / 2, f"{round(b - a, 1):g}", "d", size=f)
                for a, b in pairwise(spaced_y)
            ]
            band = (side - 3, spaced_y[0], side + 3, spaced_y[-1])
            clear = not any(_overlap(a.box(), b.box()) for a, b in pairwise(labels))
            if clear and plan.free(band) and all(plan.free(lb.box()) for lb in labels):
                plan.line(side, spaced_y[0], side, spaced_y[-1], "dim")
                for yv in spaced_y:
                    plan.line(side - 3, yv, side + 3, yv, "dim")
                for lb in labels:
                    plan.shapes.append(lb)
                    plan.boxes.append(lb.box())
                plan.keep_out.append(band)
                break


def _around(x: float, y: float, gap: float, f: float):
    """Places for a label beside a mark at (x, y): right, left, above, below."""
    return (
        (x + gap, y - 0.3 * f, "start"),
        (x - gap, y - 0.3 * f, "end"),
        (x, y + gap, "middle"),
        (x, y - gap - 0.9 * f, "middle"),
        (x + gap, y + gap, "start"),
        (x - gap, y + gap, "end"),
        (x + gap, y - gap - 0.9 * f, "start"),
        (x - gap, y - gap - 0.9 * f, "end"),
    )


def _labels(plan: _Plan, route) -> None:
    """Every label of a mark, each at the first free place beside it."""
    w, f, left, right = plan.words, plan.f, plan.left, plan.right
    # the drilling points' numbers first: small, and they must sit by their points
    for i, (x, y) in enumerate(zip(plan.xs, plan.ys, strict=True), start=1):
        places = ((x + 3, y + 3, "start"), (x - 3, y + 3, "end"))
        places += ((x + 3, y - 4 - f, "start"), (x - 3, y - 4 - f, "end"))
        places += _around(x, y, 5.0, f)
        plan.place(f"{i}", places, "dn", row_text=f"{w['drill']} {i}", at=(x, y))
    if plan.display is not None:
        d = plan.display * 100.0
        if plan.body is not None and not plan.body[1] <= d <= plan.body[3]:
            plan.place(w["display"], _around(0.0, d, 8.0, f), row_text=w["display"], at=(0, d))
            hy0, hy1 = plan.body[1], plan.body[3]
            plan.notes.insert(
                0,
                tr(NOTES["display_outside"], plan.lang).format(
                    d=_cm(plan.display), lo=_cm(hy0 / 100), hi=_cm(hy1 / 100)
                ),
            )
    if plan.shower is not None:
        s, sx = plan.shower * 100.0, plan.shower_x * 100.0
        places = ((sx + 9, s + 1, "start"), *_around(sx, s + 2.5, 9.0, f))
        plan.place(w["shower"], places, at=(sx, s))
    if plan.socket is not None:
        so = plan.socket * 100.0
        places = ((_SOCKET_X - 6, so - 2, "end"), *_around(_SOCKET_X, so, 6.0, f))
        plan.place(w["socket"], places, at=(_SOCKET_X, so))
    if plan.user is not None:
        u = plan.user * 100.0
        places = ((_USER_X, u + 3, "middle"), *_around(_USER_X, u - 11, 14.0, f))
        plan.place(w["user"], places, at=(_USER_X, u))
    # the water marks sit at the heater's foot: their labels before the heater's, which
    # has room elsewhere (placed after, it took the outlet's only place beside its mark
    # and sent 热水出口 to a row under the drawing with a leader across it)
    for key, x, h in plan.water:
        plan.place(w[key], (*_around(x, h, 4.0, f), *_around(x, h, 9.0, f)), at=(x, h))
    if plan.body is not None:
        hx0, hy0, hx1, hy1 = plan.body
        mid = (hy0 + hy1) / 2 - 2.0
        places = (
            ((hx0 + hx1) / 2, hy0 - 7 - 0.9 * f, "middle"),
            (hx0 - 2, mid, "end"),
            (hx1 + 2, mid, "start"),
            (hx0 - 2, hy0 - 8, "end"),
            (hx1 + 2, hy0 - 8, "start"),
            ((hx0 + hx1) / 2, hy1 + 2, "middle"),
            # beside the body, higher or lower, before a row under the drawing
            *(
                (x, mid + dy, a)
                for dy in (8, -8, 16, -16)
                for x, a in ((hx1 + 2, "start"), (hx0 - 2, "end"))
            ),
        )
        plan.place(w["heater"], places, at=(0.0, hy0))
    for kind, x, low, high in plan.hidden:
        mid = (low + high) * 50.0
        places = [(x + 2, mid + dy, "start") for dy in (0, 10, -10, 20, -20)]
        places += [(x - 2, mid + dy, "end") for dy in (0, 10, -10, 20, -20)]
        plan.place(w[kind], places, at=(x, mid))
    for n, orientation, (x1, y1, _x2, _) in route:
        if orientation != "horizontal":
            continue
        text = _dim_name(plan, f"wiring{n}")
        places = [(x1 + 2 + 30 * k, y1 + 2, "start") for k in range(4)]
        places += [(x1 + 2 + 30 * k, y1 - 2 - 0.9 * f, "start") for k in range(4)]
        plan.place(text, places, at=(x1, y1))
        ceiling = plan.runs[n - 1].ceiling_height
        if ceiling is not None:
            c = ceiling * 100.0
            text = _dim_name(plan, f"run_ceiling{n}")
            places = [(x1 + 2 + 30 * k, c + 2, "start") for k in range(4)]
            places += [(x1 + 2 + 30 * k, c - 2 - 0.9 * f, "start") for k in range(4)]
            plan.place(text, places, at=(x1, c))
    if plan.opening is not None:
        ox = _SOCKET_X + plan.opening * 100.0
        places = [(ox + 1.0 * f, 40 + 20 * k, "start") for k in range(4)]
        places += [(ox - 0.4 * f, 40 + 20 * k, "start") for k in range(4)]
        plan.place(w["opening"], places, rotate=True, at=(ox, 40))
        base = (plan.socket * 100.0 if plan.socket is not None else 150.0) + 12
        text = f"{_cm(plan.opening)}"
        for yb in (base, base + 8, base - 24, base + 16, base + 24):
            label = Label((_SOCKET_X + ox) / 2, yb + 2, text, "d", "middle", size=f * 0.85)
            band = (_SOCKET_X, yb - 3, ox, yb + 3)
            if plan.free(label.box()) and plan.free(band):
                plan.line(_SOCKET_X, yb - 3, _SOCKET_X, yb + 3, "dim")
                plan.line(ox, yb - 3, ox, yb + 3, "dim")
                plan.line(_SOCKET_X, yb, ox, yb, "dim")
                plan.shapes.append(label)
                plan.boxes.append(label.box())
                break
    if plan.x_ref is not None:
        ref_word = plan.reference
        known = REFERENCES.get(ref_word.strip().lower())
        ref = tr(known, plan.lang) if known is not None else ref_word
        xr, top = plan.x_ref, plan.wall_cm
        places = [(xr + 2, top - 4 - f - 9 * k, "start") for k in range(6)]
        places += [(xr - 2, top - 4 - f - 9 * k, "end") for k in range(6)]
        plan.place(ref, places, at=(xr, top))
    if plan.ceiling_cm is not None:
        c = plan.ceiling_cm
        places = [(right - 40 * k, c + 3, "end") for k in range(4)]
        places += [(right - 40 * k, c - 3 - 0.9 * f, "end") for k in range(4)]
        plan.place(w["ceiling"], places, at=(right, c))
    plan.place(w["floor"], [(right, -1.2 * f, "end"), (-left, -1.2 * f, "start")], at=(right, 0))


def _rows(plan: _Plan, x0: float) -> None:
    """The labels that found no free place beside their marks: one row each under the
    drawing, with a thin leader from the mark."""
    y = min(plan.bottom, min((b[1] for b in plan.boxes), default=0.0)) - 0.3 * plan.f
    for text, mx, my in plan.later:
        y -= 1.3 * plan.f
        plan.line(mx, my, x0 + 1, y + 0.3 * plan.f, "leader")
        plan.fixed(x0 + 2, y, text, "d")
    plan.bottom = min(plan.bottom, y - 0.5 * plan.f)


def _sep(plan: Any) -> str:
    """The list separator of the drawing's language, from the catalog (", " / "，")."""
    return tr(", ", plan.lang)


def _layout(survey: Any, lang: str, scale: int) -> ElevationLayout:
    plan = _Plan(survey, lang, scale)
    _frame(plan)
    _icons(plan)
    route = _run_geometry(plan.runs, None if plan.socket is None else plan.socket * 100.0,
                          plan.left)  # fmt: skip
    _marks(plan, route)
    chain_left = _height_chain(plan)
    _reference_lanes(plan)
    _spacing(plan)
    _labels(plan, route)
    _rows(plan, chain_left)
    xs: list[float] = []
    ys: list[float] = []
    for s in plan.shapes:
        if isinstance(s, Line):
            xs += [s.x1, s.x2]
            ys += [s.y1, s.y2]
        elif isinstance(s, Rect):
            xs += [s.x, s.x + s.width]
            ys += [s.top, s.top - s.height]
        elif isinstance(s, Circle):
            xs += [s.x - s.r, s.x + s.r]
            ys += [s.y - s.r, s.y + s.r]
        elif isinstance(s, Polygon):
            xs += [x for x, _ in s.points]
            ys += [y for _, y in s.points]
    for b in plan.boxes:
        xs += [b[0], b[2]]
        ys += [b[1], b[3]]
    x_min = min(xs) - _MARGIN
    width = max(xs) + _MARGIN - x_min
    top = max([*ys, plan.top_cm]) + _MARGIN
    bottom = min([*ys, plan.bottom]) - _MARGIN
    note_size = plan.f * _SIZES["d"]
    note = tr("Note: {note}", plan.lang)
    note_lines = tuple(
        line
        for text in plan.notes
        for line in _wrap(note.format(note=text), width - 4.0, note_size)
    )
    pitch = 1.2 * plan.f
    note_y = bottom - pitch + 0.3 * note_size
    height = top - bottom + pitch * len(note_lines)
    return ElevationLayout(
        shapes=tuple(plan.shapes),
        icons=tuple(plan.icons),
        x_min=x_min,
        top=top,
        width=width,
        height=height,
        note_lines=note_lines,
        note_y=note_y,
        font=plan.f,
        scale=scale,
        missing=tuple(plan.missing),
        dimensions=tuple(plan.dims),
        notes=tuple(plan.notes),
    )


def elevation_layout(survey: Any, lang: str = "zh") -> ElevationLayout:
    """Lay out the wall elevation of a survey: every mark, dimension and label as data,
    at the first scale of :data:`SCALES` at which it fits :data:`MAX_SIZE_MM`.

    Parameters
    ----------
    survey : Survey
        Uses ``site.ceiling_height``, ``site.display_height``, ``site.shower``,
        ``site.socket``, ``site.wiring.runs``, ``usage.main_user_height``, ``drilling``,
        ``wall``, ``water`` and ``hidden`` (all [m]).
    lang : {"zh", "en"}
        Language of the labels.

    Returns
    -------
    ElevationLayout
    """
    lang = "en" if lang == "en" else "zh"
    for scale in SCALES:
        layout = _layout(survey, lang, scale)
        if (
            layout.width * 10.0 / scale <= MAX_SIZE_MM[0]
            and layout.height * 10.0 / scale <= MAX_SIZE_MM[1]
        ):
            return layout
    return layout


# ---------------------------------------------------------------------- painting


def _style(font: float) -> str:
    """The drawing's CSS, text at ``font`` [drawing units]."""
    return (
        "<style>"
        ".wall{fill:#f7f7f4;stroke:none}.floor{stroke:#222;stroke-width:1.2}"
        ".heater{fill:#e8eef6;stroke:#1d3b66;stroke-width:0.8}"
        ".display{fill:#1d3b66}.axis{stroke:#1d3b66;stroke-width:0.3;stroke-dasharray:3 2}"
        ".shower{fill:#9ab;stroke:#345;stroke-width:0.5}"
        ".person{fill:none;stroke:#777;stroke-width:0.8}"
        ".guide{stroke:#777;stroke-width:0.4;stroke-dasharray:2 2}"
        ".wiring{stroke:#c0392b;stroke-width:0.9;stroke-dasharray:4 2;fill:none}"
        ".ceiling2{stroke:#222;stroke-width:0.6;stroke-dasharray:6 3}"
        ".socket{fill:#fff;stroke:#c0392b;stroke-width:0.8}"
        ".opening{stroke:#6b4f2a;stroke-width:1.5}"
        ".ref{stroke:#6b4f2a;stroke-width:0.6;stroke-dasharray:8 2 1 2}"
        ".water-inlet{fill:#2e86de;stroke:#1b4f8a;stroke-width:0.5}"
        ".water-outlet{fill:#e74c3c;stroke:#922b21;stroke-width:0.5}"
        ".hidden-water-pipe{stroke:#2e86de;stroke-width:1.2;stroke-dasharray:3 3}"
        ".hidden-cable{stroke:#8e44ad;stroke-width:1.2;stroke-dasharray:1 2}"
        ".hidden-gas-pipe{stroke:#d68910;stroke-width:1.2;stroke-dasharray:6 2}"
        ".leader{stroke:#999;stroke-width:0.2}"
        ".drill{fill:#fff;stroke:#000;stroke-width:0.6}.drillx{stroke:#000;stroke-width:0.4}"
        ".dim{stroke:#333;stroke-width:0.3}.ext{stroke:#999;stroke-width:0.2;"
        "stroke-dasharray:1 1}"
        f".t{{font-size:{round(font, 3)}px;fill:#222}}"
        f".d{{font-size:{round(font * 0.85, 3)}px;fill:#000}}"
        f".dn{{font-size:{round(font, 3)}px;fill:#000}}"  # one weight: see sheet.css
        "</style>"
    )


class _Canvas:
    """SVG parts in painting order, in SVG coordinates (y down, margins added).

    Consecutive lines of one class become one ``<path>`` of ``M … L …`` subpaths:
    WeasyPrint draws every SVG element with its own graphics state (style cascade,
    colour parsing, transform), and merging cut the drawing's cost by about a third
    (~35 ms a sheet). Only *consecutive* lines merge, so the painting order, and the
    rendered drawing, stay the same (a dash pattern restarts at each subpath, as it
    does at each line).
    """

    def __init__(self, top_cm: float, x_min_cm: float):
        self.top = top_cm  # the drawing's top, in wall coordinates
        self.x_min = x_min_cm  # its left edge
        self.parts: list[str] = []
        self._run: tuple[str, list[str]] | None = None  # class and subpaths of the last part

    def x(self, x_cm: float) -> float:
        return round(x_cm - self.x_min, 2)

    def y(self, y_cm: float) -> float:
        return round(self.top - y_cm, 2)

    def add(self, text: str) -> None:
        self.parts.append(text)
        self._run = None

    def line(self, x1, y1, x2, y2, cls: str) -> None:
        x1, y1, x2, y2 = self.x(x1), self.y(y1), self.x(x2), self.y(y2)
        segment = f"M{x1} {y1}L{x2} {y2}"
        if self._run is not None and self._run[0] == cls:
            self._run[1].append(segment)
            self.parts[-1] = f'<path d="{"".join(self._run[1])}" class="{cls}" fill="none"/>'
            return
        self.add(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" class="{cls}"/>')
        self._run = (cls, [segment])

    def text(self, x, y, content: str, cls: str = "t", anchor: str = "start", rotate=False):
        tx, ty = self.x(x), self.y(y)
        transform = f' transform="rotate(-90 {tx} {ty})"' if rotate else ""
        self.add(
            f'<text x="{tx}" y="{ty}" class="{cls}" text-anchor="{anchor}"{transform}>'
            f"{escape(content)}</text>"
        )

    def shape(self, s: Shape) -> None:
        """Paint one shape of a layout."""
        if isinstance(s, Line):
            self.line(s.x1, s.y1, s.x2, s.y2, s.cls)
        elif isinstance(s, Label):
            self.text(s.x, s.y, s.text, s.cls, s.anchor, s.rotate)
        elif isinstance(s, Rect):
            self.add(
                f'<rect x="{self.x(s.x)}" y="{self.y(s.top)}" width="{s.width}" '
                f'height="{s.height}" class="{s.cls}"/>'
            )
        elif isinstance(s, Circle):
            self.add(f'<circle cx="{self.x(s.x)}" cy="{self.y(s.y)}" r="{s.r}" class="{s.cls}"/>')
        else:
            (x0, y0), *rest = s.points
            path = f"M {self.x(x0)} {self.y(y0)} " + " ".join(
                f"L {self.x(x)} {self.y(y)}" for x, y in rest
            )
            self.add(f'<path d="{path} Z" class="{s.cls}"/>')


def paint_elevation(layout: ElevationLayout) -> str:
    """The ``<svg>`` text of a layout, at :data:`DRAWING_SCALE` (every text escaped).

    Parameters
    ----------
    layout : ElevationLayout
        From :func:`elevation_layout`.
    """
    canvas = _Canvas(layout.top, layout.x_min)
    for shape in layout.shapes:
        canvas.shape(shape)
    for i, line in enumerate(layout.note_lines):
        canvas.add(
            f'<text x="2" y="{canvas.y(layout.note_y - 1.2 * layout.font * i)}" class="d">'
            f"{escape(line)}</text>"
        )
    width_mm = round(layout.width * 10.0 / layout.scale, 2)
    height_mm = round(layout.height * 10.0 / layout.scale, 2)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="elevation" font-family="SheetCJK" '
        f'width="{width_mm}mm" height="{height_mm}mm" '
        f'viewBox="0 0 {round(layout.width, 2)} {round(layout.height, 2)}">'
        + _style(layout.font)
        + "".join(canvas.parts)
        + "</svg>"
    )


def wall_elevation(survey: Any, lang: str = "zh") -> WallElevation:
    """Draw the wall elevation for a survey: :func:`elevation_layout`, then
    :func:`paint_elevation`.

    Parameters
    ----------
    survey : Survey
        As for :func:`elevation_layout`.
    lang : {"zh", "en"}
        Language of the labels.

    Returns
    -------
    WallElevation
    """
    layout = elevation_layout(survey, lang)
    return WallElevation(
        paint_elevation(layout),
        round(layout.width * 10.0 / layout.scale, 2),
        round(layout.height * 10.0 / layout.scale, 2),
        layout.missing,
        layout.dimensions,
        layout.notes,
        layout.scale,
    )


def wall_elevation_svg(survey: Any, lang: str = "zh") -> str:
    """The ``<svg>`` text of :func:`wall_elevation`."""
    return wall_elevation(survey, lang).svg
