"""The typed survey record (survey/record.py): canonical form, round trip, frozen, public names."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitesurvey.sizing.table import data_dir
from sitesurvey.survey import (
    CONFIRMATION_RULES,
    PHOTO_SUBJECTS,
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


# ------------------------------------------------------------------ issue 13: photos


@pytest.fixture(scope="module")
def photo_file(tmp_path_factory):
    """A JPEG's first bytes in a file, for photos read by their absolute path."""
    path = tmp_path_factory.mktemp("photo") / "site.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0 a JPEG's first bytes")
    return path


_NOTES = st.text(
    alphabet=st.characters(categories=["L", "N", "P", "Zs"], exclude_characters="\u3000"),
    max_size=40,
)
_TIMES = st.none() | st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1)
).map(lambda t: t.replace(microsecond=0))
_PHOTOS = st.lists(
    st.fixed_dictionaries(
        {"subject": st.sampled_from(PHOTO_SUBJECTS)},
        optional={"note": _NOTES, "taken_at": _TIMES.filter(lambda t: t is not None)},
    ),
    max_size=4,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(photos=_PHOTOS)
def test_photos_round_trip_through_the_canonical_form(minimal, photo_file, photos):
    """Any list of photos reads back from :meth:`Survey.to_dict` to the same survey, the
    hash computed from the bytes in every entry."""
    data = minimal()
    data["photos"] = [dict(p, image=str(photo_file)) for p in photos]
    survey = parse_survey(data)
    assert len(survey.photos) == len(photos)
    written = survey.to_dict()["photos"]
    assert {p["sha256"] for p in written} <= {hashlib.sha256(photo_file.read_bytes()).hexdigest()}
    assert parse_survey(survey.to_dict()) == survey
