"""The installation design drawing: a wall elevation of the shower wall, as SVG text.

Drawn to scale from the survey's numbers (heights above the floor and the drilling
points' offsets from the heater's axis), facing the wall, in centimetres. The SVG is
built as text from numbers; every piece of text in it is XML-escaped, and it contains
no references to anything outside itself (no ``href``, no ``url()``).

Horizontal positions the survey does not record (the socket's, the door or window
edge's and the user's) are placed schematically; their *distances* that the survey
does record (socket to opening) are dimensioned to scale.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from itertools import pairwise
from typing import Any

__all__ = ["DRAWING_SCALE", "WallElevation", "wall_elevation", "wall_elevation_svg"]

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

LABELS = {
    "zh": {
        "floor": "地面",
        "ceiling": "天花板",
        "heater": "热水器",
        "display": "显示屏",
        "shower": "花洒",
        "user": "主要使用者头顶",
        "socket": "插座",
        "opening": "门框/窗边",
        "wiring": "布线",
        "drill": "钻孔",
        "not_measured": "未测量",
    },
    "en": {
        "floor": "floor",
        "ceiling": "ceiling",
        "heater": "heater",
        "display": "display",
        "shower": "shower head",
        "user": "main user's head",
        "socket": "socket",
        "opening": "door/window edge",
        "wiring": "wiring",
        "drill": "drill",
        "not_measured": "not measured",
    },
}


def _cm(metres: float) -> str:
    """``1.855`` m -> ``"185.5"`` (cm, at most one decimal)."""
    return f"{round(metres * 100.0, 1):g}"


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
    """

    svg: str
    width_mm: float
    height_mm: float
    missing: tuple[str, ...]
    dimensions: tuple[tuple[str, float], ...]


class _Canvas:
    """SVG parts in painting order.

    Consecutive lines of one class become one ``<path>`` of ``M … L …`` subpaths:
    WeasyPrint draws every SVG element with its own graphics state (style cascade,
    colour parsing, transform), and merging cut the drawing's cost by about a third
    (~35 ms a sheet). Only *consecutive* lines merge, so the painting order, and the
    rendered drawing, stay the same (a dash pattern restarts at each subpath, as it
    does at each line).
    """

    def __init__(self, height_cm: float):
        self.h = height_cm
        self.parts: list[str] = []
        self._run: tuple[str, list[str]] | None = None  # class and subpaths of the last part

    def x(self, x_cm: float) -> float:
        return round(_LEFT + _WALL_HALF + x_cm, 2)

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


