"""Text renderers: every result the command line prints for people, in one module.

Commands parse their options, call the library and hand the result to a renderer here;
no command formats text itself and no command imports another. Words are English message
ids; their Chinese comes from the catalog (:mod:`sitesurvey.i18n`) only when ``lang`` is
``"zh"``, so the English ``size`` path never opens it. Numbers go through
:mod:`sitesurvey.fmt`.

Status words are the one word per status of :func:`sitesurvey.i18n.status_word`; the
English ones are shouted where they are not "pass" (``FAIL``, ``WARN``, ``NOT CHECKED``),
Chinese has no capitals.
"""

from __future__ import annotations

from typing import Any

from sitesurvey.cli._common import display_width, pad
from sitesurvey.fmt import number, quantity
from sitesurvey.i18n import N_, STATUS_WORDS, status_word, tr

__all__ = [
    "defaults_text",
    "family_order",
    "format_engineering",
    "format_plan",
    "format_seal_report",
    "format_size",
    "format_sizing",
    "format_table",
    "format_verdict",
    "format_verification",
    "label_width",
    "pole_word",
    "status_text",
]

#: Significant digits of values printed as typed or as tabled (what ``:g`` printed).
DIGITS = 6

_POLES = {1: N_("1-pole"), 2: N_("2-pole"), 3: N_("3-pole"), 4: N_("4-pole")}

_DEFAULT_NAMES = {
    "length": N_("length {value}"),
    "method": N_("method {value}"),
    "ambient": N_("ambient {value}"),
    "grouping": N_("grouping {value}"),
    "arrangement": N_("arrangement {value}"),
    "max_drop": N_("drop limit {value}"),
    "supply_voltage": N_("supply voltage {value} (nominal, not measured)"),
}

#: The rows of IEC 60364-5-52 Table B.52.17, in a few words.
_ARRANGEMENT_WORDS = {
    "bunched": N_("bunched"),
    "wall": N_("single layer on a wall"),
    "tray": N_("single layer on a perforated tray"),
}

_CONSENT = {
    "consent": N_("customer's consent"),
    "consent_and_signature": N_("customer's consent AND signature"),
}

_VERDICTS = {"ok": N_("ok"), "insufficient": N_("INSUFFICIENT")}


# ------------------------------------------------------------------------------ words


def _num(x: float) -> str:
    """A value as typed or as tabled: :func:`sitesurvey.fmt.number` to :data:`DIGITS`."""
    return number(x, DIGITS)


def _pick(obj: Any, field: str, lang: str) -> str:
    """The library's own two-language field of ``obj`` (``message``/``message_zh``) in
    ``lang``. Only the one asked for is read: a note's or a supply's Chinese comes from
    the catalog, which English output must not open (``size`` start-up)."""
    return getattr(obj, f"{field}_zh" if lang == "zh" else field)


def status_text(status: str, lang: str) -> str:
    """The word for a check's status as the outputs print it.

    Parameters
    ----------
    status : {"pass", "warn", "fail", "not_checked"}
        The status of a check.
    lang : {"en", "zh"}
        Language of the word.

    Returns
    -------
    str
        :func:`sitesurvey.i18n.status_word`; in English upper case unless it is "pass".
    """
    word = status_word(status, lang)
    return word.upper() if lang == "en" and status != "pass" else word


def pole_word(poles: int, lang: str) -> str:
    """``"2-pole"`` / ``"二极"``: the number of poles of an air switch in words."""
    if poles in _POLES:
        return tr(_POLES[poles], lang)
    return tr("{poles}-pole", lang).format(poles=poles)


def label_width(lang: str) -> int:
    """Display width [columns] of the label column of ``size``'s text."""
    return 16 if lang == "en" else 12


def _line(label: str, value: str, width: int) -> str:
    """A label padded to ``width`` columns (at least one space) and its value."""
    return pad(label, width if display_width(label) < width else display_width(label) + 1) + value


def _join(words: list[str], lang: str) -> str:
    """A list of words with the language's separator (``", "`` / ``","``)."""
    return tr(", ", lang).join(words)


# ------------------------------------------------------------------------ size: table


