"""``sitesurvey table`` (cli/table.py)."""

from __future__ import annotations

import json


def test_table_text_and_json(run):
    text = run("table").stdout
    assert "OT-H3002" in text and "assumed" in text and "Other reading" in text
    d = json.loads(run("table", "--json").stdout)
    assert len(d["rows"]) == 10
    assert d["provenance"]["document"].startswith("OT-H3002")
    assert d["rows"][7]["assumed"] is True
