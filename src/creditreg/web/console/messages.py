"""The console's messages: extracted from its templates and code, merged into catalogues.

``extract()`` finds every message the console can show: ``_()``, ``gettext`` and
``ngettext`` in the templates (Jinja2's Babel extractor) and ``N_()`` / ``_()`` in the
Python modules. ``python -m creditreg.web.console.messages`` merges them into both
catalogues, keeping every translation already made and marking new Chinese entries
empty, for a translator to fill in; the tests fail until they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from creditreg import __version__
from creditreg.web.console.i18n import LANGUAGES, catalogue_path

ROOT = Path(__file__).parent
METHODS = [("templates/**.html", "jinja2.ext:babel_extract"), ("**.py", "python")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "false"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}

MessageId = str | tuple[str, ...]
HEADER = """\
# The creditreg console's messages: python -m creditreg.web.console.messages merges new ones in
# (creditreg/web/console/messages.py); translate the empty ones, and the tests pass again."""


def extract(root: Path = ROOT) -> dict[MessageId, list[tuple[str, int]]]:
    """Every message id, with the places (file, line) it comes from."""
    found: dict[MessageId, list[tuple[str, int]]] = {}
    messages = extract_from_dir(
        root, METHODS, options_map=OPTIONS, keywords=KEYWORDS, strip_comment_tags=True
    )
    for filename, line, message, _comments, _context in messages:
        key: MessageId = tuple(message) if isinstance(message, (list, tuple)) else message
        found.setdefault(key, []).append((filename, line))
    return found


def read(language: str) -> Catalog:
    with (ROOT / catalogue_path(language)).open("rb") as file:
        return read_po(file, locale=language)


def merge(language: str, messages: dict[MessageId, list[tuple[str, int]]]) -> Catalog:
    """``language``'s catalogue holding exactly ``messages``, translations kept."""
    old = read(language)
    new = Catalog(
        locale=language,
        project="creditreg console",
        version=__version__,
        msgid_bugs_address="the creditreg issue tracker",
        last_translator="creditreg contributors",
        language_team=f"{language} (creditreg)",
        fuzzy=False,
        creation_date=old.creation_date,  # the headers change only by hand: quiet diffs
        revision_date=old.revision_date,
        header_comment=HEADER,
    )
    for message_id, places in sorted(messages.items(), key=lambda item: _sort_key(item[0])):
        before = old.get(_sort_key(message_id))
        empty: str | tuple[str, ...] = ("",) if isinstance(message_id, tuple) else ""
        string = before.string if before is not None else empty
        new.add(message_id, string, locations=sorted(places))
    return new


def _sort_key(message_id: MessageId) -> str:
    return message_id[0] if isinstance(message_id, tuple) else message_id


def write(language: str, catalogue: Catalog) -> None:
    with (ROOT / catalogue_path(language)).open("wb") as file:
        write_po(file, catalogue, width=100, omit_header=False, sort_output=False)


def update(languages: Iterable[str] = LANGUAGES) -> None:
    """Merge the extracted messages into every catalogue."""
    messages = extract()
    for language in languages:
        write(language, merge(language, messages))


if __name__ == "__main__":
    update()
