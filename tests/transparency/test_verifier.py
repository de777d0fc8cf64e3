"""The independent verifier: its own imports only, its documents, its command line."""

from __future__ import annotations

import ast
import doctest
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from creditreg.transparency import keys, merkle, verifier
from creditreg.transparency.heads import sign_head

from .trees import leaves, source

SOURCE = Path(verifier.__file__)
LEAVES = leaves(13)


def test_it_imports_only_the_standard_library_and_cryptography() -> None:
    tree = ast.parse(SOURCE.read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    roots = {name.split(".")[0] for name in imported}
    assert roots <= set(sys.stdlib_module_names) | {"cryptography", "__future__"}, roots


def test_its_worked_example_runs() -> None:
    assert doctest.testmod(verifier).failed == 0


@pytest.fixture
def signer(tmp_path: Path) -> keys.Signer:
    return keys.ensure_signing_key(tmp_path / "keys")


def _documents(signer: keys.Signer, index: int, old: int, new: int) -> dict[str, Any]:
    entries = [f'{{"seq":{i + 1}}}'.encode() for i in range(new)]
    hashes = [merkle.leaf_hash(entry) for entry in entries]
    heads = {
        size: sign_head(size, merkle.root(hashes[:size]), signer).to_json() for size in (old, new)
    }
    inclusion = {
        "type": "inclusion",
        "tree_size": new,
        "leaf_index": index,
        "seq": index + 1,
        "leaf_hash": hashes[index].hex(),
        "path": [h.hex() for h in merkle.inclusion_proof(index, new, source(hashes))],
        "entry": entries[index].decode(),
    }
    consistency = {
        "type": "consistency",
        "old_size": old,
        "new_size": new,
        "path": [h.hex() for h in merkle.consistency_proof(old, new, source(hashes))],
    }
    return {
        "old": heads[old],
        "new": heads[new],
        "inclusion": inclusion,
        "consistency": consistency,
    }


def test_documents_verify_and_tampered_ones_do_not(signer: keys.Signer) -> None:
    docs = _documents(signer, 4, 5, 13)
    verifier.verify_inclusion_proof(docs["inclusion"], docs["new"])
    verifier.verify_consistency_proof(docs["consistency"], docs["old"], docs["new"])
    tampered = [
        (docs["inclusion"] | {"entry": '{"seq":6}'}, "entry does not hash"),
        (docs["inclusion"] | {"seq": 4}, "leaf_index and seq disagree"),
        (docs["inclusion"] | {"tree_size": 12}, "tree_size 12 is not the head's 13"),
        (docs["inclusion"] | {"path": docs["inclusion"]["path"][1:]}, "shorter"),
        (docs["inclusion"] | {"type": "consistency"}, "not an inclusion proof"),
        (docs["inclusion"] | {"leaf_hash": "00"}, "64 lowercase hex"),
    ]
    for proof, problem in tampered:
        with pytest.raises(verifier.VerificationError, match=problem):
            verifier.verify_inclusion_proof(proof, docs["new"])
    swapped = docs["consistency"] | {"path": docs["consistency"]["path"][::-1]}
    with pytest.raises(verifier.VerificationError, match="is not a prefix"):
        verifier.verify_consistency_proof(swapped, docs["old"], docs["new"])


def _write(folder: Path, docs: dict[str, Any]) -> dict[str, str]:
    paths = {}
    for name, doc in docs.items():
        path = folder / f"{name}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        paths[name] = str(path)
    return paths


def test_the_command_line_as_a_standalone_copy(signer: keys.Signer, tmp_path: Path) -> None:
    """Copied out of the package, run by path: it needs nothing of creditreg."""
    copy = tmp_path / "elsewhere" / "verify_creditreg.py"
    copy.parent.mkdir()
    shutil.copy(SOURCE, copy)
    files = _write(tmp_path, _documents(signer, 2, 5, 13))
    key = ["--key", signer.public.raw_hex]
    command = [sys.executable, "-I", str(copy), *key, files["old"], files["new"]]
    result = subprocess.run(
        [*command, files["inclusion"], files["consistency"]],
        capture_output=True,
        text=True,
        cwd=copy.parent,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == [
        "OK entry seq 3 is leaf 2 of the tree of size 13",
        "OK the tree of size 5 is a prefix of the tree of size 13",
    ]


def test_the_command_line_fails_clearly(
    signer: keys.Signer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = _documents(signer, 2, 5, 13)
    files = _write(tmp_path, docs | {"forged": docs["new"] | {"size": 14}})
    key = ["--key", signer.public.raw_hex]
    assert verifier.main([files["new"], files["inclusion"]]) == 2  # no key, no --unsigned
    assert "give --key" in capsys.readouterr().err
    assert verifier.main([*key, files["forged"]]) == 1
    assert "FAIL the head's signature is not valid" in capsys.readouterr().out
    assert verifier.main([*key, files["old"], files["inclusion"]]) == 1
    assert "FAIL no head of size 13 was given" in capsys.readouterr().out
    assert verifier.main(["--unsigned", files["new"], files["inclusion"]]) == 0
    assert "signature NOT checked" in capsys.readouterr().out
    assert verifier.main([*key, str(tmp_path / "missing.json")]) == 2
