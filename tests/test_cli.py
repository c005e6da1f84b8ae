"""The command line: `size`, `table`, `--version`, exit codes, stdout vs stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from sitesurvey import __version__


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


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["size", "--power", "220V"], "that is a voltage"),
        (["size", "--power", "5.5"], '"5.5 kW"'),
        (["size", "--power", "5,5kW"], 'write "5.5kW"'),
        (["size", "--power", "nan"], "not a number"),
        (["size", "--power", "9000"], "8500 W"),
        (["size", "--power", "5500", "--voltage", "110V"], "220 V (198-242 V)"),
        (["size"], "Missing option '--power'"),
        (["size", "--power", "5500", "--table", "/nonexistent/t.toml"], "cannot read the file"),
        (["frobnicate"], "No such command"),
    ],
)
def test_bad_input_exits_2_with_message_on_stderr(run, args, fragment):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_table_file_exits_2_naming_row_and_column(run, table_path, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        table_path.read_text(encoding="utf-8").replace("power = 3500", "power = 2000"),
        encoding="utf-8",
    )
    result = run("size", "--power", "5500", "--table", str(bad))
    assert result.exit_code == 2
    assert f"{bad}: row 2, column power" in result.stderr


def test_table_text_and_json(run):
    text = run("table").stdout
    assert "OT-H3002" in text and "assumed" in text and "Other reading" in text
    d = json.loads(run("table", "--json").stdout)
    assert len(d["rows"]) == 10
    assert d["provenance"]["document"].startswith("OT-H3002")
    assert d["rows"][7]["assumed"] is True


def test_version_and_help(run):
    assert __version__ in run("--version").stdout
    help_text = run("--help").stdout
    assert "size" in help_text and "Exit codes" in help_text


def test_python_dash_m_runs_from_any_directory(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "sitesurvey", "size", "--power", "5500", "--json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["wire"]["value"] == 4.0


def test_size_loads_no_weasyprint_and_the_package_loads_lightly(tmp_path):
    code = (
        "import sys, sitesurvey;"
        "light = not {'numpy', 'pint', 'weasyprint'} & set(sys.modules);"
        "from sitesurvey.cli import main;"
        "main(['size', '--power', '5500'], standalone_mode=False);"
        "print(light, bool({'weasyprint', 'PIL'} & set(sys.modules)))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip().splitlines()[-1] == "True False"


@pytest.mark.parametrize(
    "argv",
    [
        ["--power", "5000"],  # ROW-NEXT-UP
        ["--power", "5500", "--voltage", "230V"],  # VOLTAGE-NOT-NOMINAL
        ["--power", "8500", "--voltage", "242V"],  # meter and breaker notes
    ],
)
def test_size_in_english_never_opens_the_catalog_even_with_notes(tmp_path, argv):
    """Notes keep their message id: the Chinese is looked up only when asked for."""
    code = (
        "import sys;"
        "from sitesurvey.cli import main;"
        f"main(['size', *{argv!r}], standalone_mode=False);"
        "i18n = sys.modules.get('sitesurvey.i18n');"
        "print(i18n is None or i18n._catalog is None)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert "Notes" in proc.stdout
    assert proc.stdout.strip().splitlines()[-1] == "True"


def test_note_chinese_comes_from_the_catalog():
    from sitesurvey.sizing import size

    (note,) = size(5000).notes
    assert note.code == "ROW-NEXT-UP"
    assert note.message == (
        "5000 W lies between the 4500 W and 5500 W rows; the next row up (5500 W) is used, "
        "never the one below."
    )
    assert note.message_zh == "5000W 介于 4500W 与 5500W 两行之间,取上一档(5500W),不取下一档。"
    assert tuple(note) == (note.code, note.message, note.message_zh)


def test_table_answer_stands_when_the_engineering_check_cannot_be_made(run, table_path, tmp_path):
    """A custom table whose wire size IEC 60364-5-52 does not list: answer, and why."""
    custom = tmp_path / "custom.toml"
    custom.write_text(
        table_path.read_text(encoding="utf-8").replace("wire = 1.5", "wire = 1.2"),
        encoding="utf-8",
    )
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
    assert "Recommended     none: no standard wire size passes every check" in out


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
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip().splitlines()[-1] == "False"


# ------------------------------------------------------------ text on the terminal


def test_safe_escapes_controls_keeps_lines_and_emoji():
    from sitesurvey.cli._common import safe

    assert safe("王丽🌸\tok\nnext") == "王丽🌸\tok\nnext"
    assert safe("a\x1b[8mb\x07\x7f\x9b\u2028\u202e") == "a\\x1b[8mb\\x07\\x7f\\x9b\\u2028\\u202e"


@pytest.mark.parametrize("char", ["\x1b", "\x7f", "\x9b", "\u2028", "\u202e", "\ud800"])
def test_echo_json_escapes_every_control_and_reads_back(capsys, char):
    from sitesurvey.cli._common import echo_json
    from sitesurvey.text import UNSAFE_CHARACTERS

    echo_json({"name": f"Wang{char}Li", "n": [1, 2]})
    out = capsys.readouterr().out
    assert not UNSAFE_CHARACTERS.search(out.replace("\n", ""))
    assert json.loads(out) == {"name": f"Wang{char}Li", "n": [1, 2]}


def test_verify_error_shows_the_file_name_escaped(tmp_path):
    from click.testing import CliRunner

    from sitesurvey.cli import main

    path = tmp_path / "s\x1b]0;pwned\x07.pdf"
    path.write_bytes(b"not a pdf")
    result = CliRunner().invoke(main, ["verify", str(path)], color=True)
    assert result.exit_code == 2
    assert "\\x1b]0;pwned\\x07" in result.stderr and "\x1b" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["check", "{bad}"],
        ["sheet", "{bad}", "-o", "{tmp}/out.pdf"],
        ["verify", "{bad}"],
        ["table", "--table", "{bad}"],
        ["sheet", "{survey}", "--tariff", "{bad}", "--html", "-o", "{tmp}/out.html"],
    ],
)
@pytest.mark.parametrize("kind", ["fifo", "dev_zero"])
def test_fifo_and_dev_zero_exit_2_at_once(tmp_path, args, kind):
    """Run in a subprocess with a timeout: a blocking open must fail the test, not hang it."""
    from sitesurvey.sizing.table import data_dir

    if kind == "fifo":
        bad = tmp_path / "bad.toml"
        os.mkfifo(bad)
    else:
        bad = "/dev/zero"
    survey = data_dir("templates") / "survey-example.toml"
    argv = [a.format(bad=bad, tmp=tmp_path, survey=survey) for a in args]
    proc = subprocess.run(
        [sys.executable, "-m", "sitesurvey", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")},
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "not a regular file" in proc.stderr and str(bad) in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
