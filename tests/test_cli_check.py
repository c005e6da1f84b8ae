"""``sitesurvey check`` (cli/check.py): files, output, exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
import tomllib

import pytest
from click.testing import CliRunner

from sitesurvey.cli import main
from sitesurvey.sizing.table import data_dir

EXAMPLE = data_dir("templates") / "survey-example.toml"


def example_data() -> dict:
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["job"]["date"] = data["job"]["date"].isoformat()
    return data


def write_json(path, data) -> str:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


# ------------------------------------------------------------------------------ init


def test_help_lists_init_and_check(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "init" in result.stdout and "check" in result.stdout


# ----------------------------------------------------------------------------- check


def test_exit_0_when_nothing_fails(runner):
    result = runner.invoke(main, ["check", str(EXAMPLE)])
    assert result.exit_code == 0
    assert result.stderr == ""


def test_exit_1_when_a_rule_fails_with_failures_first(runner, tmp_path):
    data = example_data()
    data["existing"]["breaker"]["rating"] = "40 A"
    data["existing"]["meter"]["marking"] = "5(20)A"
    data["design"]["socket"]["distance_to_opening"] = "25 cm"
    result = runner.invoke(main, ["check", write_json(tmp_path / "s.json", data)])
    assert result.exit_code == 1
    out = result.stdout
    # families with failures come first; within a family, failures first
    rest = out.split("Plan — what will be installed or changed")[1]
    families = [line for line in rest.splitlines() if " — " in line and line[0] != " "]
    assert families[0].startswith("Electrical supply — 2 fail")
    # the socket is the installer's design: it goes to the fix-the-plan list, not the
    # customer's failures
    wiring = next(f for f in families if f.startswith("Dedicated-line wiring — "))
    assert "fail" not in wiring
    design = out.split("Fix the plan (installer's design")[1].split("\n\n")[0]
    assert "FAIL [W-SOCKET-OPENING]" in design
    electrical = out.split("Electrical supply")[1].split("\n\n")[0].splitlines()[1:]
    statuses = [line.split()[0] for line in electrical if not line.startswith("      ")]
    assert statuses[:2] == ["FAIL", "FAIL"]
    # then the required modifications, with the consent each needs
    mods = out.split("Required modifications")[1]
    assert "[E-BREAKER] air switch 40 A, 2-pole → 32 A, 2-pole" in mods
    assert "customer's consent AND signature" in mods  # the meter
    assert "Verdict: the site does not conform — exit 1." in out


def test_json_output(runner, tmp_path):
    data = example_data()
    data["existing"]["breaker"]["rating"] = "40 A"
    result = runner.invoke(main, ["check", write_json(tmp_path / "s.json", data), "--json"])
    assert result.exit_code == 1
    verdict = json.loads(result.stdout)
    assert set(verdict) >= {"results", "modifications", "sizing", "engineering"}
    first = verdict["results"][0]
    assert {"rule", "status", "measured", "required", "message"} <= set(first)
    breaker = next(r for r in verdict["results"] if r["rule"] == "E-BREAKER")
    assert breaker["status"] == "fail" and breaker["measured"] == {"value": 40.0, "unit": "A"}
    assert verdict["modifications"][0]["item"] == "breaker"
    assert verdict["sizing"]["breaker"]["rating"] == {"value": 32.0, "unit": "A"}
    assert verdict["engineering"]["verdict"] == "ok"


def test_chinese_output(runner):
    result = runner.invoke(main, ["check", str(EXAMPLE), "--lang", "zh"])
    assert result.exit_code == 0
    assert "合格" in result.stdout and "未检查" in result.stdout
    assert "安装人员确认：尚未" in result.stdout
    assert "结论：现场符合要求。" in result.stdout


def test_english_text_made_english_only_is_the_same_text(runner, monkeypatch):
    """``check`` makes its English text without the Chinese (the catalog stays closed):
    the text is the one made in both languages, and Chinese asked for afterwards in
    the same process is whole (no English-only word is kept)."""
    import contextlib

    english = runner.invoke(main, ["check", str(EXAMPLE)]).stdout
    chinese = runner.invoke(main, ["check", str(EXAMPLE), "--lang", "zh"]).stdout
    assert "安装人员确认：尚未" in chinese and "结论：现场符合要求。" in chinese
    monkeypatch.setattr("sitesurvey.i18n.english_only", contextlib.nullcontext)
    assert runner.invoke(main, ["check", str(EXAMPLE)]).stdout == english
    assert runner.invoke(main, ["check", str(EXAMPLE), "--lang", "zh"]).stdout == chinese


def test_confirmations_are_shown_as_such(runner):
    out = runner.invoke(main, ["check", str(EXAMPLE)]).stdout
    line = next(line for line in out.splitlines() if " E-POLARITY " in line)
    assert "installer's confirmation: not yet" in line and "measured" not in line


# -------------------------------------------------------------------- bad files → 2


def test_syntax_error(runner, tmp_path, assert_clean_error):
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("phone = "))
    path = tmp_path / "s.toml"
    path.write_text("\n".join(lines).replace('phone = "', "phone = "), encoding="utf-8")
    result = runner.invoke(main, ["check", str(path)])
    assert_clean_error(result, str(path), "not valid TOML", f"line {number}")


def test_wrong_dimension(runner, tmp_path, assert_clean_error):
    text = EXAMPLE.read_text(encoding="utf-8").replace('height = "2.4 m"', 'height = "220 V"')
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    assert_clean_error(
        runner.invoke(main, ["check", str(path)]), "design.socket.height", "a voltage"
    )


def test_decimal_comma(runner, tmp_path, assert_clean_error):
    text = EXAMPLE.read_text(encoding="utf-8").replace('height = "2.4 m"', 'height = "2,4m"')
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    assert_clean_error(runner.invoke(main, ["check", str(path)]), "design.socket.height", '"2.4m"')


def test_unknown_key_with_did_you_mean(runner, tmp_path, assert_clean_error):
    text = EXAMPLE.read_text(encoding="utf-8").replace("display_height =", "display_hieght =")
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    assert_clean_error(
        runner.invoke(main, ["check", str(path)]),
        'design.heater.display_hieght: unknown key — did you mean "display_height"?',
    )


def test_missing_required_section(runner, tmp_path, assert_clean_error):
    data = example_data()
    del data["heater"]
    assert_clean_error(
        runner.invoke(main, ["check", write_json(tmp_path / "s.json", data)]),
        "heater: missing required section [heater]",
    )


def test_future_format(runner, tmp_path, assert_clean_error):
    data = example_data()
    data["format"] = 99
    assert_clean_error(
        runner.invoke(main, ["check", write_json(tmp_path / "s.json", data)]),
        "format 99",
        "upgrade sitesurvey",
    )


def test_heater_above_the_table(runner, tmp_path, assert_clean_error):
    data = example_data()
    data["heater"]["power"] = "9.5 kW"
    assert_clean_error(
        runner.invoke(main, ["check", write_json(tmp_path / "s.json", data)]),
        "heater.power: 9500 W is above",
    )


def test_missing_file(runner, tmp_path, assert_clean_error):
    assert_clean_error(runner.invoke(main, ["check", str(tmp_path / "none.toml")]), "none.toml")


def test_bad_table_file(runner, tmp_path, assert_clean_error):
    table = tmp_path / "t.toml"
    table.write_text("format = 1\n", encoding="utf-8")
    assert_clean_error(
        runner.invoke(main, ["check", str(EXAMPLE), "--table", str(table)]), "t.toml"
    )


# ------------------------------------------------------ survey text on the terminal

#: An escape sequence that hides every later line, and one that sets the window title.
HIDE = "\x1b[8m"
TITLE = "\x1b]0;pwned\x07"


def test_issue_8_hidden_text_in_the_name_is_refused_and_shown(tmp_path, assert_clean_error):
    data = example_data()
    data["customer"]["name"] = f"Wang{HIDE}Li"
    # color=True: click would otherwise strip CSI sequences itself (not OSC, not on a tty)
    result = CliRunner().invoke(main, ["check", write_json(tmp_path / "s.json", data)], color=True)
    assert_clean_error(result, "customer.name")
    assert "U+001B" in result.stderr and "Wang\\x1b[8mLi" in result.stderr
    assert "\x1b" not in result.stderr


@pytest.mark.parametrize("where", ["key", "file name"])
def test_escape_sequences_in_errors_are_shown_not_obeyed(tmp_path, where):
    data = example_data()
    name = "s.json"
    if where == "key":
        data["customer"][f"na{TITLE}me"] = "x"
    else:
        data["customer"]["phone"] = 13800138000  # any error naming the file
        name = f"s{TITLE}.json"
    result = CliRunner().invoke(main, ["check", write_json(tmp_path / name, data)], color=True)
    assert result.exit_code == 2 and result.stderr.startswith("Error: ")
    assert "\\x1b]0;pwned\\x07" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


def test_verdict_text_is_escaped_even_if_the_record_holds_controls(tmp_path, monkeypatch):
    # defence in depth: were a control character to reach the record, check still
    # prints it as an escape, and every line after it stays visible
    import dataclasses

    import sitesurvey.survey as survey_module

    real = survey_module.load_survey

    def load(path):
        record = real(path)
        customer = dataclasses.replace(record.customer, name=f"Wang{HIDE}{TITLE}\x9bLi")
        return dataclasses.replace(record, customer=customer)

    monkeypatch.setattr(survey_module, "load_survey", load)
    result = CliRunner().invoke(main, ["check", str(EXAMPLE)], color=True)
    assert result.exit_code in (0, 1), result.stderr
    assert "Wang\\x1b[8m\\x1b]0;pwned\\x07\\x9bLi" in result.stdout
    assert not any(c in result.stdout for c in "\x1b\x07\x9b")
    assert "Verdict:" in result.stdout


def test_check_starts_light(tmp_path):
    """``check`` on a good survey loads no pint, numpy, WeasyPrint nor difflib (used only
    for an unknown key), nor pathlib (with urllib.parse and ipaddress: a survey without
    images names no path to make), and once the dataclass code is cached compiles none
    of it, nor compiles the template's patterns (only ``init`` needs them); the named
    tuples' ``__new__`` and the reading's regular expressions come from the same cache
    (a pattern or a ``__new__`` compiled would mark its module dirty); English text
    never opens the Chinese catalog."""
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from sitesurvey import _dataclasses\n"
        "from sitesurvey.cli import main\n"
        "try:\n"
        f"    main(['check', {str(EXAMPLE)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = {'pint', 'numpy', 'weasyprint', 'difflib', 'jinja2'} & set(sys.modules)\n"
        "lazy = {'pathlib', 'urllib.parse', 'ipaddress'} & set(sys.modules)\n"
        "from sitesurvey.survey import template\n"
        "if template._line_patterns.cache_info().currsize:\n"
        "    lazy.add('template patterns')\n"
        "from sitesurvey import i18n\n"
        "if i18n._catalog is not None:\n"
        "    lazy.add('Chinese catalog')\n"
        "used = [k for codes in _dataclasses._used.values() for k in codes]\n"
        "cached = {k.split('\\0')[0] for k in used if '\\0' in k}\n"
        "print(sorted(heavy), bool(_dataclasses._dirty), sorted(lazy), sorted(cached))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}

    def last_line() -> str:
        proc = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        return proc.stdout.strip().splitlines()[-1]

    # the first run compiles and fills the caches (writing them may make a Path)
    assert last_line().startswith("[] True ")
    assert last_line() == "[] False [] ['eval', 're']"


@pytest.mark.parametrize(
    ("lang", "pending", "none_needed", "not_agreed"),
    [
        ("zh", "待现场测量完成后才能确定是否需要改动。", "无须整改。", "未约定"),
        (
            "en",
            "Changes needing your consent are known once the site is measured.",
            "No modifications required.",
            "not agreed yet",
        ),
    ],
)
def test_a_blank_survey_is_not_said_to_need_no_change(
    runner, tmp_path, lang, pending, none_needed, not_agreed
):
    blank = tmp_path / "blank.toml"
    assert runner.invoke(main, ["init", str(blank)]).exit_code == 0
    result = runner.invoke(main, ["check", str(blank), "--lang", lang])
    assert result.exit_code == 1
    assert pending in result.stdout and none_needed not in result.stdout
    assert not_agreed in result.stdout.splitlines()[0]
