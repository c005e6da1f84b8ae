"""The one table of plausibility bands (bands.py), and that every reader applies it alike.

Issue 9: three bands for the measured supply voltage had drifted apart, so ``check``
failed E-VOLTAGE (exit 1) for 260, 280, 340 and 400 V but called 300, 320 and 330 V bad
input (exit 2). Now one band per nominal supply decides, for ``check`` and
``size --supply-voltage`` alike.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitesurvey.bands import (
    PERSON_HEIGHT,
    PLAUSIBLE,
    SUPPLY_VOLTAGE_FRACTIONS,
    plausible_supply_voltage,
    supply_voltage_band,
)
from sitesurvey.sizing import default_table

SURVEYS = Path(__file__).resolve().parent / "golden" / "surveys"

#: (survey with route conditions, its heater's power) per nominal supply [V].
SURVEY_OF = {220: ("example.toml", "5500"), 380: ("house-18kw.toml", "18000")}


def test_the_band_is_a_fraction_of_the_nominal_voltage():
    low, high = SUPPLY_VOLTAGE_FRACTIONS
    assert 0 < low < 1 < high
    assert supply_voltage_band(220) == (154.0, 286.0)
    assert supply_voltage_band(380) == (266.0, 494.0)


def test_every_normal_range_of_the_table_lies_inside_its_band():
    """A voltage the spec calls normal is never called a slip."""
    for supply in default_table().supplies:
        low, high = supply_voltage_band(supply.voltage)
        assert low < supply.min_voltage < supply.max_voltage < high, supply.label


@given(st.floats(100, 600, allow_nan=False), st.sampled_from([220.0, 380.0]))
def test_plausible_is_inside_the_band(voltage, nominal):
    low, high = supply_voltage_band(nominal)
    assert plausible_supply_voltage(voltage, nominal) == (low <= voltage <= high)


def test_the_table_has_one_band_per_measured_quantity():
    assert "site.supply_voltage" not in PLAUSIBLE  # banded by its nominal supply instead
    for path, band in [*PLAUSIBLE.items(), ("usage.user_heights[]", PERSON_HEIGHT)]:
        assert band.low < band.high, path
        assert band.unit and band.example, path


def _check(run, tmp_path: Path, nominal: int, voltage: int):
    name, _ = SURVEY_OF[nominal]
    text = (SURVEYS / name).read_text(encoding="utf-8")
    text, count = re.subn(
        r'(\[site\][^\[]*?supply_voltage = )"[^"]*"', rf'\1"{voltage} V"', text, flags=re.S
    )
    assert count == 1
    survey = tmp_path / f"s-{nominal}-{voltage}.toml"
    survey.write_text(text, encoding="utf-8")
    return run("check", str(survey), "--json")


@pytest.mark.parametrize("nominal", [220, 380])
def test_check_and_size_classify_every_measured_voltage_alike(run, tmp_path, nominal):
    """100-500 V in 10 V steps: a slip (exit 2) for both outside the band; inside it,
    E-VOLTAGE judges the voltage against the supply's normal range."""
    supply = default_table().supply_for(nominal)
    _, power = SURVEY_OF[nominal]
    for voltage in range(100, 510, 10):
        plausible = plausible_supply_voltage(voltage, nominal)
        sized = run(
            "size",
            "--power",
            power,
            "--voltage",
            f"{nominal}V",
            "--length",
            "20m",
            "--supply-voltage",
            f"{voltage}V",
            "--json",
        )
        checked = _check(run, tmp_path, nominal, voltage)
        assert (sized.exit_code, checked.exit_code == 2) == (
            0 if plausible else 2,
            not plausible,
        ), (voltage, sized.stderr, checked.stderr)
        if not plausible:
            assert "site.supply_voltage" in checked.stderr
            assert "supply_voltage" in sized.stderr
            continue
        results = {r["rule"]: r for r in json.loads(checked.stdout)["results"]}
        normal = supply.min_voltage <= voltage <= supply.max_voltage
        assert results["E-VOLTAGE"]["status"] == ("pass" if normal else "fail"), voltage
        if not normal:
            assert checked.exit_code == 1


@pytest.mark.parametrize("voltage", [260, 280, 300, 320, 330, 340, 400])
def test_issue_9_voltages_of_one_class_get_one_answer(run, tmp_path, voltage):
    """The issue's seven voltages on a 220 V supply: a failing E-VOLTAGE inside the
    band (260, 280 V), a slip outside it (300 V and up), never the other way round."""
    checked = _check(run, tmp_path, 220, voltage)
    assert checked.exit_code == (1 if voltage <= 286 else 2), checked.stderr
