"""Rendering the design sheet: HTML (Jinja2) and PDF/A-3b (WeasyPrint), written atomically.

:func:`render_html` builds the bilingual sheet from a survey and its check results;
:func:`render_pdf` turns it into a PDF/A-3b that carries the survey and every result as
an embedded canonical-JSON attachment whose SHA-256 is printed on every page (see
:mod:`sitesurvey.sheet.integrity`); :func:`write_sheet` writes either atomically.

Security: the Jinja environment autoescapes every value (``autoescape=True``
explicitly: ``select_autoescape`` does not cover ``.j2`` files) and refuses undefined
names; WeasyPrint fetches through :class:`AssetsOnlyFetcher`, which serves only files
below the package's ``templates/`` and ``data:image/png`` URIs and fails the render on
anything else, so a survey field can never make the PDF embed a local file.

Determinism: the same survey renders to the same bytes — every date in the PDF comes
from the survey (its date), never from the clock.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import datetime as dt
import gc
import logging
import mimetypes
import os
import re
import threading
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from sitesurvey._files import STDOUT, check_writable, write_atomic
from sitesurvey.errors import InputError, SiteSurveyError, SurveyFileError

__all__ = [
    "LANGS",
    "MAX_SIGNATURE_PIXELS",
    "MAX_SIGNATURE_SIDE",
    "PDF_PACKAGES",
    "SheetError",
    "SignatureError",
    "render_html",
    "render_pdf",
    "signature_data",
    "write_sheet",
]

#: Largest signature image accepted [pixels a side, and pixels in all]: a tablet
#: signature is about 1000 × 400; the cap bounds the memory a full decode needs.
MAX_SIGNATURE_SIDE = 4000
MAX_SIGNATURE_PIXELS = 16_000_000
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
LANGS = ("zh", "en")


class SheetError(SiteSurveyError):
    """The sheet cannot be rendered (refused content, blocked URL, bad option)."""


class SignatureError(InputError, SheetError):
    """The signature image cannot be put on the sheet (an :class:`InputError` naming
    ``signature.image``, and a :class:`SheetError`)."""


# ------------------------------------------------------------------- fetcher


#: What to install for the PDF (Debian/Ubuntu package names).
PDF_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"


#: The libraries WeasyPrint loads when it is imported: the Linux soname, whether
#: WeasyPrint can do without it, and every name it asks cffi for, in its order
#: (weasyprint/text/ffi.py, WeasyPrint 68-70); cffi passes each name it cannot open
#: to :func:`ctypes.util.find_library`.
_LIBRARIES: tuple[tuple[str, bool, tuple[str, ...]], ...] = (
    (
        "libgobject-2.0.so.0",
        False,
        (
            "libgobject-2.0-0",
            "gobject-2.0-0",
            "gobject-2.0",
            "libgobject-2.0.so.0",
            "libgobject-2.0.0.dylib",
            "libgobject-2.0-0.dll",
        ),
    ),
    (
        "libpango-1.0.so.0",
        False,
        (
            "libpango-1.0-0",
            "pango-1.0-0",
            "pango-1.0",
            "libpango-1.0.so.0",
            "libpango-1.0.dylib",
            "libpango-1.0-0.dll",
        ),
    ),
    (
        "libharfbuzz.so.0",
        False,
        (
            "libharfbuzz-0",
            "harfbuzz",
            "harfbuzz-0.0",
            "libharfbuzz.so.0",
            "libharfbuzz.0.dylib",
            "libharfbuzz-0.dll",
        ),
    ),
    (
        "libharfbuzz-subset.so.0",
        True,
        (
            "libharfbuzz-subset-0",
            "harfbuzz-subset",
            "harfbuzz-subset-0.0",
            "libharfbuzz-subset.so.0",
            "libharfbuzz-subset.0.dylib",
            "libharfbuzz-subset-0.dll",
        ),
    ),
    (
        "libharfbuzz-vector.so.0",
        True,
        (
            "libharfbuzz-vector-0",
            "harfbuzz-vector",
            "harfbuzz-vector-0.0",
            "libharfbuzz-vector.so.0",
            "libharfbuzz-vector.0.dylib",
            "libharfbuzz-vector-0.dll",
        ),
    ),
    (
        "libfontconfig.so.1",
        False,
        (
            "libfontconfig-1",
            "fontconfig-1",
            "fontconfig",
            "libfontconfig.so.1",
            "libfontconfig.1.dylib",
            "libfontconfig-1.dll",
        ),
    ),
    (
        "libpangoft2-1.0.so.0",
        False,
        (
            "libpangoft2-1.0-0",
            "pangoft2-1.0-0",
            "pangoft2-1.0",
            "libpangoft2-1.0.so.0",
            "libpangoft2-1.0.dylib",
            "libpangoft2-1.0-0.dll",
        ),
    ),
)

#: each of those names -> (soname, optional)
_SONAMES: dict[str, tuple[str, bool]] = {
    name: (soname, optional) for soname, optional, names in _LIBRARIES for name in names
}


@contextlib.contextmanager
def _libraries_by_soname():
    """While WeasyPrint is imported, find its libraries by their Linux sonames first.

    WeasyPrint asks cffi for each library by several names (``libpango-1.0-0``,
    ``pango-1.0-0``, ``pango-1.0`` …); cffi passes a name it cannot open to
    :func:`ctypes.util.find_library`, which on Linux starts ``ldconfig``, ``gcc`` and
    ``ld`` for every name: some 50 processes, 0.2-0.6 s of the import. Here
    ``find_library`` answers those names with the soname when the dynamic loader can
    open it (the same search the loader does for the soname anyway). A required library
    the loader cannot open by its soname is searched for as before (and, when missing,
    gives WeasyPrint's own error); an optional one (HarfBuzz subset and vector) is
    reported missing at once. Other names go to the original function; it is restored
    when the import is over. Linux only: elsewhere nothing changes.
    """
    import ctypes
    import ctypes.util
    import sys

    original = ctypes.util.find_library
    if not sys.platform.startswith("linux"):
        yield
        return
    opened: dict[str, bool] = {}

    def find_library(name: str) -> str | None:
        known = _SONAMES.get(name)
        if known is None:
            return original(name)
        soname, optional = known
        if soname not in opened:
            try:
                ctypes.CDLL(soname)
            except OSError:
                opened[soname] = False
            else:
                opened[soname] = True
        if opened[soname]:
            return soname
        return None if optional else original(name)

    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = original


#: What WeasyPrint imports at its import but uses only for a variable font or without
#: libharfbuzz-subset (sitesurvey.sheet.deferred): module -> functions taken by name.
_DEFERRED_MODULES = {
    "fontTools.subset": (),
    "fontTools.varLib.instancer": ("instantiateVariableFont",),
}


def _require_weasyprint() -> None:
    """Import WeasyPrint, or say which system libraries the PDF needs.

    WeasyPrint loads Pango and HarfBuzz with cffi when it is imported (here by their
    sonames first: :func:`_libraries_by_soname`; fontTools' subsetter and instancer
    are imported when first used: :mod:`sitesurvey.sheet.deferred`); without them the
    import raises :class:`OSError` (after printing a notice on standard output, which
    would corrupt a sheet written to standard output: it is discarded here).

    Raises
    ------
    SheetError
        The libraries cannot be loaded; the message names the packages and the
        ``--html`` way out.
    """
    import io
    import sys

    if "weasyprint.text.ffi" in sys.modules:
        return
    from sitesurvey.sheet.deferred import deferred

    try:
        with (
            contextlib.redirect_stdout(io.StringIO()),
            _libraries_by_soname(),
            deferred(_DEFERRED_MODULES),
        ):
            import weasyprint.text.ffi  # noqa: F401
    except OSError as exc:
        reason = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else "OSError"
        raise SheetError(
            "cannot make the PDF: WeasyPrint cannot load the Pango/HarfBuzz libraries "
            f"({reason}). Install them (Debian/Ubuntu: sudo apt install {PDF_PACKAGES}), "
            "or write the sheet as HTML with --html, which needs no system library."
        ) from None


def _assets() -> Path:
    from sitesurvey._files import data_dir

    return data_dir("templates").resolve()


def _fetcher_class():
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class BlockedURLError(FatalURLFetchingError):
        """A URL outside the package's assets (a BaseException: it passes WeasyPrint's
        ``except Exception`` blocks)."""

    class AssetsOnlyFetcher(URLFetcher):
        """Serve regular files below ``root`` and ``data:image/png`` URIs; refuse the rest.

        Use a new instance for every render: it records what it fetched and refused.
        """

        def __init__(self, root: Path):
            super().__init__(
                fail_on_errors=True, allow_redirects=False, allowed_protocols={"file", "data"}
            )
            self.root = Path(root).resolve()
            self.fetched: list[str] = []
            self.blocked: list[str] = []

        def _refuse(self, url: str, why: str):
            self.blocked.append(url[:200])
            raise BlockedURLError(f"{why}: {url[:80]}")

        def fetch(self, url: str, headers: Any = None):
            self.fetched.append(url[:60])
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme == "data":
                if not url[5:].lower().startswith("image/png;base64,"):
                    self._refuse(url, "only data:image/png URIs are allowed")
                return super().fetch(url, headers)
            if scheme != "file" or parts.netloc not in ("", "localhost"):
                self._refuse(url, "scheme or host not allowed")
            path = Path(url2pathname(parts.path)).resolve()
            if not path.is_relative_to(self.root) or not path.is_file():
                self._refuse(url, "outside the sheet's asset directory")
            ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                path.as_uri(), path.read_bytes(), headers={"Content-Type": ctype}
            )

    return AssetsOnlyFetcher, BlockedURLError


def signature_data(survey: Any, point: str = "final") -> dict[str, Any] | None:
    """A captured signature point ready for the sheet, its PNG checked.

    Parameters
    ----------
    survey : Survey
        The survey whose signature points are read.
    point : str
        ``"final"`` (``[signatures.final]``, or the old ``[signature]``), ``"drilling"``,
        ``"meter"``, ``"main_switch"`` or ``"consent.<item>"`` (spec §6).

    Returns
    -------
    dict or None
        ``uri`` (a ``data:image/png`` URI, or ``None`` for a consent recorded without an
        image), ``captured_at`` (ISO 8601 text), ``captured_at_value`` (the datetime)
        and ``consent`` (``"yes"``, ``"no"`` or ``None``); ``None`` when nothing was
        captured at that point.

    Raises
    ------
    SheetError, SignatureError, SurveyFileError
        The image is SVG, not PNG, unreadable or cannot be decoded.
    """
    if point == "final":
        sig = survey.signature
    else:
        signatures = getattr(survey, "signatures", None)
        sig = None if signatures is None else signatures.get(point)
    if sig is None:
        return None
    consent = getattr(sig, "consent", None)
    captured = sig.captured_at.isoformat() if sig.captured_at is not None else None
    if not sig.image:
        return {
            "uri": None,
            "captured_at": captured,
            "captured_at_value": sig.captured_at,
            "consent": consent,
        }
    field = "signature.image" if point == "final" else f"signatures.{point}.image"
    path = sig.path if sig.path is not None else Path(sig.image)
    if path.suffix.lower() == ".svg":
        raise SheetError(
            f'{field}: "{sig.image}" is SVG — SVG is markup and is refused; '
            "save the signature as a PNG image"
        )
    from sitesurvey._files import FileReadError, read_file

    try:
        raw = read_file(path, what="signature")
    except FileReadError as exc:
        raise SurveyFileError(f'{field}: "{sig.image}" {exc.reason}') from None
    if not raw.startswith(_PNG_MAGIC):
        what = "SVG markup, which is refused" if b"<svg" in raw[:4096].lower() else "not PNG"
        raise SheetError(f'{field}: "{sig.image}" is {what}; a PNG image is required')
    _check_png(raw, sig.image, field)
    return {
        "uri": "data:image/png;base64," + base64.b64encode(raw).decode("ascii"),
        "captured_at": captured,
        "captured_at_value": sig.captured_at,
        "consent": consent,
    }


def _check_png(raw: bytes, name: str, field: str = "signature.image") -> None:
    """Decode the signature PNG fully, within a pixel cap, before accepting it.

    WeasyPrint drops an image it cannot decode with a log line and renders the page
    without it, so a signature with bad data, a huge declared size or no pixels at all
    would vanish silently. The size in the header is checked first (a decompression
    bomb declares a huge image), then Pillow decodes every pixel.

    Raises
    ------
    SignatureError
        The image is empty, too large or cannot be decoded; the message names the
        field and file and says what to do.
    """
    import io
    import struct

    expected = (
        f"a PNG image that decodes fully, 1 to {MAX_SIGNATURE_SIDE} pixels a side and at "
        f"most {MAX_SIGNATURE_PIXELS // 1_000_000} million pixels"
    )
    again = "export the signature from the tablet again as a PNG image"

    def refuse(problem: str, fix: str = again) -> SignatureError:
        return SignatureError(field, name, expected, f"{problem}; {fix}")

    header = raw[8:24]
    if len(header) < 16 or header[4:8] != b"IHDR":
        raise refuse("the file is a damaged PNG (no image header)")
    width, height = struct.unpack(">II", header[8:16])
    if width == 0 or height == 0:
        raise refuse(f"the image is {width} × {height} pixels, empty")
    if max(width, height) > MAX_SIGNATURE_SIDE or width * height > MAX_SIGNATURE_PIXELS:
        raise refuse(
            f"the image declares {width} × {height} pixels",
            "save the signature at a smaller size (about 1000 × 400 is plenty)",
        )
    from PIL import Image, ImageFile

    # WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES when it is imported,
    # which makes a truncated or damaged image (and an oversized text chunk) load
    # without an error: decode strictly here.
    lenient = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw), formats=["PNG"]) as image:
                image.load()
    except Exception as exc:  # Pillow raises many kinds for bad data; all mean "unusable"
        reason = str(exc).strip()[:120] or type(exc).__name__
        raise refuse(f"its data cannot be decoded ({reason})") from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient


# ---------------------------------------------------------------------- Jinja


def _environment(lang: str):
    """The Jinja environment of the sheet in ``lang``: its words through the catalog.

    The template's words are English message ids in ``_()`` calls (Jinja's i18n
    extension); the English sheet uses them as they are (:class:`gettext.NullTranslations`),
    the Chinese one the shipped catalog. The translations are installed old-style: ``_()``
    returns plain text, which autoescaping escapes like every other value (new-style
    gettext would mark it safe), and placeholders are ``{name}`` as everywhere in the
    catalog.
    """
    import gettext

    import jinja2
    from markupsafe import Markup

    class QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
        def dump_bytecode(self, bucket: Any) -> None:
            with contextlib.suppress(OSError):  # a read-only cache only costs speed
                super().dump_bytecode(bucket)

    # Compiling the template took ~0.07 s of every `sitesurvey sheet` process. Jinja's
    # default bytecode cache is a per-user directory (mode 0700, owner checked by Jinja)
    # in the temporary directory; an entry is used only while the template's source is
    # unchanged (its checksum is in the entry) and for the same Python version.
    try:
        cache = QuietBytecodeCache()
    except (OSError, RuntimeError):  # no safe directory: compile each time
        cache = None
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_assets())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        bytecode_cache=cache,
        extensions=["jinja2.ext.i18n"],
    )
    from sitesurvey.i18n import catalog

    translations = catalog() if lang == "zh" else gettext.NullTranslations()
    env.install_gettext_translations(translations, newstyle=False)  # type: ignore[attr-defined]
    # every word of the sheet is set by the same typographic rule as its values
    # (full-width punctuation in Chinese text, one space between a number and its unit)
    from sitesurvey.sheet.context import typeset

    plain_gettext = env.globals["gettext"]
    env.globals["gettext"] = lambda message: typeset(plain_gettext(message), lang)
    env.filters["svg"] = Markup  # only for the drawing, built and escaped by drawing.py
    env.filters["t"] = lambda text: _typeset_markup(text, lang)
    return env


_ENVS: dict[str, Any] = {}

#: A number with its unit, or a code with digits ("20 A", "B.52.17", "10(40)A",
#: "2024-06-02"): kept on one line (``white-space: nowrap``).
_NOWRAP_RE = re.compile(
    r"[A-Za-z0-9.\-–×/²°%+]*\d[A-Za-z0-9.\-–×/²°%+()]*"
    r"(?: (?:mm²|MPa|kW|km|cm|°C|Hz|CNY|A|V|W|m)(?![A-Za-z0-9]))?"
)


def _typeset_markup(text: Any, lang: str) -> Any:
    """The ``t`` filter: the text set for ``lang`` (:func:`sitesurvey.sheet.context.typeset`),
    escaped, each number with its unit wrapped so that it never breaks across lines."""
    from markupsafe import Markup, escape

    from sitesurvey.sheet.context import typeset

    if text is None:
        return ""
    set_text = typeset(str(text), lang)
    out, at = [], 0
    for m in _NOWRAP_RE.finditer(set_text):
        out.append(escape(set_text[at : m.start()]))
        out.append(Markup('<span class="nb">{}</span>').format(m[0]))
        at = m.end()
    out.append(escape(set_text[at:]))
    return Markup("").join(out)


def _env(lang: str = "zh"):
    """The sheet's Jinja environment in ``lang``, made once."""
    env = _ENVS.get(lang)
    if env is None:
        env = _ENVS[lang] = _environment(lang)
    return env


