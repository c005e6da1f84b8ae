"""Canonical JSON and the hash check (the PDF round trip is in test_sheet.py)."""

from __future__ import annotations

import hashlib
import json
import math

import pytest

from sitesurvey.integrity import UnreadableSheetError, canonical_json, sha256_hex, verify_pdf


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