def format_sizing(result: Any, lang: str = "en") -> str:
    """The table's answer for one heater, readable at a glance.

    Parameters
    ----------
    result : sitesurvey.sizing.SizingResult
        The answer of :func:`sitesurvey.sizing.size`.
    lang : {"en", "zh"}
        Language of the text.

    Returns
    -------
    str
        Lines without a final line feed.
    """
    row = result.row
    width = label_width(lang)
    supply = tr("{supply} ({conductors})", lang).format(
        supply=_pick(result.supply, "label", lang),
        conductors=result.supply.conductors,
    )
    row_value = tr("{power} W (row {number} of {table})", lang).format(
        power=_num(row.power), number=row.number, table=result.table.id
    )
    if row.assumed:
        row_value += tr(" — ASSUMED, see notes", lang)
    meters = tr("IC-card electronic {electronic}, mechanical {mechanical}", lang).format(
        electronic=row.electronic_meter.marking, mechanical=row.mechanical_meter.marking
    )
    current = tr(
        "{ib:.1f} A at {u} V; {ib_max:.1f} A at {u_max} V (top of normal range)", lang
    ).format(
        ib=result.design_current,
        u=_num(result.supply.voltage),
        ib_max=result.design_current_max_voltage,
        u_max=_num(result.supply.max_voltage),
    )
    pressure = f"{_num(row.water_pressure.min)}–{_num(row.water_pressure.max)} MPa"
    lines = [
        tr("Instant electric water heater {power} W on {supply}", lang).format(
            power=_num(result.power), supply=supply
        ),
        "",
        _line(tr("Table row", lang), row_value, width),
        _line(tr("Wire", lang), tr("{wire} mm² copper", lang).format(wire=_num(row.wire)), width),
        _line(tr("Meter", lang), meters, width),
        _line(
            tr("Air switch", lang),
            tr("{rating} A, {poles}", lang).format(
                rating=_num(row.breaker.rating), poles=pole_word(row.breaker.poles, lang)
            ),
            width,
        ),
        _line(tr("Water pressure", lang), pressure, width),
        _line(tr("Design current", lang), current, width),
    ]
    if result.notes:
        lines += ["", tr("Notes", lang)]
        lines += [f"  - [{n.code}] {_pick(n, 'message', lang)}" for n in result.notes]
    lines += [
        "",
        tr("Table: {id}, sha256 {sha256}…", lang).format(
            id=result.table.id, sha256=result.table.sha256[:16]
        ),
    ]
    return "\n".join(lines)


# ------------------------------------------------------------------ size: engineering


def _quantity_text(value: Any) -> str:
    if isinstance(value, dict):
        return quantity(value["value"], value["unit"], DIGITS)
    return f"{value}"


def defaults_text(eng: Any, lang: str = "en") -> str:
    """The defaults an engineering result used, in words: "method B1, ambient 30 °C".

    Parameters
    ----------
    eng : sitesurvey.engineering.EngineeringResult
        The cross-check whose defaults are named.
    lang : {"en", "zh"}
        Language of the names.

    Returns
    -------
    str
        Empty when no default was used.
    """
    return _join(
        [
            tr(_DEFAULT_NAMES[name], lang).format(value=_quantity_text(value))
            for name, value in eng.defaults_dict().items()
        ],
        lang,
    )


def _site_line(eng: Any, lang: str, width: int) -> str:
    from sitesurvey.engineering import reference_data

    c = eng.conditions
    method = reference_data().methods[c.method]
    supply = (
        tr("{u} V measured", lang)
        if c.supply_voltage is not None
        else tr("{u} V nominal (not measured)", lang)
    ).format(u=_num(eng.supply_voltage))
    site = tr(
        "route {length} m · method {method} ({description}) · ambient {ambient} °C · "
        "{grouping} · supply {supply}{worst} · drop limit {max_drop} %",
        lang,
    ).format(
        length=_num(c.length),
        method=c.method,
        description=_pick(method, "description", lang),
        ambient=_num(c.ambient),
        grouping=tr("{n} circuit(s) in the group ({arrangement})", lang).format(
            n=c.grouping, arrangement=tr(_ARRANGEMENT_WORDS.get(c.arrangement, c.arrangement), lang)
        ),
        supply=supply,
        worst=tr(" · Ib at the top of the normal range", lang) if c.worst_case_voltage else "",
        max_drop=_num(c.max_drop),
    )
    return _line(tr("Site", lang), site, width)


