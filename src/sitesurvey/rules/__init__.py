"""Site checks: every rule of spec §2, decided from a :class:`~sitesurvey.survey.Survey`.

:func:`check_survey` sizes the heater from the manufacturer's table
(:func:`sitesurvey.size`), evaluates each rule of ``installation-spec.md`` §2 and
returns a :class:`SurveyResult`: one :class:`~sitesurvey.results.CheckResult` per rule,
in the order of the spec, and the :class:`~sitesurvey.results.Modification` objects the
failures require.

* A rule a measurement decides has basis ``"measurement"``; a missing measurement makes
  it ``not_checked`` (never ``pass``), and the message names the key to fill in.
* "Must" items (必需) fail when broken; "preferably" items (为宜 / 为佳: ``W-SOCKET-CEILING``,
  ``H-SHOWER-HEAD``) only warn.
* Items no measurement decides (:data:`~sitesurvey.survey.CONFIRMATION_RULES`) have basis
  ``"installer_confirmation"``: yes → pass, no → fail, not yet → not_checked.
* Every boundary is a :class:`~sitesurvey.results.Bound`, inclusive or strict as the
  source's words say ("大于2.5m" is strictly above 2.5 m; 15–20 cm includes both ends).

Tolerances the manual does not give are the project's choice, named here and repeated
in each result's message and source:

* ``H-HEIGHT``: the display within ±:data:`DISPLAY_TOLERANCE` (0.10 m) of the main
  user's eye height, taken as body height − :data:`EYE_BELOW_HEAD_TOP` (0.12 m); without
  a user height, 1.5 m ± 0.10 m (the manual's "通常高度以1.5米为准").
* ``H-SHOWER-ALIGN``: the shower head at most :data:`SHOWER_ALIGN_TOLERANCE` (0.05 m)
  from the heater's vertical axis.
* ``W-SOCKET-CEILING``: "close to the ceiling" read as at most
  :data:`SOCKET_CEILING_DISTANCE` (0.30 m) below it.
* ``H-SHOWER-HEAD``: 10–50 cm above the head of the *tallest* user.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sitesurvey.errors import OutOfRangeError, SurveyFileError
from sitesurvey.results import (
    FAIL,
    NOT_CHECKED,
    PASS,
    STATUSES,
    WARN,
    Bound,
    CheckResult,
    Modification,
    Text,
    Value,
    worst_status,
)
from sitesurvey.survey import Survey

if TYPE_CHECKING:
    from sitesurvey.engineering import EngineeringResult
    from sitesurvey.sizing import Note, SizingResult
    from sitesurvey.sizing.table import SpecTable

__all__ = [
    "DISPLAY_TOLERANCE",
    "EYE_BELOW_HEAD_TOP",
    "RULES",
    "SHOWER_ALIGN_TOLERANCE",
    "SOCKET_CEILING_DISTANCE",
    "Rule",
    "SurveyResult",
    "check_survey",
]

#: H-HEIGHT: eye height = body height − this [m] (project's choice).
EYE_BELOW_HEAD_TOP = 0.12
#: H-HEIGHT: allowed distance of the display from the eye height [m] (project's choice).
DISPLAY_TOLERANCE = 0.10
#: H-HEIGHT: the manual's general display height when no user height is known [m].
DEFAULT_DISPLAY_HEIGHT = 1.5
#: H-SHOWER-ALIGN: allowed horizontal offset of the shower head from the axis [m].
SHOWER_ALIGN_TOLERANCE = 0.05
#: W-SOCKET-CEILING: "close to the ceiling" = at most this far below it [m].
SOCKET_CEILING_DISTANCE = 0.30
#: H-SHOWER-HEAD: shower head this far above the tallest user's head [m] (manual).
SHOWER_ABOVE_HEAD = (0.10, 0.50)
#: W-HEIGHT: horizontal runs strictly above this height [m] (manual: 大于2.5m).
WIRING_MIN_HEIGHT = 2.5
#: W-SOCKET-OPENING: socket distance to a door frame or window edge [m] (manual: 15-20cm).
SOCKET_OPENING = (0.15, 0.20)

Basis = Literal["measurement", "installer_confirmation", "calculation"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of spec §2.

    Attributes
    ----------
    id : str
        The rule ID (``"W-HEIGHT"``).
    title, title_zh : str
        What the rule asks, in English and Chinese.
    source : str
        Source clause and words.
    basis : {"measurement", "installer_confirmation"}
        Whether a measurement or the installer's confirmation decides it.
    """

    id: str
    title: str
    title_zh: str
    source: str
    basis: Basis

    @property
    def family(self) -> str:
        return self.id.split("-", 1)[0]


def _rule(id_: str, title: str, title_zh: str, source: str, basis: Basis = "measurement"):
    return Rule(id_, title, title_zh, source, basis)


_C = "installer_confirmation"

#: Every rule of spec §2, in the spec's order.
RULES: tuple[Rule, ...] = (
    _rule(
        "E-WIRE",
        "Dedicated-line wire at least the table's cross-section",
        "专线电线截面不小于表中要求",
        "004 ch.5 §2 A 安装电路条件 (电线要求)",
    ),
    _rule(
        "E-BREAKER",
        "Air switch matches the table (rating and poles)",
        "空气开关符合表中要求(额定电流与极数)",
        "004 ch.5 §2 A 安装电路条件 (空气开关); installation-spec.md §2 E-BREAKER",
    ),
    _rule(
        "E-METER",
        "Meter Imax at least the table's, for its kind",
        "电表最大电流不小于表中同类电表",
        "004 ch.5 §2 A 安装电路条件 (电表要求: 磁卡电子表 / 机械表)",
    ),
    _rule(
        "E-DEDICATED",
        "Dedicated line from the indoor main switch",
        "从屋内总开关拉专线",
        "004 ch.5 §1 联络用户 (是否拉好专线); ch.2 §2 item 3 (屋内总开关处到热水器安装距离)",
    ),
    _rule(
        "E-EARTH",
        "Earth conductor present and well earthed",
        "地线良好接地",
        "004 ch.5 §3 C: 电器地线尤其注意要良好接地",
    ),
    _rule(
        "E-POLARITY",
        "Live, neutral and earth told apart; connected through a terminal block",
        "零火地线区分,用接线柱接线",
        "004 ch.5 §5 E: 注意零火线接地线区分,通常采取接线柱接线; §3 C: 需用我们专用接线柱",
        _C,
    ),
    _rule(
        "E-RCD",
        "Leakage protection (RCD) on the circuit",
        "线路有漏电保护(漏电开关)",
        "004 ch.5 §1 (漏电开关 in the materials list); §5 E: 注意防水防漏电保护 — "
        "interpretation: the project requires an RCD",
    ),
    _rule(
        "E-MAIN",
        "Main switch at least the total current of all appliances on together",
        "总开关电流不小于全部电器同时开启的总电流",
        "004 ch.5 §3 note: 总开关电流应等于用户家中全部电器一起开电流总数",
    ),
    _rule(
        "E-VOLTAGE",
        "Supply voltage within the normal range",
        "电源电压在正常范围内",
        "004 ch.2 §1 item 9(7): 超出正常电压范围(198V-242V)",
    ),
    _rule(
        "W-HEIGHT",
        "Horizontal wiring more than 2.5 m above the floor",
        "布线水平高度距地面大于2.5m",
        "004 ch.5 §3 A: 布线水平高度距地面大于2.5m",
    ),
    _rule(
        "W-SOCKET-ABOVE-SHOWER",
        "Socket higher than the shower head",
        "插座高于花洒",
        "004 ch.5 §3 A: 插座高于花洒",
    ),
    _rule(
        "W-SOCKET-CEILING",
        "Socket preferably close to the ceiling (advice)",
        "插座贴近天花板为宜(建议)",
        "004 ch.5 §3 A: 贴近天花板为宜 — 'close' = within 0.30 m, the project's choice",
    ),
    _rule(
        "W-SOCKET-OPENING",
        "Socket 15–20 cm from a door frame or window edge",
        "插座距门框、窗边15-20cm",
        "004 ch.5 §3 A: 插座距门框、窗边1520cm (read as 15–20 cm)",
    ),
    _rule(
        "W-ROUTE-AXES",
        "Runs horizontal or vertical",
        "线路横平竖直",
        "004 ch.5 §3 B: 线路走向必需横平竖直,和室内标准参考物成平行线",
    ),
    _rule(
        "W-ROUTE-DRY",
        "Route avoids damp places",
        "布线路径避开潮湿地方",
        "004 ch.5 §3 C: 布线路径避开潮湿地方",
    ),
    _rule(
        "W-FLUSH",
        "Lines and sockets flush; joints tight; insulation intact; crossings safe",
        "线路和插座紧贴墙面;接头紧密无裸露;绝缘完好;交叉安全",
        "004 ch.5 §3 C–E",
        _C,
    ),
    _rule(
        "C-MODEL",
        "Heater model checked against the purchase proof",
        "按购机凭证查对型号",
        "004 ch.5 §1 上门时: 查对型号方可安装",
        _C,
    ),
    _rule(
        "H-HEIGHT",
        "Display at the user's eye level (generally 1.5 m)",
        "显示器与使用者眼睛平视(通常1.5米)",
        "004 ch.5 §5 A: 高度为使用者眼睛平视显示器为标准,通常高度以1.5米为准 — "
        "tolerance ±0.10 m and eye height = body height − 0.12 m are the project's choice",
    ),
    _rule(
        "H-SHOWER-HEAD",
        "Shower head preferably 10–50 cm above the user's head (advice)",
        "花洒高于头顶10-50cm为佳(建议)",
        "004 ch.5 §5 A: 花洒高于头顶10-50CM为佳 — the tallest user's head",
    ),
    _rule(
        "H-SHOWER-ALIGN",
        "Shower head on the heater's axis",
        "花洒与机器对称",
        "004 ch.5 §5 A: 花洒定位要和机器对称 — tolerance 0.05 m is the project's choice",
    ),
    _rule(
        "H-LEVEL",
        "Heater level and plumb, fixed at three points",
        "机器横平竖直,三点固定",
        "004 ch.5 §5 A: 确保机器做到横平竖直 … 把机器固定在三个点位置",
        _C,
    ),
    _rule(
        "H-DRILL",
        "Drilling points checked and marked with dimensions for the customer to sign",
        "钻孔位置确认并标明尺寸,由用户署名确定",
        "004 ch.5 §5 A–B: 钻孔位置确定后让用户在安装单上标明尺寸处署名确定",
        _C,
    ),
    _rule(
        "H-PIPES",
        "Pipe joints firm and leak-free, clamped flush, parallel, cut to length",
        "管件牢靠无漏水,卡环紧贴墙面,横平竖直,过长水管割断",
        "004 ch.5 §5 D",
        _C,
    ),
    _rule(
        "U-ORIGINAL-SHOWER",
        "Customer told the supplied shower head must be used",
        "告知用户必需使用随机原配花洒",
        "004 ch.2 §1 item 6: 必需使用随机原配花洒,不然造成一切问题由使用者自己负担",
        _C,
    ),
    _rule(
        "P-PRESSURE",
        "Water pressure within the table's range",
        "水压在适用范围内",
        "004 ch.5 §2 A 安装电路条件 (适用水压 0.05MPa 0.75MPa, read as inclusive)",
    ),
    _rule(
        "U-BATH",
        "Bathtub use and special needs recorded and explained in advance",
        "是否使用浴缸及特殊要求已记录并事先说明",
        "004 ch.5 §2 B: 是否使用浴缸,水量及水温是否有特殊要求,有特殊情况必需事先向用户说明",
        _C,
    ),
    _rule(
        "U-MIXER",
        "Mixing valve made ineffective where possible; customer told to run it full hot",
        "尽可能让混水阀失去作用;告知用户直接开到热水端",
        "004 ch.5 §2 C: 尽可能让混水阀失去作用",
        _C,
    ),
    _rule(
        "U-SHUTDOWN",
        "Customer told: power off first, let the hot water run out, then close the water",
        "告知用户:先关电,等热水排完后再关水",
        "004 ch.5 §2 C: 提议使用完后,先关电,等热水排完后再关水",
        _C,
    ),
    _rule(
        "C-PLAN",
        "Fee schedule shown, work plan agreed, packing list checked with the customer",
        "出示收费手册,商定工作方案,与用户一起清点配件",
        "004 ch.4 §4 (4); ch.5 §5 A; seed 002",
        _C,
    ),
    _rule(
        "C-TRIAL",
        "Trial run of at least 10 minutes; customer can operate the heater",
        "通电通水试机十分钟,确保用户能够操作",
        "004 ch.5 §5 G: 通电通水试机十分钟,并向用户讲解使用方法",
        _C,
    ),
    _rule(
        "C-SIGN",
        "Work order filled in and signed by the customer; warranty card filled in",
        "填写工作单由用户署名,填写保修卡",
        "004 ch.5 §5 H; seed 000 (不准代替客户签名); seed 001 5.2.3.1.5",
        _C,
    ),
)

