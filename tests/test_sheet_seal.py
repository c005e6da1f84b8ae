"""The network's seal (sheet/seal.py, cli/sign.py, cli/keygen.py, cli/timestamp.py, verify).

Signed sheets are made once per module (fixtures marked slow render PDFs); an RFC 3161
time-stamping service runs on 127.0.0.1: ``openssl ts -reply`` behind ``http.server``.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import threading
import tomllib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("pyhanko")

from sitesurvey.cli import main
from sitesurvey.sheet import seal
from sitesurvey.sheet.integrity import ATTACHMENT_NAME, canonical_json, sha256_hex
from sitesurvey.sizing.table import data_dir

EXAMPLE = data_dir("templates") / "survey-example.toml"
OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"


# ------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def keys(tmp_path_factory) -> dict[str, Path]:
    """The network's key and another network's key (self-signed, with their .pem)."""
    folder = tmp_path_factory.mktemp("keys")
    network, network_pem = seal.make_key(folder / "network.p12", "Tianhe network", None)
    other, other_pem = seal.make_key(folder / "other.p12", "Someone else", b"secret")
    return {"network": network, "network_pem": network_pem, "other": other, "other_pem": other_pem}


class _TSAHandler(BaseHTTPRequestHandler):
    """Answers an RFC 3161 request by ``openssl ts -reply`` with the test TSA's key."""

    folder: Path

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        query = self.rfile.read(length)
        request = self.folder / f"q{threading.get_ident()}.tsq"
        reply = request.with_suffix(".tsr")
        request.write_bytes(query)
        subprocess.run(
            [OPENSSL, "ts", "-reply", "-config", str(self.folder / "tsa.cnf"),
             "-queryfile", str(request), "-inkey", str(self.folder / "tsa.key"),
             "-signer", str(self.folder / "tsa.crt"), "-chain", str(self.folder / "ca.crt"),
             "-out", str(reply)],
            check=True, capture_output=True,
        )  # fmt: skip
        body = reply.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def tsa(tmp_path_factory):
    """A time-stamping service on 127.0.0.1: ``(url, CA certificate path)``."""
    if not Path(OPENSSL).exists():
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tsa")
    (folder / "tsa.cnf").write_text(
        "[ tsa ]\ndefault_tsa = tsa_config\n[ tsa_config ]\n"
        f"dir = {folder}\nserial = $dir/serial\ncrypto_device = builtin\n"
        "default_policy = 1.2.3.4.1\ndigests = sha256, sha512\naccuracy = secs:1\n"
        "ordering = yes\ntsa_name = no\ness_cert_id_chain = no\n"
        "ess_cert_id_alg = sha256\nsigner_digest = sha256\n"
        "[ ext ]\nextendedKeyUsage = critical,timeStamping\nkeyUsage = critical,digitalSignature\n"
        "basicConstraints = CA:FALSE\n"
    )
    (folder / "serial").write_text("01\n")

    def ssl(*args: str) -> None:
        subprocess.run([OPENSSL, *args], cwd=folder, check=True, capture_output=True)

    ssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
        "-days", "30", "-subj", "/CN=Test TSA CA")  # fmt: skip
    ssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr",
        "-subj", "/CN=Test TSA")  # fmt: skip
    ssl("x509", "-req", "-in", "tsa.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "tsa.crt", "-days", "30", "-extfile", "tsa.cnf",
        "-extensions", "ext")  # fmt: skip
    handler = type("Handler", (_TSAHandler,), {"folder": folder})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", folder / "ca.crt"
    server.shutdown()
    server.server_close()


def _survey(**changes):
    from sitesurvey.survey import parse_survey

    raw = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    raw.pop("example")  # a real site's survey: an example is never signed
    for path, value in changes.items():
        table, key = path.split("__")
        raw[table][key] = value
    return parse_survey(raw, source=EXAMPLE)