def _prepare(
    survey: Any,
    *,
    lang: str,
    redact: bool,
    tariff: Any,
    network: Any = None,
    customer_only: bool = False,
):
    from sitesurvey.rules import check_survey
    from sitesurvey.sheet.context import build_context, document_id, redact_survey, sheet_data
    from sitesurvey.sheet.integrity import canonical_json, sha256_hex

    if lang not in LANGS:
        raise SheetError(f'lang: expected "zh" or "en", got "{lang}"')
    # the ID names the document, so a redacted copy carries the original's
    doc_id = document_id(survey)
    if redact:
        survey = redact_survey(survey)
    result = check_survey(survey)
    try:
        payload = canonical_json(sheet_data(survey, result))
    except ValueError as exc:
        raise SheetError(f"the survey data cannot be written as canonical JSON: {exc}") from None
    digest = sha256_hex(payload)
    context = build_context(
        survey,
        result,
        lang=lang,
        redact=redact,
        tariff=tariff,
        digest=digest,
        doc_id=doc_id,
        network=network,
        customer_only=customer_only,
    )
    return context, payload, digest


def render_html(
    survey: Any,
    *,
    lang: str = "zh",
    redact: bool = False,
    tariff: Any = None,
    network: Any = None,
    customer_only: bool = False,
) -> str:
    """The design sheet as one HTML document (stylesheet linked as ``sheet.css``).

    Parameters
    ----------
    survey : Survey
        The survey (:func:`sitesurvey.survey.load_survey`).
    lang : {"zh", "en"}
        Language of the sheet; Chinese by default.
    redact : bool
        Mask the customer's name, phone and address.
    tariff : Tariff, optional
        Fee settings (:func:`sitesurvey.fees.load_tariff`); the shipped tariff by default.
    network : Network, optional
        The service network's name and phone (:func:`sitesurvey.survey.load_network`),
        before the survey's own ``[network]``.
    customer_only : bool
        The customer's part alone, without the technical annex.
    """
    context, _, _ = _prepare(
        survey,
        lang=lang,
        redact=redact,
        tariff=tariff,
        network=network,
        customer_only=customer_only,
    )
    return _env(lang).get_template("sheet.html.j2").render(**context)


