"""The installation design sheet: HTML (Jinja2) and PDF/A-3b (WeasyPrint).

:func:`render_html` builds the bilingual sheet from a survey and its check results;
:func:`render_pdf` turns it into a PDF/A-3b that carries the survey and every result as
an embedded canonical-JSON attachment whose SHA-256 is printed on every page (see
:mod:`sitesurvey.sheet.integrity`); :func:`write_sheet` writes either atomically.

Security: the Jinja environment autoescapes every value (``autoescape=True``
explicitly: ``select_autoescape`` does not cover ``.j2`` files) and refuses undefined
names; WeasyPrint fetches through :class:`AssetsOnlyFetcher`, which serves only files
below the package's ``templates/`` and ``data:image/png`` URIs and fails the render on
anything else, so a survey field can never make the PDF embed a local file.

Determinism: the same survey renders to the same bytes — every date in the PDF comes
from the survey (its date), never from the clock.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import dataclasses
import datetime as dt
import gc
import logging
import mimetypes
import os
import re
import threading
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from sitesurvey._files import STDOUT, check_writable, write_atomic
from sitesurvey.errors import InputError, SiteSurveyError, SurveyFileError

__all__ = [
    "SheetError",
    "SignatureError",
    "render_html",
    "render_pdf",
    "sheet_data",
    "write_sheet",
]

#: Largest signature image accepted [bytes].
#: Largest signature image accepted [pixels a side, and pixels in all]: a tablet
#: signature is about 1000 × 400; the cap bounds the memory a full decode needs.
MAX_SIGNATURE_SIDE = 4000
MAX_SIGNATURE_PIXELS = 16_000_000
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
LANGS = ("zh", "en")


class SheetError(SiteSurveyError):
    """The sheet cannot be rendered (refused content, blocked URL, bad option)."""


class SignatureError(InputError, SheetError):
    """The signature image cannot be put on the sheet (an :class:`InputError` naming
    ``signature.image``, and a :class:`SheetError`)."""


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


# ------------------------------------------------------------------- fetcher


#: What to install for the PDF (Debian/Ubuntu package names).
PDF_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"


def _require_weasyprint() -> None:
    """Import WeasyPrint, or say which system libraries the PDF needs.

    WeasyPrint loads Pango and HarfBuzz with cffi when it is imported; without them the
    import raises :class:`OSError` (after printing a notice on standard output, which
    would corrupt a sheet written to standard output: it is discarded here).

    Raises
    ------
    SheetError
        The libraries cannot be loaded; the message names the packages and the
        ``--html`` way out.
    """
    import io
    import sys

    if "weasyprint.text.ffi" in sys.modules:
        return
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint.text.ffi  # noqa: F401
    except OSError as exc:
        reason = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else "OSError"
        raise SheetError(
            "cannot make the PDF: WeasyPrint cannot load the Pango/HarfBuzz libraries "
            f"({reason}). Install them (Debian/Ubuntu: sudo apt install {PDF_PACKAGES}), "
            "or write the sheet as HTML with --html, which needs no system library."
        ) from None


def _assets() -> Path:
    from sitesurvey._files import data_dir

    return data_dir("templates").resolve()


def _fetcher_class():
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class BlockedURLError(FatalURLFetchingError):
        """A URL outside the package's assets (a BaseException: it passes WeasyPrint's
        ``except Exception`` blocks)."""

    class AssetsOnlyFetcher(URLFetcher):
        """Serve regular files below ``root`` and ``data:image/png`` URIs; refuse the rest.

        Use a new instance for every render: it records what it fetched and refused.
        """

        def __init__(self, root: Path):
            super().__init__(
                fail_on_errors=True, allow_redirects=False, allowed_protocols={"file", "data"}
            )
            self.root = Path(root).resolve()
            self.fetched: list[str] = []
            self.blocked: list[str] = []

        def _refuse(self, url: str, why: str):
            self.blocked.append(url[:200])
            raise BlockedURLError(f"{why}: {url[:80]}")

        def fetch(self, url: str, headers: Any = None):
            self.fetched.append(url[:60])
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme == "data":
                if not url[5:].lower().startswith("image/png;base64,"):
                    self._refuse(url, "only data:image/png URIs are allowed")
                return super().fetch(url, headers)
            if scheme != "file" or parts.netloc not in ("", "localhost"):
                self._refuse(url, "scheme or host not allowed")
            path = Path(url2pathname(parts.path)).resolve()
            if not path.is_relative_to(self.root) or not path.is_file():
                self._refuse(url, "outside the sheet's asset directory")
            ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                path.as_uri(), path.read_bytes(), headers={"Content-Type": ctype}
            )

    return AssetsOnlyFetcher, BlockedURLError


# ----------------------------------------------------------------- the context


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


def _signature(survey: Any) -> dict[str, Any] | None:
    sig = survey.signature
    if sig is None:
        return None
    path = sig.path if sig.path is not None else Path(sig.image)
    if path.suffix.lower() == ".svg":
        raise SheetError(
            f'signature.image: "{sig.image}" is SVG — SVG is markup and is refused; '
            "save the signature as a PNG image"
        )
    from sitesurvey._files import FileReadError, read_file

    try:
        raw = read_file(path, what="signature")
    except FileReadError as exc:
        raise SurveyFileError(f'signature.image: "{sig.image}" {exc.reason}') from None
    if not raw.startswith(_PNG_MAGIC):
        what = "SVG markup, which is refused" if b"<svg" in raw[:4096].lower() else "not PNG"
        raise SheetError(f'signature.image: "{sig.image}" is {what}; a PNG image is required')
    _check_png(raw, sig.image)
    captured = sig.captured_at.isoformat() if sig.captured_at is not None else None
    return {
        "uri": "data:image/png;base64," + base64.b64encode(raw).decode("ascii"),
        "captured_at": captured,
    }


def _check_png(raw: bytes, name: str) -> None:
    """Decode the signature PNG fully, within a pixel cap, before accepting it.

    WeasyPrint drops an image it cannot decode with a log line and renders the page
    without it, so a signature with bad data, a huge declared size or no pixels at all
    would vanish silently. The size in the header is checked first (a decompression
    bomb declares a huge image), then Pillow decodes every pixel.

    Raises
    ------
    SignatureError
        The image is empty, too large or cannot be decoded; the message names the
        field and file and says what to do.
    """
    import io
    import struct

    expected = (
        f"a PNG image that decodes fully, 1 to {MAX_SIGNATURE_SIDE} pixels a side and at "
        f"most {MAX_SIGNATURE_PIXELS // 1_000_000} million pixels"
    )
    again = "export the signature from the tablet again as a PNG image"

    def refuse(problem: str, fix: str = again) -> SignatureError:
        return SignatureError("signature.image", name, expected, f"{problem}; {fix}")

    header = raw[8:24]
    if len(header) < 16 or header[4:8] != b"IHDR":
        raise refuse("the file is a damaged PNG (no image header)")
    width, height = struct.unpack(">II", header[8:16])
    if width == 0 or height == 0:
        raise refuse(f"the image is {width} × {height} pixels, empty")
    if max(width, height) > MAX_SIGNATURE_SIDE or width * height > MAX_SIGNATURE_PIXELS:
        raise refuse(
            f"the image declares {width} × {height} pixels",
            "save the signature at a smaller size (about 1000 × 400 is plenty)",
        )
    from PIL import Image, ImageFile

    # WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES when it is imported,
    # which makes a truncated or damaged image (and an oversized text chunk) load
    # without an error: decode strictly here.
    lenient = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw), formats=["PNG"]) as image:
                image.load()
    except Exception as exc:  # Pillow raises many kinds for bad data; all mean "unusable"
        reason = str(exc).strip()[:120] or type(exc).__name__
        raise refuse(f"its data cannot be decoded ({reason})") from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient


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
        "signature": _signature(survey),
        "site": {
            "voltage": _num(site.supply_voltage, "V"),
            "pressure": _num(site.water_pressure, "MPa"),
        },
    }


# ---------------------------------------------------------------------- Jinja


def _environment():
    import jinja2
    from markupsafe import Markup

    class QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
        def dump_bytecode(self, bucket: Any) -> None:
            with contextlib.suppress(OSError):  # a read-only cache only costs speed
                super().dump_bytecode(bucket)

    # Compiling the template took ~0.07 s of every `sitesurvey sheet` process. Jinja's
    # default bytecode cache is a per-user directory (mode 0700, owner checked by Jinja)
    # in the temporary directory; an entry is used only while the template's source is
    # unchanged (its checksum is in the entry) and for the same Python version.
    try:
        cache = QuietBytecodeCache()
    except (OSError, RuntimeError):  # no safe directory: compile each time
        cache = None
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_assets())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        bytecode_cache=cache,
    )
    env.filters["svg"] = Markup  # only for the drawing, built and escaped by drawing.py
    return env


_ENV = None


def _env():
    global _ENV
    if _ENV is None:
        _ENV = _environment()
    return _ENV


def _prepare(survey: Any, *, lang: str, redact: bool, tariff: Any):
    from sitesurvey.rules import check_survey
    from sitesurvey.sheet.integrity import canonical_json, sha256_hex

    if lang not in LANGS:
        raise SheetError(f'lang: expected "zh" or "en", got "{lang}"')
    if redact:
        survey = redact_survey(survey)
    result = check_survey(survey)
    try:
        payload = canonical_json(sheet_data(survey, result))
    except ValueError as exc:
        raise SheetError(f"the survey data cannot be written as canonical JSON: {exc}") from None
    digest = sha256_hex(payload)
    context = build_context(survey, result, lang=lang, redact=redact, tariff=tariff, digest=digest)
    return context, payload, digest


def render_html(survey: Any, *, lang: str = "zh", redact: bool = False, tariff: Any = None) -> str:
    """The design sheet as one HTML document (stylesheet linked as ``sheet.css``).

    Parameters
    ----------
    survey : Survey
        The survey (:func:`sitesurvey.survey.load_survey`).
    lang : {"zh", "en"}
        Language of the sheet; Chinese by default.
    redact : bool
        Mask the customer's name, phone and address.
    tariff : Tariff, optional
        Fee settings (:func:`sitesurvey.fees.load_tariff`); the shipped tariff by default.
    """
    context, _, _ = _prepare(survey, lang=lang, redact=redact, tariff=tariff)
    return _env().get_template("sheet.html.j2").render(**context)


_COMPRESS_ONCE = True
_LINK = '<link rel="stylesheet" href="sheet.css">'
_STYLE = threading.local()


def _style() -> tuple[Any, Any]:
    """The font configuration and the parsed ``sheet.css``, made once per thread.

    Parsing the stylesheet registers the 8 MB CJK font with Fontconfig (WeasyPrint
    copies it to a temporary directory and Fontconfig scans it); both are the same for
    every sheet, so a process that renders several sheets does it once. The
    stylesheet is read through :class:`AssetsOnlyFetcher` like everything else.
    WeasyPrint documents ``FontConfiguration`` as reusable across documents; the output
    is byte-identical to a fresh one. Per thread, as Pango objects are not meant to be
    shared between threads.
    """
    cached = getattr(_STYLE, "value", None)
    if cached is None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        fetcher_cls, _ = _fetcher_class()
        assets = _assets()
        font_config = FontConfiguration()
        css = CSS(
            url=(assets / "sheet.css").as_uri(),
            url_fetcher=fetcher_cls(assets),
            font_config=font_config,
        )
        cached = _STYLE.value = (font_config, css)
        if threading.current_thread() is threading.main_thread():
            # let the font configuration remove its temporary directory while the
            # interpreter is still whole (its __del__ fails during shutdown)
            atexit.register(_STYLE.__dict__.clear)
    return cached


def _compress_streams_once(pdf: Any) -> None:
    """Deflate every stream of ``pdf`` now, once, exactly as pydyf would.

    pydyf compresses a stream each time its bytes are asked for, and a PDF/A file
    identifier makes it ask twice (once to write the object, once to hash the whole
    file). The two font subsets (a few hundred kB each, however few glyphs they hold:
    HarfBuzz keeps the CJK font's glyph IDs) dominate, so the second pass cost about
    50 ms. Replacing each stream's content by its deflated bytes and declaring the
    filter gives byte-identical output: pydyf then writes the bytes as they are.
    """
    import zlib

    import pydyf

    to_bytes = getattr(pydyf, "_to_bytes", None)
    if to_bytes is None:  # another pydyf: leave the work to it
        return
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream) and obj.compress:
            raw = b"\n".join(to_bytes(item) for item in obj.stream)
            deflate = zlib.compressobj(level=9)
            obj.stream = [deflate.compress(raw) + deflate.flush()]
            obj.extra["Filter"] = "/FlateDecode"
            obj.compress = False


@contextlib.contextmanager
def _gc_paused():
    """Suspend Python's cyclic garbage collector for the duration of one render.

    WeasyPrint allocates some 10⁵ small objects (styles, boxes, PDF objects) per sheet;
    the collector, triggered by those allocations, rescans them and the whole heap over
    and over and took about a third of a warm render (0.3–0.5 s of 1.4 s). The garbage
    is freed by reference counting anyway; cycles wait for the next collection after the
    render. The previous state is restored, so a caller that disabled the collector
    keeps it disabled.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def _source_date_epoch(date: dt.date):
    """Set ``SOURCE_DATE_EPOCH`` to the survey date (midnight UTC) for one render.

    Without libharfbuzz-subset WeasyPrint subsets the font with fontTools, which
    stamps the current time into the font's ``head`` table unless this variable is
    set; the survey date keeps the bytes the same on every machine. The previous
    environment is restored (the variable is process-wide: renders in parallel threads
    set the same kind of value).
    """
    stamp = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC).timestamp()
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(max(0, int(stamp)))
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


