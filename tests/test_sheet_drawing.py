"""The wall elevation SVG: drawn to scale from the survey, text escaped, self-contained."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET

import pytest

from sitesurvey.i18n import tr
from sitesurvey.sheet.drawing import DRAWING_SCALE, LABELS, wall_elevation
from sitesurvey.sizing.table import data_dir
from sitesurvey.survey import load_survey

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def survey():
    return load_survey(data_dir("templates") / "survey-example.toml")


def test_svg_is_well_formed_and_self_contained(survey):
    drawing = wall_elevation(survey, "zh")
    root = ET.fromstring(drawing.svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("font-family") == "SheetCJK"  # inline SVG does not inherit CSS fonts
    assert "href" not in drawing.svg and "url(" not in drawing.svg


def test_scale_is_printed_size(survey):
    drawing = wall_elevation(survey)
    root = ET.fromstring(drawing.svg)
    _, _, w, h = (float(v) for v in root.get("viewBox").split())
    assert root.get("width") == f"{drawing.width_mm}mm"
    assert drawing.width_mm == pytest.approx(w * 10 / DRAWING_SCALE)
    assert drawing.height_mm == pytest.approx(h * 10 / DRAWING_SCALE)


def test_every_measurement_dimensioned_in_cm(survey):
    dims = dict(wall_elevation(survey).dimensions)
    assert dims["ceiling"] == pytest.approx(260)
    assert dims["display"] == pytest.approx(160)
    assert dims["shower"] == pytest.approx(210)
    assert dims["user"] == pytest.approx(175)
    assert dims["socket"] == pytest.approx(240)
    assert dims["wiring"] == pytest.approx(255)
    assert [dims["drill1"], dims["drill2"], dims["drill3"]] == pytest.approx([185, 185, 135])
    texts = "".join(t.text or "" for t in ET.fromstring(wall_elevation(survey).svg).iter())
    for label in ("260", "160", "210", "175", "240", "255", "185", "135", "18", "24", "50"):
        assert label in texts


def test_positions_follow_the_numbers(survey):
    """Drilling circles sit at their measured heights, one viewBox unit per cm."""
    root = ET.fromstring(wall_elevation(survey).svg)
    circles = [c for c in root.iter(f"{SVG}circle") if c.get("class") == "drill"]
    assert len(circles) == 3
    ys = [float(c.get("cy")) for c in circles]
    xs = [float(c.get("cx")) for c in circles]
    assert ys[2] - ys[0] == pytest.approx(50)  # 185 cm and 135 cm
    assert xs[1] - xs[0] == pytest.approx(24)  # -12 cm and +12 cm
    floor = next(ln for ln in root.iter(f"{SVG}line") if ln.get("class") == "floor")
    assert float(floor.get("y1")) - ys[0] == pytest.approx(185)


def test_missing_measurements_are_listed_not_drawn(survey):
    site = dataclasses.replace(
        survey.site,
        ceiling_height=None,
        socket=dataclasses.replace(survey.site.socket, height=None, distance_to_opening=None),
    )
    drawing = wall_elevation(dataclasses.replace(survey, site=site, drilling=None), "en")
    assert set(drawing.missing) >= {"ceiling", "socket", "opening", "drill"}
    ET.fromstring(drawing.svg)
    assert 'class="socket"' not in drawing.svg


def test_text_is_escaped(survey, monkeypatch):
    from sitesurvey.sheet import drawing as module

    monkeypatch.setitem(module.LABELS, "heater", '</svg><img src="file:///etc/passwd">&')
    svg = wall_elevation(survey, "en").svg
    ET.fromstring(svg)
    assert "<img" not in svg and "&lt;img" in svg and "&amp;" in svg
    assert len(re.findall("</svg>", svg)) == 1


# ------------------------------------------------------------ geometry of what is drawn


def _segments(root, cls):
    """Every straight segment of class ``cls`` (``<line>`` or merged ``<path>``), as
    (x1, y1, x2, y2) in viewBox units."""
    found = []
    for el in root.iter():
        if el.get("class") != cls:
            continue
        if el.tag == f"{SVG}line":
            found.append(tuple(float(el.get(k)) for k in ("x1", "y1", "x2", "y2")))
        elif el.tag == f"{SVG}path":
            for x1, y1, x2, y2 in re.findall(
                r"M([-\d.]+) ([-\d.]+)L([-\d.]+) ([-\d.]+)", el.get("d")
            ):
                found.append((float(x1), float(y1), float(x2), float(y2)))
    return found


def _rect(el):
    x, y = float(el.get("x")), float(el.get("y"))
    return (x, y, x + float(el.get("width")), y + float(el.get("height")))


def _text_boxes(root):
    """(text, box) of every horizontal text, its box estimated generously in viewBox
    units (y down): CJK a full em, anything else 0.6 em."""
    sizes = {"t": 7.0, "d": 7.0 * 0.85, "dn": 7.0}
    boxes = []
    for el in root.iter(f"{SVG}text"):
        if el.get("transform"):
            continue
        size = sizes[el.get("class")]
        text = el.text or ""
        width = sum(size if ord(ch) > 0x2E80 else 0.6 * size for ch in text)
        x, y = float(el.get("x")), float(el.get("y"))
        x0 = {"start": x, "middle": x - width / 2, "end": x - width}[el.get("text-anchor", "start")]
        boxes.append((text, (x0, y - 0.9 * size, x0 + width, y + 0.3 * size)))
    return boxes


def _overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _with(survey, *, display=None, ceiling=None, points=None):
    from sitesurvey.survey import DrillPoint

    site = survey.site
    if display is not None:
        site = dataclasses.replace(site, display_height=display)
    if ceiling is not None:
        site = dataclasses.replace(site, ceiling_height=ceiling)
    drilling = survey.drilling if points is None else tuple(DrillPoint(x, y) for x, y in points)
    return dataclasses.replace(survey, site=site, drilling=drilling)


@pytest.mark.parametrize("ceiling", [None, 1.8, 2.6, 3.2, 8.0])
def test_ceiling_line_meets_its_dimension(survey, ceiling):
    """The ceiling line lies exactly at its dimensioned height (it was drawn 5 cm higher,
    at the top of the canvas), as every other height's extension line does."""
    drawn = _with(survey, ceiling=ceiling)
    drawing = wall_elevation(drawn, "zh")
    root = ET.fromstring(drawing.svg)
    floor, ceiling_line = _segments(root, "floor")
    assert floor[1] == floor[3] and ceiling_line[1] == ceiling_line[3]
    dims = dict(drawing.dimensions)
    assert floor[1] - ceiling_line[1] == pytest.approx(dims["ceiling"], abs=0.01)
    extension_ys = {round(s[1], 2) for s in _segments(root, "ext")}
    assert round(ceiling_line[1], 2) in extension_ys
    for key, value in dims.items():
        assert round(floor[1] - value, 2) in extension_ys, key
    wall = _rect(next(r for r in root.iter(f"{SVG}rect") if r.get("class") == "wall"))
    assert wall[1] == pytest.approx(ceiling_line[1])  # the wall ends at the ceiling


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("display_cm", range(30, 301, 5))
def test_display_marker_never_covers_a_label(survey, lang, display_cm):
    """Wherever the display is, no label is under its marker; a display outside the
    heater body as drawn gets its own label and a note, never silently."""
    drawing = wall_elevation(_with(survey, display=display_cm / 100), lang)
    root = ET.fromstring(drawing.svg)
    rects = {r.get("class"): _rect(r) for r in root.iter(f"{SVG}rect")}
    marker, body = rects["display"], rects["heater"]
    texts = _text_boxes(root)
    for i, (text, box) in enumerate(texts):
        assert not _overlap(box, marker), f"display marker over {text!r}"
        for other, other_box in texts[i + 1 :]:
            assert not _overlap(box, other_box), f"{text!r} overlaps {other!r}"
    heater_label = tr(LABELS["heater"], lang)
    assert heater_label in [t for t, _ in texts]
    inside = body[1] <= (marker[1] + marker[3]) / 2 <= body[3]
    if inside:
        assert drawing.notes == ()
    else:
        assert len(drawing.notes) == 1 and f"{display_cm} cm" in drawing.notes[0]
        assert tr(LABELS["display"], lang) in [t for t, _ in texts]
        assert "".join(t for t, _ in texts).count(str(display_cm)) >= 1


