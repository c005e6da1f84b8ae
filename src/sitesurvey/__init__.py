"""sitesurvey — installation site survey for instant electric water heaters.

Size the circuit from the manufacturer's table, cross-check it against engineering
rules, check the site and render the installation design sheet.

>>> import sitesurvey
>>> result = sitesurvey.size("5.5 kW")
>>> result.wire, result.breaker.rating
(4.0, 32.0)

Every public name loads on first use, so ``import sitesurvey`` is cheap; the sizing
core imports neither numpy nor pint until an input needs them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from sitesurvey.errors import (
    InputError,
    OutOfRangeError,
    SiteSurveyError,
    SurveyFileError,
    TableError,
)

__version__ = "0.1.0"


def _source_checkout_root() -> str | None:
    """The repository root when this package is imported from a checkout's ``src/``.

    An editable install (``pip install -e .``) puts ``src/`` on the path, so the
    package lacks ``cli/``, which the wheel build puts inside it from the top of the
    repository. Returns ``None`` for an installed package. Uses only :mod:`os`
    (already loaded at start-up), so ``import sitesurvey`` stays cheap.
    """
    import os

    here = os.path.dirname(os.path.realpath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    if (
        os.path.basename(os.path.dirname(here)) == "src"
        and not os.path.isdir(os.path.join(here, "cli"))
        and os.path.isfile(os.path.join(root, "cli", "__init__.py"))
    ):
        return root
    return None


# In a source checkout `sitesurvey.cli` is the checkout's live `cli/` (the data
# directories are found by sitesurvey._files.data_dir the same way).
_root = _source_checkout_root()
if _root is not None:
    __path__.append(_root)
del _root

#: Public names loaded on first use (module, attribute).
_LAZY: dict[str, str] = {
    "Note": "sitesurvey.sizing",
    "SizingBatch": "sitesurvey.sizing",
    "SizingResult": "sitesurvey.sizing",
    "design_current": "sitesurvey.sizing",
    "size": "sitesurvey.sizing",
    "size_many": "sitesurvey.sizing",
    "Breaker": "sitesurvey.sizing.table",
    "Meter": "sitesurvey.sizing.table",
    "Row": "sitesurvey.sizing.table",
    "SpecTable": "sitesurvey.sizing.table",
    "Supply": "sitesurvey.sizing.table",
    "default_table": "sitesurvey.sizing.table",
    "load_table": "sitesurvey.sizing.table",
    "EngineeringResult": "sitesurvey.engineering",
    "Recommendation": "sitesurvey.engineering",
    "SiteConditions": "sitesurvey.engineering",
    "ambient_factor": "sitesurvey.engineering",
    "ampacity": "sitesurvey.engineering",
    "check_engineering": "sitesurvey.engineering",
    "coordination": "sitesurvey.engineering",
    "grouping_factor": "sitesurvey.engineering",
    "main_switch_check": "sitesurvey.engineering",
    "meter_sufficient": "sitesurvey.engineering",
    "reference_data": "sitesurvey.engineering",
    "terminal_voltage": "sitesurvey.engineering",
    "voltage_drop": "sitesurvey.engineering",
    "voltage_drop_percent": "sitesurvey.engineering",
    "registry": "sitesurvey.units",
    "to_quantity": "sitesurvey.units",
    "Survey": "sitesurvey.survey.record",
    "load_survey": "sitesurvey.survey.reader",
    "parse_survey": "sitesurvey.survey.reader",
    "SurveyResult": "sitesurvey.rules",
    "check_survey": "sitesurvey.rules",
    "render_html": "sitesurvey.sheet.render",
    "render_pdf": "sitesurvey.sheet.render",
    "write_sheet": "sitesurvey.sheet.render",
    "wall_elevation_svg": "sitesurvey.sheet.drawing",
    "canonical_json": "sitesurvey.sheet.integrity",
    "verify_pdf": "sitesurvey.sheet.integrity",
    "compute_fees": "sitesurvey.fees",
    "load_tariff": "sitesurvey.fees",
}

__all__ = [
    "InputError",
    "OutOfRangeError",
    "SiteSurveyError",
    "SurveyFileError",
    "TableError",
    "__version__",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sitesurvey' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # pragma: no cover
    from sitesurvey.sizing import (  # noqa: F401
        Note,
        SizingBatch,
        SizingResult,
        design_current,
        size,
        size_many,
    )
    from sitesurvey.sizing.table import (  # noqa: F401
        Breaker,
        Meter,
        Row,
        SpecTable,
        Supply,
        default_table,
        load_table,
    )
    from sitesurvey.units import registry, to_quantity  # noqa: F401
