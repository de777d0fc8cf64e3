"""The auditor's dashboard: its figures, the access log, and the proof it verifies.

The proof the page's ``verify.js`` checks in the browser is checked here with
``transparency/verifier.py`` (the reference) against the keys the page carries; and,
where Node is installed, ``verify.js`` itself runs on the same documents, good and
tampered, so the browser's algorithm is tested without a browser too.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from creditreg.access.entries import FIELDS
from creditreg.population.reports.stats import population_stats
from creditreg.timeparse import legal_date, now
from creditreg.transparency import verifier

from .conftest import Console

VERIFY_JS = Path(__file__).parents[2] / "src/creditreg/web/console/static/verify.js"
NODE_RUNNER = """
const v = require(process.argv[1]);
const [doc, keys] = JSON.parse(require("fs").readFileSync(0, "utf8"));
v.verifyDocument(doc, keys).then(
  (found) => console.log(JSON.stringify({ok: found})),
  (error) => console.log(JSON.stringify({error: error.key || String(error)})));
"""


def page_keys(html: str) -> list[dict[str, str]]:
    found = re.search(r'<script type="application/json" id="log-keys">(.*?)</script>', html)
    assert found
    keys: list[dict[str, str]] = json.loads(found.group(1))
    return keys


def proof_and_keys(console: Console, record: str = "demo-a1") -> tuple[dict[str, Any], list]:
    auditor = console.browser("auditor")
    keys = page_keys(auditor.get("/console/dashboard").text)
    answer = auditor.get("/console/proof", params={"record": record})
    assert answer.status_code == 200, answer.text
    return answer.json(), keys


def reference_check(doc: dict[str, Any], keys: list[dict[str, str]]) -> None:
    public = [verifier.load_keys(key["public_key"])[0] for key in keys]
    verifier.verify_head(doc["head"], public)
    verifier.verify_inclusion_proof(doc, doc["head"])


def tampered(doc: dict[str, Any]) -> dict[str, tuple[dict[str, Any], str]]:
    """Broken copies of ``doc``, each with the reason key verify.js must give."""
    cases = {}
    entry = copy.deepcopy(doc)
    entry["entry"] = entry["entry"].replace('"on"', '"on" ')
    assert entry["entry"] != doc["entry"]
    cases["entry"] = (entry, "entry_hash")
    other = copy.deepcopy(doc)  # a proof of another record, presented as this one's
    other["entry"] = other["entry"].replace(doc["record_id"], "demo-x9")
    cases["record"] = (other, "record")
    path = copy.deepcopy(doc)
    path["path"][0] = "00" * 32
    cases["path"] = (path, "root")
    short = copy.deepcopy(doc)
    short["path"] = short["path"][:-1]
    cases["short"] = (short, "path_short")
    signed = copy.deepcopy(doc)
    signed["head"]["timestamp"] = "2020-01-01T00:00:00.000Z"
    cases["signature"] = (signed, "signature")
    return cases


def test_the_proof_the_dashboard_verifies_holds_under_the_reference_verifier(
    shared_console: Console,
) -> None:
    doc, keys = proof_and_keys(shared_console)
    assert keys and doc["type"] == "inclusion" and doc["record_id"] == "demo-a1"
    api = shared_console.call("GET", "/v1/log/proof/demo-a1", "auditor").json()
    assert doc == api  # the same document the API serves
    reference_check(doc, keys)
    for broken, _ in tampered(doc).values():
        with pytest.raises(verifier.VerificationError):
            reference_check(broken, keys)


def test_the_proof_of_an_unknown_record_is_a_json_404(shared_console: Console) -> None:
    answer = shared_console.browser("auditor").get("/console/proof", params={"record": "nope"})
    assert answer.status_code == 404 and "nope" in answer.json()["error"]


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_verify_js_agrees_with_the_reference_verifier(shared_console: Console) -> None:
    doc, keys = proof_and_keys(shared_console, "demo-a2")

    def run(document: dict[str, Any]) -> dict[str, Any]:
        done = subprocess.run(
            ["node", "-e", NODE_RUNNER, str(VERIFY_JS)],
            input=json.dumps([document, keys]),
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        return result

    good = run(doc)
    assert good["ok"]["record"] == "demo-a2" and good["ok"]["size"] == doc["head"]["size"]
    for name, (broken, reason) in tampered(doc).items():
        assert run(broken) == {"error": reason}, name
    assert run({**doc, "head": {**doc["head"], "key_id": "0" * 16}}) == {"error": "no_key"}


def test_the_dashboard_draws_the_population_statistics(shared_console: Console) -> None:
    page = shared_console.browser("auditor").get("/console/dashboard").text
    stats = population_stats(shared_console.registry, legal_date(now()))
    for key in ("grades", "lists", "measures", "types", "authorities", "objections"):
        assert f'data-testid="chart-{key}"' in page, key
    assert page.count('role="img"') == 6
    grades = page.split('data-testid="chart-grades"', 1)[1].split("</figure>", 1)[0]
    for row in stats["figures"]["subjects_per_grade"]:
        drawn = f'<th scope="row">{row["grade"]}</th><td class="n">{row["subjects"]}</td>'
        assert (drawn in grades) == (row["subjects"] > 0), row  # an empty grade is left out
    assert f'data-size="{stats["log_size"]}"' in page
    trend = shared_console.browser("auditor").get(
        "/console/dashboard/trend", headers={"HX-Request": "true"}
    )
    assert 'data-testid="chart-trend"' in trend.text and "<html" not in trend.text


def test_the_access_log_is_shown_and_exported(console: Console) -> None:
    console.call("GET", "/v1/checks?subject=110105198503120418&service=air", "checkpoint")
    auditor = console.browser("auditor")
    page = auditor.get("/console/dashboard").text
    assert page.count('data-testid="access-entry"') == 1 and "test checkpoint" in page
    exported = auditor.get("/console/access-log.csv")
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert list(rows[0]) == list(FIELDS)
    assert [(r["role"], r["service"], r["outcome"]) for r in rows] == [
        ("checkpoint", "air", "denied")
    ]
