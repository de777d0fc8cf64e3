"""``publish``: public lists with only the allowed fields, and never a whole identifier."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from creditreg.identifiers import mask, parse_subject
from creditreg.population.reports.publish import (
    MASK_SQL,
    BadPage,
    NotPublic,
    public_list,
    publication,
    published_fields,
)
from creditreg.rulebook.loader import RulebookError, load_rulebook
from tests.population.conftest_reports import (
    RULEBOOK,
    Reg,
    build_registry,
    draft,
    organisation,
    person,
    row,
)

DIVISIONS = ("110105", "310115", "371082", "440305", "510107", "330106")
ORG_BODIES = ("91310115MA1K4CQ3A", "91110000600037341", "12100000000013001", "91440300MA5F0X1B2")
TYPES = sorted(RULEBOOK.record_types)
PUBLIC = sorted(name for name, spec in RULEBOOK.lists.items() if spec.publish_fields)
START = date(2024, 1, 1)

persons = st.builds(
    lambda division, born, serial: person(f"{born:%Y%m%d}", division, f"{serial:03d}"),
    st.sampled_from(DIVISIONS),
    st.dates(date(1940, 1, 1), date(2012, 12, 31)),
    st.integers(0, 999),
)
subjects = st.one_of(persons, st.sampled_from(ORG_BODIES).map(organisation))


@st.composite
def populations(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Records of random types on random days about a few random subjects, with names."""
    ids = draw(st.lists(subjects, min_size=1, max_size=6, unique=True))
    rows = []
    for n in range(draw(st.integers(1, 14))):
        subject = draw(st.sampled_from(ids))
        kind = parse_subject(subject).kind
        type_ = draw(
            st.sampled_from([t for t in TYPES if kind in RULEBOOK.record_types[t].subjects])
        )
        decided = START + timedelta(days=draw(st.integers(0, 1000)))
        rows.append(row(f"p{n}", subject, type_, decided, name=f"名{ids.index(subject)}"))
    return rows


def _cells(text: str, fmt: str) -> list[str]:
    if fmt == "csv":
        return [cell for line in csv.reader(io.StringIO(text)) for cell in line]
    document = json.loads(text)
    return [str(v) for entry in document["rows"] for v in entry.values()] + [
        str(v) for k, v in document.items() if k != "rows"
    ]