_BY_ID = {rule.id: rule for rule in RULES}

#: Rule families, in the spec's order, with their names.
FAMILIES: dict[str, tuple[str, str]] = {
    "E": ("Electrical supply", "电源"),
    "W": ("Dedicated-line wiring", "专线布线"),
    "H": ("Heater, shower and pipes", "热水器、花洒与水管"),
    "P": ("Water pressure", "水压"),
    "U": ("Use", "使用"),
    "C": ("Commissioning and handover", "调试与交付"),
    "ENG": ("Engineering cross-check", "工程校核"),
}


# ----------------------------------------------------------------------------- result


@dataclass(frozen=True)
class SurveyResult:
    """The verdict for one survey.

    Attributes
    ----------
    results : tuple of CheckResult
        One per rule of spec §2 (:data:`RULES`), in the spec's order.
    modifications : tuple of Modification
        What must change before installation, each with the consent it needs.
    sizing : SizingResult
        The table's answer for the heater (:func:`sitesurvey.size`).
    engineering : EngineeringResult or None
        The engineering cross-check (spec §3) of the table answer on this site; ``None``
        when the survey records no route condition (see ``notes``).
    engineering_results : tuple of CheckResult
        The existing circuit against the engineering recommendation: ``ENG-SITE-WIRE``,
        ``ENG-SITE-BREAKER``, ``ENG-SITE-METER`` (basis ``calculation``). A failure
        among them fails the survey, like a failing rule.
    notes : tuple of Note
        Remarks on how the check ran (``ENG-NOT-RUN``, ``ENG-VOLTAGE-IGNORED``).
    """

    results: tuple[CheckResult, ...]
    modifications: tuple[Modification, ...]
    sizing: SizingResult
    engineering: EngineeringResult | None = None
    engineering_results: tuple[CheckResult, ...] = ()
    notes: tuple[Note, ...] = ()

    def result(self, rule: str) -> CheckResult:
        """The result of one rule (``result("W-HEIGHT")``)."""
        for item in (*self.results, *self.engineering_results):
            if item.rule == rule:
                return item
        raise KeyError(rule)

    @property
    def status(self) -> str:
        """The worst status of all results (``fail`` > ``warn`` > ``not_checked`` > ``pass``)."""
        return worst_status((*self.results, *self.engineering_results))

    @property
    def failed(self) -> bool:
        """Whether any rule or engineering check fails (``sitesurvey check`` exits 1)."""
        return self.status == FAIL

    def counts(self) -> dict[str, int]:
        """Number of results per status."""
        everything = (*self.results, *self.engineering_results)
        return {s: sum(1 for r in everything if r.status == s) for s in STATUSES}

    def to_dict(self) -> dict[str, Any]:
        """JSON data: ``{"status", "counts", "results", "modifications", "sizing",
        "engineering", "notes"}``; quantities as ``{"value", "unit"}``. ``results``
        holds the rules of spec §2, then the ``ENG-SITE-*`` results."""
        engineering = None if self.engineering is None else self.engineering.to_dict()
        return {
            "status": self.status,
            "counts": self.counts(),
            "results": [r.to_dict() for r in (*self.results, *self.engineering_results)],
            "modifications": [m.to_dict() for m in self.modifications],
            "sizing": self.sizing.to_dict(),
            "engineering": engineering,
            "notes": [n.to_dict() for n in self.notes],
        }


# ----------------------------------------------------------------------------- helpers


def _n(x: float) -> str:
    return f"{x:.4g}"


def _bound(unit: str, low: float | None = None, high: float | None = None, **kw) -> Bound:
    """A Bound whose computed limits are rounded like the survey's values (12 digits)."""

    def r(v: float | None) -> float | None:
        return None if v is None else float(f"{v:.12g}")

    return Bound(unit, r(low), r(high), **kw)


def _result(
    rule: str,
    status: str,
    message: str,
    message_zh: str,
    measured: Value | str | None = None,
    required: Bound | str | None = None,
    *,
    source: str | None = None,
) -> CheckResult:
    info = _BY_ID[rule]
    return CheckResult(
        rule=rule,
        status=status,  # type: ignore[arg-type]
        message=message,
        message_zh=message_zh,
        source=source or info.source,
        measured=_bilingual(measured),
        required=_bilingual(required),
        basis=info.basis,
    )


#: The words results carry as measured or required values, in both languages. A value in
#: words must be listed here (or built as a Text), so no result is English-only.
WORDS: dict[str, str] = {
    "yes": "是",
    "no": "否",
    "not yet": "尚未",
    "good": "良好",
    "poor": "不良",
    "absent": "无",
    "no horizontal runs": "无水平段",
    "no damp run": "无潮湿段",
    "no mixing valve": "无混水阀",
    "every run horizontal or vertical": "全部横平竖直",
    "no run through a damp place": "不经过潮湿地方",
}


def _bilingual(value: Any) -> Any:
    """Plain English words become a :class:`Text` with their Chinese."""
    if isinstance(value, str):
        return Text(value, WORDS[value])
    return value


