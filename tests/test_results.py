"""The one result vocabulary (results.py): bounds, statuses, and JSON-safe output."""

from __future__ import annotations

import pytest

from sitesurvey import size
from sitesurvey.engineering import check_engineering
from sitesurvey.results import (
    FAIL,
    NOT_CHECKED,
    PASS,
    WARN,
    Bound,
    CheckResult,
    Modification,
    Value,
    worst_status,
)
from sitesurvey.rules import check_survey
from sitesurvey.sizing.table import data_dir
from sitesurvey.survey import load_survey

JSON_TYPES = (dict, list, str, int, float, bool, type(None))


def _assert_plain_json(value, path="$"):
    """Results are records (named tuples); their JSON must be dicts, never tuples,
    or json.dumps would silently write a record as a list."""
    assert type(value) in JSON_TYPES, f"{path}: {type(value).__name__}"
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str)
            _assert_plain_json(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _assert_plain_json(item, f"{path}[{i}]")


def test_every_to_dict_is_plain_json():
    survey = load_survey(data_dir("templates") / "survey-example.toml")
    _assert_plain_json(survey.to_dict())
    _assert_plain_json(check_survey(survey).to_dict())
    _assert_plain_json(size(18000, 380).to_dict())
    _assert_plain_json(check_engineering(size(2500)).to_dict())


@pytest.mark.parametrize(
    ("bound", "inside", "outside", "text"),
    [
        (Bound("m", low=2.5, low_inclusive=False), [2.5001, 3.0], [2.5, 2.0], "> 2.5 m"),
        (Bound("m", low=0.15, high=0.20), [0.15, 0.2, 0.17], [0.1499, 0.2001], "0.15–0.2 m"),
        (Bound("mm²", low=4), [4, 6], [2.5], "≥ 4 mm²"),
        (Bound("A", high=32), [32, 25], [32.01], "≤ 32 A"),
        (Bound("A", high=32, high_inclusive=False), [31.9], [32], "< 32 A"),
    ],
)
def test_bound_decides_boundaries_as_the_source_words_them(bound, inside, outside, text):
    assert all(bound.contains(x) for x in inside)
    assert not any(bound.contains(x) for x in outside)
    assert bound.text == text


def test_check_result_speaks_both_vocabularies():
    r = CheckResult("W-HEIGHT", FAIL, "low", "低", "004 §3", Value(2.4, "m"), Bound("m", 2.5))
    d = r.to_dict()
    assert d["rule"] == d["code"] == "W-HEIGHT"
    assert d["measured"] == d["actual"] == {"value": 2.4, "unit": "m"}
    assert d["required"]["text"] == "≥ 2.5 m"
    assert r.family == "W"
    with pytest.raises(AttributeError):
        r.status = PASS  # type: ignore[misc]


def test_worst_status_and_signature_rule():
    results = [
        CheckResult("A-1", PASS, "", "", ""),
        CheckResult("A-2", NOT_CHECKED, "", "", ""),
        CheckResult("A-3", WARN, "", "", ""),
    ]
    assert worst_status(results) == WARN
    assert worst_status([*results, CheckResult("A-4", FAIL, "", "", "")]) == FAIL
    assert worst_status([]) == PASS
    meter = Modification("E-METER", "meter", "5(20)A → 10(40)A", "…", "consent_and_signature")
    assert meter.needs_signature and meter.to_dict()["needs_signature"] is True


def test_limits_are_never_shown_looser_than_they_are():
    # A main switch must carry ≥ 35.6818 A: "≥ 35.68 A" would look met by 35.68 A.
    assert Bound("A", low=7850 / 220).text == "≥ 35.69 A"
    assert Bound("A", high=38.5449).text == "≤ 38.54 A"
    assert Bound("A", high=38.5451).text == "≤ 38.54 A"
    assert Bound("A", low=38.5451).text == "≥ 38.55 A"
    assert Bound("A", high=41 * 0.94).text == "≤ 38.54 A"  # float noise is not rounding
    assert Bound("m", low=0.15, high=0.20).text == "0.15–0.2 m"
