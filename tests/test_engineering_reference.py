"""The IEC data files (engineering/reference.py): every published cell read back through the
public functions, and every kind of bad data file refused with file, column and reason.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import zlib

import pytest

from sitesurvey import size
from sitesurvey.engineering import (
    AMBIENT_FILE,
    CAPACITY_FILE,
    GROUPING_FILE,
    RATINGS_FILE,
    ReferenceData,
    SiteConditions,
    ambient_factor,
    ampacity,
    check_engineering,
    coordination,
    grouping_factor,
    meter_sufficient,
    reference_data,
    voltage_drop,
)
from sitesurvey.errors import TableError
from sitesurvey.sizing.table import data_dir

DATA = reference_data()


def _raw(name: str) -> dict:
    """A data file read as plain TOML, independently of the loader."""
    return tomllib.loads((data_dir() / name).read_text(encoding="utf-8"))


CAPACITY = _raw(CAPACITY_FILE)
AMBIENT = _raw(AMBIENT_FILE)
GROUPING = _raw(GROUPING_FILE)
RATINGS = _raw(RATINGS_FILE)


CAPACITY_CELLS = [
    pytest.param(method, loaded, section, value, id=f"{method}-{loaded}-{section}")
    for method, spec in CAPACITY["methods"].items()
    for loaded, key in ((2, "two_loaded"), (3, "three_loaded"))
    for section, value in zip(CAPACITY["cross_sections"], spec[key], strict=True)
]


@pytest.mark.parametrize(("method", "loaded", "section", "value"), CAPACITY_CELLS)
def test_every_capacity_cell_reads_back_through_ampacity(method, loaded, section, value):
    # At the reference conditions (30 °C, one circuit) both factors are 1.
    assert ampacity(section, method, loaded, ambient=30.0, grouping=1) == value


@pytest.mark.parametrize(
    ("temperature", "factor"),
    list(zip(AMBIENT["temperatures"], AMBIENT["pvc"], strict=True)),
)
def test_every_ambient_cell_reads_back(temperature, factor):
    assert ambient_factor(temperature) == factor
    assert ambient_factor(f"{temperature} °C") == factor
    assert ambient_factor(f"{temperature}degC") == factor


@pytest.mark.parametrize(
    ("circuits", "factor"),
    list(zip(GROUPING["circuits"], GROUPING["bunched"], strict=True)),
)
def test_every_grouping_cell_reads_back(circuits, factor):
    assert grouping_factor(circuits) == factor


def test_standard_ratings_read_back():
    assert list(DATA.wire_sizes) == RATINGS["wire"]["cross_sections"]
    assert list(DATA.breaker_ratings) == RATINGS["breaker"]["ratings"]
    assert DATA.tripping_factor == RATINGS["breaker"]["conventional_tripping_factor"]
    assert [(m.meter.basic, m.meter.max, m.meter.phases, m.connection) for m in DATA.meters] == [
        (m["basic"], m["max"], m["phases"], m["connection"]) for m in RATINGS["meter"]["ratings"]
    ]
    # ρ1 through the public function: b = 1 (three-phase), 1 A over 1 m of 1 mm².
    assert voltage_drop(1.0, 1.0, 1.0, 3) == RATINGS["resistivity"]["copper"]
    assert SiteConditions().max_drop == RATINGS["resistivity"]["max_drop_percent_default"]


@pytest.mark.parametrize("rating", RATINGS["breaker"]["ratings"])
def test_conventional_tripping_current_reads_back(rating):
    k = RATINGS["breaker"]["conventional_tripping_factor"]
    i2 = coordination(rating, rating, rating)[2]
    assert i2.measured.value == pytest.approx(k * rating)


@pytest.mark.parametrize(
    "meter", RATINGS["meter"]["ratings"], ids=lambda m: f"{m['phases']}x{m['basic']}({m['max']})"
)
def test_meter_imax_is_the_limit(meter):
    assert meter_sufficient(meter["max"], meter["max"]) is True
    assert meter_sufficient(meter["max"], meter["max"] + 0.01) is False


def test_sources_name_the_files_and_their_hashes():
    for source in DATA.sources.values():
        assert source.sha256 == hashlib.sha256((data_dir() / source.file).read_bytes()).hexdigest()
    assert DATA.sources["capacity"].tables == ("B.52.2", "B.52.4", "B.52.10")
    assert reference_data() is DATA  # read once


def _mutate(text: str, key: str, change, occurrence: int = 0) -> str:
    """Rewrite the ``occurrence``-th list ``key = [...]`` of a TOML text."""
    matches = list(re.finditer(rf"(?m)^{re.escape(key)} = \[([^\]]*)\]", text))
    match = matches[occurrence]
    items = [x.strip() for x in match.group(1).split(",")]
    return text[: match.start(1)] + ", ".join(change(items)) + text[match.end(1) :]


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _text(name: str) -> str:
    return (data_dir() / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "key", "change", "column", "reason"),
    [
        (CAPACITY_FILE, "two_loaded", lambda xs: xs[::-1], "methods.", "must not decrease"),
        (CAPACITY_FILE, "three_loaded", lambda xs: ["-1", *xs[1:]], "methods.", "above zero"),
        (CAPACITY_FILE, "two_loaded", lambda xs: xs[:-1], "methods.", "has 6 entries"),
        (CAPACITY_FILE, "cross_sections", lambda xs: xs[::-1], "cross_sections", "increase"),
        (AMBIENT_FILE, "pvc", lambda xs: xs[::-1], "pvc", "must not increase"),
        (AMBIENT_FILE, "pvc", lambda xs: xs[:-1], "pvc", "entries"),
        (AMBIENT_FILE, "temperatures", lambda xs: ['"x"', *xs[1:]], "temperatures", "number"),
        (
            GROUPING_FILE,
            "bunched",
            lambda xs: [xs[0], xs[2], xs[1], *xs[3:]],
            "bunched",
            "increase",
        ),
        (GROUPING_FILE, "circuits", lambda xs: [xs[0], "2.5", *xs[2:]], "circuits", "whole"),
        (GROUPING_FILE, "wall", lambda xs: [xs[0], xs[2], xs[1], *xs[3:]], "wall", "increase"),
        (GROUPING_FILE, "tray", lambda xs: xs[:-1], "tray", "entries"),
        (RATINGS_FILE, "ratings", lambda xs: xs[::-1], "breaker.ratings", "increase"),
        (RATINGS_FILE, "cross_sections", lambda xs: [*xs, "35"], "wire.cross_sections", "capacity"),
    ],
)
def test_a_bad_data_file_raises_table_error(tmp_path, file, key, change, column, reason):
    path = _write(tmp_path, file, _mutate(_text(file), key, change))
    kind = {
        CAPACITY_FILE: "capacity",
        AMBIENT_FILE: "ambient",
        GROUPING_FILE: "grouping",
        RATINGS_FILE: "ratings",
    }[file]
    with pytest.raises(TableError) as exc:
        ReferenceData.load(**{kind: path})
    assert str(path) in str(exc.value)
    assert exc.value.column.startswith(column)
    assert reason in exc.value.reason


def test_swapped_capacity_columns_are_caught(tmp_path):
    text = _text(CAPACITY_FILE)
    two = re.search(r"(?m)^two_loaded = (\[.*\])", text).group(1)
    three = re.search(r"(?m)^three_loaded = (\[.*\])", text).group(1)
    swapped = text.replace(f"two_loaded = {two}", "@@", 1)
    swapped = swapped.replace(f"three_loaded = {three}", f"three_loaded = {two}", 1)
    swapped = swapped.replace("@@", f"two_loaded = {three}", 1)
    with pytest.raises(TableError, match="look swapped"):
        ReferenceData.load(capacity=_write(tmp_path, CAPACITY_FILE, swapped))


def test_bad_meter_and_units_raise_table_error(tmp_path):
    ratings = _text(RATINGS_FILE).replace("basic = 1.5\nmax = 6", "basic = 6\nmax = 6", 1)
    with pytest.raises(TableError) as exc:
        ReferenceData.load(ratings=_write(tmp_path, RATINGS_FILE, ratings))
    assert exc.value.row == 1 and exc.value.column == "meter.ratings"
    capacity = _text(CAPACITY_FILE).replace('current = "A"', 'current = "V"')
    with pytest.raises(TableError, match=r"units\.current"):
        ReferenceData.load(capacity=_write(tmp_path, CAPACITY_FILE, capacity))
    ambient = _text(AMBIENT_FILE).replace('temperature = "degC"', 'temperature = "degF"')
    with pytest.raises(TableError, match=r"units\.temperature"):
        ReferenceData.load(ambient=_write(tmp_path, AMBIENT_FILE, ambient))
    with pytest.raises(TableError, match="cannot read"):
        ReferenceData.load(grouping=tmp_path / "missing.toml")


def test_transformer_meters_are_never_recommended(tmp_path):
    # A three-phase 3000 W row (Ib = 3000 / (√3 × 380) = 4.56 A) with a 3×1(2) A meter:
    # the 3×1.5(6) A meter carries 6 A but is transformer-operated, so the smallest
    # direct-connected three-phase meter with Imax ≥ 4.56 A, 3×5(20)A, is recommended.
    text = (data_dir() / "ot-h3002_ch5_circuit_conditions.toml").read_text(encoding="utf-8")
    text = text.replace("power = 12000", "power = 3000", 1)
    text = text.replace(
        "electronic_meter = { basic = 5, max = 30, phases = 3 }\n"
        "mechanical_meter = { basic = 5, max = 30, phases = 3 }",
        "electronic_meter = { basic = 1, max = 2, phases = 3 }\n"
        "mechanical_meter = { basic = 1, max = 2, phases = 3 }",
        1,
    )
    table = _write(tmp_path, "table.toml", text)
    r = check_engineering(size(3000, 380, table=table))
    assert r.recommendation.electronic_meter.marking == "3×5(20)A"
    assert r.recommendation.steps[-1].criterion == "ENG-METER-MECHANICAL"


@pytest.mark.parametrize("number", ["9" * 400, "1e400"])
def test_number_too_large_for_a_float_is_a_table_error(tmp_path, number):
    text = _text(CAPACITY_FILE).replace("cross_sections = [1.5,", f"cross_sections = [{number},")
    with pytest.raises(TableError, match="expected a finite number above zero") as exc:
        ReferenceData.load(capacity=_write(tmp_path, CAPACITY_FILE, text))
    assert "write the figure" in str(exc.value) and len(str(exc.value)) < 400


def test_data_file_that_is_a_device_is_refused():
    with pytest.raises(TableError, match="character device"):
        ReferenceData.load(grouping="/dev/zero")


def test_crafted_cache_entry_is_not_blamed_on_the_data_file(tmp_path, monkeypatch):
    import marshal

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = _write(tmp_path, CAPACITY_FILE, _text(CAPACITY_FILE))
    expected = ReferenceData.load(capacity=path)
    (entry,) = (tmp_path / "cache" / "sitesurvey").glob("iec60364-5-52_current*.marshal")
    version, sha256, _, payload = marshal.loads(entry.read_bytes())
    content = marshal.loads(payload)
    content["cross_sections"] = [1]  # lengths no longer match
    payload = marshal.dumps(content)
    checksum = zlib.crc32(payload)  # the entry's own checksum is right
    entry.write_bytes(marshal.dumps((version, sha256, checksum, payload)))
    assert ReferenceData.load(capacity=path).cross_sections == expected.cross_sections