def _missing(
    rule: str,
    *paths: str,
    required: Bound | str | None = None,
    measured: Value | str | None = None,
    source: str | None = None,
) -> CheckResult:
    """``not_checked``: the message names the keys to fill in."""
    keys = ", ".join(paths)
    return _result(
        rule,
        NOT_CHECKED,
        f"Not checked: {keys} not recorded in the survey.",
        f"未检查:调查表中未记录 {keys}。",
        measured,
        required,
        source=source,
    )


def _m(x: float) -> str:
    return f"{x:.4g} m"


def _cm(x: float) -> str:
    return f"{x * 100:.3g} cm"


# -------------------------------------------------------------------- electrical rules


def _e_wire(survey: Survey, sizing: SizingResult) -> CheckResult:
    table = sizing.row.wire
    required = _bound("mm²", low=table)
    line = survey.site.dedicated_line
    if line.present is False:
        return _result(
            "E-WIRE",
            NOT_CHECKED,
            f"No existing dedicated line to check (see E-DEDICATED); the new line takes "
            f"{table:g} mm² copper.",
            f"现无专线可查(见 E-DEDICATED);新拉专线用 {table:g}mm² 铜线。",
            required=required,
        )
    if line.wire is None:
        return _missing("E-WIRE", "site.dedicated_line.wire", required=required)
    ok = required.contains(line.wire)
    power = f"{sizing.row.power:g} W"
    if ok:
        message = (
            f"Dedicated-line wire {line.wire:g} mm² ≥ {table:g} mm², the table's wire for {power}."
        )
        message_zh = f"专线电线 {line.wire:g}mm² ≥ 表中 {power} 的 {table:g}mm²。"
    else:
        message = (
            f"Dedicated-line wire {line.wire:g} mm² is thinner than the table's {table:g} mm² "
            f"for {power}: the line must be replaced."
        )
        message_zh = f"专线电线 {line.wire:g}mm² 小于表中 {power} 要求的 {table:g}mm²,须更换。"
    return _result(
        "E-WIRE",
        PASS if ok else FAIL,
        message,
        message_zh,
        Value(line.wire, "mm²"),
        required,
    )


def _e_breaker(survey: Survey, sizing: SizingResult) -> CheckResult:
    table = sizing.row.breaker
    ib = sizing.design_current
    required = _bound("A", low=ib, high=table.rating)
    reading = survey.site.breaker
    if reading.rating is None:
        return _missing("E-BREAKER", "site.breaker.rating", required=required)
    rating = reading.rating
    en: list[str] = []
    zh: list[str] = []
    status = PASS
    if not required.contains(rating):
        status = FAIL
        if rating > table.rating:
            en.append(
                f"Air switch {rating:g} A is larger than the table's {table.rating:g} A: it may "
                "not protect the wire."
            )
            zh.append(f"空开 {rating:g}A 大于表中 {table.rating:g}A,可能保护不了电线。")
        else:
            en.append(
                f"Air switch {rating:g} A is below the design current {ib:.1f} A "
                f"({sizing.power:g} W at {sizing.supply.voltage:g} V): it would trip in normal use."
            )
            zh.append(f"空开 {rating:g}A 小于设计电流 {ib:.1f}A,正常使用会跳闸。")
        if table.rating < ib:
            en.append(
                f"The table's own {table.rating:g} A is below the design current too: no "
                "rating meets both; report to the company (004 ch.5 §3) and see the "
                "engineering check."
            )
            zh.append(
                f"表中 {table.rating:g}A 本身也小于设计电流,无规格能同时满足;"
                "须打电话回企业汇报(004 第五章 §3),并见工程校核。"
            )
    elif rating < table.rating:
        status = WARN
        en.append(
            f"Air switch {rating:g} A is smaller than the table's {table.rating:g} A but not "
            f"below the design current {ib:.1f} A: safe for the wire, may trip at the top of "
            "the supply range."
        )
        zh.append(
            f"空开 {rating:g}A 小于表中 {table.rating:g}A,但不小于设计电流 {ib:.1f}A:"
            "对电线安全,电压偏高时可能跳闸。"
        )
    else:
        en.append(f"Air switch {rating:g} A equals the table's {table.rating:g} A.")
        zh.append(f"空开 {rating:g}A 与表中 {table.rating:g}A 相同。")
    if reading.poles is None:
        if status != FAIL:
            status = NOT_CHECKED
        en.append("Poles not recorded (site.breaker.poles).")
        zh.append("未记录极数(site.breaker.poles)。")
    elif reading.poles != table.poles:
        status = FAIL
        en.append(f"It is {reading.poles}-pole; the table asks for {table.poles}-pole.")
        zh.append(f"极数为 {reading.poles} 极,表中要求 {table.poles} 极。")
    else:
        en.append(f"{reading.poles}-pole as the table asks.")
        zh.append(f"{reading.poles} 极,符合表中要求。")
    return _result(
        "E-BREAKER",
        status,
        " ".join(en),
        "".join(zh),
        Value(rating, "A"),
        required,
    )


def _table_meter(sizing: SizingResult, kind: str):
    row = sizing.row
    return row.electronic_meter if kind == "electronic" else row.mechanical_meter


_KIND_WORDS = {
    "electronic": ("IC-card electronic", "磁卡电子表"),
    "mechanical": ("mechanical", "机械表"),
}


def _e_meter(survey: Survey, sizing: SizingResult) -> CheckResult:
    meter = survey.site.meter
    if meter.max is None:
        return _missing("E-METER", "site.meter.marking")
    if meter.kind is None:
        return _missing("E-METER", "site.meter.kind")
    table = _table_meter(sizing, meter.kind)
    word, word_zh = _KIND_WORDS[meter.kind]
    title = word[0].upper() + word[1:]
    required = _bound("A", low=table.max)
    ok = required.contains(meter.max)
    phases_ok = (meter.phases or 1) >= sizing.supply.phases
    if ok and phases_ok:
        message = (
            f"{title} meter {meter.marking}: Imax {meter.max:g} A ≥ {table.max:g} A "
            f"of the table's {table.marking}."
        )
        message_zh = (
            f"{word_zh} {meter.marking}:最大电流 {meter.max:g}A ≥ 表中 {table.marking} 的 "
            f"{table.max:g}A。"
        )
    else:
        parts, parts_zh = [], []
        if not ok:
            parts.append(
                f"{title} meter {meter.marking}: Imax {meter.max:g} A is below "
                f"{table.max:g} A of the table's {table.marking}."
            )
            parts_zh.append(
                f"{word_zh} {meter.marking}:最大电流 {meter.max:g}A 小于表中 {table.marking} 的 "
                f"{table.max:g}A。"
            )
        if not phases_ok:
            parts.append(
                f"A single-phase meter cannot supply the three-phase heater ({table.marking})."
            )
            parts_zh.append(f"单相电表不能供三相热水器(应为 {table.marking})。")
        parts.append("Changing the meter needs the customer's consent and signature.")
        parts_zh.append("更换电表须征得用户同意并签名。")
        message, message_zh = " ".join(parts), "".join(parts_zh)
    return _result(
        "E-METER",
        PASS if ok and phases_ok else FAIL,
        message,
        message_zh,
        Value(meter.max, "A"),
        required,
    )


def _e_dedicated(survey: Survey, sizing: SizingResult) -> CheckResult:
    present = survey.site.dedicated_line.present
    if present is None:
        return _missing("E-DEDICATED", "site.dedicated_line.present", required="yes")
    if present:
        return _result(
            "E-DEDICATED",
            PASS,
            "The heater has its own dedicated line from the indoor main switch.",
            "热水器已有从屋内总开关引出的专线。",
            "yes",
            "yes",
        )
    return _result(
        "E-DEDICATED",
        FAIL,
        "No dedicated line from the indoor main switch: one must be run "
        f"({sizing.row.wire:g} mm² copper).",
        f"没有从屋内总开关引出的专线,须新拉专线({sizing.row.wire:g}mm² 铜线)。",
        "no",
        "yes",
    )


def _e_earth(survey: Survey, sizing: SizingResult) -> CheckResult:
    earth = survey.site.earth
    if earth is None:
        return _missing("E-EARTH", "site.earth", required="good")
    if earth == "good":
        return _result(
            "E-EARTH",
            PASS,
            "The earth conductor is present and well earthed.",
            "地线良好接地。",
            earth,
            "good",
        )
    words = {"poor": ("is poorly earthed", "接地不良"), "absent": ("is missing", "没有地线")}
    en, zh = words[earth]
    return _result(
        "E-EARTH",
        FAIL,
        f"The earth conductor {en}: it must be connected and well earthed before installing.",
        f"{zh},安装前须接好地线并良好接地。",
        earth,
        "good",
    )


def _e_rcd(survey: Survey, sizing: SizingResult) -> CheckResult:
    rcd = survey.site.rcd
    if rcd is None:
        return _missing("E-RCD", "site.rcd", required="yes")
    note = " (The project requires an RCD: an interpretation of the manual.)"
    note_zh = "(本项目要求装漏电开关,系对手册的解释。)"
    if rcd:
        return _result(
            "E-RCD",
            PASS,
            "The heater circuit has an RCD." + note,
            "热水器线路有漏电开关。" + note_zh,
            "yes",
            "yes",
        )
    return _result(
        "E-RCD",
        FAIL,
        "The heater circuit has no RCD: one must be added." + note,
        "热水器线路没有漏电开关,须加装。" + note_zh,
        "no",
        "yes",
    )


