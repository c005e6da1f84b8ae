"""A dispatcher's orders (batch.py): read every row, size each as `size` would, lose none."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitesurvey import _files, batch
from sitesurvey._files import FileReadError, data_dir
from sitesurvey.batch import COLUMNS, FIELDS, OrderRow, read_orders, size_orders
from sitesurvey.engineering import SiteConditions, check_engineering
from sitesurvey.errors import SiteSurveyError
from sitesurvey.plan import build_plan
from sitesurvey.sizing import size
from sitesurvey.units import parse, parse_count
from xlsx_fixture import write_xlsx

EXAMPLE = data_dir("templates") / "orders-example.csv"
HEADER = "order,power,voltage,length,method,ambient,grouping,arrangement\n"


def _one_by_one(cells: dict) -> dict:
    """What `sitesurvey size` says for one order's cells: the reference for a row."""
    power = parse(cells["power"], "power", "power")
    voltage = parse(cells["voltage"], "voltage", "voltage")
    sizing = size(power, voltage)
    out = {
        "wire": sizing.row.wire,
        "breaker": sizing.row.breaker.rating,
        "poles": sizing.row.breaker.poles,
        "electronic_meter": sizing.row.electronic_meter.marking,
        "design_current": round(sizing.design_current, 3),
    }
    given = {c: cells.get(c) for c in batch.CONDITIONS if cells.get(c) is not None}
    if given:
        conditions = SiteConditions(
            length=parse(given["length"], "length", "length") if "length" in given else None,
            method=given.get("method"),
            ambient=(
                parse(given["ambient"], "temperature", "ambient") if "ambient" in given else None
            ),
            grouping=parse_count(given["grouping"], "grouping", minimum=0)
            if "grouping" in given
            else None,
            arrangement=given["arrangement"].lower() if "arrangement" in given else None,
        )
        eng = check_engineering(sizing, conditions)
        plan = build_plan(None, sizing, {}, eng)
        out.update(
            verdict=eng.verdict,
            failed_checks=" ".join(c.rule for c in eng.failed),
            plan_wire=plan.wire,
            plan_breaker=plan.breaker,
        )
    return out


def _write(tmp_path, text: str, name: str = "orders.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# ----------------------------------------------------------------- reading


def test_the_example_file_gives_what_size_gives_for_each_order():
    orders = read_orders(EXAMPLE)
    results = size_orders(orders)
    assert len(results) == len(orders.rows) >= 5
    assert orders.ignored == ()
    assert [o.cells["customer"] for o in orders.rows][:2] == ["Wang", "Li"]
    for order, result in zip(orders.rows, results, strict=True):
        assert result.ok, result.errors
        record = result.record()
        assert record["row"] == order.row and record["order"] == order.cells["order"]
        expected = _one_by_one(order.cells)
        assert {k: record[k] for k in expected} == expected
    # the example shows the three cases: no conditions, conditions that pass, that fail
    verdicts = [r.record()["verdict"] for r in results]
    assert {None, "ok", "insufficient"} <= set(verdicts)


def test_chinese_headers_any_case_and_a_bom(tmp_path):
    text = (
        "\ufeff工单号, 功率 ,电压,线路长度,敷设方式,环境温度,回路数,排列方式\n"
        "A1,8.5 kW,220V,20 m,b1,35 °C,1,Bunched\n"
    )
    path = _write(tmp_path, text)
    orders = read_orders(path)
    assert orders.rows[0].cells["order"] == "A1"
    assert orders.rows[0].cells["arrangement"] == "Bunched"
    record = size_orders(orders)[0].record()
    assert (record["wire"], record["plan_wire"], record["verdict"]) == (6.0, 10.0, "insufficient")
    upper = _write(tmp_path, "ORDER,Power,VOLTAGE\nA1,5500,220V\n", "upper.csv")
    assert size_orders(read_orders(upper))[0].ok


def test_gbk_on_request_and_named_when_not_requested(tmp_path):
    path = _write(tmp_path, "工单号,功率,电压\n甲-1,5500,220V\n", encoding="gbk")
    with pytest.raises(FileReadError, match="GBK"):
        read_orders(path)
    orders = read_orders(path, encoding="gbk")
    assert orders.rows[0].cells["order"] == "甲-1"
    with pytest.raises(FileReadError, match="not a text encoding"):
        read_orders(path, encoding="no-such-codec")
    with pytest.raises(FileReadError, match="not utf-16 text"):
        read_orders(_write(tmp_path, "order,power,voltage\nA,5500,220V\n1", "odd.csv"), "utf-16")


def test_row_numbers_are_the_spreadsheets_and_blank_rows_are_skipped(tmp_path):
    text = '\norder,power,voltage\nA,5500,220V\n,,\n"B\nsecond line",4500,220V\nC,2500,220V\n'
    rows = read_orders(_write(tmp_path, text)).rows
    assert [r.row for r in rows] == [3, 5, 6]  # row 1 blank, header 2, row 4 empty cells
    assert rows[1].cells["order"] == "B\nsecond line"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("order,power\nA,5500\n", "no column voltage"),
        ("order,power,voltage,功率\nA,5500,220V,5500\n", 'column "power" is there twice'),
        ("", "empty"),
        ("order,power,voltage\n", None),
        ('order,power,voltage\n"A,5500,220V\n', "quotes"),
    ],
)
def test_a_file_that_cannot_be_used_is_refused_whole(tmp_path, text, words):
    path = _write(tmp_path, text)
    if words is None:  # a header and no order: nothing to do, nothing lost
        assert read_orders(path).rows == []
        return
    with pytest.raises(FileReadError, match=words):
        read_orders(path)


