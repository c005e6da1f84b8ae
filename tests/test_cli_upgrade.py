"""``sitesurvey upgrade`` (cli/upgrade.py): format 1 rewritten as format 2, nothing lost."""

from __future__ import annotations

import copy
import os
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitesurvey.cli import main
from sitesurvey.errors import SurveyFileError
from sitesurvey.sizing.table import data_dir
from sitesurvey.survey import load_survey, parse_survey
from sitesurvey.survey.reader import read_survey_data, upgrade_data
from sitesurvey.survey.writer import dumps

GOLDEN = Path(__file__).resolve().parent / "golden" / "surveys"
FORMAT_1 = sorted(GOLDEN.glob("*.toml"))
EXAMPLE = data_dir("templates") / "survey-example.toml"


@pytest.mark.parametrize("path", FORMAT_1, ids=[p.stem for p in FORMAT_1])
def test_upgrade_writes_format_2_that_reads_back_equal(runner, tmp_path, path):
    assert tomllib.loads(path.read_text(encoding="utf-8"))["format"] == 1
    out = tmp_path / "new.toml"
    result = runner.invoke(main, ["upgrade", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "format 2, from format 1" in result.stderr
    data = tomllib.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == 2 and "site" not in data and "drilling" not in data
    assert load_survey(out) == load_survey(path)
    assert sorted(os.listdir(tmp_path)) == ["new.toml"]  # written atomically, no leftovers


def test_upgrade_keeps_the_spellings_as_written(runner, tmp_path):
    out = tmp_path / "new.toml"
    runner.invoke(main, ["upgrade", str(GOLDEN / "example.toml"), "-o", str(out)])
    data = tomllib.loads(out.read_text(encoding="utf-8"))
    assert data["existing"]["line"] == {"present": True, "wire": "4 mm2"}
    assert data["existing"]["meter"]["marking"] == "10(40)A"
    assert data["design"]["route"]["runs"][1]["height"] == "2.55 m"
    assert data["design"]["drilling"][0] == {"x": "-12 cm", "y": "1.85 m"}


def test_upgrade_to_standard_output(runner):
    result = runner.invoke(main, ["upgrade", str(GOLDEN / "minimal.toml")])
    assert result.exit_code == 0, result.stderr
    assert tomllib.loads(result.stdout)["format"] == 2


def test_upgrade_never_overwrites_the_input_without_in_place(runner, tmp_path, assert_clean_error):
    path = tmp_path / "s.toml"
    original = (GOLDEN / "example.toml").read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    for argv in (["-o", str(path)], ["-o", str(path), "--force"]):
        assert_clean_error(runner.invoke(main, ["upgrade", str(path), *argv]), "--in-place")
        assert path.read_text(encoding="utf-8") == original
    other = tmp_path / "other.toml"
    other.write_text("mine", encoding="utf-8")
    assert_clean_error(
        runner.invoke(main, ["upgrade", str(path), "-o", str(other)]), "already exists"
    )
    assert other.read_text(encoding="utf-8") == "mine"
    result = runner.invoke(main, ["upgrade", str(path), "--in-place"])
    assert result.exit_code == 0, result.stderr
    assert tomllib.loads(path.read_text(encoding="utf-8"))["format"] == 2
    assert load_survey(path) == load_survey(GOLDEN / "example.toml")


def test_upgrade_refuses_a_bad_file_and_writes_nothing(runner, tmp_path, assert_clean_error):
    path = tmp_path / "s.toml"
    text = (GOLDEN / "example.toml").read_text(encoding="utf-8")
    path.write_text(text.replace('height = "2.4 m"', 'height = "2,4m"'), encoding="utf-8")
    out = tmp_path / "new.toml"
    result = runner.invoke(main, ["upgrade", str(path), "-o", str(out)])
    assert_clean_error(result, "site.socket.height", "decimal point")  # its own spelling
    assert not out.exists()


def test_upgrade_of_a_current_file_says_so(runner):
    result = runner.invoke(main, ["upgrade", str(EXAMPLE)])
    assert result.exit_code == 0
    assert result.stdout == "" and "already survey format 2" in result.stderr


# ------------------------------------------------------------ the round-trip property

_SURVEYS = [read_survey_data(p) for p in (*FORMAT_1, EXAMPLE)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    base=st.sampled_from(_SURVEYS),
    drop=st.sets(st.sampled_from(["site", "usage", "confirmations", "drilling", "existing"])),
    name=st.text(
        st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Cf")), min_size=1
    ).filter(lambda s: s.strip() and len(s) <= 64),
)
def test_any_survey_upgrades_and_reads_back_equal(base, drop, name):
    """Every format-1 survey of the golden set and the example, with sections left out
    and any customer name: upgraded, written as TOML and read back, the same record."""
    data = copy.deepcopy(base)
    for key in drop:
        data.pop(key, None)
    data["customer"]["name"] = name
    try:
        survey = parse_survey(data)
    except SurveyFileError:  # a name the reader refuses (e.g. a bidirectional control)
        return
    upgraded = upgrade_data(data)
    assert upgraded["format"] == 2 and "site" not in upgraded
    assert parse_survey(upgraded) == survey
    assert parse_survey(tomllib.loads(dumps(upgraded))) == survey
    assert parse_survey(survey.to_dict()) == survey


def test_upgrade_keeps_a_relative_signature_image_beside_the_survey(
    runner, tmp_path, assert_clean_error
):
    import base64

    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR4nGNgYAAAAAMAASsJTYQAAAAASUVORK5CYII="
    )
    (tmp_path / "sig.png").write_bytes(png)
    text = (GOLDEN / "minimal.toml").read_text(encoding="utf-8")
    text += '\n[signature]\nimage = "sig.png"\ncaptured_at = 2024-05-18T15:20:00+08:00\n'
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    elsewhere = tmp_path / "elsewhere" / "new.toml"
    result = runner.invoke(main, ["upgrade", str(path), "-o", str(elsewhere)])
    assert_clean_error(result, '"sig.png" is relative', "Nothing was written")
    assert not elsewhere.exists()
    beside = tmp_path / "new.toml"
    assert runner.invoke(main, ["upgrade", str(path), "-o", str(beside)]).exit_code == 0
    assert load_survey(beside) == load_survey(path)
