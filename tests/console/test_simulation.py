"""The simulation view: the report of ``creditreg simulate`` for a picked or uploaded draft."""

from __future__ import annotations

import base64
import hashlib
import html
import re

import httpx
from fastapi.testclient import TestClient

from creditreg.rulebook.loader import default_rulebook
from tests.rulebook.renumber import renumbered

from .conftest import Console, form_token


def run(client: TestClient, files: dict | None = None, **data: str) -> httpx.Response:
    token = form_token(client.get("/console/simulate"))
    return client.post("/console/simulate", data={"csrf": token, **data}, files=files)


def draft_text() -> str:
    """The shipped rulebook with utility arrears costing 100 points instead of 20 (the
    sample's one in Rongcheng: its loan default, from a Beijing court, has no effect)."""
    text = renumbered(default_rulebook().text, "2027.1-draft")
    marker = "  finance.utility_arrears:"
    head, tail = text.split(marker, 1)
    return head + marker + tail.replace("points: -20", "points: -100", 1)


def test_the_active_rulebook_changes_nothing(shared_console: Console) -> None:
    page = run(shared_console.browser("auditor"), source="active", on="2026-11-27")
    assert page.status_code == 200, page.text[:400]
    assert 'data-testid="simulation-report" data-changed="0"' in page.text
    frame = re.search(r'srcdoc="([^"]*)"', page.text)
    assert frame
    report = html.unescape(frame.group(1))
    assert "The draft changes nothing for anyone on this day." in report
    style = re.search(r"<style>(.*?)</style>", report, re.DOTALL)
    assert style
    digest = base64.b64encode(hashlib.sha256(style.group(1).encode()).digest()).decode()
    assert f"'sha256-{digest}'" in page.headers["content-security-policy"]
    assert "<script" not in report


def test_an_uploaded_draft_shows_who_would_change(shared_console: Console) -> None:
    files = {"draft": ("draft.yaml", draft_text().encode(), "application/yaml")}
    page = run(shared_console.browser("admin"), files, source="upload", on="2026-11-27")
    assert page.status_code == 200, page.text[:400]
    changed = re.search(r'data-testid="simulation-report" data-changed="(\d+)"', page.text)
    assert changed and int(changed.group(1)) >= 1
    assert "cn-default@2027.1-draft" in page.text


def test_the_report_downloads_as_the_self_contained_file(shared_console: Console) -> None:
    page = run(shared_console.browser("auditor"), source="default", download="html")
    assert page.headers["content-disposition"].startswith('attachment; filename="simulation-')
    assert page.text.startswith("<!DOCTYPE html>") and "What would change" in page.text


def test_a_broken_draft_is_explained_line_by_line(shared_console: Console) -> None:
    auditor = shared_console.browser("auditor")
    broken = draft_text().replace("points: -100", "points: -1000", 1)
    files = {"draft": ("draft.yaml", broken.encode(), "application/yaml")}
    page = run(auditor, files, source="upload")
    assert page.status_code == 422 and 'data-error="problems"' in page.text
    assert re.search(r"draft\.yaml:\d+: record_types\.finance\.utility_arrears\.points", page.text)
    empty = run(auditor, source="upload")
    assert empty.status_code == 422 and 'data-error="missing"' in empty.text
    binary = run(auditor, {"draft": ("x.yaml", b"\xff\xfe", "application/yaml")}, source="upload")
    assert binary.status_code == 422 and 'data-error="file"' in binary.text
    bad_day = run(auditor, source="active", on="2026-13-45")
    assert bad_day.status_code == 422 and 'data-error="time"' in bad_day.text