_COMPRESS_ONCE = True
#: zlib level of the PDF streams (pydyf's is 9: slower for 0.5 % less)
_DEFLATE_LEVEL = 6
_LINK = '<link rel="stylesheet" href="sheet.css"/>'
_STYLE = threading.local()


#: The font sheet.css names, and its cut (GB2312 and every character the sheet's own
#: text uses, a quarter of the size: templates/fonts/PROVENANCE.md).
_FULL_FONT = "fonts/NotoSansSC-Regular.otf"
_CUT_FONT = "fonts/NotoSansSC-Sheet.otf"
#: the characters the cut has (its cmap, written by templates/fonts/cut_font.py)
_CUT_LISTING = "fonts/NotoSansSC-Sheet.chars.txt"
_USE_CUT = True
_CUT_CHARACTERS: list[frozenset[str]] = []


def _cut_covers(html: str) -> bool:
    """Whether the cut of the CJK font has every non-ASCII character of ``html``.

    A sheet whose text needs another character (a rare hanzi in a name, say) is
    rendered with the full font, so it prints exactly as before; the choice depends on
    the text only, so the same survey still gives the same bytes.
    """
    if not _USE_CUT:
        return False
    if not _CUT_CHARACTERS:
        listing = _assets() / _CUT_LISTING
        if not (_assets() / _CUT_FONT).is_file() or not listing.is_file():
            return False
        _CUT_CHARACTERS.append(frozenset(listing.read_text(encoding="utf-8")))
    have = _CUT_CHARACTERS[0]
    return all(c in have for c in set(html) if ord(c) >= 0x80)


