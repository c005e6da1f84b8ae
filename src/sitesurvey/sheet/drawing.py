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
from dataclasses import dataclass
from html import escape
from itertools import pairwise
from typing import Any

from sitesurvey.fmt import cm as _cm
from sitesurvey.i18n import N_, tr

__all__ = [
    "DRAWING_SCALE",
    "LABELS",
    "NOTES",
    "ElevationLayout",
    "WallElevation",
    "elevation_layout",
    "paint_elevation",
    "wall_elevation",
    "wall_elevation_svg",
]

#: Printed scale of the drawing: 1 cm on the paper is this many cm on the wall.
DRAWING_SCALE = 25

_WALL_HALF = 110.0  # half width of the wall drawn [cm]
_LEFT = 92.0  # room for the vertical dimension lines [cm]
_RIGHT = 30.0
_TOP = 18.0
_BOTTOM = 22.0
_SOCKET_X = 60.0  # schematic horizontal position of the socket [cm]
_USER_X = -70.0  # schematic horizontal position of the user [cm]
_FONT = 7.0  # text size in drawing units (cm on the wall): about 8 pt at 1:25
_MAX_WIDTH = 440.0  # widest drawing [cm]: 176 mm at 1:25, within the A4 text width (178 mm)
_HEATER_HALF = (12.0, 30.0)  # half width of the heater body drawn [cm]: at least, at most
_HEATER_TALL = 100.0  # tallest heater body drawn [cm]
_NOTE_LINE = 8.0  # line pitch of the notes under the floor [cm]

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
}

#: Notes printed under the drawing when a measurement lies where the drawing cannot
#: show it as expected (the heater body is drawn around the drilling points).
NOTES = {
    "display_outside": N_(
        "the display at {d} cm is outside the heater body drawn from the drilling points "
        "({lo}–{hi} cm): check the measurements."
    ),
    "point_outside": N_(
        "drilling point {n} (x = {x} cm, y = {y} cm) is outside the heater body as drawn: "
        "check the measurements."
    ),
}


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
        Printed size [mm] at :data:`DRAWING_SCALE`.
    missing : tuple of str
        Keys of :data:`LABELS` for the features not drawn because not measured.
    dimensions : tuple of tuple of (str, float)
        Every height dimensioned, as (label key, value [cm]) — for tests and captions.
    notes : tuple of str
        Warnings printed under the drawing (a display or a drilling point outside the
        heater body as drawn), in the drawing's language.
    """

    svg: str
    width_mm: float
    height_mm: float
    missing: tuple[str, ...]
    dimensions: tuple[tuple[str, float], ...]
    notes: tuple[str, ...] = ()


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
    """A text with its baseline at (x, y) [cm]; ``rotate`` turns it to read upwards."""

    x: float
    y: float
    text: str
    cls: str = "t"
    anchor: str = "start"
    rotate: bool = False


Shape = Line | Rect | Circle | Polygon | Label


@dataclass(frozen=True, slots=True)
class ElevationLayout:
    """Where everything of the drawing goes, before it is painted.

    Attributes
    ----------
    shapes : tuple of Shape
        In painting order, in wall coordinates [cm].
    left : float
        Wall drawn left of the heater's axis [cm].
    top : float
        Height of the wall drawn above the floor [cm].
    width, height : float
        Size of the whole drawing [cm], margins and notes included.
    note_lines : tuple of str
        The notes under the floor, wrapped.
    missing, dimensions, notes
        As in :class:`WallElevation`.
    """

    shapes: tuple[Shape, ...]
    left: float
    top: float
    width: float
    height: float
    note_lines: tuple[str, ...]
    missing: tuple[str, ...]
    dimensions: tuple[tuple[str, float], ...]
    notes: tuple[str, ...]


Box = tuple[float, float, float, float]


class _Plan:
    """The survey's measurements [m, and cm where named so] and the layout as it grows."""

    def __init__(self, survey: Any, lang: str):
        self.lang = lang
        self.words = {key: tr(msgid, lang) for key, msgid in LABELS.items()}
        site = survey.site
        self.ceiling = site.ceiling_height
        self.display = site.display_height
        self.shower = site.shower.head_height
        self.shower_x = site.shower.offset_from_axis or 0.0
        self.socket = site.socket.height
        self.opening = site.socket.distance_to_opening
        self.user = survey.usage.main_user_height
        runs = site.wiring.runs or ()
        self.wiring = next(
            (r.height for r in runs if r.orientation == "horizontal" and r.height is not None),
            None,
        )
        self.points = tuple(survey.drilling or ())
        self.xs = [p.x * 100.0 for p in self.points]
        self.ys = [p.y * 100.0 for p in self.points]
        self.shapes: list[Shape] = []
        self.occupied: list[Box] = []  # marks and labels the labels placed later avoid
        self.display_marks: list[Box] = []  # the display marker and its label
        self.display_label: tuple[float, float, str] | None = None
        self.notes: list[str] = []
        self.missing: list[str] = []
        self.dims: list[tuple[str, float]] = []
        # set by _heater_body and _frame
        self.body: Box | None = None  # heater body drawn (x0, y0, x1, y1) [cm]
        self.ceiling_cm: float | None = None
        self.wall_cm = self.top_cm = self.left = self.right = self.width_cm = 0.0
        self.spaced_x: list[float] = []
        self.spaced_y: list[float] = []
        self.above: float | None = None  # height of the horizontal spacing dimension [cm]
        self.side: float | None = None  # x of the vertical spacing dimension [cm]

    def free(self, box: Box, others: list[Box] | None = None) -> bool:
        """Whether ``box`` overlaps none of ``others`` (the occupied boxes by default)."""
        return not any(_overlap(box, o) for o in (self.occupied if others is None else others))

    def line(self, x1: float, y1: float, x2: float, y2: float, cls: str) -> None:
        self.shapes.append(Line(x1, y1, x2, y2, cls))

    def label(self, x: float, y: float, text: str, cls="t", anchor="start", rotate=False):
        self.shapes.append(Label(x, y, text, cls, anchor, rotate))


