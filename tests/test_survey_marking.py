"""Meter markings (survey/marking.py): "10(40)A" read and written back."""

from __future__ import annotations

import pytest

from sitesurvey.sizing.table import data_dir
from sitesurvey.survey import (
    parse_meter_marking,
    parse_survey,
)

EXAMPLE = data_dir("templates") / "survey-example.toml"


@pytest.mark.parametrize(
    ("marking", "expected", "normalised"),
    [
        ("10(40)A", (10.0, 40.0, 1), "10(40)A"),
        ("5(20)", (5.0, 20.0, 1), "5(20)A"),
        ("3×10(40)A", (10.0, 40.0, 3), "3×10(40)A"),
        ("3*5(30)A", (5.0, 30.0, 3), "3×5(30)A"),
        ("3x10(40)A", (10.0, 40.0, 3), "3×10(40)A"),
        ("2.5(10)A", (2.5, 10.0, 1), "2.5(10)A"),
    ],
)
def test_meter_marking(marking, expected, normalised, minimal, put):
    assert parse_meter_marking(marking) == expected
    survey = parse_survey(put(minimal(), "site.meter.marking", marking))
    assert survey.site.meter.marking == normalised


@pytest.mark.parametrize("marking", ["40A", "40(10)A", "2×10(40)A", "10-40A", ""])
def test_bad_meter_marking(marking, minimal, put, problems):
    assert "site.meter.marking" in problems(put(minimal(), "site.meter.marking", marking))
