"""Words for the registry's codes, marked for translation (``N_``) and shown with ``_()``.

Codes stay what the contract says (``active``, ``deny``, ``upheld``); people read these.
Rulebook texts (labels, explanations, bases, how to contest) are the rulebook's own
words and are shown as written.
"""

from __future__ import annotations

from creditreg.console.i18n import N_

WORDS: dict[str, str] = {
    # record status
    "active": N_("in force"),
    "expired": N_("expired"),
    "revoked": N_("revoked"),
    "fulfilled": N_("fulfilled"),
    "repaired": N_("repaired"),
    "objected": N_("objection pending"),
    # list status
    "publicity": N_("publicity window"),
    "effective": N_("effective"),
    # measure effect
    "deny": N_("denied"),
    "grant": N_("granted"),
    # objection outcome
    "upheld": N_("upheld"),
    "rejected": N_("rejected"),
    "pending": N_("pending"),
    # access-log action
    "check": N_("check"),
    "file": N_("read the file"),
    # purposes the console and the API write
    "own file": N_("own file"),
    "own check": N_("own check"),
    "objection review": N_("objection review"),
    # roles
    "agency": N_("agency"),
    "checkpoint": N_("checkpoint"),
    "subject": N_("subject"),
    "reviewer": N_("reviewer"),
    "auditor": N_("auditor"),
    "admin": N_("administrator"),
    # kinds of subject
    "person": N_("person"),
    "organisation": N_("organisation"),
    # check outcome
    "allowed": N_("allowed"),
    "denied": N_("denied"),
    # columns of a published list
    "subject_id": N_("Identifier (masked)"),
    "subject_name": N_("Name"),
    "type": N_("Record type"),
    "authority": N_("Authority"),
    "decision_ref": N_("Decision"),
    "decided_at": N_("Decided on"),
    "status": N_("Status"),
    "since": N_("Since"),
    "until": N_("Until"),
    "kind": N_("Kind"),
}


def word(code: object) -> str:
    """The msgid for ``code`` (the code itself when it has none)."""
    text = str(code)
    return WORDS.get(text, text)
