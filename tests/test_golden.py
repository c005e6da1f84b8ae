"""Golden outputs: what users see, recorded, so that moving code cannot change it unnoticed.

``size --json`` over every row of the maker's table (and between rows, with and without
site conditions), ``check --json`` and the sheet's HTML (zh and en) for the surveys in
``tests/golden/surveys/``. The recorded outputs live beside them in ``tests/golden/``.

A change of output that is *meant* (a fixed message, a new key) is recorded again with::

    SITESURVEY_GOLDEN=record .venv/bin/pytest tests/test_golden.py

and the diff of ``tests/golden/`` is reviewed and committed with the change that made it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sitesurvey.sheet import render_html
from sitesurvey.survey import load_survey

GOLDEN = Path(__file__).resolve().parent / "golden"
SURVEYS = sorted((GOLDEN / "surveys").glob("*.toml"))
RECORD = os.environ.get("SITESURVEY_GOLDEN") == "record"

#: (name, argv) of every ``size`` run recorded.
SIZE_RUNS: list[tuple[str, list[str]]] = [
    *(
        (f"size-{p}", ["--power", str(p)])
        for p in (2500, 3000, 3500, 4500, 5500, 6000, 6500, 7500, 8500)
    ),
    *((f"size-{p}-380", ["--power", str(p), "--voltage", "380 V"]) for p in (12000, 15000, 18000)),
    ("size-5500-230", ["--power", "5500", "--voltage", "230V"]),
    (
        "size-5500-b1-35",
        ["--power", "5.5 kW", "--length", "20 m", "--method", "B1", "--ambient", "35 °C"],
    ),
    (
        "size-3500-a1-30",
        ["--power", "3500", "--length", "10 m", "--method", "A1", "--ambient", "30 °C"],
    ),
    (
        "size-8500-worst",
        [
            "--power",
            "8500",
            "--length",
            "30 m",
            "--method",
            "C",
            "--grouping",
            "3",
            "--supply-voltage",
            "205 V",
            "--worst-case-voltage",
        ],
    ),
    (
        "size-18000-b1",
        ["--power", "18 kW", "--voltage", "380 V", "--length", "15 m", "--method", "B1"],
    ),
    ("size-2500-e", ["--power", "2500", "--length", "5 m", "--method", "E"]),
]


def _compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if RECORD:
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"no golden output {path.name}: record it (see module docstring)"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{path.name} differs from the recorded output"


@pytest.mark.parametrize(("name", "argv"), SIZE_RUNS, ids=[n for n, _ in SIZE_RUNS])
def test_size_json(run, name: str, argv: list[str]) -> None:
    result = run("size", *argv, "--json")
    assert result.exit_code == 0, result.stderr
    _compare(f"{name}.json", result.stdout)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("survey", SURVEYS, ids=[p.stem for p in SURVEYS])
def test_check_text(run, survey: Path, lang: str) -> None:
    result = run("check", str(survey), "--lang", lang)
    assert result.exit_code in (0, 1), result.stderr
    _compare(f"check-{survey.stem}-{lang}.txt", f"exit {result.exit_code}\n{result.stdout}")


@pytest.mark.parametrize("survey", SURVEYS, ids=[p.stem for p in SURVEYS])
def test_check_json(run, survey: Path) -> None:
    result = run("check", str(survey), "--json")
    assert result.exit_code in (0, 1), result.stderr
    data = json.loads(result.stdout)
    _compare(f"check-{survey.stem}.json", json.dumps(data, ensure_ascii=False, indent=1) + "\n")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("survey", SURVEYS, ids=[p.stem for p in SURVEYS])
def test_sheet_html(survey: Path, lang: str) -> None:
    html = render_html(load_survey(survey), lang=lang)
    _compare(f"sheet-{survey.stem}-{lang}.html", html)


#: The ``size`` runs whose text output (en and zh) is recorded too.
SIZE_TEXT_RUNS = [
    run for run in SIZE_RUNS if run[0] in {"size-5500", "size-18000-380", "size-8500-worst"}
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("name", "argv"), SIZE_TEXT_RUNS, ids=[n for n, _ in SIZE_TEXT_RUNS])
def test_size_text(run, name: str, argv: list[str], lang: str) -> None:
    result = run("size", *argv, "--lang", lang)
    assert result.exit_code == 0, result.stderr
    _compare(f"{name}-{lang}.txt", result.stdout)
