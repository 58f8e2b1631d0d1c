"""The NovAI client: one HTTP transport (auth, retries, timeouts, typed errors) and the API's resources."""
from __future__ import annotations

import datetime
import json
import os
import random
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

from . import _serde
from ._errors import APIConnectionError, APIStatusError, APITimeoutError, NovAIError, retry_after_seconds, \
    status_error
from ._response import ResponseInfo
from ._streaming import Stream
from .models import (AdminApiKeyCreated, AdminApiKeyList, ApiKey, CreateChatCompletionResponse,
                     CreateEmbeddingResponse, Error, ListModelsResponse, Model, RetrievedBatch,
                     UsageResponse)

__version__ = "1.0.0"
DEFAULT_BASE_URL = "http://127.0.0.1:8080/v1"
DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_RETRIES = 2
# what the OpenAI SDKs retry: timeouts, lock conflicts, rate limits, server errors
RETRYABLE_STATUS = frozenset({408, 409, 429}) | frozenset(range(500, 600))
MAX_RETRY_DELAY = 60.0  # a longer Retry-After (a spent budget) is not waited for: the error is raised
_OMIT = object()


class NovAI:
    """A client of NovAI's API.

    ``api_key`` defaults to ``$NOVAI_API_KEY``, ``admin_token`` (for ``admin.keys``) to ``$NOVAI_ADMIN_TOKEN``,
    ``base_url`` to ``$NOVAI_BASE_URL`` (else ``http://127.0.0.1:8080/v1``). Failed requests are retried
    ``max_retries`` times on connection errors, 408, 409, 429 and 5xx, waiting what ``Retry-After-Ms`` /
    ``Retry-After`` say, else an exponential backoff. ``timeout`` (seconds) bounds each attempt.
    """

    def __init__(self, *, api_key: Optional[str] = None, admin_token: Optional[str] = None,
                 base_url: Optional[str] = None, timeout: float = DEFAULT_TIMEOUT,
                 max_retries: int = DEFAULT_MAX_RETRIES, default_headers: Optional[Mapping[str, str]] = None) -> None:
        self.api_key = api_key if api_key is not None else os.environ.get("NOVAI_API_KEY")
        self.admin_token = admin_token if admin_token is not None else os.environ.get("NOVAI_ADMIN_TOKEN")
        if not self.api_key and not self.admin_token:
            raise NovAIError("No API key: pass api_key=... or set NOVAI_API_KEY.")
        self.base_url = (base_url or os.environ.get("NOVAI_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self.default_headers = dict(default_headers or {})
        self.chat = Chat(self)
        self.embeddings = Embeddings(self)
        self.models = Models(self)
        self.usage = Usage(self)
        self.batches = Batches(self)
        self.admin = Admin(self)

    def with_options(self, *, timeout: Optional[float] = None, max_retries: Optional[int] = None) -> "NovAI":
        """A copy of this client with other retry or timeout settings, e.g. ``client.with_options(max_retries=0)``."""
        return NovAI(api_key=self.api_key, admin_token=self.admin_token, base_url=self.base_url,
                     timeout=self.timeout if timeout is None else timeout,
                     max_retries=self.max_retries if max_retries is None else max_retries,
                     default_headers=self.default_headers)

    # --- transport -----------------------------------------------------------------------------------

    def request(self, method: str, path: str, *, body: Any = None, query: Optional[Mapping[str, Any]] = None,
                admin: bool = False, stream: bool = False, cast: Any = None) -> Any:
        """Sends one request (retrying as configured); returns ``cast`` decoded from the body, or a Stream."""
        url = self.base_url + path
        params = {k: _query_value(v) for k, v in (query or {}).items() if v is not None}
        if params:
            url += "?" + urllib.parse.urlencode(params)
        data = json.dumps(_serde.encode(body)).encode("utf-8") if body is not None else None
        headers = {"Accept": "text/event-stream" if stream else "application/json",
                   "User-Agent": f"novai-python/{__version__}", **self.default_headers}
        token = self.admin_token if admin else self.api_key
        if not token:
            raise NovAIError("No admin token: pass admin_token=... or set NOVAI_ADMIN_TOKEN." if admin
                             else "No API key: pass api_key=... or set NOVAI_API_KEY.")
        headers["Authorization"] = f"Bearer {token}"
        if data is not None:
            headers["Content-Type"] = "application/json"

        attempt = 0
        while True:
            try:
                response = urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers,
                                                                         method=method), timeout=self.timeout)
            except urllib.error.HTTPError as failure:
                with failure:
                    error = self._status_error(failure.code, _headers(failure.headers), failure.read())
                if attempt < self.max_retries and failure.code in RETRYABLE_STATUS:
                    delay = self._retry_delay(attempt, error.headers)
                    if delay is not None:
                        attempt += 1
                        time.sleep(delay)
                        continue
                raise error from None
            except (TimeoutError, socket.timeout, urllib.error.URLError, ConnectionError, OSError) as failure:
                timed_out = _is_timeout(failure)
                if attempt < self.max_retries:
                    time.sleep(self._retry_delay(attempt, {}) or 0)
                    attempt += 1
                    continue
                raise (APITimeoutError() if timed_out else APIConnectionError(f"Connection error: {failure}")) \
                    from failure
            info = ResponseInfo(response.status, _headers(response.headers))
            if stream:
                return Stream(response, info, response.close)
            try:
                with response:
                    payload = json.loads(response.read() or b"null")
            except (TimeoutError, socket.timeout) as failure:
                raise APITimeoutError() from failure
            result = _serde.decode(cast, payload) if cast is not None else payload
            _attach(result, info)
            return result

    @staticmethod
    def _status_error(status: int, headers: Dict[str, str], raw: bytes) -> APIStatusError:
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        error = _serde.decode(Error, body.get("error")) if isinstance(body, dict) and \
            isinstance(body.get("error"), dict) else None
        return status_error(status, headers, body, error)

    @staticmethod
    def _retry_delay(attempt: int, headers: Mapping[str, str]) -> Optional[float]:
        """Seconds to wait before the next attempt; None when the server asks for longer than is worth waiting."""
        asked = retry_after_seconds(headers)
        if asked is not None:
            return asked if asked <= MAX_RETRY_DELAY else None
        backoff = min(0.5 * 2 ** attempt, 8.0)
        return backoff * (1 - 0.25 * random.random())


