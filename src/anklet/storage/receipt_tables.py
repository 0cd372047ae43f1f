"""Write receipts: the key a client sent with a write (`Idempotency-Key`) and the first
answer it was given, so a retry is answered the same and never writes twice
(domain.receipts). Not the athlete's data: never exported, erased with the athlete, and
forgotten after `KEEP_RECEIPTS`."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Index, SmallInteger, String, Table, Text

from anklet.storage.tables import _athlete_fk, metadata

write_receipts = Table(
    "write_receipts",
    metadata,
    # The key itself is unique: two sends of one write meet here, whichever commits first.
    Column("key", String(128), primary_key=True),
    _athlete_fk(),
    Column("fingerprint", String(64), nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    # The answer, kept once it is sent (NULL for a moment after the write commits).
    Column("status", SmallInteger),
    Column("media_type", String(100)),
    Column("location", String(500)),
    Column("body", Text),
    Index("ix_write_receipts_athlete_recorded", "athlete_id", "recorded_at"),
)