def _e_main(survey: Survey, sizing: SizingResult) -> CheckResult:
    site = survey.site
    missing = []
    if site.main_switch.rating is None:
        missing.append("site.main_switch.rating")
    if site.appliances is None:
        missing.append("site.appliances")
    if missing:
        return _missing("E-MAIN", *missing)
    from sitesurvey.engineering import main_switch_check

    return main_switch_check(
        site.main_switch.rating,
        survey.heater.power,
        [a.power for a in site.appliances],  # type: ignore[union-attr]
        voltage=sizing.supply.voltage,
        phases=sizing.supply.phases,
        appliance_phases=[a.phase for a in site.appliances],  # type: ignore[union-attr]
    )


def _e_voltage(survey: Survey, sizing: SizingResult) -> CheckResult:
    supply = sizing.supply
    required = _bound("V", supply.min_voltage, supply.max_voltage)
    source = f"{supply.range_source} — the {supply.voltage:g} V supply's normal range"
    voltage = survey.site.supply_voltage
    if voltage is None:
        return _missing("E-VOLTAGE", "site.supply_voltage", required=required, source=source)
    ok = required.contains(voltage)
    if ok:
        message = f"Supply {voltage:g} V is within the normal range {required.text}."
        message_zh = f"电源电压 {voltage:g}V 在正常范围 {required.text} 内。"
    else:
        message = (
            f"Supply {voltage:g} V is outside the normal range {required.text}: damage from such "
            "a supply is not covered by the warranty. This is not changed on site: report to "
            "the company (004 ch.5 §3) and ask the power utility before installing."
        )
        message_zh = (
            f"电源电压 {voltage:g}V 超出正常范围 {required.text},由此造成的损坏不在保修范围内。"
            "现场无法改动:须打电话回企业汇报,并请供电部门处理后再安装。"
        )
    return _result(
        "E-VOLTAGE",
        PASS if ok else FAIL,
        message,
        message_zh,
        Value(voltage, "V"),
        required,
        source=source,
    )


# ----------------------------------------------------------------------- wiring rules


def _runs(survey: Survey):
    return survey.site.wiring.runs


def _run_list(indices: list[int]) -> str:
    return ", ".join(f"run {i}" for i in indices)


def _w_height(survey: Survey, sizing: SizingResult) -> CheckResult:
    required = _bound("m", low=WIRING_MIN_HEIGHT, low_inclusive=False)
    runs = _runs(survey)
    if not runs:
        return _missing("W-HEIGHT", "site.wiring.runs", required=required)
    horizontal = [(i, r) for i, r in enumerate(runs, 1) if r.orientation == "horizontal"]
    unknown_orientation = [i for i, r in enumerate(runs, 1) if r.orientation is None]
    low = [
        (i, r) for i, r in horizontal if r.height is not None and not required.contains(r.height)
    ]
    no_height = [i for i, r in horizontal if r.height is None]
    heights = [r.height for _, r in horizontal if r.height is not None]
    measured = Value(min(heights), "m") if heights else None
    if low:
        where = ", ".join(f"run {i} at {_m(r.height)}" for i, r in low)  # type: ignore[arg-type]
        where_zh = "、".join(f"第 {i} 段 {_m(r.height)}" for i, r in low)  # type: ignore[arg-type]
        return _result(
            "W-HEIGHT",
            FAIL,
            f"Horizontal wiring must run more than 2.5 m above the floor; {where}.",
            f"布线水平高度须大于2.5m;{where_zh}。",
            measured,
            required,
        )
    if no_height or unknown_orientation:
        keys = [f"site.wiring.runs[{i}].height" for i in no_height]
        keys += [f"site.wiring.runs[{i}].orientation" for i in unknown_orientation]
        return _missing("W-HEIGHT", *keys, required=required, measured=measured)
    if not horizontal:
        return _result(
            "W-HEIGHT",
            PASS,
            "The route has no horizontal runs.",
            "线路没有水平段。",
            "no horizontal runs",
            required,
        )
    return _result(
        "W-HEIGHT",
        PASS,
        f"Every horizontal run is more than 2.5 m above the floor (lowest {_m(min(heights))}).",
        f"全部水平段距地面大于2.5m(最低 {_m(min(heights))})。",
        measured,
        required,
    )


def _w_route_axes(survey: Survey, sizing: SizingResult) -> CheckResult:
    required = "every run horizontal or vertical"
    runs = _runs(survey)
    if not runs:
        return _missing("W-ROUTE-AXES", "site.wiring.runs", required=required)
    slanted = [i for i, r in enumerate(runs, 1) if r.orientation == "other"]
    unknown = [i for i, r in enumerate(runs, 1) if r.orientation is None]
    counts = {
        o: sum(1 for r in runs if r.orientation == o) for o in ("horizontal", "vertical", "other")
    }
    orientation_zh = {"horizontal": "水平", "vertical": "竖直", "other": "斜向"}
    measured_text = Text(
        ", ".join(f"{n} {o}" for o, n in counts.items() if n),
        ",".join(f"{n}段{orientation_zh[o]}" for o, n in counts.items() if n),
    )
    measured = measured_text if measured_text.en else None
    if slanted:
        return _result(
            "W-ROUTE-AXES",
            FAIL,
            f"Runs must be horizontal or vertical, parallel to the room's lines; "
            f"{_run_list(slanted)} {'is' if len(slanted) == 1 else 'are'} neither.",
            "线路走向须横平竖直;第 " + "、".join(map(str, slanted)) + " 段不是。",
            measured,
            required,
        )
    if unknown:
        keys = (f"site.wiring.runs[{i}].orientation" for i in unknown)
        return _missing("W-ROUTE-AXES", *keys, required=required, measured=measured)
    return _result(
        "W-ROUTE-AXES",
        PASS,
        f"Every run is horizontal or vertical ({measured_text.en}).",
        "全部线路横平竖直。",
        measured,
        required,
    )


def _w_route_dry(survey: Survey, sizing: SizingResult) -> CheckResult:
    required = "no run through a damp place"
    runs = _runs(survey)
    if not runs:
        return _missing("W-ROUTE-DRY", "site.wiring.runs", required=required)
    damp = [i for i, r in enumerate(runs, 1) if r.damp is True]
    unknown = [i for i, r in enumerate(runs, 1) if r.damp is None]
    if damp:
        return _result(
            "W-ROUTE-DRY",
            FAIL,
            f"The route must avoid damp places; {_run_list(damp)} "
            f"{'passes' if len(damp) == 1 else 'pass'} one.",
            "布线路径须避开潮湿地方;第 " + "、".join(map(str, damp)) + " 段经过潮湿处。",
            Text(f"{len(damp)} damp run(s)", f"{len(damp)}段潮湿"),
            required,
        )
    if unknown:
        keys = (f"site.wiring.runs[{i}].damp" for i in unknown)
        return _missing("W-ROUTE-DRY", *keys, required=required)
    return _result(
        "W-ROUTE-DRY",
        PASS,
        "No run passes a damp place.",
        "线路不经过潮湿地方。",
        "no damp run",
        required,
    )


def _w_socket_above_shower(survey: Survey, sizing: SizingResult) -> CheckResult:
    socket = survey.site.socket.height
    head = survey.site.shower.head_height
    if head is None:
        return _missing(
            "W-SOCKET-ABOVE-SHOWER",
            "site.shower.head_height",
            *(["site.socket.height"] if socket is None else []),
        )
    required = _bound("m", low=head, low_inclusive=False)
    if socket is None:
        return _missing("W-SOCKET-ABOVE-SHOWER", "site.socket.height", required=required)
    ok = required.contains(socket)
    if ok:
        message = f"Socket at {_m(socket)} is higher than the shower head at {_m(head)}."
        message_zh = f"插座高度 {_m(socket)},高于花洒 {_m(head)}。"
    else:
        message = (
            f"Socket at {_m(socket)} must be higher than the shower head at {_m(head)}; "
            "move the socket up."
        )
        message_zh = f"插座高度 {_m(socket)},须高于花洒 {_m(head)};须上移插座。"
    return _result(
        "W-SOCKET-ABOVE-SHOWER",
        PASS if ok else FAIL,
        message,
        message_zh,
        Value(socket, "m"),
        required,
    )


