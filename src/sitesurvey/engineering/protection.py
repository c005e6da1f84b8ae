"""Protection and supply: coordination of wire and breaker, the one breaker choice, the meter,
the main switch.

:func:`coordination` (Ib ≤ In ≤ Iz and I2 ≤ 1.45·Iz, IEC 60364-4-43 433.1),
:func:`choose_breaker` (the table's rating if it is coordinated, else the smallest
standard one that is — used by the recommendation and by the site's circuit in
``sitesurvey.rules``), :func:`meter_sufficient` and :func:`main_switch_check` (spec rule
``E-MAIN``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from sitesurvey.engineering._inputs import _number, _phases
from sitesurvey.engineering.reference import ReferenceData, reference_data
from sitesurvey.errors import InputError
from sitesurvey.fmt import number
from sitesurvey.i18n import bi
from sitesurvey.results import FAIL, PASS, Bound, CheckResult, Text, Value
from sitesurvey.sizing import design_current

__all__ = [
    "alternative_breaker",
    "breaker_at_least",
    "choose_breaker",
    "coordination",
    "main_switch_check",
    "meter_sufficient",
]

_COORDINATION_SOURCE = "IEC 60364-4-43:2008 433.1 (Ib ≤ In ≤ Iz; I2 ≤ 1.45·Iz)"
#: The factor of condition (ii) of IEC 60364-4-43 433.1, I2 ≤ 1.45·Iz: part of the
#: clause's wording, not a device figure (the device's I2 / In is in the data file).
_IZ_FACTOR_433 = 1.45


def _calculated(
    rule: str,
    status: str,
    text: Text,
    source: str,
    measured: Value,
    required: Bound,
) -> CheckResult:
    """A check of the cross-check (basis ``calculation``), its message in both languages."""
    return CheckResult(
        rule=rule,
        status=status,  # type: ignore[arg-type]
        message=text.en,
        message_zh=text.zh,
        source=source,
        measured=measured,
        required=required,
        basis="calculation",
    )


def coordination(
    ib: float,
    in_: float,
    iz: float,
    *,
    tripping_factor: float | None = None,
    data: ReferenceData | None = None,
) -> tuple[CheckResult, CheckResult, CheckResult]:
    """The coordination of conductor and overload protection, as three checks.

    Parameters
    ----------
    ib : float
        Design current of the circuit [A].
    in_ : float
        Rated current of the breaker [A].
    iz : float
        Current-carrying capacity of the conductor on the site [A].
    tripping_factor : float, optional
        Conventional tripping current I2 / In of the device; by default the MCB
        figure of the data file (1.45).
    data : ReferenceData, optional
        Reference figures; by default the shipped files.

    Returns
    -------
    tuple of CheckResult
        ``ENG-IB-IN`` (Ib ≤ In: the breaker carries the heater), ``ENG-IN-IZ``
        (In ≤ Iz: the breaker protects the wire) and ``ENG-I2`` (I2 ≤ 1.45·Iz), each
        ``pass`` or ``fail`` with basis ``calculation``.

    Notes
    -----
    For an MCB to IEC 60898-1, I2 = 1.45·In, so ``ENG-I2`` follows from ``ENG-IN-IZ``;
    it is reported because it is the standard's second condition.

    References
    ----------
    IEC 60364-4-43:2008 433.1; IEC 60898-1 (I2 = 1.45·In), via ``tables/standard_ratings.toml``.

    Examples
    --------
    >>> [c.status for c in coordination(38.64, 40.0, 38.54)]
    ['pass', 'fail', 'fail']
    """
    data = data or reference_data()
    k2 = data.tripping_factor if tripping_factor is None else float(tripping_factor)
    ib = _number(ib, "current", "ib", allow_zero=True)
    in_ = _number(in_, "current", "in_")
    iz = _number(iz, "current", "iz", allow_zero=True)

    need = Bound("A", low=ib)
    ok = need.contains(in_)
    if ok:
        text = bi(
            "Breaker In {in_} A ≥ design current Ib {ib} A.",
            "ENG-IB-IN",
            in_=number(in_),
            ib=number(ib),
        )
    else:
        text = bi(
            "Breaker In {in_} A is {short} A below the design current Ib {ib} A: it may trip "
            "in normal use.",
            "ENG-IB-IN",
            in_=number(in_),
            ib=number(ib),
            short=number(ib - in_, 3),
        )
    ib_in = _calculated(
        "ENG-IB-IN", PASS if ok else FAIL, text, _COORDINATION_SOURCE, Value(in_, "A"), need
    )

    limit = Bound("A", high=iz)
    ok = limit.contains(in_)
    if ok:
        text = bi(
            "Breaker In {in_} A ≤ wire capacity Iz {iz} A: the breaker protects the wire.",
            "ENG-IN-IZ",
            in_=number(in_),
            iz=number(iz),
        )
    else:
        text = bi(
            "Breaker In {in_} A exceeds the wire capacity Iz {iz} A by {excess} A: the breaker "
            "does not protect the wire against overload.",
            "ENG-IN-IZ",
            in_=number(in_),
            iz=number(iz),
            excess=number(in_ - iz, 3),
        )
    in_iz = _calculated(
        "ENG-IN-IZ", PASS if ok else FAIL, text, _COORDINATION_SOURCE, Value(in_, "A"), limit
    )

    i2 = k2 * in_
    i2_max = _IZ_FACTOR_433 * iz
    limit2 = Bound("A", high=i2_max)
    ok = limit2.contains(i2)
    fields = {"k2": number(k2), "in_": number(in_), "i2": number(i2), "i2_max": number(i2_max)}
    if ok:
        text = bi(
            "Conventional tripping current I2 = {k2} × {in_} A = {i2} A ≤ 1.45 × Iz = {i2_max} A.",
            "ENG-I2",
            **fields,
        )
    else:
        text = bi(
            "Conventional tripping current I2 = {k2} × {in_} A = {i2} A exceeds 1.45 × Iz = "
            "{i2_max} A by {excess} A.",
            "ENG-I2",
            **fields,
            excess=number(i2 - i2_max, 3),
        )
    i2_iz = _calculated(
        "ENG-I2", PASS if ok else FAIL, text, _COORDINATION_SOURCE, Value(i2, "A"), limit2
    )
    return ib_in, in_iz, i2_iz


def meter_sufficient(meter_max: float, ib: float) -> bool:
    """Whether a meter's maximum current Imax carries the design current.

    Parameters
    ----------
    meter_max : float
        Imax of the meter, the bracketed figure of ``Ib(Imax)`` [A].
    ib : float
        Design current [A] (per phase for a three-phase meter).

    Returns
    -------
    bool
        ``Imax ≥ Ib``.

    References
    ----------
    installation-spec.md §3 (meter Imax ≥ Ib); IEC 62052-11 (Imax).

    Examples
    --------
    >>> meter_sufficient(40.0, 38.64), meter_sufficient(40.0, 42.5)
    (True, False)
    """
    top = _number(meter_max, "current", "meter_max")
    need = _number(ib, "current", "ib", allow_zero=True)
    return Bound("A", low=need).contains(top)


def breaker_at_least(
    ib: float, table_in: float, *, data: ReferenceData | None = None
) -> float | None:
    """The breaker the recommendation starts from: never below the maker's, never below Ib.

    Parameters
    ----------
    ib : float
        Design current of the circuit [A] (at the top of the supply range with
        worst-case voltage).
    table_in : float
        Rated current In of the table's (the maker's) breaker [A].
    data : ReferenceData, optional
        Reference figures (the standard ratings); by default the shipped files.

    Returns
    -------
    float or None
        The smallest standard rating ≥ max(``table_in``, ``ib``) [A]; ``None`` when the
        largest standard rating is below that.

    References
    ----------
    installation-spec.md §3, recommendation step 1.

    Examples
    --------
    >>> breaker_at_least(25.0, 32.0), breaker_at_least(27.35, 25.0)
    (32.0, 32.0)
    """
    data = data or reference_data()
    need = max(_number(ib, "current", "ib", allow_zero=True), _number(table_in, "current", "in_"))
    return next((r for r in data.breaker_ratings if Bound("A", low=need).contains(r)), None)


def choose_breaker(
    ib: float,
    table_in: float,
    iz: float,
    *,
    data: ReferenceData | None = None,
) -> tuple[float | None, CheckResult | None]:
    """The breaker for a wire on a site: only ever up from the table's, protecting the wire.

    Parameters
    ----------
    ib : float
        Design current of the circuit [A].
    table_in : float
        Rated current In of the table's breaker [A].
    iz : float
        Current-carrying capacity of the wire on the site [A].
    data : ReferenceData, optional
        Reference figures (the standard ratings); by default the shipped files.

    Returns
    -------
    rating : float or None
        :func:`breaker_at_least` (the smallest standard rating ≥ max(In of the table,
        Ib)) when :func:`coordination` holds for it on this wire; ``None`` when it does
        not — the wire must go up, never the breaker down [A].
    why : CheckResult or None
        ``None`` when the table's breaker is kept; the table breaker's failing
        ``ENG-IB-IN`` when the rating went up; the failing check of the rating
        (``ENG-IN-IZ``) when ``rating`` is ``None``.

    Notes
    -----
    The one rule for choosing a breaker, used by the recommendation
    (:func:`~sitesurvey.engineering.check_engineering`) and by the circuit the site must
    end up with (``sitesurvey.rules``). It never returns a rating below the maker's
    (issue 10: 25 A for a 5500 W heater whose maker says 32 A); a smaller breaker that
    would also protect the wire is :func:`alternative_breaker`, named, never chosen.

    Examples
    --------
    >>> choose_breaker(38.64, 40.0, 52.0)[0], choose_breaker(25.0, 32.0, 30.08)[0]
    (40.0, None)
    """
    data = data or reference_data()
    rating = breaker_at_least(ib, table_in, data=data)
    table = coordination(ib, table_in, iz, data=data)
    if rating is None:
        return None, table[0]
    checks = coordination(ib, rating, iz, data=data)
    if not _passes(checks):
        return None, next(c for c in checks if c.status == FAIL)
    return rating, (None if rating == table_in else table[0])


def alternative_breaker(
    ib: float,
    below: float,
    iz: float,
    *,
    data: ReferenceData | None = None,
) -> float | None:
    """A smaller breaker that would also meet IEC on a wire: named, never chosen.

    Parameters
    ----------
    ib : float
        Design current [A].
    below : float
        The chosen breaker's rating [A]; the alternative is strictly below it.
    iz : float
        Current-carrying capacity of the wire on the site [A].
    data : ReferenceData, optional
        Reference figures; by default the shipped files.

    Returns
    -------
    float or None
        The largest standard rating below ``below`` with Ib ≤ In ≤ Iz (and I2 ≤ 1.45·Iz),
        or ``None`` [A].

    Examples
    --------
    >>> alternative_breaker(11.36, 25.0, 17.5), alternative_breaker(27.35, 32.0, 28.0)
    (16.0, None)
    """
    data = data or reference_data()
    fits = [
        r for r in data.breaker_ratings if r < below and _passes(coordination(ib, r, iz, data=data))
    ]
    return fits[-1] if fits else None


def _passes(checks: Iterable[CheckResult]) -> bool:
    return all(c.status != FAIL for c in checks)


# ------------------------------------------------------------------------ E-MAIN

_MAIN_SOURCE = (
    "004 ch.5 §3 note: 总开关电流应等于用户家中全部电器一起开电流总数 (the manual says "
    "'equal to'; 'at least' is the project's interpretation, installation-spec.md §2 E-MAIN)"
)


def main_switch_check(
    main_switch_rating: float,
    heater_power: float,
    appliance_powers: Iterable[float],
    voltage: float = 220.0,
    phases: int = 1,
) -> CheckResult:
    """Spec rule ``E-MAIN``: the main switch carries all appliances switched on together.

    Parameters
    ----------
    main_switch_rating : float
        Rated current of the household's main switch (总开关) [A].
    heater_power : float
        Power of the instant water heater [W].
    appliance_powers : iterable of float
        Powers of the other household appliances that may run at the same time [W]
        (the heater is *not* in this list; it is added here). May be empty.
    voltage : float, default 220
        Supply voltage [V]: line-to-neutral for single-phase, line-to-line for
        three-phase.
    phases : {1, 3}, default 1
        Phases of the household supply.

    Returns
    -------
    CheckResult
        Rule ``E-MAIN``; ``pass`` when the rating is at least the total current,
        ``fail`` otherwise. ``measured`` is the main switch rating, ``required`` the
        lower bound (the total current).

    Raises
    ------
    InputError
        A rating, power or voltage that is not a finite positive number (appliance
        powers may be zero), or phases other than 1 or 3.

    Notes
    -----
    Total current :math:`I = (P_{heater} + \\sum P_i) / U` (single-phase) or
    :math:`I = (P_{heater} + \\sum P_i) / (\\sqrt{3} U)` (three-phase, taken as
    balanced), with cos φ = 1 as for the heater. Motors and other inductive loads draw
    more than P / U, and single-phase appliances on a three-phase supply load one phase
    more than the balanced figure; both make this an optimistic estimate.

    The manual asks for a main switch current *equal to* the total
    ("总开关电流应等于用户家中全部电器一起开电流总数"); the project reads it as *at
    least* the total (installation-spec.md §2 ``E-MAIN``), and the message says so.

    References
    ----------
    installation-spec.md §2 ``E-MAIN`` (source: 004 ch.5 §3 note).

    Examples
    --------
    >>> r = main_switch_check(40, 8500, [1000, 500])
    >>> r.rule, r.status, round(r.required.low, 1)
    ('E-MAIN', 'fail', 45.5)
    >>> main_switch_check(63, 8500, [1000, 500]).status
    'pass'
    """
    rating = _number(main_switch_rating, "current", "main_switch_rating")
    heater = _number(heater_power, "power", "heater_power")
    if isinstance(appliance_powers, (str, bytes)) or not isinstance(appliance_powers, Iterable):
        raise InputError(
            "appliance_powers", appliance_powers, "a list of powers in W (may be empty)"
        )
    others = [
        _number(p, "power", f"appliance_powers[{i}]", allow_zero=True)
        for i, p in enumerate(appliance_powers)
    ]
    u = _number(voltage, "voltage", "voltage")
    n = _phases(phases)
    total_power = heater + math.fsum(others)
    total = design_current(total_power, u, n)
    required = Bound("A", low=total)
    ok = required.contains(rating)
    formula = "P / U" if n == 1 else "P / (√3 · U)"
    shown = {
        "heater": f"{heater:g}",
        "others": f"{math.fsum(others):g}",
        "total_power": f"{total_power:g}",
        "u": f"{u:g}",
    }
    total_text = f"{total:.1f}"
    what = bi(
        "heater {heater} W + {others} W of other appliances = {total_power} W; I = {formula} "
        "at {u} V = {total} A",
        "E-MAIN",
        **shown,
        formula=formula,
        total=total_text,
    )
    if ok:
        text = bi(
            "Main switch {rating} A ≥ {total} A, the total current of all appliances switched "
            "on together ({what}). The manual says 'equal to'; the project requires at least "
            "the total.",
            "E-MAIN",
            rating=number(rating),
            total=total_text,
            what=what,
        )
    else:
        short = f"{total - rating:.1f}"
        text = bi(
            "Main switch {rating} A is {short} A below {total} A, the total current of all "
            "appliances switched on together ({what}). The manual says 'equal to'; the project "
            "requires at least the total. Changing the main switch needs the customer's "
            "consent and signature.",
            "E-MAIN",
            rating=number(rating),
            short=short,
            total=total_text,
            what=what,
        )
    return CheckResult(
        rule="E-MAIN",
        status=PASS if ok else FAIL,
        message=text.en,
        message_zh=text.zh,
        source=_MAIN_SOURCE,
        measured=Value(rating, "A"),
        required=required,
        basis="measurement",
    )
