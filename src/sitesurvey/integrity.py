"""The design sheet's integrity seal: canonical JSON, its SHA-256, and the check.

The PDF carries the survey and every result as an embedded attachment
(:data:`ATTACHMENT_NAME`) in canonical JSON; the SHA-256 of those exact bytes is printed
on every page of the sheet and stored in the PDF's ``Keywords`` metadata.
:func:`verify_pdf` recomputes the hash of the attachment and compares it with every
printed copy.

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

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
    """

    status: Literal["ok", "mismatch"]
    computed: str
    printed: tuple[str, ...]
    metadata: str | None
    problems: tuple[str, ...] = ()

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


def verify_pdf(source: str | Path | bytes) -> Verification:
    """Recompute the sheet's hash and compare it with the copies printed in the PDF.

    Parameters
    ----------
    source : str, pathlib.Path or bytes
        The PDF file, or its bytes.

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
        printed = []
        for page in reader.pages:
            text = re.sub(r"\s+", "", page.extract_text() or "")
            found = _HASH_RE.findall(text)
            printed.append(found[0] if found else "")
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
    problems = []
    for number, value in enumerate(printed, start=1):
        if not value:
            problems.append(f"page {number}: no printed hash found")
        elif value != computed:
            problems.append(f"page {number}: printed hash {value} differs from the data")
    if metadata is None:
        problems.append("metadata: no hash in the PDF keywords")
    elif metadata != computed:
        problems.append(f"metadata: hash {metadata} differs from the data")
    return Verification(
        status="mismatch" if problems else "ok",
        computed=computed,
        printed=tuple(printed),
        metadata=metadata,
        problems=tuple(problems),
    )
