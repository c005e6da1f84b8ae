"""The form's schema (server/form.py): it follows the survey format, never offers what
the reader refuses, and its words come from the catalog."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("starlette")

from sitesurvey._files import data_dir
from sitesurvey.i18n import tr
from sitesurvey.rules.registry import rules
from sitesurvey.server import form
from sitesurvey.survey import parse_survey
from sitesurvey.survey.fields import _SECTION_KEYS, CONSENT_ITEMS
from sitesurvey.survey.record import (
    ARRANGEMENTS,
    CONFIRMATION_RULES,
    HIDDEN_KINDS,
    INSTALLATION_METHODS,
    SIGNATURE_POINTS,
)
from sitesurvey.units import parse

#: The units' kinds of the survey grammar, by the form's quantity key.
GRAMMAR_KIND = {
    "length": "length",
    "short_length": "length",
    "distance": "length",
    "pressure": "pressure",
    "current": "current",
    "voltage": "voltage",
    "area": "area",
    "power": "power",
    "appliance_power": "power",
    "temperature": "temperature",
}
#: Keys of the example the form does not edit: file bookkeeping, the network (from the
#: server's settings), materials (priced by the office) and the signatures/photos (pads
#: and cameras, not fields).
# job.service_network: the form records the network as network.name (with its phone, which
# the customer's copy prints); the sheet still reads the older key when that is absent.
NOT_FIELDS = re.compile(
    r"^(format|example|job\.service_network|materials.*|signatures.*|photos.*)$"
)


def _fields():
    for section in form.sections():
        for f in section.fields:
            yield f.path, f
            for item in f.items:
                yield f"{f.path}[]" + (f".{item.path}" if item.path else ""), item


def _leaves(value, prefix=""):
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _leaves(sub, f"{prefix}.{key}" if prefix else key)
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        for item in value:
            yield from _leaves(item, f"{prefix}[]")
    elif isinstance(value, list):
        yield f"{prefix}[]" if value else prefix
    else:
        yield prefix


def test_every_field_is_a_key_of_the_survey_format() -> None:
    for path, _f in _fields():
        parent, _, key = path.removesuffix("[]").rpartition(".")
        if path.startswith("usage.user_heights"):
            parent, key = "usage", "user_heights"
        assert key in _SECTION_KEYS[parent], f"{path}: {key!r} is not a key of [{parent}]"


def test_the_form_covers_every_value_of_the_example(example) -> None:
    paths = {p for p, _f in _fields()}
    leaves = {p for p in _leaves(example) if not NOT_FIELDS.match(p)}
    assert leaves - paths == set()


def test_kinds_and_vocabularies_are_the_readers() -> None:
    fields = dict(_fields())
    assert {f.kind for f in fields.values()} <= set(form.KINDS)
    assert [v for v, _ in fields["design.route.method"].choices] == list(INSTALLATION_METHODS)
    assert [v for v, _ in fields["design.route.arrangement"].choices] == list(ARRANGEMENTS)
    assert [v for v, _ in fields["existing.hidden[].kind"].choices] == list(HIDDEN_KINDS)
    confirmations = [p.split(".", 1)[1] for p, f in fields.items() if f.kind == "confirmation"]
    assert confirmations == list(CONFIRMATION_RULES)


@pytest.mark.parametrize(("quantity", "units"), form.UNITS.items())
def test_every_unit_offered_is_read_by_the_grammar(quantity: str, units) -> None:
    kind = GRAMMAR_KIND[quantity]
    for unit in units:
        assert parse(f"1.5 {unit}", kind, "x") > 0


@given(number=st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False))
def test_a_measurement_as_the_form_sends_it_is_read_exactly(number) -> None:
    # the page sends "<number> <unit>" with the number as typed
    assert parse(f"{number} cm", "length", "x") == pytest.approx(float(number) / 100)
    assert parse(f"{number} 公斤", "pressure", "x") == pytest.approx(float(number) * 0.0980665)


def test_a_survey_filled_through_the_forms_fields_parses(example) -> None:
    # every value set at the path the form writes, as the form writes it
    data = {k: example[k] for k in ("format", "customer", "job", "heater")}
    fields = dict(_fields())
    sent = {
        "existing.water_pressure": "3 公斤",
        "existing.line.wire": "4 mm²",
        "existing.breaker.poles": 2,
        "design.socket.distance_to_opening": "18 cm",
        "design.route.method": "B1",
        "design.route.grouping": 1,
        "existing.rcd": True,
        "confirmations.C-MODEL": "not yet",
        "handover.site_cleaned": "yes",
        "actions.report_to_company": "done",
    }
    for path, value in sent.items():
        assert path in fields
        node = data
        *parents, last = path.split(".")
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = value
    survey = parse_survey(data)
    assert survey.to_dict()["existing"]["water_pressure"]["value"] == pytest.approx(0.294, 1e-3)


def test_signature_points_are_spec_6s() -> None:
    points = [p for p, _label, _when in form.SIGNATURE_POINTS]
    assert set(points) == {*SIGNATURE_POINTS, "final", *(f"consent.{i}" for i in CONSENT_ITEMS)}


def test_every_rule_has_a_section() -> None:
    keys = {s.key for s in form.sections()}
    mapping = form.rule_sections()
    for rule in rules():
        assert mapping.get(rule.id) in keys, rule.id
    assert mapping["E-WIRE"] == "existing"
    assert mapping["W-SOCKET-OPENING"] == "design"
    assert mapping["C-SIGN"] == "confirmations"


def test_the_rules_a_field_feeds_are_found_by_the_checks() -> None:
    fed = form.fed_rules()
    assert "E-WIRE" in fed["existing.line.wire"]
    assert fed["existing.water_pressure"] == ("P-PRESSURE",)
    assert set(fed["design.socket.height"]) == {"W-SOCKET-ABOVE-SHOWER", "W-SOCKET-CEILING"}
    assert "W-HEIGHT" in fed["design.route.runs"]
    assert "customer.name" not in fed and "job.appointment" not in fed
    fields = dict(_fields())
    assert fields["existing.line.wire"].rules == fed["existing.line.wire"]
    assert fields["confirmations.C-SIGN"].rules == ("C-SIGN",)
    # every measured rule is fed by some field of the form
    measured = {r.id for r in rules() if r.basis == "measurement"}
    assert measured <= {r for rules_ in fed.values() for r in rules_}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_schema_is_cached_json_in_the_pages_language(lang: str) -> None:
    schema = form.schema(lang)
    assert form.schema(lang) is schema
    job = schema["sections"][0]
    assert job["label"] == tr("The work order", lang)
    pressure = next(f for f in schema["sections"][2]["fields"] if f["path"].endswith("pressure"))
    assert pressure["units"] == ["MPa", "bar", "公斤"]
    assert pressure["canonical"] == "MPa"


def test_appliance_power_is_offered_in_watts_first() -> None:
    # a fridge labelled "150 W": the plain number typed is read in watts, not kW
    fields = dict(_fields())
    appliance = fields["existing.appliances[].power"].to_json("zh")
    assert appliance["units"] == ["W", "kW"]
    assert appliance["canonical"] == "W"
    assert parse(f"150 {appliance['units'][0]}", "power", "x") == pytest.approx(150)
    assert fields["heater.power"].units == ("kW", "W")


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("zh", "所有项目完成并检查合格后，用户才能验收签名。"),
        ("en", "The customer signs the acceptance once every item is done and checked."),
    ],
)
def test_the_final_acceptance_waits_for_a_checked_survey(lang: str, line: str) -> None:
    points = {p["point"]: p for p in form.schema(lang)["signature_points"]}
    assert points["final"]["when"] == "checked"
    assert points["final"]["until"] == line
    # the other points are as they were
    assert points["drilling"]["when"] == "always"
    assert all("until" not in p for k, p in points.items() if k != "final")


def test_chinese_labels_are_translated_and_in_the_bundled_font() -> None:
    cut = set((data_dir("templates") / "fonts" / "NotoSansSC-Sheet.chars.txt").read_text("utf-8"))
    zh, en = form.schema("zh"), form.schema("en")
    words = []
    for sz, se in zip(zh["sections"], en["sections"], strict=True):
        assert sz["label"] != se["label"]
        for fz, fe in zip(sz["fields"], se["fields"], strict=True):
            assert fz["label"] != fe["label"] or not re.search("[a-z]", fe["label"]), fe["label"]
            words.append(fz["label"])
    words += [s["label"] for s in zh["signature_points"] + zh["photo_subjects"]]
    missing = {c for w in words for c in w if c not in cut and not c.isspace()}
    assert not missing, f"characters the bundled font lacks: {sorted(missing)}"


def test_the_work_orders_details_are_editable_on_site() -> None:
    # an imported order has no customer, the installer is a login name, the customer
    # needs the network's phone: the installer writes them on site
    fields = dict(_fields())
    for path in (
        "customer.name",
        "customer.phone",
        "customer.address",
        "job.appointment",
        "job.installer.name",
        "job.installer.employee_number",
        "network.name",
        "network.phone",
    ):
        assert not fields[path].readonly, path
    job = form.schema("zh")["sections"][0]["fields"]
    assert {f["path"]: f["label"] for f in job}["network.phone"] == "网点电话"
    assert not any(f.get("readonly") for f in job if f["path"].startswith("customer."))


def test_placeholders_are_the_blank_surveys_and_are_never_information() -> None:
    from sitesurvey.survey.template import unfilled

    holders = form.placeholders()
    assert holders["customer.name"] == "（客户姓名 customer name）"
    assert form.schema("zh")["placeholders"] == holders
    # exactly what the checks call unfilled
    survey = parse_survey(
        {
            "format": 2,
            "customer": {k.split(".")[1]: v for k, v in holders.items() if k.startswith("cus")},
            "job": {"work_order": "W-1", "date": "2026-12-03", "appointment": "14:00-15:00"},
            "heater": {"model": "QX-55A", "power": "5.5 kW", "supply_voltage": "220 V"},
        }
    )
    assert set(unfilled(survey)) == {p for p in holders if p.startswith("customer.")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_labels_name_every_key_path_a_message_may_carry(lang: str) -> None:
    labels = form.labels(lang)
    fields = dict(_fields())
    assert labels["existing.breaker.rating"] == tr("Air switch rating", lang)
    assert labels["design.wall"] == tr("Wall reference", lang)
    assert labels["site.breaker.poles"] == labels["existing.breaker.poles"]  # format 1's
    assert labels["confirmations.H-DRILL"] == form.schema(lang)["rule_titles"]["H-DRILL"]
    assert labels["existing.hidden[].x"].startswith(tr("Pipes and cables behind the wall", lang))
    # every field (a bare list item, "usage.user_heights[]", is its list's)
    assert {p.removesuffix("[]") for p in fields} - set(labels) == set()
    # longest first: a message is rewritten from its most precise key
    lengths = [len(p) for p in labels]
    assert lengths == sorted(lengths, reverse=True)


def test_the_forms_chinese_words_are_in_the_bundled_font() -> None:
    # the page's own words (base.html's ui-words) as well as the schema's
    cut = set((data_dir("templates") / "fonts" / "NotoSansSC-Sheet.chars.txt").read_text("utf-8"))
    base = (data_dir("templates") / "serve" / "base.html.j2").read_text("utf-8")
    ids = re.findall(r'_\("([^"]+)"\)', base)
    ids += re.findall(
        r'_\("([^"]+)"\)', (data_dir("templates") / "serve" / "orders.html.j2").read_text("utf-8")
    )
    ids += re.findall(
        r'_\("([^"]+)"\)', (data_dir("templates") / "serve" / "survey.html.j2").read_text("utf-8")
    )
    words = [tr(i, "zh") for i in ids] + list(form.labels("zh").values())
    missing = {c for w in words for c in w if c not in cut and not c.isspace()}
    assert not missing, f"characters the bundled font lacks: {sorted(missing)}"
