"""The installation design drawing: a wall elevation of the shower wall, as SVG text.

Drawn to scale from the survey's numbers (heights above the floor and the drilling
points' offsets from the heater's axis), facing the wall, in centimetres. The SVG is
built as text from numbers; every piece of text in it is XML-escaped, and it contains
no references to anything outside itself (no ``href``, no ``url()``).

Horizontal positions the survey does not record (the socket's, the door or window
edge's and the user's) are placed schematically; their *distances* that the survey
does record (socket to opening) are dimensioned to scale.

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


class _Canvas:
    """SVG parts in painting order.

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
    lang = "en" if lang == "en" else "zh"
    words = {key: tr(msgid, lang) for key, msgid in LABELS.items()}
    note_words = {key: tr(msgid, lang) for key, msgid in NOTES.items()}
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
    notes: list[str] = []

    heights = [v for v in (ceiling, display, shower, socket, user, wiring) if v is not None]
    heights += [p.y for p in points]
    # the ceiling line is drawn at the ceiling's height, exactly where its dimension ends;
    # the canvas grows above it only for a feature measured higher
    ceiling_cm = ceiling * 100.0 if ceiling is not None else None
    wall_cm = ceiling_cm if ceiling_cm is not None else max([2.6, *heights]) * 100.0 + 10
    top_cm = max(wall_cm, max(heights, default=0.0) * 100.0 + 5)
    xs = [p.x * 100.0 for p in points]
    ys = [p.y * 100.0 for p in points]
    # heater body: around the drilling points, but on its axis (x = 0) and no larger
    # than a heater (points far off stay where measured, outside it, with a note), or
    # around the display when no point is recorded
    if points:
        hx0 = min(max(min(xs) - 8.0, -_HEATER_HALF[1]), -_HEATER_HALF[0])
        hx1 = max(min(max(xs) + 8.0, _HEATER_HALF[1]), _HEATER_HALF[0])
        hy1 = max(ys) + 8.0
        hy0 = max(min(ys) - 10.0, hy1 - _HEATER_TALL)
    elif display is not None:
        hx0, hx1 = -17.0, 17.0
        hy0, hy1 = display * 100.0 - 30.0, display * 100.0 + 25.0
    else:
        hx0 = hx1 = hy0 = hy1 = None  # type: ignore[assignment]
    display_marks: list[tuple[float, float, float, float]] = []  # marker and its label
    display_label = None
    if display is not None:
        d = display * 100.0
        display_marks.append((-6.0, d - 3.0, 6.0, d + 3.0))
        if hy0 is not None and not hy0 <= d <= hy1:
            # its label right of it, else left, above or below: clear of the other labels
            others = []
            if shower is not None:
                others.append(
                    _text_box(shower_x * 100.0 + 9, shower * 100.0 + 1, words["shower"], "start")
                )
            if socket is not None:
                others.append(_text_box(_SOCKET_X - 6, socket * 100.0 - 2, words["socket"], "end"))
            if user is not None:
                others.append(_text_box(_USER_X, user * 100.0 + 3, words["user"], "middle"))
            for dlx, dly, anchor in (
                (8.0, d - 2.5, "start"),
                (-8.0, d - 2.5, "end"),
                (8.0, d + 4.0, "start"),
                (8.0, d - 4.0 - _FONT, "start"),
            ):
                box = _text_box(dlx, dly, words["display"], anchor)
                if not any(_overlap(box, o) for o in others):
                    break
            display_label = (dlx, dly, anchor)
            display_marks.append(box)
            notes.append(
                note_words["display_outside"].format(
                    d=_cm(display), lo=_cm(hy0 / 100), hi=_cm(hy1 / 100)
                )
            )
    # the drilling points' spacing dimensions: above the points (and above the display
    # when it is just there), and right of them
    spaced_x = sorted({round(x, 1) for x in xs})
    spaced_y = sorted({round(y, 1) for y in ys})
    above = max(ys) + 14 if len(spaced_x) > 1 else None
    side = max(xs) + 16 if len(spaced_y) > 1 else None
    if above is not None:
        band = (spaced_x[0] - 8, above - 3, spaced_x[-1] + 8, above + 3 + _FONT)
        if any(_overlap(band, m) for m in display_marks):
            above = max(m[3] for m in display_marks) + 5
        top_cm = max(top_cm, above + 2 + _FONT)
    # the wall is wide enough for every drilling point where it is measured (and the
    # spacing dimension right of the points), within the page at the printed scale
    left = max(_WALL_HALF, -min(xs, default=0.0) + 12.0)
    right = max(_WALL_HALF, max(xs, default=0.0) + 28.0)
    pad = max(8.0, min(_RIGHT, _MAX_WIDTH - _LEFT - left - right))
    canvas = _Canvas(top_cm, left)
    width_cm = _LEFT + left + right + pad
    missing: list[str] = []
    dims: list[tuple[str, float]] = []
    # marks and labels that the labels placed below must not cover
    occupied: list[tuple[float, float, float, float]] = [(-left - 4, -1.5, right + 4, 1.5)]
    occupied.append(_text_box(right, -8, words["floor"], "end"))
    if above is not None:
        for a, b in pairwise(spaced_x):
            box = _text_box((a + b) / 2, above + 2, f"{round(b - a, 1):g}", "middle", _FONT * 0.85)
            occupied.append(box)
    if side is not None:
        for a, b in pairwise(spaced_y):
            box = _text_box(side + 2, (a + b) / 2, f"{round(b - a, 1):g}", "start", _FONT * 0.85)
            occupied.append(box)

    # wall, floor, ceiling
    canvas.add(
        f'<rect x="{canvas.x(-left)}" y="{canvas.y(wall_cm)}" width="{round(left + right, 2)}" '
        f'height="{round(wall_cm, 2)}" class="wall"/>'
    )
    canvas.line(-left - 4, 0, right + 4, 0, "floor")
    canvas.text(right, -8, words["floor"], anchor="end")
    if ceiling_cm is not None:
        canvas.line(-left - 4, ceiling_cm, right + 4, ceiling_cm, "floor")
        # above the line at the right, else below it (clear of the spacing dimensions)
        for ly in (ceiling_cm + 3, ceiling_cm - 3 - 0.9 * _FONT):
            box = _text_box(right, ly, words["ceiling"], "end")
            if not any(_overlap(box, o) for o in occupied):
                break
        canvas.text(right, ly, words["ceiling"], anchor="end")
        occupied.append(box)
        occupied.append((-left - 4, ceiling_cm - 1.5, right + 4, ceiling_cm + 1.5))
        dims.append(("ceiling", ceiling_cm))
    else:
        missing.append("ceiling")

    occupied += display_marks
    for x, y in zip(xs, ys, strict=True):
        occupied.append((x - 4.0, y - 4.0, x + 8.0, y + 3.0 + _FONT))  # cross and number
    if user is not None:
        occupied.append(_text_box(_USER_X, user * 100.0 + 3, words["user"], "middle"))
    if hx0 is not None:
        canvas.add(
            f'<rect x="{canvas.x(hx0)}" y="{canvas.y(hy1)}" width="{round(hx1 - hx0, 2)}" '
            f'height="{round(hy1 - hy0, 2)}" class="heater"/>'
        )
        canvas.line(0, hy0 - 6, 0, hy1 + 6, "axis")
        # the label below the body, else beside it: never under a mark
        label = words["heater"]
        mid = (hy0 + hy1) / 2 - 2.0
        for lx, ly, anchor in (
            ((hx0 + hx1) / 2, hy0 - 7 - 0.9 * _FONT, "middle"),  # under the axis' end
            (hx0 - 2, mid, "end"),
            (hx1 + 2, mid, "start"),
            (hx0 - 2, hy0 - 8, "end"),
            (hx1 + 2, hy0 - 8, "start"),
        ):
            box = _text_box(lx, ly, label, anchor)
            if not any(_overlap(box, o) for o in occupied):
                break
        canvas.text(lx, ly, label, anchor=anchor)
    if display is not None:
        canvas.add(
            f'<rect x="{canvas.x(-6)}" y="{canvas.y(d + 3)}" width="12" height="6" '
            'class="display"/>'
        )
        if display_label is not None:
            canvas.text(
                display_label[0], display_label[1], words["display"], anchor=display_label[2]
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
        canvas.line(-left, w, end, w, "wiring")
        if socket is not None:
            canvas.line(end, w, end, socket * 100.0 + 4, "wiring")
        # above the route, or under it when the ceiling is too close
        wy = w + 2
        if any(_overlap(_text_box(-left + 2, wy, words["wiring"], "start"), o) for o in occupied):
            wy = w - 2 - 0.9 * _FONT
        canvas.text(-left + 2, wy, words["wiring"])
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
            if not (hx0 <= px <= hx1 and hy0 <= py <= hy1):
                notes.append(note_words["point_outside"].format(n=i, x=_cm(p.x), y=_cm(p.y)))
            canvas.add(f'<circle cx="{canvas.x(px)}" cy="{canvas.y(py)}" r="2.2" class="drill"/>')
            canvas.line(px - 4, py, px + 4, py, "drillx")
            canvas.line(px, py - 4, px, py + 4, "drillx")
            # the number up right of the point, else clear of the display and its label
            for nx, ny, anchor in (
                (px + 3, py + 3, "start"),
                (px + 3, py - 4 - _FONT, "start"),
                (px - 3, py + 3, "end"),
                (px - 3, py - 4 - _FONT, "end"),
            ):
                box = _text_box(nx, ny, f"{i}", anchor)
                if not any(_overlap(box, o) for o in display_marks):
                    break
            canvas.text(nx, ny, f"{i}", "dn", anchor=anchor)
            dims.append((f"drill{i}", py))
        if above is not None:
            canvas.line(spaced_x[0], above, spaced_x[-1], above, "dim")
            for xv in spaced_x:
                canvas.line(xv, above - 3, xv, above + 3, "dim")
            for a, b in pairwise(spaced_x):
                canvas.text((a + b) / 2, above + 2, f"{round(b - a, 1):g}", "d", anchor="middle")
        if side is not None:
            canvas.line(side, spaced_y[0], side, spaced_y[-1], "dim")
            for yv in spaced_y:
                canvas.line(side - 3, yv, side + 3, yv, "dim")
            for a, b in pairwise(spaced_y):
                canvas.text(side + 2, (a + b) / 2, f"{round(b - a, 1):g}", "d")
    else:
        missing.append("drill")

    # height dimension chain on the left: one line per feature, from the floor
    for i, (key, value) in enumerate(sorted(dims, key=lambda kv: kv[1])):
        dx = -left - 8.0 - 9.0 * i
        # the extension line first, so the three dimension lines merge into one path
        # (same picture: the tick at the value covers where the two meet)
        canvas.line(dx - 2.5, value, -left, value, "ext")
        canvas.line(dx, 0, dx, value, "dim")
        canvas.line(dx - 2.5, 0, dx + 2.5, 0, "dim")
        canvas.line(dx - 2.5, value, dx + 2.5, value, "dim")
        label = key if not key.startswith("drill") else f"{words['drill']} {key[5:]}"
        label = f"{round(value, 1):g} {words.get(label, label)}"
        if _text_width(label, _FONT * 0.85) + 4 <= value:  # along the line, centred
            canvas.text(dx - 1.2, value / 2, label, "d", "middle", True)
        else:  # a short dimension: the text continues the line upwards
            canvas.text(dx - 1.2, value + 2, label, "d", "start", True)

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
    # notes under the floor, from the left edge, wrapped to the drawing's width
    note_lines = [
        line
        for note in notes
        for line in _wrap(tr("Note: {note}", lang).format(note=note), width_cm - 4.0, _FONT * 0.85)
    ]
    for i, line in enumerate(note_lines):
        canvas.add(
            f'<text x="2" y="{canvas.y(-8.0 - _NOTE_LINE * (i + 1))}" class="d">'
            f"{escape(line)}</text>"
        )
    height_cm = _TOP + top_cm + _BOTTOM + _NOTE_LINE * len(note_lines)
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
    return WallElevation(svg, width_mm, height_mm, tuple(missing), tuple(dims), tuple(notes))


def wall_elevation_svg(survey: Any, lang: str = "zh") -> str:
    """The ``<svg>`` text of :func:`wall_elevation`."""
    return wall_elevation(survey, lang).svg