def _headers(message: Any) -> Dict[str, str]:
    return {name.lower(): value for name, value in message.items()} if message is not None else {}


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (list, tuple)):
        return ",".join(_query_value(v) for v in value)
    return str(value)


def _is_timeout(failure: BaseException) -> bool:
    reason = getattr(failure, "reason", failure)
    return isinstance(failure, (TimeoutError, socket.timeout)) or isinstance(reason, (TimeoutError, socket.timeout))


def _attach(result: Any, info: ResponseInfo) -> None:
    """Every returned object carries ``._response`` (status, headers, ``request_id``, ``rate_limit``)."""
    if hasattr(result, "__dataclass_fields__"):
        object.__setattr__(result, "_response", info)


def _body(**fields: Any) -> Dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not _OMIT}


# --- resources -----------------------------------------------------------------------------------------


class _Resource:
    def __init__(self, client: NovAI) -> None:
        self._client = client


class Completions(_Resource):
    def create(self, *, model: str, messages: Sequence[Any], stream: bool = False,
               **params: Any) -> Union[CreateChatCompletionResponse, Stream]:
        """``POST /chat/completions``. With ``stream=True`` a :class:`Stream` of typed chunks.

        ``messages`` are dicts or ``novai.models`` message classes; every other request field
        (``max_completion_tokens``, ``temperature``, ``tools``, ``stream_options``, ...) is a keyword argument.
        """
        body = {"model": model, "messages": list(messages), **params}
        if stream:
            body["stream"] = True
        return self._client.request("POST", "/chat/completions", body=body, stream=stream,
                                    cast=CreateChatCompletionResponse)


class Chat(_Resource):
    def __init__(self, client: NovAI) -> None:
        super().__init__(client)
        self.completions = Completions(client)


