"""Where the server renders sheets: warm, one render per core, never on a cold thread.

A sheet render is some 0.5-1 s of CPU-bound Python (WeasyPrint's layout), so two renders
in two threads of one process share one core under the GIL and both end later. And
WeasyPrint's font configuration and the parsed stylesheet are kept per thread
(:func:`sitesurvey.sheet.render._style`): a render on a thread that has not rendered yet
sets them up again. Two ways, one interface (:class:`ThreadRenderer`,
:class:`ProcessRenderer`):

* :class:`ProcessRenderer` (``sitesurvey serve``, ``--render-processes N``, by default
  one per CPU): N processes of their own, started with the server, each of which imports
  WeasyPrint and renders the shipped example in both languages before its first sheet
  (:func:`warm_up`). Two users asking for a sheet at once get one core each, whichever
  server worker took their request.
* :class:`ThreadRenderer` (``--render-processes 0``, and the tests): one render thread in
  the server's process, warmed the same way, renders one sheet at a time.

Either way the survey is parsed and validated by the server before it is sent here, and
an error of the render comes back as a :class:`RenderError` with the same message and
problems as the library's own error.
"""

from __future__ import annotations

import concurrent.futures as cf
import threading
from typing import Any

from sitesurvey.errors import SiteSurveyError

__all__ = [
    "ProcessRenderer",
    "RenderError",
    "Renderer",
    "RendererStoppedError",
    "ThreadRenderer",
    "warm_up",
]


class RenderError(SiteSurveyError):
    """The library refused to render a sheet (its message and ``problems`` kept)."""

    def __init__(self, message: str, problems: list[str] | tuple[str, ...] = ()):
        super().__init__(message)
        self.problems = list(problems)


class RendererStoppedError(RuntimeError):
    """A render process died (killed, out of memory); the next render starts afresh."""


def warm_up() -> None:
    """Make this process (and this thread) ready to render: import WeasyPrint, load the
    fonts and the stylesheet, and render the shipped example once (the PDF in Chinese,
    the HTML in English: the English words need their own template environment only).

    Nothing is kept of the example's sheets; a failure here (no Pango, say) is left for
    the first real render to report with its own message.
    """
    from sitesurvey._files import data_dir
    from sitesurvey.sheet.render import render_html, render_pdf
    from sitesurvey.survey import load_survey

    try:
        survey = load_survey(data_dir("templates") / "survey-example.toml")
        render_pdf(survey, lang="zh")
        render_html(survey, lang="en")
    except Exception:  # a warm-up never fails the server; the render will say
        return


def _ready() -> None:
    """Nothing: submitted to start a render process or thread (its initializer warms it)."""


def _render(survey: Any, lang: str, customer_only: bool) -> tuple[str, Any, list[str]]:
    """Render in a render process or thread: ``("pdf", bytes, [])`` or, when the library
    refuses, ``("error", message, problems)`` (plain values: they cross processes)."""
    from sitesurvey.sheet.render import render_pdf

    try:
        return "pdf", render_pdf(survey, lang=lang, customer_only=customer_only), []
    except SiteSurveyError as exc:
        return "error", str(exc), list(getattr(exc, "problems", ()) or ())


class Renderer:
    """Renders sheets on an executor; :meth:`start` starts it, :meth:`close` stops it.

    Parameters
    ----------
    warm : bool
        Warm each render process or thread when it starts (:func:`warm_up`, about a
        second of CPU each): what a server wants, not a test.
    """

    def __init__(self, *, warm: bool = True) -> None:
        self.warm = warm
        self._lock = threading.Lock()
        self._executor: cf.Executor | None = None

    def _new_executor(self) -> cf.Executor:  # pragma: no cover - overridden
        raise NotImplementedError

    @property
    def workers(self) -> int:
        """How many sheets render at once."""
        return 1

    def _get(self) -> cf.Executor:
        with self._lock:
            if self._executor is None:
                self._executor = self._new_executor()
            return self._executor

    def start(self) -> None:
        """Start every render process or thread now (each warmed, when ``warm``, in the
        background): the first customer does not wait for WeasyPrint's import."""
        executor = self._get()
        for _ in range(self.workers):
            executor.submit(_ready)

    def render(self, survey: Any, lang: str, customer_only: bool) -> bytes:
        """The sheet's PDF (:func:`sitesurvey.sheet.render.render_pdf`), waiting for a
        free render process or thread.

        Raises
        ------
        RenderError
            The library refused the survey (its message and problems).
        """
        try:
            status, value, problems = (
                self._get().submit(_render, survey, lang, customer_only).result()
            )
        except cf.BrokenExecutor:
            self.close()  # the next render starts a new process
            raise RendererStoppedError("a sheet render process stopped; ask again") from None
        if status == "error":
            raise RenderError(value, problems)
        return value

    def close(self) -> None:
        """Stop the render processes or thread: queued renders are cancelled, a render
        under way is finished (a second or so), and every process has ended on return.

        Waiting matters: at the interpreter's exit, :mod:`multiprocessing` joins every
        child process after the queue's feeder thread has stopped, so a render process
        that had not been told to stop would be waited for forever.
        """
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


class ThreadRenderer(Renderer):
    """One render thread in this process (renders one after the other, warm)."""

    def _new_executor(self) -> cf.Executor:
        return cf.ThreadPoolExecutor(
            max_workers=1,
            thread_name_prefix="sheet-render",
            initializer=warm_up if self.warm else None,
        )


class ProcessRenderer(Renderer):
    """``processes`` render processes of their own, each warmed when it starts.

    Parameters
    ----------
    processes : int
        How many sheets render at once (one per core is the most that helps).
    warm : bool
        Warm each process when it starts (:func:`warm_up`).
    """

    def __init__(self, processes: int, *, warm: bool = True):
        super().__init__(warm=warm)
        if processes < 1:
            raise ValueError(f"processes: expected at least 1, got {processes}")
        self.processes = processes

    @property
    def workers(self) -> int:
        return self.processes

    def _new_executor(self) -> cf.Executor:
        import multiprocessing

        # spawn: a fresh interpreter, nothing of the server's threads or sockets
        return cf.ProcessPoolExecutor(
            max_workers=self.processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=warm_up if self.warm else None,
        )