class _DroppedContent(logging.Handler):
    """Collect WeasyPrint's "Failed to load/render …" records of this thread's render.

    WeasyPrint leaves out an image (or an inline SVG, a stylesheet, an attachment) it
    cannot load and only logs it; on a signed sheet a missing signature is an error.
    """

    PREFIXES = ("Failed to load", "Failed to render")

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread and str(record.msg).startswith(self.PREFIXES):
            with contextlib.suppress(Exception):
                self.messages.append(record.getMessage()[:100])


@contextlib.contextmanager
def _collect_dropped():
    logger = logging.getLogger("weasyprint")
    handler = _DroppedContent()
    old_level = logger.level
    if logger.getEffectiveLevel() > logging.ERROR:
        logger.setLevel(logging.ERROR)
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def _pdf_from_html(html: str, payload: bytes, digest: str, date: dt.date) -> bytes:
    import pydyf
    from weasyprint import HTML, Attachment

    from sitesurvey.sheet.integrity import ATTACHMENT_NAME

    fetcher_cls, blocked_error = _fetcher_class()
    assets = _assets()
    fetcher = fetcher_cls(assets)
    stamp = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
    attachment = Attachment(
        string=payload,
        name=ATTACHMENT_NAME,
        description="sitesurvey survey and check results, canonical JSON",
        created=stamp,
        modified=stamp,
        relationship="Data",
    )

    def finish(document: Any, pdf: Any) -> None:
        # WeasyPrint 70 (pdf/pdfa.py) lists each attachment twice in the catalog's /AF.
        if "AF" in pdf.catalog:
            refs: list[Any] = []
            for ref in pdf.catalog["AF"]:
                if ref not in refs:
                    refs.append(ref)
            pdf.catalog["AF"] = pydyf.Array(refs)
        if _COMPRESS_ONCE:
            _compress_streams_once(pdf)

    try:
        with (
            _gc_paused(),
            warnings.catch_warnings(),
            _source_date_epoch(date),
            _collect_dropped() as dropped,
        ):
            # WeasyPrint 70 (pdf/__init__.py) opens its sRGB2014.icc output-intent profile
            # for PDF/A and never closes it; CPython reports the leak at once.
            warnings.filterwarnings(
                "ignore", message=r"unclosed file .*sRGB2014\.icc", category=ResourceWarning
            )
            font_config, stylesheet = _style()
            # the template links sheet.css (for the HTML output); the PDF gets it parsed
            document = HTML(
                string=html.replace(_LINK, "", 1),
                base_url=assets.as_uri() + "/",
                url_fetcher=fetcher,
            )
            pdf = document.write_pdf(
                stylesheets=[stylesheet],
                font_config=font_config,
                pdf_variant="pdf/a-3b",
                attachments=[attachment],
                finisher=finish,
            )
    except blocked_error as exc:
        raise SheetError(f"render refused a URL: {exc}") from None
    if fetcher.blocked:  # SVG <image> fetch errors are swallowed by WeasyPrint: re-check
        raise SheetError(f"render refused URLs: {fetcher.blocked}")
    if dropped:
        raise SheetError(
            "the PDF would lack content WeasyPrint could not load ("
            + "; ".join(dropped[:3])
            + "); nothing was written — check the signature image, or report this "
            "with the survey"
        )
    return pdf


