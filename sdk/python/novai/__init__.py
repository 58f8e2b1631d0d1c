"""NovAI's Python SDK: typed access to NovAI's API, standard library only.

    from novai import NovAI
    client = NovAI()  # NOVAI_API_KEY, NOVAI_BASE_URL
    reply = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Hi"}])

The response types (``novai.models``) are generated from NovAI's OpenAPI spec.
"""
from . import models
from ._client import DEFAULT_BASE_URL, NovAI, __version__
from ._errors import (APIConnectionError, APIStatusError, APIStreamError, APITimeoutError, AuthenticationError,
                      BadRequestError, ConflictError, InternalServerError, NotFoundError, NovAIError,
                      PermissionDeniedError, RateLimitError, UnprocessableEntityError)
from ._response import RateLimit, ResponseInfo
from ._streaming import Stream

__all__ = ["NovAI", "models", "Stream", "RateLimit", "ResponseInfo", "NovAIError", "APIConnectionError",
           "APITimeoutError", "APIStatusError", "APIStreamError", "BadRequestError", "AuthenticationError",
           "PermissionDeniedError", "NotFoundError", "ConflictError", "UnprocessableEntityError", "RateLimitError",
           "InternalServerError", "DEFAULT_BASE_URL", "__version__"]
