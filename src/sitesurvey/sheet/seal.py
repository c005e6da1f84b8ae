"""The network's seal on a design sheet: PAdES signatures and document timestamps.

A service network signs a finished sheet with its own key (:func:`sign_sheet`): a PAdES
baseline signature (B-B; B-T with a time-stamping service) over the whole file, the
customer's captured signature image included, added as an incremental update so the
sheet stays PDF/A-3b. :func:`timestamp_sheet` adds an RFC 3161 document timestamp later
(sign on site with the device's clock, timestamp when back online). :func:`verify_sheet`
checks every signature, the one data attachment, the page count, the printed hash and,
where this version made the sheet, that the signed revision re-renders byte for byte.

pyHanko is an optional dependency (``pip install "sitesurvey[sign]"``) and is imported
only inside these functions: ``size`` and ``check`` never load it.

What a seal proves: that the file has not changed since the key's holder signed it.
Who that holder is, only a certificate from the network's own CA says (``--trust``); a
self-signed key from :func:`make_key` proves integrity, not identity.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
from pathlib import Path
from typing import Any, Literal

from sitesurvey._dataclasses import dataclass, field
from sitesurvey.errors import SiteSurveyError
from sitesurvey.sheet.integrity import ATTACHMENT_NAME, UnreadableSheetError

__all__ = [
    "INSTALL_HINT",
    "SIGNATURE_FIELD",
    "SealError",
    "SealReport",
    "SealUnavailableError",
    "build_revision",
    "make_key",
    "read_passphrase",
    "require_pyhanko",
    "sign_sheet",
    "timestamp_sheet",
    "verify_sheet",
]

#: What to install for signing and for checking signatures.
INSTALL_HINT = 'pip install "sitesurvey[sign]"'
#: Name of the network's signature field on the last page.
SIGNATURE_FIELD = "NetworkSeal"
#: The signature's Prop_Build /App /Name: the application that sealed the sheet.
_APP_NAME = "sitesurvey"
#: The stamp: width and height [pt], gap below the last text, and the page's margins
#: (the sheet's 16 mm left margin and 20 mm bottom margin).
_STAMP_W, _STAMP_H, _STAMP_GAP = 260.0, 54.0, 10.0
_LEFT, _BOTTOM = 45.35, 56.7
#: The fallback when the last page has no room: the strip between footer and body.
_STRIP = (300.0, 35.0, 550.0, 55.0)
_KEY_BITS = 3072
_CERT_YEARS = 10
_TSA_TIMEOUT = 20  # seconds


class SealError(SiteSurveyError):
    """The sheet cannot be signed or timestamped (a draft, not a sheet, a bad key…)."""


class SealUnavailableError(SealError):
    """pyHanko (the ``sign`` extra) is not installed."""


def require_pyhanko() -> None:
    """Import pyHanko, or raise :class:`SealUnavailableError` saying how to install it."""
    try:
        import pyhanko  # noqa: F401
        import pyhanko_certvalidator  # noqa: F401
    except ImportError:
        raise SealUnavailableError(
            f"signing and checking signatures need pyHanko, which is not installed; "
            f"install it with: {INSTALL_HINT}"
        ) from None


def _fonts_digest() -> str:
    """The first 12 hex digits of the SHA-256 over the bundled fonts (name and bytes)."""
    from sitesurvey.sizing.table import data_dir

    digest = hashlib.sha256()
    folder = data_dir("templates") / "fonts"
    for path in sorted(folder.glob("*.[ot]tf")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def build_revision() -> str:
    """What the seal records as the sealing application's revision: this version and
    its fonts (``"0.1.0 fonts:1a2b3c4d5e6f"``); :func:`verify_sheet` re-renders only a
    sheet sealed by the same."""
    from sitesurvey import __version__

    return f"{__version__} fonts:{_fonts_digest()}"


# ----------------------------------------------------------------------------- keys


def make_key(out: str | Path, name: str, passphrase: bytes | None) -> tuple[Path, Path]:
    """Write a self-signed RSA-3072 key and certificate, to try the seal out.

    Parameters
    ----------
    out : str or pathlib.Path
        The PKCS#12 file (mode 0600, written atomically); the certificate goes beside
        it as PEM (same name, ``.pem``) for ``verify --trust``.
    name : str
        The network's name (the certificate's common name and organisation).
    passphrase : bytes or None
        Encrypts the PKCS#12 file; ``None`` leaves it unencrypted.

    Returns
    -------
    tuple of pathlib.Path
        The key file and the certificate file.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    from sitesurvey._files import write_atomic

    name = name.strip()
    if not name or len(name) > 64:
        raise SealError(f'--name: expected the network\'s name, 1 to 64 characters, got "{name}"')
    out = Path(out)
    cert_path = out.with_suffix(".pem")
    if cert_path == out:
        raise SealError(f"--out: {out} ends in .pem; give the key file a .p12 name")
    key = rsa.generate_private_key(public_exponent=65537, key_size=_KEY_BITS)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, name),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * _CERT_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )
    encryption = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    p12 = pkcs12.serialize_key_and_certificates(name.encode("utf-8"), key, cert, None, encryption)
    write_atomic(out, p12, mode=0o600, field="--out", error=SealError)
    os.chmod(out, 0o600)  # the mode is also right when an existing file was replaced
    write_atomic(
        cert_path, cert.public_bytes(serialization.Encoding.PEM), field="--out", error=SealError
    )
    return out, cert_path


