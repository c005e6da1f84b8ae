"""``sitesurvey batch``: size and cross-check a dispatcher's list of orders at once.

One output row per order, in input order; a bad cell gives its order the column and the
command line's message, and every other order is still written. Exit 0 when every order
was sized, 1 when some were not (the rest written), 2 when the file cannot be read.
"""

from __future__ import annotations

import sys

import click

from sitesurvey.cli._common import echo, fail_on_errors, json_option, table_option

__all__ = ["command"]


def _csv_bytes(records: list[dict], fields: tuple[str, ...], bom: bool) -> bytes:
    import csv
    import io

    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: "" if v is None else v for k, v in record.items()})
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def _json_bytes(records: list[dict], bad: int, ignored: tuple[str, ...]) -> bytes:
    import json

    data = {"orders": len(records), "bad": bad, "ignored_columns": list(ignored), "rows": records}
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _rows_list(rows: list[int], limit: int = 10) -> str:
    shown = ", ".join(str(r) for r in rows[:limit])
    return shown + (f", … ({len(rows)} in all)" if len(rows) > limit else "")


@click.command(name="batch")
@click.argument("orders", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="Write the results here: a .json name writes JSON, any other CSV (UTF-8 with a "
    "BOM, so Excel reads the Chinese); - writes CSV (or JSON with --json) to stdout.",
)
@click.option(
    "--encoding",
    default=None,
    help="Text encoding of a CSV file: gbk for a file saved by a Chinese Windows. "
    "Default UTF-8, with or without a BOM.",
)
@table_option
@json_option
@fail_on_errors
def command(orders: str, output: str, encoding: str | None, table_path: str | None, as_json: bool):
    """Size and cross-check a list of orders (CSV or XLSX), one result per order.

    Columns (English or Chinese headers): order 工单号, power 功率, voltage 电压 (all
    three required), and optional length 线路长度, method 敷设方式, ambient 环境温度,
    grouping 回路数, arrangement 排列方式. Each cell is written as `sitesurvey size`
    accepts it: 5.5 kW, 220V, 20 m, B1, 35 °C, 3, wall. Other columns are ignored.

    \b
    Examples:
      sitesurvey batch orders.csv -o results.csv
      sitesurvey batch orders.xlsx -o results.json
      sitesurvey batch orders-gbk.csv --encoding gbk --json

    Exit 0 when every order was sized, 1 when some were not (their rows carry the
    column and the message; the rest are written), 2 when the file cannot be read.
    """
    from sitesurvey._files import write_atomic
    from sitesurvey.batch import FIELDS, read_orders, size_orders

    read = read_orders(orders, encoding=encoding)
    results = size_orders(read, table=table_path)
    records = [r.record() for r in results]
    bad = [r.row for r in results if not r.ok]
    to_json = as_json or output.lower().endswith(".json")
    if to_json:
        data = _json_bytes(records, len(bad), read.ignored)
    else:
        data = _csv_bytes(records, FIELDS, bom=output != "-")
    write_atomic(output, data, field="--output", allow_stdout=True)
    summary = f"{len(results)} orders: {len(results) - len(bad)} sized"
    if bad:
        summary += f", {len(bad)} not (rows {_rows_list(bad)})"
    if read.ignored:
        summary += "; columns not read: " + ", ".join(read.ignored)
    if output != "-":
        summary += f"; written to {output}"
    echo(summary + ".", err=True)
    sys.exit(1 if bad else 0)
