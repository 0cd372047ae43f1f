"""A plain JSON form of domain values, driven by their type hints.

The engine's run is kept between writes (domain.progression.EngineRun), so it must survive
a trip through a database column exactly: dates stay dates, enums stay enums, a dict keyed
by (exercise, side) stays one. The form is chosen by the declared type, never by guessing
from the value, so `decode(T, encode(T, v)) == v` for every supported T (a property test
holds us to it), and nothing but our own dataclasses can be built from a stored text.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, Union, get_args, get_origin

__all__ = ["decode", "encode"]

_NONE = type(None)


def encode(tp: Any, value: Any) -> Any:
    """`value`, declared as `tp`, as JSON-ready lists, dicts, strings, numbers and None."""
    if value is None:
        return None
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        return encode(_optional_of(tp), value)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        chain = getattr(tp, "__stored_chain__", None)
        hints = _hints(tp)
        found = {
            f.name: encode(hints[f.name], getattr(value, f.name))
            for f in _fields(tp)
            if f.name != chain
        }
        if chain is not None:
            # Each link's own chain is the links before it: stored once, flat, not nested
            # (nested, a chain of n links would be stored 2^n times over).
            links = getattr(value, chain)
            found[chain] = [encode(tp, _unchained(links, k, chain)) for k in range(len(links))]
        return found
    if isinstance(tp, type) and issubclass(tp, Enum):
        return value.value
    if tp is datetime or tp is date:
        return value.isoformat()
    if tp in (bool, int, float, str):
        return value
    args = get_args(tp)
    if origin is dict:
        return [[encode(args[0], k), encode(args[1], v)] for k, v in value.items()]
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return [encode(args[0], item) for item in value]
    if origin is tuple:
        return [encode(a, item) for a, item in zip(args, value, strict=True)]
    if origin is list:
        return [encode(args[0], item) for item in value]
    if origin is frozenset:  # sorted, so that one set always has one text
        return sorted(encode(args[0], item) for item in value)
    raise TypeError(f"no stored form for {tp!r}")


def decode(tp: Any, data: Any) -> Any:
    """The value of type `tp` that `encode(tp, value)` gave `data` for."""
    if data is None:
        return None
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        return decode(_optional_of(tp), data)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        chain = getattr(tp, "__stored_chain__", None)
        hints = _hints(tp)
        # A field the stored form lacks takes its declared default: a state kept by an
        # earlier Anklet, before the field was added (a record's version), still reads.
        values = {
            f.name: decode(hints[f.name], data[f.name])
            for f in _fields(tp)
            if f.name != chain and (f.name in data or not _has_default(f))
        }
        if chain is not None:
            links: list[Any] = []
            for link in data[chain]:
                links.append(dataclasses.replace(decode(tp, link), **{chain: tuple(links)}))
            values[chain] = tuple(links)
        return tp(**values)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp(data)
    scalar = _SCALARS.get(tp)
    if scalar is not None:
        return scalar(data)
    args = get_args(tp)
    if origin is dict:
        return {decode(args[0], k): decode(args[1], v) for k, v in data}
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return tuple(decode(args[0], item) for item in data)
    if origin is tuple:
        return tuple(decode(a, item) for a, item in zip(args, data, strict=True))
    if origin is list:
        return [decode(args[0], item) for item in data]
    if origin is frozenset:
        return frozenset(decode(args[0], item) for item in data)
    raise TypeError(f"no stored form for {tp!r}")


# JSON keeps bools, ints and strings as they are; a float may come back as an int (2.0 → 2).
_SCALARS: dict[Any, Any] = {
    datetime: datetime.fromisoformat,
    date: date.fromisoformat,
    float: float,
    bool: bool,
    int: int,
    str: str,
}


def _unchained(links: tuple[Any, ...], k: int, chain: str) -> Any:
    """Link k without its own chain, which must be the k links before it (by identity:
    comparing nested chains by value would cost as much as storing them nested)."""
    link = links[k]
    own = getattr(link, chain)
    if len(own) != k or any(a is not b for a, b in zip(own, links, strict=False)):
        raise TypeError(f"{type(link).__name__}.{chain} is not a chain of the links before it")
    return dataclasses.replace(link, **{chain: ()})


def _optional_of(tp: Any) -> Any:
    present = [a for a in get_args(tp) if a is not _NONE]
    if len(present) != 1:
        raise TypeError(f"only `X | None` unions have a stored form, not {tp!r}")
    return present[0]


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@cache
def _has_default(field: dataclasses.Field[Any]) -> bool:
    return (
        field.default is not dataclasses.MISSING or field.default_factory is not dataclasses.MISSING
    )


def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    # The fields the constructor takes: a value is rebuilt through its own __init__ (and
    # __post_init__), so a stored text cannot make a value its checks would refuse.
    return tuple(f for f in dataclasses.fields(cls) if f.init)
