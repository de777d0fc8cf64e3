"""One projection row from one subject's log entries: a pure function (local and Spark).

``derive`` folds nothing by hand: it builds the timeline (``engine.timeline``), encodes it
(the body, ``codec``) and its decision view (``view``), and binds them: HMAC-SHA256 over
the subject, the log position, the law, the digest of the entries' chain hashes, the view's
digest and the body's digest, under the key the database does not hold. The body's digest
is stored in the row (``body_digest``), so a check verifies the binding from the view alone
(a few hundred bytes) without reading or hashing the body; a read of the whole file checks
``sha256(body)`` against that bound digest too.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from creditreg.engine.law import Law
from creditreg.engine.timeline import build
from creditreg.events import event_from_fields
from creditreg.projection.codec import encode
from creditreg.projection.view import encode_view

Entry = tuple[int, str, str]
"""One log entry of the subject: ``(seq, body, hash)`` as stored in ``events``."""


@dataclass(frozen=True, slots=True)
class Row:
    subject_id: str
    log_seq: int
    law: str
    events_digest: str
    view: bytes
    body_digest: str
    binding: str
    body: bytes = b""  # not read by a check (``store.ProjectionStore.decider``)


@lru_cache(maxsize=64)
def law_digest(law_key: str) -> str:
    """A fixed-length name of the rulebook versions a row was folded under (remembered:
    every check asks it of the same few keys)."""
    return hashlib.sha256(law_key.encode()).hexdigest()


def events_digest(hashes: Sequence[str]) -> str:
    """The chain hashes of the entries a row was derived from, in log order."""
    return hashlib.sha256("\n".join(hashes).encode()).hexdigest()


def binding(
    key: bytes,
    subject_id: str,
    log_seq: int,
    law: str,
    digest: str,
    view: bytes,
    body_digest: str,
) -> str:
    message = "\x1f".join(
        (subject_id, str(log_seq), law, digest, hashlib.sha256(view).hexdigest(), body_digest)
    )
    return hmac.digest(key, message.encode(), "sha256").hex()  # one-shot: no HMAC object


def bound(key: bytes, row: Row) -> bool:
    """Whether ``row``'s view, body digest and position carry the binding only the key's
    holder can make (the body itself: ``body_bound``)."""
    expected = binding(
        key, row.subject_id, row.log_seq, row.law, row.events_digest, row.view, row.body_digest
    )
    return hmac.compare_digest(expected, row.binding)


def body_bound(row: Row) -> bool:
    """Whether ``row``'s body is the one its (bound) digest names."""
    return hmac.compare_digest(hashlib.sha256(row.body).hexdigest(), row.body_digest)


def derive(subject_id: str, entries: Sequence[Entry], law: Law, law_key: str, key: bytes) -> Row:
    """The row of ``subject_id`` from its entries (every one naming it, in log order)."""
    events = [event_from_fields(json.loads(body), seq, {}) for seq, body, _ in entries]
    timeline = build(subject_id, events, law)
    body, view = encode(timeline), encode_view(timeline)
    body_digest = hashlib.sha256(body).hexdigest()
    log_seq = max((seq for seq, _, _ in entries), default=0)
    digest = events_digest([h for _, _, h in entries])
    name = law_digest(law_key)
    return Row(
        subject_id,
        log_seq,
        name,
        digest,
        view,
        body_digest,
        binding(key, subject_id, log_seq, name, digest, view, body_digest),
        body,
    )
