"""``sitesurvey verify`` (cli/verify.py): errors and exit codes of the command."""

from __future__ import annotations


def test_verify_error_shows_the_file_name_escaped(tmp_path):
    from click.testing import CliRunner

    from sitesurvey.cli import main

    path = tmp_path / "s\x1b]0;pwned\x07.pdf"
    path.write_bytes(b"not a pdf")
    result = CliRunner().invoke(main, ["verify", str(path)], color=True)
    assert result.exit_code == 2
    assert "\\x1b]0;pwned\\x07" in result.stderr and "\x1b" not in result.stderr