def render_pdf(survey: Any, *, lang: str = "zh", redact: bool = False, tariff: Any = None) -> bytes:
    """The design sheet as PDF/A-3b bytes, with the data attached and its hash printed.

    Same parameters as :func:`render_html`. The same survey gives the same bytes.

    Raises
    ------
    SheetError
        The render tried to load anything but the package's assets, or was refused.
    """
    # the pause also covers the checks and, in a fresh process, importing WeasyPrint
    # (~0.1 s less with the collector off); pauses nest
    _require_weasyprint()
    with _gc_paused():
        context, payload, digest = _prepare(survey, lang=lang, redact=redact, tariff=tariff)
        html = _env().get_template("sheet.html.j2").render(**context)
        return _pdf_from_html(html, payload, digest, survey.job.date)


def write_sheet(
    survey_path_or_obj: Any,
    output: str | Path,
    *,
    lang: str = "zh",
    html: bool = False,
    redact: bool = False,
    tariff: Any = None,
) -> Path:
    """Render the sheet and write it atomically (:func:`sitesurvey._files.write_atomic`:
    temporary file in the same directory, then :func:`os.replace`): a failed render
    leaves no partial file and an existing ``output`` unchanged.

    Parameters
    ----------
    survey_path_or_obj : Survey, str or pathlib.Path
        A survey, or a survey file to load.
    output : str or pathlib.Path
        The file to write; ``"-"`` writes the bytes to standard output. A symbolic
        link, a directory, a device or the survey itself is refused before rendering.
    lang : {"zh", "en"}
        Language of the sheet.
    html : bool
        Write the HTML (with the stylesheet inlined) instead of the PDF.
    redact : bool
        Mask the customer's name, phone and address.
    tariff : Tariff, optional
        Fee settings; the shipped tariff by default.

    Returns
    -------
    pathlib.Path
        ``output`` (``Path("-")`` for standard output).

    Raises
    ------
    SheetError
        ``output`` is refused or cannot be written, the signature image is unusable
        (:class:`SignatureError`), the render dropped an image, or the PDF libraries
        are missing.
    """
    from sitesurvey.survey import load_survey

    survey = (
        load_survey(survey_path_or_obj)
        if isinstance(survey_path_or_obj, str | Path)
        else survey_path_or_obj
    )
    output = _checked_output(output, getattr(survey, "source", None))
    if html:
        data = _standalone_html(render_html(survey, lang=lang, redact=redact, tariff=tariff))
    else:
        data = render_pdf(survey, lang=lang, redact=redact, tariff=tariff)
    written = write_atomic(output, data, error=SheetError, allow_stdout=True)
    return written if written is not None else Path(STDOUT)


