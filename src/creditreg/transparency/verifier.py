"""Check creditreg's signed tree heads and proofs with nothing but this file.

This module imports only the Python standard library and ``cryptography``: no database,
no other part of creditreg. Copy it anywhere and run ``python verifier.py``, or run it
from an installed creditreg as ``python -m creditreg.transparency.verifier``.

What it checks (RFC 9162, Certificate Transparency v2, with SHA-256 and Ed25519):

* a **signed tree head** ``{"size", "root", "timestamp", "key_id", "signature"}``: the
  Ed25519 signature (hex) over ``b"creditreg signed tree head v1\\n"`` followed by the
  JSON of the other four fields (sorted keys, no spaces), under the public key whose id
  (first 16 hex digits of SHA-256 of the raw key) is ``key_id``;
* an **inclusion proof** ``{"type": "inclusion", "tree_size", "leaf_index", "seq",
  "leaf_hash", "path", "entry"}``: that ``SHA-256(0x00 || entry)`` is the leaf hash and
  that the path leads from it to the head's root (RFC 9162 §2.1.3.2);
* a **consistency proof** ``{"type": "consistency", "old_size", "new_size", "path"}``:
  that the older head's tree is a prefix of the newer one's (RFC 9162 §2.1.4.2), i.e.
  nothing logged before the older head was changed, removed or reordered.

Worked example: the auditor fetches the public keys once, from a source they trust, then
checks any head and proof they are given::

    $ creditreg log public-key --all > creditreg-log.pem
    $ creditreg log head --json > head.json
    $ creditreg log prove demo-a1 --json > proof.json
    $ python -m creditreg.transparency.verifier --key creditreg-log.pem head.json proof.json
    OK head of size 37 (root 6b9f4783…) signed by key 05653a79d1ee46b6 at 2026-11-27T14:45:17.432Z
    OK entry seq 1 (record demo-a1) is leaf 0 of the tree of size 37

Later the log has grown; the auditor keeps the old head and asks for a consistency proof::

    $ creditreg log head --json > head-38.json
    $ creditreg log consistency 37 38 --json > consistency.json
    $ python -m creditreg.transparency.verifier --key creditreg-log.pem \\
          head.json head-38.json consistency.json
    OK head of size 37 (root 6b9f4783…) signed by key 05653a79d1ee46b6 at 2026-11-27T14:45:17.432Z
    OK head of size 38 (root 8439a760…) signed by key 05653a79d1ee46b6 at 2026-11-27T14:45:20.984Z
    OK the tree of size 37 is a prefix of the tree of size 38

``--key`` takes a PEM file (one or more public keys), the JSON of ``creditreg log
public-key --json``, or a raw key in hex; repeat it for several. Without a key it
refuses to run unless ``--unsigned`` says to check the proofs only. Exit status 0 means
every check passed, 1 that one failed (the reason is printed), 2 a usage error. The same
checks as functions, here on the RFC 6962 test vectors (leaves ``""`` and ``"00"``):

>>> first, second = leaf_hash(b""), leaf_hash(bytes.fromhex("00"))
>>> root = node_hash(first, second)
>>> root.hex()[:16]
'fac54203e7cc696c'
>>> verify_inclusion(first, 0, 2, [second], root)
>>> verify_consistency(1, 2, first, root, [second])
>>> try:
...     verify_inclusion(second, 0, 2, [first], root)  # the wrong leaf
... except VerificationError as error:
...     print(error)
the path does not lead to the root
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from hashlib import sha256
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_pem_public_key

HEAD_CONTEXT = b"creditreg signed tree head v1\n"
_HEX = {"root": 64, "key_id": 16, "signature": 128}
_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
_PEM = re.compile(rb"-----BEGIN PUBLIC KEY-----.+?-----END PUBLIC KEY-----", re.DOTALL)


class VerificationError(ValueError):
    """A head, proof or key that does not hold; the message says what failed."""


def leaf_hash(entry: bytes) -> bytes:
    return sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return sha256(b"\x01" + left + right).digest()


def key_id(public: Ed25519PublicKey) -> str:
    return sha256(public.public_bytes(Encoding.Raw, PublicFormat.Raw)).hexdigest()[:16]


def verify_inclusion(
    leaf: bytes, index: int, size: int, path: Sequence[bytes], root: bytes
) -> None:
    """RFC 9162 §2.1.3.2: ``path`` leads from leaf ``index`` of a ``size`` tree to ``root``."""
    if not 0 <= index < size:
        raise VerificationError(f"leaf {index} is not in a tree of size {size}")
    fn, sn, hashed = index, size - 1, leaf
    for node in _hashes(path):
        if sn == 0:
            raise VerificationError("the path is longer than the tree is deep")
        if fn & 1 or fn == sn:
            hashed = node_hash(node, hashed)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            hashed = node_hash(hashed, node)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise VerificationError("the path is shorter than the tree is deep")
    if hashed != root:
        raise VerificationError("the path does not lead to the root")


def verify_consistency(
    old: int, new: int, old_root: bytes, new_root: bytes, path: Sequence[bytes]
) -> None:
    """RFC 9162 §2.1.4.2: the tree of ``old`` leaves is a prefix of the tree of ``new``."""
    if not 0 <= old <= new:
        raise VerificationError(f"size {old} cannot be a prefix of size {new}")
    if old in (0, new):
        if path or (old == new and old_root != new_root):
            raise VerificationError(f"no proof is needed from size {old} to {new}")
        return
    nodes = _hashes(path)
    if not nodes:
        raise VerificationError("the consistency path is empty")
    if old & (old - 1) == 0:
        nodes = [old_root, *nodes]
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    first = second = nodes[0]
    for node in nodes[1:]:
        if sn == 0:
            raise VerificationError("the path is longer than the trees are deep")
        if fn & 1 or fn == sn:
            first, second = node_hash(node, first), node_hash(node, second)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            second = node_hash(second, node)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0 or first != old_root or second != new_root:
        raise VerificationError(f"the tree of size {old} is not a prefix of the tree of {new}")


def head_message(head: Mapping[str, Any]) -> bytes:
    """The bytes a head's signature covers (checking each field's form first)."""
    size = head.get("size")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise VerificationError("head size is not a whole number")
    for name, length in _HEX.items():
        if not re.fullmatch(f"[0-9a-f]{{{length}}}", str(head.get(name))):
            raise VerificationError(f"head {name} is not {length} lowercase hex digits")
    if not _STAMP.fullmatch(str(head.get("timestamp"))):
        raise VerificationError("head timestamp is not ISO 8601 UTC with milliseconds")
    fields = {name: head[name] for name in ("key_id", "root", "size", "timestamp")}
    return HEAD_CONTEXT + json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


def verify_head(head: Mapping[str, Any], keys: Iterable[Ed25519PublicKey]) -> None:
    """The head is well formed and signed by the key (among ``keys``) it names."""
    message = head_message(head)
    signers = [key for key in keys if key_id(key) == head["key_id"]]
    if not signers:
        raise VerificationError(f"no public key with id {head['key_id']} was given")
    try:
        signers[0].verify(bytes.fromhex(head["signature"]), message)
    except InvalidSignature:
        raise VerificationError("the head's signature is not valid") from None


def verify_inclusion_proof(proof: Mapping[str, Any], head: Mapping[str, Any]) -> None:
    """An inclusion document against the (already verified) head of its tree size."""
    _expect(proof, "inclusion", tree_size=head["size"])
    leaf = _hash(proof.get("leaf_hash"))
    entry = proof.get("entry")
    if entry is not None and leaf_hash(str(entry).encode()) != leaf:
        raise VerificationError("the entry does not hash to the leaf hash")
    index = proof.get("leaf_index")
    if type(index) is not int or proof.get("seq", index + 1) != index + 1:
        raise VerificationError("leaf_index and seq disagree (leaf i is entry seq i + 1)")
    verify_inclusion(leaf, index, head["size"], _path(proof), _hash(head["root"]))


def verify_consistency_proof(
    proof: Mapping[str, Any], old: Mapping[str, Any], new: Mapping[str, Any]
) -> None:
    """A consistency document against the (already verified) heads of its two sizes."""
    _expect(proof, "consistency", old_size=old["size"], new_size=new["size"])
    roots = _hash(old["root"]), _hash(new["root"])
    verify_consistency(old["size"], new["size"], *roots, _path(proof))


def load_keys(source: str) -> list[Ed25519PublicKey]:
    """Public keys from a PEM file, a ``log public-key --json`` file, or raw hex."""
    data = _read(source)
    if data.lstrip().startswith(b"{"):
        return [_raw_key(key["public_key"]) for key in json.loads(data)["keys"]]
    if b"-----BEGIN" in data:
        return [_pem_key(block) for block in _PEM.findall(data)]
    return [_raw_key(data.decode().strip())]


def _read(source: str) -> bytes:
    """The file named ``source``, or ``source`` itself when it names no file."""
    try:
        return Path(source).read_bytes()
    except OSError:  # not a file: a key given inline (or a name too long to be one)
        return source.encode()


def _raw_key(text: str) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(bytes.fromhex(text))
    except ValueError:
        raise VerificationError("a raw key must be 64 hex digits (32 bytes)") from None


def _pem_key(block: bytes) -> Ed25519PublicKey:
    key = load_pem_public_key(block)
    if not isinstance(key, Ed25519PublicKey):
        raise VerificationError("a PEM key is not an Ed25519 public key")
    return key


def _expect(proof: Mapping[str, Any], kind: str, **sizes: int) -> None:
    if proof.get("type") != kind:
        raise VerificationError(f"not an {kind} proof")
    for name, size in sizes.items():
        if proof.get(name) != size:
            raise VerificationError(f"proof {name} {proof.get(name)} is not the head's {size}")


def _hash(value: object) -> bytes:
    if not isinstance(value, str) or not re.fullmatch("[0-9a-f]{64}", value):
        raise VerificationError("a hash is not 64 lowercase hex digits")
    return bytes.fromhex(value)


def _path(proof: Mapping[str, Any]) -> list[bytes]:
    path = proof.get("path")
    if not isinstance(path, list):
        raise VerificationError("the proof has no path")
    return [_hash(node) for node in path]


def _hashes(path: Sequence[bytes]) -> list[bytes]:
    if any(len(node) != 32 for node in path):
        raise VerificationError("a path hash is not 32 bytes")
    return list(path)


def main(argv: Sequence[str] | None = None) -> int:
    """Check every head given, then every proof against the heads of its sizes."""
    args = _parser().parse_args(argv)
    try:
        keys = [key for source in args.key for key in load_keys(source)]
        documents = [json.loads(Path(name).read_text(encoding="utf-8")) for name in args.files]
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not keys and not args.unsigned:
        print("error: give --key (see creditreg log public-key) or --unsigned", file=sys.stderr)
        return 2
    try:
        _check(documents, keys)
    except (VerificationError, KeyError, TypeError) as exc:
        print(f"FAIL {exc}")
        return 1
    return 0


def _check(documents: list[Any], keys: list[Ed25519PublicKey]) -> None:
    heads = {doc["size"]: doc for doc in documents if "signature" in doc}
    for head in heads.values():
        _check_head(head, keys)
    for proof in (doc for doc in documents if "signature" not in doc):
        sizes = _sizes(proof)
        missing = [size for size in sizes if size not in heads]
        if missing:
            raise VerificationError(f"no head of size {missing[0]} was given")
        if len(sizes) == 1:
            verify_inclusion_proof(proof, heads[sizes[0]])
            where = f"leaf {proof['leaf_index']} of the tree of size {sizes[0]}"
            print(f"OK {_describe(proof)} is {where}")
        else:
            verify_consistency_proof(proof, heads[sizes[0]], heads[sizes[1]])
            print(f"OK the tree of size {sizes[0]} is a prefix of the tree of size {sizes[1]}")


def _check_head(head: Mapping[str, Any], keys: list[Ed25519PublicKey]) -> None:
    if keys:
        verify_head(head, keys)
    else:
        head_message(head)
    signed = f"signed by key {head['key_id']}" if keys else "signature NOT checked,"
    root = f"(root {head['root'][:8]}…)"
    print(f"OK head of size {head['size']} {root} {signed} at {head['timestamp']}")


def _sizes(proof: Mapping[str, Any]) -> list[Any]:
    if proof.get("type") == "inclusion":
        return [proof.get("tree_size")]
    if proof.get("type") == "consistency":
        return [proof.get("old_size"), proof.get("new_size")]
    raise VerificationError("a document is neither a head nor an inclusion/consistency proof")


def _describe(proof: Mapping[str, Any]) -> str:
    """``entry seq S (record R)`` from the entry's own JSON, when it is included."""
    record = json.loads(proof["entry"]).get("record_id") if proof.get("entry") else None
    return f"entry seq {proof.get('seq')}" + (f" (record {record})" if record else "")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m creditreg.transparency.verifier",
        description="Check creditreg signed tree heads and inclusion/consistency proofs.",
    )
    parser.add_argument("files", nargs="+", help="head and proof JSON files")
    parser.add_argument("--key", action="append", default=[], help="public key(s): file or hex")
    parser.add_argument(
        "--unsigned", action="store_true", help="check proofs without checking signatures"
    )
    return parser


if __name__ == "__main__":
    sys.exit(main())
