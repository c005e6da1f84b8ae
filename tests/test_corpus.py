"""Hostile-input corpus: every input a careless user or an attacker types, through the CLI.

For each input the contract of the README holds: exit 0/1 with the right answer, or exit
2 with one paragraph that names the field and the value (what was expected and how to fix
it follow in the message); never a traceback, never unbounded time, never raw control
characters on the terminal. The classes follow the root causes of issue 8:

- ``digit-group``: "5 500 W" (and no-break, thin, narrow spaces, apostrophes, commas);
- ``unit-only``: "kW" with no number;
- ``expression``: "5500 W/0", "10**400 W", "9**9**9 W", shell text, 100 000 characters;
- ``unicode-digit``: "²", "①", "٣" where a whole number is expected;
- ``control``: control characters, escape sequences and line separators in any field;
- ``long-text``: over-long free text;
- ``parser``: deep nesting, huge integers, wrong types in a survey file;
- ``file``: /dev/zero, a FIFO, a folder, a symlink, an empty or non-UTF-8 file (subprocess);
- ``random``: hypothesis text in every quantity option.

The count of cases is printed by ``test_corpus_size``; the corpus is over 500 cases.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitesurvey.cli import main

pytestmark = pytest.mark.filterwarnings("error")

#: The longest any one command may take on a hostile input [s] (a hang is a failure).
BOUND = 10.0

SEPARATORS = (" ", "\u00a0", "\u2009", "\u202f", "'", ",")
CONTROLS = ("\x1b[8m", "\x1b]0;pwned\x07", "\x00", "\x07", "\u2028", "\u202e", "\x9b31m", "\r")
UNICODE_DIGITS = ("²", "①", "٣", "๓", "𝟐", "Ⅳ", "½")
EXPRESSIONS = (
    "5500 W/0",
    "10**400 W",
    "9**9**9 W",
    "5500 W; rm -rf /",
    "5500*2 W",
    "(5500) W",
    "5500 W + 1 W",
    "1e400 W",
    "1e-400 W",
    "5500 W W",
    "0x1570 W",
    "5500 W)",
    "__import__('os') W",
    "5500 [W]",
    "5500 W # comment",
    "5" * 5001 + " W",
    "5500 " + "W" * 100_000,
    "5" * 100_000,
)

#: (field label as the message names it, CLI option, a good value, how its number is
#: written with a unit for the digit-group class).
QUANTITY_OPTIONS = (
    ("power", "--power", None, "{} W"),
    ("length", "--length", "20 m", "{} cm"),
    ("ambient", "--ambient", "35 °C", None),
    ("supply_voltage", "--supply-voltage", "215 V", None),
    ("voltage", "--voltage", "220 V", None),
    ("max_drop", "--max-drop", "5%", None),
)


def _size_argv(option: str, value: str) -> list[str]:
    argv = ["size"]
    if option != "--power":
        argv += ["--power", "5500"]
    return [*argv, option, value]


def _cases() -> list[tuple[str, list[str], str]]:
    """(class, argv, field) for the in-process CLI cases."""
    cases: list[tuple[str, list[str], str]] = []
    for field, option, _good, group in QUANTITY_OPTIONS:
        if group is not None:
            for sep in SEPARATORS:
                for number in ("5{}500", "7{}500", "2{}000", "1{}000{}000"):
                    text = group.format(number.format(sep, sep))
                    cases.append(("digit-group", _size_argv(option, text), field))
        for unit in ("kW", "W", "m", "cm", "V", "A", "°C", "%", " kW", "mm2"):
            cases.append(("unit-only", _size_argv(option, unit), field))
        for text in EXPRESSIONS:
            cases.append(("expression", _size_argv(option, text), field))
        for ctrl in CONTROLS:
            cases.append(("control", _size_argv(option, f"55{ctrl}00 W"), field))
        for digit in UNICODE_DIGITS:
            cases.append(("unicode-digit", _size_argv(option, f"5{digit}00 W"), field))
    for digit in (*UNICODE_DIGITS, "1.5", "-1", "0", "99999999999999999999", "2 0"):
        argv = ["size", "--power", "5500", "--grouping", digit]
        cases.append(("unicode-digit", argv, "grouping"))
    return cases


CLI_CASES = _cases()


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def _invoke(runner: CliRunner, argv: list[str]):
    start = time.perf_counter()
    result = runner.invoke(main, argv, catch_exceptions=True)
    return result, time.perf_counter() - start


def assert_contract(result, elapsed: float, field: str | None) -> None:
    """The README's contract for one run of the command line."""
    output = result.stdout + result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback: {result.exception!r}") from result.exception
    assert "Traceback" not in output
    assert elapsed < BOUND, f"took {elapsed:.1f} s"
    assert result.exit_code in (0, 1, 2)
    assert "\x1b" not in output and "\x9b" not in output, "raw escape on the terminal"
    assert "\x00" not in output and "\u2028" not in output
    if result.exit_code == 2:
        error = result.stderr[result.stderr.index("Error:") :]
        assert "\n\n" not in error.strip(), "the error is not one paragraph"
        assert len(error) < 2_000, "the error repeats an unbounded value"
        if field is not None:
            assert field.replace("_", "-") in error or field in error, error


