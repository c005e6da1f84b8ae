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
import datetime as dt
import re
from pathlib import Path
from typing import Any

from sitesurvey.fmt import quantity
from sitesurvey.i18n import N_, status_word, tr
from sitesurvey.sheet.render import signature_data

__all__ = ["build_context", "document_id", "redact_survey", "sheet_data", "typeset"]

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
#: An appointment window not agreed yet, as the sheet and the CLI print it.
NOT_AGREED = N_("not agreed yet")

#: What a photo shows (``[[photos]] subject``), in the catalog's words.
PHOTO_SUBJECTS = {
    "meter": N_("Meter nameplate"),
    "breaker": N_("Air switch"),
    "main_switch": N_("Main switch"),
    "water_pressure": N_("Water pressure gauge"),
    "wall": N_("Installation wall"),
    "other": N_("Other"),
}

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
    # The tablet signatures are personal data too: a redacted copy carries none (a
    # recorded consent stays, without its image).
    signatures = getattr(survey, "signatures", None)
    extra = {}
    if signatures is not None:
        extra["signatures"] = signatures.without_images()
    return dataclasses.replace(survey, customer=customer, signature=None, **extra)


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
            "origin": i.origin,
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
            {
                "item": line.item,
                "label": _in(line, "label", lang),
                "quantity": "",
                "price": "",
                "amount": amount,
                "note": _in(line, "note", lang),
            }
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
        "prices_source": "" if tariff.prices is None else tariff.prices.source,
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


# ------------------------------------------------------------- typography

#: A CJK character or full-width punctuation: half-width punctuation beside one becomes
#: full-width in Chinese text.
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_FULL_WIDTH = {",": "，", ":": "：", ";": "；"}
_PUNCT_RE = re.compile(rf"(?<=[{_CJK}])\s*([,:;])\s*|\s*([,:;])\s*(?=[{_CJK}])")
_PAREN_RE = re.compile(r"\s?\(([^()]*)\)")
_LONE_PAREN_RE = re.compile(rf"(?<=[{_CJK}])[()]")
#: Units printed after a number, longest first: one space between number and unit.
_UNITS = ("mm²", "MPa", "kW", "km", "cm", "°C", "Hz", "A", "V", "W", "m")
_UNIT_RE = re.compile(r"(?<=\d)(" + "|".join(map(re.escape, _UNITS)) + r")(?![A-Za-z0-9²])")


def typeset(text: str, lang: str) -> str:
    """Text the sheet prints, set by one rule for each language.

    Both languages put one space between a number and its unit (``20A`` → ``20 A``; a
    meter marking such as ``10(40)A`` stays as printed). Chinese text gets full-width
    ``，：；（）`` where the half-width mark stands beside a Chinese character (or the
    brackets hold one), so a sentence never mixes the two.

    Parameters
    ----------
    text : str
        Text made by sitesurvey (not the customer's own entries).
    lang : {"zh", "en"}
        The sheet's language.

    Returns
    -------
    str
    """
    if not text:
        return text
    text = _UNIT_RE.sub(r" \1", text)
    if lang != "zh":
        return text

    def paren(m: re.Match[str]) -> str:
        before = text[m.start() - 1] if m.start() > 0 else ""
        cjk = re.search(f"[{_CJK}]", m[1]) or (before and re.match(f"[{_CJK}]", before))
        return f"（{m[1]}）" if cjk else m[0]

    text = _PAREN_RE.sub(paren, text)
    text = _PUNCT_RE.sub(lambda m: _FULL_WIDTH[m[1] or m[2]], text)
    # an unpaired bracket after a Chinese character
    return _LONE_PAREN_RE.sub(lambda m: "（" if m[0] == "(" else "）", text)


def date_text(value: dt.date | dt.datetime, lang: str) -> str:
    """A date (and time) as a reader writes it: ``2025年11月29日 09:52`` in Chinese,
    ``2025-11-29 09:52`` in English."""
    if lang == "zh":
        day = f"{value.year}年{value.month}月{value.day}日"
    else:
        day = f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if isinstance(value, dt.datetime):
        return f"{day} {value:%H:%M}"
    return day