def _first_free(plan: _Plan, text: str, places, others: list[Box] | None = None):
    """The first of ``places`` (x, y, anchor) where ``text`` is clear (else the last)."""
    for x, y, anchor in places:
        box = _text_box(x, y, text, anchor)
        if plan.free(box, others):
            break
    return x, y, anchor, box


def _heater_body(plan: _Plan) -> None:
    """The heater body: around the drilling points, but on its axis (x = 0) and no larger
    than a heater (points far off stay where measured, outside it, with a note), or
    around the display when no point is recorded."""
    xs, ys, display = plan.xs, plan.ys, plan.display
    if plan.points:
        hx0 = min(max(min(xs) - 8.0, -_HEATER_HALF[1]), -_HEATER_HALF[0])
        hx1 = max(min(max(xs) + 8.0, _HEATER_HALF[1]), _HEATER_HALF[0])
        hy1 = max(ys) + 8.0
        hy0 = max(min(ys) - 10.0, hy1 - _HEATER_TALL)
        plan.body = (hx0, hy0, hx1, hy1)
    elif display is not None:
        plan.body = (-17.0, display * 100.0 - 30.0, 17.0, display * 100.0 + 25.0)
    else:
        plan.body = None


def _place_display_label(plan: _Plan) -> None:
    """The display's marker, and its label when it lies outside the heater body: right of
    it, else left, above or below, clear of the other labels."""
    if plan.display is None:
        return
    w = plan.words
    d = plan.display * 100.0
    plan.display_marks.append((-6.0, d - 3.0, 6.0, d + 3.0))
    if plan.body is None or plan.body[1] <= d <= plan.body[3]:
        return
    others = []
    if plan.shower is not None:
        sx = plan.shower_x * 100.0 + 9
        others.append(_text_box(sx, plan.shower * 100.0 + 1, w["shower"], "start"))
    if plan.socket is not None:
        others.append(_text_box(_SOCKET_X - 6, plan.socket * 100.0 - 2, w["socket"], "end"))
    if plan.user is not None:
        others.append(_text_box(_USER_X, plan.user * 100.0 + 3, w["user"], "middle"))
    places = (
        (8.0, d - 2.5, "start"),
        (-8.0, d - 2.5, "end"),
        (8.0, d + 4.0, "start"),
        (8.0, d - 4.0 - _FONT, "start"),
    )
    dlx, dly, anchor, box = _first_free(plan, w["display"], places, others)
    plan.display_label = (dlx, dly, anchor)
    plan.display_marks.append(box)
    hy0, hy1 = plan.body[1], plan.body[3]
    plan.notes.append(
        tr(NOTES["display_outside"], plan.lang).format(
            d=_cm(plan.display), lo=_cm(hy0 / 100), hi=_cm(hy1 / 100)
        )
    )


