"""The cross-check as a whole (engineering/check.py): worked examples computed by hand in
the comments, the JSON keys and the ``size`` command's output.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sitesurvey import size
from sitesurvey.engineering import (
    AMBIENT_FILE,
    CAPACITY_FILE,
    GROUPING_FILE,
    RATINGS_FILE,
    SiteConditions,
    check_engineering,
)
from sitesurvey.results import FAIL, PASS


def test_8500_w_on_6_mm2_b1_35_c_needs_10_mm2():
    # Ib = 8500 / 220 = 38.64 A.
    # Iz(6 mm², B1, 2 loaded) = 41 A × kθ(35 °C) 0.94 × kg(1) 1.00 = 38.54 A.
    # 40 A breaker: Ib 38.64 ≤ In 40 holds, In 40 ≤ Iz 38.54 fails (by 1.46 A), and since
    # Iz < Ib no breaker fits on 6 mm² at all.
    # 10 mm²: Iz = 57 × 0.94 = 53.58 A; 38.64 ≤ 40 ≤ 53.58 holds with the table's 40 A.
    # Drop on 6 mm²: u = 2 × 0.0225 × 20 × 38.64 / 6 = 5.795 V = 2.634 % of 220 V.
    site = SiteConditions.from_inputs(length="20m", method="B1", ambient="35degC")
    r = check_engineering(size(8500), site)
    assert r.design_current == pytest.approx(38.636, abs=1e-3)
    assert r.tabulated_ampacity == 41.0
    assert r.ambient_factor == 0.94
    assert r.ampacity == pytest.approx(38.54)
    status = {c.rule: c.status for c in r.checks}
    assert status["ENG-IB-IN"] == PASS
    assert status["ENG-IN-IZ"] == FAIL
    assert status["ENG-I2"] == FAIL  # 1.45 × 40 = 58 A > 1.45 × 38.54 = 55.88 A
    assert status["ENG-DROP"] == PASS
    assert r.verdict == "insufficient"
    in_iz = next(c for c in r.checks if c.rule == "ENG-IN-IZ")
    assert "by 1.46 A" in in_iz.message
    assert r.voltage_drop == pytest.approx(5.795, abs=1e-3)
    assert r.voltage_drop_percent == pytest.approx(2.634, abs=1e-3)
    assert r.terminal_voltage == pytest.approx(214.2, abs=0.05)

    rec = r.recommendation
    assert rec.wire == 10.0
    assert rec.breaker.rating == 40.0 and rec.breaker.poles == 2
    assert rec.ampacity == pytest.approx(53.58)
    assert rec.electronic_meter.marking == rec.mechanical_meter.marking == "10(40)A"
    assert [s.criterion for s in rec.steps] == ["ENG-IN-IZ", "ENG-IN-IZ"]
    assert rec.steps[-1].before == 6.0 and rec.steps[-1].after == 10.0
    # the working lets a reader redo it
    text = "\n".join(w.text for w in r.working)
    assert "Ib = P / U = 8500 W / 220 V = 38.64 A" in text
    assert "41 A × 0.94 × 1 = 38.54 A" in text
    assert "38.64 A ≤ 40 A ≤ 38.54 A — FAILS" in text
    assert "2 × 0.0225 Ω·mm²/m × 20 m × 38.64 A / 6 mm² = 5.795 V" in text
    assert "57 A × 0.94 × 1 = 53.58 A" in text


def test_2500_w_row_b1_30_c_keeps_the_25_a_breaker_and_names_16_a_as_the_alternative():
    # Ib = 2500 / 220 = 11.36 A; Iz(1.5 mm², B1) = 17.5 A < the table's 25 A breaker.
    # Issue 10: the maker's 25 A stays; the wire goes up until Iz ≥ 25 A (2.5 mm²: 24 A,
    # 4 mm²: 32 A). 16 A on 1.5 mm² (11.36 ≤ 16 ≤ 17.5) is named, never chosen.
    r = check_engineering(size(2500), SiteConditions.from_inputs(method="B1", ambient="30degC"))
    assert r.ampacity == 17.5
    assert r.verdict == "insufficient"
    assert [c.rule for c in r.failed] == ["ENG-IN-IZ", "ENG-I2"]
    rec = r.recommendation
    assert (rec.wire, rec.breaker.rating) == (4.0, 25.0)
    assert [(s.item, s.criterion, s.before, s.after) for s in rec.steps] == [
        ("wire", "ENG-IN-IZ", 1.5, None),
        ("wire", "ENG-IN-IZ", 2.5, None),
        ("wire", "ENG-IN-IZ", 1.5, 4.0),
    ]
    assert (rec.alternative.rating, rec.alternative_wire) == (16.0, 1.5)
    # both meters of the row carry 11.36 A: 5(30) and 5(20) stay
    assert rec.electronic_meter.marking == "5(30)A"
    assert rec.mechanical_meter.marking == "5(20)A"


def test_18000_w_at_380_v_the_25_a_breaker_is_below_ib():
    # Ib = 18000 / (√3 × 380) = 27.35 A > 25 A: ENG-IB-IN fails.
    # 4 mm² B1 three loaded: Iz = 28 A; no standard In in [27.35, 28] (25 < Ib, 32 > Iz).
    # 6 mm²: Iz = 36 A; 32 A is the smallest In in [27.35, 36].
    r = check_engineering(size(18000, 380), SiteConditions())
    assert r.loaded_conductors == 3
    assert r.design_current == pytest.approx(27.348, abs=1e-3)
    assert r.ampacity == 28.0
    ib_in = next(c for c in r.checks if c.rule == "ENG-IB-IN")
    assert ib_in.status == FAIL and "2.35 A below" in ib_in.message
    rec = r.recommendation
    assert (rec.wire, rec.breaker.rating, rec.breaker.poles) == (6.0, 32.0, 4)
    assert [(s.item, s.criterion) for s in rec.steps] == [
        ("wire", "ENG-IN-IZ"),
        ("wire", "ENG-IN-IZ"),
        ("breaker", "ENG-IB-IN"),
    ]


def test_measured_low_supply_fails_the_terminal_voltage():
    # 205 V measured, 60 m of 4 mm²: 205 − 16.875 = 188.1 V < 198 V.
    # 10 mm²: 205 − 6.75 = 198.25 V ≥ 198 V, and 3.07 % ≤ 5 %.
    site = SiteConditions.from_inputs(length="60m", supply_voltage="205V")
    r = check_engineering(size(5500), site)
    assert r.terminal_voltage == pytest.approx(188.125)
    terminal = next(c for c in r.checks if c.rule == "ENG-TERMINAL-VOLTAGE")
    assert terminal.status == FAIL and "9.88 V below" in terminal.message
    assert r.recommendation.wire == 10.0
    assert r.recommendation.terminal_voltage == pytest.approx(198.25)


def test_worst_case_voltage_takes_ib_at_the_top_of_the_range():
    # Ib = 38.64 × 242 / 220 = 42.5 A: the 40 A breaker and the 10(40) A meters fail.
    # 6 mm² B1 Iz = 41 < 42.5 → 10 mm² (57 A) with the smallest In in [42.5, 57]: 50 A.
    # Meters: smallest direct single-phase Imax ≥ 42.5 A is 60 A; of 5(60), 10(60) and
    # 15(60) the smaller basic current wins: 5(60)A.
    site = SiteConditions.from_inputs(worst_case_voltage=True)
    r = check_engineering(size(8500), site)
    assert r.design_current == pytest.approx(42.5)
    assert {c.rule for c in r.failed} == {
        "ENG-IB-IN",
        "ENG-METER-ELECTRONIC",
        "ENG-METER-MECHANICAL",
    }
    rec = r.recommendation
    assert (rec.wire, rec.breaker.rating) == (10.0, 50.0)
    assert rec.electronic_meter.marking == rec.mechanical_meter.marking == "5(60)A"
    assert r.to_dict()["design_current"]["basis"] == "max_voltage"


def test_json_has_the_keys_of_the_issue():
    site = SiteConditions.from_inputs(length="20m", ambient="35degC")
    d = json.loads(json.dumps(check_engineering(size(8500), site).to_dict()))
    assert d["ampacity"]["unit"] == "A" and d["ampacity"]["value"] == pytest.approx(38.54)
    assert d["voltage_drop"]["unit"] == "V"
    assert d["voltage_drop"]["percent"]["unit"] == "%"
    assert d["terminal_voltage"]["unit"] == "V"
    assert d["verdict"] == "insufficient"
    for check in d["checks"]:
        assert {"code", "status", "required", "actual"} <= set(check)
        assert check["status"] in ("pass", "fail", "not_checked")
    assert d["recommended"]["wire"] == {"value": 10.0, "unit": "mm²"}
    assert d["recommended"]["breaker"]["rating"] == {"value": 40.0, "unit": "A"}
    assert d["recommended"]["meter"]["max"] == {"value": 40.0, "unit": "A"}
    assert d["recommended"]["changes"][0]["criterion"] == "ENG-IN-IZ"
    assert set(d["defaults_used"]) == {
        "method",
        "grouping",
        "arrangement",
        "max_drop",
        "supply_voltage",
    }
    assert {s["file"] for s in d["sources"]} == {
        CAPACITY_FILE,
        AMBIENT_FILE,
        GROUPING_FILE,
        RATINGS_FILE,
    }
    assert all({"en", "zh"} == set(line) for line in d["working"])


def test_cli_shows_table_answer_verdict_and_working(run):
    result = run(
        "size", "--power", "8500", "--length", "20m", "--method", "B1", "--ambient", "35degC"
    )
    assert result.exit_code == 0  # whatever the verdict
    out = result.stdout
    assert "6 mm² copper" in out  # the table answer stays
    assert "INSUFFICIENT" in out and "ENG-IN-IZ" in out
    # the one plan, in place of a second recommendation
    assert "new dedicated line from the indoor main switch, 10 mm² copper" in out
    assert "air switch 40 A, 2-pole" in out
    assert "41 A × 0.94 × 1 = 38.54 A" in out
    assert "Defaults used   grouping 1, arrangement bunched, drop limit 5 %" in out
    assert result.stderr == ""


def test_cli_lists_the_defaults_when_no_conditions_are_given(run):
    out = run("size", "--power", "5500").stdout
    assert "Engineering cross-check" in out
    assert (
        "length 0 m, method B1, ambient 30 °C, grouping 1, arrangement bunched, drop limit 5 %"
        in out
    )
    assert "not checked: ENG-DROP, ENG-TERMINAL-VOLTAGE" in out


def test_cli_all_engineering_options_and_json(run):
    result = run(
        "size",
        "--power",
        "18kW",
        "--voltage",
        "380V",
        "--length",
        "25m",
        "--method",
        "c",
        "--ambient",
        "40 °C",
        "--grouping",
        "2",
        "--arrangement",
        "wall",
        "--supply-voltage",
        "370V",
        "--max-drop",
        "4%",
        "--worst-case-voltage",
        "--json",
    )
    assert result.exit_code == 0
    d = json.loads(result.stdout)
    assert d["wire"] == {"value": 4.0, "unit": "mm²"}  # the table answer, unchanged
    e = d["engineering"]
    for key in ("ampacity", "voltage_drop", "terminal_voltage", "checks", "verdict"):
        assert key in e
    assert e["conditions"]["method"] == "C"
    assert e["conditions"]["ambient"] == {"value": 40.0, "unit": "°C"}
    assert e["conditions"]["grouping"] == 2
    assert e["conditions"]["arrangement"] == "wall"
    assert e["ampacity"]["grouping_factor"] == 0.85  # B.52.17 item 2, two circuits
    assert e["conditions"]["supply_voltage"] == {"value": 370.0, "unit": "V"}
    assert e["conditions"]["max_drop"] == {"value": 4.0, "unit": "%"}
    assert e["conditions"]["worst_case_voltage"] is True
    assert e["defaults_used"] == {}
    assert e["recommended"]["wire"]["unit"] == "mm²"
    assert e["recommended"]["breaker"]["rating"]["unit"] == "A"
    assert e["recommended"]["meter"]["max"]["unit"] == "A"


def test_cli_chinese(run):
    out = run("size", "--power", "2500", "--lang", "zh").stdout
    for fragment in (
        "工程校核",
        "采用的默认值",
        "结论",
        "校核项",
        "方案",
        "计算过程",
        "二极",
        "空气开关",
        "备选",
    ):
        assert fragment in out


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--method", "Z9"], "not a reference method"),
        (["--ambient", "70degC"], "up to 60 °C"),
        (["--ambient", "35"], "give a unit"),
        (["--grouping", "25"], "ends at 20 circuits"),
        (["--grouping", "0"], "grouping"),
        (["--length", "20V"], "that is a voltage"),
        (["--max-drop", "5 m"], "max-drop"),
    ],
)
def test_cli_bad_engineering_options_exit_2(run, args, fragment):
    result = run("size", "--power", "5500", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr


def _after_size(tmp_path, args: list[str], probe: str) -> str:
    """What ``probe`` prints after ``sitesurvey size --power 8500 --length 20m *args``."""
    code = (
        "import sys;"
        "from sitesurvey.cli import main;"
        f"main(['size', '--power', '8500', '--length', '20m', *{args!r}],"
        " standalone_mode=False);"
        f"print({probe})"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    return proc.stdout.strip().splitlines()[-1]


def test_size_with_engineering_loads_neither_numpy_nor_pint(tmp_path):
    probe = "sorted({'numpy', 'pint', 'weasyprint'} & set(sys.modules))"
    assert _after_size(tmp_path, ["--ambient", "35degC"], probe) == "[]"


# ------------------------------------------------------------------ the catalog


def _size_opens_catalog(tmp_path, *args: str) -> bool:
    probe = "__import__('sitesurvey.i18n').i18n._catalog is not None"
    return _after_size(tmp_path, list(args), probe) == "True"


def test_size_in_english_never_opens_the_chinese_catalog(tmp_path):
    assert not _size_opens_catalog(tmp_path)
    assert _size_opens_catalog(tmp_path, "--lang", "zh")
    assert _size_opens_catalog(tmp_path, "--json")


def test_english_only_gives_the_same_english_and_repeats_it_for_chinese():
    site = SiteConditions(length=40.0, ambient=35.0, grouping=3)
    both = check_engineering(size(8500), site)
    english = check_engineering(size(8500), site, english_only=True)
    assert [c.message for c in english.checks] == [c.message for c in both.checks]
    assert [s.message for s in english.recommendation.steps] == [
        s.message for s in both.recommendation.steps
    ]
    assert [w.text for w in english.working] == [w.text for w in both.working]
    assert all(w.text_zh == w.text for w in english.working)
    assert any(w.text_zh != w.text for w in both.working)


def test_working_words_come_from_the_catalog():
    """A check not made reads with the one status word, as in `check` and on the sheet."""
    from sitesurvey.i18n import status_word

    r = check_engineering(size(5500))  # no length: drop and terminal voltage not checked
    zh_lines = [w.text_zh for w in r.working]
    assert any(line.endswith(f"— {status_word('not_checked', 'zh')}") for line in zh_lines)
    assert not any(line.endswith("未校核") for line in zh_lines)
    assert r.checks[0].message_zh.startswith("空气开关额定电流 In 32A ≥ 设计电流 Ib")


def test_a_heater_rated_for_another_voltage_is_a_resistance_in_the_working():
    r = check_engineering(size(5500, 230))
    assert r.design_current == pytest.approx(22.873, abs=1e-3)
    assert "R = U_rated² / P = (230 V)² / 5500 W = 9.618 Ω" in r.working[0].text