def _verdict_line(eng: Any, lang: str, width: int) -> str:
    row = eng.sizing.row
    meters = row.electronic_meter.marking
    if row.mechanical_meter.marking != meters:
        meters += f", {row.mechanical_meter.marking}"
    answer = tr("{wire} mm² / {breaker} A / {meter}", lang).format(
        wire=_num(row.wire), breaker=_num(row.breaker.rating), meter=meters
    )
    if eng.verdict == "ok":
        verdict = tr("OK — the table's {answer} is sufficient on this site", lang).format(
            answer=answer
        )
    else:
        verdict = tr("INSUFFICIENT — the table's {answer} fails {codes} on this site", lang).format(
            answer=answer, codes=", ".join(check.rule for check in eng.failed)
        )
    skipped = [check.rule for check in eng.checks if check.status == "not_checked"]
    if skipped:
        verdict += tr(" (not checked: {codes})", lang).format(codes=", ".join(skipped))
    return _line(tr("Verdict", lang), verdict, width)


def _recommendation_lines(eng: Any, lang: str, width: int) -> list[str]:
    rec = eng.recommendation
    if rec.wire is None:
        recommended = tr(
            "none: no standard wire size passes every check on this site (see Why); "
            "report to the company",
            lang,
        )
    else:
        none = tr("none", lang)
        recommended = tr(
            "{wire} mm² copper, {breaker}; meters: IC-card electronic {electronic}, "
            "mechanical {mechanical}",
            lang,
        ).format(
            wire=_num(rec.wire),
            breaker=tr("{rating} A {poles} air switch", lang).format(
                rating=_num(rec.breaker.rating), poles=pole_word(rec.breaker.poles, lang)
            ),
            electronic=none if rec.electronic_meter is None else rec.electronic_meter.marking,
            mechanical=none if rec.mechanical_meter is None else rec.mechanical_meter.marking,
        )
    if not rec.steps:
        recommended += tr(" (same as the table)", lang)
    lines = ["", _line(tr("Recommended", lang), recommended, width)]
    if rec.steps:
        lines.append(tr("Why", lang))
        lines += [f"  - [{step.criterion}] {_pick(step, 'message', lang)}" for step in rec.steps]
    if rec.alternative is not None:
        alternative = tr(
            "{rating} A on the table's {wire} mm² also meets IEC; not chosen (below the "
            "maker's rating)",
            lang,
        ).format(rating=_num(rec.alternative.rating), wire=_num(rec.alternative_wire))
        lines.append(_line(tr("Alternative", lang), alternative, width))
    return lines


_PLAN_ITEMS = {
    "dedicated_line": N_("Dedicated line"),
    "breaker": N_("Air switch"),
    "rcd": N_("RCD"),
    "meter": N_("Meter (advice)"),
    "main_switch": N_("Main switch (advice)"),
}

_REPORT_STATUS = {
    "done": N_("done"),
    "not_yet": N_("not yet"),
    None: N_("not recorded (actions.report_to_company)"),
}


