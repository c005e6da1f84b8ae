"""A WeasyPrint process started ahead: the sheet's import overlaps the survey's work.

``sitesurvey sheet`` spends some 0.4 s importing WeasyPrint (cffi, Pango, its
stylesheets) and 0.1-0.2 s reading and checking the survey and writing the sheet's
HTML; one waited for the other. :func:`rendering_ahead` forks the process at the start
of the command: the child imports WeasyPrint and parses the stylesheet while the
parent reads the survey, checks it and renders the HTML, exactly as before; then the
parent hands the HTML to the child (:func:`sitesurvey.sheet.render.render_pdf` does so
while one is active) and gets the PDF's bytes back. On two cores the sheet comes
0.1-0.2 s sooner (issue 15); nothing else changes:

* the survey is read, checked and refused in the parent, with the same messages, and
  a refused survey stops the child at once;
* the child's refusal to render (no Pango, a URL refused) comes back as the same
  :class:`~sitesurvey.sheet.render.SheetError`; anything else (the child killed, a
  bug) makes the parent render the sheet itself, as it did before;
* the bytes are the same: the same code renders the same HTML;
* the child writes nothing but its answer on a pipe, ignores Ctrl-C (the parent stops
  it), removes its temporary font folder and ends with :func:`os._exit`.

Only where it helps and is safe: a POSIX system, a process with no other thread, and
WeasyPrint not imported yet (a library or a server that has already imported it
renders in-process, warm, as before).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Iterator
from typing import Any

__all__ = ["RenderAhead", "active", "rendering_ahead"]

#: The render process of the command running now (one at a time).
_ACTIVE: list[RenderAhead] = []


def active() -> RenderAhead | None:
    """The render process started ahead for this command, if any."""
    return _ACTIVE[-1] if _ACTIVE else None


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _child(jobs: int, answers: int) -> None:
    """The render process: get ready, wait for one job, answer it, clean up."""
    from sitesurvey.sheet import render

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        refused = None
        try:
            render._require_weasyprint()
            render._style(cut=True)  # the stylesheet with the cut of the font: the usual case
        except render.SheetError as exc:
            refused = str(exc)
        job = _read_all(jobs)
        if not job:  # the parent stopped before asking
            return
        html, payload, digest, date = pickle.loads(job)
        if refused is not None:
            answer = ("refused", refused)
        else:
            try:
                answer = ("pdf", render._pdf_from_html(html, payload, digest, date))
            except render.SheetError as exc:
                answer = ("refused", str(exc))
        _write_all(answers, pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        render._forget_styles()  # the temporary font folder too


class RenderAhead:
    """One forked render process, asked once (:meth:`render`), then ended (:meth:`close`)."""

    def __init__(self) -> None:
        if "weasyprint.text.ffi" in sys.modules:
            # the child would share this process's font folder (and remove it)
            raise RuntimeError("RenderAhead: WeasyPrint is imported already; render here")
        jobs_r, self._jobs = os.pipe()
        self._answers, answers_w = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            code = 0
            try:
                os.close(self._jobs)
                os.close(self._answers)
                _child(jobs_r, answers_w)
            except BaseException:
                code = 70  # the parent renders itself
            finally:
                os._exit(code)
        self.pid = pid
        self.asked = self.answered = False
        os.close(jobs_r)
        os.close(answers_w)

    def render(self, html: str, payload: bytes, digest: str, date: Any) -> bytes | None:
        """The PDF of ``html`` (:func:`sitesurvey.sheet.render._pdf_from_html`'s
        arguments), or ``None`` when the render process failed: render in-process then.

        Raises
        ------
        SheetError
            The render process refused, with the message an in-process render gives.
        """
        from sitesurvey.sheet.render import SheetError

        if self.asked:
            return None
        self.asked = True
        try:
            _write_all(self._jobs, pickle.dumps((html, payload, digest, date)))
            os.close(self._jobs)
            self._jobs = -1
            answer = _read_all(self._answers)
            self.answered = True
        except OSError:  # the process has gone (killed): render in-process
            return None
        finally:
            self.close()
        try:
            status, value = pickle.loads(answer)
        except Exception:  # cut short: the process died while answering
            return None
        if status == "refused":
            raise SheetError(value)
        return value

    def close(self) -> None:
        """Stop the render process (at once unless it has answered) and reap it."""
        for fd in (self._jobs, self._answers):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._jobs = self._answers = -1
        if self.pid:
            if not self.answered:
                with contextlib.suppress(OSError):
                    os.kill(self.pid, signal.SIGTERM)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = 0


def _worth_it() -> bool:
    return (
        hasattr(os, "fork")
        and "weasyprint.text.ffi" not in sys.modules
        and threading.active_count() == 1
        and (os.cpu_count() or 1) > 1
    )


@contextlib.contextmanager
def rendering_ahead(enabled: bool = True) -> Iterator[RenderAhead | None]:
    """Start a render process for the sheet this block will render, where it helps.

    Inside the block :func:`sitesurvey.sheet.render.render_pdf` hands its HTML to the
    process; at its end the process is stopped, whatever happened.

    Parameters
    ----------
    enabled : bool
        ``False`` (an HTML sheet, say) starts nothing.
    """
    ahead = RenderAhead() if enabled and _worth_it() else None
    if ahead is not None:
        _ACTIVE.append(ahead)
    try:
        yield ahead
    finally:
        if ahead is not None:
            _ACTIVE.remove(ahead)
            ahead.close()
