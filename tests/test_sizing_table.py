"""The spec-table loader: validation, provenance and error messages (sizing/table.py)."""

from __future__ import annotations

import hashlib
import marshal
import os
import zlib
from pathlib import Path

import pytest

from sitesurvey._files import CAPS
from sitesurvey.errors import TableError
from sitesurvey.sizing import table as tables
from sitesurvey.sizing.table import default_table, load_table


def test_shipped_table_has_ten_rows_with_provenance(raw_table):
    table = default_table()
    assert len(table.rows) == len(raw_table["rows"]) == 10
    for key in ("source", "document", "chapter", "reading", "other_reading", "notes"):
        assert table.provenance[key]
    assert len(table.sha256) == 64


def test_assumed_row_is_marked_with_its_reason():
    assumed = [r for r in default_table().rows if r.assumed]
    assert [r.power for r in assumed] == [12000.0]
    assert "Illegible" in assumed[0].assumed_reason
    assert assumed[0].assumed_reason_zh


def test_meter_markings():
    table = default_table()
    markings = {
        r.power: (r.electronic_meter.marking, r.mechanical_meter.marking) for r in table.rows
    }
    assert markings[2500.0] == ("5(30)A", "5(20)A")
    assert markings[12000.0] == ("3×5(30)A", "3×5(30)A")
    assert markings[18000.0] == ("3×10(40)A", "3×10(40)A")


def test_table_in_other_units_loads_to_the_same_numbers(table_path, tmp_path):
    text = table_path.read_text(encoding="utf-8")
    text = text.replace('power = "W"', 'power = "kW"').replace('wire = "mm²"', 'wire = "mm2"')
    for power in (
        "2500",
        "3500",
        "4500",
        "5500",
        "6500",
        "7500",
        "8500",
        "12000",
        "15000",
        "18000",
    ):
        text = text.replace(f"power = {power}\n", f"power = {int(power) / 1000}\n")
    other = tmp_path / "kw.toml"
    other.write_text(text, encoding="utf-8")
    a, b = default_table(), load_table(other)
    assert [r.power for r in a.rows] == [r.power for r in b.rows]
    assert [r.wire for r in a.rows] == [r.wire for r in b.rows]


def _broken(table_path: Path, tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    text = table_path.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "broken.toml"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "row", "column", "reason"),
    [
        # 3500 W listed as 2500 W: power must strictly increase within a supply.
        ("power = 3500", "power = 2500", 2, "power", "strictly increase"),
        # wire of the 3500 W row smaller than that of the 2500 W row.
        (
            "wire = 2.5\nelectronic_meter = { basic = 5, max = 30, phases = 1 }",
            "wire = 1\nelectronic_meter = { basic = 5, max = 30, phases = 1 }",
            2,
            "wire",
            "must not decrease",
        ),
        (
            "breaker = { rating = 40, poles = 2 }",
            "breaker = { rating = 30, poles = 2 }",
            6,
            "breaker.rating",
            "must not decrease",
        ),
        ("wire = 1.5", 'wire = ""', 1, "wire", "blank"),
        ("wire = 1.5\n", "\n", 1, "wire", "missing"),
        ("wire = 1.5", "wire = -1.5", 1, "wire", "above zero"),
        ("wire = 1.5", 'wire = "thick"', 1, "wire", "expected a number"),
        (
            "mechanical_meter = { basic = 5, max = 20, phases = 1 }",
            "mechanical_meter = { basic = 5, max = 20, phases = 3 }",
            1,
            "mechanical_meter.phases",
            "3-phase meter on a 1-phase supply",
        ),
        ("supply = 220", "supply = 230", 1, None, "no [[supplies]] entry"),
    ],
)
def test_bad_table_names_file_row_column_reason(
    table_path, tmp_path, old, new, row, column, reason
):
    path = _broken(table_path, tmp_path, old, new)
    with pytest.raises(TableError) as info:
        load_table(path)
    err = info.value
    assert err.path == str(path)
    assert err.row == row
    assert err.column == column
    assert reason in err.reason
    assert " — " in err.reason, "the message says what to write"
    assert str(path) in str(err) and f"row {row}" in str(err)


@pytest.mark.parametrize(
    ("old", "new", "column", "reason"),
    [
        ('wire = "mm²"', 'wire = "furlong"', "units.wire", "furlong"),
        ('wire = "mm²"', 'wire = "A"', "units.wire", "that is a current"),
        ("format = 1", "format = 7", "format", "unknown table format 7"),
        ("normal_range = [198, 242]", "normal_range = [198, 400]", "supplies", "overlap"),
    ],
)
def test_bad_table_header(table_path, tmp_path, old, new, column, reason):
    with pytest.raises(TableError) as info:
        load_table(_broken(table_path, tmp_path, old, new))
    assert info.value.column == column
    assert reason in info.value.reason
    assert " — " in info.value.reason, "the message says what to write"


def test_not_toml_and_missing_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("rows = [", encoding="utf-8")
    with pytest.raises(TableError, match="not valid TOML"):
        load_table(bad)
    with pytest.raises(TableError, match="cannot read"):
        load_table(tmp_path / "missing.toml")


def test_reloads_a_changed_file(table_path, tmp_path):
    path = tmp_path / "t.toml"
    path.write_text(table_path.read_text(encoding="utf-8"), encoding="utf-8")
    first = load_table(path)
    path.write_text(
        table_path.read_text(encoding="utf-8").replace("wire = 6\n", "wire = 10\n"),
        encoding="utf-8",
    )
    second = load_table(path)
    assert first.sha256 != second.sha256
    assert max(r.wire for r in second.rows) == 10.0


