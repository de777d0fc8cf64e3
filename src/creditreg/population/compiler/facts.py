"""Stage 2 of the compiled engine: each record's facts, as ``engine.facts.gather`` finds them.

``gather`` reduces a record's due-process events to dates and a sum (earliest revocation,
earliest fulfilment, years of extension, each objection's filing and earliest decision).
Here the same reductions are ``GROUP BY`` aggregates over the due-process events on or
before ``as_of``, keyed by subject and record: only events of the record's own subject
ever meet it, and those of a record not decided by ``as_of`` are never joined. The
result, ``facts``, has one row per record that has any such event: a small table next
to the records themselves.
"""

from __future__ import annotations

from datetime import date

from sqlglot import exp

from creditreg.events import EventKind as K
from creditreg.population.compiler.jurisdiction import effective_type
from creditreg.population.compiler.sqlx import (
    DATE,
    Expr,
    c,
    coalesce,
    day,
    flag,
    in_,
    is_null,
    lit,
    max_,
    min_,
    not_null,
    sum_,
    table,
    when,
)
from creditreg.rulebook.model import Rulebook

KEYS = ("subject_id", "record_id")
PROCESS_KINDS = tuple(k.value for k in K if k not in (K.RECORD_ADDED, K.DATA_ERASED))
FACT_COLUMNS = ("revoked_on", "fulfilled_on", "ext_years", "upheld_on", "open_obj", "repair_on")


def added_query(as_of: date, rulebook: Rulebook, retyped: bool = False) -> exp.Select:
    """Every ``record.added`` event; ``seen``: decided on or before ``as_of``; ``type``
    null where the record's rule does not hold (``jurisdiction.effective_type``).
    ``retyped``: the records an older version governs take their alias from ``law_types``
    (``population.law_split``)."""
    return (
        exp.select(
            *KEYS,
            c("on").as_("on_day"),
            effective_type(rulebook).as_("type"),
            (c("on") <= day(as_of)).as_("seen"),
            copy=False,
        )
        .from_(_retyped() if retyped else "events", copy=False)
        .where(c("kind").eq(lit(K.RECORD_ADDED.value)), copy=False)
    )


def _retyped() -> exp.Subquery:
    """``events`` with the types of ``law_types`` where it names the record."""
    same = exp.and_(*(c(k, "l").eq(c(k, "e")) for k in KEYS))
    columns = ("subject_id", "record_id", "kind", "on", "authority")
    return (
        exp.select(
            *(c(n, "e") for n in columns),
            coalesce(c("type", "l"), c("type", "e")).as_("type"),
            copy=False,
        )
        .from_(table("events", "e"), copy=False)
        .join(table("law_types", "l"), on=same, join_type="left", copy=False)
        .subquery("events", copy=False)
    )


def process_query(as_of: date) -> exp.Select:
    """Due-process events up to ``as_of`` (a small table beside the records)."""
    return (
        exp.select(
            *KEYS, "kind", c("on").as_("on_day"), "objection_id", "outcome", "years", copy=False
        )
        .from_("events", copy=False)
        .where(exp.and_(in_(c("kind"), *PROCESS_KINDS), c("on") <= day(as_of)), copy=False)
    )


def _on_if(kind: K, extra: Expr | None = None) -> Expr:
    condition = c("kind").eq(lit(kind.value))
    return when((exp.and_(condition, extra) if extra else condition, c("on_day")))