def format_plan(plan: Any, lang: str = "en") -> list[str]:
    """The one plan (:class:`sitesurvey.plan.Plan`) as lines of text.

    Each item with its value, where it comes from and — where it departs from the maker's
    table — why (said here once); then the "report to the company" action where the plan
    departs from the table.

    Parameters
    ----------
    plan : sitesurvey.plan.Plan
        The plan of a survey or of a heater alone.
    lang : {"en", "zh"}
        Language of the text.

    Returns
    -------
    list of str
        The lines, the heading first.
    """
    width = 22 if lang == "en" else 14
    lines = [tr("Plan — what will be installed or changed", lang)]
    for item in plan.items:
        value = item.value.in_lang(lang)
        origin = tr("from: {origin}", lang).format(
            origin=tr("the maker's table", lang)
            if item.origin == "table"
            else tr("what is there", lang)
            if item.origin == "existing"
            else item.origin
        )
        label = tr(_PLAN_ITEMS.get(item.item, item.item), lang)
        lines.append("  " + _line(label, f"{value} ({origin})", width))
        if item.departs_from_table and item.reason.en:
            departs = tr("departs from the maker's table: {reason}", lang).format(
                reason=item.reason.in_lang(lang)
            )
            lines.append("  " + " " * width + departs)
        elif item.reason.en:
            lines.append("  " + " " * width + item.reason.in_lang(lang))
    if plan.report_to_company is not None:
        status = tr(_REPORT_STATUS.get(plan.report_status, _REPORT_STATUS[None]), lang)
        lines.append(
            "  "
            + tr(
                "Action: the plan departs from the maker's table — report to the company "
                "(004 ch.5 §3): {status}. {reason}",
                lang,
            ).format(status=status, reason=plan.report_to_company.in_lang(lang))
        )
    return lines


def format_engineering(eng: Any, lang: str = "en", plan: Any = None) -> str:
    """The engineering verdict, the checks, the recommendation and the working, as text.

    Parameters
    ----------
    eng : sitesurvey.engineering.EngineeringResult
        The cross-check of :func:`sitesurvey.engineering.check_engineering`.
    lang : {"en", "zh"}
        Language of the text.
    plan : sitesurvey.plan.Plan, optional
        The plan built on this cross-check: printed in place of the recommendation, so the
        text quotes the one plan.

    Returns
    -------
    str
        Lines without a final line feed.
    """
    width = label_width(lang)
    lines = [
        tr(
            "Engineering cross-check (IEC 60364) — beside the table answer, which stays the answer",
            lang,
        ),
        "",
        _site_line(eng, lang, width),
        _line(tr("Defaults used", lang), defaults_text(eng, lang) or tr("none", lang), width),
        _verdict_line(eng, lang, width),
        "",
        tr("Checks", lang),
    ]
    for check in eng.checks:
        status = pad(status_text(check.status, lang), 11)
        lines.append(f"  {status} {check.rule:<22} {_pick(check, 'message', lang)}")
    if plan is not None:
        lines += ["", *format_plan(plan, lang)]
    else:
        lines += _recommendation_lines(eng, lang, width)
    lines += ["", tr("Working", lang)]
    lines += [f"  {_pick(line, 'text', lang)}" for line in eng.working]
    sources = "; ".join(f"{s.file} (sha256 {s.sha256[:12]}…)" for s in eng.sources)
    lines += ["", tr("Data: {sources}", lang).format(sources=sources)]
    return "\n".join(lines)


def format_size(
    result: Any, engineering: Any, not_possible: str | None, lang: str = "en", plan: Any = None
) -> str:
    """``size``'s whole text: the table's answer, then the engineering cross-check.

    Parameters
    ----------
    result : sitesurvey.sizing.SizingResult
        The table's answer.
    engineering : sitesurvey.engineering.EngineeringResult or None
        The cross-check; None when it could not be made.
    not_possible : str or None
        Why the cross-check could not be made (with ``engineering`` None).
    lang : {"en", "zh"}
        Language of the text.
    plan : sitesurvey.plan.Plan, optional
        The plan for a new line on these conditions (quoted in place of the
        recommendation).
    """
    if engineering is None:
        tail = tr("Engineering cross-check not possible: {reason}", lang).format(
            reason=not_possible
        )
    else:
        tail = format_engineering(engineering, lang, plan)
    return f"{format_sizing(result, lang)}\n\n{tail}"


# ----------------------------------------------------------------------------- check


