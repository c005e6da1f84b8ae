"""Sizing from the manufacturer's table: the table as data, and the lookup.

- :mod:`sitesurvey.sizing.table` loads and validates the maker's table (spec §1);
- :mod:`sitesurvey.sizing.lookup` answers for one heater (:func:`size`) or many
  (:func:`size_many`), with the notes where the table disagrees with physics.
"""

from __future__ import annotations

from sitesurvey._files import data_dir, read_data_file
from sitesurvey.sizing.lookup import (
    SQRT3,
    Note,
    SizingBatch,
    SizingResult,
    TableRef,
    design_current,
    rated_current,
    resolve_supply,
    size,
    size_many,
)
from sitesurvey.sizing.table import (
    DEFAULT_TABLE,
    Breaker,
    Meter,
    PressureRange,
    Row,
    SpecTable,
    Supply,
    default_table,
    load_table,
)

__all__ = [
    "DEFAULT_TABLE",
    "SQRT3",
    "Breaker",
    "Meter",
    "Note",
    "PressureRange",
    "Row",
    "SizingBatch",
    "SizingResult",
    "SpecTable",
    "Supply",
    "TableRef",
    "data_dir",
    "default_table",
    "design_current",
    "load_table",
    "rated_current",
    "read_data_file",
    "resolve_supply",
    "size",
    "size_many",
]