def _checked_output(output: str | Path, source: Any) -> str | Path:
    """Refuse, before rendering, an output that would lose something.

    The atomic write replaces the directory entry: a symbolic link (``/dev/stdout``),
    a device (``/dev/null`` would become a regular file), a directory or the survey
    itself. None of those is what the user meant (:func:`sitesurvey._files.check_writable`).
    """
    path = check_writable(output, error=SheetError, allow_stdout=True)
    if path is None:
        return STDOUT
    if source is not None and path.exists() and path.resolve() == Path(source).resolve():
        raise SheetError(
            f"output: {path} is the survey itself; writing the sheet there would destroy it "
            "— give another name, e.g. -o sheet.pdf"
        )
    return path


#: System fonts that carry Simplified Chinese, for the HTML sheet opened in a browser.
_HTML_FONTS = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", '
    '"Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif'
)


def _standalone_html(text: str) -> bytes:
    """The HTML sheet as one portable file: the stylesheet inlined, and the bundled
    font (a file inside this installation, 8 MB) replaced by the viewer's own Chinese
    fonts, so the file names no local path and opens on any machine."""
    css = (_assets() / "sheet.css").read_text(encoding="utf-8")
    css = re.sub(r"@font-face\s*{[^}]*}", "", css)
    css = css.replace('"SheetCJK", sans-serif', _HTML_FONTS)
    text = text.replace(
        '<link rel="stylesheet" href="sheet.css">', "<style>\n" + css + "\n</style>"
    )
    return text.encode("utf-8")
