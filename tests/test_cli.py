"""The command group (cli/__init__.py): `--version`, help, bad input, `python -m`, FIFOs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from sitesurvey import __version__


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


# ------------------------------------------------------------ text on the terminal


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
