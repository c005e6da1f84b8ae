"""The one bounded, non-blocking reader of data files (sitesurvey._files)."""

from __future__ import annotations

import os
import socket
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitesurvey._files import (
    CAPS,
    MAX_DEPTH,
    FileReadError,
    decode_text,
    load_json,
    load_toml,
    read_file,
)
from sitesurvey.errors import SiteSurveyError


def test_reads_a_regular_file(tmp_path):
    path = tmp_path / "s.toml"
    path.write_bytes(b'a = "b"\n')
    assert read_file(path, what="survey") == b'a = "b"\n'


def test_refuses_dev_zero_without_reading_it():
    with pytest.raises(FileReadError, match="is a character device, not a regular file"):
        read_file("/dev/zero", what="survey")


def test_refuses_a_fifo_without_blocking(tmp_path):
    fifo = tmp_path / "s.toml"
    os.mkfifo(fifo)
    start = time.monotonic()
    with pytest.raises(FileReadError, match=r"is a FIFO \(named pipe\)"):
        read_file(fifo, what="survey")
    assert time.monotonic() - start < 5


def test_refuses_a_directory(tmp_path):
    with pytest.raises(FileReadError, match="is a directory") as info:
        read_file(tmp_path, what="table")
    assert "give the path of a spec table file" in str(info.value)


def test_refuses_a_socket(tmp_path):
    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(FileReadError, match="is a socket"):
            read_file(path, what="survey")


def test_refuses_a_symlink_to_a_device(tmp_path):
    link = tmp_path / "signature.png"
    link.symlink_to("/dev/zero")
    with pytest.raises(FileReadError, match="character device") as info:
        read_file(link, what="signature")
    assert info.value.path == str(link)


def test_missing_file_names_the_reason(tmp_path):
    with pytest.raises(FileReadError, match=r"cannot read the file \(No such file"):
        read_file(tmp_path / "none.toml", what="survey")


@pytest.mark.parametrize("what", sorted(CAPS))
def test_size_is_checked_against_the_cap_of_its_kind(tmp_path, what):
    path = tmp_path / "big"
    with open(path, "wb") as handle:  # sparse: no disk used
        handle.truncate(CAPS[what] + 1)
    with pytest.raises(FileReadError, match="is larger than the") as info:
        read_file(path, what=what)
    assert f"it has {CAPS[what] + 1} bytes" in str(info.value)
    with open(path, "wb") as handle:
        handle.truncate(CAPS[what])
    assert len(read_file(path, what=what)) == CAPS[what]


def test_a_file_read_error_is_a_sitesurvey_error():
    assert issubclass(FileReadError, SiteSurveyError)


def test_decode_strips_a_bom():
    assert decode_text(b'\xef\xbb\xbfa = "b"', "x.toml", "table") == 'a = "b"'


@pytest.mark.parametrize("raw", [b"", b"\xef\xbb\xbf", b" \n\t\n"])
@pytest.mark.parametrize(
    ("what", "hint"),
    [("survey", "sitesurvey init"), ("table", "copy the shipped table"), ("tariff", "tariff")],
)
def test_empty_file_says_so_with_a_hint(raw, what, hint):
    with pytest.raises(FileReadError, match="the file is empty") as info:
        decode_text(raw, "x.toml", what)
    assert hint in str(info.value)


def test_gbk_is_named_and_the_fix_given():
    raw = 'name = "王丽"\n'.encode("gbk")
    with pytest.raises(FileReadError, match="looks like GBK") as info:
        decode_text(raw, "x.toml", "survey")
    assert "save it as UTF-8" in str(info.value)
    assert info.value.line == 1


def test_other_bytes_are_not_utf8():
    with pytest.raises(FileReadError, match=r"not UTF-8 text \(byte 3, line 2\)") as info:
        decode_text(b"a\nb\xff\xfe\xff", "x.toml", "survey")
    assert "save it as UTF-8" in str(info.value)


def _fast(call):
    start = time.monotonic()
    with pytest.raises(FileReadError) as info:
        call()
    assert time.monotonic() - start < 5
    return str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 100_000 + "]" * 100_000,
        "a = " + "{b = " * 5_000 + "1" + "}" * 5_000,
        "a = " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
    ],
)
def test_deep_toml_is_refused_before_the_parser_recurses(text):
    message = _fast(lambda: load_toml(text, "deep.toml"))
    assert f"nested more than {MAX_DEPTH} levels deep (at line 1," in message


def test_deep_json_is_refused():
    message = _fast(lambda: load_json("[" * 100_000 + "]" * 100_000, "deep.json"))
    assert "not valid JSON: arrays or tables nested" in message


def test_brackets_inside_strings_and_comments_do_not_count():
    deep = "[" * 200
    text = f'a = "{deep}"\nb = \'{deep}\'\nc = """\n{deep}\n"""\n# {deep}\nd = [[1], [2]]\n'
    assert load_toml(text, "x.toml")["d"] == [[1], [2]]
    assert load_json(f'{{"a": "{deep}\\"", "b": [[1]]}}', "x.json")["b"] == [[1]]


