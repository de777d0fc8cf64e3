"""Stage 3: the window of every effect of every record in force (``engine.windows``).

A record that is void on ``as_of`` (revoked, objection upheld, repaired) has no open
window, no publicity entry and no measure left, so only records with ``cut`` null are
expanded into their effects. An effect that is not for the subject's kind, or that
excludes minors when the subject was a minor on the decision day, has no window.

Per window: the start (decision day, the day after the publicity window, or the
fulfilment), the end (term, with extensions; fulfilment, with a delay; whichever comes
first), the repeat rule's escalation, and whether the window is open or announced on
``as_of``. ``windows`` keeps what lists and measures need.
"""

from __future__ import annotations

from datetime import date

from sqlglot import exp

from creditreg.population.compiler.days import EFFECT_COLUMNS, EFFECT_KINDS
from creditreg.population.compiler.facts import KEYS
from creditreg.population.compiler.identifiers import minor_on
from creditreg.population.compiler.periods import ROW, PeriodAdd, add_periods, star
from creditreg.population.compiler.rules_tables import PERIOD, Slot
from creditreg.population.compiler.sqlx import (
    Expr,
    add_days,
    add_months,
    c,
    coalesce,
    day,
    is_null,
    least,
    lit,
    not_null,
    null_date,
    table,
    when,
)

OUT = ("subject_id", "record_id", "on_day", "type", "eff", "code", "joins", "basis")
OUT_FLAGS = ("negative", "suspended", "start", "end_day", "open", "announced")
UNTIL = ["ful", *(f"{p}_{u}" for p in ("term", "aft") for u in PERIOD)]
EFFECT = [*EFFECT_COLUMNS, *EFFECT_KINDS, *UNTIL, *(f"r{n}" for n in UNTIL)]


def _escalated() -> Expr:
    return exp.and_(
        not_null(c("rep_more", ROW)), coalesce(c("repeats", ROW), lit(0)) >= c("rep_more", ROW)
    )


def _chosen(name: str) -> Expr:
    """The effect's own value, or its repeat rule's when the record escalates."""
    return when((_escalated(), c(f"r{name}", ROW)), default=c(name, ROW)).as_(f"u{name}")


def _indifferent() -> Expr:
    """The effect applies whatever the subject's kind and age (no identifier to parse)."""
    return exp.and_(c("person_ok", "e"), c("org_ok", "e"), exp.not_(c("no_minors", "e")))


def _applies() -> Expr:
    person = c("person", ROW)
    for_kind = exp.or_(
        exp.and_(c("person_ok", ROW), person), exp.and_(c("org_ok", ROW), exp.not_(person))
    )
    born = c("birth_date", ROW)
    minor = exp.and_(c("no_minors", ROW), person.copy(), minor_on(born, c("on_day", ROW)))
    return exp.or_(is_null(person.copy()), exp.and_(for_kind, exp.not_(minor)))


def _candidates(kind_matters: bool) -> exp.Select:
    """Records in force joined to their type's effects on their day, with their repeat
    count; ``person`` (from ``subject_base``, parsed once per subject) where it matters."""
    suspended = exp.and_(
        coalesce(c("suspends", "r"), lit(False)), coalesce(c("open_obj", "r"), lit(0)).eq(lit(1))
    )
    same_day = exp.and_(c("type", "e").eq(c("type", "r")), c("on_day", "e").eq(c("on_day", "r")))
    query = (
        exp.select(
            *(c(n, "r") for n in (*KEYS, "on_day", "type", "fulfilled_on", "ext_years")),
            c("negative", "r"),
            suspended.as_("suspended"),
            *(c(n, "e") for n in (*EFFECT, "start0", "term0", "rterm0")),
            c("repeats", "p"),
            copy=False,
        )
        .from_(table("live", "r"), copy=False)
        .join(table("effect_days", "e"), on=same_day, copy=False)
        .join(
            table("repeats", "p"),
            on=exp.and_(*(c(k, "p").eq(c(k, "r")) for k in KEYS)),
            join_type="left",
            copy=False,
        )
        .where(is_null(c("cut", "r")), copy=False)
    )
    person: Expr = exp.Cast(this=exp.null(), to=exp.DataType.build("boolean"))
    born: Expr = null_date()
    if kind_matters:
        on_subject = c("subject_id", "s").eq(c("subject_id", "r"))
        query = query.join(table("subject_base", "s"), on=on_subject, join_type="left", copy=False)
        person = when((exp.not_(_indifferent()), c("person", "s")))
        born = c("birth_date", "s")
    return query.select(person.as_("person"), born.as_("birth_date"), copy=False)


