"""Simulating a draft rulebook against the active one: the differences and their samples."""
