"""The design sheet's integrity seal: canonical JSON, its SHA-256, and the check.

The PDF carries the survey and every result as an embedded attachment
(:data:`ATTACHMENT_NAME`) in canonical JSON; the SHA-256 of those exact bytes is printed
on every page of the sheet and stored in the PDF's ``Keywords`` metadata.
:func:`verify_pdf` recomputes the hash of the attachment and compares it with every
printed copy: the one in each page's footer, where no text from the survey is printed
(a work order may itself read ``sha256:`` and 64 hex digits).

Canonical JSON (fixed; a change is a new :data:`CANONICAL_JSON_VERSION`):

- UTF-8, no byte-order mark, no trailing newline;
- object keys sorted by code point (``sort_keys=True``), at every level;
- separators ``","`` and ``":"`` — no whitespace anywhere outside strings;
- non-ASCII characters written as themselves (``ensure_ascii=False``), so ``"王丽"``,
  not ``"\\u738b\\u4e3d"``;
- integers as integers; floats as Python's ``repr``: the shortest text that reads back
  to the same IEEE-754 double (``0.1`` → ``0.1``, ``2.0`` → ``2.0``, ``1e-07`` → ``1e-07``);
- ``NaN`` and ``±Infinity`` are refused (they are not JSON).

This is an integrity check, **not a signature**: it catches accidental or naive changes
(data edited without updating the printed hash, or the reverse). Anyone can recompute
a bare hash after changing the data and reprint the sheet; only a cryptographic
signature with a key the service network keeps could prevent that.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path
from typing import Any, Literal

from sitesurvey._dataclasses import dataclass
from sitesurvey.errors import SiteSurveyError

__all__ = [
    "ATTACHMENT_NAME",
    "CANONICAL_JSON_VERSION",
    "KEYWORD_PREFIX",
    "UnreadableSheetError",
    "Verification",
    "canonical_json",
    "sha256_hex",
    "verify_pdf",
]

#: Name of the embedded attachment in the PDF.
ATTACHMENT_NAME = "sitesurvey-data.json"
#: Version of the canonical JSON rules above.
CANONICAL_JSON_VERSION = 1
#: Prefix of the hash in the PDF's Keywords and in the printed footer.
KEYWORD_PREFIX = "sha256:"

_HASH_RE = re.compile(r"sha256[:：]\s*([0-9a-f]{64})")
#: "Page 2 of 6" / "第 2 页，共 6 页" in a footer (white space removed).
_PAGE_OF_RE = re.compile(r"(?:Page(\d+)of(\d+)|第(\d+)页[,，]?共(\d+)页)")
#: The footer band of a page, as a fraction of its height from the bottom edge: the
#: sheet's bottom margin is 20 mm of 297 (0.067) and the footer line sits about 9 mm
#: above the edge; the body, and with it every text taken from the survey, starts above.
_FOOTER_BAND = 0.05
_TWO_BYTE_CODESPACE = re.compile(
    rb"1\s+begincodespacerange\s*<0000>\s*<ffff>\s*endcodespacerange", re.IGNORECASE
)


def _read_codes_as_two_bytes(resources: Any, depth: int = 0) -> None:
    """Make pypdf read the sheet's CID fonts with an embedded CMap as 2-byte codes.

    WeasyPrint writes a Type0 font with ``/Encoding /Identity-H``, except when a glyph
    is missing from the font (an emoji in a chat nickname): then the encoding is an
    embedded CMap stream with the one code space ``<0000>``–``<ffff>``. pypdf 7 does not
    apply such a stream and decodes every string on the page byte by byte
    (``\x00I\x00n…``, digits as ``wa wd``), so no printed hash would be found. For
    text extraction that CMap is the same as ``Identity-H``: codes are two bytes and
    the font's ``/ToUnicode`` maps codes, not glyphs, to text. Only this reader's copy
    of the font is changed, and only for that exact code space.
    """
    from pypdf.generic import NameObject, StreamObject

    if resources is None or depth > 8:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        encoding = font.get("/Encoding")
        if font.get("/Subtype") != "/Type0" or encoding is None:
            continue
        encoding = encoding.get_object()
        if isinstance(encoding, StreamObject) and _TWO_BYTE_CODESPACE.search(encoding.get_data()):
            font[NameObject("/Encoding")] = NameObject("/Identity-H")
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            _read_codes_as_two_bytes(xobject.get("/Resources"), depth + 1)


def _footer_text(page: Any) -> str:
    """The text printed in the page's footer band (:data:`_FOOTER_BAND`), no white space.

    Only the footer is read: the body prints the survey's own text, which may hold
    anything that looks like a hash (a work order ``sha256:`` and 64 hex digits).
    """
    _read_codes_as_two_bytes(page.get("/Resources"))
    box = page.mediabox
    limit = float(box.bottom) + _FOOTER_BAND * float(box.height)
    parts: list[str] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if y < limit:
            parts.append(text)

    page.extract_text(visitor_text=visit)
    return re.sub(r"\s+", "", "".join(parts))


class UnreadableSheetError(SiteSurveyError):
    """The file is not a readable sitesurvey sheet (not a PDF, no attachment, or an
    attachment that cannot be read: damaged compressed data, or empty)."""


def _embedded_streams(node: Any, depth: int = 0):
    """``(name, stream)`` of every embedded file in a name tree (``/Names`` and ``/Kids``)."""
    if depth > 32:  # a name tree is shallow; a loop is a damaged file
        return
    node = node.get_object()
    names = node.get("/Names")
    if names is not None:
        names = names.get_object()
        for i in range(0, len(names) - 1, 2):
            spec = names[i + 1].get_object()
            ef = spec.get("/EF")
            if ef is None:
                continue
            ef = ef.get_object()
            stream = ef.get("/F") or ef.get("/UF")
            if stream is not None:
                yield str(names[i]), stream.get_object()
    for kid in node.get("/Kids") or ():
        yield from _embedded_streams(kid, depth + 1)


def _check_attachment_stream(reader: Any, name: str) -> None:
    """Raise :class:`UnreadableSheetError` if the attachment's compressed data is damaged
    (``name``: the file, for the message).

    pypdf decodes a damaged Flate stream to whatever it can recover — often nothing —
    without an error, so a damaged attachment would hash like a readable one that was
    changed (to the hash of empty input). The sheet's attachment is one Flate stream:
    its bytes are inflated here strictly (zlib checks the header and the Adler-32 of the
    data), so damage is told apart from a change.
    """
    import zlib

    try:
        tree = reader.trailer["/Root"]["/Names"]["/EmbeddedFiles"]
    except (KeyError, TypeError):
        return
    for found, stream in _embedded_streams(tree):
        if found != ATTACHMENT_NAME:
            continue
        filters = stream.get("/Filter")
        if filters is not None and not isinstance(filters, str):
            filters = list(filters)
            filters = filters[0] if len(filters) == 1 else filters
        raw = getattr(stream, "_data", None)  # the stream's bytes as stored (encoded)
        if filters == "/FlateDecode" and isinstance(raw, bytes) and not stream.get("/DecodeParms"):
            try:
                zlib.decompress(raw)
            except zlib.error as exc:
                raise UnreadableSheetError(
                    f"{name}: the {ATTACHMENT_NAME} attachment is damaged: its compressed data "
                    f"cannot be decompressed ({exc})"
                ) from None
        return


def canonical_json(data: Any) -> bytes:
    """The canonical JSON bytes of ``data`` (rules in the module docstring).

    Raises
    ------
    ValueError
        ``data`` holds NaN or an infinity, or something that is not JSON data.
    """
    return json.dumps(
        data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    """Lower-case hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Verification:
    """The outcome of :func:`verify_pdf`.

    Attributes
    ----------
    status : {"ok", "mismatch"}
    computed : str
        SHA-256 of the attachment as found in the file.
    printed : tuple of str
        The hashes printed on each page, in page order (``""`` for a page without one).
    metadata : str or None
        The hash stored in the PDF's Keywords.
    problems : tuple of str
        Why the status is ``mismatch``, in English.
    checks : tuple of dict
        Each check by name (``attachment``, ``page_count``, ``hash``) with its
        ``result`` (``"pass"`` / ``"fail"``) and a ``detail`` in English.
    """

    status: Literal["ok", "mismatch"]
    computed: str
    printed: tuple[str, ...]
    metadata: str | None
    problems: tuple[str, ...] = ()
    checks: tuple[dict[str, str], ...] = ()

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "computed": self.computed,
            "printed": list(self.printed),
            "metadata": self.metadata,
            "problems": list(self.problems),
        }


