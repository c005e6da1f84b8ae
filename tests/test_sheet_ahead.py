"""The render process ``sitesurvey sheet`` starts ahead (sitesurvey.sheet.ahead): the
same PDF, the same refusals, a failed process made good in-process, and nothing left
behind. Each case runs in a new process, as the command does (WeasyPrint not imported)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest

from sitesurvey.sheet import render
from sitesurvey.survey import load_survey

EXAMPLE = render._assets() / "survey-example.toml"

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX fork")

_PRELUDE = f"""
import os, signal, sys, hashlib
from sitesurvey.sheet import render
from sitesurvey.sheet.ahead import rendering_ahead
from sitesurvey.survey import load_survey
survey = load_survey({str(EXAMPLE)!r})
"""


def _run(code: str, tmp_path) -> list[str]:
    """Run ``code`` after the prelude in a new Python; its lines of output."""
    temp = tmp_path / "temp"
    temp.mkdir(exist_ok=True)
    proc = subprocess.run(
        [sys.executable, "-c", _PRELUDE + code],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "TMPDIR": str(temp)},
    )
    assert proc.returncode == 0, proc.stderr
    # no font folder left by either process (Jinja's bytecode cache is meant to stay)
    assert [p.name for p in temp.iterdir() if not p.name.startswith("_jinja2")] == []
    return proc.stdout.split()


@pytest.fixture(scope="module")
def in_process_sha() -> str:
    return hashlib.sha256(render.render_pdf(load_survey(EXAMPLE))).hexdigest()


@pytest.mark.slow  # renders a PDF
def test_the_process_ahead_renders_the_same_bytes(tmp_path, in_process_sha):
    out = _run(
        """
with rendering_ahead() as ahead:
    print(ahead is not None and ahead.pid > 0)
    pdf = render.render_pdf(survey)
print("weasyprint.text.ffi" in sys.modules, hashlib.sha256(pdf).hexdigest())
""",
        tmp_path,
    )
    assert out == ["True", "False", in_process_sha]  # rendered by the child, not here


@pytest.mark.slow  # renders a PDF
def test_a_killed_render_process_is_made_good_here(tmp_path, in_process_sha):
    out = _run(
        """
with rendering_ahead() as ahead:
    os.kill(ahead.pid, signal.SIGKILL)
    pdf = render.render_pdf(survey)
print("weasyprint.text.ffi" in sys.modules, hashlib.sha256(pdf).hexdigest())
""",
        tmp_path,
    )
    assert out == ["True", in_process_sha]


def test_the_render_process_refusal_comes_back_as_the_same_error(tmp_path):
    out = _run(
        """
html = render.render_html(survey).replace("</body>", '<img src="file:///etc/passwd"/></body>')
with rendering_ahead() as ahead:
    try:
        ahead.render(html, b"{}", "0" * 64, survey.job.date)
    except render.SheetError as exc:
        print(type(exc).__name__, "refused" in str(exc))
""",
        tmp_path,
    )
    assert out == ["SheetError", "True"]


def test_a_refused_survey_stops_the_render_process_at_once(tmp_path):
    out = _run(
        """
try:
    with rendering_ahead() as ahead:
        pid = ahead.pid
        raise ValueError("the survey is refused")
except ValueError:
    pass
try:
    os.kill(pid, 0)
except ProcessLookupError:
    print("reaped")
""",
        tmp_path,
    )
    assert out == ["reaped"]


def test_nothing_is_started_where_it_cannot_help(tmp_path):
    out = _run(
        """
with rendering_ahead(enabled=False) as ahead:
    print(ahead is None)
import weasyprint.text.ffi
with rendering_ahead() as ahead:
    print(ahead is None)
""",
        tmp_path,
    )
    assert out == ["True", "True"]


_FORK_PROBE = """
import atexit, os
_forks = []
_fork = os.fork
def _counting_fork():
    pid = _fork()
    if pid:
        _forks.append(pid)
    return pid
os.fork = _counting_fork
atexit.register(lambda: os.write(2, f"forks: {len(_forks)}\\n".encode()))
"""


@pytest.mark.slow  # renders a PDF
@pytest.mark.parametrize(("extra", "forks"), [([], 1), (["--html"], 0)])
def test_sitesurvey_sheet_renders_its_pdf_ahead(tmp_path, extra, forks):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(_FORK_PROBE, encoding="utf-8")
    script = os.path.join(os.path.dirname(sys.executable), "sitesurvey")
    cmd = [script] if os.path.exists(script) else [sys.executable, "-m", "sitesurvey"]
    out = tmp_path / "sheet"
    proc = subprocess.run(
        [*cmd, "sheet", str(EXAMPLE), "-o", str(out), *extra],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONPATH": str(site)},
    )
    assert proc.returncode == 0, proc.stderr
    assert f"forks: {forks}" in proc.stderr
    if not extra:
        assert out.read_bytes() == render.render_pdf(load_survey(EXAMPLE))
