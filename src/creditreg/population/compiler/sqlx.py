"""Small builders of sqlglot expressions, the vocabulary the compiler is written in.

The compiled queries are sqlglot trees, never pasted strings: each backend renders the
same tree in its own dialect. Only constructs with one meaning on DuckDB and Spark are
used here (``TRY_CAST`` rather than ``CAST`` where a value may not parse: Spark 4 runs
in ANSI mode and would fail the whole query).
"""

from __future__ import annotations

from datetime import date

from sqlglot import exp

Expr = exp.Expr
DATE = exp.DataType.build("date")


def c(name: str, table: str | None = None) -> exp.Column:
    """A column, optionally qualified by a table alias."""
    return exp.column(name, table=table)


def lit(value: str | int | bool | None) -> Expr:
    if value is None:
        return exp.null()
    if isinstance(value, bool):
        return exp.true() if value else exp.false()
    if isinstance(value, int):
        return exp.Literal.number(value)
    return exp.Literal.string(value)


def day(value: date) -> Expr:
    """A date literal: ``CAST('YYYY-MM-DD' AS DATE)``."""
    return exp.Cast(this=exp.Literal.string(value.isoformat()), to=DATE)


def null_date() -> Expr:
    return exp.Cast(this=exp.null(), to=DATE)


def when(*branches: tuple[Expr, Expr], default: Expr | None = None) -> exp.Case:
    """``CASE WHEN cond THEN value ... ELSE default END``."""
    case = exp.Case()
    for condition, value in branches:
        case = case.when(condition, value, copy=False)  # built in place: no copies
    return case.else_(default, copy=False) if default is not None else case


def is_null(value: Expr) -> Expr:
    return exp.Is(this=value.copy(), expression=exp.null())


def not_null(value: Expr) -> Expr:
    return exp.not_(is_null(value))


def least(a: Expr, b: Expr) -> Expr:
    """The earlier of two dates, ignoring a null one (null only when both are).

    ``ignore_nulls``: the meaning of LEAST on DuckDB, Spark and PostgreSQL alike, so sqlglot
    renders the native function (a CASE spelling it out would be copied into every
    expression that nests it, 3^depth times once the optimiser inlines the columns).
    """
    return exp.Least(this=a.copy(), expressions=[b.copy()], ignore_nulls=True)


def greatest(a: Expr, b: Expr) -> Expr:
    """The later of two dates, ignoring a null one."""
    return exp.Greatest(this=a.copy(), expressions=[b.copy()], ignore_nulls=True)


def add_months(value: Expr, months: Expr) -> Expr:
    """``value`` plus whole months, a month end clamped (31 Jan + 1 month = 28/29 Feb)."""
    return exp.Cast(this=exp.AddMonths(this=value.copy(), expression=months.copy()), to=DATE)


def add_days(value: Expr, days: Expr) -> Expr:
    day_added = exp.DateAdd(this=value.copy(), expression=days.copy(), unit=exp.var("DAY"))
    return exp.Cast(this=day_added, to=DATE)


def coalesce(value: Expr, default: Expr) -> Expr:
    return exp.Coalesce(this=value.copy(), expressions=[default.copy()])


def flag(condition: Expr) -> Expr:
    """1 when ``condition`` holds, else 0: aggregated with MAX it is "any"."""
    return when((condition, lit(1)), default=lit(0))


def max_(value: Expr) -> Expr:
    return exp.Max(this=value)


def min_(value: Expr) -> Expr:
    return exp.Min(this=value)


def sum_(value: Expr) -> Expr:
    return exp.Sum(this=value)


def in_(value: Expr, *options: str) -> Expr:
    return exp.In(this=value, expressions=[lit(o) for o in options])


def substr(value: Expr, start: int, length: int) -> Expr:
    return exp.Substring(this=value.copy(), start=lit(start), length=lit(length))


def table(name: str, alias: str | None = None) -> Expr:
    """A table reference, optionally aliased."""
    return exp.to_table(name).as_(alias) if alias else exp.to_table(name)