def wall_elevation(survey: Any, lang: str = "zh") -> WallElevation:
    """Draw the wall elevation for a survey.

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
    WallElevation
    """
    words = LABELS["en" if lang == "en" else "zh"]
    site = survey.site
    ceiling = site.ceiling_height
    display = site.display_height
    shower = site.shower.head_height
    shower_x = site.shower.offset_from_axis or 0.0
    socket = site.socket.height
    opening = site.socket.distance_to_opening
    user = survey.usage.main_user_height
    runs = site.wiring.runs or ()
    wiring = next(
        (r.height for r in runs if r.orientation == "horizontal" and r.height is not None), None
    )
    points = tuple(survey.drilling or ())

    heights = [v for v in (ceiling, display, shower, socket, user, wiring) if v is not None]
    heights += [p.y for p in points]
    top_cm = (ceiling * 100.0) if ceiling is not None else max([2.6, *heights]) * 100.0 + 10
    top_cm = max(top_cm, max(heights, default=0.0) * 100.0 + 5)
    canvas = _Canvas(top_cm)
    width_cm = _LEFT + 2 * _WALL_HALF + _RIGHT
    height_cm = _TOP + top_cm + _BOTTOM
    missing: list[str] = []
    dims: list[tuple[str, float]] = []

    # wall, floor, ceiling
    canvas.add(
        f'<rect x="{canvas.x(-_WALL_HALF)}" y="{canvas.y(top_cm)}" width="{2 * _WALL_HALF}" '
        f'height="{round(top_cm, 2)}" class="wall"/>'
    )
    canvas.line(-_WALL_HALF - 4, 0, _WALL_HALF + 4, 0, "floor")
    canvas.text(_WALL_HALF, -8, words["floor"], anchor="end")
    if ceiling is not None:
        canvas.line(-_WALL_HALF - 4, top_cm, _WALL_HALF + 4, top_cm, "floor")
        canvas.text(_WALL_HALF, top_cm + 3, words["ceiling"], anchor="end")
        dims.append(("ceiling", ceiling * 100.0))
    else:
        missing.append("ceiling")

    # heater: around the drilling points, or centred on the display
    if points:
        xs = [p.x * 100.0 for p in points]
        ys = [p.y * 100.0 for p in points]
        hx0, hx1 = min(xs) - 8.0, max(xs) + 8.0
        hy0, hy1 = min(ys) - 10.0, max(ys) + 8.0
    elif display is not None:
        hx0, hx1 = -17.0, 17.0
        hy0, hy1 = display * 100.0 - 30.0, display * 100.0 + 25.0
    else:
        hx0 = hx1 = hy0 = hy1 = None  # type: ignore[assignment]
    if hx0 is not None:
        canvas.add(
            f'<rect x="{canvas.x(hx0)}" y="{canvas.y(hy1)}" width="{round(hx1 - hx0, 2)}" '
            f'height="{round(hy1 - hy0, 2)}" class="heater"/>'
        )
        canvas.line(0, hy0 - 6, 0, hy1 + 6, "axis")
        canvas.text((hx0 + hx1) / 2, hy0 - 8, words["heater"], anchor="middle")
    if display is not None:
        d = display * 100.0
        canvas.add(
            f'<rect x="{canvas.x(-6)}" y="{canvas.y(d + 3)}" width="12" height="6" '
            'class="display"/>'
        )
        dims.append(("display", d))
    else:
        missing.append("display")

    # shower head
    if shower is not None:
        s, sx = shower * 100.0, shower_x * 100.0
        canvas.add(
            f'<path d="M {canvas.x(sx - 7)} {canvas.y(s)} L {canvas.x(sx + 7)} {canvas.y(s)} '
            f'L {canvas.x(sx + 3)} {canvas.y(s + 5)} L {canvas.x(sx - 3)} {canvas.y(s + 5)} Z" '
            'class="shower"/>'
        )
        canvas.text(sx + 9, s + 1, words["shower"])
        dims.append(("shower", s))
    else:
        missing.append("shower")

    # the main user
    if user is not None:
        u = user * 100.0
        ux = _USER_X
        canvas.add(f'<circle cx="{canvas.x(ux)}" cy="{canvas.y(u - 11)}" r="11" class="person"/>')
        canvas.line(ux, u - 22, ux, u * 0.47, "person")
        canvas.line(ux, u * 0.47, ux - 12, 0, "person")
        canvas.line(ux, u * 0.47, ux + 12, 0, "person")
        canvas.line(ux - 20, u * 0.78, ux + 20, u * 0.78, "person")
        canvas.line(ux - 20, u, ux + 20, u, "guide")
        canvas.text(ux, u + 3, words["user"], anchor="middle")
        dims.append(("user", u))
    else:
        missing.append("user")

    # wiring route and socket
    if wiring is not None:
        w = wiring * 100.0
        end = _SOCKET_X
        canvas.line(-_WALL_HALF, w, end, w, "wiring")
        if socket is not None:
            canvas.line(end, w, end, socket * 100.0 + 4, "wiring")
        canvas.text(-_WALL_HALF + 2, w + 2, words["wiring"])
        dims.append(("wiring", w))
    else:
        missing.append("wiring")
    if socket is not None:
        so = socket * 100.0
        canvas.add(
            f'<rect x="{canvas.x(_SOCKET_X - 4)}" y="{canvas.y(so + 4)}" width="8" height="8" '
            'class="socket"/>'
        )
        canvas.text(_SOCKET_X - 6, so - 2, words["socket"], anchor="end")
        dims.append(("socket", so))
    else:
        missing.append("socket")
    if opening is not None:
        ox = _SOCKET_X + opening * 100.0
        edge_top = min(top_cm, 210.0) if socket is None else max(min(top_cm, 210.0), so + 10)
        canvas.line(ox, 0, ox, edge_top, "opening")
        canvas.text(ox + 8, 40, words["opening"], rotate=True)
        base = (socket * 100.0 if socket is not None else 150.0) + 12
        canvas.line(_SOCKET_X, base - 3, _SOCKET_X, base + 3, "dim")
        canvas.line(ox, base - 3, ox, base + 3, "dim")
        canvas.line(_SOCKET_X, base, ox, base, "dim")
        canvas.text((_SOCKET_X + ox) / 2, base + 2, f"{_cm(opening)}", "d", anchor="middle")
    else:
        missing.append("opening")

    # drilling points and their spacing
    if points:
        for i, p in enumerate(points, start=1):
            px, py = p.x * 100.0, p.y * 100.0
            canvas.add(f'<circle cx="{canvas.x(px)}" cy="{canvas.y(py)}" r="2.2" class="drill"/>')
            canvas.line(px - 4, py, px + 4, py, "drillx")
            canvas.line(px, py - 4, px, py + 4, "drillx")
            canvas.text(px + 3, py + 3, f"{i}", "dn")
            dims.append((f"drill{i}", py))
        xs = sorted({round(p.x * 100.0, 1) for p in points})
        if len(xs) > 1:
            above = max(p.y for p in points) * 100.0 + 14
            canvas.line(xs[0], above, xs[-1], above, "dim")
            for xv in xs:
                canvas.line(xv, above - 3, xv, above + 3, "dim")
            for a, b in pairwise(xs):
                canvas.text((a + b) / 2, above + 2, f"{round(b - a, 1):g}", "d", anchor="middle")
        ys = sorted({round(p.y * 100.0, 1) for p in points})
        if len(ys) > 1:
            side = max(p.x for p in points) * 100.0 + 16
            canvas.line(side, ys[0], side, ys[-1], "dim")
            for yv in ys:
                canvas.line(side - 3, yv, side + 3, yv, "dim")
            for a, b in pairwise(ys):
                canvas.text(side + 2, (a + b) / 2, f"{round(b - a, 1):g}", "d")
    else:
        missing.append("drill")

    # height dimension chain on the left: one line per feature, from the floor
    for i, (key, value) in enumerate(sorted(dims, key=lambda kv: kv[1])):
        dx = -_WALL_HALF - 8.0 - 9.0 * i
        # the extension line first, so the three dimension lines merge into one path
        # (same picture: the tick at the value covers where the two meet)
        canvas.line(dx - 2.5, value, -_WALL_HALF, value, "ext")
        canvas.line(dx, 0, dx, value, "dim")
        canvas.line(dx - 2.5, 0, dx + 2.5, 0, "dim")
        canvas.line(dx - 2.5, value, dx + 2.5, value, "dim")
        label = key if not key.startswith("drill") else f"{words['drill']} {key[5:]}"
        label = words.get(label, label)
        canvas.text(dx - 1.2, value / 2, f"{round(value, 1):g} {label}", "d", "middle", True)

    style = (
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
    width_mm = round(width_cm * 10.0 / DRAWING_SCALE, 2)
    height_mm = round(height_cm * 10.0 / DRAWING_SCALE, 2)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="elevation" font-family="SheetCJK" '
        f'width="{width_mm}mm" height="{height_mm}mm" '
        f'viewBox="0 0 {round(width_cm, 2)} {round(height_cm, 2)}">'
        + style
        + "".join(canvas.parts)
        + "</svg>"
    )
    return WallElevation(svg, width_mm, height_mm, tuple(missing), tuple(dims))


def wall_elevation_svg(survey: Any, lang: str = "zh") -> str:
    """The ``<svg>`` text of :func:`wall_elevation`."""
    return wall_elevation(survey, lang).svg
