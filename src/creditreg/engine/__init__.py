"""The engine: a pure function from one subject's events, a rulebook and a date to its state.

No I/O and no clock: time is an argument, so every answer can be replayed for any day.
``fold`` builds the state; ``decide`` answers "may this subject use this service?" from
the same measures, so reasons and decisions never disagree.
"""

from creditreg.engine.decide import Decision, Reason, decide
from creditreg.engine.fold import fold
from creditreg.engine.state import KeyFactor, ListEntry, Measure, RecordView, SubjectState

__all__ = [
    "Decision",
    "KeyFactor",
    "ListEntry",
    "Measure",
    "Reason",
    "RecordView",
    "SubjectState",
    "decide",
    "fold",
]
