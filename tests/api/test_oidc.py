"""Subjects signing in with an OpenID Connect ID token (issue 4: "subjects authenticate with
an OpenID Connect ID token (issuer, audience and key set configured)").

The issuer is played by keys generated here (RSA, EC P-256 and Ed25519) and a JWKS file
(and, once, a JWKS served over HTTP for ``PyJWKClient``); ID tokens are minted with
PyJWT. A valid token naming PERSON_A reads PERSON_A's file, is logged as
``oidc:<issuer>#<sub>`` and may object to PERSON_A's records; anything else about the
token (audience, issuer, times, key, algorithm, claims) is a 401, and the subject role
never reaches another role's endpoints (403).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

from creditreg.web.settings import Settings, SettingsError

from .conftest import PERSON_A, PERSON_B, Api
from .helpers_hostile import database, problem, serving

ISSUER = "https://id.example.gov.cn/realms/citizens"
AUDIENCE = "creditreg-portal"
BAD_ID = "110105198503120419"


@dataclass(frozen=True)
class SigningKey:
    kid: str
    alg: str
    private: Any
    jwk: dict[str, Any]


def _key(kid: str, alg: str, private: Any, to_jwk: Any) -> SigningKey:
    jwk = dict(to_jwk(private.public_key(), as_dict=True))
    return SigningKey(kid, alg, private, {**jwk, "kid": kid, "alg": alg, "use": "sig"})


@pytest.fixture(scope="module")
def keys() -> dict[str, SigningKey]:
    """The issuer's keys, and an impostor's RSA key that is in no key set."""
    return {
        "rsa": _key("rsa-1", "RS256", rsa.generate_private_key(65537, 2048), RSAAlgorithm.to_jwk),
        "ec": _key("ec-1", "ES256", ec.generate_private_key(ec.SECP256R1()), ECAlgorithm.to_jwk),
        "ed": _key("ed-1", "EdDSA", ed25519.Ed25519PrivateKey.generate(), OKPAlgorithm.to_jwk),
        "impostor": _key(
            "rsa-1", "RS256", rsa.generate_private_key(65537, 2048), RSAAlgorithm.to_jwk
        ),
    }


def jwks(keys: dict[str, SigningKey]) -> dict[str, Any]:
    return {"keys": [keys[name].jwk for name in ("rsa", "ec", "ed")]}


@pytest.fixture(scope="module")
def oidc(tmp_path_factory: pytest.TempPathFactory, keys: dict[str, SigningKey]) -> Iterator[Api]:
    directory = tmp_path_factory.mktemp("oidc")
    key_file = directory / "jwks.json"
    key_file.write_text(json.dumps(jwks(keys)))
    with (
        database("sqlite", directory) as url,
        serving(
            url, directory, oidc_issuer=ISSUER, oidc_audience=AUDIENCE, oidc_jwks=str(key_file)
        ) as api,
    ):
        yield api


def claims(**changes: Any) -> dict[str, Any]:
    """The claims of a valid ID token for PERSON_A; ``None`` removes a claim."""
    now = int(time.time())
    base = {"iss": ISSUER, "aud": AUDIENCE, "sub": PERSON_A, "iat": now, "exp": now + 600}
    base.update(changes)
    return {name: value for name, value in base.items() if value is not None}


def mint(key: SigningKey, payload: dict[str, Any] | None = None, **header: Any) -> str:
    headers = {"kid": key.kid, **header}
    return jwt.encode(payload or claims(), key.private, algorithm=key.alg, headers=headers)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned(header: dict[str, Any], payload: dict[str, Any], signature: bytes = b"") -> str:
    parts = [_b64(json.dumps(header).encode()), _b64(json.dumps(payload).encode())]
    return ".".join([*parts, _b64(signature)])


def access_actors(api: Api) -> list[str]:
    with api.registry.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT actor FROM access_log WHERE subject_id = ?", (PERSON_A,)
        )
        return [str(row[0]) for row in rows]


# --- what a valid ID token may do ---------------------------------------------------------


@pytest.mark.parametrize("name", ["rsa", "ec", "ed"])
def test_a_valid_id_token_reads_its_own_file_and_is_logged(
    oidc: Api, keys: dict[str, SigningKey], name: str
) -> None:
    before = oidc.access_count()
    response = oidc.client.get(f"/v1/subjects/{PERSON_A}", headers=bearer(mint(keys[name])))
    assert response.status_code == 200, response.text
    assert response.json()["subject_id"] == PERSON_A
    assert oidc.access_count() == before + 1
    assert access_actors(oidc)[-1] == f"oidc:{ISSUER}#{PERSON_A}"


def test_the_subject_sees_who_looked_including_itself(
    oidc: Api, keys: dict[str, SigningKey]
) -> None:
    token = mint(keys["rsa"])
    assert oidc.client.get(f"/v1/subjects/{PERSON_A}", headers=bearer(token)).status_code == 200
    response = oidc.client.get(f"/v1/subjects/{PERSON_A}/access-log", headers=bearer(token))
    assert response.status_code == 200, response.text
    assert f"oidc:{ISSUER}#{PERSON_A}" in {entry["actor"] for entry in response.json()["entries"]}


def test_a_valid_id_token_cannot_read_another_subjects_file(
    oidc: Api, keys: dict[str, SigningKey]
) -> None:
    before = oidc.access_count()
    for path in (f"/v1/subjects/{PERSON_B}", f"/v1/subjects/{PERSON_B}/access-log"):
        problem(oidc.client.get(path, headers=bearer(mint(keys["rsa"]))), 403, "forbidden")
    assert oidc.access_count() == before


def test_a_subject_objects_to_its_own_record_but_not_to_others(
    oidc: Api, keys: dict[str, SigningKey]
) -> None:
    own = oidc.client.post(
        "/v1/records/demo-a2/objection",
        json={"grounds": "I was not on that train"},
        headers=bearer(mint(keys["ec"])),
    )
    assert own.status_code == 201, own.text
    assert own.json()["event"] == "objection.filed" and own.json()["subject_id"] == PERSON_A
    other = mint(keys["ec"], claims(sub=PERSON_B))
    before = oidc.log_size()
    response = oidc.client.post(
        "/v1/records/demo-a2/objection", json={"grounds": "g"}, headers=bearer(other)
    )
    problem(response, 404, "not-found")  # not yours = not there (issue 10)
    assert oidc.log_size() == before


OTHER_ROLES = [
    ("GET", f"/v1/checks?subject={PERSON_A}&service=rail", None),
    ("POST", "/v1/checks", {"items": [{"subject": PERSON_A, "service": "rail"}]}),
    ("POST", "/v1/records", {"subject_id": PERSON_A}),
    ("POST", "/v1/records/demo-a1/revocation", {"reason": "r"}),
    ("POST", "/v1/records/demo-a1/fulfilment", {}),
    ("POST", "/v1/records/demo-a1/repair", {}),
    ("POST", "/v1/records/demo-a1/extension", {"years": 1}),
    ("GET", "/v1/objections", None),
    ("POST", "/v1/objections/obj-x/decision", {"outcome": "upheld", "reason": "r"}),
    ("GET", "/v1/access-log", None),
    ("GET", "/v1/access-log/dec-x", None),
    ("POST", "/v1/tokens", {"role": "admin", "name": "me"}),
    ("GET", "/v1/tokens", None),
    ("DELETE", "/v1/tokens/x", None),
]


@pytest.mark.parametrize(
    ("method", "path", "body"), OTHER_ROLES, ids=[f"{m} {p}" for m, p, _ in OTHER_ROLES]
)
def test_an_id_token_never_reaches_other_roles_endpoints(
    oidc: Api, keys: dict[str, SigningKey], method: str, path: str, body: Any
) -> None:
    before = (oidc.log_size(), oidc.access_count())
    response = oidc.client.request(method, path, json=body, headers=bearer(mint(keys["rsa"])))
    problem(response, 403, "forbidden")
    assert (oidc.log_size(), oidc.access_count()) == before


def test_expiry_within_the_leeway_is_accepted(oidc: Api, keys: dict[str, SigningKey]) -> None:
    """30 s of clock skew are allowed (``LEEWAY_SECONDS``); a token 10 s past expiry passes."""
    now = int(time.time())
    token = mint(keys["rsa"], claims(iat=now - 600, exp=now - 10))
    assert oidc.client.get(f"/v1/subjects/{PERSON_A}", headers=bearer(token)).status_code == 200


# --- what is refused ------------------------------------------------------------------------


def _refused(keys: dict[str, SigningKey], case: str) -> str:
    rsa_key, now = keys["rsa"], int(time.time())
    public_pem = rsa_key.private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    if case == "alg none":
        return unsigned({"alg": "none", "kid": "rsa-1", "typ": "JWT"}, claims())
    if case == "alg None":
        return unsigned({"alg": "None", "kid": "rsa-1"}, claims())
    if case == "no alg":
        return unsigned({"kid": "rsa-1"}, claims(), b"x")
    if case in ("HS256 with the public key", "HS256 with the JWK"):
        secret = public_pem if case.endswith("public key") else json.dumps(rsa_key.jwk).encode()
        header = {"alg": "HS256", "kid": "rsa-1", "typ": "JWT"}
        signing_input = unsigned(header, claims()).rsplit(".", 1)[0]
        signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
        return f"{signing_input}.{_b64(signature)}"
    if case == "tampered payload":
        head, _, signature = mint(rsa_key).split(".")
        return ".".join([head, _b64(json.dumps(claims(sub=PERSON_B)).encode()), signature])
    if case == "signature stripped":
        return mint(rsa_key).rsplit(".", 1)[0] + "."
    if case == "impostor key, known kid":
        return mint(keys["impostor"])
    if case == "impostor key, unknown kid":
        return mint(keys["impostor"], kid="rsa-2")
    if case == "RSA token with the EC kid":
        return mint(rsa_key, kid="ec-1")
    if case == "PS256 by an RS256 key":
        return jwt.encode(claims(), rsa_key.private, algorithm="PS256", headers={"kid": "rsa-1"})
    changes: dict[str, dict[str, Any]] = {
        "wrong audience": {"aud": "another-client"},
        "audience list without ours": {"aud": ["a", "b"]},
        "wrong issuer": {"iss": "https://evil.example.com"},
        "issuer with a trailing slash": {"iss": ISSUER + "/"},
        "expired": {"iat": now - 3600, "exp": now - 120},
        "not yet valid": {"nbf": now + 3600},
        "issued in the future": {"iat": now + 3600, "exp": now + 7200},
        "no exp": {"exp": None},
        "no iat": {"iat": None},
        "no iss": {"iss": None},
        "no aud": {"aud": None},
        "no sub": {"sub": None},
        "sub not an identifier": {"sub": "alice@example.com"},
        "sub with a wrong check character": {"sub": BAD_ID},
        "sub a number": {"sub": 110105198503120418},
        "sub SQL": {"sub": "' OR 1=1 --"},
        "exp not a number": {"exp": "tomorrow"},
    }
    return mint(rsa_key, claims(**changes[case]))


REFUSED = [
    "alg none",
    "alg None",
    "no alg",
    "HS256 with the public key",
    "HS256 with the JWK",
    "tampered payload",
    "signature stripped",
    "impostor key, known kid",
    "impostor key, unknown kid",
    "RSA token with the EC kid",
    "PS256 by an RS256 key",
    "wrong audience",
    "audience list without ours",
    "wrong issuer",
    "issuer with a trailing slash",
    "expired",
    "not yet valid",
    "issued in the future",
    "no exp",
    "no iat",
    "no iss",
    "no aud",
    "no sub",
    "sub not an identifier",
    "sub with a wrong check character",
    "sub a number",
    "sub SQL",
    "exp not a number",
]


@pytest.mark.parametrize("case", REFUSED)
def test_a_bad_id_token_is_a_401(oidc: Api, keys: dict[str, SigningKey], case: str) -> None:
    token = _refused(keys, case)
    before = (oidc.log_size(), oidc.access_count())
    responses = [
        oidc.client.get(f"/v1/subjects/{PERSON_A}", headers=bearer(token)),
        oidc.client.post(
            "/v1/records/demo-a2/objection", json={"grounds": "g"}, headers=bearer(token)
        ),
    ]
    for response in responses:
        found = problem(response, 401, "unauthenticated")
        assert response.headers["www-authenticate"] == "Bearer"
        assert token not in found["detail"]
    assert (oidc.log_size(), oidc.access_count()) == before


@pytest.mark.parametrize("garbage", ["a.b.c", "..", "eyJ.eyJ.", "x" * 5000 + ".y.z", "é.é.é"])
def test_jwt_shaped_garbage_is_a_401(oidc: Api, garbage: str) -> None:
    header = f"Bearer {garbage}".encode()  # bytes: a header is not ASCII-only on the wire
    response = oidc.client.get(f"/v1/subjects/{PERSON_A}", headers={"Authorization": header})
    problem(response, 401, "unauthenticated")


def test_a_custom_subject_claim(tmp_path: Path, keys: dict[str, SigningKey]) -> None:
    """``oidc_subject_claim``: the identifier in its own claim, ``sub`` an opaque account id."""
    key_file = tmp_path / "jwks.json"
    key_file.write_text(json.dumps(jwks(keys)))
    settings = {"oidc_issuer": ISSUER, "oidc_audience": AUDIENCE, "oidc_jwks": str(key_file)}
    with (
        database("sqlite", tmp_path) as url,
        serving(url, tmp_path, oidc_subject_claim="national_id", **settings) as api,
    ):
        good = mint(keys["ed"], claims(sub="account-7f3a", national_id=PERSON_A))
        response = api.client.get(f"/v1/subjects/{PERSON_A}", headers=bearer(good))
        assert response.status_code == 200, response.text
        assert access_actors(api)[-1] == f"oidc:{ISSUER}#account-7f3a"
        missing = mint(keys["ed"], claims(sub=PERSON_A))  # the identifier is in the wrong claim
        problem(
            api.client.get(f"/v1/subjects/{PERSON_A}", headers=bearer(missing)),
            401,
            "unauthenticated",
        )


def test_id_tokens_are_refused_when_oidc_is_not_configured(
    sqlite_api: Api, keys: dict[str, SigningKey]
) -> None:
    response = sqlite_api.client.get(f"/v1/subjects/{PERSON_A}", headers=bearer(mint(keys["rsa"])))
    problem(response, 401, "unauthenticated")


def test_api_tokens_still_work_beside_oidc(oidc: Api) -> None:
    assert oidc.call("GET", f"/v1/subjects/{PERSON_A}", "subject").status_code == 200
    assert (
        oidc.call("GET", f"/v1/checks?subject={PERSON_A}&service=rail", "checkpoint").status_code
        == 200
    )


# --- the key set over HTTP (PyJWKClient) --------------------------------------------------


class _Issuer(BaseHTTPRequestHandler):
    body = b"{}"
    fetches = 0

    def do_GET(self) -> None:
        type(self).fetches += 1
        if self.path != "/jwks.json":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_a_jwks_served_over_http(tmp_path: Path, keys: dict[str, SigningKey]) -> None:
    handler = type("Issuer", (_Issuer,), {"body": json.dumps(jwks(keys)).encode(), "fetches": 0})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/jwks.json"
    try:
        with (
            database("sqlite", tmp_path) as db,
            serving(db, tmp_path, oidc_issuer=ISSUER, oidc_audience=AUDIENCE, oidc_jwks=url) as api,
        ):
            for name in ("rsa", "ec", "ed", "rsa"):
                response = api.client.get(
                    f"/v1/subjects/{PERSON_A}", headers=bearer(mint(keys[name]))
                )
                assert response.status_code == 200, response.text
            assert handler.fetches == 1  # fetched once, then cached
            impostor = mint(keys["impostor"], kid="rsa-9")  # unknown kid: refetched, still unknown
            problem(
                api.client.get(f"/v1/subjects/{PERSON_A}", headers=bearer(impostor)),
                401,
                "unauthenticated",
            )
            forged = mint(keys["impostor"])  # known kid, wrong key
            problem(
                api.client.get(f"/v1/subjects/{PERSON_A}", headers=bearer(forged)),
                401,
                "unauthenticated",
            )
            server.shutdown()  # the issuer goes away: cached keys keep working
            response = api.client.get(f"/v1/subjects/{PERSON_A}", headers=bearer(mint(keys["ec"])))
            assert response.status_code == 200, response.text
    finally:
        server.shutdown()
        server.server_close()


# --- settings --------------------------------------------------------------------------------

OIDC_VARIABLES = {
    "CREDITREG_OIDC_ISSUER": ISSUER,
    "CREDITREG_OIDC_AUDIENCE": AUDIENCE,
    "CREDITREG_OIDC_JWKS": "https://id.example.gov.cn/jwks.json",
}


@pytest.mark.parametrize(
    "given",
    [
        ["CREDITREG_OIDC_ISSUER"],
        ["CREDITREG_OIDC_AUDIENCE"],
        ["CREDITREG_OIDC_JWKS"],
        ["CREDITREG_OIDC_ISSUER", "CREDITREG_OIDC_AUDIENCE"],
        ["CREDITREG_OIDC_ISSUER", "CREDITREG_OIDC_JWKS"],
        ["CREDITREG_OIDC_AUDIENCE", "CREDITREG_OIDC_JWKS"],
    ],
)
def test_oidc_settings_are_all_or_none(given: list[str]) -> None:
    with pytest.raises(SettingsError, match="CREDITREG_OIDC_ISSUER, CREDITREG_OIDC_AUDIENCE"):
        Settings.from_env({name: OIDC_VARIABLES[name] for name in given})


def test_oidc_settings_all_or_none_pass() -> None:
    assert Settings.from_env(OIDC_VARIABLES).oidc_enabled
    assert not Settings.from_env({}).oidc_enabled
