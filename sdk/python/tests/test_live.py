"""Every method of the SDK against a running NovAI (NOVAI_BASE_URL, NOVAI_API_KEY, NOVAI_ADMIN_TOKEN).

Run by the build (the sdk module's SdkLiveTest, against NovaiCluster): ``PYTHONPATH=sdk/python python3 -m unittest
discover -s sdk/python/tests -v``. Without NOVAI_BASE_URL these tests are skipped.
"""
from __future__ import annotations

import datetime
import os
import time
import unittest

import novai
from novai import models

CHAT_MODEL = "novai-echo"
EMBEDDING_MODEL = "all-minilm-l6-v2"
HELLO = [{"role": "user", "content": "hello"}]


@unittest.skipUnless(os.environ.get("NOVAI_BASE_URL"), "needs a running NovAI (NOVAI_BASE_URL)")
class LiveTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls) -> None:
        cls.client = novai.NovAI(max_retries=0, timeout=20)

    def test_models_list(self) -> None:
        listed = self.client.models.list()
        self.assertIsInstance(listed, models.ListModelsResponse)
        ids = [model.id for model in listed.data]
        self.assertIn(CHAT_MODEL, ids)
        self.assertIsInstance(listed.data[0], models.Model)
        self.assertEqual(self.client.models.retrieve(CHAT_MODEL).id, CHAT_MODEL)

    def test_chat_completion(self) -> None:
        reply = self.client.chat.completions.create(model=CHAT_MODEL, messages=HELLO, max_completion_tokens=32)
        self.assertIsInstance(reply, models.CreateChatCompletionResponse)
        self.assertEqual(reply.object, "chat.completion")
        self.assertIsInstance(reply.choices[0], models.CreateChatCompletionResponseChoicesInner)
        self.assertTrue(reply.choices[0].message.content)
        self.assertIsInstance(reply.usage, models.CompletionUsage)
        self.assertGreater(reply.usage.total_tokens, 0)
        self.assertTrue(reply._response.request_id, "no x-request-id on the answer")

    def test_chat_stream_to_done(self) -> None:
        with self.client.chat.completions.create(model=CHAT_MODEL, messages=HELLO, stream=True,
                                                 stream_options={"include_usage": True}) as stream:
            self.assertIsInstance(stream, novai.Stream)
            self.assertTrue(stream.request_id)
            chunks = list(stream)
        self.assertTrue(chunks, "no chunk before [DONE]")
        for chunk in chunks:
            self.assertIsInstance(chunk, models.CreateChatCompletionStreamResponse)
            self.assertEqual(chunk.object, "chat.completion.chunk")
        text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        self.assertTrue(text, "the stream carried no text")
        self.assertEqual([c for c in chunks if c.choices and c.choices[0].finish_reason][-1]
                         .choices[0].finish_reason, "stop")
        self.assertIsInstance(chunks[-1].usage, models.CompletionUsage, "no usage chunk with include_usage")

    def test_embeddings(self) -> None:
        result = self.client.embeddings.create(model=EMBEDDING_MODEL, input=["a", "b"], encoding_format="float")
        self.assertIsInstance(result, models.CreateEmbeddingResponse)
        self.assertEqual([e.index for e in result.data], [0, 1])
        self.assertIsInstance(result.data[0], models.Embedding)
        self.assertEqual(len(result.data[0].embedding), 384)
        self.assertIsInstance(result.data[0].embedding[0], float)

    def test_usage_retrieve(self) -> None:
        self.client.chat.completions.create(model=CHAT_MODEL, messages=HELLO)
        today = datetime.datetime.now(datetime.timezone.utc).date()
        usage = self.client.usage.retrieve(start_date=today - datetime.timedelta(days=1), end_date=today)
        self.assertIsInstance(usage, models.UsageResponse)
        self.assertEqual(usage.end_date, today.isoformat())
        self.assertIsInstance(usage.total_cost_usd, float)
        for record in usage.data:
            self.assertIsInstance(record, models.UsageRecord)
        with self.assertRaises(novai.BadRequestError) as refused:
            self.client.usage.retrieve(start_date=today, end_date=today - datetime.timedelta(days=1))
        self.assertEqual(refused.exception.code, "invalid_value")

    def test_batches_create_retrieve(self) -> None:
        batch = self.client.batches.create(inputs=[
            {"model": CHAT_MODEL, "messages": [{"role": "user", "content": "one"}]},
            {"model": CHAT_MODEL, "messages": [{"role": "user", "content": "two"}]}])
        self.assertIsInstance(batch, models.InlineBatch)
        self.assertEqual(batch.total, 2)
        deadline = time.monotonic() + 30
        while batch.status not in ("completed", "failed", "expired", "cancelled") and time.monotonic() < deadline:
            time.sleep(0.2)
            batch = self.client.batches.retrieve(batch.id)
            self.assertIsInstance(batch, models.InlineBatch)
        self.assertEqual(batch.status, "completed")
        self.assertEqual([r.index for r in batch.results], [0, 1])
        self.assertIsInstance(batch.results[0].body, models.CreateChatCompletionResponse)
        with self.assertRaises(novai.NotFoundError):
            self.client.batches.retrieve("batch_doesnotexist")

    def test_admin_keys_create_list_revoke(self) -> None:
        created = self.client.admin.keys.create(name="python-sdk-admin", owner="sdk-tests", rpm_limit=100)
        self.assertIsInstance(created, models.AdminApiKeyCreated)
        self.assertTrue(created.key.startswith("sk-novai-"))
        self.assertEqual(created.rpm_limit, 100)
        listed = self.client.admin.keys.list(owner="sdk-tests")
        self.assertIsInstance(listed, models.AdminApiKeyList)
        self.assertIn(created.id, [k.id for k in listed.data])
        revoked = self.client.admin.keys.revoke(created.id)
        self.assertIsInstance(revoked, models.ApiKey)
        self.assertTrue(revoked.revoked)
        stranger = novai.NovAI(api_key=created.key, max_retries=0)
        with self.assertRaises(novai.AuthenticationError) as refused:
            stranger.models.list()
        self.assertEqual(refused.exception.status_code, 401)
        with self.assertRaises(novai.AuthenticationError):
            novai.NovAI(api_key=created.key, admin_token="not-the-admin-token").admin.keys.list()

    def test_unknown_model_is_a_typed_404(self) -> None:
        with self.assertRaises(novai.NotFoundError) as refused:
            self.client.chat.completions.create(model="no-such-model", messages=HELLO)
        error = refused.exception
        self.assertEqual(error.status_code, 404)
        self.assertIsInstance(error.error, models.Error)
        self.assertEqual(error.code, "model_not_found")
        self.assertEqual(error.type, "invalid_request_error")
        self.assertTrue(error.request_id, "no x-request-id on the error")
        self.assertIn("no-such-model", error.message)

    def test_rate_limited_key(self) -> None:
        created = self.client.admin.keys.create(name="python-sdk-rpm-1", rpm_limit=1)
        limited = novai.NovAI(api_key=created.key).with_options(max_retries=0)
        first = limited.chat.completions.create(model=CHAT_MODEL, messages=HELLO)
        self.assertEqual(first._response.rate_limit.limit_requests, 1)
        with self.assertRaises(novai.RateLimitError) as refused:
            limited.chat.completions.create(model=CHAT_MODEL, messages=HELLO)
        error = refused.exception
        self.assertEqual(error.status_code, 429)
        self.assertEqual(error.code, "rate_limit_exceeded")
        self.assertIsNotNone(error.retry_after)
        self.assertGreater(error.retry_after, 0)
        self.assertEqual(error.rate_limit.limit_requests, 1)
        self.assertEqual(error.rate_limit.remaining_requests, 0)
        self.assertTrue(error.rate_limit.reset_requests)
        self.assertTrue(error.request_id)


if __name__ == "__main__":
    unittest.main()