@pytest.fixture(scope="module")
def sheets(keys) -> dict[str, bytes]:
    """Three renders: the genuine sheet, one from changed data, and one whose text holds
    an emoji, a control character and a ``sha256:``-like string; the genuine one signed."""
    from sitesurvey.sheet.render import render_pdf

    genuine = render_pdf(_survey(), lang="zh")
    changed = render_pdf(_survey(customer__name="王五"), lang="zh")
    odd = render_pdf(
        _survey(
            customer__name="小丽🌸\u200b",
            job__service_network="sha256:" + sha256_hex(b"x") + " 网点",
        ),
        lang="en",
    )
    return {
        "genuine": genuine,
        "signed": seal.sign_sheet(genuine, keys["network"]),
        "changed": changed,
        "odd": odd,
    }


def _verify(pdf: bytes, tmp_path: Path, *args: str):
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    result = CliRunner().invoke(main, ["verify", str(path), "--json", *args])
    return result.exit_code, json.loads(result.stdout) if result.stdout else {}


# ------------------------------------------------------------------- tamper helpers


def _incremental(pdf: bytes, edit) -> bytes:
    """``pdf`` with ``edit(writer)`` appended as an incremental update (pypdf)."""
    from pypdf import PdfWriter

    writer = PdfWriter(io.BytesIO(pdf), incremental=True)
    edit(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _rewrite(pdf: bytes, edit) -> bytes:
    """``pdf`` read and written anew by pypdf after ``edit(writer)``."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    edit(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _edit_text(writer) -> None:
    """Change one glyph of the first page's text (as "4 mm²" → "6 mm²" would)."""
    from pypdf.generic import ContentStream, NameObject

    page = writer.pages[0]
    content = page.get_contents()
    data = content.get_data()
    found = re.search(rb"<([0-9a-fA-F]{4})", data)
    code = int(found[1], 16)
    edited = data[: found.start(1)] + b"%04x" % (code ^ 1) + data[found.end(1) :]
    stream = ContentStream(None, writer)
    stream.set_data(edited)
    page[NameObject("/Contents")] = writer._add_object(stream)


def _overlay(writer) -> None:
    from pypdf.generic import ArrayObject, ContentStream, NameObject

    page = writer.pages[0]
    cover = ContentStream(None, writer)
    cover.set_data(b"q 1 1 1 rg 40 600 200 40 re f Q")
    contents = page.raw_get("/Contents")
    page[NameObject("/Contents")] = ArrayObject([contents, writer._add_object(cover)])


def _annotate(writer) -> None:
    from pypdf.annotations import FreeText

    writer.add_annotation(0, FreeText(text="6 mm²", rect=(50, 550, 200, 600)))


def _remove_page(writer) -> None:
    from pypdf.generic import NameObject, NumberObject

    pages = writer.root_object["/Pages"].get_object()
    kids = pages["/Kids"]
    del kids[2]
    pages[NameObject("/Count")] = NumberObject(len(kids))


def _second_attachment(writer) -> None:
    writer.add_attachment(ATTACHMENT_NAME, b'{"survey":{"customer":{"name":"forged"}}}')


def _metadata(writer) -> None:
    writer.add_metadata({"/Title": "another sheet"})


def _sig_widget(writer):
    for annot in writer.pages[-1].get("/Annots") or ():
        annot = annot.get_object()
        if annot.get("/FT") == "/Sig" or str(annot.get("/T", "")).startswith("NetworkSeal"):
            return annot
    raise AssertionError("no signature widget on the last page")


def _move_field(writer) -> None:
    from pypdf.generic import ArrayObject, FloatObject, NameObject

    widget = _sig_widget(writer)
    rect = [float(v) for v in widget["/Rect"]]
    widget[NameObject("/Rect")] = ArrayObject(FloatObject(v + 200) for v in rect)


def _fonts(xobject, depth: int = 0) -> list[tuple[str, bool]]:
    """``(BaseFont, embedded)`` of every font a form XObject and its children use."""
    found = []
    resources = (xobject.get("/Resources") or {}).get_object() if depth < 8 else {}
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        parts = [font, *(f.get_object() for f in font.get("/DescendantFonts") or ())]
        descriptors = [p["/FontDescriptor"].get_object() for p in parts if "/FontDescriptor" in p]
        embedded = any(
            k in d for d in descriptors for k in ("/FontFile", "/FontFile2", "/FontFile3")
        )
        found.append((str(font["/BaseFont"]), embedded))
    for child in (resources.get("/XObject") or {}).values():
        found += _fonts(child.get_object(), depth + 1)
    return found


def _remove_signature(writer) -> None:
    from pypdf.generic import ArrayObject, NameObject

    widget = _sig_widget(writer)
    page = writer.pages[-1]
    page[NameObject("/Annots")] = ArrayObject(
        a for a in page["/Annots"] if a.get_object() is not widget
    )
    form = writer.root_object["/AcroForm"]
    form[NameObject("/Fields")] = ArrayObject(
        f for f in form["/Fields"] if f.get_object().get("/FT") != "/Sig"
    )


def _replace_data(pdf: bytes) -> bytes:
    """The data changed and its hash recomputed in the metadata (pypdf rewrite)."""
    from pypdf.generic import NameObject, NumberObject

    forged = canonical_json({"survey": {"customer": {"name": "王五"}}, "results": {}})

    def edit(writer) -> None:
        names = writer.root_object["/Names"]["/EmbeddedFiles"]["/Names"]
        stream = names[1].get_object()["/EF"]["/F"].get_object()
        stream.set_data(forged)
        stream.get("/Params").get_object()[NameObject("/Size")] = NumberObject(len(forged))
        writer.add_metadata({"/Keywords": "sha256:" + sha256_hex(forged)})

    return _rewrite(pdf, edit)


def _damage_signature(pdf: bytes) -> bytes:
    at = pdf.rindex(b"/Contents <") + len(b"/Contents <") + 200
    flipped = b"0" if pdf[at : at + 1] != b"0" else b"1"
    return pdf[:at] + flipped + pdf[at + 1 :]


TAMPERS = {
    "page text edited": lambda s, k, sh: _incremental(s, _edit_text),
    "page text edited, file rewritten": lambda s, k, sh: _rewrite(s, _edit_text),
    "overlay by incremental update": lambda s, k, sh: _incremental(s, _overlay),
    "annotation added": lambda s, k, sh: _incremental(s, _annotate),
    "a page removed": lambda s, k, sh: _incremental(s, _remove_page),
    "a page removed, file rewritten": lambda s, k, sh: _rewrite(s, _remove_page),
    "second attachment with the same name": lambda s, k, sh: _incremental(s, _second_attachment),
    "data replaced, hash recomputed": lambda s, k, sh: _replace_data(s),
    "re-render from changed data signed by another key": lambda s, k, sh: seal.sign_sheet(
        sh["changed"], k["other"], passphrase=b"secret"
    ),
    "signature bytes damaged": lambda s, k, sh: _damage_signature(s),
    "truncated": lambda s, k, sh: s[: len(s) - 1500],
    "metadata changed": lambda s, k, sh: _incremental(s, _metadata),
    "signature field moved": lambda s, k, sh: _incremental(s, _move_field),
    "signature removed (incremental)": lambda s, k, sh: _incremental(s, _remove_signature),
    "bytes appended after the end": lambda s, k, sh: s + b"\n%junk\n",
}


# ------------------------------------------------------------------------ the seal


@pytest.mark.slow
def test_signed_sheet_is_authentic_against_its_ca_and_stays_pdfa(sheets, keys, tmp_path):
    from pypdf import PdfReader

    signed = sheets["signed"]
    assert signed.startswith(sheets["genuine"])  # an incremental update: nothing rewritten
    reader = PdfReader(io.BytesIO(signed))
    assert signed.startswith(b"%PDF-1.7")
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert reader.metadata["/Producer"] == reader.xmp_metadata.pdf_producer
    assert list(reader.attachments) == [ATTACHMENT_NAME]
    # the stamp is set in the bundled font, embedded, not in Courier
    from pypdf import PdfWriter

    widget = _sig_widget(PdfWriter(clone_from=reader))
    fonts = _fonts(widget["/AP"]["/N"].get_object())
    assert fonts and all("NotoSansSC" in name and embedded for name, embedded in fonts), fonts

    code, report = _verify(signed, tmp_path, "--trust", str(keys["network_pem"]))
    assert (code, report["status"]) == (0, "authentic"), report
    [sig] = report["signatures"]
    assert set(sig) == {"signer", "signed_at", "timestamp", "intact", "trusted",
                        "covers_whole_file"}  # fmt: skip
    assert sig["intact"] and sig["trusted"] and sig["covers_whole_file"]
    assert "Tianhe network" in sig["signer"] and sig["signed_at"] and sig["timestamp"] is None
    checks = {c["name"]: c["result"] for c in report["checks"]}
    assert checks == {"signatures": "pass", "attachment": "pass", "page_count": "pass",
                      "hash": "pass", "rerender": "pass"}  # fmt: skip


@pytest.mark.slow
def test_self_signed_without_trust_is_intact_untrusted(sheets, keys, tmp_path):
    code, report = _verify(sheets["signed"], tmp_path)
    assert (code, report["status"]) == (1, "intact_untrusted")
    code, report = _verify(sheets["signed"], tmp_path, "--trust", str(keys["other_pem"]))
    assert (code, report["status"]) == (1, "intact_untrusted")
    result = CliRunner().invoke(main, ["verify", str(tmp_path / "sheet.pdf")])
    assert "SIGNER NOT TRUSTED" in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(TAMPERS))