def _w_socket_ceiling(survey: Survey, sizing: SizingResult) -> CheckResult:
    socket = survey.site.socket.height
    ceiling = survey.site.ceiling_height
    missing = [
        p
        for p, v in (("site.socket.height", socket), ("site.ceiling_height", ceiling))
        if v is None
    ]
    if missing:
        return _missing("W-SOCKET-CEILING", *missing)
    required = _bound("m", low=ceiling - SOCKET_CEILING_DISTANCE)  # type: ignore[operator]
    ok = required.contains(socket)  # type: ignore[arg-type]
    gap = ceiling - socket  # type: ignore[operator]
    if ok:
        message = (
            f"Socket {_cm(gap)} below the ceiling: close to it, as advised "
            f"(within {_cm(SOCKET_CEILING_DISTANCE)}, the project's reading of 贴近)."
        )
        message_zh = (
            f"插座距天花板 {_cm(gap)},贴近天花板(本项目按 {_cm(SOCKET_CEILING_DISTANCE)} 以内)。"
        )
    else:
        message = (
            f"Socket {_cm(gap)} below the ceiling: the manual advises close to the ceiling "
            f"(within {_cm(SOCKET_CEILING_DISTANCE)}, the project's reading). Advice only."
        )
        message_zh = (
            f"插座距天花板 {_cm(gap)};手册建议贴近天花板(本项目按 "
            f"{_cm(SOCKET_CEILING_DISTANCE)} 以内)。仅为建议。"
        )
    return _result(
        "W-SOCKET-CEILING",
        PASS if ok else WARN,
        message,
        message_zh,
        Value(socket, "m"),
        required,  # type: ignore[arg-type]
    )


def _w_socket_opening(survey: Survey, sizing: SizingResult) -> CheckResult:
    required = _bound("m", *SOCKET_OPENING)
    distance = survey.site.socket.distance_to_opening
    if distance is None:
        return _missing("W-SOCKET-OPENING", "site.socket.distance_to_opening", required=required)
    ok = required.contains(distance)
    if ok:
        message = f"Socket {_cm(distance)} from the nearest door frame or window edge (15–20 cm)."
        message_zh = f"插座距门框、窗边 {_cm(distance)}(15-20cm)。"
    else:
        side = "close" if distance < SOCKET_OPENING[0] else "far"
        message = (
            f"Socket {_cm(distance)} from the nearest door frame or window edge: too {side} "
            "— it must be 15–20 cm."
        )
        message_zh = f"插座距门框、窗边 {_cm(distance)},须为 15-20cm。"
    return _result(
        "W-SOCKET-OPENING",
        PASS if ok else FAIL,
        message,
        message_zh,
        Value(distance, "m"),
        required,
    )


# --------------------------------------------------------------- heater and shower rules


def _h_height(survey: Survey, sizing: SizingResult) -> CheckResult:
    user = survey.usage.main_user_height
    if user is None:
        target = DEFAULT_DISPLAY_HEIGHT
        basis_en = f"no user height recorded: the manual's general {_m(target)}"
        basis_zh = f"未记录使用者身高,按手册通常高度 {_m(target)}"
    else:
        target = user - EYE_BELOW_HEAD_TOP
        basis_en = (
            f"the main user's eye height ≈ {_m(user)} − {_m(EYE_BELOW_HEAD_TOP)} = {_m(target)}"
        )
        basis_zh = f"主要使用者眼睛高度 ≈ {_m(user)} − {_m(EYE_BELOW_HEAD_TOP)} = {_m(target)}"
    required = _bound("m", target - DISPLAY_TOLERANCE, target + DISPLAY_TOLERANCE)
    display = survey.site.display_height
    if display is None:
        return _missing("H-HEIGHT", "site.heater.display_height", required=required)
    ok = required.contains(display)
    tolerance = f"±{_cm(DISPLAY_TOLERANCE)}, the project's tolerance"
    if ok:
        message = f"Display at {_m(display)}, at eye level: {basis_en} ({tolerance})."
        message_zh = (
            f"显示器高度 {_m(display)},与眼睛平视:{basis_zh}"
            f"(±{_cm(DISPLAY_TOLERANCE)},本项目容差)。"
        )
    else:
        message = (
            f"Display at {_m(display)} is not at eye level: {basis_en}; required "
            f"{required.text} ({tolerance})."
        )
        message_zh = (
            f"显示器高度 {_m(display)},未与眼睛平视:{basis_zh};要求 {required.text}"
            f"(±{_cm(DISPLAY_TOLERANCE)},本项目容差)。"
        )
    return _result(
        "H-HEIGHT", PASS if ok else FAIL, message, message_zh, Value(display, "m"), required
    )


def _h_shower_head(survey: Survey, sizing: SizingResult) -> CheckResult:
    tallest = survey.usage.tallest_user_height
    head = survey.site.shower.head_height
    missing = [
        p
        for p, v in (("site.shower.head_height", head), ("usage.user_heights", tallest))
        if v is None
    ]
    if missing:
        return _missing("H-SHOWER-HEAD", *missing)
    low, high = SHOWER_ABOVE_HEAD
    required = _bound("m", tallest + low, tallest + high)  # type: ignore[operator]
    ok = required.contains(head)  # type: ignore[arg-type]
    above = head - tallest  # type: ignore[operator]
    if ok:
        message = (
            f"Shower head at {_m(head)}, {_cm(above)} above the tallest user's head "  # type: ignore[arg-type]
            f"({_m(tallest)}): within 10–50 cm."  # type: ignore[arg-type]
        )
        message_zh = (
            f"花洒高度 {_m(head)},高于最高使用者头顶({_m(tallest)}){_cm(above)},在10-50cm内。"  # type: ignore[arg-type]
        )
    else:
        message = (
            f"Shower head at {_m(head)} is {_cm(above)} above the tallest user's head "  # type: ignore[arg-type]
            f"({_m(tallest)}); 10–50 cm is advised ({required.text}). Advice only."  # type: ignore[arg-type]
        )
        message_zh = (
            f"花洒高度 {_m(head)},高于最高使用者头顶({_m(tallest)}){_cm(above)};"  # type: ignore[arg-type]
            f"建议10-50cm({required.text})。仅为建议。"
        )
    return _result(
        "H-SHOWER-HEAD",
        PASS if ok else WARN,
        message,
        message_zh,
        Value(head, "m"),
        required,  # type: ignore[arg-type]
    )


def _h_shower_align(survey: Survey, sizing: SizingResult) -> CheckResult:
    required = _bound("m", high=SHOWER_ALIGN_TOLERANCE)
    offset = survey.site.shower.offset_from_axis
    if offset is None:
        return _missing("H-SHOWER-ALIGN", "site.shower.offset_from_axis", required=required)
    ok = required.contains(offset)
    tol = f"at most {_cm(SHOWER_ALIGN_TOLERANCE)}, the project's tolerance"
    if ok:
        message = f"Shower head {_cm(offset)} from the heater's axis: symmetric ({tol})."
        message_zh = (
            f"花洒偏离机器中轴 {_cm(offset)},与机器对称(本项目容差 {_cm(SHOWER_ALIGN_TOLERANCE)})。"
        )
    else:
        message = (
            f"Shower head {_cm(offset)} from the heater's axis: not symmetric to the heater "
            f"({tol})."
        )
        message_zh = (
            f"花洒偏离机器中轴 {_cm(offset)},未与机器对称"
            f"(本项目容差 {_cm(SHOWER_ALIGN_TOLERANCE)})。"
        )
    return _result(
        "H-SHOWER-ALIGN", PASS if ok else FAIL, message, message_zh, Value(offset, "m"), required
    )


def _p_pressure(survey: Survey, sizing: SizingResult) -> CheckResult:
    rng = sizing.row.water_pressure
    required = _bound("MPa", rng.min, rng.max)
    pressure = survey.site.water_pressure
    if pressure is None:
        return _missing("P-PRESSURE", "site.water_pressure", required=required)
    ok = required.contains(pressure)
    if ok:
        message = f"Water pressure {pressure:g} MPa is within {required.text}."
        message_zh = f"水压 {pressure:g}MPa 在 {required.text} 内。"
    else:
        side = "below" if pressure < rng.min else "above"
        side_zh = "低于" if pressure < rng.min else "高于"
        message = f"Water pressure {pressure:g} MPa is {side} the heater's range {required.text}."
        message_zh = f"水压 {pressure:g}MPa {side_zh}适用范围 {required.text}。"
    return _result(
        "P-PRESSURE", PASS if ok else FAIL, message, message_zh, Value(pressure, "MPa"), required
    )


# ------------------------------------------------------------- installer confirmations

_ANSWER_TEXT = {"yes": ("yes", "是"), "no": ("no", "否"), "not_yet": ("not yet", "尚未")}


def _confirmation(survey: Survey, rule: str, extra: str = "", extra_zh: str = "") -> CheckResult:
    info = _BY_ID[rule]
    answer = survey.confirmations.get(rule)
    status = {"yes": PASS, "no": FAIL, "not_yet": NOT_CHECKED}[answer]
    answer_text = Text(*_ANSWER_TEXT[answer])
    if answer == "yes":
        message = f"Installer confirms: {info.title}{extra}."
        message_zh = f"安装人员确认:{info.title_zh}{extra_zh}。"
    elif answer == "no":
        message = f"Installer reports NOT done: {info.title}{extra}."
        message_zh = f"安装人员确认未做到:{info.title_zh}{extra_zh}。"
    else:
        message = f"Not confirmed yet (confirmations.{rule}): {info.title}{extra}."
        message_zh = f"尚未确认(confirmations.{rule}):{info.title_zh}{extra_zh}。"
    return _result(rule, status, message, message_zh, answer_text, "yes")


