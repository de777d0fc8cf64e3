"""Subjects signing in with an OpenID Connect ID token (a JWT from a configured issuer).

The issuer's keys come from a JWKS URL (fetched and cached by PyJWT) or a JWKS file. A
token is accepted only with a valid signature by one of those keys, the configured
issuer and audience, an expiry in the future, and a subject claim that is a valid
identifier: that identifier is the only file its bearer may see.
"""

from __future__ import annotations

import json
from pathlib import Path

import jwt

from creditreg.access.roles import Principal, Role
from creditreg.identifiers import InvalidIdentifier, parse_subject

ALGORITHMS = ["RS256", "ES256", "EdDSA", "PS256"]
LEEWAY_SECONDS = 30


class BadIdToken(ValueError):
    """The ID token cannot be accepted; the message says why (never echoes the token)."""


class OidcVerifier:
    __slots__ = ("_audience", "_claim", "_file_keys", "_issuer", "_url_keys")

    def __init__(self, issuer: str, audience: str, jwks: str, claim: str = "sub") -> None:
        self._issuer, self._audience, self._claim = issuer, audience, claim
        self._url_keys: jwt.PyJWKClient | None = None
        self._file_keys: jwt.PyJWKSet | None = None
        if jwks.startswith(("https://", "http://")):
            self._url_keys = jwt.PyJWKClient(jwks, cache_keys=True, lifespan=300)
        else:
            self._file_keys = jwt.PyJWKSet.from_dict(json.loads(Path(jwks).read_text()))

    def principal(self, token: str) -> Principal:
        claims = self._claims(token)
        raw = claims.get(self._claim)
        if not isinstance(raw, str):
            raise BadIdToken(f"the ID token has no '{self._claim}' claim naming a subject")
        try:
            subject = parse_subject(raw)
        except InvalidIdentifier:
            raise BadIdToken(f"the '{self._claim}' claim is not a valid identifier") from None
        return Principal(
            Role.SUBJECT, f"oidc:{self._issuer}#{claims['sub']}", subject_id=subject.id
        )

    def _claims(self, token: str) -> dict[str, object]:
        try:
            key = self._signing_key(token)
            return dict(
                jwt.decode(
                    token,
                    key,
                    algorithms=ALGORITHMS,
                    audience=self._audience,
                    issuer=self._issuer,
                    leeway=LEEWAY_SECONDS,
                    options={"require": ["exp", "iat", "iss", "aud", "sub"]},
                )
            )
        except jwt.PyJWTError as exc:
            raise BadIdToken(f"the ID token was not accepted: {exc}") from None

    def _signing_key(self, token: str) -> jwt.PyJWK:
        if self._url_keys is not None:
            return self._url_keys.get_signing_key_from_jwt(token)
        assert self._file_keys is not None
        header = jwt.get_unverified_header(token)
        kid, alg = header.get("kid"), header.get("alg")
        for key in self._file_keys.keys:
            # Without a kid, the first key of the token's algorithm (the signature check
            # that follows is what decides; this only picks which key to try).
            if key.key_id == kid if kid is not None else key.algorithm_name == alg:
                return key
        raise jwt.InvalidKeyError("no key of the issuer's key set matches the token")