def test_tamper_matrix(sheets, keys, kind, tmp_path):
    """Every change after the network signed is caught: never exit 0, never authentic."""
    tampered = TAMPERS[kind](sheets["signed"], keys, sheets)
    code, report = _verify(tampered, tmp_path, "--trust", str(keys["network_pem"]))
    assert code != 0, report
    assert report["status"] in {"tampered", "unreadable", "intact_untrusted"}, report
    if kind.startswith("re-render"):
        # a genuine render, intact, but not by the network
        assert report["status"] == "intact_untrusted"
        assert not report["signatures"][0]["trusted"]
    elif kind != "truncated":
        assert report["status"] == "tampered", report


@pytest.mark.slow
def test_signature_removed_by_rewrite_needs_require_signature(sheets, keys, tmp_path):
    """A rewrite without the signature is an unsigned sheet: --require-signature fails it."""
    stripped = _rewrite(sheets["signed"], _remove_signature)
    code, report = _verify(stripped, tmp_path, "--require-signature")
    assert report["status"] in {"unsigned", "tampered"}
    assert code == 1


@pytest.mark.slow
def test_no_false_alarm_on_emoji_control_and_lookalike_text(sheets, keys, tmp_path):
    signed = seal.sign_sheet(sheets["odd"], keys["network"])
    code, report = _verify(signed, tmp_path, "--trust", str(keys["network_pem"]))
    assert (code, report["status"]) == (0, "authentic"), report
    assert {c["name"]: c["result"] for c in report["checks"]}["rerender"] == "pass"
    code, report = _verify(sheets["odd"], tmp_path)
    assert (code, report["status"]) == (0, "unsigned")


