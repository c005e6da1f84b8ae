"""The customer's signature: a PNG image beside the survey file, checked and hashed."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sitesurvey.survey.fields import _read_datetime, _Reader
from sitesurvey.survey.record import Signature

__all__ = ["read_signature"]

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def read_signature(r: _Reader, data: Mapping[str, Any], base: Path | None) -> Signature | None:
    m = r.section(data, "signature", "signature")
    if m is None:
        return None
    image = r.text(m, "image", "signature.image", required=True)
    raw_time = m.get("captured_at")
    if raw_time is None:
        r.problem(
            "signature.captured_at",
            "missing — the sheet prints when the signature was captured, "
            "e.g. captured_at = 2024-05-18T15:20:00+08:00",
        )
    captured = None if raw_time is None else _read_datetime(r, raw_time, "signature.captured_at")
    if image is None:
        return None
    path = Path(image)
    if not path.is_absolute() and base is not None:
        path = base / path
    if path.suffix.lower() != ".png":
        what = "SVG is markup and is refused" if path.suffix.lower() == ".svg" else "not PNG"
        r.problem("signature.image", f'expected a PNG image, got "{image}" ({what})')
        return None
    from sitesurvey._files import FileReadError, read_file

    try:
        content = read_file(path, what="signature")
    except FileReadError as exc:
        r.problem("signature.image", f'"{image}" {exc.reason}')
        return None
    if content[:8] != _PNG_MAGIC:
        r.problem("signature.image", f'"{image}" is not a PNG file (wrong signature bytes)')
        return None
    import hashlib

    digest = hashlib.sha256(content).hexdigest()
    stated = m.get("sha256")
    if stated is not None and stated != digest:
        r.problem(
            "signature.sha256",
            f'"{image}" has changed since this survey recorded it (its SHA-256 is {digest})',
        )
        return None
    return Signature(image, captured, path, digest)