# Each example is a real registry: shrinking one would build hundreds, so it is left out
# (a failure still prints its example).
@settings(
    max_examples=6,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
@given(rows=populations(), offset=st.integers(0, 1100))
def test_a_publication_never_shows_a_whole_identifier(
    rows: list[dict[str, Any]], offset: int
) -> None:
    ids = {r["subject_id"] for r in rows}
    with tempfile.TemporaryDirectory() as folder:
        reg = build_registry(Path(folder), rows)
        at = (START + timedelta(days=offset)).isoformat()
        for name in PUBLIC:
            allowed = set(RULEBOOK.lists[name].publish_fields)
            for fmt in ("csv", "json"):
                text = reg.run("publish", name, "--at", at, "--format", fmt).stdout
                cells = _cells(text, fmt)
                assert not [c for c in cells for i in ids if i in c.upper()], (name, fmt)
                header = (
                    next(csv.reader(io.StringIO(text)))
                    if fmt == "csv"
                    else json.loads(text)["fields"]
                )
                assert set(header) <= allowed
            table = publication(reg.open(), name, date.fromisoformat(at))
            assert set(table.column("subject_id").to_pylist()) <= {mask(i) for i in ids}
            event(f"{name} published {'some' if table.num_rows else 'no'} entries")


@settings(max_examples=60, deadline=None)
@given(ids=st.lists(subjects, min_size=1, max_size=20, unique=True))
def test_the_sql_mask_is_identifiers_mask(ids: list[str]) -> None:
    kinds = [parse_subject(i).kind.value for i in ids]
    con = duckdb.connect()
    con.register("l", pa.table({"subject_id": ids, "kind": kinds}))
    masked = con.sql(f"SELECT {MASK_SQL} FROM l JOIN l s USING (subject_id) ORDER BY l.subject_id")
    assert [m for (m,) in masked.fetchall()] == [mask(i) for i in sorted(ids)]


AS_OF = date(2026, 6, 1)
LISTED = [person(serial=f"{n:03d}", division=DIVISIONS[n % 3]) for n in range(1, 8)]


@pytest.fixture(scope="module")
def court(tmp_path_factory: pytest.TempPathFactory) -> Reg:
    rows = [
        row(f"c{n}", subject, "court.debtor_evades", date(2026, 1, n + 1), name=f"王{n}")
        for n, subject in enumerate(LISTED)
    ]
    rows.append(row("rail1", LISTED[0], "rail.smoking", date(2026, 3, 2), name="王0"))
    return build_registry(tmp_path_factory.mktemp("court"), rows)


def test_public_list_pages_and_searches_published_columns(court: Reg) -> None:
    registry = court.open()
    first = public_list(registry, "court_dishonest", AS_OF, page=1, page_size=3)
    assert (
        first.total == 7
        and len(first.rows) == 3
        and first.fields == tuple(RULEBOOK.lists["court_dishonest"].publish_fields)
    )
    last = public_list(registry, "court_dishonest", AS_OF, page=3, page_size=3)
    assert len(last.rows) == 1
    assert [r["since"] for r in first.rows] == sorted(
        (r["since"] for r in first.rows), reverse=True
    )
    assert public_list(registry, "court_dishonest", AS_OF, query="王3").total == 1
    by_id = public_list(registry, "court_dishonest", AS_OF, query=LISTED[2])
    assert by_id.total == 1 and by_id.query == mask(LISTED[2])
    assert LISTED[2] not in json.dumps(by_id.as_dict(), ensure_ascii=False)
    assert public_list(registry, "court_dishonest", AS_OF, query="COURT.BJ").total == 7
    assert public_list(registry, "court_dishonest", AS_OF, query=LISTED[0][:6]).total >= 1
    assert public_list(registry, "court_dishonest", AS_OF, query="nobody").total == 0
    with pytest.raises(BadPage):
        public_list(registry, "court_dishonest", AS_OF, page=0)
    with pytest.raises(BadPage):
        public_list(registry, "court_dishonest", AS_OF, page_size=5000)


def test_only_the_fields_the_rulebook_allows_are_published(tmp_path: Path) -> None:
    court_fields = "[subject_id, subject_name, kind, authority, decision_ref, type, since, until]"
    tax_fields = "[subject_id, subject_name, kind, authority, decision_ref, since, until]"
    strict = draft(
        tmp_path,
        (f"publish_fields: {court_fields}", "publish_fields: [since, subject_id]"),
        (f"publish_fields: {tax_fields}", "publish_fields: []"),
    )
    rows = [
        row("c1", LISTED[0], "court.debtor_evades", date(2026, 1, 5), name="赵六"),
        row("t1", organisation(), "tax.major_violation", date(2026, 1, 5)),
    ]
    reg = build_registry(tmp_path / "strict", rows, rulebook=strict)
    text = reg.run("publish", "court_dishonest", "--at", "2026-06-01").stdout
    assert list(csv.reader(io.StringIO(text))) == [
        ["since", "subject_id"],
        ["2026-01-05", mask(LISTED[0])],
    ]
    assert "赵六" not in text and "court." not in text
    page = public_list(reg.open(), "court_dishonest", AS_OF, query="赵六")
    assert page.total == 0  # a name that is not published cannot be searched for either
    with pytest.raises(NotPublic, match="not public"):
        published_fields(reg.open().rulebook, "tax_dishonest")
    assert "not public" in reg.run("publish", "tax_dishonest", code=2).stderr
    assert "no list 'nope'" in reg.run("publish", "nope", code=2).stderr


def test_a_rulebook_may_only_name_known_publication_fields(tmp_path: Path) -> None:
    path = draft(
        tmp_path,
        (
            "publish_fields: [subject_id, subject_name, kind, since]",
            "publish_fields: [subject_id, birth_date]",
        ),
    )
    with pytest.raises(RulebookError, match=r"draft.yaml:\d+: lists.redlist.publish_fields.1"):
        load_rulebook(path)