@pytest.mark.slow
def test_unsigned_sheet_verifies_as_before(sheets, tmp_path):
    code, report = _verify(sheets["genuine"], tmp_path)
    assert (code, report["status"]) == (0, "unsigned")
    assert report["signatures"] == [] and report["problems"] == []
    code, report = _verify(sheets["genuine"], tmp_path, "--require-signature")
    assert (code, report["status"]) == (1, "unsigned")
    result = CliRunner().invoke(main, ["verify", str(tmp_path / "sheet.pdf")])
    assert result.exit_code == 0 and result.stdout.startswith("OK: the embedded data")


@pytest.mark.slow
def test_unsigned_page_removed_or_second_attachment_is_a_mismatch(sheets, tmp_path):
    """The issue's two unsigned forgeries: a page deleted, and forged data under the
    same attachment name after the real one."""
    for forged in (
        _rewrite(sheets["genuine"], _remove_page),
        _incremental(sheets["genuine"], _second_attachment),
    ):
        code, report = _verify(forged, tmp_path)
        assert (code, report["status"]) == (1, "tampered"), report


# ------------------------------------------------------------------ timestamps (TSA)


@pytest.mark.slow
def test_b_t_signature_and_a_later_document_timestamp_over_http(sheets, keys, tsa, tmp_path):
    url, tsa_ca = tsa
    with pytest.raises(seal.SealError, match="could not be signed"):  # nobody listens
        seal.sign_sheet(sheets["genuine"], keys["network"], tsa_url="http://127.0.0.1:9/")
    signed = seal.sign_sheet(sheets["genuine"], keys["network"], tsa_url=url)
    trust = ("--trust", str(keys["network_pem"]), "--trust", str(tsa_ca))
    code, report = _verify(signed, tmp_path, *trust)
    assert (code, report["status"]) == (0, "authentic"), report
    assert report["signatures"][0]["timestamp"]

    path = tmp_path / "later.pdf"
    path.write_bytes(sheets["signed"])
    result = CliRunner().invoke(main, ["timestamp", str(path), "--tsa", url])
    assert result.exit_code == 0, result.stderr
    code, report = _verify(path.read_bytes(), tmp_path, *trust)
    assert (code, report["status"]) == (0, "authentic"), report
    sig, stamp = report["signatures"]
    assert sig["covers_whole_file"] and stamp["covers_whole_file"] and stamp["timestamp"]
    assert stamp["signed_at"] is None and "Test TSA" in stamp["signer"]
    # without the TSA's CA the timestamp is not trusted
    code, report = _verify(path.read_bytes(), tmp_path, "--trust", str(keys["network_pem"]))
    assert (code, report["status"]) == (1, "intact_untrusted")
    # and a change after the timestamp is caught
    code, report = _verify(_incremental(path.read_bytes(), _annotate), tmp_path, *trust)
    assert (code, report["status"]) == (1, "tampered")


