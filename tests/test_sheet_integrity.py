"""Canonical JSON and the hash check (the PDF round trip is in test_sheet_render.py)."""

from __future__ import annotations

import hashlib
import json
import math
import os

import pytest

from sitesurvey._files import CAPS
from sitesurvey.sheet.integrity import UnreadableSheetError, canonical_json, sha256_hex, verify_pdf


def test_canonical_json_fixed_rules():
    data = {"b": 1, "a": {"z": 0.1, "y": 2.0}, "名": "王丽", "l": [1e-07, 1e22, -0.0]}
    text = canonical_json(data).decode("utf-8")
    assert text == '{"a":{"y":2.0,"z":0.1},"b":1,"l":[1e-07,1e+22,-0.0],"名":"王丽"}'


def test_canonical_json_is_utf8_without_escapes():
    raw = canonical_json({"address": "广州市"})
    assert raw == '{"address":"广州市"}'.encode()
    assert b"\\u" not in raw


def test_floats_round_trip_exactly():
    values = [0.1, 1 / 3, 2.55, 1e-300, 123456789.123456789, 5e-324]
    back = json.loads(canonical_json(values))
    assert back == values
    assert all(type(v) is float for v in back)


def test_key_order_does_not_matter():
    assert canonical_json({"a": 1, "b": 2}) == canonical_json({"b": 2, "a": 1})


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_nan_and_infinity_refused(bad):
    with pytest.raises(ValueError):
        canonical_json({"x": bad})


def test_sha256_hex():
    assert sha256_hex(b"abc") == hashlib.sha256(b"abc").hexdigest()


def test_verify_refuses_non_pdf(tmp_path):
    path = tmp_path / "note.pdf"
    path.write_text("not a pdf at all")
    with pytest.raises(UnreadableSheetError, match="not a PDF"):
        verify_pdf(path)


def test_verify_refuses_missing_file(tmp_path):
    with pytest.raises(UnreadableSheetError, match="cannot read"):
        verify_pdf(tmp_path / "missing.pdf")


def test_verify_refuses_truncated_pdf():
    with pytest.raises(UnreadableSheetError):
        verify_pdf(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")


def _pdf_with_attachment(stored: bytes, *, flate: bool) -> bytes:
    """A one-page PDF (no printed hash) whose sheet attachment stores ``stored`` as is."""
    import io

    from pypdf import PdfWriter
    from pypdf.generic import NameObject

    from sitesurvey.sheet.integrity import ATTACHMENT_NAME

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.add_attachment(ATTACHMENT_NAME, b"{}")
    names = writer.root_object["/Names"]["/EmbeddedFiles"]["/Names"]
    stream = names[1].get_object()["/EF"]["/F"].get_object()
    stream.set_data(stored)
    if flate:
        stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_damaged_compressed_attachment_is_unreadable():
    """Its first two bytes flipped, the stream cannot be inflated: a damaged file (exit 2),
    not data that hashes to sha256 of empty input."""
    import zlib

    packed = zlib.compress(b'{"a":1}')
    damaged = bytes([packed[0] ^ 0xFF, packed[1] ^ 0xFF]) + packed[2:]
    with pytest.raises(UnreadableSheetError, match="attachment is damaged"):
        verify_pdf(_pdf_with_attachment(damaged, flate=True))
    # the last bytes (the Adler-32 check) changed: damaged too
    with pytest.raises(UnreadableSheetError, match="attachment is damaged"):
        verify_pdf(_pdf_with_attachment(packed[:-1] + bytes([packed[-1] ^ 1]), flate=True))
    # readable: a mismatch (nothing printed), with the hash of the real data
    outcome = verify_pdf(_pdf_with_attachment(packed, flate=True))
    assert outcome.status == "mismatch"
    assert outcome.computed == sha256_hex(b'{"a":1}')


def test_empty_attachment_is_unreadable():
    with pytest.raises(UnreadableSheetError, match="empty"):
        verify_pdf(_pdf_with_attachment(b"", flate=False))


# ------------------------------------------------ the printed hash on genuine sheets

#: Data an attacker would swap in; its hash is printed in the body of the sheet below.
SWAPPED = b'{"customer":{"name":"someone else"}}'


def _rewrite_attachment(pdf: bytes, new: bytes) -> bytes:
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, NumberObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    names = writer.root_object["/Names"]["/EmbeddedFiles"]["/Names"]
    stream = names[1].get_object()["/EF"]["/F"].get_object()
    stream.set_data(new)
    params = stream.get("/Params")
    if params is not None:
        params.get_object()[NameObject("/Size")] = NumberObject(len(new))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def sheets() -> dict[str, bytes]:
    """Two genuine sheets (issue 8, cause 9): a chat nickname with an emoji, and a
    service network (printed in every page's header) reading ``sha256:`` and the hash
    of :data:`SWAPPED`."""
    import tomllib

    from sitesurvey import sheet
    from sitesurvey.sizing.table import data_dir
    from sitesurvey.survey import parse_survey

    example = data_dir("templates") / "survey-example.toml"
    pdfs = {}
    for case, (path, value) in {
        "emoji": (("customer", "name"), "小丽🌸"),
        "lookalike": (("job", "service_network"), "sha256:" + sha256_hex(SWAPPED)),
    }.items():
        raw = tomllib.loads(example.read_text(encoding="utf-8"))
        raw[path[0]][path[1]] = value
        pdfs[case] = sheet.render_pdf(parse_survey(raw, source=example), lang="zh")
    return pdfs


@pytest.mark.slow  # renders two PDFs
@pytest.mark.parametrize("case", ["emoji", "lookalike"])
def test_genuine_sheet_verifies(sheets, case):
    outcome = verify_pdf(sheets[case])
    assert outcome.ok, outcome.problems
    assert len(outcome.printed) > 1 and set(outcome.printed) == {outcome.computed}


@pytest.mark.slow
@pytest.mark.parametrize("case", ["emoji", "lookalike"])
def test_swapped_data_is_still_detected(sheets, case):
    # in "lookalike", every page's header prints the hash of the swapped data
    outcome = verify_pdf(_rewrite_attachment(sheets[case], SWAPPED))
    assert outcome.status == "mismatch"
    assert outcome.computed == sha256_hex(SWAPPED)
    assert all(p and p != outcome.computed for p in outcome.printed)


def test_verify_refuses_a_device_and_a_fifo_without_reading(tmp_path):
    with pytest.raises(UnreadableSheetError, match="/dev/zero: is a character device"):
        verify_pdf("/dev/zero")
    fifo = tmp_path / "sheet.pdf"
    os.mkfifo(fifo)
    with pytest.raises(UnreadableSheetError, match=r"is a FIFO \(named pipe\)"):
        verify_pdf(fifo)


def test_verify_refuses_an_oversize_file_before_reading(tmp_path):
    path = tmp_path / "sheet.pdf"
    with open(path, "wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(CAPS["sheet"] + 1)
    with pytest.raises(UnreadableSheetError, match="larger than the 50 MB accepted"):
        verify_pdf(path)
