"""The sheet's template context: everything the template shows, as plain values.

:func:`build_context` turns a survey, its check results and the fees into words and
formatted numbers in one language, so the template does no logic; its own headings and
sentences are message ids in ``sheet.html.j2``, translated by Jinja's i18n extension
(:mod:`sitesurvey.sheet.render`). Words made here come from the catalog
(:func:`sitesurvey.i18n.tr`), numbers from :mod:`sitesurvey.fmt`.

:func:`redact_survey` masks the customer's personal data for copies that leave the
service network; :func:`sheet_data` is the data embedded in the PDF.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from sitesurvey.fmt import quantity
from sitesurvey.i18n import N_, status_word, tr
from sitesurvey.sheet.render import signature_data

__all__ = ["build_context", "redact_survey", "sheet_data"]

#: The engineering check's conditions taken at their default, by name.
DEFAULT_NAMES = {
    "length": N_("route length"),
    "method": N_("installation method"),
    "ambient": N_("ambient temperature"),
    "grouping": N_("grouping"),
    "arrangement": N_("grouping arrangement"),
    "max_drop": N_("voltage-drop limit"),
    "supply_voltage": N_("supply voltage"),
}

#: The engineering check's verdicts.
VERDICTS = {"ok": N_("sufficient"), "insufficient": N_("insufficient")}

#: The installer's answers to the confirmation rules.
ANSWERS = {"yes": N_("yes"), "no": N_("no"), "not_yet": N_("not yet")}


def _in(obj: Any, name: str, lang: str) -> Any:
    """``obj.name`` in ``lang``: the attribute ``name_zh`` in Chinese."""
    return getattr(obj, f"{name}_zh" if lang == "zh" else name)


def _mask(text: str, keep_start: int = 1, keep_end: int = 0) -> str:
    if not text:
        return text
    n = len(text)
    start = min(keep_start, max(0, n - 1))
    end = min(keep_end, max(0, n - start - 1))
    return text[:start] + "*" * (n - start - end) + (text[n - end :] if end else "")


def redact_survey(survey: Any) -> Any:
    """A copy of the survey with the customer's name, phone and address masked and the
    signature image left out."""
    digits = sum(c.isdigit() for c in survey.customer.phone)
    phone = "".join("*" if c.isdigit() else c for c in survey.customer.phone)
    if digits > 4:
        # keep the last two digits so a customer can recognise the copy
        kept, out = 0, []
        for c in reversed(survey.customer.phone):
            if c.isdigit() and kept < 2:
                out.append(c)
                kept += 1
            else:
                out.append("*" if c.isdigit() else c)
        phone = "".join(reversed(out))
    customer = dataclasses.replace(
        survey.customer,
        name=_mask(survey.customer.name, 1),
        phone=phone,
        address="*" * 6,
    )
    # The tablet signature is personal data too: a redacted copy carries none.
    return dataclasses.replace(survey, customer=customer, signature=None)


def sheet_data(survey: Any, result: Any) -> dict[str, Any]:
    """The data embedded in the PDF: ``{"survey": ..., "results": ...}``."""
    return {"survey": survey.to_dict(), "results": result.to_dict()}


def _engineering(result: Any, lang: str) -> dict[str, Any] | None:
    eng = getattr(result, "engineering", None)
    if eng is None:
        return None
    working = []
    for line in getattr(eng, "working", ()) or ():
        text = getattr(line, "text_zh" if lang == "zh" else "text", None)
        working.append(text if text is not None else str(line))
    rec = getattr(eng, "recommendation", None)
    recommendation = ""
    if rec is not None:
        wire = getattr(rec, "wire", None)
        breaker = getattr(rec, "breaker", None)
        parts = []
        if wire is not None:
            parts.append(quantity(wire, "mm²", 6))
        if breaker is not None:
            parts.append(quantity(breaker.rating, "A", 6))
        recommendation = ", ".join(parts)
    verdict = str(getattr(eng, "verdict", ""))
    defaults = getattr(eng, "defaults_used", ()) or ()
    return {
        "verdict": verdict,
        "verdict_text": tr(VERDICTS[verdict], lang) if verdict in VERDICTS else verdict,
        "working": working,
        "recommendation": recommendation,
        "defaults": ", ".join(
            tr(DEFAULT_NAMES[name], lang) if name in DEFAULT_NAMES else name for name in defaults
        ),
    }


_PLAN_LABELS = {
    "dedicated_line": N_("Dedicated line"),
    "breaker": N_("Air switch"),
    "rcd": N_("RCD"),
    "meter": N_("Meter (advice)"),
    "main_switch": N_("Main switch (advice)"),
}
_REPORT_STATUS = {"done": N_("done"), "not_yet": N_("not yet")}


def _plan(result: Any, lang: str) -> dict[str, Any] | None:
    """The one plan in plain words: item, value and — where it departs from the maker's
    table — why (the same plan as ``check`` and the JSON)."""
    plan = getattr(result, "plan", None)
    if plan is None:
        return None
    items = [
        {
            "label": tr(_PLAN_LABELS.get(i.item, i.item), lang),
            "value": i.value.in_lang(lang),
            "departs": i.departs_from_table,
            "reason": i.reason.in_lang(lang) if i.departs_from_table else "",
        }
        for i in plan.items
    ]
    report = None
    if plan.report_to_company is not None:
        status = _REPORT_STATUS.get(plan.report_status, N_("not yet"))
        report = {
            "reason": plan.report_to_company.in_lang(lang),
            "status": tr(status, lang),
            "done": plan.report_status == "done",
        }
    return {"items": items, "report": report}


def _status_text(status: str, lang: str) -> str:
    word = status_word(status, lang)
    # English shouts a failure, as the check command does
    return word.upper() if lang == "en" and status == "fail" else word


def _check_rows(result: Any, lang: str) -> list[dict[str, Any]]:
    from sitesurvey.rules import RULES

    titles = {r.id: _in(r, "title", lang) for r in RULES}
    engineering = tr("Engineering cross-check", lang)
    rows = []
    design = set(getattr(result, "design_issues", ()))
    for r in (*result.results, *getattr(result, "engineering_results", ())):
        # A design rule that fails is the installer's to fix in the plan, never a failure
        # the customer must accept (spec §6).
        status = "design" if r in design else r.status
        rows.append(
            {
                "rule": r.rule,
                "title": titles.get(r.rule, engineering if r.family == "ENG" else ""),
                "status": status,
                "status_text": tr("installer fixes the plan", lang)
                if r in design
                else _status_text(r.status, lang),
                "measured": r.measured_in(lang),
                "required": r.required_in(lang),
                "message": _in(r, "message", lang),
                "source": r.source,
                "confirmation": r.basis == "installer_confirmation",
            }
        )
    return rows


def _fee_rows(fees: Any, lang: str) -> list[dict[str, str]]:
    rows = []
    for line in fees.lines:
        if line.amount is not None:
            amount = f"{line.amount:.2f}"
        elif line.item == "materials":
            amount = tr("apart", lang)
        else:
            amount = tr("to be set", lang)
        rows.append(
            {"label": _in(line, "label", lang), "amount": amount, "note": _in(line, "note", lang)}
        )
    return rows


def _tariff(tariff: Any, lang: str) -> dict[str, Any]:
    """The tariff's name, file and settings (name, value, source) as printed."""
    money = f"{{:.2f}} {tariff.currency}"
    if tariff.remote_fee is not None:
        remote_fee = money.format(tariff.remote_fee)
    else:
        remote_fee = tr("not set (the manual gives no amount; set by the service network)", lang)
    if tariff.free_length is None:
        free_line = tr("the run from the indoor main switch to the heater", lang)
    else:
        free_line = quantity(tariff.free_length, "m", 6)
    materials = N_("charged apart") if tariff.materials_apart else N_("included")
    settings = [
        (tr("Free dedicated line", lang), free_line, tariff.line_source),
        (
            tr("Labour beyond it", lang),
            quantity(tariff.labour_rate, f"{tariff.currency}/m", 6),
            tariff.line_source,
        ),
        (tr("Materials", lang), tr(materials, lang), tariff.line_source),
        (
            tr("Free service radius", lang),
            quantity(tariff.free_radius / 1000, "km", 6),
            tariff.remote_source,
        ),
        (tr("Remote-service fee", lang), remote_fee, tariff.remote_source),
    ]
    return {
        "name": _in(tariff, "name", lang),
        "source": tariff.source,
        "file": f"{tariff.path} (sha256 {tariff.sha256[:16]}…)",
        "settings": settings,
    }


