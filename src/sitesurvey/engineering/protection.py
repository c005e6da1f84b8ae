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
from typing import Any

from sitesurvey.engineering._inputs import _number, _phases
from sitesurvey.engineering.reference import ReferenceData, reference_data
from sitesurvey.errors import InputError
from sitesurvey.fmt import number
from sitesurvey.i18n import N_, bi
from sitesurvey.results import FAIL, PASS, Bound, CheckResult, Value
from sitesurvey.sizing import design_current

__all__ = [
    "alternative_breaker",
    "breaker_at_least",
    "choose_breaker",
    "coordination",
    "main_switch_check",
    "meter_sufficient",
    "phase_currents",
]

_COORDINATION_SOURCE = "IEC 60364-4-43:2008 433.1 (Ib ≤ In ≤ Iz; I2 ≤ 1.45·Iz)"
#: The factor of condition (ii) of IEC 60364-4-43 433.1, I2 ≤ 1.45·Iz: part of the
#: clause's wording, not a device figure (the device's I2 / In is in the data file).
_IZ_FACTOR_433 = 1.45


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
    ib_in = CheckResult.calculated(
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
    in_iz = CheckResult.calculated(
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
    i2_iz = CheckResult.calculated(
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


_PHASES = ("L1", "L2", "L3")
#: How E-MAIN placed the single-phase appliances on a three-phase supply.
_PHASES_RECORDED = N_("on the phases recorded; any without one counted on the most loaded phase")
_PHASES_NOT_RECORDED = N_("phases not recorded: all on one phase, the safe side")


def _appliance_phases(phases: Any, count: int) -> list[str | None]:
    if phases is None:
        return [None] * count
    if isinstance(phases, (str, bytes)) or not isinstance(phases, Iterable):
        raise InputError("appliance_phases", phases, "a list of L1, L2, L3 or None")
    listed = list(phases)
    if len(listed) != count:
        raise InputError(
            "appliance_phases",
            f"{len(listed)} entries",
            f"one entry per appliance ({count})",
        )
    out: list[str | None] = []
    for i, value in enumerate(listed):
        key = value.strip().upper() if isinstance(value, str) else value
        if key is not None and key not in _PHASES:
            raise InputError(
                f"appliance_phases[{i}]", value, "L1, L2 or L3", "leave it out when not known"
            )
        out.append(key)
    return out


def phase_currents(
    heater_power: float,
    appliance_powers: Iterable[float],
    voltage: float,
    appliance_phases: Iterable[str | None] | None = None,
) -> dict[str, float]:
    """The current of each phase of a three-phase supply with a three-phase heater.

    Parameters
    ----------
    heater_power : float
        Power of the three-phase heater [W]; it loads each phase with P / (√3 · U).
    appliance_powers : iterable of float
        Powers of the single-phase appliances [W].
    voltage : float
        Line-to-line voltage [V]; a single-phase appliance draws P / (U / √3).
    appliance_phases : iterable of {"L1", "L2", "L3", None}, optional
        The phase of each appliance; the appliances without one are all added to the
        most loaded phase (all on one phase: the safe side).

    Returns
    -------
    dict of str to float
        ``{"L1": I1, "L2": I2, "L3": I3}`` [A], cos φ = 1.

    Examples
    --------
    >>> {k: round(v, 1) for k, v in phase_currents(18000, [7450], 380).items()}
    {'L1': 61.3, 'L2': 27.3, 'L3': 27.3}
    """
    powers = list(appliance_powers)
    phases = _appliance_phases(appliance_phases, len(powers))
    heater = design_current(heater_power, voltage, 3)
    u0 = voltage / math.sqrt(3.0)
    loads = {p: 0.0 for p in _PHASES}
    unknown = 0.0
    for power, phase in zip(powers, phases, strict=True):
        if phase is None:
            unknown += power
        else:
            loads[phase] += power
    loads[max(_PHASES, key=lambda p: loads[p])] += unknown  # the first on a tie: L1
    return {p: heater + loads[p] / u0 for p in _PHASES}


def main_switch_check(
    main_switch_rating: float,
    heater_power: float,
    appliance_powers: Iterable[float],
    voltage: float = 220.0,
    phases: int = 1,
    appliance_phases: Iterable[str | None] | None = None,
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
    appliance_phases : iterable of {"L1", "L2", "L3", None}, optional
        Three-phase supply only: the phase each appliance is on, in the order of
        ``appliance_powers``. Without it (or ``None`` for an appliance) every such
        appliance is put on one phase together — the safe side (spec §3).

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
    Single-phase: :math:`I = (P_{heater} + \\sum P_i) / U`. Three-phase: the current of
    the most loaded phase, :func:`phase_currents` — the heater loads each phase with
    :math:`P / (\\sqrt{3} U)`, each single-phase appliance its own phase with
    :math:`P_i / (U / \\sqrt{3})`; never a balanced estimate (issue 10: 18 kW with
    7.45 kW of appliances on one phase is about 61 A on that phase). cos φ = 1 as for
    the heater; motors and other inductive loads draw more than P / U, so this is
    still an optimistic estimate.

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
    shown = {
        "heater": f"{heater:g}",
        "others": f"{math.fsum(others):g}",
        "total_power": f"{total_power:g}",
        "u": f"{u:g}",
    }
    if n == 1:
        total = design_current(total_power, u, n)
        total_text = f"{total:.1f}"
        what = bi(
            "heater {heater} W + {others} W of other appliances = {total_power} W; I = {formula} "
            "at {u} V = {total} A",
            "E-MAIN",
            **shown,
            formula="P / U",
            total=total_text,
        )
    else:
        recorded = appliance_phases is not None and any(
            p is not None for p in _appliance_phases(appliance_phases, len(others))
        )
        currents = phase_currents(heater, others, u, appliance_phases)
        worst = max(currents, key=lambda p: currents[p])
        total = currents[worst]
        total_text = f"{total:.1f}"
        what = bi(
            "the most loaded phase, {phase}: heater {heater} W / (√3 · {u} V) = {ih} A + "
            "{load} A of single-phase appliances ({where}) = {total} A",
            "E-MAIN",
            phase=worst,
            heater=shown["heater"],
            u=shown["u"],
            ih=f"{design_current(heater, u, 3):.1f}",
            load=f"{total - design_current(heater, u, 3):.1f}",
            where=(
                bi(
                    "on the phases recorded; any without one counted on the most loaded phase",
                    "E-MAIN",
                )
                if recorded
                else bi("phases not recorded: all on one phase, the safe side", "E-MAIN")
            ),
            total=total_text,
        )
    required = Bound("A", low=total)
    ok = required.contains(rating)
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
