"""Modules WeasyPrint imports but a sheet does not use, imported on first use (issue 15)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap

import pytest

from sitesurvey.sheet import render
from sitesurvey.sheet.deferred import DeferredModule, deferred
from sitesurvey.survey import load_survey

EXAMPLE = render._assets() / "survey-example.toml"


@pytest.fixture
def slow_module(tmp_path, monkeypatch):
    """A module ``ss_slowmod`` that counts its executions in ``ss_slowmod_runs``."""
    (tmp_path / "ss_slowmod_runs.py").write_text("runs = []\n", encoding="utf-8")
    (tmp_path / "ss_slowmod.py").write_text(
        textwrap.dedent(
            """
            import ss_slowmod_runs
            ss_slowmod_runs.runs.append(1)
            VALUE = 42
            def double(x):
                return 2 * x
            """
        ),
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    import ss_slowmod_runs

    yield ss_slowmod_runs.runs
    for name in ("ss_slowmod", "ss_slowmod_runs"):
        sys.modules.pop(name, None)


def test_a_deferred_module_runs_only_when_used(slow_module):
    with deferred({"ss_slowmod": ("double",)}):
        import ss_slowmod
        from ss_slowmod import double

        assert not hasattr(ss_slowmod, "__path__")  # the import system's question
    assert "ss_slowmod" not in sys.modules  # a later import gets the real module
    assert isinstance(ss_slowmod, DeferredModule) and slow_module == []
    assert double(21) == 42 and slow_module == [1]  # imported on the first call
    assert ss_slowmod.VALUE == 42 and slow_module == [1]  # once
    import ss_slowmod as real

    assert not isinstance(real, DeferredModule) and real.double is not double


def test_an_imported_or_missing_module_is_not_stood_in_for(slow_module):
    import ss_slowmod

    with deferred({"ss_slowmod": (), "ss_no_such_package.mod": ()}):
        assert sys.modules["ss_slowmod"] is ss_slowmod
        assert "ss_no_such_package.mod" not in sys.modules
        with pytest.raises(ImportError):
            import ss_no_such_package.mod  # noqa: F401


_SHEET = f"""
import hashlib, sys
from sitesurvey.sheet import render
from sitesurvey.survey import load_survey
pdf = render.render_pdf(load_survey({str(EXAMPLE)!r}))
import weasyprint.text.ffi as ffi
loaded = [m for m in ("fontTools.subset", "fontTools.varLib") if m in sys.modules]
print(ffi.harfbuzz_subset is not None, loaded or "none", hashlib.sha256(pdf).hexdigest())
import weasyprint.pdf.fonts as fonts
from fontTools import subset
print(fonts.subset.Subsetter is subset.Subsetter, callable(fonts.instantiateVariableFont))
"""


@pytest.mark.slow  # renders a PDF in a new process
def test_a_sheet_never_imports_fonttools_subsetter_or_instancer():
    """With HarfBuzz subsetting the font, a whole render runs without them (some
    0.1-0.2 s of WeasyPrint's import); the bytes are those of a render that had them,
    and WeasyPrint's references reach the real modules afterwards."""
    out = subprocess.run(
        [sys.executable, "-c", _SHEET], capture_output=True, text=True, timeout=120, check=True
    ).stdout.split()
    expected = hashlib.sha256(render.render_pdf(load_survey(EXAMPLE))).hexdigest()
    assert out == ["True", "none", expected, "True", "True"]