def _style(cut: bool = False) -> tuple[Any, Any]:
    """The font configuration and the parsed ``sheet.css``, made once per thread and font.

    Parsing the stylesheet registers the CJK font with Fontconfig (WeasyPrint copies it
    to a temporary directory and Fontconfig scans it); both are the same for every sheet,
    so a process that renders several sheets does it once. With ``cut`` the stylesheet
    names the cut of the font instead of the full one (:func:`_cut_covers`). What the
    stylesheet loads is fetched through :class:`AssetsOnlyFetcher` like everything else.
    WeasyPrint documents ``FontConfiguration`` as reusable across documents; the output
    is byte-identical to a fresh one. Per thread, as Pango objects are not meant to be
    shared between threads.
    """
    cached = _STYLE.__dict__.get(cut)
    if cached is None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        fetcher_cls, _ = _fetcher_class()
        assets = _assets()
        font_config = FontConfiguration()
        text = (assets / "sheet.css").read_text(encoding="utf-8")
        if cut:
            text = text.replace(f'url("{_FULL_FONT}")', f'url("{_CUT_FONT}")')
        css = CSS(
            string=text,
            base_url=assets.as_uri() + "/",
            url_fetcher=fetcher_cls(assets),
            font_config=font_config,
        )
        if not _STYLE.__dict__ and threading.current_thread() is threading.main_thread():
            # remove the font folder while the interpreter is still whole (the font
            # configuration's __del__ fails during shutdown)
            atexit.register(_forget_styles)
        cached = _STYLE.__dict__[cut] = (font_config, css)
    return cached