def _frame(plan: _Plan) -> None:
    """The wall's size, and where the drilling points' spacing dimensions go: above the
    points (and above the display when it is just there), and right of them."""
    heights = [
        v
        for v in (plan.ceiling, plan.display, plan.shower, plan.socket, plan.user, plan.wiring)
        if v is not None
    ]
    heights += [p.y for p in plan.points]
    # the ceiling line is drawn at the ceiling's height, exactly where its dimension ends;
    # the canvas grows above it only for a feature measured higher
    plan.ceiling_cm = plan.ceiling * 100.0 if plan.ceiling is not None else None
    wall_cm = plan.ceiling_cm if plan.ceiling_cm is not None else max([2.6, *heights]) * 100.0 + 10
    plan.wall_cm = wall_cm
    plan.top_cm = max(wall_cm, max(heights, default=0.0) * 100.0 + 5)
    xs, ys = plan.xs, plan.ys
    plan.spaced_x = sorted({round(x, 1) for x in xs})
    plan.spaced_y = sorted({round(y, 1) for y in ys})
    plan.above = max(ys) + 14 if len(plan.spaced_x) > 1 else None
    plan.side = max(xs) + 16 if len(plan.spaced_y) > 1 else None
    if plan.above is not None:
        band = (plan.spaced_x[0] - 8, plan.above - 3, plan.spaced_x[-1] + 8, plan.above + 3 + _FONT)
        if any(_overlap(band, m) for m in plan.display_marks):
            plan.above = max(m[3] for m in plan.display_marks) + 5
        plan.top_cm = max(plan.top_cm, plan.above + 2 + _FONT)
    # the wall is wide enough for every drilling point where it is measured (and the
    # spacing dimension right of the points), within the page at the printed scale
    plan.left = max(_WALL_HALF, -min(xs, default=0.0) + 12.0)
    plan.right = max(_WALL_HALF, max(xs, default=0.0) + 28.0)
    pad = max(8.0, min(_RIGHT, _MAX_WIDTH - _LEFT - plan.left - plan.right))
    plan.width_cm = _LEFT + plan.left + plan.right + pad


def _spacing_labels(plan: _Plan) -> None:
    """The floor, its label and the spacing dimensions' numbers are occupied."""
    left, right, small = plan.left, plan.right, _FONT * 0.85
    plan.occupied += [
        (-left - 4, -1.5, right + 4, 1.5),
        _text_box(right, -8, plan.words["floor"], "end"),
    ]
    if plan.above is not None:
        for a, b in pairwise(plan.spaced_x):
            text = f"{round(b - a, 1):g}"
            plan.occupied.append(_text_box((a + b) / 2, plan.above + 2, text, "middle", small))
    if plan.side is not None:
        for a, b in pairwise(plan.spaced_y):
            text = f"{round(b - a, 1):g}"
            plan.occupied.append(_text_box(plan.side + 2, (a + b) / 2, text, "start", small))


def _wall(plan: _Plan) -> None:
    """Wall, floor and ceiling: the ceiling's label above its line at the right, else
    below it (clear of the spacing dimensions)."""
    left, right, w = plan.left, plan.right, plan.words
    plan.shapes.append(
        Rect(-left, plan.wall_cm, round(left + right, 2), round(plan.wall_cm, 2), "wall")
    )
    plan.line(-left - 4, 0, right + 4, 0, "floor")
    plan.label(right, -8, w["floor"], anchor="end")
    ceiling_cm = plan.ceiling_cm
    if ceiling_cm is None:
        plan.missing.append("ceiling")
        return
    plan.line(-left - 4, ceiling_cm, right + 4, ceiling_cm, "floor")
    places = ((right, ceiling_cm + 3, "end"), (right, ceiling_cm - 3 - 0.9 * _FONT, "end"))
    x, y, anchor, box = _first_free(plan, w["ceiling"], places)
    plan.label(x, y, w["ceiling"], anchor=anchor)
    plan.occupied += [box, (-left - 4, ceiling_cm - 1.5, right + 4, ceiling_cm + 1.5)]
    plan.dims.append(("ceiling", ceiling_cm))


