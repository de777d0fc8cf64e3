"""What a role is bound to, checked against the resource a request names.

These run after ``require`` let the role through: an agency acts on its own
authority's records, a checkpoint checks only services it serves, a subject reads and
objects only to its own file.
"""

from __future__ import annotations

from creditreg.access.roles import Principal, Role
from creditreg.api.problems import Problem
from creditreg.engine.decide import service_path
from creditreg.events import Event
from creditreg.registry import no_record
from creditreg.rulebook.model import Rulebook


def serves(who: Principal, service: str, rulebook: Rulebook) -> None:
    """A checkpoint may check a service it is bound to, or one below it in the tree."""
    if who.role is not Role.CHECKPOINT:
        return
    if who.services.isdisjoint(service_path(service, rulebook)):
        bound = ", ".join(sorted(who.services)) or "none"
        raise Problem("forbidden", f"this checkpoint serves {bound}, not '{service}'")


def own_subject(who: Principal, subject_id: str) -> None:
    """A subject sees only its own file (other roles are limited by ``require``)."""
    if who.role is Role.SUBJECT and who.subject_id != subject_id:
        raise Problem("forbidden", "a subject may see only its own file")


def own_record(who: Principal, record: Event) -> None:
    """Agencies act on their authority's records; subjects on records naming them.

    Anyone else's record is answered exactly as a record that does not exist (status and
    words): no role may learn which record ids exist."""
    foreign = (who.role is Role.AGENCY and who.authority != record.authority) or (
        who.role is Role.SUBJECT and who.subject_id != record.subject_id
    )
    if foreign:
        raise Problem("not-found", no_record(record.record_id))
