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
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, Union, get_args, get_origin

__all__ = ["decode", "encode"]

_NONE = type(None)


def encode(tp: Any, value: Any) -> Any:
    """`value`, declared as `tp`, as JSON-ready lists, dicts, strings, numbers and None."""
    return _encoder(tp)(value)


def decode(tp: Any, data: Any) -> Any:
    """The value of type `tp` that `encode(tp, value)` gave `data` for."""
    return _decoder(tp)(data)


# Each type's form is worked out once, from its hints, into a function of the value: a kept
# run (a few thousand values) is then read and written without asking the type again for
# every value it holds. A dataclass's fields are looked up at its first use, not when its
# function is made, so a type that holds itself (a chain of steps) does not recurse.

Codec = Callable[[Any], Any]


@cache
def _encoder(tp: Any) -> Codec:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        return _encoder(_optional_of(tp))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass_encoder(tp)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return _none_or(lambda value: value.value)
    if tp is datetime or tp is date:
        return _none_or(lambda value: value.isoformat())
    if tp in (bool, int, float, str):
        return _same  # as it is, None included
    args = get_args(tp)
    if origin is dict:
        key, item = _encoder(args[0]), _encoder(args[1])
        return _none_or(lambda value: [[key(k), item(v)] for k, v in value.items()])
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        one = _encoder(args[0])
        if one is _same:
            return _none_or(list)
        return _none_or(lambda value: [one(v) for v in value])
    if origin is tuple:
        each = [_encoder(a) for a in args]
        return _none_or(lambda value: [e(v) for e, v in zip(each, value, strict=True)])
    if origin is list:
        one = _encoder(args[0])
        return _none_or(lambda value: [one(v) for v in value])
    if origin is frozenset:  # sorted, so that one set always has one text
        one = _encoder(args[0])
        return _none_or(lambda value: sorted(one(v) for v in value))
    return _none_or(_no_form(tp))


def _dataclass_encoder(tp: type) -> Codec:
    chain = getattr(tp, "__stored_chain__", None)
    resolved: list[tuple[str, Codec]] | None = None

    def encoded(value: Any) -> Any:
        nonlocal resolved  # one assignment: two threads at once at worst both work it out
        if value is None:
            return None
        if resolved is None:
            hints = _hints(tp)
            resolved = [(f.name, _encoder(hints[f.name])) for f in _fields(tp) if f.name != chain]
        found = {
            name: getattr(value, name) if code is _same else code(getattr(value, name))
            for name, code in resolved
        }
        if chain is not None:
            # Each link's own chain is the links before it: stored once, flat, not nested
            # (nested, a chain of n links would be stored 2^n times over).
            links = getattr(value, chain)
            found[chain] = [encoded(_unchained(links, k, chain)) for k in range(len(links))]
        return found

    return encoded


@cache
def _decoder(tp: Any) -> Codec:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        return _decoder(_optional_of(tp))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass_decoder(tp)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return _none_or(tp)
    if tp in _AS_STORED:
        return _same
    scalar = _SCALARS.get(tp)
    if scalar is not None:
        return _none_or(scalar)
    args = get_args(tp)
    if origin is dict:
        key, item = _decoder(args[0]), _decoder(args[1])
        return _none_or(lambda data: {key(k): item(v) for k, v in data})
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        one = _decoder(args[0])
        if one is _same:
            return _none_or(tuple)
        return _none_or(lambda data: tuple(one(d) for d in data))
    if origin is tuple:
        each = [_decoder(a) for a in args]
        return _none_or(lambda data: tuple(e(d) for e, d in zip(each, data, strict=True)))
    if origin is list:
        one = _decoder(args[0])
        return _none_or(lambda data: [one(d) for d in data])
    if origin is frozenset:
        one = _decoder(args[0])
        return _none_or(lambda data: frozenset(one(d) for d in data))
    return _none_or(_no_form(tp))


def _dataclass_decoder(tp: type) -> Codec:
    chain = getattr(tp, "__stored_chain__", None)
    resolved: list[tuple[str, Codec, bool]] | None = None

    def decoded(data: Any) -> Any:
        nonlocal resolved
        if data is None:
            return None
        if resolved is None:
            hints = _hints(tp)
            resolved = [
                (f.name, _decoder(hints[f.name]), _has_default(f))
                for f in _fields(tp)
                if f.name != chain
            ]
        # A field the stored form lacks takes its declared default: a state kept by an
        # earlier Anklet, before the field was added (a record's version), still reads.
        values = {
            name: data[name] if code is _same else code(data[name])
            for name, code, default in resolved
            if name in data or not default
        }
        if chain is not None:
            links: list[Any] = []
            for link in data[chain]:
                links.append(dataclasses.replace(decoded(link), **{chain: tuple(links)}))
            values[chain] = tuple(links)
        return tp(**values)

    return decoded


def _same(value: Any) -> Any:
    """A value whose stored form is itself (None included): the dataclass codecs take it as
    it is without calling this, which a kept run's thousands of values make worth it."""
    return value


def _none_or(code: Codec) -> Codec:
    """None is stored as None, whatever the type declared."""
    return lambda value: None if value is None else code(value)


def _no_form(tp: Any) -> Codec:
    def refused(_value: Any) -> Any:
        raise TypeError(f"no stored form for {tp!r}")

    return refused


# JSON keeps bools, ints and strings as they are; a float may come back as an int (2.0 → 2).
_AS_STORED = (bool, int, str)
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
