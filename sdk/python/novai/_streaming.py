"""Server-sent events of a chat completion stream, as typed chunks."""
from __future__ import annotations

import json
from typing import Any, Callable, Iterator, Optional

from ._errors import APIStreamError
from ._response import ResponseInfo
from . import _serde
from .models import CreateChatCompletionStreamResponse, Error


def sse_events(lines: Iterator[bytes]) -> Iterator[tuple[Optional[str], str]]:
    """(event, data) per event: ``:`` comments (keep-alives, tool rounds) skipped, ``data:`` lines joined."""
    event: Optional[str] = None
    data: list[str] = []
    for raw in lines:
        line = raw.decode("utf-8").rstrip("\r\n")
        if not line:
            if data:
                yield event, "\n".join(data)
            event, data = None, []
        elif line.startswith(":"):
            continue
        else:
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "data":
                data.append(value)
            elif name == "event":
                event = value
    if data:
        yield event, "\n".join(data)


class Stream(Iterator[CreateChatCompletionStreamResponse]):
    """Iterates the chunks of a streamed chat completion until ``data: [DONE]``; an ``error`` event raises
    :class:`APIStreamError`. Use it in a ``with`` block (or read it to the end) so the connection is closed.
    """

    def __init__(self, response: Any, info: ResponseInfo, on_close: Callable[[], None]) -> None:
        self.response = info
        self._events = sse_events(iter(response.readline, b""))
        self._close = on_close
        self._done = False

    @property
    def request_id(self) -> Optional[str]:
        return self.response.request_id

    def __iter__(self) -> "Stream":
        return self

    def __next__(self) -> CreateChatCompletionStreamResponse:
        if self._done:
            raise StopIteration
        try:
            for event, data in self._events:
                if data == "[DONE]":
                    break
                payload = json.loads(data)
                if event == "error" or (isinstance(payload, dict) and "error" in payload):
                    error = _serde.decode(Error, payload.get("error") if isinstance(payload, dict) else None)
                    raise APIStreamError(error, payload, self.request_id)
                return _serde.decode(CreateChatCompletionStreamResponse, payload)
        except BaseException:
            self.close()
            raise
        self.close()
        raise StopIteration

    def close(self) -> None:
        if not self._done:
            self._done = True
            self._close()

    def __enter__(self) -> "Stream":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
