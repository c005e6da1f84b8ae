"""The README's examples and commands stay true."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _python_blocks(text: str) -> str:
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    return "\n".join(b for b in blocks if ">>>" in b)


def test_readme_library_examples_run():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    examples = _python_blocks(text)
    assert ">>>" in examples
    test = doctest.DocTestParser().get_doctest(examples, {}, "README", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in readme and "<!-- main-command -->" in readme
    assert "<!-- test-command -->" in ci
    block = readme.split("<!-- test-command -->", 1)[1].split("```", 2)[1]
    assert "pytest" in block and 'pip install ".[test]"' in block


def test_readme_library_script_runs(tmp_path, monkeypatch):
    """The README's plain Python example (checks and sheet) runs as written."""
    from click.testing import CliRunner

    from sitesurvey.cli import main

    text = (REPO / "README.md").read_text(encoding="utf-8")
    scripts = [b for b in re.findall(r"```python\n(.*?)```", text, flags=re.S) if ">>>" not in b]
    assert scripts
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["init", "survey.toml"]).exit_code == 0
    for script in scripts:
        exec(compile(script, "README.md", "exec"), {})
    assert (tmp_path / "sheet.pdf").read_bytes().startswith(b"%PDF")
