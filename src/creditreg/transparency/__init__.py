"""Tamper-evidence for the record log: an RFC 9162 Merkle tree, signed heads, proofs.

* ``merkle`` / ``compact``: the tree as pure functions (hashes, roots, proofs, the edge
  that appends in ``O(log n)``);
* ``tables`` / ``store`` / ``extend``: the tree in the database, kept current inside
  the writer's transaction (``extend_tree``) or afterwards (``catch_up``);
* ``keys`` / ``heads``: Ed25519 keys outside the database and the signed tree heads;
* ``proofs``: the proof documents the command line prints;
* ``verifier``: the independent check of heads and proofs (standard library and
  ``cryptography`` only).

This package imports nothing on purpose: ``python -m creditreg.transparency.verifier``
must not load the database layers.
"""
