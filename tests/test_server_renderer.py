"""Where the server renders sheets: a warm thread or warm processes of their own."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from sitesurvey.server import renderer as renderer_module
from sitesurvey.server.renderer import (
    ProcessRenderer,
    RenderError,
    RendererStoppedError,
    ThreadRenderer,
)
from sitesurvey.sheet.render import SheetError, render_pdf
from sitesurvey.sizing.table import data_dir
from sitesurvey.survey import load_survey


@pytest.fixture(scope="module")
def survey():
    return load_survey(data_dir("templates") / "survey-example.toml")


def _library_error(survey) -> SheetError:
    with pytest.raises(SheetError) as info:
        render_pdf(survey, lang="fr")
    return info.value


def test_the_render_thread_gives_the_librarys_bytes_and_its_error(survey):
    renderer = ThreadRenderer(warm=False)
    try:
        assert renderer.render(survey, "en", True) == render_pdf(
            survey, lang="en", customer_only=True
        )
        with pytest.raises(RenderError) as info:
            renderer.render(survey, "fr", False)
        assert str(info.value) == str(_library_error(survey))
        assert isinstance(info.value, SheetError.__mro__[1])  # a SiteSurveyError: a 400
    finally:
        renderer.close()


def test_renders_run_on_one_thread_which_its_warm_up_prepared(survey, monkeypatch):
    warmed: list[int] = []
    monkeypatch.setattr(renderer_module, "warm_up", lambda: warmed.append(threading.get_ident()))
    seen: list[int] = []

    def fake(survey, *, lang, customer_only):
        seen.append(threading.get_ident())
        return b"%PDF"

    from sitesurvey.sheet import render

    monkeypatch.setattr(render, "render_pdf", fake)
    renderer = ThreadRenderer(warm=True)
    try:
        renderer.start()
        workers = [
            threading.Thread(target=renderer.render, args=(survey, "zh", False)) for _ in range(4)
        ]
        for t in workers:
            t.start()
        for t in workers:
            t.join()
    finally:
        renderer.close()
    assert len(warmed) == 1 and set(seen) == set(warmed)


def test_warm_up_renders_the_example_and_never_raises(monkeypatch):
    from sitesurvey.sheet import render

    done: list[str] = []

    def fake_pdf(survey, *, lang):
        done.append(f"pdf {lang}")
        return b"%PDF"

    def fake_html(survey, *, lang):
        done.append(f"html {lang}")
        raise OSError("no such thing")

    monkeypatch.setattr(render, "render_pdf", fake_pdf)
    monkeypatch.setattr(render, "render_html", fake_html)
    assert renderer_module.warm_up() is None
    assert done == ["pdf zh", "html en"]


def test_render_processes_give_the_same_bytes_and_errors_and_survive_a_killed_process(survey):
    renderer = ProcessRenderer(1, warm=False)
    try:
        assert renderer.render(survey, "zh", False) == render_pdf(survey, lang="zh")
        with pytest.raises(RenderError) as info:
            renderer.render(survey, "fr", False)
        assert str(info.value) == str(_library_error(survey))
        (pid,) = renderer._get()._processes  # the one render process
        os.kill(pid, signal.SIGKILL)
        with pytest.raises(RendererStoppedError):
            renderer.render(survey, "en", True)
        assert renderer.render(survey, "en", True) == render_pdf(
            survey, lang="en", customer_only=True
        )
        (pid,) = renderer._get()._processes  # the new render process
    finally:
        renderer.close()
    with pytest.raises(ProcessLookupError):  # ended and reaped: nothing left to wait for
        os.kill(pid, 0)


def test_render_processes_refuse_a_count_below_one():
    with pytest.raises(ValueError, match="at least 1"):
        ProcessRenderer(0)
