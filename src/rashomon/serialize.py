"""Extractions to JSON and back, exactly.

`dumps(extraction)` writes every field of an `Extraction` (internal ones too) as JSON;
`loads(text)` gives back an equal `Extraction`: tuples stay tuples, frozensets frozensets, an
int stays an int and a float a float (JSON writes them differently), infinities survive. The
codec is generic over the frozen dataclasses of `rashomon.model`, read through their type
hints, so a field added to the model needs nothing here.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import cache
from typing import Any, Literal, TypeVar, Union

import rashomon.model as model
from rashomon.errors import RashomonError
from rashomon.model import EXTRACTION_VERSION, Extraction, field_names

_T = TypeVar("_T")


class StaleExtraction(RashomonError):
    """A stored extraction made by another version of the extractors: recompute it."""


def to_jsonable(value: Any) -> Any:
    """`value` (a model object) as plain JSON values, every field kept."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    names = field_names(kind)
    if names is not None:  # a plain field value is kept without a call (most of them)
        return {
            name: item if type(item) in _PLAIN else to_jsonable(item)
            for name in names
            for item in (getattr(value, name),)
        }
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return sorted(to_jsonable(v) for v in value)
    if isinstance(value, list | tuple):
        return [item if type(item) in _PLAIN else to_jsonable(item) for item in value]
    return value


# the types `to_jsonable` gives back as they are (the common case: checked first)
_PLAIN = frozenset({str, int, float, bool, type(None)})


def from_jsonable(kind: Any, data: Any) -> Any:
    """Rebuild a value of type `kind` (a model class or a type hint) from `to_jsonable`'s output."""
    if data is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (Union, types.UnionType):
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        if len(options) == 1:
            return from_jsonable(options[0], data)
        return data  # a union of plain values (str | int) decodes as JSON gave it
    if origin is tuple:
        item = typing.get_args(kind)[0]
        return tuple(from_jsonable(item, v) for v in data)
    if origin is frozenset:
        item = typing.get_args(kind)[0]
        return frozenset(from_jsonable(item, v) for v in data)
    if origin is list:
        item = typing.get_args(kind)[0]
        return [from_jsonable(item, v) for v in data]
    if origin is dict:
        value_kind = typing.get_args(kind)[1]
        return {k: from_jsonable(value_kind, v) for k, v in data.items()}
    if origin is Literal or kind is Any:
        return data
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        hints = _hints(kind)
        return kind(**{name: from_jsonable(hints[name], v) for name, v in data.items()})
    return data


@cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind, vars(model))


def dumps(extraction: Extraction) -> str:
    """One extraction as a JSON text (compact, keys in field order)."""
    return json.dumps(to_jsonable(extraction), ensure_ascii=False, separators=(",", ":"))


def loads(text: str | bytes, *, check_version: bool = True) -> Extraction:
    """The extraction `dumps` wrote; `StaleExtraction` when another extractor version made it."""
    data = json.loads(text)
    version = data.get("version")
    if check_version and version != EXTRACTION_VERSION:
        raise StaleExtraction(
            f"[E_STALE] extraction of {data.get('article', {}).get('id')!r} has version "
            f"{version}, this rashomon writes {EXTRACTION_VERSION}: extract the article again"
        )
    extraction: Extraction = from_jsonable(Extraction, data)
    return extraction
