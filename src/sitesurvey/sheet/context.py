"""The sheet's template context: everything the template shows, as plain values.

:func:`build_context` turns a survey, its check results and the fees into words and
formatted numbers in one language (the template does no logic); :func:`redact_survey`
masks the customer's personal data for copies that leave the service network;
:func:`sheet_data` is the data embedded in the PDF.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from sitesurvey.sheet.render import signature_data

__all__ = ["build_context", "redact_survey", "sheet_data"]

# ------------------------------------------------------------------------- labels

L: dict[str, dict[str, str]] = {
    "zh": {
        "title": "即热式电热水器安装设计单",
        "subtitle": "现场勘察 · 安装设计图 · 用户确认",
        "network": "服务网点",
        "work_order": "工作单号",
        "survey_date": "勘察日期",
        "appointment": "上门时间",
        "doc_id": "文件编号",
        "page": "第 {p} 页,共 {n} 页",
        "customer": "用户与现场",
        "name": "用户姓名",
        "phone": "联系电话",
        "address": "安装地址",
        "heater": "热水器",
        "model": "型号",
        "power": "额定功率",
        "supply": "电源",
        "single": "单相",
        "three": "三相",
        "distance": "距市区",
        "installer": "安装人员",
        "employee": "工号",
        "sizing": "选型(厂家规格表)",
        "table_row": "规格表行",
        "wire": "电线截面",
        "breaker": "空气开关",
        "poles": "极",
        "meter_e": "电表(磁卡电子表)",
        "meter_m": "电表(机械表)",
        "pressure": "水压",
        "ib": "设计电流",
        "table_src": "规格表",
        "engineering": "工程校核",
        "eng_none": "本现场无工程校核结果(线路条件未记录或校核模块未提供结果)。",
        "verdict": "结论",
        "verdict_ok": "满足",
        "verdict_insufficient": "不满足",
        "recommendation": "校核建议",
        "defaults": "采用默认值的条件",
        "working": "计算过程",
        "checks": "现场检查",
        "rule": "规则",
        "item": "项目",
        "status": "结果",
        "measured": "实测",
        "required": "要求",
        "note": "说明",
        "installer_conf": "安装人员确认",
        "summary": "不合格 {fail} 项,注意 {warn} 项,未检查 {not_checked} 项,合格 {passed} 项",
        "drawing": "安装设计图(墙面立面图)",
        "drawing_caption": (
            "面向安装墙面,尺寸单位为厘米,高度自地面起算;钻孔位置 x 自热水器中轴线起算"
            "(向右为正)。比例 1:{scale}。插座、门窗边与使用者的水平位置为示意,"
            "插座至门窗边的距离按实测标注。"
        ),
        "drill_table": "钻孔位置",
        "drill_no": "孔号",
        "drill_x": "距中轴线 x",
        "drill_y": "距地面 y",
        "drill_confirm": ("用户确认:以上钻孔位置及尺寸已向我说明,我同意按此位置钻孔(H-DRILL)。"),
        "not_measured": "未测量",
        "missing_in_drawing": "图中未画出(未测量)",
        "mods": "须整改项目",
        "mods_intro": "以下整改须在施工前征得用户同意;更换电表或总开关须用户签名后方可进行。",
        "no_mods": "无须整改。",
        "consent": "用户同意",
        "agree": "同意",
        "disagree": "不同意",
        "needs_signature": "须用户签名",
        "customer_signature": "用户签名",
        "fees": "收费",
        "fee_item": "项目",
        "fee_amount": "金额(元)",
        "fee_note": "说明",
        "fee_apart": "另计",
        "fee_unknown": "待定",
        "fee_total": "已知金额合计(不含材料费)",
        "tariff": "收费标准",
        "tariff_src": "依据",
        "commissioning": "调试与交付",
        "trial": "通电通水试机不少于 10 分钟,向用户讲解使用方法直至用户会操作(C-TRIAL)。",
        "shutdown": (
            "关机顺序(U-SHUTDOWN):使用后先关电源,待热水流尽后再关水,否则余热会引起超温报警。"
        ),
        "mixer": (
            "混水阀(U-MIXER):即热式热水器无需混水阀。现场有混水阀,已尽可能使其失去作用;"
            "请将混水阀开到最热,在热水器上调节水温。"
        ),
        "warranty_card": "保修卡已填写(C-SIGN)。",
        "original_shower": (
            "须使用热水器随机配送的花洒,否则由此引起的问题由用户自负(U-ORIGINAL-SHOWER)。"
        ),
        "confirmations": "安装人员确认事项",
        "conf_yes": "是",
        "conf_no": "否",
        "conf_not_yet": "尚未",
        "warranty": "保修说明",
        "warranty_1": "整机保修 12 个月,发热体保修 3 年。",
        "warranty_2": "免费保修须由授权服务网点安装。",
        "warranty_3": "因电源电压超出 198–242V 或线路不符合国家规范造成的损坏不在保修范围内。",
        "warranty_4": "安装材料由售后部门按国家标准选用,保用 12 个月。",
        "comments": "用户意见",
        "satisfaction": "满意度",
        "satisfied": "满意",
        "ordinary": "一般",
        "unsatisfied": "不满意",
        "satisfaction_note": "由用户自行填写,不代填。",
        "signatures": "签名",
        "installer_sig": "安装人员签名",
        "date_time": "日期与时间",
        "signature_image": "用户签名(平板采集)",
        "captured_at": "采集时间",
        "never_prefilled": "用户签名须由用户本人填写,任何人不得代签。",
        "privacy": "个人信息说明",
        "privacy_text": (
            "本设计单及其内嵌数据文件含有用户的姓名、电话和地址,仅用于本次安装与售后服务。"
            "交给服务网点以外的人员时,请使用脱敏版本(sitesurvey sheet --redact)。"
        ),
        "redacted": "脱敏版本:姓名、电话、地址已遮盖,签名图像已去除(页面与内嵌数据均已处理)。",
        "integrity": "完整性校验",
        "integrity_text": (
            "本 PDF 内嵌勘察数据与全部检查结果(规范化 JSON,附件 {name}),"
            "其 SHA-256 印在每页页脚。用 sitesurvey verify 可核对数据与印刷的校验值是否一致。"
            "这是完整性校验,能发现意外或简单的改动,但不是数字签名:任何人都可以重新计算校验值。"
        ),
        "footer_hash": "数据校验 sha256:",
        "yes": "是",
        "no": "否",
    },
    "en": {
        "title": "Instant electric water heater — installation design sheet",
        "subtitle": "Site survey · installation drawing · customer's confirmation",
        "network": "Service network",
        "work_order": "Work order",
        "survey_date": "Survey date",
        "appointment": "Appointment",
        "doc_id": "Document ID",
        "page": "Page {p} of {n}",
        "customer": "Customer and site",
        "name": "Customer",
        "phone": "Phone",
        "address": "Address",
        "heater": "Heater",
        "model": "Model",
        "power": "Rated power",
        "supply": "Supply",
        "single": "single-phase",
        "three": "three-phase",
        "distance": "Distance from the urban area",
        "installer": "Installer",
        "employee": "employee no.",
        "sizing": "Sizing (manufacturer's table)",
        "table_row": "Table row",
        "wire": "Wire cross-section",
        "breaker": "Air switch",
        "poles": "-pole",
        "meter_e": "Meter (IC-card electronic)",
        "meter_m": "Meter (mechanical)",
        "pressure": "Water pressure",
        "ib": "Design current",
        "table_src": "Table",
        "engineering": "Engineering cross-check",
        "eng_none": (
            "No engineering cross-check for this site (route conditions not recorded, "
            "or the check gave no result)."
        ),
        "verdict": "Verdict",
        "verdict_ok": "sufficient",
        "verdict_insufficient": "insufficient",
        "recommendation": "Recommendation",
        "defaults": "Conditions taken at their default",
        "working": "Working",
        "checks": "Site checks",
        "rule": "Rule",
        "item": "Item",
        "status": "Status",
        "measured": "Measured",
        "required": "Required",
        "note": "Note",
        "installer_conf": "installer's confirmation",
        "summary": "{fail} fail, {warn} warn, {not_checked} not checked, {passed} pass",
        "drawing": "Installation design drawing (wall elevation)",
        "drawing_caption": (
            "Facing the wall; dimensions in cm, heights from the floor; drilling points' x "
            "from the heater's axis (+ to the right). Scale 1:{scale}. The horizontal "
            "positions of the socket, the door/window edge and the user are schematic; the "
            "socket-to-edge distance is dimensioned as measured."
        ),
        "drill_table": "Drilling points",
        "drill_no": "Point",
        "drill_x": "x from the axis",
        "drill_y": "y above the floor",
        "drill_confirm": (
            "Customer's confirmation: the drilling points and dimensions above have been "
            "explained to me and I agree to drilling there (H-DRILL)."
        ),
        "not_measured": "not measured",
        "missing_in_drawing": "Not drawn (not measured)",
        "mods": "Required modifications",
        "mods_intro": (
            "Each change needs the customer's consent before work starts; a change to the "
            "meter or the main switch also needs the customer's signature."
        ),
        "no_mods": "No modifications required.",
        "consent": "Customer's consent",
        "agree": "agree",
        "disagree": "do not agree",
        "needs_signature": "customer's signature required",
        "customer_signature": "Customer's signature",
        "fees": "Fees",
        "fee_item": "Item",
        "fee_amount": "Amount (CNY)",
        "fee_note": "Note",
        "fee_apart": "apart",
        "fee_unknown": "to be set",
        "fee_total": "Total of the known amounts (materials not included)",
        "tariff": "Tariff",
        "tariff_src": "Source",
        "commissioning": "Commissioning and handover",
        "trial": (
            "Power and water on, trial run of at least 10 minutes; usage explained until "
            "the customer can operate the heater (C-TRIAL)."
        ),
        "shutdown": (
            "Shut-down order (U-SHUTDOWN): after use switch the power off first, wait until "
            "the hot water has run out, then close the water — otherwise the residual heat "
            "causes over-temperature alarms."
        ),
        "mixer": (
            "Mixing valve (U-MIXER): an instant heater needs none. The existing mixing valve "
            "has been made ineffective where possible; run it full hot and set the "
            "temperature on the heater."
        ),
        "warranty_card": "Warranty card filled in (C-SIGN).",
        "original_shower": (
            "The shower head supplied with the heater must be used; otherwise problems are "
            "the customer's own (U-ORIGINAL-SHOWER)."
        ),
        "confirmations": "Installer's confirmations",
        "conf_yes": "yes",
        "conf_no": "no",
        "conf_not_yet": "not yet",
        "warranty": "Warranty notes",
        "warranty_1": "Whole unit 12 months; heating element 3 years.",
        "warranty_2": "Free warranty service requires installation by an authorised service point.",
        "warranty_3": (
            "Damage from a supply outside 198–242 V or from wiring not to national rules is "
            "not covered."
        ),
        "warranty_4": (
            "Installation materials are chosen by the after-sales department to national "
            "standards and guaranteed for 12 months."
        ),
        "comments": "Customer's comments",
        "satisfaction": "Satisfaction",
        "satisfied": "satisfied",
        "ordinary": "ordinary",
        "unsatisfied": "unsatisfied",
        "satisfaction_note": "Ticked by the customer only.",
        "signatures": "Signatures",
        "installer_sig": "Installer's signature",
        "date_time": "Date and time",
        "signature_image": "Customer's signature (captured on a tablet)",
        "captured_at": "captured at",
        "never_prefilled": "Only the customer signs; nobody may sign for the customer.",
        "privacy": "Personal data",
        "privacy_text": (
            "This sheet and its embedded data file contain the customer's name, phone "
            "number and address, used only for this installation and its after-sales "
            "service. For copies that leave the service network use a redacted sheet "
            "(sitesurvey sheet --redact)."
        ),
        "redacted": (
            "Redacted copy: name, phone and address are masked and the signature image is "
            "left out (on the pages and in the embedded data)."
        ),
        "integrity": "Integrity check",
        "integrity_text": (
            "This PDF embeds the survey data and every check result (canonical JSON, "
            "attachment {name}); its SHA-256 is printed in the footer of every page. "
            "sitesurvey verify checks that the data and the printed hash still agree. This is "
            "an integrity check that catches accidental or naive changes, not a signature: "
            "anyone can recompute a bare hash."
        ),
        "footer_hash": "data sha256:",
        "yes": "yes",
        "no": "no",
    },
}

STATUS_WORDS = {
    "zh": {"fail": "不合格", "warn": "注意", "not_checked": "未检查", "pass": "合格"},
    "en": {"fail": "FAIL", "warn": "warn", "not_checked": "not checked", "pass": "pass"},
}


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


def _num(x: float | None, unit: str = "", digits: int = 4) -> str:
    if x is None:
        return ""
    text = f"{x:.{digits}g}"
    return f"{text} {unit}".strip()


_DEFAULT_NAMES = {
    "zh": {
        "length": "线路长度",
        "method": "敷设方式",
        "ambient": "环境温度",
        "grouping": "成组回路数",
        "max_drop": "允许电压降",
        "supply_voltage": "电源电压",
    },
    "en": {
        "length": "route length",
        "method": "installation method",
        "ambient": "ambient temperature",
        "grouping": "grouping",
        "max_drop": "voltage-drop limit",
        "supply_voltage": "supply voltage",
    },
}


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
            parts.append(f"{wire:g} mm²")
        if breaker is not None:
            parts.append(f"{breaker.rating:g} A")
        recommendation = ", ".join(parts)
    return {
        "verdict": str(getattr(eng, "verdict", "")),
        "working": working,
        "recommendation": recommendation,
        "defaults": ", ".join(
            _DEFAULT_NAMES[lang].get(name, name) for name in getattr(eng, "defaults_used", ()) or ()
        ),
    }


def _check_rows(result: Any, lang: str) -> list[dict[str, Any]]:
    from sitesurvey.rules import RULES

    titles = {r.id: (r.title_zh if lang == "zh" else r.title) for r in RULES}
    engineering = "工程校核" if lang == "zh" else "Engineering cross-check"
    rows = []
    for r in (*result.results, *getattr(result, "engineering_results", ())):
        rows.append(
            {
                "rule": r.rule,
                "title": titles.get(r.rule, engineering if r.family == "ENG" else ""),
                "status": r.status,
                "status_text": STATUS_WORDS[lang][r.status],
                "measured": r.measured_in(lang),
                "required": r.required_in(lang),
                "message": r.message_zh if lang == "zh" else r.message,
                "source": r.source,
                "confirmation": r.basis == "installer_confirmation",
            }
        )
    return rows


def build_context(
    survey: Any,
    result: Any,
    *,
    lang: str = "zh",
    redact: bool = False,
    tariff: Any = None,
    digest: str = "",
) -> dict[str, Any]:
    """Everything the template needs, as plain values (the template does no logic)."""
    from sitesurvey.fees import compute_fees
    from sitesurvey.rules import RULES
    from sitesurvey.sheet.drawing import DRAWING_SCALE, LABELS, wall_elevation
    from sitesurvey.sheet.integrity import ATTACHMENT_NAME
    from sitesurvey.survey import CONFIRMATION_RULES

    words = L[lang]
    job = survey.job
    sizing = result.sizing
    row = sizing.row
    drawing = wall_elevation(survey, lang)
    fees = compute_fees(survey, tariff)
    counts = result.counts()
    titles = {r.id: (r.title_zh if lang == "zh" else r.title) for r in RULES}
    site = survey.site
    doc_id = f"{job.work_order}-{digest[:12].upper()}"
    fee_rows = []
    for line in fees.lines:
        if line.amount is not None:
            amount = f"{line.amount:.2f}"
        elif line.item == "materials":
            amount = words["fee_apart"]
        else:
            amount = words["fee_unknown"]
        fee_rows.append(
            {
                "label": line.label_zh if lang == "zh" else line.label,
                "amount": amount,
                "note": line.note_zh if lang == "zh" else line.note,
            }
        )
    tariff_obj = fees.tariff
    remote_fee = (
        f"{tariff_obj.remote_fee:.2f} {tariff_obj.currency}"
        if tariff_obj.remote_fee is not None
        else (
            "未设定(服务手册未给出金额,由服务网点规定)"
            if lang == "zh"
            else "not set (the manual gives no amount; set by the service network)"
        )
    )
    free_line = (
        (
            "屋内总开关处到热水器安装距离"
            if lang == "zh"
            else "the run from the indoor main switch to the heater"
        )
        if tariff_obj.free_length is None
        else f"{tariff_obj.free_length:g} m"
    )
    tariff_settings = [
        (
            "专线免费长度" if lang == "zh" else "Free dedicated line",
            free_line,
            tariff_obj.line_source,
        ),
        (
            "超出部分人工费" if lang == "zh" else "Labour beyond it",
            f"{tariff_obj.labour_rate:g} {tariff_obj.currency}/m",
            tariff_obj.line_source,
        ),
        (
            "材料费" if lang == "zh" else "Materials",
            ("另计" if lang == "zh" else "charged apart")
            if tariff_obj.materials_apart
            else ("包含" if lang == "zh" else "included"),
            tariff_obj.line_source,
        ),
        (
            "免费服务半径" if lang == "zh" else "Free service radius",
            f"{tariff_obj.free_radius / 1000:g} km",
            tariff_obj.remote_source,
        ),
        (
            "远程服务费" if lang == "zh" else "Remote-service fee",
            remote_fee,
            tariff_obj.remote_source,
        ),
    ]
    confirmations = [
        {
            "rule": rule,
            "title": titles.get(rule, rule),
            "value": survey.confirmations.get(rule),
            "text": words["conf_" + survey.confirmations.get(rule)],
        }
        for rule in CONFIRMATION_RULES
    ]
    mods = [
        {
            "rule": m.rule,
            "item": m.item,
            "change": m.change_zh if lang == "zh" else m.change,
            "needs_signature": m.needs_signature,
        }
        for m in result.modifications
    ]
    drill = [
        {"n": i, "x": _num(p.x * 100, "cm"), "y": _num(p.y * 100, "cm")}
        for i, p in enumerate(survey.drilling or (), start=1)
    ]
    supply = sizing.supply
    missing = [LABELS[lang][k] for k in drawing.missing]
    return {
        "lang": lang,
        "html_lang": "zh-CN" if lang == "zh" else "en",
        "w": words,
        "page_css": words["page"]
        .replace("{p}", '" counter(page) "')
        .replace("{n}", '" counter(pages) "'),
        "redacted": redact,
        "doc": {
            "id": doc_id,
            "hash": digest,
            "created": f"{job.date.isoformat()}T00:00:00Z",
            "attachment": ATTACHMENT_NAME,
        },
        "job": {
            "network": job.service_network or "",
            "work_order": job.work_order,
            "date": job.date.isoformat(),
            "appointment": job.appointment.text,
            "distance": _num(
                None
                if job.distance_from_urban_area is None
                else job.distance_from_urban_area / 1e3,
                "km",
            ),
            "installer": job.installer.name or "",
            "employee": job.installer.employee_number or "",
        },
        "customer": {
            "name": survey.customer.name,
            "phone": survey.customer.phone,
            "address": survey.customer.address,
        },
        "heater": {
            "model": survey.heater.model,
            "power": _num(survey.heater.power / 1000, "kW"),
            "supply": f"{survey.heater.supply_voltage:g} V "
            + (words["three"] if supply.phases == 3 else words["single"]),
        },
        "sizing": {
            "row": f"{row.number} ({row.power / 1000:g} kW)",
            "wire": _num(row.wire, "mm²"),
            "breaker": f"{row.breaker.rating:g} A, {row.breaker.poles}{words['poles']}"
            if lang == "en"
            else f"{row.breaker.rating:g} A,{row.breaker.poles} {words['poles']}",
            "meter_e": row.electronic_meter.marking,
            "meter_m": row.mechanical_meter.marking,
            "pressure": f"{row.water_pressure.min:g}–{row.water_pressure.max:g} MPa",
            "ib": _num(sizing.design_current, "A", 3),
            "table": (
                f"{sizing.table.id} ({Path(sizing.table.path).name}, "
                f"sha256 {sizing.table.sha256[:16]}…)"
            ),
        },
        "engineering": _engineering(result, lang),
        "checks": _check_rows(result, lang),
        "summary": words["summary"].format(
            fail=counts.get("fail", 0),
            warn=counts.get("warn", 0),
            not_checked=counts.get("not_checked", 0),
            passed=counts.get("pass", 0),
        ),
        "drawing": {
            "svg": drawing.svg,
            "caption": words["drawing_caption"].format(scale=DRAWING_SCALE),
            "missing": missing,
            "points": drill,
        },
        "mods": mods,
        "fees": fee_rows,
        "fee_total": f"{fees.total:.2f}",
        "tariff": {
            "name": tariff_obj.name_zh if lang == "zh" else tariff_obj.name,
            "source": tariff_obj.source,
            "file": f"{tariff_obj.path} (sha256 {tariff_obj.sha256[:16]}…)",
            "settings": tariff_settings,
        },
        "mixer": bool(survey.usage.mixing_valve),
        "confirmations": confirmations,
        "signature": signature_data(survey),
        "site": {
            "voltage": _num(site.supply_voltage, "V"),
            "pressure": _num(site.water_pressure, "MPa"),
        },
    }