def test_reviewers_display_below_the_heater(survey):
    """display_height 1.2 m under the body (125–193 cm): the label reads "heater"."""
    drawing = wall_elevation(_with(survey, display=1.2), "en")
    texts = dict((t, box) for t, box in _text_boxes(ET.fromstring(drawing.svg)))
    root = ET.fromstring(drawing.svg)
    marker = next(_rect(r) for r in root.iter(f"{SVG}rect") if r.get("class") == "display")
    assert not _overlap(texts["heater"], marker)
    assert drawing.notes and "outside the heater body" in drawing.notes[0]
    assert "outside the heater body" in drawing.svg


EXTREMES = [
    [(-1.5, 1.85), (0.12, 1.85), (0.0, 1.35)],  # the reviewer's far point, at the limit
    [(1.5, 1.85), (1.4, 1.85), (1.45, 1.35)],
    [(-1.5, 4.0), (1.5, 0.2), (0.0, 1.35)],
    [(-1.5, 0.2), (1.5, 4.0), (0.0, 4.0)],
    [(-0.12, 0.2), (0.12, 0.2), (0.0, 0.3)],
    [(-0.12, 4.0), (0.12, 4.0), (0.0, 3.5)],
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("points", EXTREMES)
def test_extreme_drilling_points_stay_legible(survey, lang, points):
    """At the limits the survey accepts (|x| ≤ 1.5 m, y 0.2–4 m): the heater body keeps a
    heater's size on its axis, every point is drawn where measured, inside the drawing,
    the drawing fits the page at 1:25, no two labels overlap, and a point outside the
    body is named in a note."""
    drawing = wall_elevation(_with(survey, points=points), lang)
    root = ET.fromstring(drawing.svg)
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    assert drawing.width_mm <= 178  # A4 less the sheet's margins
    body = next(_rect(r) for r in root.iter(f"{SVG}rect") if r.get("class") == "heater")
    assert body[2] - body[0] <= 60 and body[3] - body[1] <= 100
    (axis,) = _segments(root, "axis")
    assert body[0] < axis[0] < body[2]
    floor = _segments(root, "floor")[0][1]
    circles = [c for c in root.iter(f"{SVG}circle") if c.get("class") == "drill"]
    outside = 0
    for (x, y), c in zip(points, circles, strict=True):
        cx, cy = float(c.get("cx")), float(c.get("cy"))
        assert cx - axis[0] == pytest.approx(x * 100, abs=0.02)
        assert floor - cy == pytest.approx(y * 100, abs=0.02)
        assert 0 < cx < width and 0 < cy < height
        outside += not (body[0] <= cx <= body[2] and body[1] <= cy <= body[3])
    assert len(drawing.notes) - sum("display" in n or "显示屏" in n for n in drawing.notes) == (
        outside
    )
    texts = _text_boxes(root)
    for i, (text, box) in enumerate(texts):
        assert box[0] >= 0 and box[2] <= width + 0.5, text
        for other, other_box in texts[i + 1 :]:
            assert not _overlap(box, other_box), f"{text!r} overlaps {other!r}"


def test_layout_is_plain_data_and_painting_follows_it(survey):
    """The layout holds every label the SVG shows, in painting order, and nothing else
    decides the picture: painting the same layout twice gives the same SVG."""
    from sitesurvey.sheet.drawing import Label, elevation_layout, paint_elevation

    layout = elevation_layout(survey, "en")
    labels = [s.text for s in layout.shapes if isinstance(s, Label)]
    root = ET.fromstring(paint_elevation(layout))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == labels + list(layout.note_lines)
    assert paint_elevation(layout) == wall_elevation(survey, "en").svg


def test_painting_escapes_every_label(survey):
    from sitesurvey.sheet.drawing import Label, elevation_layout, paint_elevation

    layout = elevation_layout(survey, "en")
    hostile = Label(0.0, 0.0, '</svg><img src="file:///etc/passwd">&')
    svg = paint_elevation(dataclasses.replace(layout, shapes=(*layout.shapes, hostile)))
    assert "<img" not in svg and "&lt;/svg&gt;" in svg
    ET.fromstring(svg)
