"""The exceptions the client raises: one per kind of failure, each carrying what the server said."""
from __future__ import annotations

from typing import Any, Mapping, Optional

from .models import Error
from ._response import RateLimit


class NovAIError(Exception):
    """Base of every error this SDK raises."""


class APIConnectionError(NovAIError):
    """The request did not get an HTTP answer (connection refused or reset, DNS, TLS)."""

    def __init__(self, message: str = "Connection error.") -> None:
        super().__init__(message)


class APITimeoutError(APIConnectionError):
    """No (complete) answer within the client's timeout."""

    def __init__(self, message: str = "Request timed out.") -> None:
        super().__init__(message)


class APIStatusError(NovAIError):
    """An HTTP error answer. ``error`` is OpenAI's error object (``message``, ``type``, ``param``, ``code``)."""

    def __init__(self, message: str, *, status_code: int, headers: Mapping[str, str], body: Any,
                 error: Optional[Error]) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.headers = headers
        self.body = body
        self.error = error
        self.request_id: Optional[str] = headers.get("x-request-id")
        self.code = error.code if error else None
        self.type = error.type if error else None
        self.param = error.param if error else None

    def __str__(self) -> str:
        return f"Error code: {self.status_code} - {self.message} (request {self.request_id})"


class BadRequestError(APIStatusError):
    """400: the request is invalid (unknown parameter, bad value, malformed JSON)."""


class AuthenticationError(APIStatusError):
    """401: missing, unknown, revoked or expired API key (or admin token)."""


class PermissionDeniedError(APIStatusError):
    """403: the credentials are valid but may not do this (e.g. an API key on /admin)."""


class NotFoundError(APIStatusError):
    """404: no such model, file, batch or key (for this caller)."""


class ConflictError(APIStatusError):
    """409: the resource is not in a state that allows this (e.g. updating a revoked key)."""


class UnprocessableEntityError(APIStatusError):
    """422."""


class RateLimitError(APIStatusError):
    """429: the key's RPM/TPM limit (``code == "rate_limit_exceeded"``) or budget (``"insufficient_quota"``).

    ``retry_after`` is the delay the server asked for, in seconds (from ``Retry-After-Ms``, else
    ``Retry-After``); ``rate_limit`` holds the ``x-ratelimit-*`` headers.
    """

    def __init__(self, message: str, *, status_code: int, headers: Mapping[str, str], body: Any,
                 error: Optional[Error]) -> None:
        super().__init__(message, status_code=status_code, headers=headers, body=body, error=error)
        self.rate_limit = RateLimit.from_headers(headers)
        self.retry_after: Optional[float] = retry_after_seconds(headers)


class InternalServerError(APIStatusError):
    """5xx: the gateway or a provider failed."""


class APIStreamError(NovAIError):
    """An ``error`` event in the middle of a stream (after the 200 was sent)."""

    def __init__(self, error: Optional[Error], body: Any, request_id: Optional[str]) -> None:
        super().__init__(error.message if error else str(body))
        self.error = error
        self.body = body
        self.request_id = request_id
        self.code = error.code if error else None


_BY_STATUS = {400: BadRequestError, 401: AuthenticationError, 403: PermissionDeniedError, 404: NotFoundError,
              409: ConflictError, 422: UnprocessableEntityError, 429: RateLimitError}


def status_error(status_code: int, headers: Mapping[str, str], body: Any, error: Optional[Error]) -> APIStatusError:
    cls = _BY_STATUS.get(status_code) or (InternalServerError if status_code >= 500 else APIStatusError)
    message = error.message if error and error.message else f"HTTP {status_code}"
    return cls(message, status_code=status_code, headers=headers, body=body, error=error)


def retry_after_seconds(headers: Mapping[str, str]) -> Optional[float]:
    """``Retry-After-Ms`` (preferred, as the OpenAI SDKs do), else ``Retry-After`` (seconds or an HTTP date)."""
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        from email.utils import parsedate_to_datetime
        import time
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return None
