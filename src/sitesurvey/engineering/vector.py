"""The engineering cross-check over arrays of orders: :func:`check_many`, beside ``size_many``.

:func:`~sitesurvey.engineering.check_engineering` checks one table answer on one site and
explains every step in words; a dispatcher's list of ten thousand orders needs only the
figures, the verdict and the recommendation of each. :func:`check_many` computes exactly
those, with numpy, from the same data files (:func:`reference_data`) and by the same
formulas and comparisons as the scalar path, so that for every order

* ``verdict[i]`` is ``check_engineering(batch[i], conditions_i).verdict``;
* ``failed[i]`` holds the codes of its failing checks;
* ``wire[i]``, ``breaker[i]`` are the recommendation's (and the plan's, for an order
  with no survey: :func:`sitesurvey.plan.build_plan` with ``survey=None``);
* ``alternative[i]`` is ``Recommendation.alternative``;
* ``wire_rule[i]`` is the check code that decided the wire change (the plan's origin).

The property test in ``tests/test_engineering_vector.py`` asserts these equalities over
random orders. Not vectorised (the scalar function is the one to call for them): a
measured supply voltage per order, and the meters' recommendation (the table's meters
are checked, ``ENG-METER-…``, but no other meter is chosen here).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sitesurvey.engineering.ampacity import _arrangement, ambient_factor, grouping_factor
from sitesurvey.engineering.conditions import DEFAULTS
from sitesurvey.engineering.protection import _IZ_FACTOR_433
from sitesurvey.engineering.reference import ReferenceData, _method, reference_data
from sitesurvey.errors import InputError
from sitesurvey.sizing import SQRT3

if TYPE_CHECKING:
    from typing import NamedTuple

    import numpy as np

    from sitesurvey.sizing.lookup import SizingBatch
else:  # typing.NamedTuple's classes, made without evaluating annotations (start-up)
    from sitesurvey._tuples import NamedTuple

__all__ = ["CHECK_CODES", "EngineeringBatch", "check_many"]

#: The checks of :func:`check_engineering`, in its order: the columns of
#: :attr:`EngineeringBatch.failed`.
CHECK_CODES = (
    "ENG-IB-IN",
    "ENG-IN-IZ",
    "ENG-I2",
    "ENG-METER-ELECTRONIC",
    "ENG-METER-MECHANICAL",
    "ENG-DROP",
    "ENG-TERMINAL-VOLTAGE",
)


class EngineeringBatch(NamedTuple):
    """The engineering cross-check of many table answers, one array element per order.

    Attributes
    ----------
    design_current : numpy.ndarray
        Ib used by the checks [A].
    ampacity : numpy.ndarray
        Iz of the table's wire on each site [A].
    voltage_drop, voltage_drop_percent, terminal_voltage : numpy.ndarray
        Of the table's wire: drop [V] on the supply's basis, drop [%], voltage at the
        heater [V].
    length_given : numpy.ndarray of bool
        Whether the route length was given (otherwise the drop is not checked).
    failed : numpy.ndarray of bool, shape (n, 7)
        Whether each check of :data:`CHECK_CODES` fails, per order.
    wire : numpy.ndarray
        The recommended wire [mm²]; NaN where no standard size passes every check.
    breaker : numpy.ndarray
        The recommended breaker rating [A]; NaN where there is none.
    poles : numpy.ndarray of int
        The breaker's poles (the table's).
    alternative : numpy.ndarray
        A smaller breaker that meets IEC on the table's wire when the wire went up [A];
        NaN where there is none.
    wire_rule : numpy.ndarray of str
        The check code that decided a wire change (``"ENG-IN-IZ"``, ``"ENG-DROP"``,
        ``"ENG-TERMINAL-VOLTAGE"``); ``""`` where the wire is the table's. Where no size
        passes: why the largest was rejected (``""`` when no standard breaker is ≥ Ib).
    """

    design_current: np.ndarray
    ampacity: np.ndarray
    voltage_drop: np.ndarray
    voltage_drop_percent: np.ndarray
    terminal_voltage: np.ndarray
    length_given: np.ndarray
    failed: np.ndarray
    wire: np.ndarray
    breaker: np.ndarray
    poles: np.ndarray
    alternative: np.ndarray
    wire_rule: np.ndarray

    @property
    def ok(self) -> np.ndarray:
        """Whether no check fails (the verdict ``"ok"``), per order."""
        return ~self.failed.any(axis=1)

    @property
    def verdict(self) -> np.ndarray:
        """``"ok"`` or ``"insufficient"`` per order, as :func:`check_engineering` says."""
        import numpy as np

        return np.where(self.ok, "ok", "insufficient")

    def failed_codes(self, i: int) -> tuple[str, ...]:
        """The codes of the checks that fail for order ``i``, in :data:`CHECK_CODES` order."""
        return tuple(code for code, bad in zip(CHECK_CODES, self.failed[i], strict=True) if bad)


def _column(values: Any, n: int, name: str, np: Any) -> np.ndarray:
    """A float column of ``n`` values; None or NaN for 'not given'."""
    if values is None:
        return np.full(n, np.nan)
    if isinstance(values, (int, float)):
        return np.full(n, float(values))
    try:
        array = np.array([np.nan if v is None else v for v in values], dtype=float)
    except (TypeError, ValueError):
        raise InputError(
            name, type(values).__name__, "an array of numbers, NaN where not given"
        ) from None
    if array.shape != (n,):
        raise InputError(name, f"{array.size} values", f"one value per order ({n})")
    return array


def _names(values: Any, n: int, name: str) -> list[Any]:
    """A list of ``n`` names (method, arrangement); None where not given."""
    if values is None or isinstance(values, str):
        return [values] * n
    listed = list(values)
    if len(listed) != n:
        raise InputError(name, f"{len(listed)} values", f"one value per order ({n})")
    return listed


def _first_bad(mask: np.ndarray, np: Any) -> int:
    return int(np.flatnonzero(mask)[0])


def check_many(
    batch: SizingBatch,
    length: Any = None,
    method: str | Sequence[str | None] | None = None,
    ambient: Any = None,
    grouping: Any = None,
    arrangement: str | Sequence[str | None] | None = None,
    *,
    max_drop: float | None = None,
    worst_case_voltage: bool = False,
    data: ReferenceData | None = None,
) -> EngineeringBatch:
    """Vectorised :func:`~sitesurvey.engineering.check_engineering` over a ``size_many`` batch.

    Parameters
    ----------
    batch : SizingBatch
        The table's answers, from :func:`sitesurvey.sizing.size_many` (one supply).
    length : array_like of float, optional
        Route length per order [m]; NaN or None where not given (0 m, drop not checked).
    method : str or sequence of str, optional
        Installation reference method per order (or one for all); None: B1.
    ambient : array_like of float, optional
        Ambient temperature per order [°C]; NaN or None: 30 °C.
    grouping : array_like of float, optional
        Circuits in the group per order; NaN or None: 1.
    arrangement : str or sequence of str, optional
        ``"bunched"``, ``"wall"`` or ``"tray"`` per order (or one for all); None: bunched.
    max_drop : float, optional
        Voltage-drop limit [%] for all orders; by default the data file's.
    worst_case_voltage : bool, default False
        Take Ib at the top of the supply's normal range.
    data : ReferenceData, optional
        Reference figures; by default the shipped files.

    Returns
    -------
    EngineeringBatch

    Raises
    ------
    InputError
        A condition out of range (the message names the first order, by index), or a
        table wire that is not in the capacity table. Check conditions one by one with
        :class:`~sitesurvey.engineering.SiteConditions` first to report each bad order.

    Notes
    -----
    The same data and comparisons as the scalar path: Iz = Iz30·kθ·kg (Table B.52.2/4/10,
    B.52.14 next listed temperature up, B.52.17 next listed count up); Ib ≤ In, In ≤ Iz,
    1.45·In ≤ 1.45·Iz (IEC 60364-4-43 433.1); u = b·ρ·L·Ib/S (Annex G); the
    recommendation goes only up from the table: breaker = the smallest standard rating ≥
    max(table, Ib), wire = the first standard size from the table's up on which that
    breaker is coordinated and the drop and the voltage at the heater hold.

    Examples
    --------
    >>> from sitesurvey.sizing import size_many
    >>> r = check_many(size_many([5500.0, 8500.0]), [10.0, 20.0], "B1", [30.0, 35.0])
    >>> r.verdict.tolist(), r.wire.tolist(), r.breaker.tolist()
    (['ok', 'insufficient'], [4.0, 10.0], [32.0, 40.0])
    """
    import numpy as np

    data = data or reference_data()
    n = len(batch)
    supply = batch.supply
    phases = supply.phases
    loaded = 2 if phases == 1 else 3
    if max_drop is None:
        max_drop = data.max_drop_default
    ib = batch.design_current_max_voltage if worst_case_voltage else batch.design_current
    ib = np.asarray(ib, dtype=float)

    # -- conditions, each checked over the whole column
    route = _column(length, n, "length", np)
    length_given = ~np.isnan(route)
    route = np.where(length_given, route, DEFAULTS["length"])
    if (route < 0).any() or not np.isfinite(route).all():
        i = _first_bad((route < 0) | ~np.isfinite(route), np)
        raise InputError(f"length[{i}]", f"{route[i]:g} m", "a route length of at least 0 m")
    temps = _column(ambient, n, "ambient", np)
    temps = np.where(np.isnan(temps), DEFAULTS["ambient"], temps)
    k_theta = np.asarray(ambient_factor(temps, data=data), dtype=float)
    counts = _column(grouping, n, "grouping", np)
    counts = np.where(np.isnan(counts), DEFAULTS["grouping"], counts)
    arrangements = [
        _arrangement(DEFAULTS["arrangement"] if a is None else a, data)
        for a in _names(arrangement, n, "arrangement")
    ]
    k_group = np.empty(n)
    by_arrangement = np.array(arrangements, dtype=object)
    for name in set(arrangements):
        mask = by_arrangement == name
        k_group[mask] = grouping_factor(counts[mask], name, data=data)
    methods = [
        _method(DEFAULTS["method"] if m is None else m, data).name
        for m in _names(method, n, "method")
    ]
    method_names = list(data.methods)
    method_index = np.array([method_names.index(m) for m in methods], dtype=int)
    # Iz at 30 °C: one row per method, one column per cross-section of the capacity file
    capacity = np.array([data.methods[m].capacities(loaded) for m in method_names], dtype=float)
    grid = np.asarray(data.cross_sections, dtype=float)

    table_wire = np.asarray(batch.wire, dtype=float)
    table_in = np.asarray(batch.breaker_rating, dtype=float)
    rows = batch.table.rows_of(supply)
    poles = np.array([r.breaker.poles for r in rows], dtype=int)[batch.row_index]
    wire_index = np.abs(np.subtract.outer(table_wire, grid)).argmin(axis=-1)
    missing = ~np.isclose(grid[wire_index], table_wire, rtol=1e-9, atol=0.0)
    if missing.any():
        i = _first_bad(missing, np)
        raise InputError(
            "cross_section",
            f"{table_wire[i]:g} mm²",
            "a cross-section of the capacity table: "
            + ", ".join(f"{s:g}" for s in data.cross_sections)
            + " mm²",
        )

    k2 = data.tripping_factor
    rho = data.resistivity
    b = 2.0 if phases == 1 else 1.0
    line = SQRT3 if phases == 3 else 1.0
    u0 = supply.voltage / SQRT3 if phases == 3 else supply.voltage
    origin = supply.voltage  # no measured supply voltage per order (see the module notes)
    floor = supply.min_voltage

    def figures(wire: np.ndarray | float, section_index: np.ndarray | int):
        """Iz, u, percent, terminal, drop-fails, terminal-fails of a wire, per order."""
        iz = capacity[method_index, section_index] * k_theta * k_group
        u = b * rho * route * ib / wire
        percent = 100.0 * u / u0
        terminal = origin - line * u
        drop_fails = length_given & (percent > max_drop)
        terminal_fails = terminal < floor
        return iz, u, percent, terminal, drop_fails, terminal_fails

    def coordinated(rating: np.ndarray | float, iz: np.ndarray) -> np.ndarray:
        return (rating >= ib) & (rating <= iz) & (k2 * rating <= _IZ_FACTOR_433 * iz)

    # -- the table's answer
    iz, u, percent, terminal, drop_fails, terminal_fails = figures(table_wire, wire_index)
    failed = np.column_stack(
        [
            table_in < ib,
            table_in > iz,
            k2 * table_in > _IZ_FACTOR_433 * iz,
            np.asarray(batch.electronic_meter_max, dtype=float) < ib,
            np.asarray(batch.mechanical_meter_max, dtype=float) < ib,
            drop_fails,
            terminal_fails,
        ]
    )

    # -- the recommendation: breaker first (only up), then the first wire that carries it
    ratings = np.asarray(data.breaker_ratings, dtype=float)
    need = np.maximum(ib, table_in)
    target_index = np.searchsorted(ratings, need, side="left")
    has_target = target_index < ratings.size
    target = np.where(has_target, ratings[np.minimum(target_index, ratings.size - 1)], np.nan)

    rec_wire = np.full(n, np.nan)
    wire_rule = np.full(n, "", dtype=object)
    last_rule = np.full(n, "", dtype=object)  # why the previous size was skipped
    open_ = has_target & (origin >= floor)
    for size in data.wire_sizes:
        index = int(np.flatnonzero(grid == size)[0])
        candidate = open_ & (size >= table_wire)
        if not candidate.any():
            continue
        w_iz, _, _, _, w_drop, w_terminal = figures(size, index)
        coord = coordinated(target, w_iz)
        passes = candidate & coord & ~w_drop & ~w_terminal
        rec_wire[passes] = size
        wire_rule[passes] = np.where(size != table_wire[passes], last_rule[passes], "")
        skipped = candidate & ~passes
        last_rule[skipped & ~coord] = "ENG-IN-IZ"
        last_rule[skipped & coord & w_drop] = "ENG-DROP"
        last_rule[skipped & coord & ~w_drop & w_terminal] = "ENG-TERMINAL-VOLTAGE"
        open_ &= ~passes
    found = ~np.isnan(rec_wire)
    wire_rule[~found] = last_rule[~found]
    rec_breaker = np.where(found, target, np.nan)

    # -- the alternative: a smaller breaker on the table's wire, when the wire went up
    alternative = np.full(n, np.nan)
    went_up = found & (rec_wire != table_wire) & ~drop_fails & ~terminal_fails
    for rating in data.breaker_ratings:  # ascending: the last that fits is the largest
        fits = went_up & (rating < rec_breaker) & coordinated(rating, iz)
        alternative[fits] = rating

    return EngineeringBatch(
        design_current=ib,
        ampacity=iz,
        voltage_drop=line * u,
        voltage_drop_percent=percent,
        terminal_voltage=terminal,
        length_given=length_given,
        failed=failed,
        wire=rec_wire,
        breaker=rec_breaker,
        poles=poles,
        alternative=alternative,
        wire_rule=wire_rule.astype(str),
    )