def read_passphrase(path: str | None) -> bytes | None:
    """The passphrase in ``path`` (its first line, without the line end), or ``None``.

    Parameters
    ----------
    path : str or None
        The ``--passphrase-file``.
    """
    if path is None:
        return None
    from sitesurvey._files import FileReadError, read_file

    try:
        raw = read_file(path, what="passphrase")
    except FileReadError as exc:
        raise SealError(f"--passphrase-file: {exc}") from None
    line = raw.splitlines()[0] if raw.strip() else b""
    if not line:
        raise SealError(
            f"--passphrase-file: {path} is empty; write the passphrase on its first line"
        )
    return line


def _load_signer(key_path: str | Path, passphrase: bytes | None) -> Any:
    """A pyHanko signer from a PKCS#12 file; an RSA key only (EC P-256 would make the
    file PDF 2.0, and the sheet is PDF/A-3b, PDF 1.7)."""
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.keys.internal import (
        translate_pyca_cryptography_cert_to_asn1,
        translate_pyca_cryptography_key_to_asn1,
    )
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from sitesurvey._files import FileReadError, read_file

    try:
        raw = read_file(key_path, what="key")
    except FileReadError as exc:
        raise SealError(f"--key: {exc}") from None
    if raw.lstrip().startswith(b"-----BEGIN"):
        raise SealError(
            f"--key: {key_path} is a PEM file (a certificate or a bare key), not the .p12 key "
            "file; give the .p12 that `sitesurvey keygen` wrote (its .pem is for --trust)"
        )
    try:
        key, cert, others = pkcs12.load_key_and_certificates(raw, passphrase)
    except (ValueError, TypeError) as exc:
        hint = (
            "check the passphrase file"
            if passphrase
            else "the file is encrypted: give --passphrase-file"
        )
        raise SealError(
            f"--key: {key_path} cannot be opened as a PKCS#12 key file ({exc}); {hint}, or "
            "make a key with `sitesurvey keygen`"
        ) from None
    if key is None or cert is None:
        raise SealError(f"--key: {key_path} holds no private key and certificate")
    if not isinstance(key, rsa.RSAPrivateKey):
        raise SealError(
            f"--key: {key_path} holds a {type(key).__name__.lstrip('_')} key; the seal needs "
            "an RSA key (an EC key would turn the PDF/A-3b sheet into PDF 2.0)"
        )
    store = SimpleCertificateStore()
    store.register_multiple([translate_pyca_cryptography_cert_to_asn1(c) for c in others])
    return SimpleSigner(
        signing_cert=translate_pyca_cryptography_cert_to_asn1(cert),
        signing_key=translate_pyca_cryptography_key_to_asn1(key),
        cert_registry=store,
    )


# --------------------------------------------------------------------------- signing


