"""Which records a rule holds for: local schemes by region, record types by ``in_force_from``.

The per-subject engine evaluates a record outside its local scheme's region, or decided
before its type's ``in_force_from``, as having no effect at all (``engine.evaluate``:
status ``not_in_force``, no points, no windows, no repeat group). The compiled SQL gets
the same by reading such a record's type as null in ``added``: a record of no known
type, which every later stage already leaves without effect. Both conditions depend
only on the rulebook, so they are literals here: the local types, the authorities
seated in each scheme's region (``Rulebook.applies``), the days rules start.
"""

from __future__ import annotations

from sqlglot import exp

from creditreg.population.compiler.sqlx import Expr, c, day, in_, is_null, lit, when
from creditreg.rulebook.model import Rulebook


def effective_type(rulebook: Rulebook) -> Expr:
    """``type``, or null where the record's rule does not hold (see the module's text)."""
    voids = [*_outside_regions(rulebook), *_before_in_force(rulebook)]
    if not voids:
        return c("type")
    return when(
        (exp.or_(*voids), exp.Cast(this=exp.null(), to=exp.DataType.build("varchar"))),
        default=c("type"),
    )


def _outside_regions(rulebook: Rulebook) -> list[Expr]:
    found: list[Expr] = []
    for name, scheme in sorted(rulebook.schemes.items()):
        if scheme.region is None:
            continue
        types = sorted(t for t, spec in rulebook.record_types.items() if spec.scheme == name)
        if not types:
            continue
        probe = next(iter(rulebook.record_types[t] for t in types))
        seated = sorted(a for a in rulebook.authorities if rulebook.applies(probe, a))
        inside = in_(c("authority"), *seated) if seated else lit(False)
        outside = exp.or_(is_null(c("authority")), exp.not_(inside))
        found.append(exp.and_(in_(c("type"), *types), outside))
    return found


def _before_in_force(rulebook: Rulebook) -> list[Expr]:
    return [
        exp.and_(c("type").eq(lit(name)), c("on") < day(spec.in_force_from))
        for name, spec in sorted(rulebook.record_types.items())
        if spec.in_force_from is not None
    ]


def scheme_types(rulebook: Rulebook, scheme: str) -> list[str]:
    """The record types of ``scheme``, for the redlist of a local scheme."""
    return sorted(t for t, spec in rulebook.record_types.items() if spec.scheme == scheme)


def local_redlist(rulebook: Rulebook) -> list[str] | None:
    """The types whose records make a subject fall under the redlist's local scheme, or
    None when the redlist is national (``engine.redlist._scheme_reaches``)."""
    rule = rulebook.redlist
    if rule is None or rule.scheme not in rulebook.schemes:
        return None
    if rulebook.schemes[rule.scheme].region is None:
        return None
    return scheme_types(rulebook, rule.scheme)
