"""The customer's signature: a PNG image beside the survey file, checked and hashed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sitesurvey.survey.fields import _NO, _YES, CONSENT_ITEMS, _read_datetime, _Reader, _shown
from sitesurvey.survey.record import Signature, Signatures

if TYPE_CHECKING:  # pathlib (with urllib.parse, ipaddress) only where a path is made
    from pathlib import Path

__all__ = ["read_image_file", "read_signature", "read_signatures"]

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"
#: the images each kind of file may be, by their first bytes
_KINDS = {
    "signature": ((_PNG_MAGIC,), "a PNG", "PNG's signature"),
    "photo": (
        (_JPEG_MAGIC, _PNG_MAGIC),
        "a JPEG or PNG image",
        "JPEG's FF D8 FF nor PNG's signature",
    ),
}


def read_signature(
    r: _Reader, data: Mapping[str, Any], base: str | Path | None
) -> Signature | None:
    """The final acceptance: ``[signatures.final]``, or the old ``[signature]``."""
    old = data.get("signature")
    new = data.get("signatures")
    if old is not None and isinstance(new, Mapping) and new.get("final") is not None:
        r.problem(
            "signature",
            "given twice: [signature] is the old name of [signatures.final] — keep one",
        )
        return None
    if old is not None:
        m = r.section(data, "signature", "signature")
        return None if m is None else _read_point(r, m, "signature", base)
    if isinstance(new, Mapping):
        m = r.section(new, "final", "signatures.final", schema="signature")
        return None if m is None else _read_point(r, m, "signatures.final", base)
    return None


def read_signatures(r: _Reader, data: Mapping[str, Any], base: str | Path | None) -> Signatures:
    """The signature points of spec §6 other than the final acceptance:
    ``[signatures.drilling]``, ``[signatures.meter]``, ``[signatures.main_switch]`` and
    ``[signatures.consent.<item>]`` (with ``consent = "yes"`` or ``"no"``)."""
    m = r.section(data, "signatures", "signatures")
    if m is None:
        return Signatures()
    points: list[tuple[str, Signature]] = []
    for point in ("drilling", "meter", "main_switch"):
        section = r.section(m, point, f"signatures.{point}", schema="signature")
        if section is not None:
            sig = _read_point(r, section, f"signatures.{point}", base)
            if sig is not None:
                points.append((point, sig))
    consents = r.section(m, "consent", "signatures.consent")
    for item in CONSENT_ITEMS if consents is not None else ():
        path = f"signatures.consent.{item}"
        section = r.section(consents, item, path, schema="signature")
        if section is None:
            continue
        if section.get("consent") is None:
            r.problem(f"{path}.consent", 'missing — a consent is recorded: consent = "yes" or "no"')
            continue
        sig = _read_point(r, section, path, base, image_required=False)
        if sig is not None:
            points.append((f"consent.{item}", sig))
    return Signatures(tuple(points))


def _read_consent(r: _Reader, m: Mapping[str, Any], path: str) -> str | None:
    value = m.get("consent")
    if value is None:
        return None
    word = value.strip().lower() if isinstance(value, str) else value
    if value is True or word in _YES:
        return "yes"
    if value is False or word in _NO:
        return "no"
    r.problem(f"{path}.consent", f'expected "yes" or "no", got {_shown(value)}')
    return None


def _read_image_name(r: _Reader, m: Mapping[str, Any], path: str) -> str | None:
    """The image's file name, read as ``signature.image`` is (same limit) at ``path``."""
    from sitesurvey.errors import InputError
    from sitesurvey.survey.fields import TEXT_FIELDS
    from sitesurvey.text import normalise_text

    value = m.get("image")
    if value is None:
        r.problem(path, 'missing — write image = "…"')
        return None
    if not isinstance(value, str):
        r.problem(path, f'expected text in quotes, got {_shown(value)} — write "{value}"')
        return None
    max_length, multiline = TEXT_FIELDS["signature.image"]
    try:
        value = normalise_text(value, path, max_length, multiline=multiline)
    except InputError as exc:
        r.problems.append(str(exc))
        return None
    if not value:
        r.problem(path, "must not be empty")
        return None
    return value