def _sheet_data(raw: bytes, name: str) -> dict[str, Any]:
    """The sheet's embedded data, or :class:`SealError` for a PDF that is no sheet."""
    from sitesurvey.sheet.integrity import verify_pdf

    try:
        outcome = verify_pdf(raw, name=name)
    except UnreadableSheetError as exc:
        raise SealError(f"not signed: {exc}") from None
    if not outcome.ok:
        raise SealError(
            f"{name}: the sheet's data and its printed hash disagree, not signed ("
            + "; ".join(outcome.problems[:3])
            + ") — render the sheet again with `sitesurvey sheet`"
        )
    from pypdf import PdfReader

    data = PdfReader(io.BytesIO(raw)).attachments[ATTACHMENT_NAME][0]
    try:
        parsed = json.loads(data)
    except ValueError as exc:
        raise SealError(f"{name}: the {ATTACHMENT_NAME} attachment is not JSON ({exc})") from None
    if not isinstance(parsed, dict) or "survey" not in parsed:
        raise SealError(f"{name}: the {ATTACHMENT_NAME} attachment holds no survey")
    return parsed


def _is_draft(data: dict[str, Any]) -> bool:
    """Whether the embedded data marks the survey as not finished.

    The results say ``"draft": true`` for a survey that is incomplete or whose design
    fails (``SurveyResult.draft``); a verdict ``"incomplete"`` marks one too (sheets
    made before the flag existed).
    """
    parts = [data, data.get("survey"), data.get("results")]
    for part in parts:
        if not isinstance(part, dict):
            continue
        if part.get("draft") is True:
            return True
        if part.get("verdict") == "incomplete" or part.get("status") == "incomplete":
            return True
    return False


def _stamp_box(raw: bytes) -> tuple[float, float, float, float]:
    """Where the seal's appearance goes: below the last line of text on the last page,
    in the sheet's signature area; if that page is full, in the strip between the body
    and the footer."""
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(raw)).pages[-1]
    footer_top = 0.05 * float(page.mediabox.height)
    lowest = float(page.mediabox.top)

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        nonlocal lowest
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip() and y > footer_top:
            lowest = min(lowest, y)

    page.extract_text(visitor_text=visit)
    top = lowest - _STAMP_GAP
    if top - _STAMP_H >= _BOTTOM:
        return (_LEFT, top - _STAMP_H, _LEFT + _STAMP_W, top)
    return _STRIP


def _stamp_font(path: Path) -> Any:
    """pyHanko's font factory for the bundled font, reading it from memory.

    ``GlyphAccumulatorFactory`` opens the font file and never closes it (CPython
    reports the leak); this one hands the engine the file's bytes instead.
    """
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

    class _FromBytes(GlyphAccumulatorFactory):
        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> Any:
            if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
                obj_stream = writer.prepare_object_stream()
            return GlyphAccumulator(
                writer=writer,
                font_handle=io.BytesIO(Path(self.font_file).read_bytes()),
                font_size=self.font_size,
                ot_script_tag=self.ot_script_tag,
                ot_language_tag=self.ot_language_tag,
                writing_direction=self.writing_direction,
                bcp47_lang_code=self.bcp47_lang_code,
                obj_stream=obj_stream,
            )

    return _FromBytes(str(path))


def _timestamper(url: str) -> Any:
    from urllib.parse import urlsplit

    from pyhanko.sign.timestamps import HTTPTimeStamper

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SealError(
            f'--tsa: expected the http(s) URL of an RFC 3161 time-stamping service, got "{url}"'
        )
    return HTTPTimeStamper(url, timeout=_TSA_TIMEOUT)


def _writer(raw: bytes) -> Any:
    """An incremental writer over the sheet whose update keeps the PDF/A metadata true.

    pyHanko writes its own name as the XMP ``pdf:Producer`` but appends it to the
    document information's ``/Producer`` ("WeasyPrint 70.0; pyHanko 0.38.0"); PDF/A
    requires the two to agree, so the information entry is set to pyHanko's name
    first (pyHanko then leaves it as it is).
    """
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.metadata.model import VENDOR

    writer = IncrementalPdfFileWriter(io.BytesIO(raw), strict=False)
    info_ref = writer.trailer.raw_get("/Info") if "/Info" in writer.trailer else None
    if isinstance(info_ref, generic.IndirectObject):
        info = info_ref.get_object()
        if info.get("/Producer") != VENDOR:
            info["/Producer"] = generic.TextStringObject(VENDOR)
            writer.mark_update(info_ref)
    return writer


