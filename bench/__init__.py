"""Benchmarks: each prints figures and a ratio to a baseline measured in the same run."""
