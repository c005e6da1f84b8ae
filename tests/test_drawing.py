"""The wall elevation SVG: drawn to scale from the survey, text escaped, self-contained."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET

import pytest

from sitesurvey.drawing import DRAWING_SCALE, wall_elevation
from sitesurvey.survey import load_survey
from sitesurvey.tables import data_dir

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
    from sitesurvey import drawing as module

    hostile = dict(module.LABELS["en"], heater='</svg><img src="file:///etc/passwd">&')
    monkeypatch.setitem(module.LABELS, "en", hostile)
    svg = wall_elevation(survey, "en").svg
    ET.fromstring(svg)
    assert "<img" not in svg and "&lt;img" in svg and "&amp;" in svg
    assert len(re.findall("</svg>", svg)) == 1
