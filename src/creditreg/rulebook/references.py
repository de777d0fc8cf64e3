"""Cross-reference checks of a rulebook: every name it uses must be defined in it.

Each check yields ``(path, message)`` so the loader can point at the offending line.
"""

from __future__ import annotations

from collections.abc import Iterator

from creditreg.rulebook.model import Effect, Rulebook
from creditreg.rulebook.scheme_checks import check_schemes

Found = tuple[tuple[str | int, ...], str]


def check_references(rulebook: Rulebook) -> list[Found]:
    """All dangling references and inconsistencies, in file order."""
    return [
        *_service_tree(rulebook),
        *_authorities(rulebook),
        *_record_types(rulebook),
        *_redlist(rulebook),
        *check_schemes(rulebook),
    ]


def _service_tree(rulebook: Rulebook) -> Iterator[Found]:
    for name, service in rulebook.services.items():
        if service.parent is not None and service.parent not in rulebook.services:
            yield ("services", name, "parent"), f"unknown parent service '{service.parent}'"
        seen = {name}
        parent = service.parent
        while parent is not None and parent in rulebook.services:
            if parent in seen:
                yield ("services", name, "parent"), "the service tree has a cycle"
                break
            seen.add(parent)
            parent = rulebook.services[parent].parent


def _authorities(rulebook: Rulebook) -> Iterator[Found]:
    # The kinds in ``issued_by`` define the authority kinds; the authorities themselves are
    # the roster's (creditreg.roster). An ``authorities`` section only seeds the roster.
    kinds = {kind for t in rulebook.record_types.values() for kind in t.issued_by}
    for code, record_type in rulebook.record_types.items():
        source = record_type.basis.split()[0]
        if rulebook.sources and source not in rulebook.sources:
            known = ", ".join(sorted(rulebook.sources))
            yield ("record_types", code, "basis"), f"cites '{source}', not in sources ({known})"
    for key, authority in rulebook.authorities.items():
        if authority.kind not in kinds:
            path = ("authorities", key, "kind")
            yield path, f"no record type is issued by authorities of kind '{authority.kind}'"


def _record_types(rulebook: Rulebook) -> Iterator[Found]:
    # A reason code names one rule: types may share it (a YAML anchor) only with the same rule.
    rules: dict[str, tuple[str, Effect]] = {}
    for code, record_type in rulebook.record_types.items():
        for index, effect in enumerate(record_type.effects):
            path = ("record_types", code, "effects", index)
            yield from _effect(rulebook, effect, path)
            first_type, first = rules.setdefault(effect.code, (code, effect))
            if first != effect:
                yield (
                    (*path, "code"),
                    f"reason code {effect.code} means another rule in {first_type}",
                )
            if effect.starts == "publicity_end" and record_type.publicity_window is None:
                yield (*path, "starts"), "starts at publicity_end but the type has no window"


def _effect(rulebook: Rulebook, effect: Effect, path: tuple[str | int, ...]) -> Iterator[Found]:
    for key in ("deny", "grant"):
        for index, service in enumerate(getattr(effect, key)):
            if service not in rulebook.services:
                yield (*path, key, index), f"unknown service '{service}'"
    if effect.joins is not None and effect.joins not in rulebook.lists:
        yield (*path, "joins"), f"unknown list '{effect.joins}'"
    if effect.extension and effect.extension.min_years > effect.extension.max_years:
        yield (*path, "extension"), "min_years is greater than max_years"


def _redlist(rulebook: Rulebook) -> Iterator[Found]:
    redlist = rulebook.redlist
    if redlist is None:
        return
    if redlist.joins not in rulebook.lists:
        yield ("redlist", "joins"), f"unknown list '{redlist.joins}'"
    if redlist.min_grade not in {g.grade for g in rulebook.score.grades}:
        yield ("redlist", "min_grade"), f"unknown grade '{redlist.min_grade}'"
    for index, service in enumerate(redlist.grant):
        if service not in rulebook.services:
            yield ("redlist", "grant", index), f"unknown service '{service}'"