def verify_pdf(source: str | Path | bytes, *, name: str | None = None) -> Verification:
    """Recompute the sheet's hash and compare it with the copies printed in the PDF.

    Parameters
    ----------
    source : str, pathlib.Path or bytes
        The PDF file, or its bytes.
    name : str, optional
        The file's name in messages when ``source`` is its bytes.

    Returns
    -------
    Verification
        ``ok`` when the attachment's SHA-256 equals the hash printed on every page and
        the one in the metadata; ``mismatch`` otherwise.

    Raises
    ------
    UnreadableSheetError
        Not a PDF, a damaged PDF, a PDF without the sheet's attachment, or an
        attachment that cannot be read (its compressed data damaged, or empty): only
        a readable attachment whose hash differs is a ``mismatch``.
    """
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if name is None:
        name = "<bytes>" if isinstance(source, bytes) else str(source)
    from sitesurvey._files import FileReadError, read_file

    try:
        raw = source if isinstance(source, bytes) else read_file(source, what="sheet")
    except FileReadError as exc:
        raise UnreadableSheetError(str(exc)) from None
    if not raw.startswith(b"%PDF-"):
        raise UnreadableSheetError(f"{name}: not a PDF file")
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(raw))
        attachments = reader.attachments
        if ATTACHMENT_NAME not in attachments or not attachments[ATTACHMENT_NAME]:
            raise UnreadableSheetError(
                f"{name}: no {ATTACHMENT_NAME} attachment — not a sitesurvey design sheet"
            )
        _check_attachment_stream(reader, name)
        data = attachments[ATTACHMENT_NAME][0]
        if not data:
            raise UnreadableSheetError(
                f"{name}: the {ATTACHMENT_NAME} attachment is empty — the file is damaged"
            )
        copies = len(attachments[ATTACHMENT_NAME])
        others = sorted(n for n in attachments if n != ATTACHMENT_NAME)
        printed = []
        numbering = []
        for page in reader.pages:
            footer = _footer_text(page)
            found = _HASH_RE.findall(footer)
            printed.append(found[0] if found else "")
            numbering.append(_page_of(footer))
        keywords = (reader.metadata or {}).get("/Keywords")
    except UnreadableSheetError:
        raise
    except (PyPdfError, Exception) as exc:  # any failure to parse is "unreadable" (exit 2)
        raise UnreadableSheetError(f"{name}: damaged PDF ({type(exc).__name__}: {exc})") from None
    finally:
        pypdf_log.setLevel(level)
    metadata = None
    if keywords:
        found = _HASH_RE.findall(str(keywords))
        metadata = found[0] if found else None
    computed = sha256_hex(data)
    attachment_problems = _attachment_problems(copies, others)
    page_problems = _page_count_problems(numbering)
    problems = [*attachment_problems, *page_problems]
    hash_start = len(problems)
    for number, value in enumerate(printed, start=1):
        if not value:
            problems.append(f"page {number}: no printed hash found in the footer")
        elif value != computed:
            problems.append(f"page {number}: printed hash {value} differs from the data")
    if metadata is None:
        problems.append("metadata: no hash in the PDF keywords")
    elif metadata != computed:
        problems.append(f"metadata: hash {metadata} differs from the data")
    hash_problems = problems[hash_start:]
    checks = (
        _check("attachment", attachment_problems, f"one {ATTACHMENT_NAME} attachment"),
        _check(
            "page_count",
            page_problems,
            f"{len(numbering)} pages, each numbered of {len(numbering)}",
        ),
        _check(
            "hash", hash_problems, f"sha256:{computed} printed on every page and in the metadata"
        ),
    )
    return Verification(
        status="mismatch" if problems else "ok",
        computed=computed,
        printed=tuple(printed),
        metadata=metadata,
        problems=tuple(problems),
        checks=checks,
    )


