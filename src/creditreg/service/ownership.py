"""What a role is bound to, checked against the resource a request names: the one rule.

These run after the surface let the role through: an agency acts on its own authority's
records, a checkpoint checks only services it serves, a subject reads and objects only
to its own file. A refusal is ``Forbidden``; a record the asker may not act on is
``NotFound``, worded as a record that does not exist.
"""

from __future__ import annotations

from creditreg.access.roles import Principal, Role
from creditreg.engine.decide import service_path
from creditreg.errors import Forbidden
from creditreg.events import Event
from creditreg.identifiers import parse_subject
from creditreg.registry import NotFound, no_record
from creditreg.rulebook.model import Rulebook

NOT_YOURS = "a subject may see only its own file"


def serves(who: Principal, service: str, rulebook: Rulebook) -> None:
    """A checkpoint may check a service it is bound to, or one below it in the tree."""
    if who.role is not Role.CHECKPOINT:
        return
    if who.services.isdisjoint(service_path(service, rulebook)):
        bound = ", ".join(sorted(who.services)) or "none"
        raise Forbidden(f"this checkpoint serves {bound}, not '{service}'")


def own_subject(who: Principal, subject_id: str) -> None:
    """A subject sees only its own file (other roles are limited by their surface)."""
    if who.role is Role.SUBJECT and who.subject_id != subject_id:
        raise Forbidden(NOT_YOURS)


def file_subject(who: Principal, asked: str | None) -> str | None:
    """The file ``who`` may read: a subject its own (whatever it asks); another role the
    one asked for, or None when it asked for none."""
    if who.role is Role.SUBJECT:
        own = str(who.subject_id)
        if asked:
            own_subject(who, parse_subject(asked).id)
        return own
    return parse_subject(asked).id if asked else None


def own_record(who: Principal, record: Event) -> None:
    """Agencies act on their authority's records; subjects on records naming them.

    Anyone else's record is answered exactly as a record that does not exist (status and
    words): no role may learn which record ids exist."""
    foreign = (who.role is Role.AGENCY and who.authority != record.authority) or (
        who.role is Role.SUBJECT and who.subject_id != record.subject_id
    )
    if foreign:
        raise NotFound(no_record(record.record_id))
