"""Rescore runs: the compiled plan on a backend, the per-subject reference, the run record
and the state tables written from it (``state``)."""