class Embeddings(_Resource):
    def create(self, *, model: str, input: Union[str, Sequence[str], Sequence[int], Sequence[Sequence[int]]],
               **params: Any) -> CreateEmbeddingResponse:
        """``POST /embeddings``; ``encoding_format``, ``dimensions``, ``user`` as keyword arguments."""
        return self._client.request("POST", "/embeddings", body={"model": model, "input": input, **params},
                                    cast=CreateEmbeddingResponse)


class Models(_Resource):
    def list(self) -> ListModelsResponse:
        """``GET /models``: the models the key may use."""
        return self._client.request("GET", "/models", cast=ListModelsResponse)

    def retrieve(self, model: str) -> Model:
        return self._client.request("GET", "/models/" + urllib.parse.quote(model, safe=""), cast=Model)


class Usage(_Resource):
    def retrieve(self, *, start_date: Union[str, datetime.date], end_date: Union[str, datetime.date],
                 group_by: Optional[Sequence[str]] = None, model: Optional[str] = None,
                 key_id: Optional[str] = None) -> UsageResponse:
        """``GET /usage``: tokens and cost of the calling key per day and/or model (dates inclusive, UTC)."""
        query = {"start_date": start_date, "end_date": end_date, "group_by": group_by, "model": model,
                 "key_id": key_id}
        return self._client.request("GET", "/usage", query=query, cast=UsageResponse)


class Batches(_Resource):
    def create(self, *, inputs: Optional[Sequence[Any]] = None, input_file_id: Optional[str] = None,
               completion_window: str = "24h", **params: Any) -> RetrievedBatch:
        """``POST /batches``: the inline form (``inputs``: chat completion bodies) answers an ``InlineBatch``,
        OpenAI's file form (``input_file_id``, ``endpoint``) a ``Batch``."""
        body: Dict[str, Any] = {"completion_window": completion_window, **params}
        if inputs is not None:
            body["inputs"] = list(inputs)
        if input_file_id is not None:
            body["input_file_id"] = input_file_id
        return self._client.request("POST", "/batches", body=body, cast=RetrievedBatch)

    def retrieve(self, batch_id: str) -> RetrievedBatch:
        """``GET /batches/{id}``: an ``InlineBatch`` (with ``results`` once ended) or a ``Batch``."""
        return self._client.request("GET", "/batches/" + urllib.parse.quote(batch_id, safe=""),
                                    cast=RetrievedBatch)


class Keys(_Resource):
    """``/admin/keys``: sent with the admin token."""

    def create(self, *, name: str, **params: Any) -> AdminApiKeyCreated:
        """Issues a key; ``owner``, ``tier``, ``rpm_limit``, ``tpm_limit``, ``budget_usd``, ``budget_period``,
        ``allowed_models``, ``allowed_tools``, ``expires_at`` as keyword arguments. The answer's ``key`` is the
        only copy of the secret."""
        return self._client.request("POST", "/admin/keys", body={"name": name, **params}, admin=True,
                                    cast=AdminApiKeyCreated)

    def list(self, *, after: Optional[str] = None, limit: Optional[int] = None, owner: Optional[str] = None,
             include_revoked: Optional[bool] = None) -> AdminApiKeyList:
        query = {"after": after, "limit": limit, "owner": owner, "include_revoked": include_revoked}
        return self._client.request("GET", "/admin/keys", query=query, admin=True, cast=AdminApiKeyList)

    def retrieve(self, key_id: str) -> ApiKey:
        return self._client.request("GET", "/admin/keys/" + urllib.parse.quote(key_id, safe=""), admin=True,
                                    cast=ApiKey)

    def update(self, key_id: str, **changes: Any) -> ApiKey:
        """Changes only the given fields; ``None`` clears a nullable one (e.g. ``rpm_limit=None``)."""
        return self._client.request("PATCH", "/admin/keys/" + urllib.parse.quote(key_id, safe=""), body=changes,
                                    admin=True, cast=ApiKey)

    def revoke(self, key_id: str) -> ApiKey:
        return self._client.request("DELETE", "/admin/keys/" + urllib.parse.quote(key_id, safe=""), admin=True,
                                    cast=ApiKey)


class Admin(_Resource):
    def __init__(self, client: NovAI) -> None:
        super().__init__(client)
        self.keys = Keys(client)