def sign_sheet(
    raw: bytes,
    key_path: str | Path,
    *,
    passphrase: bytes | None = None,
    tsa_url: str | None = None,
    name: str = "<bytes>",
) -> bytes:
    """Seal a sheet with the network's key: PAdES B-B, or B-T with ``tsa_url``.

    Parameters
    ----------
    raw : bytes
        The sheet as :func:`sitesurvey.sheet.render_pdf` made it (it may already carry
        seals; the new one is added after them).
    key_path : str or pathlib.Path
        The network's PKCS#12 key file (RSA).
    passphrase : bytes, optional
        The key file's passphrase.
    tsa_url : str, optional
        An RFC 3161 time-stamping service: the signature gets a trusted time (B-T).
    name : str
        The sheet's file name, for messages.

    Returns
    -------
    bytes
        The signed sheet: the original bytes followed by the signature's update.

    Raises
    ------
    SealError
        Not a sitesurvey sheet (no data attachment, or data and hash disagree), a draft,
        a key that cannot be used, or the time-stamping service failed.
    """
    require_pyhanko()
    data = _sheet_data(raw, name)
    if _has_signature_fields(raw):
        raise SealError(
            f"{name}: this sheet is already sealed; a second seal would make the first one "
            "report a change — keep the sealed sheet as it is (add a later timestamp with "
            "`sitesurvey timestamp`), or seal the unsealed sheet that `sitesurvey sheet` wrote"
        )
    if _is_draft(data):
        raise SealError(
            f"{name}: the survey is a draft (incomplete, or the design fails a rule); a "
            "draft is never signed — finish the survey, render the sheet again and sign that"
        )
    survey = data.get("survey")
    if isinstance(survey, dict) and survey.get("example") is True:
        raise SealError(
            f"{name}: this sheet is the example of `sitesurvey init --example`; an example "
            "is never signed — fill in a survey of the real site and sign its sheet"
        )
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.sign.signers.pdf_byterange import BuildProps
    from pyhanko.stamp import TextStampStyle

    from sitesurvey.i18n import tr
    from sitesurvey.sizing.table import data_dir

    signer = _load_signer(key_path, passphrase)
    timestamper = _timestamper(tsa_url) if tsa_url else None
    font = data_dir("templates") / "fonts" / "NotoSansSC-Regular.otf"
    writer = _writer(raw)
    existing = {name for name, *_ in fields.enumerate_sig_fields(writer)}
    field_name = SIGNATURE_FIELD
    number = 1
    while field_name in existing:
        number += 1
        field_name = f"{SIGNATURE_FIELD}{number}"
    title = "Sealed by the service network"
    zh_title = tr("Sealed by the service network", "zh")
    style = TextStampStyle(
        stamp_text=f"{zh_title} · {title}\n%(signer)s\n%(ts)s",
        text_box_style=TextBoxStyle(font=_stamp_font(font), font_size=8),
        border_width=1,
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=title,
        app_build_props=BuildProps(name=_APP_NAME, revision=build_revision()),
    )
    spec = fields.SigFieldSpec(field_name, on_page=-1, box=_stamp_box(raw))
    pdf_signer = signers.PdfSigner(
        meta, signer, timestamper=timestamper, stamp_style=style, new_field_spec=spec
    )
    out = io.BytesIO()
    try:
        pdf_signer.sign_pdf(writer, output=out)
    except Exception as exc:  # the service, the key or the file: one clear message
        raise SealError(
            f"{name}: the sheet could not be signed ({type(exc).__name__}: {exc})"
        ) from None
    return out.getvalue()


def timestamp_sheet(raw: bytes, tsa_url: str, *, name: str = "<bytes>") -> bytes:
    """Add an RFC 3161 document timestamp to a sheet (PAdES: after the signatures).

    Parameters
    ----------
    raw : bytes
        The sheet, usually already signed.
    tsa_url : str
        The time-stamping service.
    name : str
        The sheet's file name, for messages.

    Returns
    -------
    bytes
        The sheet with the timestamp appended as an incremental update.

    Raises
    ------
    SealError
        Not a sitesurvey sheet, or the service failed.
    """
    require_pyhanko()
    _sheet_data(raw, name)
    from pyhanko.sign import signers

    stamper = signers.PdfTimeStamper(_timestamper(tsa_url))
    out = io.BytesIO()
    try:
        stamper.timestamp_pdf(_writer(raw), "sha256", output=out)
    except Exception as exc:
        raise SealError(
            f"{name}: the timestamp could not be added ({type(exc).__name__}: {exc}); "
            f"check --tsa {tsa_url}"
        ) from None
    return out.getvalue()