def _forget_styles() -> None:
    """Drop this thread's font configurations and stylesheets, and remove the temporary
    folder each font configuration copied the font into.

    WeasyPrint removes that folder when the configuration is freed, which the parsed
    stylesheet's reference cycles leave to the garbage collector; a one-shot command
    runs without it (:func:`sitesurvey.cli.console`), so the folder is removed here,
    by the configuration's own clean-up method.
    """
    for font_config, _ in list(_STYLE.__dict__.values()):
        font_config.__del__()  # WeasyPrint's "clean a font configuration" (idempotent)
    _STYLE.__dict__.clear()


def _compress_streams_once(pdf: Any) -> None:
    """Deflate every stream of ``pdf`` now, once, at zlib's default level 6.

    pydyf compresses a stream each time its bytes are asked for, and a PDF/A file
    identifier makes it ask twice (once to write the object, once to hash the whole
    file). The two font subsets (a few hundred kB each, however few glyphs they hold:
    HarfBuzz keeps the CJK font's glyph IDs) dominate, so the second pass cost about
    50 ms. Each stream's content is replaced by its deflated bytes and the filter
    declared: pydyf then writes the bytes as they are. Level 6 instead of pydyf's 9 is
    3-6 % off a warm render for a PDF 0.5 % larger (issue 15).
    """
    import zlib

    import pydyf

    to_bytes = getattr(pydyf, "_to_bytes", None)
    if to_bytes is None:  # another pydyf: leave the work to it
        return
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream) and obj.compress:
            raw = b"\n".join(to_bytes(item) for item in obj.stream)
            deflate = zlib.compressobj(level=_DEFLATE_LEVEL)
            obj.stream = [deflate.compress(raw) + deflate.flush()]
            obj.extra["Filter"] = "/FlateDecode"
            obj.compress = False


