"""A dispatcher's list of orders: read it (:func:`read_orders`), size and cross-check it
(:func:`size_orders`), one result per order, no order lost.

The columns (English or Chinese headers, case and surrounding spaces ignored):

====================  ==========  =====================================================
column                中文        value, written as ``sitesurvey size`` accepts it
====================  ==========  =====================================================
``order``             工单号      the work-order number (required)
``power``             功率        ``5500``, ``5.5 kW`` (required)
``voltage``           电压        ``220V``, ``380 V`` (required)
``length``            线路长度    ``20 m`` (optional)
``method``            敷设方式    ``B1``, ``C`` … (optional)
``ambient``           环境温度    ``35 °C``, ``35degC`` (optional)
``grouping``          回路数      ``3`` (optional)
``arrangement``       排列方式    ``bunched``, ``wall``, ``tray`` (optional)
``customer``          客户姓名    the customer's name (optional; not sized)
``phone``             电话        the customer's phone (optional; not sized)
``address``           地址        the site's address (optional; not sized)
``date``              日期        the survey's date, ``2026-12-03`` (optional; not sized)
``appointment``       上门时间    the agreed window, ``14:00-15:00`` (optional; not sized)
====================  ==========  =====================================================

The last five (:data:`ORDER_DETAILS`) are the work order's own data: the batch reads
them (:func:`order_details`, as text) for a server's work-order import, and sizes
nothing with them.

Every cell is parsed by the same functions as the command line's options
(:func:`sitesurvey.units.parse`, :func:`~sitesurvey.units.parse_count`, the reference
methods, :class:`~sitesurvey.engineering.SiteConditions`), so a cell is accepted exactly
when the same text after ``--power`` (…) is. A bad cell gives its order an error naming
the column and the message the command line would print; every other order is still
sized. The table lookup is :func:`sitesurvey.sizing.size_many` per supply and the
cross-check :func:`sitesurvey.engineering.vector.check_many`, for the orders with any
condition given. :func:`read_orders` is the reader a server's work-order import calls.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from sitesurvey._dataclasses import dataclass, field
from sitesurvey._files import FileReadError, decode_text, read_file
from sitesurvey.errors import InputError, SiteSurveyError
from sitesurvey.i18n import bi
from sitesurvey.results import Text

__all__ = [
    "COLUMNS",
    "MAX_ORDERS",
    "MAX_UNPACKED",
    "ORDER_DETAILS",
    "OrderResult",
    "OrderRow",
    "Orders",
    "order_details",
    "read_orders",
    "size_orders",
]

#: column -> the headers that name it (compared case-insensitively, spaces stripped).
COLUMNS: dict[str, tuple[str, ...]] = {
    "order": ("order", "工单号"),
    "power": ("power", "功率"),
    "voltage": ("voltage", "电压"),
    "length": ("length", "线路长度"),
    "method": ("method", "敷设方式"),
    "ambient": ("ambient", "环境温度"),
    "grouping": ("grouping", "回路数"),
    "arrangement": ("arrangement", "排列方式"),
    "customer": ("customer", "客户", "客户姓名", "用户姓名", "姓名"),
    "phone": ("phone", "telephone", "电话", "联系电话", "客户电话"),
    "address": ("address", "地址", "安装地址", "客户地址"),
    "date": ("date", "日期", "上门日期"),
    "appointment": ("appointment", "上门时间", "预约时间"),
}
REQUIRED = ("order", "power", "voltage")
#: The site conditions: an order with any of them given is cross-checked.
CONDITIONS = ("length", "method", "ambient", "grouping", "arrangement")
#: The work order's own data, read as text and never sized (a server's import uses them).
ORDER_DETAILS = ("customer", "phone", "address", "date", "appointment")
#: The most orders in one file (far above a day's or a month's orders of one office).
MAX_ORDERS = 100_000
#: The most bytes a workbook may unpack to (its parts as the zip directory declares
#: them); the file itself is capped by ``_files.CAPS["orders"]`` (50 MB).
MAX_UNPACKED = 500_000_000
_HEADERS = {h.casefold(): column for column, names in COLUMNS.items() for h in names}
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls
_ARRANGEMENTS = ("bunched", "wall", "tray")


@dataclass(frozen=True, slots=True)
class OrderRow:
    """One order as read.

    Attributes
    ----------
    row : int
        Its row in the file, as a spreadsheet numbers it: the header is row 1 (blank
        lines are counted, a CSV record spanning lines counts once).
    cells : dict of str to object
        Column -> the cell as read: text (CSV, or a text cell), a number (a number cell
        of a workbook), or ``None`` for an empty cell or a column the file does not have.
    """

    row: int
    cells: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Orders:
    """The orders of a file and the columns it had that are not read.

    Attributes
    ----------
    rows : list of OrderRow
    ignored : tuple of str
        Headers that name none of :data:`COLUMNS` (kept out of the result, said so).
    """

    rows: list[OrderRow]
    ignored: tuple[str, ...] = ()


@dataclass(slots=True)
class OrderResult:
    """The answer for one order; ``errors`` empty when it was sized.

    Attributes
    ----------
    row : int
        The input row number.
    order : str
    errors : list of (column, message)
        Each bad cell: its column and the command line's message.
    values : dict
        The output fields (see :data:`FIELDS`); ``None`` where not known.
    """

    row: int
    order: str
    errors: list[tuple[str, str]] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def record(self) -> dict[str, Any]:
        """The output row: every field of :data:`FIELDS`, in order."""
        out = {name: None for name in FIELDS}
        out.update(self.values)
        out["row"] = self.row
        out["order"] = self.order
        out["status"] = "ok" if self.ok else "error"
        if self.errors:
            out["error_column"] = ", ".join(dict.fromkeys(c for c, _ in self.errors))
            out["error"] = "; ".join(m for _, m in self.errors)
        return out


#: The output fields, in order (the CSV header, the JSON keys).
FIELDS = (
    "row",
    "order",
    "status",
    "table_power",
    "wire",
    "breaker",
    "poles",
    "electronic_meter",
    "mechanical_meter",
    "design_current",
    "verdict",
    "failed_checks",
    "plan_wire",
    "plan_breaker",
    "notes",
    "notes_zh",
    "error_column",
    "error",
)


# ------------------------------------------------------------------------- reading


def _cell_text(value: Any) -> Any:
    """A workbook cell as the batch reads it: text stripped, numbers kept, empty None."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _order_text(value: Any) -> str:
    """The order number as text: a number cell 20260001.0 is "20260001"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _decode(raw: bytes, path: str, encoding: str | None) -> str:
    if encoding is None:
        return decode_text(raw, path, "orders")
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise FileReadError(
            path, f'"{encoding}" is not a text encoding — use utf-8 (the default) or gbk'
        ) from None
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise FileReadError(
            path,
            f"it is not {encoding} text (byte {exc.start}, line {line}) — give the file's "
            "encoding with --encoding, or save it as UTF-8",
            line=line,
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise FileReadError(path, "the file is empty — " + _EMPTY)
    return text


_EMPTY = "write a header row (order, power, voltage …) and one row per order"


def _csv_rows(text: str, path: str) -> Iterator[tuple[int, list[Any]]]:
    # A spreadsheet's row number: 1 + the records before (a quoted cell may span lines).
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    row = 0
    try:
        for record in reader:
            row += 1
            yield row, record
    except csv.Error as exc:
        raise FileReadError(
            path,
            f"not a CSV file this program can read (line {reader.line_num}: {exc}) — "
            "check the quotes of that line",
            line=reader.line_num,
        ) from None


def _workbook_rows(raw: bytes, path: str) -> Iterator[tuple[int, list[Any]]]:
    if raw.startswith(_ZIP):
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise FileReadError(path, f"not a workbook ({exc}) — save it again as .xlsx") from None
        if unpacked > MAX_UNPACKED:
            raise FileReadError(
                path,
                f"the workbook unpacks to {unpacked} bytes, more than the "
                f"{MAX_UNPACKED // 1_000_000} MB accepted — save the orders alone as CSV",
            )
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - a dependency; only a broken install lacks it
        raise FileReadError(
            path, "reading a workbook needs python-calamine — `pip install python-calamine`"
        ) from None
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        if not workbook.sheet_names:
            raise FileReadError(path, "the workbook has no sheet — " + _EMPTY)
        sheet = workbook.get_sheet_by_index(0)
        # the first sheet's rows, from row 1 (A1) even when the used range starts lower
        start = sheet.start[0] if sheet.start else 0
        for offset, record in enumerate(sheet.iter_rows()):
            yield start + offset + 1, list(record)
    except SiteSurveyError:
        raise
    except Exception as exc:  # calamine's own errors: zip, XML, password, sheet type
        raise FileReadError(
            path, f"not a workbook this program can read ({type(exc).__name__}: {exc})"
        ) from None


def _header(record: list[Any], row: int, path: str) -> tuple[dict[int, str], tuple[str, ...]]:
    columns: dict[int, str] = {}
    ignored = []
    for index, cell in enumerate(record):
        text = "" if cell is None else str(cell).strip().removeprefix("\ufeff").strip()
        if not text:
            continue
        column = _HEADERS.get(text.casefold())
        if column is None:
            ignored.append(text)
            continue
        if column in columns.values():
            raise FileReadError(
                path,
                f'row {row}: the column "{column}" is there twice ("{text}") — keep one',
                line=row,
            )
        columns[index] = column
    missing = [c for c in REQUIRED if c not in columns.values()]
    if missing:
        accepted = "; ".join(f"{c} ({' / '.join(COLUMNS[c][1:])})" for c in COLUMNS)
        raise FileReadError(
            path,
            f"row {row} (the header) has no column {', '.join(missing)} — the columns are: "
            f"{accepted}; order, power and voltage are required",
            line=row,
        )
    return columns, tuple(ignored)


def read_orders(path: str | os.PathLike[str], encoding: str | None = None) -> Orders:
    """Read a dispatcher's orders from a CSV file or a workbook (XLSX, XLS, ODS).

    Parameters
    ----------
    path : str or os.PathLike
        The file, at most ``_files.CAPS["orders"]`` (50 MB) and :data:`MAX_ORDERS`
        orders. A workbook is recognised by its content (a zip or OLE file), not its
        name; its first sheet is read.
    encoding : str, optional
        The text encoding of a CSV file: by default UTF-8 (with or without a BOM); give
        ``"gbk"`` for a file saved by a Chinese Windows.

    Returns
    -------
    Orders
        The orders in file order (blank rows skipped) and the headers not read.

    Raises
    ------
    FileReadError
        The file cannot be read, is not CSV or a workbook, has no header row with
        ``order``, ``power`` and ``voltage``, names a column twice, or has more than
        :data:`MAX_ORDERS` orders.

    Examples
    --------
    >>> from sitesurvey._files import data_dir
    >>> orders = read_orders(data_dir("templates") / "orders-example.csv")
    >>> orders.rows[0].row, orders.rows[0].cells["power"]
    (2, '5500')
    """
    name = os.fspath(path)
    raw = read_file(name, what="orders")
    if raw.startswith((_ZIP, _OLE)):
        records: Iterable[tuple[int, list[Any]]] = _workbook_rows(raw, name)
    else:
        records = _csv_rows(_decode(raw, name, encoding), name)
    columns: dict[int, str] | None = None
    ignored: tuple[str, ...] = ()
    rows: list[OrderRow] = []
    for number, record in records:
        if columns is None:
            cells = [_cell_text(c) for c in record]
            if any(c is not None for c in cells):
                columns, ignored = _header(cells, number, name)
            continue
        values = dict.fromkeys(COLUMNS)
        width = len(record)
        for index, column in columns.items():
            if index < width:
                values[column] = _cell_text(record[index])
        if all(v is None for v in values.values()) and all(_cell_text(c) is None for c in record):
            continue
        if len(rows) == MAX_ORDERS:
            raise FileReadError(
                name,
                f"more than {MAX_ORDERS} orders — split the file",
                line=number,
            )
        rows.append(OrderRow(number, values))
    if columns is None:
        raise FileReadError(name, "the file is empty — " + _EMPTY)
    return Orders(rows, ignored)


def _detail_text(value: Any) -> str:
    """A cell of the order's details as text: a workbook's number, date or time cell as
    it is written (a phone 13800138000, not 13800138000.0; a date 2026-12-03)."""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    return _order_text(value).strip()


def order_details(row: OrderRow) -> dict[str, str]:
    """The work order's own data of one row (:data:`ORDER_DETAILS`) as text.

    Parameters
    ----------
    row : OrderRow
        From :func:`read_orders`.

    Returns
    -------
    dict of str to str
        Only the columns the row gives (the file has the column and the cell is not
        empty); a server's import puts them into the order's survey, where its reader
        checks them (a date, an appointment window).

    Examples
    --------
    >>> order_details(OrderRow(2, {"order": "A1", "customer": "王丽", "phone": 13800138000.0,
    ...                            "address": None}))
    {'customer': '王丽', 'phone': '13800138000'}
    """
    found = {}
    for column in ORDER_DETAILS:
        value = row.cells.get(column)
        if value is not None:
            text = _detail_text(value)
            if text:
                found[column] = text
    return found


# ------------------------------------------------------------------------- parsing


class _ChoiceError(InputError):
    """A cell that is not one of a column's names, in the command line's words."""

    def __init__(self, field: str, value: Any, text: str):
        super().__init__(field, value, text)
        self.args = (f"{field}: {text}",)


class _Parser:
    """The command line's parsing of each column, remembered per distinct cell.

    A condition is also checked as :class:`~sitesurvey.engineering.SiteConditions`
    checks it (a route over 500 m, an ambient above 60 °C, a group of 0 or over 20),
    each column on its own, so that every bad cell of a row is named.
    """

    def __init__(self) -> None:
        from sitesurvey.engineering import reference_data

        self.methods = reference_data().methods
        self.memo: dict[tuple[str, Any], Any] = {}

    def _parse(self, column: str, value: Any) -> Any:
        from sitesurvey.engineering import SiteConditions
        from sitesurvey.units import parse, parse_count

        if column in ("power", "voltage"):
            return parse(value, column, column)
        if column in ("length", "ambient"):
            number = parse(value, "temperature" if column == "ambient" else column, column)
            SiteConditions(**{column: number})
            return number
        if column == "grouping":
            if isinstance(value, float) and value.is_integer():
                value = int(value)  # a number cell of a workbook
            count = parse_count(
                value, column, minimum=0, expected="a whole number of circuits, e.g. 1 or 3"
            )
            SiteConditions(grouping=count)
            return count
        text = str(value).strip()
        if column == "method":
            if text.upper() not in self.methods:
                # the words of the command line's --method (cli/size.py MethodParam)
                listed = "; ".join(f"{n} = {m.description}" for n, m in self.methods.items())
                raise _ChoiceError(
                    "method",
                    value,
                    f"{value!r} is not a reference method of IEC 60364-5-52. Use one of: {listed}",
                )
            return text.upper()
        if text.lower() not in _ARRANGEMENTS:
            # the words of click.Choice for --arrangement
            choices = ", ".join(repr(a) for a in _ARRANGEMENTS)
            raise _ChoiceError("arrangement", value, f"{value!r} is not one of {choices}.")
        return text.lower()

    def __call__(self, column: str, value: Any) -> Any:
        key = (column, value if not isinstance(value, bool) else repr(value))
        try:
            found = self.memo[key]
        except KeyError:
            try:
                found = self._parse(column, value)
            except InputError as exc:
                found = exc
            self.memo[key] = found
        if isinstance(found, InputError):
            raise found
        return found


# ------------------------------------------------------------------------- sizing


def _notes(
    failed: tuple[str, ...],
    table_wire: float,
    table_in: float,
    wire: float | None,
    rule: str,
    breaker: float | None,
    alternative: float | None,
    length_given: bool,
) -> Text:
    """The notes of one cross-checked order, in both languages."""
    parts: list[Text] = []
    if failed:
        parts.append(bi("The table's answer fails {codes}.", None, codes=", ".join(failed)))
    if wire is None:
        parts.append(
            bi(
                "No standard wire size passes every check: this site needs an engineer's "
                "own design (report it to the company).",
                None,
            )
        )
    else:
        if wire != table_wire:
            parts.append(
                bi(
                    "Wire {before:g} → {after:g} mm² ({rule}).",
                    None,
                    before=table_wire,
                    after=wire,
                    rule=rule,
                )
            )
        if breaker != table_in:
            parts.append(
                bi(
                    "Breaker {before:g} → {after:g} A (ENG-IB-IN).",
                    None,
                    before=table_in,
                    after=breaker,
                )
            )
        if alternative is not None:
            parts.append(
                bi(
                    "A {rating:g} A breaker would also meet IEC on the table's {wire:g} mm² "
                    "(named, not chosen).",
                    None,
                    rating=alternative,
                    wire=table_wire,
                )
            )
    if not length_given:
        parts.append(bi("Voltage drop not checked: no route length.", None))
    return Text(" ".join(p.en for p in parts), "".join(p.zh for p in parts))


def _figures(array: Any) -> list[Any]:
    """An array for the output: at most 3 decimals (no float noise), NaN as None."""
    import numpy as np

    rounded = np.round(np.asarray(array, dtype=float), 3)
    return [None if v != v else v for v in rounded.tolist()]


def _size_group(
    results: list[OrderResult], parsed: list[dict[str, Any]], voltage: float, table: Any
) -> None:
    """Size the orders of one rated voltage (``parsed`` all share it) and cross-check them."""
    import numpy as np

    from sitesurvey.engineering import SiteConditions, check_engineering, reference_data
    from sitesurvey.engineering.vector import CHECK_CODES, check_many
    from sitesurvey.sizing import size, size_many

    powers = np.array([p["power"] for p in parsed], dtype=float)
    try:
        batch = size_many(powers, voltage, table=table)
    except SiteSurveyError:
        # Some powers have no row: find them one by one for their own message.
        good = []
        for k, p in enumerate(parsed):
            try:
                size(p["power"], voltage, table=table)
            except SiteSurveyError as exc:
                results[p["at"]].errors.append(("power", str(exc)))
            else:
                good.append(k)
        if not good:
            return
        parsed = [parsed[k] for k in good]
        batch = size_many(powers[good], voltage, table=table)
    rows = batch.table.rows_of(batch.supply)
    index = batch.row_index.tolist()
    wire, rating = batch.wire, batch.breaker_rating
    columns = zip(
        _figures(batch.row_power),
        _figures(wire),
        _figures(rating),
        _figures(batch.design_current),
        index,
        strict=True,
    )
    for p, (row_power, w, b, ib, k) in zip(parsed, columns, strict=True):
        row = rows[k]
        results[p["at"]].values.update(
            table_power=row_power,
            wire=w,
            breaker=b,
            poles=row.breaker.poles,
            electronic_meter=row.electronic_meter.marking,
            mechanical_meter=row.mechanical_meter.marking,
            design_current=ib,
        )
    checked = [j for j, p in enumerate(parsed) if p["conditions"] is not None]
    if not checked:
        return
    grid = set(reference_data().cross_sections)
    vector = [j for j in checked if float(wire[j]) in grid]
    for j in sorted(set(checked) - set(vector)):
        # A custom table's wire that IEC 60364-5-52 does not list: as `size` does, the
        # table answer stands with the reason the cross-check could not be made.
        try:
            check_engineering(batch[j], SiteConditions(**parsed[j]["conditions"]))
        except InputError as exc:
            results[parsed[j]["at"]].values["notes"] = f"Cross-check not possible: {exc}"
    if not vector:
        return
    sub = (
        batch
        if len(vector) == len(parsed)
        else size_many(batch.power[vector], voltage, table=table)
    )
    given = [parsed[j]["conditions"] for j in vector]
    eng = check_many(sub, *([c.get(name) for c in given] for name in CONDITIONS))
    # Orders repeat: their notes are written once per distinct set of figures.
    failed_bits = eng.failed @ (1 << np.arange(len(CHECK_CODES)))
    keys = zip(
        failed_bits.tolist(),
        _figures(sub.wire),
        _figures(sub.breaker_rating),
        _figures(eng.wire),
        eng.wire_rule.tolist(),
        _figures(eng.breaker),
        _figures(eng.alternative),
        eng.length_given.tolist(),
        eng.verdict.tolist(),
        strict=True,
    )
    memo: dict[tuple[Any, ...], dict[str, Any]] = {}
    for j, key in zip(vector, keys, strict=True):
        values = memo.get(key)
        if values is None:
            bits, table_wire, table_in, plan_wire, rule, plan_breaker, alt, given_, verdict = key
            failed = tuple(c for n, c in enumerate(CHECK_CODES) if bits >> n & 1)
            notes = _notes(failed, table_wire, table_in, plan_wire, rule, plan_breaker, alt, given_)
            values = memo[key] = {
                "verdict": verdict,
                "failed_checks": " ".join(failed),
                "plan_wire": plan_wire,
                "plan_breaker": plan_breaker,
                "notes": notes.en,
                "notes_zh": notes.zh,
            }
        results[parsed[j]["at"]].values.update(values)


def size_orders(orders: Orders | Iterable[OrderRow], *, table: Any = None) -> list[OrderResult]:
    """Size every order with the table and cross-check those with site conditions.

    Parameters
    ----------
    orders : Orders or iterable of OrderRow
        From :func:`read_orders`.
    table : SpecTable, str or pathlib.Path, optional
        The spec table; by default the shipped one.

    Returns
    -------
    list of OrderResult
        One per order, in order. An order with a bad cell has ``errors`` (each bad cell:
        its column and the message ``sitesurvey size`` prints for the same value) and
        no figures; every other order has its table answer, and, where any site
        condition is given, the verdict and the plan's wire and breaker with notes.

    Raises
    ------
    SiteSurveyError
        Only for the table file (``table``) itself; never for an order.

    Examples
    --------
    >>> r = size_orders([OrderRow(2, {"order": "A1", "power": "8.5 kW", "voltage": "220V",
    ...                               "length": "20 m", "ambient": "35 °C"})])
    >>> r[0].values["wire"], r[0].values["verdict"], r[0].values["plan_wire"]
    (6.0, 'insufficient', 10.0)
    """
    from sitesurvey.sizing import resolve_supply
    from sitesurvey.sizing.lookup import _resolve_table

    spec = _resolve_table(table)
    rows = orders.rows if isinstance(orders, Orders) else list(orders)
    parse = _Parser()
    results: list[OrderResult] = []
    groups: dict[float, list[dict[str, Any]]] = {}
    optional = CONDITIONS  # the order's details (customer, ...) are not sized
    for at, order in enumerate(rows):
        cells = order.cells
        number = cells.get("order")
        result = OrderResult(order.row, "" if number is None else _order_text(number))
        results.append(result)
        errors = result.errors
        if number is None:
            errors.append(("order", "order: a work-order number is required"))
        required = {}
        for column in ("power", "voltage"):
            cell = cells.get(column)
            if cell is None:
                errors.append((column, f"{column}: the cell is empty — a value is required"))
                continue
            try:
                required[column] = parse(column, cell)
            except InputError as exc:
                errors.append((column, str(exc)))
        conditions: dict[str, Any] | None = None
        for column in optional:
            cell = cells.get(column)
            if cell is None:
                continue
            try:
                value = parse(column, cell)
            except InputError as exc:
                errors.append((column, str(exc)))
                continue
            if conditions is None:
                conditions = {}
            conditions[column] = value
        if errors:
            continue
        groups.setdefault(required["voltage"], []).append(
            {"at": at, "power": required["power"], "conditions": conditions}
        )
    for voltage, parsed in groups.items():
        try:
            resolve_supply(spec, voltage)
        except SiteSurveyError as exc:
            for p in parsed:
                results[p["at"]].errors.append(("voltage", str(exc)))
            continue
        _size_group(results, parsed, voltage, spec)
    return results
