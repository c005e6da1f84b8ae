"""``sitesurvey init`` (cli/init.py): the example survey, written atomically."""

from __future__ import annotations

import json
import os

from sitesurvey.cli import main
from sitesurvey.sizing.table import data_dir

EXAMPLE = data_dir("templates") / "survey-example.toml"


def test_init_writes_the_example_to_survey_toml(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["init"])
    assert result.exit_code == 0, result.stderr
    assert "survey.toml" in result.stdout
    assert (tmp_path / "survey.toml").read_bytes() == EXAMPLE.read_bytes()
    assert os.listdir(tmp_path) == ["survey.toml"]  # no temporary file left behind


def test_init_output_passes_check(runner, tmp_path):
    path = str(tmp_path / "site.toml")
    assert runner.invoke(main, ["init", path]).exit_code == 0
    result = runner.invoke(main, ["check", path])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "Verdict: the site conforms." in result.stdout
    result = runner.invoke(main, ["check", path, "--json"])
    assert json.loads(result.stdout)["counts"]["fail"] == 0


def test_init_refuses_to_overwrite(runner, tmp_path, assert_clean_error):
    path = tmp_path / "site.toml"
    path.write_text("mine", encoding="utf-8")
    result = runner.invoke(main, ["init", str(path)])
    assert_clean_error(result, "already exists", "--force")
    assert path.read_text(encoding="utf-8") == "mine"
    result = runner.invoke(main, ["init", str(path), "--force"])
    assert result.exit_code == 0
    assert path.read_bytes() == EXAMPLE.read_bytes()
    assert sorted(os.listdir(tmp_path)) == ["site.toml"]


def test_init_into_a_missing_directory(runner, tmp_path, assert_clean_error):
    result = runner.invoke(main, ["init", str(tmp_path / "no" / "site.toml")])
    assert_clean_error(result, "cannot write")
