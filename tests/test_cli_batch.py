"""`sitesurvey batch` (cli/batch.py): exit codes, output formats, atomic writes, light `size`."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from sitesurvey._files import data_dir
from sitesurvey.batch import FIELDS

EXAMPLE = str(data_dir("templates") / "orders-example.csv")


def test_all_good_exits_0_with_one_csv_row_per_order_on_stdout(run):
    result = run("batch", EXAMPLE)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == FIELDS
    assert [r["row"] for r in rows] == [str(n) for n in range(2, 2 + len(rows))]
    assert all(r["status"] == "ok" for r in rows)
    # the customer column is the order's own data (read for a server's import)
    assert "orders:" in result.stderr and "columns not read" not in result.stderr


def test_some_bad_exits_1_and_writes_the_rest(run, tmp_path):
    orders = tmp_path / "o.csv"
    orders.write_text("order,power,voltage\nA,5500,220V\nB,55,220V\nC,4500,220V\n", "utf-8")
    out = tmp_path / "out.csv"
    result = run("batch", str(orders), "-o", str(out))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "rows 3" in result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the Chinese notes
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [(r["order"], r["status"], r["error_column"]) for r in rows] == [
        ("A", "ok", ""),
        ("B", "error", "power"),
        ("C", "ok", ""),
    ]
    assert "55 W is no water heater" in rows[1]["error"]


def test_json_by_name_or_flag(run, tmp_path):
    out = tmp_path / "out.json"
    assert run("batch", EXAMPLE, "-o", str(out)).exit_code == 0
    data = json.loads(out.read_text("utf-8"))
    assert data["bad"] == 0 and data["orders"] == len(data["rows"])
    assert data["ignored_columns"] == []
    assert json.loads(run("batch", EXAMPLE, "--json").stdout) == data


def test_unreadable_file_exits_2_and_writes_nothing(run, tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("old", "utf-8")
    missing = run("batch", str(tmp_path / "none.csv"), "-o", str(out))
    assert missing.exit_code == 2 and missing.stderr.startswith("Error: ")
    noheader = tmp_path / "h.csv"
    noheader.write_text("a,b\n1,2\n", "utf-8")
    result = run("batch", str(noheader), "-o", str(out))
    assert result.exit_code == 2 and "no column order, power, voltage" in result.stderr
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("工单号,功率,电压\n甲,5500,220V\n".encode("gbk"))
    assert "GBK" in run("batch", str(gbk)).stderr
    assert run("batch", str(gbk), "--encoding", "gbk").exit_code == 0
    assert out.read_text("utf-8") == "old"


def test_batch_is_listed_and_size_still_loads_no_calamine(run, tmp_path):
    assert "batch" in run("--help").stdout
    code = (
        "import sys;from sitesurvey.cli import main;"
        "main(['size', '--power', '5500'], standalone_mode=False);"
        "print('python_calamine' in sys.modules, 'sitesurvey.batch' in sys.modules)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip().splitlines()[-1] == "False False"