# ------------------------------------------------------------ customer part

_PLAN_NOTES = {
    "kept": N_("What is there suits the heater at this site: it is kept."),
    "departs": N_(
        "Differs from the maker's table because of the conditions at this site "
        "(the route's length, heat and neighbouring cables); the installer explains why."
    ),
}


def _customer_plan(result: Any, lang: str) -> list[dict[str, str]]:
    """The plan in plain words: label, value and — where it departs from the maker's
    table — one plain sentence (the technical reason is in the annex)."""
    plan = getattr(result, "plan", None)
    if plan is None:
        return []
    rows = []
    for i in plan.items:
        note = ""
        if i.departs_from_table:
            note = tr(_PLAN_NOTES["kept" if i.origin == "existing" else "departs"], lang)
        rows.append(
            {
                "label": tr(_PLAN_LABELS.get(i.item, i.item), lang),
                "value": i.value.in_lang(lang),
                "note": note,
            }
        )
    return rows


#: The signature point of a modification that needs a signature (spec §6).
_SIGNED_ITEMS = ("meter", "main_switch")


def signature_point(item: str) -> str:
    """The signature point of a modification: ``meter``, ``main_switch`` or
    ``consent.<item>``."""
    return item if item in _SIGNED_ITEMS else f"consent.{item}"


def _signature(survey: Any, point: str, draft: bool, lang: str) -> dict[str, Any] | None:
    """A captured signature point as the template shows it: image URI (or ``None``),
    time in words, consent; ``None`` when nothing was captured or the sheet is a draft
    (a draft is never signed)."""
    if draft:
        return None
    data = signature_data(survey, point)
    if data is None:
        return None
    when = data.get("captured_at_value")
    return {
        "uri": data.get("uri"),
        "captured_at": date_text(when, lang) if when is not None else "",
        "consent": data.get("consent"),
    }


def _mods(survey: Any, result: Any, lang: str, draft: bool) -> list[dict[str, Any]]:
    rows = []
    for m in result.modifications:
        point = signature_point(m.item)
        sig = _signature(survey, point, draft, lang)
        rows.append(
            {
                "rule": m.rule,
                "item": m.item,
                "point": point,
                "change": _in(m, "change", lang),
                "needs_signature": m.needs_signature,
                "consent": None if sig is None else sig["consent"],
                "signature": sig if sig is not None and sig["uri"] else None,
            }
        )
    return rows


#: Commissioning and handover, in the order of the work (spec §6): the C-* and U-*
#: confirmations (by the part of their ID after the family letter) and the site care
#: (004 ch.4, ch.5 §4-§5), each as recorded.
_HANDOVER = (
    ("MODEL", N_("Heater model checked against the purchase proof")),
    ("PLAN", N_("Fees shown, work plan agreed, parts checked with the customer")),
    ("protected_belongings", N_("The customer's belongings protected during the work")),
    ("TRIAL", N_("Trial run with power and water on for at least 10 minutes; operation shown")),
    (
        "SHUTDOWN",
        N_(
            "Shut-down order explained: power off first, let the hot water run out, "
            "then close the water"
        ),
    ),
    ("MIXER", N_("Mixing valve made ineffective where possible; run it full hot")),
    ("ORIGINAL-SHOWER", N_("Customer told that the supplied shower head must be used")),
    ("BATH", N_("Bathtub use and special needs explained in advance")),
    ("site_cleaned", N_("Site cleaned after the work")),
    ("SIGN", N_("Work order and warranty card filled in")),
)
_STATES = {"yes": N_("done"), "not_yet": N_("still to do"), "no": N_("not done")}


