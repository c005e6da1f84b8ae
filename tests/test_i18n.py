"""The Chinese catalog (i18n.py): it and the code cannot drift apart.

- every message the code and the sheet template mark is in the catalog, translated, not
  fuzzy, and every catalog entry is still used;
- msgid and msgstr carry the same placeholders;
- the shipped ``.mo`` is exactly the compiled ``.po``;
- one term has one translation: the status words and the words of spec §5.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

babel = pytest.importorskip("babel")

from babel.messages.extract import extract_from_dir  # noqa: E402
from babel.messages.mofile import write_mo  # noqa: E402
from babel.messages.pofile import read_po  # noqa: E402

from sitesurvey import i18n  # noqa: E402
from sitesurvey.results import Text  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
PO = REPO / "src/sitesurvey/locale/zh/LC_MESSAGES/sitesurvey.po"
MO = PO.with_suffix(".mo")


def _with_optional_context(at: int) -> dict[int, tuple]:
    """Specs by number of arguments: the context (``c``) is argument ``at`` when given.

    Babel applies a spec that names a context to every call, and fails with an
    IndexError on a call without that argument (``tr("pass", lang)``); specs by arity
    (up to a generous number of placeholder fields) keep both forms extractable.
    """
    return {at - 1: (1,), **{n: (1, (at, "c")) for n in range(at, at + 12)}}


#: The marking functions and where their msgid (and msgctxt, ``c``) stand.
KEYWORDS = {
    "_": None,
    "gettext": None,
    "pgettext": ((1, "c"), 2),
    "N_": None,
    "bi": _with_optional_context(2),
    "tr": _with_optional_context(3),
    "zh": _with_optional_context(2),
}
METHODS = {
    "src": [
        # a rule's title and ctx.say() wording take the rule ID as msgctxt
        ("sitesurvey/rules/**.py", "sitesurvey.rules._extract.extract_rules"),
        ("**.py", "python"),
    ],
    "cli": [("**.py", "python")],
    "templates": [("**.j2", "jinja2")],
}
OPTIONS = {"**.j2": {"extensions": "jinja2.ext.i18n"}}

#: One word per term: spec §5 and the status words. (English in a msgid → its Chinese.)
GLOSSARY = {
    "instant electric water heater": "即热式电热水器",
    "air switch": "空气开关",
    "2-pole": "二极",
    "4-pole": "四极",
    "IC-card electronic meter": "磁卡电子表",
    "mechanical meter": "机械表",
    "dedicated line": "专线",
    "main switch": "总开关",
    "RCD": "漏电开关",
    "shower head": "花洒",
    "installation sheet": "安装单",
    "work order": "工作单",
    "installation design drawing": "安装设计图",
    "bunched": "成束",
    "grouped": "成组",
}
STATUS_WORDS = {"pass": "合格", "warn": "注意", "fail": "不合格", "not checked": "未检查"}

_PLACEHOLDER = re.compile(r"(?<!\{)\{([a-zA-Z_][a-zA-Z0-9_]*)[^{}]*\}(?!\})")


@pytest.fixture(scope="module")
def po():
    with PO.open("rb") as handle:
        return read_po(handle, locale="zh")


@pytest.fixture(scope="module")
def extracted() -> set[tuple[str | None, str]]:
    found: set[tuple[str | None, str]] = set()
    for folder, method_map in METHODS.items():
        for _file, _line, message, _comments, context in extract_from_dir(
            REPO / folder, method_map, OPTIONS, keywords=KEYWORDS
        ):
            msgid = message[0] if isinstance(message, tuple) else message
            found.add((context, msgid))
    return found


def _entries(po) -> dict[tuple[str | None, str], str]:
    return {(m.context, m.id): m.string for m in po if m.id}


def test_every_marked_message_is_translated(po, extracted) -> None:
    catalog = _entries(po)
    missing = sorted(
        (c or "", m) for c, m in extracted if (c, m) not in catalog or not catalog[(c, m)]
    )
    assert not missing, f"messages without Chinese in {PO.name}: {missing[:20]}"


def test_every_catalog_entry_is_used(po, extracted) -> None:
    unused = sorted((c or "", m) for c, m in _entries(po) if (c, m) not in extracted)
    assert not unused, f"entries no code or template uses any more: {unused[:20]}"


def test_no_fuzzy_entries(po) -> None:
    assert not [m.id for m in po if m.id and m.fuzzy]


def test_placeholders_agree(po) -> None:
    for message in po:
        if not message.id:
            continue
        wanted = set(_PLACEHOLDER.findall(message.id))
        got = set(_PLACEHOLDER.findall(message.string))
        assert wanted == got, f"{message.id!r}: placeholders {wanted} vs {got}"


def test_shipped_mo_is_the_compiled_po(po) -> None:
    compiled = io.BytesIO()
    write_mo(compiled, po)
    assert MO.read_bytes() == compiled.getvalue(), (
        "sitesurvey.mo is older than sitesurvey.po: compile it (README, Development)"
    )


def test_status_words_have_one_translation(po) -> None:
    catalog = _entries(po)
    for en, cn in STATUS_WORDS.items():
        assert catalog.get((None, en)) == cn


@pytest.mark.parametrize(("term", "word"), GLOSSARY.items())
def test_one_word_per_term(po, term: str, word: str) -> None:
    pattern = re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", re.IGNORECASE)
    wrong = [m.id for m in po if m.id and pattern.search(m.id) and word not in m.string]
    assert not wrong, f"{term!r} must be {word!r} in: {wrong[:5]}"


def test_bi_without_fields_is_the_message_in_both_languages() -> None:
    assert i18n.bi("fail") == Text("fail", "不合格")


def test_status_words() -> None:
    assert [i18n.status_word(s, "zh") for s in ("pass", "warn", "fail", "not_checked")] == [
        "合格",
        "注意",
        "不合格",
        "未检查",
    ]


def test_tr_english_is_the_message_id() -> None:
    assert i18n.tr("pass", "en") == "pass"
    assert i18n.tr("pass", "zh") == "合格"


def test_english_only_never_opens_the_catalog_and_ends_with_its_block(monkeypatch) -> None:
    monkeypatch.setattr(i18n, "_catalog", None)
    with i18n.english_only():
        assert i18n.bi("fail") == Text("fail", "fail")
        assert i18n.tr("fail", "zh") == "fail"
    assert i18n._catalog is None
    assert i18n.bi("fail") == Text("fail", "不合格")


_CATALOG_PROBE = (
    "import gettext, hashlib, json\n"
    "from sitesurvey import i18n\n"
    "parsed = []\n"
    "parse = gettext.GNUTranslations._parse\n"
    "gettext.GNUTranslations._parse = lambda self, fp: (parsed.append(1), parse(self, fp))[1]\n"
    "c = i18n.catalog()\n"
    "state = [sorted(c._catalog.items()), sorted(c._info.items()), c._charset,"
    " c.plural(1), c.plural(5), c.pgettext('E-WIRE', 'pass'), c.gettext('pass')]\n"
    "print(len(parsed), hashlib.sha256(json.dumps(state).encode()).hexdigest())\n"
)


def _catalog_state(cache_home) -> str:
    import os
    import subprocess
    import sys

    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    proc = subprocess.run(
        [sys.executable, "-c", _CATALOG_PROBE], env=env, capture_output=True, text=True, check=True
    )
    return proc.stdout.strip().splitlines()[-1]


def test_the_catalog_is_parsed_once_and_cached_unchanged(tmp_path):
    import gettext
    import hashlib
    import json

    from sitesurvey.i18n import DOMAIN, locale_dir

    with open(gettext.find(DOMAIN, locale_dir(), ["zh"]), "rb") as mo:
        plain = gettext.GNUTranslations(mo)
    state = [
        sorted(plain._catalog.items()),
        sorted(plain._info.items()),
        plain._charset,
        plain.plural(1),
        plain.plural(5),
        plain.pgettext("E-WIRE", "pass"),
        plain.gettext("pass"),
    ]
    expected = hashlib.sha256(json.dumps(state).encode()).hexdigest()
    assert _catalog_state(tmp_path) == f"1 {expected}"  # parsed, then cached
    assert _catalog_state(tmp_path) == f"0 {expected}"  # from the cache, the same catalog


def test_a_damaged_catalog_cache_is_parsed_again(tmp_path):
    first = _catalog_state(tmp_path)
    for entry in (tmp_path / "sitesurvey").glob("sitesurvey-*.marshal"):
        entry.write_bytes(entry.read_bytes()[:100])
    assert _catalog_state(tmp_path) == first  # parsed again (and the entry renewed)
    assert _catalog_state(tmp_path) == "0" + first[1:]


def test_the_catalog_is_the_file_gettext_finds_opened_without_locale(monkeypatch):
    import gettext
    import os
    import subprocess
    import sys

    from sitesurvey.i18n import DOMAIN, locale_dir

    monkeypatch.setattr(i18n, "_catalog", None)
    found = gettext.translation(DOMAIN, locale_dir(), languages=["zh"])
    ours = i18n.catalog()
    assert isinstance(ours, gettext.GNUTranslations)
    assert ours._catalog == found._catalog and ours._info == found._info
    assert os.path.samefile(
        gettext.find(DOMAIN, locale_dir(), ["zh"]),
        os.path.join(locale_dir(), "zh", "LC_MESSAGES", f"{DOMAIN}.mo"),
    )
    # gettext's search for the language's variants imports locale; ours does not
    code = "import sys\nfrom sitesurvey import i18n\ni18n.catalog()\nprint('locale' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "False"