def _u_mixer(survey: Survey, sizing: SizingResult) -> CheckResult:
    if survey.usage.mixing_valve is False:
        return _result(
            "U-MIXER",
            PASS,
            "No mixing valve is fitted: nothing to make ineffective.",
            "未装混水阀,无需处理。",
            "no mixing valve",
            "yes",
        )
    return _confirmation(survey, "U-MIXER")


def _u_bath(survey: Survey, sizing: SizingResult) -> CheckResult:
    usage = survey.usage
    if usage.bathtub is None and survey.confirmations.get("U-BATH") != "no":
        return _missing("U-BATH", "usage.bathtub", required="yes")
    tub = ("bathtub used", "使用浴缸") if usage.bathtub else ("no bathtub", "不用浴缸")
    if usage.bathtub is None:
        tub = ("bathtub use not recorded", "未记录是否使用浴缸")
    needs = f"; special needs: {usage.special_needs}" if usage.special_needs else ""
    needs_zh = f";特殊要求:{usage.special_needs}" if usage.special_needs else ""
    return _confirmation(survey, "U-BATH", f" ({tub[0]}{needs})", f"({tub[1]}{needs_zh})")


def _h_drill(survey: Survey, sizing: SizingResult) -> CheckResult:
    result = _confirmation(survey, "H-DRILL")
    if result.status == PASS and not survey.drilling:
        return _result(
            "H-DRILL",
            NOT_CHECKED,
            "Confirmed, but the three drilling points are not recorded (drilling.points): "
            "the sheet needs them for the customer to sign.",
            "已确认,但未记录三个钻孔位置(drilling.points):安装单须标明尺寸由用户署名。",
            result.measured,
            "yes",
        )
    return result


def _c_model(survey: Survey, sizing: SizingResult) -> CheckResult:
    return _confirmation(
        survey, "C-MODEL", f" (model {survey.heater.model})", f"(型号 {survey.heater.model})"
    )


_SPECIAL = {"U-MIXER": _u_mixer, "U-BATH": _u_bath, "H-DRILL": _h_drill, "C-MODEL": _c_model}

_MEASURED = {
    "E-WIRE": _e_wire,
    "E-BREAKER": _e_breaker,
    "E-METER": _e_meter,
    "E-DEDICATED": _e_dedicated,
    "E-EARTH": _e_earth,
    "E-RCD": _e_rcd,
    "E-MAIN": _e_main,
    "E-VOLTAGE": _e_voltage,
    "W-HEIGHT": _w_height,
    "W-SOCKET-ABOVE-SHOWER": _w_socket_above_shower,
    "W-SOCKET-CEILING": _w_socket_ceiling,
    "W-SOCKET-OPENING": _w_socket_opening,
    "W-ROUTE-AXES": _w_route_axes,
    "W-ROUTE-DRY": _w_route_dry,
    "H-HEIGHT": _h_height,
    "H-SHOWER-HEAD": _h_shower_head,
    "H-SHOWER-ALIGN": _h_shower_align,
    "P-PRESSURE": _p_pressure,
}


def _evaluate(rule: Rule, survey: Survey, sizing: SizingResult) -> CheckResult:
    if rule.id in _MEASURED:
        return _MEASURED[rule.id](survey, sizing)
    if rule.id in _SPECIAL:
        return _SPECIAL[rule.id](survey, sizing)
    return _confirmation(survey, rule.id)


# ------------------------------------------------------- engineering: the site's circuit

_ENG_SOURCE = (
    "installation-spec.md §3; IEC 60364-4-43:2008 433.1 (Ib ≤ In ≤ Iz); IEC 60364-5-52 "
    "Annex B and G — the engineering recommendation of sitesurvey.engineering"
)
#: Survey keys that make :func:`check_survey` run the engineering cross-check.
WIRING_CONDITION_KEYS = (
    "site.wiring.length",
    "site.wiring.method",
    "site.wiring.ambient_temperature",
    "site.wiring.grouping",
)
#: ``SiteConditions`` field -> survey key, to name the key of a rejected condition.
_CONDITION_PATHS = {
    "length": "site.wiring.length",
    "method": "site.wiring.method",
    "ambient": "site.wiring.ambient_temperature",
    "grouping": "site.wiring.grouping",
    "arrangement": "site.wiring.arrangement",
    "supply_voltage": "site.supply_voltage",
}


def _eng_result(
    code: str,
    status: str,
    message: str,
    message_zh: str,
    measured: Value | str | None = None,
    required: Bound | str | None = None,
) -> CheckResult:
    return CheckResult(
        rule=code,
        status=status,  # type: ignore[arg-type]
        message=message,
        message_zh=message_zh,
        source=_ENG_SOURCE,
        measured=_bilingual(measured),
        required=_bilingual(required),
        basis="calculation",
    )


def _where(survey: Survey) -> str:
    return survey.source or "survey"


def _engineering_check(survey: Survey, sizing: SizingResult) -> tuple[Any | None, tuple[Note, ...]]:
    """The engineering cross-check (spec §3) of the table answer on this site.

    Runs when the survey records at least one route condition
    (:data:`WIRING_CONDITION_KEYS`); the others take the documented defaults, which the
    result lists. A measured supply voltage that cannot belong to the heater's supply
    (outside half to one and a half times nominal) is left out, with a note; E-VOLTAGE
    fails for it anyway.
    """
    from sitesurvey.engineering import SiteConditions, check_engineering
    from sitesurvey.errors import InputError
    from sitesurvey.sizing import Note

    wiring = survey.site.wiring
    conditions = (wiring.length, wiring.method, wiring.ambient_temperature, wiring.grouping)
    if all(value is None for value in conditions):
        keys = ", ".join(WIRING_CONDITION_KEYS)
        return None, (
            Note(
                "ENG-NOT-RUN",
                f"Engineering cross-check not run: no route conditions recorded ({keys}).",
                f"未做工程校核:未记录线路条件({keys})。",
            ),
        )
    notes: list[Note] = []
    voltage = survey.site.supply_voltage
    nominal = sizing.supply.voltage
    if voltage is not None and not 0.5 * nominal <= voltage <= 1.5 * nominal:
        notes.append(
            Note(
                "ENG-VOLTAGE-IGNORED",
                f"The measured {voltage:g} V cannot be the {nominal:g} V supply; the engineering "
                f"check uses the nominal {nominal:g} V (see E-VOLTAGE).",
                f"实测 {voltage:g}V 不可能是 {nominal:g}V 电源;工程校核按额定 {nominal:g}V 计算"
                "(见 E-VOLTAGE)。",
            )
        )
        voltage = None
    try:
        site = SiteConditions(
            length=wiring.length,
            method=wiring.method,
            ambient=wiring.ambient_temperature,
            grouping=wiring.grouping,
            arrangement=wiring.arrangement,
            supply_voltage=voltage,
        )
        return check_engineering(sizing, site), tuple(notes)
    except InputError as exc:
        path = _CONDITION_PATHS.get(exc.field, exc.field)
        again = InputError(path, exc.value, exc.expected, exc.hint)
        raise SurveyFileError(f"{_where(survey)}: {again}") from None


@dataclass(frozen=True, slots=True)
class _Plan:
    """The circuit the site must end up with, and what the existing one lacks.

    Without the engineering check: the table's wire and breaker. With it: the wire is
    the larger of the table's and the recommended; the breaker is the one coordinated
    (Ib ≤ In ≤ Iz) with the wire the circuit will have — the recommendation's when that
    wire is the recommended one, else the table's rating if it is coordinated, else the
    smallest standard rating that is.
    """

    wire: float | None  # None: no standard wire satisfies the checks
    wire_after: float | None  # the wire the circuit has after the modifications
    replace_wire: bool
    breaker: float | None  # None: no rating satisfies both (report to the company)
    poles: int
    iz_after: float | None  # Iz of wire_after on this site [A]
    ib: float
    basis: str
    basis_zh: str


def _coordinated_breaker(engineering: Any, wire: float, table_in: float) -> tuple[Any, Any]:
    """(rating or None, Iz or None) for a wire on this site, by the recommendation's rule."""
    from sitesurvey.engineering import ampacity
    from sitesurvey.engineering.protection import choose_breaker
    from sitesurvey.errors import InputError

    c = engineering.conditions
    try:
        iz = float(
            ampacity(
                wire, c.method, engineering.loaded_conductors, c.ambient, c.grouping, c.arrangement
            )
        )
    except InputError:  # not a size of the capacity table
        return None, None
    return choose_breaker(engineering.design_current, table_in, iz)[0], iz