def _handover(survey: Any, lang: str) -> list[dict[str, Any]]:
    """Each commissioning and handover item once, as recorded: done ticked, the rest
    unticked and said to be still to do (nothing claims what has not happened)."""
    from sitesurvey.survey import CONFIRMATION_RULES

    rules = {r.split("-", 1)[1]: r for r in CONFIRMATION_RULES if r.split("-", 1)[0] in ("C", "U")}
    handover = getattr(survey, "handover", None)
    rows = []
    for key, text in _HANDOVER:
        if key == "MIXER" and not survey.usage.mixing_valve:
            continue
        if key in rules:
            state = survey.confirmations.get(rules[key])
        else:
            value = getattr(handover, key, None) if handover is not None else None
            state = "yes" if value == "yes" else "not_yet"
        rows.append(
            {
                "key": rules.get(key, key),
                "text": tr(text, lang),
                "done": state == "yes",
                "state": tr(_STATES[state], lang),
            }
        )
    return rows


def _network(survey: Any, network: Any) -> dict[str, str]:
    """The service network's name and phone: ``--network`` first, then the survey's
    ``[network]``, then ``job.service_network``."""
    recorded = getattr(survey, "network", None)
    name = phone = None
    for source in (network, recorded):
        if source is not None:
            name = name or getattr(source, "name", None)
            phone = phone or getattr(source, "phone", None)
    return {"name": name or survey.job.service_network or "", "phone": phone or ""}


def _fees(survey: Any, fees: Any, lang: str) -> tuple[list[dict[str, str]], str, str, bool]:
    """Fee rows (materials itemised where recorded), the total and whether every amount
    is known."""
    from sitesurvey.fees import currency_text, price_materials

    rows = []
    known = True
    total = fees.total
    materials = price_materials(survey, fees.tariff)
    for row in _fee_rows(fees, lang):
        if row["item"] == "materials" and materials:
            for m in materials:
                rows.append(
                    {
                        "item": "material",
                        "label": m.name_zh if lang == "zh" else m.name,
                        "quantity": f"{m.quantity:g} {m.unit_zh if lang == 'zh' else m.unit}",
                        "price": "" if m.price is None else f"{m.price:.2f}",
                        "amount": tr("to be set", lang) if m.amount is None else f"{m.amount:.2f}",
                        "note": "" if m.price is not None else tr("not in the price list", lang),
                    }
                )
                if m.amount is None:
                    known = False
                else:
                    total += m.amount
            continue
        if row["amount"] in (tr("apart", lang), tr("to be set", lang)):
            known = False
        rows.append(row)
    return rows, f"{total:.2f}", currency_text(fees.tariff.currency).in_lang(lang), known


def document_id(survey: Any) -> str:
    """The document ID: the work order and a hash of the survey WITHOUT its signatures
    and photos, so capturing a signature (or a consent) or adding a photo of the site
    does not change it (the data hash printed on every page covers them all)."""
    from sitesurvey.sheet.integrity import canonical_json, sha256_hex

    data = survey.to_dict()
    data.pop("signature", None)
    data.pop("signatures", None)
    data.pop("photos", None)
    return f"{survey.job.work_order}-{sha256_hex(canonical_json(data))[:12].upper()}"


def _photos(survey: Any, lang: str) -> list[dict[str, str]]:
    """The photos for the annex: subject in ``lang``, file name, SHA-256, when taken."""
    return [
        {
            "subject": tr(PHOTO_SUBJECTS[p.subject], lang),
            "image": p.image,
            "sha256": p.sha256,
            "taken_at": (
                tr("not recorded", lang) if p.taken_at is None else date_text(p.taken_at, lang)
            ),
            "note": p.note or "",
        }
        for p in getattr(survey, "photos", ())
    ]


def _signature_log(survey: Any, mods: list[dict[str, Any]], draft: bool, lang: str):
    points = ["drilling", *(m["point"] for m in mods), "final"]
    log = []
    for point in dict.fromkeys(points):
        data = None if draft else signature_data(survey, point)
        if data is None:
            state = tr("not captured", lang)
        else:
            parts = []
            if data.get("consent"):
                parts.append(tr("consent", lang) + ": " + tr(ANSWERS[data["consent"]], lang))
            if data.get("uri"):
                parts.append(tr("image captured", lang))
            if data.get("captured_at_value") is not None:
                parts.append(data["captured_at_value"].isoformat())
            state = "; ".join(parts)
        log.append({"point": point, "state": state})
    return log


