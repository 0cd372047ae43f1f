"""One athlete's rows in and out, table by table, read from the schema itself.

Every table that belongs to an athlete (it has an `athlete_id`, or a foreign key to such a
table) is found by walking the SQLAlchemy metadata, so a table added by a later migration is
exported, imported and erased without a change here; only a table that is derived from the
others (rebuilt from the history) is named in DERIVED_TABLES and left out of the export.

In the document, database ids never appear: a row's id becomes its `ref`, its position in
the export (1, 2, ...), and a foreign key holds the ref of the row it points at. Rows are
written in id order and imported in that order, so importing a document into any database and
exporting it again gives the same document, byte for byte (docs/data.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    Integer,
    SmallInteger,
    String,
    Table,
    delete,
    func,
    insert,
    select,
)
from sqlalchemy.exc import IntegrityError

from anklet.domain.errors import Action, Conflict, Hint, InvalidValue
from anklet.storage.account_tables import SERVER_TABLES
from anklet.storage.rows import fresh_history_version, new_id, touch
from anklet.storage.tables import all_tables, athletes

FORMAT_NAME = "anklet-athlete"
FORMAT_VERSION = 1  # one more whenever the document's shape changes (docs/data.md)

# Tables rebuilt from the others: never exported, rebuilt after an import.
# The multi-user server's tables (accounts, links, clinical notes) are not part of an
# athlete's own export either: storage.account_tables.SERVER_TABLES.
DERIVED_TABLES: frozenset[str] = frozenset(
    {"athlete_states", "engine_decisions", "engine_checkpoints"}
)
# Tables of the protocol, not the athlete's data (a write's key and answer): never exported,
# never rebuilt, erased with the athlete.
TRANSIENT_TABLES: frozenset[str] = frozenset({"write_receipts"})
# Columns of the athlete's row that are bookkeeping, not the athlete's data.
ATHLETE_INTERNAL = frozenset({"id", "history_version"})

REF = "ref"


@cache
def owned_tables() -> list[Table]:
    """Every table holding rows of one athlete, parents before children, athletes excluded."""
    metadata = all_tables()
    owned: list[Table] = []
    for table in metadata.sorted_tables:
        if table is athletes or table.name in SERVER_TABLES:
            continue
        parents = {fk.column.table for fk in table.foreign_keys}
        if athletes in parents or parents & set(owned):
            owned.append(table)
    return owned


def exported_tables() -> list[Table]:
    left_out = DERIVED_TABLES | TRANSIENT_TABLES
    return [table for table in owned_tables() if table.name not in left_out]


def ref_key(table: Table) -> Column[Any] | None:
    """The table's own integer id, which the document replaces by a ref; None for tables
    keyed by their parent (an assessment's sides, a screening's answers)."""
    keys = list(table.primary_key.columns)
    if len(keys) == 1 and keys[0].name == "id" and not keys[0].foreign_keys:
        return keys[0]
    return None


def parent_of(column: Column[Any]) -> Table | None:
    for fk in column.foreign_keys:
        return fk.column.table
    return None


def is_owner_column(column: Column[Any]) -> bool:
    return parent_of(column) is athletes


# A record's version (a log's, a morning's, a squat depth's) counts edits in this database
# (optimistic concurrency): it does not travel, and an imported record starts at 1, so the
# format is as before 0013.
RECORD_INTERNAL = frozenset({"version"})


def data_columns(table: Table) -> list[Column[Any]]:
    """The columns that travel: all but the table's own id, the athlete's id and the
    bookkeeping of RECORD_INTERNAL."""
    key = ref_key(table)
    return [
        c
        for c in table.columns
        if c is not key and not is_owner_column(c) and c.name not in RECORD_INTERNAL
    ]


def athlete_columns() -> list[Column[Any]]:
    return [c for c in athletes.columns if c.name not in ATHLETE_INTERNAL]


def table_filter(table: Table, athlete_id: int) -> Any:
    """A WHERE clause selecting the athlete's rows of `table`, through its foreign keys."""
    for column in table.columns:
        parent = parent_of(column)
        if parent is athletes:
            return column == athlete_id
    owned = owned_tables()
    for column in table.columns:
        parent = parent_of(column)
        # The row's owner: the parent it cannot exist without (a nullable link is a cross
        # reference, such as a log's plan, not ownership).
        if parent is not None and parent in owned and not column.nullable:
            parent_key = next(iter(column.foreign_keys)).column
            return column.in_(select(parent_key).where(table_filter(parent, athlete_id)))
    raise AssertionError(f"{table.name} does not belong to an athlete")


