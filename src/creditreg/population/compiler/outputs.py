"""Stage 4: the three snapshot tables, from records, windows and the subjects' totals.

* ``subject_state``: per subject, the score (base plus the points counting on ``as_of``),
  the grade, whether any negative record is active (``Evaluated.negative_active``: a
  window open or announced, or points counting on a record not discharged by
  fulfilment), the redlist's stable period (``redlist._stable_period``) and what the
  identifier says (kind, division, birth date).
* ``lists`` and ``measures``: what ``fold._list_entries`` and ``fold._measures`` emit per
  window, plus the redlist entry and its benefits.

A subject with events but no record (only due-process events) still gets its row, with
the base score, as the per-subject reference gives it.
"""

from __future__ import annotations

from datetime import date

from sqlglot import exp

from creditreg.population.compiler.identifiers import with_identity
from creditreg.population.compiler.periods import ROW, star
from creditreg.population.compiler.sqlx import (
    Expr,
    c,
    coalesce,
    day,
    flag,
    greatest,
    in_,
    lit,
    max_,
    min_,
    not_null,
    sum_,
    table,
    when,
)
from creditreg.rulebook.model import Rulebook


def totals_query(as_of: date, scheme_types: list[str] | None = None) -> exp.Select:
    """``totals``: per subject with records, the points counting, the redlist's stable
    period (the last change of any record's points up to ``as_of``, the next one after),
    whether a record is negative and active by its points alone, and whether a record of
    the redlist's local scheme holds for the subject (``scheme_types``; None: national)."""
    seen, today, end = c("seen"), day(as_of), c("points_end")
    discharged = exp.and_(c("fulfillable"), not_null(c("fulfilled_on")))
    negative = exp.and_(
        c("negative"), exp.Is(this=c("cut"), expression=exp.null()), c("counting"),
        exp.not_(discharged),
    )  # fmt: skip
    passed = when((end <= today, end.copy()))
    changed = when((seen, greatest(c("on_day"), passed)))
    return (
        exp.select(
            "subject_id",
            sum_(c("points_now")).as_("points"),
            max_(changed).as_("last_change"),
            min_(when((exp.and_(seen.copy(), end.copy() > today.copy()), end.copy()))).as_(
                "next_end"
            ),
            max_(flag(negative)).as_("negative"),
            max_(flag(_in_scheme(scheme_types))).as_("in_scheme"),
            copy=False,
        )
        .from_("records", copy=False)
        .group_by("subject_id", copy=False)
    )


def _in_scheme(scheme_types: list[str] | None) -> Expr:
    if scheme_types is None:
        return lit(True)
    return exp.and_(c("seen"), in_(c("type"), *scheme_types)) if scheme_types else lit(False)


def _grade(rulebook: Rulebook, score: Expr) -> Expr:
    bands = rulebook.score.grades
    branches = [(score.copy() >= lit(b.min), lit(b.grade)) for b in bands if b.min is not None]
    return when(*branches, default=lit(bands[-1].grade))


def _redlisted(rulebook: Rulebook) -> Expr:
    rule = rulebook.redlist
    if rule is None:
        return lit(False)
    order = [b.grade for b in rulebook.score.grades]
    reaching = order[: order.index(rule.min_grade) + 1]
    grade_in = exp.In(this=c("grade", ROW), expressions=[lit(g) for g in reaching])
    grade_ok = exp.and_(grade_in, c("in_scheme", ROW))
    if not rule.requires_no_active_negative:
        return grade_ok
    return exp.and_(grade_ok, exp.not_(c("negative", ROW)))


def _orphans() -> exp.Select:
    """Subjects named by due-process events only (no record at all): they exist too."""
    return (
        exp.select("subject_id", copy=False)
        .distinct(copy=False)
        .from_("events", copy=False)
        .where(c("kind").neq(lit("record.added")), copy=False)
    )


def subject_base_query(rulebook: Rulebook, as_of: date) -> exp.Select:
    """``subject_base``: every subject, its score and redlist period, kind and birth date."""
    subject = coalesce(c("subject_id", "t"), c("subject_id", "o"))
    score = lit(rulebook.score.base) + coalesce(c("points", "t"), lit(0))
    since = coalesce(c("last_change", "t"), day(as_of))
    base = (
        exp.select(
            subject.as_("subject_id"),
            exp.Cast(this=score, to=exp.DataType.build("bigint")).as_("score"),
            since.as_("since"),
            c("next_end", "t").as_("until"),
            coalesce(c("negative", "t"), lit(0)).eq(lit(1)).as_("negative"),
            coalesce(c("in_scheme", "t"), lit(0)).eq(lit(1)).as_("in_scheme"),
            copy=False,
        )
        .from_(table("totals", "t"), copy=False)
        .join(
            _orphans().subquery("o", copy=False),
            on=c("subject_id", "o").eq(c("subject_id", "t")),
            join_type="full",
            copy=False,
        )
    )
    return with_identity(base)


def subject_state_query(rulebook: Rulebook) -> exp.Select:
    """``subject_state``: ``subject_base`` with the negative windows, the grade, the redlist."""
    open_negative = exp.and_(exp.or_(c("open"), c("announced")), c("negative"))
    windows = (
        exp.select("subject_id", max_(flag(open_negative)).as_("neg"), copy=False)
        .from_("windows", copy=False)
        .group_by("subject_id", copy=False)
    )
    keep = ("subject_id", "score", "since", "until", "kind", "division", "birth_date", "in_scheme")
    negative = exp.or_(c("negative", "b"), coalesce(c("neg", "w"), lit(0)).eq(lit(1)))
    joined = (
        exp.select(*(c(n, "b") for n in keep), negative.as_("negative"), copy=False)
        .from_(table("subject_base", "b"), copy=False)
        .join(
            windows.subquery("w", copy=False),
            on=c("subject_id", "w").eq(c("subject_id", "b")),
            join_type="left",
            copy=False,
        )
    )
    graded = exp.select(star(), _grade(rulebook, c("score", ROW)).as_("grade"), copy=False).from_(
        joined.subquery(ROW, copy=False), copy=False
    )
    return exp.select(star(), _redlisted(rulebook).as_("red"), copy=False).from_(
        graded.subquery(ROW, copy=False), copy=False
    )