def objections_query(filed: K = K.OBJECTION_FILED, decided: K = K.OBJECTION_DECIDED) -> exp.Select:
    """Per record: the first upheld decision's day and whether an objection is still open.

    Of two decisions of one objection the earliest wins, a tie going to "rejected"
    (``facts._decide_objection``); a decision of an objection never filed is ignored.
    With the reconsideration kinds, the same for the second instance (keyed by the
    objection it reconsiders, as ``facts.RecordFacts.reconsiderations`` is).
    """
    per_objection = (
        exp.select(
            *KEYS,
            min_(_on_if(filed)).as_("filed"),
            min_(_on_if(decided, c("outcome").eq(lit("rejected")))).as_("rej"),
            min_(_on_if(decided, c("outcome").eq(lit("upheld")))).as_("uph"),
            copy=False,
        )
        .from_("process", copy=False)
        .where(in_(c("kind"), filed.value, decided.value), copy=False)
        .group_by(*KEYS, "objection_id", copy=False)
    )
    upheld_first = exp.and_(not_null(c("uph")), exp.or_(is_null(c("rej")), c("uph") < c("rej")))
    undecided = exp.and_(is_null(c("uph")), is_null(c("rej")))
    return _fact_row(
        exp.select(*KEYS, copy=False)
        .from_(per_objection.subquery("o", copy=False))
        .where(not_null(c("filed")), copy=False),
        upheld_on=when((upheld_first, c("uph"))),
        open_obj=flag(undecided),
    )


def _fact_row(query: exp.Select, **values: Expr) -> exp.Select:
    """``query`` with every fact column, null where ``values`` has none (for UNION ALL)."""
    typed = {"ext_years": exp.DataType.build("int"), "open_obj": exp.DataType.build("int")}
    for name in FACT_COLUMNS:
        value = values.get(name, exp.Cast(this=exp.null(), to=typed.get(name, DATE)))
        query = query.select(value.as_(name), copy=False)
    return query


def repairs_query(repairable: list[str]) -> exp.Select:
    """Repairs granted on or after the day repair became possible (``valid_repair``);
    only records of the ``repairable`` types (with a publicity minimum) can have one."""
    types = [lit(t) for t in repairable] or [lit("")]
    same = exp.and_(
        *(c(k, "a").eq(c(k, "p")) for k in KEYS),
        c("seen", "a"),
        exp.In(this=c("type", "a"), expressions=types),
    )
    on_type_day = exp.and_(c("type", "t").eq(c("type", "a")), c("on_day", "t").eq(c("on_day", "a")))
    granted = (
        exp.select(*(c(k, "p") for k in KEYS), copy=False)
        .from_(table("process", "p"), copy=False)
        .join(table("added", "a"), on=same, copy=False)
        .join(table("type_days", "t"), on=on_type_day, copy=False)
        .where(
            exp.and_(
                exp.or_(
                    c("kind", "p").eq(lit(K.RECORD_REPAIRED.value)),
                    exp.and_(  # a granted repair application (``facts._apply``)
                        c("kind", "p").eq(lit(K.REPAIR_DECIDED.value)),
                        c("outcome", "p").eq(lit("granted")),
                    ),
                ),
                c("on_day", "p") >= c("rmin_day", "t"),
            ),
            copy=False,
        )
    )
    return _fact_row(granted, repair_on=c("on_day", "p"))


def facts_query(repairable: list[str]) -> exp.Select:
    """One row per record with due-process events: the reductions of ``gather``."""
    simple = _fact_row(
        exp.select(*KEYS, copy=False)
        .from_("process", copy=False)
        .where(in_(c("kind"), K.RECORD_REVOKED.value, K.RECORD_FULFILLED.value), copy=False),
        revoked_on=_on_if(K.RECORD_REVOKED),
        fulfilled_on=_on_if(K.RECORD_FULFILLED),
    )
    extended = _fact_row(
        exp.select(*KEYS, copy=False)
        .from_("process", copy=False)
        .where(c("kind").eq(lit(K.RECORD_EXTENDED.value)), copy=False),
        ext_years=c("years"),
    )
    parts = exp.union(
        exp.union(simple, extended, distinct=False),
        exp.union(
            exp.union(
                objections_query(),
                objections_query(K.RECONSIDERATION_FILED, K.RECONSIDERATION_DECIDED),
                distinct=False,
            ),
            repairs_query(repairable),
            distinct=False,
        ),
        distinct=False,
    )
    reduce = {"ext_years": sum_, "open_obj": max_}
    return (
        exp.select(*KEYS, *(reduce.get(n, min_)(c(n)).as_(n) for n in FACT_COLUMNS), copy=False)
        .from_(parts.subquery("f", copy=False))
        .group_by(*KEYS, copy=False)
    )