def test_caps_on_the_file_the_orders_and_the_unpacked_workbook(tmp_path, monkeypatch):
    path = _write(tmp_path, HEADER + "A,5500,220V,,,,,\n" * 5)
    monkeypatch.setattr(batch, "MAX_ORDERS", 4)
    with pytest.raises(FileReadError, match="more than 4 orders"):
        read_orders(path)
    monkeypatch.setitem(_files.CAPS, "orders", 50)
    with pytest.raises(FileReadError, match="larger than"):
        read_orders(path)
    monkeypatch.undo()
    book = write_xlsx(tmp_path / "o.xlsx", [["order", "power", "voltage"], ["A", 5500, "220V"]])
    monkeypatch.setattr(batch, "MAX_UNPACKED", 1000)
    with pytest.raises(FileReadError, match="unpacks to"):
        read_orders(book)


def test_a_workbook_is_read_by_its_content_with_number_cells(tmp_path):
    rows = [
        ["工单号", "功率", "电压", "线路长度", "环境温度", "回路数", "备注"],
        [20260001.0, 5500, "220V", "20 m", "35 °C", 3.0, "note"],
        [None] * 7,
        ["W2", "18 kW", 380, None, None, None, None],
    ]
    path = write_xlsx(tmp_path / "orders.csv", rows)  # named .csv, read as a workbook
    orders = read_orders(path)
    assert orders.ignored == ("备注",)
    assert [r.row for r in orders.rows] == [2, 4]
    results = size_orders(orders)
    assert [r.order for r in results] == ["20260001", "W2"]
    assert all(r.ok for r in results), [r.errors for r in results]
    cells = {"power": "5500", "voltage": "220V", "length": "20 m", "ambient": "35 °C"}
    expected = _one_by_one({**cells, "grouping": "3"})
    assert {k: results[0].record()[k] for k in expected} == expected


def test_a_damaged_workbook_is_a_file_error(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    with pytest.raises(FileReadError, match="not a workbook"):
        read_orders(path)


# ----------------------------------------------------------------- bad cells


def _cli_message(option: str, value: str) -> str:
    """The message `sitesurvey size` prints for a value of one option."""
    from click.testing import CliRunner

    from sitesurvey.cli import main

    args = ["size", "--power", "5500", f"--{option}", value]
    if option == "power":
        args = ["size", "--power", value]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    return " ".join(result.stderr.split())


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("power", "55"),
        ("power", "5,5 kW"),
        ("power", "9000"),
        ("voltage", "5 kW"),
        ("length", "20"),
        ("length", "900 m"),
        ("method", "Z9"),
        ("ambient", "70 °C"),
        ("grouping", "2.5"),
        ("grouping", "0"),
        ("arrangement", "ceiling"),
    ],
)
def test_a_bad_cell_gets_its_column_and_the_clis_message(column, value):
    cells = {"order": "X", "power": "5500", "voltage": "220V", column: value}
    good = OrderRow(2, {"order": "G", "power": "5500", "voltage": "220V"})
    bad, kept = size_orders([OrderRow(3, cells), good])
    assert kept.ok and kept.record()["wire"] == 4.0
    assert not bad.ok
    record = bad.record()
    assert record["error_column"] == column and record["status"] == "error"
    assert record["wire"] is None
    # the same words as the command line (which may put click's "Invalid value" first)
    said = _cli_message(column, value)
    core = record["error"].split(" — ")[0].split(": ", 1)[-1]
    assert " ".join(core.split()) in said