def family_order(results: Any, families: list[str]) -> list[tuple[str, list[Any]]]:
    """Results grouped by rule family: families with a failure first, then the spec's order.

    Parameters
    ----------
    results : iterable of CheckResult
        The results of a check.
    families : list of str
        The families in the spec's order; others come after them.

    Returns
    -------
    list of (family, results)
        Within a family the results are ordered fail, warn, not checked, pass.
    """
    from sitesurvey.results import STATUSES

    grouped: dict[str, list[Any]] = {}
    for result in results:
        grouped.setdefault(result.family, []).append(result)
    rank = {status: i for i, status in enumerate(STATUSES)}
    spec_order = {family: i for i, family in enumerate(families)}
    ordered = sorted(
        grouped.items(),
        key=lambda item: (
            min(rank[r.status] for r in item[1]),
            spec_order.get(item[0], len(spec_order)),
        ),
    )
    return [(family, sorted(items, key=lambda r: rank[r.status])) for family, items in ordered]


def _survey_heading(survey: Any, verdict: Any, lang: str) -> list[str]:
    sizing = verdict.sizing
    row = sizing.row
    return [
        tr("Site survey {work_order} · {date} {window} · {customer}", lang).format(
            work_order=survey.job.work_order,
            date=survey.job.date.isoformat(),
            window=(
                survey.job.appointment.text
                if survey.job.appointment.agreed
                else tr("not agreed yet", lang)
            ),
            customer=survey.customer.name,
        ),
        tr("Heater {model}, {power} W on {supply}", lang).format(
            model=survey.heater.model,
            power=_num(survey.heater.power),
            supply=_pick(sizing.supply, "label", lang),
        ),
        tr(
            "Table row {row} W; water {pmin}–{pmax} MPa; design current {ib:.1f} A",
            lang,
        ).format(
            row=_num(row.power),
            pmin=_num(row.water_pressure.min),
            pmax=_num(row.water_pressure.max),
            ib=sizing.design_current,
        ),
    ]


def _engineering_summary(eng: Any, lang: str) -> str:
    line = tr(
        "Engineering cross-check of the table answer on this site: {verdict} (the plan "
        "below takes it into account)",
        lang,
    ).format(verdict=tr(_VERDICTS[eng.verdict], lang))
    if eng.defaults_used:
        line += tr("; defaults used: {names}", lang).format(names=defaults_text(eng, lang))
    return line


def _result_lines(results: tuple[Any, ...], lang: str) -> list[str]:
    from sitesurvey.rules import FAMILIES

    width = max(len(r.rule) for r in results)
    status_width = max(display_width(status_text(s, lang)) for s in STATUS_WORDS)
    indent = " " * (2 + status_width + 2 + width + 2)
    lines: list[str] = []
    for family, items in family_order(results, list(FAMILIES)):
        name = FAMILIES.get(family, (family, family))[0 if lang == "en" else 1]
        counts = [
            f"{sum(1 for r in items if r.status == s)} {status_word(s, lang)}"
            for s in ("fail", "warn", "not_checked", "not_applicable", "pass")
            if any(r.status == s for r in items)
        ]
        lines += ["", f"{name} — {_join(counts, lang)}"]
        for r in items:
            detail = []
            if r.basis == "installer_confirmation":
                installer = tr("installer's confirmation", lang)
                detail.append(installer + tr(": ", lang) + r.measured_in(lang))
            else:
                if r.measured is not None:
                    detail.append(tr("measured", lang) + " " + r.measured_in(lang))
                if r.required is not None:
                    detail.append(tr("required", lang) + " " + r.required_in(lang))
            status = pad(status_text(r.status, lang), status_width)
            lines.append(f"  {status}  {r.rule:<{width}}  {' · '.join(detail)}".rstrip())
            lines.append(indent + _pick(r, "message", lang))
    return lines


