"""The log's hash chain: canonical bytes, personal-data commitments, chain hashes.

An entry's canonical bytes are JSON with sorted keys, no spaces and raw UTF-8 over
``{seq, recorded_at, personal_commitment, **event.hashed_fields()}``; its hash is
``sha256(prev_hash || canonical)``, so changing, removing or reordering any entry breaks
every hash after it. Personal data is not hashed itself but *committed to*:
``sha256(salt || canonical(personal))`` with a random salt per event. While the personal
row exists, any change to it is detected; once erased, the commitment reveals nothing
(the salt went with it) and the chain still verifies.
"""

from __future__ import annotations

import json
import json.encoder
import os
from collections.abc import Callable, Mapping
from hashlib import sha256
from typing import Any

GENESIS = "0" * 64
"""The ``prev_hash`` of the first entry."""

RESERVED = frozenset({"seq", "recorded_at", "personal_commitment"})
"""Keys the log adds to an event's hashed fields; an event body must not carry them."""

_ENCODER = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)


def _fast_encoder() -> Callable[[Mapping[str, object]], str]:
    """``_ENCODER.encode`` without rebuilding the C encoder on every call.

    ``JSONEncoder.encode`` constructs a fresh C encoder per call, which is half the cost
    of encoding a small event; ingest encodes three objects per event. Where the C
    speedups are missing we fall back to the pure-Python path: same bytes, slower.
    """
    make: Any = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return _ENCODER.encode
    # Arguments as JSONEncoder.iterencode passes them: no circularity markers (our values
    # are flat), sorted keys, compact separators, no NaN.
    encoder = make(
        None, _ENCODER.default, json.encoder.encode_basestring, None, ":", ",", True, False, False
    )
    return lambda value: "".join(encoder(value, 0))


canonical_text: Callable[[Mapping[str, object]], str] = _fast_encoder()
"""The one JSON spelling of a flat object: sorted keys, compact, unescaped Unicode."""


def entry_bytes(
    seq: int, recorded_at: str, personal_commitment: str | None, fields: Mapping[str, object]
) -> bytes:
    """The canonical bytes that an entry's hash covers."""
    merged = {**fields, "seq": seq, "recorded_at": recorded_at}
    merged["personal_commitment"] = personal_commitment
    return canonical_text(merged).encode()


# No key of an event sorts between "personal_commitment" and "record_id", or between
# "record_id" and "subject_id" (both always present), so for these keys the log's keys can
# be spliced into the canonical body instead of encoding the merged object again.
_SPLICEABLE = frozenset(
    {"amount", "authority", "decision_ref", "kind", "objection_id", "occurred_on", "on"}
    | {"outcome", "record_id", "subject_id", "type", "years"}
)
quote: Callable[[str], str] = json.encoder.encode_basestring
"""A string as ``canonical_text`` spells it: the encoder's own quoting function."""


def spliced_entry_bytes(
    seq: int,
    recorded_at: str,
    personal_commitment: str | None,
    fields: Mapping[str, object],
    body: str,
) -> bytes:
    """``entry_bytes(...)`` given ``body == canonical_text(fields)``, about twice as fast.

    The writer's inner loop uses this; fields outside the known key set take the general
    path, and a property test holds both equal.
    """
    if not _SPLICEABLE.issuperset(fields):
        return entry_bytes(seq, recorded_at, personal_commitment, fields)
    head, _, rest = body.partition(',"record_id":')
    record, _, tail = rest.partition(',"subject_id":')
    commitment = "null" if personal_commitment is None else f'"{personal_commitment}"'
    log_keys = f',"recorded_at":{quote(recorded_at)},"seq":{seq:d},"subject_id":'
    spliced = f'{head},"personal_commitment":{commitment},"record_id":{record}{log_keys}{tail}'
    return spliced.encode()


def new_salt() -> bytes:
    """Sixteen random bytes, so a commitment cannot be brute-forced from a guessed name."""
    return os.urandom(16)


def commit_personal(salt: bytes, personal_text: str) -> str:
    """The commitment to personal data, given its canonical text (hex sha256)."""
    return sha256(salt + personal_text.encode()).hexdigest()


def chain_hash(prev_hash: str, entry: bytes) -> str:
    """The hash of an entry, chained to the hash of the entry before it (hex sha256)."""
    return sha256(bytes.fromhex(prev_hash) + entry).hexdigest()