def test_timestamp_refuses_a_damaged_pdf_and_a_bad_url(tmp_path, assert_clean_error):
    pdf = tmp_path / "s.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    result = CliRunner().invoke(main, ["timestamp", str(pdf), "--tsa", "http://127.0.0.1:9/"])
    assert_clean_error(result, "not signed", "damaged PDF")
    with pytest.raises(seal.SealError, match="--tsa: expected the http"):
        seal._timestamper("ftp://tsa.example/")


# --------------------------------------------------------------- refusals, the CLI


def test_keygen_writes_a_0600_key_and_a_pem(tmp_path):
    pass_file = tmp_path / "pass.txt"
    pass_file.write_text("s3cret\n")
    out = tmp_path / "net.p12"
    result = CliRunner().invoke(
        main, ["keygen", "--out", str(out), "--name", "网点", "--passphrase-file", str(pass_file)]
    )
    assert result.exit_code == 0, result.stderr
    assert out.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "net.pem").read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
    assert "network's own CA" in result.stderr
    from cryptography.hazmat.primitives.serialization import pkcs12

    key, cert, _ = pkcs12.load_key_and_certificates(out.read_bytes(), b"s3cret")
    assert key.key_size == 3072 and cert.subject == cert.issuer


def _pdf_without_attachment() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_sign_refuses_a_pdf_that_is_not_a_sheet(tmp_path, keys, assert_clean_error):
    pdf = tmp_path / "other.pdf"
    pdf.write_bytes(_pdf_without_attachment())
    result = CliRunner().invoke(main, ["sign", str(pdf), "--key", str(keys["network"])])
    assert_clean_error(result, "not signed", "not a sitesurvey design sheet")
    assert pdf.read_bytes() == _pdf_without_attachment()


@pytest.mark.parametrize(
    "data",
    [
        {"survey": {}, "results": {"verdict": "incomplete"}},
        {"survey": {"draft": True}, "results": {}},
        {"draft": True, "survey": {}, "results": {}},
    ],
)
def test_sign_refuses_a_draft(monkeypatch, keys, data):
    monkeypatch.setattr(seal, "_sheet_data", lambda raw, name: data)
    with pytest.raises(seal.SealError, match="draft"):
        seal.sign_sheet(b"%PDF-1.7", keys["network"])


def test_finished_survey_is_not_a_draft():
    assert not seal._is_draft({"survey": {"draft": False}, "results": {"status": "pass"}})