def _to_json(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        assert isinstance(value, datetime)
        return value.isoformat(timespec="microseconds")
    if isinstance(column.type, Date):
        assert isinstance(value, date)
        return value.isoformat()
    if isinstance(column.type, Boolean):
        return bool(value)
    if isinstance(column.type, Float):
        return float(value)
    if isinstance(column.type, Integer):
        return int(value)
    return str(value)


def _from_json(column: Column[Any], value: Any, where: str) -> Any:
    """A document value as the database column takes it (the JSON Schema checked its type)."""
    if value is None:
        return None
    try:
        if isinstance(column.type, DateTime):
            return datetime.fromisoformat(value)
        if isinstance(column.type, Date):
            return date.fromisoformat(value)
    except (TypeError, ValueError):
        kind = "date and time" if isinstance(column.type, DateTime) else "date"
        raise InvalidValue(where, value, f"a {kind} in ISO 8601") from None
    if isinstance(column.type, Float):
        return float(value)
    return value


class SqlArchive:
    """Dump, load and erase one athlete; never commits (the unit of work does)."""

    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def dump(self, athlete_id: int) -> dict[str, Any]:
        row = self._db.execute(select(athletes).where(athletes.c.id == athlete_id)).mappings()
        found = row.one()
        document: dict[str, Any] = {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "athlete": {c.name: _to_json(c, found[c.name]) for c in athlete_columns()},
            "tables": {},
        }
        refs: dict[str, dict[int, int]] = {}
        for table in exported_tables():
            document["tables"][table.name] = self._dump_table(table, athlete_id, refs)
        return document

    def _dump_table(
        self, table: Table, athlete_id: int, refs: dict[str, dict[int, int]]
    ) -> list[dict[str, Any]]:
        key = ref_key(table)
        columns = data_columns(table)
        query = select(table).where(table_filter(table, athlete_id))
        rows = self._db.execute(query).mappings().all()
        out: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
        own: dict[int, int] = {}
        if key is not None:
            rows = sorted(rows, key=lambda r: r[key.name])
            own = {r[key.name]: index for index, r in enumerate(rows, start=1)}
            refs[table.name] = own
        for row in rows:
            entry: dict[str, Any] = {}
            if key is not None:
                entry[REF] = own[row[key.name]]
            for column in columns:
                parent = parent_of(column)
                value = row[column.name]
                if parent is not None and value is not None:
                    entry[column.name] = refs[parent.name][value]
                else:
                    entry[column.name] = _to_json(column, value)
            order = (entry[REF],) if key is not None else _pk_order(table, entry)
            out.append((order, entry))
        return [entry for _, entry in sorted(out, key=lambda pair: pair[0])]

    def load(self, document: Mapping[str, Any], *, handle: str, created_at: datetime) -> int:
        """Insert the document's athlete under `handle` and every row; returns the new id.
        The caller checked the document against the JSON Schema; a reference to a row that
        is not in the document is an InvalidValue naming where it is."""
        person = {
            c.name: _from_json(c, document["athlete"].get(c.name), f"athlete.{c.name}")
            for c in athlete_columns()
        }
        person["handle"] = handle
        person["created_at"] = person.get("created_at") or created_at
        person["history_version"] = fresh_history_version()  # never a cached one (storage.rows)
        try:
            with self._db.begin_nested():
                athlete_id = new_id(self._db.execute(insert(athletes).values(person)))
        except IntegrityError:
            # Another import or `athlete add` took the handle since the service looked.
            raise Conflict(
                f"the handle {handle!r} is already taken; import under a new handle",
                action=Hint(Action.NEW_HANDLE, handle),
            ) from None
        refs: dict[str, dict[int, int]] = {}
        tables: Mapping[str, Sequence[Mapping[str, Any]]] = document.get("tables", {})
        for table in exported_tables():
            self._load_table(table, tables.get(table.name, ()), athlete_id, refs)
        return athlete_id

    def _load_table(
        self,
        table: Table,
        rows: Iterable[Mapping[str, Any]],
        athlete_id: int,
        refs: dict[str, dict[int, int]],
    ) -> None:
        """One multi-row INSERT per table; ids come back in the rows' order (RETURNING),
        so the refs of the next tables can be mapped. A unique row twice (two check-ins of
        one morning) fails the whole import: the caller's transaction is rolled back."""
        key = ref_key(table)
        own: dict[int, int] = refs.setdefault(table.name, {})
        values: list[dict[str, Any]] = []
        given: list[int] = []
        for index, row in enumerate(rows):
            where = f"tables.{table.name}[{index}]"
            values.append(self._values(table, row, athlete_id, refs, where))
            if key is not None:
                ref = row[REF]
                if ref in own or ref in given:
                    raise InvalidValue(f"{where}.ref", ref, "a ref used once in its table")
                given.append(ref)
        if not values:
            return
        try:
            if key is None:
                self._db.execute(insert(table), values)
                return
            statement = insert(table).returning(key, sort_by_parameter_order=True)
            ids = self._db.execute(statement, values).scalars().all()
        except IntegrityError as error:
            raise InvalidValue(
                f"tables.{table.name}", "a row twice", f"rows that are unique ({_why(error)})"
            ) from None
        own.update(zip(given, ids, strict=True))

    def _values(
        self,
        table: Table,
        row: Mapping[str, Any],
        athlete_id: int,
        refs: dict[str, dict[int, int]],
        where: str,
    ) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for column in table.columns:
            if column is ref_key(table) or column.name in RECORD_INTERNAL:
                continue
            if is_owner_column(column):
                values[column.name] = athlete_id
                continue
            value = row.get(column.name)
            parent = parent_of(column)
            if parent is not None and value is not None:
                found = refs.get(parent.name, {}).get(value)
                if found is None:
                    raise InvalidValue(
                        f"{where}.{column.name}", value, f"the ref of a row in {parent.name}"
                    )
                values[column.name] = found
            else:
                values[column.name] = _from_json(column, value, f"{where}.{column.name}")
        return values

    def erase(self, athlete_id: int) -> dict[str, int]:
        """Delete the athlete and every row of theirs, children first; returns the rows
        deleted per table (the athlete's row included)."""
        touch(self._db, athlete_id)  # the athlete's row first, as every writer takes it
        counts: dict[str, int] = {}
        for table in reversed(owned_tables()):
            result = self._db.execute(delete(table).where(table_filter(table, athlete_id)))
            counts[table.name] = result.rowcount
        result = self._db.execute(delete(athletes).where(athletes.c.id == athlete_id))
        counts[athletes.name] = result.rowcount
        return counts

    def count(self, athlete_id: int) -> dict[str, int]:
        """Rows of the athlete per table (the athlete's row included)."""
        counts = {
            table.name: self._db.execute(
                select(func.count()).select_from(table).where(table_filter(table, athlete_id))
            ).scalar_one()
            for table in owned_tables()
        }
        counts[athletes.name] = self._db.execute(
            select(func.count()).select_from(athletes).where(athletes.c.id == athlete_id)
        ).scalar_one()
        return counts


def _pk_order(table: Table, entry: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(entry[c.name] for c in table.primary_key.columns)


def _why(error: IntegrityError) -> str:
    return str(error.orig).splitlines()[0][:120]


# -- the JSON Schema of the document, from the same metadata --------------------------------

SMALLINT = (-32768, 32767)
INTEGER = (-(2**31), 2**31 - 1)


def _column_schema(column: Column[Any]) -> dict[str, Any]:
    kind = column.type
    schema: dict[str, Any]
    parent = parent_of(column)
    if parent is not None:
        schema = {"type": "integer", "minimum": 1, "description": f"ref of a {parent.name} row"}
    elif isinstance(kind, DateTime):
        schema = {"type": "string", "pattern": _DATETIME}
    elif isinstance(kind, Date):
        schema = {"type": "string", "pattern": _DATE}
    elif isinstance(kind, Boolean):
        schema = {"type": "boolean"}
    elif isinstance(kind, Float):
        schema = {"type": "number"}
    elif isinstance(kind, SmallInteger):
        schema = {"type": "integer", "minimum": SMALLINT[0], "maximum": SMALLINT[1]}
    elif isinstance(kind, Integer):
        schema = {"type": "integer", "minimum": INTEGER[0], "maximum": INTEGER[1]}
    else:
        schema = {"type": "string"}
        if isinstance(kind, String) and kind.length:
            schema["maxLength"] = kind.length
    if column.nullable:
        schema = {"anyOf": [schema, {"type": "null"}]}
    return schema


_DATE = r"^\d{4}-\d{2}-\d{2}$"
_DATETIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?$"


def _object(
    columns: Sequence[Column[Any]], *, ref: bool, optional: frozenset[str]
) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    if ref:
        properties[REF] = {"type": "integer", "minimum": 1}
    for column in columns:
        properties[column.name] = _column_schema(column)
    required = [name for name in properties if name not in optional]
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def document_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of an export, published as docs/data-schema.json."""
    tables = {
        table.name: {
            "type": "array",
            "items": _object(
                data_columns(table),
                ref=ref_key(table) is not None,
                optional=_optional_columns(table),
            ),
        }
        for table in exported_tables()
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://anklet.invalid/schema/{FORMAT_NAME}-{FORMAT_VERSION}.json",
        "title": f"Anklet athlete export, format version {FORMAT_VERSION}",
        "description": (
            "One athlete and every row that belongs to them, table by table. Ids are refs "
            "local to the document; see docs/data.md."
        ),
        "type": "object",
        "properties": {
            "format": {"const": FORMAT_NAME},
            "version": {"const": FORMAT_VERSION},
            "athlete": _object(athlete_columns(), ref=False, optional=frozenset()),
            "tables": {
                "type": "object",
                "properties": tables,
                "required": list(tables),
                "additionalProperties": False,
            },
        },
        "required": ["format", "version", "athlete", "tables"],
        "additionalProperties": False,
    }


def _optional_columns(table: Table) -> frozenset[str]:
    """Nothing is optional: an export writes every column, so a reader never guesses."""
    del table
    return frozenset()
