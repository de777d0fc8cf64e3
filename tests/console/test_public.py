"""The public lists: no sign-in, searchable, paged, and never an unmasked identifier.

Run on a synthetic crowd (``creditreg synth --load``: some hundreds of listed subjects),
so paging and searching meet real numbers; every identifier the registry holds is
looked for in every page served, including searches that type a full identifier.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from creditreg.identifiers import mask
from creditreg.registry import Registry
from creditreg.server import create_app
from creditreg.web.settings import Settings

from .conftest import Console

LISTS = ("court_dishonest", "rail_restricted", "air_restricted", "tax_dishonest", "redlist")


@pytest.fixture(scope="module")
def crowd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, set[str]]]:
    folder = tmp_path_factory.mktemp("crowd")
    url = f"sqlite:///{folder / 'crowd.db'}"
    env = {**os.environ, "CREDITREG_KEYS": str(folder / "keys")}
    command = [sys.executable, "-m", "creditreg.cli", "--db", url, "synth", "--persons", "20000"]
    command += ["--orgs", "1000", "--seed", "11", "--out", str(folder / "synth"), "--load"]
    subprocess.run(command, check=True, capture_output=True, env=env, timeout=300)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CREDITREG_KEYS", env["CREDITREG_KEYS"])
        registry = Registry.open(url)
        with registry.engine.connect() as conn:
            ids = {row[0] for row in conn.exec_driver_sql("SELECT DISTINCT subject_id FROM events")}
        with TestClient(create_app(Settings(db=url))) as client:
            yield client, ids
        registry.engine.dispose()


def unmasked(text: str, identifiers: set[str]) -> list[str]:
    """Identifiers in ``text``, in either case (a search may have typed one)."""
    lowered = text.lower()
    return sorted(i for i in identifiers if i.lower() in lowered)


def test_every_page_of_every_list_is_masked(crowd: tuple[TestClient, set[str]]) -> None:
    client, identifiers = crowd
    index = client.get("/console/lists")
    assert [f'data-list="{name}"' in index.text for name in LISTS] == [True] * len(LISTS)
    for name in LISTS:
        page, seen = 1, 0
        while True:
            answer = client.get(f"/console/lists/{name}", params={"page": page})
            assert answer.status_code == 200
            assert not unmasked(answer.text, identifiers), name
            rows = answer.text.count('data-testid="list-row"')
            seen += rows
            if 'data-testid="list-next"' not in answer.text:
                break
            assert rows == 50
            page += 1
        total = re.search(r'data-total="(\d+)"', answer.text)
        assert total and seen == int(total.group(1)), name
    court = client.get("/console/lists/court_dishonest").text
    assert int(re.search(r'data-total="(\d+)"', court).group(1)) > 50  # type: ignore[union-attr]


def test_searching_by_a_full_identifier_echoes_it_masked(
    crowd: tuple[TestClient, set[str]],
) -> None:
    client, identifiers = crowd
    first = client.get("/console/lists/court_dishonest").text
    masked_ids = re.findall(r'data-testid="masked-id">([^<]+)<', first)
    assert masked_ids and all("*" in m for m in masked_ids)
    listed = sorted(i for i in identifiers if mask(i) == masked_ids[0])
    assert listed
    for query in (listed[0], listed[0].lower(), masked_ids[0]):
        found = client.get("/console/lists/court_dishonest", params={"q": query})
        assert not unmasked(found.text, identifiers) and listed[0].lower() not in found.text
        assert masked_ids[0] in found.text
        rows = re.findall(r'data-testid="masked-id">([^<]+)<', found.text)
        assert rows and set(rows) == {masked_ids[0]}
    fragment = client.get(
        "/console/lists/court_dishonest", params={"q": listed[0]}, headers={"HX-Request": "true"}
    )
    assert "<html" not in fragment.text and not unmasked(fragment.text, identifiers)


def test_an_unknown_list_is_not_found(shared_console: Console) -> None:
    answer = shared_console.client.get("/console/lists/no_such_list")
    assert answer.status_code == 404 and answer.headers["content-type"].startswith("text/html")


def test_the_sample_lists_show_only_published_fields(shared_console: Console) -> None:
    page = shared_console.client.get("/console/lists/court_dishonest").text
    assert "110105********0418" in page and "110105198503120418" not in page
    spec = shared_console.registry.rulebook.lists["court_dishonest"]
    headers = re.findall(r'<th scope="col">([^<]+)</th>', page)
    assert len(headers) == len(spec.publish_fields)
