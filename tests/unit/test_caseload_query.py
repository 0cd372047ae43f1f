"""The caseload's query from outside: named refusals, and cursors that round-trip."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anklet.domain.caseload import CASELOAD_LIMIT_MAX, Order, caseload_query, cursor_for
from anklet.domain.errors import InvalidValue


@given(score=st.integers(0, 1000), handle=st.from_regex(r"[a-z][a-z0-9-]{0,31}", fullmatch=True))
def test_a_cursor_gives_back_the_key_it_was_made_from(score: int, handle: str) -> None:
    cursor = cursor_for(Order.ATTENTION, (score, handle))
    assert caseload_query(cursor=cursor).after == (score, handle)


@pytest.mark.parametrize(
    ("field", "options"),
    [
        ("order", {"order": "age"}),
        ("only", {"only": "sad"}),
        ("limit", {"limit": 0}),
        ("limit", {"limit": CASELOAD_LIMIT_MAX + 1}),
        ("limit", {"limit": True}),
        ("cursor", {"cursor": "!!!"}),
        ("cursor", {"cursor": "x" * 401}),
        ("cursor", {"cursor": cursor_for(Order.HANDLE, ("ann",))}),  # of another order
        ("cursor", {"cursor": cursor_for(Order.ATTENTION, ("ann", "bob"))}),  # wrong shape
    ],
)
def test_a_bad_value_is_refused_by_name(field: str, options: dict[str, object]) -> None:
    with pytest.raises(InvalidValue) as refused:
        caseload_query(**options)  # type: ignore[arg-type]
    assert refused.value.field == field
