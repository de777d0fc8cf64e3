"""Synthetic populations: valid identifiers, names, records of every type, due process.

``synthesize(Spec(seed, persons, organisations, window), directory, fmt)`` writes
``records.csv`` (or ``.parquet``) and ``actions.jsonl``; ``load`` takes them into a
registry through ingest and the due-process rules. Deterministic per seed: nothing reads
the clock. The modules, in the order the data flows:

* ``divisions``, ``identifiers``, ``names``, ``population``: who the subjects are,
* ``window``, ``rates``, ``plan``: which records they get and when,
* ``documents``, ``actions``, ``columns``, ``writer``, ``generate``: the files,
* ``replay``, ``load``: into a registry.

``docs/synth.md`` is the user's guide.
"""

from creditreg.synth.generate import Result, Spec, synthesize
from creditreg.synth.load import Loaded, load
from creditreg.synth.window import DEFAULT_END, Window, default_start

__all__ = [
    "DEFAULT_END",
    "Loaded",
    "Result",
    "Spec",
    "Window",
    "default_start",
    "load",
    "synthesize",
]