# -------------------------------------------------------------------------- verifying


@dataclass(slots=True)
class SealReport:
    """The outcome of :func:`verify_sheet`.

    Attributes
    ----------
    status : {"authentic", "intact_untrusted", "unsigned", "tampered"}
    signatures : list of dict
        Per signature (and document timestamp): ``signer``, ``signed_at``,
        ``timestamp``, ``intact``, ``trusted``, ``covers_whole_file``.
    checks : list of dict
        ``name``, ``result`` (``pass`` / ``fail`` / ``skipped``) and ``detail``.
    hash : sitesurvey.sheet.integrity.Verification
        The printed-hash check of the file as it is.
    """

    status: Literal["authentic", "intact_untrusted", "unsigned", "tampered"]
    signatures: list[dict[str, Any]] = field(default_factory=list)
    checks: list[dict[str, str]] = field(default_factory=list)
    hash: Any = None

    def exit_code(self, require_signature: bool = False) -> int:
        """0 authentic (or unsigned with the hash in agreement, unless a signature is
        required), 1 otherwise."""
        if self.status == "authentic":
            return 0
        if self.status == "unsigned" and not require_signature:
            return 0
        return 1

    def to_dict(self) -> dict[str, Any]:
        out = {
            "status": self.status,
            "signatures": self.signatures,
            "checks": self.checks,
        }
        if self.hash is not None:
            out |= {k: v for k, v in self.hash.to_dict().items() if k != "status"}
        return out


def _has_signature_fields(raw: bytes) -> bool:
    """Whether the PDF holds a filled signature field (read with pypdf, no pyHanko)."""
    from pypdf import PdfReader

    try:
        form = PdfReader(io.BytesIO(raw)).trailer["/Root"].get("/AcroForm")
        fields_ = form.get_object().get("/Fields") if form is not None else None
        for ref in fields_ or ():
            item = ref.get_object()
            if item.get("/FT") == "/Sig" and item.get("/V") is not None:
                return True
    except Exception:
        return b"/ByteRange" in raw
    return b"/ByteRange" in raw


