"""Published RFC 6962 / RFC 9162 test vectors, and the corruptions they must not survive.

The vectors are the Certificate Transparency project's: the eight leaves, the node
hashes of every perfect subtree and the roots of trees 0..8 (transparency-dev/merkle,
``testonly/constants.go``, originally google/certificate-transparency), and its known
inclusion and consistency proofs (``proof/verify_test.go``, where leaves are numbered
from 1; here indices are 0-based). The corruptions follow the same file's probes: a
wrong index or size, a flipped bit, a hash added, dropped or prepended.
"""

from __future__ import annotations

import pytest

from creditreg.transparency import merkle, verifier
from creditreg.transparency.compact import CompactRange

INPUTS = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657"]
INPUTS.append("606162636465666768696a6b6c6d6e6f")
NODES = {
    (0, 0): "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    (0, 1): "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    (0, 2): "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
    (0, 3): "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
    (0, 4): "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    (0, 5): "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
    (0, 6): "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
    (0, 7): "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
    (1, 0): "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    (1, 1): "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
    (1, 2): "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
    (1, 3): "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    (2, 0): "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    (2, 1): "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    (3, 0): "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
}
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    NODES[0, 0],
    NODES[1, 0],
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    NODES[2, 0],
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    NODES[3, 0],
]
INCLUSION = [  # (leaf index, tree size, path)
    (0, 1, []),
    (0, 8, [NODES[0, 1], NODES[1, 1], NODES[2, 1]]),
    (5, 8, [NODES[0, 4], NODES[1, 3], NODES[2, 0]]),
    (2, 3, [NODES[1, 0]]),
    (1, 5, [NODES[0, 0], NODES[1, 1], NODES[0, 4]]),
]
CONSISTENCY = [  # (old size, new size, path)
    (1, 1, []),
    (1, 8, [NODES[0, 1], NODES[1, 1], NODES[2, 1]]),
    (6, 8, [NODES[1, 2], NODES[1, 3], NODES[2, 0]]),
    (2, 5, [NODES[1, 1], NODES[0, 4]]),
    (6, 7, [NODES[1, 2], NODES[0, 6], NODES[2, 0]]),
]
LEAVES = [merkle.leaf_hash(bytes.fromhex(data)) for data in INPUTS]
SOME_HASH = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")


def _subtree(start: int, end: int) -> bytes:
    return merkle.root(LEAVES[start:end])


def _root(size: int) -> bytes:
    return bytes.fromhex(ROOTS[size])


def test_leaf_hashes_and_every_perfect_subtree() -> None:
    for (level, index), expected in NODES.items():
        assert _subtree(index << level, (index + 1) << level).hex() == expected


@pytest.mark.parametrize("size", range(9))
def test_roots_of_every_tree_from_the_eight_leaves(size: int) -> None:
    assert merkle.root(LEAVES[:size]).hex() == ROOTS[size]
    edge = CompactRange()
    edge.extend(LEAVES[:size])
    assert edge.root().hex() == ROOTS[size]


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION)
def test_known_inclusion_proofs(index: int, size: int, path: list[str]) -> None:
    assert [node.hex() for node in merkle.inclusion_proof(index, size, _subtree)] == path
    proof = [bytes.fromhex(node) for node in path]
    verifier.verify_inclusion(LEAVES[index], index, size, proof, _root(size))
    for probe in _inclusion_corruptions(index, size, proof):
        with pytest.raises(verifier.VerificationError):
            verifier.verify_inclusion(*probe)


@pytest.mark.parametrize(("old", "new", "path"), CONSISTENCY)
def test_known_consistency_proofs(old: int, new: int, path: list[str]) -> None:
    assert [node.hex() for node in merkle.consistency_proof(old, new, _subtree)] == path
    proof = [bytes.fromhex(node) for node in path]
    verifier.verify_consistency(old, new, _root(old), _root(new), proof)
    if not proof:
        return
    for probe in _consistency_corruptions(old, new, proof):
        with pytest.raises(verifier.VerificationError):
            verifier.verify_consistency(*probe)


def test_trivial_consistency_needs_an_empty_proof_and_equal_roots() -> None:
    empty, one = _root(0), _root(1)
    verifier.verify_consistency(0, 0, empty, empty, [])
    verifier.verify_consistency(0, 1, empty, one, [])
    for probe in [(1, 1, empty, one, []), (1, 1, one, one, [empty]), (0, 1, empty, one, [one])]:
        with pytest.raises(verifier.VerificationError):
            verifier.verify_consistency(*probe)
    with pytest.raises(verifier.VerificationError, match="prefix"):
        verifier.verify_consistency(2, 1, one, one, [])


Probe = tuple[bytes, int, int, list[bytes], bytes]


def _inclusion_corruptions(index: int, size: int, path: list[bytes]) -> list[Probe]:
    leaf, root = LEAVES[index], _root(size)
    probes: list[Probe] = [
        (leaf, index - 1, size, path, root),
        (leaf, index + 1, size, path, root),
        (leaf, index ^ 2, size, path, root),
        (leaf, index, size * 2, path, root),
        (leaf, index, size // 2, path, root),
        (SOME_HASH, index, size, path, root),
        (leaf, index, size, path, SOME_HASH),
        (leaf, index, size, [*path, root], root),
        (leaf, index, size, [root, *path], root),
        (leaf, index, size, [*path, b""], root),
    ]
    probes += [(leaf, index, size, _flip(path, i), root) for i in range(len(path))]
    if path:
        probes.append((leaf, index, size, path[:-1], root))
    return probes


def _consistency_corruptions(
    old: int, new: int, path: list[bytes]
) -> list[tuple[int, int, bytes, bytes, list[bytes]]]:
    first, second = _root(old), _root(new)
    probes = [
        (old - 1, new, first, second, path),
        (old + 1, new, first, second, path),
        (old ^ 2, new, first, second, path),
        (old, new * 2, first, second, path),
        (old, new // 2, first, second, path),
        (old, new, SOME_HASH, second, path),
        (old, new, first, SOME_HASH, path),
        (old, new, second, first, path),
        (old, new, first, second, []),
        (old, new, first, second, [*path, first]),
        (old, new, first, second, [*path, second]),
        (old, new, first, second, [first, *path]),
        (old, new, first, second, [path[0], *path]),
        (old, new, first, second, path[:-1]),
    ]
    return probes + [(old, new, first, second, _flip(path, i)) for i in range(len(path))]


def _flip(path: list[bytes], at: int) -> list[bytes]:
    """``path`` with one bit of hash ``at`` flipped."""
    changed = bytearray(path[at])
    changed[0] ^= 16
    return [*path[:at], bytes(changed), *path[at + 1 :]]
