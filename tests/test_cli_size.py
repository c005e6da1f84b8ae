"""``sitesurvey size`` (cli/size.py): the answer, the cross-check, exit codes, start-up."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def _last_line_printed_by(code: str, cwd) -> str:
    """Run Python code in a fresh interpreter (a clean ``sys.modules``); its last line."""
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True
    )
    return proc.stdout.strip().splitlines()[-1]


def _table_with(table_path, path, old: str, new: str):
    """A copy of the shipped table at ``path`` with ``old`` replaced by ``new``."""
    path.write_text(table_path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return path


def test_size_text_has_what_an_installer_needs(run):
    result = run("size", "--power", "5500")
    assert result.exit_code == 0
    out = result.stdout
    for fragment in ("5500 W", "4 mm²", "10(40)A", "32 A, 2-pole", "0.05–0.75 MPa", "25.0 A"):
        assert fragment in out
    assert result.stderr == ""


def test_size_chinese_terms(run):
    out = run("size", "--power", "18kW", "--voltage", "380V", "--lang", "zh").stdout
    for fragment in ("电线", "磁卡电子表", "机械表", "空气开关", "四极", "水压", "备注"):
        assert fragment in out


def test_size_json_key_paths(run):
    result = run("size", "--power", "7.5 kW", "--json")
    assert result.exit_code == 0
    d = json.loads(result.stdout)
    assert d["row"]["power"] == {"value": 7500.0, "unit": "W"}
    assert d["row"]["assumed"] is False
    assert d["supply"]["voltage"]["value"] == 220.0
    assert d["supply"]["phases"] == 1
    assert d["wire"] == {"value": 6.0, "unit": "mm²"}
    for kind in ("electronic", "mechanical"):
        m = d["meter"][kind]
        assert m["basic"]["unit"] == m["max"]["unit"] == "A"
        assert m["marking"] == "10(40)A"
    assert d["breaker"]["rating"] == {"value": 40.0, "unit": "A"}
    assert d["breaker"]["poles"] == 2
    assert d["water_pressure"]["min"]["value"] == 0.05
    assert d["water_pressure"]["max"]["value"] == 0.75
    assert d["design_current"]["unit"] == "A"
    assert d["design_current_max_voltage"]["unit"] == "A"
    assert isinstance(d["notes"], list)
    assert len(d["table"]["sha256"]) == 64


def test_disagreement_notes_still_exit_0(run):
    result = run("size", "--power", "18000", "--voltage", "380", "--json")
    assert result.exit_code == 0
    codes = [n["code"] for n in json.loads(result.stdout)["notes"]]
    assert "TABLE-BREAKER-BELOW-IB" in codes


def test_bad_table_file_exits_2_naming_row_and_column(run, table_path, tmp_path):
    bad = _table_with(table_path, tmp_path / "bad.toml", "power = 3500", "power = 2000")
    result = run("size", "--power", "5500", "--table", str(bad))
    assert result.exit_code == 2
    assert f"{bad}: row 2, column power" in result.stderr


def test_size_loads_no_weasyprint_and_the_package_loads_lightly(tmp_path):
    code = (
        "import sys, sitesurvey;"
        "light = not {'numpy', 'pint', 'weasyprint'} & set(sys.modules);"
        "from sitesurvey.cli import main;"
        "main(['size', '--power', '5500'], standalone_mode=False);"
        "print(light, bool({'weasyprint', 'PIL', 'pyhanko'} & set(sys.modules)))"
    )
    assert _last_line_printed_by(code, tmp_path) == "True False"


def test_table_answer_stands_when_the_engineering_check_cannot_be_made(run, table_path, tmp_path):
    """A custom table whose wire size IEC 60364-5-52 does not list: answer, and why."""
    custom = _table_with(table_path, tmp_path / "custom.toml", "wire = 1.5", "wire = 1.2")
    result = run("size", "--power", "2500", "--table", str(custom))
    assert result.exit_code == 0
    assert "1.2 mm² copper" in result.stdout
    assert "Engineering cross-check not possible" in result.stdout
    data = json.loads(run("size", "--power", "2500", "--table", str(custom), "--json").stdout)
    assert data["wire"]["value"] == 1.2
    assert data["engineering"] is None
    assert "1.2 mm²" in data["engineering_error"]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--supply-voltage", "100V"], "supply_voltage: expected a measured voltage"),
        (["--voltage", "380V", "--supply-voltage", "220V"], "line-to-line"),
        (["--max-drop", "0.03"], 'write "3%"'),
        (["--length", "100km"], "check the unit"),
        (["--ambient", "80degC"], "up to 60 °C"),
        (["--method", "Z"], "is not a reference method of IEC 60364-5-52"),
    ],
)
def test_bad_site_conditions_exit_2_and_lose_nothing(run, args, fragment):
    """A user's own bad condition is an error (exit 2), never a silently skipped check."""
    power = ["--power", "18000"] if "380V" in args else ["--power", "5500"]
    result = run("size", *power, *args)
    assert result.exit_code == 2
    assert fragment in result.stderr
    assert result.stdout == ""