def _closing_lines(verdict: Any, lang: str) -> list[str]:
    from sitesurvey.rules.modifications import pending_text

    lines = [""]
    if verdict.modifications:
        lines.append(
            tr("Required modifications — the customer must agree before work starts", lang)
        )
        for i, mod in enumerate(verdict.modifications, 1):
            change = _pick(mod, "change", lang)
            lines.append(f"  {i}. [{mod.rule}] {change} — {tr(_CONSENT[mod.consent], lang)}")
    if verdict.modifications_pending:
        # a rule that decides a change is not measured: the changes are not known yet
        lines.append(pending_text().in_lang(lang))
    elif not verdict.modifications:
        lines.append(tr("No modifications required.", lang))
    notes = (*verdict.sizing.notes, *verdict.notes)
    if notes:
        lines += ["", tr("Notes", lang)]
        lines += [f"  - [{n.code}] {_pick(n, 'message', lang)}" for n in notes]
    counts = verdict.counts()
    lines += [
        "",
        tr(
            "{fail} fail, {warn} warn, {not_checked} not checked, {not_applicable} do not "
            "apply, {passed} pass",
            lang,
        ).format(
            fail=counts["fail"],
            warn=counts["warn"],
            not_checked=counts["not_checked"],
            not_applicable=counts["not_applicable"],
            passed=counts["pass"],
        ),
    ]
    design_fails = [r.rule for r in verdict.design_issues if r.status == "fail"]
    if design_fails:
        lines.append(
            tr("The installer's design must be fixed first: {rules}.", lang).format(
                rules=", ".join(design_fails)
            )
        )
    if verdict.unfilled:
        lines.append(
            tr("Still the placeholder of `init` (fill them in): {keys}.", lang).format(
                keys=", ".join(verdict.unfilled)
            )
        )
    if verdict.verdict == "does_not_conform":
        lines.append(tr("Verdict: the site does not conform — exit 1.", lang))
    elif verdict.verdict == "incomplete":
        lines.append(
            tr("Verdict: incomplete — not measured yet: {rules} — exit 1.", lang).format(
                rules=", ".join(r.rule for r in verdict.missing) or "—"
            )
        )
    elif design_fails:
        lines.append(tr("Verdict: the site conforms; the design is not ready — exit 1.", lang))
    else:
        lines.append(tr("Verdict: the site conforms.", lang))
    return lines


def _design_lines(verdict: Any, lang: str) -> list[str]:
    """The installer's "fix the plan" list: design rules that fail or warn."""
    issues = verdict.design_issues
    if not issues:
        return []
    lines = ["", tr("Fix the plan (installer's design — not shown to the customer)", lang)]
    for r in issues:
        status = status_text(r.status, lang)
        detail = []
        if r.measured is not None:
            detail.append(tr("measured", lang) + " " + r.measured_in(lang))
        if r.required is not None:
            detail.append(tr("required", lang) + " " + r.required_in(lang))
        lines.append(f"  {status} [{r.rule}] {' · '.join(detail)}".rstrip())
        lines.append("      " + _pick(r, "message", lang))
    return lines


def format_verdict(survey: Any, verdict: Any, lang: str = "en") -> str:
    """The verdict on a survey as text.

    The plan, the results grouped by family (failures first), the installer's "fix the
    plan" list of design rules, the modifications the customer must agree to, the notes,
    the counts and the verdict (conforms / does not conform / incomplete).

    Parameters
    ----------
    survey : sitesurvey.survey.Survey
        The survey checked.
    verdict : sitesurvey.rules.SurveyResult
        The result of :func:`sitesurvey.rules.check_survey`.
    lang : {"en", "zh"}
        Language of the text.

    Returns
    -------
    str
        Lines without a final line feed.
    """
    lines = _survey_heading(survey, verdict, lang)
    if verdict.engineering is not None:
        lines.append(_engineering_summary(verdict.engineering, lang))
    if verdict.plan is not None:
        lines += ["", *format_plan(verdict.plan, lang)]
    design = set(verdict.design_issues)
    shown = tuple(r for r in (*verdict.results, *verdict.engineering_results) if r not in design)
    lines += _result_lines(shown, lang)
    lines += _design_lines(verdict, lang)
    lines += _closing_lines(verdict, lang)
    return "\n".join(lines)


# ----------------------------------------------------------------------------- table


