"""``sitesurvey check``: the verdict for a site survey, rule by rule."""

from __future__ import annotations

import click

from sitesurvey.cli._common import (
    display_width,
    echo,
    echo_json,
    fail_on_errors,
    json_option,
    lang_option,
    pad,
    table_option,
)

__all__ = ["command", "format_verdict"]

STATUS_WORDS = {
    "en": {"fail": "FAIL", "warn": "WARN", "not_checked": "NOT CHECKED", "pass": "pass"},
    "zh": {"fail": "不合格", "warn": "注意", "not_checked": "未检查", "pass": "合格"},
}
LABELS = {
    "en": {
        "heading": "Site survey {work_order} · {date} {window} · {customer}",
        "heater": "Heater {model}, {power:g} W on {supply}",
        "table": (
            "Table row {row:g} W: wire {wire:g} mm², air switch {breaker:g} A {poles}-pole, "
            "meter {electronic} (IC-card) / {mechanical} (mechanical), water {pmin:g}–{pmax:g} "
            "MPa; design current {ib:.1f} A"
        ),
        "measured": "measured",
        "required": "required",
        "installer": "installer's confirmation",
        "mods": "Required modifications — the customer must agree before work starts",
        "no_mods": "No modifications required.",
        "consent": "customer's consent",
        "consent_and_signature": "customer's consent AND signature",
        "notes": "Notes",
        "engineering": (
            "Engineering cross-check of the table answer on this site: {verdict}; "
            "recommended wire {wire}, air switch {breaker}"
        ),
        "defaults": "; defaults used: {names}",
        "verdicts": {"ok": "ok", "insufficient": "INSUFFICIENT"},
        "none": "none",
        "summary": "{fail} fail, {warn} warn, {not_checked} not checked, {passed} pass",
        "verdict_fail": "Verdict: the site does not conform — exit 1.",
        "verdict_ok": "Verdict: nothing fails.",
        "count": {"fail": "fail", "warn": "warn", "not_checked": "not checked", "pass": "pass"},
    },
    "zh": {
        "heading": "现场勘察 {work_order} · {date} {window} · {customer}",
        "heater": "热水器 {model},{power:g}W,{supply}",
        "table": (
            "选用表行 {row:g}W:电线 {wire:g}mm²,空开 {breaker:g}A {poles} 极,"
            "电表 {electronic}(磁卡电子表)/ {mechanical}(机械表),水压 {pmin:g}–{pmax:g}MPa;"
            "设计电流 {ib:.1f}A"
        ),
        "measured": "实测",
        "required": "要求",
        "installer": "安装人员确认",
        "mods": "须整改项目 — 施工前须征得用户同意",
        "no_mods": "无须整改。",
        "consent": "须用户同意",
        "consent_and_signature": "须用户同意并签名",
        "notes": "备注",
        "engineering": "工程校核(表中方案在本现场):{verdict};推荐电线 {wire},空开 {breaker}",
        "defaults": ";采用默认值:{names}",
        "verdicts": {"ok": "满足", "insufficient": "不足"},
        "none": "无",
        "summary": "不合格 {fail} 项,注意 {warn} 项,未检查 {not_checked} 项,合格 {passed} 项",
        "verdict_fail": "结论:现场不符合要求 — 退出码 1。",
        "verdict_ok": "结论:无不合格项。",
        "count": {"fail": "不合格", "warn": "注意", "not_checked": "未检查", "pass": "合格"},
    },
}


def _family_order(results, families):
    from sitesurvey.results import STATUSES

    grouped: dict[str, list] = {}
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


