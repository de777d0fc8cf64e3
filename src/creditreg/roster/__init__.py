"""The authority roster: the courts, railway companies, aviation administrations, tax
bureaus and other bodies whose decisions the registry accepts (SPEC §3, second round).

Authorities are data that admins manage, not part of the rulebook: adding a court is not
a new version of the law. The rulebook says which *kinds* of authority may issue a record
type (``issued_by``); the roster says which authorities exist, of which kind, where, and
whether they still issue records. ``authorities.csv`` is the bundled roster of real
authorities, each with its source (``creditreg init`` loads it).
"""
