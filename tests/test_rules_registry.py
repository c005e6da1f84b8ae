"""The rule registry (rules/registry.py): one home per rule, its metadata, its wording.

- every rule of spec §2 is registered once, in the spec's order, with a title, a source,
  a basis and a scope;
- no rule ID is written twice in src/ (a rule's ID lives in its decorator);
- the Babel extractor gives a rule's wording its rule ID as msgctxt;
- RuleContext's result makers.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from rules_site import conforming, put, verdict_of
from sitesurvey.results import FAIL, NOT_CHECKED, PASS, Bound, Text
from sitesurvey.rules import FAMILIES, RULES, RuleContext, rule, rules
from sitesurvey.rules._extract import extract_rules
from sitesurvey.rules.registry import by_id, join

REPO = Path(__file__).resolve().parent.parent

#: Spec §2, in its order (installation-spec.md §2).
SPEC_RULES = (
    "E-WIRE",
    "E-BREAKER",
    "E-METER",
    "E-DEDICATED",
    "E-EARTH",
    "E-POLARITY",
    "E-RCD",
    "E-MAIN",
    "E-VOLTAGE",
    "W-HEIGHT",
    "W-SOCKET-ABOVE-SHOWER",
    "W-SOCKET-CEILING",
    "W-SOCKET-OPENING",
    "W-ROUTE-AXES",
    "W-ROUTE-DRY",
    "W-FLUSH",
    "C-MODEL",
    "H-HEIGHT",
    "H-SHOWER-HEAD",
    "H-SHOWER-ALIGN",
    "H-LEVEL",
    "H-DRILL",
    "H-PIPES",
    "U-ORIGINAL-SHOWER",
    "P-PRESSURE",
    "U-BATH",
    "U-MIXER",
    "U-SHUTDOWN",
    "C-PLAN",
    "C-TRIAL",
    "C-SIGN",
)

#: Rule IDs still written outside the rules package, in packages other helpers of issue 9
#: restructure (survey's list of confirmations, engineering's main_switch_check). When
#: they take them from the registry, remove them here: the test then fails until you do.
WRITTEN_ELSEWHERE = {
    # main_switch_check builds its own CheckResult (public API) with E-MAIN wording in
    # the catalog, whose msgctxt Babel can only read from a literal.
    "E-MAIN": {"src/sitesurvey/engineering/protection.py"},
    # the plan names the rule that requires an RCD without importing the rules, so the
    # ``size`` command stays light (sitesurvey.plan.RCD_RULE)
    "E-RCD": {"src/sitesurvey/plan.py"},
    **{
        r.id: {"src/sitesurvey/survey/record.py"}
        for r in RULES
        if r.basis == "installer_confirmation"
    },
}


def test_every_spec_rule_is_registered_once_in_the_specs_order() -> None:
    assert len(SPEC_RULES) == 31
    assert tuple(r.id for r in RULES) == SPEC_RULES
    assert tuple(r.id for r in rules()) == SPEC_RULES
    assert [r.order for r in RULES] == list(range(1, 32))


@pytest.mark.parametrize("rule_id", SPEC_RULES)
def test_every_rule_has_its_metadata(rule_id: str) -> None:
    entry = by_id(rule_id)
    assert entry.title and entry.source
    assert entry.basis in ("measurement", "installer_confirmation")
    assert entry.scope in ("existing", "design", "confirmation")
    assert (entry.scope == "confirmation") == (entry.basis == "installer_confirmation")
    assert entry.family in FAMILIES and entry.family == rule_id.split("-")[0]
    assert entry.title_zh and entry.title_zh != entry.title  # translated
    assert entry.title_in("zh") == entry.title_zh and entry.title_in("en") == entry.title
    assert callable(entry.function)


def _literal_rule_ids(text: str) -> list[str]:
    ids = "|".join(re.escape(i) for i in SPEC_RULES)
    return re.findall(rf"""["']({ids})["']""", text)


def test_no_rule_id_is_written_twice_in_src() -> None:
    where: dict[str, list[str]] = {}
    for path in sorted((REPO / "src").rglob("*.py")):
        for rule_id in _literal_rule_ids(path.read_text(encoding="utf-8")):
            where.setdefault(rule_id, []).append(path.relative_to(REPO).as_posix())
    assert set(where) == set(SPEC_RULES)
    for rule_id, files in where.items():
        in_rules = [f for f in files if f.startswith("src/sitesurvey/rules/")]
        assert len(in_rules) == 1, f"{rule_id} written {len(in_rules)} times: {in_rules}"
        others = set(files) - set(in_rules)
        assert others == WRITTEN_ELSEWHERE.get(rule_id, set()), (rule_id, others)


def test_the_id_scan_sees_both_quote_styles() -> None:
    assert _literal_rule_ids("""x = "E-WIRE"; y = 'W-FLUSH'; z = "E-WIRE-X" """) == [
        "E-WIRE",
        "W-FLUSH",
    ]


def test_a_rule_cannot_be_registered_twice() -> None:
    before = rules()
    with pytest.raises(ValueError, match="E-WIRE"):
        rule("E-WIRE", order=99, title="x", source="x", scope="existing")(lambda ctx: None)
    with pytest.raises(ValueError, match="order 1"):
        rule("X-NEW", order=1, title="x", source="x", scope="existing")(lambda ctx: None)
    assert rules() == before


def test_families_have_names_in_both_languages() -> None:
    assert list(FAMILIES) == ["E", "W", "H", "P", "U", "C", "ENG"]
    assert FAMILIES["E"] == Text("Electrical supply", "电源")
    assert FAMILIES["ENG"][1] == "工程校核"  # the CLI reads (en, zh) by index


# ----------------------------------------------------------------------- the extractor

SOURCE = b"""
SITE = "ENG-SITE-X"

@rule("W-DEMO", order=1, title="Demo title", source="s", scope="design")
def demo(ctx):
    words = [ctx.say("{n} runs", n=1) for _ in range(2)]
    return ctx.say("Demo message.")

def other():
    return bi("Plain {x}", None, x=1), bi("Site {x}", SITE, x=2), N_("marked"), bi("alone")
"""


def _extract(source: bytes) -> set[tuple[str | None, str]]:
    from babel.messages.extract import extract

    keywords = {"N_": None, "bi": (1, (2, "c")), "pgettext": ((1, "c"), 2)}
    return {
        (context, message)
        for _line, message, _comments, context in extract(
            extract_rules, io.BytesIO(source), keywords
        )
    }


def test_extractor_gives_a_rules_wording_its_id() -> None:
    pytest.importorskip("babel")
    assert _extract(SOURCE) == {
        ("W-DEMO", "Demo title"),
        ("W-DEMO", "{n} runs"),
        ("W-DEMO", "Demo message."),
        (None, "Plain {x}"),
        ("ENG-SITE-X", "Site {x}"),
        (None, "marked"),
        (None, "alone"),
    }


def test_extractor_refuses_say_outside_a_rule() -> None:
    pytest.importorskip("babel")
    with pytest.raises(ValueError, match="line 3: say"):
        _extract(b"def helper(ctx):\n    x = 1\n    return ctx.say('Lost.')\n")


# --------------------------------------------------------------------- RuleContext


def _context(rule_id: str, data: dict | None = None) -> RuleContext:
    from sitesurvey.sizing import size
    from sitesurvey.survey import parse_survey

    survey = parse_survey(data or conforming())
    return RuleContext(by_id(rule_id), survey, size(5500, 220))


def test_missing_names_the_keys_in_both_languages() -> None:
    result = _context("E-WIRE").missing("site.a", "site.b", required=Bound("A", low=1.0))
    assert result.status == NOT_CHECKED and result.rule == "E-WIRE"
    assert result.message == "Not checked: site.a, site.b not recorded in the survey."
    assert result.message_zh == "未检查：调查表中未记录 site.a、site.b。"
    assert result.source == by_id("E-WIRE").source and result.basis == "measurement"


def test_bound_rounds_computed_limits_like_the_survey() -> None:
    assert RuleContext.bound("m", 2.6 - 0.3).low == 2.3
    assert RuleContext.bound("m", high=0.1 + 0.2).high == 0.3


def test_join_spaces_english_sentences_only() -> None:
    assert join([Text("A.", "甲。"), Text("B.", "乙。")]) == Text("A. B.", "甲。乙。")
    assert join([Text("a", "甲"), Text("b", "乙")], ", ", "、") == Text("a, b", "甲、乙")


@pytest.mark.parametrize(
    ("answer", "status", "en", "zh"),
    [
        ("yes", PASS, "Installer confirms: ", "安装人员确认："),
        ("no", FAIL, "Installer reports NOT done: ", "安装人员确认未做到："),
        ("not yet", NOT_CHECKED, "Not confirmed yet (confirmations.C-MODEL): ", "尚未确认"),
    ],
)
def test_confirmation_words(answer: str, status: str, en: str, zh: str) -> None:
    data = conforming()
    put(data, "confirmations.C-MODEL", answer)
    result = verdict_of(data).result("C-MODEL")
    assert result.status == status
    assert result.message == f"{en}Heater model checked against the purchase proof (model QX-55A)."
    assert (
        result.message_zh.startswith(zh)
        and "按购机凭证查对型号（型号 QX-55A）" in result.message_zh
    )
    assert result.required == Text("yes", "是")


_FIRST_USE = (
    "import sys\n"
    "from sitesurvey import i18n\n"
    "from sitesurvey.rules import registry\n"
    "import sitesurvey.rules\n"
    "opened_at_import = i18n._catalog is not None\n"
    "with i18n.english_only():\n"
    "    english = (registry.YES, sitesurvey.rules.FAMILIES['E'], registry.NOT_YET)\n"
    "kept_english = 'YES' in vars(registry) or 'FAMILIES' in vars(registry)\n"
    "both = (registry.YES, sitesurvey.rules.FAMILIES['E'], registry.NOT_YET)\n"
    "print(opened_at_import, kept_english, english, both, 'YES' in vars(registry))\n"
)


def test_family_names_and_answer_words_are_made_on_first_use(tmp_path):
    """Importing the rules opens no catalog; words made English only are not kept (a
    later use in Chinese gets the Chinese); words made in both languages are kept."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", _FIRST_USE], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    english = (Text("yes", "yes"), Text("Electrical supply", "Electrical supply"))
    english += (Text("not yet", "not yet"),)
    both = (Text("yes", "是"), FAMILIES["E"], Text("not yet", "尚未"))
    assert out == f"False False {english} {both} True"


def test_the_words_are_the_catalogs():
    from sitesurvey.i18n import bi
    from sitesurvey.rules import registry

    assert tuple(bi(word, None) for word in ("yes", "no", "not yet")) == (
        registry.YES,
        registry.NO,
        registry.NOT_YET,
    )
    assert registry.FAMILIES is FAMILIES  # made once, then kept
    with pytest.raises(AttributeError, match="no attribute 'MAYBE'"):
        registry.MAYBE  # noqa: B018