def _load_anchors(paths: tuple[str, ...]) -> list[Any]:
    from asn1crypto import pem, x509

    from sitesurvey._files import FileReadError, read_file

    anchors = []
    for path in paths:
        try:
            raw = read_file(path, what="certificate")
        except FileReadError as exc:
            raise SealError(f"--trust: {exc}") from None
        try:
            blobs = (
                [der for _, _, der in pem.unarmor(raw, multiple=True)] if pem.detect(raw) else [raw]
            )
            found = [x509.Certificate.load(der) for der in blobs]
            for cert in found:
                cert.native  # noqa: B018 — parse it now, not in the middle of a check
        except Exception as exc:
            raise SealError(
                f"--trust: {path} is not a certificate (PEM or DER): {type(exc).__name__}; "
                "give the network's CA certificate, e.g. the .pem `sitesurvey keygen` wrote"
            ) from None
        if not found:
            raise SealError(f"--trust: {path} holds no certificate")
        anchors += found
    return anchors


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _signature_entries(raw: bytes, anchors: list[Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """Validate every signature and document timestamp; ``(entries, problems)``."""
    import logging

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    reader = PdfFileReader(io.BytesIO(raw), strict=False)
    entries: list[dict[str, Any]] = []
    problems: list[str] = []
    sigs = list(reader.embedded_signatures)
    # the revisions each document timestamp signed: the only updates allowed after a
    # signature (pyHanko's own policy also lets metadata and annotations through)
    stamped = {s.signed_revision for s in sigs if s.sig_object_type == "/DocTimeStamp"}
    revisions = reader.xrefs.total_revisions
    for number, sig in enumerate(sigs, start=1):
        context = ValidationContext(trust_roots=list(anchors), allow_fetching=False)
        is_ts = sig.sig_object_type == "/DocTimeStamp"
        try:
            if is_ts:
                status = validate_pdf_timestamp(sig, validation_context=context)
            else:
                status = validate_pdf_signature(sig, signer_validation_context=context)
        except (SignatureValidationError, ValueError, KeyError, TypeError) as exc:
            problems.append(f"signature {number}: cannot be validated ({exc})")
            entries.append(
                {
                    "signer": None,
                    "signed_at": None,
                    "timestamp": None,
                    "intact": False,
                    "trusted": False,
                    "covers_whole_file": False,
                }
            )
            continue
        intact = bool(status.intact and status.valid)
        trusted = bool(intact and status.trusted)
        # after this signature, only document timestamps (and their validation data)
        later_ok = status.modification_level is not None and (
            status.modification_level <= ModificationLevel.LTA_UPDATES
        )
        later_stamped = all(r in stamped for r in range(sig.signed_revision + 1, revisions))
        whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
            status.coverage == SignatureCoverageLevel.ENTIRE_REVISION and later_ok and later_stamped
        )
        if is_ts:
            timestamp = _when(status.timestamp)
            signed_at = None
        else:
            validity = status.timestamp_validity
            timestamp = _when(validity.timestamp) if validity is not None else None
            signed_at = _when(status.signer_reported_dt)
        signer = status.signing_cert.subject.human_friendly
        entries.append(
            {
                "signer": signer,
                "signed_at": signed_at,
                "timestamp": timestamp,
                "intact": intact,
                "trusted": trusted,
                "covers_whole_file": bool(whole),
            }
        )
        what = "document timestamp" if is_ts else "signature"
        if not intact:
            problems.append(f"{what} {number} ({signer}): the signed bytes have changed")
        elif not whole:
            problems.append(
                f"{what} {number} ({signer}): the file was changed after it was signed "
                "(an update that is not a document timestamp)"
            )
        if not is_ts and status.timestamp_validity is not None:
            ts = status.timestamp_validity
            if not (ts.intact and ts.valid):
                problems.append(f"signature {number}: its timestamp token is damaged")
    tail = raw[raw.rfind(b"%%EOF") + 5 :] if b"%%EOF" in raw else raw
    if sigs and tail.strip():
        # a PDF reader ignores bytes after the end, but the signed file is not the file
        for entry in entries:
            entry["covers_whole_file"] = False
        problems.append(f"{len(tail.strip())} bytes were appended after the end of the signed file")
    return entries, problems


def _rerender_check(raw: bytes) -> dict[str, str]:
    """Whether the first signed revision is exactly what this version renders from its
    data (then no page can say anything but the data). Skipped, with why, when another
    version or other fonts sealed the sheet."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    def result(outcome: str, detail: str) -> dict[str, str]:
        return {"name": "rerender", "result": outcome, "detail": detail}

    reader = PdfFileReader(io.BytesIO(raw), strict=False)
    sigs = [s for s in reader.embedded_signatures if s.sig_object_type != "/DocTimeStamp"]
    if not sigs:
        return result("skipped", "no signature: nothing records which version made the sheet")
    first = min(sigs, key=lambda s: s.signed_revision)
    build = first.sig_object.get("/Prop_Build")
    app = build.get("/App") if build is not None else None
    app_name = str(app.get("/Name", "")).lstrip("/") if app is not None else ""
    made_by = str(app.get("/REx", "")) if app is not None else ""
    if app_name != _APP_NAME or not made_by:
        return result("skipped", "the signature does not say that sitesurvey sealed the sheet")
    here = build_revision()
    if made_by != here:
        return result(
            "skipped",
            f"sealed by sitesurvey {made_by}; this is {here}: another version or other fonts "
            "lay the pages out differently",
        )
    if first.signed_revision != 1:
        return result(
            "fail",
            f"the file was changed {first.signed_revision - 1} time(s) between the render "
            "and the first signature",
        )
    from pypdf import PdfReader

    from sitesurvey.survey import parse_survey

    pypdf_reader = PdfReader(io.BytesIO(raw))
    data = json.loads(pypdf_reader.attachments[ATTACHMENT_NAME][0])
    lang = str(pypdf_reader.trailer["/Root"].get("/Lang", "zh"))
    lang = "en" if lang.startswith("en") else "zh"
    # a redacted survey's data is already masked (masking it again changes nothing);
    # only the banner on the page says that the copy is redacted
    redacted = data["survey"].get("signature") is None and set(
        str(data["survey"].get("customer", {}).get("address", ""))
    ) == {"*"}
    try:
        survey = parse_survey(data["survey"], source=ATTACHMENT_NAME)
    except SiteSurveyError as exc:
        return result("fail", f"the embedded survey does not read back: {exc}")
    from sitesurvey.sheet.render import render_pdf

    again = render_pdf(survey, lang=lang, redact=redacted)
    # revision 0 is the render, revision 1 the first signature: the file starts with
    # exactly the bytes this version renders
    if raw.startswith(again):
        return result("pass", f"the signed revision re-renders byte for byte ({here})")
    return result(
        "fail",
        "the signed pages differ from what the embedded data renders to with the shipped "
        "tariff (a sheet made with --tariff does too)",
    )


def verify_sheet(
    source: str | Path | bytes,
    *,
    trust: tuple[str, ...] = (),
    rerender: bool = True,
) -> SealReport:
    """Check a sheet's seals, its data attachment, page count and printed hash.

    Parameters
    ----------
    source : str, pathlib.Path or bytes
        The sheet.
    trust : tuple of str
        Certificate files (PEM or DER) of the trust anchors: the network's CA.
    rerender : bool
        Whether to re-render the signed revision (about two seconds).

    Returns
    -------
    SealReport
        ``authentic`` (every signature intact, covering the file, chained to an anchor,
        and every other check passed), ``intact_untrusted`` (the same, but a signer is
        not chained to an anchor), ``unsigned`` (no signature; the hash checks passed),
        or ``tampered``.

    Raises
    ------
    UnreadableSheetError
        Not a readable sheet.
    SealUnavailableError
        The sheet is signed and pyHanko is not installed.
    SealError
        A ``--trust`` file cannot be used.
    """
    from sitesurvey._files import FileReadError, read_file
    from sitesurvey.sheet.integrity import verify_pdf

    name = "<bytes>" if isinstance(source, bytes) else str(source)
    try:
        raw = source if isinstance(source, bytes) else read_file(source, what="sheet")
    except FileReadError as exc:
        raise UnreadableSheetError(str(exc)) from None
    base = verify_pdf(raw, name=name)
    checks = list(base.checks)
    signed = _has_signature_fields(raw)
    if not signed:
        if trust:
            require_pyhanko()
            _load_anchors(trust)  # a bad --trust is still an error
        checks.insert(
            0, {"name": "signatures", "result": "skipped", "detail": "the sheet is not signed"}
        )
        checks.append(
            {"name": "rerender", "result": "skipped", "detail": "the sheet is not signed"}
        )
        return SealReport(status="unsigned" if base.ok else "tampered", checks=checks, hash=base)
    try:
        require_pyhanko()
    except SealUnavailableError:
        raise SealUnavailableError(
            f"{name} is signed; checking its signatures needs pyHanko: {INSTALL_HINT}"
        ) from None
    anchors = _load_anchors(trust)
    try:
        entries, problems = _signature_entries(raw, anchors)
    except SealError:
        raise
    except Exception as exc:  # a signature pyHanko cannot even parse: damaged
        entries, problems = [], [f"the signatures cannot be read ({type(exc).__name__}: {exc})"]
    if not entries and not problems:
        problems.append("a signature field is filled but holds no signature")
    checks.insert(
        0,
        {
            "name": "signatures",
            "result": "fail" if problems else "pass",
            "detail": "; ".join(problems)
            if problems
            else f"{len(entries)} intact, covering the file",
        },
    )
    if rerender and not problems and base.ok:
        try:
            checks.append(_rerender_check(raw))
        except Exception as exc:
            checks.append(
                {"name": "rerender", "result": "skipped", "detail": f"{type(exc).__name__}: {exc}"}
            )
    else:
        why = "not asked for" if not rerender else "other checks failed already"
        checks.append({"name": "rerender", "result": "skipped", "detail": why})
    if any(c["result"] == "fail" for c in checks):
        status = "tampered"
    elif all(e["trusted"] for e in entries):
        status = "authentic"
    else:
        status = "intact_untrusted"
    return SealReport(status=status, signatures=entries, checks=checks, hash=base)
