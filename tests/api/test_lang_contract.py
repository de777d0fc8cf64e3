"""The ``lang`` parameter: the published pattern admits exactly what the server accepts.

Before, the document said only ``maxLength: 16`` while the server refused everything but
``zh-CN`` and ``en``: schemathesis' ``positive_data_acceptance`` check found a
schema-valid ``lang`` answered 422 (issue 10, item 4).
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import Api

LANG_PATHS = ["/v1/lists/court_dishonest", "/v1/checks"]


def _lang_schemas(document: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "lang":
                    schema = parameter["schema"]
                    found.append(next(iter(schema.get("anyOf", [schema]))))
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    text=st.one_of(
        st.sampled_from(["en", "EN", "zh-CN", "zh_cn", "Zh-Cn", " en", "en ", "zh", "fr", ""]),
        st.text(max_size=6),
    )
)
def test_a_lang_is_accepted_exactly_when_the_schema_admits_it(shared_api: Api, text: str) -> None:
    document = shared_api.client.get("/openapi.json").json()
    schemas = _lang_schemas(document)
    assert len(schemas) >= 5 and all("pattern" in schema for schema in schemas)
    pattern = schemas[0]["pattern"]
    admitted = re.search(pattern, text) is not None and "\x00" not in text
    params = {"lang": text}
    listed = shared_api.call("GET", LANG_PATHS[0], params=params)
    checked = shared_api.call(
        "GET",
        LANG_PATHS[1],
        "checkpoint",
        params={**params, "subject": "110105198503120418", "service": "rail"},
    )
    for response in (listed, checked):
        assert (response.status_code == 200) == admitted, (text, response.text)