def _expanded(kind_matters: bool) -> exp.Select:
    """The windows' rows before their ends: escalation chosen, excluded effects dropped."""
    keep = [*KEYS, "on_day", "type", "fulfilled_on", "ext_years", "negative", "suspended"]
    keep += ["eff", "joins", "basis", "starts", "ext_max"]
    start = when(
        (c("starts", ROW).eq(lit("fulfilment")), c("fulfilled_on", ROW)),
        default=c("start0", ROW),
    )
    term = when((_escalated(), c("rterm0", ROW)), default=c("term0", ROW))
    return (
        exp.select(
            *(c(n, ROW) for n in keep),
            when((_escalated(), c("rep_code", ROW)), default=c("code", ROW)).as_("code"),
            *(_chosen(n) for n in UNTIL),
            start.as_("start"),
            term.as_("day_term"),
            copy=False,
        )
        .from_(_candidates(kind_matters).subquery(ROW, copy=False), copy=False)
        .where(_applies(), copy=False)
    )


def _extension_years() -> Expr:
    years, most = coalesce(c("ext_years", ROW), lit(0)), c("ext_max", ROW)
    return when(
        (exp.and_(most > lit(0), years > lit(0)), when((years < most, years), default=most)),
        default=lit(0),
    )


def _term_end(fulfilment_starts: bool) -> Expr:
    """The term's end: from ``effect_days``, or from the fulfilment when the effect starts
    then; extended by whole years when the record was extended, counted on from the last
    day of the term it extends (``windows._end``: Civil Code Art. 202)."""
    term: Expr = c("day_term", ROW)
    if fulfilment_starts:
        term = when((c("starts", ROW).eq(lit("fulfilment")), c("row_term", ROW)), default=term)
    years = _extension_years()
    last = add_days(term, lit(-1))
    extended = add_days(add_months(last, years.copy() * lit(12)), lit(1))
    return when((years > lit(0), extended), default=term.copy())


def windows_query(
    as_of: date, slots: dict[str, Slot], kind_matters: bool, fulfilment_starts: bool
) -> exp.Select:
    """``windows``: one row per effect window of every record not void on ``as_of``."""
    adds = [PeriodAdd("aft_end", c("fulfilled_on", ROW), slots["uaft"])]
    if fulfilment_starts:
        adds.append(PeriodAdd("row_term", c("start", ROW), slots["uterm"]))
    ended = add_periods(_expanded(kind_matters), adds)
    fulfilment = when(
        (exp.and_(c("uful", ROW), not_null(c("fulfilled_on", ROW))),
         coalesce(c("aft_end", ROW), c("fulfilled_on", ROW))),
    )  # fmt: skip
    end = least(_term_end(fulfilment_starts), fulfilment)
    closed = exp.select(star(), end.as_("end_day"), copy=False).from_(
        ended.subquery(ROW, copy=False), copy=False
    )
    start, finish, today = c("start", ROW), c("end_day", ROW), day(as_of)
    is_open = exp.and_(not_null(start), start <= today, exp.or_(is_null(finish), today < finish))
    announced = exp.or_(is_null(start), today < start)
    return exp.select(
        *(c(n, ROW) for n in OUT),
        *(c(n, ROW) for n in OUT_FLAGS[:4]),
        is_open.as_("open"),
        announced.as_("announced"),
        copy=False,
    ).from_(closed.subquery(ROW, copy=False), copy=False)
