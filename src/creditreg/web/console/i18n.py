"""The console's languages: English and Simplified Chinese, from gettext catalogues.

The catalogues are the ``.po`` files under ``locales/<language>/LC_MESSAGES/``, read
and compiled in memory when first needed (``babel.messages.pofile.read_po``), so there
is no build step and no ``.mo`` file to keep in step. English is the source language:
its catalogue holds every message with an empty translation, which gettext shows as
the message itself. ``tests/console/test_i18n.py`` fails when a message of a template
or of this package has no Chinese translation, or when a catalogue lags behind.

The language is the ``creditreg_lang`` cookie when set (the switch on every page sets
it), else the best match of the browser's ``Accept-Language``, else English.
"""

from __future__ import annotations

import functools
import io
from importlib import resources

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LANGUAGES = {"en": "English", "zh_CN": "中文"}
"""Language code → its own name (what the switch shows)."""
HTML_LANG = {"en": "en", "zh_CN": "zh-CN"}
DEFAULT = "en"
COOKIE = "creditreg_lang"


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "translate later"
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message


def catalogue_path(language: str) -> str:
    """Where ``language``'s ``messages.po`` is, inside the package."""
    return f"locales/{language}/LC_MESSAGES/messages.po"


@functools.cache
def translations(language: str) -> Translations:
    """The compiled catalogue of ``language`` (one of ``LANGUAGES``)."""
    source = resources.files("creditreg.web.console").joinpath(catalogue_path(language))
    with source.open("rb") as file:
        catalogue = read_po(file, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return Translations(compiled)


def chosen(cookie: str | None, accept_language: str | None) -> str:
    """The language of a request: a known cookie value, else Accept-Language, else English."""
    if cookie in LANGUAGES:
        return str(cookie)
    return from_accept_language(accept_language or "")


def from_accept_language(header: str) -> str:
    """The best of our languages for an ``Accept-Language`` header (RFC 9110 §12.5.4).

    ``zh``, ``zh-CN``, ``zh-Hans`` and ``zh-SG`` mean Simplified Chinese; ``zh-TW`` and
    ``zh-Hant`` are not offered, so they fall through to the next preference.
    """
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        match = _match(tag.strip().lower())
        if match and weight > 0:
            ranked.append((-weight, position, match))
    return min(ranked)[2] if ranked else DEFAULT


def _match(tag: str) -> str | None:
    if tag in ("zh", "zh-cn", "zh-hans", "zh-sg", "zh-hans-cn") or tag.startswith("zh-hans-"):
        return "zh_CN"
    if tag == "en" or tag.startswith("en-"):
        return "en"
    return None