def _heater(plan: _Plan) -> None:
    """The heater body and its axis; its label below it, else beside it, never under a
    mark (the display, the drilling points, the user's label)."""
    plan.occupied += plan.display_marks
    for x, y in zip(plan.xs, plan.ys, strict=True):
        plan.occupied.append((x - 4.0, y - 4.0, x + 8.0, y + 3.0 + _FONT))  # cross and number
    if plan.user is not None:
        plan.occupied.append(
            _text_box(_USER_X, plan.user * 100.0 + 3, plan.words["user"], "middle")
        )
    if plan.body is None:
        return
    hx0, hy0, hx1, hy1 = plan.body
    plan.shapes.append(Rect(hx0, hy1, round(hx1 - hx0, 2), round(hy1 - hy0, 2), "heater"))
    plan.line(0, hy0 - 6, 0, hy1 + 6, "axis")
    mid = (hy0 + hy1) / 2 - 2.0
    places = (
        ((hx0 + hx1) / 2, hy0 - 7 - 0.9 * _FONT, "middle"),  # under the axis' end
        (hx0 - 2, mid, "end"),
        (hx1 + 2, mid, "start"),
        (hx0 - 2, hy0 - 8, "end"),
        (hx1 + 2, hy0 - 8, "start"),
    )
    x, y, anchor, _ = _first_free(plan, plan.words["heater"], places)
    plan.label(x, y, plan.words["heater"], anchor=anchor)


def _display_shower_user(plan: _Plan) -> None:
    """The display marker, the shower head and the main user (a figure to scale)."""
    w = plan.words
    if plan.display is not None:
        d = plan.display * 100.0
        plan.shapes.append(Rect(-6, d + 3, 12, 6, "display"))
        if plan.display_label is not None:
            x, y, anchor = plan.display_label
            plan.label(x, y, w["display"], anchor=anchor)
        plan.dims.append(("display", d))
    else:
        plan.missing.append("display")
    if plan.shower is not None:
        s, sx = plan.shower * 100.0, plan.shower_x * 100.0
        outline = ((sx - 7, s), (sx + 7, s), (sx + 3, s + 5), (sx - 3, s + 5))
        plan.shapes.append(Polygon(outline, "shower"))
        plan.label(sx + 9, s + 1, w["shower"])
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
        plan.label(ux, u + 3, w["user"], anchor="middle")
        plan.dims.append(("user", u))
    else:
        plan.missing.append("user")


def _wiring_socket_opening(plan: _Plan) -> None:
    """The wiring route, the socket and the door or window edge with the socket's
    distance to it dimensioned."""
    w, left, socket = plan.words, plan.left, plan.socket
    if plan.wiring is not None:
        h = plan.wiring * 100.0
        plan.line(-left, h, _SOCKET_X, h, "wiring")
        if socket is not None:
            plan.line(_SOCKET_X, h, _SOCKET_X, socket * 100.0 + 4, "wiring")
        # above the route, or under it when the ceiling is too close
        wy = h + 2
        if not plan.free(_text_box(-left + 2, wy, w["wiring"], "start")):
            wy = h - 2 - 0.9 * _FONT
        plan.label(-left + 2, wy, w["wiring"])
        plan.dims.append(("wiring", h))
    else:
        plan.missing.append("wiring")
    if socket is not None:
        so = socket * 100.0
        plan.shapes.append(Rect(_SOCKET_X - 4, so + 4, 8, 8, "socket"))
        plan.label(_SOCKET_X - 6, so - 2, w["socket"], anchor="end")
        plan.dims.append(("socket", so))
    else:
        plan.missing.append("socket")
    if plan.opening is None:
        plan.missing.append("opening")
        return
    ox = _SOCKET_X + plan.opening * 100.0
    top = plan.top_cm
    edge_top = min(top, 210.0) if socket is None else max(min(top, 210.0), socket * 100.0 + 10)
    plan.line(ox, 0, ox, edge_top, "opening")
    plan.label(ox + 8, 40, w["opening"], rotate=True)
    base = (socket * 100.0 if socket is not None else 150.0) + 12
    plan.line(_SOCKET_X, base - 3, _SOCKET_X, base + 3, "dim")
    plan.line(ox, base - 3, ox, base + 3, "dim")
    plan.line(_SOCKET_X, base, ox, base, "dim")
    plan.label((_SOCKET_X + ox) / 2, base + 2, f"{_cm(plan.opening)}", "d", anchor="middle")


