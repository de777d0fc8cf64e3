"""Texts in two languages: the rulebook's words (labels, explanations, sources, contest
texts) exist in ``zh-CN`` and ``en``, and every surface picks one through ``text``.

A text in a rulebook file is a language map, ``{zh-CN: ..., en: ...}``; a text that lacks
a language is refused at its path. A plain string is refused in a rulebook being
validated or activated; rulebook versions stored before texts had languages are read
with ``legacy_texts`` (the string stands for both languages), so every past decision
can still be replayed under the law it was made with.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

Lang = Literal["zh-CN", "en"]
LANGS: tuple[Lang, ...] = ("zh-CN", "en")
DEFAULT_LANG: Lang = "en"
LEGACY = "legacy_texts"
"""The validation context key that lets a stored, older rulebook use plain strings."""

PLAIN_STRING = (
    "a text needs both languages: write {zh-CN: ..., en: ...} "
    "(plain strings are read only from rulebook versions stored before texts had languages)"
)


class Text(BaseModel):
    """One text in both languages; immutable and hashable like every rulebook value."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    zh: str = Field(alias="zh-CN", min_length=1, description="简体中文")
    en: str = Field(min_length=1, description="English")

    @model_validator(mode="before")
    @classmethod
    def _language_map(cls, data: Any, info: ValidationInfo) -> Any:
        if isinstance(data, str):
            if info.context and info.context.get(LEGACY):
                return {"zh-CN": data, "en": data}
            raise ValueError(PLAIN_STRING)
        return data

    def get(self, lang: str | None) -> str:
        """The text in ``lang`` (``zh-CN``, ``zh`` or ``en``; anything else: English)."""
        return self.zh if lang_of(lang) == "zh-CN" else self.en

    def fill(self, values: Mapping[str, str | Text]) -> Text:
        """``$name`` placeholders replaced in both languages (a Text value per language)."""
        zh, en = self.zh, self.en
        for name, value in values.items():
            zh = zh.replace(f"${name}", value.zh if isinstance(value, Text) else value)
            en = en.replace(f"${name}", value.en if isinstance(value, Text) else value)
        return both(zh, en)

    def __add__(self, other: Text | str) -> Text:
        if isinstance(other, Text):
            return both(self.zh + other.zh, self.en + other.en)
        return both(self.zh + other, self.en + other)

    def __str__(self) -> str:
        return self.en


def both(zh: str, en: str) -> Text:
    """A text built in code (the engine's own sentences, a rulebook text filled in):
    constructed without validation, as it is built on the path of every check."""
    return Text.model_construct(zh=zh, en=en)


def text(obj: Text | str | None, lang: str | None) -> str:
    """The one lookup every surface uses: ``obj`` in ``lang`` ('' for None).

    A plain string (a code, an identifier, a citation) is the same in every language.
    """
    if obj is None:
        return ""
    return obj.get(lang) if isinstance(obj, Text) else obj


def lang_of(value: str | None) -> Lang:
    """``zh-CN`` for any Simplified Chinese tag (``zh``, ``zh``, ``zh-Hans``), else ``en``."""
    tag = (value or "").strip().lower().replace("_", "-")
    if tag in ("zh", "zh-cn", "zh-hans", "zh-sg") or tag.startswith("zh-hans"):
        return "zh-CN"
    return "en"


def known_lang(value: str) -> Lang | None:
    """``value`` when it names one of our languages exactly (``--lang``, ``?lang=``)."""
    tag = value.strip().lower().replace("_", "-")
    return "zh-CN" if tag == "zh-cn" else ("en" if tag == "en" else None)


def negotiate(accept_language: str | None) -> Lang:
    """The best of our languages for an ``Accept-Language`` header (RFC 9110 §12.5.4);
    ``zh-TW``/``zh-Hant`` are not offered and fall through to the next preference."""
    ranked: list[tuple[float, int, Lang]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        weight = _weight(params)
        low = tag.strip().lower()
        match: Lang | None = None
        if low in ("zh", "zh-cn", "zh-hans", "zh-sg") or low.startswith("zh-hans-"):
            match = "zh-CN"
        elif low == "en" or low.startswith("en-"):
            match = "en"
        if match is not None and weight > 0:
            ranked.append((-weight, position, match))
    return min(ranked)[2] if ranked else DEFAULT_LANG


def _weight(params: str) -> float:
    params = params.strip()
    if not params.startswith("q="):
        return 1.0
    try:
        return float(params[2:])
    except ValueError:
        return 0.0
