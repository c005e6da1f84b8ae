"""The typed survey record (survey/record.py): canonical form, round trip, frozen, public names."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sitesurvey.sizing.table import data_dir
from sitesurvey.survey import (
    CONFIRMATION_RULES,
    Survey,
    load_survey,
    parse_survey,
)

EXAMPLE = data_dir("templates") / "survey-example.toml"


def test_to_dict_round_trips(example):
    survey = parse_survey(example)
    data = survey.to_dict()
    assert parse_survey(data) == survey
    # canonical quantities carry their unit
    assert data["format"] == 2 and data["example"] is True
    assert data["design"]["socket"]["height"] == {"value": 2.4, "unit": "m"}
    assert data["existing"]["water_pressure"] == {"value": 0.3, "unit": "MPa"}
    assert data["existing"]["breaker"] == {
        "rating": {"value": 32.0, "unit": "A"},
        "curve": None,
        "poles": 2,
    }
    assert data["design"]["route"]["arrangement"] == "bunched"
    assert data["actions"] == {"report_to_company": "not_yet"}
    assert data["job"]["distance_from_urban_area"] == {"value": 12000.0, "unit": "m"}
    assert data["confirmations"] == {rule: "not_yet" for rule in CONFIRMATION_RULES}
    json.dumps(data)  # JSON-ready


def test_to_dict_of_minimal_survey_has_every_key(minimal):
    data = parse_survey(minimal()).to_dict()
    assert set(data) == {
        "format",
        "example",
        "customer",
        "job",
        "heater",
        "existing",
        "design",
        "usage",
        "confirmations",
        "actions",
        "signature",
        "signatures",
        "network",
        "materials",
        "handover",
        "photos",
    }
    assert data["signatures"] == {} and data["materials"] == [] and data["photos"] == []
    assert data["network"] == {"name": None, "phone": None}
    assert data["design"]["socket"] == {"height": None, "distance_to_opening": None}
    assert data["existing"]["appliances"] is None and data["existing"]["line"]["wire"] is None
    assert data["design"]["drilling"] is None and data["signature"] is None
    assert data["example"] is False and data["actions"] == {"report_to_company": None}
    assert parse_survey(data) == parse_survey(minimal())


def test_json_file_reads_like_toml(example, tmp_path):
    example["job"]["date"] = "2024-05-18"
    path = tmp_path / "s.json"
    path.write_text(json.dumps(example, ensure_ascii=False), encoding="utf-8")
    assert load_survey(path) == load_survey(EXAMPLE)


@pytest.mark.parametrize("spelling", ["1.15 m", "115 cm", "1150 mm", "1.15米", "115厘米"])
def test_spellings_of_one_length_are_equal(spelling, minimal, put):
    survey = parse_survey(put(minimal(), "site.socket.height", spelling))
    assert survey.site.socket.height == 1.15


@pytest.mark.parametrize("spelling", ["0.3 MPa", "3 bar", "300 kPa", "300000 Pa"])
def test_spellings_of_one_pressure_are_equal(spelling, minimal, put):
    assert parse_survey(put(minimal(), "site.water_pressure", spelling)).site.water_pressure == 0.3


def test_survey_is_frozen(minimal):
    survey = parse_survey(minimal())
    assert isinstance(survey, Survey)
    with pytest.raises(AttributeError):
        survey.heater = None  # type: ignore[misc]


def test_import_stays_light_and_lazy_names_resolve():
    code = (
        "import sys, sitesurvey\n"
        "heavy = [m for m in ('sitesurvey.survey', 'sitesurvey.rules', 'pint', 'weasyprint')"
        " if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "from sitesurvey import survey, rules as checks\n"
        "assert sitesurvey.load_survey is survey.load_survey\n"
        "assert sitesurvey.check_survey is checks.check_survey\n"
        "assert sitesurvey.Survey is survey.Survey\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