def _plan(
    survey: Survey, sizing: SizingResult, results: dict[str, CheckResult], engineering: Any
) -> _Plan:
    row = sizing.row
    line = survey.site.dedicated_line
    new_line = results["E-DEDICATED"].status == FAIL
    existing = line.wire if line.present is not False else None
    if engineering is None:
        replace = new_line or results["E-WIRE"].status == FAIL
        rating = row.breaker.rating if row.breaker.rating >= sizing.design_current else None
        return _Plan(
            wire=row.wire,
            wire_after=row.wire if replace else existing,
            replace_wire=replace,
            breaker=rating,
            poles=row.breaker.poles,
            iz_after=None,
            ib=sizing.design_current,
            basis="per the table",
            basis_zh="表中要求",
        )
    rec = engineering.recommendation
    target = None if rec.wire is None else max(row.wire, rec.wire)
    replace = (
        new_line
        or results["E-WIRE"].status == FAIL
        or (existing is not None and (target is None or existing < target))
    )
    after = target if replace else existing
    breaker, iz = (None, None)
    if after is not None:
        breaker, iz = _coordinated_breaker(engineering, after, row.breaker.rating)
    return _Plan(
        wire=target,
        wire_after=after,
        replace_wire=replace,
        breaker=breaker,
        poles=row.breaker.poles,
        iz_after=iz,
        ib=engineering.design_current,
        basis="per the engineering recommendation",
        basis_zh="工程校核推荐",
    )


def _wire_steps(engineering: Any) -> tuple[str, str]:
    """Why the recommendation upsized the wire: the criteria, in en and zh."""
    steps = [s for s in engineering.recommendation.steps if s.item == "wire"]
    return " ".join(s.message for s in steps), "".join(s.message_zh for s in steps)


def _eng_site_results(
    survey: Survey,
    sizing: SizingResult,
    results: dict[str, CheckResult],
    engineering: Any,
    plan: _Plan,
) -> tuple[CheckResult, ...]:
    """The existing circuit against the engineering recommendation (codes ``ENG-SITE-*``)."""
    from sitesurvey.engineering import meter_sufficient

    site = survey.site
    rec = engineering.recommendation
    new_line = results["E-DEDICATED"].status == FAIL
    why, why_zh = _wire_steps(engineering)
    c = engineering.conditions
    where = f"method {c.method}, {c.ambient:g} °C, grouping {c.grouping}, {c.length:g} m"
    where_zh = f"敷设方式 {c.method},环境 {c.ambient:g}°C,{c.grouping} 回路成束,线长 {c.length:g}m"

    # ENG-SITE-WIRE: the existing wire is at least the recommended one.
    if new_line:
        wire = _eng_result(
            "ENG-SITE-WIRE",
            NOT_CHECKED,
            "No existing dedicated line (see E-DEDICATED).",
            "现无专线(见 E-DEDICATED)。",
        )
    elif rec.wire is None:
        wire = _eng_result(
            "ENG-SITE-WIRE",
            FAIL,
            f"No standard wire size meets the checks on this site ({where}): {why}",
            f"本现场({where_zh})没有标准规格电线能满足校核:{why_zh}",
            None if site.dedicated_line.wire is None else Value(site.dedicated_line.wire, "mm²"),
            "a standard wire size that passes",
        )
    elif site.dedicated_line.wire is None:
        wire = _eng_result(
            "ENG-SITE-WIRE",
            NOT_CHECKED,
            "Not checked: site.dedicated_line.wire not recorded in the survey.",
            "未检查:调查表中未记录 site.dedicated_line.wire。",
            required=_bound("mm²", low=rec.wire),
        )
    else:
        required = _bound("mm²", low=rec.wire)
        existing = site.dedicated_line.wire
        ok = required.contains(existing)
        because = f" {why}" if why else ""
        because_zh = why_zh
        wire = _eng_result(
            "ENG-SITE-WIRE",
            PASS if ok else FAIL,
            f"Existing wire {existing:g} mm² {'≥' if ok else '<'} {rec.wire:g} mm², the "
            f"engineering recommendation on this site ({where}).{because}",
            f"现有电线 {existing:g}mm² {'≥' if ok else '<'} 本现场工程校核推荐的 "
            f"{rec.wire:g}mm²({where_zh})。{because_zh}",
            Value(existing, "mm²"),
            required,
        )

    # ENG-SITE-BREAKER: the existing breaker is coordinated with the wire the circuit
    # will have: Ib ≤ In ≤ Iz.
    rating = site.breaker.rating
    if new_line:
        breaker = _eng_result(
            "ENG-SITE-BREAKER",
            NOT_CHECKED,
            "No existing dedicated line (see E-DEDICATED).",
            "现无专线(见 E-DEDICATED)。",
        )
    elif rating is not None and plan.wire_after is None and plan.replace_wire:
        breaker = _eng_result(
            "ENG-SITE-BREAKER",
            NOT_CHECKED,
            "Not checked: there is no wire to coordinate the air switch with (see ENG-SITE-WIRE).",
            "未检查:没有可与空开配合的电线(见 ENG-SITE-WIRE)。",
            Value(rating, "A"),
        )
    elif rating is None or plan.wire_after is None:
        key = "site.breaker.rating" if rating is None else "site.dedicated_line.wire"
        breaker = _eng_result(
            "ENG-SITE-BREAKER",
            NOT_CHECKED,
            f"Not checked: {key} not recorded in the survey.",
            f"未检查:调查表中未记录 {key}。",
        )
    elif plan.iz_after is None:
        breaker = _eng_result(
            "ENG-SITE-BREAKER",
            NOT_CHECKED,
            f"Not checked: {plan.wire_after:g} mm² is not a size of the capacity table.",
            f"未检查:{plan.wire_after:g}mm² 不在载流量表中。",
            Value(rating, "A"),
        )
    else:
        from sitesurvey.engineering import coordination

        checks = coordination(plan.ib, rating, plan.iz_after)
        failed = [ch for ch in checks if ch.status == FAIL]
        wire_word = "the new" if plan.replace_wire else "the existing"
        wire_word_zh = "新" if plan.replace_wire else "现有"
        head = (
            f"Air switch {rating:g} A on {wire_word} {plan.wire_after:g} mm² wire: "
            f"Ib {plan.ib:.1f} A, Iz {plan.iz_after:.1f} A ({where}). "
        )
        head_zh = (
            f"空开 {rating:g}A 配{wire_word_zh} {plan.wire_after:g}mm² 电线:Ib {plan.ib:.1f}A,"
            f"Iz {plan.iz_after:.1f}A({where_zh})。"
        )
        breaker = _eng_result(
            "ENG-SITE-BREAKER",
            FAIL if failed else PASS,
            head + " ".join(ch.message for ch in (failed or checks[:2])),
            head_zh + "".join(ch.message_zh for ch in (failed or checks[:2])),
            Value(rating, "A"),
            _bound("A", low=plan.ib, high=plan.iz_after),
        )

    # ENG-SITE-METER: the existing meter carries the design current.
    meter = site.meter
    if meter.max is None:
        meter_result = _eng_result(
            "ENG-SITE-METER",
            NOT_CHECKED,
            "Not checked: site.meter.marking not recorded in the survey.",
            "未检查:调查表中未记录 site.meter.marking。",
            required=_bound("A", low=plan.ib),
        )
    else:
        ok = meter_sufficient(meter.max, plan.ib)
        sign = "≥" if ok else "<"
        meter_result = _eng_result(
            "ENG-SITE-METER",
            PASS if ok else FAIL,
            f"Meter {meter.marking}: Imax {meter.max:g} A {sign} Ib {plan.ib:.1f} A.",
            f"电表 {meter.marking}:最大电流 {meter.max:g}A {sign} Ib {plan.ib:.1f}A。",
            Value(meter.max, "A"),
            _bound("A", low=plan.ib),
        )
    return (wire, breaker, meter_result)


# ------------------------------------------------------------------------ modifications