def test_wrong_passphrase_and_ec_key_are_clean_errors(tmp_path, keys, monkeypatch):
    monkeypatch.setattr(seal, "_sheet_data", lambda raw, name: {"survey": {}})
    with pytest.raises(seal.SealError, match="passphrase-file"):
        seal.sign_sheet(b"%PDF-1.7", keys["other"])
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.serialization import NoEncryption, pkcs12
    from cryptography.x509.oid import NameOID

    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ec")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(1).not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1)).sign(key, hashes.SHA256())
    )  # fmt: skip
    path = tmp_path / "ec.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(b"ec", key, cert, None, NoEncryption()))
    with pytest.raises(seal.SealError, match="RSA key"):
        seal.sign_sheet(b"%PDF-1.7", path)


def test_bad_trust_file_is_exit_2(tmp_path, assert_clean_error):
    junk = tmp_path / "ca.pem"
    junk.write_text("not a certificate")
    sheet = tmp_path / "s.pdf"
    sheet.write_bytes(_pdf_without_attachment())
    result = CliRunner().invoke(main, ["verify", str(sheet), "--trust", str(junk)])
    assert result.exit_code == 2


@pytest.mark.parametrize(
    "argv",
    [
        ["keygen", "--out", "{tmp}/k.p12", "--name", "n"],
        ["sign", "{tmp}/s.pdf", "--key", "{tmp}/k.p12"],
        ["timestamp", "{tmp}/s.pdf", "--tsa", "http://127.0.0.1:9/"],
    ],
)
def test_without_the_extra_the_commands_say_how_to_install(
    tmp_path, monkeypatch, argv, assert_clean_error
):
    monkeypatch.setitem(sys.modules, "pyhanko", None)
    args = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    result = CliRunner().invoke(main, args)
    assert_clean_error(result, 'pip install "sitesurvey[sign]"')
    assert not (tmp_path / "k.p12").exists()


def test_check_loads_no_pyhanko(tmp_path):
    code = (
        "import sys\n"
        "from sitesurvey.cli import main\n"
        "try:\n"
        f"    main(['check', {str(EXAMPLE)!r}], standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('pyhanko' in sys.modules)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert proc.stdout.strip().splitlines()[-1] == "False", proc.stderr


@pytest.mark.parametrize(
    ("survey", "draft"),
    [("minimal.toml", True), ("weak-flat.toml", True), ("house-18kw.toml", False)],
)
def test_the_embedded_data_marks_real_drafts(survey, draft):
    """What sign reads is what the sheet embeds: an incomplete survey (minimal) and one
    whose design fails a rule (the weak flat's runs) are drafts; the house is not."""
    from pathlib import Path

    from sitesurvey.rules import check_survey
    from sitesurvey.sheet.context import sheet_data
    from sitesurvey.survey import load_survey

    path = Path(__file__).parent / "golden" / "surveys" / survey
    loaded = load_survey(path)
    data = sheet_data(loaded, check_survey(loaded))
    assert seal._is_draft(data) is draft


def test_sign_refuses_an_example(monkeypatch, keys):
    monkeypatch.setattr(
        seal, "_sheet_data", lambda raw, name: {"survey": {"example": True}, "results": {}}
    )
    with pytest.raises(seal.SealError, match="example"):
        seal.sign_sheet(b"%PDF-1.7", keys["network"])


@pytest.mark.slow
def test_a_sealed_sheet_is_not_sealed_twice(sheets, keys, tmp_path):
    """Sealing again would make the first seal report a change: refused, file untouched."""
    path = tmp_path / "sealed.pdf"
    path.write_bytes(sheets["signed"])
    result = CliRunner().invoke(main, ["sign", str(path), "--key", str(keys["network"])])
    assert result.exit_code == 2 and "already sealed" in result.stderr
    assert path.read_bytes() == sheets["signed"]


def test_a_pem_given_as_the_key_says_which_file_to_give(keys, monkeypatch):
    monkeypatch.setattr(seal, "_sheet_data", lambda raw, name: {"survey": {}, "results": {}})
    monkeypatch.setattr(seal, "_has_signature_fields", lambda raw: False)
    with pytest.raises(seal.SealError, match=r"is a PEM file .* not the \.p12"):
        seal.sign_sheet(b"%PDF-1.7", keys["network_pem"])