def test_no_wire_passes_says_so_plainly(run):
    out = run("size", "--power", "5500", "--length", "400m").stdout
    assert "Dedicated line        no standard wire size meets the checks on this site" in out


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--power", "5 500 W"], 'write "5500 W" without spaces'),
        (["--power", "7\u00a0500 W"], 'write "7500 W" without spaces'),
        (["--power", "kW"], "the number is missing"),
        (["--power", "5500 W/0"], '"/" (U+002F SOLIDUS) is not allowed'),
        (["--power", "10**400 W"], '"*" (U+002A ASTERISK) is not allowed'),
        (["--power", "9**9**9 W"], '"*" (U+002A ASTERISK) is not allowed'),
        (["--power", "5500 W; rm -rf /"], '";" (U+003B SEMICOLON) is not allowed'),
        (["--power", "5" * 100_000], "the text is 100000 characters long"),
        (["--power", "5500", "--length", "2 000 cm"], 'write "2000 cm" without spaces'),
        (["--power", "5500", "--grouping", "²"], '"²" (U+00B2 SUPERSCRIPT TWO) is not a digit'),
        (["--power", "5500", "--ambient", "-300 degC"], "below absolute zero (-273.15 °C)"),
    ],
)
def test_issue_8_reproductions_exit_2_with_the_fix(run, args, fragment):
    """Digit groups, bare units, expressions, Unicode digits: exit 2, one message, no answer."""
    result = run("size", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr) < 1000


def test_size_with_unit_spellings_loads_no_pint(tmp_path):
    """The grammar needs no pint: common spellings keep the size command light."""
    code = (
        "import sys;"
        "from sitesurvey.cli import main;"
        "main(['size', '--power', '5.5 kW', '--length', '12 m', '--ambient', '35 °C',"
        " '--grouping', '2'], standalone_mode=False);"
        "print('pint' in sys.modules)"
    )
    assert _last_line_printed_by(code, tmp_path) == "False"


def test_english_size_never_opens_the_catalog_chinese_does(tmp_path):
    """Start-up: ``size`` in English neither opens the catalog nor imports a command but
    its own (the catalog is opened for ``--lang zh`` only). ``gettext`` itself is loaded by
    click, so the check is on the catalog, not on the module."""
    code = (
        "import sys;"
        "from sitesurvey.cli import main;"
        "import sitesurvey.i18n as i18n;"
        "main(['size', '--power', '5500', '--length', '10m'], standalone_mode=False);"
        "english = (i18n._catalog is None, sorted(m for m in sys.modules"
        " if m.startswith('sitesurvey.cli.')));"
        "main(['size', '--power', '5500', '--lang', 'zh'], standalone_mode=False);"
        "print(english, i18n._catalog is not None)"
    )
    expected = "(True, ['sitesurvey.cli._common', 'sitesurvey.cli.render', 'sitesurvey.cli.size'])"
    assert _last_line_printed_by(code, tmp_path) == f"{expected} True"


@pytest.mark.parametrize(
    "argv",
    [
        ["--power", "5000"],  # ROW-NEXT-UP
        ["--power", "5500", "--voltage", "230V"],  # VOLTAGE-NOT-NOMINAL
        ["--power", "8500", "--voltage", "242V"],  # meter and breaker notes
    ],
)
def test_english_size_with_notes_never_opens_the_catalog(tmp_path, argv):
    """Notes keep their message id: their Chinese is looked up only when asked for."""
    code = (
        "import sys;"
        "from sitesurvey.cli import main;"
        "import sitesurvey.i18n as i18n;"
        f"main(['size', *{argv!r}], standalone_mode=False);"
        "print(i18n._catalog is None)"
    )
    assert _last_line_printed_by(code, tmp_path) == "True"
