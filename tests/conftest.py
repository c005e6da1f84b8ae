"""Shared fixtures. Tests import the *installed* package (see README), never src/."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from sitesurvey.tables import DEFAULT_TABLE, data_dir

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def table_path() -> Path:
    return data_dir() / DEFAULT_TABLE


@pytest.fixture(scope="session")
def raw_table(table_path: Path) -> dict:
    """The shipped table read as plain TOML, independently of the loader."""
    return tomllib.loads(table_path.read_text(encoding="utf-8"))
