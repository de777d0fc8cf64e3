"""Words for the registry's codes, marked for translation (``N_``) and shown with ``_()``.

Codes stay what the contract says (``active``, ``deny``, ``upheld``); people read these.
Rulebook texts (labels, explanations, bases, how to contest) are the rulebook's own
words in both languages, looked up by ``rulebook_label`` (through ``rulebook.texts.text``)
and shown in the page's language.
"""

from __future__ import annotations

from babel.numbers import format_decimal

from creditreg.rulebook.model import Rulebook
from creditreg.rulebook.texts import lang_of, text
from creditreg.web.console.i18n import N_

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
    # repair application outcome
    "granted": N_("granted"),
    "refused": N_("refused"),
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


SECTIONS = {"service": "services", "list": "lists", "type": "record_types", "scheme": "schemes"}
"""The rulebook's sections whose entries carry a ``label``, by the kind of code."""


def rulebook_label(rulebook: Rulebook, kind: str, code: object, language: str) -> str:
    """The rulebook's own name for a service, list, record type, scheme or authority code,
    in ``language`` (``zh_CN``/``zh-CN`` or ``en``).

    Falls back to the code itself for a code the rulebook does not know (a retired type
    in old statistics). Every console lookup of a rulebook label goes through here.
    """
    name = str(code)
    if kind == "authority":
        authority = rulebook.authorities.get(name)
        if authority is None:
            return name
        chinese = lang_of(language) == "zh-CN"
        return authority.name if chinese else authority.name_en or authority.name
    entry = getattr(rulebook, SECTIONS[kind]).get(name)
    return text(entry.label, language) if entry is not None else name


def number(value: object, language: str) -> str:
    """An integer with the language's digit grouping (1,234 in English and in Chinese)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return "—" if value is None else str(value)
    return format_decimal(value, locale=language)