def _drilling(plan: _Plan) -> None:
    """The drilling points, each numbered up right of it, else clear of the display and
    its label; then their spacing dimensions."""
    if not plan.points:
        plan.missing.append("drill")
        return
    hx0, hy0, hx1, hy1 = plan.body
    for i, p in enumerate(plan.points, start=1):
        px, py = p.x * 100.0, p.y * 100.0
        if not (hx0 <= px <= hx1 and hy0 <= py <= hy1):
            plan.notes.append(
                tr(NOTES["point_outside"], plan.lang).format(n=i, x=_cm(p.x), y=_cm(p.y))
            )
        plan.shapes.append(Circle(px, py, 2.2, "drill"))
        plan.line(px - 4, py, px + 4, py, "drillx")
        plan.line(px, py - 4, px, py + 4, "drillx")
        places = (
            (px + 3, py + 3, "start"),
            (px + 3, py - 4 - _FONT, "start"),
            (px - 3, py + 3, "end"),
            (px - 3, py - 4 - _FONT, "end"),
        )
        nx, ny, anchor, _ = _first_free(plan, f"{i}", places, plan.display_marks)
        plan.label(nx, ny, f"{i}", "dn", anchor=anchor)
        plan.dims.append((f"drill{i}", py))
    above, side = plan.above, plan.side
    if above is not None:
        plan.line(plan.spaced_x[0], above, plan.spaced_x[-1], above, "dim")
        for xv in plan.spaced_x:
            plan.line(xv, above - 3, xv, above + 3, "dim")
        for a, b in pairwise(plan.spaced_x):
            plan.label((a + b) / 2, above + 2, f"{round(b - a, 1):g}", "d", anchor="middle")
    if side is not None:
        plan.line(side, plan.spaced_y[0], side, plan.spaced_y[-1], "dim")
        for yv in plan.spaced_y:
            plan.line(side - 3, yv, side + 3, yv, "dim")
        for a, b in pairwise(plan.spaced_y):
            plan.label(side + 2, (a + b) / 2, f"{round(b - a, 1):g}", "d")


def _height_chain(plan: _Plan) -> None:
    """The height dimension chain on the left: one line per feature, from the floor."""
    for i, (key, value) in enumerate(sorted(plan.dims, key=lambda kv: kv[1])):
        dx = -plan.left - 8.0 - 9.0 * i
        # the extension line first, so the three dimension lines merge into one path
        # (same picture: the tick at the value covers where the two meet)
        plan.line(dx - 2.5, value, -plan.left, value, "ext")
        plan.line(dx, 0, dx, value, "dim")
        plan.line(dx - 2.5, 0, dx + 2.5, 0, "dim")
        plan.line(dx - 2.5, value, dx + 2.5, value, "dim")
        label = key if not key.startswith("drill") else f"{plan.words['drill']} {key[5:]}"
        label = f"{round(value, 1):g} {plan.words.get(label, label)}"
        if _text_width(label, _FONT * 0.85) + 4 <= value:  # along the line, centred
            plan.label(dx - 1.2, value / 2, label, "d", "middle", True)
        else:  # a short dimension: the text continues the line upwards
            plan.label(dx - 1.2, value + 2, label, "d", "start", True)