# ----------------------------------------------------------- bounded reads, types


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home / "sitesurvey"


def test_dev_zero_and_fifo_are_refused_without_reading(tmp_path):
    with pytest.raises(TableError, match="character device, not a regular file"):
        load_table("/dev/zero")
    fifo = tmp_path / "t.toml"
    os.mkfifo(fifo)
    with pytest.raises(TableError, match=r"FIFO \(named pipe\)"):
        load_table(fifo)


def test_oversize_table_is_refused(tmp_path):
    path = tmp_path / "t.toml"
    with open(path, "wb") as handle:
        handle.truncate(CAPS["table"] + 1)
    with pytest.raises(TableError, match="larger than the 256 kB accepted"):
        load_table(path)


def test_bom_is_accepted(table_path, tmp_path):
    path = tmp_path / "t.toml"
    path.write_bytes(b"\xef\xbb\xbf" + table_path.read_bytes())
    assert load_table(path).rows == default_table().rows


def test_empty_table_says_the_file_is_empty(tmp_path):
    path = tmp_path / "t.toml"
    path.write_bytes(b"")
    with pytest.raises(TableError, match="the file is empty — copy the shipped table"):
        load_table(path)


def test_deep_nesting_and_huge_integer_are_table_errors(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text("a = " + "[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(TableError, match="nested more than"):
        load_table(path)
    path.write_text("a = " + "9" * 5_001, encoding="utf-8")
    with pytest.raises(TableError, match="thousands of digits"):
        load_table(path)


def test_supplies_that_are_not_tables(table_path, tmp_path):
    text = table_path.read_text(encoding="utf-8")
    text = (
        "supplies = [1, 2]\n" + text[: text.index("[[supplies]]")] + text[text.index("[[rows]]") :]
    )
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TableError, match="expected a table of keys, got 1 — write") as info:
        load_table(path)
    assert info.value.column == "supplies[1]"


@pytest.mark.parametrize("number", ["9" * 400, "-" + "9" * 400, "1e400", "inf", "nan"])
def test_numbers_too_large_for_a_float(table_path, tmp_path, number):
    path = _broken(table_path, tmp_path, "power = 2500", f"power = {number}")
    with pytest.raises(TableError, match="expected a finite number above zero") as info:
        load_table(path)
    assert len(str(info.value)) < 400, "a huge value is shown cut"


def test_a_quoted_number_gets_the_fix(table_path, tmp_path):
    path = _broken(table_path, tmp_path, "power = 2500", 'power = "2500"')
    with pytest.raises(TableError, match="write a bare number such as 2500"):
        load_table(path)


def test_cache_serves_an_edit_that_keeps_size_and_mtime(table_path, tmp_path, cache_home):
    path = tmp_path / "t.toml"
    text = table_path.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    before = os.stat(path)
    first = load_table(path)
    assert list(cache_home.iterdir()), "the parse was cached"
    assert "power = 2500\n" in text
    path.write_text(text.replace("power = 2500\n", "power = 2400\n", 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as cp -p, rsync -a do
    after = os.stat(path)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    tables._PARSED.clear()  # a new process
    second = load_table(path)
    assert second.sha256 == hashlib.sha256(path.read_bytes()).hexdigest() != first.sha256
    assert second.rows[0].power == 2400.0


def _entries(cache_home):
    return sorted(cache_home.glob("*.marshal"))


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: marshal.dumps([1, 2]),
        lambda entry: marshal.dumps((1, None, None, None)),
        lambda entry: entry[: len(entry) // 2],
        lambda entry: b"",
        lambda entry: entry.replace(b"2500", b"2400"),  # checksum no longer matches
    ],
)
def test_damaged_cache_entry_is_ignored_and_rebuilt(table_path, tmp_path, cache_home, damage):
    path = tmp_path / "t.toml"
    path.write_bytes(table_path.read_bytes())
    expected = load_table(path)
    (entry,) = _entries(cache_home)
    entry.write_bytes(damage(entry.read_bytes()))
    tables._PARSED.clear()
    assert load_table(path).rows == expected.rows


def test_crafted_cache_entry_is_never_blamed_on_the_table(table_path, tmp_path, cache_home):
    path = tmp_path / "t.toml"
    path.write_bytes(table_path.read_bytes())
    expected = load_table(path)
    (entry,) = _entries(cache_home)
    version, sha256, _, payload = marshal.loads(entry.read_bytes())
    content = marshal.loads(payload)
    del content["rows"]
    payload = marshal.dumps(content)
    checksum = zlib.crc32(payload)  # the entry's own checksum is right
    entry.write_bytes(marshal.dumps((version, sha256, checksum, payload)))
    tables._PARSED.clear()
    assert load_table(path).rows == expected.rows  # no "rows: missing"
    tables._PARSED.clear()
    assert load_table(path).rows == expected.rows  # and the entry was renewed
    assert "rows" in marshal.loads(marshal.loads(entry.read_bytes())[3])


def test_relative_xdg_cache_home_is_ignored(table_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative-cache")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    path = tmp_path / "t.toml"
    path.write_bytes(table_path.read_bytes())
    load_table(path)
    assert not (tmp_path / "relative-cache").exists()
    assert list((tmp_path / "home" / ".cache" / "sitesurvey").glob("t-*.marshal"))