@pytest.mark.parametrize(
    ("kind", "argv", "field"),
    CLI_CASES,
    ids=[f"{kind}-{i}" for i, (kind, _a, _f) in enumerate(CLI_CASES)],
)
def test_cli_quantity_inputs(runner, kind: str, argv: list[str], field: str) -> None:
    result, elapsed = _invoke(runner, argv)
    assert_contract(result, elapsed, field)
    # None of these classes is a value the tool may read: a digit group, a lone unit, an
    # expression, a foreign digit or a control character is refused, never guessed at.
    assert result.exit_code == 2, f"{argv!r} was accepted:\n{result.stdout}"


def test_digit_group_is_never_multiplied(runner) -> None:
    """The fire risk of issue 8: "5 500 W" sized as 2500 W."""
    result, _ = _invoke(runner, ["size", "--power", "5 500 W", "--json"])
    assert result.exit_code == 2
    assert "5500" in result.stderr  # the hint says how to write it


# --------------------------------------------------------------------- survey files


def _survey() -> dict:
    return {
        "format": 1,
        "customer": {"name": "王丽", "phone": "13800138000", "address": "广州"},
        "job": {"work_order": "W-1", "date": "2024-05-18", "appointment": "14:00-15:00"},
        "heater": {"model": "QX-55A", "power": "5500 W", "supply_voltage": "220 V"},
        "site": {
            "supply_voltage": "223 V",
            "breaker": {"rating": "32 A", "poles": 2},
            "socket": {"height": "2.4 m", "distance_to_opening": "18 cm"},
            "wiring": {"length": "8 m", "method": "B1", "grouping": 1},
        },
    }


def _put(data: dict, path: str, value: object) -> dict:
    *parents, last = path.split(".")
    node = data
    for key in parents:
        node = node.setdefault(key, {})
    node[last] = value
    return data


SURVEY_QUANTITIES = (
    ("heater.power", "{} W"),
    ("site.supply_voltage", None),
    ("site.breaker.rating", None),
    ("site.socket.height", "{} mm"),
    ("site.wiring.length", "{} cm"),
)
SURVEY_COUNTS = ("site.breaker.poles", "site.wiring.grouping")
SURVEY_TEXTS = ("customer.name", "customer.phone", "customer.address", "job.work_order")


def _survey_cases() -> list[tuple[str, str, object]]:
    cases: list[tuple[str, str, object]] = []
    for path, group in SURVEY_QUANTITIES:
        if group is not None:
            for sep in SEPARATORS:
                cases.append(("digit-group", path, group.format(f"2{sep}400")))
        for text in (*EXPRESSIONS[:15], "kW", "m", "A", ""):
            cases.append(("expression", path, text))
        for ctrl in CONTROLS:
            cases.append(("control", path, f"2{ctrl}4 m"))
    for path in SURVEY_COUNTS:
        for digit in UNICODE_DIGITS:
            cases.append(("unicode-digit", path, digit))
        for bad in ("2Q ", "1e3", 2.5, True, [2], {"n": 2}, 10**40, -2):
            cases.append(("unicode-digit", path, bad))
    for path in SURVEY_TEXTS:
        for ctrl in CONTROLS:
            cases.append(("control", path, f"Wang{ctrl}Li"))
        cases.append(("long-text", path, "王" * 100_000))
        cases.append(("long-text", path, "x" * 5_000))
        for bad in (5, None, [], {"a": 1}, True):
            cases.append(("parser", path, bad))
    return cases


SURVEY_CASES = _survey_cases()


@pytest.mark.parametrize(
    ("kind", "path", "value"),
    SURVEY_CASES,
    ids=[f"{kind}-{path}-{i}" for i, (kind, path, _v) in enumerate(SURVEY_CASES)],
)
def test_survey_fields(runner, tmp_path: Path, kind: str, path: str, value: object) -> None:
    file = tmp_path / "s.json"
    file.write_text(json.dumps(_put(_survey(), path, value), ensure_ascii=False), "utf-8")
    result, elapsed = _invoke(runner, ["check", str(file)])
    assert_contract(result, elapsed, path)
    assert result.exit_code == 2, f"{path} = {value!r:.80} was accepted"