def _job(job: Any) -> dict[str, str]:
    distance = job.distance_from_urban_area
    return {
        "network": job.service_network or "",
        "work_order": job.work_order,
        "date": job.date.isoformat(),
        "appointment": job.appointment.text,
        "distance": quantity(None if distance is None else distance / 1e3, "km"),
        "installer": job.installer.name or "",
        "employee": job.installer.employee_number or "",
    }


def _sizing(survey: Any, sizing: Any, lang: str) -> dict[str, dict[str, str]]:
    """The heater's and the table's values (the "heater" and "sizing" blocks)."""
    row = sizing.row
    phases = tr(N_("three-phase") if sizing.supply.phases == 3 else N_("single-phase"), lang)
    breaker = tr("{rating} A, {poles}-pole", lang).format(
        rating=quantity(row.breaker.rating, "", 6), poles=row.breaker.poles
    )
    return {
        "heater": {
            "model": survey.heater.model,
            "power": quantity(survey.heater.power / 1000, "kW"),
            "supply": f"{quantity(survey.heater.supply_voltage, 'V', 6)} {phases}",
        },
        "sizing": {
            "row": f"{row.number} ({quantity(row.power / 1000, 'kW', 6)})",
            "wire": quantity(row.wire, "mm²"),
            "breaker": breaker,
            "meter_e": row.electronic_meter.marking,
            "meter_m": row.mechanical_meter.marking,
            "pressure": f"{row.water_pressure.min:g}–{row.water_pressure.max:g} MPa",
            "ib": quantity(sizing.design_current, "A", 3),
            "table": (
                f"{sizing.table.id} ({Path(sizing.table.path).name}, "
                f"sha256 {sizing.table.sha256[:16]}…)"
            ),
        },
    }


