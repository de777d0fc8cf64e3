"""The snapshot tables themselves: subjects, list entries and measures.

A window puts its subject on its effect's list while open (``effective`` since the
start) or while announced in its publicity window (``publicity`` since the decision);
an open objection that suspends effects holds the entry back with the deny measures.
Measures are the open windows' services: denials (unless suspended) and grants. The
redlist adds one entry and its benefits to every subject that qualifies.
"""

from __future__ import annotations

from datetime import date

from sqlglot import exp

from creditreg.population.compiler.sqlx import DATE, c, day, lit, not_null, table, when
from creditreg.population.snapshot import SORT_KEYS, TABLES
from creditreg.rulebook.model import Rulebook

TEXT = exp.DataType.build("varchar")


def subjects_query(rulebook: Rulebook, as_of: date) -> exp.Select:
    query = exp.select(
        "subject_id",
        "kind",
        "division",
        "birth_date",
        day(as_of).as_("as_of"),
        lit(rulebook.ref).as_("rulebook"),
        "score",
        "grade",
        copy=False,
    ).from_("subject_state", copy=False)
    return ordered("subjects", query)


def lists_query(rulebook: Rulebook) -> exp.Select:
    is_open = c("open")
    listed = exp.and_(
        not_null(c("joins")),
        exp.not_(c("suspended")),
        exp.or_(is_open, exp.and_(c("announced"), not_null(c("start")))),
    )
    windows = (
        exp.select(
            "subject_id",
            c("joins").as_("list"),
            when((is_open.copy(), lit("effective")), default=lit("publicity")).as_("status"),
            when((is_open.copy(), c("start")), default=c("on_day")).as_("since"),
            c("end_day").as_("until"),
            "code",
            "record_id",
            copy=False,
        )
        .from_("windows", copy=False)
        .where(listed, copy=False)
    )
    rule = rulebook.redlist
    if rule is None:
        return ordered("lists", windows)
    redlist = (
        exp.select(
            "subject_id",
            lit(rule.joins).as_("list"),
            lit("effective").as_("status"),
            "since",
            "until",
            lit(rule.code).as_("code"),
            exp.Cast(this=exp.null(), to=TEXT).as_("record_id"),
            copy=False,
        )
        .from_("subject_state", copy=False)
        .where(c("red"), copy=False)
    )
    return ordered("lists", exp.union(windows, redlist, distinct=False))


def measures_query(rulebook: Rulebook) -> exp.Select:
    applies = exp.and_(
        c("open", "w"),
        exp.or_(c("effect", "s").eq(lit("grant")), exp.not_(c("suspended", "w"))),
    )
    service_of = exp.and_(c("type", "s").eq(c("type", "w")), c("eff", "s").eq(c("eff", "w")))
    query: exp.Query = (
        exp.select(
            c("subject_id", "w"),
            c("service", "s"),
            c("effect", "s"),
            c("code", "w"),
            c("record_id", "w"),
            c("basis", "w"),
            c("start", "w").as_("since"),
            c("end_day", "w").as_("until"),
            copy=False,
        )
        .from_(table("windows", "w"), copy=False)
        .join(table("rb_services", "s"), on=service_of, copy=False)
        .where(applies, copy=False)
    )
    rule = rulebook.redlist
    for service in rule.grant if rule else []:
        assert rule is not None
        benefit = (
            exp.select(
                "subject_id",
                lit(service).as_("service"),
                lit("grant").as_("effect"),
                lit(rule.code).as_("code"),
                exp.Cast(this=exp.null(), to=TEXT).as_("record_id"),
                lit(rule.basis).as_("basis"),
                exp.Cast(this=c("since"), to=DATE).as_("since"),
                "until",
                copy=False,
            )
            .from_("subject_state", copy=False)
            .where(c("red"), copy=False)
        )
        query = exp.union(query, benefit, distinct=False)
    return ordered("measures", query)


def ordered(name: str, query: exp.Query) -> exp.Select:
    """``query``'s rows in the snapshot's order (nulls last, as pyarrow sorts), typed."""
    keys = [exp.Ordered(this=c(k), desc=False, nulls_first=False) for k in SORT_KEYS[name]]
    casts = [
        exp.Cast(this=c(f.name), to=exp.DataType.build(_SQL_TYPES[str(f.type)])).as_(f.name)
        for f in TABLES[name]
    ]
    return (
        exp.select(*casts, copy=False)
        .from_(query.subquery("s", copy=False))
        .order_by(*keys, copy=False)
    )


_SQL_TYPES = {"string": "varchar", "date32[day]": "date", "int64": "bigint"}