PARSER_FILES = {
    "deep-array.toml": "x = " + "[" * 100_000 + "]" * 100_000 + "\n",
    "deep-inline.toml": "x = " + "{a = " * 5_000 + "1" + "}" * 5_000 + "\n",
    "deep-array.json": "[" * 100_000 + "]" * 100_000,
    "deep-object.json": '{"a":' * 50_000 + "1" + "}" * 50_000,
    "big-int.toml": "format = " + "9" * 5_001 + "\n",
    "big-int.json": '{"format": ' + "9" * 5_001 + "}",
    "empty.toml": "",
    "bom-only.toml": "\ufeff",
    "curly-quotes.toml": "format = 1\n[customer]\nname = “王丽”\n",
    "not-an-object.json": "[1, 2, 3]",
    "format-string.json": '{"format": "1"}',
    "nul.toml": "format = 1\x00\n",
}


@pytest.mark.parametrize("name", sorted(PARSER_FILES))
def test_survey_parser_limits(runner, tmp_path: Path, name: str) -> None:
    file = tmp_path / name
    file.write_text(PARSER_FILES[name], encoding="utf-8")
    result, elapsed = _invoke(runner, ["check", str(file)])
    assert_contract(result, elapsed, None)
    assert result.exit_code == 2


def test_gbk_file_says_save_as_utf8(runner, tmp_path: Path) -> None:
    file = tmp_path / "gbk.toml"
    file.write_bytes('format = 1\n[customer]\nname = "王丽"\n'.encode("gbk"))
    result, elapsed = _invoke(runner, ["check", str(file)])
    assert_contract(result, elapsed, None)
    assert result.exit_code == 2 and "UTF-8" in result.stderr


# -------------------------------------------------------------- files (subprocess)


def _cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sitesurvey", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def _special_files(tmp: Path) -> dict[str, str]:
    fifo = tmp / "fifo.toml"
    os.mkfifo(fifo)
    link = tmp / "link.toml"
    link.symlink_to("/dev/zero")
    folder = tmp / "folder.toml"
    folder.mkdir()
    big = tmp / "big.toml"
    big.write_bytes(b"# " + b"x" * 50_000_000 + b"\n")
    return {
        "dev-zero": "/dev/zero",
        "fifo": str(fifo),
        "symlink-to-dev-zero": str(link),
        "folder": str(folder),
        "oversize": str(big),
        "missing": str(tmp / "missing.toml"),
    }


FILE_COMMANDS = {
    "check": ["check", "{}"],
    "sheet": ["sheet", "{}", "--html", "-o", "out.html"],
    "verify": ["verify", "{}"],
    "table": ["table", "--table", "{}"],
    "size-table": ["size", "--power", "5500", "--table", "{}"],
}


@pytest.mark.slow
@pytest.mark.parametrize("command", sorted(FILE_COMMANDS))
def test_unreadable_files(tmp_path: Path, command: str) -> None:
    for label, path in _special_files(tmp_path).items():
        argv = [a.format(path) for a in FILE_COMMANDS[command]]
        argv = [str(tmp_path / a) if a == "out.html" else a for a in argv]
        try:
            done = _cli(*argv, timeout=30)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{command} on {label} never returned")
        assert "Traceback" not in done.stderr, f"{command} on {label}:\n{done.stderr}"
        assert done.returncode == 2, f"{command} on {label}: exit {done.returncode}"
        assert done.stderr.startswith("Error:") or "Error:" in done.stderr


# --------------------------------------------------------------------- random text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    option=st.sampled_from([o for _f, o, _g, _u in QUANTITY_OPTIONS]),
    text=st.text(max_size=40),
)
def test_random_text_in_every_quantity_option(option: str, text: str) -> None:
    field = next(f for f, o, _g, _u in QUANTITY_OPTIONS if o == option)
    result, elapsed = _invoke(CliRunner(), _size_argv(option, text))
    assert_contract(result, elapsed, field if result.exit_code == 2 else None)


def test_corpus_size() -> None:
    """The corpus is what the issue asks for: over 500 generated cases, in every class."""
    kinds = {k for k, _a, _f in CLI_CASES} | {k for k, _p, _v in SURVEY_CASES}
    total = len(CLI_CASES) + len(SURVEY_CASES) + len(PARSER_FILES) + 300
    total += len(FILE_COMMANDS) * 6
    print(f"corpus: {total} cases over {len(kinds) + 2} classes")
    assert total > 500
    assert kinds >= {"digit-group", "unit-only", "expression", "unicode-digit", "control"}
