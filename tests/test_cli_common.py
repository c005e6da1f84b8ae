"""Shared pieces of the command line (cli/_common.py): text and JSON on the terminal."""

from __future__ import annotations

import json

import pytest


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


def test_a_refused_option_value_is_one_paragraph_without_the_usage_block(run):
    """Found by a newcomer: click printed Usage, Try, a blank line and then the error,
    naming the field twice; the library's message is the whole error."""
    result = run("size", "--power", "5,5 kW")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: power: expected a power")
    assert "Usage:" not in result.stderr and "Invalid value for" not in result.stderr
    assert result.stderr.count("\n") == 1
