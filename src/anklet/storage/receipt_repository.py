"""Write receipts on SQLAlchemy Core (storage.receipt_tables, domain.receipts)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from anklet.domain.receipts import AlreadyRecorded, Answer, Receipt
from anklet.storage.receipt_tables import write_receipts


class SqlReceipts:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def get(self, key: str) -> Receipt | None:
        row = self._db.execute(select(write_receipts).where(write_receipts.c.key == key))
        found = row.mappings().first()
        if found is None:
            return None
        answer = (
            None
            if found["status"] is None
            else Answer(
                status=found["status"],
                media_type=found["media_type"] or "",
                body=found["body"] or "",
                location=found["location"],
            )
        )
        return Receipt(
            key=found["key"],
            fingerprint=found["fingerprint"],
            athlete_id=found["athlete_id"],
            recorded_at=found["recorded_at"],
            answer=answer,
        )

    def claim(self, receipt: Receipt) -> None:
        """Store the key with its write; AlreadyRecorded when it is stored. On PostgreSQL a
        second send waits here on the key until the first commits, then finds it."""
        values = {
            "key": receipt.key,
            "athlete_id": receipt.athlete_id,
            "fingerprint": receipt.fingerprint,
            "recorded_at": receipt.recorded_at,
        }
        try:
            with self._db.begin_nested():
                self._db.execute(insert(write_receipts).values(values))
        except IntegrityError as error:
            if "unique" not in str(error.orig).lower():
                raise
            raise AlreadyRecorded(receipt.key) from None

    def answer(self, key: str, answer: Answer) -> bool:
        """Keep the first answer; False when the key is not stored or already answered."""
        result = self._db.execute(
            update(write_receipts)
            .where(write_receipts.c.key == key, write_receipts.c.status.is_(None))
            .values(
                status=answer.status,
                media_type=answer.media_type,
                location=answer.location,
                body=answer.body,
            )
        )
        return result.rowcount == 1

    def forget(self, athlete_id: int, *, before: datetime) -> int:
        """Drop the athlete's receipts recorded before `before`; how many went."""
        result = self._db.execute(
            delete(write_receipts).where(
                write_receipts.c.athlete_id == athlete_id, write_receipts.c.recorded_at < before
            )
        )
        return result.rowcount