def elevation_layout(survey: Any, lang: str = "zh") -> ElevationLayout:
    """Lay out the wall elevation of a survey: every mark, dimension and label as data.

    Parameters
    ----------
    survey : Survey
        Uses ``site.ceiling_height``, ``site.display_height``, ``site.shower``,
        ``site.socket``, the horizontal runs of ``site.wiring.runs``,
        ``usage.main_user_height`` and ``drilling`` (all [m]).
    lang : {"zh", "en"}
        Language of the labels.

    Returns
    -------
    ElevationLayout
    """
    plan = _Plan(survey, "en" if lang == "en" else "zh")
    _heater_body(plan)
    _place_display_label(plan)
    _frame(plan)
    _spacing_labels(plan)
    _wall(plan)
    _heater(plan)
    _display_shower_user(plan)
    _wiring_socket_opening(plan)
    _drilling(plan)
    _height_chain(plan)
    # notes under the floor, from the left edge, wrapped to the drawing's width
    note = tr("Note: {note}", plan.lang)
    note_lines = tuple(
        line
        for text in plan.notes
        for line in _wrap(note.format(note=text), plan.width_cm - 4.0, _FONT * 0.85)
    )
    return ElevationLayout(
        shapes=tuple(plan.shapes),
        left=plan.left,
        top=plan.top_cm,
        width=plan.width_cm,
        height=_TOP + plan.top_cm + _BOTTOM + _NOTE_LINE * len(note_lines),
        note_lines=note_lines,
        missing=tuple(plan.missing),
        dimensions=tuple(plan.dims),
        notes=tuple(plan.notes),
    )


# ---------------------------------------------------------------------- painting

_STYLE = (
    "<style>"
    ".wall{fill:#f7f7f4;stroke:none}.floor{stroke:#222;stroke-width:1.2}"
    ".heater{fill:#e8eef6;stroke:#1d3b66;stroke-width:0.8}"
    ".display{fill:#1d3b66}.axis{stroke:#1d3b66;stroke-width:0.3;stroke-dasharray:3 2}"
    ".shower{fill:#9ab;stroke:#345;stroke-width:0.5}"
    ".person{fill:none;stroke:#777;stroke-width:0.8}"
    ".guide{stroke:#777;stroke-width:0.4;stroke-dasharray:2 2}"
    ".wiring{stroke:#c0392b;stroke-width:0.9;stroke-dasharray:4 2;fill:none}"
    ".socket{fill:#fff;stroke:#c0392b;stroke-width:0.8}"
    ".opening{stroke:#6b4f2a;stroke-width:1.5}"
    ".drill{fill:#fff;stroke:#000;stroke-width:0.6}.drillx{stroke:#000;stroke-width:0.4}"
    ".dim{stroke:#333;stroke-width:0.3}.ext{stroke:#999;stroke-width:0.2;"
    "stroke-dasharray:1 1}"
    f".t{{font-size:{_FONT}px;fill:#222}}.d{{font-size:{_FONT * 0.85}px;fill:#000}}"
    f".dn{{font-size:{_FONT}px;fill:#000}}"  # one weight: see sheet.css
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

    def __init__(self, height_cm: float, left_cm: float = _WALL_HALF):
        self.h = height_cm
        self.left = left_cm  # wall drawn left of the heater's axis
        self.parts: list[str] = []
        self._run: tuple[str, list[str]] | None = None  # class and subpaths of the last part

    def x(self, x_cm: float) -> float:
        return round(_LEFT + self.left + x_cm, 2)

    def y(self, y_cm: float) -> float:
        return round(_TOP + self.h - y_cm, 2)

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
    canvas = _Canvas(layout.top, layout.left)
    for shape in layout.shapes:
        canvas.shape(shape)
    for i, line in enumerate(layout.note_lines):
        canvas.add(
            f'<text x="2" y="{canvas.y(-8.0 - _NOTE_LINE * (i + 1))}" class="d">'
            f"{escape(line)}</text>"
        )
    width_mm = round(layout.width * 10.0 / DRAWING_SCALE, 2)
    height_mm = round(layout.height * 10.0 / DRAWING_SCALE, 2)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="elevation" font-family="SheetCJK" '
        f'width="{width_mm}mm" height="{height_mm}mm" '
        f'viewBox="0 0 {round(layout.width, 2)} {round(layout.height, 2)}">'
        + _STYLE
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
        round(layout.width * 10.0 / DRAWING_SCALE, 2),
        round(layout.height * 10.0 / DRAWING_SCALE, 2),
        layout.missing,
        layout.dimensions,
        layout.notes,
    )


def wall_elevation_svg(survey: Any, lang: str = "zh") -> str:
    """The ``<svg>`` text of :func:`wall_elevation`."""
    return wall_elevation(survey, lang).svg