def test_the_orders_details_are_read_in_english_or_chinese_and_given_as_text(tmp_path):
    text = (
        "工单号,功率,电压,用户姓名,电话,地址,日期,上门时间,备注\n"
        "A-1,5500,220V,王丽,13800138000,广州市天河路 100 号,2026-12-03,14:00-15:00,x\n"
        "A-2,5500,220V,,,,,,\n"
    )
    orders = read_orders(_write(tmp_path, text))
    assert orders.ignored == ("备注",)
    first, second = (batch.order_details(o) for o in orders.rows)
    assert first == {
        "customer": "王丽",
        "phone": "13800138000",
        "address": "广州市天河路 100 号",
        "date": "2026-12-03",
        "appointment": "14:00-15:00",
    }
    assert second == {}
    # a workbook's number and date cells come back as they are written
    import datetime as dt

    row = OrderRow(2, {"phone": 13800138000.0, "date": dt.datetime(2026, 12, 3)})
    assert batch.order_details(row) == {"phone": "13800138000", "date": "2026-12-03"}
    (result,) = size_orders(orders.rows[:1])
    assert result.ok and result.record()["error"] is None


def test_required_cells_and_several_bad_cells_in_one_row():
    row = OrderRow(2, {"order": None, "power": "bad", "voltage": None})
    (result,) = size_orders([row])
    assert [c for c, _ in result.errors] == ["order", "power", "voltage"]
    assert result.record()["error_column"] == "order, power, voltage"


# ----------------------------------------------------------------- no row lost

GOOD = {
    "power": ["5500", "5.5 kW", "2500", "8.5kW", "18 kW", "12000 W"],
    "voltage": ["220V", "220 V", "380V", "230V"],
    "length": ["20 m", "0 m", "2000 cm", "60m"],
    "method": ["B1", "c", "A1", "E"],
    "ambient": ["35 °C", "30degC", "50 °C", "5 °C"],
    "grouping": ["1", "3", "20"],
    "arrangement": ["bunched", "Wall", "tray"],
    # the order's details are never sized: any text (BAD too) leaves the sizing alone
    "customer": ["王丽", "Wang Li"],
    "phone": ["+86 138 0013 8000"],
    "address": ["广州市天河区天河路 100 号"],
    "date": ["2026-12-03"],
    "appointment": ["14:00-15:00"],
}
BAD = ["", "x", "-1", "9e999", "70 °C", "0", "kW"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                c: st.one_of(st.none(), st.sampled_from(GOOD[c]), st.sampled_from(BAD))
                if c != "order"
                else st.text("AB12-", min_size=1, max_size=5)
                for c in COLUMNS
            }
        ),
        max_size=25,
    )
)
def test_every_order_comes_back_in_order_either_sized_as_size_sizes_it_or_with_its_error(rows):
    orders = [OrderRow(i + 2, {k: (v or None) for k, v in r.items()}) for i, r in enumerate(rows)]
    results = size_orders(orders)
    assert [r.row for r in results] == [o.row for o in orders]
    for order, result in zip(orders, results, strict=True):
        record = result.record()
        assert list(record) == list(FIELDS)
        if not result.ok:
            assert record["error"] and record["wire"] is None
            for column, _ in result.errors:
                assert column in COLUMNS and column not in batch.ORDER_DETAILS
            continue
        expected = _one_by_one(order.cells)
        assert {k: record[k] for k in expected} == expected


def test_a_custom_tables_wire_outside_iec_keeps_the_table_answer(table_path, tmp_path):
    custom = tmp_path / "custom.toml"
    text = table_path.read_text(encoding="utf-8").replace("wire = 1.5", "wire = 1.2")
    custom.write_text(text, encoding="utf-8")
    row = OrderRow(2, {"order": "A", "power": "2500", "voltage": "220V", "length": "5 m"})
    (result,) = size_orders([row], table=custom)
    assert result.ok and result.record()["wire"] == 1.2
    assert "Cross-check not possible" in result.record()["notes"]


def test_a_bad_table_file_is_an_error_for_the_whole_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("nonsense", encoding="utf-8")
    with pytest.raises(SiteSurveyError):
        size_orders([], table=bad)


def test_nan_is_not_a_number_of_the_output():
    (result,) = size_orders([OrderRow(2, {"order": "A", "power": "5500", "voltage": "220V"})])
    assert not any(isinstance(v, float) and math.isnan(v) for v in result.record().values())