def format_table(table: Any) -> str:
    """The maker's spec table as text (English): provenance first, then one line per row.

    Parameters
    ----------
    table : sitesurvey.sizing.table.SpecTable
        A loaded table.

    Returns
    -------
    str
        Lines without a final line feed.
    """
    prov = table.provenance
    lines = [
        f"{table.title}",
        f"id {table.id}  ·  {table.path}",
        f"sha256 {table.sha256}",
        "",
        f"Source:   {prov.get('source', '')}",
        f"Document: {prov.get('document', '')}",
        f"Chapter:  {prov.get('chapter', '')}",
    ]
    if prov.get("reading"):
        lines.append(f"Reading:  {prov['reading']}")
    header = (
        f"{'power':>8}  {'supply':<25} {'wire':>8}  {'IC-card meter':<14}"
        f"{'mech. meter':<14}{'air switch':<14}water pressure"
    )
    lines += ["", header, "-" * len(header)]
    for row in table.rows:
        flag = "  *assumed" if row.assumed else ""
        lines.append(
            f"{_num(row.power):>6} W  {row.supply.label:<25} {_num(row.wire):>5} mm²  "
            f"{row.electronic_meter.marking:<14}{row.mechanical_meter.marking:<14}"
            f"{_num(row.breaker.rating)} A {row.breaker.poles}-pole{'':<4}"
            f"{_num(row.water_pressure.min)}–{_num(row.water_pressure.max)} MPa{flag}"
        )
    for row in table.rows:
        if row.assumed:
            lines += ["", f"*{_num(row.power)} W: {row.assumed_reason}"]
    if prov.get("notes"):
        lines += ["", "Notes:"]
        lines += [f"  - {note}" for note in prov["notes"]]
    if prov.get("other_reading"):
        lines += ["", f"Other reading (not used): {prov['other_reading']}"]
    return "\n".join(lines)


# ---------------------------------------------------------------------------- verify


def format_verification(outcome: Any) -> str:
    """``verify``'s answer (English): the data and the printed hash agree, or what differs.

    Parameters
    ----------
    outcome : sitesurvey.sheet.integrity.Verification
        The result of :func:`sitesurvey.sheet.integrity.verify_pdf`.
    """
    if outcome.ok:
        return (
            f"OK: the embedded data matches the printed hash sha256:{outcome.computed}\n"
            "(an integrity check, not a signature: anyone can recompute a bare hash)"
        )
    lines = [f"MISMATCH: the embedded data hashes to sha256:{outcome.computed}"]
    lines += [f"  {problem}" for problem in outcome.problems]
    return "\n".join(lines)


def format_seal_report(report: Any, require_signature: bool = False) -> str:
    """``verify``'s answer (English) for a sheet that may be sealed.

    An unsigned sheet reads as before (:func:`format_verification`); a sealed one gets
    its status, each signature and each check.

    Parameters
    ----------
    report : sitesurvey.sheet.seal.SealReport
        The result of :func:`sitesurvey.sheet.seal.verify_sheet`.
    require_signature : bool
        Whether an unsigned sheet fails (``--require-signature``).
    """
    if report.status == "unsigned" or (report.status == "tampered" and not report.signatures):
        text = format_verification(report.hash)
        if report.status == "unsigned" and require_signature:
            text = "NOT SIGNED: --require-signature was given\n" + text
        return text
    heading = {
        "authentic": "AUTHENTIC: sealed, unchanged since, by a trusted signer",
        "intact_untrusted": (
            "INTACT, SIGNER NOT TRUSTED: unchanged since it was sealed, but no signer "
            "chains to a --trust anchor (a self-signed key proves no identity)"
        ),
        "tampered": "TAMPERED: the sheet was changed, or its seal is broken",
    }[report.status]
    lines = [heading]
    for index, sig in enumerate(report.signatures, start=1):
        kind = "signature" if sig["signed_at"] or not sig["timestamp"] else "timestamp"
        state = ", ".join(
            [
                "intact" if sig["intact"] else "BROKEN",
                "trusted" if sig["trusted"] else "not trusted",
                "covers the whole file" if sig["covers_whole_file"] else "FILE CHANGED SINCE",
            ]
        )
        when = sig["signed_at"] or ""
        if sig["timestamp"]:
            when += f"{' · ' if when else ''}timestamp {sig['timestamp']}"
        lines.append(f"  {kind} {index}: {sig['signer']} — {when} — {state}")
    for check in report.checks:
        lines.append(f"  [{check['result']}] {check['name']}: {check['detail']}")
    return "\n".join(lines)