def build_context(
    survey: Any,
    result: Any,
    *,
    lang: str = "zh",
    redact: bool = False,
    tariff: Any = None,
    digest: str = "",
    doc_id: str | None = None,
    network: Any = None,
    customer_only: bool = False,
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
    doc_id : str, optional
        The document ID (:func:`document_id` of the survey before redaction); computed
        from ``survey`` when not given.
    network : Network, optional
        The service network's name and phone (``--network``), before the survey's own.
    customer_only : bool
        Leave out the technical annex.

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
    draft = bool(getattr(result, "draft", False))
    fees = compute_fees(survey, tariff)
    titles = {r.id: _in(r, "title", lang) for r in RULES}
    confirmations = []
    for rule in CONFIRMATION_RULES:
        value = survey.confirmations.get(rule)
        text = tr(ANSWERS[value], lang)
        confirmations.append(
            {"rule": rule, "title": titles.get(rule, rule), "value": value, "text": text}
        )
    mods = _mods(survey, result, lang, draft)
    fee_rows, fee_total, currency, all_known = _fees(survey, fees, lang)
    job_context = _job(job)
    job_context["date_text"] = date_text(job.date, lang)
    if not job.appointment.agreed:  # the placeholder is no time to print as agreed
        job_context["appointment"] = tr(NOT_AGREED, lang)
    prices = getattr(fees.tariff, "prices", None)
    return {
        "lang": lang,
        "html_lang": "zh-CN" if lang == "zh" else "en",
        "sep": tr(", ", lang),
        "page_css": _page_css(lang),
        "redacted": redact,
        "customer_only": customer_only,
        "doc": {
            "id": doc_id or document_id(survey),
            "hash": digest,
            "created": f"{job.date.isoformat()}T00:00:00Z",
            "attachment": ATTACHMENT_NAME,
        },
        "job": job_context,
        "network": _network(survey, network),
        "customer": {
            "name": survey.customer.name,
            "phone": survey.customer.phone,
            "address": survey.customer.address,
        },
        **_sizing(survey, result.sizing, lang),
        "engineering": _engineering(result, lang),
        "plan": _plan(result, lang),
        "customer_plan": _customer_plan(result, lang),
        "draft": draft,
        "example": bool(getattr(survey, "example", False)),
        "checks": _check_rows(result, lang),
        "design_issues": [
            {"rule": r.rule, "message": _in(r, "message", lang)}
            for r in getattr(result, "design_issues", ())
        ],
        "summary": _summary(result.counts(), lang),
        "drawing": _drawing(survey, lang),
        "mods": mods,
        # a rule that decides a change is not measured: the changes are not known yet
        "mods_pending": bool(getattr(result, "modifications_pending", ())),
        "fees": fee_rows,
        "fee_total": fee_total,
        "fee_total_label": tr(N_("Total") if all_known else N_("Total of the known amounts"), lang),
        "currency": currency,
        "prices_note": (
            tr(
                N_("Material prices: example prices of the service network.")
                if prices.example
                else N_("Material prices: the service network's price list."),
                lang,
            )
            if prices is not None and any(r.get("item") == "material" for r in fee_rows)
            else ""
        ),
        "tariff": _tariff(fees.tariff, lang),
        "mixer": bool(survey.usage.mixing_valve),
        "confirmations": confirmations,
        "handover": _handover(survey, lang),
        "signatures": {
            "drilling": _signature(survey, "drilling", draft, lang),
            "final": _signature(survey, "final", draft, lang),
        },
        "signature_log": _signature_log(survey, mods, draft, lang),
        "photos": _photos(survey, lang),
        "site": {
            "voltage": quantity(survey.site.supply_voltage, "V"),
            "pressure": quantity(survey.site.water_pressure, "MPa"),
        },
    }
