"""``sitesurvey init`` (cli/init.py): a survey with nothing measured, or the example."""

from __future__ import annotations

import datetime as dt
import json
import os
import tomllib

import pytest

from sitesurvey.cli import main
from sitesurvey.results import NOT_CHECKED, PASS
from sitesurvey.rules import RULES, check_survey
from sitesurvey.sizing.table import data_dir
from sitesurvey.survey import load_survey
from sitesurvey.survey.template import PLACEHOLDERS, blank_survey

EXAMPLE = data_dir("templates") / "survey-example.toml"
MEASURED = {r.id for r in RULES if r.basis == "measurement"}


def test_init_writes_the_blank_survey_to_survey_toml(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["init"])
    assert result.exit_code == 0, result.stderr
    assert "survey.toml" in result.stdout
    assert (tmp_path / "survey.toml").read_text(encoding="utf-8") == blank_survey()
    assert os.listdir(tmp_path) == ["survey.toml"]  # no temporary file left behind


def test_blank_survey_holds_no_measured_value():
    """Issue 10, point 1: the template certifies nothing; the examples stay as comments."""
    data = tomllib.loads(blank_survey(today=dt.date(2024, 5, 18)))
    assert data["format"] == 2 and "example" not in data
    for section in ("existing", "design", "usage", "confirmations", "actions"):
        assert all(isinstance(v, dict) and not v for v in data.get(section, {}).values()), section
        assert not [k for k, v in data.get(section, {}).items() if not isinstance(v, dict)]
    assert data["job"]["date"] == dt.date(2024, 5, 18)
    assert data["customer"]["name"] == tomllib.loads(f"v = {PLACEHOLDERS['customer.name']}")["v"]
    text = blank_survey()
    assert '\n# supply_voltage = "223 V"   # E-VOLTAGE' in text
    assert '\n# rating = "32 A"' in text and "\n# [[existing.appliances]]" in text
    assert '\n# E-POLARITY = "not yet"' in text


def test_untouched_init_file_gives_every_measured_rule_not_checked(runner, tmp_path):
    path = tmp_path / "site.toml"
    assert runner.invoke(main, ["init", str(path)]).exit_code == 0
    verdict = check_survey(load_survey(path))
    measured = [r for r in verdict.results if r.rule in MEASURED]
    assert {r.rule for r in measured} == MEASURED
    assert {r.status for r in measured} == {NOT_CHECKED}
    assert PASS not in {r.status for r in (*verdict.results, *verdict.engineering_results)}
    result = runner.invoke(main, ["check", str(path), "--json"])
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["verdict"] == "incomplete" and data["counts"]["pass"] == 0


def test_init_example_writes_the_marked_example(runner, tmp_path):
    path = tmp_path / "example.toml"
    result = runner.invoke(main, ["init", str(path), "--example"])
    assert result.exit_code == 0, result.stderr
    assert "example" in result.stdout
    assert path.read_bytes() == EXAMPLE.read_bytes()
    survey = load_survey(path)
    assert survey.example is True and survey.to_dict()["example"] is True
    result = runner.invoke(main, ["check", str(path), "--json"])
    assert json.loads(result.stdout)["counts"]["fail"] == 0


def test_init_refuses_to_overwrite(runner, tmp_path, assert_clean_error):
    path = tmp_path / "site.toml"
    path.write_text("mine", encoding="utf-8")
    result = runner.invoke(main, ["init", str(path)])
    assert_clean_error(result, "already exists", "--force")
    assert path.read_text(encoding="utf-8") == "mine"
    result = runner.invoke(main, ["init", str(path), "--example"])
    assert_clean_error(result, "already exists", "--force")
    assert path.read_text(encoding="utf-8") == "mine"
    result = runner.invoke(main, ["init", str(path), "--force"])
    assert result.exit_code == 0
    assert path.read_text(encoding="utf-8") == blank_survey()
    assert sorted(os.listdir(tmp_path)) == ["site.toml"]


@pytest.mark.parametrize("example", [[], ["--example"]])
def test_init_into_a_missing_directory(runner, tmp_path, assert_clean_error, example):
    result = runner.invoke(main, ["init", str(tmp_path / "no" / "site.toml"), *example])
    assert_clean_error(result, "cannot write")
