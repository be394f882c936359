"""Typed values as JSON and back, exactly: the caches' format (generator/conversion/cache.py).

JSON, unlike pickle, cannot make its reader run code. The shape comes from the type, not
from the file: a frozen dataclass (Document, Block ...) is the list of its fields in order,
`tuple[str, ...]` a list made a tuple again, `set[str]` a sorted list. Values typed `Any`
(front matter and sidecars: whatever YAML made of them, dates, sets, binary, mappings
with number keys) carry a type tag where JSON has no exact form of their own, so they
come back equal and of the same type.

Supported: str, int, float, bool, None, `X | None`, tuple/list/set/dict of these,
frozen dataclasses, `Any` (see `_ANY_TAGS`), and bare `list`/`dict` for plain JSON data.
Anything else is a programmer error (TypeError) when the codec is made.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import json
import operator
import types
import typing
from functools import lru_cache
from typing import Any, Callable

Codec = Callable[[Any], Any] | None   # None: the value is its own JSON form
_SCALARS = (str, int, float, bool, type(None))


def dumps(value: Any, tp: Any) -> bytes:
    """`value` (of type `tp`) as UTF-8 JSON; lone surrogates in strings are kept."""
    data = value if (enc := encoder(tp)) is None else enc(value)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def loads(data: bytes, tp: Any) -> Any:
    """The value `dumps(value, tp)` wrote. Raises ValueError, TypeError, KeyError or
    IndexError when `data` is not of that shape."""
    value = json.loads(data.decode("utf-8", "surrogatepass"))
    return value if (dec := decoder(tp)) is None else dec(value)


@lru_cache(maxsize=None)
def encoder(tp: Any) -> Codec:
    return _codec(tp, encode=True)


@lru_cache(maxsize=None)
def decoder(tp: Any) -> Codec:
    return _codec(tp, encode=False)


def _codec(tp: Any, encode: bool) -> Codec:
    if tp in _SCALARS or tp in (list, dict):
        return None
    if tp is Any:
        return any_data if encode else any_value
    if dataclasses.is_dataclass(tp):
        return _dataclass_codec(tp, encode)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1:
            raise TypeError(f"no JSON form for {tp!r}: only `X | None` unions")
        codec = _codec(inner[0], encode)
        return None if codec is None else (lambda v: None if v is None else codec(v))
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        codec = _codec(args[0], encode)
        if encode:   # json writes a tuple as a list
            return None if codec is None else (lambda v: [codec(x) for x in v])
        return tuple if codec is None else (lambda v: tuple([codec(x) for x in v]))
    if origin is tuple:
        codecs = [_codec(a, encode) for a in args]
        if encode and all(c is None for c in codecs):
            return None
        made = list if encode else tuple
        return lambda v: made([x if c is None else c(x) for c, x in zip(codecs, v, strict=True)])
    if origin in (list, set, frozenset):
        codec = _codec(args[0], encode)
        if encode:
            items = (lambda v: v) if origin is list else (lambda v: sorted(v, key=_order))
            return (lambda v: list(items(v))) if codec is None else (lambda v: [codec(x) for x in items(v)])
        return (origin if origin is not list else None) if codec is None else (lambda v: origin(codec(x) for x in v))
    if origin is dict and args[0] is str:
        codec = _codec(args[1], encode)
        if not encode:
            return None if codec is None else (lambda v: {k: codec(x) for k, x in v.items()})
        return lambda v: {_str_key(k): x if codec is None else codec(x) for k, x in v.items()}
    raise TypeError(f"no JSON form for {tp!r}")


def _dataclass_codec(cls: type, encode: bool) -> Callable[[Any], Any]:
    """Fields in order; only those that need it converted. Decoding fills the instance as
    pickle does (no __init__, which a frozen dataclass makes slow: a third of the time)."""
    hints = typing.get_type_hints(cls)
    names = tuple(f.name for f in dataclasses.fields(cls))
    convert = [(i, c) for i, name in enumerate(names) if (c := _codec(hints[name], encode)) is not None]
    if encode:
        get = operator.attrgetter(*names)

        def encoded(obj: Any) -> list:
            values = list(get(obj)) if len(names) > 1 else [get(obj)]
            for i, c in convert:
                values[i] = c(values[i])
            return values
        return encoded
    plain = not hasattr(cls, "__post_init__") and not hasattr(cls, "__slots__")

    def decoded(data: list) -> Any:
        if len(data) != len(names):
            raise ValueError(f"{cls.__name__}: {len(data)} fields, expected {len(names)}")
        data = list(data)
        for i, c in convert:
            data[i] = c(data[i])
        if not plain:
            return cls(*data)
        obj = object.__new__(cls)
        obj.__dict__.update(zip(names, data))
        return obj
    return decoded


# `Any`: JSON's own scalars and lists stand for themselves; every other value is a JSON
# object with one key naming its type.
_ANY_TAGS = {
    dict: ("map", lambda v: [[any_data(k), any_data(x)] for k, x in v.items()],
           lambda d: {any_value(k): any_value(x) for k, x in d}),
    tuple: ("tuple", lambda v: [any_data(x) for x in v], lambda d: tuple(any_value(x) for x in d)),
    set: ("set", lambda v: [any_data(x) for x in sorted(v, key=_order)], lambda d: {any_value(x) for x in d}),
    frozenset: ("frozenset", lambda v: [any_data(x) for x in sorted(v, key=_order)],
                lambda d: frozenset(any_value(x) for x in d)),
    bytes: ("bytes", lambda v: base64.b64encode(v).decode("ascii"), base64.b64decode),
    datetime.datetime: ("datetime", datetime.datetime.isoformat, datetime.datetime.fromisoformat),
    datetime.date: ("date", datetime.date.isoformat, datetime.date.fromisoformat),
}
_FROM_TAG = {tag: decode for tag, _, decode in _ANY_TAGS.values()}


def any_data(value: Any) -> Any:
    """A value of any type YAML's safe loader makes, as JSON data (see `any_value`)."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        return [any_data(x) for x in value]
    if kind in _ANY_TAGS:
        tag, encode, _ = _ANY_TAGS[kind]
        return {tag: encode(value)}
    raise TypeError(f"no JSON form for a value of type {kind.__name__}")


def any_value(data: Any) -> Any:
    if type(data) is list:
        return [any_value(x) for x in data]
    if type(data) is dict:
        (tag, inner), = data.items()
        return _FROM_TAG[tag](inner)
    return data


def _str_key(key: Any) -> str:
    if type(key) is not str:   # json.dumps would quietly write 1 as "1"
        raise TypeError(f"no JSON form for a {type(key).__name__} key in a dict[str, ...]")
    return key


def _order(value: Any) -> tuple[str, str]:
    """A set's elements in an order that does not change between runs (str hashing does)."""
    return type(value).__name__, repr(value)