def _read_point(
    r: _Reader,
    m: Mapping[str, Any],
    where: str,
    base: str | Path | None,
    *,
    image_required: bool = True,
) -> Signature | None:
    """One signature point: its PNG image (checked and hashed), when it was captured and,
    for a consent, the customer's yes or no."""
    consent = _read_consent(r, m, where)
    if not image_required and m.get("image") is None:
        raw_time = m.get("captured_at")
        captured = None if raw_time is None else _read_datetime(r, raw_time, f"{where}.captured_at")
        return Signature("", captured, None, "", consent)  # type: ignore[arg-type]
    image = _read_image_name(r, m, f"{where}.image")
    raw_time = m.get("captured_at")
    if raw_time is None:
        r.problem(
            f"{where}.captured_at",
            "missing — the sheet prints when the signature was captured, "
            "e.g. captured_at = 2024-05-18T15:20:00+08:00",
        )
    captured = None if raw_time is None else _read_datetime(r, raw_time, f"{where}.captured_at")
    if image is None:
        return None
    from pathlib import Path

    if Path(image).suffix.lower() != ".png":
        what = "SVG is markup and is refused" if Path(image).suffix.lower() == ".svg" else "not PNG"
        r.problem(f"{where}.image", f'expected a PNG image, got "{image}" ({what})')
        return None
    read = read_image_file(r, m, where, image, base, what="signature")
    if read is None:
        return None
    path, digest = read
    return Signature(image, captured, path, digest, consent)  # type: ignore[arg-type]


def read_image_file(
    r: _Reader, m: Mapping[str, Any], where: str, image: str, base: str | Path | None, *, what: str
) -> tuple[Path, str] | None:
    """Read the image ``image`` of a signature or a photo at ``where`` and hash it.

    The one reader of the survey's images: bounded by ``CAPS[what]``, checked to be the
    image it must be by its first bytes and, where the survey states a ``sha256``, to
    be the image that was recorded (a swapped image is refused).

    Parameters
    ----------
    r : _Reader
        Collects the problems.
    m : Mapping
        The table holding ``image`` (and ``sha256``).
    where : str
        Its path in the survey (``"photos[2]"``, ``"signatures.final"``).
    image : str
        The file name, relative to ``base``.
    base : str or pathlib.Path or None
        The survey file's folder.
    what : {"signature", "photo"}
        The kind of image.

    Returns
    -------
    tuple of (pathlib.Path, str) or None
        The file and its SHA-256 (hex); ``None`` after a problem.
    """
    import hashlib
    from pathlib import Path

    from sitesurvey._files import FileReadError, read_file

    magics, kind, first_bytes = _KINDS[what]
    path = Path(image)
    if not path.is_absolute() and base is not None:
        path = Path(base) / path
    try:
        content = read_file(path, what=what)
    except FileReadError as exc:
        r.problem(f"{where}.image", f'"{image}" {exc.reason}')
        return None
    if not content:
        r.problem(f"{where}.image", f'"{image}" is empty — capture the {what} again')
        return None
    if not content.startswith(magics):
        r.problem(
            f"{where}.image",
            f'"{image}" is not {kind} (its first bytes are not {first_bytes}) — give the '
            f"{what} as it was captured",
        )
        return None
    digest = hashlib.sha256(content).hexdigest()
    stated = m.get("sha256")
    if stated is not None and (not isinstance(stated, str) or stated.strip().lower() != digest):
        r.problem(
            f"{where}.sha256",
            f'"{image}" has changed since this survey recorded it (its SHA-256 is {digest}, '
            f"the survey says {_shown(stated)}) — put back the {what} that was captured, or "
            "remove sha256 if this is the right one",
        )
        return None
    return path, digest