def _modifications(
    survey: Survey,
    sizing: SizingResult,
    results: dict[str, CheckResult],
    engineering: Any | None,
    plan: _Plan,
) -> tuple[Modification, ...]:
    site = survey.site
    mods: list[Modification] = []
    if plan.breaker is not None:
        breaker_text = f"{plan.breaker:g} A, {plan.poles}-pole"
        breaker_text_zh = f"{plan.breaker:g}A {plan.poles} 极"
    else:
        breaker_text = (
            f"no standard rating meets Ib {plan.ib:.1f} A ≤ In"
            + (f" ≤ Iz {plan.iz_after:.1f} A" if plan.iz_after is not None else "")
            + f" and the table's {sizing.row.breaker.rating:g} A: report to the company "
            "(004 ch.5 §3)"
        )
        breaker_text_zh = (
            f"没有标准规格满足 Ib {plan.ib:.1f}A ≤ In"
            + (f" ≤ Iz {plan.iz_after:.1f}A" if plan.iz_after is not None else "")
            + f"及表中 {sizing.row.breaker.rating:g}A:须打电话回企业汇报(004 第五章 §3)"
        )
    if plan.wire is not None:
        wire_text, wire_text_zh = f"{plan.wire:g} mm² copper", f"{plan.wire:g}mm² 铜线"
    else:
        wire_text = "no standard wire size suffices: report to the company (004 ch.5 §3)"
        wire_text_zh = "没有标准规格电线能满足:须打电话回企业汇报(004 第五章 §3)"

    new_line = results["E-DEDICATED"].status == FAIL
    if new_line:
        mods.append(
            Modification(
                "E-DEDICATED",
                "dedicated_line",
                f"no dedicated line → a new dedicated line from the indoor main switch: "
                f"{wire_text}, air switch {breaker_text} ({plan.basis})",
                f"无专线 → 从屋内总开关新拉专线:{wire_text_zh},空开 {breaker_text_zh}"
                f"(按{plan.basis_zh})",
                "consent",
            )
        )
    elif plan.replace_wire and plan.wire is not None and site.dedicated_line.wire is not None:
        rule = "E-WIRE" if results["E-WIRE"].status == FAIL else "ENG-SITE-WIRE"
        mods.append(
            Modification(
                rule,
                "wire",
                f"dedicated-line wire {site.dedicated_line.wire:g} mm² → {wire_text} "
                f"(re-run the line; {plan.basis})",
                f"专线电线 {site.dedicated_line.wire:g}mm² → {wire_text_zh}"
                f"(重新拉线;按{plan.basis_zh})",
                "consent",
            )
        )
    eng_breaker = results.get("ENG-SITE-BREAKER")
    breaker_fails = results["E-BREAKER"].status == FAIL or (
        eng_breaker is not None and eng_breaker.status == FAIL
    )
    wrong_poles = site.breaker.poles is not None and site.breaker.poles != plan.poles
    different = plan.breaker is None or site.breaker.rating != plan.breaker or wrong_poles
    if not new_line and breaker_fails and site.breaker.rating is not None and different:
        rule = "E-BREAKER" if results["E-BREAKER"].status == FAIL else "ENG-SITE-BREAKER"
        now = f"{site.breaker.rating:g} A" + (
            f", {site.breaker.poles}-pole" if site.breaker.poles else ""
        )
        now_zh = f"{site.breaker.rating:g}A" + (
            f" {site.breaker.poles} 极" if site.breaker.poles else ""
        )
        mods.append(
            Modification(
                rule,
                "breaker",
                f"air switch {now} → {breaker_text} ({plan.basis})",
                f"空开 {now_zh} → {breaker_text_zh}(按{plan.basis_zh})",
                "consent",
            )
        )
    eng_meter = results.get("ENG-SITE-METER")
    meter_fails = results["E-METER"].status == FAIL or (
        eng_meter is not None and eng_meter.status == FAIL
    )
    if meter_fails and site.meter.marking is not None:
        meter = site.meter
        kind = meter.kind or "electronic"
        table = _table_meter(sizing, kind)
        target = table
        if engineering is not None:
            recommended = getattr(engineering.recommendation, f"{kind}_meter")
            target = (
                recommended if recommended is not None and recommended.max > table.max else table
            )
            if eng_meter is not None and eng_meter.status == FAIL and recommended is None:
                target = None
        word, word_zh = _KIND_WORDS[kind] if meter.kind else ("", "")
        to = (
            f"{target.marking} or larger"
            if target is not None
            else ("no standard meter carries the design current: report to the company")
        )
        to_zh = (
            f"{target.marking} 或更大"
            if target is not None
            else "没有标准电表能承载设计电流:须向企业汇报"
        )
        rule = "E-METER" if results["E-METER"].status == FAIL else "ENG-SITE-METER"
        mods.append(
            Modification(
                rule,
                "meter",
                f"{word} meter {meter.marking} → {to}".strip(),
                f"{word_zh}{meter.marking} → {to_zh}",
                "consent_and_signature",
            )
        )
    main = results["E-MAIN"]
    if main.status == FAIL:
        from sitesurvey.engineering import reference_data

        total = main.required.low if isinstance(main.required, Bound) else None
        rating = site.main_switch.rating
        if total is not None:
            bigger = [r for r in reference_data().breaker_ratings if r >= total]
            to = f"{bigger[0]:g} A" if bigger else f"at least {total:.1f} A"
            to_zh = f"{bigger[0]:g}A" if bigger else f"不小于 {total:.1f}A"
            if not bigger:
                to += " (above the largest standard rating: report to the company)"
                to_zh += "(超出常用规格,须向企业汇报)"
            load = f" (all appliances on together: {total:.1f} A)"
            load_zh = f"(全部电器同时开启 {total:.1f}A)"
        else:  # pragma: no cover - main_switch_check always gives the bound
            to, to_zh, load, load_zh = "the total current", "总电流", "", ""
        mods.append(
            Modification(
                "E-MAIN",
                "main_switch",
                f"main switch {rating:g} A → {to}{load}",
                f"总开关 {rating:g}A → {to_zh}{load_zh}",
                "consent_and_signature",
            )
        )
    if results["E-RCD"].status == FAIL:
        mods.append(
            Modification(
                "E-RCD",
                "rcd",
                "no RCD → an RCD (漏电开关) on the heater circuit",
                "无漏电开关 → 热水器线路加装漏电开关",
                "consent",
            )
        )
    if results["E-EARTH"].status == FAIL:
        state = {"poor": ("poorly earthed", "接地不良"), "absent": ("no earth", "无地线")}
        en, zh = state[site.earth]  # type: ignore[index]
        mods.append(
            Modification(
                "E-EARTH",
                "earth",
                f"{en} → earth conductor connected and well earthed",
                f"{zh} → 接好地线,良好接地",
                "consent",
            )
        )
    if results["P-PRESSURE"].status == FAIL:
        pressure = site.water_pressure
        rng = sizing.row.water_pressure
        if pressure is not None and pressure > rng.max:
            change = (
                f"water pressure {pressure:g} MPa → at most {rng.max:g} MPa: fit a "
                "pressure-reducing valve before the heater"
            )
            change_zh = f"水压 {pressure:g}MPa → 不高于 {rng.max:g}MPa:热水器前加装减压阀"
        else:
            change = (
                f"water pressure {pressure:g} MPa → at least {rng.min:g} MPa: a booster pump "
                "or another supply is needed"
            )
            change_zh = f"水压 {pressure:g}MPa → 不低于 {rng.min:g}MPa:须加增压泵或另接水源"
        mods.append(Modification("P-PRESSURE", "water_pressure", change, change_zh, "consent"))
    return tuple(mods)


# ------------------------------------------------------------------------------ entry


def _size(survey: Survey, table: SpecTable | str | Path | None) -> SizingResult:
    from sitesurvey.sizing import size

    try:
        return size(survey.heater.power, survey.heater.supply_voltage, table=table)
    except OutOfRangeError as exc:
        text = str(exc)
        for old, new in (("power:", "heater.power:"), ("voltage:", "heater.supply_voltage:")):
            if text.startswith(old):
                text = new + text[len(old) :]
        raise SurveyFileError(f"{_where(survey)}: {text}") from None


def check_survey(survey: Survey, *, table: SpecTable | str | Path | None = None) -> SurveyResult:
    """Evaluate every rule of spec §2 for a survey, and the engineering cross-check.

    Parameters
    ----------
    survey : Survey
        From :func:`sitesurvey.survey.load_survey` or :func:`~sitesurvey.survey.parse_survey`.
    table : SpecTable, str or pathlib.Path, optional
        The spec table; by default the manufacturer's table shipped with the package.

    Returns
    -------
    SurveyResult
        One result per rule (:data:`RULES`, in order); where the survey records route
        conditions (:data:`WIRING_CONDITION_KEYS`), the engineering cross-check of the
        table answer and the existing circuit checked against its recommendation
        (``ENG-SITE-WIRE``, ``ENG-SITE-BREAKER``, ``ENG-SITE-METER``); the
        modifications; the sizing.

    Raises
    ------
    SurveyFileError
        The heater is outside the table (e.g. above its largest row), or a route
        condition is outside the reference data (e.g. ambient above 60 °C); the message
        names the key in the file.
    TableError
        A ``table`` file that fails validation.

    Notes
    -----
    Modifications say what to change to what. Without the engineering check the
    targets are the table's; with it, the wire is the larger of the table's and the
    recommended, and the breaker the one coordinated (Ib ≤ In ≤ Iz) with the wire the
    circuit will have. Meter and main switch changes need the customer's consent and
    signature, all others their consent (004 ch.5 §3 note).

    References
    ----------
    installation-spec.md §2 (source: 004 ch.5 §1–§5) and §3.

    Examples
    --------
    >>> from sitesurvey.survey import load_survey
    >>> from sitesurvey.sizing.table import data_dir
    >>> verdict = check_survey(load_survey(data_dir("templates") / "survey-example.toml"))
    >>> verdict.result("W-HEIGHT").status, verdict.failed
    ('pass', False)
    """
    sizing = _size(survey, table)
    results = tuple(_evaluate(rule, survey, sizing) for rule in RULES)
    by_rule = {r.rule: r for r in results}
    engineering, notes = _engineering_check(survey, sizing)
    plan = _plan(survey, sizing, by_rule, engineering)
    eng_results: tuple[CheckResult, ...] = ()
    if engineering is not None:
        eng_results = _eng_site_results(survey, sizing, by_rule, engineering, plan)
        by_rule.update({r.rule: r for r in eng_results})
    return SurveyResult(
        results=results,
        modifications=_modifications(survey, sizing, by_rule, engineering, plan),
        sizing=sizing,
        engineering=engineering,
        engineering_results=eng_results,
        notes=notes,
    )