@contextlib.contextmanager
def _gc_paused():
    """Suspend Python's cyclic garbage collector for the duration of one render.

    WeasyPrint allocates some 10⁵ small objects (styles, boxes, PDF objects) per sheet;
    the collector, triggered by those allocations, rescans them and the whole heap over
    and over and took about a third of a warm render (0.3–0.5 s of 1.4 s). The garbage
    is freed by reference counting anyway; cycles wait for the next collection after the
    render. The previous state is restored, so a caller that disabled the collector
    keeps it disabled.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def _source_date_epoch(date: dt.date):
    """Set ``SOURCE_DATE_EPOCH`` to the survey date (midnight UTC) for one render.

    Without libharfbuzz-subset WeasyPrint subsets the font with fontTools, which
    stamps the current time into the font's ``head`` table unless this variable is
    set; the survey date keeps the bytes the same on every machine. The previous
    environment is restored (the variable is process-wide: renders in parallel threads
    set the same kind of value).
    """
    stamp = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC).timestamp()
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(max(0, int(stamp)))
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


class _DroppedContent(logging.Handler):
    """Collect WeasyPrint's "Failed to load/render …" records of this thread's render.

    WeasyPrint leaves out an image (or an inline SVG, a stylesheet, an attachment) it
    cannot load and only logs it; on a signed sheet a missing signature is an error.
    """

    PREFIXES = ("Failed to load", "Failed to render")

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread and str(record.msg).startswith(self.PREFIXES):
            with contextlib.suppress(Exception):
                self.messages.append(record.getMessage()[:100])


@contextlib.contextmanager
def _collect_dropped():
    logger = logging.getLogger("weasyprint")
    handler = _DroppedContent()
    old_level = logger.level
    if logger.getEffectiveLevel() > logging.ERROR:
        logger.setLevel(logging.ERROR)
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def _html_document(html: str, fetcher: Any) -> Any:
    """The sheet's ``html`` as a WeasyPrint document, ready to lay out.

    The template links ``sheet.css`` for the HTML output; the PDF is given it parsed
    (:func:`_style`), so the link is dropped here. The text is read by
    :func:`sitesurvey.sheet.markup.parse_sheet` into the tree WeasyPrint's own HTML
    parser would build, some 60 ms faster; a text it does not read is parsed by
    WeasyPrint as before.

    Parameters
    ----------
    html : str
        The HTML ``sheet.html.j2`` renders.
    fetcher : weasyprint.urls.URLFetcher
        The fetcher for what the document loads (:func:`_fetcher_class`).
    """
    import cssselect2
    from weasyprint import HTML

    from sitesurvey.sheet.markup import parse_sheet

    html = html.replace(_LINK, "", 1)
    base_url = _assets().as_uri() + "/"
    root = parse_sheet(html)
    if root is None:
        return HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    # a document made by WeasyPrint itself (of an empty page: under a millisecond),
    # given the sheet's tree as HTML.__init__ sets it after parsing; no <base> to find
    document = HTML(string="<html></html>", base_url=base_url, url_fetcher=fetcher)
    document.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
    document.etree_element = document.wrapper_element.etree_element
    return document


def _pdf_from_html(html: str, payload: bytes, digest: str, date: dt.date) -> bytes:
    import pydyf
    from weasyprint import Attachment

    from sitesurvey.sheet.integrity import ATTACHMENT_NAME

    fetcher_cls, blocked_error = _fetcher_class()
    fetcher = fetcher_cls(_assets())
    stamp = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
    attachment = Attachment(
        string=payload,
        name=ATTACHMENT_NAME,
        description="sitesurvey survey and check results, canonical JSON",
        created=stamp,
        modified=stamp,
        relationship="Data",
    )

    def finish(document: Any, pdf: Any) -> None:
        # WeasyPrint 70 (pdf/pdfa.py) lists each attachment twice in the catalog's /AF.
        if "AF" in pdf.catalog:
            refs: list[Any] = []
            for ref in pdf.catalog["AF"]:
                if ref not in refs:
                    refs.append(ref)
            pdf.catalog["AF"] = pydyf.Array(refs)
        if _COMPRESS_ONCE:
            _compress_streams_once(pdf)

    try:
        with (
            _gc_paused(),
            warnings.catch_warnings(),
            _source_date_epoch(date),
            _collect_dropped() as dropped,
        ):
            # WeasyPrint 70 (pdf/__init__.py) opens its sRGB2014.icc output-intent profile
            # for PDF/A and never closes it; CPython reports the leak at once.
            warnings.filterwarnings(
                "ignore", message=r"unclosed file .*sRGB2014\.icc", category=ResourceWarning
            )
            font_config, stylesheet = _style(_cut_covers(html))
            pdf = _html_document(html, fetcher).write_pdf(
                stylesheets=[stylesheet],
                font_config=font_config,
                pdf_variant="pdf/a-3b",
                attachments=[attachment],
                finisher=finish,
            )
    except blocked_error as exc:
        raise SheetError(f"render refused a URL: {exc}") from None
    if fetcher.blocked:  # SVG <image> fetch errors are swallowed by WeasyPrint: re-check
        raise SheetError(f"render refused URLs: {fetcher.blocked}")
    if dropped:
        raise SheetError(
            "the PDF would lack content WeasyPrint could not load ("
            + "; ".join(dropped[:3])
            + "); nothing was written — check the signature image, or report this "
            "with the survey"
        )
    return pdf


def render_pdf(
    survey: Any,
    *,
    lang: str = "zh",
    redact: bool = False,
    tariff: Any = None,
    network: Any = None,
    customer_only: bool = False,
) -> bytes:
    """The design sheet as PDF/A-3b bytes, with the data attached and its hash printed.

    Same parameters as :func:`render_html`. The same survey gives the same bytes.

    Raises
    ------
    SheetError
        The render tried to load anything but the package's assets, or was refused.
    """
    # the pause also covers the checks and, in a fresh process, importing WeasyPrint
    # (~0.1 s less with the collector off); pauses nest
    _require_weasyprint()
    with _gc_paused():
        context, payload, digest = _prepare(
            survey,
            lang=lang,
            redact=redact,
            tariff=tariff,
            network=network,
            customer_only=customer_only,
        )
        html = _env(lang).get_template("sheet.html.j2").render(**context)
        return _pdf_from_html(html, payload, digest, survey.job.date)


def write_sheet(
    survey_path_or_obj: Any,
    output: str | Path,
    *,
    lang: str = "zh",
    html: bool = False,
    redact: bool = False,
    tariff: Any = None,
    network: Any = None,
    customer_only: bool = False,
) -> Path:
    """Render the sheet and write it atomically (:func:`sitesurvey._files.write_atomic`:
    temporary file in the same directory, then :func:`os.replace`): a failed render
    leaves no partial file and an existing ``output`` unchanged.

    Parameters
    ----------
    survey_path_or_obj : Survey, str or pathlib.Path
        A survey, or a survey file to load.
    output : str or pathlib.Path
        The file to write; ``"-"`` writes the bytes to standard output. A symbolic
        link, a directory, a device or the survey itself is refused before rendering.
    lang : {"zh", "en"}
        Language of the sheet.
    html : bool
        Write the HTML (with the stylesheet inlined) instead of the PDF.
    redact : bool
        Mask the customer's name, phone and address.
    tariff : Tariff, optional
        Fee settings; the shipped tariff by default.
    network : Network, optional
        The service network's name and phone, before the survey's own.
    customer_only : bool
        The customer's part alone, without the technical annex.

    Returns
    -------
    pathlib.Path
        ``output`` (``Path("-")`` for standard output).

    Raises
    ------
    SheetError
        ``output`` is refused or cannot be written, the signature image is unusable
        (:class:`SignatureError`), the render dropped an image, or the PDF libraries
        are missing.
    """
    from sitesurvey.survey import load_survey

    survey = (
        load_survey(survey_path_or_obj)
        if isinstance(survey_path_or_obj, str | Path)
        else survey_path_or_obj
    )
    output = _checked_output(output, getattr(survey, "source", None))
    options = {"network": network, "customer_only": customer_only}
    if html:
        data = _standalone_html(
            render_html(survey, lang=lang, redact=redact, tariff=tariff, **options)
        )
    else:
        data = render_pdf(survey, lang=lang, redact=redact, tariff=tariff, **options)
    written = write_atomic(output, data, error=SheetError, allow_stdout=True)
    return written if written is not None else Path(STDOUT)


def _checked_output(output: str | Path, source: Any) -> str | Path:
    """Refuse, before rendering, an output that would lose something.

    The atomic write replaces the directory entry: a symbolic link (``/dev/stdout``),
    a device (``/dev/null`` would become a regular file), a directory or the survey
    itself. None of those is what the user meant (:func:`sitesurvey._files.check_writable`).
    """
    path = check_writable(output, error=SheetError, allow_stdout=True)
    if path is None:
        return STDOUT
    if source is not None and path.exists() and path.resolve() == Path(source).resolve():
        raise SheetError(
            f"output: {path} is the survey itself; writing the sheet there would destroy it "
            "— give another name, e.g. -o sheet.pdf"
        )
    return path


#: System fonts that carry Simplified Chinese, for the HTML sheet opened in a browser.
_HTML_FONTS = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", '
    '"Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif'
)


def _standalone_html(text: str) -> bytes:
    """The HTML sheet as one portable file: the stylesheet inlined, and the bundled
    font (a file inside this installation, 8 MB) replaced by the viewer's own Chinese
    fonts, so the file names no local path and opens on any machine."""
    css = (_assets() / "sheet.css").read_text(encoding="utf-8")
    css = re.sub(r"@font-face\s*{[^}]*}", "", css)
    css = css.replace('"SheetCJK", sans-serif', _HTML_FONTS)
    text = text.replace(_LINK, "<style>\n" + css + "\n</style>")
    return text.encode("utf-8")
