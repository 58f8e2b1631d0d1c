"""JSON to the generated dataclasses (novai.models) and back, by their type hints.

Unknown keys are ignored and values are not validated beyond what it takes to pick a member of a union, so
that a server that adds a field or an enum value does not break older clients.
"""
from __future__ import annotations

import dataclasses
import functools
import typing
from typing import Any, Literal, Union

from . import models

_NONE_TYPE = type(None)


@functools.lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(models._models))


def _json_name(field: dataclasses.Field) -> str:
    return field.metadata.get("json", field.name)


def decode(tp: Any, value: Any) -> Any:
    """``value`` (parsed JSON) as an instance of ``tp`` (a generated class, alias or typing expression)."""
    if value is None or tp is Any:
        return value
    origin = typing.get_origin(tp)
    if origin is Union:
        member = _pick(typing.get_args(tp), value)
        return value if member is None else decode(member, value)
    if origin is Literal:
        return value
    if origin is list:
        (item,) = typing.get_args(tp)
        return [decode(item, v) for v in value] if isinstance(value, list) else value
    if origin is dict:
        _, item = typing.get_args(tp)
        return {k: decode(item, v) for k, v in value.items()} if isinstance(value, dict) else value
    if dataclasses.is_dataclass(tp) and isinstance(value, dict):
        hints = _hints(tp)
        kwargs = {}
        for field in dataclasses.fields(tp):
            name = _json_name(field)
            if name in value:
                kwargs[field.name] = decode(hints[field.name], value[name])
            elif field.default is dataclasses.MISSING:
                kwargs[field.name] = None  # a required key the server left out: None rather than a crash
        return tp(**kwargs)
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _matches(tp: Any, value: Any) -> bool:
    origin = typing.get_origin(tp)
    if tp is Any:
        return True
    if tp is _NONE_TYPE:
        return value is None
    if origin is Union:
        return _pick(typing.get_args(tp), value) is not None
    if origin is Literal:
        return value in typing.get_args(tp)
    if origin is list:
        (item,) = typing.get_args(tp)
        return isinstance(value, list) and all(_matches(item, v) for v in value[:1])
    if origin is dict:
        return isinstance(value, dict)
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            return False
        hints = _hints(tp)
        for field in dataclasses.fields(tp):
            name = _json_name(field)
            # required keys present, and constant fields (object: "batch.inline", type: "text") equal
            if field.default is dataclasses.MISSING and name not in value:
                return False
            if typing.get_origin(hints[field.name]) is Literal and name in value \
                    and not _matches(hints[field.name], value[name]):
                return False
        return True
    if tp is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if tp is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, tp)


def _pick(members: tuple, value: Any) -> Any:
    for member in members:
        if member is not _NONE_TYPE and _matches(member, value):
            return member
    return None


def encode(value: Any) -> Any:
    """A request value as JSON: dataclasses become objects without their unset (None) optional fields."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for field in dataclasses.fields(value):
            item = getattr(value, field.name)
            if item is None and field.default is not dataclasses.MISSING:
                continue
            out[_json_name(field)] = encode(item)
        return out
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    return value
