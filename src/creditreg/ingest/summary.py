"""What an ingest run did, for people (``as_text``) and programs (``as_dict``, ``--json``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from creditreg.ingest.rows import Reject

SHOWN = 10
"""Rejects listed in the text summary; the rejects file has all of them."""


@dataclass(slots=True)
class IngestSummary:
    """Counts of one run: ``read == accepted + duplicates + rejected`` always holds.

    ``read`` counts every row read and every file that could not be read at all (each
    such file is one reject). ``rejects`` holds the first rejects only (see RejectLog).
    """

    read: int = 0
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    rejects: list[Reject] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing was rejected: the command's exit status follows this."""
        return self.rejected == 0

    def as_dict(self) -> dict[str, object]:
        """The JSON form: the four counts of SPEC §3 and the rejects kept in memory."""
        counts = {"read": self.read, "accepted": self.accepted}
        counts |= {"duplicates": self.duplicates, "rejected": self.rejected}
        return {**counts, "rejects": [asdict(reject) for reject in self.rejects]}

    def as_text(self, shown: int = SHOWN) -> str:
        """A few aligned lines of counts, then the first ``shown`` rejects."""
        lines = [
            f"read        {self.read:>10,}",
            f"accepted    {self.accepted:>10,}",
            f"duplicates  {self.duplicates:>10,}",
            f"rejected    {self.rejected:>10,}",
        ]
        for reject in self.rejects[:shown]:
            lines.append(f"  {reject.source}:{reject.line}: {reject.field}: {reject.reason}")
        if self.rejected > min(shown, len(self.rejects)):
            lines.append(f"  ... {self.rejected - min(shown, len(self.rejects)):,} more")
        return "\n".join(lines)