def _drawing(survey: Any, lang: str) -> dict[str, Any]:
    from sitesurvey.sheet.drawing import LABELS, wall_elevation

    drawing = wall_elevation(survey, lang)
    caption = tr(
        "Facing the wall; dimensions in cm, heights from the floor; drilling points' x from "
        "the heater's axis (+ to the right). Scale 1:{scale}. The horizontal positions of the "
        "socket, the door/window edge and the user are schematic; the socket-to-edge distance "
        "is dimensioned as measured.",
        lang,
    )
    return {
        "svg": drawing.svg,
        "caption": caption.format(scale=drawing.scale),
        "missing": [tr(LABELS[k], lang) for k in drawing.missing],
        "points": [
            {"n": i, "x": quantity(p.x * 100, "cm"), "y": quantity(p.y * 100, "cm")}
            for i, p in enumerate(survey.drilling or (), start=1)
        ],
    }


def _summary(counts: dict[str, int], lang: str) -> str:
    return tr("{fail} fail, {warn} warn, {not_checked} not checked, {passed} pass", lang).format(
        fail=counts.get("fail", 0),
        warn=counts.get("warn", 0),
        not_checked=counts.get("not_checked", 0),
        passed=counts.get("pass", 0),
    )


def _page_css(lang: str) -> str:
    """The page number as a CSS ``content`` value: ``Page " counter(page) " of …``."""
    return (
        tr("Page {p} of {n}", lang)
        .replace("{p}", '" counter(page) "')
        .replace("{n}", '" counter(pages) "')
    )


def build_context(
    survey: Any,
    result: Any,
    *,
    lang: str = "zh",
    redact: bool = False,
    tariff: Any = None,
    digest: str = "",
) -> dict[str, Any]:
    """Everything the template needs, as plain values (the template does no logic).

    Parameters
    ----------
    survey : Survey
        The survey (already redacted where ``redact``).
    result : SurveyResult
        Its check results (:func:`sitesurvey.rules.check_survey`).
    lang : {"zh", "en"}
        Language of the words and numbers.
    redact : bool
        Whether the sheet is a redacted copy (it says so in a banner).
    tariff : Tariff, optional
        Fee settings; the shipped tariff by default.
    digest : str
        SHA-256 of the embedded data (hex), printed on every page.

    Returns
    -------
    dict
        The template's variables.
    """
    from sitesurvey.fees import compute_fees
    from sitesurvey.rules import RULES
    from sitesurvey.sheet.integrity import ATTACHMENT_NAME
    from sitesurvey.survey import CONFIRMATION_RULES

    job = survey.job
    fees = compute_fees(survey, tariff)
    titles = {r.id: _in(r, "title", lang) for r in RULES}
    confirmations = []
    for rule in CONFIRMATION_RULES:
        value = survey.confirmations.get(rule)
        text = tr(ANSWERS[value], lang)
        confirmations.append(
            {"rule": rule, "title": titles.get(rule, rule), "value": value, "text": text}
        )
    mods = [
        {
            "rule": m.rule,
            "item": m.item,
            "change": _in(m, "change", lang),
            "needs_signature": m.needs_signature,
        }
        for m in result.modifications
    ]
    return {
        "lang": lang,
        "html_lang": "zh-CN" if lang == "zh" else "en",
        "page_css": _page_css(lang),
        "redacted": redact,
        "doc": {
            "id": f"{job.work_order}-{digest[:12].upper()}",
            "hash": digest,
            "created": f"{job.date.isoformat()}T00:00:00Z",
            "attachment": ATTACHMENT_NAME,
        },
        "job": _job(job),
        "customer": {
            "name": survey.customer.name,
            "phone": survey.customer.phone,
            "address": survey.customer.address,
        },
        **_sizing(survey, result.sizing, lang),
        "engineering": _engineering(result, lang),
        "plan": _plan(result, lang),
        "draft": bool(getattr(result, "draft", False)),
        "example": bool(getattr(survey, "example", False)),
        "checks": _check_rows(result, lang),
        "summary": _summary(result.counts(), lang),
        "drawing": _drawing(survey, lang),
        "mods": mods,
        "fees": _fee_rows(fees, lang),
        "fee_total": f"{fees.total:.2f}",
        "tariff": _tariff(fees.tariff, lang),
        "mixer": bool(survey.usage.mixing_valve),
        "confirmations": confirmations,
        "signature": None if getattr(result, "draft", False) else signature_data(survey),
        "site": {
            "voltage": quantity(survey.site.supply_voltage, "V"),
            "pressure": quantity(survey.site.water_pressure, "MPa"),
        },
    }