def test_depth_limit_itself_is_accepted():
    text = "a = " + "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert load_toml(text, "x.toml")["a"] is not None


@pytest.mark.parametrize(("load", "fmt"), [(load_toml, "TOML"), (load_json, "JSON")])
def test_integer_of_5001_digits(load, fmt):
    digits = "9" * 5_001
    text = f"a = {digits}\n" if fmt == "TOML" else f'{{"a": {digits}}}'
    message = _fast(lambda: load(text, "x"))
    assert f"not valid {fmt}: a number with thousands of digits (at line 1" in message


def test_syntax_errors_give_line_and_column():
    with pytest.raises(FileReadError, match=r"not valid TOML: .*line 2, column 7") as info:
        load_toml('a = 1\nb = "x\n', "x.toml")
    assert (info.value.line, info.value.column) == (2, 7)
    with pytest.raises(FileReadError, match=r"not valid JSON: .*line 1, column 6") as info:
        load_json('{"a" 1}', "x.json")
    assert info.value.line == 1


@given(st.text(max_size=200))
def test_any_text_parses_or_fails_cleanly(text):
    for load in (load_toml, load_json):
        try:
            load(text, "x")
        except FileReadError as exc:
            assert str(exc).startswith("x: not valid ")


@pytest.mark.skipif(sys.platform != "linux", reason="/proc is Linux")
def test_proc_files_with_size_zero_are_read_to_the_cap():
    # A regular file whose stat size lies (0) is still bounded by the cap.
    assert read_file("/proc/self/status", what="survey")


def test_readme_documents_the_caps():
    readme = Path(__file__).resolve().parent.parent / "README.md"
    text = " ".join(readme.read_text(encoding="utf-8").split())
    assert "survey 1 MB, spec table and tariff 256 kB each, engineering data file 256 kB" in text
    assert "signature PNG 2 MB, sheet PDF for `verify` 50 MB" in text
    assert (CAPS["survey"], CAPS["table"], CAPS["tariff"], CAPS["data"]) == (
        1_000_000,
        256_000,
        256_000,
        256_000,
    )
    assert (CAPS["signature"], CAPS["sheet"]) == (2_000_000, 50_000_000)


def test_curly_quotes_in_toml_say_so(tmp_path):
    """A phone keyboard types “smart” quotes; the error says which and what to write."""
    from sitesurvey._files import FileReadError, load_toml

    with pytest.raises(FileReadError, match="curly quotes") as info:
        load_toml("format = 1\n[customer]\nname = “王丽”\n", tmp_path / "s.toml")
    assert "“" in str(info.value) and "straight quotes" in str(info.value)


# ------------------------------------------------------------- the data file cache


def _plain_as_defined(value, depth=0):
    """What :func:`sitesurvey._files._plain` decides, written as its docstring says."""
    if isinstance(value, dict):
        return depth < 32 and all(
            isinstance(k, str) and _plain_as_defined(v, depth + 1) for k, v in value.items()
        )
    if isinstance(value, list):
        return depth < 32 and all(_plain_as_defined(v, depth + 1) for v in value)
    return isinstance(value, (str, int, float, bool))


_ANY_LEAF = st.one_of(
    st.text(max_size=3),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.binary(max_size=2),
    st.tuples(st.integers()),
)
_ANY_VALUE = st.recursive(
    _ANY_LEAF,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=2), st.integers()), inner, max_size=4),
    ),
    max_leaves=20,
)


@given(_ANY_VALUE)
def test_plain_decides_as_its_definition(value):
    from sitesurvey._files import _plain

    assert _plain(value) == _plain_as_defined(value)


@pytest.mark.parametrize("depth", [30, 31, 32, 33])
def test_plain_refuses_what_is_nested_too_deep(depth):
    from sitesurvey._files import _plain

    for leaf in ({"a": 1}, [1]):
        value = leaf
        for _ in range(depth):
            value = {"k": [value]}
        assert _plain(value) == _plain_as_defined(value)


def test_a_cache_entry_is_checked_by_the_crc32_of_its_payload(tmp_path, monkeypatch):
    import hashlib
    import marshal
    import zlib

    from sitesurvey import _files

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data = tmp_path / "d.toml"
    data.write_bytes(b'a = [1, "b"]\n')
    content, sha256 = _files.read_data_file(data)
    (entry,) = (tmp_path / "cache" / "sitesurvey").glob("d-*.marshal")
    version, key, checksum, payload = marshal.loads(entry.read_bytes())
    assert (version, key, checksum) == (2, sha256, zlib.crc32(payload))
    assert key == hashlib.sha256(data.read_bytes()).hexdigest()
    assert _files._read_cache(str(entry), sha256) == content == {"a": [1, "b"]}
    flipped = bytearray(payload)
    flipped[-2] ^= 0x01
    entry.write_bytes(marshal.dumps((version, key, checksum, bytes(flipped))))
    assert _files._read_cache(str(entry), sha256) is None
