"""The SDK's parts that need no server: SSE framing, decoding into the generated types, retries."""
from __future__ import annotations

import http.server
import json
import threading
import unittest

import novai
from novai import models
from novai._serde import decode, encode
from novai._streaming import sse_events


class SseTest(unittest.TestCase):

    def test_comments_are_skipped_and_data_lines_joined(self) -> None:
        lines = [b": keep-alive\n", b"data: {\"a\":\n", b"data: 1}\n", b"\n", b": novai tool_call x\n",
                 b"event: error\n", b"data: {}\n", b"\n", b"data: [DONE]\n", b"\n"]
        self.assertEqual(list(sse_events(iter(lines))),
                         [(None, '{"a":\n1}'), ("error", "{}"), (None, "[DONE]")])


class DecodeTest(unittest.TestCase):

    def test_union_members_are_told_apart_by_their_constants(self) -> None:
        inline = {"id": "batch_1", "object": "batch.inline", "status": "pending", "total": 1, "completed": 0,
                  "failed": 0, "created_at": 1, "expires_at": 2}
        self.assertIsInstance(decode(models.RetrievedBatch, inline), models.InlineBatch)

    def test_unknown_keys_are_ignored_and_ints_become_floats(self) -> None:
        usage = decode(models.UsageResponse, {"object": "list", "start_date": "2026-01-01", "end_date": "2026-01-01",
                                              "group_by": ["day"], "data": [], "total_cost_usd": 0, "new": 1})
        self.assertEqual(usage.total_cost_usd, 0.0)
        self.assertIsInstance(usage.total_cost_usd, float)

    def test_encode_drops_unset_optionals(self) -> None:
        message = models.ChatCompletionRequestUserMessage(role="user", content="hi")
        self.assertEqual(encode(message), {"role": "user", "content": "hi"})


class _Server(http.server.BaseHTTPRequestHandler):
    answers: list = []
    seen: list = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        status, headers, body = self.answers.pop(0)
        self.seen.append(self.headers.get("Authorization"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        data = json.dumps(body).encode()
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


class RetryTest(unittest.TestCase):

    def setUp(self) -> None:
        self.server = http.server.HTTPServer(("127.0.0.1", 0), _Server)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base_url = f"http://127.0.0.1:{self.server.server_port}/v1"
        _Server.seen = []

    def tearDown(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def error(self, status: int, code: str, **headers: str):
        return status, {"x-request-id": f"req_{status}", **headers}, \
            {"error": {"message": code, "type": "requests", "param": None, "code": code}}

    def test_429_then_503_are_retried_after_what_the_server_asked(self) -> None:
        _Server.answers = [self.error(429, "rate_limit_exceeded", **{"Retry-After-Ms": "50", "Retry-After": "1"}),
                           self.error(503, "provider_unavailable", **{"Retry-After": "0"}),
                           (200, {}, {"object": "list", "data": []})]
        listed = novai.NovAI(api_key="k", base_url=self.base_url, max_retries=2).models.list()
        self.assertEqual(listed.data, [])
        self.assertEqual(len(_Server.seen), 3)
        self.assertEqual(_Server.seen[0], "Bearer k")

    def test_attempts_are_bounded(self) -> None:
        _Server.answers = [self.error(500, "server_error", **{"Retry-After": "0"}) for _ in range(3)]
        with self.assertRaises(novai.InternalServerError) as failed:
            novai.NovAI(api_key="k", base_url=self.base_url, max_retries=1).models.list()
        self.assertEqual(len(_Server.seen), 2)
        self.assertEqual(failed.exception.request_id, "req_500")

    def test_a_400_is_not_retried(self) -> None:
        _Server.answers = [self.error(400, "invalid_value")]
        with self.assertRaises(novai.BadRequestError):
            novai.NovAI(api_key="k", base_url=self.base_url, max_retries=3).models.list()
        self.assertEqual(len(_Server.seen), 1)

    def test_a_timeout_is_typed(self) -> None:
        import socket
        silent = socket.socket()
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        try:
            client = novai.NovAI(api_key="k", base_url=f"http://127.0.0.1:{silent.getsockname()[1]}/v1",
                                 timeout=0.2, max_retries=0)
            with self.assertRaises(novai.APITimeoutError):
                client.models.list()
        finally:
            silent.close()

    def test_the_key_comes_from_the_environment(self) -> None:
        import os
        from unittest import mock
        with mock.patch.dict(os.environ, {"NOVAI_API_KEY": "from-env", "NOVAI_BASE_URL": self.base_url}):
            _Server.answers = [(200, {}, {"object": "list", "data": []})]
            novai.NovAI().models.list()
        self.assertEqual(_Server.seen, ["Bearer from-env"])


if __name__ == "__main__":
    unittest.main()
