"""Shared fixtures. Tests import the *installed* package (see README), never src/."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitesurvey.cli import main
from sitesurvey.sizing.table import DEFAULT_TABLE, data_dir

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def table_path() -> Path:
    return data_dir() / DEFAULT_TABLE


@pytest.fixture(scope="session")
def raw_table(table_path: Path) -> dict:
    """The shipped table read as plain TOML, independently of the loader."""
    return tomllib.loads(table_path.read_text(encoding="utf-8"))


@pytest.fixture
def run():
    """Invoke the command line in-process; stdout and stderr apart (click >= 8.2)."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def runner() -> CliRunner:
    """A click test runner (stdout and stderr apart)."""
    return CliRunner()


def _assert_clean_error(result, *words: str) -> None:
    """Exit 2, one paragraph on stderr naming the problem, no traceback, nothing on stdout."""
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.fixture
def assert_clean_error():
    """The check of a clean error (exit 2, one paragraph on stderr) as a fixture."""
    return _assert_clean_error


# ------------------------------------------------------------------- survey data


@pytest.fixture
def example() -> dict:
    """The shipped example survey as plain data (a fresh copy per test)."""
    from sitesurvey.sizing.table import data_dir

    path = data_dir("templates") / "survey-example.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def minimal():
    """Make survey data with only what the format requires: customer, job and heater."""

    def make() -> dict:
        return {
            "format": 1,
            "customer": {"name": "王丽", "phone": "13800138000", "address": "广州"},
            "job": {"work_order": "W-1", "date": "2024-05-18", "appointment": "14:00-15:00"},
            "heater": {"model": "QX-55A", "power": "5.5 kW", "supply_voltage": "220 V"},
        }

    return make


@pytest.fixture
def put():
    """Set ``a.b.c`` in nested data (creating tables) and return the data."""

    def set_path(data: dict, path: str, value) -> dict:
        *parents, last = path.split(".")
        node = data
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = value
        return data

    return set_path


@pytest.fixture
def problems():
    """The message of the SurveyFileError that reading survey data raises."""
    from sitesurvey.errors import SurveyFileError
    from sitesurvey.survey import parse_survey

    def read(data: dict) -> str:
        with pytest.raises(SurveyFileError) as info:
            parse_survey(data, source="s.toml")
        return str(info.value)

    return read
