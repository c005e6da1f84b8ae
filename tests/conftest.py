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
