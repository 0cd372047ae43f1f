"""services.memo: a write gives an athlete's history a new stamp, and the entry made under the
old stamp goes when the new one is put (its family), instead of filling the memo to its size
under a stream of writes (the load run's memory and p99 grew with it, docs/performance.md)."""

from __future__ import annotations

from anklet.services.memo import Memo


def test_a_new_stamp_supersedes_the_entry_of_the_same_family() -> None:
    memo = Memo(size=256)
    for version in range(300):
        memo.put(("situation", "ada", version), f"read {version}", family=("situation", 1))
    assert len(memo) == 1
    assert memo.get(("situation", "ada", 299)) == "read 299"
    assert memo.get(("situation", "ada", 298)) is None


def test_families_are_kept_apart() -> None:
    memo = Memo(size=256)
    for version in range(3):
        memo.put(("situation", 1, version), "a", family=("situation", 1))
        memo.put(("replay", 1, version), "b", family=("replay", 1))
        memo.put(("situation", 2, version), "c", family=("situation", 2))
    assert len(memo) == 3
    assert memo.get(("situation", 1, 2)) == "a"
    assert memo.get(("replay", 1, 2)) == "b"
    assert memo.get(("situation", 2, 2)) == "c"


def test_putting_the_same_key_again_keeps_it() -> None:
    memo = Memo(size=4)
    memo.put(("k", 1), "first", family="f")
    memo.put(("k", 1), "again", family="f")
    assert memo.get(("k", 1)) == "again"


def test_the_size_still_bounds_many_families() -> None:
    memo = Memo(size=8)
    for athlete in range(100):
        memo.put(("situation", athlete, 0), athlete, family=("situation", athlete))
    assert len(memo) == 8
    assert memo.get(("situation", 99, 0)) == 99
    assert memo.get(("situation", 0, 0)) is None
    # An aged-out family's successor is put as usual.
    memo.put(("situation", 0, 1), "back", family=("situation", 0))
    assert memo.get(("situation", 0, 1)) == "back"
    assert len(memo) == 8
