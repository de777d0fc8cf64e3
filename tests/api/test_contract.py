"""The published contract matches what the server does (issue 10, finding 9).

``OPTIONS`` (any method a path does not take) names every method the path takes in
``Allow``; the OpenAPI document admits no value the server refuses: a NUL character in a
path or query parameter, an empty array of records, ``years: 2.0`` (JSON Schema's
``integer`` admits it, so the server takes it).
"""

from __future__ import annotations

from typing import Any

import pytest

from creditreg.web.api.language import LANG_PATTERN

from .conftest import Api

PATHS_METHODS = [
    ("/v1/checks", "GET, POST"),
    ("/v1/tokens", "GET, POST"),
    ("/v1/authorities", "GET, POST"),
    ("/v1/records", "POST"),
    ("/livez", "GET"),
]


@pytest.mark.parametrize(("path", "allow"), PATHS_METHODS)
def test_allow_names_every_method_of_the_path(shared_api: Api, path: str, allow: str) -> None:
    document = shared_api.client.get("/openapi.json").json()
    documented = ", ".join(sorted(m.upper() for m in document["paths"][path]))
    assert documented == allow  # the table above is the document's
    for method in ("OPTIONS", "PATCH"):
        response = shared_api.call(method, path, "admin")
        assert response.status_code == 405
        assert response.headers["allow"] == allow
        assert response.json()["type"] == "/problems/method-not-allowed"


def parameters(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, parameter["name"], parameter["schema"])
        for path, operations in document["paths"].items()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
    ]


def string_schemas(schema: dict[str, Any]) -> list[dict[str, Any]]:
    found = [option for option in schema.get("anyOf", []) if option.get("type") == "string"]
    return found + ([schema] if schema.get("type") == "string" else [])


def test_no_parameter_admits_a_nul_character(shared_api: Api) -> None:
    document = shared_api.client.get("/openapi.json").json()
    checked = 0
    for path, name, schema in parameters(document):
        for text in string_schemas(schema):
            if "enum" in text:
                assert not any("\x00" in value for value in text["enum"])
                continue
            assert "pattern" in text, (path, name)
            if text["pattern"] == LANG_PATTERN:  # a closed alphabet: letters, - and _ only
                checked += 1
                continue
            assert "\\u0000" in text["pattern"] or "\x00" in text["pattern"], (path, name)
            checked += 1
    assert checked >= 10
    refused = shared_api.call("GET", "/v1/checks?subject=a%00b&service=rail", "checkpoint")
    assert refused.status_code == 422


def test_an_empty_array_of_records_is_not_in_the_document(shared_api: Api) -> None:
    document = shared_api.client.get("/openapi.json").json()
    body = document["paths"]["/v1/records"]["post"]["requestBody"]["content"]
    arrays = [s for s in body["application/json"]["schema"]["oneOf"] if s["type"] == "array"]
    assert [s["minItems"] for s in arrays] == [1]
    assert shared_api.call("POST", "/v1/records", "agency", json=[]).status_code == 422


def test_years_written_as_a_whole_float_is_read_as_the_integer(api: Api) -> None:
    path = "/v1/records/demo-a1/extension"
    whole = api.call("POST", path, "agency", json={"years": 2.0})
    integer = api.call("POST", path, "agency", json={"years": 2})
    assert whole.status_code != 422  # past validation: the same answer as for 2
    assert (whole.status_code, whole.json()) == (integer.status_code, integer.json())
    refused = api.call("POST", path, "agency", json={"years": 2.5})
    assert refused.status_code == 422
