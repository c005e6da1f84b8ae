"""The customer's signature image (survey/signature.py): PNG only, hashed, bounded reads."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from sitesurvey._files import CAPS
from sitesurvey.errors import SurveyFileError
from sitesurvey.sizing.table import data_dir
from sitesurvey.survey import (
    parse_survey,
)

EXAMPLE = data_dir("templates") / "survey-example.toml"


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def test_signature_png_only(tmp_path, minimal, put):
    (tmp_path / "sig.png").write_bytes(PNG)
    (tmp_path / "sig.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "fake.png").write_text("<svg/>", encoding="utf-8")
    source = tmp_path / "s.toml"
    data = put(minimal(), "signature", {"image": "sig.png", "captured_at": "2024-05-18T15:20"})
    survey = parse_survey(data, source=source)
    assert survey.signature.path == tmp_path / "sig.png"
    assert survey.signature.captured_at == dt.datetime(2024, 5, 18, 15, 20)
    digest = hashlib.sha256(PNG).hexdigest()
    assert survey.to_dict()["signature"] == {
        "image": "sig.png",
        "captured_at": "2024-05-18T15:20:00",
        "sha256": digest,  # the sheet's integrity hash covers the image, not just its name
        "consent": None,
    }
    # A survey that recorded the image's hash notices when the image is swapped.
    (tmp_path / "sig.png").write_bytes(PNG + b"\x00")
    recorded = put(data, "signature.sha256", digest)
    with pytest.raises(SurveyFileError, match=r"signature\.sha256: .* has changed"):
        parse_survey(recorded, source=source)
    (tmp_path / "sig.png").write_bytes(PNG)
    no_time = put(minimal(), "signature", {"image": "sig.png"})
    with pytest.raises(SurveyFileError, match=r"signature\.captured_at: missing"):
        parse_survey(no_time, source=source)
    for name, words in (
        ("sig.svg", "SVG is markup"),
        ("fake.png", "not a PNG"),
        ("no.png", "cannot"),
    ):
        with pytest.raises(SurveyFileError, match=r"signature\.image") as info:
            parse_survey(put(minimal(), "signature.image", name), source=source)
        assert words in str(info.value)


def test_signature_symlink_to_dev_zero_is_refused(tmp_path, minimal, put):
    (tmp_path / "sig.png").symlink_to("/dev/zero")
    data = put(minimal(), "signature", {"image": "sig.png", "captured_at": "2024-05-18T15:20"})
    with pytest.raises(SurveyFileError, match=r'signature\.image: "sig\.png" is a character'):
        parse_survey(data, source=tmp_path / "s.toml")


def test_signature_size_is_checked_before_reading(tmp_path, minimal, put):
    with open(tmp_path / "sig.png", "wb") as handle:
        handle.write(PNG)
        handle.truncate(CAPS["signature"] + 1)
    data = put(minimal(), "signature", {"image": "sig.png", "captured_at": "2024-05-18T15:20"})
    with pytest.raises(SurveyFileError, match=r'"sig\.png" is larger than the 2 MB accepted'):
        parse_survey(data, source=tmp_path / "s.toml")


# ------------------------------------------------------------ every signature point


def test_every_signature_point_is_read_with_its_time(tmp_path, minimal, put):
    """Spec §6: drilling, meter, main switch, each consent (yes/no) and the final
    acceptance; the old [signature] is the final one."""
    (tmp_path / "sig.png").write_bytes(PNG)
    at = "2025-11-29T09:52:00+08:00"
    image = {"image": "sig.png", "captured_at": at}
    data = put(
        minimal(),
        "signatures",
        {
            "drilling": image,
            "meter": image,
            "main_switch": image,
            "final": image,
            "consent": {"rcd": {"consent": "yes", "captured_at": at}, "wire": {"consent": "否"}},
        },
    )
    survey = parse_survey(data, source=tmp_path / "s.toml")
    for point in ("drilling", "meter", "main_switch"):
        sig = survey.signatures.get(point)
        assert sig.path == tmp_path / "sig.png" and sig.captured_at.hour == 9
    assert survey.signature.image == "sig.png"  # [signatures.final]
    assert survey.signatures.get("consent.rcd").consent == "yes"
    assert survey.signatures.get("consent.wire").consent == "no"
    assert survey.signatures.get("consent.wire").image == ""
    # the canonical form reads back to the same survey
    again = parse_survey(survey.to_dict(), source=tmp_path / "s.toml")
    assert again == survey
    # a redacted copy keeps the consents, without any image
    kept = survey.signatures.without_images()
    assert {name for name, _ in kept.points} == {"consent.rcd", "consent.wire"}
    assert all(not sig.image for _, sig in kept.points)


def test_signature_points_refuse_what_they_cannot_use(tmp_path, minimal, put, problems):
    (tmp_path / "sig.png").write_bytes(PNG)
    image = {"image": "sig.png", "captured_at": "2025-11-29T09:52"}
    both = put(put(minimal(), "signature", image), "signatures.final", image)
    with pytest.raises(SurveyFileError, match=r"signature: given twice"):
        parse_survey(both, source=tmp_path / "s.toml")
    cases = {
        "signatures.consent.rcd.consent": ({"consent": "maybe"}, 'expected "yes" or "no"'),
        "signatures.consent.rcd.consent: missing": ({"image": "sig.png"}, "a consent is recorded"),
    }
    for path, (value, words) in cases.items():
        message = problems(put(minimal(), "signatures.consent.rcd", value))
        assert path.split(": ")[0] in message and words in message
    message = problems(put(minimal(), "signatures.drilling", {"captured_at": "2025-11-29T09:52"}))
    assert "signatures.drilling.image: missing" in message
    message = problems(put(minimal(), "signatures.consent.meter", {"consent": "yes"}))
    assert "signatures.consent.meter: unknown key" in message
    svg = put(minimal(), "signatures.meter", {"image": "x.svg", "captured_at": "2025-11-29T09:52"})
    assert "signatures.meter.image: expected a PNG image" in problems(svg)
