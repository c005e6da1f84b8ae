"""Writing survey data as TOML (survey/writer.py): what it writes reads back the same."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitesurvey.survey.writer import dumps

_KEYS = st.text(min_size=1, max_size=12)
_SCALARS = st.one_of(
    st.text(max_size=30),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.dates(),
)


@given(
    st.dictionaries(
        _KEYS,
        st.one_of(
            _SCALARS,
            st.lists(_SCALARS, max_size=3),
            st.dictionaries(_KEYS, _SCALARS, max_size=3),
            st.lists(st.dictionaries(_KEYS, _SCALARS, max_size=3), min_size=1, max_size=3),
        ),
        max_size=6,
    )
)
def test_any_data_reads_back(data):
    assert tomllib.loads(dumps(data)) == data


def test_tables_and_arrays_of_tables_are_written_as_such():
    text = dumps(
        {
            "format": 2,
            "job": {"date": dt.date(2024, 5, 18), "installer": {"name": "李明"}},
            "design": {"route": {"runs": [{"length": "1 m"}, {"length": "2 m"}]}},
            "confirmations": {"E-POLARITY": "yes"},
        }
    )
    assert "[job.installer]\n" in text and "date = 2024-05-18\n" in text
    assert text.count("[[design.route.runs]]") == 2
    assert 'E-POLARITY = "yes"' in text


def test_control_characters_are_escaped():
    text = dumps({"customer": {"name": 'a"b\\c\x1b\n'}})
    assert "\x1b" not in text and '"a\\"b\\\\c\\u001B\\n"' in text


def test_a_value_toml_cannot_hold_is_refused():
    with pytest.raises(TypeError, match="set"):
        dumps({"x": {1, 2}})


def test_photos_are_written_as_an_array_of_tables(minimal, put, tmp_path):
    """``sitesurvey upgrade`` keeps ``[[photos]]``: written as TOML, read back to the same
    photos (hashes included)."""
    from sitesurvey.survey import parse_survey
    from sitesurvey.survey.reader import upgrade_data

    (tmp_path / "meter.jpg").write_bytes(b"\xff\xd8\xff\xe0 a JPEG's first bytes")
    at = dt.datetime(2025, 11, 29, 9, 40, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    photo = {"subject": "meter", "image": "meter.jpg", "taken_at": at, "note": "铭牌\n10(40)A"}
    data = put(minimal(), "photos", [photo, {"subject": "other", "image": "meter.jpg"}])
    text = dumps(upgrade_data(data))
    assert text.count("[[photos]]") == 2 and 'note = "铭牌\\n10(40)A"' in text
    source = tmp_path / "s.toml"
    written = parse_survey(tomllib.loads(text), source=source)
    assert written.photos == parse_survey(data, source=source).photos
    assert [p.subject for p in written.photos] == ["meter", "other"]