def _check(name: str, problems: list[str], passed: str) -> dict[str, str]:
    """One entry of :attr:`Verification.checks`."""
    if problems:
        return {"name": name, "result": "fail", "detail": "; ".join(problems)}
    return {"name": name, "result": "pass", "detail": passed}


def _page_of(footer: str) -> tuple[int, int] | None:
    """``(page, pages)`` printed in a footer ("Page 2 of 6"), or ``None``."""
    found = _PAGE_OF_RE.search(footer)
    if found is None:
        return None
    numbers = [int(g) for g in found.groups() if g is not None]
    return numbers[0], numbers[1]


def _attachment_problems(copies: int, others: list[str]) -> list[str]:
    """Why the embedded files are not exactly the one data attachment.

    A second file under the same name would let a reader that takes the first (or the
    last) see other data than :func:`verify_pdf` hashed; any other embedded file is
    nothing the sheet ever carries.
    """
    problems = []
    if copies != 1:
        problems.append(
            f"attachment: {copies} embedded files are named {ATTACHMENT_NAME}; "
            "a sheet carries exactly one"
        )
    if others:
        problems.append(
            f"attachment: other embedded files ({', '.join(others[:5])}); a sheet carries "
            f"only {ATTACHMENT_NAME}"
        )
    return problems


def _page_count_problems(numbering: list[tuple[int, int] | None]) -> list[str]:
    """Why the pages are not exactly the sheet's "page i of n", i = 1 … n, in order.

    Every page's footer prints its number and the page count the renderer laid out;
    a page removed (or added, or moved) leaves a footer that disagrees with the file.
    """
    count = len(numbering)
    problems = []
    for number, found in enumerate(numbering, start=1):
        if found is None:
            problems.append(f"page {number}: no page number found in the footer")
        elif found != (number, count):
            problems.append(
                f"page {number}: the footer reads page {found[0]} of {found[1]}, "
                f"but it is page {number} of {count} in this file"
            )
    return problems