def format_verdict(survey, verdict, lang: str = "en") -> str:
    """The verdict as text: results grouped by family, failures first, then the
    modifications the customer must agree to."""
    from sitesurvey.rules import FAMILIES

    t = LABELS[lang]
    words = STATUS_WORDS[lang]
    sizing = verdict.sizing
    row = sizing.row
    supply = sizing.supply.label if lang == "en" else sizing.supply.label_zh
    lines = [
        t["heading"].format(
            work_order=survey.job.work_order,
            date=survey.job.date.isoformat(),
            window=survey.job.appointment.text,
            customer=survey.customer.name,
        ),
        t["heater"].format(model=survey.heater.model, power=survey.heater.power, supply=supply),
        t["table"].format(
            row=row.power,
            wire=row.wire,
            breaker=row.breaker.rating,
            poles=row.breaker.poles,
            electronic=row.electronic_meter.marking,
            mechanical=row.mechanical_meter.marking,
            pmin=row.water_pressure.min,
            pmax=row.water_pressure.max,
            ib=sizing.design_current,
        ),
    ]
    eng = verdict.engineering
    if eng is not None:
        rec = eng.recommendation
        line = t["engineering"].format(
            verdict=t["verdicts"][eng.verdict],
            wire=t["none"] if rec.wire is None else f"{rec.wire:g} mm²",
            breaker=t["none"] if rec.breaker is None else f"{rec.breaker.rating:g} A",
        )
        if eng.defaults_used:
            from sitesurvey.cli.size import defaults_text

            line += t["defaults"].format(names=defaults_text(eng, lang))
        lines.append(line)
    results = (*verdict.results, *verdict.engineering_results)
    width = max(len(r.rule) for r in results)
    status_width = max(display_width(w) for w in words.values())
    indent = " " * (2 + status_width + 2 + width + 2)
    for family, items in _family_order(results, list(FAMILIES)):
        name = FAMILIES.get(family, (family, family))[0 if lang == "en" else 1]
        counts = [
            f"{sum(1 for r in items if r.status == s)} {t['count'][s]}"
            for s in ("fail", "warn", "not_checked", "pass")
            if any(r.status == s for r in items)
        ]
        lines += ["", f"{name} — {(', ' if lang == 'en' else ',').join(counts)}"]
        for r in items:
            detail = []
            if r.basis == "installer_confirmation":
                detail.append(f"{t['installer']}: {r.measured_in(lang)}")
            else:
                if r.measured is not None:
                    detail.append(f"{t['measured']} {r.measured_in(lang)}")
                if r.required is not None:
                    detail.append(f"{t['required']} {r.required_in(lang)}")
            status = pad(words[r.status], status_width)
            head = f"  {status}  {r.rule:<{width}}  " + " · ".join(detail)
            lines.append(head.rstrip())
            lines.append(indent + (r.message if lang == "en" else r.message_zh))
    lines.append("")
    if verdict.modifications:
        lines.append(t["mods"])
        for i, mod in enumerate(verdict.modifications, 1):
            change = mod.change if lang == "en" else mod.change_zh
            lines.append(f"  {i}. [{mod.rule}] {change} — {t[mod.consent]}")
    else:
        lines.append(t["no_mods"])
    notes = (*sizing.notes, *verdict.notes)
    if notes:
        lines += ["", t["notes"]]
        for note in notes:
            lines.append(f"  - [{note.code}] {note.message if lang == 'en' else note.message_zh}")
    counts = verdict.counts()
    lines += [
        "",
        t["summary"].format(
            fail=counts["fail"],
            warn=counts["warn"],
            not_checked=counts["not_checked"],
            passed=counts["pass"],
        ),
        t["verdict_fail"] if verdict.failed else t["verdict_ok"],
    ]
    return "\n".join(lines)


@click.command(name="check")
@click.argument("survey", type=click.Path(dir_okay=False))
@table_option
@json_option
@lang_option
@fail_on_errors
def command(survey: str, table_path: str | None, as_json: bool, lang: str) -> None:
    """Check a site survey against every rule of the installation spec.

    Prints the results grouped by family, failures first, then the modifications the
    customer must agree to (meter and main switch: consent and signature).

    \b
    Examples:
      sitesurvey check survey.toml
      sitesurvey check survey.toml --lang zh
      sitesurvey check survey.json --json > verdict.json

    Exit 0 when nothing fails, 1 when any rule fails, 2 for a bad survey file.
    """
    import sys

    from sitesurvey.rules import check_survey
    from sitesurvey.survey import load_survey

    record = load_survey(survey)
    verdict = check_survey(record, table=table_path)
    if as_json:
        echo_json(verdict.to_dict())
    else:
        echo(format_verdict(record, verdict, lang))
    sys.exit(1 if verdict.failed else 0)
