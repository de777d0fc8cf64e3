"""A subject's resource in a path (``/v1/subjects/{subject_id}/…``), parsed and owned.

Every route under a subject's path takes ``Owned`` through ``owned(*roles)``: the role
admitted, the id parsed to its canonical form, and a subject's token bound to its own
id (``service.ownership.own_subject``) before the route runs, so no route can forget it.
"""

# No ``from __future__ import annotations``: FastAPI reads the role gate from the
# annotation of ``bind``, which names a local of ``owned``.

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Path

from creditreg.access.roles import Principal, Role
from creditreg.identifiers import parse_subject
from creditreg.service.ownership import own_subject
from creditreg.web.auth import require

SubjectId = Annotated[str, Path(max_length=64, examples=["110105198503120418"])]


@dataclass(frozen=True, slots=True)
class Owned:
    """The subject asked about (its canonical id) and who asks."""

    subject_id: str
    who: Principal


def owned(*roles: Role) -> Any:
    """The dependency admitting ``roles`` to a subject's resource."""
    gate = require(*roles)

    def bind(subject_id: SubjectId, who: Annotated[Principal, Depends(gate)]) -> Owned:
        subject = parse_subject(subject_id)
        own_subject(who, subject.id)
        return Owned(subject.id, who)

    return Depends(bind)
