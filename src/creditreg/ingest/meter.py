"""How far into a file a reader is, in bytes: what the progress bar shows."""

from __future__ import annotations


class Meter:
    """Bytes of a file read so far (``done``) out of its size; readers advance it."""

    __slots__ = ("done", "size")

    def __init__(self, size: int = 0) -> None:
        self.size = size
        self.done = 0
