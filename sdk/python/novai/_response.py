"""What an answer says besides its body: the request id and the key's rate limits."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional


def _int(headers: Mapping[str, str], name: str) -> Optional[int]:
    value = headers.get(name)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


@dataclass(frozen=True)
class RateLimit:
    """The ``x-ratelimit-*`` headers; ``None`` for a limit the key does not have."""
    limit_requests: Optional[int] = None
    remaining_requests: Optional[int] = None
    reset_requests: Optional[str] = None
    limit_tokens: Optional[int] = None
    remaining_tokens: Optional[int] = None
    reset_tokens: Optional[str] = None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> "RateLimit":
        return cls(limit_requests=_int(headers, "x-ratelimit-limit-requests"),
                   remaining_requests=_int(headers, "x-ratelimit-remaining-requests"),
                   reset_requests=headers.get("x-ratelimit-reset-requests"),
                   limit_tokens=_int(headers, "x-ratelimit-limit-tokens"),
                   remaining_tokens=_int(headers, "x-ratelimit-remaining-tokens"),
                   reset_tokens=headers.get("x-ratelimit-reset-tokens"))


@dataclass(frozen=True)
class ResponseInfo:
    """Attached to every returned object as ``._response``: the status, headers, request id and rate limits."""
    status_code: int
    headers: Mapping[str, str]

    @property
    def request_id(self) -> Optional[str]:
        return self.headers.get("x-request-id")

    @property
    def rate_limit(self) -> RateLimit:
        return RateLimit.from_headers(self.headers)
