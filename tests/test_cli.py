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


#: a sitecustomize whose object says when the interpreter tears the modules down
_TEARDOWN_PROBE = """
import os

class _Probe:
    def __del__(self, write=os.write):
        write(2, b"torn down\\n")

probe = _Probe()
"""


def _console_runs(tmp_path):
    """The command line as a program: the console script (when installed) and ``-m``."""
    from pathlib import Path

    script = Path(sys.executable).parent / "sitesurvey"
    runs = [[sys.executable, "-m", "sitesurvey"]]
    return [[str(script)], *runs] if script.exists() else runs


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["check", "{survey}", "--json"], 0),
        (["size", "--power", "5500"], 0),
        (["size", "--power", "220V"], 2),
        (["sheet", "{survey}", "--html", "-o", "{tmp}/s.html"], 0),
        (["--help"], 0),
    ],
)
def test_a_program_skips_the_teardown_and_a_library_call_does_not(tmp_path, args, code):
    """``console`` ends with os._exit once output is flushed; ``main`` returns as before."""
    from sitesurvey.sizing.table import data_dir

    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(_TEARDOWN_PROBE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(site)}
    survey = data_dir("templates") / "survey-example.toml"
    argv = [a.format(survey=survey, tmp=tmp_path) for a in args]
    library = f"from sitesurvey.cli import main; main({argv!r}, prog_name='sitesurvey')"
    outputs = []
    for cmd in [*_console_runs(tmp_path), [sys.executable, "-c", library]]:
        proc = subprocess.run(
            [*cmd, *argv], capture_output=True, text=True, timeout=120, check=False, env=env
        )
        assert proc.returncode == code, proc.stderr
        texts = (proc.stdout, proc.stderr.replace("torn down\n", ""))
        outputs.append([t.replace("python -m sitesurvey", "sitesurvey") for t in texts])
        assert ("torn down" in proc.stderr) == (cmd[1:2] == ["-c"]), (cmd, proc.stderr)
    assert all(out == outputs[-1] for out in outputs)  # the same output, all flushed


_GC_PROBE = """
import atexit, gc, os
atexit.register(lambda: os.write(2, b"collector on\\n" if gc.isenabled() else b"collector off\\n"))
"""


@pytest.mark.parametrize(
    ("args", "collecting"),
    [(["table"], False), (["size", "--power", "x"], False), (["batch", "--nope"], True)],
)
def test_a_one_shot_program_leaves_its_garbage_to_the_exit(tmp_path, args, collecting):
    """The cyclic collector is off for a bounded command run as a program, on for the
    long-running ones (they would grow), and a library call never touches it."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(_GC_PROBE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(site)}
    library = f"from sitesurvey.cli import main; main({args!r}, prog_name='sitesurvey')"
    for cmd in [*_console_runs(tmp_path), [sys.executable, "-c", library]]:
        proc = subprocess.run(
            [*cmd, *args], capture_output=True, text=True, timeout=120, check=False, env=env
        )
        is_program = cmd[1:2] != ["-c"]
        expected = "collector on" if collecting or not is_program else "collector off"
        assert proc.stderr.rstrip().endswith(expected), (cmd, proc.stderr)


@pytest.mark.slow  # renders a PDF
def test_a_program_removes_the_sheet_temporary_files(tmp_path):
    from sitesurvey.sizing.table import data_dir

    temp = tmp_path / "temp"
    temp.mkdir()
    survey = data_dir("templates") / "survey-example.toml"
    for cmd in _console_runs(tmp_path):
        proc = subprocess.run(
            [*cmd, "sheet", str(survey), "-o", str(tmp_path / "s.pdf")],
            capture_output=True,
            timeout=120,
            check=False,
            env={**os.environ, "TMPDIR": str(temp), "XDG_CACHE_HOME": str(tmp_path / "cache")},
        )
        assert proc.returncode == 0, proc.stderr
        assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF-")
        assert [p.name for p in temp.iterdir() if not p.name.startswith("_jinja2")] == []


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


# ------------------------------------------------------------------ issue 11 S


def test_sheet_customer_only_and_network_profile(run, tmp_path):
    from sitesurvey.sizing.table import data_dir

    survey = str(data_dir("templates") / "survey-example.toml")
    profile = tmp_path / "network.toml"
    profile.write_text(
        'name = "佛山南海特约服务网点"\nphone = "0757-1234 5678"\n', encoding="utf-8"
    )
    full, alone = tmp_path / "full.html", tmp_path / "alone.html"
    assert run("sheet", survey, "--html", "-o", str(full)).exit_code == 0
    options = ("--html", "--customer-only", "--network", str(profile), "-o", str(alone))
    assert run("sheet", survey, *options).exit_code == 0
    text = alone.read_text(encoding="utf-8")
    assert 'id="annex"' in full.read_text(encoding="utf-8")
    assert 'id="annex"' not in text and "0757-1234 5678" in text and "佛山南海" in text
    alone.unlink()
    profile.write_text('name = "x"\nfax = "1"\n', encoding="utf-8")
    bad = run("sheet", survey, "--html", "--network", str(profile), "-o", str(alone))
    assert bad.exit_code == 2 and "fax: unknown key" in bad.stderr and not alone.exists()
