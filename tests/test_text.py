"""Free text (text.py): the survey fields' normaliser and the terminal escape."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitesurvey.errors import InputError
from sitesurvey.text import UNSAFE_CHARACTERS, normalise_text, visible

#: One of each class of refused character, with the U+XXXX the message must name.
REFUSED = [
    ("\x00", "U+0000"),
    ("\x07", "U+0007"),
    ("\x1b", "U+001B"),
    ("\x7f", "U+007F"),
    ("\x9b", "U+009B"),  # C1 CSI: an escape sequence on some terminals
    ("\u2028", "U+2028"),
    ("\u2029", "U+2029"),
    ("\u202e", "U+202E"),  # right-to-left override
    ("\u2067", "U+2067"),  # right-to-left isolate
    ("\ud800", "U+D800"),  # a lone surrogate, from JSON "\ud800"
]


@pytest.mark.parametrize(("char", "code"), REFUSED)
def test_refused_character_is_named_with_its_position(char, code):
    with pytest.raises(InputError) as info:
        normalise_text(f"Wang{char}Li", "customer.name", 64)
    message = str(info.value)
    assert message.startswith("customer.name: expected text without control characters")
    assert f"{code} (" in message and "at character 5" in message
    assert " — " in message  # and says how to fix it
    assert not UNSAFE_CHARACTERS.search(message), "the message itself is safe to print"


def test_escape_sequence_is_shown_not_obeyed():
    with pytest.raises(InputError) as info:
        normalise_text("Wang\x1b[8mLi", "customer.name", 64)
    assert '"Wang\\x1b[8mLi"' in str(info.value)


@pytest.mark.parametrize("break_", ["\n", "\r\n", "\r"])
def test_line_break_refused_in_one_line_field_kept_in_multiline(break_):
    with pytest.raises(InputError, match="write it on one line"):
        normalise_text(f"广州{break_}天河区", "customer.address", 200)
    kept = normalise_text(
        f"quiet pump{break_}low flow", "usage.special_needs", 1000, multiline=True
    )
    assert kept == "quiet pump\nlow flow"


def test_tab_becomes_space_emoji_stays_nfc_applies():
    assert normalise_text("王丽\t🌸", "customer.name", 64) == "王丽 🌸"
    assert normalise_text("👩\u200d🔧 Zoe\u0301", "customer.name", 64) == "👩\u200d🔧 Zoé"


def test_length_is_counted_after_normalisation():
    assert normalise_text(" " + "e\u0301" * 64 + " ", "customer.name", 64) == "é" * 64
    with pytest.raises(InputError) as info:
        normalise_text("A" * 100_000, "customer.name", 64)
    message = str(info.value)
    assert "at most 64 characters" in message and "it has 100000" in message
    assert len(message) < 200, "a long value is quoted shortened"


@given(st.text())
def test_normalised_text_is_clean_or_refused_with_the_field(value):
    try:
        text = normalise_text(value, "job.work_order", 64)
    except InputError as exc:
        assert str(exc).startswith("job.work_order: expected ")
        assert not UNSAFE_CHARACTERS.search(str(exc))
    else:
        assert not UNSAFE_CHARACTERS.search(text)
        assert len(text) <= 64
        assert unicodedata.is_normalized("NFC", text)
        assert normalise_text(text, "job.work_order", 64) == text  # idempotent


@given(st.text())
def test_visible_leaves_no_unsafe_character(text):
    shown = visible(text)
    assert not UNSAFE_CHARACTERS.search(shown)
    if not UNSAFE_CHARACTERS.search(text):
        assert shown == text
    assert "\n" not in visible(text) and visible(text, keep="\n").count("\n") == text.count("\n")
