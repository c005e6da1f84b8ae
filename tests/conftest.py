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
